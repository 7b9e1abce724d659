/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Full-process agency in Chromium, on a 360 px phone: the township's agent records a mandate for a
 * villager (consent before a witness), applies for her under it, and records every custody step —
 * papers received, handed to the unit, the result collected once the township has decided, and
 * returned with her confirmation — then opens the acceptance and hand-back receipts as PDFs. The
 * unit's decision reaches the agent's inbox (the header's badge counts it). Axe runs on each page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/contracts/roles.ts';
import type { RequestContext } from '../../src/server/http/actor.ts';
import { DEFAULT_SETTINGS, transitionRequest } from '../../src/server/modules/services/requests.service.ts';
import { diskAttachmentStorage } from '../../src/server/modules/services/requests-attachments.ts';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function check(page: Page, name: string): Promise<void> {
  assert.ok((await sideways(page)) <= 0, `${name} scrolls sideways by ${await sideways(page)}px`);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  await assertAccessible(page, name);
}

describe('full-process agency in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('an agent records a mandate, applies under it, records every custody step and prints both receipts', async () => {
    const db = e2e.app.database.handle.db;
    const residentUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
    const principal = await db.selectFrom('persons').select(['id', 'name']).where('user_id', '=', residentUser.id).executeTakeFirstOrThrow();
    const admin = await db.selectFrom('users').selectAll().where('username', '=', 'demo-admin').executeTakeFirstOrThrow();
    const adminCtx: RequestContext = { actor: { userId: admin.id, username: admin.username, role: admin.role as Role, scope: admin.scope_code }, address: '127.0.0.1', requestId: uuidv7() };
    const deps = { db, storage: diskAttachmentStorage(e2e.app.database.dataDir), settings: DEFAULT_SETTINGS };

    const context = await e2e.context({ as: 'demo-agent', width: 360, height: 780 });
    const page = await context.newPage();
    const base = e2e.baseUrl;
    // The api client resolves relative to the page; the receipts are fetched with the page's cookies.
    const pdfOf = async (testId: string, what: string) => {
      const href = await page.getByTestId(testId).getAttribute('href');
      const response = await context.request.get(`${base}${href}`);
      assert.equal(response.status(), 200, `${what}: ${await response.text()}`);
      assert.equal(response.headers()['content-type'], 'application/pdf', what);
      assert.equal((await response.body()).subarray(0, 5).toString(), '%PDF-', what);
    };

    // ---- the agent lands on the workspace and records a mandate ----
    await page.goto(`${base}/`);
    // An agent's home is the workspace.
    await page.getByTestId('agency-page').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/agency/);
    await page.getByRole('tab', { name: '授权委托书' }).click();
    await page.getByTestId('mandate-add').click();
    await page.getByTestId('mandate-principal-search').locator('input').fill(principal.name);
    await page.getByTestId('mandate-principal-search').locator('input').press('Enter');
    await page.getByTestId('mandate-principal-option').first().click();
    await page.getByTestId('mandate-principal').waitFor();
    // 42 services in a virtual list: type to find the one.
    await page.getByTestId('mandate-items').click();
    await page.keyboard.type('临时救助');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '临时救助' }).first().click();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-selection-item', { hasText: '临时救助' }).first().waitFor();
    await page.getByTestId('mandate-witness').fill('王村主任');
    await check(page, 'agency-mandate-form-360');
    await page.getByTestId('mandate-save').click();
    await page.getByTestId('mandate-saved').waitFor();
    await page.getByTestId('mandate-card').first().waitFor();
    await check(page, 'agency-mandates-360');

    // ---- applying for her under the mandate ----
    await page.getByTestId('mandate-file').first().click();
    await page.getByTestId('file-errand-page').waitFor();
    await page.getByTestId('request-field-event').getByText('突发重大疾病').click();
    await page.locator('#field-eventDate').fill('2026-11-25');
    await page.locator('#field-description').fill('住院治疗，医疗费用较高，委托代办员申请。');
    for (const box of await page.locator('[data-testid^=material-received-] input').all()) await box.check();
    await check(page, 'agency-file-360');
    await page.getByTestId('file-errand-submit').click();
    await page.getByTestId('custody-steps').waitFor();
    const requestId = new URL(page.url()).pathname.split('/').pop()!;

    // ---- custody: received, handed to the unit ----
    const record = async (step: string, items: string, returned = false) => {
      await page.getByTestId('custody-next').click();
      await page.getByTestId('custody-items').fill(items);
      if (returned) {
        await page.getByRole('radio', { name: '居民签字' }).check();
      }
      await page.getByTestId('custody-save').click();
      await page.locator(`[data-testid=custody-${step}][data-done=yes]`).waitFor();
    };
    await record('received', '申请表（原件）\n身份证复印件\n户口簿复印件\n医疗票据复印件');
    await check(page, 'agency-errand-received-360');
    await record('handedToUnit', '申请表（原件）\n身份证复印件\n户口簿复印件\n医疗票据复印件');

    // ---- the township accepts and decides ----
    await transitionRequest(deps, adminCtx, requestId, { action: 'accept' });
    await transitionRequest(deps, adminCtx, requestId, { action: 'start' });
    await transitionRequest(deps, adminCtx, requestId, { action: 'decide', outcome: 'approved', reason: '符合临时救助条件' });

    // The decision reaches the agent's inbox: the header's badge counts it.
    await page.reload();
    await page.getByTestId('custody-steps').waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=inbox-badge] .ant-badge')?.textContent ?? ''));
    await pdfOf('receipt-acceptance', 'acceptance receipt');

    // ---- the result collected and returned with her confirmation ----
    await record('resultCollected', '临时救助审批通知书');
    await record('returned', '临时救助审批通知书\n申请表（原件）', true);
    await page.getByTestId('receipt-hand-back').waitFor();
    await check(page, 'agency-errand-returned-360');
    await pdfOf('receipt-hand-back', 'hand-back receipt');

    // ---- the inbox lists the decision ----
    await page.getByTestId('inbox-badge').click();
    await page.getByTestId('inbox-page').waitFor();
    await page.locator('[data-testid=inbox-message][data-kind=requestStatusChanged]').first().waitFor();
    // "Mark all read" turns enabled once unread messages show; let its colour transition end before axe reads it.
    await page.waitForFunction(() => document.querySelector('[data-testid=inbox-read-all]')?.hasAttribute('disabled') === false);
    await page.waitForTimeout(400);
    await check(page, 'agency-inbox-360');
    await page.getByTestId('inbox-read-all').click();
    await page.waitForFunction(() => !/\d/.test(document.querySelector('[data-testid=inbox-badge] .ant-badge')?.textContent ?? ''));

    const steps = await db.selectFrom('custody_steps').select('step').where('request_id', '=', requestId).orderBy('seq').execute();
    assert.deepEqual(steps.map((s) => s.step), ['received', 'handedToUnit', 'resultCollected', 'returned']);
    await context.close();
  });
});
