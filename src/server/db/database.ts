import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseDialect } from '../config.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: DatabaseDialect;
  /** The raw better-sqlite3 handle, for bulk paths that need it (SQLite only). */
  readonly sqlite?: SqliteDatabase.Database;
  destroy(): Promise<void>;
}

/** SQLite cannot bind JavaScript booleans; PostgreSQL stores them as boolean. Convert on the way in. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * The database Kysely's SQLite dialect talks to: better-sqlite3, with two differences.
 * Kysely prepares every query afresh, and on SQLite preparing costs more than running a small
 * query, so statements are cached by their SQL text (queries are parameterised, so the set is
 * small; safe because better-sqlite3 runs one statement at a time). And booleans are bound as
 * 1 and 0.
 */
function kyselySqlite(sqlite: SqliteDatabase.Database, limit = 1000) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const wrap = (statement: SqliteDatabase.Statement) => ({
    reader: statement.reader,
    all: (parameters: readonly unknown[]) => statement.all(bindable(parameters)),
    run: (parameters: readonly unknown[]) => statement.run(bindable(parameters)),
    iterate: (parameters: readonly unknown[]) => statement.iterate(bindable(parameters)),
  });
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return wrap(statement);
    },
  };
}

let pgTypesSet = false;
/** Counts, sums and decimals come back as numbers; timestamps as ISO-8601 strings, as SQLite keeps them. */
function setPostgresTypes(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
}

export function createDatabase(dialect: DatabaseDialect, url: string, options: { poolSize?: number } = {}): DatabaseHandle {
  if (dialect === 'postgres') {
    setPostgresTypes();
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection that dies (a database restart) must not take the process down;
    // the pool replaces it on the next query.
    pool.on('error', (error) => console.error(`postgres: idle connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect, destroy: () => db.destroy() };
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SqliteDatabase(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A national import touches ~200 MB of pages in one transaction; a small cache makes it spill and crawl.
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('temp_store = memory');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqlite(sqlite) }) });
  return { db, dialect, sqlite, destroy: () => db.destroy() };
}
