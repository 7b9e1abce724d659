import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Tables of the volunteers part of the service side (one interface per table, collected here into
 * `VolunteersTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them; the module's schema file maps rows to the API shape.
 */

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/** A volunteer (志愿者) of a community: a resident account, a registry person, or a name alone. */
export interface VolunteersTable {
  /** The community (12 digits) the volunteer is registered in. */
  area_code: string;
  id: string;
  name: string;
  /** Pinyin initials of the name, lower case, for search. */
  name_initials: string;
  /** The name in Simplified characters, for search typed in either script. */
  name_simplified: string;
  /** The user account that is this volunteer (a resident registering themselves). */
  user_id: string | null;
  /** The registry person this volunteer is. */
  person_id: string | null;
  /** JSON array of skill words. */
  skills: string;
  availability: string | null;
  /** JSON array of the area codes where the volunteer serves (the community itself by default). */
  service_areas: string;
  generated: Bool;
  created_at: string;
  created_by: string | null;
  /** active | paused | withdrawn (migration 2026121201_volunteer_status; active by default). */
  status: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A service record: hours a volunteer served, claimed, then verified or rejected by an organizer. */
export interface VolunteerHoursTable {
  area_code: string;
  id: string;
  volunteer_id: string;
  service_date: string;
  minutes: number;
  activity: string;
  /** claimed | verified | rejected */
  state: string;
  claimed_at: string;
  claimed_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  reason: string | null;
  /** The time bank transfer that credited these hours, when the community runs a time bank. */
  transfer_id: string | null;
  generated: Bool;
}

/** Whether a community runs a time bank, and its balance limits (minutes). */
export interface TimeBanksTable {
  area_code: string;
  active: Bool;
  min_balance: number;
  max_balance: number | null;
  /** Whether verified volunteer hours are credited to the volunteer's account. */
  credit_volunteer_hours: Bool;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** An account of a time bank: a member's (one per person per community) or the bank's own. */
export interface TimeBankAccountsTable {
  area_code: string;
  id: string;
  /** member | bank */
  kind: string;
  /** Who holds it, unique per community: `user:<id>`, `person:<id>`, `volunteer:<id>` or `bank`. */
  holder_key: string;
  holder_name: string;
  user_id: string | null;
  volunteer_id: string | null;
  opened_at: string;
  generated: Bool;
}

/** A transfer: immutable; its movements sum to zero. */
export interface TimeBankTransfersTable {
  area_code: string;
  id: string;
  /** payment | volunteerHours */
  kind: string;
  memo: string | null;
  /** What the transfer settles, unique: `hours:<id>` for credited volunteer hours (idempotent). */
  source_key: string | null;
  post_id: string | null;
  created_at: string;
  created_by: string | null;
  generated: Bool;
}

/**
 * One movement of one transfer on one account, immutable. `sequence` numbers an account's
 * movements 1, 2, 3 …; (account, sequence) is unique, so two writers that read the same last
 * movement cannot both append after it. `balance_after` is the running sum up to this movement.
 */
export interface TimeBankMovementsTable {
  area_code: string;
  account_id: string;
  sequence: number;
  transfer_id: string;
  minutes: number;
  balance_after: number;
  at: string;
}

/** An offer (I can help with …) or a request (I need …) posted in a community's time bank. */
export interface TimeBankPostsTable {
  area_code: string;
  id: string;
  /** offer | request */
  kind: string;
  account_id: string;
  title: string;
  description: string | null;
  minutes: number | null;
  /** open | closed */
  status: string;
  created_at: string;
  closed_at: string | null;
  generated: Bool;
}

export interface VolunteersTables {
  volunteers: VolunteersTable;
  volunteer_hours: VolunteerHoursTable;
  time_banks: TimeBanksTable;
  time_bank_accounts: TimeBankAccountsTable;
  time_bank_transfers: TimeBankTransfersTable;
  time_bank_movements: TimeBankMovementsTable;
  time_bank_posts: TimeBankPostsTable;
}

export type VolunteerRow = Selectable<VolunteersTable>;
export type NewVolunteerRow = Insertable<VolunteersTable>;
export type VolunteerHoursRow = Selectable<VolunteerHoursTable>;
export type NewVolunteerHoursRow = Insertable<VolunteerHoursTable>;
export type TimeBankRow = Selectable<TimeBanksTable>;
export type TimeBankAccountRow = Selectable<TimeBankAccountsTable>;
export type NewTimeBankAccountRow = Insertable<TimeBankAccountsTable>;
export type TimeBankTransferRow = Selectable<TimeBankTransfersTable>;
export type NewTimeBankTransferRow = Insertable<TimeBankTransfersTable>;
export type TimeBankMovementRow = Selectable<TimeBankMovementsTable>;
export type NewTimeBankMovementRow = Insertable<TimeBankMovementsTable>;
export type TimeBankPostRow = Selectable<TimeBankPostsTable>;
export type NewTimeBankPostRow = Insertable<TimeBankPostsTable>;
