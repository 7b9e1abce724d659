import { sql } from 'kysely';
import type { DatabaseHandle, Db } from '../../db/database.ts';
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

/** Every area's code, parent and name: what an import compares against. Raw on SQLite: 665,276 rows. */
export async function loadAreaNames(handle: DatabaseHandle): Promise<{ code: string; parentCode: string | null; name: string }[]> {
  if (handle.dialect === 'sqlite') {
    const rows = handle.sqlite!.prepare('select code, parent_code, name from areas').raw().all() as [string, string | null, string][];
    return rows.map(([code, parentCode, name]) => ({ code, parentCode, name }));
  }
  const rows = await handle.db.selectFrom('areas').select(['code', 'parent_code', 'name']).execute();
  return rows.map((r) => ({ code: r.code, parentCode: r.parent_code, name: r.name }));
}

const AREA_COLUMNS = [
  'code',
  'parent_code',
  'level',
  'name',
  'kind',
  'kind_override',
  'urban_rural_code',
  'lon',
  'lat',
  'search_initials',
  'search_pinyin',
  'generated',
] as const;
const PG_TYPES = ['text', 'text', 'int', 'text', 'text', 'text', 'text', 'float8', 'float8', 'text', 'text', 'bool'];

/**
 * Inserts or updates many areas in one transaction, keeping any kind override; rows come
 * parents first. `produce` hands rows to `write` as it gets them (the national import writes
 * while a worker thread still reads); whatever it throws rolls the whole write back. The bulk
 * path of the national import, so it skips the query builder: one prepared statement per row
 * on SQLite, arrays through unnest() on PostgreSQL.
 *
 * On SQLite the transaction is opened on the connection directly and stays open across
 * `produce`'s awaits: nothing else may use the database meanwhile (the import runs alone,
 * from the command line or the seed).
 */
export async function writeAreas(
  handle: DatabaseHandle,
  options: { withPlaces: boolean; large: boolean; chunkSize?: number },
  produce: (write: (rows: NewAreaRow[]) => Promise<void>) => Promise<void>,
): Promise<void> {
  const { withPlaces, large } = options;
  const updated = ['parent_code', 'level', 'name', 'kind', 'search_initials', 'search_pinyin', ...(withPlaces ? ['lon', 'lat', 'generated'] : [])];
  const set = updated.map((c) => `${c} = excluded.${c}`).join(', ');
  if (handle.dialect === 'sqlite') {
    const sqlite = handle.sqlite!;
    // Only the columns the import sets are bound (kind_override and urban_rural_code are
    // left as they are, null for a new row): fewer values per row is much of an insert's cost.
    const columns = ['code', ...updated];
    const tuple = `(${columns.map(() => '?').join(', ')}${withPlaces ? '' : ', 0'})`;
    const statement = (rowCount: number) =>
      sqlite.prepare(
        `insert into areas (${columns.join(', ')}${withPlaces ? '' : ', generated'}) values ${Array.from({ length: rowCount }, () => tuple).join(', ')} on conflict (code) do update set ${set}`,
      );
    // Many rows per statement: a call into SQLite per row is much of an insert's cost.
    const MANY = 64;
    const one = statement(1);
    const many = statement(MANY);
    const params: unknown[] = [];
    const push = withPlaces
      ? (r: NewAreaRow) =>
          params.push(r.code, r.parent_code ?? null, r.level, r.name, r.kind ?? null, r.search_initials ?? null, r.search_pinyin ?? null, r.lon ?? null, r.lat ?? null, r.generated ? 1 : 0)
      : (r: NewAreaRow) => params.push(r.code, r.parent_code ?? null, r.level, r.name, r.kind ?? null, r.search_initials ?? null, r.search_pinyin ?? null);
    const writeRows = (rows: NewAreaRow[]) => {
      let k = 0;
      for (; k + MANY <= rows.length; k += MANY) {
        params.length = 0;
        for (let j = k; j < k + MANY; j++) push(rows[j]!);
        many.run(params);
      }
      for (; k < rows.length; k++) {
        params.length = 0;
        push(rows[k]!);
        one.run(params);
      }
    };
    // A large load is faster into a table without its secondary index, built once at the end
    // (inside the same transaction, so a failure leaves the index as it was), and without a
    // foreign-key lookup per row. The import has checked every parent in memory (each row's
    // parent is in the database or earlier in the rows), so the check is switched off for
    // this one transaction — which must happen outside it.
    const checksKeys = large && sqlite.pragma('foreign_keys', { simple: true }) === 1;
    if (checksKeys) sqlite.pragma('foreign_keys = OFF');
    sqlite.exec('begin');
    try {
      if (large) sqlite.exec('drop index if exists areas_parent_idx');
      await produce(async (rows) => writeRows(rows));
      if (large) sqlite.exec('create index areas_parent_idx on areas (parent_code, code)');
      sqlite.exec('commit');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('rollback');
      throw error;
    } finally {
      if (checksKeys) sqlite.pragma('foreign_keys = ON');
    }
    return;
  }
  const chunk = options.chunkSize ?? 20_000;
  await handle.db.transaction().execute(async (trx) => {
    await produce(async (rows) => {
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        const matrix = part.map((r) => AREA_COLUMNS.map((c) => (c === 'generated' ? Boolean(r[c]) : (r[c] ?? null))));
        const columns = AREA_COLUMNS.map((_, c) => matrix.map((v) => v[c]));
        const arrays = sql.join(columns.map((column, c) => sql`${column}::${sql.raw(PG_TYPES[c]!)}[]`));
        await sql`insert into areas (${sql.raw(AREA_COLUMNS.join(', '))})
          select * from unnest(${arrays})
          on conflict (code) do update set ${sql.raw(set)}`.execute(trx);
      }
    });
  });
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

/** Every area with its name, kind and centroid, for engines that work over the whole tree. */
export async function loadAreaPoints(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'parent_code', 'level', 'name', sql<string | null>`coalesce(kind_override, kind)`.as('kind'), 'lon', 'lat'])
    .execute();
}

/** Whether any statistics under the area are generated (demo data). */
export async function hasGeneratedStatistics(db: Db, area: string): Promise<boolean> {
  const row = await db.selectFrom('area_statistics').select('area_code').where('generated', '=', true).where((eb) => withinArea(eb, 'area_code', area)).limit(1).executeTakeFirst();
  return row !== undefined;
}
