import type { ColumnType, Insertable, Selectable } from 'kysely';

/** Read back as 0/1 on SQLite, true/false on PostgreSQL. */
type Bool = ColumnType<boolean | number, boolean, boolean>;
/** Filled by the database when omitted. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * Tables of the procurement half of the tri-party linkage (三社联动): needs → projects → calls,
 * bids, scores, complaints, award and contract. Snake_case columns as migration
 * 2026120901_linkage_procurement creates them; money in cents. The module's schema files map rows to
 * the API shapes of src/contracts/linkage*.ts.
 */
export interface LinkageNeedsTable {
  /** The community (12 digits) the need belongs to. */
  area_code: string;
  id: string;
  category: string;
  title: string;
  description: string;
  /** Content hash (or data URL) of an optional photo. */
  photo: string | null;
  /** `portal`: a resident raised it; `worker`: recorded on residents' behalf with evidence. */
  channel: string;
  evidence_kind: string | null;
  evidence: string | null;
  status: string;
  merged_into_id: string | null;
  /** Count of linkage_need_supports rows, kept in the same transaction as they change. */
  supports: Defaulted<number>;
  raised_by_user_id: string | null;
  raised_by_person_id: string | null;
  recorded_by_user_id: string | null;
  version: Defaulted<number>;
  created_at: string;
  updated_at: string;
}

export interface LinkageNeedSupportsTable {
  area_code: string;
  need_id: string;
  /** `person:<id>` when the supporter is known in the registry, else `user:<id>`: one per person per need. */
  supporter_key: string;
  channel: string;
  user_id: string | null;
  person_id: string | null;
  person_area_code: string | null;
  recorded_by_user_id: string | null;
  at: string;
}

export interface LinkageNeedFollowsTable {
  area_code: string;
  need_id: string;
  user_id: string;
  at: string;
}

export interface LinkageNeedAnswersTable {
  area_code: string;
  need_id: string;
  id: string;
  decision: string;
  reason: string | null;
  /** Kept inside the community; never shown to residents. */
  internal_note: string | null;
  /** What residents read, once published. */
  public_text: string | null;
  published_at: string | null;
  published_by: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface LinkageNeedMergesTable {
  area_code: string;
  id: string;
  from_need_id: string;
  into_need_id: string;
  supports_moved: number;
  at: string;
  user_id: string | null;
  username: string | null;
}

export interface LinkageSupportThresholdsTable {
  area_code: string;
  threshold: number;
  set_at: string;
  set_by: string | null;
}

export interface LinkageProjectsTable {
  /** The designing community (or township, for a project across villages). */
  area_code: string;
  id: string;
  title: string;
  summary: string | null;
  objectives: string;
  /** Description of the target group, e.g. "confirmed left-behind children of three villages". */
  target_group: string;
  /** A registry category the count comes from (`leftBehindChild`, `elderly` …), or null. */
  target_kind: string | null;
  target_count: Defaulted<number>;
  funding_source: string;
  budget_cents: number;
  /** JSON array of organization statuses a bidder may have. */
  required_statuses: string;
  required_grade: string | null;
  required_social_workers: Defaulted<number>;
  status: string;
  starts_on: string | null;
  ends_on: string | null;
  created_by: string | null;
  generated: ColumnType<boolean | number, boolean | undefined, boolean>;
  version: Defaulted<number>;
  created_at: string;
  updated_at: string;
}

export interface LinkageProjectNeedsTable {
  area_code: string;
  project_id: string;
  need_area_code: string;
  need_id: string;
}

export interface LinkageProjectCommunitiesTable {
  area_code: string;
  project_id: string;
  community_code: string;
}

export interface LinkageBudgetLinesTable {
  area_code: string;
  project_id: string;
  id: string;
  position: number;
  title: string;
  amount_cents: number;
}

export interface LinkageIndicatorsTable {
  area_code: string;
  project_id: string;
  id: string;
  position: number;
  kind: string;
  name: string;
  unit: string;
  target: number;
}

export interface LinkagePhasesTable {
  area_code: string;
  project_id: string;
  id: string;
  position: number;
  title: string;
  starts_on: string;
  ends_on: string;
}

export interface LinkageCallsTable {
  /** The project's area. */
  area_code: string;
  project_id: string;
  id: string;
  mode: string;
  status: string;
  questions_until: string;
  submission_deadline: string;
  evaluation_until: string;
  /** End of the public notice (公示) and its complaint window. */
  notice_until: string;
  contract_by: string;
  score_max: number;
  drop_extremes: Bool;
  awarded_bid_id: string | null;
  opened_at: string | null;
  evaluation_closed_at: string | null;
  awarded_at: string | null;
  version: Defaulted<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LinkageCallInvitationsTable {
  area_code: string;
  call_id: string;
  organization_id: string;
  organization_area_code: string;
}

export interface LinkageEnquiriesTable {
  area_code: string;
  call_id: string;
  id: string;
  question: string;
  asked_by_user_id: string | null;
  asked_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface LinkageBidsTable {
  area_code: string;
  call_id: string;
  id: string;
  organization_id: string;
  organization_area_code: string;
  proposal_title: string;
  proposal: string;
  budget_cents: number;
  volunteers_planned: number;
  status: string;
  /** JSON of the registry facts checked at submission (status, grade, certified workers). */
  eligibility: string;
  score: number | null;
  rank: number | null;
  submitted_by: string | null;
  submitted_at: string;
  version: Defaulted<number>;
}

export interface LinkageBidTeamTable {
  area_code: string;
  bid_id: string;
  worker_id: string;
  role: string | null;
  certified: Bool;
}

export interface LinkagePanelMembersTable {
  area_code: string;
  call_id: string;
  user_id: string;
  declaration: string;
  conflict_note: string | null;
  declared_at: string | null;
  added_at: string;
  added_by: string | null;
}

export interface LinkageCriteriaTable {
  area_code: string;
  call_id: string;
  id: string;
  position: number;
  name: string;
  /** Percent; a call's weights sum to 100. */
  weight: number;
}

export interface LinkageScoresTable {
  area_code: string;
  call_id: string;
  bid_id: string;
  criterion_id: string;
  user_id: string;
  score: number;
  comment: string | null;
  at: string;
}

export interface LinkageComplaintsTable {
  area_code: string;
  call_id: string;
  id: string;
  organization_id: string | null;
  user_id: string | null;
  subject: string;
  body: string;
  state: string;
  answer: string | null;
  answered_at: string | null;
  decision: string | null;
  decided_at: string | null;
  version: Defaulted<number>;
  created_at: string;
  updated_at: string;
}

export interface LinkageContractsTable {
  area_code: string;
  call_id: string;
  id: string;
  project_id: string;
  bid_id: string;
  organization_id: string;
  organization_area_code: string;
  amount_cents: number;
  signed_on: string;
  starts_on: string;
  ends_on: string;
  created_by: string | null;
  created_at: string;
}

export interface LinkagePaymentMilestonesTable {
  area_code: string;
  contract_id: string;
  id: string;
  position: number;
  title: string;
  due_on: string;
  amount_cents: number;
  paid_on: string | null;
}

export interface LinkageEventsTable {
  area_code: string;
  id: string;
  /** `need`, `project`, `call`, `bid`, `complaint`, `contract`. */
  subject: string;
  subject_id: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  at: string;
  user_id: string | null;
  username: string | null;
}

/** Tables of this part, added to `Database` (schema.ts) by name. */
export interface LinkageProcurementTables {
  linkage_needs: LinkageNeedsTable;
  linkage_need_supports: LinkageNeedSupportsTable;
  linkage_need_follows: LinkageNeedFollowsTable;
  linkage_need_answers: LinkageNeedAnswersTable;
  linkage_need_merges: LinkageNeedMergesTable;
  linkage_support_thresholds: LinkageSupportThresholdsTable;
  linkage_projects: LinkageProjectsTable;
  linkage_project_needs: LinkageProjectNeedsTable;
  linkage_project_communities: LinkageProjectCommunitiesTable;
  linkage_budget_lines: LinkageBudgetLinesTable;
  linkage_indicators: LinkageIndicatorsTable;
  linkage_phases: LinkagePhasesTable;
  linkage_calls: LinkageCallsTable;
  linkage_call_invitations: LinkageCallInvitationsTable;
  linkage_enquiries: LinkageEnquiriesTable;
  linkage_bids: LinkageBidsTable;
  linkage_bid_team: LinkageBidTeamTable;
  linkage_panel_members: LinkagePanelMembersTable;
  linkage_criteria: LinkageCriteriaTable;
  linkage_scores: LinkageScoresTable;
  linkage_complaints: LinkageComplaintsTable;
  linkage_contracts: LinkageContractsTable;
  linkage_payment_milestones: LinkagePaymentMilestonesTable;
  linkage_events: LinkageEventsTable;
}

export type LinkageNeedRow = Selectable<LinkageNeedsTable>;
export type NewLinkageNeedRow = Insertable<LinkageNeedsTable>;
export type LinkageProjectRow = Selectable<LinkageProjectsTable>;
export type LinkageCallRow = Selectable<LinkageCallsTable>;
export type LinkageBidRow = Selectable<LinkageBidsTable>;
export type LinkageComplaintRow = Selectable<LinkageComplaintsTable>;
export type LinkageContractRow = Selectable<LinkageContractsTable>;
