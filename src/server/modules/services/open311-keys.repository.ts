import type { Db } from '../../db/database.ts';
import type { Open311KeyRow } from '../../db/tables/service-catalog.ts';

export type Open311KeyRowWithArea = Open311KeyRow & { area_name: string | null; account: string | null };

function withArea(db: Db) {
  return db
    .selectFrom('open311_keys')
    .leftJoin('areas', 'areas.code', 'open311_keys.area_code')
    .leftJoin('users', 'users.id', 'open311_keys.user_id')
    .selectAll('open311_keys')
    .select(['areas.name as area_name', 'users.username as account']);
}

export async function keysWithin(db: Db, areaCode: string): Promise<Open311KeyRowWithArea[]> {
  return withArea(db).where('open311_keys.area_code', 'like', `${areaCode}%`).orderBy('open311_keys.created_at', 'desc').orderBy('open311_keys.id').execute();
}

export async function findKey(db: Db, id: string): Promise<Open311KeyRowWithArea | undefined> {
  return withArea(db).where('open311_keys.id', '=', id).executeTakeFirst();
}

export async function findKeyByHash(db: Db, hash: string): Promise<Open311KeyRow | undefined> {
  return db.selectFrom('open311_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
}

export async function insertKey(db: Db, row: Open311KeyRow): Promise<void> {
  await db.insertInto('open311_keys').values(row).execute();
}

export async function revokeKey(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('open311_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account a key acts as: what a session's actor holds. */
export async function findAccount(db: Db, by: { id?: string; username?: string }) {
  let query = db.selectFrom('users').select(['id', 'username', 'role', 'scope_code', 'locked']);
  if (by.id !== undefined) query = query.where('id', '=', by.id);
  if (by.username !== undefined) query = query.where('username', '=', by.username);
  return query.executeTakeFirst();
}
