/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, chromiumMissing, describeViolations, login, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

/** Sets p and runs; waits until the result shows that many sites. */
async function runMclp(page: Page, p: number): Promise<void> {
  const input = page.getByTestId('p');
  await input.fill(String(p));
  await input.press('Tab');
  // Two clicks in a row (an impatient person): one solve only, the page guards while one runs.
  await page.getByTestId('run').evaluate((button: HTMLElement) => {
    button.click();
    button.click();
  });
  await page.getByTestId('solve-status').filter({ hasText: '正在计算' }).waitFor({ timeout: 5000 }).catch(() => undefined);
  await page.getByTestId('sites-table').locator('.ant-table-row').nth(p - 1).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('sites-table').locator('.ant-table-row').count(), p);
}

describe('planning: where the next facilities should go', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a county official sites 3 and 5 facilities, compares, adopts once, and the page is accessible', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    await login(page, e2e.baseUrl, 'demo-county');
    await page.getByTestId('menu').getByText('规划选址').click();
    await page.waitForURL('**/planning');
    // The area defaults to the official's scope.
    await page.getByTestId('area-picker').filter({ hasText: '岳西县' }).waitFor();

    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/planning/siting')) requests.push(r.url());
    });

    // MCLP, p = 3 (the model is MCLP by default; p is set as a person would type it).
    await runMclp(page, 3);
    assert.equal(requests.length, 1, 'one solve per click');
    const figures = page.getByTestId('figures');
    const newly = Number((await page.getByTestId('newly-covered').locator('strong').innerText()).replace(/[^\d]/g, ''));
    assert.ok(newly > 0, `people newly covered: ${newly}`);
    for (const id of ['coverage-urban', 'coverage-rural', 'coverage-all']) assert.match(await figures.getByTestId(id).innerText(), /%\s*→\s*[\d.]+%/, id);
    assert.match(await page.getByTestId('gap').innerText(), /最优差距：0%[\s\S]*已证明的最佳方案/);
    // The map: boundaries and points drawn, the three proposed sites in the legend.
    await page.getByTestId('planning-map').locator('canvas').waitFor();
    await page.getByTestId('legend-site').filter({ hasText: '3' }).waitFor();
    assert.match(await page.getByTestId('legend-newlyCovered').innerText(), /新覆盖的村（社区）\s*\d+/);
    const mapLabel = (await page.getByTestId('planning-map').getAttribute('aria-label')) ?? '';
    assert.match(mapLabel, /3 个建议新建点/);
    const firstSites = await page.getByTestId('sites-table').locator('.ant-table-row').allInnerTexts();

    // A second scenario, p = 5.
    await runMclp(page, 5);
    assert.equal(requests.length, 2);
    const scenarios = page.getByTestId('scenarios').locator('.ant-table-row');
    await scenarios.nth(1).waitFor();
    assert.equal(await scenarios.count(), 2);
    await page.getByTestId('scenario-result').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SCREENSHOTS}planning.png`, fullPage: true });

    // Compare the two side by side.
    for (let i = 0; i < 2; i++) await scenarios.nth(i).locator('.ant-checkbox-input').check();
    await page.getByTestId('compare').click();
    const comparison = page.getByTestId('comparison');
    await comparison.waitFor();
    const pRow = await comparison.locator('tr[data-row=p] td').allInnerTexts();
    assert.deepEqual(pRow.map((s) => s.trim()), ['5', '3']);
    assert.match(await comparison.locator('tr[data-row=rural] td').first().innerText(), /→/);
    assert.match(await comparison.locator('tr[data-row=sites] td').nth(1).innerText(), new RegExp(firstSites[0]!.split('\t')[1]!.trim()));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}planning-compare.png`, fullPage: true });

    // Adopt the p = 3 scenario (the older one, second row): its sites become planned facilities.
    const adopt = async (row = 1) => {
      await scenarios.nth(row).getByTestId('adopt').click();
      const dialog = page.locator('.ant-modal');
      await dialog.getByLabel('每处建筑面积').fill('450');
      await dialog.getByLabel('每处居民活动用房面积').fill('320');
      await dialog.getByRole('button', { name: '采纳并建立规划设施' }).click();
    };
    await adopt();
    const done = page.getByTestId('adopt-result');
    await done.waitFor();
    assert.match(await done.innerText(), /3 处建议点已转为“规划中”的设施/);
    assert.equal(await done.getByTestId('facilities-link').getAttribute('href'), '/facilities?area=340828&kind=comprehensive&status=planned');
    await scenarios.nth(1).filter({ hasText: '已采纳' }).waitFor();
    const planned = await page.evaluate(async () => {
      const response = await fetch('/api/v1/facilities?area=340828&status=planned&limit=100');
      return ((await response.json()) as { total: number }).total;
    });
    assert.ok(planned >= 3, `planned facilities: ${planned}`);
    // Adopting again is refused, in words.
    await adopt();
    const refused = page.getByTestId('adopt-error');
    await refused.waitFor();
    assert.match(await refused.innerText(), /这个方案已经采纳过了/);
    await page.locator('.ant-modal').getByRole('button', { name: '取消' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await page.locator('.ant-modal-mask').waitFor({ state: 'hidden' }).catch(() => undefined);
    await page.waitForTimeout(300);

    // Accessible in normal and elder mode.
    await assertAccessible(page, 'planning page');
    await page.getByTestId('elder-mode').click();
    await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
    await page.getByTestId('planning-map').locator('canvas').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SCREENSHOTS}planning-elder.png`, fullPage: true });
    await assertAccessible(page, 'planning page, elder mode');
    await page.getByTestId('elder-mode').click();
    await page.waitForFunction(() => !document.documentElement.classList.contains('elder'));

    // The p = 5 scenario was solved before the p = 3 one was adopted and shares sites with it:
    // adopting it plans only the communities not planned yet.
    const sitesOf = (id: string) =>
      page.evaluate(async (scenario) => {
        const response = await fetch(`/api/v1/planning/scenarios/${scenario}`);
        return ((await response.json()) as { result: { sites: { code: string; name: string }[] } }).result.sites;
      }, id);
    const listed = await page.evaluate(async () => {
      const response = await fetch('/api/v1/planning/scenarios?area=340828&limit=2');
      return ((await response.json()) as { items: { id: string; sites: number }[] }).items;
    });
    assert.deepEqual(
      listed.map((s) => s.sites),
      [5, 3],
    );
    const [five, three] = [await sitesOf(listed[0]!.id), await sitesOf(listed[1]!.id)];
    const shared = five.filter((x) => three.some((y) => y.code === x.code));
    assert.ok(shared.length > 0, 'the two scenarios overlap');
    await adopt(0);
    await done.filter({ hasText: `${5 - shared.length} 处建议点已转为` }).waitFor();
    const existingNote = await done.getByTestId('adopt-existing').innerText();
    for (const x of shared) assert.match(existingNote, new RegExp(x.name), `${x.name} is named as planned already`);
    assert.match(existingNote, /未重复新建/);
    const perCommunity = await page.evaluate(async (codes) => {
      const counts: number[] = [];
      for (const code of codes) {
        const response = await fetch(`/api/v1/facilities?area=${code}&kind=comprehensive&status=planned`);
        counts.push(((await response.json()) as { total: number }).total);
      }
      return counts;
    }, five.map((x) => x.code));
    assert.deepEqual(perCommunity, five.map(() => 1), 'one planned facility per site, none twice');

    // The link opens the facilities page filtered as it says; the new facilities all have a place on the map.
    await done.getByTestId('facilities-link').click();
    await page.waitForURL('**/facilities?area=340828&kind=comprehensive&status=planned');
    const expected = await page.evaluate(async () => {
      const response = await fetch('/api/v1/facilities?area=340828&kind=comprehensive&status=planned&limit=1');
      return ((await response.json()) as { total: number }).total;
    });
    assert.ok(expected >= 8, `planned comprehensive facilities: ${expected}`);
    await page.getByTestId('facility-total').filter({ hasText: new RegExp(`共\\s*${expected}\\s*个设施`) }).waitFor();
    assert.match(await page.getByTestId('kind-filter').locator('xpath=ancestor-or-self::*[contains(@class, "ant-select")][1]').innerText(), /综合服务设施/);
    assert.match(await page.getByTestId('status-filter').locator('xpath=ancestor-or-self::*[contains(@class, "ant-select")][1]').innerText(), /规划中/);
    const statuses = await page.locator('[data-testid=facility-table] .ant-table-row td:nth-child(3)').allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every((x) => x.includes('规划中')), statuses.join(', '));
    await page.getByTestId('facility-map').and(page.locator(`[aria-label*="共 ${expected} 个设施"]`)).waitFor();
    assert.equal(await page.getByText(/个设施未填写位置/).count(), 0, 'every planned facility has a location');
    await page.screenshot({ path: `${SCREENSHOTS}planning-to-facilities.png`, fullPage: true });

    // Changing a filter changes the URL; back brings the filtered list back.
    await choose(page, 'status-filter', '全部状态');
    await page.waitForURL((url) => url.pathname === '/facilities' && !url.searchParams.has('status') && url.searchParams.get('kind') === 'comprehensive');
    await page.goBack();
    await page.waitForURL('**/facilities?area=340828&kind=comprehensive&status=planned');
    await page.getByTestId('facility-total').filter({ hasText: new RegExp(`共\\s*${expected}\\s*个设施`) }).waitFor();
    await context.close();
  });

  test('roles without planning do not see it in the menu and are refused the page in words', async () => {
    const context = await e2e.context({ as: 'demo-worker' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/planning`);
    await page.getByText('您没有权限执行此操作').first().waitFor();
    assert.equal(await page.getByTestId('menu').getByText('规划选址').count(), 0);
    await context.close();
  });
});
