/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * A village information point in Chromium, on a 360 px phone: the county registers a point in a
 * village of the township the platform has not served this year, run by the township's agent; the
 * agent opens the point's page, records services with a tap on the kind (normal and elder mode),
 * and sees them in today's log; the village's platform coverage goes from 0 to 1. Axe runs on
 * each page in both modes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

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
    const made = await county.post('/api/v1/info-points', {
      areaCode: quiet.code,
      name: '演示益农信息社（测试）',
      operatorUserId: agent.id,
      openingHours: '周一至周六 8:00-17:30',
      equipment: ['computer', 'printer', 'network'],
      services: ['convenience', 'ecommerce', 'publicWelfare'],
    });
    assert.equal(made.statusCode, 201, made.body);
    const pointId = made.json().id as string;

    const kinds = [
      { elderMode: false, kind: '代缴费', name: '汪桂英' },
      { elderMode: true, kind: '电商', name: '储德明' },
    ];
    for (const [k, { elderMode, kind, name }] of kinds.entries()) {
      const mode = elderMode ? '-elder' : '';
      const context = await e2e.context({ as: 'demo-agent', width: 360, height: 780, elderMode });
      const page = await context.newPage();
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
      await context.close();
    }

    const after = (await coverage()).children.find((c) => c.code === quiet.code)!;
    assert.equal(after.numerator, 1, 'the village the point served counts as covered');
  });
});
