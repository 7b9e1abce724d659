import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';
import { assertFieldNamed } from '../support/assertions.ts';

for (const dialect of DIALECTS) {
  describe(`areas (${dialect})`, () => {
    let t: TestApp;
    let city: Client;
    let county: Client;
    let worker: Client;
    let admin: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [city, county, worker, admin] = await Promise.all([
        t.login('demo-city'),
        t.login('demo-county'),
        t.login('demo-worker'),
        t.login('demo-admin'),
      ]);
    });
    after(() => t.close());

    test('an area comes with its path, counts below it and rolled-up statistics', async () => {
      const res = await county.get('/api/v1/areas/340828');
      assert.equal(res.statusCode, 200);
      const area = res.json();
      assert.equal(area.name, '岳西县');
      assert.equal(area.level, 3);
      assert.equal(area.fullCode, '340828000000');
      assert.deepEqual(
        area.path.map((p: { code: string }) => p.code),
        ['34', '3408'],
      );
      assert.equal(area.childCounts.byLevel.township, area.childCounts.direct);
      const { urban, rural, total } = area.childCounts.communities;
      assert.equal(urban + rural, total);
      assert.ok(rural > urban, 'a mountain county is mostly villages');
      assert.equal(area.statistics.source, 'rollup');
      assert.equal(area.statistics.communitiesReporting, total);
      assert.equal(area.statistics.generated, true);

      // The roll-up equals the sum over the county's communities, straight from the table.
      const rows = await t.database.handle.db
        .selectFrom('area_statistics')
        .select(['resident_population', 'aged_60_plus'])
        .where('area_code', 'like', '340828%')
        .where('year', '=', area.statistics.year)
        .execute();
      assert.equal(area.statistics.residentPopulation, rows.reduce((s, r) => s + r.resident_population, 0));
      assert.equal(area.statistics.aged60Plus, rows.reduce((s, r) => s + r.aged_60_plus, 0));
    });

    test('the 12-digit zero-padded code names the same area', async () => {
      const res = await county.get('/api/v1/areas/340828000000');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().code, '340828');
    });

    test('a community reports its own figures and kind', async () => {
      const me = (await worker.get('/api/v1/auth/me')).json();
      const res = await worker.get(`/api/v1/areas/${me.user.scope}`);
      assert.equal(res.statusCode, 200);
      const area = res.json();
      assert.equal(area.level, 5);
      assert.equal(area.kind, 'rural');
      assert.equal(area.kindSource, 'name');
      assert.equal(area.statistics.source, 'reported');
      assert.equal(typeof area.lon, 'number');
      assert.equal(area.generated, true);
      assert.deepEqual(area.statisticsYears, [2024, 2025]);
      const older = await worker.get(`/api/v1/areas/${me.user.scope}?year=2024`);
      assert.equal(older.json().statistics.year, 2024);
      const none = await worker.get(`/api/v1/areas/${me.user.scope}?year=1999`);
      assert.equal(none.statusCode, 400);
      assert.equal(none.json().error.details.problems[0].field, 'year');
    });

    test('children come in code order, paged without gaps or repeats', async () => {
      const all = await county.get('/api/v1/areas/340828/children?limit=500');
      assert.equal(all.statusCode, 200);
      const everything = all.json();
      assert.equal(everything.items.length, everything.total);
      assert.equal(everything.nextCursor, null);
      const codes: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await county.get(`/api/v1/areas/340828/children?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.statusCode, 200);
        const body = page.json();
        assert.equal(body.total, everything.total);
        codes.push(...body.items.map((a: { code: string }) => a.code));
        cursor = body.nextCursor;
      } while (cursor);
      assert.deepEqual(codes, everything.items.map((a: { code: string }) => a.code));
      assert.deepEqual([...codes].sort(), codes);
      assert.ok(codes.every((c) => c.startsWith('340828') && c.length === 9));
    });

    test('search finds Simplified, Traditional and pinyin initials, within scope only', async () => {
      const simplified = (await city.get(`/api/v1/areas?q=${encodeURIComponent('岳西')}`)).json();
      assert.equal(simplified.items[0].code, '340828');
      const traditional = (await city.get(`/api/v1/areas?q=${encodeURIComponent('安慶')}`)).json();
      assert.ok(traditional.items.some((a: { code: string }) => a.code === '3408'));
      // "yx" is 岳西县 (yxx) and 宜秀区 (yxq) alike: both, and no county whose initials differ.
      const initials = (await city.get('/api/v1/areas?q=yx&level=3')).json();
      assert.deepEqual(initials.items.map((a: { name: string }) => a.name).sort(), ['宜秀区', '岳西县'].sort());
      const mixedCase = (await city.get('/api/v1/areas?q=YXX&level=3')).json();
      assert.equal(mixedCase.items[0].name, '岳西县');
      const fullPinyin = (await city.get('/api/v1/areas?q=yuexi&level=3')).json();
      assert.equal(fullPinyin.items[0].name, '岳西县');
      // A county official searching for another county's town finds nothing.
      const outside = (await county.get(`/api/v1/areas?q=${encodeURIComponent('宜城路')}`)).json();
      assert.equal(outside.total, 0);
      const inside = (await city.get(`/api/v1/areas?q=${encodeURIComponent('宜城路')}`)).json();
      assert.ok(inside.total >= 1);
      // Paging through search results.
      const page1 = (await city.get(`/api/v1/areas?q=${encodeURIComponent('村')}&limit=5`)).json();
      const page2 = (await city.get(`/api/v1/areas?q=${encodeURIComponent('村')}&limit=5&cursor=${page1.nextCursor}`)).json();
      assert.equal(page1.items.length, 5);
      assert.equal(new Set([...page1.items, ...page2.items].map((a: { code: string }) => a.code)).size, 10);
      // LIKE wildcards in the query are literal characters.
      const wildcard = (await city.get(`/api/v1/areas?q=${encodeURIComponent('%')}`)).json();
      assert.equal(wildcard.total, 0);
    });

    test('outside the scope is 403, and the refusal is audited', async () => {
      const res = await county.get('/api/v1/areas/3408');
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'forbidden');
      assert.ok(res.json().requestId);
      const sibling = await county.get('/api/v1/areas/340822/children');
      assert.equal(sibling.statusCode, 403);
      const within = await county.get(`/api/v1/areas?q=yx&within=3408`);
      assert.equal(within.statusCode, 403);
      const audit = await t.database.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.refused')
        .where('username', '=', 'demo-county')
        .execute();
      assert.ok(audit.some((a) => a.area_code === '3408' && a.outcome === 'denied'));
    });

    test('bad codes are 400, unknown codes 404, no login 401', async () => {
      for (const bad of ['34082', '3408281', 'abc', '34082800000x']) {
        const res = await city.get(`/api/v1/areas/${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.json().error.message, /code/);
      }
      const unknown = await city.get('/api/v1/areas/340899');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'not_found');
      const unknownQuery = await city.get('/api/v1/areas/3408?colour=red');
      assert.equal(unknownQuery.statusCode, 400);
      assert.equal(unknownQuery.json().error.details.problems[0].field, 'colour');
      assert.equal(unknownQuery.json().error.details.problems[0].code, 'unknown_field');
      const anonymous = await t.anonymous.get('/api/v1/areas/3408');
      assert.equal(anonymous.statusCode, 401);
      const noQuery = await city.get('/api/v1/areas');
      assert.equal(noQuery.statusCode, 400);
      assertFieldNamed(await city.get('/api/v1/areas/340828/children?cursor=3401'), 'cursor', 'invalid_cursor');
      // A number too large for any offset was a 500 (the engine's OFFSET overflowed): a 400 naming the cursor.
      assertFieldNamed(await city.get('/api/v1/areas?q=tt&cursor=99999999999999999999'), 'cursor', 'invalid_cursor');
      assertFieldNamed(await city.get('/api/v1/areas/340828/children?cursor=99999999999999999999'), 'cursor', 'invalid_cursor');
    });

    test('an admin overrides the urban/rural kind; others may not; the change is audited', async () => {
      const me = (await worker.get('/api/v1/auth/me')).json();
      const code = me.user.scope as string;
      const refused = await county.patch(`/api/v1/areas/${code}`, { kindOverride: 'urban' });
      assert.equal(refused.statusCode, 403);
      const set = await admin.patch(`/api/v1/areas/${code}`, { kindOverride: 'urban' });
      assert.equal(set.statusCode, 200);
      assert.equal(set.json().kind, 'urban');
      assert.equal(set.json().kindSource, 'override');
      const county2 = (await county.get('/api/v1/areas/340828')).json();
      const cleared = await admin.patch(`/api/v1/areas/${code}`, { kindOverride: null });
      assert.equal(cleared.json().kind, 'rural');
      const county3 = (await county.get('/api/v1/areas/340828')).json();
      assert.equal(county2.childCounts.communities.urban, county3.childCounts.communities.urban + 1);
      const notCommunity = await admin.patch('/api/v1/areas/340828', { kindOverride: 'urban' });
      assert.equal(notCommunity.statusCode, 400);
      const badValue = await admin.patch(`/api/v1/areas/${code}`, { kindOverride: 'suburban' });
      assert.equal(badValue.statusCode, 400);
      const log = await t.database.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'area.kind_override').execute();
      assert.equal(log.length, 2);
    });
  });
}
