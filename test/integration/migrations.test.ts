import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { migrateDown, migrateToLatest, migrateUp } from '../../src/server/db/migrate.ts';
import { migrations } from '../../src/server/db/migrations/index.ts';
import type { Db } from '../../src/server/db/database.ts';

/**
 * Everything a migration can leave behind, as plain rows to compare: tables, columns, indexes,
 * constraints (and on PostgreSQL sequences, views, types and functions), plus each table's row
 * count (migrations seed templates). Kysely's own bookkeeping tables are left out.
 */
type Schema = Record<string, unknown[]>;

/** SQLite keeps the CREATE text: compared without quoting, spacing or constraint names. */
function normalSql(text: string | null): string | null {
  if (text === null) return null;
  return text
    .replace(/["`[\]]/g, '')
    .replace(/\bconstraint\s+\w+\s+/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .toLowerCase()
    .trim();
}

async function rowCounts(db: Db, tables: string[]): Promise<Array<[string, number]>> {
  const counts: Array<[string, number]> = [];
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts.push([table, Number(rows[0].n)]);
  }
  return counts;
}

async function sqliteSchema(db: Db): Promise<Schema> {
  const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master
    where name not like 'sqlite_%' and tbl_name not like 'kysely_migration%'
    order by type, name`.execute(db);
  const tables = rows.filter((r) => r.type === 'table').map((r) => r.name);
  const columns: unknown[] = [];
  for (const table of tables) {
    const info = await sql<Record<string, unknown>>`select name, type, "notnull", dflt_value, pk from pragma_table_info(${table}) order by name`.execute(db);
    columns.push(...info.rows.map((c) => ({ table, ...c })));
  }
  return {
    objects: rows.map((r) => ({ type: r.type, name: r.name, table: r.tbl_name, sql: normalSql(r.sql) })),
    columns,
    rows: await rowCounts(db, tables),
  };
}

async function postgresSchema(db: Db): Promise<Schema> {
  const q = async (query: ReturnType<typeof sql>): Promise<unknown[]> => (await query.execute(db)).rows;
  const relations = (await q(sql`
    select c.relname as name, c.relkind as kind from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relname not like 'kysely_migration%'
    order by c.relname`)) as Array<{ name: string; kind: string }>;
  const tables = relations.filter((r) => r.kind === 'r').map((r) => r.name);
  return {
    relations,
    // Column order is left out: PostgreSQL never reuses the position of a dropped column.
    columns: await q(sql`
      select table_name, column_name, data_type, character_maximum_length, numeric_precision,
             is_nullable, column_default, collation_name
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_migration%'
      order by table_name, column_name`),
    indexes: await q(sql`
      select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename not like 'kysely_migration%'
      order by tablename, indexname`),
    constraints: await q(sql`
      select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
      from pg_constraint
      where connamespace = 'public'::regnamespace and conrelid::regclass::text not like 'kysely_migration%'
      order by 1, 2`),
    types: await q(sql`
      select typname, typtype from pg_type
      where typnamespace = 'public'::regnamespace and typtype in ('e', 'd', 'r', 'm')
      order by typname`),
    functions: await q(sql`select proname from pg_proc where pronamespace = 'public'::regnamespace order by proname`),
    rows: await rowCounts(db, tables),
  };
}

const schemaOf = (database: TestDatabase): Promise<Schema> =>
  database.dialect === 'sqlite' ? sqliteSchema(database.handle.db) : postgresSchema(database.handle.db);

const names = Object.keys(migrations);

test('every migration file is listed in migrations/index.ts, in the order of its name', () => {
  const dir = new URL('../../src/server/db/migrations/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => /^\d{10}_.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.ok(files.length >= 5, `found ${files.length} migration files`);
  assert.deepEqual(names, files);
});

for (const dialect of DIALECTS) {
  describe(`migrations up, down and up again (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(dialect, { migrate: false });
    });
    after(() => database.drop());

    test("each migration's down restores exactly the schema (and seeded rows) before its up", async () => {
      const db = database.handle.db;
      const before = [await schemaOf(database)];
      for (const name of names) {
        assert.deepEqual(await migrateUp(db), [name]);
        before.push(await schemaOf(database));
      }
      // The walk compares something: the latest schema has every table the application uses.
      const latest = before.at(-1)!;
      const tableNames = JSON.stringify(latest.relations ?? latest.objects);
      for (const table of ['areas', 'users', 'audit_log', 'facilities', 'persons', 'households', 'planning_scenarios', 'plans']) {
        assert.ok(tableNames.includes(`"${table}"`), `table ${table} after every up`);
      }
      assert.notDeepEqual(latest, before[0]);

      for (let i = names.length; i >= 1; i--) {
        assert.deepEqual(await migrateDown(db), [names[i - 1]], `down of ${names[i - 1]}`);
        assert.deepEqual(await schemaOf(database), before[i - 1], `the schema after the down of ${names[i - 1]} differs from the one before its up`);
      }
      // Nothing of ours is left behind once every migration is down.
      const empty = await schemaOf(database);
      for (const [key, list] of Object.entries(empty)) assert.deepEqual(list, [], `${key} left after every down`);

      assert.deepEqual(await migrateToLatest(db), names);
      assert.deepEqual(await schemaOf(database), latest, 'up again after every down gives the same schema');
    });
  });
}
