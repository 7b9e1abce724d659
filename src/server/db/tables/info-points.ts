import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Tables of the market part "information points": village information points, their status
 * history and service log, and recycling pickups (migrations 2026121101 and 2026121102).
 * Every table is place-bound: area_code (the community) leads its key.
 */

/** A village information service point (益农信息社). */
export interface InfoPointsTable {
  area_code: string;
  id: string;
  name: string;
  /** The facility (kind infoPoint) it is housed in, if registered. */
  facility_id: string | null;
  /** The agent who runs it. */
  operator_user_id: string;
  opening_hours: string;
  /** JSON array of equipment words (INFO_POINT_EQUIPMENT). */
  equipment: string;
  /** JSON array of services offered (INFO_POINT_SERVICES). */
  services: string;
  /** preparing | operating | suspended | closed */
  status: string;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

/** A status change of a point: who, when, from → to, why. */
export interface InfoPointEventsTable {
  area_code: string;
  id: string;
  info_point_id: string;
  at: string;
  by_user_id: string | null;
  from_status: string | null;
  to_status: string;
  reason: string | null;
}

/** One service given at a point. */
export interface InfoPointServicesTable {
  area_code: string;
  id: string;
  info_point_id: string;
  /** payment | agency | ecommerce | training | publicWelfare */
  kind: string;
  resident_name: string | null;
  served_at: string;
  note: string | null;
  /** manual | request */
  source: string;
  /** The service request an agency entry came from (unique: an errand counts once). */
  request_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
  generated: ColumnType<boolean | number, boolean | undefined, boolean>;
}

/** A resident's recycling pickup. */
export interface RecyclingPickupsTable {
  area_code: string;
  id: string;
  resident_user_id: string;
  kind: string;
  estimated_kg: number;
  actual_kg: number | null;
  window_start: string;
  window_end: string;
  address: string;
  note: string | null;
  /** requested | accepted | completed | cancelled */
  status: string;
  collector_user_id: string | null;
  points: number;
  version: number;
  requested_at: string;
  accepted_at: string | null;
  completed_at: string | null;
}

export interface InfoPointsTables {
  info_points: InfoPointsTable;
  info_point_events: InfoPointEventsTable;
  info_point_services: InfoPointServicesTable;
  recycling_pickups: RecyclingPickupsTable;
}

export type InfoPointRow = Selectable<InfoPointsTable>;
export type NewInfoPointRow = Insertable<InfoPointsTable>;
export type InfoPointServiceRow = Selectable<InfoPointServicesTable>;
export type NewInfoPointServiceRow = Insertable<InfoPointServicesTable>;
export type PickupRow = Selectable<RecyclingPickupsTable>;
