import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** Read back as 0/1 on SQLite, true/false on PostgreSQL. */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/**
 * Tables of the organizations part of the service side (one interface per table, collected here into
 * `OrganizationsTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them (2026120702_organizations); the module's schema file maps rows to the API shape.
 */
export interface OrganizationsTable {
  /** The area that registered, filed or guides it (any level). */
  area_code: string;
  id: string;
  name: string;
  /** Pinyin initials and whole pinyin of the name, for search. */
  name_initials: string;
  name_pinyin: string;
  credit_code: string | null;
  management: string;
  registered_kind: string | null;
  nature: string;
  /** JSON array of service fields. */
  fields: string;
  status: string;
  status_date: string;
  founded_on: string | null;
  address: string | null;
  description: string | null;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrganizationCommunitiesTable {
  /** The community served (12 digits). */
  area_code: string;
  organization_id: string;
  organization_area_code: string;
}

export interface OrganizationEventsTable {
  area_code: string;
  organization_id: string;
  id: string;
  date: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface OrganizationIncubationsTable {
  area_code: string;
  organization_id: string;
  base: string;
  mentor: string | null;
  started_on: string;
  planned_graduation: string | null;
  graduated_on: string | null;
  /** JSON array of { title, dueOn, doneOn }. */
  milestones: string;
  notes: string | null;
  updated_at: string;
}

export interface OrganizationRatingsTable {
  area_code: string;
  organization_id: string;
  id: string;
  score: number;
  scale_max: number;
  grade: string;
  assessor: string;
  rated_on: string;
  valid_until: string;
  notes: string | null;
  appeal_state: string | null;
  appeal_reason: string | null;
  appeal_filed_on: string | null;
  appeal_decided_on: string | null;
  appeal_decision: string | null;
  original_score: number | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface OrganizationRatingScalesTable {
  area_code: string;
  scale_max: number;
  min_1a: number;
  min_2a: number;
  min_3a: number;
  min_4a: number;
  min_5a: number;
  set_at: string;
  set_by: string | null;
}

export interface OrganizationAnnualReportsTable {
  area_code: string;
  organization_id: string;
  year: number;
  members: number;
  volunteers: number;
  activities: number;
  beneficiaries: number;
  income: number;
  expenditure: number;
  summary: string;
  submitted_at: string;
  submitted_by: string | null;
}

export interface OrganizationMembersTable {
  area_code: string;
  organization_id: string;
  user_id: string;
  position: string | null;
  added_at: string;
  added_by: string | null;
}

export interface OrganizationCreditRecordsTable {
  area_code: string;
  organization_id: string;
  id: string;
  kind: string;
  date: string;
  title: string;
  detail: string | null;
  source: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface OrganizationsTables {
  organizations: OrganizationsTable;
  organization_communities: OrganizationCommunitiesTable;
  organization_events: OrganizationEventsTable;
  organization_incubations: OrganizationIncubationsTable;
  organization_ratings: OrganizationRatingsTable;
  organization_rating_scales: OrganizationRatingScalesTable;
  organization_annual_reports: OrganizationAnnualReportsTable;
  organization_members: OrganizationMembersTable;
  organization_credit_records: OrganizationCreditRecordsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type OrganizationRatingRow = Selectable<OrganizationRatingsTable>;
