/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${what}: the page scrolls sideways by ${overflow} px`);
}

describe('the service catalog in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a resident on a 360 px phone finds 高龄津贴 by pinyin initials, reads its papers and limit, and goes to apply', async () => {
    for (const elderMode of [false, true]) {
      const context = await e2e.context({ as: 'demo-resident', width: 360, height: 740, elderMode });
      const page = await context.newPage();
      await page.goto(`${e2e.baseUrl}/portal`);
      await page.getByTestId('portal-services').click();
      await page.waitForURL('**/catalog');
      await page.getByTestId('catalog-item').first().waitFor();
      assert.ok((await page.getByTestId('catalog-item').count()) >= 40, 'the demo catalog is published for the village');
      await noSidewaysScroll(page, `catalog at 360 px${elderMode ? ' (elder)' : ''}`);

      await page.getByTestId('catalog-search').locator('input').fill('gljt');
      await page.getByTestId('catalog-item').filter({ hasText: '高龄津贴' }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=catalog-item]').length === 1);
      await page.screenshot({ path: `${SCREENSHOTS}catalog-360${elderMode ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(page, `catalog at 360 px${elderMode ? ' (elder mode)' : ''}`);

      await page.getByTestId('catalog-item').first().click();
      await page.getByTestId('catalog-detail').waitFor();
      // The township shortened the county's 10 working days to 5.
      assert.match(await page.getByTestId('catalog-committed').innerText(), /5 个工作日[\s\S]*10/);
      assert.match(await page.getByTestId('catalog-materials').innerText(), /居民身份证/);
      await noSidewaysScroll(page, `item at 360 px${elderMode ? ' (elder)' : ''}`);
      await assertAccessible(page, `item at 360 px${elderMode ? ' (elder mode)' : ''}`);
      await page.getByTestId('catalog-apply').click();
      await page.waitForURL('**/requests/new?item=AH-MZ-101');
      await context.close();
    }
  });

  test('a county official shortens a limit for the county and adds a local holiday', async () => {
    const context = await e2e.context({ as: 'demo-county' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/catalog/manage`);
    const row = page.getByTestId('publication-AH-MZ-003');
    await row.getByTestId('publication-limit').waitFor();
    assert.match(await row.getByTestId('publication-limit').innerText(), /7 个工作日/);
    await row.getByTestId('publication-edit').click();
    await row.getByTestId('publication-days').fill('4');
    await row.getByTestId('publication-save').click();
    await row.getByTestId('publication-limit').filter({ hasText: '4 个工作日' }).waitFor();
    await assertAccessible(page, 'publishing');

    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('calendar-panel').waitFor();
    await page.getByTestId('calendar-date').fill(`${new Date().getFullYear()}-12-24`);
    await page.getByTestId('calendar-note').fill('县级地方节日（端到端）');
    await page.getByTestId('calendar-add').click();
    await page.getByTestId('calendar-local').filter({ hasText: '县级地方节日（端到端）' }).waitFor();
    await assertAccessible(page, 'calendar');
    const rows = await e2e.app.database.handle.db.selectFrom('service_calendar_days').select(['area_code', 'kind']).execute();
    assert.deepEqual(rows, [{ area_code: '340828', kind: 'holiday' }]);
    await context.close();
  });
});
