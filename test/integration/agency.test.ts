/**
 * Full-process agency (全程委托代理) and notifications, on SQLite and PostgreSQL: mandates with their
 * consent evidence, the check the requests module makes before an agent files
 * (403 mandate_required), custody steps in order, receipts as PDFs, and the notifications a
 * request's events send through the pluggable channels.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import type { Role } from '../../src/contracts/roles.ts';
import type { RequestContext } from '../../src/server/http/actor.ts';
import { requireValidMandate } from '../../src/server/modules/services/mandates.service.ts';
import { sweepAgentLegs } from '../../src/server/modules/services/custody.service.ts';
import { DEFAULT_SETTINGS, fileRequest, supplementRequest, transitionRequest, type RequestsDeps } from '../../src/server/modules/services/requests.service.ts';
import { diskAttachmentStorage } from '../../src/server/modules/services/requests-attachments.ts';
import { getEffectiveItem } from '../../src/server/modules/services/catalog.service.ts';
import { registerChannel, recordingChannel, unregisterChannel } from '../../src/server/modules/notifications/notifications.channels.ts';
import { dispatchOutbox, OUTBOX_SENT_RETENTION_DAYS, purgeOutbox } from '../../src/server/modules/notifications/notifications.service.ts';

const API = '/api/v1';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const chinaDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

for (const dialect of DIALECTS) {
  describe(`agency (${dialect})`, () => {
    let t: TestApp;
    let agent: Client;
    let worker: Client;
    let resident: Client;
    let outsider: Client;
    let agentId: string;
    let otherAgentId: string;
    let principalId: string;
    let village: string;

    const db = () => t.database.handle.db;
    const mandateCount = async () => (await db().selectFrom('mandates').select('id').execute()).length;
    const auditOf = async (targetId: string) => (await db().selectFrom('audit_log').select('action').where('target_id', '=', targetId).execute()).map((r) => r.action);

    async function insertUser(username: string, role: string, scope: string): Promise<string> {
      const template = await db().selectFrom('users').selectAll().where('username', '=', 'demo-agent').executeTakeFirstOrThrow();
      const id = uuidv7();
      await db()
        .insertInto('users')
        .values({ ...template, id, username, display_name: username, role, scope_code: scope, locked: false, demo: false })
        .execute();
      return id;
    }

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      agent = await t.login('demo-agent');
      worker = await t.login('demo-worker');
      resident = await t.login('demo-resident');
      const residentUser = await db().selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      village = residentUser.scope_code;
      principalId = (await db().selectFrom('persons').select('id').where('user_id', '=', residentUser.id).executeTakeFirstOrThrow()).id;
      agentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirstOrThrow()).id;
      // An agent of another township of the county: their scope does not hold the principal's village.
      const county = village.slice(0, 6);
      const otherTownship = await db().selectFrom('areas').select('code').where('parent_code', '=', county).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      otherAgentId = await insertUser('agency-test-far-agent', 'agent', otherTownship.code);
      outsider = await t.login('agency-test-far-agent');
    });
    after(() => t.close());

    const witnessed = (overrides: Record<string, unknown> = {}) => ({
      principalPersonId: principalId,
      coverage: 'items',
      itemCodes: ['AH-MZ-001', 'AH-MZ-004'],
      validFrom: chinaDate(-1),
      validUntil: chinaDate(90),
      consentKind: 'witnessed',
      witnessName: '王村主任',
      witnessNote: '在村委会当面确认',
      ...overrides,
    });

    describe('mandates', () => {
      test('an agent records a mandate with a signed form; the form reads back, and the read is audited', async () => {
        const response = await agent.post(`${API}/mandates`, witnessed({ consentKind: 'signedForm', witnessName: undefined, witnessNote: undefined, consentFormBase64: PNG.toString('base64') }));
        assert.equal(response.statusCode, 201, response.body);
        const mandate = response.json();
        assert.equal(mandate.agent.userId, agentId);
        assert.equal(mandate.principal.personId, principalId);
        assert.equal(mandate.status, 'active');
        assert.equal(mandate.consent.file.mediaType, 'image/png');
        assert.deepEqual(await auditOf(mandate.id), ['mandate.create']);
        const form = await agent.get(`${API}/mandates/${mandate.id}/consent-form`);
        assert.equal(form.statusCode, 200);
        assert.equal(form.headers['content-type'], 'image/png');
        assert.deepEqual(form.rawPayload, PNG);
        assert.deepEqual((await auditOf(mandate.id)).sort(), ['mandate.consentForm.read', 'mandate.create']);
      });

      test('a community worker records a witnessed mandate for an agent; the principal sees it, the far agent does not', async () => {
        const response = await worker.post(`${API}/mandates`, witnessed({ agentUserId: agentId }));
        assert.equal(response.statusCode, 201, response.body);
        const id = response.json().id;
        const mine = (await resident.get(`${API}/mandates`)).json();
        assert.ok(mine.items.some((m: { id: string }) => m.id === id));
        assertError(await outsider.get(`${API}/mandates/${id}`), 403);
      });

      test('bad mandates are refused naming the field, and write nothing', async () => {
        const before = await mandateCount();
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ witnessName: undefined })), 'witnessName', 'required');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ consentKind: 'signedForm', consentFormBase64: Buffer.from('just text, not a form').toString('base64') })), 'consentFormBase64');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ validUntil: chinaDate(-2) })), 'validUntil');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ validFrom: '2026-02-30' })), 'validFrom', 'invalid_format');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ validUntil: chinaDate(400) })), 'validUntil', 'out_of_range');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ itemCodes: [] })), 'itemCodes', 'required');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ coverage: 'request', itemCodes: ['AH-MZ-001', 'AH-MZ-004'] })), 'itemCodes', 'inconsistent');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-MZ-001', 'NO-SUCH-ITEM'] })), 'itemCodes.1', 'unknown_reference');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-GA-001'] })), 'itemCodes.0', 'not_allowed');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ principalPersonId: uuidv7() })), 'principalPersonId', 'unknown_reference');
        assertFieldNamed(await worker.post(`${API}/mandates`, witnessed({ agentUserId: otherAgentId })), 'agentUserId', 'not_in_scope');
        assertError(await agent.post(`${API}/mandates`, witnessed({ agentUserId: otherAgentId })), 403);
        // An agent whose scope does not hold the principal's community: 403 out of scope.
        assertError(await outsider.post(`${API}/mandates`, witnessed()), 403);
        assertError(await resident.post(`${API}/mandates`, witnessed()), 403);
        assert.equal(await mandateCount(), before);
      });

      test('requireValidMandate: valid, missing, not covering, expired, not yet valid, revoked, agent out of scope', async () => {
        const made = (await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-MZ-005'] }))).json();
        const ok = await requireValidMandate(db(), { agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-005' });
        assert.equal(ok.areaCode, village);
        const refusal = async (question: Parameters<typeof requireValidMandate>[1], reason: string) => {
          await assert.rejects(requireValidMandate(db(), question), (e: { statusCode: number; code: string; details: { reason: string } }) => {
            assert.equal(e.statusCode, 403);
            assert.equal(e.code, 'mandate_required');
            assert.equal(e.details.reason, reason);
            return true;
          });
        };
        await refusal({ agentUserId: otherAgentId, principalPersonId: principalId, itemCode: 'AH-MZ-005' }, 'missing');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-006' }, 'notCovering');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-005', mandateId: made.id, on: chinaDate(200) }, 'expired');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-005', mandateId: made.id, on: chinaDate(-30) }, 'notYetValid');

        // Revoked: by the principal themselves; a second revocation is a conflict.
        const revoked = await resident.post(`${API}/mandates/${made.id}/revoke`, { reason: '已自行办理' });
        assert.equal(revoked.statusCode, 200, revoked.body);
        assert.equal(revoked.json().status, 'revoked');
        assert.deepEqual((await auditOf(made.id)).sort(), ['mandate.create', 'mandate.revoke']);
        assertError(await resident.post(`${API}/mandates/${made.id}/revoke`, { reason: '再撤一次' }), 409);
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-005', mandateId: made.id }, 'revoked');

        // The agent moves to another township: the mandate no longer lets them file.
        const fresh = (await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-MZ-006'] }))).json();
        const scope = (await db().selectFrom('users').select('scope_code').where('id', '=', agentId).executeTakeFirstOrThrow()).scope_code;
        const far = (await db().selectFrom('users').select('scope_code').where('id', '=', otherAgentId).executeTakeFirstOrThrow()).scope_code;
        await db().updateTable('users').set({ scope_code: far }).where('id', '=', agentId).execute();
        try {
          await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'AH-MZ-006', mandateId: fresh.id }, 'agentOutOfScope');
        } finally {
          await db().updateTable('users').set({ scope_code: scope }).where('id', '=', agentId).execute();
        }
      });

      test('an agent finds the principal by name or pinyin initials, within their scope only; each search is audited', async () => {
        const person = await db().selectFrom('persons').select(['name', 'name_initials']).where('id', '=', principalId).executeTakeFirstOrThrow();
        const byName = (await agent.get(`${API}/agency/principals?q=${encodeURIComponent(person.name)}`)).json();
        assert.ok(byName.some((p: { personId: string }) => p.personId === principalId), JSON.stringify(byName));
        const byInitials = (await agent.get(`${API}/agency/principals?q=${person.name_initials.toUpperCase()}`)).json();
        assert.ok(byInitials.some((p: { personId: string }) => p.personId === principalId));
        assert.deepEqual((await outsider.get(`${API}/agency/principals?q=${encodeURIComponent(person.name)}`)).json(), []);
        assertError(await resident.get(`${API}/agency/principals?q=${encodeURIComponent(person.name)}`), 403);
        const searches = await db().selectFrom('audit_log').select('id').where('action', '=', 'agency.principalSearch').execute();
        assert.equal(searches.length, 3);
      });

      test('lists filter by status; an agent sees only their own', async () => {
        const active = (await worker.get(`${API}/mandates?status=active`)).json();
        assert.ok(active.items.length >= 2);
        assert.ok(active.items.every((m: { status: string }) => m.status === 'active'));
        const revoked = (await worker.get(`${API}/mandates?status=revoked`)).json();
        assert.ok(revoked.items.every((m: { status: string }) => m.status === 'revoked'));
        assert.equal((await outsider.get(`${API}/mandates`)).json().total, 0);
        assertFieldNamed(await worker.get(`${API}/mandates?cursor=bm9wZQ`), 'cursor', 'invalid_cursor');
      });
    });

    describe('an errand: filing under the mandate, custody steps, receipts, notifications', () => {
      const recording = recordingChannel(`recording-${dialect}`);
      let requestId: string;
      let deps: RequestsDeps;
      const ctxOf = async (username: string): Promise<RequestContext> => {
        const u = await db().selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
        return { actor: { userId: u.id, username: u.username, role: u.role as Role, scope: u.scope_code }, address: '127.0.0.1', requestId: uuidv7() };
      };
      const step = (id: string, body: Record<string, unknown>) => agent.post(`${API}/errands/${id}/custody`, body);
      const act = async (action: string, extra: Record<string, unknown> = {}) => transitionRequest(deps, await ctxOf('demo-admin'), requestId, { action: action as never, ...extra });
      const custodyAudits = async () => (await db().selectFrom('audit_log').select('action').where('target_id', '=', requestId).where('action', '=', 'custody.record').execute()).length;

      before(async () => {
        registerChannel(recording);
        deps = { db: db(), storage: diskAttachmentStorage(t.database.dataDir), settings: DEFAULT_SETTINGS };
      });
      after(() => unregisterChannel(recording.name));

      test('an agent files under the mandate: the errand opens; an item the mandate does not cover is 403 mandate_required', async () => {
        const mandate = await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-MZ-003'] }));
        assert.equal(mandate.statusCode, 201, mandate.body);
        const item = await getEffectiveItem(db(), 'AH-MZ-003', village);
        const input = {
          itemCode: 'AH-MZ-003',
          applicantPersonId: principalId,
          mandateId: mandate.json().id,
          formValues: { event: 'illness', eventDate: chinaDate(-3), description: '突发重大疾病住院' },
          materials: item.materials.filter((m) => m.required).map((m) => ({ material: m.key, received: true })),
        };
        const ctx = await ctxOf('demo-agent');
        await assert.rejects(fileRequest(db(), ctx, { ...input, itemCode: 'AH-MZ-007', mandateId: undefined, formValues: {} }), (e: { statusCode: number; code: string }) => e.statusCode === 403 && e.code === 'mandate_required');
        const filed = await fileRequest(db(), ctx, input);
        requestId = filed.detail.id;
        const errands = (await agent.get(`${API}/errands`)).json();
        const errand = errands.items.find((e: { requestId: string }) => e.requestId === requestId);
        assert.ok(errand, JSON.stringify(errands));
        assert.equal(errand.nextStep, 'received');
        assert.equal(errand.principalName.length > 0, true);
        assert.equal(errand.requestStatus, 'submitted');
        assertError(await outsider.get(`${API}/errands/${requestId}`), 403);
      });

      test('custody steps go in order: another order is a 409 naming both, and writes nothing', async () => {
        const refused = assertError(await step(requestId, { step: 'handedToUnit', items: ['申请表'] }), 409, 'conflict');
        assert.match(refused.message, /handedToUnit/);
        assert.match(refused.message, /received/);
        assert.equal(await custodyAudits(), 0);
        assertError(await step(uuidv7(), { step: 'received', items: ['申请表'] }), 404);
        assertError(await outsider.post(`${API}/errands/${requestId}/custody`, { step: 'received', items: ['申请表'] }), 403);
        assertError(await worker.post(`${API}/errands/${requestId}/custody`, { step: 'received', items: ['申请表'] }), 403);
        assertFieldNamed(await step(requestId, { step: 'received', items: ['  '] }), 'items.0', 'required');
        assertFieldNamed(await step(requestId, { step: 'received', items: ['申请表'], confirmedBy: '本人' }), 'confirmedBy', 'inconsistent');

        const received = await step(requestId, { step: 'received', items: ['申请表（原件）', '身份证复印件', '户口簿复印件', '医疗票据复印件'], note: '在村委会当面接收' });
        assert.equal(received.statusCode, 201, received.body);
        const errand = received.json();
        assert.equal(errand.lastStep, 'received');
        assert.equal(errand.leg.step, 'handedToUnit');
        assert.equal(errand.leg.limitDays, 2);
        assert.ok(errand.leg.dueBy > chinaDate(0), errand.leg.dueBy);
        assert.equal(errand.leg.standing === 'onTime' || errand.leg.standing === 'warning', true);
        assertError(await step(requestId, { step: 'received', items: ['又一次'] }), 409);

        const handed = await step(requestId, { step: 'handedToUnit', items: ['申请表（原件）', '身份证复印件'] });
        assert.equal(handed.statusCode, 201, handed.body);
        assert.equal(handed.json().leg, null, 'the unit holds the case: no leg of the agent');
        // No result before the decision.
        const early = assertError(await step(requestId, { step: 'resultCollected', items: ['审批结果通知书'] }), 409);
        assert.match(early.message, /submitted/);
        assertError(await agent.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=handBack`), 409);
        assertError(await agent.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=acceptance`), 409);
        assert.equal(await custodyAudits(), 2);
      });

      test('the status changes reach the applicant and the agent through every channel; the recording channel records them', async () => {
        await act('accept');
        const report = await dispatchOutbox(db());
        assert.ok(report.sent >= 1, JSON.stringify(report));
        const mine = recording.sent.filter((m) => m.requestId === requestId && m.kind === 'requestStatusChanged');
        const residentUser = (await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id;
        assert.ok(mine.some((m) => m.userId === agentId && m.params.to === 'accepted'), JSON.stringify(recording.sent));
        assert.ok(mine.some((m) => m.userId === residentUser && m.params.to === 'accepted'));
        assert.equal(mine.every((m) => m.params.requestNumber && m.params.itemCode === 'AH-MZ-003'), true);
        // Delivered once: a second dispatch sends nothing more.
        const again = await dispatchOutbox(db());
        assert.equal(again.sent, 0);
        // Delivered rows leave the outbox once past their retention; pending ones never do.
        const outbox = async (status: string) => (await db().selectFrom('notification_outbox').select('id').where('status', '=', status).execute()).length;
        const sent = await outbox('sent');
        assert.ok(sent >= 1);
        assert.equal(await purgeOutbox(db()), 0, 'nothing delivered today is purged');
        const later = new Date(Date.now() + (OUTBOX_SENT_RETENTION_DAYS + 1) * 86_400_000);
        const waiting = uuidv7();
        await db().insertInto('notification_outbox').values({ id: waiting, user_id: agentId, area_code: village, channel: 'recording', kind: 'requestStatusChanged', request_id: requestId, params: '{}', created_at: new Date().toISOString(), status: 'pending', attempts: 0, last_error: null, sent_at: null }).execute();
        const pending = await outbox('pending');
        assert.equal(await purgeOutbox(db(), later), sent);
        assert.equal(await outbox('sent'), 0);
        assert.equal(await outbox('pending'), pending, 'pending rows stay');
        await db().deleteFrom('notification_outbox').where('id', '=', waiting).execute();

        const inbox = (await resident.get(`${API}/inbox`)).json();
        const message = inbox.items.find((m: { requestId: string; kind: string }) => m.requestId === requestId && m.kind === 'requestStatusChanged');
        assert.ok(message, JSON.stringify(inbox));
        const unread = (await resident.get(`${API}/inbox/unread-count`)).json().unread;
        assert.ok(unread >= 1);
        const read = await resident.post(`${API}/inbox/${message.id}/read`);
        assert.equal(read.statusCode, 200, read.body);
        assert.ok(read.json().readAt);
        assert.equal((await resident.get(`${API}/inbox/unread-count`)).json().unread, unread - 1);
        assertError(await agent.post(`${API}/inbox/${message.id}/read`), 404);
        await resident.post(`${API}/inbox/read-all`);
        assert.equal((await resident.get(`${API}/inbox/unread-count`)).json().unread, 0);
      });

      test('a channel that fails is retried from the outbox', async () => {
        await act('requestSupplement', { reason: '请补充医院诊断证明' });
        recording.failNext(1);
        const first = await dispatchOutbox(db());
        assert.equal(first.retried, 1);
        const second = await dispatchOutbox(db());
        assert.ok(second.sent >= 1);
        assert.ok(recording.sent.some((m) => m.requestId === requestId && m.kind === 'supplementRequested' && m.userId === agentId));
      });

      test('the acceptance receipt is a PDF for the agent and the principal', async () => {
        const pdf = await agent.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=acceptance`);
        assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
        assert.equal(pdf.headers['content-type'], 'application/pdf');
        assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
        const english = await resident.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=acceptance&lang=en`);
        assert.equal(english.statusCode, 200);
        assert.equal(english.rawPayload.subarray(0, 5).toString(), '%PDF-');
        assertError(await outsider.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=acceptance`), 403);
      });

      test("an agent's overdue leg is told to the agent once, even when two sweeps run", async () => {
        const later = new Date(Date.now() + 30 * 86_400_000);
        // The errand's leg is with the unit now; give it a leg by reading the result step later. Here: a fresh errand's received step.
        const mandate = (await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['AH-MZ-004'] }))).json();
        const item = await getEffectiveItem(db(), 'AH-MZ-004', village);
        const filed = await fileRequest(db(), await ctxOf('demo-agent'), {
          itemCode: 'AH-MZ-004',
          applicantPersonId: principalId,
          mandateId: mandate.id,
          formValues: Object.fromEntries(item.fields.filter((f) => f.required).map((f) => [f.key, f.type === 'number' ? 1 : f.type === 'date' ? chinaDate(-1) : f.type === 'multi' ? [f.options![0]!.key] : f.type === 'single' ? f.options![0]!.key : '说明'])),
          materials: item.materials.filter((m) => m.required).map((m) => ({ material: m.key, received: true })),
        });
        assert.equal((await step(filed.detail.id, { step: 'received', items: ['身份证复印件'] })).statusCode, 201);
        const overdueNotices = async () =>
          (await db().selectFrom('notifications').select('kind').where('user_id', '=', agentId).where('request_id', '=', filed.detail.id).where('kind', '=', 'agentLegOverdue').execute()).length;
        const [a, b] = await Promise.all([sweepAgentLegs(db(), later), sweepAgentLegs(db(), later)]);
        assert.ok(a.overdue + b.overdue >= 1);
        assert.equal(await overdueNotices(), 1);
        await sweepAgentLegs(db(), later);
        assert.equal(await overdueNotices(), 1, 'a second sweep sends nothing new');
        assert.equal((await db().selectFrom('notifications').select('kind').where('request_id', '=', filed.detail.id).where('kind', '=', 'agentLegWarning').execute()).length, 0, 'an overdue leg is told once, not also as a warning');
      });

      test('after the decision the result is collected and returned with the resident’s confirmation; the hand-back receipt is a PDF', async () => {
        // The agent answers the 补正 for the principal; the unit decides.
        await supplementRequest(deps, await ctxOf('demo-agent'), requestId, { note: '已补充医院诊断证明' });
        const detail = await act('decide', { outcome: 'approved', reason: '符合临时救助条件' });
        assert.equal(detail.status, 'decided');
        assert.equal((await step(requestId, { step: 'resultCollected', items: ['临时救助审批通知书'] })).statusCode, 201);
        assertFieldNamed(await step(requestId, { step: 'returned', items: ['临时救助审批通知书', '申请表（原件）'] }), 'confirmation', 'required');
        const returned = await step(requestId, { step: 'returned', items: ['临时救助审批通知书', '申请表（原件）'], confirmation: 'signature', confirmedBy: '本人' });
        assert.equal(returned.statusCode, 201, returned.body);
        const errand = returned.json();
        assert.deepEqual(errand.steps.map((s: { step: string }) => s.step), ['received', 'handedToUnit', 'resultCollected', 'returned']);
        assert.equal(errand.leg, null);
        assert.equal(errand.nextStep, null);
        assertError(await step(requestId, { step: 'returned', items: ['x'], confirmation: 'signature', confirmedBy: '本人' }), 409);
        assert.equal(await custodyAudits(), 4);
        for (const client of [agent, resident, worker]) {
          const pdf = await client.get(`${API}/service-requests/${requestId}/receipt.pdf?kind=handBack`);
          assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
          assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
        }
        const mine = (await resident.get(`${API}/inbox`)).json();
        assert.ok(mine.items.some((m: { kind: string; params: { step?: string } }) => m.kind === 'custodyStepRecorded' && m.params.step === 'returned'));
      });
    });
  });
}
