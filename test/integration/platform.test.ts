import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS, freshDatabase } from '../support/databases.ts';
import { DEMO_DIR, seedDemo } from '../../src/server/seed/demo.ts';
import { asMultiPolygon, pointInMultiPolygon } from '../../src/engine/geo/polygon.ts';

for (const dialect of DIALECTS) {
  describe(`platform (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
    });
    after(() => t.close());

    test('health needs no login and names the database', async () => {
      const res = await t.anonymous.get('/api/v1/health');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(Object.keys(res.json()).sort(), ['database', 'status', 'version']);
      assert.equal(res.json().status, 'ok');
      assert.equal(res.json().database, dialect);
    });

    test('an unknown route is 404 in the one error shape', async () => {
      const res = await t.anonymous.get('/api/v1/nothing-here');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'not_found');
      assert.equal(typeof res.json().requestId, 'string');
    });

    test('malformed JSON is 400, never 500', async () => {
      const res = await t.anonymous.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "demo-admin", "password": ',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'malformed_json');
      const empty = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
      assert.equal(empty.statusCode, 400);
      const wrongType = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 5, password: [] } });
      assert.equal(wrongType.statusCode, 400);
      assert.equal(wrongType.json().error.code, 'validation_failed');
    });

    test('the OpenAPI document describes the routes and the error shape', async () => {
      const res = await t.anonymous.get('/api/docs/json');
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.0.3');
      for (const path of ['/api/v1/health', '/api/v1/areas/{code}', '/api/v1/areas/{code}/children', '/api/v1/auth/login', '/api/v1/users', '/api/v1/audit']) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths['/api/v1/areas/{code}'].get.responses['403']);
    });

    test('responses are not cached and not sniffed', async () => {
      const res = await t.anonymous.get('/api/v1/health');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    });
  });
}

describe('demo seed', () => {
  test('is deterministic and places every community inside its real county', async () => {
    const a = await freshDatabase('sqlite');
    const b = await freshDatabase('sqlite');
    try {
      await seedDemo(a.handle);
      await seedDemo(b.handle);
      const read = (db: typeof a) =>
        db.handle.db
          .selectFrom('areas')
          .leftJoin('area_statistics', 'area_statistics.area_code', 'areas.code')
          .select(['code', 'lon', 'lat', 'kind', 'year', 'resident_population', 'registered_population', 'aged_60_plus', 'households'])
          .orderBy('code')
          .orderBy('year')
          .execute();
      const [rowsA, rowsB] = await Promise.all([read(a), read(b)]);
      assert.deepEqual(rowsA, rowsB);

      const geo = JSON.parse(readFileSync(`${DEMO_DIR}counties.geojson`, 'utf8'));
      const shapes = new Map<string, ReturnType<typeof asMultiPolygon>>(
        geo.features.map((f: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }) => [f.properties.code, asMultiPolygon(f.geometry)]),
      );
      const communities = await a.handle.db.selectFrom('areas').select(['code', 'lon', 'lat', 'generated']).where('level', '=', 5).execute();
      assert.equal(communities.length, 1590);
      for (const c of communities) {
        const county = c.code.slice(0, 6) === '340871' ? '340811' : c.code.slice(0, 6);
        assert.ok(pointInMultiPolygon(c.lon!, c.lat!, shapes.get(county)!), `${c.code} lies outside county ${county}`);
        assert.ok(Boolean(c.generated));
      }

      // Plausible figures: villages are older and emptier than urban communities.
      const stats = await a.handle.db
        .selectFrom('area_statistics')
        .innerJoin('areas', 'areas.code', 'area_statistics.area_code')
        .select(['areas.kind', 'resident_population', 'registered_population', 'aged_60_plus', 'households'])
        .where('year', '=', 2025)
        .execute();
      const share = (kind: string, f: (r: (typeof stats)[number]) => number) => {
        const rows = stats.filter((r) => r.kind === kind);
        return rows.reduce((s, r) => s + f(r), 0) / rows.reduce((s, r) => s + r.resident_population, 0);
      };
      assert.ok(share('rural', (r) => r.aged_60_plus) > share('urban', (r) => r.aged_60_plus));
      assert.ok(share('rural', (r) => r.registered_population) > 1, 'villages have more hukou than residents (outflow)');
      assert.ok(share('urban', (r) => r.registered_population) < 1, 'towns have more residents than hukou (inflow)');
      for (const r of stats) assert.ok(r.households > 0 && r.households < r.resident_population);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});
