import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { readTable } from '../../src/server/files/spreadsheet.ts';
import { demoPlanPeriod } from '../../src/server/seed/demo.ts';
import { INDICATORS } from '../../src/contracts/indicators.ts';

const CITY = '3408';
const COUNTY = '340828';
const OTHER_COUNTY = '340803';
/** 巍岭乡, a township of the demo county, and one of its villages (read from the tree below). */
const TOWNSHIP = '340828210';
const FOURTEENTH = 'national-2021-2025';
const THIRTEENTH = 'national-2016-2020';
const THIS_YEAR = new Date().getUTCFullYear();

interface PlanIndicator {
  indicator: string;
  split: string;
  baseline: { value: number; year: number } | null;
  target: { value: number; year: number } | null;
  source: string | null;
}
interface Plan {
  id: string;
  name: string;
  area: string;
  startYear: number;
  endYear: number;
  template: boolean;
  templateId: string | null;
  notes: string | null;
  indicators: PlanIndicator[];
  adoptions: { area: string }[];
}

const find = (plan: Plan, indicator: string, split: string) => plan.indicators.find((i) => i.indicator === indicator && i.split === split);

for (const dialect of DIALECTS) {
  describe(`plan templates and local plans (${dialect})`, () => {
    let t: TestApp;
    let city: Client;
    let county: Client;
    let worker: Client;
    let resident: Client;
    const db = () => t.database.handle.db;
    const planCount = async () => (await db().selectFrom('plans').select('id').execute()).length;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [city, county, worker, resident] = await Promise.all(['demo-city', 'demo-county', 'demo-worker', 'demo-resident'].map((u) => t.login(u)));
    });
    after(() => t.close());

    test('the templates, newest period first: the 十四五 plan with its confirmed figures, each with its source', async () => {
      const r = await county.get('/api/v1/plans/templates');
      assert.equal(r.statusCode, 200, r.body);
      const items = r.json().items as Plan[];
      assert.deepEqual(
        items.map((p) => p.id),
        [FOURTEENTH, THIRTEENTH],
      );
      const plan = items[0]!;
      assert.equal(plan.template, true);
      assert.deepEqual([plan.startYear, plan.endYear], [2021, 2025]);
      assert.match(plan.name, /十四五/);
      assert.match(plan.notes!, /国办发〔2021〕56号/);
      assert.deepEqual(find(plan, 'facility_coverage', 'urban')?.target, { value: 100, year: 2025 });
      assert.deepEqual(find(plan, 'facility_coverage', 'urban')?.baseline, { value: 100, year: 2020 });
      assert.deepEqual(find(plan, 'facility_coverage', 'rural')?.baseline, { value: 65.7, year: 2020 });
      assert.deepEqual(find(plan, 'facility_coverage', 'rural')?.target, { value: 80, year: 2025 });
      assert.deepEqual(find(plan, 'floor_area_per_100_households', 'all')?.target, { value: 30, year: 2025 });
      // Figures that could not be confirmed are not invented: defined, without a target, and said so.
      assert.equal(find(plan, 'community_workers_per_10000_urban', 'urban')?.target, null);
      assert.equal(find(plan, 'social_work_certificate_share', 'all')?.target, null);
      assert.match(plan.notes!, /未核实/);
      for (const i of plan.indicators) {
        assert.ok(i.source, `${i.indicator}/${i.split} has a source`);
        assert.match(i.source!, /“十四五”城乡社区服务体系建设规划/);
      }
      assert.match(find(plan, 'facility_coverage', 'rural')!.source!, /“主要指标”表，“农村社区综合服务设施覆盖率”行/);
      // Anyone who reads indicators may read the templates; a resident may not.
      assert.equal((await worker.get('/api/v1/plans/templates')).statusCode, 200);
      assertError(await resident.get('/api/v1/plans/templates'), 403, 'forbidden');
    });

    test('the demo city follows a current plan started from the 十四五 template, so this year has targets', async () => {
      const { startYear, endYear } = demoPlanPeriod();
      assert.ok(startYear <= THIS_YEAR && THIS_YEAR <= endYear);
      const plans = (await city.get('/api/v1/plans')).json().items as Plan[];
      const own = plans.find((p) => p.area === CITY && !p.template)!;
      assert.ok(own, 'the seed made a plan for the city');
      assert.equal(own.templateId, FOURTEENTH);
      assert.deepEqual([own.startYear, own.endYear], [startYear, endYear]);
      assert.deepEqual(own.adoptions.map((a) => a.area), [CITY]);
      assert.match(own.notes!, /演示/);
      // The template's 2025 targets, moved to the plan's last year, and saying so.
      const rural = find(own, 'facility_coverage', 'rural')!;
      assert.deepEqual(rural.target, { value: 80, year: endYear });
      assert.match(rural.source!, new RegExp(`顺延至${endYear}年`));
      const d = (await city.get('/api/v1/indicators/dashboard')).json();
      assert.equal(d.period, String(THIS_YEAR));
      assert.equal(d.plan.id, own.id);
      const coverage = d.cards.find((c: { indicator: string }) => c.indicator === 'facility_coverage');
      assert.deepEqual(coverage.progress.rural.target, { value: 80, year: endYear });
      assert.deepEqual(coverage.progress.urban.target, { value: 100, year: endYear });
      // The workers registry feeds its indicators; the template sets no national target, so on track cannot be told.
      const workers = d.cards.find((c: { indicator: string }) => c.indicator === 'community_workers_per_10000_urban');
      assert.equal(workers.values.urban.status, 'value');
      assert.ok(workers.values.urban.value > 0);
      assert.equal(workers.progress.urban.actual.value, workers.values.urban.value);
      assert.equal(workers.progress.urban.target, null);
      assert.equal(workers.progress.urban.onTrack, null);
    });

    test('bad periods and templates are refused with the field named, and nothing is kept', async () => {
      const before = await planCount();
      const plan = (body: Record<string, unknown>) => county.post('/api/v1/plans', { name: '岳西县规划', area: COUNTY, template: FOURTEENTH, ...body });
      assertFieldNamed(await plan({ startYear: 2030, endYear: 2026 }), 'endYear', 'inconsistent');
      const tooLong = await plan({ startYear: 2026, endYear: 2036 });
      assertFieldNamed(tooLong, 'endYear', 'out_of_range');
      assert.deepEqual(tooLong.json().error.details.problems[0].params, { max: 10 }, 'the longest period a plan may cover, for the web to say');
      assertFieldNamed(await plan({ startYear: 1999, endYear: 2003 }), 'startYear');
      assertFieldNamed(await plan({ startYear: 2026, endYear: 2030, template: 'national-2031-2035' }), 'template', 'unknown_reference');
      // Only a template can be started from; a local plan is not one.
      const cityPlan = ((await city.get('/api/v1/plans')).json().items as Plan[]).find((p) => p.area === CITY && !p.template)!;
      assertFieldNamed(await plan({ startYear: 2026, endYear: 2030, template: cityPlan.id }), 'template');
      assertFieldNamed(await plan({ startYear: 2026, endYear: 2030, indicators: [{ indicator: 'facility_coverage', split: 'rural', target: { value: 101, year: 2030 } }] }), 'indicators[0].target.value');
      assert.equal(await planCount(), before);
    });

    test('an official outside the area is refused (403), and so is a role that does not plan', async () => {
      const before = await planCount();
      const body = { name: '别县规划', startYear: 2026, endYear: 2030, template: FOURTEENTH };
      assertError(await county.post('/api/v1/plans', { ...body, area: OTHER_COUNTY }), 403, 'forbidden');
      assertError(await county.post('/api/v1/plans', { ...body, area: CITY }), 403, 'forbidden');
      assertError(await worker.post('/api/v1/plans', { ...body, area: COUNTY }), 403, 'forbidden');
      assert.equal(await planCount(), before);
    });

    test('a county starts its 2026–2030 plan from the template, overrides one target, adopts it and passes targets down', async () => {
      const made = await county.post('/api/v1/plans', {
        name: '岳西县城乡社区服务体系建设规划（2026-2030年）',
        area: COUNTY,
        startYear: 2026,
        endYear: 2030,
        template: FOURTEENTH,
        indicators: [{ indicator: 'facility_coverage', split: 'rural', target: { value: 90, year: 2030 } }],
      });
      assert.equal(made.statusCode, 201, made.body);
      const plan = made.json() as Plan;
      assert.equal(plan.templateId, FOURTEENTH);
      assert.equal(plan.template, false);
      assert.equal(plan.area, COUNTY);
      // Every template indicator is there; the override wins and is the county's own (no source).
      assert.equal(plan.indicators.length, 5);
      assert.deepEqual(find(plan, 'facility_coverage', 'rural'), { indicator: 'facility_coverage', split: 'rural', baseline: null, target: { value: 90, year: 2030 }, source: null });
      assert.deepEqual(find(plan, 'facility_coverage', 'urban')?.target, { value: 100, year: 2030 });
      assert.deepEqual(find(plan, 'facility_coverage', 'urban')?.baseline, { value: 100, year: 2020 });
      assert.deepEqual(find(plan, 'floor_area_per_100_households', 'all')?.target, { value: 30, year: 2030 });
      assert.match(find(plan, 'floor_area_per_100_households', 'all')!.source!, /模板.*顺延至2030年/);
      assert.equal(find(plan, 'community_workers_per_10000_urban', 'urban')?.target, null);
      const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'plan.create').where('target_id', '=', plan.id).execute();
      assert.equal(audit.length, 1, 'the creation is audited');

      // The same county, overlapping years: one plan per area and year.
      const before = await planCount();
      assertError(await county.post('/api/v1/plans', { name: '重叠', area: COUNTY, startYear: 2028, endYear: 2032, template: FOURTEENTH }), 409, 'conflict');
      assert.equal(await planCount(), before);
      // The years after it are free, and a township below may have its own for the same years.
      assert.equal((await county.post('/api/v1/plans', { name: '岳西县远景', area: COUNTY, startYear: 2031, endYear: 2035, template: FOURTEENTH })).statusCode, 201);
      assert.equal((await county.post('/api/v1/plans', { name: '巍岭乡规划', area: TOWNSHIP, startYear: 2026, endYear: 2030, template: FOURTEENTH })).statusCode, 201);
      // A plan for earlier years takes the targets back to its last year, and its sources say so.
      const earlier = await county.post('/api/v1/plans', { name: '岳西县回顾', area: COUNTY, startYear: 2021, endYear: 2023, template: FOURTEENTH });
      assert.equal(earlier.statusCode, 201, earlier.body);
      const back = find(earlier.json() as Plan, 'facility_coverage', 'rural')!;
      assert.deepEqual(back.target, { value: 80, year: 2023 });
      assert.deepEqual(back.baseline, { value: 65.7, year: 2020 });
      assert.match(back.source!, /由2025年提前至2023年/);
      // Within the template's own years the figures stay as they are.
      const same = await county.post('/api/v1/plans', { name: '巍岭乡十四五', area: TOWNSHIP, startYear: 2021, endYear: 2025, template: FOURTEENTH });
      const kept = find(same.json() as Plan, 'facility_coverage', 'rural')!;
      assert.deepEqual(kept.target, { value: 80, year: 2025 });
      assert.doesNotMatch(kept.source!, /顺延|提前/);

      // Adopt, set the county's own target, and see it apply below.
      assert.equal((await county.post(`/api/v1/plans/${plan.id}/adoptions`, {})).statusCode, 201);
      const put = await county.request({
        method: 'PUT',
        url: `/api/v1/plans/${plan.id}/targets`,
        payload: { targets: [{ indicator: 'floor_area_per_100_households', split: 'all', value: 35, year: 2030 }] },
      });
      assert.equal(put.statusCode, 200, put.body);
      const below = await county.get(`/api/v1/plans/${plan.id}/progress?area=${TOWNSHIP}`);
      assert.equal(below.statusCode, 200, below.body);
      const items = below.json().items as { indicator: string; split: string; target: unknown; targetSetBy: string | null; actual: { period: string } }[];
      const floor = items.find((i) => i.indicator === 'floor_area_per_100_households' && i.split === 'all')!;
      assert.deepEqual(floor.target, { value: 35, year: 2030 });
      assert.equal(floor.targetSetBy, COUNTY);
      assert.equal(floor.actual.period, String(THIS_YEAR));
      const rural = items.find((i) => i.indicator === 'facility_coverage' && i.split === 'rural')!;
      assert.deepEqual(rural.target, { value: 90, year: 2030 });
      assert.equal(rural.targetSetBy, null, "the plan's own target");
      // The county's dashboard now follows its own plan, with targets this year.
      const d = (await county.get('/api/v1/indicators/dashboard')).json();
      assert.equal(d.plan.id, plan.id);
      const floorCard = d.cards.find((c: { indicator: string }) => c.indicator === 'floor_area_per_100_households');
      assert.deepEqual(floorCard.progress.all.target, { value: 35, year: 2030 });
    });

    test('the workbook follows the reader’s language: lang, else Accept-Language', async () => {
      const get = (query: string, language?: string) =>
        county.request({ method: 'GET', url: `/api/v1/indicators/export.xlsx?period=2025${query}`, headers: language ? { 'accept-language': language } : {} });
      const en = await get('&lang=en');
      assert.equal(en.statusCode, 200, en.body);
      const enRows = await readTable(en.rawPayload, 'xlsx');
      assert.deepEqual(enRows[0]!.slice(0, 4), ['Indicator', 'Unit', 'Urban/rural', 'Value']);
      assert.ok(enRows.some((row) => row[0] === 'Comprehensive facility coverage' && row[2] === 'Urban'), 'facility coverage, urban, in English');
      // An indicator whose module does not exist yet (while one is left) says so in the reader's language.
      const waiting = INDICATORS.find((d) => !d.available);
      if (waiting) assert.ok(enRows.some((row) => row[0] === waiting.name.en && row[3] === 'No data'), `${waiting.code}: No data`);

      const tw = await get('', 'zh-TW,zh;q=0.9,en;q=0.8');
      const twRows = await readTable(tw.rawPayload, 'xlsx');
      assert.deepEqual(twRows[0]!.slice(0, 4), ['指標', '單位', '城鄉', '數值']);
      assert.ok(twRows.some((row) => row[0] === '社區綜合服務設施覆蓋率' && row[2] === '農村'), 'facility coverage, rural, in zh-TW');
      if (waiting) assert.ok(twRows.some((row) => row[0] === waiting.name['zh-TW'] && row[3] === '暫無資料'), `${waiting.code}: 暫無資料`);

      // An explicit choice beats the header; no preference at all is Simplified Chinese.
      const cn = await readTable((await get('&lang=zh-CN', 'en')).rawPayload, 'xlsx');
      assert.deepEqual(cn[0]!.slice(0, 4), ['指标', '单位', '城乡', '数值']);
      const plain = await readTable((await get('')).rawPayload, 'xlsx');
      assert.deepEqual(plain[0]!.slice(0, 4), ['指标', '单位', '城乡', '数值']);
      assertError(await get('&lang=fr'), 400);
      const pdf = await county.get(`/api/v1/plans/${FOURTEENTH}/report.pdf?year=2025&lang=en`);
      assert.equal(pdf.statusCode, 200, pdf.body);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    test('a siting scenario is named in the maker’s language', async () => {
      const site = (language: string) =>
        city.request({ method: 'POST', url: '/api/v1/planning/siting', payload: { area: TOWNSHIP, model: 'mclp', p: 1 }, headers: { 'accept-language': language } });
      const en = await site('en-GB,en;q=0.9');
      assert.equal(en.statusCode, 201, en.body);
      assert.match(en.json().name, /: community service centre siting \(maximal covering\)$/);
      const tw = await site('zh-Hant-TW');
      assert.match(tw.json().name, /綜合服務設施選址（最大覆蓋）$/);
      const cn = await site('zh-CN');
      assert.match(cn.json().name, /综合服务设施选址（最大覆盖）$/);
    });
  });
}
