// The planning API's shapes as this page reads them: the TypeBox schemas in src/contracts
// (planning-api.ts, coverage.ts, facilities-api.ts) that the server validates with, as `Static<>`
// types (type-only imports: no TypeBox in the bundle). Kept beside the page: only it reads them.
import type { Facility } from '../../../../contracts/facilities-api.ts';

export type { FacilityKind } from '../../../../contracts/facilities.ts';
export type { SitingModel } from '../../../../contracts/planning.ts';
export type { ComparedScenario, ProposedSite, RadiusKm, Scenario, ScenarioSummary, Share, SitingRequest, UrbanRural } from '../../../../contracts/planning-api.ts';
export type { UncoveredCommunity } from '../../../../contracts/coverage.ts';

/** What the map reads of a facility (GET /facilities answers whole facilities). */
export type FacilityPoint = Pick<Facility, 'id' | 'areaCode' | 'areaName' | 'name' | 'status' | 'location'>;
