/**
 * `npm run bench -- login [--rounds N]`: how long a refused login takes, by reason. A locked
 * account must not answer faster than an unknown username or a wrong password, or the time tells
 * which accounts exist (finding 6 of issue 12: 3 ms locked against 200 ms unknown). Baseline in
 * the same run: the wrong-password path, which always costs one argon2 verification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/seed/demo.ts';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rounds = option(args, 'rounds', 15);
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-login-'));
  const handle = createDatabase('sqlite', join(dir, 'linli.sqlite'));
  try {
    await migrateToLatest(handle.db);
    const secretKey = randomBytes(32);
    await seedDemo(handle, { secretKey });
    // Limits high enough that the bench itself neither trips the address limit nor unlocks anyone.
    const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, databaseUrl: `sqlite:${join(dir, 'linli.sqlite')}`, secretKey, loginAttemptsPerAddress: 10_000, loginMaxFailures: 3 });
    const app = await buildApp(config, handle);
    await app.ready();
    const login = (username: string, password: string, i: number) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: `10.9.${Math.floor(i / 250)}.${i % 250}` });
    // demo-org locked after failures, demo-evaluator locked by an admin.
    for (let i = 0; i < 3; i++) await login('demo-org', `wrong-${i}`, i);
    await handle.db.updateTable('users').set({ locked: true }).where('username', '=', 'demo-evaluator').execute();
    const cases: Record<string, [string, string]> = {
      wrongPassword: ['demo-city', 'not-the-password'],
      unknownUsername: ['nobody-at-all', 'not-the-password'],
      lockedAfterFailures: ['demo-org', 'linli-demo'],
      lockedByAdmin: ['demo-evaluator', 'linli-demo'],
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    let n = 100;
    for (let r = 0; r < rounds; r++) {
      // Interleaved, so load on the machine falls on every case alike.
      for (const [name, [username, password]] of Object.entries(cases)) {
        const started = performance.now();
        const response = await login(username, password, n++);
        times[name]!.push(performance.now() - started);
        if (response.statusCode !== 401) throw new Error(`${name}: ${response.statusCode} ${response.body}`);
      }
    }
    await app.close();
    const baseline = median(times.wrongPassword!);
    const result: Record<string, unknown> = { rounds, medianMs: {}, ratioToWrongPassword: {} };
    console.log(`refused logins, median of ${rounds} (ms); baseline: wrong password`);
    for (const name of Object.keys(cases)) {
      const m = median(times[name]!);
      (result.medianMs as Record<string, number>)[name] = Math.round(m * 10) / 10;
      (result.ratioToWrongPassword as Record<string, number>)[name] = Math.round((m / baseline) * 100) / 100;
      console.log(`  ${name.padEnd(20)} ${m.toFixed(1).padStart(8)}   ×${(m / baseline).toFixed(2)}`);
    }
    return result;
  } finally {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
