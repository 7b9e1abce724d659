import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, problemsOf } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { createDatabase } from '../../src/server/db/database.ts';
import { sweepRequests } from '../../src/server/modules/services/requests-scheduler.ts';
import { DEFAULT_SETTINGS } from '../../src/server/modules/services/requests.service.ts';

const API = '/api/v1';
const REQUESTS = `${API}/service-requests`;
/** 临时救助: decided by the township, 7 working days; fields event (single), eventDate (date), amount (number), description (text). */
const TEMPORARY_AID = 'AH-MZ-003';
/** Booking the culture centre: decided by the village, 2 working days, no materials. */
const CULTURE_ROOM = 'AH-WH-001';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082', 'hex');

const aid = (overrides: Record<string, unknown> = {}) => ({
  itemCode: TEMPORARY_AID,
  formValues: { event: 'illness', eventDate: '2026-11-02', amount: 3000, description: '突发疾病住院，医疗支出较大' },
  ...overrides,
});
const room = (overrides: Record<string, unknown> = {}) => ({
  itemCode: CULTURE_ROOM,
  formValues: { date: '2026-12-20', room: 'hall', people: 40, activity: '村民广场舞排练' },
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`service requests (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let resident: Client;
    let worker: Client;
    let county: Client;
    let agent: Client;
    let village: string;
    let residentPersonId: string;
    let neighbourId: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo', config: { attachmentMaxBytes: 4096 } });
      admin = await t.login('demo-admin');
      resident = await t.login('demo-resident');
      worker = await t.login('demo-worker');
      county = await t.login('demo-county');
      agent = await t.login('demo-agent');
      const db = t.database.handle.db;
      const user = await db.selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      village = user.scope_code;
      residentPersonId = (await db.selectFrom('persons').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow()).id;
      neighbourId = (await db.selectFrom('persons').select('id').where('area_code', '=', village).where('id', '!=', residentPersonId).orderBy('id').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const rowCounts = async () => {
      const count = async (table: 'service_requests' | 'service_request_events' | 'service_request_attachments' | 'service_request_keys' | 'audit_log') =>
        Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { requests: await count('service_requests'), events: await count('service_request_events'), attachments: await count('service_request_attachments'), keys: await count('service_request_keys') };
    };
    const step = (client: Client, id: string, body: Record<string, unknown>) => client.post(`${REQUESTS}/${id}/transitions`, body);

    test('a resident files online for themselves: routed to their township, acceptance clock running, expected date shown', async () => {
      const response = await resident.post(REQUESTS, aid());
      assert.equal(response.statusCode, 201, response.body);
      const r = response.json();
      assert.equal(r.status, 'submitted');
      assert.equal(r.channel, 'online');
      assert.equal(r.communityCode, village);
      assert.equal(r.unitCode, village.slice(0, 9));
      assert.equal(r.applicantPersonId, residentPersonId);
      assert.match(r.number, /^SR-\d{8}-[0-9A-F]{8}$/);
      assert.equal(r.clocks.acceptance.state, 'running');
      assert.equal(r.clocks.acceptance.limitDays, 2);
      assert.equal(r.clocks.processing.state, 'notStarted');
      assert.ok(r.clocks.expectedAt);
      assert.deepEqual(r.events.map((e: { kind: string }) => e.kind), ['submitted']);
      assert.ok(r.allowedActions.includes('withdraw'));
      const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', r.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['request.create']);
    });

    test('routing by the item’s level: village items to the community, county items to the county', async () => {
      const villageItem = await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }));
      assert.equal(villageItem.statusCode, 201, villageItem.body);
      assert.equal(villageItem.json().unitCode, village);
      assert.equal(villageItem.json().channel, 'window');
      assert.equal(villageItem.json().submittedBy, 'demo-worker');
      const countyItem = await worker.post(REQUESTS, { itemCode: 'AH-MZ-002', applicantPersonId: neighbourId, formValues: { careMode: 'home', selfCare: 'partial' } });
      assert.equal(countyItem.statusCode, 201, countyItem.body);
      assert.equal(countyItem.json().unitCode, village.slice(0, 6));
      // The village worker's queue holds the village item; the county's queue the county item.
      const villageQueue = (await worker.get(`${REQUESTS}/queue`)).json();
      assert.ok(villageQueue.items.some((i: { id: string }) => i.id === villageItem.json().id));
      const countyQueue = (await county.get(`${REQUESTS}/queue?unit=${village.slice(0, 6)}`)).json();
      assert.ok(countyQueue.items.some((i: { id: string }) => i.id === countyItem.json().id));
      const dues = countyQueue.items.map((i: { dueAt: string }) => i.dueAt);
      assert.deepEqual(dues, [...dues].sort());
    });

    test('bad form values: 400 naming each field with its code, nothing written', async () => {
      const before = await rowCounts();
      const response = await resident.post(REQUESTS, aid({ formValues: { event: 'meteor', eventDate: '2026-02-30', amount: 'lots', unknownThing: 1 } }));
      const problems = problemsOf(assertError(response, 400));
      const byField = Object.fromEntries(problems.map((p) => [p.field, p.code]));
      assert.equal(byField['formValues.event'], 'not_allowed');
      assert.equal(byField['formValues.eventDate'], 'invalid_format');
      assert.equal(byField['formValues.amount'], 'invalid_type');
      assert.equal(byField['formValues.description'], 'required');
      assert.equal(byField['formValues.unknownThing'], 'unknown_field');
      assertError(await resident.post(REQUESTS, aid({ itemCode: 'NO-SUCH-ITEM' })), 404);
      const channel = problemsOf(assertError(await resident.post(REQUESTS, aid({ channel: 'phone' })), 400));
      assert.equal(channel[0]!.field, 'channel');
      const material = problemsOf(assertError(await resident.post(REQUESTS, aid({ materials: [{ material: 'nothing', received: true }] })), 400));
      assert.equal(material[0]!.field, 'materials.0.material');
      assert.deepEqual(await rowCounts(), before);
    });

    test('scope: a resident files only for themselves; staff outside the community are refused (403)', async () => {
      assertError(await resident.post(REQUESTS, aid({ applicantPersonId: neighbourId })), 403);
      const elsewhere = await admin.get(`${API}/areas/${village.slice(0, 6)}/children`);
      const otherTownship = elsewhere.json().items.map((a: { code: string }) => a.code).find((c: string) => c !== village.slice(0, 9));
      const other = await t.database.handle.db.selectFrom('users').select('id').where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
      assert.ok(other.id);
      // The worker of the village names a community of another township.
      const refused = await worker.post(REQUESTS, aid({ applicantPersonId: neighbourId, communityCode: `${otherTownship}001` }));
      assert.ok([400, 403].includes(refused.statusCode), refused.body);
      // Another resident's request is hidden from a resident (404), and from an agent who did not file it.
      const mine = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      assertError(await resident.get(`${REQUESTS}/${mine.id}`), 404);
      assertError(await agent.get(`${REQUESTS}/${mine.id}`), 404);
      const list = (await resident.get(REQUESTS)).json();
      assert.ok(list.items.length >= 1);
      assert.ok(list.items.every((i: { id: string }) => i.id !== mine.id));
      // The resident may not take the unit's steps.
      assertError(await step(resident, mine.id, { action: 'accept' }), 403);
    });

    test('an agent files only under a valid mandate (403 mandate_required)', async () => {
      const response = await agent.post(REQUESTS, aid({ applicantPersonId: neighbourId }));
      const error = assertError(response, 403, 'mandate_required');
      assert.ok(error.message.length > 0);
    });

    test('the whole life: accept (materials checked) → 补正 pauses → supplement → decide → deliver → close → rate → reopen once', async () => {
      const filed = (await resident.post(REQUESTS, aid())).json();
      const id = filed.id;
      // A transition from the wrong status names both statuses.
      const wrong = assertError(await step(worker, id, { action: 'decide', outcome: 'approved' }), 409, 'invalid_transition');
      assert.match(wrong.message, /submitted/);
      assert.match(wrong.message, /decided/);
      assert.deepEqual((wrong.details as { from: string; to: string }).from, 'submitted');
      // Required materials at acceptance: each missing one named.
      const before = await rowCounts();
      const missing = problemsOf(assertError(await step(worker, id, { action: 'accept' }), 400));
      assert.ok(missing.some((p) => p.field === 'materials.idCard' && p.code === 'required'));
      assert.deepEqual(await rowCounts(), before);
      const materials = ['applicationForm', 'idCard', 'hukouBook', 'hardshipProof'].map((material) => ({ material, received: true }));
      const accepted = await step(worker, id, { action: 'accept', materials });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().status, 'accepted');
      assert.equal(accepted.json().clocks.processing.state, 'running');
      assert.equal(accepted.json().clocks.processing.limitDays, 7);
      const workerId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).id;
      const assigned = await worker.post(`${REQUESTS}/${id}/assignment`, { assigneeId: workerId });
      assert.equal(assigned.json().assigneeId, workerId, assigned.body);
      const countyUser = (await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id;
      assert.equal(problemsOf(assertError(await worker.post(`${REQUESTS}/${id}/assignment`, { assigneeId: countyUser }), 400))[0]!.field, 'assigneeId');
      const started = (await step(worker, id, { action: 'start' })).json();
      assert.equal(started.status, 'inProgress');
      assertError(await step(worker, id, { action: 'requestSupplement' }), 400);
      const asked = (await step(worker, id, { action: 'requestSupplement', reason: '请补充医院出具的诊断证明' })).json();
      assert.equal(asked.status, 'awaitingSupplement');
      assert.equal(asked.clocks.processing.state, 'paused');
      const residentView = (await resident.get(`${REQUESTS}/${id}`)).json();
      assert.ok(residentView.allowedActions.includes('supplement'));
      const supplied = await resident.post(`${REQUESTS}/${id}/supplement`, { note: '已补充诊断证明', formValues: { amount: 5000 } });
      assert.equal(supplied.statusCode, 200, supplied.body);
      assert.equal(supplied.json().status, 'inProgress', supplied.body.slice(0, 300));
      assert.equal(supplied.json().formValues.amount, 5000);
      assert.equal(supplied.json().clocks.processing.state, 'running');
      assertError(await step(worker, id, { action: 'decide', outcome: 'denied' }), 400);
      const decided = (await step(worker, id, { action: 'decide', outcome: 'approved', note: '经审核符合条件' })).json();
      assert.equal(decided.status, 'decided');
      assert.equal(decided.outcome, 'approved');
      assert.equal(decided.clocks.processing.state, 'stopped');
      assert.equal(decided.standing, 'onTime');
      assertError(await resident.post(`${REQUESTS}/${id}/rating`, { score: 2 }), 409);
      assert.equal((await step(worker, id, { action: 'deliver' })).json().status, 'delivered');
      assert.equal((await step(worker, id, { action: 'close' })).json().status, 'closed');
      assertError(await resident.post(`${REQUESTS}/${id}/reopen`, { note: '不满意' }), 409, 'reopen_refused');
      assertError(await worker.post(`${REQUESTS}/${id}/rating`, { score: 5 }), 403);
      const rated = await resident.post(`${REQUESTS}/${id}/rating`, { score: 2, comment: '等待时间太长' });
      assert.equal(rated.statusCode, 200, rated.body);
      assert.deepEqual({ score: rated.json().rating.score, byAgent: rated.json().rating.byAgent }, { score: 2, byAgent: false });
      assertError(await resident.post(`${REQUESTS}/${id}/rating`, { score: 5 }), 409, 'already_rated');
      const reopened = await resident.post(`${REQUESTS}/${id}/reopen`, { note: '救助金额核定有误' });
      assert.equal(reopened.statusCode, 200, reopened.body);
      assert.equal(reopened.json().status, 'inProgress');
      // Once only.
      await step(worker, id, { action: 'decide', outcome: 'approved' });
      await step(worker, id, { action: 'deliver' });
      await step(worker, id, { action: 'close' });
      assertError(await resident.post(`${REQUESTS}/${id}/reopen`, { note: '再次不满意' }), 409, 'reopen_refused');
      // The applicant sees public events only; staff see the internal ones too.
      assertError(await worker.post(`${REQUESTS}/${id}/assignment`, { assigneeId: null }), 409, 'invalid_transition');
      const staffKinds = (await worker.get(`${REQUESTS}/${id}`)).json().events.map((e: { kind: string }) => e.kind);
      const residentKinds = (await resident.get(`${REQUESTS}/${id}`)).json().events.map((e: { kind: string }) => e.kind);
      assert.ok(staffKinds.includes('assigned'));
      assert.ok(!residentKinds.includes('assigned'));
      assert.deepEqual(residentKinds.slice(0, 9), ['submitted', 'accept', 'start', 'requestSupplement', 'supplement', 'decide', 'deliver', 'close', 'rated']);
      const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('at').execute();
      assert.ok(audit.some((a) => a.action === 'request.decide'));
      assert.ok(audit.some((a) => a.action === 'request.rate'));
    });

    test('transfer to another unit restarts the acceptance clock there; withdraw; duplicate', async () => {
      const filed = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      assertError(await step(worker, filed.id, { action: 'transfer', toUnit: '999999' }), 400);
      const moved = await step(worker, filed.id, { action: 'transfer', toUnit: village.slice(0, 9), reason: '场地由乡镇文化站统一安排' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().status, 'transferred');
      assert.equal(moved.json().unitCode, village.slice(0, 9));
      const other = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      const dup = await step(worker, other.id, { action: 'markDuplicate', duplicateOf: filed.id });
      assert.equal(dup.json().status, 'duplicate');
      const mine = (await resident.post(REQUESTS, room())).json();
      const withdrawn = await resident.post(`${REQUESTS}/${mine.id}/withdraw`, { note: '活动取消' });
      assert.equal(withdrawn.json().status, 'withdrawn');
      assertError(await resident.post(`${REQUESTS}/${mine.id}/withdraw`, {}), 409, 'invalid_transition');
    });

    test('Idempotency-Key: a retry returns the first request; the same key with another body is a 409', async () => {
      const before = await rowCounts();
      const send = (body: unknown, key: string) => resident.request({ method: 'POST', url: REQUESTS, payload: body as object, headers: { 'idempotency-key': key } });
      const first = await send(aid(), 'retry-key-1');
      assert.equal(first.statusCode, 201, first.body);
      const again = await send(aid(), 'retry-key-1');
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().id, first.json().id);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const after1 = await rowCounts();
      assert.equal(after1.requests, before.requests + 1);
      assertError(await send(aid({ formValues: { ...aid().formValues, amount: 1 } }), 'retry-key-1'), 409, 'idempotency_key_reused');
      assert.deepEqual(await rowCounts(), after1);
    });

    test('attachments: type sniffed from the content, size limit, read by those who may read the request, each read audited', async () => {
      const filed = (await resident.post(REQUESTS, aid())).json();
      const upload = (client: Client, body: Buffer, query = '', type = 'application/octet-stream') =>
        client.request({ method: 'POST', url: `${REQUESTS}/${filed.id}/attachments${query}`, payload: body, headers: { 'content-type': type } });
      const before = await rowCounts();
      // A text file that calls itself a JPEG.
      const fake = problemsOf(assertError(await upload(resident, Buffer.from('just some text, not a photo'), '?fileName=photo.jpg', 'image/jpeg'), 400));
      assert.equal(fake[0]!.field, 'file');
      assert.equal(fake[0]!.code, 'not_allowed');
      const big = Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]);
      const tooBig = await upload(resident, big);
      assert.ok([400, 413].includes(tooBig.statusCode), tooBig.body);
      assertError(tooBig, tooBig.statusCode);
      assertError(await upload(resident, PDF, '?material=nothing'), 400);
      assert.deepEqual(await rowCounts(), before);
      const ok = await upload(resident, PDF, '?material=hardshipProof&fileName=%E8%AF%8A%E6%96%AD%E8%AF%81%E6%98%8E.pdf');
      assert.equal(ok.statusCode, 201, ok.body);
      const attachment = ok.json().attachments[0];
      assert.equal(attachment.mediaType, 'application/pdf');
      assert.equal(attachment.fileName, '诊断证明.pdf');
      assert.match(attachment.sha256, /^[0-9a-f]{64}$/);
      assert.deepEqual(ok.json().materials.find((m: { material: string }) => m.material === 'hardshipProof').attachmentIds, [attachment.id]);
      const png = await upload(resident, PNG, '?material=idCard', 'image/png');
      assert.equal(png.json().attachments[1].mediaType, 'image/png');
      const url = `${REQUESTS}/${filed.id}/attachments/${attachment.id}`;
      const read = await worker.get(url);
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'application/pdf');
      assert.deepEqual(read.rawPayload, PDF);
      const reads = await db().selectFrom('audit_log').select(['action', 'username']).where('action', '=', 'request.read_attachment').where('target_id', '=', filed.id).execute();
      assert.deepEqual(reads.map((r) => r.username), ['demo-worker']);
      assertError(await agent.get(url), 404);
    });

    test('the officials’ figures and the indicators count decided and rated requests', async () => {
      const stats = await county.get(`${REQUESTS}/stats`);
      assert.equal(stats.statusCode, 200, stats.body);
      const s = stats.json();
      assert.ok(s.total.submitted >= 5);
      assert.ok(s.total.decided >= 1);
      assert.ok(s.total.ratings >= 1);
      assert.ok(s.total.satisfaction >= 0 && s.total.satisfaction <= 100);
      assert.ok(s.total.onTimeShare >= 0 && s.total.onTimeShare <= 1);
      assert.ok(s.byChild.length >= 1);
      assert.equal(s.byMonth.reduce((sum: number, m: { submitted: number }) => sum + m.submitted, 0), s.total.submitted);
      assert.equal(s.byMonth.reduce((sum: number, m: { decided: number }) => sum + m.decided, 0), s.total.decided);
      assert.ok(s.byMonth.every((m: { month: string }) => /^\d{4}-\d{2}$/.test(m.month)));
      assert.equal(s.byChild.reduce((sum: number, c: { submitted: number }) => sum + c.submitted, 0), s.total.submitted);
      assertError(await resident.get(`${REQUESTS}/stats`), 403);
      const year = new Date().getUTCFullYear();
      for (const code of ['requests_on_time', 'satisfaction']) {
        const values = await county.get(`${API}/indicators/${code}/values?area=${village.slice(0, 6)}&period=${year}`);
        assert.equal(values.statusCode, 200, values.body);
        const body = values.json();
        assert.equal(body.area.status, 'value', `${code}: ${values.body.slice(0, 300)}`);
        assert.ok(body.area.denominator >= 1);
        if (code === 'requests_on_time') assert.equal(body.area.value, 100 * body.area.numerator / body.area.denominator);
        else assert.ok(Math.abs(body.area.value - body.area.numerator / body.area.denominator) < 1e-6);
      }
    });

    test('a write whose audit entry cannot be stored keeps nothing: no request, event, key or step', async () => {
      const filed = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      if (dialect === 'sqlite') {
        await sql`create trigger test_request_audit_refuse before insert on audit_log when new.action like 'request.%'
          begin select raise(abort, 'audit entry refused by the test'); end`.execute(db());
      } else {
        await sql`create function test_request_audit_refuse() returns trigger language plpgsql as $$
          begin
            if new.action like 'request.%' then raise exception 'audit entry refused by the test'; end if;
            return new;
          end $$`.execute(db());
        await sql`create trigger test_request_audit_refuse before insert on audit_log for each row execute function test_request_audit_refuse()`.execute(db());
      }
      try {
        const before = await rowCounts();
        const created = await resident.request({ method: 'POST', url: REQUESTS, payload: room(), headers: { 'idempotency-key': 'audit-refused' } });
        assert.equal(created.statusCode, 500);
        assert.equal((await step(worker, filed.id, { action: 'accept' })).statusCode, 500);
        assert.deepEqual(await rowCounts(), before);
        assert.equal((await worker.get(`${REQUESTS}/${filed.id}`)).json().status, 'submitted');
      } finally {
        await sql`drop trigger test_request_audit_refuse${sql.raw(dialect === 'postgres' ? ' on audit_log' : '')}`.execute(db());
        if (dialect === 'postgres') await sql`drop function test_request_audit_refuse()`.execute(db());
      }
    });

    test('the sweep warns, marks overdue and escalates once, each a public event', async () => {
      const filed = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      const far = new Date(Date.now() + 60 * 86_400_000).toISOString();
      const first = await sweepRequests(db(), DEFAULT_SETTINGS, { now: far });
      assert.ok(first.overdue >= 1);
      const again = await sweepRequests(db(), DEFAULT_SETTINGS, { now: far });
      assert.equal(again.warned + again.overdue + again.escalatedAbove, 0);
      const kinds = (await resident.get(`${REQUESTS}/${filed.id}`)).statusCode;
      assert.equal(kinds, 404);
      const detail = (await worker.get(`${REQUESTS}/${filed.id}`)).json();
      const events = detail.events.map((e: { kind: string }) => e.kind);
      assert.deepEqual(events.filter((k: string) => k !== 'submitted'), ['warning', 'overdue', 'escalatedToHead', 'escalatedToLevelAbove']);
      assert.ok(detail.events.every((e: { visibility: string }) => e.visibility === 'public'));
      assert.equal(detail.escalationLevel, 2);
    });

    test('a request escalated to the level above shows in the parent unit’s queue, marked, and in no other', async () => {
      const filed = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      assert.equal(filed.unitCode, village);
      const township = village.slice(0, 9);
      const sibling = (await db().selectFrom('areas').select('code').where('parent_code', '=', township).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
      const find = async (client: Client, unit: string) => {
        for (let cursor: string | null = null, first = true; first || cursor; first = false) {
          const response = await client.get(`${REQUESTS}/queue?unit=${unit}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(response.statusCode, 200, response.body);
          const page = response.json();
          const hit = page.items.find((i: { id: string }) => i.id === filed.id);
          if (hit) return hit;
          cursor = page.nextCursor;
        }
        return undefined;
      };
      // Before the clock runs out: only the deciding unit's queue holds it.
      assert.equal(await find(county, township), undefined);
      const own = await find(worker, village);
      assert.equal(own?.escalatedToQueue, false);
      await sweepRequests(db(), DEFAULT_SETTINGS, { now: new Date(Date.now() + 60 * 86_400_000).toISOString() });
      const above = await find(county, township);
      assert.ok(above, 'the township queue holds the escalated village request');
      assert.equal(above.escalatedToQueue, true);
      assert.equal(above.escalationLevel, 2);
      assert.equal(above.unitCode, village);
      assert.equal((await find(worker, village))?.escalatedToQueue, false);
      assert.equal(await find(county, sibling), undefined);
      assert.equal(await find(county, village.slice(0, 6)), undefined);
      // The official above may act on it: assign, comment, decide as the state machine allows.
      const detail = (await county.get(`${REQUESTS}/${filed.id}`)).json();
      assert.ok(detail.allowedActions.length > 0, JSON.stringify(detail.allowedActions));
    });

    test('assignees: handlers whose scope holds the request, by policy; others are refused', async () => {
      const filed = (await worker.post(REQUESTS, room({ applicantPersonId: neighbourId }))).json();
      const response = await worker.get(`${REQUESTS}/${filed.id}/assignees`);
      assert.equal(response.statusCode, 200, response.body);
      const items: { id: string; username: string; role: string; scopeCode: string }[] = response.json().items;
      const names = items.map((u) => u.username);
      for (const expected of ['demo-worker', 'demo-county', 'demo-city', 'demo-admin']) assert.ok(names.includes(expected), `${expected} in ${names.join()}`);
      for (const refused of ['demo-social', 'demo-agent', 'demo-resident', 'demo-evaluator']) assert.ok(!names.includes(refused), refused);
      assert.ok(items.every((u) => village.startsWith(u.scopeCode) && ['admin', 'official', 'communityWorker'].includes(u.role)));
      // A user of another community of the township is not offered.
      const sibling = (await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 9)).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
      const other = await admin.post(`${API}/users`, { username: 'sr-sibling-worker', displayName: '邻村工作者', role: 'communityWorker', scope: sibling, password: 'Sibling-worker-2026!' });
      assert.equal(other.statusCode, 201, other.body);
      assert.ok(!(await worker.get(`${REQUESTS}/${filed.id}/assignees`)).json().items.some((u: { username: string }) => u.username === 'sr-sibling-worker'));
      // Whoever is offered can be assigned.
      const county1 = items.find((u) => u.username === 'demo-county');
      assert.equal((await worker.post(`${REQUESTS}/${filed.id}/assignment`, { assigneeId: county1?.id })).statusCode, 200);
      // Roles outside the policy: 403; an unknown request: 404.
      assertError(await agent.get(`${REQUESTS}/${filed.id}/assignees`), 403);
      assertError(await resident.get(`${REQUESTS}/${filed.id}/assignees`), 403);
      assertError(await worker.get(`${REQUESTS}/00000000-0000-4000-8000-000000000000/assignees`), 404);
    });

    test('stats: an impossible day is a 400 naming the field, also when from is left to its default', async () => {
      assertError(await county.get(`${REQUESTS}/stats?to=4181-21-59`), 400);
      assertError(await county.get(`${REQUESTS}/stats?from=2026-02-30&to=2026-03-31`), 400);
    });
  });
}

if (DIALECTS.includes('postgres')) {
  describe('the sweep on PostgreSQL with two schedulers', () => {
    test('two sweeps running at once against one database fire each escalation once', async () => {
      const t = await startTestApp('postgres', { seed: 'demo' });
      try {
        const worker = await t.login('demo-worker');
        const db = t.database.handle.db;
        const neighbour = (await db.selectFrom('persons').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
        const ids: string[] = [];
        for (let i = 0; i < 40; i++) {
          const r = await worker.post(REQUESTS, room({ applicantPersonId: neighbour }));
          assert.equal(r.statusCode, 201, r.body);
          ids.push(r.json().id);
        }
        // A second process: its own connection pool to the same database.
        const other = createDatabase('postgres', t.database.url);
        try {
          const far = new Date(Date.now() + 60 * 86_400_000).toISOString();
          const [a, b] = await Promise.all([sweepRequests(db, DEFAULT_SETTINGS, { now: far, batch: 7 }), sweepRequests(other.db, DEFAULT_SETTINGS, { now: far, batch: 7 })]);
          // The demo's own open requests are swept too.
          assert.ok(a.overdue + b.overdue >= 40);
          const counts = await db
            .selectFrom('service_request_events')
            .select(['request_id', 'kind'])
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('request_id', 'in', ids)
            .where('kind', 'in', ['warning', 'overdue', 'escalatedToHead', 'escalatedToLevelAbove'])
            .groupBy(['request_id', 'kind'])
            .execute();
          assert.equal(counts.length, 40 * 4);
          assert.ok(counts.every((c) => Number(c.n) === 1));
        } finally {
          await other.destroy();
        }
      } finally {
        await t.close();
      }
    });
  });
}

