/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing, describeViolations, type E2e, login, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/** A town community of 岳西县 (the demo county). */
const TOWN = '340828100001';

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

describe('the workers registry in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a county official finds a worker, verifies a declared qualification, and the dashboard shows the workforce indicators', async () => {
    // A worker with a declared certificate, registered the way a community worker would.
    const api = await e2e.app.login('demo-county');
    const created = await api.post('/api/v1/workers', { areaCode: TOWN, name: '端到端甲', post: { areaCode: TOWN, kind: 'communityWorker', from: '2024-01-01' } });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    assert.equal((await api.post(`/api/v1/workers/${id}/qualifications`, { level: 'intermediate', certificateNumber: 'B2024340E2E001', year: 2024 })).statusCode, 200);

    const context = await e2e.context();
    const page = await context.newPage();
    await login(page, e2e.baseUrl, 'demo-county');
    await page.getByTestId('menu').getByText('社工队伍').click();
    await page.waitForURL('**/workers');
    await page.getByTestId('worker-link').first().waitFor();
    const total = Number((await page.getByTestId('worker-total').innerText()).replace(/[^0-9]/g, ''));
    assert.ok(total > 100, `the demo county has its workforce (${total})`);

    // Found by pinyin initials, as typed on a phone keyboard.
    await page.getByTestId('worker-search').locator('input').fill('ddd');
    await page.getByTestId('worker-search').locator('input').press('Enter');
    await page.getByTestId('worker-link').filter({ hasText: '端到端甲' }).waitFor();
    // The verifier's queue: only workers with a certificate declared and not yet verified.
    await page.getByTestId('verification-filter').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '待核验' }).click();
    await page.waitForFunction(() => /^\D*1\D*$/.test(document.querySelector('[data-testid=worker-total]')?.textContent ?? ''));
    await page.getByTestId('worker-link').filter({ hasText: '端到端甲' }).waitFor();
    // The map below the register loads when scrolled to: which communities have a social worker in post.
    await scrollToTestId(page, 'workforce-map');
    await page.locator('[data-testid=workforce-map] canvas').first().waitFor();
    const summary = await page.getByTestId('workforce-summary').innerText();
    const [communities, withSocial, without] = (summary.match(/[0-9]+/g) ?? []).map(Number);
    assert.ok(communities! > 100 && withSocial! > 0 && withSocial! + without! === communities, `the county's communities with and without a social worker (${summary})`);
    for (const elder of [false, true]) {
      if (elder) await page.getByTestId('elder-mode').first().click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SCREENSHOTS}workers${elder ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(page, `workers${elder ? ' (elder mode)' : ''}`);
    }
    await page.getByTestId('elder-mode').first().click();

    await page.getByTestId('worker-link').filter({ hasText: '端到端甲' }).click();
    const drawer = page.getByTestId('worker-drawer');
    await drawer.getByTestId('worker-qualifications').waitFor();
    assert.match(await drawer.getByTestId('qualification-status').first().innerText(), /待核验/);
    await drawer.getByTestId('qualification-verify').click();
    await page.getByTestId('verify-evidence').fill('全国社会工作者职业资格证书查询系统核对一致');
    await page.getByTestId('verify-save').click();
    await drawer.getByTestId('qualification-status').filter({ hasText: '已核验' }).waitFor();
    assert.match(await drawer.getByTestId('qualification-status').first().innerText(), /demo-county/);
    await assertAccessible(page, 'worker drawer');
    const row = await e2e.app.database.handle.db.selectFrom('worker_qualifications').select(['status', 'decided_by']).where('worker_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'verified', decided_by: 'demo-county' });

    // The officials' dashboard shows every workforce card with a value.
    await page.goto(`${e2e.baseUrl}/indicators`);
    for (const code of ['social_worker_presence', 'social_workers_per_10000', 'community_workers_per_10000_urban', 'social_work_certificate_share']) {
      const card = page.locator(`[data-testid=indicator-card][data-code=${code}]`);
      await card.waitFor();
      const value = (await card.locator('[data-testid=card-value]').first().innerText()).trim();
      assert.ok(/[0-9]/.test(value) && value !== '暂无数据', `${code} shows a value (${value})`);
    }
    await context.close();
  });

  test('on a phone the register is a list of cards', async () => {
    const context = await e2e.context({ width: 360, height: 740, as: 'demo-worker' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/workers`);
    await page.getByTestId('worker-link').first().waitFor();
    assert.equal(await page.locator('[data-testid=worker-table] table').count(), 0, 'no table below 600 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page does not scroll sideways (${overflow} px)`);
    await page.screenshot({ path: `${SCREENSHOTS}workers-phone.png`, fullPage: true });
    await assertAccessible(page, 'workers on a phone');
    await context.close();
  });
});
