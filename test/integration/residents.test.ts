import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const PERSONS = '/api/v1/persons';
const HOUSEHOLDS = '/api/v1/households';
/** A town community of 岳西县, outside the demo worker's village. */
const TOWN = '340828100001';
/** A community of 迎江区: outside the county. */
const ELSEWHERE = '340802001001';
const MASKED_ID = /^[0-9]{4}\*{10}[0-9X]{4}$/;

const csv = (rows: string[]) => Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
const CSV_HEADER = '户编号,社区代码,住址,姓名,性别,出生日期,身份证号,联系电话,与户主关系,居住状态,外出去向,外出时间,农民工,残疾类别,残疾等级';

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let city: Client;
    let worker: Client;
    let social: Client;
    let agent: Client;
    let resident: Client;
    let village: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [admin, county, city, worker, social, agent, resident] = await Promise.all(
        ['demo-admin', 'demo-county', 'demo-city', 'demo-worker', 'demo-social', 'demo-agent', 'demo-resident'].map((u) => t.login(u)),
      );
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    let sequence = 100;
    const idFor = (birthDate: string, sex: 'male' | 'female') => makeIdNumber('340828', birthDate, sex, (sequence += 2));
    async function household(client: Client, areaCode = village, number?: string) {
      const response = await client.post(HOUSEHOLDS, { areaCode, address: '测试组1号', ...(number ? { number } : {}) });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; version: number };
    }
    async function person(client: Client, body: Record<string, unknown>) {
      const response = await client.post(PERSONS, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; version: number; idNumber: string | null; phone: string | null; leftBehind: { id: string; kind: string; status: string }[] };
    }

    describe('the seeded registry and residents', () => {
      test('the demo resident sees their own household and nobody else', async () => {
        const list = await resident.get(PERSONS);
        assert.equal(list.statusCode, 200, list.body);
        const items = list.json().items as { id: string; householdId: string; name: string; generated: boolean }[];
        assert.equal(items.length, 6);
        assert.ok(items.every((p) => p.householdId === items[0]!.householdId && p.generated));
        // Whatever they ask for, the list stays their household.
        const asked = await resident.get(`${PERSONS}?area=340828`);
        assert.equal(asked.json().total, 6);
        const households = await resident.get(HOUSEHOLDS);
        assert.equal(households.json().total, 1);
        assert.equal(households.json().items[0].members, 6);

        const villagers = await worker.get(`${PERSONS}?limit=500`);
        assert.ok(villagers.json().total > 100, 'the demo village has a registry of its own');
        const stranger = (villagers.json().items as { id: string; householdId: string }[]).find((p) => p.householdId !== items[0]!.householdId)!;
        assertError(await resident.get(`${PERSONS}/${stranger.id}`), 403, 'forbidden');
        assertError(await resident.get(`${HOUSEHOLDS}/${stranger.householdId}`), 403, 'forbidden');
        assert.equal((await resident.get(`${PERSONS}/${items[0]!.id}`)).statusCode, 200);
        assertError(await resident.get(`${PERSONS}/${items[0]!.id}?reveal=true`), 403, 'forbidden');
        assertError(await resident.post(PERSONS, { areaCode: village, name: '某某', sex: 'male', birthDate: '1990-01-01', relation: 'other' }), 403, 'forbidden');
      });

      test('roles outside the registry are refused', async () => {
        assertError(await agent.get(PERSONS), 403, 'forbidden');
        assertError(await t.anonymous.get(PERSONS), 401, 'unauthenticated');
      });
    });

    describe('personal data', () => {
      let id: string;
      const birthDate = '1984-02-29';
      let idNumber: string;

      test('a person is created with ID and phone numbers, answered masked', async () => {
        const h = await household(worker);
        idNumber = idFor(birthDate, 'male');
        const created = await person(worker, { householdId: h.id, name: '储大海', idNumber, phone: '138 1234 5678', relation: 'head' });
        id = created.id;
        assert.match(created.idNumber!, MASKED_ID);
        assert.equal(created.idNumber, `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
        assert.equal(created.phone, '138****5678');
        const detail = (await worker.get(`${PERSONS}/${id}`)).json();
        assert.equal(detail.birthDate, birthDate, 'sex and birth date come from the ID number');
        assert.equal(detail.sex, 'male');
        assert.equal(detail.personalDataRevealed, false);
        const h2 = (await worker.get(`${HOUSEHOLDS}/${h.id}`)).json();
        assert.equal(h2.headPersonId, id);
        assert.match(h2.persons[0].idNumber, MASKED_ID);
      });

      test('every reader sees it masked; revealing is for admins, officials and community workers, and audited', async () => {
        for (const client of [admin, county, city, worker, social]) {
          const r = await client.get(`${PERSONS}/${id}`);
          assert.equal(r.statusCode, 200, r.body);
          assert.match(r.json().idNumber, MASKED_ID);
          assert.equal(r.json().phone, '138****5678');
        }
        const before = (await db().selectFrom('audit_log').select('id').where('action', '=', 'person.reveal').execute()).length;
        for (const client of [admin, county, worker]) {
          const r = await client.get(`${PERSONS}/${id}?reveal=true`);
          assert.equal(r.statusCode, 200, r.body);
          assert.equal(r.json().idNumber, idNumber);
          assert.equal(r.json().phone, '13812345678');
          assert.equal(r.json().personalDataRevealed, true);
        }
        const reveals = await db().selectFrom('audit_log').selectAll().where('action', '=', 'person.reveal').where('target_id', '=', id).execute();
        assert.equal(reveals.length - 0, before + 3);
        assert.deepEqual(reveals.map((r) => r.username).sort(), ['demo-admin', 'demo-county', 'demo-worker']);
        assert.ok(reveals.every((r) => !r.details!.includes(idNumber)));
        assertError(await social.get(`${PERSONS}/${id}?reveal=true`), 403, 'forbidden');
      });

      test('search by full ID number, phone number, pinyin initials and name', async () => {
        const byId = (await worker.get(`${PERSONS}?q=${idNumber}`)).json();
        assert.deepEqual(byId.items.map((p: { id: string }) => p.id), [id]);
        const byLowerX = (await county.get(`${PERSONS}?q=${encodeURIComponent('13812345678')}`)).json();
        assert.ok(byLowerX.items.some((p: { id: string }) => p.id === id));
        const byInitials = (await worker.get(`${PERSONS}?q=cdh`)).json();
        assert.ok(byInitials.items.some((p: { id: string }) => p.id === id));
        const byName = (await worker.get(`${PERSONS}?q=${encodeURIComponent('储大')}`)).json();
        assert.ok(byName.items.some((p: { id: string }) => p.id === id));
        const other = (await worker.get(`${PERSONS}?q=${makeIdNumber('340828', '1984-02-29', 'male', 999)}`)).json();
        assert.equal(other.total, 0);
      });

      test('filters: sex, age range, status', async () => {
        const age = (await worker.get(`${PERSONS}/${id}`)).json().age as number;
        const men = (await worker.get(`${PERSONS}?sex=male&ageMin=${age}&ageMax=${age + 1}&limit=500`)).json();
        assert.ok(men.items.some((p: { id: string }) => p.id === id));
        assert.ok(men.items.every((p: { sex: string; age: number }) => p.sex === 'male' && p.age >= age && p.age <= age + 1));
        const younger = (await worker.get(`${PERSONS}?ageMax=${age - 1}&limit=500`)).json();
        assert.ok(!younger.items.some((p: { id: string }) => p.id === id));
        const away = (await worker.get(`${PERSONS}?status=outflow&limit=500`)).json();
        assert.ok(away.total > 0 && away.items.every((p: { residenceStatus: string }) => p.residenceStatus === 'outflow'));
        assertFieldNamed(await worker.get(`${PERSONS}?ageMin=50&ageMax=40`), 'ageMin');
      });

      test('a second person with the same ID number is refused with 409', async () => {
        const r = await worker.post(PERSONS, { areaCode: village, name: '储小海', idNumber, relation: 'other' });
        assertError(r, 409, 'conflict');
        const lower = await admin.post(PERSONS, { areaCode: TOWN, name: '储小海', idNumber: idNumber.toLowerCase(), relation: 'other' });
        assert.ok([409, 400].includes(lower.statusCode));
        if (idNumber.endsWith('X')) assertError(lower, 409, 'conflict');
      });

      test('an ID number must be valid and agree with the birth date and sex (400 naming idNumber)', async () => {
        const bad = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;
        // A wrong check character: its code and the character expected, which the web puts in the user's words.
        const wrongCheck = await worker.post(PERSONS, { areaCode: village, name: '甲', idNumber: bad, relation: 'other' });
        assertFieldNamed(wrongCheck, 'idNumber', 'wrong_check_character');
        assert.deepEqual(wrongCheck.json().error.details.problems[0].params, { expected: idNumber[17] });
        const woman = idFor('1990-05-05', 'female');
        assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '乙', idNumber: woman, sex: 'male', relation: 'other' }), 'idNumber');
        assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '丙', idNumber: woman, birthDate: '1990-05-06', relation: 'other' }), 'idNumber');
        assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '丁', sex: 'male', birthDate: '2023-02-29', relation: 'other' }), 'birthDate');
        assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '戊', sex: 'male', birthDate: '1990-01-01', phone: '12345', relation: 'other' }), 'phone');
        assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '己', sex: 'male', birthDate: '1990-01-01', residenceStatus: 'outflow', relation: 'other' }), 'awayTo');
      });

      test('updates carry the version; a stale one answers 409; every change is in the history, numbers masked', async () => {
        const current = (await worker.get(`${PERSONS}/${id}`)).json();
        const updated = await worker.patch(`${PERSONS}/${id}`, { version: current.version, phone: '13987654321', hardship: 'lowIncome' });
        assert.equal(updated.statusCode, 200, updated.body);
        assert.equal(updated.json().version, current.version + 1);
        assert.equal(updated.json().phone, '139****4321');
        const stale = await worker.patch(`${PERSONS}/${id}`, { version: current.version, notes: '迟到的修改' });
        assertError(stale, 409, 'conflict');
        assert.equal((await worker.get(`${PERSONS}/${id}`)).json().notes, null);
        const history = (await social.get(`${PERSONS}/${id}/history`)).json();
        assert.deepEqual(history.items.map((e: { action: string }) => e.action), ['create', 'update']);
        const change = history.items[1].changes;
        assert.deepEqual(change.phone, { from: '138****5678', to: '139****4321' });
        assert.deepEqual(change.hardship, { from: null, to: 'lowIncome' });
        assert.equal(history.items[1].username, 'demo-worker');
        assert.ok(!JSON.stringify(history).includes('13987654321'));
        const another = await person(worker, { areaCode: village, name: '储二海', sex: 'male', birthDate, relation: 'other' });
        assertError(await worker.patch(`${PERSONS}/${another.id}`, { version: another.version, idNumber }), 409, 'conflict');
      });

      test('scope: outside their area workers get 403; county officials see the whole county', async () => {
        const townPerson = await person(admin, { areaCode: TOWN, name: '汪城东', sex: 'female', birthDate: '1970-03-03', relation: 'other' });
        assertError(await worker.get(`${PERSONS}/${townPerson.id}`), 403, 'forbidden');
        assertError(await worker.patch(`${PERSONS}/${townPerson.id}`, { version: 1, notes: 'x' }), 403, 'forbidden');
        assert.equal((await county.get(`${PERSONS}/${townPerson.id}`)).statusCode, 200);
        assertError(await worker.get(`${PERSONS}?area=${TOWN}`), 403, 'forbidden');
        const list = (await worker.get(`${PERSONS}?limit=500`)).json();
        assert.ok(list.items.every((p: { areaCode: string }) => p.areaCode === village));
        assertError(await county.get(`${PERSONS}?area=${ELSEWHERE}`), 403, 'forbidden');
        // Officials read but do not write.
        assertError(await county.patch(`${PERSONS}/${townPerson.id}`, { version: 1, notes: 'x' }), 403, 'forbidden');
      });
    });

    describe('duplicates and merging', () => {
      test('same name and birth date in one county are listed; merging keeps both histories', async () => {
        const a = await person(worker, { areaCode: village, name: '程重名', sex: 'female', birthDate: '1979-09-09', phone: '13700001111', relation: 'other' });
        const bId = idFor('1979-09-09', 'female');
        const b = await person(admin, { areaCode: TOWN, name: '程重名', birthDate: '1979-09-09', idNumber: bId, relation: 'other' });
        await worker.patch(`${PERSONS}/${a.id}`, { version: a.version, notes: '在村里登记' });
        const groups = (await county.get('/api/v1/persons/duplicates?area=340828&limit=500')).json();
        const group = groups.items.find((g: { name: string }) => g.name === '程重名');
        assert.ok(group, JSON.stringify(groups.items.map((g: { name: string }) => g.name)));
        assert.equal(group.county, '340828');
        assert.deepEqual(group.persons.map((p: { id: string }) => p.id).sort(), [a.id, b.id].sort());
        // The village worker sees only the half in their scope, so no pair.
        const own = (await worker.get('/api/v1/persons/duplicates?limit=500')).json();
        assert.ok(!own.items.some((g: { name: string }) => g.name === '程重名'));
        assertError(await resident.get('/api/v1/persons/duplicates'), 403, 'forbidden');
        // A cursor this API did not give out (one too large for an offset was a 500): 400 naming it.
        for (const cursor of ['99999999999999999999', '-1', 'x', Buffer.from('[1e300]').toString('base64url')]) {
          assertFieldNamed(await county.get(`/api/v1/persons/duplicates?area=340828&cursor=${cursor}`), 'cursor', 'invalid_cursor');
        }

        assertError(await worker.post('/api/v1/persons/merge', { keep: a.id, remove: b.id }), 403, 'forbidden');
        const merged = await admin.post('/api/v1/persons/merge', { keep: a.id, remove: b.id });
        assert.equal(merged.statusCode, 200, merged.body);
        assert.match(merged.json().idNumber, MASKED_ID, 'the kept record takes the ID number it lacked');
        assert.equal(merged.json().phone, '137****1111');
        assertError(await admin.get(`${PERSONS}/${b.id}`), 404, 'not_found');
        const history = (await admin.get(`${PERSONS}/${a.id}/history`)).json().items as { action: string; changes: Record<string, unknown> }[];
        assert.deepEqual(history.map((e) => e.action).sort(), ['create', 'create', 'merge', 'update']);
        const merge = history.find((e) => e.action === 'merge')!;
        assert.equal((merge.changes.removed as { id: string }).id, b.id);
        assert.equal((await admin.get(`${PERSONS}?q=${bId}`)).json().items[0].id, a.id);
      });

      test('two different ID numbers are two people: 409', async () => {
        const a = await person(admin, { areaCode: village, name: '方双', idNumber: idFor('1991-01-01', 'male'), relation: 'other' });
        const b = await person(admin, { areaCode: village, name: '方双', idNumber: idFor('1991-01-01', 'male'), relation: 'other' });
        assertError(await admin.post('/api/v1/persons/merge', { keep: a.id, remove: b.id }), 409, 'conflict');
      });
    });

    describe('import', () => {
      const mother = () => idFor('1990-04-04', 'female');
      test('the template has Chinese headers', async () => {
        const r = await worker.get('/api/v1/persons/import-template');
        assert.equal(r.statusCode, 200);
        assert.match(r.body, /户编号,社区代码,住址,户籍户,姓名,性别,出生日期,身份证号/);
        const x = await worker.get('/api/v1/persons/import-template?format=xlsx');
        assert.equal(x.statusCode, 200);
        assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
      });

      test('one bad row rejects the file with a row-by-row report; nothing is written', async () => {
        const body = csv([
          CSV_HEADER,
          `T001,${village},茶园组5号,储外出,男,1988-01-01,,,户主,流出,浙江省杭州市,2023-03-01,是,,`,
          `T001,${village},,汪留守,女,1990-04-04,${mother()},,配偶,本地,,,,,`,
          `T001,${village},,储小宝,男,2016-08-08,,,子女,,,,,,`,
          `T002,${village},茶园组6号,错日期,男,1990-02-30,,,户主,,,,,,`,
          `T003,${village},茶园组7号,错关系,女,1990-01-01,,,邻居,,,,是吗,,`,
          `T004,${ELSEWHERE},某路1号,外县人,男,1990-01-01,,,户主,,,,,,`,
        ]);
        const r = await worker.request({ method: 'POST', url: '/api/v1/persons/import', headers: { 'content-type': 'text/csv' }, payload: body });
        const error = assertError(r, 400, 'import_rejected');
        const report = error.details as { rows: number; rejected: number; created: number; problems: { row: number; field: string; column: string | null }[] };
        assert.equal(report.rows, 6);
        assert.equal(report.created, 0);
        assert.equal(report.rejected, 3);
        assert.deepEqual(report.problems.map((p) => [p.row, p.field]), [
          [5, 'birthDate'],
          [6, 'relation'],
          [6, 'migrantWorker'],
          [7, 'areaCode'],
        ]);
        assert.equal(report.problems[0]!.column, '出生日期');
        assert.equal((await db().selectFrom('persons').select('id').where('name', 'in', ['储外出', '汪留守', '储小宝']).execute()).length, 0);
      });

      test('a good file creates households grouped by number, with left-behind flags', async () => {
        const body = csv([
          CSV_HEADER,
          `T101,${village},茶园组5号,储外出,男,1988-01-01,,13811112222,户主,流出,浙江省杭州市,2023-03-01,是,,`,
          `T101,${village},,汪留守,女,1990-04-04,${mother()},,配偶,本地,,,,肢体,1`,
          `T101,${village},,储小宝,男,2016-08-08,,,子女,,,,,,`,
          `T102,${village},茶园组6号,王独居,女,1940-02-02,,,户主,,,,,,`,
        ]);
        const r = await worker.request({ method: 'POST', url: '/api/v1/persons/import', headers: { 'content-type': 'text/csv; charset=utf-8' }, payload: body });
        assert.equal(r.statusCode, 200, r.body);
        const report = r.json();
        assert.equal(report.created, 4);
        assert.equal(report.households, 2);
        const [fatherId, motherId, childId] = report.ids;
        const child = (await worker.get(`${PERSONS}/${childId}`)).json();
        const father = (await worker.get(`${PERSONS}/${fatherId}`)).json();
        assert.equal(child.householdId, father.householdId);
        const h = (await worker.get(`${HOUSEHOLDS}/${father.householdId}`)).json();
        assert.equal(h.number, 'T101');
        assert.equal(h.headPersonId, fatherId);
        // Father away as a migrant worker, mother severely disabled: the child is left behind; she is a left-behind woman.
        assert.deepEqual(child.leftBehind.map((f: { kind: string; status: string }) => [f.kind, f.status]), [['leftBehindChild', 'pending']]);
        const motherDetail = (await worker.get(`${PERSONS}/${motherId}`)).json();
        assert.deepEqual(motherDetail.leftBehind.map((f: { kind: string }) => f.kind), ['leftBehindWoman']);
        const history = (await worker.get(`${PERSONS}/${motherId}/history`)).json();
        assert.equal(history.items[0].action, 'import');
        assert.match(history.items[0].changes.idNumber.to, MASKED_ID);

        // The same ID number again is reported against its row.
        const again = await worker.request({ method: 'POST', url: '/api/v1/persons/import', headers: { 'content-type': 'text/csv' }, payload: csv([CSV_HEADER, `T103,${village},茶园组8号,重复者,女,1990-04-04,${motherDetail.idNumber ? '' : ''}${(await worker.get(`${PERSONS}/${motherId}?reveal=true`)).json().idNumber},,户主,,,,,,`]) });
        const problems = (assertError(again, 400, 'import_rejected').details as { problems: { row: number; field: string; code: string }[] }).problems;
        assert.deepEqual(problems.map((p) => [p.row, p.field, p.code]), [[2, 'idNumber', 'duplicate']]);
      });

      test('goodRowsOnly writes the good rows and reports the bad, each problem with its stable code and the value it refuses', async () => {
        const body = csv([
          CSV_HEADER,
          `T201,${village},茶园组9号,好人,男,1970-01-01,,,户主,,,,,,`,
          `T202,${village},茶园组10号,坏人,男,1970-13-01,,,户主,,,,,,`,
          `T203,${village},茶园组11号,错性别,男的,1970-01-01,,,户主,,,,,,`,
        ]);
        const r = await worker.request({ method: 'POST', url: '/api/v1/persons/import?mode=goodRowsOnly', headers: { 'content-type': 'text/csv' }, payload: body });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().created, 1);
        assert.equal(r.json().rejected, 2);
        const problems = r.json().problems as { row: number; field: string; code: string; params?: Record<string, unknown> }[];
        assert.deepEqual(
          problems.map((p) => [p.row, p.field, p.code, p.params ?? null]),
          [
            [3, 'birthDate', 'invalid_format', null],
            [4, 'sex', 'not_allowed', { value: '男的' }],
          ],
        );
      });
    });

    describe('left-behind flags', () => {
      test('workers review flags in their scope; a change of facts sends a reviewed flag back with its previous status', async () => {
        const h = await household(worker);
        const husband = await person(worker, { householdId: h.id, name: '储远行', sex: 'male', birthDate: '1985-05-05', relation: 'head', residenceStatus: 'outflow', awayTo: '上海市', awaySince: '2022-01-01', migrantWorker: true });
        const wife = await person(worker, { householdId: h.id, name: '汪守家', sex: 'female', birthDate: '1987-07-07', relation: 'spouse' });
        assert.deepEqual(wife.leftBehind.map((f) => [f.kind, f.status]), [['leftBehindWoman', 'pending']]);
        const flagId = wife.leftBehind[0]!.id;

        const pending = (await worker.get('/api/v1/left-behind?limit=500')).json();
        assert.ok(pending.items.some((f: { id: string }) => f.id === flagId));
        assert.ok(pending.items.every((f: { status: string; areaCode: string }) => f.status === 'pending' && f.areaCode === village));
        assert.ok(pending.total >= 2, 'the seeded village has pending flags too');
        assertError(await resident.get('/api/v1/left-behind'), 403, 'forbidden');
        assertError(await social.post(`/api/v1/left-behind/${flagId}/confirm`, {}), 403, 'forbidden');

        assertFieldNamed(await worker.post(`/api/v1/left-behind/${flagId}/reject`, {}), 'reason');
        const confirmed = await worker.post(`/api/v1/left-behind/${flagId}/confirm`, { reason: '走访核实' });
        assert.equal(confirmed.statusCode, 200, confirmed.body);
        assert.equal(confirmed.json().status, 'confirmed');
        assert.equal(confirmed.json().reviewedBy, 'demo-worker');
        assertError(await worker.post(`/api/v1/left-behind/${flagId}/confirm`, { version: 1 }), 409, 'conflict');

        // The husband comes home: the flag no longer applies and is back for review.
        const back = await worker.patch(`${PERSONS}/${husband.id}`, { version: husband.version, residenceStatus: 'local', awayTo: null, awaySince: null });
        assert.equal(back.statusCode, 200, back.body);
        const flag = (await worker.get('/api/v1/left-behind?limit=500')).json().items.find((f: { id: string }) => f.id === flagId);
        assert.ok(flag, 'the flag is pending again');
        assert.equal(flag.applies, false);
        assert.equal(flag.previousStatus, 'confirmed');
        assert.equal(flag.previousFacts.husband.id, husband.id);
        const rejected = await worker.post(`/api/v1/left-behind/${flagId}/reject`, { reason: '丈夫仍常年在外，只是春节回家' });
        assert.equal(rejected.json().status, 'rejected');
        const history = (await worker.get(`${PERSONS}/${wife.id}/history`)).json().items.map((e: { action: string }) => e.action);
        assert.deepEqual(history, ['create', 'leftBehind.confirm', 'leftBehind.reject']);
        const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', flagId).execute();
        assert.deepEqual(audit.map((a) => a.action).sort(), ['left_behind.confirm', 'left_behind.reject']);
      });

      test('an unreviewed flag simply follows the facts', async () => {
        const h = await household(worker);
        const grandma = await person(worker, { householdId: h.id, name: '王奶奶', sex: 'female', birthDate: '1950-01-01', relation: 'head' });
        const son = await person(worker, { householdId: h.id, name: '王儿子', sex: 'male', birthDate: '1975-01-01', relation: 'child', residenceStatus: 'outflow', awayTo: '苏州', migrantWorker: true });
        const flags = (await worker.get(`${PERSONS}/${grandma.id}`)).json().leftBehind;
        assert.deepEqual(flags.map((f: { kind: string }) => f.kind), ['leftBehindElderly']);
        await worker.patch(`${PERSONS}/${son.id}`, { version: son.version, residenceStatus: 'local', awayTo: null });
        assert.deepEqual((await worker.get(`${PERSONS}/${grandma.id}`)).json().leftBehind, []);
      });

      test('persons can be filtered by flag', async () => {
        const women = (await worker.get(`${PERSONS}?flag=leftBehindElderly&limit=500`)).json();
        assert.ok(women.total > 0);
        for (const p of women.items) {
          const detail = (await worker.get(`${PERSONS}/${p.id}`)).json();
          assert.ok(detail.leftBehind.some((f: { kind: string; status: string }) => f.kind === 'leftBehindElderly' && f.status !== 'rejected'));
        }
      });
    });

    describe('resident population', () => {
      test('from the registry where one exists, else from the statistics, saying which', async () => {
        const r = await county.get('/api/v1/residents/population?area=340828');
        assert.equal(r.statusCode, 200, r.body);
        const body = r.json();
        assert.equal(body.area.code, '340828');
        assert.equal(body.area.source, 'mixed');
        const township = body.children.find((c: { code: string }) => village.startsWith(c.code));
        assert.ok(township.communitiesFromRegistry >= 1);
        const v = (await worker.get(`/api/v1/residents/population?area=${village}`)).json();
        assert.equal(v.area.source, 'registry');
        const living = await db()
          .selectFrom('persons')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('area_code', '=', village)
          .where('residence_status', '<>', 'outflow')
          .executeTakeFirstOrThrow();
        assert.equal(v.area.residentPopulation, Number(living.n));
        const other = body.children.find((c: { code: string; source: string }) => c.source === 'statistics');
        assert.ok(other, 'townships without a registry use the statistics');
        assert.ok(other.residentPopulation > 0);
        assertError(await worker.get('/api/v1/residents/population?area=340828'), 403, 'forbidden');
      });
    });

    describe('export', () => {
      test('masked unless revealed by a role that may; a revealed export is audited', async () => {
        const masked = await worker.get(`${PERSONS}/export?q=${encodeURIComponent('汪留守')}`);
        assert.equal(masked.statusCode, 200, masked.body);
        assert.match(masked.body, /汪留守/);
        assert.match(masked.body, /[0-9]{4}\*{10}[0-9X]{4}/);
        assertError(await social.get(`${PERSONS}/export?reveal=true`), 403, 'forbidden');
        const full = await worker.get(`${PERSONS}/export?q=${encodeURIComponent('汪留守')}&reveal=true`);
        assert.equal(full.statusCode, 200);
        assert.ok(!/\*{10}/.test(full.body));
        assert.match(full.body, /19900404/);
        const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'person.export_revealed').execute();
        assert.equal(audit.length, 1);
        const xlsx = await county.get(`${PERSONS}/export?format=xlsx&flag=leftBehindChild`);
        assert.equal(xlsx.statusCode, 200);
        assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      });
    });
  });
}
