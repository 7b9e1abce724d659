import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { BackupError, backupDatabase, checkBackup, restoreDatabase } from '../../src/server/cli/backup.ts';
import type { Db } from '../../src/server/db/database.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS, type TestDialect } from '../support/databases.ts';
import { runCli } from '../support/cli.ts';

/**
 * `linli backup` and `linli restore` on both databases: a backup taken while the app serves,
 * restored over changed data, gives back every table row for row; a file that is not a Linli
 * backup for this database is refused with a message saying why, and nothing changes.
 */

async function tableNames(db: Db, dialect: TestDialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Every table's row count and a checksum over its rows (order-independent). */
async function tableChecksums(db: Db, dialect: TestDialect): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const name of await tableNames(db, dialect)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]))).sort();
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`backup and restore (${dialect})`, () => {
    let t: TestApp;
    let worker: Client;
    let village: string;
    let cliEnv: Record<string, string>;
    const file = (name: string) => join(t.database.dataDir, name);

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      worker = await t.login('demo-worker');
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
      cliEnv = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: dialect === 'postgres' ? t.database.url : `sqlite:${t.database.url}`,
        LINLI_DATA_DIR: t.database.dataDir,
        LINLI_SECRET_KEY: t.config.secretKey.toString('hex'),
        LINLI_SEED_DEMO: 'false',
      };
    });
    after(async () => {
      await t?.close();
    });

    const addFacility = async (name: string) => {
      const response = await worker.post('/api/v1/facilities', { name, kind: 'comprehensive', areaCode: village, status: 'operating', statusDate: '2025-06-01', floorArea: 400, activityArea: 300 });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    };

    test('a backup taken while serving restores every table row for row over changed data', async () => {
      await addFacility('备份前的服务站');
      const before = await tableChecksums(t.database.handle.db, dialect);
      assert.ok(before.persons!.rows > 0 && before.facilities!.rows > 0 && before.users!.rows > 0, 'the demo data is there to compare');

      // Writes go on while the backup runs (the app keeps serving); the backup is consistent either way.
      const during = file('during.backup');
      const [summary] = await Promise.all([backupDatabase(t.config, t.database.handle, during), addFacility('备份期间的服务站')]);
      assert.ok(summary.bytes > 0);
      await checkBackup(t.config, during);

      const snapshot = await tableChecksums(t.database.handle.db, dialect);
      const backup = file('linli.backup');
      await backupDatabase(t.config, t.database.handle, backup);

      // Change the data three ways: a new row, a changed row, deleted rows.
      await addFacility('备份后的服务站');
      await sql`update users set display_name = 'changed after the backup' where username = 'demo-admin'`.execute(t.database.handle.db);
      await sql`delete from audit_log`.execute(t.database.handle.db);
      const changed = await tableChecksums(t.database.handle.db, dialect);
      assert.notDeepEqual(changed, snapshot);

      await restoreDatabase(t.config, backup);
      assert.deepEqual(await tableChecksums(t.database.handle.db, dialect), snapshot);
      // The app serves the restored data.
      const me = await worker.get('/api/v1/auth/me');
      assert.equal(me.statusCode, 200, me.body);
      const names = (await worker.get(`/api/v1/facilities?area=${village}&limit=500`)).json().items.map((f: { name: string }) => f.name);
      assert.ok(names.includes('备份期间的服务站'));
      assert.ok(!names.includes('备份后的服务站'));
    });

    test('restore refuses what is not a Linli backup for this database, and changes nothing', async () => {
      const snapshot = await tableChecksums(t.database.handle.db, dialect);
      const text = file('notes.txt');
      writeFileSync(text, 'this is not a backup\n');
      await assert.rejects(restoreDatabase(t.config, text), (e: Error) => e instanceof BackupError && /not a Linli backup/.test(e.message) && /nothing was changed/.test(e.message));
      await assert.rejects(restoreDatabase(t.config, file('missing.backup')), (e: Error) => e instanceof BackupError && /does not exist/.test(e.message));
      await assert.rejects(restoreDatabase(t.config, t.database.dataDir), (e: Error) => e instanceof BackupError && /not a file/.test(e.message));

      // A SQLite database that is not Linli's.
      const other = file('other.sqlite');
      const foreign = new SqliteDatabase(other);
      foreign.exec('create table notes (text text); insert into notes values (1)');
      foreign.close();
      const expected = dialect === 'sqlite' ? /not a Linli backup \(no kysely_migration table\)/ : /is a SQLite backup, but the configured database is PostgreSQL/;
      await assert.rejects(restoreDatabase(t.config, other), (e: Error) => e instanceof BackupError && expected.test(e.message));

      // A truncated backup.
      const whole = file('whole.backup');
      await backupDatabase(t.config, t.database.handle, whole);
      const truncated = file('truncated.backup');
      const { readFileSync } = await import('node:fs');
      const bytes = readFileSync(whole);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
      await assert.rejects(restoreDatabase(t.config, truncated), (e: Error) => e instanceof BackupError && /nothing was changed/.test(e.message));

      // A backup never overwrites a file.
      await assert.rejects(backupDatabase(t.config, t.database.handle, text), (e: Error) => e instanceof BackupError && /already exists/.test(e.message));

      assert.deepEqual(await tableChecksums(t.database.handle.db, dialect), snapshot);
    });

    test('the linli command backs up a serving database and refuses a file that is not a backup', async () => {
      const target = file('cli.backup');
      const backedUp = await runCli(['backup', target], cliEnv);
      assert.equal(backedUp.code, 0, backedUp.stderr);
      assert.match(backedUp.stdout, /backed up to/);
      await checkBackup(t.config, target);

      const snapshot = await tableChecksums(t.database.handle.db, dialect);
      const text = file('cli-notes.txt');
      writeFileSync(text, 'PGDMX not really\n');
      const refused = await runCli(['restore', text], cliEnv);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /is not a Linli backup/);
      assert.deepEqual(await tableChecksums(t.database.handle.db, dialect), snapshot);
    });

    if (dialect === 'postgres') {
      test('without pg_dump on the PATH the command says which tool is missing', async () => {
        const target = file('no-tools.backup');
        const result = await runCli(['backup', target], { ...cliEnv, PATH: '/nonexistent' });
        assert.equal(result.code, 1);
        assert.match(result.stderr, /pg_dump was not found on PATH/);
        assert.ok(!existsSync(target));
      });
    }
  });
}
