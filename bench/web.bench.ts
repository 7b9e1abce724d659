/**
 * `npm run bench -- web [rounds]`: what the browser pays for the web app, against budgets.
 *
 * In Chromium, on the demo city: the JS and CSS the login page loads (cold), the official's
 * dashboard (cold: the home page /indicators, logged in, empty cache, until its first screen,
 * cards and ranking, has rendered), what scrolling down to its map and trend chart adds (they
 * load ECharts when they come on screen; no budget of their own: it is what the first chart or
 * map of a session costs, wherever it is), and what each later page adds when reached from the
 * menu afterwards. A file counts with the size of its gzip copy
 * (the build writes one beside every asset, src/web/vite.config.ts), so the figures compare with
 * the budgets whatever encoding the browser chose; the brotli size (what Chromium is actually
 * sent) and the bytes on the wire are printed beside. Budgets (issue 11): login ≤ 200 kB,
 * dashboard ≤ 450 kB, any later page ≤ 150 kB more; over a budget the bench exits with 1.
 * Also the time until the login page and the area page have rendered, beside a baseline measured
 * in the same run: a bare static HTML page served by the same server.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, ensureWebBuilt } from '../test/e2e/browser.ts';
import { startTestApp } from '../test/support/app.ts';
import { WEB_DIST_DIR } from '../src/server/http/static-web.ts';

export const BUDGET_KB = { login: 200, dashboard: 450, laterPage: 150 } as const;

interface Loaded {
  /** Asset paths (JS and CSS) in load order. */
  files: string[];
  /** Bytes Chromium received for them (headers and encoded body). */
  wire: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** gzip and brotli size of a built file: its precompressed copies, or compressed here when the build has none. */
function compressedSize(path: string): { gzip: number; brotli: number } {
  const file = `${WEB_DIST_DIR}${path.replace(/^\//, '')}`;
  const gzip = existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSync(readFileSync(file), { level: 9 }).length;
  const brotli = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : brotliCompressSync(readFileSync(file)).length;
  return { gzip, brotli };
}

function sizes(files: string[]): { gzip: number; brotli: number } {
  return files.reduce(
    (sum, f) => {
      const s = compressedSize(f);
      return { gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli };
    },
    { gzip: 0, brotli: 0 },
  );
}

/** Records every JS and CSS file the page loads from now on, and how many requests are in flight. */
function track(page: Page) {
  const loaded: Loaded = { files: [], wire: 0 };
  let inflight = 0;
  let last = Date.now();
  page.on('request', () => {
    inflight++;
    last = Date.now();
  });
  const done = () => {
    inflight = Math.max(0, inflight - 1);
    last = Date.now();
  };
  page.on('requestfailed', done);
  page.on('requestfinished', async (request) => {
    done();
    const path = new URL(request.url()).pathname;
    if (!/\.(m?js|css)$/.test(path)) return;
    const s = await request.sizes().catch(() => null);
    loaded.files.push(path);
    if (s) loaded.wire += s.responseBodySize + s.responseHeadersSize;
  });
  return {
    loaded,
    /** Since: what loaded after a mark. */
    mark: () => ({ files: loaded.files.length, wire: loaded.wire }),
    since: (m: { files: number; wire: number }): Loaded => ({ files: loaded.files.slice(m.files), wire: loaded.wire - m.wire }),
    /** Until nothing has been in flight for a while: a client-side navigation has no load event. */
    async settle(quietMs = 1000, maxMs = 90_000) {
      const start = Date.now();
      while (Date.now() - start < maxMs) {
        if (inflight === 0 && Date.now() - last >= quietMs) return;
        await page.waitForTimeout(100);
      }
    },
  };
}

interface Figure {
  gzipKb: number;
  brotliKb: number;
  wireKb: number;
  files: number;
  /** Null: printed, not held to a budget. */
  budgetKb: number | null;
  withinBudget: boolean;
  /** Each file's gzip size, largest first: where the weight is. */
  byFile: { file: string; gzipKb: number }[];
}

function figure(loaded: Loaded, budgetKb: number | null): Figure {
  const unique = [...new Set(loaded.files)];
  const s = sizes(unique);
  const byFile = unique
    .map((file) => ({ file: file.replace(/^\/assets\//, ''), gzipKb: kb(compressedSize(file).gzip) }))
    .sort((a, b) => b.gzipKb - a.gzipKb);
  return { gzipKb: kb(s.gzip), brotliKb: kb(s.brotli), wireKb: kb(loaded.wire), files: unique.length, budgetKb, withinBudget: budgetKb === null || kb(s.gzip) <= budgetKb, byFile };
}

const line = (name: string, f: Figure) =>
  `${name.padEnd(22)} ${String(f.gzipKb).padStart(7)} kB gzip  (${f.budgetKb === null ? 'no budget      ' : `budget ${String(f.budgetKb).padStart(3)} kB ${f.withinBudget ? 'ok  ' : 'OVER'}`})  brotli ${f.brotliKb} kB, on the wire ${f.wireKb} kB, ${f.files} files`;

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rounds = Number(args[0] ?? 3);
  await ensureWebBuilt();
  const baselineFile = `${WEB_DIST_DIR}bench-baseline.html`;
  writeFileSync(baselineFile, '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>邻里</title></head><body><h1>邻里</h1><p>城乡社区公共服务</p></body></html>');
  const app = await startTestApp('sqlite', { seed: 'demo', config: { loginAttemptsPerAddress: 10_000 } });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const fresh = async (user: string | null): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    context.setDefaultTimeout(90_000);
    if (user) await context.request.post(`${base}/api/v1/auth/login`, { data: { username: user, password: 'linli-demo' } });
    return context;
  };
  try {
    // Warm the statistics roll-up and the indicator cache once.
    {
      const context = await fresh('demo-county');
      const page = await context.newPage();
      await page.goto(`${base}/indicators`);
      await page.getByTestId('indicator-map').scrollIntoViewIfNeeded();
      await page.locator('[data-testid=indicator-map] canvas').waitFor();
      await context.close();
    }
    const baselineMs: number[] = [];
    const loginMs: number[] = [];
    const areaMs: number[] = [];
    let login: Figure | null = null;
    let dashboard: Figure | null = null;
    let dashboardOnView: Figure | null = null;
    const later: Record<string, Figure> = {};
    for (let i = 0; i < rounds; i++) {
      let context = await fresh(null);
      let page = await context.newPage();
      let started = performance.now();
      await page.goto(`${base}/bench-baseline.html`);
      await page.locator('h1').waitFor();
      baselineMs.push(performance.now() - started);
      await context.close();

      // The login page, cold.
      context = await fresh(null);
      page = await context.newPage();
      let t = track(page);
      started = performance.now();
      await page.goto(`${base}/login`);
      await page.locator('[data-testid=demo-accounts]').waitFor();
      loginMs.push(performance.now() - started);
      await t.settle();
      login = figure(t.loaded, BUDGET_KB.login);
      await context.close();

      // The official's dashboard, cold; then each other page of the menu, reached from it.
      context = await fresh('demo-county');
      page = await context.newPage();
      t = track(page);
      await page.goto(`${base}/`);
      await page.waitForURL('**/indicators');
      await page.locator('[data-testid=indicator-card]').first().waitFor();
      await page.locator('[data-testid=ranking-table] .ant-table-row').first().waitFor();
      await t.settle();
      dashboard = figure(t.loaded, BUDGET_KB.dashboard);
      // Scrolled down to the map and the trend chart: ECharts loads as they come on screen.
      const first = t.mark();
      await page.getByTestId('indicator-map').scrollIntoViewIfNeeded();
      await page.locator('[data-testid=indicator-map] canvas').waitFor();
      await page.getByTestId('trend-chart').scrollIntoViewIfNeeded();
      await page.locator('[data-testid=trend-chart] canvas').waitFor();
      await t.settle();
      dashboardOnView = figure(t.since(first), null);
      const items = page.getByTestId('menu').locator('[role=menuitem]');
      const names = (await items.allInnerTexts()).map((s) => s.trim());
      for (const name of names) {
        if (later[name] && i > 0) continue;
        const mark = t.mark();
        await page.getByTestId('menu').locator('[role=menuitem]', { hasText: name }).first().click();
        await page.waitForTimeout(300);
        await t.settle();
        later[name] = figure(t.since(mark), BUDGET_KB.laterPage);
      }
      await context.close();

      // The county's area page, time to its chart and map.
      context = await fresh('demo-county');
      page = await context.newPage();
      started = performance.now();
      await page.goto(`${base}/areas/340828`);
      await page.locator('[data-testid=population-chart] canvas').waitFor();
      await page.locator('[data-testid=area-map] canvas').waitFor();
      areaMs.push(performance.now() - started);
      await context.close();
    }
    const all = [login!, dashboard!, ...Object.values(later)];
    const result = {
      rounds,
      budgetsKbGzip: BUDGET_KB,
      login,
      dashboard,
      dashboardMapAndTrendOnView: dashboardOnView,
      laterPages: later,
      medianMs: {
        baselineStaticPage: Math.round(median(baselineMs)),
        loginPageRendered: Math.round(median(loginMs)),
        areaPageRendered: Math.round(median(areaMs)),
      },
      withinBudgets: all.every((f) => f.withinBudget),
    };
    console.log('JS + CSS loaded, counted at their gzip size (the build’s .gz files):');
    console.log(line('login page (cold)', login!));
    console.log(line('dashboard (cold)', dashboard!));
    console.log(`  largest: ${dashboard!.byFile.slice(0, 8).map((f) => `${f.file} ${f.gzipKb}`).join(', ')}`);
    console.log(line('  then map and trend', dashboardOnView!));
    console.log(`  (scrolled into view: ECharts; the dashboard scrolled through is ${Math.round((dashboard!.gzipKb + dashboardOnView!.gzipKb) * 10) / 10} kB)`);
    for (const [name, f] of Object.entries(later)) console.log(line(`  then ${name}`, f));
    console.log(
      `time to render, median of ${rounds}: baseline static page ${result.medianMs.baselineStaticPage} ms | login page ${result.medianMs.loginPageRendered} ms | area page with chart and map ${result.medianMs.areaPageRendered} ms`,
    );
    if (!result.withinBudgets) {
      console.log('OVER BUDGET: see the lines marked OVER');
      process.exitCode = 1;
    }
    return result;
  } finally {
    await browser.close();
    await app.close();
    rmSync(baselineFile, { force: true });
  }
}
