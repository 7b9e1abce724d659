import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { NewServiceItemRow, ServiceItemRow, ServicePublicationRow } from '../../db/tables/service-catalog.ts';

/** Characters LIKE treats specially, escaped (the query is the user's text). */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ItemFilter {
  category?: string;
  /** Simplified text searched in the name. */
  name?: string;
  /** Lower-case Latin letters searched in the pinyin initials and the whole pinyin. */
  letters?: string;
  /** Only these codes (the published ones). */
  codes?: readonly string[];
}

export async function findItem(db: Db, code: string): Promise<ServiceItemRow | undefined> {
  return db.selectFrom('service_items').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listItems(db: Db, filter: ItemFilter = {}): Promise<ServiceItemRow[]> {
  if (filter.codes && filter.codes.length === 0) return [];
  let query = db.selectFrom('service_items').selectAll();
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.codes) query = query.where('code', 'in', [...filter.codes]);
  if (filter.name) {
    const pattern = likeContains(filter.name);
    query = query.where((eb) => eb.or([eb('name', 'like', sql<string>`${pattern} escape '\\'`), eb('name_zh_tw', 'like', sql<string>`${pattern} escape '\\'`)]));
  }
  if (filter.letters) {
    const pattern = likeContains(filter.letters);
    query = query.where((eb) =>
      eb.or([
        eb('name_initials', 'like', sql<string>`${pattern} escape '\\'`),
        eb('name_pinyin', 'like', sql<string>`${pattern} escape '\\'`),
        eb(eb.fn('lower', ['name_en']), 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  return query.orderBy('category').orderBy('code').execute();
}

export async function insertItem(db: Db, row: NewServiceItemRow): Promise<void> {
  await db.insertInto('service_items').values(row).execute();
}

/** Replaces an item's content when the version still matches; false when it was stale. */
export async function updateItem(db: Db, code: string, version: number, row: Omit<NewServiceItemRow, 'code' | 'created_at' | 'version'>): Promise<boolean> {
  const result = await db
    .updateTable('service_items')
    .set({ ...row, version: version + 1 })
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type PublicationRowWithNames = ServicePublicationRow & { area_name: string | null };

/** Publications at any of `areaCodes` (an area and those above it), with the area's name. */
export async function publicationsAt(db: Db, areaCodes: readonly string[], itemCode?: string): Promise<PublicationRowWithNames[]> {
  if (areaCodes.length === 0) return [];
  let query = db
    .selectFrom('service_publications')
    .leftJoin('areas', 'areas.code', 'service_publications.area_code')
    .selectAll('service_publications')
    .select('areas.name as area_name')
    .where('service_publications.area_code', 'in', [...areaCodes]);
  if (itemCode !== undefined) query = query.where('service_publications.item_code', '=', itemCode);
  return query.orderBy('service_publications.item_code').orderBy('service_publications.area_code').execute();
}

/** Publications at an area and every area under it. */
export async function publicationsWithin(db: Db, areaCode: string): Promise<PublicationRowWithNames[]> {
  return db
    .selectFrom('service_publications')
    .leftJoin('areas', 'areas.code', 'service_publications.area_code')
    .selectAll('service_publications')
    .select('areas.name as area_name')
    .where('service_publications.area_code', 'like', `${areaCode}%`)
    .orderBy('service_publications.area_code')
    .orderBy('service_publications.item_code')
    .execute();
}

/** Publications of an item under an area (strictly below it). */
export async function publicationsBelow(db: Db, areaCode: string, itemCode: string): Promise<ServicePublicationRow[]> {
  return db
    .selectFrom('service_publications')
    .selectAll()
    .where('item_code', '=', itemCode)
    .where('area_code', 'like', `${areaCode}%`)
    .where('area_code', '!=', areaCode)
    .execute();
}

export async function findPublication(db: Db, areaCode: string, itemCode: string): Promise<ServicePublicationRow | undefined> {
  return db.selectFrom('service_publications').selectAll().where('area_code', '=', areaCode).where('item_code', '=', itemCode).executeTakeFirst();
}

export async function insertPublication(db: Db, row: ServicePublicationRow): Promise<void> {
  await db.insertInto('service_publications').values(row).execute();
}

export async function updatePublication(db: Db, areaCode: string, itemCode: string, changes: { committed_days: number | null; published_by: string | null; updated_at: string }): Promise<void> {
  await db.updateTable('service_publications').set(changes).where('area_code', '=', areaCode).where('item_code', '=', itemCode).execute();
}

export async function deletePublication(db: Db, areaCode: string, itemCode: string): Promise<boolean> {
  const result = await db.deleteFrom('service_publications').where('area_code', '=', areaCode).where('item_code', '=', itemCode).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function areaNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
