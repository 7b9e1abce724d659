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
import { requireValidMandate } from '../../src/server/modules/services/mandates.service.ts';

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
      itemCodes: ['elderly-allowance', 'residence-permit'],
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
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ coverage: 'request', itemCodes: ['a', 'b'] })), 'itemCodes', 'inconsistent');
        assertFieldNamed(await agent.post(`${API}/mandates`, witnessed({ principalPersonId: uuidv7() })), 'principalPersonId', 'unknown_reference');
        assertFieldNamed(await worker.post(`${API}/mandates`, witnessed({ agentUserId: otherAgentId })), 'agentUserId', 'not_in_scope');
        assertError(await agent.post(`${API}/mandates`, witnessed({ agentUserId: otherAgentId })), 403);
        // An agent whose scope does not hold the principal's community: 403 out of scope.
        assertError(await outsider.post(`${API}/mandates`, witnessed()), 403);
        assertError(await resident.post(`${API}/mandates`, witnessed()), 403);
        assert.equal(await mandateCount(), before);
      });

      test('requireValidMandate: valid, missing, not covering, expired, not yet valid, revoked, agent out of scope', async () => {
        const made = (await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['legal-aid'] }))).json();
        const ok = await requireValidMandate(db(), { agentUserId: agentId, principalPersonId: principalId, itemCode: 'legal-aid' });
        assert.equal(ok.areaCode, village);
        const refusal = async (question: Parameters<typeof requireValidMandate>[1], reason: string) => {
          await assert.rejects(requireValidMandate(db(), question), (e: { statusCode: number; code: string; details: { reason: string } }) => {
            assert.equal(e.statusCode, 403);
            assert.equal(e.code, 'mandate_required');
            assert.equal(e.details.reason, reason);
            return true;
          });
        };
        await refusal({ agentUserId: otherAgentId, principalPersonId: principalId, itemCode: 'legal-aid' }, 'missing');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'not-covered' }, 'notCovering');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'legal-aid', mandateId: made.id, on: chinaDate(200) }, 'expired');
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'legal-aid', mandateId: made.id, on: chinaDate(-30) }, 'notYetValid');

        // Revoked: by the principal themselves; a second revocation is a conflict.
        const revoked = await resident.post(`${API}/mandates/${made.id}/revoke`, { reason: '已自行办理' });
        assert.equal(revoked.statusCode, 200, revoked.body);
        assert.equal(revoked.json().status, 'revoked');
        assert.deepEqual((await auditOf(made.id)).sort(), ['mandate.create', 'mandate.revoke']);
        assertError(await resident.post(`${API}/mandates/${made.id}/revoke`, { reason: '再撤一次' }), 409);
        await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'legal-aid', mandateId: made.id }, 'revoked');

        // The agent moves to another township: the mandate no longer lets them file.
        const fresh = (await agent.post(`${API}/mandates`, witnessed({ itemCodes: ['disability-card'] }))).json();
        const scope = (await db().selectFrom('users').select('scope_code').where('id', '=', agentId).executeTakeFirstOrThrow()).scope_code;
        const far = (await db().selectFrom('users').select('scope_code').where('id', '=', otherAgentId).executeTakeFirstOrThrow()).scope_code;
        await db().updateTable('users').set({ scope_code: far }).where('id', '=', agentId).execute();
        try {
          await refusal({ agentUserId: agentId, principalPersonId: principalId, itemCode: 'disability-card', mandateId: fresh.id }, 'agentOutOfScope');
        } finally {
          await db().updateTable('users').set({ scope_code: scope }).where('id', '=', agentId).execute();
        }
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
  });
}
