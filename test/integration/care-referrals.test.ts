/**
 * Care: case plans, referrals and consents, on SQLite and PostgreSQL: scope (403 out of it, 404 for
 * a receiver it was not sent to), consent (409 consent_required without it), the supervisor's
 * emergency override (403 for anyone else, 400 without a reason), transitions (409 from the wrong
 * status), a referral to a service item opening a service request in the same transaction, the
 * hook the cases part calls before closing a case, and the audit of every read.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { requireNoOpenReferrals } from '../../src/server/modules/care/referrals.service.ts';
import { insertCase, insertUser } from '../support/care-family.ts';

const API = '/api/v1';

for (const dialect of DIALECTS) {
  describe(`care referrals (${dialect})`, () => {
    let t: TestApp;
    let worker: Client;
    let social: Client;
    let county: Client;
    let org: Client;
    let strangerOrg: Client;
    let far: Client;
    let caseId: string;
    let orgId: string;
    let village: string;

    const db = () => t.database.handle.db;
    const referralCount = async () => (await db().selectFrom('care_referrals').select('id').where('case_id', '=', caseId).execute()).length;
    const auditActions = async (username: string) => (await db().selectFrom('audit_log').select('action').where('username', '=', username).execute()).map((r) => r.action);

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      worker = await t.login('demo-worker');
      social = await t.login('demo-social');
      county = await t.login('demo-county');
      org = await t.login('demo-org');
      const workerUser = await db().selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
      village = workerUser.scope_code;
      const child = await db()
        .selectFrom('persons')
        .select(['id', 'area_code', 'household_id'])
        .where('area_code', '=', village)
        .where('birth_date', '>', '2014-01-01')
        .where('user_id', 'is', null)
        .where('id', 'not in', db().selectFrom('care_cases').select('person_id'))
        .orderBy('id')
        .executeTakeFirstOrThrow();
      caseId = await insertCase(t, child, workerUser.id);
      const orgUser = await db().selectFrom('users').select('id').where('username', '=', 'demo-org').executeTakeFirstOrThrow();
      orgId = (await db().selectFrom('organization_members').select('organization_id').where('user_id', '=', orgUser.id).executeTakeFirstOrThrow()).organization_id;
      const countyCode = village.slice(0, 6);
      const otherTownship = await db().selectFrom('areas').select('code').where('parent_code', '=', countyCode).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      await insertUser(t, 'care-far-worker', 'communityWorker', otherTownship.code);
      far = await t.login('care-far-worker');
      await insertUser(t, 'care-stranger-org', 'organizationMember', countyCode);
      strangerOrg = await t.login('care-stranger-org');
    });
    after(() => t.close());

    const toOrg = (extra: Record<string, unknown> = {}) => ({ targetKind: 'organization', targetId: orgId, need: '课后辅导与心理陪伴', ...extra });

    test('without consent a referral is 409 consent_required; a worker may not override; nothing is written', async () => {
      const refused = assertError(await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg()), 409, 'consent_required');
      assert.match(refused.message, /consent/);
      assertError(await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ emergencyOverride: { reason: '孩子独自在家，情况紧急' } })), 403);
      assert.equal(await referralCount(), 0);
    });

    test('a supervisor records an emergency override with a reason; without one it is 400 naming the field', async () => {
      assertFieldNamed(await county.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ emergencyOverride: { reason: '' } })), 'emergencyOverride.reason');
      const made = await county.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ emergencyOverride: { reason: '孩子独自在家，情况紧急' } }));
      assert.equal(made.statusCode, 201, made.body);
      const referral = made.json();
      assert.equal(referral.basis, 'emergencyOverride');
      assert.equal(referral.overrideReason, '孩子独自在家，情况紧急');
      assert.equal(referral.overrideBy, 'demo-county');
      assert.deepEqual(referral.events.map((e: { action: string }) => e.action), ['createdUnderOverride']);
      const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', referral.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['careReferral.createOverride']);
      // Revoked again, so that the consent tests below start from no open referral.
      assert.equal((await county.post(`${API}/care/referrals/${referral.id}/revoke`, { note: '已改为征得同意后转介' })).statusCode, 200);
    });

    test('out of scope: a worker of another township is refused (403) and a missing case is 404', async () => {
      assertError(await far.get(`${API}/care/cases/${caseId}/referrals`), 403);
      assertError(await far.post(`${API}/care/cases/${caseId}/referrals`, toOrg()), 403);
      assertError(await far.get(`${API}/care/referrals?area=${village}`), 403);
      assertError(await worker.get(`${API}/care/cases/${uuidv7()}/referrals`), 404);
      assertError(await worker.post(`${API}/care/cases/${uuidv7()}/consents`, { purpose: 'referral', givenBy: 'guardian', givenByName: '张某', method: 'phone' }), 404);
    });

    let referralId: string;

    test('with the guardian’s consent the worker refers to an organization, which sees it masked, accepts it, and the worker closes it', async () => {
      const consent = await worker.post(`${API}/care/cases/${caseId}/consents`, { purpose: 'referral', givenBy: 'guardian', givenByName: '王建国', method: 'phone', note: '电话确认' });
      assert.equal(consent.statusCode, 201, consent.body);
      assert.equal(consent.json().active, true);
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ targetId: uuidv7() })), 'targetId', 'unknown_reference');
      const made = await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ respondWithinDays: 3 }));
      assert.equal(made.statusCode, 201, made.body);
      const referral = made.json();
      referralId = referral.id;
      assert.equal(referral.status, 'inProgress');
      assert.equal(referral.basis, 'consent');
      const days = (Date.parse(referral.respondBy) - Date.parse(referral.createdAt)) / 86_400_000;
      assert.ok(days > 2.99 && days < 3.01, `respondBy is three days on (${days})`);
      assert.deepEqual(referral.allowedActions, ['revoke'], 'the team may only revoke while it is in progress; the organization answers');
      assertError(await worker.post(`${API}/care/referrals/${referral.id}/accept`, {}), 403);

      const received = await org.get(`${API}/care/referrals/received`);
      assert.equal(received.statusCode, 200, received.body);
      const mine = received.json().items.find((r: { id: string }) => r.id === referralId);
      assert.ok(mine, 'the organization receives it');
      assert.match(mine.personName, /^.\*+$/, 'the person’s name is masked for the organization');
      assert.deepEqual(mine.allowedActions, ['accept', 'reject']);
      assert.equal((await strangerOrg.get(`${API}/care/referrals/received`)).json().total, 0);
      assertError(await strangerOrg.get(`${API}/care/referrals/${referralId}`), 404);
      assertError(await strangerOrg.post(`${API}/care/referrals/${referralId}/accept`, {}), 404);
      assertError(await worker.post(`${API}/care/referrals/${referralId}/done`, {}), 409);
      assertError(await social.post(`${API}/care/referrals/${referralId}/accept`, {}), 403);

      const accepted = await org.post(`${API}/care/referrals/${referralId}/accept`, { note: '本周五上门' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().status, 'accepted');
      assert.equal(accepted.json().responseNote, '本周五上门');
      assertError(await org.post(`${API}/care/referrals/${referralId}/accept`, {}), 409);
      assertError(await org.post(`${API}/care/referrals/${referralId}/reject`, { note: '晚了' }), 409);
      // The case team hears of the answer (the owner here), the organization that answered does not.
      const told = (await worker.get(`${API}/inbox`)).json().items.filter((n: { kind: string }) => n.kind === 'careReferralAnswered');
      assert.equal(told.length, 1, 'the owner is told once');
      assert.equal(told[0].params.to, 'accepted');
      assert.equal(told[0].params.note, '本周五上门');
      assert.equal((await org.get(`${API}/inbox`)).json().items.filter((n: { kind: string }) => n.kind === 'careReferralAnswered').length, 0);

      const done = await worker.post(`${API}/care/referrals/${referralId}/done`, { note: '已完成三次辅导' });
      assert.equal(done.statusCode, 200, done.body);
      assert.deepEqual(done.json().events.map((e: { to: string }) => e.to), ['inProgress', 'accepted', 'done']);
      assertError(await worker.post(`${API}/care/referrals/${referralId}/revoke`, {}), 409);
    });

    test('a rejection says why (400 note), and a stale version is 409', async () => {
      const made = await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg({ need: '周末托管' }));
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().id;
      assertFieldNamed(await org.post(`${API}/care/referrals/${id}/reject`, {}), 'note', 'required');
      assertError(await org.post(`${API}/care/referrals/${id}/reject`, { note: '人手不足', version: 99 }), 409);
      const rejected = await org.post(`${API}/care/referrals/${id}/reject`, { note: '人手不足', version: 1 });
      assert.equal(rejected.statusCode, 200, rejected.body);
      assert.equal(rejected.json().status, 'rejected');
    });

    test('a referral to a service item opens a service request in the same transaction; a bad form writes neither', async () => {
      const before = await referralCount();
      const requestsBefore = (await db().selectFrom('service_requests').select('id').execute()).length;
      const bad = await worker.post(`${API}/care/cases/${caseId}/referrals`, { targetKind: 'serviceItem', targetId: 'AH-MZ-003', need: '临时救助', openServiceRequest: true, formValues: { event: 'nonsense' } });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(await referralCount(), before);
      assert.equal((await db().selectFrom('service_requests').select('id').execute()).length, requestsBefore);
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/referrals`, { targetKind: 'organization', targetId: orgId, need: '陪伴', openServiceRequest: true }), 'openServiceRequest', 'inconsistent');

      const made = await worker.post(`${API}/care/cases/${caseId}/referrals`, {
        targetKind: 'serviceItem',
        targetId: 'AH-MZ-003',
        need: '家中突发困难，申请临时救助',
        openServiceRequest: true,
        formValues: { event: 'illness', eventDate: '2026-11-02', amount: 3000, description: '突发疾病住院，医疗支出较大' },
      });
      assert.equal(made.statusCode, 201, made.body);
      const referral = made.json();
      assert.equal(referral.target.kind, 'serviceItem');
      assert.ok(referral.serviceRequestId);
      const request = await db().selectFrom('service_requests').select(['id', 'applicant_person_id', 'item_code']).where('id', '=', referral.serviceRequestId).executeTakeFirstOrThrow();
      assert.equal(request.item_code, 'AH-MZ-003');
      const kase = await db().selectFrom('care_cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(request.applicant_person_id, kase.person_id);
      // A social worker may refer but not file requests.
      assertError(await social.post(`${API}/care/cases/${caseId}/referrals`, { targetKind: 'serviceItem', targetId: 'AH-MZ-003', need: '临时救助', openServiceRequest: true }), 403);
    });

    test('closing a case with open referrals is refused with a 409 naming them (the hook of the cases part)', async () => {
      await assert.rejects(requireNoOpenReferrals(db(), caseId), (error: Error & { statusCode?: number; details?: { referrals: { id: string }[] } }) => {
        assert.equal(error.statusCode, 409);
        assert.ok((error.details?.referrals.length ?? 0) >= 1);
        return true;
      });
    });

    test('asking to close a case with open referrals is 409 open_referrals naming them, and files no approval', async () => {
      const approvalsBefore = (await db().selectFrom('care_approvals').select('id').where('case_id', '=', caseId).execute()).length;
      const refused = assertError(await worker.post(`${API}/care/cases/${caseId}/approvals`, { kind: 'close', reason: '孩子随父母进城就读' }), 409, 'open_referrals');
      const named = (refused.details as { referrals: { id: string; targetName: string }[] }).referrals;
      assert.ok(named.length >= 1);
      assert.ok(named.every((r) => typeof r.targetName === 'string' && r.targetName.length > 0));
      assert.equal((await db().selectFrom('care_approvals').select('id').where('case_id', '=', caseId).execute()).length, approvalsBefore);
    });

    test('a withdrawn consent makes the next referral 409 again', async () => {
      const consents = (await worker.get(`${API}/care/cases/${caseId}/consents`)).json();
      const active = consents.find((c: { active: boolean; purpose: string }) => c.active && c.purpose === 'referral');
      const withdrawn = await worker.post(`${API}/care/consents/${active.id}/withdraw`, {});
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json().active, false);
      assertError(await worker.post(`${API}/care/consents/${active.id}/withdraw`, {}), 409);
      assertError(await worker.post(`${API}/care/cases/${caseId}/referrals`, toOrg()), 409, 'consent_required');
    });

    test('the case plan: first without a version, then with the one read (409 when stale or missing)', async () => {
      assert.equal((await worker.get(`${API}/care/cases/${caseId}/plan`)).json(), null);
      const first = await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/plan`, payload: { goals: [{ text: '每周与父母视频一次', done: false }], services: ['课后辅导'], reviewOn: '2027-01-31' } });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().version, 1);
      assertError(await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/plan`, payload: { goals: [], services: [] } }), 409);
      assertError(await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/plan`, payload: { goals: [], services: [], version: 7 } }), 409);
      assertFieldNamed(await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/plan`, payload: { goals: [{ text: '   ', done: false }], services: [], version: 1 } }), 'goals.0.text');
      const second = await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/plan`, payload: { goals: [{ text: '每周与父母视频一次', done: true }], services: ['课后辅导', '心理疏导'], version: 1 } });
      assert.equal(second.statusCode, 200, second.body);
      assert.deepEqual(second.json().services, ['课后辅导', '心理疏导']);
      assert.equal(second.json().version, 2);
      // Each save records its review day (the figures read a past day's plan from these); the refused ones none.
      const revisions = await db().selectFrom('care_plan_revisions').select(['review_on', 'saved_at']).where('case_id', '=', caseId).execute();
      assert.deepEqual(revisions.sort((x, y) => new Date(x.saved_at).getTime() - new Date(y.saved_at).getTime()).map((r) => r.review_on), ['2027-01-31', null]);
      assertError(await org.get(`${API}/care/cases/${caseId}/plan`), 404);
    });

    test('every read is audited: the case’s referrals, one referral, the lists, the plan and the consents', async () => {
      const ofCase = await worker.get(`${API}/care/cases/${caseId}/referrals`);
      assert.equal(ofCase.statusCode, 200, ofCase.body);
      assert.ok(ofCase.json().length >= 3);
      assert.deepEqual((await org.get(`${API}/care/cases/${caseId}/referrals`)).json().map((r: { target: { id: string } }) => r.target.id).filter((id: string) => id !== orgId), [], 'an organization sees only what it received');
      const workerActions = await auditActions('demo-worker');
      for (const action of ['careReferral.listOfCase', 'careConsent.list', 'carePlan.read']) assert.ok(workerActions.includes(action), `${action} audited`);
      assert.equal((await org.get(`${API}/care/referrals/${referralId}`)).statusCode, 200);
      const orgActions = await auditActions('demo-org');
      assert.ok(orgActions.includes('careReferral.read'));
      assert.ok(orgActions.includes('careReferral.listReceived'));
      const list = await worker.get(`${API}/care/referrals?status=done`);
      assert.equal(list.statusCode, 200, list.body);
      assert.ok(list.json().items.every((r: { status: string }) => r.status === 'done'));
      assert.ok((await auditActions('demo-worker')).includes('careReferral.list'));
    });
  });
}
