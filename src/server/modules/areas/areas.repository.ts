import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { AreaRow, NewAreaRow, NewAreaStatisticsRow } from '../../db/schema.ts';

export async function findArea(db: Db, code: string): Promise<AreaRow | undefined> {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findAreas(db: Db, codes: string[]): Promise<AreaRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('areas').selectAll().where('code', 'in', codes).orderBy('code').execute();
}

export async function listChildren(db: Db, parentCode: string, afterCode: string | undefined, limit: number) {
  let query = db.selectFrom('areas').selectAll().where('parent_code', '=', parentCode);
  if (afterCode) query = query.where('code', '>', afterCode);
  return query.orderBy('code').limit(limit).execute();
}

export async function countChildren(db: Db, parentCode: string): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_code', '=', parentCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Areas strictly below `code`, counted by level and, for communities, by kind. */
export async function countDescendants(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['level', sql<string | null>`coalesce(kind_override, kind)`.as('kind'), (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => withinArea(eb, 'code', code))
    .where('code', '<>', code)
    .groupBy(['level', sql`coalesce(kind_override, kind)`])
    .execute();
}

export interface SearchFilter {
  scope: string;
  letters?: string;
  text?: string;
  level?: number;
  offset: number;
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

export async function searchAreas(db: Db, f: SearchFilter): Promise<{ rows: AreaRow[]; total: number }> {
  let query = db.selectFrom('areas').where((eb) => withinArea(eb, 'code', f.scope));
  if (f.level) query = query.where('level', '=', f.level);
  if (f.letters) {
    const prefix = `${escapeLike(f.letters)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('search_initials', 'like', sql<string>`${prefix} escape '\\'`),
        eb('search_pinyin', 'like', sql<string>`${prefix} escape '\\'`),
      ]),
    );
  } else if (f.text) {
    query = query.where('name', 'like', sql<string>`${`%${escapeLike(f.text)}%`} escape '\\'`);
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  // Higher levels first (a county before the villages named after it), then shorter names.
  const rows = await query
    .selectAll()
    .orderBy('level')
    .orderBy(sql`length(name)`)
    .orderBy('code')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total) };
}

export async function setKindOverride(db: Db, code: string, kindOverride: 'urban' | 'rural' | null): Promise<void> {
  await db.updateTable('areas').set({ kind_override: kindOverride }).where('code', '=', code).execute();
}

/**
 * Inserts or updates areas in chunks, keeping any kind override. Rows must come parents
 * first. Runs inside the caller's transaction.
 */
export async function upsertAreas(
  db: Db,
  rows: NewAreaRow[],
  options: { chunkSize: number; withPlaces: boolean; onChunk?: (n: number) => void },
): Promise<void> {
  const { chunkSize, withPlaces, onChunk } = options;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    await db
      .insertInto('areas')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          parent_code: eb.ref('excluded.parent_code'),
          level: eb.ref('excluded.level'),
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          search_initials: eb.ref('excluded.search_initials'),
          search_pinyin: eb.ref('excluded.search_pinyin'),
          ...(withPlaces ? { lon: eb.ref('excluded.lon'), lat: eb.ref('excluded.lat'), generated: eb.ref('excluded.generated') } : {}),
        })),
      )
      .execute();
    onChunk?.(chunk.length);
  }
}

export async function upsertStatistics(db: Db, rows: NewAreaStatisticsRow[], chunkSize = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await db
      .insertInto('area_statistics')
      .values(rows.slice(i, i + chunkSize))
      .onConflict((oc) =>
        oc.columns(['area_code', 'year']).doUpdateSet((eb) => ({
          resident_population: eb.ref('excluded.resident_population'),
          registered_population: eb.ref('excluded.registered_population'),
          households: eb.ref('excluded.households'),
          aged_60_plus: eb.ref('excluded.aged_60_plus'),
          children_under_16: eb.ref('excluded.children_under_16'),
          generated: eb.ref('excluded.generated'),
        })),
      )
      .execute();
  }
}

export async function countAreas(db: Db): Promise<number> {
  const row = await db.selectFrom('areas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function statisticsYears(db: Db, code: string): Promise<number[]> {
  const rows = await db
    .selectFrom('area_statistics')
    .select('year')
    .distinct()
    .where((eb) => withinArea(eb, 'area_code', code))
    .orderBy('year')
    .execute();
  return rows.map((r) => r.year);
}

/** Everything a roll-up needs, as plain rows: the tree, and the communities' figures for a year. */
export async function loadTree(db: Db) {
  return db.selectFrom('areas').select(['code', 'parent_code', 'level']).execute();
}

export async function loadStatistics(db: Db, year: number) {
  return db.selectFrom('area_statistics').selectAll().where('year', '=', year).execute();
}
