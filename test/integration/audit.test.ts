import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { createUserAsSystem } from '../../src/server/modules/accounts/accounts.service.ts';

const AUDIT = '/api/v1/audit';

interface Entry {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  areaCode: string;
  targetType: string | null;
  targetId: string | null;
  address: string | null;
  details: Record<string, unknown> | null;
}

interface AuditPage {
  items: Entry[];
  total: number;
  nextCursor: string | null;
}

/** The one error shape: `{ error: { code, message, details? }, requestId }` and nothing else. */

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    const ids: Record<string, string> = {};
    let createdUserId: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      const { db } = t.database.handle;
      for (const row of await db.selectFrom('users').select(['id', 'username']).execute()) ids[row.username] = row.id;

      // The events the tests look for: a login, a failed login, a refusal and a user creation.
      admin = await t.login('demo-admin');
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'demo-city', password: 'wrong-password' },
      });
      assert.equal(failed.statusCode, 401);
      county = await t.login('demo-county');
      assertError(await county.get('/api/v1/areas/3408'), 403, 'forbidden');
      const created = await admin.post('/api/v1/users', {
        username: 'audited-user',
        displayName: '被审计的用户',
        password: 'audited-password',
        role: 'resident',
        scope: '340828',
      });
      assert.equal(created.statusCode, 201, created.body);
      createdUserId = created.json().id;
    });
    after(() => t.close());

    async function page(client: Client, query = ''): Promise<AuditPage> {
      const response = await client.get(`${AUDIT}?limit=500${query ? `&${query}` : ''}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    }

    test('admin sees the login, the failed login, the refusal and the user creation', async () => {
      const response = await admin.get(`${AUDIT}?limit=500`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as AuditPage;
      assert.deepEqual(Object.keys(body).sort(), ['items', 'nextCursor', 'total']);
      assert.equal(body.total, body.items.length);
      assert.equal(body.nextCursor, null);
      const { items } = body;

      const login = items.find((e) => e.action === 'auth.login' && e.userId === ids['demo-admin']);
      assert.ok(login, 'demo-admin’s login');
      assert.equal(login.outcome, 'ok');
      assert.equal(login.username, 'demo-admin');
      assert.equal(login.areaCode, '3408');

      const failed = items.find((e) => e.action === 'auth.login' && e.outcome === 'failed');
      assert.ok(failed, 'the failed login');
      assert.equal(failed.userId, ids['demo-city']);
      assert.equal(failed.username, 'demo-city');
      assert.equal(failed.areaCode, '3408');
      assert.equal(failed.details?.reason, 'wrong_password');

      const refused = items.find((e) => e.action === 'access.refused');
      assert.ok(refused, 'the refusal');
      assert.equal(refused.outcome, 'denied');
      assert.equal(refused.areaCode, '3408');
      assert.equal(refused.userId, ids['demo-county']);
      assert.equal(refused.details?.code, 'forbidden');
      assert.match(String(refused.details?.path), /\/areas\/3408$/);

      const creation = items.find((e) => e.action === 'user.create');
      assert.ok(creation, 'the user creation');
      assert.equal(creation.outcome, 'ok');
      assert.equal(creation.userId, ids['demo-admin']);
      assert.equal(creation.areaCode, '340828');
      assert.equal(creation.targetType, 'user');
      assert.equal(creation.targetId, createdUserId);
      assert.equal(creation.details?.username, 'audited-user');

      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.at >= items[i]!.at, 'newest first');
      for (const entry of items) assert.ok(entry.areaCode.startsWith('3408'), `${entry.action} ${entry.areaCode}`);
      for (const secret of ['linli-demo', 'wrong-password', 'audited-password', 'argon2']) {
        assert.ok(!response.body.includes(secret), `the log holds no ${secret}`);
      }
    });

    test('filters by action, outcome and user narrow the list', async () => {
      const all = await page(admin);

      const logins = await page(admin, 'action=auth.login');
      assert.ok(logins.items.length >= 3);
      assert.ok(logins.total < all.total);
      assert.ok(logins.items.every((e) => e.action === 'auth.login'));
      assert.deepEqual([...new Set(logins.items.map((e) => e.outcome))].sort(), ['failed', 'ok']);

      const failures = await page(admin, 'outcome=failed');
      assert.ok(failures.items.length >= 1);
      assert.ok(failures.items.every((e) => e.outcome === 'failed'));
      assert.ok(failures.items.some((e) => e.username === 'demo-city'));

      const refusals = await page(admin, 'action=access.refused&outcome=denied');
      assert.ok(refusals.items.length >= 1);
      assert.ok(refusals.items.every((e) => e.action === 'access.refused' && e.outcome === 'denied'));
      assert.equal((await page(admin, 'action=access.refused&outcome=ok')).total, 0);

      const byCounty = await page(admin, `userId=${ids['demo-county']}`);
      assert.ok(byCounty.items.every((e) => e.userId === ids['demo-county']));
      assert.deepEqual([...new Set(byCounty.items.map((e) => e.action))].sort(), ['access.refused', 'auth.login']);

      const none = await page(admin, 'action=no.such.action');
      assert.deepEqual(none, { items: [], total: 0, nextCursor: null });
    });

    test('from and to split the log at a moment: from includes it, to excludes it', async () => {
      const all = await page(admin);
      const creation = all.items.find((e) => e.action === 'user.create')!;
      const pivot = encodeURIComponent(creation.at);
      const from = await page(admin, `from=${pivot}`);
      const to = await page(admin, `to=${pivot}`);
      assert.ok(from.items.every((e) => e.at >= creation.at));
      assert.ok(from.items.some((e) => e.id === creation.id));
      assert.ok(to.items.every((e) => e.at < creation.at));
      assert.ok(!to.items.some((e) => e.id === creation.id));
      assert.ok(to.items.some((e) => e.action === 'auth.login' && e.userId === ids['demo-admin']), 'the first login came before');
      assert.equal(from.total + to.total, all.total);

      const both = await page(admin, `from=${encodeURIComponent(to.items.at(-1)!.at)}&to=${pivot}`);
      assert.ok(both.items.every((e) => e.at >= to.items.at(-1)!.at && e.at < creation.at));
      assert.equal((await page(admin, `from=${pivot}&to=${pivot}`)).total, 0);
      // Another way of writing the same moment means the same moment.
      const offset = new Date(Date.parse(creation.at)).toISOString().replace('Z', '+00:00');
      assert.equal((await page(admin, `from=${encodeURIComponent(offset)}`)).total, from.total);
    });

    test('paging with the cursor gives disjoint pages, newest first, that cover the log', async () => {
      const all = (await page(admin)).items.map((e) => e.id);
      assert.ok(all.length >= 5);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await admin.get(`${AUDIT}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as AuditPage;
        assert.ok(body.items.length <= 2);
        assert.equal(body.total, all.length);
        for (const entry of body.items) {
          assert.ok(!seen.includes(entry.id), 'each entry on one page only');
          seen.push(entry.id);
        }
        cursor = body.nextCursor;
        assert.ok(++pages <= all.length + 1, 'paging ends');
      } while (cursor);
      assert.deepEqual(seen, all);
    });

    test('a cursor that this API did not give out is 400', async () => {
      for (const cursor of [
        'not base64!',
        cursorOf(null),
        cursorOf([1, 2]),
        cursorOf(['yesterday', '01a223e9-e3fe-7660-ab28-9aae82b9d20a']),
        cursorOf(['+275760-09-13T00:00:00.000Z', '01a223e9-e3fe-7660-ab28-9aae82b9d20a']),
        cursorOf([new Date().toISOString(), "x' or 1=1 --"]),
        cursorOf([new Date().toISOString(), '\u0000']),
      ]) {
        assertFieldNamed(await admin.get(`${AUDIT}?cursor=${encodeURIComponent(cursor)}`), 'cursor');
      }
    });

    test('bad filters are 400 naming the field', async () => {
      assertFieldNamed(await admin.get(`${AUDIT}?from=not-a-date`), 'from');
      assertFieldNamed(await admin.get(`${AUDIT}?to=2026-13-45`), 'to');
      // Dates JavaScript accepts but the databases cannot compare.
      assertFieldNamed(await admin.get(`${AUDIT}?from=${encodeURIComponent('+275760-09-13T00:00:00Z')}`), 'from');
      assertFieldNamed(await admin.get(`${AUDIT}?to=${encodeURIComponent('-000001-01-01T00:00:00Z')}`), 'to');
      assertFieldNamed(await admin.get(`${AUDIT}?outcome=maybe`), 'outcome');
      assertFieldNamed(await admin.get(`${AUDIT}?action=%00`), 'action');
      assertFieldNamed(await admin.get(`${AUDIT}?userId=a%00b`), 'userId');
      assertFieldNamed(await admin.get(`${AUDIT}?sort=asc`), 'sort');
      assertFieldNamed(await admin.get(`${AUDIT}?limit=0`), 'limit');
    });

    test('the area filter narrows within scope; an invalid area is 400, one outside the scope 403', async () => {
      const countyOnly = await page(admin, 'area=340828');
      assert.ok(countyOnly.items.length >= 1);
      assert.ok(countyOnly.items.every((e) => e.areaCode.startsWith('340828')));
      assert.ok(countyOnly.items.some((e) => e.action === 'user.create' && e.targetId === createdUserId));
      assert.ok(!countyOnly.items.some((e) => e.areaCode === '3408'));

      assertFieldNamed(await admin.get(`${AUDIT}?area=abc`), 'area');
      assertFieldNamed(await admin.get(`${AUDIT}?area=340`), 'area');
      assertError(await admin.get(`${AUDIT}?area=34`), 403, 'forbidden');
      assertError(await admin.get(`${AUDIT}?area=3401`), 403, 'forbidden');
    });

    test('a non-admin is refused, and the refusal is itself logged', async () => {
      assertError(await county.get(AUDIT), 403, 'forbidden');
      const refusals = await page(admin, `action=access.refused&userId=${ids['demo-county']}`);
      assert.ok(refusals.items.some((e) => String(e.details?.path).startsWith('/api/v1/audit')));
    });

    describe('a county admin', () => {
      let countyAdmin: Client;
      let countyAdminId: string;

      before(async () => {
        const created = await admin.post('/api/v1/users', {
          username: 'audit-county-admin',
          displayName: '岳西县审计管理员',
          password: 'county-admin-pass',
          role: 'admin',
          scope: '340828',
        });
        assert.equal(created.statusCode, 201, created.body);
        countyAdminId = created.json().id;
        countyAdmin = await t.login('audit-county-admin', 'county-admin-pass');
      });

      test('sees the entries of its county and none of the city’s', async () => {
        const { items, total } = await page(countyAdmin);
        assert.equal(total, items.length);
        assert.ok(items.every((e) => e.areaCode.startsWith('340828')), JSON.stringify(items.map((e) => e.areaCode)));
        assert.ok(items.some((e) => e.action === 'auth.login' && e.userId === countyAdminId), 'its own login');
        assert.ok(items.some((e) => e.action === 'auth.login' && e.userId === ids['demo-county']), 'the county official’s login');
        assert.ok(items.some((e) => e.action === 'user.create' && e.targetId === createdUserId));
        assert.ok(!items.some((e) => e.userId === ids['demo-admin'] && e.action === 'auth.login'), 'not the city admin’s login');
        assert.ok(!items.some((e) => e.action === 'access.refused' && e.areaCode === '3408'), 'not the refusal about the city');
        assert.ok(!items.some((e) => e.username === 'demo-city'), 'not the city official’s failed login');
      });

      test('is refused the city’s log, and the city admin sees that refusal', async () => {
        assertError(await countyAdmin.get(`${AUDIT}?area=3408`), 403, 'forbidden');
        assertError(await countyAdmin.get(`${AUDIT}?area=34`), 403, 'forbidden');
        const narrowed = await page(countyAdmin, 'area=340828100');
        assert.ok(narrowed.items.every((e) => e.areaCode.startsWith('340828100')));
        const seenByCity = await page(admin, `action=access.refused&userId=${countyAdminId}`);
        assert.ok(seenByCity.items.some((e) => e.areaCode === '3408' && e.outcome === 'denied'));
        assert.equal((await page(countyAdmin, `action=access.refused&userId=${countyAdminId}`)).total, 0, 'those refusals are about the city');
      });
    });

    describe('the security log', () => {
      let provinceAdmin: Client;

      before(async () => {
        // The widest scope an account can have: created by the system (`linli users add`), as no admin can grant it.
        await createUserAsSystem(t.database.handle.db, { username: 'province-admin', displayName: '省级管理员', password: 'quiet-river-lantern', role: 'admin', scope: '34' });
        provinceAdmin = await t.login('province-admin', 'quiet-river-lantern');
        for (const username of ['no-such-user', 'Nobody.Here']) {
          const failed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'guessed-password' } });
          assertError(failed, 401, 'invalid_credentials');
        }
      });

      test('failed logins of unknown usernames reach it, newest first, for a province-wide admin', async () => {
        const response = await provinceAdmin.get(`${AUDIT}/security?limit=50`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as AuditPage;
        const unknown = body.items.filter((e) => e.action === 'auth.login' && e.outcome === 'failed');
        assert.deepEqual(unknown.slice(0, 2).map((e) => e.username), ['Nobody.Here', 'no-such-user']);
        assert.ok(unknown.every((e) => e.userId === null && e.areaCode === '' && e.details?.reason === 'unknown_user'));
        assert.ok(body.items.every((e) => e.areaCode === ''), 'only entries tied to no area');
        assert.ok(!body.items.some((e) => e.username === 'demo-city'), 'a known account’s failure stays in its area’s log');
        const filtered = (await provinceAdmin.get(`${AUDIT}/security?outcome=ok`)).json() as AuditPage;
        assert.equal(filtered.total, 0);
      });

      test('the area log does not show those entries, and narrower admins and other roles are refused', async () => {
        const areaLog = await page(admin);
        assert.ok(!areaLog.items.some((e) => e.username === 'no-such-user'), 'not in a city admin’s log');
        assertError(await admin.get(`${AUDIT}/security`), 403, 'forbidden');
        assertError(await county.get(`${AUDIT}/security`), 403, 'forbidden');
        assertError(await t.anonymous.get(`${AUDIT}/security`), 401);
      });
    });
  });
}
