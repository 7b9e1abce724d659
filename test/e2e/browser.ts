/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * End-to-end support: the real server on a fresh SQLite database with the demo city, listening
 * on a free port, and a real Chromium (playwright-core drives the system's /usr/bin/chromium).
 * E2E runs on SQLite only: the browser exercises the web app, the integration tests cover both
 * databases.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = `${ROOT}test/e2e/screenshots/`;
const AXE_SOURCE = () => readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');

export const chromiumMissing = (): string | false =>
  existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set LINLI_CHROMIUM)`;

/** Builds the web app when dist/web is missing (a fresh clone where `npm install` did not run prepare). */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(`${ROOT}dist/web/index.html`)) return;
  const { build } = await import('vite');
  await build({ configFile: `${ROOT}src/web/vite.config.ts`, logLevel: 'warn' });
}

export interface ContextOptions {
  width?: number;
  height?: number;
  bypassCSP?: boolean;
  /** Start logged in as this user (through the API: the login form has its own tests). */
  as?: string;
  elderMode?: boolean;
  /**
   * Let the app's service worker run (the offline test). Off elsewhere: each fresh profile would
   * otherwise download the whole precache, loading the shared machine for nothing the test checks.
   */
  serviceWorkers?: boolean;
}

export interface E2e {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (empty storage); CSP is bypassed so that axe can be injected. */
  context(options?: ContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startE2e(): Promise<E2e> {
  await ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Every login in the suite comes from 127.0.0.1: lift the per-address limit.
  const app = await startTestApp('sqlite', { seed: 'demo', config: { loginAttemptsPerAddress: 10_000 } });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.app.server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    browser,
    async context({ width = 1366, height = 900, bypassCSP = true, as, elderMode, serviceWorkers = false }: ContextOptions = {}) {
      // Reduced motion, as a person may set their phone (the app then turns Ant Design's motion off):
      // a click never lands on a sliding menu, axe never sees a half-faded toast, and the shared
      // machine draws no animation frames for nothing a test checks.
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: serviceWorkers ? 'allow' : 'block', reducedMotion: 'reduce' });
      // A slow, shared 2-core machine can take tens of seconds to render a chart-heavy page;
      // waits are generous so a test fails on what it checks, not on the machine's load.
      context.setDefaultTimeout(60_000);
      context.setDefaultNavigationTimeout(90_000);
      if (elderMode) await context.addInitScript(() => localStorage.setItem('linli.elderMode', '1'));
      if (as) {
        const response = await context.request.post(`${baseUrl}/api/v1/auth/login`, { data: { username: as, password: DEMO_PASSWORD } });
        if (!response.ok()) throw new Error(`login ${as}: ${response.status()} ${await response.text()}`);
      }
      return context;
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

export const DEMO_PASSWORD = 'linli-demo';

/**
 * Scrolls to what carries `testId`, by script: a placeholder that is replaced as it comes on
 * screen (OnScreen) can be swapped mid-scroll, which fails Playwright's own scroll ("not attached").
 */
export async function scrollToTestId(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).first().waitFor({ state: 'attached' });
  await page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.scrollIntoView({ block: 'center' }), testId);
}

/** Logs in through the form, as a person would, and waits to leave the login page. */
export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core over the whole page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // A toast or popup fading in or out is half transparent: axe would blend its colours with the
  // page and report a contrast the steady element does not have (seen on CI with a success toast
  // leaving). Check the page once no motion is under way (or after 5 s, then as it stands).
  await page
    .waitForFunction(() => !document.querySelector('[class*="-leave-active"], [class*="-enter-active"], [class*="-appear-active"], [class*="-fade-leave"]'), undefined, { timeout: 5_000 })
    .catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE() });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}

/**
 * Picks an option of an Ant Design select by its text, and makes sure it was picked: on a loaded
 * machine a click can land while the dropdown is still moving in and select nothing, or close
 * it, so the open-pick-check is tried again, a few times, before giving up.
 */
export async function choose(page: Page, target: string | Locator, option: string | RegExp): Promise<void> {
  // A test id, an #id (the select's input), or the select itself.
  const given = typeof target !== 'string' ? target : target.startsWith('#') ? page.locator(target) : page.getByTestId(target);
  const root = given.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const shows = async () => {
    const text = (await root.innerText()).trim();
    return typeof option === 'string' ? text.includes(option) : option.test(text);
  };
  for (let attempt = 1; ; attempt++) {
    await given.click();
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
    try {
      await item.click({ timeout: 15_000 });
      const deadline = Date.now() + 5_000;
      while (!(await shows()) && Date.now() < deadline) await page.waitForTimeout(100);
      if (await shows()) return;
      throw new Error(`the select does not show ${String(option)} after the click`);
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
    }
  }
}
