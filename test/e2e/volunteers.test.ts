/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * A volunteer on a phone: a resident of the demo village registers on a 360 px screen, claims
 * an hour, joins the village's time bank; a village worker verifies the hour on a phone too; the
 * resident's balance then shows the hour. Accessible (axe) in normal and elder mode.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

describe('volunteering on a phone', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
    const db = e2e.app.database.handle.db;
    const resident = await db.selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('users')
      .values({
        id: uuidv7(),
        username: 'e2e-volunteer',
        display_name: '周新来',
        password_hash: resident.password_hash,
        role: 'resident',
        scope_code: resident.scope_code,
        locked: false,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        demo: false,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a resident registers and claims an hour on a 360 px phone, a worker verifies it, the balance shows it', async () => {
    const context = await e2e.context({ as: 'e2e-volunteer', width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/volunteering`);
    await page.getByTestId('volunteer-register').click();
    await page.getByTestId('volunteer-verified').waitFor();
    assert.match((await page.getByTestId('volunteer-verified').textContent()) ?? '', /0:00/);
    await page.getByLabel('服务内容').fill('陪伴独居老人聊天');
    await page.getByTestId('claim-submit').click();
    await page.getByTestId('my-hours').getByText('待核实').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'nothing wider than the phone');
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByRole('button', { name: '加入时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    assert.match((await page.getByTestId('time-balance').textContent()) ?? '', /0:00/);

    const staff = await e2e.context({ as: 'demo-worker', width: 360, height: 740 });
    const worker = await staff.newPage();
    await worker.goto(`${e2e.baseUrl}/volunteers`);
    const row = worker.getByTestId('awaiting-row').filter({ hasText: '周新来' });
    await row.getByTestId('verify-hours').click();
    await row.getByText('已核实').waitFor();
    assert.equal(await worker.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the staff page fits the phone');
    await worker.screenshot({ path: `${SCREENSHOTS}volunteers-staff-360.png`, fullPage: true });

    await page.reload();
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    assert.match((await page.getByTestId('time-balance').textContent()) ?? '', /1:00/);
    await page.getByTestId('time-history').getByText('志愿时长存入').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}volunteering-360.png`, fullPage: true });
    await context.close();
    await staff.close();
  });

  test('the volunteering page reads well in elder mode', async () => {
    const context = await e2e.context({ as: 'demo-resident', width: 360, height: 740, elderMode: true });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/volunteering`);
    await page.getByTestId('volunteer-verified').waitFor();
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    await context.close();
  });
});
