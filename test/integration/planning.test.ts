import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { solveMclp } from '../../src/engine/siting/index.ts';
import { saveAreaStatistics } from '../../src/server/modules/areas/areas.service.ts';

const SITING = '/api/v1/planning/siting';
const SCENARIOS = '/api/v1/planning/scenarios';
const COUNTY = '340828';
/** 河图镇: seven villages, one of them reached by a facility in the next township. */
const SMALL = '340828108';
/** 巍岭乡: three villages. */
const TINY = '340828210';
/** 头陀镇: five communities, one with a facility. */
const OTHER_TOWNSHIP = '340828104';
/** 五河镇: where two overlapping scenarios are adopted one after the other. */
const OVERLAP_TOWNSHIP = '340828105';
/** What siting counts as supply by default: what operates and what is on its way. */
const SUPPLY = ['operating', 'planned', 'underConstruction'] as const;

/** Great-circle km, written out independently of the engines. */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

/** Every k-subset of 0..n-1. */
function* subsets(n: number, k: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let j = start; j < n; j++) {
    chosen.push(j);
    yield* subsets(n, k, j + 1, chosen);
    chosen.pop();
  }
}

interface Community {
  code: string;
  name: string;
  kind: 'urban' | 'rural';
  lon: number;
  lat: number;
  population: number;
}

interface Point {
  lon: number;
  lat: number;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let city: Client;
    let county: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
      city = await t.login('demo-city');
      county = await t.login('demo-county');
    });
    after(() => t.close());

    const site = (client: Client, body: Record<string, unknown>) => client.post(SITING, body);
    const del = (client: Client, id: string) => client.request({ method: 'DELETE', url: `${SCENARIOS}/${id}` });

    async function communitiesOf(area: string): Promise<Community[]> {
      const children = (await county.get(`/api/v1/areas/${area}/children?limit=500`)).json().items;
      const out: Community[] = [];
      for (const c of children) {
        const detail = (await county.get(`/api/v1/areas/${c.code}`)).json();
        out.push({ code: c.code, name: c.name, kind: c.kind, lon: c.lon, lat: c.lat, population: detail.statistics.residentPopulation });
      }
      return out;
    }

    /** Every comprehensive facility of the city that operates or is planned or under construction, where coverage places it. */
    async function existingFacilities(): Promise<{ areaCode: string; point: Point }[]> {
      const out = [];
      for (const status of SUPPLY) {
        const page = (await admin.get(`/api/v1/facilities?area=3408&kind=comprehensive&status=${status}&limit=500`)).json();
        assert.ok(page.total <= 500);
        for (const f of page.items as { areaCode: string; location: Point | null }[]) {
          const point: Point = f.location ?? (await admin.get(`/api/v1/areas/${f.areaCode}`)).json();
          out.push({ areaCode: f.areaCode, point: { lon: point.lon, lat: point.lat } });
        }
      }
      return out;
    }

    /** The problem as docs/planning.md describes it, built from what the other APIs say. */
    async function problemOf(area: string) {
      const demand = await communitiesOf(area);
      const facilities = await existingFacilities();
      const withFacility = new Set(facilities.map((f) => f.areaCode));
      const candidates = demand.flatMap((d, i) => (withFacility.has(d.code) ? [] : [i]));
      const radius = (d: Community) => (d.kind === 'urban' ? 1 : 3);
      const reaches = (p: Point, d: Community) => haversineKm(p.lon, p.lat, d.lon, d.lat) <= radius(d);
      const coveredBefore = demand.map((d) => facilities.some((f) => reaches(f.point, d)));
      const nearestExisting = demand.map((d) => Math.min(...facilities.map((f) => haversineKm(f.point.lon, f.point.lat, d.lon, d.lat))));
      return { demand, candidates, reaches, coveredBefore, nearestExisting };
    }

    test('a county official sites three comprehensive facilities in 岳西县: coverage grows by exactly the people newly reached', async () => {
      const response = await site(county, { area: COUNTY, model: 'mclp', p: 3 });
      assert.equal(response.statusCode, 201, response.body);
      const s = response.json();
      assert.equal(s.areaCode, COUNTY);
      assert.equal(s.kind, 'comprehensive');
      assert.deepEqual(s.parameters.radiusKm, { urban: 1, rural: 3 });
      assert.equal(s.parameters.candidates, 'communitiesWithout');
      assert.equal(s.createdBy.username, 'demo-county');
      const r = s.result;
      assert.equal(r.sites.length, 3);
      const { before: b, after: a } = r.coverage;
      for (const k of ['urban', 'rural', 'all'] as const) {
        assert.ok(a[k].numerator >= b[k].numerator, k);
        assert.equal(a[k].denominator, b[k].denominator, k);
      }
      assert.ok(r.newlyCoveredPopulation > 0);
      assert.equal(r.newlyCoveredPopulation, a.all.numerator - b.all.numerator);
      assert.equal(r.newlyCoveredDemand, r.newlyCoveredPopulation);
      assert.ok(close(r.newlyCoveredPopulation, (a.all.share - b.all.share) * r.demand.population));
      assert.equal(r.sites.reduce((sum: number, x: { newlyCoveredPopulation: number }) => sum + x.newlyCoveredPopulation, 0), r.newlyCoveredPopulation);
      assert.equal(r.objective, a.all.numerator, 'MCLP counts everyone within reach after, the existing facilities’ people included');
      assert.ok(r.bound >= r.objective && r.gap >= 0 && r.gap < 1);
      assert.ok(r.existingFacilities > 0);
      for (const x of r.sites) {
        assert.ok(x.code.startsWith(COUNTY) && x.code.length === 12);
        assert.ok(x.name && (x.kind === 'urban' || x.kind === 'rural'));
      }
      // The demo county has facilities planned and under construction: they count as open.
      assert.ok(r.plannedFacilities > 0, 'planned and under-construction facilities are counted');
      assert.equal(s.parameters.countPlanned, true);
      // Without them, "before" is what the coverage module reports for the county (operating facilities only).
      const operatingOnly = (await site(county, { area: COUNTY, model: 'mclp', p: 3, countPlanned: false })).json();
      assert.equal(operatingOnly.result.plannedFacilities, 0);
      const coverage = (await county.get(`/api/v1/coverage?area=${COUNTY}`)).json();
      for (const k of ['urban', 'rural', 'all'] as const) {
        assert.equal(operatingOnly.result.coverage.before[k].numerator, coverage.area.radiusCoverage.population[k].numerator, k);
        assert.equal(operatingOnly.result.coverage.before[k].denominator, coverage.area.radiusCoverage.population[k].denominator, k);
        assert.ok(b[k].numerator >= operatingOnly.result.coverage.before[k].numerator, k);
      }
      assert.ok(b.all.numerator > operatingOnly.result.coverage.before.all.numerator, 'the planned facilities reach someone');
      assert.ok(r.candidates < operatingOnly.result.candidates, 'communities with a planned facility are no candidates');
      // Saved: it reads back the same.
      const read = await county.get(`${SCENARIOS}/${s.id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), s);
    });

    test('on a small township the answer is the engine’s on the same inputs, and the optimum by enumeration', async () => {
      const { demand, candidates, reaches, coveredBefore } = await problemOf(SMALL);
      assert.ok(candidates.length >= 4 && coveredBefore.some(Boolean) && !coveredBefore.every(Boolean), 'a township partly reached already');
      const weight = (covered: boolean[]) => demand.reduce((s, d, i) => s + (covered[i] ? d.population : 0), 0);
      for (const p of [1, 2, 3]) {
        const response = await site(county, { area: SMALL, model: 'mclp', p });
        assert.equal(response.statusCode, 201, response.body);
        const r = response.json().result;
        // Brute force over every p-subset of the candidates.
        let best = -1;
        for (const chosen of subsets(candidates.length, p)) {
          const covered = demand.map((d, i) => coveredBefore[i]! || chosen.some((j) => reaches(demand[candidates[j]!]!, d)));
          best = Math.max(best, weight(covered));
        }
        assert.equal(r.objective, best, `p=${p}`);
        assert.equal(r.gap, 0, 'a problem this small is proven optimal');
        assert.equal(r.coverage.before.all.numerator, weight(coveredBefore));
        assert.equal(r.coverage.after.all.numerator, best);
        // The engine on the inputs rebuilt here: reach matrix, one fixed column for the existing facilities.
        const m = candidates.length + 1;
        const distances = new Float64Array(demand.length * m).fill(Infinity);
        demand.forEach((d, i) => {
          candidates.forEach((c, j) => {
            if (reaches(demand[c]!, d)) distances[i * m + j] = 0;
          });
          if (coveredBefore[i]) distances[i * m + candidates.length] = 0;
        });
        const engine = solveMclp({
          weights: demand.map((d) => d.population),
          distances,
          candidateCount: m,
          radius: 1,
          fixed: [candidates.length],
          p,
          seed: 1,
          timeLimitSeconds: 5,
        });
        assert.deepEqual(
          r.sites.map((x: { code: string }) => x.code),
          engine.sites.map((j) => demand[candidates[j]!]!.code),
        );
        assert.equal(r.objective, engine.objective);
        assert.equal(r.bound, engine.bound);
      }
    });

    test('LSCP and p-median on the small township equal enumeration too', async () => {
      const { demand, candidates, reaches, coveredBefore, nearestExisting } = await problemOf(SMALL);
      // LSCP: the fewest new sites that reach every community a candidate or an existing facility can reach.
      const coverable = demand.map((d, i) => coveredBefore[i]! || candidates.some((c) => reaches(demand[c]!, d)));
      let fewest = -1;
      for (let k = 0; k <= candidates.length && fewest < 0; k++) {
        for (const chosen of subsets(candidates.length, k)) {
          if (demand.every((d, i) => !coverable[i] || coveredBefore[i] || chosen.some((j) => reaches(demand[candidates[j]!]!, d)))) {
            fewest = k;
            break;
          }
        }
      }
      assert.ok(fewest >= 1, 'some community is left for new sites to reach');
      const lscp = await site(county, { area: SMALL, model: 'lscp' });
      assert.equal(lscp.statusCode, 201, lscp.body);
      const l = lscp.json().result;
      assert.equal(l.sites.length, fewest);
      assert.equal(l.objective, fewest);
      assert.equal(l.gap, 0);
      const unreachable = demand.filter((_, i) => !coverable[i]);
      assert.deepEqual(l.uncoverable, { communities: unreachable.length, population: unreachable.reduce((s, d) => s + d.population, 0) });
      assert.equal(l.coverage.after.all.numerator, demand.reduce((s, d, i) => s + (coverable[i] ? d.population : 0), 0));

      // p-median: least total people × km to the nearest facility, existing ones open.
      const p = 2;
      let least = Infinity;
      for (const chosen of subsets(candidates.length, p)) {
        const total = demand.reduce((s, d, i) => {
          const km = Math.min(nearestExisting[i]!, ...chosen.map((j) => haversineKm(demand[candidates[j]!]!.lon, demand[candidates[j]!]!.lat, d.lon, d.lat)));
          return s + d.population * km;
        }, 0);
        least = Math.min(least, total);
      }
      const pmedian = await site(county, { area: SMALL, model: 'pmedian', p });
      assert.equal(pmedian.statusCode, 201, pmedian.body);
      const pm = pmedian.json().result;
      assert.equal(pm.sites.length, p);
      assert.ok(close(pm.objective, least), `${pm.objective} vs ${least}`);
      assert.ok(close(pm.meanDistanceKm, least / pm.demand.weight));
      assert.ok(pm.gap >= 0 && pm.bound <= pm.objective + 1e-6);
    });

    test('a budget with costs, explicit candidates and demand weights are honoured', async () => {
      const { demand, candidates } = await problemOf(SMALL);
      const codes = candidates.map((c) => demand[c]!.code);
      const costs = Object.fromEntries(codes.map((code, k) => [code, k === 0 ? 5 : 1]));
      const response = await site(county, { area: SMALL, model: 'mclp', budget: 2, costs, name: '两处预算' });
      assert.equal(response.statusCode, 201, response.body);
      const s = response.json();
      assert.equal(s.name, '两处预算');
      assert.ok(s.result.cost <= 2);
      assert.ok(!s.result.sites.some((x: { code: string }) => x.code === codes[0]), 'the dear candidate is beyond the budget');
      for (const x of s.result.sites) assert.equal(x.cost, 1);

      const listed = await site(county, { area: SMALL, model: 'mclp', p: 1, candidates: [codes[1], codes[2]] });
      assert.equal(listed.statusCode, 201, listed.body);
      assert.ok([codes[1], codes[2]].includes(listed.json().result.sites[0].code));
      assert.equal(listed.json().result.candidates, 2);

      // Only one community weighs anything: the site must reach it.
      const target = demand[candidates.at(-1)!]!;
      const weights = Object.fromEntries(demand.map((d) => [d.code, d.code === target.code ? 100 : 0]));
      const weighted = await site(county, { area: SMALL, model: 'mclp', p: 1, weights });
      assert.equal(weighted.statusCode, 201, weighted.body);
      const w = weighted.json().result;
      assert.equal(w.demand.weight, 100);
      assert.equal(w.objective, 100);
      assert.equal(w.newlyCoveredDemand, 100);
    });

    test('scenarios: listed in scope newest first, paged, compared side by side, deleted', async () => {
      const ids: string[] = [];
      for (const p of [1, 2, 3]) {
        // Two of its three villages have a facility on the way: counted, they would leave one candidate.
        const response = await site(county, { area: TINY, model: 'mclp', p, name: `巍岭 ${p}`, countPlanned: false });
        assert.equal(response.statusCode, 201, response.body);
        ids.push(response.json().id);
      }
      const page = (await county.get(`${SCENARIOS}?area=${TINY}&limit=2`)).json();
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((s: { id: string }) => s.id),
        [ids[2], ids[1]],
      );
      const rest = (await county.get(`${SCENARIOS}?area=${TINY}&limit=2&cursor=${page.nextCursor}`)).json();
      assert.deepEqual(
        rest.items.map((s: { id: string }) => s.id),
        [ids[0]],
      );
      assert.equal(rest.nextCursor, null);
      const all = (await county.get(SCENARIOS)).json();
      assert.ok(all.total >= 3 && all.items.every((s: { areaCode: string }) => s.areaCode.startsWith(COUNTY)));
      assert.equal(page.items[0].sites, 3);
      assert.equal(page.items[0].name, '巍岭 3');

      const compared = await county.get(`${SCENARIOS}/compare?ids=${ids.join(',')}`);
      assert.equal(compared.statusCode, 200, compared.body);
      const items = compared.json().items;
      assert.deepEqual(
        items.map((s: { id: string }) => s.id),
        ids,
      );
      assert.deepEqual(
        items.map((s: { p: number }) => s.p),
        [1, 2, 3],
      );
      for (let k = 0; k < 3; k++) {
        assert.deepEqual(items[k].radiusKm, { urban: 1, rural: 3 });
        assert.deepEqual(items[k].before, items[0].before);
        assert.equal(items[k].sites.length, k + 1);
        assert.ok(items[k].after.rural.numerator >= items[k].before.rural.numerator);
        if (k > 0) assert.ok(items[k].after.all.numerator >= items[k - 1].after.all.numerator);
      }

      const deleted = await del(county, ids[0]!);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assertError(await county.get(`${SCENARIOS}/${ids[0]}`), 404, 'not_found');
      assertError(await del(county, ids[0]!), 404, 'not_found');
      assertError(await county.get(`${SCENARIOS}/compare?ids=${ids.join(',')}`), 404, 'not_found');
      assert.equal((await county.get(`${SCENARIOS}?area=${TINY}`)).json().total, 2);
    });

    test('adopting a scenario creates its sites as planned facilities, once', async () => {
      const s = (await site(county, { area: OTHER_TOWNSHIP, model: 'mclp', p: 2 })).json();
      const codes = s.result.sites.map((x: { code: string }) => x.code) as string[];
      assert.equal(codes.length, 2);
      const plannedIn = async () => {
        let n = 0;
        for (const code of codes) n += (await county.get(`/api/v1/facilities?area=${code}&status=planned&kind=comprehensive`)).json().total;
        return n;
      };
      const plannedBefore = await plannedIn();

      // A bad adoption writes nothing.
      assertFieldNamed(await county.post(`${SCENARIOS}/${s.id}/adopt`, { floorArea: 100, activityArea: 200 }), 'activityArea');
      assertFieldNamed(await county.post(`${SCENARIOS}/${s.id}/adopt`, { floorArea: 0, activityArea: 0 }), 'floorArea');
      assert.equal(await plannedIn(), plannedBefore);

      const adopted = await county.post(`${SCENARIOS}/${s.id}/adopt`, { floorArea: 400, activityArea: 300 });
      assert.equal(adopted.statusCode, 200, adopted.body);
      const body = adopted.json();
      assert.equal(body.adoption.username, 'demo-county');
      assert.equal(body.adoption.facilityIds.length, 2);
      assert.deepEqual(body.adoption.existing, []);
      for (const id of body.adoption.facilityIds) {
        const f = (await county.get(`/api/v1/facilities/${id}`)).json();
        assert.equal(f.status, 'planned');
        assert.equal(f.kind, 'comprehensive');
        assert.ok(codes.includes(f.areaCode));
        assert.equal(f.floorArea, 400);
        assert.equal(f.events.length, 1);
        // Where siting put it: the candidate community's centroid.
        const chosen = s.result.sites.find((x: { code: string }) => x.code === f.areaCode);
        assert.deepEqual(f.location, { lon: chosen.lon, lat: chosen.lat });
      }
      assert.equal(await plannedIn(), plannedBefore + 2);

      const again = await county.post(`${SCENARIOS}/${s.id}/adopt`, { floorArea: 400, activityArea: 300 });
      assertError(again, 409, 'conflict');
      assert.equal(await plannedIn(), plannedBefore + 2);
      const summary = (await county.get(`${SCENARIOS}?area=${OTHER_TOWNSHIP}`)).json().items.find((x: { id: string }) => x.id === s.id);
      assert.equal(summary.adopted, true);
      // Told to count operating facilities only, coverage is as it was; by default the new plans count as open.
      const operatingOnly = (await site(county, { area: OTHER_TOWNSHIP, model: 'mclp', p: 1, countPlanned: false })).json();
      assert.deepEqual(operatingOnly.result.coverage.before, s.result.coverage.before);
      const redo = (await site(county, { area: OTHER_TOWNSHIP, model: 'mclp', p: 1 })).json();
      assert.deepEqual(redo.result.coverage.before, s.result.coverage.after);
      assert.ok(!redo.result.sites.some((x: { code: string }) => codes.includes(x.code)), 'a planned site is not proposed again');
      // The audit log has the adoption and each facility.
      const audit = (await admin.get(`/api/v1/audit?area=${OTHER_TOWNSHIP}&action=planning.adopt`)).json();
      assert.ok(audit.items.some((e: { targetId: string }) => e.targetId === s.id));
    });

    test('two overlapping scenarios adopted one after the other plan each community once, each facility where siting put it', async () => {
      const communities = await communitiesOf(OVERLAP_TOWNSHIP);
      const a = (await site(county, { area: OVERLAP_TOWNSHIP, model: 'mclp', p: 2, name: '五河 A' })).json();
      const aCodes = a.result.sites.map((x: { code: string }) => x.code) as string[];
      assert.equal(aCodes.length, 2);
      // B, solved before A is adopted, proposes both of A's sites and one more.
      const extra = communities.find((c) => !aCodes.includes(c.code))!;
      const b = (await site(county, { area: OVERLAP_TOWNSHIP, model: 'mclp', p: 3, candidates: [...aCodes, extra.code], name: '五河 B' })).json();
      const bCodes = b.result.sites.map((x: { code: string }) => x.code) as string[];
      assert.deepEqual([...bCodes].sort(), [...aCodes, extra.code].sort());

      /** Facilities of the kind per community, planned or under construction or operating. */
      const supplyIn = async (code: string) => {
        const ids: string[] = [];
        for (const status of SUPPLY) {
          const page = (await county.get(`/api/v1/facilities?area=${code}&kind=comprehensive&status=${status}`)).json();
          ids.push(...page.items.map((f: { id: string }) => f.id));
        }
        return ids;
      };
      const before = new Map<string, string[]>();
      for (const code of bCodes) before.set(code, await supplyIn(code));
      assert.ok(aCodes.every((code) => before.get(code)!.length === 0), 'siting proposed places without a facility');

      const adoptA = await county.post(`${SCENARIOS}/${a.id}/adopt`, { floorArea: 300, activityArea: 200 });
      assert.equal(adoptA.statusCode, 200, adoptA.body);
      const createdA = adoptA.json().adoption.facilityIds as string[];
      assert.equal(createdA.length, 2);

      const adoptB = await county.post(`${SCENARIOS}/${b.id}/adopt`, { floorArea: 300, activityArea: 200 });
      assert.equal(adoptB.statusCode, 200, adoptB.body);
      const adoptionB = adoptB.json().adoption;
      assert.equal(adoptionB.facilityIds.length, before.get(extra.code)!.length === 0 ? 1 : 0, 'only the community A did not plan gets a facility');
      assert.deepEqual(
        [...adoptionB.existing].sort((x: { code: string }, y: { code: string }) => x.code.localeCompare(y.code)),
        [...aCodes].sort().map((code) => ({ code, facilityId: createdA[aCodes.indexOf(code)], status: 'planned' })),
      );
      for (const code of aCodes) assert.equal((await supplyIn(code)).length, 1, `${code}: one facility, not two`);
      // Read back, the adoption still says which sites it found planned.
      assert.deepEqual((await county.get(`${SCENARIOS}/${b.id}`)).json().adoption.existing, adoptionB.existing);

      // Every adopted facility stands at its site's coordinates, so it shows on the maps.
      for (const [scenario, ids] of [
        [a, createdA],
        [b, adoptionB.facilityIds as string[]],
      ] as const) {
        for (const id of ids) {
          const f = (await county.get(`/api/v1/facilities/${id}`)).json();
          const chosen = scenario.result.sites.find((x: { code: string }) => x.code === f.areaCode);
          assert.ok(chosen, `${f.areaCode} is a site of ${scenario.name}`);
          assert.deepEqual(f.location, { lon: chosen.lon, lat: chosen.lat });
        }
      }

      // A third scenario on the township counts the planned facilities as open and proposes none of their communities.
      const c = await site(county, { area: OVERLAP_TOWNSHIP, model: 'mclp', p: 1 });
      if (c.statusCode === 201) {
        const planned = new Set(bCodes);
        assert.ok(!c.json().result.sites.some((x: { code: string }) => planned.has(x.code)));
        assert.ok(c.json().result.plannedFacilities >= 3);
      } else {
        // Every community now has one: there is no candidate left, and the refusal says so.
        assertFieldNamed(c, 'candidates');
      }
    });

    test('bad input is 400 naming the field, and nothing is written', async () => {
      const count = async () => (await admin.get(SCENARIOS)).json().total as number;
      const before = await count();
      const ok = { area: SMALL, model: 'mclp', p: 1 };
      assertFieldNamed(await site(county, { ...ok, countPlanned: 'yes' }), 'countPlanned');
      assertFieldNamed(await site(county, { ...ok, p: 0 }), 'p');
      assertFieldNamed(await site(county, { ...ok, p: 1.5 }), 'p');
      // More sites than candidates: a stable code and how many candidates there are (the web's hint reads them, not the sentence).
      const tooMany = await site(county, { ...ok, area: TINY, p: 4 });
      assertFieldNamed(tooMany, 'p', 'out_of_range');
      const { max } = tooMany.json().error.details.problems.find((p: { field: string }) => p.field === 'p').params;
      assert.ok(Number.isInteger(max) && max < 4 && tooMany.json().error.message.includes(`only ${max} candidate`), `max ${max}`);
      assertFieldNamed(await site(county, { ...ok, model: 'pmedian', area: TINY, p: 4 }), 'p');
      assertFieldNamed(await site(county, { area: SMALL, model: 'mclp' }), 'p');
      assertFieldNamed(await site(county, { area: SMALL, model: 'pmedian' }), 'p');
      assertFieldNamed(await site(county, { ...ok, model: 'lscp' }), 'p');
      assertFieldNamed(await site(county, { ...ok, radiusKm: 0 }), 'radiusKm');
      assertFieldNamed(await site(county, { ...ok, radiusKm: -2 }), 'radiusKm');
      assertFieldNamed(await site(county, { ...ok, radiusKm: 'NaN' }), 'radiusKm');
      assertFieldNamed(await site(county, { ...ok, radiusKm: null }), 'radiusKm');
      assertFieldNamed(await site(county, { ...ok, radiusKm: 2, urbanRadiusKm: 1 }), 'radiusKm');
      assertFieldNamed(await site(county, { ...ok, ruralRadiusKm: 0 }), 'ruralRadiusKm');
      assertFieldNamed(await site(county, { ...ok, model: 'gravity' }), 'model');
      assertFieldNamed(await site(county, { ...ok, kind: 'castle' }), 'kind');
      assertFieldNamed(await site(county, { ...ok, area: 'abc' }), 'area');
      assertFieldNamed(await site(county, { ...ok, area: '34082' }), 'area');
      assertFieldNamed(await site(county, { ...ok, timeLimitSeconds: 11 }), 'timeLimitSeconds');
      assertFieldNamed(await site(county, { ...ok, timeLimitSeconds: 0 }), 'timeLimitSeconds');
      assertFieldNamed(await site(county, { ...ok, colour: 'red' }), 'colour');

      const { demand, candidates } = await problemOf(SMALL);
      const first = demand[candidates[0]!]!.code;
      assertFieldNamed(await site(county, { ...ok, weights: { [first]: -1 } }), 'weights');
      assertFieldNamed(await site(county, { ...ok, weights: Object.fromEntries(demand.map((d) => [d.code, 0])) }), 'weights', 'no_demand');
      assertFieldNamed(await site(county, { ...ok, weights: { '340828100200': 5 } }), 'weights');
      const costs = Object.fromEntries(candidates.map((c) => [demand[c]!.code, 1]));
      assertFieldNamed(await site(county, { area: SMALL, model: 'mclp', budget: 2, costs: { ...costs, [first]: -3 } }), 'costs');
      assertFieldNamed(await site(county, { area: SMALL, model: 'mclp', budget: 2, costs: { [first]: 1 } }), 'costs');
      assertFieldNamed(await site(county, { ...ok, costs }), 'costs');
      assertFieldNamed(await site(county, { area: SMALL, model: 'mclp', budget: -1 }), 'budget');

      // Candidates outside the area, unknown or twice.
      const elsewhere = (await communitiesOf(TINY))[0]!.code;
      assertFieldNamed(await site(county, { ...ok, candidates: [first, elsewhere] }), 'candidates');
      assertFieldNamed(await site(county, { ...ok, candidates: ['340828108999'] }), 'candidates');
      assertFieldNamed(await site(county, { ...ok, candidates: [first, first] }), 'candidates');
      assertFieldNamed(await site(county, { ...ok, candidates: ['3408'] }), 'candidates');
      assertFieldNamed(await site(county, { ...ok, candidates: [] }), 'candidates');
      assertFieldNamed(await site(county, { ...ok, candidates: 'everywhere' }), 'candidates');

      // No demand: an area whose communities have no people.
      const year = (await county.get(`/api/v1/coverage?area=${TINY}`)).json().year as number;
      const db = t.database.handle.db;
      const tinyCodes = (await communitiesOf(TINY)).map((c) => c.code);
      const rows = await db.selectFrom('area_statistics').selectAll().where('area_code', 'in', tinyCodes).where('year', '=', year).execute();
      assert.equal(rows.length, tinyCodes.length);
      await saveAreaStatistics(db, rows.map((r) => ({ ...r, generated: Boolean(r.generated), resident_population: 0 })));
      try {
        assertFieldNamed(await site(county, { area: TINY, model: 'mclp', p: 1 }), 'area', 'no_demand');
        assertFieldNamed(await site(county, { area: TINY, model: 'lscp' }), 'area', 'no_demand');
      } finally {
        await saveAreaStatistics(db, rows.map((r) => ({ ...r, generated: Boolean(r.generated) })));
      }
      assert.equal((await site(county, { area: TINY, model: 'mclp', p: 1 })).statusCode, 201);

      assert.equal(await count(), before + 1, 'only the last, good request saved a scenario');
      assertFieldNamed(await county.get(`${SCENARIOS}?cursor=abc`), 'cursor');
      assertFieldNamed(await county.get(`${SCENARIOS}?area=xyz`), 'area');
    });

    test('scope and roles: another county is 403, residents and workers are 403, unknown scenarios 404', async () => {
      assertError(await site(county, { area: '340802', model: 'mclp', p: 1 }), 403, 'forbidden');
      assertError(await site(county, { area: '3408', model: 'mclp', p: 1 }), 403, 'forbidden');
      assertError(await county.get(`${SCENARIOS}?area=340802`), 403, 'forbidden');
      assertError(await site(county, { area: '340828999', model: 'mclp', p: 1 }), 404, 'not_found');

      // A scenario of another county, made by the city: the county official can neither see nor touch it.
      const theirs = await site(city, { area: '340802', model: 'mclp', p: 1 });
      assert.equal(theirs.statusCode, 201, theirs.body);
      const id = theirs.json().id as string;
      const mine = (await site(county, { area: TINY, model: 'mclp', p: 1 })).json().id as string;
      assertError(await county.get(`${SCENARIOS}/${id}`), 403, 'forbidden');
      assertError(await county.get(`${SCENARIOS}/compare?ids=${mine},${id}`), 403, 'forbidden');
      assertError(await county.post(`${SCENARIOS}/${id}/adopt`, { floorArea: 300, activityArea: 200 }), 403, 'forbidden');
      assertError(await del(county, id), 403, 'forbidden');
      assert.ok(!(await county.get(SCENARIOS)).json().items.some((s: { id: string }) => s.id === id));
      assert.equal((await city.get(`${SCENARIOS}/${id}`)).statusCode, 200);
      // The city sees both.
      const compared = await city.get(`${SCENARIOS}/compare?ids=${mine},${id}`);
      assert.equal(compared.statusCode, 200, compared.body);

      for (const username of ['demo-resident', 'demo-worker']) {
        const other = await t.login(username);
        assertError(await site(other, { area: COUNTY, model: 'mclp', p: 1 }), 403, 'forbidden');
        assertError(await other.get(SCENARIOS), 403, 'forbidden');
        assertError(await other.get(`${SCENARIOS}/${mine}`), 403, 'forbidden');
        assertError(await other.post(`${SCENARIOS}/${mine}/adopt`, { floorArea: 300, activityArea: 200 }), 403, 'forbidden');
        assertError(await del(other, mine), 403, 'forbidden');
      }
      assertError(await t.anonymous.post(SITING, { area: COUNTY, model: 'mclp', p: 1 }), 401, 'unauthenticated');

      const unknown = '01900000-0000-7000-8000-000000000000';
      assertError(await county.get(`${SCENARIOS}/${unknown}`), 404, 'not_found');
      assertError(await del(county, unknown), 404, 'not_found');
      assertError(await county.post(`${SCENARIOS}/${unknown}/adopt`, { floorArea: 300, activityArea: 200 }), 404, 'not_found');
      assertError(await county.get(`${SCENARIOS}/compare?ids=${mine},${unknown}`), 404, 'not_found');
      assertFieldNamed(await county.get(`${SCENARIOS}/compare?ids=${mine},${mine}`), 'ids');
    });
  });
}
