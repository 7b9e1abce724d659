/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing, describeViolations, type E2e, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/** A township of 岳西县 (the demo county) and the password of the township official made for the test. */
const TOWNSHIP = '340828100';
const PASSWORD = 'Quiet-harbour-lantern-42';

/** An InputNumber's input, whether the test id lands on its wrapper or on the input itself. */
const numberInput = (testId: string) => `[data-testid=${testId}] input, input[data-testid=${testId}]`;

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

describe('community social organizations in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a township official registers an organization and rates it; the member keeps his own organization', async () => {
    const admin = await e2e.app.login('demo-admin');
    const made = await admin.post('/api/v1/users', { username: 'e2e-township', displayName: '镇民政办（测试）', password: PASSWORD, role: 'official', scope: TOWNSHIP });
    assert.equal(made.statusCode, 201, made.body);
    const villages = (await (await admin.get(`/api/v1/areas/${TOWNSHIP}/children?limit=2`)).json()) as { items: { code: string; name: string }[] };
    const village = villages.items[0]!;

    const context = await e2e.context();
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    await page.locator('#username').fill('e2e-township');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByTestId('menu').getByText('社会组织').click();
    await page.waitForURL('**/organizations');
    await page.getByTestId('organization-link').first().waitFor();
    // The map below the register loads when scrolled to: where the township's organizations serve, by nature.
    await scrollToTestId(page, 'organization-map');
    await page.locator('[data-testid=organization-map] canvas').first().waitFor();
    const summary = await page.getByTestId('organization-map-summary').innerText();
    const [serving, places] = (summary.match(/[0-9]+/g) ?? []).map(Number);
    assert.ok(serving! > 0 && places! > 0, `the map places the organizations (${summary})`);
    assert.equal(await page.getByTestId('organization-legend').locator('span[aria-hidden]').count(), 3, 'one mark per nature');
    for (const elder of [false, true]) {
      if (elder) await page.getByTestId('elder-mode').first().click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SCREENSHOTS}organizations${elder ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(page, `organizations${elder ? ' (elder mode)' : ''}`);
    }
    await page.getByTestId('elder-mode').first().click();

    // Register: filed with the township, serving one of its villages.
    await page.getByTestId('organization-create').click();
    const form = page.getByTestId('organization-form');
    await form.waitFor();
    await form.locator('#name').fill('端到端邻里互助会');
    await form.getByTestId('communities-select').click();
    await page.keyboard.type(village.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: village.code }).click();
    await page.keyboard.press('Escape');
    await form.getByTestId('organization-save').click();
    const drawer = page.getByTestId('organization-drawer');
    await drawer.getByTestId('organization-profile').waitFor();
    assert.match(await drawer.getByTestId('organization-status').first().innerText(), /已备案/);
    await assertAccessible(page, 'organization drawer');

    // Rate it on the default scale: 860 of 1,000 earns 4A.
    await drawer.getByTestId('organization-rate').click();
    const rating = page.getByTestId('rating-form');
    await rating.waitFor();
    await rating.locator(numberInput('rating-score')).fill('860');
    await rating.getByTestId('rating-assessor').fill('镇社会组织评估小组');
    await page.getByText('得分对应等级：4A').waitFor();
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await drawer.getByTestId('organization-grade').filter({ hasText: '4A' }).first().waitFor();
    await drawer.getByRole('tab', { name: '评估等级' }).click();
    await drawer.getByTestId('organization-ratings').getByText('860 / 1000').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}organization-rated.png`, fullPage: true });
    // A score beyond the scale is refused, in Chinese, and nothing changes.
    await drawer.getByTestId('organization-rate').click();
    await page.getByTestId('rating-form').locator(numberInput('rating-score')).fill('1200');
    await page.getByTestId('rating-form').getByTestId('rating-assessor').fill('镇社会组织评估小组');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await page.getByTestId('rating-error').waitFor();
    assert.match(await page.getByTestId('rating-error').innerText(), /评估得分|score/);
    await context.close();

    // The member of the demo organization lands on his own organization and submits a report, on a phone.
    const phone = await e2e.context({ width: 360, height: 780, as: 'demo-org' });
    const mine = await phone.newPage();
    await mine.goto(`${e2e.baseUrl}/`);
    await mine.waitForURL('**/my-organization');
    await mine.getByTestId('my-organization').waitFor();
    await mine.getByRole('tab', { name: '年度报告' }).click();
    const report = mine.getByTestId('report-form');
    for (const [name, value] of [['members', '20'], ['volunteers', '35'], ['activities', '24'], ['beneficiaries', '300'], ['income', '30000'], ['expenditure', '28000']] as const) {
      await report.locator(numberInput(`report-${name}`)).fill(value);
    }
    await report.getByTestId('report-summary').fill('全年开展探访和互助活动24次');
    await report.getByTestId('report-submit').click();
    await mine.getByTestId('organization-reports').getByText('全年开展探访和互助活动24次').first().waitFor();
    const overflow = await mine.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at 360 px (${overflow} px)`);
    await mine.screenshot({ path: `${SCREENSHOTS}my-organization-phone.png`, fullPage: true });
    await assertAccessible(mine, 'my organization (phone)');
    await phone.close();
  });
});
