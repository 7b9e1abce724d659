import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export type TestDialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL when scripts/test.mjs found one (LINLI_TEST_POSTGRES_URL). */
export const DIALECTS: TestDialect[] = process.env.LINLI_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  handle: DatabaseHandle;
  dialect: TestDialect;
  url: string;
  dataDir: string;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function freshDatabase(dialect: TestDialect, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-test-'));
  if (dialect === 'sqlite') {
    const url = join(dataDir, 'linli.sqlite');
    const handle = createDatabase('sqlite', url);
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return {
      handle,
      dialect,
      url,
      dataDir,
      drop: async () => {
        await handle.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.LINLI_TEST_POSTGRES_URL!;
  const name = `linli_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const handle = createDatabase('postgres', url, { poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    handle,
    dialect,
    url,
    dataDir,
    drop: async () => {
      await handle.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
