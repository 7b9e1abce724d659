/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkCharacter, makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { nameInitials } from '../../src/server/modules/residents/name-initials.ts';
import { choose, chromiumMissing, describeViolations, login, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

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

const totalOf = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^0-9]/g, ''));

/** Waits until the list's total differs from `before`. */
async function totalChanges(page: Page, testId: string, before: number): Promise<number> {
  await page.waitForFunction(
    ([id, was]) => {
      const text = document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
      return Number(text.replace(/[^0-9]/g, '')) !== was;
    },
    [testId, before] as const,
  );
  return totalOf(page, testId);
}

/** Searches the list and waits for that search's answer to show. */
async function search(page: Page, text: string): Promise<string[]> {
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/v1/persons' && (url.searchParams.get('q') ?? '') === text;
  });
  const box = page.getByTestId('person-search').locator('input');
  await box.fill(text);
  await box.press('Enter');
  await answered;
  await page.locator('[data-testid=person-table] .ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => undefined);
  await page.waitForTimeout(200);
  if (!text) return [];
  await page.getByTestId('person-link').first().waitFor();
  return (await page.getByTestId('person-link').allInnerTexts()).map((s) => s.trim());
}

describe('residents and households in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a community worker searches persons, registers one, reads the population and reviews a left-behind flag', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await login(page, e2e.baseUrl, 'demo-worker');
    await page.getByTestId('menu').getByText('居民档案').click();
    await page.waitForURL('**/persons');
    await page.getByTestId('person-link').first().waitFor();
    const all = await totalOf(page, 'person-total');
    assert.ok(all > 20, `the demo village has a registry (${all})`);

    // A person of the registry, to look for.
    const listed = (await (await page.request.get(`${e2e.baseUrl}/api/v1/persons?limit=50`)).json()) as { items: { name: string; householdId: string | null }[] };
    const target = listed.items.find((p) => p.name.length >= 2 && p.householdId)!;

    // By name: everyone found starts with it.
    const byName = await search(page, target.name);
    assert.ok(byName.length > 0 && byName.every((n) => n.startsWith(target.name)), `search ${target.name}: ${byName.join(', ')}`);
    assert.ok((await totalOf(page, 'person-total')) < all);

    // By pinyin initials: the person is among those found, and everyone found has those initials.
    const initials = nameInitials(target.name);
    const byInitials = await search(page, initials);
    assert.ok(byInitials.includes(target.name), `search ${initials}: ${byInitials.join(', ')}`);
    assert.ok(byInitials.every((n) => nameInitials(n).startsWith(initials)), `initials of ${byInitials.join(', ')}`);

    // Open one: details, household members, history.
    await page.getByTestId('person-link').filter({ hasText: target.name }).first().click();
    await page.getByTestId('person-detail').waitFor();
    assert.equal((await page.getByTestId('drawer-title').innerText()).trim(), target.name);
    await page.getByTestId('person-household').locator('.ant-table-row').first().waitFor();
    assert.match(await page.getByTestId('person-household').innerText(), /户主/);
    await assertAccessible(page, 'person drawer');
    await page.keyboard.press('Escape');
    await page.getByTestId('person-detail').waitFor({ state: 'detached' });

    // Register one: a wrong check character is explained under the field, in Chinese; then the right number.
    const valid = makeIdNumber('340828', '1986-04-12', 'female', 246);
    const wrong = valid.slice(0, 17) + (checkCharacter(valid.slice(0, 17)) === '1' ? '2' : '1');
    await page.getByTestId('person-create').click();
    const form = page.getByTestId('person-form');
    await form.waitFor();
    await form.locator('#name').fill('测试居民');
    await form.getByTestId('id-number').fill(wrong);
    await page.getByTestId('person-save').click();
    await form.getByText(`校验位不正确（最后一位应为 ${valid[17]}）`).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}person-form-invalid.png` });
    await form.getByTestId('id-number').fill(valid);
    await page.getByTestId('person-save').click();
    await page.getByTestId('person-detail').waitFor();
    assert.equal((await page.getByTestId('drawer-title').innerText()).trim(), '测试居民');
    const shown = (await page.getByTestId('person-id-number').innerText()).trim();
    assert.notEqual(shown, valid);
    assert.match(shown, /^3408\*+\d{3}[\dX]$/, `masked: ${shown}`);
    assert.ok(shown.endsWith(valid.slice(-4)));
    assert.match(await page.getByTestId('person-facts').innerText(), /女/);
    await page.keyboard.press('Escape');
    await page.getByTestId('person-detail').waitFor({ state: 'detached' });
    assert.deepEqual(await search(page, '测试居民'), ['测试居民']);
    await search(page, '');
    await page.waitForFunction((n) => Number((document.querySelector('[data-testid=person-total]')?.textContent ?? '').replace(/[^0-9]/g, '')) === n, all + 1);

    await checkBothModes(page, 'persons', '[data-testid=person-link]');

    // The population of the village: pyramid and residence statuses.
    await page.getByTestId('tab-population').click();
    await page.locator('[data-testid=population-pyramid] canvas').first().waitFor();
    assert.match(await page.getByTestId('population-status-text').innerText(), /本地 \d+/);
    await page.screenshot({ path: `${SCREENSHOTS}persons-population.png`, fullPage: true });
    await assertAccessible(page, 'population tab');

    // The left-behind queue: confirm one with a reason.
    await page.getByTestId('menu').getByText('留守关爱').click();
    await page.waitForURL('**/left-behind');
    await page.getByTestId('flag-confirm').first().waitFor();
    const pending = await totalOf(page, 'flag-total');
    assert.ok(pending > 0, 'the demo village has pending flags');
    const row = page.locator('[data-testid=flag-table] .ant-table-row').first();
    const who = (await row.getByTestId('flag-person').innerText()).trim();
    assert.match(await row.innerText(), /留守(儿童|老人|妇女)/);
    await checkBothModes(page, 'left-behind', '[data-testid=flag-confirm]');
    await row.getByTestId('flag-confirm').click();
    await page.getByTestId('review-dialog').waitFor();
    await page.getByTestId('review-reason').fill('入户核实：情况属实');
    await page.getByTestId('review-send').click();
    await page.getByText(`已确认 ${who}`).waitFor();
    assert.equal(await totalChanges(page, 'flag-total', pending), pending - 1);
    // It now lists as confirmed, with the reason.
    await choose(page, 'flag-status-filter', '已确认');
    await page.getByText('入户核实：情况属实').first().waitFor();
    await context.close();
  });
  test('a social worker reads the left-behind queue: no review buttons, and the page says who reviews', async () => {
    const context = await e2e.context({ as: 'demo-social' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/left-behind`);
    await page.getByTestId('flag-person').first().waitFor();
    // The rules (docs/residents.md): review is for registry writers; the social worker reads.
    assert.equal(await page.getByTestId('flag-confirm').count(), 0);
    assert.equal(await page.getByTestId('flag-reject').count(), 0);
    const intro = await page.getByTestId('left-behind-intro').innerText();
    assert.doesNotMatch(intro, /请逐一核实后确认或否定/);
    assert.match(intro, /由村（社区）工作者/);
    await page.screenshot({ path: `${SCREENSHOTS}left-behind-social.png`, fullPage: true });
    await assertAccessible(page, 'left-behind, social worker');
    await context.close();
  });

  test('a community worker registers a new household and a person with hukou, disability and hardship; the hukou reads as a place', async () => {
    const context = await e2e.context({ as: 'demo-worker' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/persons`);
    await page.getByTestId('person-create').click();
    const form = page.getByTestId('person-form');
    await form.waitFor();
    await form.locator('#name').fill('档案新人');
    await form.getByTestId('id-number').fill(makeIdNumber('340828', '1958-03-09', 'male', 318));

    // A household that does not exist yet: created from the form, then chosen in it.
    await form.getByTestId('household-create').click();
    const household = page.getByTestId('household-form');
    await household.locator('#address').waitFor();
    // Saving without an address is refused at the field (the dialog may still be opening: try again).
    for (let attempt = 0; attempt < 3 && !(await household.getByText('请填写住址').isVisible()); attempt++) {
      await page.getByTestId('household-save').click();
      await household.getByText('请填写住址').waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    await household.getByText('请填写住址').waitFor();
    await household.locator('#address').fill('余安村新建组8号');
    await household.locator('#number').fill('E2E-0008');
    await page.getByTestId('household-save').click();
    await household.waitFor({ state: 'detached' });
    await form.getByTestId('household-select').filter({ hasText: '余安村新建组8号' }).waitFor();
    await choose(page, form.locator('#relation'), '户主');

    // Disability needs its grade: refused at the field until given.
    await choose(page, form.getByTestId('disability-category'), '肢体');
    await page.getByTestId('person-save').click();
    await form.getByText('请填写残疾等级').waitFor();
    await choose(page, form.getByTestId('disability-grade'), '2 级');
    await choose(page, form.getByTestId('hardship'), '低保');
    // A hukou outside the worker's scope, by its code.
    const hukou = form.getByTestId('hukou-select');
    await hukou.click();
    await page.keyboard.type('340802');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '区划代码 340802' }).click();
    await page.screenshot({ path: `${SCREENSHOTS}person-form-full.png`, fullPage: true });
    await page.getByTestId('person-save').click();

    await page.getByTestId('person-detail').waitFor();
    assert.equal((await page.getByTestId('drawer-title').innerText()).trim(), '档案新人');
    const facts = await page.getByTestId('person-facts').innerText();
    assert.match(facts, /肢体残疾 2 级/);
    assert.match(facts, /低保/);
    // The hukou reads as a place, not a code.
    assert.equal((await page.getByTestId('person-hukou').innerText()).trim(), '安徽省 安庆市 迎江区');
    await page.getByTestId('person-household').getByText('余安村新建组8号').waitFor();
    assert.match(await page.getByTestId('person-household').innerText(), /户主/);
    await assertAccessible(page, 'person drawer with hukou, disability and hardship');

    // Editing keeps them, and clears the disability when the category is cleared.
    await page.getByTestId('person-edit').click();
    await form.waitFor();
    assert.match(await form.getByTestId('hukou-select').innerText(), /迎江区/);
    assert.match(await form.getByTestId('disability-grade').innerText(), /2 级/);
    await form.getByTestId('disability-category').hover();
    await form.getByTestId('disability-category').locator('.ant-select-clear').click();
    // Cleared in the form before saving (the grade goes with the category).
    await form.locator('[data-testid="disability-grade"].ant-select-disabled').waitFor();
    await page.getByTestId('person-save').click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('person-detail').waitFor();
    assert.doesNotMatch(await page.getByTestId('person-facts').innerText(), /肢体残疾/);
    await context.close();
  });

  test('the two population figures of a village say which is which', async () => {
    const context = await e2e.context({ as: 'demo-worker' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/persons?tab=population`);
    const registry = page.getByTestId('population-figure-term');
    await registry.waitFor();
    assert.equal((await registry.innerText()).trim(), '登记在册人口');
    await registry.hover();
    await page.locator('.ant-tooltip:visible', { hasText: '居民档案中登记' }).waitFor();
    const village = (await (await page.request.get(`${e2e.baseUrl}/api/v1/auth/me`)).json()).user.scope as string;
    await page.goto(`${e2e.baseUrl}/areas/${village}`);
    const statistics = page.getByTestId('statistics-population-term');
    await statistics.waitFor();
    assert.equal((await statistics.innerText()).trim(), '统计常住人口');
    await statistics.focus();
    await page.locator('.ant-tooltip:visible', { hasText: '统计上报' }).waitFor();
    await context.close();
  });
});
