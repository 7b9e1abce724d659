import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../../src/server/app.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { assertError } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

/**
 * HTTP hardening: helmet's headers (with the content security policy the web app passes) on
 * every answer, and the per-address rate limit on logins and writes, counted in memory or, with
 * LINLI_REDIS_URL, in Redis shared by several processes. scripts/test.mjs sets
 * LINLI_TEST_REDIS_URL when a Redis answers on 127.0.0.1:6379 (CI starts one).
 */
const REDIS_URL = process.env.LINLI_TEST_REDIS_URL;
const STORES = REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);
const LOGINS = 3;
const WRITES = 4;

/** A documentation address (RFC 5737) of its own for each use, so counters never meet. */
const nextAddress = () => `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;

function loginFrom(app: FastifyInstance, address: string, password = 'wrong password') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-admin', password }, remoteAddress: address });
}

for (const dialect of DIALECTS) {
  describe(`security headers (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { seed: 'none' });
    });
    after(() => t?.close());

    test('every answer carries helmet headers and a policy without inline scripts', async () => {
      for (const url of ['/api/v1/health', '/api/v1/no-such-route', '/api/v1/auth/me']) {
        const res = await t.anonymous.get(url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(res.headers['referrer-policy'], 'same-origin', url);
        assert.equal(res.headers['x-frame-options'], 'DENY', url);
        assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
        const csp = String(res.headers['content-security-policy']);
        assert.match(csp, /(^|;)script-src 'self'(;|$)/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.match(csp, /object-src 'none'/, url);
        assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'not on plain HTTP');
        assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS on plain HTTP');
        assert.equal(res.headers['x-powered-by'], undefined);
        assert.equal(res.headers['cache-control'], 'no-store', `${url}: API answers are not stored`);
      }
    });

    test('with HTTPS-only cookies the answers also ask for HTTPS', async () => {
      const app = await buildApp({ ...t.config, secureCookies: true }, t.database.handle);
      try {
        const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
        assert.match(String(res.headers['strict-transport-security']), /^max-age=15552000$/);
        assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
      } finally {
        await app.close();
      }
    });
  });

  for (const store of STORES) {
    describe(`rate limit, ${store} store (${dialect})`, () => {
      let t: TestApp;
      let second: FastifyInstance | null = null;
      // Many wrong passwords for one account here: its lockout is not what is tested.
      const limits = { loginMaxFailures: 100, rateLimitLoginsPerMinute: LOGINS, rateLimitWritesPerMinute: WRITES, redisUrl: store === 'redis' ? REDIS_URL! : null };
      before(async () => {
        t = await startTestApp(dialect, { seed: 'demo', config: limits });
      });
      after(async () => {
        await second?.close();
        await t?.close();
      });

      test('login attempts beyond the limit answer 429 in the error envelope; other addresses and reads go on', async () => {
        const address = nextAddress();
        for (let i = 0; i < LOGINS; i++) assertError(await loginFrom(t.app, address), 401);
        const limited = await loginFrom(t.app, address, 'linli-demo');
        const error = assertError(limited, 429, 'rate_limited');
        assert.match(error.message, /Too many login attempts from this address \(at most 3 a minute\)/);
        const retry = Number(limited.headers['retry-after']);
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${limited.headers['retry-after']}`);
        assert.equal(limited.headers['content-type'], 'application/json; charset=utf-8');
        // Another address logs in; reads from the limited address are not limited.
        assert.equal((await loginFrom(t.app, nextAddress(), 'linli-demo')).statusCode, 200);
        for (let i = 0; i < LOGINS * 3; i++) {
          assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: address })).statusCode, 200);
        }
      });

      test('writes beyond the limit answer 429, counted apart from logins; refused writes count too', async () => {
        const address = nextAddress();
        const login = await loginFrom(t.app, address, 'linli-demo');
        assert.equal(login.statusCode, 200, login.body);
        const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
        const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
        const write = () => t.app.inject({ method: 'POST', url: '/api/v1/facilities', payload: { name: 'x' }, headers, remoteAddress: address });
        for (let i = 0; i < WRITES; i++) assertError(await write(), 400);
        assertError(await write(), 429, 'rate_limited');
        // Reads of the same session go on.
        assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers, remoteAddress: address })).statusCode, 200);
      });

      if (store === 'redis') {
        test('two instances share the counters through Redis', async () => {
          second = await buildApp(t.config, t.database.handle);
          const address = nextAddress();
          assertError(await loginFrom(t.app, address), 401);
          assertError(await loginFrom(second, address), 401);
          assertError(await loginFrom(t.app, address), 401);
          assertError(await loginFrom(second, address), 429, 'rate_limited');
          const redis = new Redis(REDIS_URL!);
          try {
            const keys = await redis.keys(`linli-rate-limit:${address}|login*`);
            assert.equal(keys.length, 1, 'the counter is in Redis');
          } finally {
            redis.disconnect();
          }
        });
      } else {
        test('each instance counts on its own in memory', async () => {
          second = await buildApp(t.config, t.database.handle);
          const address = nextAddress();
          for (let i = 0; i < LOGINS; i++) assertError(await loginFrom(t.app, address), 401);
          assertError(await loginFrom(t.app, address), 429, 'rate_limited');
          assertError(await loginFrom(second, address), 401);
        });
      }
    });
  }

  describe(`graceful shutdown (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { seed: 'none' });
    });
    after(() => t?.close());

    test('linli serve answers, and on SIGTERM closes and exits 0', async () => {
      const child = spawn(process.execPath, ['bin/linli.mjs', 'serve'], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          PORT: '0',
          HOST: '127.0.0.1',
          LINLI_SEED_DEMO: 'false',
          LINLI_DATA_DIR: t.database.dataDir,
          LINLI_SECRET_KEY: t.config.secretKey.toString('hex'),
          DATABASE_URL: dialect === 'postgres' ? t.database.url : `sqlite:${t.database.url}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 120_000);
        child.stdout.on('data', () => {
          const found = /Linli is running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        });
      });
      const health = await fetch(`${url}/api/v1/health`);
      assert.equal(health.status, 200);
      assert.equal(health.headers.get('x-frame-options'), 'DENY');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.match(output, /SIGTERM: shutting down/);
      await assert.rejects(fetch(`${url}/api/v1/health`), 'the port is closed');
    });
  });

  describe(`rate limit with Redis unreachable (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
      t = await startTestApp(dialect, { seed: 'demo', config: { rateLimitLoginsPerMinute: 1, redisUrl: 'redis://127.0.0.1:9' } });
    });
    after(() => t?.close());

    test('requests pass (the account lockout still holds) rather than fail', async () => {
      const address = nextAddress();
      assertError(await loginFrom(t.app, address), 401);
      assertError(await loginFrom(t.app, address), 401);
      assert.equal((await loginFrom(t.app, address, 'linli-demo')).statusCode, 200);
    });
  });
}
