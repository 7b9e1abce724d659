import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

export interface AreasTable {
  code: string;
  parent_code: string | null;
  level: number;
  name: string;
  kind: 'urban' | 'rural' | null;
  kind_override: 'urban' | 'rural' | null;
  urban_rural_code: string | null;
  lon: number | null;
  lat: number | null;
  search_initials: string;
  search_pinyin: string;
  generated: Bool;
}

export interface AreaStatisticsTable {
  area_code: string;
  year: number;
  resident_population: number;
  registered_population: number;
  households: number;
  aged_60_plus: number;
  children_under_16: number;
  generated: Bool;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  scope_code: string;
  locked: Bool;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  demo: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  address: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  area_code: string;
  id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  address: string | null;
  details: string | null;
}

export interface FacilitiesTable {
  area_code: string;
  id: string;
  name: string;
  kind: string;
  status: string;
  /** YYYY-MM-DD: when the current status began. */
  status_date: string;
  construction_mode: string | null;
  floor_area: number;
  activity_area: number;
  lon: number | null;
  lat: number | null;
  /** JSON array of strings. */
  services: string;
  opening_hours: string | null;
  step_free_entrance: Bool;
  accessible_toilet: Bool;
  self_service_terminal: Bool;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FacilityEventsTable {
  area_code: string;
  id: string;
  facility_id: string;
  date: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface FacilityFundingTable {
  area_code: string;
  facility_id: string;
  source: string;
  year: number;
  amount: number;
}

export interface Database {
  areas: AreasTable;
  area_statistics: AreaStatisticsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  facilities: FacilitiesTable;
  facility_events: FacilityEventsTable;
  facility_funding: FacilityFundingTable;
}

export type AreaRow = Selectable<AreasTable>;
export type NewAreaRow = Insertable<AreasTable>;
export type AreaStatisticsRow = Selectable<AreaStatisticsTable>;
export type NewAreaStatisticsRow = Insertable<AreaStatisticsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type FacilityRow = Selectable<FacilitiesTable>;
export type NewFacilityRow = Insertable<FacilitiesTable>;
export type FacilityUpdate = Updateable<FacilitiesTable>;
export type FacilityEventRow = Selectable<FacilityEventsTable>;
export type FacilityFundingRow = Selectable<FacilityFundingTable>;
