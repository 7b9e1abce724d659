/**
 * Tables of the agency part of the service side (one interface per table, collected here into
 * `AgencyTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them; the module's schema file maps rows to the API shape.
 */
import type { ColumnType } from 'kysely';

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/** 授权委托书: a resident (the principal) authorises an agent. Keyed by the principal's community. */
export interface MandatesTable {
  area_code: string;
  id: string;
  principal_person_id: string;
  principal_name: string;
  agent_user_id: string;
  coverage: string;
  /** JSON array of item codes (coverage `items`); '[]' otherwise. */
  item_codes: string;
  request_id: string | null;
  /** YYYY-MM-DD, both days included. */
  valid_from: string;
  valid_until: string;
  consent_kind: string;
  consent_sha256: string | null;
  consent_media_type: string | null;
  consent_size: number | null;
  witness_name: string | null;
  witness_note: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoked_by_username: string | null;
  revocation_reason: string | null;
  created_by: string | null;
  created_by_username: string | null;
  created_at: string;
  version: number;
}

/** 代办件: a request an agent filed under a mandate; its custody steps hang from it. */
export interface ErrandsTable {
  area_code: string;
  request_id: string;
  mandate_id: string;
  agent_user_id: string;
  principal_person_id: string;
  principal_name: string;
  item_code: string;
  /** The request's human reference and latest status, as the requests module's events told them. */
  request_number: string | null;
  request_status: string | null;
  filed_at: string;
  /** The last custody step recorded, null before the first. */
  last_step: string | null;
  last_step_at: string | null;
  /** The date the leg the agent owes now is due (null while the unit holds it, or once returned). */
  due_by: string | null;
  /** The date from which that leg warns. */
  warn_from: string | null;
  /** Whether the warning / overdue notice of the current leg has been sent (so a sweep sends it once). */
  warned: Bool;
  overdue_notified: Bool;
  version: number;
}

/** 材料交接: one hand-over of materials or the result. */
export interface CustodyStepsTable {
  area_code: string;
  id: string;
  request_id: string;
  step: string;
  /** 1..4, the step's place in the order; unique per request, so a step is recorded once. */
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  /** JSON array of strings. */
  items: string;
  note: string | null;
  confirmation: string | null;
  confirmed_by: string | null;
  due_by: string | null;
  late: Bool;
}

/** The in-app inbox: one row per message per user. */
export interface NotificationsTable {
  user_id: string;
  id: string;
  area_code: string;
  kind: string;
  request_id: string | null;
  /** JSON: what the message says (request number, item name, statuses, due date …); the web words it. */
  params: string;
  created_at: string;
  read_at: string | null;
}

/** The outbox: one row per message per channel, delivered by the dispatcher. */
export interface NotificationOutboxTable {
  id: string;
  user_id: string;
  area_code: string;
  channel: string;
  kind: string;
  request_id: string | null;
  params: string;
  created_at: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
}

export interface AgencyTables {
  mandates: MandatesTable;
  errands: ErrandsTable;
  custody_steps: CustodyStepsTable;
  notifications: NotificationsTable;
  notification_outbox: NotificationOutboxTable;
}
