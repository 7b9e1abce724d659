/**
 * The family in the city, on SQLite and PostgreSQL: a worker links a relative's resident account
 * after checking identity; the relative's family page shows the care summary only once sharing is
 * consented (and never the case's notes); a guardian gives and withdraws consent (a relative who is
 * not one: 403); the city phone is stored encrypted and answered masked; messages and video call
 * requests go both ways and are marked read; every read by anyone is audited; other residents reach
 * nothing (404).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { insertCase, insertUser } from '../support/care-family.ts';

const API = '/api/v1';

for (const dialect of DIALECTS) {
  describe(`care family (${dialect})`, () => {
    let t: TestApp;
    let worker: Client;
    let far: Client;
    let parent: Client;
    let grandma: Client;
    let neighbour: Client;
    let caseId: string;
    let parentId: string;
    let linkId: string;
    let grandmaLinkId: string;

    const db = () => t.database.handle.db;
    const audited = async (username: string, action: string) => (await db().selectFrom('audit_log').select('id').where('username', '=', username).where('action', '=', action).execute()).length;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      worker = await t.login('demo-worker');
      neighbour = await t.login('demo-resident');
      const workerUser = await db().selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
      const village = workerUser.scope_code;
      const child = await db().selectFrom('persons').select(['id', 'area_code', 'household_id']).where('area_code', '=', village).where('birth_date', '>', '2014-01-01').where('user_id', 'is', null)
        .where('id', 'not in', db().selectFrom('care_cases').select('person_id')).orderBy('id').executeTakeFirstOrThrow();
      caseId = await insertCase(t, child, workerUser.id, { lastVisitOn: '2026-11-20', visitDueOn: '2026-11-27' });
      parentId = await insertUser(t, 'family-test-parent', 'resident', village.slice(0, 2));
      await insertUser(t, 'family-test-grandma', 'resident', village);
      parent = await t.login('family-test-parent');
      grandma = await t.login('family-test-grandma');
      const otherTownship = await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 6)).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      await insertUser(t, 'family-far-worker', 'communityWorker', otherTownship.code);
      far = await t.login('family-far-worker');
    });
    after(() => t.close());

    test('the demo parent (demo-parent) sees their left-behind child’s summary, the accepted referral and the messages', async () => {
      const demoParent = await t.login('demo-parent');
      const page = await demoParent.get(`${API}/family`);
      assert.equal(page.statusCode, 200, page.body);
      const [relative] = page.json().relatives;
      assert.ok(relative, 'the demo parent is linked to a child');
      assert.equal(relative.guardian, true);
      assert.ok(relative.summary, 'sharing is consented in the demo');
      assert.equal(relative.summary.openReferrals, 1);
      assert.match(page.json().contact.phoneMasked, /^138\*+8000$/);
      const messages = (await demoParent.get(`${API}/family/links/${relative.linkId}/messages`)).json();
      assert.ok(messages.length >= 4);
      assert.ok(messages.some((m: { kind: string }) => m.kind === 'videoCallRequest'));
    });

    test('a worker links a relative after checking identity; bad links are refused and write nothing', async () => {
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/family`, { username: 'demo-worker', relation: 'parent', guardian: true, identityCheck: '视频核验身份证' }), 'username', 'not_allowed');
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/family`, { username: 'nobody-like-this', relation: 'parent', guardian: true, identityCheck: '视频核验身份证' }), 'username', 'unknown_reference');
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/family`, { relation: 'parent', guardian: true, identityCheck: '视频核验身份证' }), 'username', 'inconsistent');
      assertError(await far.post(`${API}/care/cases/${caseId}/family`, { username: 'family-test-parent', relation: 'parent', guardian: true, identityCheck: '视频核验身份证' }), 403);
      assert.equal((await db().selectFrom('care_family_links').select('id').where('user_id', '=', parentId).execute()).length, 0);
      const made = await worker.post(`${API}/care/cases/${caseId}/family`, { username: 'family-test-parent', relation: 'parent', guardian: true, identityCheck: '视频通话核验身份证，与户籍信息一致' });
      assert.equal(made.statusCode, 201, made.body);
      linkId = made.json().id;
      assert.equal(made.json().userId, parentId);
      assertError(await worker.post(`${API}/care/cases/${caseId}/family`, { username: 'family-test-parent', relation: 'parent', guardian: true, identityCheck: '再次核验' }), 409);
      const grandmaLink = await worker.post(`${API}/care/cases/${caseId}/family`, { username: 'family-test-grandma', relation: 'grandparent', guardian: false, identityCheck: '当面核验' });
      assert.equal(grandmaLink.statusCode, 201, grandmaLink.body);
      grandmaLinkId = grandmaLink.json().id;
    });

    test('the family page shows the summary only once a guardian consents to sharing, never the notes', async () => {
      const before = await parent.get(`${API}/family`);
      assert.equal(before.statusCode, 200, before.body);
      const [relative] = before.json().relatives;
      assert.equal(relative.linkId, linkId);
      assert.equal(relative.sharingConsented, false);
      assert.equal(relative.summary, null);
      assertError(await grandma.post(`${API}/family/links/${grandmaLinkId}/consents`, { purpose: 'sharing', given: true }), 403);
      assertError(await parent.post(`${API}/family/links/${linkId}/consents`, { purpose: 'sharing', given: false }), 409);
      const given = await parent.post(`${API}/family/links/${linkId}/consents`, { purpose: 'sharing', given: true });
      assert.equal(given.statusCode, 200, given.body);
      assert.equal(given.json().method, 'familyPage');
      const after = (await parent.get(`${API}/family`)).json();
      const summary = after.relatives[0].summary;
      assert.equal(summary.lastVisitOn, '2026-11-20');
      assert.equal(summary.nextVisitDue, '2026-11-27');
      assert.ok(summary.worker.name.length > 0);
      assert.ok(!JSON.stringify(after).includes('内部备注'), 'the case notes never reach the family page');
      // The grandmother sees it too now: sharing is consented for the person.
      assert.notEqual((await grandma.get(`${API}/family`)).json().relatives[0].summary, null);
      assert.ok((await audited('family-test-parent', 'family.read')) >= 2);
      // A resident linked to nothing sees an empty page; a worker has no family page.
      assert.deepEqual((await neighbour.get(`${API}/family`)).json().relatives, []);
      assertError(await worker.get(`${API}/family`), 403);
    });

    test('the city contact: the phone is checked, stored encrypted and answered masked; a stale version is 409', async () => {
      assertFieldNamed(await parent.request({ method: 'PUT', url: `${API}/family/contact`, payload: { cityAddress: '浙江省杭州市西湖区文三路1号', phone: '12345', version: 0 } }), 'phone', 'invalid_format');
      const saved = await parent.request({ method: 'PUT', url: `${API}/family/contact`, payload: { cityAddress: '浙江省杭州市西湖区文三路1号', phone: '13812345678', version: 0 } });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().phoneMasked, '138****5678');
      const row = await db().selectFrom('care_family_contacts').selectAll().where('user_id', '=', parentId).executeTakeFirstOrThrow();
      assert.ok(row.phone_cipher && !row.phone_cipher.includes('13812345678'));
      assertError(await parent.request({ method: 'PUT', url: `${API}/family/contact`, payload: { cityAddress: '别处', version: 0 } }), 409);
      const moved = await parent.request({ method: 'PUT', url: `${API}/family/contact`, payload: { cityAddress: '浙江省杭州市滨江区', version: 1 } });
      assert.equal(moved.json().phoneMasked, '138****5678', 'the phone stays when left out');
      const links = (await worker.get(`${API}/care/cases/${caseId}/family`)).json();
      assert.equal(links.find((l: { id: string }) => l.id === linkId).contact.phoneMasked, '138****5678');
      assertError(await neighbour.request({ method: 'PUT', url: `${API}/family/contact`, payload: { cityAddress: 'x', version: 0 } }), 403);
    });

    test('messages both ways, a video call in the future, read marks, and strangers reach nothing', async () => {
      const sent = await parent.post(`${API}/family/links/${linkId}/messages`, { body: '孩子最近学习怎么样？' });
      assert.equal(sent.statusCode, 201, sent.body);
      assertFieldNamed(await parent.post(`${API}/family/links/${linkId}/messages`, { kind: 'videoCallRequest', body: '想和孩子视频', proposedAt: '2020-01-01T12:00:00Z' }), 'proposedAt', 'out_of_range');
      const call = await parent.post(`${API}/family/links/${linkId}/messages`, { kind: 'videoCallRequest', body: '周六晚上想和孩子视频', proposedAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
      assert.equal(call.statusCode, 201, call.body);
      assertError(await neighbour.get(`${API}/family/links/${linkId}/messages`), 404);
      assertError(await neighbour.post(`${API}/family/links/${linkId}/messages`, { body: '冒充' }), 404);
      // The case's owner is told of each (a message, a video call request); the refused one told nobody.
      const told = (await worker.get(`${API}/inbox`)).json().items.filter((n: { kind: string }) => n.kind === 'careFamilyMessage');
      assert.deepEqual(told.map((n: { params: { action: string } }) => n.params.action).sort(), ['message', 'videoCallRequest']);

      const inbox = await worker.get(`${API}/care/family-messages`);
      assert.equal(inbox.statusCode, 200, inbox.body);
      const conversation = inbox.json().find((c: { familyUserId: string }) => c.familyUserId === parentId);
      assert.equal(conversation.unread, 2);
      assert.equal(conversation.caseId, caseId);
      assert.equal(conversation.lastKind, 'videoCallRequest');
      assertError(await far.get(`${API}/care/family-messages?area=${conversation.areaCode}`), 403);
      assert.deepEqual((await far.get(`${API}/care/family-messages`)).json(), [], 'another township’s worker sees none');

      const thread = await worker.get(`${API}/care/cases/${caseId}/messages?familyUserId=${parentId}`);
      assert.equal(thread.statusCode, 200, thread.body);
      assert.deepEqual(thread.json().map((m: { kind: string }) => m.kind), ['message', 'videoCallRequest']);
      assert.equal((await worker.get(`${API}/care/family-messages`)).json().find((c: { familyUserId: string }) => c.familyUserId === parentId).unread, 0);
      assertFieldNamed(await worker.post(`${API}/care/cases/${caseId}/messages`, { familyUserId: 'someone-else', body: '你好' }), 'familyUserId', 'unknown_reference');
      const reply = await worker.post(`${API}/care/cases/${caseId}/messages`, { familyUserId: parentId, body: '孩子很好，周六晚上八点视频。' });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.equal((await parent.get(`${API}/family`)).json().relatives[0].unreadMessages, 1);
      const mine = (await parent.get(`${API}/family/links/${linkId}/messages`)).json();
      assert.equal(mine.at(-1).direction, 'toFamily');
      assert.equal((await parent.get(`${API}/family`)).json().relatives[0].unreadMessages, 0);
      assert.ok((await audited('demo-worker', 'careFamily.readMessages')) >= 1);
      assert.ok((await audited('family-test-parent', 'family.readMessages')) >= 1);
    });

    test('withdrawing sharing hides the summary again; an ended link hides the person', async () => {
      assert.equal((await parent.post(`${API}/family/links/${linkId}/consents`, { purpose: 'sharing', given: false })).statusCode, 200);
      assert.equal((await parent.get(`${API}/family`)).json().relatives[0].summary, null);
      const ended = await worker.post(`${API}/care/family-links/${linkId}/end`);
      assert.equal(ended.statusCode, 200, ended.body);
      assertError(await worker.post(`${API}/care/family-links/${linkId}/end`), 409);
      assert.deepEqual((await parent.get(`${API}/family`)).json().relatives, []);
      assertError(await parent.get(`${API}/family/links/${linkId}/messages`), 404);
    });
  });
}
