import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { FacilityEventsTable, FacilityFundingRow, FacilityFundingTable, FacilityUpdate, NewFacilityRow } from '../../db/schema.ts';
import type { FacilityFilter, FacilityRowWithArea } from './facilities.schema.ts';

/**
 * Facilities with their community's name. The areas table is the shared reference table every
 * place-bound row joins; the join reads it, never writes it.
 */
function facilitiesWithArea(db: Db) {
  return db.selectFrom('facilities').leftJoin('areas', 'areas.code', 'facilities.area_code').selectAll('facilities').select('areas.name as area_name');
}

export async function findFacility(db: Db, id: string): Promise<FacilityRowWithArea | undefined> {
  return facilitiesWithArea(db).where('facilities.id', '=', id).executeTakeFirst();
}

export async function insertFacility(db: Db, row: NewFacilityRow): Promise<void> {
  await db.insertInto('facilities').values(row).execute();
}

export async function insertFacilities(db: Db, rows: NewFacilityRow[], chunkSize = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('facilities').values(rows.slice(i, i + chunkSize)).execute();
}

/** Updates when the version still matches; returns false when it was stale. */
export async function updateFacility(db: Db, areaCode: string, id: string, version: number, changes: FacilityUpdate): Promise<boolean> {
  const result = await db
    .updateTable('facilities')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertEvents(db: Db, rows: FacilityEventsTable[], chunkSize = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('facility_events').values(rows.slice(i, i + chunkSize)).execute();
}

export async function listEvents(db: Db, areaCode: string, id: string) {
  return db
    .selectFrom('facility_events')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('facility_id', '=', id)
    .orderBy('date')
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertFunding(db: Db, rows: FacilityFundingTable[], chunkSize = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('facility_funding').values(rows.slice(i, i + chunkSize)).execute();
}

export async function replaceFunding(db: Db, areaCode: string, id: string, rows: FacilityFundingTable[]): Promise<void> {
  await db.deleteFrom('facility_funding').where('area_code', '=', areaCode).where('facility_id', '=', id).execute();
  if (rows.length) await insertFunding(db, rows);
}

/** The funding of the given facilities, grouped by facility id. */
export async function fundingOf(db: Db, keys: { areaCode: string; id: string }[]): Promise<Map<string, FacilityFundingRow[]>> {
  const byId = new Map<string, FacilityFundingRow[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await db
      .selectFrom('facility_funding')
      .selectAll()
      .where('area_code', 'in', [...new Set(chunk.map((k) => k.areaCode))])
      .where('facility_id', 'in', chunk.map((k) => k.id))
      .execute();
    for (const r of rows) {
      const list = byId.get(r.facility_id) ?? [];
      list.push(r);
      byId.set(r.facility_id, list);
    }
  }
  return byId;
}

export interface ListFilter extends FacilityFilter {
  /** The prefix every row must lie under: the actor's scope or the area asked for inside it. */
  scope: string;
  after?: { areaCode: string; id: string };
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

function filtered(db: Db, f: ListFilter) {
  let query = db.selectFrom('facilities').leftJoin('areas', 'areas.code', 'facilities.area_code').where((eb) => withinArea(eb, 'facilities.area_code', f.scope));
  if (f.kind) query = query.where('facilities.kind', '=', f.kind);
  if (f.status) query = query.where('facilities.status', '=', f.status);
  if (f.urbanRural) query = query.where(sql`coalesce(areas.kind_override, areas.kind)`, '=', f.urbanRural);
  if (f.q) query = query.where('facilities.name', 'like', sql<string>`${`%${escapeLike(f.q)}%`} escape '\\'`);
  return query;
}

/** One page, in (area_code, id) order, with the total matching. */
export async function listFacilities(db: Db, f: ListFilter): Promise<{ rows: FacilityRowWithArea[]; total: number }> {
  const query = filtered(db, f);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll('facilities').select('areas.name as area_name');
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) =>
      eb.or([eb('facilities.area_code', '>', areaCode), eb.and([eb('facilities.area_code', '=', areaCode), eb('facilities.id', '>', id)])]),
    );
  }
  const rows = await page.orderBy('facilities.area_code').orderBy('facilities.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** Operating facilities, for coverage: where they are and how big. */
export async function loadOperating(db: Db) {
  return loadWithStatus(db, ['operating']);
}

/** Facilities in any of the statuses: where they are and how big (planning counts planned ones too). */
export async function loadWithStatus(db: Db, statuses: readonly string[]) {
  return db
    .selectFrom('facilities')
    .select(['area_code', 'kind', 'status', 'lon', 'lat', 'floor_area', 'activity_area'])
    .where('status', 'in', [...statuses])
    .execute();
}

/** Facilities of a kind in the listed communities, in any of the statuses: id, community and status. */
export async function findOfKindIn(db: Db, kind: string, areaCodes: readonly string[], statuses: readonly string[]) {
  if (areaCodes.length === 0) return [];
  return db
    .selectFrom('facilities')
    .select(['area_code', 'id', 'status'])
    .where('kind', '=', kind)
    .where('area_code', 'in', [...areaCodes])
    .where('status', 'in', [...statuses])
    .orderBy('area_code')
    .orderBy('id')
    .execute();
}

export async function countFacilities(db: Db, area: string): Promise<number> {
  const row = await db
    .selectFrom('facilities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => withinArea(eb, 'area_code', area))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every facility of a kind with its status history, oldest change first per facility. */
export async function loadStatusHistory(db: Db, kind: string) {
  return db
    .selectFrom('facility_events as e')
    .innerJoin('facilities as f', (j) => j.onRef('f.area_code', '=', 'e.area_code').onRef('f.id', '=', 'e.facility_id'))
    .select(['f.id', 'f.area_code', 'f.lon', 'f.lat', 'f.floor_area', 'e.date', 'e.to_status'])
    .where('f.kind', '=', kind)
    .orderBy('f.id')
    .orderBy('e.date')
    .orderBy('e.at')
    .execute();
}

/** Whether any facility under the area is generated (demo data). */
export async function hasGenerated(db: Db, area: string): Promise<boolean> {
  const row = await db.selectFrom('facilities').select('area_code').where('generated', '=', true).where((eb) => withinArea(eb, 'area_code', area)).limit(1).executeTakeFirst();
  return row !== undefined;
}
