import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { saveAreaStatistics } from '../../src/server/modules/areas/areas.service.ts';

const COVERAGE = '/api/v1/coverage';
/** 天堂镇, the county town of 岳西县: urban and rural communities side by side, all within reach. */
const TOWN = '340828100';
/** 菖蒲镇: villages, some within reach and some not. */
const TOWNSHIP = '340828103';

/** Great-circle km, written out independently of the engine. */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

interface Community {
  code: string;
  kind: 'urban' | 'rural';
  lon: number;
  lat: number;
  population: number;
}

interface Share {
  numerator: number;
  denominator: number;
  share: number | null;
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
      county = await t.login('demo-county');
    });
    after(() => t.close());

    async function communitiesOf(area: string, year: number): Promise<Community[]> {
      const children = (await county.get(`/api/v1/areas/${area}/children?limit=500`)).json().items;
      const out: Community[] = [];
      for (const c of children) {
        const detail = (await county.get(`/api/v1/areas/${c.code}?year=${year}`)).json();
        out.push({ code: c.code, kind: c.kind, lon: c.lon, lat: c.lat, population: detail.statistics.residentPopulation });
      }
      return out;
    }

    /** Every operating comprehensive facility of the city: one across a township boundary reaches in too. */
    async function operatingComprehensive() {
      const page = (await admin.get('/api/v1/facilities?area=3408&kind=comprehensive&status=operating&limit=500')).json();
      assert.ok(page.total <= 500);
      return page.items as { areaCode: string; location: { lon: number; lat: number } }[];
    }

    /** The township's figures computed by hand from what the other APIs say. */
    function byHand(communities: Community[], facilities: { areaCode: string; location: { lon: number; lat: number } }[], urbanKm: number, ruralKm: number) {
      const covered = new Set<string>();
      for (const c of communities) {
        const radius = c.kind === 'urban' ? urbanKm : ruralKm;
        if (facilities.some((f) => haversineKm(f.location.lon, f.location.lat, c.lon, c.lat) <= radius)) covered.add(c.code);
      }
      // Facility coverage counts a facility in its own community only.
      const withFacility = new Set(facilities.map((f) => f.areaCode));
      const figures = (weigh: (c: Community) => number, hit: (c: Community) => boolean) => {
        const result: Record<string, Share> = {};
        for (const kind of ['urban', 'rural', 'all'] as const) {
          const group = communities.filter((c) => kind === 'all' || c.kind === kind);
          const numerator = group.filter(hit).reduce((s, c) => s + weigh(c), 0);
          const denominator = group.reduce((s, c) => s + weigh(c), 0);
          result[kind] = { numerator, denominator, share: denominator > 0 ? numerator / denominator : null };
        }
        return result;
      };
      return {
        covered,
        population: figures((c) => c.population, (c) => covered.has(c.code)),
        communities: figures(() => 1, (c) => covered.has(c.code)),
        facilityCoverage: figures(() => 1, (c) => withFacility.has(c.code)),
      };
    }

    function assertShares(actual: Record<string, Share>, expected: Record<string, Share>) {
      for (const kind of ['urban', 'rural', 'all']) {
        assert.equal(actual[kind]!.numerator, expected[kind]!.numerator, kind);
        assert.equal(actual[kind]!.denominator, expected[kind]!.denominator, kind);
        if (expected[kind]!.share === null) assert.equal(actual[kind]!.share, null);
        else assert.ok(Math.abs(actual[kind]!.share! - expected[kind]!.share!) < 1e-12, kind);
      }
    }

    test('the demo city starts near the 2016 national figures', async () => {
      const response = await admin.get(`${COVERAGE}?area=3408`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.kind, 'comprehensive');
      assert.deepEqual(body.radiusKm, { urban: 1, rural: 3 });
      const { urban, rural } = body.area.facilityCoverage.communities;
      assert.ok(Math.abs(urban.share - 0.82) < 0.01, `urban ${urban.share}`);
      assert.ok(Math.abs(rural.share - 0.123) < 0.01, `rural ${rural.share}`);
      assert.equal(body.children.length, 11);
      assert.ok(body.area.floorAreaPer100Households > 0);
      assert.ok(body.area.activityShare > 0.5 && body.area.activityShare < 0.9);
    });

    test('a township’s figures equal the ones computed by hand from areas and facilities', async () => {
      let covered = 0;
      let outside = 0;
      const kinds = new Set<string>();
      for (const area of [TOWN, TOWNSHIP]) {
        const response = await county.get(`${COVERAGE}?area=${area}`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        const communities = await communitiesOf(area, body.year);
        for (const c of communities) kinds.add(c.kind);
        const expected = byHand(communities, await operatingComprehensive(), 1, 3);
        covered += expected.covered.size;
        outside += communities.length - expected.covered.size;
        assertShares(body.area.radiusCoverage.population, expected.population);
        assertShares(body.area.radiusCoverage.communities, expected.communities);
        assertShares(body.area.facilityCoverage.communities, expected.facilityCoverage);
        // Its children are its communities, each either wholly covered or not.
        assert.equal(body.children.length, communities.length);
        for (const child of body.children) {
          assert.equal(child.radiusCoverage.communities.all.numerator, expected.covered.has(child.code) ? 1 : 0);
        }
      }
      assert.ok(covered > 0 && outside > 0 && kinds.size === 2, 'urban and rural, covered and not, are all checked');
    });

    test('a wider radius and the uncovered list agree with the hand computation', async () => {
      const body = (await county.get(`${COVERAGE}?area=${TOWNSHIP}`)).json();
      const communities = await communitiesOf(TOWNSHIP, body.year);
      const expected = byHand(communities, await operatingComprehensive(), 1, 3);
      // A wider radius, asked for once for all communities.
      const wide = (await county.get(`${COVERAGE}?area=${TOWNSHIP}&radiusKm=5`)).json();
      assertShares(wide.area.radiusCoverage.population, byHand(communities, await operatingComprehensive(), 5, 5).population);

      // The uncovered list: exactly the others, most people first.
      const uncovered = (await county.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=3`)).json();
      const outside = communities.filter((c) => !expected.covered.has(c.code));
      assert.equal(uncovered.total, outside.length);
      const all = [...uncovered.items];
      let cursor = uncovered.nextCursor;
      while (cursor) {
        const page = (await county.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=3&cursor=${cursor}`)).json();
        all.push(...page.items);
        cursor = page.nextCursor;
      }
      assert.deepEqual(all.map((c) => c.code).sort(), outside.map((c) => c.code).sort());
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].residentPopulation >= all[i].residentPopulation);
      for (const c of all) assert.ok(c.nearestFacilityKm === null || c.nearestFacilityKm > c.radiusKm);
    });

    test('every level rolls up its children', async () => {
      const body = (await county.get(`${COVERAGE}?area=340828`)).json();
      for (const measure of ['population', 'communities'] as const) {
        for (const kind of ['urban', 'rural', 'all'] as const) {
          const sum = (key: 'numerator' | 'denominator') =>
            body.children.reduce((s: number, c: { radiusCoverage: Record<string, Record<string, Share>> }) => s + c.radiusCoverage[measure]![kind]![key], 0);
          assert.equal(body.area.radiusCoverage[measure][kind].numerator, sum('numerator'));
          assert.equal(body.area.radiusCoverage[measure][kind].denominator, sum('denominator'));
        }
      }
      const township = body.children.find((c: { code: string }) => c.code === TOWNSHIP);
      const direct = (await county.get(`${COVERAGE}?area=${TOWNSHIP}`)).json().area;
      assert.deepEqual(township, direct);
    });

    test('new facilities and new population figures change the figures (the cache is dropped)', async () => {
      const before = (await county.get(`${COVERAGE}?area=${TOWNSHIP}`)).json();
      const first = (await county.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=1`)).json().items[0];
      assert.ok(first, 'the township has an uncovered community');
      const created = await county.post('/api/v1/facilities', {
        areaCode: first.code,
        name: '新建综合服务站',
        kind: 'comprehensive',
        status: 'operating',
        statusDate: '2025-06-01',
        floorArea: 400,
        activityArea: 300,
        location: { lon: first.lon, lat: first.lat },
      });
      assert.equal(created.statusCode, 201, created.body);
      const after = (await county.get(`${COVERAGE}?area=${TOWNSHIP}`)).json();
      assert.ok(after.area.radiusCoverage.population.all.numerator >= before.area.radiusCoverage.population.all.numerator + first.residentPopulation);
      const still = (await county.get(`${COVERAGE}/uncovered?area=${TOWNSHIP}&limit=500`)).json();
      assert.ok(!still.items.some((c: { code: string }) => c.code === first.code));

      const row = await t.database.handle.db.selectFrom('area_statistics').selectAll().where('area_code', '=', first.code).where('year', '=', after.year).executeTakeFirstOrThrow();
      await saveAreaStatistics(t.database.handle.db, [{ ...row, generated: Boolean(row.generated), resident_population: row.resident_population + 1000 }]);
      const grown = (await county.get(`${COVERAGE}?area=${TOWNSHIP}`)).json();
      assert.equal(grown.area.radiusCoverage.population.all.denominator, after.area.radiusCoverage.population.all.denominator + 1000);
      assert.equal(grown.area.radiusCoverage.population.all.numerator, after.area.radiusCoverage.population.all.numerator + 1000);
    });

    test('an area outside the scope is 403; unknown areas 404', async () => {
      assertError(await county.get(`${COVERAGE}?area=340802`), 403, 'forbidden');
      assertError(await county.get(`${COVERAGE}/uncovered?area=3408`), 403, 'forbidden');
      assertError(await county.get(`${COVERAGE}?area=340828999`), 404, 'not_found');
      assertError(await t.anonymous.get(COVERAGE), 401, 'unauthenticated');
      const resident = await t.login('demo-resident');
      const mine = (await resident.get(COVERAGE)).json();
      assert.equal(mine.area.level, 5);
      assert.equal(mine.children.length, 0);
    });

    test('bad parameters are 400 naming the parameter', async () => {
      assertFieldNamed(await county.get(`${COVERAGE}?radiusKm=0`), 'radiusKm');
      assertFieldNamed(await county.get(`${COVERAGE}?radiusKm=-1`), 'radiusKm');
      assertFieldNamed(await county.get(`${COVERAGE}?radiusKm=abc`), 'radiusKm');
      assertFieldNamed(await county.get(`${COVERAGE}?radiusKm=500`), 'radiusKm');
      assertFieldNamed(await county.get(`${COVERAGE}?radiusKm=2&urbanRadiusKm=1`), 'radiusKm');
      assertFieldNamed(await county.get(`${COVERAGE}?kind=castle`), 'kind');
      assertFieldNamed(await county.get(`${COVERAGE}?area=12345`), 'area');
      assertFieldNamed(await county.get(`${COVERAGE}?area=abc`), 'area');
      assertFieldNamed(await county.get(`${COVERAGE}?year=1990`), 'year');
      assertFieldNamed(await county.get(`${COVERAGE}?colour=red`), 'colour');
      assertFieldNamed(await county.get(`${COVERAGE}/uncovered?cursor=x`), 'cursor');
    });
  });
}
