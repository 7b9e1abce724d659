import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { createDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

/**
 * Two application instances on one database (buildApp twice). On PostgreSQL each has its own
 * connection pool, as two server processes would, and a facility created through A shows in
 * the coverage read through B within one second (LISTEN/NOTIFY drops B's cache). On SQLite the
 * database belongs to one process: the two instances share the handle and the in-process
 * listeners drop the cache.
 */
const COVERAGE = '/api/v1/coverage';
/** 天堂镇, the county town of 岳西县. */
const TOWNSHIP = '340828103';
const FRESH_WITHIN_MS = 1000;

type Get = (url: string) => Promise<{ statusCode: number; body: string; json(): any }>;

async function loginOn(app: FastifyInstance, username: string) {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'linli-demo' } });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
  const csrf = login.json().csrfToken as string;
  const request = (options: InjectOptions) => app.inject({ ...options, headers: { cookie, 'x-csrf-token': csrf, ...options.headers } });
  return {
    get: ((url: string) => request({ method: 'GET', url })) as Get,
    post: (url: string, payload: object) => request({ method: 'POST', url, payload }),
  };
}

for (const dialect of DIALECTS) {
  describe(`several instances on one database (${dialect})`, () => {
    let t: TestApp;
    let handleB: DatabaseHandle;
    let appB: FastifyInstance;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      handleB = dialect === 'postgres' ? createDatabase('postgres', t.database.url, { poolSize: 3 }) : t.database.handle;
      appB = await buildApp(t.config, handleB);
      await appB.ready();
    });
    after(async () => {
      await appB?.close();
      if (dialect === 'postgres') await handleB?.destroy();
      await t?.close();
    });

    test('a facility created through A shows in the coverage read through B within a second', async () => {
      const a = await loginOn(t.app, 'demo-county');
      const b = await loginOn(appB, 'demo-county');
      const before = await b.get(`${COVERAGE}?area=${TOWNSHIP}`);
      assert.equal(before.statusCode, 200, before.body);
      const first = (await b.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=1`)).json().items[0];
      assert.ok(first, 'the township has an uncovered community');

      // B's figures are cached: a row written behind the services' back does not show in B.
      await sql`update area_statistics set resident_population = resident_population + 100000 where area_code = ${first.code}`.execute(t.database.handle.db);
      assert.deepEqual((await b.get(`${COVERAGE}?area=${TOWNSHIP}`)).json(), before.json());
      await sql`update area_statistics set resident_population = resident_population - 100000 where area_code = ${first.code}`.execute(t.database.handle.db);

      const created = await a.post('/api/v1/facilities', {
        areaCode: first.code,
        name: '多进程测试服务站',
        kind: 'comprehensive',
        status: 'operating',
        statusDate: '2025-06-01',
        floorArea: 400,
        activityArea: 300,
        location: { lon: first.lon, lat: first.lat },
      });
      assert.equal(created.statusCode, 201, created.body);
      const startedAt = performance.now();
      let fresh = false;
      while (performance.now() - startedAt < FRESH_WITHIN_MS) {
        const uncovered = (await b.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=500`)).json();
        if (!uncovered.items.some((c: { code: string }) => c.code === first.code)) {
          fresh = true;
          break;
        }
        await sleep(25);
      }
      assert.ok(fresh, `B still listed ${first.code} as uncovered ${FRESH_WITHIN_MS} ms after A created a facility there`);
      const after = (await b.get(`${COVERAGE}?area=${TOWNSHIP}`)).json();
      assert.ok(after.area.radiusCoverage.population.all.numerator >= before.json().area.radiusCoverage.population.all.numerator + first.residentPopulation);
    });
  });
}
