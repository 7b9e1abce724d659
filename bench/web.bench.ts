/**
 * `npm run bench -- web`: what the browser pays for the web app. Reports the JS and CSS the
 * first page (the login page) sends, compressed as served, and the time until the area page of
 * a county has rendered its statistics, chart and map in Chromium — beside a baseline measured
 * in the same run: a bare static HTML page served by the same server. Target: first load ≤ 500 kB gzip.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, ensureWebBuilt } from '../test/e2e/browser.ts';
import { startTestApp } from '../test/support/app.ts';
import { WEB_DIST_DIR } from '../src/server/http/static-web.ts';

const BUDGET_KB = 500;

interface Transfer {
  js: number;
  css: number;
  other: number;
  requests: number;
}

function track(page: Page): Transfer {
  const sent: Transfer = { js: 0, css: 0, other: 0, requests: 0 };
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (!sizes) return;
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    sent.requests += 1;
    const url = request.url();
    if (/\.m?js(\?|$)/.test(url)) sent.js += bytes;
    else if (/\.css(\?|$)/.test(url)) sent.css += bytes;
    else sent.other += bytes;
  });
  return sent;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rounds = Number(args[0] ?? 3);
  await ensureWebBuilt();
  const baselineFile = `${WEB_DIST_DIR}bench-baseline.html`;
  writeFileSync(baselineFile, '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>邻里</title></head><body><h1>邻里</h1><p>城乡社区公共服务</p></body></html>');
  const app = await startTestApp('sqlite', { seed: 'demo', config: { loginAttemptsPerAddress: 10_000 } });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const fresh = async (loggedIn: boolean): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    if (loggedIn) await context.request.post(`${base}/api/v1/auth/login`, { data: { username: 'demo-county', password: 'linli-demo' } });
    return context;
  };
  try {
    // Warm the server's compressed-file cache and the statistics roll-up once.
    {
      const context = await fresh(true);
      const page = await context.newPage();
      await page.goto(`${base}/areas/340828`);
      await page.locator('[data-testid=area-map] canvas').waitFor({ timeout: 60_000 });
      await context.close();
    }
    const first: Transfer[] = [];
    const baselineMs: number[] = [];
    const loginMs: number[] = [];
    const areaMs: number[] = [];
    const area: Transfer[] = [];
    for (let i = 0; i < rounds; i++) {
      let context = await fresh(false);
      let page = await context.newPage();
      let started = performance.now();
      await page.goto(`${base}/bench-baseline.html`);
      await page.locator('h1').waitFor();
      baselineMs.push(performance.now() - started);
      await context.close();

      context = await fresh(false);
      page = await context.newPage();
      const sent = track(page);
      started = performance.now();
      await page.goto(`${base}/login`);
      await page.locator('[data-testid=demo-accounts]').waitFor();
      loginMs.push(performance.now() - started);
      await page.waitForLoadState('networkidle');
      first.push({ ...sent });
      await context.close();

      context = await fresh(true);
      page = await context.newPage();
      const areaSent = track(page);
      started = performance.now();
      await page.goto(`${base}/areas/340828`);
      await page.locator('[data-testid=population-chart] canvas').waitFor();
      await page.locator('[data-testid=area-map] canvas').waitFor();
      areaMs.push(performance.now() - started);
      await page.waitForLoadState('networkidle');
      area.push({ ...areaSent });
      await context.close();
    }
    const firstLoad = first.at(-1)!;
    const areaLoad = area.at(-1)!;
    const result = {
      rounds,
      firstLoadKbGzip: { js: kb(firstLoad.js), css: kb(firstLoad.css), total: kb(firstLoad.js + firstLoad.css), requests: firstLoad.requests, budget: BUDGET_KB },
      areaPageKbGzip: { js: kb(areaLoad.js), css: kb(areaLoad.css), other: kb(areaLoad.other), requests: areaLoad.requests },
      medianMs: {
        baselineStaticPage: Math.round(median(baselineMs)),
        loginPageRendered: Math.round(median(loginMs)),
        areaPageRendered: Math.round(median(areaMs)),
      },
      withinBudget: kb(firstLoad.js + firstLoad.css) <= BUDGET_KB,
    };
    console.log(`first load (login page): JS ${result.firstLoadKbGzip.js} kB + CSS ${result.firstLoadKbGzip.css} kB gzip in ${firstLoad.requests} requests (budget ${BUDGET_KB} kB)`);
    console.log(`area page (county): JS ${result.areaPageKbGzip.js} kB + CSS ${result.areaPageKbGzip.css} kB, other ${result.areaPageKbGzip.other} kB`);
    console.log(
      `time to render, median of ${rounds}: baseline static page ${result.medianMs.baselineStaticPage} ms | login page ${result.medianMs.loginPageRendered} ms | area page with chart and map ${result.medianMs.areaPageRendered} ms`,
    );
    return result;
  } finally {
    await browser.close();
    await app.close();
    rmSync(baselineFile, { force: true });
  }
}
