// Resident-registry response shapes, as the web reads them: the TypeBox schemas in
// src/contracts/residents-api.ts that the server validates with, as `Static<>` types (type-only
// imports: no TypeBox in the bundle).
import type {
  DisabilityCategory,
  FlagStatus,
  HardshipKind,
  LeftBehindKind,
  LeftBehindReason,
  Relation,
  ResidenceStatus,
  Sex,
} from '../../../contracts/residents.ts';

export type { DisabilityCategory, FlagStatus, HardshipKind, LeftBehindKind, LeftBehindReason, Relation, ResidenceStatus, Sex };
export {
  DISABILITY_CATEGORIES,
  HARDSHIP_KINDS,
  LEFT_BEHIND_KINDS,
  PERSONAL_DATA_REVEALERS,
  REGISTRY_READERS,
  REGISTRY_WRITERS,
  RELATIONS,
  RESIDENCE_STATUSES,
  RESIDENTS_LIMITS,
  SEXES,
} from '../../../contracts/residents.ts';

export type {
  FlagSummary,
  Household,
  HouseholdDetail,
  ImportReport as PersonImportReport,
  LeftBehindFlag,
  Person,
  PersonDetail,
  PersonEvent,
  PersonFilter,
  Population,
  PopulationFigure,
} from '../../../contracts/residents-api.ts';
