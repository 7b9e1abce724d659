import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { readTable } from '../../src/server/files/spreadsheet.ts';
import type { IndicatorValue as Value } from '../../src/contracts/indicators-api.ts';
import { INDICATORS } from '../../src/contracts/indicators.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

/** Indicators whose module does not exist yet: their values are "no data", never 0 (fewer as modules land). */
const WAITING = INDICATORS.filter((d) => !d.available);

const COUNTY = '340828';
const OTHER_COUNTY = '340803';
const TEMPLATE = 'national-2016-2020';
const THIS_YEAR = String(new Date().getUTCFullYear());

/** The population-weighted Theil index, written out apart from the engine. */
function theil(values: number[], weights: number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  const mean = values.reduce((s, v, i) => s + (weights[i]! / total) * v, 0);
  return values.reduce((s, v, i) => (v === 0 ? s : s + (weights[i]! / total) * (v / mean) * Math.log(v / mean)), 0);
}

for (const dialect of DIALECTS) {
  describe(`indicators and plans (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let city: Client;
    let county: Client;
    let worker: Client;
    let resident: Client;
    const db = () => t.database.handle.db;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [admin, city, county, worker, resident] = await Promise.all(['demo-admin', 'demo-city', 'demo-county', 'demo-worker', 'demo-resident'].map((u) => t.login(u)));
    });
    after(() => t.close());

    const values = async (c: Client, code: string, query = '') => {
      const r = await c.get(`/api/v1/indicators/${code}/values${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { area: Value; children: Value[]; equalization: { urbanRural: Record<string, number | null>; children: Record<string, number | null> }; period: string };
    };

    test('lists the twelve built-in indicators, each fed by its module', async () => {
      const r = await county.get('/api/v1/indicators');
      assert.equal(r.statusCode, 200);
      const items = r.json().items as { code: string; available: boolean; name: Record<string, string> }[];
      assert.deepEqual(
        items.map((i) => i.code),
        [
          'facility_coverage',
          'floor_area_per_100_households',
          'radius_population_coverage',
          'platform_coverage',
          'social_worker_presence',
          'social_workers_per_10000',
          'community_workers_per_10000_urban',
          'social_work_certificate_share',
          'organizations_per_community',
          'left_behind_visited',
          'requests_on_time',
          'satisfaction',
        ],
      );
      for (const i of items) assert.ok(i.name['zh-CN'] && i.name['zh-TW'] && i.name.en, `${i.code} is named in three languages`);
      // The workforce indicators come from the workers registry (test/integration/workers.test.ts checks their figures).
      for (const code of ['social_worker_presence', 'social_workers_per_10000', 'community_workers_per_10000_urban', 'social_work_certificate_share']) {
        assert.equal(items.find((i) => i.code === code)!.available, true, code);
        assert.equal((await values(county, code, '?period=2025')).area.status, 'value', code);
      }
      // Every indicator has its module now (care visits were the last to arrive).
      assert.deepEqual(items.filter((i) => !i.available).map((i) => i.code), []);
    });

    test('facility coverage is counted from the facilities, community by community, urban and rural apart', async () => {
      const v = await values(county, 'facility_coverage', '?period=2025');
      // Counted here independently: communities of the county with an operating comprehensive facility.
      const communities = await db().selectFrom('areas').select(['code', 'kind']).where('level', '=', 5).where('code', 'like', `${COUNTY}%`).execute();
      const operating = new Set(
        (await db().selectFrom('facilities').select('area_code').where('kind', '=', 'comprehensive').where('status', '=', 'operating').where('area_code', 'like', `${COUNTY}%`).execute()).map(
          (f) => f.area_code,
        ),
      );
      const covered = communities.filter((c) => operating.has(c.code)).length;
      assert.equal(v.area.denominator, communities.length);
      assert.equal(v.area.numerator, covered);
      assert.ok(covered > 0 && covered < communities.length, 'the demo county is partly covered');
      assert.ok(Math.abs(v.area.value! - (100 * covered) / communities.length) < 1e-9);
      // Children add up to the area.
      assert.equal(
        v.children.reduce((s, c) => s + c.numerator!, 0),
        v.area.numerator,
      );
      assert.equal(
        v.children.reduce((s, c) => s + c.denominator!, 0),
        v.area.denominator,
      );
      const urban = await values(county, 'facility_coverage', '?period=2025&split=urban');
      const rural = await values(county, 'facility_coverage', '?period=2025&split=rural');
      assert.equal(urban.area.numerator! + rural.area.numerator!, v.area.numerator);
      assert.equal(urban.area.denominator, communities.filter((c) => c.kind === 'urban').length);
      // Equalization: urban beside rural, and the spread of the townships.
      assert.equal(v.equalization.urbanRural.urban, urban.area.value);
      assert.equal(v.equalization.urbanRural.rural, rural.area.value);
      assert.ok(Math.abs(v.equalization.urbanRural.ratio! - urban.area.value! / rural.area.value!) < 1e-9);
      const usable = v.children.filter((c) => c.value !== null);
      const expected = theil(
        usable.map((c) => c.value!),
        usable.map((c) => c.population!),
      );
      assert.ok(Math.abs(v.equalization.children.theil! - expected) < 1e-9, `Theil ${v.equalization.children.theil} vs ${expected}`);
      assert.equal(v.equalization.children.count, usable.length);
    });

    test('an indicator whose data does not exist yet says no data at every level, never 0', async () => {
      // The others have their figures from their modules (organizations, workers, services …: their own tests).
      for (const { code } of WAITING) {
        const v = await values(county, code);
        for (const x of [v.area, ...v.children]) {
          assert.equal(x.status, 'noData', `${code} ${x.code}`);
          assert.equal(x.value, null);
          assert.equal(x.numerator, null);
        }
        assert.equal(v.equalization.children.theil, null);
      }
    });

    test('a facility opened today counts this year, not in the years before', async () => {
      const before2024 = await values(county, 'facility_coverage', '?period=2024');
      const beforeNow = await values(county, 'facility_coverage', `?period=${THIS_YEAR}`);
      const communities = await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${COUNTY}%`).orderBy('code').execute();
      const withFacility = new Set((await db().selectFrom('facilities').select('area_code').where('kind', '=', 'comprehensive').execute()).map((f) => f.area_code));
      const bare = communities.find((c) => !withFacility.has(c.code))!.code;
      const today = todayInChina();
      const created = await admin.post('/api/v1/facilities', {
        areaCode: bare,
        name: '新建党群服务中心',
        kind: 'comprehensive',
        status: 'operating',
        statusDate: today,
        constructionMode: 'new',
        floorArea: 300,
        activityArea: 200,
        services: ['便民服务'],
        accessibility: { stepFreeEntrance: true, accessibleToilet: true },
        selfServiceTerminal: false,
      });
      assert.equal(created.statusCode, 201, created.body);
      const after2024 = await values(county, 'facility_coverage', '?period=2024');
      const afterNow = await values(county, 'facility_coverage', `?period=${THIS_YEAR}`);
      assert.equal(afterNow.area.numerator, beforeNow.area.numerator! + 1, 'recomputed when a facility changes');
      assert.equal(after2024.area.numerator, before2024.area.numerator, 'history is kept');
    });

    test('platform coverage counts communities the platform served, not accounts or register work', async () => {
      const scope = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
      const township = scope.slice(0, 9);
      const lastYear = `${Number(THIS_YEAR) - 1}`;
      // Another village of the township, where nobody filed a request: work on its register is not service.
      const before = await values(county, 'platform_coverage', `?area=${township}`);
      const quiet = before.children.find((c) => c.code !== scope && c.numerator === 0)!;
      assert.ok(quiet, 'a village of the township the platform has not served this year');
      const village = (v: typeof before) => v.children.find((c) => c.code === quiet.code)!;
      const worked = await admin.post('/api/v1/households', { areaCode: quiet.code, address: '新屋组 8 号' });
      assert.equal(worked.statusCode, 201, worked.body);
      assert.equal(village(await values(county, 'platform_coverage', `?area=${township}`)).numerator, 0, 'a register write is not a service');
      // An information point of the village, run by the agent, records a service: the village is covered.
      const agent = await t.login('demo-agent');
      const agentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirstOrThrow()).id;
      const made = await county.post('/api/v1/info-points', { areaCode: quiet.code, name: '益农信息社', operatorUserId: agentId, openingHours: '8:00-17:30', equipment: ['computer'], services: ['convenience'] });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(village(await values(county, 'platform_coverage', `?area=${township}`)).numerator, 0, 'an operating point with no service yet does not count');
      const served = await agent.post(`/api/v1/info-points/${made.json().id}/services`, { kind: 'payment' });
      assert.equal(served.statusCode, 201, served.body);
      const after = await values(county, 'platform_coverage', `?area=${township}`);
      assert.equal(village(after).numerator, 1);
      assert.equal(village(after).value, 100);
      assert.equal(after.area.numerator, before.area.numerator! + 1);
      // Last year the platform served nobody there.
      const last = await values(county, 'platform_coverage', `?area=${township}&period=${lastYear}`);
      assert.equal(village(last).numerator, 0);
    });

    test('scope and role: another county is 403, a resident is 403, nobody logged in is 401', async () => {
      assertError(await county.get(`/api/v1/indicators/facility_coverage/values?area=${OTHER_COUNTY}`), 403, 'forbidden');
      assertError(await county.get(`/api/v1/indicators/dashboard?area=${OTHER_COUNTY}`), 403, 'forbidden');
      assertError(await county.get(`/api/v1/plans/${TEMPLATE}/progress?area=${OTHER_COUNTY}`), 403, 'forbidden');
      assertError(await county.get(`/api/v1/plans/${TEMPLATE}/report.pdf?area=${OTHER_COUNTY}`), 403, 'forbidden');
      assertError(await resident.get('/api/v1/indicators/facility_coverage/values'), 403, 'forbidden');
      assertError(await t.anonymous.get('/api/v1/indicators'), 401);
      const refused = await db().selectFrom('audit_log').select('id').where('action', '=', 'access.refused').where('username', '=', 'demo-county').execute();
      assert.ok(refused.length >= 4, 'refusals are audited');
    });

    test('bad queries are named: unknown indicator, period, split, area', async () => {
      assertFieldNamed(await county.get('/api/v1/indicators/no_such/values'), 'code');
      assertFieldNamed(await county.get('/api/v1/indicators/facility_coverage/values?period=2025Q5'), 'period');
      assertFieldNamed(await county.get('/api/v1/indicators/facility_coverage/values?period=2099'), 'period');
      assertError(await county.get('/api/v1/indicators/facility_coverage/values?split=town'), 400);
      assertError(await county.get(`/api/v1/indicators/facility_coverage/values?area=${COUNTY}999`), 404, 'not_found');
    });

    test('the national template holds the published figures and no invented targets', async () => {
      const r = await county.get('/api/v1/plans');
      assert.equal(r.statusCode, 200);
      const plan = (r.json().items as { id: string; indicators: { indicator: string; split: string; baseline: unknown; target: unknown; source: string | null }[] }[]).find((p) => p.id === TEMPLATE)!;
      const find = (indicator: string, split: string) => plan.indicators.find((i) => i.indicator === indicator && i.split === split);
      const { source, ...urban } = find('facility_coverage', 'urban')!;
      assert.deepEqual(urban, { indicator: 'facility_coverage', split: 'urban', baseline: { value: 82, year: 2016 }, target: null });
      assert.match(source!, /城乡社区服务体系建设规划（2016-2020年）/);
      assert.deepEqual(find('facility_coverage', 'rural')?.baseline, { value: 12.3, year: 2016 });
      assert.equal(find('facility_coverage', 'rural')?.target, null);
      assert.deepEqual(find('platform_coverage', 'rural')?.target, { value: 30, year: 2020 });
      assert.deepEqual(find('social_worker_presence', 'urban')?.target, { value: 100, year: 2020 });
      assert.deepEqual(find('social_worker_presence', 'rural')?.target, { value: 100, year: 2020 });
      // 民发〔2017〕191号's targets for organizations per community sit beside the plan of their period.
      assert.deepEqual(find('organizations_per_community', 'urban')?.target, { value: 10, year: 2020 });
      assert.deepEqual(find('organizations_per_community', 'rural')?.target, { value: 5, year: 2020 });
      assert.equal(plan.indicators.length, 7);
    });

    test('a plan with bad figures is refused with the field named, and nothing is kept', async () => {
      const count = async () => (await db().selectFrom('plans').select('id').execute()).length;
      const before = await count();
      const plan = (indicators: unknown[]) => ({ name: '岳西县社区服务提升计划', startYear: 2025, endYear: 2030, indicators });
      assertFieldNamed(await county.post('/api/v1/plans', plan([{ indicator: 'facility_coverage', split: 'rural', target: { value: 120, year: 2030 } }])), 'indicators[0].target.value');
      assertFieldNamed(
        await county.post('/api/v1/plans', plan([{ indicator: 'facility_coverage', split: 'rural', baseline: { value: 10, year: 2031 }, target: { value: 50, year: 2030 } }])),
        'indicators[0].baseline.year',
      );
      assertFieldNamed(await county.post('/api/v1/plans', plan([{ indicator: 'happiness', split: 'all', target: { value: 50, year: 2030 } }])), 'indicators[0].indicator');
      assertError(await county.post('/api/v1/plans', { ...plan([]), colour: 'red' }), 400);
      assertError(await worker.post('/api/v1/plans', plan([])), 403);
      assert.equal(await count(), before);
      const made = await county.post('/api/v1/plans', plan([{ indicator: 'facility_coverage', split: 'rural', baseline: { value: 10, year: 2024 }, target: { value: 50, year: 2030 } }]));
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().area, COUNTY);
      // The county's plan is not the other county's business.
      const others = await t.login('demo-admin');
      assert.ok((await others.get('/api/v1/plans')).json().items.some((p: { id: string }) => p.id === made.json().id), 'the city sees plans below it');
    });

    test('adopt, set targets, and progress: actual, target, gap, pace, on track; targets pass down', async () => {
      assertError(await county.request({ method: 'PUT', url: `/api/v1/plans/${TEMPLATE}/targets`, payload: { targets: [] } }), 409, 'conflict');
      const adopted = await county.post(`/api/v1/plans/${TEMPLATE}/adoptions`, {});
      assert.equal(adopted.statusCode, 201, adopted.body);
      assert.ok(adopted.json().adoptions.some((a: { area: string }) => a.area === COUNTY));
      assertError(await county.post(`/api/v1/plans/${TEMPLATE}/adoptions`, {}), 409, 'conflict');
      assertError(await county.post(`/api/v1/plans/${TEMPLATE}/adoptions`, { area: OTHER_COUNTY }), 403, 'forbidden');
      assertError(await county.post('/api/v1/plans/no-such-plan/adoptions', {}), 404, 'not_found');

      const put = (targets: unknown[]) => county.request({ method: 'PUT', url: `/api/v1/plans/${TEMPLATE}/targets`, payload: { targets } });
      const targetRows = async () => (await db().selectFrom('plan_targets').selectAll().where('area_code', '=', COUNTY).execute()).length;
      assertFieldNamed(await put([{ indicator: 'facility_coverage', split: 'rural', value: 140, year: 2028 }]), 'targets[0].value');
      assertFieldNamed(await put([{ indicator: 'facility_coverage', split: 'rural', value: 40, year: 2028 }, { indicator: 'wellbeing', split: 'all', value: 1, year: 2028 }]), 'targets[1].indicator');
      assertFieldNamed(await put([{ indicator: 'facility_coverage', split: 'rural', value: 40, year: 2015 }]), 'targets[0].year');
      assert.equal(await targetRows(), 0, 'a rejected write changes no row');

      const set = await put([{ indicator: 'facility_coverage', split: 'rural', value: 40, year: 2028 }]);
      assert.equal(set.statusCode, 200, set.body);
      const progress = await county.get(`/api/v1/plans/${TEMPLATE}/progress?period=2025`);
      assert.equal(progress.statusCode, 200, progress.body);
      const item = (progress.json().items as { indicator: string; split: string; target: { value: number; year: number }; targetSetBy: string; actual: { value: number }; gap: number; pacePerYear: number; expected: number; onTrack: boolean }[]).find(
        (i) => i.indicator === 'facility_coverage' && i.split === 'rural',
      )!;
      assert.deepEqual(item.target, { value: 40, year: 2028 });
      assert.equal(item.targetSetBy, COUNTY);
      const actual = (await values(county, 'facility_coverage', '?period=2025&split=rural')).area.value!;
      assert.ok(Math.abs(item.actual.value - actual) < 1e-9);
      assert.ok(Math.abs(item.gap - (40 - actual)) < 1e-9);
      // 2025 is a closed year: it stands at 2025 on the plan's time line, three years before 2028.
      assert.ok(Math.abs(item.pacePerYear - (40 - actual) / 3) < 1e-9, `pace ${item.pacePerYear}`);
      // The line from 12.3 % (2016) to 40 % (2028) stands at 12.3 + 27.7 × 9 / 12 in 2025.
      assert.ok(Math.abs(item.expected - (12.3 + (27.7 * 9) / 12)) < 1e-9, `expected ${item.expected}`);
      assert.equal(item.onTrack, actual >= item.expected);

      // A township under the county follows the county's target.
      const township = (await values(county, 'facility_coverage')).children[0]!.code;
      const below = await county.get(`/api/v1/plans/${TEMPLATE}/progress?area=${township}&period=2025`);
      const inherited = below.json().items.find((i: { indicator: string; split: string }) => i.indicator === 'facility_coverage' && i.split === 'rural');
      assert.equal(inherited.targetSetBy, COUNTY);
      // The city, above, has no target the plan does not publish.
      const cityProgress = await city.get(`/api/v1/plans/${TEMPLATE}/progress?area=3408&period=2025`);
      const cityItem = cityProgress.json().items.find((i: { indicator: string; split: string }) => i.indicator === 'facility_coverage' && i.split === 'rural');
      assert.equal(cityItem.target, null);
      assert.equal(cityItem.onTrack, null);
      // Platform coverage in rural communities is behind the published 30 % by 2020.
      const platform = cityProgress.json().items.find((i: { indicator: string; split: string }) => i.indicator === 'platform_coverage' && i.split === 'rural');
      assert.deepEqual(platform.target, { value: 30, year: 2020 });
      assert.equal(platform.onTrack, false);
      // Social workers in every village by 2020: the generated demo workforce is far behind it in the countryside.
      const social = cityProgress.json().items.find((i: { indicator: string; split: string }) => i.indicator === 'social_worker_presence' && i.split === 'rural');
      assert.equal(social.actual.status, 'value');
      assert.ok(social.actual.value > 0 && social.actual.value < 100);
      assert.ok(Math.abs(social.gap - (100 - social.actual.value)) < 1e-9);
      assert.equal(social.onTrack, false);
    });

    test('the dashboard: the area, its periods, every indicator urban and rural with targets and a trend', async () => {
      const r = await county.get('/api/v1/indicators/dashboard?period=2025');
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json();
      assert.equal(d.area.code, COUNTY);
      assert.deepEqual(
        d.area.path.map((p: { code: string }) => p.code),
        ['34', '3408'],
      );
      assert.equal(d.plan.id, TEMPLATE, 'the plan the county adopted');
      assert.ok(d.periods.includes('2025') && d.periods.includes('2025Q3') && d.periods.includes(THIS_YEAR));
      assert.equal(d.cards.length, 12);
      const coverage = d.cards.find((c: { indicator: string }) => c.indicator === 'facility_coverage');
      const direct = await values(county, 'facility_coverage', '?period=2025&split=urban');
      assert.equal(coverage.values.urban.value, direct.area.value);
      assert.deepEqual(
        coverage.trend.map((p: { period: string }) => p.period),
        ['2024', '2025'],
      );
      assert.equal(coverage.trend[1].values.urban, direct.area.value);
      assert.deepEqual(coverage.progress.rural.target, { value: 40, year: 2028 });
      if (WAITING[0]) {
        const waiting = d.cards.find((c: { indicator: string }) => c.indicator === WAITING[0]!.code);
        assert.equal(waiting.values.all.status, 'noData', WAITING[0].code);
        assert.equal(waiting.values.all.value, null);
      }
    });

    test('the dashboard exports to XLSX with the same figures', async () => {
      const r = await county.get('/api/v1/indicators/export.xlsx?period=2025');
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /spreadsheetml/);
      assert.match(String(r.headers['content-disposition']), /linli-indicators-340828-2025\.xlsx/);
      const rows = await readTable(r.rawPayload, 'xlsx');
      assert.deepEqual(rows[0]!.slice(0, 4), ['指标', '单位', '城乡', '数值']);
      const urban = rows.find((row) => row[0] === '社区综合服务设施覆盖率' && row[2] === '城市')!;
      const direct = await values(county, 'facility_coverage', '?period=2025&split=urban');
      assert.ok(Math.abs(Number(urban[3]) - direct.area.value!) < 1e-3);
      if (WAITING[0]) {
        const noData = rows.find((row) => row[0] === WAITING[0]!.name['zh-CN'] && row[2] === '全部')!;
        assert.equal(noData[3], '暂无数据', WAITING[0].code);
      }
    });

    test('the annual monitoring report is a PDF made on the server', async () => {
      const r = await county.get(`/api/v1/plans/${TEMPLATE}/report.pdf?year=2025`);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers['content-type'], 'application/pdf');
      assert.equal(r.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(String(r.headers['content-disposition']), /linli-report-340828-2025\.pdf/);
      assertFieldNamed(await county.get(`/api/v1/plans/${TEMPLATE}/report.pdf?year=1999`), 'year');
      assertError(await county.get('/api/v1/plans/missing/report.pdf?year=2025'), 404, 'not_found');
    });
  });
}
