import type { ColumnType, Selectable } from 'kysely';

/** Read back as 0/1 on SQLite, true/false on PostgreSQL. */
type Bool = ColumnType<boolean | number, boolean, boolean>;
/** Filled by the database when omitted. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * Tables of the delivery half of the tri-party linkage (三社联动): activities with attendance and
 * volunteers, milestones with evidence, results against the project's indicators, spending against
 * its budget lines, evaluation rounds and their responses. Snake_case columns as migration
 * 2026120911_linkage_delivery creates them; `area_code` is the project's area and leads every key;
 * money in cents.
 */
export interface LinkageActivitiesTable {
  area_code: string;
  id: string;
  project_id: string;
  held_on: string;
  kind: string;
  title: string;
  /** Where it was held, as people say it; with facility_id when it was a registered facility. */
  place: string;
  facility_area_code: string | null;
  facility_id: string | null;
  /** The project community it was held in. */
  community_code: string;
  attendance: Defaulted<number>;
  /** Attendees who were confirmed left-behind children when their attendance was recorded. */
  left_behind_children: Defaulted<number>;
  volunteer_minutes: Defaulted<number>;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: Defaulted<number>;
}

export interface LinkageAttendanceTable {
  area_code: string;
  project_id: string;
  activity_id: string;
  person_id: string;
  /** The community the person lives in. */
  person_area_code: string;
  /** A confirmed left-behind child on the day attendance was recorded. */
  left_behind_child: Bool;
  recorded_at: string;
  recorded_by: string | null;
}

export interface LinkageActivityVolunteersTable {
  area_code: string;
  activity_id: string;
  volunteer_id: string;
  volunteer_area_code: string;
  minutes: number;
  /** The service record the volunteers module made of these hours (claimed, then verified there). */
  hours_id: string;
  recorded_at: string;
}

export interface LinkageMilestonesTable {
  area_code: string;
  project_id: string;
  id: string;
  position: number;
  title: string;
  weight: number;
  due_on: string;
  status: string;
  met_on: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  version: Defaulted<number>;
}

export interface LinkageMilestoneEvidenceTable {
  area_code: string;
  milestone_id: string;
  id: string;
  kind: string;
  sha256: string;
  media_type: string;
  size_bytes: number;
  title: string;
  added_at: string;
  added_by: string | null;
}

export interface LinkageResultsTable {
  area_code: string;
  project_id: string;
  /** One of the project's indicators (linkage_indicators). */
  indicator_id: string;
  weight: number;
  achieved: number;
  updated_at: string;
  updated_by: string | null;
}

export interface LinkageExpendituresTable {
  area_code: string;
  project_id: string;
  id: string;
  budget_line_id: string;
  amount_cents: number;
  spent_on: string;
  description: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface LinkageEvaluationRoundsTable {
  area_code: string;
  project_id: string;
  id: string;
  title: string;
  status: string;
  /** JSON array of { kind, weight }. */
  template: string;
  final_score: number | null;
  grade: string | null;
  /** Whether the final score is on the organization's credit record. */
  credit_recorded: ColumnType<boolean | number, boolean | undefined, boolean>;
  /** The project's final round: closing it closes the project (migration 2026121321). */
  final: ColumnType<boolean | number, boolean | undefined, boolean>;
  opened_at: string;
  opened_by: string | null;
  closed_at: string | null;
  version: Defaulted<number>;
}

export interface LinkageEvaluationResponsesTable {
  area_code: string;
  round_id: string;
  id: string;
  rater_kind: string;
  /** `person:<id>` for a participating resident, `user:<id>` for the others: one response each per round. */
  respondent_key: string;
  person_id: string | null;
  /** The resident's community: the `satisfaction` indicator counts the response there. */
  person_area_code: string | null;
  user_id: string | null;
  /** A resident's 1–5 rating; null for the other raters. */
  rating: number | null;
  /** 0–100. */
  score: number;
  comment: string | null;
  at: string;
}

/** Tables of this part, added to `Database` (schema.ts) by name. */
export interface LinkageDeliveryTables {
  linkage_activities: LinkageActivitiesTable;
  linkage_attendance: LinkageAttendanceTable;
  linkage_activity_volunteers: LinkageActivityVolunteersTable;
  linkage_milestones: LinkageMilestonesTable;
  linkage_milestone_evidence: LinkageMilestoneEvidenceTable;
  linkage_results: LinkageResultsTable;
  linkage_expenditures: LinkageExpendituresTable;
  linkage_evaluation_rounds: LinkageEvaluationRoundsTable;
  linkage_evaluation_responses: LinkageEvaluationResponsesTable;
}

export type LinkageActivityRow = Selectable<LinkageActivitiesTable>;
export type LinkageMilestoneRow = Selectable<LinkageMilestonesTable>;
export type LinkageEvaluationRoundRow = Selectable<LinkageEvaluationRoundsTable>;
