import type { FacilityEventRow, FacilityFundingRow, FacilityRow } from '../../db/schema.ts';
import type { Facility, FacilityEvent } from '../../../contracts/facilities-api.ts';
import { FUNDING_SOURCES, type ConstructionMode, type FacilityKind, type FacilityStatus, type FundingSource } from '../../../contracts/facilities.ts';

// The shapes live in src/contracts/facilities-api.ts (the web reads them too); this file maps rows to them.
export * from '../../../contracts/facilities-api.ts';

export type FacilityRowWithArea = FacilityRow & { area_name: string | null };

export function toFacility(row: FacilityRowWithArea, funding: FacilityFundingRow[]): Facility {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    kind: row.kind as FacilityKind,
    status: row.status as FacilityStatus,
    statusDate: row.status_date,
    constructionMode: row.construction_mode as ConstructionMode | null,
    floorArea: row.floor_area,
    activityArea: row.activity_area,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    funding: funding
      .map((f) => ({ source: f.source as FundingSource, year: f.year, amount: f.amount }))
      .sort((a, b) => a.year - b.year || FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source)),
    services: JSON.parse(row.services) as string[],
    openingHours: row.opening_hours,
    accessibility: { stepFreeEntrance: Boolean(row.step_free_entrance), accessibleToilet: Boolean(row.accessible_toilet) },
    selfServiceTerminal: Boolean(row.self_service_terminal),
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toFacilityEvent(row: FacilityEventRow): FacilityEvent {
  return {
    date: row.date,
    from: row.from_status as FacilityStatus | null,
    to: row.to_status as FacilityStatus,
    reason: row.reason,
    at: row.at,
    username: row.username,
  };
}
