// Resident-registry response shapes, as the web reads them. They mirror the server's TypeBox
// schemas (src/server/modules/residents/residents.schema.ts).
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

export interface FlagSummary {
  id: string;
  kind: LeftBehindKind;
  status: FlagStatus;
  applies: boolean;
  reason: string | null;
}

export interface Person {
  id: string;
  areaCode: string;
  areaName: string | null;
  householdId: string | null;
  name: string;
  sex: Sex;
  birthDate: string;
  age: number;
  idNumber: string | null;
  phone: string | null;
  residencePermitNumber: string | null;
  personalDataRevealed: boolean;
  ethnicity: string | null;
  relation: Relation;
  hukouAreaCode: string | null;
  residenceStatus: ResidenceStatus;
  awayTo: string | null;
  awaySince: string | null;
  migrantWorker: boolean;
  accompanyingFamily: boolean;
  disability: { category: DisabilityCategory; grade: number } | null;
  hardship: HardshipKind | null;
  livingAlone: boolean;
  notes: string | null;
  generated: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonDetail extends Person {
  /** The hukou area named from the province down; null without a hukou code or for an unknown one. */
  hukouAreaPath: string[] | null;
  leftBehind: FlagSummary[];
}

export interface Household {
  id: string;
  areaCode: string;
  areaName: string | null;
  number: string | null;
  address: string;
  hukou: boolean;
  headPersonId: string | null;
  headName: string | null;
  members: number;
  generated: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface HouseholdDetail extends Household {
  persons: Person[];
}

export interface PersonEvent {
  id: string;
  at: string;
  username: string | null;
  action: string;
  changes: Record<string, unknown>;
}

export interface LeftBehindFlag {
  id: string;
  areaCode: string;
  personId: string;
  householdId: string;
  personName: string | null;
  sex: Sex | null;
  birthDate: string | null;
  kind: LeftBehindKind;
  status: FlagStatus;
  applies: boolean;
  reason: LeftBehindReason | null;
  facts: unknown;
  previousStatus: FlagStatus | null;
  previousFacts: unknown;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface PersonFilter {
  area?: string;
  sex?: Sex;
  ageMin?: number;
  ageMax?: number;
  status?: ResidenceStatus;
  flag?: LeftBehindKind | 'livingAlone';
  q?: string;
}

export interface PopulationFigure {
  code: string;
  name: string;
  level: number;
  residentPopulation: number | null;
  source: 'registry' | 'statistics' | 'mixed' | null;
  communitiesFromRegistry: number;
  communitiesFromStatistics: number;
  communitiesWithoutData: number;
}

export interface Population {
  year: number | null;
  area: PopulationFigure;
  children: PopulationFigure[];
}
