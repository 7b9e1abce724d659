/**
 * Tables of the service-requests part of the service side (one interface per table, collected here into
 * `ServiceRequestsTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them; the module's schema file maps rows to the API shape.
 */
import type { ColumnType } from 'kysely';

type Bool = ColumnType<boolean | number, boolean, boolean>;

/** One request (办件). Grows with population: the applicant's community leads the primary key. */
export interface ServiceRequestsTable {
  /** The applicant's community (12 digits): where they live (常住), whatever their hukou. */
  area_code: string;
  id: string;
  number: string;
  item_code: string;
  /** The item's name when filed (the catalog may rename it later). */
  item_name: string;
  deciding_level: string;
  /** The deciding unit: the applicant's community, township or county code by the item's level (or where it was transferred). */
  unit_code: string;
  channel: string;
  status: string;
  outcome: string | null;
  /** Counted by the queue: the status is one of the open ones. */
  open: Bool;
  applicant_person_id: string | null;
  applicant_user_id: string | null;
  applicant_name: string;
  submitted_by_user_id: string | null;
  submitted_by_name: string | null;
  submitted_by_role: string | null;
  mandate_id: string | null;
  /** JSON: { fieldKey: value }. */
  form_values: string;
  /** JSON: [{ material, received }]. */
  materials: string;
  assignee_user_id: string | null;
  assignee_name: string | null;
  acceptance_days: number;
  committed_days: number;
  submitted_at: string;
  /** When the acceptance clock started: submission, or arrival at the unit after a transfer. */
  arrived_at: string;
  accepted_at: string | null;
  decided_at: string | null;
  delivered_at: string | null;
  closed_at: string | null;
  /** JSON: [{ from, to }] spans the processing clock stood still (补正); the last may be open (to null). */
  pauses: string;
  /** The running clock's due instant (the projected one while paused); what the queue sorts by. */
  due_at: string | null;
  /** 0 on time, 1 warned, 2 overdue and escalated to the unit head, 3 escalated to the level above. */
  stage: number;
  /** When the scheduler must look at this request next (null: nothing left to fire). */
  next_check_at: string | null;
  decided_on_time: Bool | null;
  decision_reason: string | null;
  not_accepted_reason: string | null;
  duplicate_of: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  rating_by_agent: Bool | null;
  rated_at: string | null;
  reopened_at: string | null;
  /** A year the working-day calendar did not know was counted Monday–Friday. */
  calendar_fallback: Bool;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The append-only timeline of a request. */
export interface ServiceRequestEventsTable {
  area_code: string;
  id: string;
  request_id: string;
  kind: string;
  at: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  note: string | null;
  /** public: the applicant sees it; internal: staff only. */
  visibility: string;
  /** JSON or null. */
  details: string | null;
}

/** A file attached to a request: its bytes live in the content-addressed store under their SHA-256. */
export interface ServiceRequestAttachmentsTable {
  area_code: string;
  id: string;
  request_id: string;
  material: string | null;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by_user_id: string | null;
  uploaded_by_name: string | null;
}

/** What an Idempotency-Key answered: a retry with the same key returns the same request. */
export interface ServiceRequestKeysTable {
  user_id: string;
  key: string;
  /** SHA-256 of the canonical body: the same key with another body is refused. */
  body_hash: string;
  request_area_code: string;
  request_id: string;
  created_at: string;
}

export interface ServiceRequestsTables {
  service_requests: ServiceRequestsTable;
  service_request_events: ServiceRequestEventsTable;
  service_request_attachments: ServiceRequestAttachmentsTable;
  service_request_keys: ServiceRequestKeysTable;
}
