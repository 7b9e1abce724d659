import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { InfoPointRow, InfoPointServiceRow, NewInfoPointRow, NewInfoPointServiceRow } from '../../db/tables/info-points.ts';

export type InfoPointRowWithNames = InfoPointRow & { area_name: string | null; operator_name: string | null; urban_rural: string | null };
export type ServiceRowWithName = InfoPointServiceRow & { recorded_by_name: string | null };

function pointsWithNames(db: Db) {
  return db
    .selectFrom('info_points')
    .leftJoin('areas', 'areas.code', 'info_points.area_code')
    .leftJoin('users', 'users.id', 'info_points.operator_user_id')
    .selectAll('info_points')
    .select(['areas.name as area_name', 'users.display_name as operator_name'])
    .select(sql<string | null>`coalesce(areas.kind_override, areas.kind)`.as('urban_rural'));
}

export async function insertPoint(db: Db, row: NewInfoPointRow): Promise<void> {
  await db.insertInto('info_points').values(row).execute();
}

export async function findPoint(db: Db, id: string): Promise<InfoPointRowWithNames | undefined> {
  return pointsWithNames(db).where('info_points.id', '=', id).executeTakeFirst();
}

/** Moves a point to the next version if it is still at `version` (compare and set). */
export async function updatePoint(db: Db, areaCode: string, id: string, version: number, changes: Partial<Omit<InfoPointRow, 'area_code' | 'id' | 'version'>>): Promise<boolean> {
  const result = await db
    .updateTable('info_points')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface PointFilter {
  scope: string;
  status?: string;
  operatorUserId?: string;
  /** Part of the name. */
  q?: string;
  /** A service the point offers. */
  service?: string;
  urbanRural?: string;
  after?: [string, string];
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

export async function listPoints(db: Db, f: PointFilter): Promise<{ rows: InfoPointRowWithNames[]; total: number }> {
  let counted = db.selectFrom('info_points').leftJoin('areas', 'areas.code', 'info_points.area_code').where((eb) => withinArea(eb, 'info_points.area_code', f.scope));
  let page = pointsWithNames(db).where((eb) => withinArea(eb, 'info_points.area_code', f.scope));
  if (f.status) {
    counted = counted.where('info_points.status', '=', f.status);
    page = page.where('info_points.status', '=', f.status);
  }
  if (f.operatorUserId) {
    counted = counted.where('info_points.operator_user_id', '=', f.operatorUserId);
    page = page.where('info_points.operator_user_id', '=', f.operatorUserId);
  }
  if (f.q) {
    const pattern = sql<string>`${`%${escapeLike(f.q)}%`} escape '\\'`;
    counted = counted.where('info_points.name', 'like', pattern);
    page = page.where('info_points.name', 'like', pattern);
  }
  if (f.service) {
    // services is a JSON array of words: the quoted word is found as it is written.
    const pattern = `%${JSON.stringify(f.service)}%`;
    counted = counted.where('info_points.services', 'like', pattern);
    page = page.where('info_points.services', 'like', pattern);
  }
  if (f.urbanRural) {
    counted = counted.where(sql`coalesce(areas.kind_override, areas.kind)`, '=', f.urbanRural);
    page = page.where(sql`coalesce(areas.kind_override, areas.kind)`, '=', f.urbanRural);
  }
  const { total } = await counted.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  if (f.after) {
    const [areaCode, id] = f.after;
    page = page.where((eb) => eb.or([eb('info_points.area_code', '>', areaCode), eb.and([eb('info_points.area_code', '=', areaCode), eb('info_points.id', '>', id)])]));
  }
  const rows = await page.orderBy('info_points.area_code').orderBy('info_points.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** Services served in [from, to) at each of the points (area code and id), by point id. */
export async function servedCounts(db: Db, points: readonly { area_code: string; id: string }[], from: string, to: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!points.length) return counts;
  const rows = await db
    .selectFrom('info_point_services')
    .select(['info_point_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('area_code', 'in', [...new Set(points.map((p) => p.area_code))])
    .where('info_point_id', 'in', points.map((p) => p.id))
    .where('served_at', '>=', from)
    .where('served_at', '<', to)
    .groupBy('info_point_id')
    .execute();
  for (const r of rows) counts.set(r.info_point_id, Number(r.n));
  return counts;
}

/** Agents whose scope is one of `scopes` (the community and the areas above it), with the name of their scope. */
export async function agentsScopedTo(db: Db, scopes: readonly string[]) {
  return db
    .selectFrom('users')
    .leftJoin('areas', 'areas.code', 'users.scope_code')
    .select(['users.id', 'users.display_name', 'users.scope_code', 'users.locked', 'areas.name as scope_name'])
    .where('users.role', '=', 'agent')
    .where('users.scope_code', 'in', [...scopes])
    .orderBy('users.scope_code', 'desc')
    .orderBy('users.display_name')
    .execute();
}

/** How many points that are not closed each of the users runs. */
export async function pointsRunBy(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!userIds.length) return counts;
  const rows = await db
    .selectFrom('info_points')
    .select(['operator_user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_user_id', 'in', [...userIds])
    .where('status', '!=', 'closed')
    .groupBy('operator_user_id')
    .execute();
  for (const r of rows) counts.set(r.operator_user_id, Number(r.n));
  return counts;
}

/** The operating point an operator runs in a community, if any (the oldest when several). */
export async function operatingPointOf(db: Db, operatorUserId: string, areaCode: string): Promise<InfoPointRow | undefined> {
  return db
    .selectFrom('info_points')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('operator_user_id', '=', operatorUserId)
    .where('status', '=', 'operating')
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function insertEvent(
  db: Db,
  row: { area_code: string; id: string; info_point_id: string; at: string; by_user_id: string | null; from_status: string | null; to_status: string; reason: string | null },
): Promise<void> {
  await db.insertInto('info_point_events').values(row).execute();
}

export async function eventsOf(db: Db, areaCode: string, pointId: string) {
  return db
    .selectFrom('info_point_events')
    .leftJoin('users', 'users.id', 'info_point_events.by_user_id')
    .select(['info_point_events.at', 'info_point_events.from_status', 'info_point_events.to_status', 'info_point_events.reason', 'users.display_name as by_name'])
    .where('info_point_events.area_code', '=', areaCode)
    .where('info_point_events.info_point_id', '=', pointId)
    .orderBy('info_point_events.at')
    .orderBy('info_point_events.id')
    .execute();
}

export async function insertService(db: Db, row: NewInfoPointServiceRow): Promise<void> {
  await db.insertInto('info_point_services').values(row).execute();
}

export async function insertServices(db: Db, rows: NewInfoPointServiceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('info_point_services').values(rows.slice(i, i + 200)).execute();
}

export async function findServiceByRequest(db: Db, areaCode: string, requestId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('info_point_services').select('id').where('area_code', '=', areaCode).where('request_id', '=', requestId).executeTakeFirst();
}

/** A point's services served in [from, to), newest first, with counts by kind. */
export async function servicesOf(
  db: Db,
  areaCode: string,
  pointId: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ rows: ServiceRowWithName[]; total: number; byKind: Record<string, number> }> {
  const base = db
    .selectFrom('info_point_services')
    .where('info_point_services.area_code', '=', areaCode)
    .where('info_point_services.info_point_id', '=', pointId)
    .where('info_point_services.served_at', '>=', from)
    .where('info_point_services.served_at', '<', to);
  const kinds = await base.select(['info_point_services.kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('info_point_services.kind').execute();
  const rows = await base
    .leftJoin('users', 'users.id', 'info_point_services.recorded_by')
    .selectAll('info_point_services')
    .select('users.display_name as recorded_by_name')
    .orderBy('info_point_services.served_at', 'desc')
    .orderBy('info_point_services.id', 'desc')
    .limit(limit)
    .execute();
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const k of kinds) {
    byKind[k.kind] = Number(k.n);
    total += Number(k.n);
  }
  return { rows, total, byKind };
}

export async function countServices(db: Db, areaCode: string, pointId: string, from: string, to: string): Promise<number> {
  const { n } = await db
    .selectFrom('info_point_services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_code', '=', areaCode)
    .where('info_point_id', '=', pointId)
    .where('served_at', '>=', from)
    .where('served_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Communities with at least one service recorded at one of their points in [from, to). */
export async function communitiesServed(db: Db, from: string, to: string): Promise<string[]> {
  const rows = await db.selectFrom('info_point_services').select('area_code').distinct().where('served_at', '>=', from).where('served_at', '<', to).execute();
  return rows.map((r) => r.area_code);
}

export async function findUser(db: Db, id: string): Promise<{ id: string; role: string; scope_code: string; display_name: string; locked: boolean | number } | undefined> {
  return db.selectFrom('users').select(['id', 'role', 'scope_code', 'display_name', 'locked']).where('id', '=', id).executeTakeFirst();
}
