/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, chromiumMissing, DEMO_PASSWORD, describeViolations, login, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/** The menu each demo role sees (zh-CN), in order. */
const MENUS: Record<string, string[]> = {
  'demo-admin': ['区划浏览', '指标监测', '办事服务', '便民服务窗口', '待办件', '办件统计', '全程代办', '事项发布', '居民需求', '项目设计', '竞争承接', '项目执行', '项目评估', '农产品上架', '团购轮次', '居民档案', '留守关爱', '关爱走访', '离线修改冲突', '社会组织', '社工队伍', '志愿者管理', '服务设施', '设施覆盖', '规划选址', '信息服务站点', '用户管理', '审计日志'],
  'demo-city': ['区划浏览', '指标监测', '办事服务', '待办件', '办件统计', '事项发布', '项目设计', '竞争承接', '项目执行', '项目评估', '居民档案', '留守关爱', '关爱走访', '离线修改冲突', '社会组织', '社工队伍', '志愿者管理', '服务设施', '设施覆盖', '规划选址', '信息服务站点'],
  'demo-county': ['区划浏览', '指标监测', '办事服务', '待办件', '办件统计', '事项发布', '项目设计', '竞争承接', '项目执行', '项目评估', '居民档案', '留守关爱', '关爱走访', '离线修改冲突', '社会组织', '社工队伍', '志愿者管理', '服务设施', '设施覆盖', '规划选址', '信息服务站点'],
  // Community and social workers read their area's indicators (the server always let them; the menu now says so).
  'demo-worker': ['区划浏览', '指标监测', '办事服务', '便民服务窗口', '待办件', '办件统计', '全程代办', '居民需求', '项目设计', '竞争承接', '项目执行', '项目评估', '农产品上架', '团购轮次', '居民档案', '留守关爱', '关爱走访', '离线走访', '离线修改冲突', '社会组织', '社工队伍', '志愿者管理', '服务设施', '设施覆盖', '信息服务站点'],
  'demo-social': ['区划浏览', '指标监测', '办事服务', '办件统计', '竞争承接', '项目执行', '项目评估', '居民档案', '留守关爱', '关爱走访', '离线走访', '离线修改冲突', '社会组织', '社工队伍', '志愿者管理'],
  'demo-agent': ['区划浏览', '办事服务', '全程代办', '信息服务站', '回收上门', '农产品上架', '离线走访', '离线修改冲突', '志愿服务'],
  'demo-org': ['区划浏览', '办事服务', '竞争承接', '项目执行', '我的组织', '志愿者管理'],
  'demo-evaluator': ['区划浏览', '指标监测', '办事服务', '办件统计', '竞争承接', '评审打分', '项目执行', '项目评估', '社会组织', '志愿服务'],
  'demo-resident': ['我的社区', '办事服务', '我的申请', '居民需求', '项目评估', '再生资源回收', '城乡对接团购', '志愿服务'],
};

async function menuOf(page: Page): Promise<string[]> {
  const menu = page.getByTestId('menu');
  await menu.first().waitFor();
  const items = menu.locator('.ant-menu-item, a');
  return (await items.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

/** The menu once it reads `expected` (a language switch re-renders it a moment later), or what it reads after 15 s. */
async function menuBecomes(page: Page, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let menu = await menuOf(page);
  while (JSON.stringify(menu) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(200);
    menu = await menuOf(page);
  }
  return menu;
}

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

async function openAreaFromSearch(page: Page, text: string, code: string): Promise<void> {
  const box = page.getByLabel('搜索区划');
  await box.fill('');
  await box.fill(text);
  const option = page.locator(`.ant-select-item-option [data-code="${code}"]`);
  await option.waitFor({ timeout: 10_000 });
  await option.click();
  await page.waitForURL(`**/areas/${code}`);
  await page.getByTestId('area-name').filter({ hasText: '岳西县' }).waitFor();
}

describe('the web app in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('the login page lists the demo accounts, obeys its content security policy and explains a wrong password', async () => {
    // No CSP bypass here: the built app must run under the policy the server sends.
    const context = await e2e.context({ bypassCSP: false });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${e2e.baseUrl}/areas`);
    await page.waitForURL('**/login?next=%2Fareas');
    const demo = page.getByTestId('demo-accounts');
    await demo.waitFor();
    for (const username of Object.keys(MENUS)) assert.ok(await demo.getByText(username, { exact: true }).isVisible(), username);
    assert.match(await demo.innerText(), /linli-demo/);
    await page.locator('#username').fill('demo-admin');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    assert.equal((await page.getByTestId('login-error').innerText()).trim(), '用户名或密码不正确，或账号已被锁定。请稍后再试或联系管理员。');
    // Choosing a demo account fills the form; logging in returns to the page asked for.
    await page.getByRole('button', { name: /^demo-county/ }).click();
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/areas/340828');
    assert.deepEqual(refused, []);
    await context.close();
  });

  test('each demo role sees its own menu and its area scope', async () => {
    // One page for all roles, logging in and out through the UI as people do.
    const context = await e2e.context();
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/login?next=%2Faudit`);
    for (const [username, menu] of Object.entries(MENUS)) {
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(DEMO_PASSWORD);
      await page.locator('button[type=submit]').click();
      await page.waitForURL('**/audit');
      assert.deepEqual(await menuOf(page), menu, username);
      assert.match(await page.getByTestId('scope').innerText(), /^我的范围：\S+/, username);
      // The audit log is closed to all but admins: a hidden page is also a refused one.
      if (username === 'demo-admin') await page.getByTestId('audit-total').filter({ hasText: /\d/ }).waitFor();
      else await page.getByText('您没有权限执行此操作').first().waitFor();
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL('**/login?loggedOut=1');
      await page.goto(`${e2e.baseUrl}/login?next=%2Faudit`, { waitUntil: 'commit' }).catch(() => undefined);
      await page.locator('#username').waitFor();
    }
    await context.close();
  });

  test('each role lands on its home, and the home asks only what the role may read', async () => {
    // Where each demo role lands: officials and the evaluator on the indicators, residents on their portal.
    const HOMES: Record<string, RegExp> = {
      'demo-admin': /\/areas\/3408$/,
      'demo-city': /\/indicators$/,
      'demo-county': /\/indicators$/,
      'demo-worker': /\/areas\/340828100200$/,
      'demo-social': /\/areas\/340828100$/,
      'demo-agent': /\/agency$/,
      'demo-org': /\/my-organization$/,
      'demo-evaluator': /\/indicators$/,
      'demo-resident': /\/portal$/,
    };
    for (const [username, home] of Object.entries(HOMES)) {
      const context = await e2e.context({ as: username });
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/') && r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${e2e.baseUrl}/`);
      await page.waitForURL(home);
      await page.waitForLoadState('networkidle');
      // The map of an area is the last thing a home asks for; it shows once its points are in.
      if (/\/areas\//.test(page.url())) await page.getByTestId('area-map').locator('canvas').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(refused, [], `${username}: requests refused on the home page`);
      assert.equal(await page.locator('.ant-alert-error').count(), 0, `${username}: an error card on the home page`);
      if (username === 'demo-worker') {
        await page.screenshot({ path: `${SCREENSHOTS}home-village-worker.png`, fullPage: true });
        // The village is on its map, alone (its township's other villages are outside the worker's scope).
        assert.match((await page.getByTestId('area-map').getAttribute('aria-label')) ?? '', /共 1 个点/);
      }
      await context.close();
    }
  });

  test('the area tree unfolds lazily, search finds 岳西 by Simplified, Traditional and pinyin initials', async () => {
    const context = await e2e.context({ as: 'demo-admin' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/`);
    await page.waitForURL('**/areas/3408');
    const tree = page.locator('.ant-tree');
    await tree.locator('[data-code="340828"]').waitFor();
    // Townships of 岳西县 are not loaded until it is opened.
    assert.equal(await tree.locator('[data-code="340828100"]').count(), 0);
    await page.locator('.ant-tree-treenode', { has: page.locator('[data-code="340828"]') }).locator('.ant-tree-switcher').click();
    await tree.locator('[data-code="340828100"]').waitFor();
    await tree.locator('[data-code="340828100"]').click();
    await page.waitForURL('**/areas/340828100');
    await page.getByTestId('area-name').filter({ hasText: '天堂镇' }).waitFor();
    const counts = await page.getByTestId('child-counts').innerText();
    assert.match(counts, /城市社区\s*\d+/);
    assert.match(counts, /农村社区\s*\d+/);
    await page.getByTestId('population-chart').locator('canvas').waitFor();
    await page.getByTestId('area-map').locator('canvas').waitFor();
    // Open a village: the tree unfolds to it, the map draws its township's communities.
    await page.locator('.ant-tree-treenode', { has: page.locator('[data-code="340828100"]') }).locator('.ant-tree-switcher').click();
    const village = tree.locator('[data-code^="340828100"]').nth(1);
    await village.click();
    await page.waitForURL(/\/areas\/340828100\d{3}$/);
    await page.getByTestId('statistics').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}areas-community.png`, fullPage: true });

    for (const [text, code] of [
      ['岳西', '340828'],
      ['嶽西', '340828'],
      ['yx', '340828'],
    ] as const) {
      await openAreaFromSearch(page, text, code);
    }
    assert.match(await page.getByTestId('statistics').innerText(), /常住人口\s*[\d,]+/);
    await page.getByTestId('area-map').locator('canvas').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}areas.png`, fullPage: true });
    await assertAccessible(page, 'area page');
    await context.close();
  });

  test('language and elder mode switch everywhere and are remembered', async () => {
    const context = await e2e.context({ as: 'demo-county' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/areas`);
    await page.getByTestId('area-name').waitFor();
    const pick = (label: string) => choose(page, 'language', label);
    await pick('English');
    assert.deepEqual(await menuBecomes(page, ['Areas', 'Indicators', 'Public services', 'Request queue', 'Request statistics', 'Service publishing', 'Project design', 'Competitive calls', 'Project delivery', 'Project evaluation', 'Residents', 'Left-behind care', 'Care visits', 'Offline edit conflicts', 'Organizations', 'Workers', 'Volunteers', 'Facilities', 'Coverage', 'Facility siting', 'Information points']), ['Areas', 'Indicators', 'Public services', 'Request queue', 'Request statistics', 'Service publishing', 'Project design', 'Competitive calls', 'Project delivery', 'Project evaluation', 'Residents', 'Left-behind care', 'Care visits', 'Offline edit conflicts', 'Organizations', 'Workers', 'Volunteers', 'Facilities', 'Coverage', 'Facility siting', 'Information points']);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.getByTestId('statistics').innerText(), /Resident population \(statistics\)\s*[\d,]+/);
    await page.reload();
    assert.deepEqual(await menuBecomes(page, ['Areas', 'Indicators', 'Public services', 'Request queue', 'Request statistics', 'Service publishing', 'Project design', 'Competitive calls', 'Project delivery', 'Project evaluation', 'Residents', 'Left-behind care', 'Care visits', 'Offline edit conflicts', 'Organizations', 'Workers', 'Volunteers', 'Facilities', 'Coverage', 'Facility siting', 'Information points']), ['Areas', 'Indicators', 'Public services', 'Request queue', 'Request statistics', 'Service publishing', 'Project design', 'Competitive calls', 'Project delivery', 'Project evaluation', 'Residents', 'Left-behind care', 'Care visits', 'Offline edit conflicts', 'Organizations', 'Workers', 'Volunteers', 'Facilities', 'Coverage', 'Facility siting', 'Information points']);
    await pick('繁體中文');
    assert.deepEqual(await menuBecomes(page, ['區劃瀏覽', '指標監測', '辦事服務', '待辦件', '辦件統計', '事項發布', '項目設計', '競爭承接', '項目執行', '項目評估', '居民檔案', '留守關愛', '關愛走訪', '離線修改衝突', '社會組織', '社工隊伍', '志願者管理', '服務設施', '設施覆蓋', '規劃選址', '資訊服務站點']), ['區劃瀏覽', '指標監測', '辦事服務', '待辦件', '辦件統計', '事項發布', '項目設計', '競爭承接', '項目執行', '項目評估', '居民檔案', '留守關愛', '關愛走訪', '離線修改衝突', '社會組織', '社工隊伍', '志願者管理', '服務設施', '設施覆蓋', '規劃選址', '資訊服務站點']);
    assert.match(await page.getByTestId('scope').innerText(), /我的範圍：岳西县/);
    await pick('简体中文');
    assert.deepEqual(await menuBecomes(page, MENUS['demo-county']), MENUS['demo-county']);

    const bodySize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok((await bodySize()) < 18);
    await page.getByTestId('elder-mode').click();
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
    assert.ok((await bodySize()) >= 18);
    const statText = await page.getByTestId('statistics').locator('.ant-statistic-title').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(statText >= 18, `statistic titles are ${statText}px in elder mode`);
    // Larger targets: the theme re-renders the controls a moment after the switch.
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('header button:not([role=switch]), header .elder-switch')).every((b) => b.getBoundingClientRect().height >= 44),
      undefined,
      { timeout: 5000 },
    );
    await page.reload();
    await page.getByTestId('area-name').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
    await page.getByTestId('area-map').locator('canvas').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}areas-elder.png`, fullPage: true });
    await assertAccessible(page, 'area page, elder mode');
    await context.close();
  });

  test('every main page passes axe in normal and elder mode', async () => {
    const check = async (page: Page, name: string, ready: string) => {
      for (const elder of [false, true]) {
        const on = await page.evaluate(() => document.documentElement.classList.contains('elder'));
        if (on !== elder) await page.getByTestId('elder-mode').first().click();
        await page.locator(ready).first().waitFor();
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${SCREENSHOTS}${name}${elder ? '-elder' : ''}.png`, fullPage: true });
        await assertAccessible(page, `${name}${elder ? ' (elder mode)' : ''}`);
      }
    };
    const anonymous = await e2e.context();
    const loginPage = await anonymous.newPage();
    await loginPage.goto(`${e2e.baseUrl}/login`);
    await check(loginPage, 'login', '[data-testid=demo-accounts]');
    await anonymous.close();

    const admin = await e2e.context({ as: 'demo-admin' });
    const page = await admin.newPage();
    await page.goto(`${e2e.baseUrl}/users`);
    await check(page, 'users', '.ant-table-row');
    await page.getByTestId('menu').getByText('审计日志').click();
    await page.waitForURL('**/audit');
    await check(page, 'audit', '[data-testid=audit-total]:not(:empty)');
    await admin.close();

    const resident = await e2e.context({ as: 'demo-resident', width: 360, height: 780 });
    const phone = await resident.newPage();
    await phone.goto(`${e2e.baseUrl}/portal`);
    await check(phone, 'portal-360', '[data-testid=portal-community]');
    for (const elder of [false, true]) {
      const on = await phone.evaluate(() => document.documentElement.classList.contains('elder'));
      if (on !== elder) await phone.getByTestId('elder-mode').click();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the portal${elder ? ' (elder mode)' : ''} scrolls sideways by ${overflow}px at 360px`);
    }
    await resident.close();
  });

  test('the resident portal shows their community and leads to the services and their requests', async () => {
    // Logging in through the form on a phone-sized screen.
    const context = await e2e.context({ width: 360, height: 780 });
    const page = await context.newPage();
    await login(page, e2e.baseUrl, 'demo-resident');
    await page.waitForURL('**/portal');
    assert.match(await page.getByTestId('portal-community').innerText(), /村|社区|居委会/);
    await page.getByTestId('portal-facilities').waitFor();
    assert.equal(await page.getByText('即将上线').count(), 0);
    assert.equal(await page.getByTestId('portal-services').getAttribute('href'), '/catalog');
    assert.equal(await page.getByTestId('portal-requests').getAttribute('href'), '/requests');
    await context.close();
  });

  test('admins create users and filter the audit log; an expired session keeps what was typed', async () => {
    const context = await e2e.context({ as: 'demo-admin' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/users`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByTestId('create-user').click();
    const form = page.getByTestId('user-form');
    await form.locator('#username').fill('e2e-worker');
    await form.locator('#displayName').fill('端到端测试社工');
    await form.locator('#scope').fill('340828');

    await form.locator('#password').fill('linli-e2e-pass');
    // The session ends behind the person's back; saving sends them to log in, and back.
    await context.clearCookies();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL('**/login?next=%2Fusers&expired=1');
    await page.getByText('登录已过期').waitFor();
    await page.locator('#username').fill('demo-admin');
    await page.locator('#password').fill('linli-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/users');
    await form.waitFor();
    assert.equal(await form.locator('#username').inputValue(), 'e2e-worker');
    assert.equal(await form.locator('#displayName').inputValue(), '端到端测试社工');
    assert.equal(await form.locator('#scope').inputValue(), '340828');
    // Passwords are never kept in the draft.
    assert.equal(await form.locator('#password').inputValue(), '');
    await form.locator('#password').fill('linli-e2e-pass');
    await choose(page, page.locator('.ant-modal .ant-select'), '社会工作者');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-table-row', { hasText: 'e2e-worker' }).waitFor();
    assert.match(await page.locator('.ant-table-row', { hasText: 'e2e-worker' }).innerText(), /社会工作者/);

    await page.getByTestId('create-user').click();
    await form.locator('#username').fill('e2e-worker');
    await form.locator('#displayName').fill('重名');
    await form.locator('#password').fill('linli-e2e-pass');
    await form.locator('#scope').fill('340828');
    await page.getByRole('button', { name: '保存' }).click();
    assert.equal((await page.getByTestId('form-error').innerText()).trim(), '该用户名已被使用。');
    await page.getByRole('button', { name: '取消' }).click();

    await page.goto(`${e2e.baseUrl}/audit`);
    const filters = page.getByTestId('audit-filters');
    await page.getByTestId('audit-total').filter({ hasText: /\d/ }).waitFor();
    await choose(page, filters.locator('.ant-select').first(), '新建用户');
    await filters.getByRole('button', { name: '搜索' }).click();
    const row = page.locator('.ant-table-row', { hasText: 'e2e-worker' });
    await row.waitFor();
    const rows = await page.locator('.ant-table-row').allInnerTexts();
    assert.ok(rows.length >= 1 && rows.every((r) => r.includes('新建用户')), rows.join('\n'));
    await context.close();
  });
});
