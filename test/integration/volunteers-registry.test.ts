import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { Role } from '../../src/contracts/roles.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

/**
 * The volunteer registry as staff keep it (XLSX import with its preview, export of the scoped list,
 * edit, the pending-verification filter) and held time bank credit: verified hours a ceiling held
 * back are credited at the next movement that makes room, in its transaction.
 */

const API = '/api/v1';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = todayInChina;
const HEADER = ['社区代码', '姓名', '技能', '可服务时间', '服务地区代码', '状态'];
const xlsx = (rows: string[][]) => writeXlsxFile([HEADER, ...rows].map((r) => r.map((v) => ({ value: v, type: String }))) as never).toBuffer();

/** A small deterministic PRNG (mulberry32): the property run is the same every time, on both engines. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

for (const dialect of DIALECTS) {
  describe(`volunteer registry and held time bank credit (${dialect})`, () => {
    let t: TestApp;
    let village: string;
    let elsewhere: string;
    let worker: Client;
    let outsider: Client;
    let resident: Client;
    const db = () => t.database.handle.db;
    const count = async (table: 'volunteers' | 'audit_log' | 'time_bank_transfers') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const importFile = (client: Client, body: Buffer, query = '') => client.request({ method: 'POST', url: `${API}/volunteers/import${query}`, payload: body, headers: { 'content-type': XLSX } });

    async function userOf(username: string, role: Role, scope: string, displayName = username): Promise<Client> {
      const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).password_hash;
      const now = new Date().toISOString();
      await db()
        .insertInto('users')
        .values({ id: uuidv7(), username, display_name: displayName, password_hash: hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
        .execute();
      return t.login(username);
    }

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
      const township = village.slice(0, 9);
      const other = await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 6)).where('code', '!=', township).orderBy('code').executeTakeFirstOrThrow();
      elsewhere = (await db().selectFrom('areas').select('code').where('parent_code', '=', other.code).orderBy('code').executeTakeFirstOrThrow()).code;
      worker = await userOf('reg-worker', 'communityWorker', village, '周登记');
      outsider = await userOf('reg-outsider', 'communityWorker', other.code);
      resident = await userOf('reg-resident', 'resident', village, '吴居民');
    });
    after(() => t.close());

    test('import with bad rows: 400 naming each row and its problem by code; nothing written', async () => {
      const file = await xlsx([
        [village, '导入甲', '陪伴、理发', '周末', '', ''],
        [village, '', '', '', '', ''],
        [elsewhere, '导入丙', '', '', '', ''],
        [village, '导入丁', '', '', '', '休假'],
        ['3408', '导入戊', '', '', '', ''],
        [village, '导入己', '', '', elsewhere, ''],
      ]);
      const [volunteers, audit] = [await count('volunteers'), await count('audit_log')];
      const error = assertError(await importFile(worker, file), 400, 'import_rejected');
      const report = error.details as { rows: number; rejected: number; created: number; problems: { row: number; field: string; code: string; column: string | null; params?: Record<string, unknown> }[] };
      assert.deepEqual([report.rows, report.rejected, report.created], [6, 5, 0]);
      const at = (row: number) => report.problems.filter((p) => p.row === row).map((p) => `${p.field}:${p.code}`);
      assert.deepEqual(at(2), []);
      assert.deepEqual(at(3), ['name:required']);
      assert.deepEqual(at(4), ['areaCode:not_in_scope']);
      assert.deepEqual(at(5), ['status:not_allowed']);
      assert.deepEqual(at(6), ['areaCode:invalid_format']);
      assert.deepEqual(at(7), ['serviceAreas:not_in_scope']);
      assert.equal(report.problems.find((p) => p.row === 5)!.column, '状态');
      assert.deepEqual(report.problems.find((p) => p.row === 5)!.params, { value: '休假' });
      assert.deepEqual(report.problems.find((p) => p.row === 4)!.params, { code: elsewhere });
      assert.deepEqual([await count('volunteers'), await count('audit_log')], [volunteers, audit], 'a rejected file writes nothing');
      // The preview answers the same report and writes nothing either.
      assertError(await importFile(worker, file, '?mode=check'), 400, 'import_rejected');
      assert.equal(await count('volunteers'), volunteers);
    });

    test('import: the preview checks a good file without writing; the import writes every row at once; who may import', async () => {
      const file = await xlsx([
        [village, '欧阳导入', '陪伴、理发', '周末上午', '', ''],
        [village, '钱导入', '维修', '', `${village}、${village.slice(0, 9)}`, '暂停'],
      ]);
      const before = await count('volunteers');
      const preview = await importFile(worker, file, '?mode=check');
      assert.equal(preview.statusCode, 200, preview.body);
      assert.deepEqual([preview.json().mode, preview.json().rows, preview.json().created, preview.json().rejected], ['check', 2, 0, 0]);
      assert.equal(await count('volunteers'), before);
      const theirs = assertError(await importFile(outsider, file), 400, 'import_rejected').details as { problems: { code: string }[] };
      assert.deepEqual(theirs.problems.map((p) => p.code), ['not_in_scope', 'not_in_scope'], 'another township imports none of ours');
      assertError(await importFile(resident, file), 403, 'forbidden');
      const done = await importFile(worker, file);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().created, 2);
      assert.equal(await count('volunteers'), before + 2);
      const found = (await worker.get(`${API}/volunteers?q=oydr`)).json();
      assert.deepEqual(found.items.map((v: { name: string; skills: string[] }) => [v.name, v.skills]), [['欧阳导入', ['陪伴', '理发']]]);
      const paused = (await worker.get(`${API}/volunteers?q=${encodeURIComponent('錢導入')}`)).json().items[0];
      assert.deepEqual([paused.status, paused.serviceAreas], ['paused', [village, village.slice(0, 9)]]);
      assertFieldNamed(await importFile(worker, Buffer.from('not a spreadsheet')), 'file');
      assertFieldNamed(await worker.request({ method: 'POST', url: `${API}/volunteers/import`, payload: Buffer.from(HEADER.join(',')), headers: { 'content-type': 'text/csv' } }), 'file', 'required');
      const template = await worker.get(`${API}/volunteers/import-template?format=xlsx`);
      assert.equal(template.statusCode, 200);
      assert.deepEqual((await readSheet(template.rawPayload))[0], HEADER);
    });

    test('export: the scoped, filtered list as XLSX that imports again; audited', async () => {
      const r = await worker.get(`${API}/volunteers/export?status=paused`);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers['content-type'], XLSX);
      const sheet = await readSheet(r.rawPayload);
      const header = sheet[0] as string[];
      const names = sheet.slice(1).map((row) => row[header.indexOf('姓名')]);
      assert.ok(names.includes('钱导入'));
      assert.ok(!names.includes('欧阳导入'), 'the status filter applies');
      assert.ok(sheet.slice(1).every((row) => row[header.indexOf('状态')] === '暂停'));
      const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'volunteer.export').execute();
      assert.equal(audit.length, 1);
      const theirs = await readSheet((await outsider.get(`${API}/volunteers/export`)).rawPayload);
      assert.ok(!theirs.slice(1).some((row) => row.includes('钱导入')), 'another township exports none of ours');
      assertError(await resident.get(`${API}/volunteers/export`), 403, 'forbidden');
      // The exported file, with its export-only columns, passes the import's preview.
      const again = await importFile(worker, Buffer.from(r.rawPayload), '?mode=check');
      assert.equal(again.statusCode, 200, again.body);
    });

    test('staff edit skills, availability, areas and status; outside scope 403; bad areas 400 naming the field', async () => {
      const id = (await worker.get(`${API}/volunteers?q=oydr`)).json().items[0].id as string;
      const edited = await worker.request({ method: 'PATCH', url: `${API}/volunteers/${id}`, payload: { skills: ['读报', '读报', '陪诊'], availability: '工作日下午', status: 'withdrawn' } });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual([edited.json().skills, edited.json().availability, edited.json().status], [['读报', '陪诊'], '工作日下午', 'withdrawn']);
      assert.ok(edited.json().updatedAt);
      assertError(await outsider.request({ method: 'PATCH', url: `${API}/volunteers/${id}`, payload: { status: 'active' } }), 403, 'forbidden');
      assertError(await resident.request({ method: 'PATCH', url: `${API}/volunteers/${id}`, payload: { status: 'active' } }), 403, 'forbidden');
      assertError(await worker.request({ method: 'PATCH', url: `${API}/volunteers/${uuidv7()}`, payload: { status: 'active' } }), 404, 'not_found');
      assertFieldNamed(await worker.request({ method: 'PATCH', url: `${API}/volunteers/${id}`, payload: { serviceAreas: [elsewhere] } }), 'serviceAreas.0', 'not_in_scope');
      assertFieldNamed(await worker.request({ method: 'PATCH', url: `${API}/volunteers/${id}`, payload: { status: 'retired' } }), 'status');
      assert.equal((await worker.get(`${API}/volunteers/${id}`)).json().status, 'withdrawn', 'a refused edit changed nothing');
      const withdrawn = (await worker.get(`${API}/volunteers?status=withdrawn`)).json();
      assert.deepEqual(withdrawn.items.map((v: { id: string }) => v.id), [id]);
      const entry = await db().selectFrom('audit_log').selectAll().where('action', '=', 'volunteer.update').where('target_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(entry.area_code, village);
    });

    test('the pending filter lists volunteers whose hours await verification, in scope only', async () => {
      const id = (await worker.get(`${API}/volunteers?q=${encodeURIComponent('钱导入')}`)).json().items[0].id as string;
      const before = (await worker.get(`${API}/volunteers?pending=true&limit=500`)).json();
      assert.ok(!before.items.some((v: { id: string }) => v.id === id));
      const claimed = await worker.post(`${API}/volunteers/${id}/hours`, { serviceDate: today(), minutes: 45, activity: '维修水管' });
      assert.equal(claimed.statusCode, 201, claimed.body);
      const pending = (await worker.get(`${API}/volunteers?pending=true&limit=500`)).json();
      assert.ok(pending.items.some((v: { id: string; claimedMinutes: number }) => v.id === id && v.claimedMinutes === 45));
      assert.ok(pending.items.every((v: { claimedMinutes: number }) => v.claimedMinutes > 0), 'every one listed has minutes awaiting');
      assert.equal(pending.total, pending.items.length);
      assert.ok(!(await outsider.get(`${API}/volunteers?pending=true&limit=500`)).json().items.some((v: { id: string }) => v.id === id));
      // Verified by someone out of scope: 403, still pending.
      assertError(await outsider.post(`${API}/volunteer-hours/${claimed.json().id}/decision`, { decision: 'verified' }), 403, 'forbidden');
      assert.equal((await worker.post(`${API}/volunteer-hours/${claimed.json().id}/decision`, { decision: 'verified' })).statusCode, 200);
      assert.ok(!(await worker.get(`${API}/volunteers?pending=true&limit=500`)).json().items.some((v: { id: string }) => v.id === id));
    });

    test('property: verified hours held back by a ceiling are credited at the next payment that makes room; no balance passes a limit, nothing is lost', async () => {
      const MIN = -120;
      const MAX = 300;
      const bank = (await worker.get(`${API}/time-banks/${village}`)).json();
      const set = await worker.request({ method: 'PUT', url: `${API}/time-banks/${village}`, payload: { active: true, minBalance: MIN, maxBalance: MAX, creditVolunteerHours: true, version: bank.version } });
      assert.equal(set.statusCode, 200, set.body);
      const members: { client: Client; account: string; volunteer: string }[] = [];
      for (const name of ['孙甲', '孙乙', '孙丙']) {
        const client = await userOf(`reg-member-${members.length}`, 'resident', village, name);
        const volunteer = (await client.post(`${API}/volunteers/me`, {})).json().id as string;
        const account = (await client.post(`${API}/time-bank/me`)).json().account.id as string;
        members.push({ client, account, volunteer });
      }

      /** After every step: limits hold, running balances are sums, and every verified minute is either credited or held (and held only while it does not fit). */
      async function invariants(step: string) {
        for (const m of members) {
          const rows = await db().selectFrom('time_bank_movements').selectAll().where('account_id', '=', m.account).orderBy('sequence').execute();
          let sum = 0;
          for (const r of rows) {
            sum += r.minutes;
            assert.equal(Number(r.balance_after), sum, `${step}: running balance`);
            assert.ok(sum >= MIN && sum <= MAX, `${step}: ${m.account} at ${sum}`);
          }
          const hours = await db().selectFrom('volunteer_hours').selectAll().where('volunteer_id', '=', m.volunteer).where('state', '=', 'verified').execute();
          const credited = hours.filter((h) => h.transfer_id !== null);
          const held = hours.filter((h) => h.transfer_id === null);
          const creditedIn = await db()
            .selectFrom('time_bank_movements as mv')
            .innerJoin('time_bank_transfers as tr', 'tr.id', 'mv.transfer_id')
            .select((eb) => eb.fn.sum<number>('mv.minutes').as('n'))
            .where('mv.account_id', '=', m.account)
            .where('tr.kind', '=', 'volunteerHours')
            .executeTakeFirstOrThrow();
          assert.equal(Number(creditedIn.n ?? 0), credited.reduce((s, h) => s + h.minutes, 0), `${step}: credited minutes reached the account, once`);
          for (const h of held) assert.ok(sum + h.minutes > MAX, `${step}: ${h.minutes} held although ${sum} leaves room`);
        }
        const unbalanced = await sql<{ transfer_id: string }>`select transfer_id from time_bank_movements group by transfer_id having sum(minutes) <> 0`.execute(db());
        assert.deepEqual(unbalanced.rows, [], `${step}: every transfer sums to zero`);
      }

      const rand = random(20261130);
      const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
      let held = 0;
      let releasedByPayment = 0;
      for (let step = 0; step < 40; step++) {
        const m = pick(members);
        if (rand() < 0.45) {
          const minutes = 30 + Math.floor(rand() * 8) * 30;
          const claim = await m.client.post(`${API}/volunteers/me/hours`, { serviceDate: today(), minutes, activity: `第 ${step} 次服务` });
          const decided = await worker.post(`${API}/volunteer-hours/${claim.json().id}/decision`, { decision: 'verified' });
          assert.equal(decided.statusCode, 200, decided.body);
          if (!decided.json().credited) held++;
        } else {
          const to = pick(members.filter((x) => x !== m));
          const minutes = 10 + Math.floor(rand() * 12) * 10;
          const heldBefore = Number((await db().selectFrom('volunteer_hours').select((eb) => eb.fn.countAll<number>().as('n')).where('volunteer_id', '=', m.volunteer).where('state', '=', 'verified').where('transfer_id', 'is', null).executeTakeFirstOrThrow()).n);
          const paid = await m.client.post(`${API}/time-bank/me/payments`, { payees: [{ account: to.account, minutes }] });
          assert.ok([201, 409].includes(paid.statusCode), paid.body);
          const heldAfter = Number((await db().selectFrom('volunteer_hours').select((eb) => eb.fn.countAll<number>().as('n')).where('volunteer_id', '=', m.volunteer).where('state', '=', 'verified').where('transfer_id', 'is', null).executeTakeFirstOrThrow()).n);
          if (paid.statusCode === 409) assert.equal(heldAfter, heldBefore, 'a refused payment credits nothing');
          releasedByPayment += heldBefore - heldAfter;
        }
        await invariants(`step ${step}`);
      }
      assert.ok(held > 0, 'the run held some hours back');
      assert.ok(releasedByPayment > 0, 'and payments released some');
    });

    test('held credit: a payment that makes room credits the held hours in its own transaction', async () => {
      const client = await userOf('reg-held', 'resident', village, '郑等候');
      const payee = await userOf('reg-held-payee', 'resident', village, '郑收款');
      await client.post(`${API}/volunteers/me`, {});
      await client.post(`${API}/time-bank/me`);
      const payeeAccount = (await payee.post(`${API}/time-bank/me`)).json().account.id as string;
      const verify = async (minutes: number) => {
        const claim = await client.post(`${API}/volunteers/me/hours`, { serviceDate: today(), minutes, activity: '助餐' });
        return (await worker.post(`${API}/volunteer-hours/${claim.json().id}/decision`, { decision: 'verified' })).json() as { id: string; credited: boolean };
      };
      const first = await verify(240);
      const second = await verify(120);
      assert.deepEqual([first.credited, second.credited], [true, false], 'the ceiling of 300 held the second back');
      const balance = async () => (await client.get(`${API}/time-bank/me`)).json().account.balance as number;
      assert.equal(await balance(), 240);
      const transfers = await count('time_bank_transfers');
      const small = await client.post(`${API}/time-bank/me/payments`, { payees: [{ account: payeeAccount, minutes: 30 }] });
      assert.equal(small.statusCode, 201, small.body);
      assert.equal(await balance(), 210, '210 + 120 would pass 300: still held');
      assert.equal(await count('time_bank_transfers'), transfers + 1);
      const enough = await client.post(`${API}/time-bank/me/payments`, { payees: [{ account: payeeAccount, minutes: 30 }] });
      assert.equal(enough.statusCode, 201, enough.body);
      assert.equal(await balance(), 300, '180 + the held 120');
      assert.equal(await count('time_bank_transfers'), transfers + 3);
      const row = await db().selectFrom('volunteer_hours').select('transfer_id').where('id', '=', second.id).executeTakeFirstOrThrow();
      const credit = await db().selectFrom('time_bank_transfers').selectAll().where('id', '=', row.transfer_id!).executeTakeFirstOrThrow();
      assert.deepEqual([credit.kind, credit.source_key], ['volunteerHours', `hours:${second.id}`]);
      const history = (await client.get(`${API}/time-bank/me/history`)).json();
      assert.deepEqual(history.items.slice(0, 2).map((h: { kind: string; balanceAfter: number }) => [h.kind, h.balanceAfter]), [['volunteerHours', 300], ['payment', 180]]);
    });
  });
}
