import type { ColumnType } from 'kysely';

/**
 * Tables of the care cases part (migration 2026121001_care_cases), collected into
 * `CareCasesTables`, which the `Database` type in ../schema.ts extends. Snake_case columns as the
 * migration creates them; src/server/modules/care/*.schema.ts maps rows to the API shapes.
 */

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/** A care case: one person in care, in one group, with an owner (a worker) and a team. */
export interface CareCasesTable {
  /** The community (12 digits) of the person in care. */
  area_code: string;
  id: string;
  person_id: string;
  household_id: string | null;
  /** leftBehindChild | leftBehindWoman | leftBehindElderly | elderlyAlone | disabled | hardship | childInDifficulty */
  care_group: string;
  /** The left-behind flag the case opened from. */
  flag_id: string | null;
  /** open | closed */
  status: string;
  /** low | medium | high */
  risk_level: string;
  owner_id: string;
  summary: string | null;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  /** The day the person leaves the group by age (a child's 16th birthday). */
  group_ends_on: string | null;
  /** The day the daily re-check found the group no longer holds. */
  group_ended_on: string | null;
  last_visit_on: string | null;
  visit_due_on: string | null;
  /** 0 scheduled, 1 due, 2 overdue (owner warned), 3 escalated to the supervisor. */
  visit_stage: ColumnType<number, number | undefined, number>;
  next_assessment_on: string | null;
  /** When the daily sweep next has something to do for this case. */
  next_check_on: string | null;
  generated: Bool;
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

/** A collaborator on a case, with their role in it. */
export interface CareCaseTeamTable {
  area_code: string;
  case_id: string;
  user_id: string;
  /** socialWorker | agent | childrenDirector | childrenSupervisor | other */
  role: string;
  added_at: string;
  added_by: string | null;
}

/** A guardian or entrusted carer (监护人 / 受委托照护人) of the person in care. */
export interface CareCaseCarersTable {
  area_code: string;
  id: string;
  case_id: string;
  /** guardian | entrustedCarer */
  kind: string;
  person_id: string | null;
  name: string;
  relation: string;
  phone_cipher: string | null;
  phone_hash: string | null;
  since: string | null;
  until: string | null;
  created_at: string;
}

/** A household member away (外出), with where they work; returned_on records the return home. */
export interface CareCaseAwayMembersTable {
  area_code: string;
  id: string;
  case_id: string;
  person_id: string | null;
  name: string;
  relation: string;
  work_place: string | null;
  employer: string | null;
  away_since: string | null;
  returned_on: string | null;
  created_at: string;
  updated_at: string;
}

/** The case timeline: who did what, when; details is JSON. */
export interface CareCaseEventsTable {
  area_code: string;
  id: string;
  case_id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  details: string;
}

/** Case notes: readable by the case team and supervisors only. */
export interface CareCaseNotesTable {
  area_code: string;
  id: string;
  case_id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: string;
}

/** A risk assessment: six factors rated 0 (no concern), 1 (some), 2 (serious). */
export interface CareAssessmentsTable {
  area_code: string;
  id: string;
  case_id: string;
  assessed_on: string;
  safety: number;
  health: number;
  schooling: number | null;
  living_conditions: number;
  mood: number;
  carer_capacity: number;
  computed_level: string;
  proposed_level: string;
  next_due_on: string;
  notes: string | null;
  approval_id: string | null;
  generated: Bool;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

/** A request for a supervisor's decision: a risk change or closing a case. */
export interface CareApprovalsTable {
  area_code: string;
  id: string;
  case_id: string;
  /** riskChange | close */
  kind: string;
  /** requested | approved | rejected */
  status: string;
  from_level: string | null;
  to_level: string | null;
  assessment_id: string | null;
  reason: string;
  requested_at: string;
  requested_by: string | null;
  requested_by_name: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  comment: string | null;
  version: ColumnType<number, number | undefined, number>;
}

/** Visit frequency per risk level for an area (any level; the longest prefix wins). */
export interface CareVisitPoliciesTable {
  area_code: string;
  /** week | fortnight | month | quarter | halfYear */
  high: string;
  medium: string;
  low: string;
  escalate_after_days: number;
  version: ColumnType<number, number | undefined, number>;
  updated_at: string;
  updated_by: string | null;
}

/** A visit to the person in care. findings and photos are JSON. */
export interface CareVisitsTable {
  area_code: string;
  id: string;
  case_id: string;
  visited_on: string;
  /** home | phone | video */
  mode: string;
  findings: string;
  actions: string | null;
  next_steps: string | null;
  photos: string;
  due_on: string | null;
  on_time: Bool;
  generated: Bool;
  recorded_at: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
}

export interface CareCasesTables {
  care_cases: CareCasesTable;
  care_case_team: CareCaseTeamTable;
  care_case_carers: CareCaseCarersTable;
  care_case_away_members: CareCaseAwayMembersTable;
  care_case_events: CareCaseEventsTable;
  care_case_notes: CareCaseNotesTable;
  care_assessments: CareAssessmentsTable;
  care_approvals: CareApprovalsTable;
  care_visit_policies: CareVisitPoliciesTable;
  care_visits: CareVisitsTable;
}
