/**
 * Tables of offline sync (issue #18), collected into `SyncTables`, which `Database` (../schema.ts)
 * extends. Snake_case columns as the migration creates them.
 */

/** A phone or tablet of a user, registered before its first push or pull. */
export interface SyncDevicesTable {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_contact_at: string | null;
  /** A revoked device is refused (403 device_revoked) and wipes its data at that contact. */
  revoked_at: string | null;
}

/** One pushed command, keyed by its user and idempotency key: applied once, its result kept for replays. */
export interface SyncCommandsTable {
  user_id: string;
  idempotency_key: string;
  id: string;
  device_id: string;
  kind: string;
  /** `applying` while a push works on it; `done` with its result. */
  state: string;
  /** JSON of the CommandResult (contracts/sync.ts), once done. */
  result: string | null;
  device_created_at: string;
  received_at: string;
  done_at: string | null;
}

/** A field both the device and the server changed, kept until a person chooses. */
export interface SyncConflictsTable {
  area_code: string;
  id: string;
  record_kind: string;
  record_id: string;
  field: string;
  /** JSON values. */
  base: string;
  device: string;
  server: string;
  user_id: string;
  device_id: string;
  command_id: string;
  created_at: string;
  status: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** A record deleted, or moved out of `area_code`: pulls in that area drop it from the devices. */
export interface SyncTombstonesTable {
  area_code: string;
  id: string;
  record_kind: string;
  record_id: string;
  reason: string;
  at: string;
}

export interface SyncTables {
  sync_devices: SyncDevicesTable;
  sync_commands: SyncCommandsTable;
  sync_conflicts: SyncConflictsTable;
  sync_tombstones: SyncTombstonesTable;
}
