/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { IndicatorDefinition } from '../../src/contracts/indicators.ts';
import type { Dashboard, IndicatorValues } from '../../src/contracts/indicators-api.ts';
import { readTable } from '../../src/server/files/spreadsheet.ts';
import { choose, chromiumMissing, describeViolations, type E2e, login, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/** How the page writes a percentage in zh-CN (85.3%). */
const percent = (value: number) => new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

async function getJson<T>(page: Page, baseUrl: string, path: string): Promise<T> {
  const response = await page.request.get(`${baseUrl}/api/v1${path}`);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

const card = (page: Page, code: string) => page.locator(`[data-testid=indicator-card][data-code=${code}]`);
const rankingRows = (page: Page) => page.locator('[data-testid=ranking-table] .ant-table-row');
/** The map loads (with ECharts) when it comes on screen: scroll to it, then wait for its canvas. */
async function mapDrawn(page: Page): Promise<void> {
  await scrollToTestId(page, 'indicator-map');
  await page.locator('[data-testid=indicator-map] canvas').first().waitFor();
}
/** The value column (third) of each ranking row. */
const rankingValues = async (page: Page) => (await rankingRows(page).locator('td:nth-child(3)').allInnerTexts()).map((s) => s.trim());

async function waitForValues(page: Page, indicator: string, split: string): Promise<void> {
  await page.waitForResponse((r) => r.url().includes(`/api/v1/indicators/${indicator}/values`) && new URL(r.url()).searchParams.get('split') === split && r.ok());
}

async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const failure = await event.failure();
  assert.equal(failure, null, `download of ${event.suggestedFilename()} failed`);
  return { name: event.suggestedFilename(), bytes: await readFile((await event.path())!) };
}

/** Pixels of one colour (within a small tolerance) on a map's canvas: how many, and one near their middle, in page coordinates. */
async function pixelsOf(page: Page, testId: string, hex: string): Promise<{ count: number; x: number; y: number }> {
  return page.evaluate(
    ({ testId, hex }) => {
      const canvas = document.querySelector(`[data-testid=${testId}] canvas`) as HTMLCanvasElement;
      const { width, height } = canvas;
      const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let count = 0;
      let sx = 0;
      let sy = 0;
      const hits: [number, number][] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const k = (y * width + x) * 4;
          if (Math.abs(data[k]! - r!) <= 3 && Math.abs(data[k + 1]! - g!) <= 3 && Math.abs(data[k + 2]! - b!) <= 3 && data[k + 3]! > 250) {
            count++;
            sx += x;
            sy += y;
            hits.push([x, y]);
          }
        }
      }
      if (count === 0) return { count, x: 0, y: 0 };
      const [mx, my] = [sx / count, sy / count];
      const [hx, hy] = hits.reduce((best, h) => (Math.hypot(h[0] - mx, h[1] - my) < Math.hypot(best[0] - mx, best[1] - my) ? h : best));
      const rect = canvas.getBoundingClientRect();
      return { count, x: rect.left + (hx * rect.width) / width, y: rect.top + (hy * rect.height) / height };
    },
    { testId, hex },
  );
}

describe('the indicators dashboard in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a county official lands on the dashboard, reads the cards, ranks and drills, downloads and sets a target', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await login(page, e2e.baseUrl, 'demo-county');
    // The officials' home page.
    await page.waitForURL('**/indicators');
    await page.getByTestId('dashboard-area').filter({ hasText: '岳西县' }).waitFor();
    assert.equal((await page.locator('.ant-menu-item-selected').innerText()).trim(), '指标监测');

    const definitions = (await getJson<{ items: IndicatorDefinition[] }>(page, e2e.baseUrl, '/indicators')).items;
    const dashboard = await getJson<Dashboard>(page, e2e.baseUrl, '/indicators/dashboard');
    assert.equal(dashboard.area.code, '340828');
    await card(page, 'facility_coverage').waitFor();
    assert.equal(await page.getByTestId('indicator-card').count(), dashboard.cards.length);
    // The county is the top of this official's scope: the city above is named, not a link.
    assert.match(await page.getByTestId('area-path').innerText(), /安庆市/);
    assert.equal(await page.getByTestId('area-path').locator('a').count(), 0);

    // Facility coverage: a percentage, the one the API computed, urban and rural beside it.
    const coverage = dashboard.cards.find((c) => c.indicator === 'facility_coverage')!;
    assert.equal(coverage.values.all.status, 'value', 'the demo county has facility coverage');
    const shown = (await card(page, 'facility_coverage').locator('[data-testid=card-value][data-split=all]').innerText()).trim();
    assert.equal(shown, percent(coverage.values.all.value!));
    for (const split of ['urban', 'rural'] as const) {
      const text = (await card(page, 'facility_coverage').locator(`[data-testid=card-value][data-split=${split}]`).innerText()).trim();
      const v = coverage.values[split];
      assert.equal(text, v.status === 'value' ? percent(v.value!) : v.status === 'none' ? '无此类社区' : '暂无数据', split);
    }

    // Every indicator has its module now: no card waits for one, and the last to arrive (care visits)
    // shows the value the API computed for the demo county.
    assert.deepEqual(definitions.filter((d) => !d.available).map((d) => d.code), []);
    assert.equal(await page.getByTestId('waits-for').count(), 0);
    const visited = dashboard.cards.find((c) => c.indicator === 'left_behind_visited');
    assert.equal(visited?.values.all.status, 'value', 'care visits feed left_behind_visited');
    assert.equal((await card(page, 'left_behind_visited').locator('[data-testid=card-value][data-split=all]').innerText()).trim(), percent(visited!.values.all.value!));

    // The ranking of the townships for facility coverage, all communities, best first.
    const all = await getJson<IndicatorValues>(page, e2e.baseUrl, '/indicators/facility_coverage/values?area=340828&split=all');
    assert.ok(all.children.length > 1, 'the county has townships');
    await rankingRows(page).first().waitFor();
    assert.equal(await rankingRows(page).count(), all.children.length);
    const best = Math.max(...all.children.filter((c) => c.value !== null).map((c) => c.value!));
    assert.equal((await rankingValues(page))[0], percent(best));
    await mapDrawn(page);
    assert.equal(await page.getByTestId('equalization').locator('dt').count(), 4);

    // Rural communities only: the URL, the request and the table follow.
    const rural = await getJson<IndicatorValues>(page, e2e.baseUrl, '/indicators/facility_coverage/values?area=340828&split=rural');
    await Promise.all([waitForValues(page, 'facility_coverage', 'rural'), choose(page, 'split', '农村社区')]);
    await page.waitForURL(/split=rural/);
    const ruralBest = Math.max(...rural.children.filter((c) => c.value !== null).map((c) => c.value!));
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid=ranking-table] .ant-table-row td:nth-child(3)')?.textContent?.trim() === expected,
      [percent(ruralBest)],
    );
    // Another indicator: the detail's title and the table change with it.
    const radius = definitions.find((d) => d.code === 'radius_population_coverage')!;
    await Promise.all([waitForValues(page, 'radius_population_coverage', 'rural'), choose(page, 'indicator', radius.name['zh-CN'])]);
    await page.waitForURL(/indicator=radius_population_coverage/);
    await page.getByTestId('indicator-detail').locator('.ant-card-head').filter({ hasText: radius.name['zh-CN'] }).waitFor();
    const radiusValues = await getJson<IndicatorValues>(page, e2e.baseUrl, '/indicators/radius_population_coverage/values?area=340828&split=rural');
    const radiusBest = Math.max(...radiusValues.children.filter((c) => c.value !== null).map((c) => c.value!));
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid=ranking-table] .ant-table-row td:nth-child(3)')?.textContent?.trim() === expected,
      [percent(radiusBest)],
    );
    // Sorting by value ascending puts the lowest first.
    await page.locator('[data-testid=ranking-table] th', { hasText: '数值' }).click();
    const radiusLowest = Math.min(...radiusValues.children.filter((c) => c.value !== null).map((c) => c.value!));
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid=ranking-table] .ant-table-row td:nth-child(3)')?.textContent?.trim() === expected,
      [percent(radiusLowest)],
    );

    // Into a township and back: the URL carries the area, so the browser's back returns.
    const link = page.getByTestId('drill').first();
    const township = { code: (await link.getAttribute('data-code'))!, name: (await link.innerText()).trim() };
    await link.click();
    await page.waitForURL(new RegExp(`area=${township.code}`));
    await page.getByTestId('dashboard-area').filter({ hasText: township.name }).waitFor();
    await page.getByTestId('area-path').locator('a', { hasText: '岳西县' }).waitFor();
    await card(page, 'facility_coverage').waitFor();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes(`area=${township.code}`));
    await page.getByTestId('dashboard-area').filter({ hasText: '岳西县' }).waitFor();
    // And down again, then up with the button.
    await page.getByTestId('drill').first().click();
    await page.getByTestId('dashboard-area').filter({ hasText: township.name }).waitFor();
    await page.getByTestId('drill-up').click();
    await page.getByTestId('dashboard-area').filter({ hasText: '岳西县' }).waitFor();

    // The view as a spreadsheet, the annual report as a PDF.
    const sheet = await download(page, page.getByTestId('export-xlsx'));
    assert.match(sheet.name, /\.xlsx$/);
    assert.equal(sheet.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
    const report = await download(page, page.getByTestId('report-pdf'));
    assert.match(report.name, /\.pdf$/);
    assert.equal(report.bytes.subarray(0, 4).toString('latin1'), '%PDF');

    // Targets: adopt the plan for the county, then a target out of range is refused next to its field.
    await page.getByTestId('open-targets').click();
    const drawer = page.getByTestId('targets-drawer');
    await drawer.getByTestId('target-row').first().waitFor();
    if (await drawer.getByTestId('adopt-plan').isVisible()) {
      await drawer.getByTestId('adopt-plan').click();
      await drawer.getByTestId('adopted').waitFor();
    }
    const row = drawer.locator('[data-testid=target-row][data-indicator=facility_coverage]').first();
    const split = (await row.getAttribute('data-split'))!;
    await row.getByTestId('target-value').fill('150');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/plans\/[^/]+\/targets$/.test(r.url())),
      drawer.getByTestId('save-targets').click(),
    ]);
    assert.equal(refused.status(), 400);
    const problem = row.locator('.ant-form-item-explain-error');
    await problem.first().waitFor();
    assert.match(await problem.first().innerText(), /不在取值范围 0–100内/);
    assert.match(await drawer.getByTestId('targets-error').innerText(), /有目标填写有误/);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-targets.png` });
    await assertAccessible(page, 'the targets drawer');

    // A target in range is kept and shown on the card.
    await row.getByTestId('target-value').fill('97');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/plans\/[^/]+\/targets$/.test(r.url())),
      drawer.getByTestId('save-targets').click(),
    ]);
    assert.ok(saved.ok(), `saving a target: ${saved.status()} ${await saved.text()}`);
    await page.keyboard.press('Escape');
    const target = split === 'all' ? card(page, 'facility_coverage').locator('.card-main [data-testid=card-target]') : card(page, 'facility_coverage').locator(`[data-testid=card-split][data-split=${split}] [data-testid=card-target]`);
    await target.filter({ hasText: '97%' }).waitFor();

    await mapDrawn(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard.png`, fullPage: true });
    await assertAccessible(page, 'the dashboard');
    await context.close();
  });

  test('the dashboard is usable in elder mode and at 360 px; the city sees its counties', async () => {
    for (const elderMode of [false, true]) {
      const context = await e2e.context({ as: 'demo-county', width: 360, height: 780, elderMode });
      const phone = await context.newPage();
      phone.setDefaultTimeout(60_000);
      await phone.goto(`${e2e.baseUrl}/`);
      await phone.waitForURL('**/indicators');
      await card(phone, 'facility_coverage').waitFor();
      await rankingRows(phone).first().waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the dashboard${elderMode ? ' (elder mode)' : ''} scrolls sideways by ${overflow}px at 360px`);
      // Cards wrap to one column: each fits the screen.
      const widths = await phone.getByTestId('indicator-card').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().right));
      assert.ok(widths.every((right) => right <= 360), `cards overflow: ${widths.join(', ')}`);
      if (elderMode) {
        const size = await card(phone, 'facility_coverage').locator('.card-split-label').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        assert.ok(size >= 18, `card labels are ${size}px in elder mode`);
      }
      await phone.screenshot({ path: `${SCREENSHOTS}dashboard-360${elderMode ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(phone, `the dashboard at 360px${elderMode ? ', elder mode' : ''}`);
      await context.close();
    }

    const city = await e2e.context({ as: 'demo-city' });
    const page = await city.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${e2e.baseUrl}/`);
    await page.waitForURL('**/indicators');
    await page.getByTestId('dashboard-area').filter({ hasText: '安庆市' }).waitFor();
    await rankingRows(page).nth(1).waitFor();
    await mapDrawn(page);
    assert.match(await page.getByTestId('indicator-legend').innerText(), /80%–100%/);

    // An earlier period: the URL, the period named above the cards and the figures follow.
    const latest = await getJson<Dashboard>(page, e2e.baseUrl, '/indicators/dashboard');
    const earlier = latest.periods.find((p) => p !== latest.period && /^\d{4}$/.test(p));
    assert.ok(earlier, `an earlier year among ${latest.periods.join(', ')}`);
    const then = await getJson<Dashboard>(page, e2e.baseUrl, `/indicators/dashboard?period=${earlier}`);
    await choose(page, 'period', `${earlier} 年`);
    await page.waitForURL(new RegExp(`period=${earlier}`));
    await page.getByTestId('plan-line').filter({ hasText: `${earlier} 年` }).waitFor();
    const thenCoverage = then.cards.find((c) => c.indicator === 'facility_coverage')!.values.all;
    await card(page, 'facility_coverage')
      .locator('[data-testid=card-value][data-split=all]')
      .filter({ hasText: thenCoverage.status === 'value' ? percent(thenCoverage.value!) : '暂无数据' })
      .waitFor();
    await city.close();

    // Evaluators read the dashboard of their scope; plans and targets are not theirs to change.
    const evaluator = await e2e.context({ as: 'demo-evaluator' });
    const reader = await evaluator.newPage();
    reader.setDefaultTimeout(60_000);
    await reader.goto(`${e2e.baseUrl}/indicators`);
    await card(reader, 'facility_coverage').waitFor();
    await reader.getByTestId('indicator-detail').waitFor();
    assert.equal(await reader.getByTestId('open-targets').count(), 0);
    assert.equal(await reader.locator('.ant-alert-error').count(), 0);
    await evaluator.close();
  });

  test('the city maps show every child, the first-ranked included; hovering tells the value, a click drills down', async () => {
    const context = await e2e.context({ as: 'demo-city' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const values = await getJson<IndicatorValues>(page, e2e.baseUrl, '/indicators/facility_coverage/values?area=3408');
    const first = [...values.children].filter((c) => c.value !== null).sort((a, b) => b.value! - a.value!)[0]!;
    // In the demo city the development zone (no boundary of its own) ranks first with 100%; no county reaches 80%.
    assert.ok(first.value! >= 80 && values.children.every((c) => c === first || (c.value ?? 0) < 80), `first: ${first.name} ${first.value}`);
    await page.goto(`${e2e.baseUrl}/indicators?area=3408&indicator=facility_coverage`);
    await mapDrawn(page);
    await page.waitForTimeout(1000);
    // The top step's green is on the map: the first-ranked area is drawn.
    const top = await pixelsOf(page, 'indicator-map', '#7cc48a');
    assert.ok(top.count > 20, `${first.name} in the top colour: ${top.count} pixels`);
    await page.mouse.move(top.x, top.y);
    const tooltip = page.locator('[data-testid=indicator-map] div').filter({ hasText: first.name }).filter({ hasText: percent(first.value!) }).last();
    await tooltip.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}indicators-map-hover.png` });
    // A county region tells its value too, and a click on it opens that county.
    const lowest = await pixelsOf(page, 'indicator-map', '#f4b6a6');
    assert.ok(lowest.count > 100, 'counties in the lowest step are drawn');
    await page.mouse.move(lowest.x, lowest.y);
    await page.locator('[data-testid=indicator-map] div').filter({ hasText: /\d%/ }).filter({ hasNotText: first.name }).last().waitFor();
    const hovered = (await page.locator('[data-testid=indicator-map] div').filter({ hasText: /\d%/ }).last().innerText()).trim();
    const county = values.children.find((c) => hovered.startsWith(c.name));
    assert.ok(county, `the tooltip names a county: ${hovered}`);
    assert.match(hovered, new RegExp(percent(county.value!).replace('.', '\\.')));
    await page.mouse.click(lowest.x, lowest.y);
    await page.waitForURL(new RegExp(`area=${county.code}`));
    await page.getByTestId('dashboard-area').filter({ hasText: county.name }).waitFor();
    // And the first-ranked circle opens its area.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('area') === '3408');
    await mapDrawn(page);
    await page.waitForTimeout(1000);
    const again = await pixelsOf(page, 'indicator-map', '#7cc48a');
    await page.mouse.click(again.x, again.y);
    await page.waitForURL(new RegExp(`area=${first.code}`));
    // The coverage page's city map (the same shaded map) draws it too: its coverage is the top step.
    await page.goto(`${e2e.baseUrl}/coverage`);
    await page.locator('[data-testid=coverage-map] canvas').first().waitFor();
    await scrollToTestId(page, 'coverage-map');
    await page.waitForTimeout(1000);
    const covered = await pixelsOf(page, 'coverage-map', '#7cc48a');
    assert.ok(covered.count > 20, `${first.name} on the coverage map: ${covered.count} pixels`);
    await page.mouse.move(covered.x, covered.y);
    await page.locator('[data-testid=coverage-map] div').filter({ hasText: first.name }).last().waitFor();
    await context.close();
  });

  test('the agent’s township map outlines the township on screen, around its communities', async () => {
    const context = await e2e.context({ as: 'demo-agent' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // The agent's home is the agency workspace; the area browser opens on the agent's township.
    await page.goto(`${e2e.baseUrl}/areas`);
    await page.locator('[data-testid=area-map] canvas').first().waitFor();
    await page.getByTestId('map-extent-legend').waitFor();
    await scrollToTestId(page, 'area-map');
    await page.waitForTimeout(800);
    // The township's outline (the county border lies off-screen at this zoom) is drawn on the canvas.
    const outline = await pixelsOf(page, 'area-map', '#6b3fa0');
    assert.ok(outline.count > 200, `outline pixels: ${outline.count}`);
    // And the communities (blue urban or green rural dots) are on screen too.
    const dots = (await pixelsOf(page, 'area-map', '#1a5fb4')).count + (await pixelsOf(page, 'area-map', '#237804')).count;
    assert.ok(dots > 20, `community dots: ${dots}`);
    await page.screenshot({ path: `${SCREENSHOTS}agent-township-map.png`, fullPage: true });
    await context.close();
  });
  test('a county official starts the county’s plan from the 十四五 template for this year on; this year has targets, an overlapping plan is refused', async () => {
    const context = await e2e.context({ as: 'demo-county' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const year = new Date().getFullYear();
    await page.goto(`${e2e.baseUrl}/indicators`);
    await card(page, 'facility_coverage').waitFor();
    // The demo city follows a current plan: this year's cards have targets, not 未设目标.
    const before = await getJson<Dashboard>(page, e2e.baseUrl, '/indicators/dashboard');
    assert.equal(before.period, String(year));
    assert.ok(before.plan, 'a plan applies this year');
    assert.ok(before.cards.find((c) => c.indicator === 'facility_coverage')!.progress.rural?.target, 'a rural coverage target this year');
    await card(page, 'facility_coverage').locator('[data-testid=card-target]').first().waitFor();

    await page.getByTestId('open-targets').click();
    const drawer = page.getByTestId('targets-drawer');
    const form = drawer.getByTestId('new-plan');
    await form.getByTestId('plan-template').waitFor();
    await choose(page, form.getByTestId('plan-template'), /十四五/);
    // A period that ends before it starts is refused at its field.
    await form.getByTestId('plan-start-year').fill(String(year));
    await form.getByTestId('plan-end-year').fill(String(year - 1));
    const [bad] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/plans')),
      form.getByTestId('create-plan').click(),
    ]);
    assert.equal(bad.status(), 400);
    await form.locator('.ant-form-item-explain-error').filter({ hasText: '截止年份不能早于起始年份' }).waitFor();
    await assertAccessible(page, 'the new plan form with a refused period');

    await form.getByTestId('plan-end-year').fill(String(year + 4));
    const [made] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/plans')),
      form.getByTestId('create-plan').click(),
    ]);
    assert.equal(made.status(), 201, await made.text());
    const plan = (await made.json()) as { id: string; name: string; templateId: string };
    assert.equal(plan.templateId, 'national-2021-2025');
    assert.equal(plan.name, `岳西县城乡社区服务体系建设规划（${year}-${year + 4}年）`);
    await page.waitForURL(new RegExp(`plan=${plan.id}`));
    await page.getByTestId('plan-line').filter({ hasText: plan.name }).waitFor();
    await drawer.getByTestId('adopted').waitFor();
    // Each of the plan's figures says where it comes from.
    const source = drawer.locator('[data-testid=target-row][data-indicator=facility_coverage][data-split=rural] [data-testid=target-source]');
    assert.match(await source.innerText(), /国办发〔2021〕56号/);
    assert.match(await source.innerText(), new RegExp(`顺延至${year + 4}年`));
    const after = await getJson<Dashboard>(page, e2e.baseUrl, `/indicators/dashboard?plan=${plan.id}`);
    assert.deepEqual(after.cards.find((c) => c.indicator === 'facility_coverage')!.progress.rural?.target, { value: 80, year: year + 4 });

    // The same years again: one plan of its own per area and year.
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/plans')),
      form.getByTestId('create-plan').click(),
    ]);
    assert.equal(again.status(), 409);
    assert.match(await form.getByTestId('new-plan-error').innerText(), /岳西县已有覆盖这些年份的规划/);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-new-plan.png` });
    await page.keyboard.press('Escape');

    // The files follow the language the person chose, not the server's default.
    await choose(page, 'language', 'English');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match((await page.getByTestId('export-xlsx').getAttribute('href'))!, /lang=en/);
    const sheet = await download(page, page.getByTestId('export-xlsx'));
    const rows = await readTable(sheet.bytes, 'xlsx');
    assert.deepEqual(rows[0]!.slice(0, 4), ['Indicator', 'Unit', 'Urban/rural', 'Value']);
    await choose(page, 'language', '繁體中文');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-TW');
    assert.match((await page.getByTestId('export-xlsx').getAttribute('href'))!, /lang=zh-TW/);
    const traditional = await readTable((await download(page, page.getByTestId('export-xlsx'))).bytes, 'xlsx');
    assert.deepEqual(traditional[0]!.slice(0, 4), ['指標', '單位', '城鄉', '數值']);
    await choose(page, 'language', '简体中文');
    await context.close();
  });
});
