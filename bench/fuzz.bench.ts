/**
 * `npm run bench -- fuzz [--count N] [--seed S]`: the long run of the schema-driven fuzzer
 * (test/support/fuzz.ts; `npm test` runs a 5,000-input sample). N inputs (default 100,000) over
 * every route of the OpenAPI document as an admin on SQLite, in rounds of 5,000 with their own
 * seeds. Reports statuses, the rate, and every broken promise (5xx, an error outside the
 * envelope, a rejected write that changed a row). Baseline in the same run: the rate of
 * GET /api/v1/health through the same client.
 */
import { startTestApp } from '../test/support/app.ts';
import { runFuzz } from '../test/support/fuzz.ts';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const count = option(args, 'count', 100_000);
  const seed = option(args, 'seed', 20261130);
  const round = 5000;
  const t = await startTestApp('sqlite', { seed: 'demo' });
  try {
    const admin = await t.login('demo-admin');
    const baselineStarted = performance.now();
    for (let i = 0; i < 500; i++) await admin.get('/api/v1/health');
    const baselinePerSecond = 500 / ((performance.now() - baselineStarted) / 1000);

    const byStatus: Record<string, number> = {};
    const failures: string[] = [];
    let requests = 0;
    const started = performance.now();
    for (let done = 0, r = 0; done < count && failures.length < 20; done += round, r++) {
      const report = await runFuzz({ app: t.app, client: admin, db: t.database.handle.db, dialect: 'sqlite', count: Math.min(round, count - done), seed: seed + r });
      requests += report.requests;
      for (const [status, n] of Object.entries(report.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
      failures.push(...report.failures);
      const seconds = (performance.now() - started) / 1000;
      console.log(`${requests} inputs in ${seconds.toFixed(0)} s (${(requests / seconds).toFixed(0)}/s), ${failures.length} failures`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`statuses: ${JSON.stringify(byStatus)}`);
    console.log(`fuzz: ${(requests / seconds).toFixed(0)} inputs/s   baseline (health): ${baselinePerSecond.toFixed(0)} requests/s`);
    for (const f of failures) console.log(`FAILURE ${f}`);
    if (failures.length) process.exitCode = 1;
    return { count, seed, requests, seconds: Math.round(seconds), inputsPerSecond: Math.round(requests / seconds), baselineHealthPerSecond: Math.round(baselinePerSecond), byStatus, failures };
  } finally {
    await t.close();
  }
}
