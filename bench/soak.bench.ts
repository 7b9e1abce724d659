/**
 * `npm run bench -- soak [--minutes N] [--rate R] [--database sqlite|postgres]`: a long run of
 * the server as people use it. The server runs as its own process (`linli serve` on loopback,
 * over a fresh database with the demo city), and this process drives a fixed rate of requests
 * for the demo roles: officials reading the dashboard, coverage and facilities, a community
 * worker listing persons and adding facilities, households and persons, an admin reading the
 * audit log and users, a resident reading their own page, and logins. The rate is fixed
 * (open loop): a slow server shows as latency, not as fewer requests.
 *
 * Prints errors (network failures and unexpected statuses), p50 and p99 latency per route, and
 * the server's resident memory over time as a slope in MB per hour (least squares over the run
 * after its first tenth, the warm-up). Goal: 0 errors, a slope within noise over 30 minutes.
 * Per-address rate limits are lifted for the run: every request comes from 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeIdNumber } from '../src/engine/identity/id-number.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/seed/demo.ts';

const PASSWORD = 'linli-demo';
const COUNTY = '340828';
const MAX_IN_FLIGHT = 64;

interface Session {
  cookie: string;
  csrf: string;
}

interface RouteStats {
  latencies: number[];
  errors: number;
  /** Requests that got no answer at all (counted in errors too). */
  unanswered: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Least-squares slope of y over x, and R². */
function slope(points: { x: number; y: number }[]): { slope: number; r2: number } {
  const n = points.length;
  if (n < 3) return { slope: NaN, r2: NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  const b = sxy / sxx;
  return { slope: b, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The process's CPU seconds so far (user + system), from /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function prepareDatabase(kind: 'sqlite' | 'postgres', dir: string, secretKey: Buffer): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const file = join(dir, 'linli.sqlite');
    const handle = createDatabase('sqlite', file);
    await migrateToLatest(handle.db);
    await seedDemo(handle, { secretKey });
    await handle.destroy();
    return { url: `sqlite:${file}`, drop: async () => {} };
  }
  const adminUrl = process.env.LINLI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `linli_soak_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const handle = createDatabase('postgres', target.toString());
  await migrateToLatest(handle.db);
  await seedDemo(handle, { secretKey });
  await handle.destroy();
  return {
    url: target.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['bin/linli.mjs', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 180_000);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      output += c;
      const found = /Linli is running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ child, base: found[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: { minutes: { type: 'string', default: '5' }, rate: { type: 'string', default: '20' }, database: { type: 'string', default: 'sqlite' } },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const database = values.database === 'postgres' ? 'postgres' : 'sqlite';
  if (!(minutes > 0) || !(rate > 0)) throw new Error('--minutes and --rate must be positive numbers');

  const dir = mkdtempSync(join(tmpdir(), 'linli-soak-'));
  const secretKey = randomBytes(32);
  console.log(`preparing a ${database} database with the demo city …`);
  const db = await prepareDatabase(database, dir, secretKey);
  const { child, base } = await startServer({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    LINLI_SEED_DEMO: 'false',
    LINLI_DATA_DIR: dir,
    LINLI_SECRET_KEY: secretKey.toString('hex'),
    DATABASE_URL: db.url,
    LINLI_RATE_LIMIT_LOGINS_PER_MINUTE: '1000000',
    LINLI_RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    LINLI_LOGIN_ATTEMPTS_PER_ADDRESS: '10000',
  });
  const pid = child.pid!;
  console.log(`server ${pid} at ${base}; driving ${rate} requests/s for ${minutes} min`);

  const stats = new Map<string, RouteStats>();
  const statsOf = (route: string) => {
    let s = stats.get(route);
    if (!s) stats.set(route, (s = { latencies: [], errors: 0, unanswered: 0, statuses: {} }));
    return s;
  };
  const errorSamples: string[] = [];

  async function call(route: string, session: Session | null, method: string, path: string, body?: unknown, expect: number[] = [200]): Promise<Response | null> {
    const s = statsOf(route);
    const started = performance.now();
    try {
      const response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          ...(session ? { cookie: session.cookie } : {}),
          ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      s.latencies.push(performance.now() - started);
      s.statuses[response.status] = (s.statuses[response.status] ?? 0) + 1;
      if (!expect.includes(response.status)) {
        s.errors++;
        if (errorSamples.length < 20) errorSamples.push(`${route} ${response.status} ${text.slice(0, 200)}`);
        return null;
      }
      return new Response(text, { status: response.status, headers: response.headers });
    } catch (error) {
      s.errors++;
      s.unanswered++;
      if (errorSamples.length < 20) errorSamples.push(`${route} ${(error as Error).message}`);
      return null;
    }
  }

  async function login(username: string): Promise<Session> {
    const response = await call('POST /auth/login', null, 'POST', '/auth/login', { username, password: PASSWORD });
    if (!response) throw new Error(`login ${username} failed`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  const county = await login('demo-county');
  const worker = await login('demo-worker');
  const admin = await login('demo-admin');
  const resident = await login('demo-resident');
  const village = ((await (await call('GET /auth/me', worker, 'GET', '/auth/me'))!.json()) as { user: { scope: string } }).user.scope;
  const household = await call('POST /households', worker, 'POST', '/households', { areaCode: village, address: '压测组1号' }, [201]);
  const householdId = ((await household!.json()) as { id: string }).id;

  let written = 0;
  const nextPerson = () => {
    written++;
    const day = new Date(Date.UTC(1950, 0, 1) + (written % 20000) * 86_400_000).toISOString().slice(0, 10);
    return {
      householdId,
      name: `压测居民${written}`,
      idNumber: makeIdNumber(COUNTY, day, written % 2 ? 'male' : 'female', Math.floor(written / 20000) * 2 + (written % 2)),
      phone: `139${String(10_000_000 + written).slice(-8)}`,
      relation: 'other',
    };
  };

  // The mix by weight: about a sixth are writes or logins.
  const mix: { weight: number; go: () => Promise<unknown> }[] = [
    { weight: 14, go: () => call('GET /indicators/dashboard', county, 'GET', '/indicators/dashboard') },
    { weight: 12, go: () => call('GET /coverage', county, 'GET', `/coverage?area=${COUNTY}`) },
    { weight: 10, go: () => call('GET /areas/:code', county, 'GET', `/areas/${COUNTY}`) },
    { weight: 10, go: () => call('GET /facilities', county, 'GET', `/facilities?area=${COUNTY}&limit=50`) },
    { weight: 12, go: () => call('GET /persons', worker, 'GET', '/persons?limit=20') },
    { weight: 6, go: () => call('GET /audit', admin, 'GET', '/audit?limit=50') },
    { weight: 5, go: () => call('GET /users', admin, 'GET', '/users') },
    { weight: 10, go: () => call('GET /auth/me', resident, 'GET', '/auth/me') },
    {
      // Facilities change rarely (each change drops the coverage and indicator caches).
      weight: 2,
      go: () =>
        call('POST /facilities', worker, 'POST', '/facilities', {
          areaCode: village,
          name: `压测服务站${++written}`,
          kind: 'comprehensive',
          status: 'operating',
          statusDate: '2025-06-01',
          floorArea: 300,
          activityArea: 200,
        }, [201]),
    },
    { weight: 12, go: () => call('POST /persons', worker, 'POST', '/persons', nextPerson(), [201]) },
    { weight: 3, go: () => call('POST /auth/login', null, 'POST', '/auth/login', { username: 'demo-evaluator', password: PASSWORD }) },
  ];
  const total = mix.reduce((s, m) => s + m.weight, 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const m of mix) if ((r -= m.weight) < 0) return m;
    return mix[0]!;
  };

  const memory: { x: number; y: number }[] = [];
  const started = performance.now();
  const durationMs = minutes * 60_000;
  let sent = 0;
  let dropped = 0;
  let inFlight = 0;
  const cpuAtStart = cpuSeconds(pid) ?? 0;
  const sampler = setInterval(() => {
    const mb = rssMb(pid);
    if (mb !== null) memory.push({ x: (performance.now() - started) / 3_600_000, y: mb });
  }, 5000);
  // The cheapest route once a second, apart from the mix: shows when the server stalls as a whole.
  const probe = setInterval(() => void call('GET /health (probe)', null, 'GET', '/health'), 1000);
  let lastReport = started;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now - started >= durationMs) {
        clearInterval(tick);
        resolve();
        return;
      }
      // Requests due by now at the fixed rate.
      const due = Math.floor(((now - started) / 1000) * rate) - sent - dropped;
      for (let i = 0; i < due; i++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          dropped++;
          continue;
        }
        sent++;
        inFlight++;
        void pick()
          .go()
          .finally(() => inFlight--);
      }
      if (now - lastReport >= 60_000) {
        lastReport = now;
        const errors = [...stats.values()].reduce((s, r) => s + r.errors, 0);
        console.log(`  ${((now - started) / 60_000).toFixed(0)} min: ${sent} sent, ${errors} errors, ${dropped} dropped, server RSS ${rssMb(pid)?.toFixed(0)} MB`);
      }
    }, 20);
  });
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  clearInterval(probe);
  const serverCpu = ((cpuSeconds(pid) ?? 0) - cpuAtStart) / ((performance.now() - started) / 1000);
  const afterWarmup = memory.filter((p) => p.x * 60 >= minutes / 10);
  const fit = slope(afterWarmup);

  child.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  await db.drop();
  rmSync(dir, { recursive: true, force: true });

  const routes: Record<string, { requests: number; errors: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> }> = {};
  console.log(`\n${'route'.padEnd(28)} ${'requests'.padStart(8)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  for (const [route, s] of [...stats.entries()].sort()) {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    routes[route] = { requests: sorted.length + s.unanswered, errors: s.errors, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), statuses: s.statuses };
    console.log(`${route.padEnd(28)} ${String(sorted.length).padStart(8)} ${String(s.errors).padStart(7)} ${routes[route]!.p50Ms.toFixed(1).padStart(8)} ${routes[route]!.p99Ms.toFixed(1).padStart(8)}`);
  }
  const errors = [...stats.values()].reduce((s, r) => s + r.errors, 0);
  const first = memory[0]?.y ?? NaN;
  const last = memory[memory.length - 1]?.y ?? NaN;
  console.log(`\n${sent} requests in ${minutes} min at ${rate}/s (${dropped} not sent: ${MAX_IN_FLIGHT} already in flight); ${errors} errors`);
  for (const e of errorSamples) console.log(`  error: ${e}`);
  console.log(`server RSS ${first.toFixed(0)} → ${last.toFixed(0)} MB; slope after warm-up ${fit.slope.toFixed(1)} MB/hour (R² ${fit.r2.toFixed(2)}, ${afterWarmup.length} samples)`);
  console.log(`server CPU ${(serverCpu * 100).toFixed(0)}% of one core on average; machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
  console.log(`server exit on SIGTERM: ${exitCode}`);
  return {
    database,
    minutes,
    ratePerSecond: rate,
    sent,
    dropped,
    errors,
    errorSamples,
    routes,
    memory: { firstMb: round(first), lastMb: round(last), slopeMbPerHour: round(fit.slope), r2: round(fit.r2), samples: memory.map((p) => [round(p.x * 60), round(p.y)]) },
    serverCpuShare: round(serverCpu * 100) / 100,
    loadAverage: loadavg().map(round),
    cores: cpus().length,
    serverExitCode: exitCode,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
