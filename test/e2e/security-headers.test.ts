/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, type E2e, login, scrollToTestId, startE2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/**
 * The built web app under the server's real content security policy (src/server/http/
 * security-headers.ts), with CSP enforced (the other e2e files bypass it to inject axe): the
 * login page, the dashboard with its ECharts charts and maps, the other pages of the console,
 * and the API docs raise no CSP violation and no console error about one.
 */
interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

async function watchedPage(context: BrowserContext): Promise<{ page: Page; violations: () => Promise<Violation[]>; console: string[] }> {
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __csp: Violation[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` }));
  });
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) messages.push(m.text());
  });
  return { page, violations: () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp), console: messages };
}

describe('the web app under its content security policy in Chromium', { skip }, () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('login, dashboard and console pages raise no CSP violation', async () => {
    const context = await e2e.context({ bypassCSP: false });
    try {
      const { page, violations, console } = await watchedPage(context);
      const response = await page.goto(`${e2e.baseUrl}/login`);
      const csp = response!.headers()['content-security-policy'];
      assert.match(csp ?? '', /script-src 'self'/, 'the page is served with the policy');
      await page.locator('#username').waitFor();
      assert.deepEqual(await violations(), [], 'login page');

      await login(page, e2e.baseUrl, 'demo-county');
      // The officials' home: indicator cards, ECharts charts and the shaded map.
      await page.locator('[data-testid=indicator-card]').first().waitFor();
      // The map loads ECharts when it comes on screen.
      await scrollToTestId(page, 'indicator-map');
      await page.locator('canvas').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violations(), [], 'dashboard');

      for (const path of ['/coverage', '/facilities', '/persons', '/areas', '/planning']) {
        await page.goto(`${e2e.baseUrl}${path}`);
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await violations(), [], path);
      }
      assert.deepEqual(console, [], 'no console message about the policy');
    } finally {
      await context.close();
    }
  });

  test('the API docs (Swagger UI) work under the same policy', async () => {
    const context = await e2e.context({ bypassCSP: false });
    try {
      const { page, violations, console } = await watchedPage(context);
      await page.goto(`${e2e.baseUrl}/api/docs`);
      await page.locator('.swagger-ui .info .title').waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violations(), []);
      assert.deepEqual(console, []);
    } finally {
      await context.close();
    }
  });
});
