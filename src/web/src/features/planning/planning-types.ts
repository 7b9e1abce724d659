// The planning API's shapes as this page reads them (server: src/server/modules/planning/planning.schema.ts,
// coverage.schema.ts, facilities.schema.ts). Kept beside the page: only it reads them.
import type { FacilityKind } from '../../../../contracts/facilities.ts';
import type { SitingModel } from '../../../../contracts/planning.ts';

export type { FacilityKind, SitingModel };

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
export interface RadiusKm {
  urban: number;
  rural: number;
}

export interface ProposedSite {
  code: string;
  name: string;
  kind: 'urban' | 'rural' | null;
  lon: number;
  lat: number;
  residentPopulation: number;
  newlyCoveredPopulation: number;
  cost: number | null;
}

export interface Scenario {
  id: string;
  areaCode: string;
  areaName: string | null;
  name: string;
  model: SitingModel;
  kind: FacilityKind;
  parameters: {
    area: string;
    model: SitingModel;
    kind: FacilityKind;
    radiusKm: RadiusKm;
    p: number | null;
    budget: number | null;
    candidates: 'communitiesWithout' | string[];
    timeLimitSeconds: number;
    year: number | null;
  };
  result: {
    demand: { communities: number; population: number; weight: number };
    candidates: number;
    existingFacilities: number;
    /** Planned or under-construction facilities counted as open (missing in scenarios saved before they counted). */
    plannedFacilities?: number;
    sites: ProposedSite[];
    newlyCoveredDemand: number;
    newlyCoveredPopulation: number;
    coverage: { before: UrbanRural; after: UrbanRural };
    objective: number;
    bound: number;
    gap: number;
    optimal: boolean;
    timedOut: boolean;
    seconds: number;
    cost: number | null;
    meanDistanceKm: number | null;
    uncoverable: { communities: number; population: number } | null;
  };
  createdAt: string;
  createdBy: { userId: string | null; username: string | null };
  adoption: {
    at: string;
    username: string | null;
    facilityIds: string[];
    /** Sites that already had a facility of the kind planned, under construction or operating: none was created there. */
    existing?: { code: string; facilityId: string; status: string }[];
  } | null;
}

export interface ScenarioSummary {
  id: string;
  areaCode: string;
  areaName: string | null;
  name: string;
  model: SitingModel;
  kind: FacilityKind;
  radiusKm: RadiusKm;
  sites: number;
  newlyCoveredPopulation: number;
  coverageAfter: Share;
  gap: number;
  createdAt: string;
  createdBy: { userId: string | null; username: string | null };
  adopted: boolean;
}

export interface ComparedScenario {
  id: string;
  name: string;
  areaCode: string;
  areaName: string | null;
  model: SitingModel;
  kind: FacilityKind;
  p: number;
  radiusKm: RadiusKm;
  before: UrbanRural;
  after: UrbanRural;
  newlyCoveredPopulation: number;
  objective: number;
  gap: number;
  sites: { code: string; name: string; newlyCoveredPopulation: number }[];
  adopted: boolean;
}

export interface UncoveredCommunity {
  code: string;
  name: string;
  kind: 'urban' | 'rural' | null;
  residentPopulation: number;
  lon: number;
  lat: number;
  radiusKm: number;
}

export interface FacilityPoint {
  id: string;
  areaCode: string;
  areaName: string | null;
  name: string;
  status: string;
  location: { lon: number; lat: number } | null;
}

export interface SitingRequest {
  area: string;
  model: SitingModel;
  kind: FacilityKind;
  urbanRadiusKm: number;
  ruralRadiusKm: number;
  p?: number;
  budget?: number;
  costs?: Record<string, number>;
  candidates?: string[];
  name?: string;
}
