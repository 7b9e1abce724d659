/**
 * SQL of needs: the needs themselves, supports (one per person per need), follows, answers, merges
 * and support thresholds, plus the registry look-ups a support needs (the person linked to an
 * account, a person by id). The only file of the needs that writes SQL.
 */
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type {
  LinkageEventsTable,
  LinkageNeedAnswersTable,
  LinkageNeedMergesTable,
  LinkageNeedSupportsTable,
  NewLinkageNeedRow,
} from '../../db/tables/linkage-procurement.ts';

export const DEFAULT_THRESHOLD = 10;

const needColumns = [
  'n.area_code',
  'n.id',
  'n.category',
  'n.title',
  'n.description',
  'n.photo',
  'n.channel',
  'n.evidence_kind',
  'n.evidence',
  'n.status',
  'n.merged_into_id',
  'n.supports',
  'n.raised_by_user_id',
  'n.created_at',
  'n.version',
] as const;

function needQuery(db: Db) {
  return db
    .selectFrom('linkage_needs as n')
    .leftJoin('areas as a', 'a.code', 'n.area_code')
    .leftJoin('linkage_support_thresholds as t', 't.area_code', 'n.area_code')
    .select([...needColumns, 'a.name as area_name', 't.threshold']);
}
export type NeedRow = NonNullable<Awaited<ReturnType<typeof findNeed>>>;

export async function findNeed(db: Db, id: string) {
  return needQuery(db).where('n.id', '=', id).executeTakeFirst();
}

export interface NeedFilter {
  scope: string;
  status?: string;
  category?: string;
  followedBy?: string;
  limit: number;
  offset: number;
}

export async function listNeeds(db: Db, f: NeedFilter): Promise<{ rows: NeedRow[]; total: number }> {
  let q = db.selectFrom('linkage_needs as n').where((eb) => withinArea(eb, 'n.area_code', f.scope));
  if (f.status) q = q.where('n.status', '=', f.status);
  else q = q.where('n.status', '!=', 'merged');
  if (f.category) q = q.where('n.category', '=', f.category);
  if (f.followedBy) {
    const user = f.followedBy;
    q = q.where((eb) => eb.exists(eb.selectFrom('linkage_need_follows as f').select('f.need_id').whereRef('f.need_id', '=', 'n.id').where('f.user_id', '=', user)));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);
  const ids = await q.select('n.id').orderBy('n.supports', 'desc').orderBy('n.created_at', 'desc').orderBy('n.id').limit(f.limit).offset(f.offset).execute();
  if (ids.length === 0) return { rows: [], total };
  const rows = await needQuery(db)
    .where(
      'n.id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((r) => byId.get(r.id)!), total };
}

export async function insertNeed(db: Db, row: NewLinkageNeedRow): Promise<void> {
  await db.insertInto('linkage_needs').values(row).execute();
}

export async function updateNeedStatus(db: Db, id: string, version: number, status: string, mergedInto: string | null = null): Promise<boolean> {
  const r = await db
    .updateTable('linkage_needs')
    .set({ status, merged_into_id: mergedInto, version: version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Recounts a need's supports from its rows (the count never drifts from the rows). */
export async function recountSupports(db: Db, areaCode: string, id: string): Promise<number> {
  const c = await db.selectFrom('linkage_need_supports').select((eb) => eb.fn.countAll<number>().as('c')).where('area_code', '=', areaCode).where('need_id', '=', id).executeTakeFirstOrThrow();
  const count = Number(c.c);
  await db.updateTable('linkage_needs').set({ supports: count, updated_at: new Date().toISOString() }).where('area_code', '=', areaCode).where('id', '=', id).execute();
  return count;
}

export async function insertSupport(db: Db, row: LinkageNeedSupportsTable): Promise<boolean> {
  const r = await db.insertInto('linkage_need_supports').values(row).onConflict((oc) => oc.columns(['area_code', 'need_id', 'supporter_key']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function supportKeysOf(db: Db, needIds: readonly string[], keys: readonly string[]): Promise<Set<string>> {
  if (needIds.length === 0 || keys.length === 0) return new Set();
  const rows = await db.selectFrom('linkage_need_supports').select('need_id').where('need_id', 'in', needIds).where('supporter_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.need_id));
}

export async function followedOf(db: Db, needIds: readonly string[], userId: string): Promise<Set<string>> {
  if (needIds.length === 0) return new Set();
  const rows = await db.selectFrom('linkage_need_follows').select('need_id').where('need_id', 'in', needIds).where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => r.need_id));
}

export async function supportsOf(db: Db, areaCode: string, needId: string) {
  return db
    .selectFrom('linkage_need_supports as s')
    .leftJoin('persons as p', (j) => j.onRef('p.area_code', '=', 's.person_area_code').onRef('p.id', '=', 's.person_id'))
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select(['s.channel', 's.at', 'p.name as person_name', 'u.display_name'])
    .where('s.area_code', '=', areaCode)
    .where('s.need_id', '=', needId)
    .orderBy('s.at')
    .execute();
}

export async function follow(db: Db, areaCode: string, needId: string, userId: string): Promise<void> {
  await db
    .insertInto('linkage_need_follows')
    .values({ area_code: areaCode, need_id: needId, user_id: userId, at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['area_code', 'need_id', 'user_id']).doNothing())
    .execute();
}

export async function unfollow(db: Db, areaCode: string, needId: string, userId: string): Promise<void> {
  await db.deleteFrom('linkage_need_follows').where('area_code', '=', areaCode).where('need_id', '=', needId).where('user_id', '=', userId).execute();
}

export async function insertAnswer(db: Db, row: LinkageNeedAnswersTable): Promise<void> {
  await db.insertInto('linkage_need_answers').values(row).execute();
}

export async function answersOf(db: Db, needIds: readonly string[]) {
  if (needIds.length === 0) return [];
  return db.selectFrom('linkage_need_answers').selectAll().where('need_id', 'in', needIds).orderBy('at').execute();
}

export async function findAnswer(db: Db, needId: string, id: string) {
  return db.selectFrom('linkage_need_answers').selectAll().where('need_id', '=', needId).where('id', '=', id).executeTakeFirst();
}

export async function publishAnswer(db: Db, areaCode: string, id: string, text: string, by: string): Promise<void> {
  await db.updateTable('linkage_need_answers').set({ public_text: text, published_at: new Date().toISOString(), published_by: by }).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

/** Moves the supports and follows of `from` to `into`, keeping one per person; returns how many supports moved. */
export async function moveSupports(db: Db, areaCode: string, fromId: string, intoId: string): Promise<number> {
  const rows = await db.selectFrom('linkage_need_supports').selectAll().where('area_code', '=', areaCode).where('need_id', '=', fromId).execute();
  let moved = 0;
  for (const r of rows) {
    if (await insertSupport(db, { ...r, need_id: intoId })) moved++;
  }
  await db.deleteFrom('linkage_need_supports').where('area_code', '=', areaCode).where('need_id', '=', fromId).execute();
  const follows = await db.selectFrom('linkage_need_follows').selectAll().where('area_code', '=', areaCode).where('need_id', '=', fromId).execute();
  for (const f of follows) await follow(db, areaCode, intoId, f.user_id);
  return moved;
}

export async function insertMerge(db: Db, row: LinkageNeedMergesTable): Promise<void> {
  await db.insertInto('linkage_need_merges').values(row).execute();
}

export async function projectIdsOf(db: Db, needIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (needIds.length === 0) return out;
  const rows = await db.selectFrom('linkage_project_needs').select(['need_id', 'project_id']).where('need_id', 'in', needIds).execute();
  for (const r of rows) out.set(r.need_id, [...(out.get(r.need_id) ?? []), r.project_id]);
  return out;
}

export async function threshold(db: Db, areaCode: string): Promise<number> {
  const r = await db.selectFrom('linkage_support_thresholds').select('threshold').where('area_code', '=', areaCode).executeTakeFirst();
  return r?.threshold ?? DEFAULT_THRESHOLD;
}

export async function setThreshold(db: Db, areaCode: string, value: number, by: string): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('linkage_support_thresholds')
    .values({ area_code: areaCode, threshold: value, set_at: at, set_by: by })
    .onConflict((oc) => oc.column('area_code').doUpdateSet({ threshold: value, set_at: at, set_by: by }))
    .execute();
}

export async function insertEvent(db: Db, row: LinkageEventsTable): Promise<void> {
  await db.insertInto('linkage_events').values(row).execute();
}

// ---- registry look-ups (read models of the residents' tables, no personal numbers) ----

/** The registry person an account is (a resident linked to their person), if any. */
export async function personOfUser(db: Db, userId: string) {
  return db.selectFrom('persons').select(['area_code', 'id', 'name']).where('user_id', '=', userId).executeTakeFirst();
}

export async function findPerson(db: Db, id: string) {
  return db.selectFrom('persons').select(['area_code', 'id', 'name', 'user_id']).where('id', '=', id).executeTakeFirst();
}

export async function areaExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}
