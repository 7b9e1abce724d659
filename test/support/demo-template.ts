/**
 * One seeded demo database per dialect for the whole test run. Seeding the demo city takes
 * seconds (about 4 s on SQLite and 7 s on PostgreSQL on the CI machine) and some forty test files
 * start from it on both dialects; scripts/test.mjs seeds it once before the runner starts, and
 * each file then gets its own copy: the SQLite file copied, the PostgreSQL database created from
 * it as a template. A file run on its own (node --test …) seeds its own database as before.
 *
 * Run as a script by scripts/test.mjs: `create` prints the template's description (JSON, one
 * line) for LINLI_TEST_DEMO_TEMPLATE; `drop <json>` removes it at the end of the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { useMinimalPasswordHashCostForTests } from '../../src/server/modules/accounts/password.ts';

export interface DemoTemplate {
  /** The secret key the template's personal data were encrypted with (hex). */
  secretKey: string;
  /** The seeded SQLite file (closed; copy it, never open it). */
  sqlite: string;
  /** The seeded PostgreSQL database's name, when a PostgreSQL answered. */
  postgres?: string;
}

/** The run's template, when scripts/test.mjs made one. */
export function demoTemplate(): DemoTemplate | null {
  const raw = process.env.LINLI_TEST_DEMO_TEMPLATE;
  return raw ? (JSON.parse(raw) as DemoTemplate) : null;
}

async function create(): Promise<DemoTemplate> {
  useMinimalPasswordHashCostForTests();
  const secretKey = randomBytes(32);
  const dir = mkdtempSync(join(tmpdir(), 'linli-demo-template-'));
  const file = join(dir, 'demo.sqlite');
  const sqlite = createDatabase('sqlite', file);
  await migrateToLatest(sqlite.db);
  await seedDemo(sqlite, { secretKey });
  // Fold the write-ahead log into the file so that the file alone is the database.
  sqlite.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.sqlite!.pragma('journal_mode = DELETE');
  await sqlite.destroy();
  const template: DemoTemplate = { secretKey: secretKey.toString('hex'), sqlite: file };
  const adminUrl = process.env.LINLI_TEST_POSTGRES_URL;
  if (adminUrl) {
    const name = `linli_demo_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    const handle = createDatabase('postgres', target.toString(), { poolSize: 2 });
    await migrateToLatest(handle.db);
    await seedDemo(handle, { secretKey });
    await handle.destroy();
    template.postgres = name;
  }
  return template;
}

async function drop(template: DemoTemplate): Promise<void> {
  rmSync(join(template.sqlite, '..'), { recursive: true, force: true });
  if (template.postgres && process.env.LINLI_TEST_POSTGRES_URL) {
    const admin = new pg.Client({ connectionString: process.env.LINLI_TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${template.postgres} with (force)`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [command, argument] = process.argv.slice(2);
  if (command === 'create') process.stdout.write(`${JSON.stringify(await create())}\n`);
  else if (command === 'drop') await drop(JSON.parse(argument!) as DemoTemplate);
  else throw new Error('usage: demo-template.ts create | drop <json>');
}
