import { createHash, randomBytes } from 'node:crypto';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';

/** The one error shape: `{ error: { code, message, details? }, requestId }` and nothing else. */

function fieldsOf(error: { details?: unknown }): string[] {
  return (((error.details as { problems?: { field: string }[] } | undefined)?.problems) ?? []).map((p) => p.field);
}

function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'linli_session');
  assert.ok(cookie, 'a session cookie is set');
  return cookie.value;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a refused login tells the caller: status, error body without the request id, headers that differ by design. */
function lockedShape(response: LightMyRequestResponse) {
  const { error, requestId, ...rest } = response.json() as { error: unknown; requestId: string };
  assert.equal(typeof requestId, 'string');
  return { status: response.statusCode, error, rest, contentType: response.headers['content-type'], cookies: response.cookies.length };
}

const future = () => new Date(Date.now() + 60 * 60_000).toISOString();

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    /** demo-county's login, made once and inspected by several tests. */
    let countyLogin: LightMyRequestResponse;
    // Every login below comes from an address of its own, so the strict per-address limit
    // (set low for its own test) only bites where a test means it to.
    let addresses = 0;
    const nextAddress = () => `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

    before(async () => {
      // argon2 is slow: one app per dialect, with the lockout and per-address limits set low.
      t = await startTestApp(dialect, { seed: 'demo', config: { loginMaxFailures: 3, loginAttemptsPerAddress: 2 } });
      admin = await t.login('demo-admin');
      countyLogin = await login({ username: 'demo-county', password: 'linli-demo' });
    });
    after(() => t.close());

    const login = (payload: unknown, options: { headers?: Record<string, string>; remoteAddress?: string } = {}) =>
      t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: payload as object,
        headers: options.headers,
        remoteAddress: options.remoteAddress ?? nextAddress(),
      });
    const withCookie = (cookie: string) => t.app.inject({ method: 'GET', url: ME, headers: { cookie: `linli_session=${cookie}` } });
    const sessionRows = (token: string) =>
      t.database.handle.db.selectFrom('sessions').selectAll().where('token_hash', '=', sha256(token)).execute();

    /** A session row made directly, for tests about sessions rather than about logging in. */
    async function openSession(username: string): Promise<{ token: string; csrfToken: string }> {
      const { db } = t.database.handle;
      const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      await db
        .insertInto('sessions')
        .values({
          token_hash: sha256(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: new Date().toISOString(),
          expires_at: future(),
          address: null,
          user_agent: null,
        })
        .execute();
      return { token, csrfToken };
    }

    test('login sets an httpOnly, SameSite=Strict session cookie and returns the CSRF token and the user', async () => {
      assert.equal(countyLogin.statusCode, 200, countyLogin.body);
      const cookie = countyLogin.cookies.find((c) => c.name === 'linli_session');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.ok(cookie.value.length >= 32);
      assert.match(String(countyLogin.headers['set-cookie']), /HttpOnly/);
      assert.match(String(countyLogin.headers['set-cookie']), /SameSite=Strict/);
      const body = countyLogin.json();
      assert.equal(typeof body.csrfToken, 'string');
      assert.ok(body.csrfToken.length >= 16);
      assert.notEqual(body.csrfToken, cookie.value);
      assert.equal(body.user.username, 'demo-county');
      assert.equal(body.user.role, 'official');
      assert.equal(body.user.scope, '340828');
      assert.ok(Date.parse(body.expiresAt) > Date.now());
      assert.ok(!JSON.stringify(body).includes('argon2'), 'no password hash in the answer');

      const me = await withCookie(cookie.value);
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().user.username, 'demo-county');
      assert.equal(me.json().csrfToken, body.csrfToken);
    });

    test('the session token is stored only as its hash', async () => {
      const raw = sessionCookieOf(countyLogin);
      const rows = await t.database.handle.db.selectFrom('sessions').selectAll().execute();
      assert.ok(rows.length >= 2);
      for (const row of rows) {
        for (const value of Object.values(row)) assert.notEqual(value, raw, 'no column holds the raw session token');
      }
      assert.equal(rows.filter((r) => r.token_hash === sha256(raw)).length, 1);
    });

    test('a wrong password and an unknown user both answer 401 invalid_credentials, alike', async () => {
      const before = await t.database.handle.db.selectFrom('sessions').select('token_hash').execute();
      const wrong = await login({ username: 'demo-city', password: 'not-the-password' });
      const wrongError = assertError(wrong, 401, 'invalid_credentials');
      assert.equal(wrong.cookies.find((c) => c.name === 'linli_session'), undefined);
      const unknown = await login({ username: 'nobody-here', password: 'linli-demo' });
      const unknownError = assertError(unknown, 401, 'invalid_credentials');
      assert.equal(unknownError.message, wrongError.message);
      const afterwards = await t.database.handle.db.selectFrom('sessions').select('token_hash').execute();
      assert.equal(afterwards.length, before.length, 'a failed login opens no session');
    });

    test('usernames are case-insensitive at login', async () => {
      const response = await login({ username: 'DEMO-City', password: 'linli-demo' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().user.username, 'demo-city');
      assertError(await login({ username: 'DEMO-City', password: 'LINLI-DEMO' }), 401, 'invalid_credentials');
    });

    test('logout ends the session: the same cookie is then refused', async () => {
      const raw = sessionCookieOf(countyLogin);
      const csrfToken = countyLogin.json().csrfToken as string;
      assert.equal((await withCookie(raw)).statusCode, 200);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: `linli_session=${raw}`, 'x-csrf-token': csrfToken },
      });
      assert.equal(response.statusCode, 204, response.body);
      const cleared = response.cookies.find((c) => c.name === 'linli_session');
      assert.ok(cleared, 'logout clears the cookie');
      assert.equal(cleared.value, '');
      assertError(await withCookie(raw), 401, 'unauthenticated');
      assert.equal((await sessionRows(raw)).length, 0);
    });

    test('an expired session is refused', async () => {
      const { token, csrfToken } = await openSession('demo-resident');
      assert.equal((await withCookie(token)).statusCode, 200);
      const updated = await t.database.handle.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
        .where('token_hash', '=', sha256(token))
        .executeTakeFirst();
      assert.equal(Number(updated.numUpdatedRows), 1);
      assertError(await withCookie(token), 401, 'unauthenticated');
      // Nor does a write get through on it, token or not.
      const write = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/any',
        payload: { version: 1, displayName: 'x' },
        headers: { cookie: `linli_session=${token}`, 'x-csrf-token': csrfToken },
      });
      assertError(write, 401, 'unauthenticated');
      assert.equal((await sessionRows(token)).length, 0, 'the expired row is gone');
    });

    test('GET /auth/me without a valid session answers 401', async () => {
      assertError(await t.anonymous.get(ME), 401, 'unauthenticated');
      assertError(await withCookie('not-a-session-token'), 401, 'unauthenticated');
      assertError(await withCookie('x'.repeat(500)), 401, 'unauthenticated');
    });

    test('a write without the right x-csrf-token is refused and changes nothing', async () => {
      const newUser = { username: 'csrf-victim', displayName: 'CSRF', password: 'long-enough-1', role: 'resident', scope: '340828' };
      const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: newUser, headers: { cookie: admin.cookie! } });
      assertError(noToken, 403, 'csrf_token_invalid');
      const wrongToken = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: newUser,
        headers: { cookie: admin.cookie!, 'x-csrf-token': 'A'.repeat(admin.csrfToken!.length) },
      });
      assertError(wrongToken, 403, 'csrf_token_invalid');
      const rows = await t.database.handle.db.selectFrom('users').select('id').where('username', '=', 'csrf-victim').execute();
      assert.equal(rows.length, 0);

      // Logging out is a write too: without the token the session survives.
      const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: admin.cookie! } });
      assertError(logout, 403, 'csrf_token_invalid');
      assert.equal((await admin.get(ME)).statusCode, 200);
    });

    test('a write from a foreign Origin is refused even with a valid token, and changes nothing', async () => {
      const newUser = { username: 'cross-site', displayName: 'X', password: 'long-enough-1', role: 'resident', scope: '340828' };
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        const response = await admin.request({ method: 'POST', url: '/api/v1/users', payload: newUser, headers: { origin } });
        assertError(response, 403, 'cross_origin');
      }
      const rows = await t.database.handle.db.selectFrom('users').select('id').where('username', '=', 'cross-site').execute();
      assert.equal(rows.length, 0);
      const foreignLogin = await login({ username: 'demo-admin', password: 'linli-demo' }, { headers: { origin: 'https://evil.example' } });
      assertError(foreignLogin, 403, 'cross_origin');
    });

    test('a write from the same Origin is accepted', async () => {
      const list = await admin.get('/api/v1/users?q=demo-worker');
      const worker = list.json().items[0];
      assert.equal(worker.username, 'demo-worker');
      const response = await admin.request({
        method: 'PATCH',
        url: `/api/v1/users/${worker.id}`,
        payload: { version: worker.version, displayName: '村社区工作者（同源）' },
        headers: { host: 'linli.example', origin: 'https://linli.example' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().displayName, '村社区工作者（同源）');
    });

    test('an unknown field on login answers 400 validation_failed naming the field', async () => {
      const response = await login({ username: 'demo-admin', password: 'linli-demo', remember: true });
      const error = assertError(response, 400, 'validation_failed');
      assert.deepEqual(fieldsOf(error), ['remember']);
      assert.match(error.message, /remember/);
      assert.equal(response.cookies.find((c) => c.name === 'linli_session'), undefined);
    });

    test('a missing field on login answers 400 naming it', async () => {
      const error = assertError(await login({ username: 'demo-admin' }), 400, 'validation_failed');
      assert.deepEqual(fieldsOf(error), ['password']);
    });

    test('malformed JSON answers 400 malformed_json', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: '{"username": "demo-admin", "password": ',
        headers: { 'content-type': 'application/json' },
      });
      assertError(response, 400, 'malformed_json');
    });

    test('odd requests answer 4xx in the one error shape, never 500', async () => {
      const json = { 'content-type': 'application/json' };
      const odd: { method?: 'POST' | 'GET'; url?: string; payload?: string; headers?: Record<string, string> }[] = [
        { payload: '', headers: json },
        { payload: 'null', headers: json },
        { payload: '[]', headers: json },
        { payload: '"text"', headers: json },
        { payload: '{"username": {}, "password": []}', headers: json },
        { payload: '{"username": "", "password": ""}', headers: json },
        { payload: JSON.stringify({ username: 'a'.repeat(65), password: 'x' }), headers: json },
        { payload: JSON.stringify({ username: 'demo-admin\u0000', password: 'linli-demo' }), headers: json },
        { payload: '['.repeat(100_000) + ']'.repeat(100_000), headers: json },
        { payload: 'username=demo-admin&password=linli-demo', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        { payload: '{"username":"demo-admin","password":"linli-demo"}', headers: { 'content-type': 'text/plain' } },
        { method: 'GET', url: ME, headers: { cookie: 'linli_session=%E0%A4%A' } },
        { method: 'GET', url: '/api/v1/users?limit=abc', headers: { cookie: admin.cookie! } },
        { method: 'GET', url: '/api/v1/users/not-a-user', headers: { cookie: admin.cookie! } },
      ];
      for (const request of odd) {
        const response = await t.app.inject({
          method: request.method ?? 'POST',
          url: request.url ?? LOGIN,
          payload: request.payload,
          headers: request.headers,
          remoteAddress: nextAddress(),
        });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${JSON.stringify(request)} → ${response.statusCode} ${response.body}`);
        assertError(response, response.statusCode, response.json().error.code);
      }
    });

    describe('login limits', () => {
      test('after loginMaxFailures wrong passwords the account is locked, even for the right password', async () => {
        assert.equal(t.config.loginMaxFailures, 3);
        // From three addresses: the lock belongs to the account, not to an address.
        for (const password of ['wrong-1', 'wrong-2', 'wrong-3']) {
          assertError(await login({ username: 'demo-org', password }), 401, 'invalid_credentials');
        }
        const locked = await login({ username: 'demo-org', password: 'linli-demo' });
        // Answered exactly as an unknown username is: nobody learns the account exists or is locked.
        const unknown = await login({ username: 'demo-nobody', password: 'linli-demo' });
        assert.equal(locked.statusCode, unknown.statusCode);
        assert.deepEqual(lockedShape(locked), lockedShape(unknown));
        assertError(locked, 401, 'invalid_credentials');
        assert.equal(locked.headers['retry-after'], undefined);
        assert.equal(locked.cookies.find((c) => c.name === 'linli_session'), undefined);
        const audited = await t.database.handle.db
          .selectFrom('audit_log')
          .select('details')
          .where('action', '=', 'auth.login')
          .where('username', '=', 'demo-org')
          .where('outcome', '=', 'denied')
          .execute();
        assert.ok(audited.some((a) => JSON.parse(a.details!).reason === 'locked_after_failures'), 'the audit log keeps the reason');
        const row = await t.database.handle.db.selectFrom('users').selectAll().where('username', '=', 'demo-org').executeTakeFirstOrThrow();
        assert.ok(row.locked_until && Date.parse(row.locked_until) > Date.now());
      });

      test('fewer failures than the limit do not lock, and a success resets the count', async () => {
        const { db } = t.database.handle;
        const failures = async () =>
          (await db.selectFrom('users').select('failed_logins').where('username', '=', 'demo-social').executeTakeFirstOrThrow()).failed_logins;
        assert.equal(await failures(), 0);
        assertError(await login({ username: 'demo-social', password: 'wrong-1' }), 401, 'invalid_credentials');
        assert.equal(await failures(), 1);
        assert.equal((await login({ username: 'demo-social', password: 'linli-demo' })).statusCode, 200);
        const row = await db.selectFrom('users').selectAll().where('username', '=', 'demo-social').executeTakeFirstOrThrow();
        assert.equal(row.failed_logins, 0);
        assert.equal(row.locked_until, null);
      });

      test('too many attempts from one address answer 429 with retry-after; other addresses go on', async () => {
        assert.equal(t.config.loginAttemptsPerAddress, 2);
        // A locked account answers as an unknown username does, and counts against the address alike.
        const evaluator = (await admin.get('/api/v1/users?q=demo-evaluator')).json().items[0];
        assert.equal((await admin.post(`/api/v1/users/${evaluator.id}/lock`)).statusCode, 200);
        const address = '192.0.2.1';
        for (let i = 0; i < 2; i++) {
          assertError(await login({ username: 'demo-evaluator', password: 'linli-demo' }, { remoteAddress: address }), 401, 'invalid_credentials');
        }
        const limited = await login({ username: 'demo-evaluator', password: 'linli-demo' }, { remoteAddress: address });
        assertError(limited, 429, 'rate_limited');
        const retryAfter = Number(limited.headers['retry-after']);
        assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `retry-after ${limited.headers['retry-after']}`);
        assert.ok(retryAfter <= t.config.loginWindowMinutes * 60);
        // The limit holds whatever the account, and it is the address's alone.
        assertError(await login({ username: 'nobody', password: 'x' }, { remoteAddress: address }), 429, 'rate_limited');
        const lockedByAdmin = await login({ username: 'demo-evaluator', password: 'linli-demo' }, { remoteAddress: '192.0.2.2' });
        const unknown = await login({ username: 'demo-evaluatorx', password: 'linli-demo' }, { remoteAddress: '192.0.2.3' });
        assertError(lockedByAdmin, 401, 'invalid_credentials');
        assert.deepEqual(lockedShape(lockedByAdmin), lockedShape(unknown));
      });
    });

    describe('in production (NODE_ENV=production)', () => {
      let production: TestApp;
      before(async () => {
        // A database that holds the demo accounts, served as production: they must not open.
        production = await startTestApp(dialect, { seed: 'demo', config: { production: true, seedDemo: false } });
      });
      after(() => production.close());

      test('demo accounts cannot log in, answered as an unknown username is, and are not advertised', async () => {
        const demo = await production.app.inject({ method: 'POST', url: LOGIN, payload: { username: 'demo-admin', password: 'linli-demo' } });
        const unknown = await production.app.inject({ method: 'POST', url: LOGIN, payload: { username: 'demo-nobody', password: 'linli-demo' } });
        assertError(demo, 401, 'invalid_credentials');
        assert.deepEqual(lockedShape(demo), lockedShape(unknown));
        const advertised = await production.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' });
        assert.equal(advertised.statusCode, 200);
        assert.deepEqual(advertised.json(), { accounts: [], password: null });
        const audit = await production.database.handle.db.selectFrom('audit_log').select('details').where('username', '=', 'demo-admin').execute();
        assert.ok(audit.some((a) => JSON.parse(a.details!).reason === 'demo_account_in_production'));
        // The same accounts open outside production (the first app of this file).
        assert.equal((await login({ username: 'demo-admin', password: 'linli-demo' })).statusCode, 200);
      });
    });
  });
}
