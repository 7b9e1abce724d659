import type { SitingModel } from '../../../contracts/planning.ts';
import type { FacilityKind, FacilityStatus } from '../../../contracts/facilities.ts';
import type { Scenario, ScenarioParameters, ScenarioResult, ScenarioSummary } from '../../../contracts/planning-api.ts';
import type { PlanningScenarioRow } from '../../db/schema.ts';

export type ScenarioRowWithArea = PlanningScenarioRow & { area_name: string | null };

export interface AdoptedFacilities {
  facilityIds: string[];
  existing: { code: string; facilityId: string; status: FacilityStatus }[];
}

/** adopted_facility_ids holds the created ids (a JSON array, as first stored) or { facilityIds, existing }. */
function adoptedFacilities(text: string | null): AdoptedFacilities {
  const parsed = JSON.parse(text ?? '[]') as string[] | AdoptedFacilities;
  return Array.isArray(parsed) ? { facilityIds: parsed, existing: [] } : parsed;
}

export function adoptedFacilitiesText(adopted: AdoptedFacilities): string {
  return JSON.stringify(adopted);
}

export function toScenario(row: ScenarioRowWithArea): Scenario {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    model: row.model as SitingModel,
    kind: row.kind as FacilityKind,
    parameters: JSON.parse(row.parameters) as ScenarioParameters,
    result: JSON.parse(row.result) as ScenarioResult,
    createdAt: row.created_at,
    createdBy: { userId: row.created_by, username: row.created_by_username },
    adoption: row.adopted_at ? { at: row.adopted_at, username: row.adopted_by_username, ...adoptedFacilities(row.adopted_facility_ids) } : null,
  };
}

export function toSummary(s: Scenario): ScenarioSummary {
  return {
    id: s.id,
    areaCode: s.areaCode,
    areaName: s.areaName,
    name: s.name,
    model: s.model,
    kind: s.kind,
    radiusKm: s.parameters.radiusKm,
    sites: s.result.sites.length,
    newlyCoveredPopulation: s.result.newlyCoveredPopulation,
    coverageAfter: s.result.coverage.after.all,
    gap: s.result.gap,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    adopted: s.adoption !== null,
  };
}
