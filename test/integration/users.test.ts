import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const USERS = '/api/v1/users';
const ME = '/api/v1/auth/me';
const VILLAGE = '340828100200';

interface ApiUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  scope: string;
  scopeName: string | null;
  locked: boolean;
  version: number;
}

/** The one error shape: `{ error: { code, message, details? }, requestId }` and nothing else. */

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
    });
    after(() => t.close());

    const userRow = (username: string) => t.database.handle.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    const sessionCount = async (userId: string) =>
      (await t.database.handle.db.selectFrom('sessions').select('token_hash').where('user_id', '=', userId).execute()).length;
    const login = (username: string, password = 'linli-demo') =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

    /**
     * A user row made directly, for tests about managing users rather than creating them.
     * It borrows a demo account's password hash, so it logs in with the demo password without
     * another slow argon2 hash.
     */
    async function insertUser(username: string, role: string, scope: string): Promise<string> {
      const { db } = t.database.handle;
      const demo = (await userRow('demo-resident'))!;
      const id = uuidv7();
      const now = new Date().toISOString();
      await db
        .insertInto('users')
        .values({
          id,
          username,
          display_name: username,
          password_hash: demo.password_hash,
          role,
          scope_code: scope,
          locked: false,
          failed_logins: 0,
          locked_until: null,
          last_login_at: null,
          demo: false,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    }

    async function getUser(client: Client, id: string): Promise<ApiUser> {
      const response = await client.get(`${USERS}/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    }

    describe('listing', () => {
      before(async () => {
        // Above the admin's scope: it must never show up in the admin's list.
        await insertUser('province-official', 'official', '34');
      });

      test('demo-admin lists the users of its scope in the page envelope', async () => {
        const response = await admin.get(`${USERS}?limit=500`);
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json();
        assert.deepEqual(Object.keys(page).sort(), ['items', 'nextCursor', 'total']);
        assert.equal(page.nextCursor, null);
        assert.equal(page.total, page.items.length);
        const usernames = page.items.map((u: ApiUser) => u.username);
        const demo = ['demo-admin', 'demo-city', 'demo-county', 'demo-worker', 'demo-resident', 'demo-social', 'demo-agent', 'demo-org', 'demo-evaluator'];
        for (const name of demo) assert.ok(usernames.includes(name), `${name} is listed`);
        assert.ok(!usernames.includes('province-official'), 'a user above the scope is not listed');
        for (const user of page.items as ApiUser[]) assert.ok(user.scope.startsWith('3408'), `${user.username} ${user.scope}`);
        assert.ok(!response.body.includes('argon2'), 'no password hash leaves the API');
        assert.deepEqual(usernames, [...usernames].sort(), 'ordered by username');
      });

      test('paging with limit=2 and the cursor gives disjoint pages that cover the list', async () => {
        const all = (await admin.get(`${USERS}?limit=500`)).json().items.map((u: ApiUser) => u.id) as string[];
        assert.ok(all.length > 4);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const response = await admin.get(`${USERS}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.equal(response.statusCode, 200, response.body);
          const page = response.json();
          assert.ok(page.items.length <= 2);
          assert.equal(page.total, all.length);
          for (const user of page.items as ApiUser[]) {
            assert.ok(!seen.includes(user.id), `${user.username} appears on one page only`);
            seen.push(user.id);
          }
          cursor = page.nextCursor;
          pages++;
          assert.ok(pages <= all.length + 1, 'paging ends');
        } while (cursor);
        assert.deepEqual(seen, all);
        assert.ok(pages >= Math.ceil(all.length / 2));
      });

      test('filters by role and by area narrow the list', async () => {
        const officials = (await admin.get(`${USERS}?role=official`)).json();
        assert.deepEqual(officials.items.map((u: ApiUser) => u.username).sort(), ['demo-city', 'demo-county']);
        const village = (await admin.get(`${USERS}?area=${VILLAGE}`)).json();
        // demo-parent works away in the city; their account belongs to the home village, where their child is in care.
        assert.deepEqual(village.items.map((u: ApiUser) => u.username).sort(), ['demo-parent', 'demo-resident', 'demo-worker']);
        assertError(await admin.get(`${USERS}?area=34`), 403, 'forbidden');
      });

      test('the search finds the same users on both engines, whatever the case and wildcards', async () => {
        await insertUser('with_underscore', 'resident', VILLAGE);
        await insertUser('withXunderscore', 'resident', VILLAGE);
        const search = async (q: string) =>
          ((await admin.get(`${USERS}?q=${encodeURIComponent(q)}`)).json().items as ApiUser[]).map((u) => u.username).sort();
        assert.deepEqual(await search('h_u'), ['with_underscore'], 'an underscore is a character, not a wildcard');
        assert.deepEqual(await search('%'), []);
        assert.deepEqual(await search('DEMO-CITY'), ['demo-city']);
        assert.deepEqual(await search('WITH'), ['withXunderscore', 'with_underscore']);
        assert.deepEqual(await search('民政局'), ['demo-city', 'demo-county'], 'display names are searched too');
      });

      test('a cursor this API did not give out is 400', async () => {
        assertFieldNamed(await admin.get(`${USERS}?cursor=${Buffer.from('\u0000').toString('base64url')}`), 'cursor');
        assertFieldNamed(await admin.get(`${USERS}?cursor=${Buffer.from('x'.repeat(65)).toString('base64url')}`), 'cursor');
        assertFieldNamed(await admin.get(`${USERS}?q=%00`), 'q');
      });

      test('a user above the scope cannot be read', async () => {
        const row = (await userRow('province-official'))!;
        assertError(await admin.get(`${USERS}/${row.id}`), 403, 'forbidden');
        assertError(await admin.get(`${USERS}/00000000-0000-7000-8000-000000000000`), 404, 'not_found');
      });
    });

    describe('creating', () => {
      const valid = { username: 'new-official', displayName: '新官员', password: 'long-enough-1', role: 'official', scope: '340828' };

      test('demo-admin creates a user in scope 340828', async () => {
        const response = await admin.post(USERS, valid);
        assert.equal(response.statusCode, 201, response.body);
        const user = response.json();
        assert.equal(user.username, 'new-official');
        assert.equal(user.role, 'official');
        assert.equal(user.scope, '340828');
        assert.equal(user.scopeName, '岳西县');
        assert.equal(user.locked, false);
        assert.equal(user.version, 1);
        assert.equal(user.demo, false);
        assert.ok(!response.body.includes('argon2'));
        const row = (await userRow('new-official'))!;
        assert.equal(row.id, user.id);
        assert.notEqual(row.password_hash, 'long-enough-1');
        assert.match(row.password_hash, /^\$argon2id\$/);
        assert.deepEqual(await getUser(admin, user.id), user);
      });

      test('a scope wider than the admin’s own is refused with 403 and writes nothing', async () => {
        const error = assertError(await admin.post(USERS, { ...valid, username: 'too-wide', scope: '34' }), 403, 'forbidden');
        assert.equal((error.details as { areaCode: string }).areaCode, '34');
        assert.equal(await userRow('too-wide'), undefined);
      });

      test('a scope outside the admin’s is 403; a nonexistent area inside it is 400', async () => {
        assertError(await admin.post(USERS, { ...valid, username: 'outside', scope: '3401' }), 403, 'forbidden');
        assert.equal(await userRow('outside'), undefined);
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'nowhere', scope: '340899' }), 'scope');
        assert.equal(await userRow('nowhere'), undefined);
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'not-a-code', scope: '340' }), 'scope');
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'letters', scope: 'abcd' }), 'scope');
      });

      test('a taken username is 409', async () => {
        const error = assertError(await admin.post(USERS, { ...valid, username: 'demo-city' }), 409, 'conflict');
        assert.match(error.message, /demo-city/);
        const rows = await t.database.handle.db.selectFrom('users').select('id').where('username', '=', 'demo-city').execute();
        assert.equal(rows.length, 1);
      });

      test('usernames are unique whatever their case: Demo-City is demo-city, 409', async () => {
        const error = assertError(await admin.post(USERS, { ...valid, username: 'Demo-City' }), 409, 'conflict');
        assert.match(error.message, /Demo-City/);
        assert.equal(await userRow('Demo-City'), undefined);
        // The database refuses it too, should a write get past the check (two engines, one index on lower(username)).
        const demo = await t.database.handle.db.selectFrom('users').selectAll().where('username', '=', 'demo-city').executeTakeFirstOrThrow();
        await assert.rejects(
          t.database.handle.db.insertInto('users').values({ ...demo, locked: false, demo: false, id: '0191b7a0-0000-7000-8000-00000000cafe', username: 'DEMO-CITY' }).execute(),
        );
      });

      test('the password policy refuses common, repetitive, demo and username passwords: 400 naming password', async () => {
        const refused: [password: string, code: string][] = [
          ['password', 'weak_password'],
          ['12345678', 'weak_password'],
          ['        ', 'weak_password'],
          ['aaaaaaaa', 'weak_password'],
          ['linli-demo', 'weak_password'],
          ['LINLI-DEMO', 'weak_password'],
          ['policy-user', 'weak_password'],
          ['policy-user-2026', 'weak_password'],
          ['iloveyou1', 'weak_password'],
          ['short', 'too_short'],
          ['x'.repeat(257), 'too_long'],
        ];
        for (const [password, code] of refused) {
          const response = await admin.post(USERS, { ...valid, username: 'policy-user', password });
          assertFieldNamed(response, 'password', code as 'weak_password');
        }
        assert.equal(await userRow('policy-user'), undefined);
        // A password of unrelated words passes.
        const accepted = await admin.post(USERS, { ...valid, username: 'policy-user', password: 'quiet-river-lantern' });
        assert.equal(accepted.statusCode, 201, accepted.body);
        const changed = await admin.patch(`${USERS}/${accepted.json().id}`, { version: 1, password: 'policy-user!' });
        assertFieldNamed(changed, 'password', 'weak_password');
      });

      test('two concurrent creations of one username: one is 201, the other 409', async () => {
        const body = { ...valid, username: 'raced-user' };
        const statuses = (await Promise.all([admin.post(USERS, body), admin.post(USERS, body)])).map((r) => r.statusCode).sort();
        assert.deepEqual(statuses, [201, 409]);
        const rows = await t.database.handle.db.selectFrom('users').select('id').where('username', '=', 'raced-user').execute();
        assert.equal(rows.length, 1);
        const audits = await t.database.handle.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'user.create')
          .where('target_id', '=', rows[0]!.id)
          .execute();
        assert.equal(audits.length, 1, 'only the creation that happened is logged');
      });

      test('a NUL character in a field is 400 on both engines and writes nothing', async () => {
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'nul-name', displayName: 'a\u0000b' }), 'displayName');
        assert.equal(await userRow('nul-name'), undefined);
      });

      test('a bad role, a short password or an unknown field is 400 naming the field', async () => {
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'bad-role', role: 'superuser' }), 'role');
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'short-pass', password: 'short' }), 'password');
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'extra-field', isAdmin: true }), 'isAdmin');
        assertFieldNamed(await admin.post(USERS, { ...valid, username: 'x y' }), 'username');
        const { username: _omitted, ...withoutUsername } = valid;
        assertFieldNamed(await admin.post(USERS, withoutUsername), 'username');
        for (const username of ['bad-role', 'short-pass', 'extra-field', 'x y']) assert.equal(await userRow(username), undefined);
      });
    });

    describe('changing, locking and unlocking', () => {
      let managed: { id: string };

      before(async () => {
        managed = { id: await insertUser('managed-resident', 'resident', VILLAGE) };
      });

      test('PATCH with a stale version is 409 and changes nothing', async () => {
        const current = await getUser(admin, managed.id);
        const first = await admin.patch(`${USERS}/${managed.id}`, { version: current.version, displayName: '第一次' });
        assert.equal(first.statusCode, 200, first.body);
        assert.equal(first.json().version, current.version + 1);
        const stale = await admin.patch(`${USERS}/${managed.id}`, { version: current.version, displayName: '第二次', role: 'agent' });
        assertError(stale, 409, 'conflict');
        const after = await getUser(admin, managed.id);
        assert.equal(after.displayName, '第一次');
        assert.equal(after.role, 'resident');
        assert.equal(after.version, current.version + 1);
      });

      test('PATCH validates its fields', async () => {
        const { version } = await getUser(admin, managed.id);
        assertFieldNamed(await admin.patch(`${USERS}/${managed.id}`, { version, role: 'root' }), 'role');
        assertFieldNamed(await admin.patch(`${USERS}/${managed.id}`, { version, password: '1234' }), 'password');
        assertFieldNamed(await admin.patch(`${USERS}/${managed.id}`, { version, username: 'renamed' }), 'username');
        assertFieldNamed(await admin.patch(`${USERS}/${managed.id}`, { displayName: 'no version' }), 'version');
        assertError(await admin.patch(`${USERS}/${managed.id}`, { version, scope: '34' }), 403, 'forbidden');
        assert.equal((await getUser(admin, managed.id)).version, version);
      });

      test('a role change takes effect and ends the user’s sessions; a new display name does not', async () => {
        const user = await t.login('managed-resident');
        assert.equal((await user.get(ME)).json().user.role, 'resident');

        let current = await getUser(admin, managed.id);
        const renamed = await admin.patch(`${USERS}/${managed.id}`, { version: current.version, displayName: '改名' });
        assert.equal(renamed.statusCode, 200, renamed.body);
        assert.equal((await user.get(ME)).statusCode, 200, 'a new display name leaves the session alone');

        current = renamed.json();
        const promoted = await admin.patch(`${USERS}/${managed.id}`, { version: current.version, role: 'communityWorker' });
        assert.equal(promoted.statusCode, 200, promoted.body);
        assert.equal(promoted.json().role, 'communityWorker');
        assertError(await user.get(ME), 401, 'unauthenticated');
        assert.equal(await sessionCount(managed.id), 0);
        assert.equal((await getUser(admin, managed.id)).role, 'communityWorker');
      });

      test('a locked user cannot log in and their session stops working; unlocking lets them in again', async () => {
        const user = await t.login('managed-resident');
        assert.equal((await user.get(ME)).json().user.role, 'communityWorker');

        const locked = await admin.post(`${USERS}/${managed.id}/lock`);
        assert.equal(locked.statusCode, 200, locked.body);
        assert.equal(locked.json().locked, true);
        assertError(await user.get(ME), 401, 'unauthenticated');
        assert.equal(await sessionCount(managed.id), 0);
        assertError(await login('managed-resident'), 401, 'invalid_credentials');

        const unlocked = await admin.post(`${USERS}/${managed.id}/unlock`);
        assert.equal(unlocked.statusCode, 200, unlocked.body);
        assert.equal(unlocked.json().locked, false);
        const again = await login('managed-resident');
        assert.equal(again.statusCode, 200, again.body);
        assert.equal(again.json().user.locked, false);
      });

      test('an admin cannot lock themselves or change their own role', async () => {
        const me = (await admin.get(ME)).json().user as ApiUser;
        assertError(await admin.post(`${USERS}/${me.id}/lock`), 409, 'conflict');
        assertError(await admin.patch(`${USERS}/${me.id}`, { version: me.version, role: 'official' }), 409, 'conflict');
        const after = await getUser(admin, me.id);
        assert.equal(after.locked, false);
        assert.equal(after.role, 'admin');
        assert.equal((await admin.get(ME)).statusCode, 200);
      });

      test('an unknown user id is 404', async () => {
        assertError(await admin.post(`${USERS}/00000000-0000-7000-8000-000000000000/lock`), 404, 'not_found');
        assertError(await admin.patch(`${USERS}/00000000-0000-7000-8000-000000000000`, { version: 1, displayName: 'x' }), 404, 'not_found');
      });
    });

    describe('who may manage users', () => {
      let countyAdmin: Client;
      let cityAdminId: string;
      let cityOfficial: ApiUser;

      before(async () => {
        const created = await admin.post(USERS, {
          username: 'county-admin',
          displayName: '岳西县管理员',
          password: 'yuexi-office-key',
          role: 'admin',
          scope: '340828',
        });
        assert.equal(created.statusCode, 201, created.body);
        countyAdmin = await t.login('county-admin', 'yuexi-office-key');
        cityAdminId = (await userRow('demo-admin'))!.id;
        cityOfficial = await getUser(admin, (await userRow('demo-city'))!.id);
      });

      test('a non-admin is refused on /users', async () => {
        const county = await t.login('demo-county');
        assertError(await county.get(USERS), 403, 'forbidden');
        assertError(await county.get(`${USERS}/${cityAdminId}`), 403, 'forbidden');
        const body = { username: 'by-official', displayName: 'x', password: 'long-enough-1', role: 'resident', scope: VILLAGE };
        const created = await county.post(USERS, body);
        assertError(created, 403, 'forbidden');
        assert.equal(await userRow('by-official'), undefined);
        assertError(await county.post(`${USERS}/${cityAdminId}/lock`), 403, 'forbidden');
      });

      test('a county admin lists only the users of its county', async () => {
        const response = await countyAdmin.get(`${USERS}?limit=500`);
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json();
        const usernames = page.items.map((u: ApiUser) => u.username);
        for (const user of page.items as ApiUser[]) assert.ok(user.scope.startsWith('340828'), `${user.username} ${user.scope}`);
        for (const name of ['county-admin', 'demo-county', 'demo-worker', 'demo-resident']) assert.ok(usernames.includes(name), name);
        for (const name of ['demo-admin', 'demo-city', 'demo-evaluator']) assert.ok(!usernames.includes(name), name);
        assert.equal(page.total, page.items.length);
        assertError(await countyAdmin.get(`${USERS}?area=3408`), 403, 'forbidden');
      });

      test('a county admin cannot read or change a city-level user', async () => {
        assertError(await countyAdmin.get(`${USERS}/${cityAdminId}`), 403, 'forbidden');
        const hijack = { version: cityOfficial.version, displayName: 'hijacked' };
        assertError(await countyAdmin.patch(`${USERS}/${cityOfficial.id}`, hijack), 403, 'forbidden');
        assertError(await countyAdmin.post(`${USERS}/${cityAdminId}/lock`), 403, 'forbidden');
        assertError(await countyAdmin.post(`${USERS}/${cityOfficial.id}/unlock`), 403, 'forbidden');
        const official = await getUser(admin, cityOfficial.id);
        assert.equal(official.displayName, cityOfficial.displayName);
        assert.equal(official.version, cityOfficial.version);
        assert.equal((await getUser(admin, cityAdminId)).locked, false);
        assert.equal((await admin.get(ME)).statusCode, 200, 'the city admin’s session survives');
      });

      test('a county admin cannot create users above its county, nor move one there', async () => {
        const body = { username: 'city-by-county', displayName: 'x', password: 'long-enough-1', role: 'official', scope: '3408' };
        assertError(await countyAdmin.post(USERS, body), 403, 'forbidden');
        assert.equal(await userRow('city-by-county'), undefined);
        const worker = await getUser(countyAdmin, (await userRow('demo-worker'))!.id);
        assertError(await countyAdmin.patch(`${USERS}/${worker.id}`, { version: worker.version, scope: '3408' }), 403, 'forbidden');
        assert.equal((await getUser(admin, worker.id)).scope, VILLAGE);
      });
    });
  });
}
