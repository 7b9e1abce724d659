import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { WorkersTables } from './tables/workers.ts';
import type { OrganizationsTables } from './tables/organizations.ts';
import type { VolunteersTables } from './tables/volunteers.ts';
import type { ServiceCatalogTables } from './tables/service-catalog.ts';
import type { ServiceRequestsTables } from './tables/service-requests.ts';
import type { AgencyTables } from './tables/agency.ts';
import type { LinkageProcurementTables } from './tables/linkage-procurement.ts';
import type { LinkageDeliveryTables } from './tables/linkage-delivery.ts';
import type { CareCasesTables } from './tables/care-cases.ts';
import type { CareReferralsTables } from './tables/care-referrals.ts';
import type { InfoPointsTables } from './tables/info-points.ts';
import type { MarketTables } from './tables/market.ts';
import type { SyncTables } from './tables/sync.ts';

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

export interface PlanningScenariosTable {
  area_code: string;
  id: string;
  name: string;
  model: string;
  kind: string;
  /** JSON: what was asked, defaults filled in. */
  parameters: string;
  /** JSON: what the solver answered. */
  result: string;
  created_by: string | null;
  created_by_username: string | null;
  created_at: string;
  adopted_at: string | null;
  adopted_by_username: string | null;
  /** JSON array of facility ids, once adopted. */
  adopted_facility_ids: string | null;
}

export interface HouseholdsTable {
  area_code: string;
  id: string;
  /** 户编号: the household number the community gives it (imports group by it). */
  number: string | null;
  address: string;
  /** A hukou household (户籍户) rather than one registered by residence only. */
  hukou: Bool;
  head_person_id: string | null;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonsTable {
  /** The community the person's record belongs to (where they live, or lived before leaving). */
  area_code: string;
  id: string;
  household_id: string | null;
  name: string;
  /** Pinyin initials of the name, lower case, for search. */
  name_initials: string;
  sex: string;
  birth_date: string;
  /** AES-256-GCM ciphertext; never the number itself. */
  id_number_cipher: string | null;
  /** HMAC-SHA256 of the normalised number: equality search and uniqueness. */
  id_number_hash: string | null;
  phone_cipher: string | null;
  phone_hash: string | null;
  ethnicity: string | null;
  relation: string;
  hukou_area_code: string | null;
  residence_status: string;
  residence_permit_cipher: string | null;
  away_to: string | null;
  away_since: string | null;
  migrant_worker: Bool;
  accompanying_family: Bool;
  disability_category: string | null;
  disability_grade: number | null;
  hardship: string | null;
  living_alone: Bool;
  notes: string | null;
  /** The resident user account that is this person. */
  user_id: string | null;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonEventsTable {
  area_code: string;
  id: string;
  person_id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  /** JSON: { field: { from, to } }, personal numbers masked. */
  changes: string;
}

export interface LeftBehindFlagsTable {
  area_code: string;
  id: string;
  person_id: string;
  household_id: string;
  kind: string;
  status: string;
  /** Whether the rules find it now; a reviewed flag whose facts changed goes back to pending. */
  applies: Bool;
  reason: string | null;
  /** JSON snapshot of the facts the finding rests on. */
  facts: string;
  previous_status: string | null;
  previous_facts: string | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlansTable {
  id: string;
  /** The area that made the plan; null for the national template. */
  area_code: string | null;
  name: string;
  start_year: number;
  end_year: number;
  template: Bool;
  /** The template the plan was started from. */
  template_id: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
}

export interface PlanIndicatorsTable {
  plan_id: string;
  indicator: string;
  split: string;
  baseline_value: number | null;
  baseline_year: number | null;
  target_value: number | null;
  target_year: number | null;
  /** Where the figures come from (document, table, row); null when the plan's maker set them. */
  source: string | null;
}

export interface PlanAdoptionsTable {
  area_code: string;
  plan_id: string;
  adopted_at: string;
  adopted_by: string | null;
}

export interface PlanTargetsTable {
  area_code: string;
  plan_id: string;
  indicator: string;
  split: string;
  target_value: number;
  target_year: number;
  set_at: string;
  set_by: string | null;
}

export interface Database extends WorkersTables, OrganizationsTables, VolunteersTables, ServiceCatalogTables, ServiceRequestsTables, AgencyTables,
  LinkageProcurementTables, LinkageDeliveryTables, CareCasesTables, CareReferralsTables, InfoPointsTables, MarketTables, SyncTables {
  areas: AreasTable;
  area_statistics: AreaStatisticsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  facilities: FacilitiesTable;
  facility_events: FacilityEventsTable;
  facility_funding: FacilityFundingTable;
  planning_scenarios: PlanningScenariosTable;
  households: HouseholdsTable;
  persons: PersonsTable;
  person_events: PersonEventsTable;
  left_behind_flags: LeftBehindFlagsTable;
  plans: PlansTable;
  plan_indicators: PlanIndicatorsTable;
  plan_adoptions: PlanAdoptionsTable;
  plan_targets: PlanTargetsTable;
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
export type PlanningScenarioRow = Selectable<PlanningScenariosTable>;
export type NewPlanningScenarioRow = Insertable<PlanningScenariosTable>;
export type HouseholdRow = Selectable<HouseholdsTable>;
export type NewHouseholdRow = Insertable<HouseholdsTable>;
export type HouseholdUpdate = Updateable<HouseholdsTable>;
export type PersonRow = Selectable<PersonsTable>;
export type NewPersonRow = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type PersonEventRow = Selectable<PersonEventsTable>;
export type LeftBehindFlagRow = Selectable<LeftBehindFlagsTable>;
export type NewLeftBehindFlagRow = Insertable<LeftBehindFlagsTable>;
