/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Staff pages on a phone and in narrow tables: registers become cards below 600 px, names stay
 * on one line, the menu opens from the header (nothing floats over the page), the header does
 * not hold the screen in elder mode, table actions are never cut off, and English words are not
 * broken in the middle.
 */
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

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Elements matching `selector` whose text wraps onto more than one line. */
const wrapped = (page: Page, selector: string) =>
  page.evaluate((s) => {
    return Array.from(document.querySelectorAll<HTMLElement>(s))
      .filter((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((e) => e.textContent ?? '');
  }, selector);

/** Latin words (three letters or more) whose letters sit on more than one line; code-like text (JSON, codes, numbers) left out. */
const brokenWords = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('.audit-details, .code, .numeric, .visually-hidden, canvas, svg')) continue;
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/[A-Za-z]{3,}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (tops.size > 1) out.push(`${m[0]} (in “${text.slice(0, 40)}”)`);
      }
    }
    return out;
  });

/** The part of the viewport's height the header covers (0 when scrolled away). */
const headerShare = (page: Page) =>
  page.evaluate(() => {
    const r = document.querySelector('.app-header')!.getBoundingClientRect();
    return Math.max(0, Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0)) / window.innerHeight;
  });

describe('staff pages on a phone, and table actions', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a village worker works the registry on a 360 px phone, in normal and elder mode', async () => {
    for (const elderMode of [false, true]) {
      const mode = elderMode ? ' (elder mode)' : '';
      const context = await e2e.context({ as: 'demo-worker', width: 360, height: 740, elderMode });
      const page = await context.newPage();
      await page.goto(`${e2e.baseUrl}/persons`);
      await page.getByTestId('person-link').first().waitFor();

      // Cards, not a table squeezed to the width: every name on one line, nothing wider than the phone.
      assert.equal(await page.locator('[data-testid=person-table] .ant-table').count(), 0, `a table on a phone${mode}`);
      assert.ok((await page.getByTestId('person-table-card').count()) > 5, `cards${mode}`);
      assert.deepEqual(await wrapped(page, '[data-testid=person-link]'), [], `names broken over lines${mode}`);
      assert.ok((await sideways(page)) <= 0, `the persons page scrolls sideways by ${await sideways(page)}px${mode}`);

      // Nothing floats over the page: the menu is a button in the header, and it works.
      assert.equal(await page.locator('.ant-layout-sider-zero-width-trigger').count(), 0, `a floating menu trigger${mode}`);
      assert.equal(await page.locator('.app-sider').count(), 0);
      const button = page.getByTestId('menu-button');
      assert.equal(await button.evaluate((b) => Boolean(b.closest('header'))), true, 'the menu button sits in the header');

      // Elder mode's larger header scrolls away instead of holding a third of the screen.
      await page.evaluate(() => window.scrollTo(0, 600));
      await page.waitForTimeout(200);
      const share = await headerShare(page);
      assert.ok(share <= 0.12, `the header covers ${Math.round(share * 100)}% of the phone's screen after scrolling${mode}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SCREENSHOTS}persons-360${elderMode ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(page, `persons at 360 px${mode}`);

      await button.click();
      await page.getByTestId('menu').getByText('留守关爱').click();
      await page.waitForURL('**/left-behind');
      // Review buttons inside the phone's width, under each card.
      const confirm = page.getByTestId('flag-confirm').first();
      await confirm.waitFor();
      const box = (await confirm.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `the confirm button lies at ${box.x}–${box.x + box.width}px${mode}`);
      assert.deepEqual(await wrapped(page, '[data-testid=flag-person]'), [], `names broken over lines${mode}`);
      assert.ok((await sideways(page)) <= 0, `the left-behind page scrolls sideways${mode}`);
      await page.screenshot({ path: `${SCREENSHOTS}left-behind-360${elderMode ? '-elder' : ''}.png`, fullPage: true });
      await assertAccessible(page, `left-behind at 360 px${mode}`);
      await context.close();
    }
  });

  test('an admin reads users and the audit log on a phone', async () => {
    const context = await e2e.context({ as: 'demo-admin', width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/users`);
    await page.getByTestId('user-table-card').first().waitFor();
    assert.ok((await page.getByTestId('user-table-card').count()) >= 9, 'every demo account has a card');
    assert.ok((await sideways(page)) <= 0, 'the users page scrolls sideways');
    const edit = page.getByTestId('user-table-card').first().locator('button').first();
    const box = (await edit.boundingBox())!;
    assert.ok(box.x + box.width <= 360, 'the edit button lies within the phone');
    await assertAccessible(page, 'users at 360 px');
    await page.goto(`${e2e.baseUrl}/audit`);
    await page.getByTestId('audit-table-card').first().waitFor();
    assert.ok((await sideways(page)) <= 0, 'the audit page scrolls sideways');
    await page.screenshot({ path: `${SCREENSHOTS}audit-360.png`, fullPage: true });
    await assertAccessible(page, 'audit at 360 px');
    await context.close();
  });

  test('table actions stay in view, whole, in English; English words do not break in elder mode', async () => {
    const context = await e2e.context({ as: 'demo-admin', width: 900, height: 800 });
    await context.addInitScript(() => localStorage.setItem('linli.language', 'en'));
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/users`);
    await page.locator('[data-testid=user-table] .ant-table-row').nth(3).waitFor();
    // Every action button of every row lies whole inside the table's visible box.
    const clipped = await page.evaluate(() => {
      const box = document.querySelector('[data-testid=user-table] .ant-table-content, [data-testid=user-table] .ant-table-body')!.getBoundingClientRect();
      return Array.from(document.querySelectorAll('[data-testid=user-table] .ant-table-row button'))
        .map((b) => ({ text: b.textContent, r: b.getBoundingClientRect() }))
        .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5)
        .map(({ text, r }) => `${text} at ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(box.left)}–${Math.round(box.right)}`);
    });
    assert.deepEqual(clipped, []);
    const buttons = await page.locator('[data-testid=user-table] .ant-table-row button').allInnerTexts();
    assert.ok(buttons.includes('Edit') && buttons.includes('Lock'), buttons.join(', '));

    for (const [width, path, ready] of [
      [900, '/users', '[data-testid=user-table] .ant-table-row'],
      [360, '/users', '[data-testid=user-table-card]'],
      [900, '/persons', '[data-testid=person-link]'],
      [360, '/left-behind', '[data-testid=flag-person]'],
      [900, '/audit', '[data-testid=audit-table] .ant-table-row'],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.evaluate(() => localStorage.setItem('linli.elderMode', '1'));
      await page.goto(`${e2e.baseUrl}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForTimeout(300);
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
      assert.deepEqual(await brokenWords(page), [], `${path} at ${width}px, English, elder mode`);
    }
    await page.screenshot({ path: `${SCREENSHOTS}audit-en-elder.png`, fullPage: true });
    await context.close();
  });
  test('the siting scenarios keep their actions whole in English (Show, Adopt, Delete)', async () => {
    const context = await e2e.context({ as: 'demo-county', width: 1366, height: 900 });
    await context.addInitScript(() => localStorage.setItem('linli.language', 'en'));
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/planning`);
    const p = page.getByTestId('p');
    await p.fill('3');
    await p.press('Tab');
    await page.getByTestId('run').click();
    await page.getByTestId('sites-table').locator('.ant-table-row').nth(2).waitFor();
    const row = page.locator('[data-testid=scenarios] .ant-table-row').first();
    await row.waitFor();
    const outside = await page.evaluate(() => {
      const box = document.querySelector('[data-testid=scenarios] .ant-table-content, [data-testid=scenarios] .ant-table-body')!.getBoundingClientRect();
      return Array.from(document.querySelectorAll('[data-testid=scenarios] .ant-table-row button'))
        .map((b) => ({ text: b.textContent ?? '', r: b.getBoundingClientRect() }))
        .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5)
        .map(({ text }) => text);
    });
    assert.deepEqual(outside, [], 'scenario actions outside the visible table');
    assert.deepEqual((await row.locator('button').allInnerTexts()).map((s) => s.trim()), ['Show', 'Adopt', 'Delete']);
    await page.getByTestId('scenarios').screenshot({ path: `${SCREENSHOTS}scenarios-en.png` });
    await context.close();
  });
});
