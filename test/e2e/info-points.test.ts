/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * A village information point in Chromium, on a 360 px phone: the county registers a point on the
 * register page in a village of the township the platform has not served this year (refused at the
 * field without an operator, then run by the township's agent), edits it (an edit on a stale
 * version is refused and says so), opens it with a reason kept in its history; the agent, on the
 * same phone, opens the point's page, records services with a tap on the kind (normal and elder mode),
 * and sees them in today's log; the village's platform coverage goes from 0 to 1. Axe runs on
 * each page in both modes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, chromiumMissing, DEMO_PASSWORD, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function check(page: Page, name: string): Promise<void> {
  assert.ok((await sideways(page)) <= 0, `${name} scrolls sideways by ${await sideways(page)}px`);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${name}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

describe('information point in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('the operator records services at 360 px, in normal and elder mode, and the village counts as covered', async () => {
    const db = e2e.app.database.handle.db;
    const county = await e2e.app.login('demo-county');
    const agent = await db.selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-agent').executeTakeFirstOrThrow();
    const township = agent.scope_code;
    const coverage = async () => {
      const r = await county.get(`/api/v1/indicators/platform_coverage/values?area=${township}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { children: { code: string; numerator: number | null }[] };
    };
    const quiet = (await coverage()).children.find((c) => c.numerator === 0);
    assert.ok(quiet, 'a village of the township the platform has not served this year');
    const village = await db.selectFrom('areas').select(['code', 'name']).where('code', '=', quiet.code).executeTakeFirstOrThrow();
    const agentName = (await db.selectFrom('users').select('display_name').where('id', '=', agent.id).executeTakeFirstOrThrow()).display_name;
    const pointsOfVillage = async () => (await db.selectFrom('info_points').select('id').where('area_code', '=', village.code).execute()).length;
    const before = await pointsOfVillage();
    const pointName = '演示益农信息社（测试）';

    // The county registers the point on the register page, on the same phone the agent then uses
    // (one context: the county's session, then the agent's).
    const context = await e2e.context({ as: 'demo-county', width: 360, height: 780 });
    const staffPage = await context.newPage();
    await staffPage.goto(`${e2e.baseUrl}/info-points`);
    await staffPage.getByTestId('info-point-table').waitFor();
    await check(staffPage, 'info-points-register-360');
    await staffPage.getByTestId('info-point-create').click();
    const form = staffPage.getByTestId('info-point-form');
    await form.waitFor();
    await form.getByTestId('community-select').click();
    await staffPage.keyboard.type(village.name);
    await staffPage.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: village.code }).click();
    await form.locator('#name').fill(pointName);
    await form.locator('#openingHours').fill('周一至周六 8:00-17:30');
    for (const label of ['电脑', '打印机', '宽带网络', '便民服务', '电商', '公益']) await form.getByLabel(label, { exact: true }).check();
    await form.locator('.ant-radio-button-wrapper', { hasText: '筹备中' }).click();
    // No operator chosen: refused at the field, and nothing is written.
    await staffPage.getByTestId('info-point-save').click();
    await form.locator('.ant-form-item-explain-error', { hasText: '请选择运营人（代办员）' }).waitFor();
    assert.equal(await pointsOfVillage(), before, 'a refused registration writes nothing');
    await check(staffPage, 'info-points-register-refused-360');
    await choose(staffPage, '#operatorUserId', agentName);
    await staffPage.getByTestId('info-point-save').click();
    await staffPage.getByTestId('info-point-detail').waitFor();
    assert.equal(await pointsOfVillage(), before + 1);
    const pointId = new URL(staffPage.url()).searchParams.get('open')!;
    const registered = (await db.selectFrom('info_points').select(['name', 'status', 'operator_user_id']).where('id', '=', pointId).executeTakeFirstOrThrow());
    assert.deepEqual(registered, { name: pointName, status: 'preparing', operator_user_id: agent.id });

    // An edit saves with the version read; one made on a stale version is refused and says so.
    await staffPage.getByTestId('info-point-edit').click();
    await form.locator('#openingHours').fill('每天 8:00-18:00');
    await staffPage.getByTestId('info-point-save').click();
    await staffPage.getByTestId('info-point-hours').filter({ hasText: '每天 8:00-18:00' }).waitFor();
    await staffPage.getByTestId('info-point-version').filter({ hasText: '第 2 版' }).waitFor();
    await staffPage.getByTestId('info-point-edit').click();
    const elsewhere = await county.patch(`/api/v1/info-points/${pointId}`, { version: 2, name: `${pointName}（他人修改）` });
    assert.equal(elsewhere.statusCode, 200, elsewhere.body);
    await form.locator('#openingHours').fill('每天 9:00-17:00');
    await staffPage.getByTestId('info-point-save').click();
    await staffPage.getByTestId('info-point-stale').waitFor();
    assert.equal((await db.selectFrom('info_points').select('opening_hours').where('id', '=', pointId).executeTakeFirstOrThrow()).opening_hours, '每天 8:00-18:00');
    await staffPage.getByTestId('info-point-reload').click();
    await staffPage.getByTestId('info-point-stale').waitFor({ state: 'detached' });
    assert.equal(await form.locator('#name').inputValue(), `${pointName}（他人修改）`, 'the latest version is loaded into the form');
    await form.getByRole('button', { name: /取\s*消/ }).click();

    // The point opens, with the reason kept in its history.
    await staffPage.getByTestId('info-point-change-status').click();
    await staffPage.getByTestId('info-point-status-form').waitFor();
    await staffPage.locator('#info-point-status_reason').fill('设备到位，开始运营');
    await staffPage.getByTestId('info-point-status-ok').click();
    await staffPage.getByTestId('info-point-status').filter({ hasText: '运营中' }).waitFor();
    const history = await staffPage.getByTestId('info-point-history').innerText();
    assert.match(history, /“筹备中”变为“运营中”/);
    assert.match(history, /设备到位，开始运营/);
    await check(staffPage, 'info-points-register-drawer-360');

    const login = await context.request.post(`${e2e.baseUrl}/api/v1/auth/login`, { data: { username: 'demo-agent', password: DEMO_PASSWORD } });
    assert.ok(login.ok(), await login.text());

    const kinds = [
      { elderMode: false, kind: '代缴费', name: '汪桂英' },
      { elderMode: true, kind: '电商', name: '储德明' },
    ];
    for (const [k, { elderMode, kind, name }] of kinds.entries()) {
      const mode = elderMode ? '-elder' : '';
      const phone = k === 0 ? context : await e2e.context({ as: 'demo-agent', width: 360, height: 780, elderMode });
      const page = await phone.newPage();
      await page.goto(`${e2e.baseUrl}/info-point?point=${pointId}`);
      await page.getByTestId('served-today').waitFor();
      assert.match(await page.getByTestId('served-today').innerText(), new RegExp(`${k} 次`));
      await check(page, `info-point-360${mode}`);
      // Ant Design's button-style radios hide the input: the visible button is tapped.
      await page.locator('.info-point-kinds .ant-radio-button-wrapper', { hasText: kind }).click();
      await page.locator('#info-point-resident').fill(name);
      await page.locator('#info-point-note').fill('测试登记');
      await page.getByRole('button', { name: '登 记' }).or(page.getByRole('button', { name: '登记' })).click();
      await page.getByTestId('log-entry').filter({ hasText: name }).waitFor();
      await page.getByTestId('served-today').filter({ hasText: `${k + 1} 次` }).waitFor();
      assert.equal(await page.getByTestId('log-entry').count(), k + 1);
      await check(page, `info-point-360-recorded${mode}`);
      await phone.close();
    }

    const after = (await coverage()).children.find((c) => c.code === quiet.code)!;
    assert.equal(after.numerator, 1, 'the village the point served counts as covered');
  });
});
