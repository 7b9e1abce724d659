/** The sync module's SQL: devices, the command ledger, conflicts and tombstones. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { SyncCommandsTable, SyncConflictsTable, SyncDevicesTable, SyncTombstonesTable } from '../../db/tables/sync.ts';

export type DeviceRow = Selectable<SyncDevicesTable>;
export type CommandRow = Selectable<SyncCommandsTable>;
export type ConflictRow = Selectable<SyncConflictsTable> & { username: string };
export type TombstoneRow = Selectable<SyncTombstonesTable>;

// ---- devices ----

export async function insertDevice(db: Db, row: Insertable<SyncDevicesTable>): Promise<void> {
  await db.insertInto('sync_devices').values(row).execute();
}

export async function findDevice(db: Db, id: string): Promise<(DeviceRow & { user_scope: string }) | undefined> {
  return db
    .selectFrom('sync_devices')
    .innerJoin('users', 'users.id', 'sync_devices.user_id')
    .selectAll('sync_devices')
    .select('users.scope_code as user_scope')
    .where('sync_devices.id', '=', id)
    .executeTakeFirst();
}

export async function devicesOf(db: Db, userId: string): Promise<DeviceRow[]> {
  return db.selectFrom('sync_devices').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function touchDevice(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sync_devices').set({ last_contact_at: at }).where('id', '=', id).execute();
}

export async function revokeDevice(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sync_devices').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

// ---- the command ledger ----

export async function findCommand(db: Db, userId: string, idempotencyKey: string): Promise<CommandRow | undefined> {
  return db.selectFrom('sync_commands').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** Claims a command for this push: false when the (user, key) row exists (an earlier or a concurrent push has it). */
export async function claimCommand(db: Db, row: Insertable<SyncCommandsTable>): Promise<boolean> {
  const result = await db
    .insertInto('sync_commands')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function completeCommand(db: Db, userId: string, idempotencyKey: string, result: string, at: string): Promise<void> {
  await db.updateTable('sync_commands').set({ state: 'done', result, done_at: at }).where('user_id', '=', userId).where('idempotency_key', '=', idempotencyKey).execute();
}

/** Releases a claim whose apply failed on the server's side (5xx), so a retry applies it. */
export async function releaseCommand(db: Db, userId: string, idempotencyKey: string): Promise<void> {
  await db.deleteFrom('sync_commands').where('user_id', '=', userId).where('idempotency_key', '=', idempotencyKey).where('state', '=', 'applying').execute();
}

// ---- conflicts ----

function conflictsWithUser(db: Db) {
  return db.selectFrom('sync_conflicts').innerJoin('users', 'users.id', 'sync_conflicts.user_id').selectAll('sync_conflicts').select('users.username as username');
}

export async function insertConflicts(db: Db, rows: Insertable<SyncConflictsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('sync_conflicts').values(rows).execute();
}

export async function findConflict(db: Db, id: string): Promise<ConflictRow | undefined> {
  return conflictsWithUser(db).where('sync_conflicts.id', '=', id).executeTakeFirst();
}

export async function conflictsOfCommand(db: Db, userId: string, commandId: string): Promise<ConflictRow[]> {
  return conflictsWithUser(db).where('sync_conflicts.user_id', '=', userId).where('sync_conflicts.command_id', '=', commandId).orderBy('sync_conflicts.field').execute();
}

export interface ConflictFilter {
  scope: string;
  status?: string;
  userId?: string;
}

export async function listConflicts(db: Db, f: ConflictFilter, page: { limit: number; before?: string }): Promise<{ rows: ConflictRow[]; total: number }> {
  const filtered = () => {
    let query = conflictsWithUser(db).where((eb) => withinArea(eb, 'sync_conflicts.area_code', f.scope));
    if (f.status) query = query.where('sync_conflicts.status', '=', f.status);
    if (f.userId) query = query.where('sync_conflicts.user_id', '=', f.userId);
    return query;
  };
  const total = await filtered()
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let query = filtered();
  if (page.before) query = query.where('sync_conflicts.id', '<', page.before);
  const rows = await query.orderBy('sync_conflicts.id', 'desc').limit(page.limit).execute();
  return { rows, total: Number(total.n) };
}

/** Marks an open conflict resolved; false when it was no longer open (someone else chose first). */
export async function resolveConflict(db: Db, areaCode: string, id: string, change: { resolution: string; resolved_by: string; resolved_at: string }): Promise<boolean> {
  const result = await db
    .updateTable('sync_conflicts')
    .set({ status: 'resolved', ...change })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- tombstones ----

/** Tombstones of `scope` after `after` ([at, id]) up to `until`, oldest first. */
export async function tombstonesAfter(db: Db, scope: string, kind: string, after: [string, string] | undefined, until: string, limit: number): Promise<TombstoneRow[]> {
  let query = db
    .selectFrom('sync_tombstones')
    .selectAll()
    .where((eb) => withinArea(eb, 'area_code', scope))
    .where('record_kind', '=', kind)
    .where('at', '<=', until);
  if (after) {
    const [at, id] = after;
    query = query.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]));
  }
  return query.orderBy('at').orderBy('id').limit(limit).execute();
}
