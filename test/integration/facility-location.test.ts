import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const FACILITIES = '/api/v1/facilities';
/** 河图镇, a township of the demo county: its villages lie a few km apart. */
const TOWNSHIP = '340828108';

/** Great-circle km, written out independently of the engine. */
function haversineKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

interface Place {
  code: string;
  name: string;
  kind: 'urban' | 'rural' | null;
  lon: number;
  lat: number;
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let county: Client;
    let villages: Place[];

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      county = await t.login('demo-county');
      villages = (await county.get(`/api/v1/areas/${TOWNSHIP}/children?limit=500`)).json().items.filter((p: Place) => p.kind === 'rural');
    });
    after(() => t.close());

    /** Two villages of the township more than 3 km (the rural service radius) apart, and one pair within it if there is one. */
    function pairs(): { far: [Place, Place]; km: number } {
      let best: { far: [Place, Place]; km: number } | null = null;
      for (const a of villages) for (const b of villages) {
        const km = haversineKm(a, b);
        if (a !== b && km > 3 && (!best || km > best.km)) best = { far: [a, b], km };
      }
      assert.ok(best, 'two villages of the township lie more than 3 km apart');
      return best;
    }

    const facility = (areaCode: string, location: { lon: number; lat: number } | null, name: string) => ({
      areaCode,
      name,
      kind: 'comprehensive',
      floorArea: 300,
      activityArea: 200,
      location,
    });

    test('a location farther from its village than the village’s service radius is saved with a warning that says how far', async () => {
      const { far, km } = pairs();
      const [home, other] = far;
      // The other village's centre: inside the county (so not refused), km away from home.
      const created = await county.post(FACILITIES, facility(home.code, { lon: other.lon, lat: other.lat }, '远处的服务站'));
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json();
      assert.equal(body.warnings.length, 1);
      const [warning] = body.warnings;
      assert.equal(warning.field, 'location');
      assert.equal(warning.code, 'farFromCommunity');
      assert.equal(warning.limitKm, 3);
      assert.ok(Math.abs(warning.distanceKm - km) <= 0.06, `${warning.distanceKm} km vs ${km} km`);
      assert.match(warning.message, new RegExp(home.code));
      // Saved as given; the warning belongs to the answer, not to the facility.
      const read = (await county.get(`${FACILITIES}/${body.id}`)).json();
      assert.deepEqual(read.location, { lon: other.lon, lat: other.lat });
      assert.equal(read.warnings, undefined);

      // Moved to its own village's centre: no warning; moved away again: the warning again.
      const near = await county.request({ method: 'PATCH', url: `${FACILITIES}/${body.id}`, payload: { version: read.version, location: { lon: home.lon, lat: home.lat } } });
      assert.equal(near.statusCode, 200, near.body);
      assert.equal(near.json().warnings, undefined);
      const away = await county.request({ method: 'PATCH', url: `${FACILITIES}/${body.id}`, payload: { version: near.json().version, location: { lon: other.lon, lat: other.lat } } });
      assert.equal(away.statusCode, 200, away.body);
      assert.equal(away.json().warnings[0].code, 'farFromCommunity');
      // A change that leaves the location alone says nothing about it.
      const renamed = await county.request({ method: 'PATCH', url: `${FACILITIES}/${body.id}`, payload: { version: away.json().version, name: '改名的服务站' } });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().warnings, undefined);
    });

    test('a location at the village, or none, has no warning; a point outside the county is still refused', async () => {
      const [home] = pairs().far;
      const at = await county.post(FACILITIES, facility(home.code, { lon: home.lon, lat: home.lat }, '村里的服务站'));
      assert.equal(at.statusCode, 201, at.body);
      assert.equal(at.json().warnings, undefined);
      const none = await county.post(FACILITIES, facility(home.code, null, '未定位的服务站'));
      assert.equal(none.statusCode, 201, none.body);
      assert.equal(none.json().warnings, undefined);
      // 安庆 city centre lies outside 岳西县.
      assertFieldNamed(await county.post(FACILITIES, facility(home.code, { lon: 117.05, lat: 30.53 }, '县外的服务站')), 'location');
    });
  });
}
