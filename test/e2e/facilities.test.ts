/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing, describeViolations, login, SCREENSHOTS, seriousViolations, startE2e, choose, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

/** Axe and a screenshot in normal and in elder mode (left as it was found: normal). */
async function checkBothModes(page: Page, name: string, ready: string): Promise<void> {
  for (const elder of [false, true]) {
    const on = await page.evaluate(() => document.documentElement.classList.contains('elder'));
    if (on !== elder) await page.getByTestId('elder-mode').first().click();
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}${name}${elder ? '-elder' : ''}.png`, fullPage: true });
    await assertAccessible(page, `${name}${elder ? ' (elder mode)' : ''}`);
  }
  await page.getByTestId('elder-mode').first().click();
}

async function total(page: Page): Promise<number> {
  const text = await page.getByTestId('facility-total').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

describe('facilities and coverage in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a county official filters, opens, registers on the map and imports facilities, then reads coverage', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    // Generous waits: other suites may share the machine; the whole test takes ~40 s when it is idle.
    page.setDefaultTimeout(60_000);
    await login(page, e2e.baseUrl, 'demo-county');
    await page.getByTestId('menu').getByText('服务设施').click();
    await page.waitForURL('**/facilities');
    await page.getByTestId('facility-link').first().waitFor();
    await page.locator('[data-testid=facility-map] canvas').first().waitFor();
    const all = await total(page);
    assert.ok(all > 0, 'the demo county has facilities');

    // Filter: operating community service centres only.
    await choose(page, 'kind-filter', '综合服务设施');
    await page.waitForFunction((before) => {
      const text = document.querySelector('[data-testid=facility-total]')?.textContent ?? '';
      return Number(text.replace(/[^0-9]/g, '')) !== before;
    }, all);
    await choose(page, 'status-filter', '运营中');
    await page.waitForTimeout(300);
    await page.locator('.ant-table-row').first().waitFor();
    const kinds = await page.locator('[data-testid=facility-table] .ant-table-row td:nth-child(2)').allInnerTexts();
    assert.ok(kinds.length > 0 && kinds.every((k) => k.includes('综合服务设施')), `kinds after filtering: ${kinds.join(', ')}`);
    const statuses = await page.locator('[data-testid=facility-table] .ant-table-row td:nth-child(3)').allInnerTexts();
    assert.ok(statuses.every((s) => s.includes('运营中')), `statuses after filtering: ${statuses.join(', ')}`);
    assert.ok((await total(page)) < all);

    // Open one: details, funding and history.
    const first = page.getByTestId('facility-link').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByTestId('facility-detail').waitFor();
    assert.equal((await page.getByTestId('drawer-title').innerText()).trim(), name);
    assert.match(await page.getByTestId('facility-history').innerText(), /运营中/);
    await page.screenshot({ path: `${SCREENSHOTS}facility-detail.png` });
    await assertAccessible(page, 'facility drawer');
    await page.keyboard.press('Escape');
    await page.getByTestId('facility-detail').waitFor({ state: 'detached' });

    // Register one, the location picked by clicking on the county map.
    await choose(page, 'kind-filter', '全部类型');
    await choose(page, 'status-filter', '全部状态');
    const community = (await (await page.request.get(`${e2e.baseUrl}/api/v1/areas/340828100/children?limit=1`)).json()) as {
      items: { code: string; name: string }[];
    };
    const village = community.items[0]!;
    await page.getByTestId('facility-create').click();
    const form = page.getByTestId('facility-form');
    await form.waitFor();
    await form.getByTestId('community-select').click();
    await page.keyboard.type(village.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: village.code }).click();
    await form.locator('#name').fill('E2E 测试综合服务站');
    await choose(page, '#kind', '综合服务设施');
    await choose(page, '#status', '运营中');
    await form.locator('#floorArea').fill('320');
    await form.locator('#activityArea').fill('400');
    // The activity area exceeds the floor area: said at once, in Chinese.
    await form.getByText('居民活动用房面积不能大于建筑面积').waitFor();
    await form.locator('#activityArea').fill('240');
    const picker = page.locator('[data-testid=location-picker] canvas').first();
    await picker.waitFor();
    await page.waitForTimeout(300);
    const box = (await picker.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => (document.querySelector('#lon') as HTMLInputElement | null)?.value !== '');
    const lon = Number(await form.locator('#lon').inputValue());
    const lat = Number(await form.locator('#lat').inputValue());
    assert.ok(lon > 115.8 && lon < 116.8 && lat > 30.6 && lat < 31.3, `picked ${lon}, ${lat} in 岳西县`);
    await page.screenshot({ path: `${SCREENSHOTS}facility-create.png` });
    await assertAccessible(page, 'facility form');
    await page.getByTestId('facility-save').click();
    await page.getByTestId('facility-detail').waitFor();
    assert.equal((await page.getByTestId('drawer-title').innerText()).trim(), 'E2E 测试综合服务站');
    await page.keyboard.press('Escape');
    await page.getByTestId('facility-detail').waitFor({ state: 'detached' });
    await page.waitForURL((url) => !url.search.includes('open='), { waitUntil: 'commit' });
    await page.getByTestId('facility-search').locator('input').fill('E2E 测试');
    await page.getByTestId('facility-search').locator('input').press('Enter');
    await page.waitForFunction(() => /^\D*1\D*$/.test(document.querySelector('[data-testid=facility-total]')?.textContent ?? ''));
    assert.deepEqual(await page.getByTestId('facility-link').allInnerTexts(), ['E2E 测试综合服务站']);
    await page.getByTestId('facility-search').locator('input').fill('');
    await page.getByTestId('facility-search').locator('input').press('Enter');
    await page.waitForFunction((before) => {
      const text = document.querySelector('[data-testid=facility-total]')?.textContent ?? '';
      return Number(text.replace(/[^0-9]/g, '')) === before + 1;
    }, all);

    // Import two rows, one of them bad, keeping the good one: the report names row, column and problem in Chinese.
    await page.getByTestId('facility-import').click();
    await page.getByTestId('import-wizard').waitFor();
    const csv = [
      '社区代码,设施名称,设施类型,状态,建筑面积（平方米）,居民活动用房面积（平方米）',
      `${village.code},E2E 导入儿童之家,儿童之家,运营中,120,80`,
      `${village.code},E2E 坏行,游泳馆,运营中,一百,80`,
    ].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'facilities.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-chosen').waitFor();
    await page.getByTestId('mode-good').click();
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-report').waitFor();
    assert.match(await page.getByTestId('import-summary').innerText(), /共 2 行：导入 1 行，1 行有问题/);
    const problems = await page.locator('[data-testid=import-problems] .ant-table-row').allInnerTexts();
    assert.ok(problems.some((p) => p.includes('3') && p.includes('设施类型') && p.includes('“游泳馆”不是设施类型')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('建筑面积') && p.includes('“一百”不是数字')), problems.join('\n'));
    await page.screenshot({ path: `${SCREENSHOTS}facility-import-report.png` });
    await assertAccessible(page, 'import report');
    await page.keyboard.press('Escape');
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    await page.waitForFunction((before) => {
      const text = document.querySelector('[data-testid=facility-total]')?.textContent ?? '';
      return Number(text.replace(/[^0-9]/g, '')) === before + 2;
    }, all);

    await checkBothModes(page, 'facilities', '[data-testid=facility-map] canvas');

    // Coverage: the table of the county and its townships, the communities on the map, the uncovered list.
    await page.getByTestId('menu').getByText('设施覆盖').click();
    await page.waitForURL('**/coverage');
    await page.locator('[data-testid=coverage-table] .ant-table-row').nth(1).waitFor();
    const firstRow = await page.locator('[data-testid=coverage-table] .ant-table-row').first().innerText();
    assert.match(firstRow, /岳西县（合计）/);
    assert.match(firstRow, /%/);
    await page.locator('[data-testid=coverage-map]').waitFor();
    await page.getByTestId('coverage-map').and(page.locator('[aria-label*="未覆盖"]')).waitFor();
    await page.locator('[data-testid=uncovered-table] .ant-table-row').first().waitFor();
    const people = await page.locator('[data-testid=uncovered-table] .ant-table-row td:nth-child(3)').allInnerTexts();
    const counts = people.map((p) => Number(p.replace(/[^0-9]/g, '')));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most people first');
    await choose(page, 'coverage-radius', /^5 公里$/);
    await page.waitForURL('**/coverage?radiusKm=5', { waitUntil: 'commit' });
    await page.locator('[data-testid=coverage-table] .ant-table-row').first().waitFor();
    await checkBothModes(page, 'coverage', '[data-testid=coverage-map] canvas');
    await context.close();
  });

  test('the location picker opens on the chosen village and warns when the point is far from it', async () => {
    const context = await e2e.context({ as: 'demo-county' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // A village of 河图镇 (rural: a 3 km service radius).
    const children = (await (await page.request.get(`${e2e.baseUrl}/api/v1/areas/340828108/children?limit=50`)).json()) as {
      items: { code: string; name: string; kind: string; lon: number; lat: number }[];
    };
    const village = children.items.find((c) => c.kind === 'rural')!;
    await page.goto(`${e2e.baseUrl}/facilities?open=new`);
    const form = page.getByTestId('facility-form');
    await form.waitFor();
    await form.getByTestId('community-select').click();
    await page.keyboard.type(village.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: village.code }).click();
    await form.getByText(`地图以${village.name}为中心`).waitFor();
    const picker = page.locator('[data-testid=location-picker] canvas').first();
    await picker.waitFor();
    await page.waitForTimeout(500);
    const box = (await picker.boundingBox())!;
    const pick = async (fx: number, fy: number) => {
      const before = await form.locator('#lon').inputValue();
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      await page.waitForFunction((was) => {
        const now = (document.querySelector('#lon') as HTMLInputElement | null)?.value ?? '';
        return now !== '' && now !== was;
      }, before);
      return { lon: Number(await form.locator('#lon').inputValue()), lat: Number(await form.locator('#lat').inputValue()) };
    };
    const km = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
      const rad = Math.PI / 180;
      const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
      return 2 * 6371 * Math.asin(Math.sqrt(h));
    };
    // The middle of the map is the village, not the middle of the county.
    const middle = await pick(0.5, 0.5);
    assert.ok(km(middle, village) < 0.5, `the middle of the map is ${km(middle, village).toFixed(2)} km from ${village.name}`);
    assert.equal(await page.getByTestId('location-warning').count(), 0);
    // Near the edge of the map: several km away, beyond the 3 km radius, and the page says so.
    const edge = await pick(0.97, 0.5);
    assert.ok(km(edge, village) > 3, `the edge is ${km(edge, village).toFixed(2)} km away`);
    const warning = page.getByTestId('location-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`所选位置距${village.name}中心 [\\d.]+ 公里，超出其服务半径 3 公里`));
    await page.screenshot({ path: `${SCREENSHOTS}facility-location-far.png` });
    await assertAccessible(page, 'location picker with a warning');
    // Back at the village, the warning goes.
    await pick(0.5, 0.52);
    await warning.waitFor({ state: 'detached' });
    await context.close();
  });

  test('the city sees its counties shaded by coverage; a resident sees the facilities of their community', async () => {
    const context = await e2e.context({ as: 'demo-city' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${e2e.baseUrl}/coverage`);
    await page.locator('[data-testid=coverage-table] .ant-table-row').nth(1).waitFor();
    await page.locator('[data-testid=coverage-map] canvas').first().waitFor();
    assert.match(await page.getByTestId('coverage-legend').innerText(), /覆盖率低/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}coverage-city.png`, fullPage: true });
    await assertAccessible(page, 'coverage of the city');
    await context.close();

    const resident = await e2e.context({ as: 'demo-resident', width: 360, height: 780 });
    const phone = await resident.newPage();
    phone.setDefaultTimeout(60_000);
    await phone.goto(`${e2e.baseUrl}/portal`);
    await phone.getByTestId('portal-facilities').waitFor();
    await phone.locator('[data-testid=portal-facility], [data-testid=portal-facilities] .ant-card-body').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the portal scrolls sideways by ${overflow}px at 360px`);
    await phone.screenshot({ path: `${SCREENSHOTS}portal-facilities-360.png`, fullPage: true });
    await assertAccessible(phone, 'resident portal with facilities');
    // Residents do not reach the console pages.
    await phone.goto(`${e2e.baseUrl}/facilities`);
    await phone.getByText('您没有权限执行此操作').first().waitFor();
    await resident.close();
  });
});
