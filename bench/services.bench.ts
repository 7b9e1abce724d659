/**
 * `npm run bench -- services [--count N] [--queries N] [--submissions N]`: service requests at city
 * scale on SQLite.
 * - 1,000,000 generated requests (12 months) over every community of 安庆市;
 * - a deciding unit's queue (open requests, soonest due first, 50 a page): p50/p99 over the busiest
 *   county units and random township units (target p99 < 50 ms), beside the baseline of reading
 *   one request by its id;
 * - the clock sweep a day later (every request whose warning, due day or escalation falls in that
 *   day, with its events written): seconds (target < 5 s), beside the baseline of only counting
 *   the due rows;
 * - submissions per second through the HTTP stack (a window worker filing, app.inject), beside a
 *   bare route (GET /health) in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { RequestContext } from '../src/server/http/actor.ts';
import { seedDemo, DEMO_CITY, DEMO_COUNTY } from '../src/server/seed/demo.ts';
import { generateRequests, saveGenerated, type GeneratorItem } from '../src/server/seed/demo-service-requests.ts';
import { effectiveCatalog } from '../src/server/modules/services/catalog.service.ts';
import { DEFAULT_SETTINGS, getRequest, unitQueue, type RequestsDeps } from '../src/server/modules/services/requests.service.ts';
import { diskAttachmentStorage } from '../src/server/modules/services/requests-attachments.ts';
import { sweepRequests } from '../src/server/modules/services/requests-scheduler.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { DEMO_PASSWORD } from '../src/server/modules/accounts/demo-password.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function latencies(n: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; n: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), n };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const count = option(args, 'count', 1_000_000);
  const queries = option(args, 'queries', 300);
  const submissions = option(args, 'submissions', 1000);
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-services-'));
  const handle = createDatabase('sqlite', join(dir, 'linli.sqlite'));
  const secretKey = randomBytes(32);
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    let t = performance.now();
    await seedDemo(handle, { secretKey });
    const demoSeconds = (performance.now() - t) / 1000;
    const items: GeneratorItem[] = (await effectiveCatalog(db, DEMO_COUNTY)).map((i) => ({ code: i.code, name: i.name, decidingLevel: i.decidingLevel, committedDays: i.committedDays, channels: i.channels, materials: i.materials }));
    const communities = (await db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${DEMO_CITY}%`).execute()).map((a) => a.code);
    // ---- a year of requests over the city, in chunks ----
    t = performance.now();
    const now = Date.now();
    const random = seededRandom(hashSeed('bench-services'));
    let made = 0;
    let generateSeconds = 0;
    const chunk = 100_000;
    while (made < count) {
      const g0 = performance.now();
      const generated = generateRequests({ random, items, communities, count: Math.min(chunk, count - made), from: now - 365 * 86_400_000, now, events: false });
      generateSeconds += (performance.now() - g0) / 1000;
      await saveGenerated(db, generated);
      made += generated.requests.length;
      if (generated.requests.length === 0) break;
    }
    const loadSeconds = (performance.now() - t) / 1000;
    const open = Number((await db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('open', '=', true).executeTakeFirstOrThrow()).n);
    console.log(`seed: demo city ${demoSeconds.toFixed(1)} s; ${made} requests over ${communities.length} communities (${open} open) in ${loadSeconds.toFixed(1)} s (generating ${generateSeconds.toFixed(1)} s)`);

    const admin = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo-admin').executeTakeFirstOrThrow();
    const ctx: RequestContext = { actor: { userId: admin.id, username: admin.username, role: 'admin', scope: DEMO_CITY }, address: 'bench', requestId: 'bench' };
    const deps: RequestsDeps = { db, storage: diskAttachmentStorage(dir), settings: DEFAULT_SETTINGS };

    // ---- a unit's queue ----
    const units = await db
      .selectFrom('service_requests')
      .select('unit_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('open', '=', true)
      .groupBy('unit_code')
      .orderBy('n', 'desc')
      .execute();
    const busiest = units.slice(0, 10).map((u) => u.unit_code);
    const pickUnits = Array.from({ length: queries }, (_, i) => (i % 2 === 0 ? busiest[i % busiest.length]! : units[Math.floor(random() * units.length)]!.unit_code));
    await unitQueue(deps, ctx, { unit: pickUnits[0]! });
    const queue = await latencies(queries, (i) => unitQueue(deps, ctx, { unit: pickUnits[i]!, limit: 50 }));
    const ids = await db.selectFrom('service_requests').select('id').where('open', '=', true).limit(queries).execute();
    const byId = await latencies(Math.min(queries, ids.length), (i) => getRequest(deps, ctx, ids[i]!.id));
    console.log(`a unit's queue over ${made} requests (${units.length} units, busiest ${units[0]?.n} open): p50 ${queue.p50} ms, p99 ${queue.p99} ms (target p99 < 50 ms; baseline one request by id with its clocks p50 ${byId.p50} ms, p99 ${byId.p99} ms)`);

    // ---- the sweep, a day later ----
    const later = new Date(now + 86_400_000).toISOString();
    t = performance.now();
    const due = Number((await db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('next_check_at', '<=', later).executeTakeFirstOrThrow()).n);
    const countSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const swept = await sweepRequests(db, DEFAULT_SETTINGS, { now: later });
    const sweepSeconds = (performance.now() - t) / 1000;
    console.log(`sweep a day later: ${swept.checked} due (${swept.warned} warned, ${swept.overdue} overdue, ${swept.escalatedAbove} escalated above) in ${sweepSeconds.toFixed(2)} s (target < 5 s; baseline counting the ${due} due rows ${countSeconds.toFixed(3)} s)`);

    // ---- submissions through HTTP ----
    const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, databaseUrl: `sqlite:${join(dir, 'linli.sqlite')}`, secretKey });
    const app = await buildApp(config, handle);
    await app.ready();
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-worker', password: DEMO_PASSWORD } });
      const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
      const csrf = login.json().csrfToken as string;
      const worker = await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
      const persons = await db.selectFrom('persons').select('id').where('area_code', '=', worker.scope_code).limit(50).execute();
      const body = (i: number) => ({ itemCode: 'AH-WH-001', applicantPersonId: persons[i % persons.length]!.id, formValues: { date: '2026-12-20', room: 'hall', people: 30, activity: `排练 ${i}` } });
      const first = await app.inject({ method: 'POST', url: '/api/v1/service-requests', payload: body(0), headers: { cookie, 'x-csrf-token': csrf } });
      if (first.statusCode !== 201) throw new Error(`submission refused: ${first.statusCode} ${first.body}`);
      t = performance.now();
      for (let i = 1; i <= submissions; i++) {
        const r = await app.inject({ method: 'POST', url: '/api/v1/service-requests', payload: body(i), headers: { cookie, 'x-csrf-token': csrf } });
        if (r.statusCode !== 201) throw new Error(`submission ${i}: ${r.statusCode}`);
      }
      const submitSeconds = (performance.now() - t) / 1000;
      t = performance.now();
      for (let i = 0; i < submissions; i++) await app.inject({ method: 'GET', url: '/api/v1/health' });
      const bareSeconds = (performance.now() - t) / 1000;
      const perSecond = Math.round(submissions / submitSeconds);
      const barePerSecond = Math.round(submissions / bareSeconds);
      console.log(`submissions on SQLite: ${perSecond}/s over ${submissions} (baseline bare route GET /health ${barePerSecond}/s)`);
      return {
        requests: made,
        communities: communities.length,
        open,
        seedSeconds: round(loadSeconds),
        generateSeconds: round(generateSeconds),
        queueMs: queue,
        baselineByIdMs: byId,
        queueTargetP99Ms: 50,
        sweep: { ...swept, seconds: round(sweepSeconds), targetSeconds: 5, baselineCountSeconds: round(countSeconds, 3), due },
        submissions: { count: submissions, perSecond, baselineBareRoutePerSecond: barePerSecond },
      };
    } finally {
      await app.close();
    }
  } finally {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
