import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, problemsOf } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const L = '/api/v1/linkage';
const PASSWORD = 'Zx7#Harbor-Lantern-Quince';

for (const dialect of DIALECTS) {
  describe(`linkage procurement (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let worker: Client;
    let resident: Client;
    let neighbour1: Client;
    let neighbour2: Client;
    let memberA: Client;
    let memberB: Client;
    let memberC: Client;
    let evaluator1: Client;
    let evaluator2: Client;
    let village: string;
    let otherVillage: string;
    let orgA: string;
    let orgB: string;
    let orgC: string;
    let evaluator2Id: string;
    let certified: string[];
    let uncertified: string;

    const db = () => t.database.handle.db;
    const count = async (table: 'linkage_needs' | 'linkage_need_supports' | 'linkage_projects' | 'linkage_bids' | 'linkage_scores' | 'linkage_contracts' | 'linkage_calls') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const put = (c: Client, url: string, body: unknown) => c.request({ method: 'PUT', url, payload: body as object });
    const ok = (r: { statusCode: number; body: string }, status = 200) => {
      assert.equal(r.statusCode, status, r.body);
      return JSON.parse(r.body);
    };

    async function user(username: string, role: string, scope: string): Promise<{ client: Client; id: string }> {
      const created = ok(await admin.post('/api/v1/users', { username, displayName: username, password: PASSWORD, role, scope }), 201);
      return { client: await t.login(username, PASSWORD), id: created.id };
    }

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
      county = await t.login('demo-county');
      worker = await t.login('demo-worker');
      resident = await t.login('demo-resident');
      memberA = await t.login('demo-org');
      evaluator1 = await t.login('demo-evaluator');
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
      otherVillage = (await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 9)).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
      neighbour1 = (await user('lk-neighbour-1', 'resident', village)).client;
      neighbour2 = (await user('lk-neighbour-2', 'resident', village)).client;
      memberB = (await user('lk-member-b', 'organizationMember', '340828')).client;
      memberC = (await user('lk-member-c', 'organizationMember', '340828')).client;
      evaluator2Id = (await user('lk-evaluator-2', 'evaluator', '340828')).id;
      evaluator2 = await t.login('lk-evaluator-2', PASSWORD);
      orgA = ok(await memberA.get('/api/v1/organizations/mine')).id;
      const others = await db().selectFrom('organizations').select('id').where('area_code', 'like', '340828%').where('id', '!=', orgA).orderBy('id').limit(2).execute();
      [orgB, orgC] = [others[0]!.id, others[1]!.id];
      ok(await county.post(`/api/v1/organizations/${orgB}/members`, { username: 'lk-member-b' }));
      ok(await county.post(`/api/v1/organizations/${orgC}/members`, { username: 'lk-member-c' }));
      // Fixtures: the registry facts eligibility reads (status; workers with and without a verified qualification).
      await db().updateTable('organizations').set({ status: 'active' }).where('id', 'in', [orgA, orgB]).execute();
      await db().updateTable('organizations').set({ status: 'incubating' }).where('id', '=', orgC).execute();
      const verified = await db()
        .selectFrom('workers as w')
        .select('w.id')
        .where((eb) => eb.exists(eb.selectFrom('worker_qualifications as q').select('q.id').whereRef('q.worker_id', '=', 'w.id').where('q.status', '=', 'verified')))
        .orderBy('w.id')
        .limit(4)
        .execute();
      assert.ok(verified.length >= 4, 'the demo registry has workers with verified qualifications');
      certified = verified.map((w) => w.id);
      uncertified = (
        await db()
          .selectFrom('workers as w')
          .select('w.id')
          .where((eb) => eb.not(eb.exists(eb.selectFrom('worker_qualifications as q').select('q.id').whereRef('q.worker_id', '=', 'w.id').where('q.status', '=', 'verified'))))
          .executeTakeFirstOrThrow()
      ).id;
      // Evaluator 2 is also a member of organization B: a conflict the panel rules must catch.
      await db()
        .insertInto('organization_members')
        .values({ area_code: (await db().selectFrom('organizations').select('area_code').where('id', '=', orgB).executeTakeFirstOrThrow()).area_code, organization_id: orgB, user_id: evaluator2Id, position: null, added_at: new Date().toISOString(), added_by: null })
        .execute();
    });
    after(() => t.close());

    let needId: string;
    let workerNeedId: string;
    let projectId: string;
    let callId: string;
    let call: { version: number; criteria: { id: string }[] };
    let bidA: string;
    let bidB: string;

    test('a resident raises a need; two neighbours support it; one person never counts twice across channels', async () => {
      const need = ok(await resident.post(`${L}/needs`, { category: 'children', title: '放学后没人照看孩子', description: '村里留守儿童放学后无人看护，希望有课后托管。' }), 201);
      needId = need.id;
      assert.equal(need.channel, 'portal');
      assert.equal(need.areaCode, village);
      assert.equal(need.followedByMe, true);
      assert.equal(need.supports, 0);
      ok(await neighbour1.post(`${L}/needs/${needId}/supports`, {}));
      const supported = ok(await neighbour2.post(`${L}/needs/${needId}/supports`, {}));
      assert.equal(supported.supports, 2);
      assert.equal(supported.supportedByMe, true);
      assertError(await neighbour2.post(`${L}/needs/${needId}/supports`, {}), 409, 'conflict');
      // The demo resident supports in the portal as their registry person; a worker recording them in person is refused.
      ok(await resident.post(`${L}/needs/${needId}/supports`, {}));
      const person = await db().selectFrom('persons').select('id').where('user_id', '=', (await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
      const before = await count('linkage_need_supports');
      const dup = assertError(await worker.post(`${L}/needs/${needId}/supports`, { personId: person.id }), 409, 'conflict');
      assert.equal((dup.details as { rule: string }).rule, 'duplicate');
      assert.equal(await count('linkage_need_supports'), before);
      // A worker's in-person support without the supporter identified: 400 naming personId.
      assert.deepEqual(problemsOf(assertError(await worker.post(`${L}/needs/${needId}/supports`, {}), 400)).map((p) => [p.field, p.code]), [['personId', 'required']]);
      const other = await db().selectFrom('persons').select('id').where('area_code', '=', village).where('user_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
      const three = ok(await worker.post(`${L}/needs/${needId}/supports`, { personId: other.id }));
      assert.equal(three.supports, 4);
      assert.equal(three.supportList.filter((s: { channel: string }) => s.channel === 'inPerson').length, 1);
      assert.ok(three.supportList.every((s: { name: string }) => s.name.includes('*') || s.name.length <= 1), 'supporters masked');
    });

    test('raising: a worker records on behalf with evidence; a resident outside their community is refused', async () => {
      const before = await count('linkage_needs');
      assert.deepEqual(problemsOf(assertError(await worker.post(`${L}/needs`, { category: 'elderly', title: '老人就餐难', description: '独居老人吃饭困难' }), 400)).map((p) => p.field), ['evidenceKind']);
      assertError(await resident.post(`${L}/needs`, { areaCode: otherVillage, category: 'other', title: 'x', description: 'y' }), 403);
      assert.equal(await count('linkage_needs'), before);
      const need = ok(await worker.post(`${L}/needs`, { category: 'children', title: '留守儿童课后看护', description: '村民会上多人提出', evidenceKind: 'meeting', evidence: '11月村民议事会记录' }), 201);
      workerNeedId = need.id;
      assert.equal(need.channel, 'worker');
      assert.equal(need.evidence, '11月村民议事会记录');
      assert.equal(ok(await resident.get(`${L}/needs/${workerNeedId}`)).evidence, null, 'evidence is staff only');
      ok(await neighbour1.post(`${L}/needs/${workerNeedId}/supports`, {}));
    });

    test('answers: the internal note stays inside; residents read only what is published', async () => {
      assert.deepEqual(problemsOf(assertError(await worker.post(`${L}/needs/${needId}/answers`, { decision: 'notTakenUp' }), 400)).map((p) => p.field), ['reason']);
      const answered = ok(await worker.post(`${L}/needs/${needId}/answers`, { decision: 'underConsideration', internalNote: '需与乡镇社工站商量经费', publicText: '村委会正在研究，月底前答复。' }));
      assert.equal(answered.status, 'underConsideration');
      let seen = ok(await resident.get(`${L}/needs/${needId}`));
      assert.equal(seen.publicAnswer, null);
      assert.deepEqual(seen.answers, []);
      ok(await worker.post(`${L}/needs/${needId}/answers/${answered.answers[0].id}/publish`, {}));
      seen = ok(await resident.get(`${L}/needs/${needId}`));
      assert.equal(seen.publicAnswer.text, '村委会正在研究，月底前答复。');
      assert.ok(!JSON.stringify(seen).includes('经费'), 'the internal note never reaches a resident');
    });

    test('a duplicate merges into the need, keeping supports one per person', async () => {
      const merged = ok(await worker.post(`${L}/needs/${workerNeedId}/merge`, { intoId: needId }));
      assert.equal(merged.id, needId);
      // neighbour1 supported both: counted once.
      assert.equal(merged.supports, 4);
      const gone = ok(await worker.get(`${L}/needs/${workerNeedId}`));
      assert.equal(gone.status, 'merged');
      assert.equal(gone.supports, 0);
      assertError(await worker.post(`${L}/needs/${workerNeedId}/merge`, { intoId: needId }), 409);
      const list = ok(await resident.get(`${L}/needs`));
      assert.ok(list.total >= 4, 'the demo needs and ours');
      assert.ok(list.items.every((n: { status: string }) => n.status !== 'merged'));
      assert.ok(list.items.every((n: { areaCode: string }) => n.areaCode === village), 'scoped to the resident’s village');
    });

    const design = (over: Record<string, unknown> = {}) => ({
      areaCode: village,
      title: '留守儿童课后四点半课堂',
      objectives: '为留守儿童提供课后看护与学业辅导',
      targetGroup: '本村已确认的留守儿童',
      targetKind: 'leftBehindChild',
      communities: [village],
      needIds: [needId],
      fundingSource: 'governmentPurchase',
      budgetCents: 10_000_000,
      budgetLines: [
        { title: '人员经费', amountCents: 6_000_000 },
        { title: '活动物资', amountCents: 4_000_000 },
      ],
      indicators: [
        { kind: 'output', name: '开展课堂次数', unit: '次', target: 80 },
        { kind: 'outcome', name: '家长满意度', unit: '%', target: 90 },
      ],
      requirements: { statuses: ['registered', 'active'], minimumGrade: null, socialWorkers: 2 },
      phases: [{ title: '实施', startsOn: '2027-01-01', endsOn: '2027-06-30' }],
      ...over,
    });

    test('a worker designs a project from the need; budget lines that do not sum are a 400 and write nothing', async () => {
      const before = await count('linkage_projects');
      const bad = assertError(await worker.post(`${L}/projects`, design({ budgetLines: [{ title: '人员经费', amountCents: 1 }] })), 400);
      assert.deepEqual(problemsOf(bad).map((p) => [p.field, p.code]), [['budgetLines', 'inconsistent']]);
      assertError(await worker.post(`${L}/projects`, design({ communities: [otherVillage] })), 403);
      assertError(await resident.post(`${L}/projects`, design()), 403);
      assert.equal(await count('linkage_projects'), before);
      const project = ok(await worker.post(`${L}/projects`, design()), 201);
      projectId = project.id;
      assert.equal(project.status, 'draft');
      assert.deepEqual(project.needs.map((n: { id: string }) => n.id), [needId]);
      assert.equal(project.needs[0].status, 'takenUp');
      assert.equal(project.budgetLines.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0), 10_000_000);
      const confirmed = await db().selectFrom('left_behind_flags').select((eb) => eb.fn.countAll().as('n')).where('area_code', '=', village).where('kind', '=', 'leftBehindChild').where('status', '=', 'confirmed').executeTakeFirstOrThrow();
      assert.equal(project.targetCount, Number(confirmed.n), 'the target count comes from the registry');
      assert.deepEqual(ok(await resident.get(`${L}/needs/${needId}`)).projectIds, [projectId]);
    });

    test('a call: weights that do not sum to 100 are a 400; opening before the deadline only', async () => {
      const panel = [(await db().selectFrom('users').select('id').where('username', '=', 'demo-evaluator').executeTakeFirstOrThrow()).id, evaluator2Id];
      const deadline = new Date(Date.now() + 3600_000);
      const body = (over: Record<string, unknown> = {}) => ({
        mode: 'open',
        questionsUntil: new Date(Date.now() + 1800_000).toISOString(),
        submissionDeadline: deadline.toISOString(),
        evaluationUntil: new Date(Date.now() + 7 * 86400_000).toISOString(),
        noticeUntil: new Date(Date.now() + 14 * 86400_000).toISOString(),
        contractBy: new Date(Date.now() + 30 * 86400_000).toISOString(),
        scoreMax: 10,
        dropExtremes: false,
        criteria: [
          { name: '方案质量', weight: 60 },
          { name: '团队能力', weight: 40 },
        ],
        panelUserIds: panel,
        ...over,
      });
      const bad = assertError(await worker.post(`${L}/projects/${projectId}/calls`, body({ criteria: [{ name: '方案', weight: 50 }] })), 400);
      assert.deepEqual(problemsOf(bad).map((p) => p.field), ['criteria']);
      const created = ok(await worker.post(`${L}/projects/${projectId}/calls`, body()), 201);
      callId = created.id;
      assert.equal(created.status, 'draft');
      assertError(await worker.post(`${L}/projects/${projectId}/calls`, body()), 409);
      const opened = ok(await worker.post(`${L}/calls/${callId}/transitions`, { to: 'open', version: created.version }));
      assert.equal(opened.status, 'open');
      assert.equal(ok(await worker.get(`${L}/projects/${projectId}`)).status, 'calling');
      // An enquiry answered publicly.
      const asked = ok(await memberA.post(`${L}/calls/${callId}/enquiries`, { question: '预算是否含税？' }));
      ok(await worker.post(`${L}/calls/${callId}/enquiries/${asked.enquiries[0].id}/answer`, { answer: '含税。' }));
      assert.equal(ok(await memberB.get(`${L}/calls/${callId}`)).enquiries[0].answer, '含税。');
      call = opened;
    });

    const bid = (team: string[], over: Record<string, unknown> = {}) => ({
      proposalTitle: '四点半课堂实施方案',
      proposal: '每周一至周五下午开展课后看护、作业辅导与阅读活动。',
      budgetCents: 9_500_000,
      volunteersPlanned: 6,
      team: team.map((workerId) => ({ workerId })),
      ...over,
    });

    test('bids: eligibility is checked against the registry, each refusal a 409 naming its rule', async () => {
      const before = await count('linkage_bids');
      const status = assertError(await memberC.post(`${L}/calls/${callId}/bids`, bid(certified.slice(0, 2))), 409);
      assert.equal((status.details as { rule: string }).rule, 'organizationStatus');
      assert.match(status.message, /organizationStatus/);
      const workers = assertError(await memberA.post(`${L}/calls/${callId}/bids`, bid([certified[0]!, uncertified])), 409);
      assert.equal((workers.details as { rule: string }).rule, 'socialWorkers');
      assert.deepEqual(problemsOf(assertError(await memberA.post(`${L}/calls/${callId}/bids`, bid(certified.slice(0, 2), { budgetCents: 20_000_000 })), 400)).map((p) => p.field), ['budgetCents']);
      assert.equal(await count('linkage_bids'), before);
      bidA = ok(await memberA.post(`${L}/calls/${callId}/bids`, bid(certified.slice(0, 2))), 201).id;
      bidB = ok(await memberB.post(`${L}/calls/${callId}/bids`, bid(certified.slice(2, 4), { proposalTitle: '课后陪伴计划', budgetCents: 9_800_000 })), 201).id;
      assert.equal((assertError(await memberA.post(`${L}/calls/${callId}/bids`, bid(certified.slice(0, 2))), 409).details as { rule: string }).rule, 'duplicate');
      // Each organization sees its own bid only; the community sees both.
      const seenByA = ok(await memberA.get(`${L}/calls/${callId}`));
      assert.deepEqual(seenByA.bids.map((b: { id: string }) => b.id), [bidA]);
      assert.equal(seenByA.myBidId, bidA);
      assertError(await memberA.get(`${L}/bids/${bidB}`), 403);
      assert.equal(ok(await worker.get(`${L}/calls/${callId}`)).bids.length, 2);
    });

    test('the deadline: evaluation waits for it; a bid after it is a 409 naming the rule', async () => {
      assert.equal((assertError(await worker.post(`${L}/calls/${callId}/transitions`, { to: 'evaluation', version: call.version }), 409).details as { rule: string }).rule, 'deadline');
      await db().updateTable('linkage_calls').set({ submission_deadline: new Date(Date.now() - 1000).toISOString(), questions_until: new Date(Date.now() - 2000).toISOString() }).where('id', '=', callId).execute();
      await db().updateTable('organizations').set({ status: 'active' }).where('id', '=', orgC).execute();
      const late = assertError(await memberC.post(`${L}/calls/${callId}/bids`, bid(certified.slice(0, 2))), 409);
      assert.equal((late.details as { rule: string }).rule, 'deadline');
      call = ok(await worker.post(`${L}/calls/${callId}/transitions`, { to: 'evaluation', version: call.version }));
      assert.equal((call as unknown as { status: string }).status, 'evaluation');
    });

    test('scoring: declared first, within the scale, never by a member of the bidding organization; sealed until the close', async () => {
      const [c1, c2] = call.criteria.map((c) => c.id) as [string, string];
      const scores = (a: number, b: number) => ({ scores: [{ criterionId: c1, score: a }, { criterionId: c2, score: b }] });
      assert.equal((assertError(await put(evaluator1, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(8, 8)), 409).details as { rule: string }).rule, 'declaration');
      assertError(await put(memberA, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(8, 8)), 403);
      ok(await evaluator1.post(`${L}/calls/${callId}/declaration`, { noConflict: true }));
      ok(await evaluator2.post(`${L}/calls/${callId}/declaration`, { noConflict: true }));
      const out = assertError(await put(evaluator1, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(11, 8)), 400);
      assert.deepEqual(problemsOf(out).map((p) => [p.field, p.code]), [['scores.0.score', 'out_of_range']]);
      assertError(await put(evaluator1, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(-1, 8)), 400);
      const before = await count('linkage_scores');
      assertError(await put(evaluator2, `${L}/calls/${callId}/bids/${bidB}/scores`, scores(10, 10)), 403);
      assert.equal(await count('linkage_scores'), before);
      const sheet2 = ok(await evaluator2.get(`${L}/calls/${callId}/scoring`));
      assert.equal(sheet2.bids.find((b: { id: string }) => b.id === bidB).conflicted, true);
      ok(await put(evaluator1, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(8, 6)));
      ok(await put(evaluator1, `${L}/calls/${callId}/bids/${bidB}/scores`, scores(9, 7)));
      ok(await put(evaluator2, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(6, 6)));
      // Sealed: the community sees no score yet, an evaluator only their own.
      assert.ok(ok(await worker.get(`${L}/calls/${callId}`)).bids.every((b: { score: unknown }) => b.score === null));
      const sheet1 = ok(await evaluator1.get(`${L}/calls/${callId}/scoring`));
      assert.deepEqual(sheet1.bids.find((b: { id: string }) => b.id === bidA).myScores.map((s: { score: number }) => s.score).sort(), [6, 8]);
      const queue = ok(await evaluator1.get(`${L}/scoring-queue`));
      assert.deepEqual(queue.filter((q: { callId: string }) => q.callId === callId).map((q: { callId: string; scoredBids: number }) => [q.callId, q.scoredBids]), [[callId, 2]]);
      // Closing the evaluation publishes the result: A = (72 + 60) / 2 = 66; B = 82 (evaluator 2 could not score it).
      call = ok(await worker.post(`${L}/calls/${callId}/transitions`, { to: 'notice', version: (call as unknown as { version: number }).version }));
      const result = ok(await memberA.get(`${L}/calls/${callId}`));
      assert.deepEqual(
        result.bids.map((b: { id: string; score: number; rank: number }) => [b.id, b.score, b.rank]).sort((x: [string, number, number], y: [string, number, number]) => x[2] - y[2]),
        [
          [bidB, 82, 1],
          [bidA, 66, 2],
        ],
      );
      assertError(await put(evaluator1, `${L}/calls/${callId}/bids/${bidA}/scores`, scores(1, 1)), 409);
    });

    let complaintId: string;

    test('a complaint during the notice blocks the award (409) until it is resolved; the award is on the credit record', async () => {
      const complaint = ok(await memberA.post(`${L}/calls/${callId}/complaints`, { subject: '评分异议', body: '我方团队资质评分偏低。' }), 201);
      complaintId = complaint.id;
      assert.equal(complaint.state, 'submitted');
      const version = (call as unknown as { version: number }).version;
      const blocked = assertError(await worker.post(`${L}/calls/${callId}/award`, { bidId: bidB, version }), 409);
      assert.equal((blocked.details as { rule: string }).rule, 'openComplaint');
      const answered = ok(await worker.post(`${L}/complaints/${complaintId}/transitions`, { to: 'answered', text: '评分经复核无误。', version: complaint.version }));
      assert.equal(answered.state, 'answered');
      assertError(await worker.post(`${L}/calls/${callId}/award`, { bidId: bidB, version }), 409);
      assertError(await memberB.post(`${L}/complaints/${complaintId}/escalate`, { version: answered.version }), 403);
      const escalated = ok(await memberA.post(`${L}/complaints/${complaintId}/escalate`, { version: answered.version }));
      ok(await county.post(`${L}/complaints/${complaintId}/transitions`, { to: 'rejected', text: '复核维持原评审结果。', version: escalated.version }));
      const creditsBefore = await db().selectFrom('organization_credit_records').select('id').where('organization_id', '=', orgB).execute();
      const awarded = ok(await worker.post(`${L}/calls/${callId}/award`, { bidId: bidB, version }));
      assert.equal(awarded.status, 'awarded');
      assert.equal(awarded.awardedBidId, bidB);
      const credits = await db().selectFrom('organization_credit_records').selectAll().where('organization_id', '=', orgB).execute();
      assert.equal(credits.length, creditsBefore.length + 1);
      assert.ok(credits.some((c) => c.kind === 'award' && c.title.includes('四点半课堂')));
      assert.equal(ok(await worker.get(`${L}/projects/${projectId}`)).status, 'awarded');
    });

    test('the contract: payments must sum to the amount (400); an open complaint blocks it (409); then signed', async () => {
      const contract = (over: Record<string, unknown> = {}) => ({
        amountCents: 9_800_000,
        signedOn: '2026-12-20',
        startsOn: '2027-01-01',
        endsOn: '2027-06-30',
        milestones: [
          { title: '首付款', dueOn: '2027-01-10', amountCents: 4_900_000 },
          { title: '尾款', dueOn: '2027-07-10', amountCents: 4_900_000 },
        ],
        ...over,
      });
      const bad = assertError(await worker.post(`${L}/calls/${callId}/contract`, contract({ milestones: [{ title: '首付款', dueOn: '2027-01-10', amountCents: 100 }] })), 400);
      assert.deepEqual(problemsOf(bad).map((p) => [p.field, p.code]), [['milestones', 'inconsistent']]);
      const late = ok(await resident.post(`${L}/calls/${callId}/complaints`, { subject: '公示异议', body: '希望公开评分细则。' }), 201);
      assert.equal((assertError(await worker.post(`${L}/calls/${callId}/contract`, contract()), 409).details as { rule: string }).rule, 'openComplaint');
      ok(await resident.post(`${L}/complaints/${late.id}/withdraw`, { version: late.version }));
      const signed = ok(await worker.post(`${L}/calls/${callId}/contract`, contract()), 201);
      assert.equal(signed.organization.id, orgB);
      assert.equal(signed.milestones.length, 2);
      assert.equal(signed.team.length, 2);
      const project = ok(await memberB.get(`${L}/projects/${projectId}`));
      assert.equal(project.status, 'contracted');
      assert.equal(project.contractId, signed.id);
      ok(await memberB.get(`${L}/contracts/${signed.id}`));
      const events = await db().selectFrom('linkage_events').select(['subject', 'to_state']).where('subject_id', '=', projectId).orderBy('at').execute();
      assert.deepEqual(
        events.map((e) => e.to_state),
        ['draft', 'calling', 'awarded', 'contracted'],
      );
    });

    test('the demo seed gives the demo organization a call to bid on and the demo evaluator a call to score', async () => {
      const open = ok(await memberA.get(`${L}/calls?status=open`)).items.filter((c: { myBidId: string | null; projectTitle: string }) => c.projectTitle === '独居老人助餐服务项目');
      assert.equal(open.length, 1);
      assert.equal(open[0].myBidId, null);
      const queue = ok(await evaluator1.get(`${L}/scoring-queue`));
      const seeded = queue.find((q: { projectTitle: string }) => q.projectTitle === '农家书屋阅读推广项目');
      assert.equal(seeded.status, 'evaluation');
      assert.equal(seeded.bids, 2);
      const contracted = ok(await memberA.get(`${L}/projects?status=contracted`)).items.find((p: { title: string }) => p.title === '留守儿童四点半课堂');
      assert.ok(ok(await memberA.get(`${L}/projects/${contracted.id}`)).contractId);
    });

    const invitationCall = async (invited: string[], over: Record<string, unknown> = {}) => ({
      mode: 'invitation',
      invitedOrganizationIds: invited,
      questionsUntil: new Date(Date.now() + 1800_000).toISOString(),
      submissionDeadline: new Date(Date.now() + 3600_000).toISOString(),
      evaluationUntil: new Date(Date.now() + 7 * 86400_000).toISOString(),
      noticeUntil: new Date(Date.now() + 14 * 86400_000).toISOString(),
      contractBy: new Date(Date.now() + 30 * 86400_000).toISOString(),
      scoreMax: 10,
      dropExtremes: false,
      criteria: [{ name: '方案质量', weight: 100 }],
      panelUserIds: [(await db().selectFrom('users').select('id').where('username', '=', 'demo-evaluator').executeTakeFirstOrThrow()).id],
      ...over,
    });
    let draftId: string;

    test('a draft is edited with its version: a stale version is a 409, a bad design a 400, and neither writes', async () => {
      const created = ok(await worker.post(`${L}/projects`, design({ title: '邀请制课堂项目' })), 201);
      draftId = created.id;
      const edited = ok(
        await put(worker, `${L}/projects/${draftId}`, {
          ...design({ title: '邀请制课堂项目', objectives: '课后看护、阅读与心理陪伴', budgetCents: 12_000_000, budgetLines: [{ title: '人员经费', amountCents: 12_000_000 }], fundingSource: 'charity' }),
          version: created.version,
        }),
      );
      assert.equal(edited.version, created.version + 1);
      assert.deepEqual([edited.objectives, edited.budgetCents, edited.fundingSource, edited.budgetLines.length], ['课后看护、阅读与心理陪伴', 12_000_000, 'charity', 1]);
      const stale = assertError(await put(worker, `${L}/projects/${draftId}`, { ...design({ title: '邀请制课堂项目', objectives: '旧版本上的修改' }), version: created.version }), 409);
      assert.equal((stale.details as { rule: string }).rule, 'version');
      const bad = assertError(await put(worker, `${L}/projects/${draftId}`, { ...design({ budgetCents: 1 }), version: edited.version }), 400);
      assert.deepEqual(problemsOf(bad).map((p) => p.field), ['budgetLines']);
      assertError(await put(worker, `${L}/projects/${draftId}`, design()), 400); // no version
      assertError(await put(resident, `${L}/projects/${draftId}`, { ...design(), version: edited.version }), 403);
      const now = ok(await worker.get(`${L}/projects/${draftId}`));
      assert.deepEqual([now.version, now.objectives, now.budgetLines.length], [edited.version, '课后看护、阅读与心理陪伴', 1], 'refused edits change nothing');
    });

    test('a call by invitation: eligible organizations only; the invited see it and bid, the others do not see it and are refused; the design is fixed once it opens', async () => {
      // Organization C is not eligible while incubating (the project takes registered or active ones).
      await db().updateTable('organizations').set({ status: 'incubating' }).where('id', '=', orgC).execute();
      const candidates = (ok(await worker.get(`${L}/projects/${draftId}/invitation-candidates`)) as { id: string; status: string }[]).map((o) => o.id);
      assert.ok(candidates.includes(orgA) && candidates.includes(orgB), 'active organizations of the county are candidates');
      assert.ok(!candidates.includes(orgC), 'an incubating one is not');
      assertError(await memberA.get(`${L}/projects/${draftId}/invitation-candidates`), 403);
      const before = await count('linkage_calls');
      const refused = assertError(await worker.post(`${L}/projects/${draftId}/calls`, await invitationCall([orgA, orgC, '00000000-0000-0000-0000-000000000000'])), 400);
      assert.deepEqual(
        problemsOf(refused).map((p) => [p.field, p.code]),
        [
          ['invitedOrganizationIds.1', 'not_allowed'],
          ['invitedOrganizationIds.2', 'unknown_reference'],
        ],
      );
      assert.deepEqual(problemsOf(assertError(await worker.post(`${L}/projects/${draftId}/calls`, await invitationCall([])), 400)).map((p) => p.field), ['invitedOrganizationIds']);
      assert.equal(await count('linkage_calls'), before, 'a refused call writes nothing');
      await db().updateTable('organizations').set({ status: 'active' }).where('id', '=', orgC).execute();

      const created = ok(await worker.post(`${L}/projects/${draftId}/calls`, await invitationCall([orgA])), 201);
      assert.deepEqual(created.invited.map((o: { id: string }) => o.id), [orgA]);
      // A draft call is the community's own work: not in an invited member's list, nor in its total.
      const memberList = ok(await memberA.get(`${L}/calls?limit=200`));
      assert.ok(!memberList.items.some((c: { id: string }) => c.id === created.id));
      assert.ok(memberList.items.every((c: { status: string }) => c.status !== 'draft'));
      assert.equal(memberList.total, memberList.items.length, 'the total counts only the calls the member sees');
      assert.ok(ok(await worker.get(`${L}/calls?limit=200`)).items.some((c: { id: string }) => c.id === created.id), 'the community sees its draft');
      // While the call is a draft the design may still change.
      const project = ok(await worker.get(`${L}/projects/${draftId}`));
      assert.equal(project.status, 'calling');
      const tweaked = ok(await put(worker, `${L}/projects/${draftId}`, { ...design({ title: '邀请制课堂项目（修订）' }), version: project.version }));
      // An invitee that no longer qualifies keeps the call from opening.
      await db().updateTable('organizations').set({ status: 'incubating' }).where('id', '=', orgA).execute();
      const lapsed = assertError(await worker.post(`${L}/calls/${created.id}/transitions`, { to: 'open', version: created.version }), 409);
      assert.equal((lapsed.details as { rule: string }).rule, 'invitedIneligible');
      await db().updateTable('organizations').set({ status: 'active' }).where('id', '=', orgA).execute();
      const opened = ok(await worker.post(`${L}/calls/${created.id}/transitions`, { to: 'open', version: created.version }));
      assert.equal(opened.status, 'open');

      // Once open, the design is fixed: refused with its reason, nothing changed.
      const fixed = assertError(await put(worker, `${L}/projects/${draftId}`, { ...design({ title: '开标后的修改' }), version: tweaked.version }), 409);
      assert.equal((fixed.details as { rule: string }).rule, 'callOpen');
      assert.equal(ok(await worker.get(`${L}/projects/${draftId}`)).title, '邀请制课堂项目（修订）');

      // The invited organization sees the call and bids; an uninvited one does not see it and is refused.
      const listed = (c: Client) => c.get(`${L}/calls`).then((r) => (ok(r).items as { id: string }[]).map((x) => x.id));
      assert.ok((await listed(memberA)).includes(created.id));
      assert.ok(!(await listed(memberC)).includes(created.id));
      assert.ok((await listed(worker)).includes(created.id));
      assert.equal(ok(await memberA.get(`${L}/calls/${created.id}`)).invitedMe, true);
      assert.equal(ok(await memberC.get(`${L}/calls/${created.id}`)).invitedMe, false);
      assert.equal(ok(await worker.get(`${L}/calls/${created.id}`)).invitedMe, null);
      const bids = await count('linkage_bids');
      const notInvited = assertError(await memberC.post(`${L}/calls/${created.id}/bids`, bid(certified.slice(0, 2))), 409);
      assert.equal((notInvited.details as { rule: string }).rule, 'notInvited');
      assert.equal(await count('linkage_bids'), bids);
      ok(await memberA.post(`${L}/calls/${created.id}/bids`, bid(certified.slice(0, 2))), 201);
    });

    test('lists are scoped: another county’s official sees none of it', async () => {
      const other = (await user('lk-other-official', 'official', '340802')).client;
      assert.equal(ok(await other.get(`${L}/projects`)).total, 0);
      assert.equal(ok(await other.get(`${L}/needs`)).total, 0);
      assertError(await other.get(`${L}/projects/${projectId}`), 403);
      assertError(await other.get(`${L}/calls/${callId}`), 403);
      assertError(await worker.get(`${L}/needs/00000000-0000-0000-0000-000000000000`), 404);
    });
  });
}
