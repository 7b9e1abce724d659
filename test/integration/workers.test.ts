import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

const WORKERS = '/api/v1/workers';
/** The county seat town of 岳西县 (the demo county) and two of its communities. */
const TOWNSHIP = '340828100';
const TOWN = '340828100001';
/** A community of 迎江区: outside demo-county's scope. */
const ELSEWHERE = '340802001001';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MASKED_ID = /^[0-9]{4}\*{10}[0-9X]{4}$/;

let serial = 0;
/** A valid ID number issued in 岳西县, never the same twice in this file. */
const idNumber = () => makeIdNumber('340828', '1985-03-0' + String(1 + (serial % 9)), serial % 2 ? 'male' : 'female', 100 + 2 * serial++);

/** The last character replaced: the check character no longer fits. */
const withWrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let worker: Client;
    let social: Client;
    let elsewhere: Client;
    let village: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [admin, county, worker, social] = await Promise.all(['demo-admin', 'demo-county', 'demo-worker', 'demo-social'].map((u) => t.login(u)));
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
      const made = await admin.post('/api/v1/users', { username: 'daguan-official', displayName: '大观区民政局', password: 'Quiet-harbour-lantern-42', role: 'official', scope: '340803' });
      assert.equal(made.statusCode, 201, made.body);
      elsewhere = await t.login('daguan-official', 'Quiet-harbour-lantern-42');
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const workerCount = async (name: string) => (await db().selectFrom('workers').select('id').where('name', '=', name).execute()).length;
    const audits = async (action: string, targetId?: string) => {
      let q = db().selectFrom('audit_log').selectAll().where('action', '=', action);
      if (targetId) q = q.where('target_id', '=', targetId);
      return q.execute();
    };
    const create = (client: Client, body: Record<string, unknown>) => client.post(WORKERS, body);

    describe('a worker', () => {
      let id: string;
      let qualificationId: string;
      let number: string;

      test('is registered with a first post, numbers encrypted and shown masked, the write audited', async () => {
        number = idNumber();
        const r = await create(county, { areaCode: TOWN, name: '储晓燕', idNumber: number, phone: '138 0556 1234', post: { areaCode: TOWN, kind: 'communityWorker', title: '专职社区工作者', from: '2024-01-01' } });
        assert.equal(r.statusCode, 201, r.body);
        const w = r.json();
        id = w.id;
        assert.match(w.idNumber, MASKED_ID);
        assert.equal(w.phone, '138****1234');
        assert.equal(w.revealed, false);
        assert.deepEqual(w.currentPosts, ['communityWorker']);
        assert.equal(w.posts[0].areaName, '城东居委会');
        assert.equal(w.socialWorker, false);
        assert.equal(w.generated, false);
        const row = await db().selectFrom('workers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.ok(row.id_number_cipher && !row.id_number_cipher.includes(number), 'the ID number is stored encrypted');
        assert.ok(!row.phone_cipher!.includes('13805561234'));
        const entries = await audits('worker.create', id);
        assert.equal(entries.length, 1);
        assert.equal(entries[0]!.username, 'demo-county');
        assert.ok(!entries[0]!.details!.includes('储晓燕'), 'the audit entry does not hold the name in full');
      });

      test('a wrong ID check character is 400 naming idNumber, and nothing is written', async () => {
        const r = await create(county, { areaCode: TOWN, name: '错号甲', idNumber: withWrongCheck(idNumber()) });
        assertFieldNamed(r, 'idNumber', 'wrong_check_character');
        assert.equal(typeof (assertError(r, 400, 'validation_failed').details as { problems: { params?: { expected?: unknown } }[] }).problems[0]!.params?.expected, 'string', 'the expected check character is named');
        assert.equal(await workerCount('错号甲'), 0);
        assertFieldNamed(await create(county, { areaCode: TOWN, name: '错号乙', phone: '12345' }), 'phone', 'invalid_format');
        assertFieldNamed(await create(county, { areaCode: '340828100999', name: '错号丙' }), 'areaCode', 'unknown_reference');
        assertFieldNamed(await create(county, { areaCode: TOWN, name: '错号丁', post: { areaCode: TOWN, kind: 'stationStaff', from: '2024-01-01' } }), 'post.areaCode', 'inconsistent');
        assert.equal(await workerCount('错号乙'), 0);
      });

      test('the same ID number twice is 409', async () => {
        assertError(await create(county, { areaCode: TOWN, name: '重号', idNumber: number }), 409, 'conflict');
        assert.equal(await workerCount('重号'), 0);
      });

      test('an area or a post outside the scope is 403 and nothing is written', async () => {
        assertError(await create(county, { areaCode: ELSEWHERE, name: '越界甲' }), 403, 'forbidden');
        assertError(await create(county, { areaCode: TOWN, name: '越界乙', post: { areaCode: ELSEWHERE, kind: 'communityWorker', from: '2024-01-01' } }), 403, 'forbidden');
        // A community worker keeps their own village only.
        assertError(await create(worker, { areaCode: TOWN, name: '越界丙' }), 403, 'forbidden');
        for (const name of ['越界甲', '越界乙', '越界丙']) assert.equal(await workerCount(name), 0);
        assertError(await county.post(`${WORKERS}/${id}/posts`, { areaCode: ELSEWHERE, kind: 'communityWorker', from: '2024-01-01' }), 403, 'forbidden');
        assertError(await elsewhere.get(`${WORKERS}/${id}`), 403, 'forbidden');
        assertError(await elsewhere.get(`${WORKERS}?area=${TOWN}`), 403, 'forbidden');
        assertError(await county.get(`${WORKERS}/00000000-0000-7000-8000-000000000000`), 404, 'not_found');
        // Roles the policy leaves out.
        assertError(await (await t.login('demo-resident')).get(WORKERS), 403, 'forbidden');
        assertError(await social.post(WORKERS, { areaCode: TOWN, name: '社工无权' }), 403, 'forbidden');
        const refused = await db().selectFrom('audit_log').select('id').where('outcome', '=', 'denied').where('action', '=', 'access.refused').execute();
        assert.ok(refused.length >= 6, 'refusals are audited');
      });

      test('a declared qualification is verified by an official in scope, with the evidence and who; never out of scope, never twice', async () => {
        const declared = await county.post(`${WORKERS}/${id}/qualifications`, { level: 'assistant', certificateNumber: 'A2023340099001', year: 2023 });
        assert.equal(declared.statusCode, 200, declared.body);
        const q = declared.json().qualifications[0];
        qualificationId = q.id;
        assert.equal(q.status, 'declared');
        assert.equal(declared.json().qualification, null, 'a declared certificate does not count yet');
        assertError(await county.post(`${WORKERS}/${id}/qualifications`, { level: 'assistant', certificateNumber: 'A2023340099001', year: 2023 }), 409, 'conflict');

        const decision = { decision: 'verified', evidence: '全国社会工作者职业资格证书查询系统核对一致' };
        const url = `${WORKERS}/${id}/qualifications/${qualificationId}/decision`;
        assertError(await worker.post(url, decision), 403, 'forbidden');
        assertError(await elsewhere.post(url, decision), 403, 'forbidden');
        assertFieldNamed(await county.post(url, { decision: 'verified', evidence: '  ' }), 'evidence', 'required');
        assert.equal((await db().selectFrom('worker_qualifications').select('status').where('id', '=', qualificationId).executeTakeFirstOrThrow()).status, 'declared');

        const verified = await county.post(url, decision);
        assert.equal(verified.statusCode, 200, verified.body);
        const v = verified.json();
        assert.equal(v.qualifications[0].status, 'verified');
        assert.equal(v.qualifications[0].decidedBy, 'demo-county');
        assert.equal(v.qualifications[0].evidence, decision.evidence);
        assert.equal(v.qualification, 'assistant');
        assert.equal(v.socialWorker, true);
        assert.equal((await audits('worker.qualification_verify', id)).length, 1);
        assertError(await county.post(url, decision), 409, 'conflict');
        assertError(await county.post(`${WORKERS}/${id}/qualifications/00000000-0000-7000-8000-000000000000/decision`, decision), 404, 'not_found');
      });

      test('nobody verifies their own qualification', async () => {
        const me = (await county.get('/api/v1/auth/me')).json().user;
        const own = await create(admin, { areaCode: TOWN, name: '民政干部', userId: me.id });
        assert.equal(own.statusCode, 201, own.body);
        const withQ = await admin.post(`${WORKERS}/${own.json().id}/qualifications`, { level: 'intermediate', certificateNumber: 'B2020340000777', year: 2020 });
        const qid = withQ.json().qualifications[0].id;
        assertError(await county.post(`${WORKERS}/${own.json().id}/qualifications/${qid}/decision`, { decision: 'verified', evidence: '本人' }), 403, 'forbidden');
        assertError(await create(admin, { areaCode: TOWN, name: '重复账号', userId: me.id }), 409, 'conflict');
      });

      test('full numbers only for those who may, and each reveal is audited', async () => {
        assertError(await social.get(`${WORKERS}/${id}?reveal=true`), 403, 'forbidden');
        const r = await county.get(`${WORKERS}/${id}?reveal=true`);
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().idNumber, number);
        assert.equal(r.json().phone, '13805561234');
        assert.equal(r.json().revealed, true);
        assert.equal((await audits('worker.reveal', id)).length, 1);
        await social.get(`${WORKERS}/${id}`);
        const reads = await audits('worker.read', id);
        assert.ok(reads.some((e) => e.username === 'demo-social'), 'plain reads are audited too');
      });

      test('registration, trainings and the continuing-education requirement', async () => {
        const reg = await county.post(`${WORKERS}/${id}/registrations`, { number: 'DJ2023001', validFrom: '2023-07-01', validTo: '2026-06-30' });
        assert.equal(reg.statusCode, 200, reg.body);
        assertFieldNamed(await county.post(`${WORKERS}/${id}/registrations`, { validFrom: '2024-01-01', validTo: '2026-12-31' }), 'validFrom', 'inconsistent');
        assertFieldNamed(await county.post(`${WORKERS}/${id}/registrations`, { validFrom: '2030-01-01', validTo: '2029-12-31' }), 'validTo', 'out_of_range');
        for (const [date, hours, ce] of [['2023-09-01', 40, true], ['2024-05-10', 24, true], ['2024-06-01', 30, false], ['2022-01-01', 50, true]] as const) {
          const r = await county.post(`${WORKERS}/${id}/trainings`, { title: '社会工作实务', date, hours, continuingEducation: ce });
          assert.equal(r.statusCode, 200, r.body);
        }
        assertFieldNamed(await county.post(`${WORKERS}/${id}/trainings`, { title: '未来培训', date: '2099-01-01', hours: 8 }), 'date', 'out_of_range');
        let d = (await county.get(`${WORKERS}/${id}`)).json();
        assert.equal(d.trainings.length, 4);
        // Inside the period and counted as continuing education: 40 + 24.
        assert.deepEqual([d.registrations[0].educationHours, d.registrations[0].requiredHours, d.registrations[0].requirementMet, d.registrations[0].level], [64, 72, false, 'assistant']);
        assertError(await county.request({ method: 'PUT', url: `${WORKERS}/requirements`, payload: { assistant: 60, intermediate: 72, senior: 90 } }), 403, 'forbidden');
        const set = await admin.request({ method: 'PUT', url: `${WORKERS}/requirements`, payload: { assistant: 60, intermediate: 72, senior: 90 } });
        assert.equal(set.statusCode, 200, set.body);
        assert.equal((await audits('worker.requirements_set')).length, 1);
        d = (await county.get(`${WORKERS}/${id}`)).json();
        assert.equal(d.registrations[0].requirementMet, true);
        assert.deepEqual((await social.get(`${WORKERS}/requirements`)).json(), { assistant: 60, intermediate: 72, senior: 90 });
      });

      test('supervision links a supervisor to a supervisee, once, never oneself', async () => {
        const other = await create(county, { areaCode: TOWN, name: '督导对象', post: { areaCode: TOWN, kind: 'communityWorker', from: '2024-03-01' } });
        const otherId = other.json().id;
        const r = await county.post(`${WORKERS}/${id}/supervisions`, { superviseeId: otherId, from: '2024-04-01' });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().supervisees[0].superviseeName, '督导对象');
        assert.equal((await county.get(`${WORKERS}/${otherId}`)).json().supervisors[0].supervisorId, id);
        assertError(await county.post(`${WORKERS}/${id}/supervisions`, { superviseeId: otherId, from: '2024-05-01' }), 409, 'conflict');
        assertFieldNamed(await county.post(`${WORKERS}/${id}/supervisions`, { superviseeId: id, from: '2024-05-01' }), 'superviseeId', 'inconsistent');
        assertFieldNamed(await county.post(`${WORKERS}/${id}/supervisions`, { superviseeId: '00000000-0000-7000-8000-000000000000', from: '2024-05-01' }), 'superviseeId', 'unknown_reference');
        assert.equal((await audits('worker.supervision_add', id)).length, 1);
      });

      test('a post ends on its last day, once', async () => {
        const d = (await county.post(`${WORKERS}/${id}/posts`, { areaCode: TOWNSHIP, kind: 'stationStaff', from: '2024-02-01' })).json();
        const post = d.posts.find((p: { kind: string }) => p.kind === 'stationStaff');
        assertFieldNamed(await county.post(`${WORKERS}/${id}/posts/${post.id}/end`, { to: '2024-01-01' }), 'to', 'out_of_range');
        const ended = await county.post(`${WORKERS}/${id}/posts/${post.id}/end`, { to: '2024-12-31' });
        assert.equal(ended.statusCode, 200, ended.body);
        assert.equal(ended.json().posts.find((p: { id: string }) => p.id === post.id).current, false);
        assertError(await county.post(`${WORKERS}/${id}/posts/${post.id}/end`, { to: '2025-01-31' }), 409, 'conflict');
      });

      test('a stale version is 409; a change is audited', async () => {
        const d = (await county.get(`${WORKERS}/${id}`)).json();
        assertError(await county.patch(`${WORKERS}/${id}`, { version: d.version - 1, name: '改名' }), 409, 'conflict');
        const r = await county.patch(`${WORKERS}/${id}`, { version: d.version, name: '儲曉燕' });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal((await audits('worker.update', id)).length, 1);
        await county.patch(`${WORKERS}/${id}`, { version: r.json().version, name: '储晓燕' });
      });
    });

    describe('lists', () => {
      test('search by Simplified, Traditional and pinyin initials; filters by post and qualification; scoped', async () => {
        const names = async (client: Client, query: string) => ((await client.get(`${WORKERS}?${query}`)).json().items as { name: string }[]).map((w) => w.name);
        assert.ok((await names(county, `q=${encodeURIComponent('晓燕')}&area=${TOWN}`)).includes('储晓燕'));
        assert.ok((await names(county, `q=${encodeURIComponent('曉燕')}&area=${TOWN}`)).includes('储晓燕'), 'Traditional finds Simplified');
        assert.ok((await names(county, `q=cxy&area=${TOWN}`)).includes('储晓燕'), 'pinyin initials');
        assert.ok((await names(county, `q=${encodeURIComponent('晓燕')}&area=${TOWN}&qualification=assistant`)).includes('储晓燕'));
        assert.ok(!(await names(county, `q=${encodeURIComponent('晓燕')}&area=${TOWN}&qualification=none`)).includes('储晓燕'));
        const stations = (await county.get(`${WORKERS}?postKind=stationStaff`)).json();
        assert.ok(stations.total > 0);
        assert.ok(stations.items.every((w: { currentPosts: string[] }) => w.currentPosts.includes('stationStaff')));
        // A community worker sees their own village only.
        const own = (await worker.get(`${WORKERS}?limit=500`)).json();
        assert.ok(own.total > 0);
        assert.ok(own.items.every((w: { areaCode: string }) => w.areaCode.startsWith(village)));
        assertError(await worker.get(`${WORKERS}?area=${TOWN}`), 403, 'forbidden');
        // Paging walks every row once.
        const seen = new Set<string>();
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = (await county.get(`${WORKERS}?area=${TOWNSHIP}&limit=7${cursor ? `&cursor=${cursor}` : ''}`)).json();
          for (const w of page.items) seen.add(w.id);
          cursor = page.nextCursor;
        } while (cursor);
        assert.equal(seen.size, (await county.get(`${WORKERS}?area=${TOWNSHIP}`)).json().total);
        assertFieldNamed(await county.get(`${WORKERS}?cursor=nonsense`), 'cursor', 'invalid_cursor');
        const list = await audits('worker.read_list');
        assert.ok(list.length > 0 && list.every((e) => !e.details!.includes('晓燕')), 'list reads are audited with the search masked');
      });

      test('pending verification: the workers with a qualification declared and not yet decided, scoped; a decided one leaves the list', async () => {
        const made = await create(county, { areaCode: TOWN, name: '待核验', post: { areaCode: TOWN, kind: 'communityWorker', from: '2024-03-01' } });
        assert.equal(made.statusCode, 201, made.body);
        const pendingId = made.json().id as string;
        const declared = await county.post(`${WORKERS}/${pendingId}/qualifications`, { level: 'intermediate', certificateNumber: 'B2024340PENDING1', year: 2024 });
        assert.equal(declared.statusCode, 200, declared.body);

        const pending = async (client: Client, query = '') => (await client.get(`${WORKERS}?verification=pending&limit=500${query}`)).json() as { total: number; items: { id: string; name: string; areaCode: string }[] };
        const inTown = await pending(county, `&area=${TOWN}`);
        assert.ok(inTown.items.some((w) => w.id === pendingId), 'the worker with a declared certificate is listed');
        assert.ok(!inTown.items.some((w) => w.name === '储晓燕'), 'a worker whose certificate is verified is not');
        const ids = inTown.items.map((w) => w.id);
        const declaredOf = new Set(
          (await db().selectFrom('worker_qualifications').select('worker_id').where('status', '=', 'declared').where('worker_id', 'in', ids).execute()).map((r) => r.worker_id),
        );
        assert.deepEqual(ids.filter((id) => !declaredOf.has(id)), [], 'every listed worker has a declared qualification');
        const allInTown = (await county.get(`${WORKERS}?area=${TOWN}&limit=500`)).json().items as { id: string }[];
        const expected = (await db().selectFrom('worker_qualifications').select('worker_id').distinct().where('status', '=', 'declared').where('worker_id', 'in', allInTown.map((w) => w.id)).execute()).length;
        assert.equal(inTown.total, expected, 'and every such worker of the area is listed');

        // Scoped: the village's community worker sees pending workers of their village only, never the town's.
        const own = await pending(worker);
        assert.ok(own.items.every((w) => w.areaCode.startsWith(village)));
        assert.ok(!own.items.some((w) => w.id === pendingId));
        assertError(await worker.get(`${WORKERS}?verification=pending&area=${TOWN}`), 403, 'forbidden');
        assertFieldNamed(await county.get(`${WORKERS}?verification=verified`), 'verification');

        // Once decided (here rejected), the worker leaves the queue; the export follows the same filter.
        const qualificationId = declared.json().qualifications[0].id as string;
        const decided = await county.post(`${WORKERS}/${pendingId}/qualifications/${qualificationId}/decision`, { decision: 'rejected', evidence: '证书编号查询不到' });
        assert.equal(decided.statusCode, 200, decided.body);
        assert.ok(!(await pending(county, `&area=${TOWN}`)).items.some((w) => w.id === pendingId));
        const exported = await county.get(`${WORKERS}/export?area=${TOWN}&verification=pending&format=xlsx`);
        assert.equal(exported.statusCode, 200, exported.body);
      });

      test('the workforce map: every community of the area, its workers in post by the filters, and whether a social worker is in post; scoped', async () => {
        const map = await county.get(`${WORKERS}/map?area=${TOWNSHIP}`);
        assert.equal(map.statusCode, 200, map.body);
        const body = map.json() as { truncated: boolean; communities: { code: string; name: string; lon: number | null; workers: number; socialWorker: boolean }[] };
        assert.equal(body.truncated, false);
        const communities = await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${TOWNSHIP}%`).execute();
        assert.deepEqual(body.communities.map((c) => c.code).sort(), communities.map((c) => c.code).sort(), 'every community of the township, once');
        const town = body.communities.find((c) => c.code === TOWN)!;
        assert.equal(town.name, '城东居委会');
        assert.equal(town.socialWorker, true, '储晓燕, verified above, is in post there');
        const day = todayInChina();
        const held = await db()
          .selectFrom('worker_posts')
          .select('worker_id')
          .distinct()
          .where('area_code', '=', TOWN)
          .where('from_date', '<=', day)
          .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', day)]))
          .execute();
        assert.equal(town.workers, held.length, 'workers in post in the community today');
        // By post and qualification: the filters narrow the counts, never the communities.
        const social = (await county.get(`${WORKERS}/map?area=${TOWNSHIP}&postKind=socialWorker`)).json() as typeof body;
        assert.equal(social.communities.length, body.communities.length);
        assert.ok(social.communities.every((c) => c.workers <= body.communities.find((b) => b.code === c.code)!.workers));
        const assistants = (await county.get(`${WORKERS}/map?area=${TOWN}&qualification=assistant`)).json() as typeof body;
        assert.ok(assistants.communities[0]!.workers >= 1, '储晓燕 holds a verified assistant level');
        const none = (await county.get(`${WORKERS}/map?area=${TOWN}&qualification=none`)).json() as typeof body;
        assert.ok(none.communities[0]!.workers < town.workers, 'a verified worker is not among those without a qualification');
        // Scoped: the village's worker sees their village; an area outside is 403; a bad filter is 400 naming it.
        const own = (await worker.get(`${WORKERS}/map`)).json() as typeof body;
        assert.ok(own.communities.length > 0 && own.communities.every((c) => c.code.startsWith(village)));
        assertError(await worker.get(`${WORKERS}/map?area=${TOWN}`), 403, 'forbidden');
        assertError(await elsewhere.get(`${WORKERS}/map?area=${TOWNSHIP}`), 403, 'forbidden');
        assertFieldNamed(await county.get(`${WORKERS}/map?postKind=mayor`), 'postKind');
      });

      test('the demo social worker reads their own profile', async () => {
        const me = await social.get(`${WORKERS}/me`);
        assert.equal(me.statusCode, 200, me.body);
        assert.deepEqual(me.json().currentPosts, ['stationStaff']);
        assertError(await worker.get(`${WORKERS}/me`), 404, 'not_found');
      });

      test('export as XLSX: masked numbers, the filters applied, audited', async () => {
        const r = await county.get(`${WORKERS}/export?area=${TOWN}&format=xlsx`);
        assert.equal(r.statusCode, 200);
        assert.equal(r.headers['content-type'], XLSX);
        const sheet = await readSheet(r.rawPayload);
        const header = sheet[0] as string[];
        const row = sheet.find((x) => x[3] === '储晓燕')!;
        assert.ok(row, 'the worker is in the export');
        assert.match(String(row[header.indexOf('身份证号（脱敏）')]), MASKED_ID);
        assert.equal(row[header.indexOf('身份证号')], null);
        assert.ok((await audits('worker.read_export')).length >= 1);
        assertError(await county.get(`${WORKERS}/export?area=340802`), 403, 'forbidden');
      });
    });

    describe('import', () => {
      const header = ['登记地区代码', '姓名', '身份证号', '联系电话', '岗位所在地区代码', '岗位类型', '任职日期', '资格等级', '证书编号', '取得年份'];
      const xlsx = (rows: string[][]) => writeXlsxFile([header, ...rows].map((r) => r.map((v) => ({ value: v, type: String }))) as never).toBuffer();
      const importFile = (client: Client, body: Buffer, query = '') =>
        client.request({ method: 'POST', url: `${WORKERS}/import${query}`, payload: body, headers: { 'content-type': XLSX } });

      test('all or nothing: a bad row rejects the file with the row and column named, nothing written', async () => {
        const file = await xlsx([
          [TOWN, '导入甲', idNumber(), '13905560001', TOWN, '社区工作者', '2024-02-01', '', '', ''],
          [TOWN, '导入乙', withWrongCheck(idNumber()), '', '', '', '', '', '', ''],
          [TOWN, '导入丙', '', '', TOWN, '会计', '2024-02-01', '', '', ''],
          [ELSEWHERE, '导入丁', '', '', '', '', '', '', '', ''],
          [TOWN, '导入戊', '', '', '', '', '', '社会工作师', 'B2021340000555', '2021'],
        ]);
        const r = await importFile(county, file);
        const error = assertError(r, 400, 'import_rejected');
        const report = error.details as { rows: number; rejected: number; problems: { row: number; field: string; column: string | null }[] };
        assert.equal(report.rows, 5);
        assert.equal(report.rejected, 3);
        assert.ok(report.problems.some((p) => p.row === 3 && p.field === 'idNumber'));
        assert.ok(report.problems.some((p) => p.row === 4 && p.field === 'post.kind' && p.column === '岗位类型'));
        assert.ok(report.problems.some((p) => p.row === 5 && p.field === 'areaCode'));
        // Every problem carries a stable code and the values its sentence holds (the wizard translates them).
        const coded = report.problems as { row: number; field: string; code?: string; params?: Record<string, unknown> }[];
        const wrongCheck = coded.find((p) => p.row === 3 && p.field === 'idNumber')!;
        assert.equal(wrongCheck.code, 'wrong_check_character');
        assert.equal(typeof wrongCheck.params?.expected, 'string');
        assert.deepEqual(coded.find((p) => p.row === 4 && p.field === 'post.kind')?.params, { value: '会计' });
        assert.equal(coded.find((p) => p.row === 4 && p.field === 'post.kind')?.code, 'not_allowed');
        assert.deepEqual(
          coded.filter((p) => p.row === 5).map((p) => [p.field, p.code, p.params]),
          [['areaCode', 'not_in_scope', { code: ELSEWHERE }]],
        );
        for (const name of ['导入甲', '导入乙', '导入丙', '导入丁', '导入戊']) assert.equal(await workerCount(name), 0);

        const good = await importFile(county, file, '?mode=goodRowsOnly');
        assert.equal(good.statusCode, 200, good.body);
        assert.equal(good.json().created, 2);
        assert.equal(await workerCount('导入甲'), 1);
        const imported = (await county.get(`${WORKERS}/${good.json().ids[1]}`)).json();
        assert.equal(imported.qualifications[0].status, 'declared', 'an imported certificate waits for verification');
        assert.equal((await audits('worker.import')).length, 1);
      });

      test('bad cells: each row problem has its code and params', async () => {
        const id = idNumber();
        const file = await xlsx([
          ['12ab', '编码甲', '', '', '', '', '', '', '', ''],
          [TOWN, '编码乙', '', '', TOWN, '社区工作者', '2024-13', '', '', ''],
          [TOWN, '编码丙', '', '', '', '', '', '社会工作师', 'B2021340000777', '一九'],
          [TOWN, '编码丁', '', '', '', '', '', '高工', 'B2021340000778', '1999'],
          [TOWN, '编码戊', id, '', '', '', '', '', '', ''],
          [TOWN, '编码己', id, '', '', '', '', '', '', ''],
          ['340828999999', '编码庚', '', '', '', '', '', '', '', ''],
        ]);
        const error = assertError(await importFile(county, file), 400, 'import_rejected');
        const problems = (error.details as { problems: { row: number; field: string; column: string | null; code: string; params?: Record<string, unknown> }[] }).problems;
        const at = (row: number) => problems.filter((p) => p.row === row).map((p) => [p.field, p.column, p.code, p.params ?? null]);
        assert.deepEqual(at(2), [['areaCode', '登记地区代码', 'invalid_format', { value: '12ab' }]]);
        assert.deepEqual(at(3), [['post.from', '任职日期', 'invalid_format', { value: '2024-13' }]]);
        assert.deepEqual(at(4), [['qualification.year', '取得年份', 'invalid_type', { value: '一九' }]]);
        assert.deepEqual(at(5), [
          ['qualification.level', '资格等级', 'not_allowed', { value: '高工' }],
          ['qualification.year', '取得年份', 'out_of_range', { value: '1999', min: 2006, max: 2100 }],
        ]);
        assert.deepEqual(at(6), []);
        assert.deepEqual(at(7), [['idNumber', null, 'duplicate', { row: 6 }]]);
        assert.deepEqual(at(8), [['areaCode', null, 'unknown_reference', { code: '340828999999' }]]);
        assert.ok(problems.every((p) => !JSON.stringify(p.params ?? {}).includes(id)), 'no ID number in params');
      });

      test('a failure part way leaves the registry as it was', async () => {
        // The import's own audit entry, written last in its transaction, is refused.
        await sql`create table test_refusals (action varchar(64) primary key)`.execute(db());
        if (dialect === 'sqlite') {
          await sql`create trigger test_refuse before insert on audit_log when exists (select 1 from test_refusals where action = new.action) begin select raise(abort, 'refused by the test'); end`.execute(db());
        } else {
          await sql`create function test_refuse() returns trigger language plpgsql as $$ begin if exists (select 1 from test_refusals where action = new.action) then raise exception 'refused by the test'; end if; return new; end $$`.execute(db());
          await sql`create trigger test_refuse before insert on audit_log for each row execute function test_refuse()`.execute(db());
        }
        await sql`insert into test_refusals (action) values ('worker.import')`.execute(db());
        try {
          const before = (await db().selectFrom('workers').select('id').execute()).length;
          const file = await xlsx([
            [TOWN, '中断甲', idNumber(), '', TOWN, '社区工作者', '2024-02-01', '助理社会工作师', 'A2024340000901', '2024'],
            [TOWN, '中断乙', idNumber(), '', '', '', '', '', '', ''],
          ]);
          const r = await importFile(county, file);
          assert.equal(r.statusCode, 500, r.body);
          assert.equal((await db().selectFrom('workers').select('id').execute()).length, before);
          assert.equal(await workerCount('中断甲'), 0);
          assert.equal((await db().selectFrom('worker_qualifications').select('id').where('certificate_number', '=', 'A2024340000901').execute()).length, 0);
        } finally {
          await sql`delete from test_refusals`.execute(db());
        }
      });

      test('the template names the columns', async () => {
        const r = await county.get(`${WORKERS}/import-template?format=xlsx`);
        assert.equal(r.statusCode, 200);
        const sheet = await readSheet(r.rawPayload);
        assert.deepEqual((sheet[0] as string[]).slice(0, 3), ['登记地区代码', '姓名', '身份证号']);
      });
    });

    describe('indicators', () => {
      test('the demo city has values for every workforce indicator, urban above rural', async () => {
        const city = await t.login('demo-city');
        for (const code of ['social_worker_presence', 'social_workers_per_10000', 'social_work_certificate_share']) {
          const urban = (await city.get(`/api/v1/indicators/${code}/values?split=urban`)).json().area;
          const rural = (await city.get(`/api/v1/indicators/${code}/values?split=rural`)).json().area;
          assert.equal(urban.status, 'value', code);
          assert.ok(urban.value > rural.value, `${code}: urban ${urban.value} > rural ${rural.value}`);
        }
        const perUrban = (await city.get('/api/v1/indicators/community_workers_per_10000_urban/values?split=urban')).json().area;
        assert.equal(perUrban.status, 'value');
        assert.ok(perUrban.value > 0);
      });

      test('on a small fixture the values are what the rules say', async () => {
        // The township's generated workers go; four communities get known ones.
        const communities = await db()
          .selectFrom('areas')
          .select(['code', sql<string>`coalesce(kind_override, kind)`.as('kind')])
          .where('parent_code', '=', TOWNSHIP)
          .orderBy('code')
          .execute();
        const urban = communities.filter((c) => c.kind === 'urban').map((c) => c.code);
        const rural = communities.filter((c) => c.kind === 'rural').map((c) => c.code);
        const [u1, u2] = urban;
        const [r1] = rural;
        const mine = db().selectFrom('workers').select('id').where('area_code', 'like', `${TOWNSHIP}%`);
        await db().deleteFrom('worker_supervisions').where((eb) => eb.or([eb('supervisor_id', 'in', mine), eb('supervisee_id', 'in', mine)])).execute();
        for (const table of ['worker_trainings', 'worker_registrations', 'worker_qualifications', 'worker_posts'] as const) await db().deleteFrom(table).where('worker_id', 'in', mine).execute();
        await db().deleteFrom('worker_posts').where('area_code', 'like', `${TOWNSHIP}%`).execute();
        await db().deleteFrom('workers').where('area_code', 'like', `${TOWNSHIP}%`).execute();

        const add = async (name: string, posts: { areaCode: string; kind: string }[], qualification?: 'verified' | 'declared') => {
          const [first, ...more] = posts;
          const r = await create(county, { areaCode: first!.areaCode, name, post: { ...first, from: '2024-01-01' } });
          assert.equal(r.statusCode, 201, r.body);
          const wid = r.json().id;
          for (const p of more) assert.equal((await county.post(`${WORKERS}/${wid}/posts`, { ...p, from: '2024-01-01' })).statusCode, 200);
          if (qualification) {
            const q = (await county.post(`${WORKERS}/${wid}/qualifications`, { level: 'assistant', certificateNumber: `FX${name}`, year: 2022 })).json().qualifications[0];
            if (qualification === 'verified') assert.equal((await county.post(`${WORKERS}/${wid}/qualifications/${q.id}/decision`, { decision: 'verified', evidence: '核对' })).statusCode, 200);
          }
        };
        await add('夹具甲', [{ areaCode: u1!, kind: 'communityWorker' }], 'verified');
        await add('夹具乙', [{ areaCode: u1!, kind: 'communityWorker' }]);
        await add('夹具丙', [{ areaCode: r1!, kind: 'socialWorker' }]);
        await add('夹具丁', [{ areaCode: u2!, kind: 'communityWorker' }], 'declared');
        // In two communities: half in each.
        await add('夹具戊', [{ areaCode: u1!, kind: 'communityWorker' }, { areaCode: r1!, kind: 'communityWorker' }]);
        // A township post counts in no community.
        await add('夹具己', [{ areaCode: TOWNSHIP, kind: 'stationStaff' }], 'verified');

        const year = await db().selectFrom('area_statistics').select((eb) => eb.fn.max('year').as('year')).executeTakeFirstOrThrow();
        const stats = await db().selectFrom('area_statistics').select(['area_code', 'resident_population']).where('year', '=', Number(year.year)).where('area_code', 'like', `${TOWNSHIP}%`).execute();
        const population = (codes: string[]) => stats.filter((s) => codes.includes(s.area_code)).reduce((sum, s) => sum + s.resident_population, 0);
        const value = async (code: string, split: string) => {
          const r = await county.get(`/api/v1/indicators/${code}/values?area=${TOWNSHIP}&split=${split}`);
          assert.equal(r.statusCode, 200, r.body);
          return r.json().area as { status: string; value: number; numerator: number; denominator: number };
        };
        const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

        let v = await value('social_worker_presence', 'all');
        assert.deepEqual([v.numerator, v.denominator], [2, communities.length]);
        v = await value('social_worker_presence', 'urban');
        assert.deepEqual([v.numerator, v.denominator], [1, urban.length]);
        v = await value('social_worker_presence', 'rural');
        assert.deepEqual([v.numerator, v.denominator], [1, rural.length]);

        v = await value('social_workers_per_10000', 'all');
        close(v.numerator, 2);
        close(v.value, (2 * 10_000) / population([...urban, ...rural]));

        // Community workers: 甲, 乙 and half of 戊 in u1, 丁 (declared only) in u2; 丙 and half of 戊 in r1.
        v = await value('community_workers_per_10000_urban', 'urban');
        close(v.numerator, 3.5);
        close(v.value, (3.5 * 10_000) / population(urban));

        v = await value('social_work_certificate_share', 'all');
        close(v.numerator, 1);
        close(v.denominator, 5);
        close(v.value, 20);
        v = await value('social_work_certificate_share', 'urban');
        close(v.value, 100 / 3.5);
        v = await value('social_work_certificate_share', 'rural');
        assert.deepEqual([v.status, v.value], ['value', 0]);
      });
    });
  });
}
