import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/contracts/roles.ts';
import { creditVolunteerHours } from '../../src/server/modules/people/time-bank.service.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

const API = '/api/v1';
const today = todayInChina;
const hours = (minutes: number, activity = '陪伴独居老人') => ({ serviceDate: today(), minutes, activity });

for (const dialect of DIALECTS) {
  describe(`volunteers and the time bank (${dialect})`, () => {
    let t: TestApp;
    let village: string;
    let worker: Client;
    let outsider: Client;
    const residents: Client[] = [];
    const db = () => t.database.handle.db;

    /** A user of the given role and scope, logged in (the demo password). */
    async function userOf(username: string, role: Role, scope: string, displayName = username): Promise<Client> {
      const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).password_hash;
      const now = new Date().toISOString();
      await db()
        .insertInto('users')
        .values({ id: uuidv7(), username, display_name: displayName, password_hash: hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
        .execute();
      return t.login(username);
    }

    const counts = async () => {
      const [movements, transfers, audit] = await Promise.all(
        (['time_bank_movements', 'time_bank_transfers', 'audit_log'] as const).map(async (table) => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),
      );
      return { movements, transfers, audit: audit! };
    };
    const balance = async (client: Client) => (await client.get(`${API}/time-bank/me`)).json().account.balance as number;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
      const township = village.slice(0, 9);
      const other = await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 6)).where('code', '!=', township).orderBy('code').executeTakeFirstOrThrow();
      worker = await userOf('vol-worker', 'communityWorker', village, '王组织');
      outsider = await userOf('vol-outsider', 'communityWorker', other.code);
      for (const name of ['李志愿', '陈互助', '赵邻里']) residents.push(await userOf(`vol-resident-${residents.length}`, 'resident', village, name));
      const bank = (await worker.get(`${API}/time-banks/${village}`)).json();
      const set = await worker.request({
        method: 'PUT',
        url: `${API}/time-banks/${village}`,
        payload: { active: true, minBalance: -120, maxBalance: 600, creditVolunteerHours: true, version: bank.version },
      });
      assert.equal(set.statusCode, 200, set.body);
    });
    after(() => t.close());

    test('a resident registers themselves, once; staff register a volunteer by name, found by pinyin initials or Traditional characters', async () => {
      const [r0] = residents;
      const made = await r0!.post(`${API}/volunteers/me`, { skills: ['陪伴', '剪纸', '陪伴'], availability: '周末上午' });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().name, '李志愿');
      assert.equal(made.json().areaCode, village);
      assert.deepEqual(made.json().skills, ['陪伴', '剪纸']);
      assert.deepEqual(made.json().serviceAreas, [village]);
      assertError(await r0!.post(`${API}/volunteers/me`, {}), 409, 'conflict');
      for (const r of residents.slice(1)) assert.equal((await r.post(`${API}/volunteers/me`, {})).statusCode, 201);

      const byName = await worker.post(`${API}/volunteers`, { areaCode: village, name: '张晓华', skills: ['维修'] });
      assert.equal(byName.statusCode, 201, byName.body);
      for (const q of ['zxh', '張曉華', '晓华']) {
        const found = (await worker.get(`${API}/volunteers?q=${encodeURIComponent(q)}`)).json();
        assert.ok(found.items.some((v: { name: string }) => v.name === '张晓华'), `found by ${q}`);
      }
      const bySkill = (await worker.get(`${API}/volunteers?skill=${encodeURIComponent('剪纸')}`)).json();
      assert.deepEqual(bySkill.items.map((v: { name: string }) => v.name), ['李志愿']);
      assertFieldNamed(await worker.post(`${API}/volunteers`, { areaCode: village }), 'name', 'required');
      assertFieldNamed(await worker.post(`${API}/volunteers`, { areaCode: '12345', name: '某' }), 'areaCode');
      assertError(await outsider.post(`${API}/volunteers`, { areaCode: village, name: '越界' }), 403, 'forbidden');
      assertError(await r0!.get(`${API}/volunteers`), 403, 'forbidden');
    });

    test('hours are claimed, then verified by an organizer in scope: never by the volunteer, nor from outside the scope', async () => {
      const [r0] = residents;
      assertFieldNamed(await r0!.post(`${API}/volunteers/me/hours`, { ...hours(60), serviceDate: '2999-01-01' }), 'serviceDate', 'out_of_range');
      assertFieldNamed(await r0!.post(`${API}/volunteers/me/hours`, { ...hours(60), serviceDate: '2026-02-30' }), 'serviceDate', 'invalid_format');
      assertFieldNamed(await r0!.post(`${API}/volunteers/me/hours`, hours(1.5)), 'minutes');
      assertFieldNamed(await r0!.post(`${API}/volunteers/me/hours`, hours(0)), 'minutes');
      const claimed = await r0!.post(`${API}/volunteers/me/hours`, hours(90));
      assert.equal(claimed.statusCode, 201, claimed.body);
      assert.equal(claimed.json().state, 'claimed');
      const id = claimed.json().id as string;

      // The worker volunteers too, and may not verify their own hours.
      assert.equal((await worker.post(`${API}/volunteers/me`, { areaCode: village })).statusCode, 201);
      const own = await worker.post(`${API}/volunteers/me/hours`, hours(30, '组织活动'));
      const self = await worker.post(`${API}/volunteer-hours/${own.json().id}/decision`, { decision: 'verified' });
      assert.equal(assertError(self, 403, 'forbidden').details && (assertError(self, 403).details as { reason: string }).reason, 'ownHours');
      assertError(await outsider.post(`${API}/volunteer-hours/${id}/decision`, { decision: 'verified' }), 403, 'forbidden');
      assertError(await r0!.post(`${API}/volunteer-hours/${id}/decision`, { decision: 'verified' }), 403, 'forbidden');
      assert.equal((await db().selectFrom('volunteer_hours').select('state').where('id', '=', own.json().id).executeTakeFirstOrThrow()).state, 'claimed');

      const awaiting = (await worker.get(`${API}/volunteer-hours?state=claimed`)).json();
      assert.ok(awaiting.items.some((h: { id: string }) => h.id === id));
      const before = await counts();
      const verified = await worker.post(`${API}/volunteer-hours/${id}/decision`, { decision: 'verified' });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.equal(verified.json().state, 'verified');
      assert.equal(verified.json().decidedByName, '王组织');
      assert.equal(verified.json().credited, true);
      const after = await counts();
      assert.deepEqual([after.transfers - before.transfers, after.movements - before.movements, after.audit - before.audit], [1, 2, 1]);
      assertError(await worker.post(`${API}/volunteer-hours/${id}/decision`, { decision: 'rejected', reason: '重复' }), 409, 'conflict');
      assert.equal(await balance(r0!), 90);
      const me = (await r0!.get(`${API}/volunteers/me`)).json();
      assert.equal(me.volunteer.verifiedMinutes, 90);
      assert.equal(me.account.balance, 90);
      const history = (await r0!.get(`${API}/time-bank/me/history`)).json();
      assert.equal(history.items[0].kind, 'volunteerHours');
      assert.equal(history.items[0].balanceAfter, 90);

      // A rejection says why and counts nothing.
      const other = await r0!.post(`${API}/volunteers/me/hours`, hours(45));
      assertFieldNamed(await worker.post(`${API}/volunteer-hours/${other.json().id}/decision`, { decision: 'rejected' }), 'reason', 'required');
      const rejected = await worker.post(`${API}/volunteer-hours/${other.json().id}/decision`, { decision: 'rejected', reason: '当天无此活动' });
      assert.equal(rejected.json().state, 'rejected');
      assert.equal((await r0!.get(`${API}/volunteers/me`)).json().volunteer.verifiedMinutes, 90);
      assert.equal(await balance(r0!), 90);
      const entry = await db().selectFrom('audit_log').selectAll().where('action', '=', 'volunteer.hours.verify').where('target_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(entry.area_code, village);
    });

    test('crediting verified hours is idempotent', async () => {
      const row = await db().selectFrom('volunteer_hours').selectAll().where('state', '=', 'verified').where('transfer_id', 'is not', null).executeTakeFirstOrThrow();
      const volunteer = await db().selectFrom('volunteers').selectAll().where('id', '=', row.volunteer_id).executeTakeFirstOrThrow();
      const before = await counts();
      const again = await db().transaction().execute((trx) => creditVolunteerHours(trx, row, volunteer, null));
      assert.equal(again, row.transfer_id);
      assert.deepEqual(await counts(), before);
    });

    test('the certificate is a PDF of verified hours', async () => {
      const mine = await residents[0]!.get(`${API}/volunteers/me/certificate.pdf`);
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['content-type'], 'application/pdf');
      assert.equal(mine.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const id = (await residents[0]!.get(`${API}/volunteers/me`)).json().volunteer.id;
      const staff = await worker.get(`${API}/volunteers/${id}/certificate.pdf?lang=en`);
      assert.equal(staff.statusCode, 200);
      assert.equal(staff.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assertError(await outsider.get(`${API}/volunteers/${id}/certificate.pdf`), 403, 'forbidden');
    });

    test('a payment past a balance limit answers 409 and writes nothing; one payment pays several members', async () => {
      const [r0, r1, r2] = residents;
      for (const r of [r1!, r2!]) assert.equal((await r.post(`${API}/time-bank/me`)).statusCode, 200);
      const accounts = await Promise.all(residents.map(async (r) => (await r.get(`${API}/time-bank/me`)).json().account.id as string));
      const before = await counts();
      const refused = await r1!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[0], minutes: 150 }], memo: '理发' });
      assert.equal((assertError(refused, 409, 'conflict').details as { reason: string }).reason, 'balanceLimit');
      assert.deepEqual(await counts(), before);
      // Above the ceiling of 600 on the payee's side: refused too.
      const ceiling = await worker.post(`${API}/time-bank/transfers`, { from: accounts[1], payees: [{ account: accounts[0], minutes: 100 }] });
      assert.equal(ceiling.statusCode, 201, ceiling.body);
      assert.equal(await balance(r1!), -100);
      assertFieldNamed(await r1!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[1], minutes: 5 }] }), 'payees', 'inconsistent');
      assertFieldNamed(await r1!.post(`${API}/time-bank/me/payments`, { payees: [{ account: uuidv7(), minutes: 5 }] }), 'payees', 'unknown_reference');
      assertFieldNamed(await r1!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[0], minutes: 0 }] }), 'payees.0.minutes');

      const several = await r0!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[1], minutes: 20 }, { account: accounts[2], minutes: 30 }], memo: '一起修水管' });
      assert.equal(several.statusCode, 201, several.body);
      assert.deepEqual(several.json().movements.map((m: { minutes: number }) => m.minutes).sort((a: number, b: number) => a - b), [-50, 20, 30]);
      assert.equal(await balance(r0!), 90 + 100 - 50);
      const big = await worker.post(`${API}/time-bank/transfers`, { from: accounts[2], payees: [{ account: accounts[0], minutes: 150 }] });
      assert.equal(big.statusCode, 201, big.body); // r2: 30 − 150 = −120, the limit exactly
      const before2 = await counts();
      const bank = (await worker.get(`${API}/time-banks/${village}`)).json();
      await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: -600, maxBalance: 300, creditVolunteerHours: true, version: bank.version } });
      const overCeiling = await r1!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[0], minutes: 30 }] });
      assert.equal((assertError(overCeiling, 409).details as { breaches: { limit: string }[] }).breaches[0]!.limit, 'max');
      assert.equal((await counts()).transfers, before2.transfers);
      const restore = (await worker.get(`${API}/time-banks/${village}`)).json();
      await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: -120, maxBalance: 600, creditVolunteerHours: true, version: restore.version } });
    });

    test('20 payments at once that together would overdraw: no lost update, no balance past the limit', async () => {
      const payer = await userOf('vol-payer', 'resident', village, '钱多多');
      const payee = residents[0]!;
      await payer.post(`${API}/time-bank/me`);
      const payeeAccount = (await payee.get(`${API}/time-bank/me`)).json().account;
      const payerAccount = (await payer.get(`${API}/time-bank/me`)).json().account;
      assert.equal(payerAccount.balance, 0);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => payer.post(`${API}/time-bank/me/payments`, { payees: [{ account: payeeAccount.id, minutes: 10 }], memo: `并发 ${i}` })),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      assert.equal(statuses.filter((s) => s === 201).length, 12, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 409).length, 8, statuses.join(','));
      assert.equal(await balance(payer), -120);
      assert.equal(await balance(payee), payeeAccount.balance + 120);
      const staffView = (await worker.get(`${API}/time-bank/accounts/${payerAccount.id}`)).json();
      assert.deepEqual([staffView.balance, staffView.minBalance, staffView.maxBalance], [-120, -120, 600]);
      const firstPage = (await worker.get(`${API}/time-bank/accounts/${payerAccount.id}/history?limit=5`)).json();
      const secondPage = (await worker.get(`${API}/time-bank/accounts/${payerAccount.id}/history?limit=5&cursor=${firstPage.nextCursor}`)).json();
      assert.deepEqual([...firstPage.items, ...secondPage.items].map((h: { sequence: number }) => h.sequence), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
      assertFieldNamed(await worker.get(`${API}/time-bank/accounts/${payerAccount.id}/history?cursor=bm9wZQ`), 'cursor', 'invalid_cursor');
      assertError(await outsider.get(`${API}/time-bank/accounts/${payerAccount.id}`), 403);
      const rows = await db().selectFrom('time_bank_movements').selectAll().where('account_id', '=', payerAccount.id).orderBy('sequence').execute();
      assert.deepEqual(rows.map((r) => r.sequence), Array.from({ length: 12 }, (_, i) => i + 1));
      assert.deepEqual(rows.map((r) => Number(r.balance_after)), Array.from({ length: 12 }, (_, i) => -10 * (i + 1)));
    });

    test('the ledger holds: every transfer sums to zero, every balance is the sum of its movements', async () => {
      const unbalanced = await sql<{ transfer_id: string }>`select transfer_id from time_bank_movements group by transfer_id having sum(minutes) <> 0`.execute(db());
      assert.deepEqual(unbalanced.rows, []);
      const accounts = await db().selectFrom('time_bank_accounts').select(['id', 'kind']).where('area_code', '=', village).execute();
      const bank = await db().selectFrom('time_banks').selectAll().where('area_code', '=', village).executeTakeFirstOrThrow();
      for (const a of accounts) {
        const rows = await db().selectFrom('time_bank_movements').selectAll().where('account_id', '=', a.id).orderBy('sequence').execute();
        let sum = 0;
        for (const r of rows) {
          sum += r.minutes;
          assert.equal(Number(r.balance_after), sum);
          if (a.kind === 'member') assert.ok(sum >= -600, `${a.id} at ${sum}`);
        }
        if (a.kind === 'member' && rows.length) assert.ok(Number(rows.at(-1)!.balance_after) >= bank.min_balance);
      }
    });

    test('offers and requests: posted by members, closed by their poster', async () => {
      const [r0, r1] = residents;
      const offer = await r0!.post(`${API}/time-bank/me/posts`, { kind: 'offer', title: '上门理发', minutes: 30 });
      assert.equal(offer.statusCode, 201, offer.body);
      const listed = (await r1!.get(`${API}/time-bank/posts?area=${village}`)).json();
      assert.ok(listed.items.some((p: { id: string; mine: boolean }) => p.id === offer.json().id && !p.mine));
      assertError(await r1!.post(`${API}/time-bank/posts/${offer.json().id}/close`), 403, 'forbidden');
      const closed = await r0!.post(`${API}/time-bank/posts/${offer.json().id}/close`);
      assert.equal(closed.json().status, 'closed');
      assertError(await r0!.post(`${API}/time-bank/posts/${offer.json().id}/close`), 409);
      assertError(await outsider.get(`${API}/time-bank/posts?area=${village}`), 403);
      const members = (await r1!.get(`${API}/time-bank/members?area=${village}`)).json();
      // A resident picks whom to pay by name, but sees other members' names masked; staff see them whole.
      assert.ok(members.items.some((m: { holderName: string }) => m.holderName === '李**'));
      assert.ok(!members.items.some((m: { holderName: string }) => m.holderName === '李志愿'));
      const staffMembers = (await worker.get(`${API}/time-bank/members?area=${village}`)).json();
      assert.ok(staffMembers.items.some((m: { holderName: string }) => m.holderName === '李志愿'));
      assert.ok(!('balance' in members.items[0]));
    });

    test('every kind of write left its audit entry in the community', async () => {
      const rows = await db().selectFrom('audit_log').select(['action', 'area_code', 'outcome']).where('action', 'like', 'volunteer.%').execute();
      const bank = await db().selectFrom('audit_log').select(['action', 'area_code', 'outcome']).where('action', 'like', 'timeBank.%').execute();
      const actions = new Set([...rows, ...bank].filter((r) => r.outcome === 'ok' && r.area_code === village).map((r) => r.action));
      for (const action of ['volunteer.register', 'volunteer.hours.claim', 'volunteer.hours.verify', 'volunteer.hours.reject', 'timeBank.settings', 'timeBank.join', 'timeBank.payment', 'timeBank.post', 'timeBank.closePost']) {
        assert.ok(actions.has(action), `an audit entry ${action}`);
      }
    });

    test('a community without a time bank refuses payments; settings need the version read', async () => {
      const bank = (await worker.get(`${API}/time-banks/${village}`)).json();
      assertError(await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: false, minBalance: 0, maxBalance: null, creditVolunteerHours: true, version: bank.version + 5 } }), 409);
      assertFieldNamed(await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: false, minBalance: 10, maxBalance: null, creditVolunteerHours: true, version: bank.version } }), 'minBalance');
      const off = await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: false, minBalance: -120, maxBalance: 600, creditVolunteerHours: true, version: bank.version } });
      assert.equal(off.statusCode, 200, off.body);
      const accounts = await Promise.all(residents.slice(0, 2).map(async (r) => (await r.get(`${API}/time-bank/me`)).json().account.id as string));
      assertError(await residents[0]!.post(`${API}/time-bank/me/payments`, { payees: [{ account: accounts[1], minutes: 5 }] }), 409);
      // Hours verified meanwhile are counted, not credited.
      const claimed = await residents[1]!.post(`${API}/volunteers/me/hours`, hours(60));
      const verified = await worker.post(`${API}/volunteer-hours/${claimed.json().id}/decision`, { decision: 'verified' });
      assert.equal(verified.json().credited, false);
      const balanceBefore = await balance(residents[1]!);
      const on = await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: -120, maxBalance: 600, creditVolunteerHours: true, version: bank.version + 1 } });
      assert.equal(on.statusCode, 200, on.body);
      // Opening the bank again credits what was verified meanwhile, once.
      const row = await db().selectFrom('volunteer_hours').select('transfer_id').where('id', '=', claimed.json().id).executeTakeFirstOrThrow();
      assert.notEqual(row.transfer_id, null);
      assert.equal(await balance(residents[1]!), balanceBefore + 60);
      const again = await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: -120, maxBalance: 600, creditVolunteerHours: true, version: bank.version + 2 } });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(await balance(residents[1]!), balanceBefore + 60);
      assertError(await outsider.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: 0, maxBalance: null, creditVolunteerHours: true, version: 0 } }), 403);
      assertError(await residents[0]!.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: {} }), 403);
    });
  });
}
