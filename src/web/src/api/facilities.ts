// Facility and coverage response shapes, as the web reads them: the TypeBox schemas in
// src/contracts/facilities-api.ts and coverage.ts that the server validates with, as `Static<>` types.
import type {
  ConstructionMode,
  FacilityKind,
  FacilityStatus,
  FundingSource,
} from '../../../contracts/facilities.ts';

import type { RowProblem as CodedRowProblem } from '../../../contracts/residents-api.ts';

export type { ConstructionMode, FacilityKind, FacilityStatus, FundingSource };
export {
  CONSTRUCTION_MODES,
  DEFAULT_RADIUS_KM,
  FACILITY_KINDS,
  FACILITY_LIMITS,
  FACILITY_STATUSES,
  FUNDING_SOURCES,
  RADIUS_KM_MAX,
  STATUS_TRANSITIONS,
  isReopen,
} from '../../../contracts/facilities.ts';

export type { Facility, FacilityDetail, FacilityEvent, FacilityWarning, Funding } from '../../../contracts/facilities-api.ts';

export interface FacilityFilter {
  area?: string;
  kind?: FacilityKind;
  status?: FacilityStatus;
  urbanRural?: 'urban' | 'rural';
  q?: string;
}

/**
 * One row's problem in an import report. The person import gives every problem its stable code
 * and parameters (src/contracts/residents-api.ts); the facility import does not yet (its sentence
 * is matched instead, features/facilities/problems.ts).
 */
export type RowProblem = Omit<CodedRowProblem, 'code'> & Partial<Pick<CodedRowProblem, 'code'>>;

export interface ImportReport {
  mode: 'allOrNothing' | 'goodRowsOnly';
  rows: number;
  created: number;
  rejected: number;
  problems: RowProblem[];
  ids: string[];
}

export type { AreaCoverage, CoverageReport, Share, UncoveredCommunity, UrbanRural } from '../../../contracts/coverage.ts';
