// Facility and coverage response shapes, as the web reads them. They mirror the server's TypeBox
// schemas (src/server/modules/facilities/facilities.schema.ts, src/server/modules/coverage/coverage.schema.ts).
import type {
  ConstructionMode,
  FacilityKind,
  FacilityStatus,
  FundingSource,
} from '../../../contracts/facilities.ts';

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

export interface Funding {
  source: FundingSource;
  year: number;
  amount: number;
}

export interface Facility {
  id: string;
  areaCode: string;
  areaName: string | null;
  name: string;
  kind: FacilityKind;
  status: FacilityStatus;
  statusDate: string;
  constructionMode: ConstructionMode | null;
  floorArea: number;
  activityArea: number;
  location: { lon: number; lat: number } | null;
  funding: Funding[];
  services: string[];
  openingHours: string | null;
  accessibility: { stepFreeEntrance: boolean; accessibleToilet: boolean };
  selfServiceTerminal: boolean;
  generated: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface FacilityEvent {
  date: string;
  from: FacilityStatus | null;
  to: FacilityStatus;
  reason: string | null;
  at: string;
  username: string | null;
}

export interface FacilityDetail extends Facility {
  events: FacilityEvent[];
}

export interface FacilityFilter {
  area?: string;
  kind?: FacilityKind;
  status?: FacilityStatus;
  urbanRural?: 'urban' | 'rural';
  q?: string;
}

export interface RowProblem {
  row: number;
  field: string;
  column: string | null;
  problem: string;
}

export interface ImportReport {
  mode: 'allOrNothing' | 'goodRowsOnly';
  rows: number;
  created: number;
  rejected: number;
  problems: RowProblem[];
  ids: string[];
}

export interface Share {
  numerator: number;
  denominator: number;
  share: number | null;
}
export interface UrbanRural {
  urban: Share;
  rural: Share;
  all: Share;
}

export interface AreaCoverage {
  code: string;
  name: string;
  level: number;
  facilityCoverage: { communities: UrbanRural };
  radiusCoverage: { population: UrbanRural; communities: UrbanRural };
  facilities: number;
  floorArea: number;
  activityArea: number;
  households: number | null;
  floorAreaPer100Households: number | null;
  activityShare: number | null;
  communitiesWithoutLocation: number;
}

export interface CoverageReport {
  kind: string;
  year: number | null;
  radiusKm: { urban: number; rural: number };
  area: AreaCoverage;
  children: AreaCoverage[];
}

export interface UncoveredCommunity {
  code: string;
  name: string;
  kind: 'urban' | 'rural' | null;
  township: { code: string; name: string };
  residentPopulation: number;
  lon: number;
  lat: number;
  radiusKm: number;
  nearestFacilityKm: number | null;
}
