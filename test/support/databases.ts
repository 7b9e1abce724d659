import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { useMinimalPasswordHashCostForTests } from '../../src/server/modules/accounts/password.ts';

// Every database a test makes stores its passwords at argon2's smallest cost (logins are then
// ~2 ms, not ~300 ms of a core); test/unit/password-hash.test.ts holds the product's own cost.
useMinimalPasswordHashCostForTests();

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

/**
 * A fresh, migrated database of its own for one test file; `from` copies a template (a closed
 * SQLite file, or a PostgreSQL database nobody is connected to) instead of starting empty.
 */
export async function freshDatabase(dialect: TestDialect, options: { migrate?: boolean; from?: string } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-test-'));
  if (dialect === 'sqlite') {
    const url = join(dataDir, 'linli.sqlite');
    if (options.from) copyFileSync(options.from, url);
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
  await createFrom(admin, name, options.from);
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

/**
 * CREATE DATABASE, from a template when given. PostgreSQL refuses to copy a template while another
 * session is connected to it, and two files can ask at the same moment: try again a few times.
 */
async function createFrom(admin: pg.Client, name: string, template: string | undefined): Promise<void> {
  if (!template) {
    await admin.query(`create database ${name}`);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
