import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, problemsOf } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { contractedProject, type ContractedProject } from '../support/linkage-delivery-fixture.ts';
import { ocdsReleasePackageValidator } from '../support/ocds-schema.ts';
import { dateInChina, todayInChina } from '../../src/engine/calendar/working-days.ts';

const API = '/api/v1/linkage';
const validate = ocdsReleasePackageValidator();
const today = todayInChina;
const daysAgo = (n: number) => dateInChina(Date.now() - n * 86_400_000);
// The indicators' windows are China days: UTC dates missed the satisfaction window between 16:00
// and 24:00 UTC, when China is already on the next day.
const chinaDaysAgo = (n: number) => dateInChina(Date.now() - n * 86_400_000);
/** The smallest PNG: a 1×1 pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

for (const dialect of DIALECTS) {
  describe(`linkage delivery (${dialect})`, () => {
    let t: TestApp;
    let worker: Client;
    let social: Client;
    let county: Client;
    let evaluator: Client;
    let resident: Client;
    let member: Client;
    let anonymous: Client;
    let village: string;
    let p: ContractedProject;
    let residentPerson: string;
    let neighbours: string[];
    let child: string;
    let outsider: string;
    let activityId: string;
    const db = () => t.database.handle.db;
    const count = async (table: 'linkage_attendance' | 'linkage_activities' | 'linkage_expenditures' | 'linkage_evaluation_responses' | 'organization_credit_records') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [worker, social, county, evaluator, resident, member] = await Promise.all(
        ['demo-worker', 'demo-social', 'demo-county', 'demo-evaluator', 'demo-resident', 'demo-org'].map((u) => t.login(u)),
      );
      anonymous = { ...worker, request: (o) => t.app.inject(o), get: (url) => t.app.inject({ method: 'GET', url }), post: (url, body) => t.app.inject({ method: 'POST', url, payload: body as object }) } as Client;
      const demoResident = await db().selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      village = demoResident.scope_code;
      residentPerson = (await db().selectFrom('persons').select('id').where('user_id', '=', demoResident.id).executeTakeFirstOrThrow()).id;
      const others = await db().selectFrom('persons').select('id').where('area_code', '=', village).where('id', '!=', residentPerson).orderBy('id').limit(4).execute();
      neighbours = others.slice(0, 3).map((r) => r.id);
      child = others[3]!.id;
      const household = await db().selectFrom('persons').select('household_id').where('id', '=', child).executeTakeFirstOrThrow();
      // Make `child` a confirmed left-behind child (a flag the rules found and a worker confirmed).
      await db().deleteFrom('left_behind_flags').where('person_id', '=', child).execute();
      const now = new Date().toISOString();
      await db()
        .insertInto('left_behind_flags')
        .values({ area_code: village, id: crypto.randomUUID(), person_id: child, household_id: household.household_id ?? 'none', kind: 'leftBehindChild', status: 'confirmed', applies: true, reason: null, facts: '{}', previous_status: null, previous_facts: null, review_reason: null, reviewed_by: null, reviewed_at: now, version: 1, created_at: now, updated_at: now })
        .execute();
      // A person of the neighbouring village, registered by the city's admin.
      const otherVillage = (await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 9)).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
      const admin = await t.login('demo-admin');
      const made = await admin.post('/api/v1/persons', { name: '邻村人', relation: 'other', areaCode: otherVillage, sex: 'female', birthDate: '1990-01-01' });
      assert.equal(made.statusCode, 201, made.body);
      outsider = made.json().id;
      const org = await db()
        .selectFrom('organizations as o')
        .innerJoin('organization_members as m', (j) => j.onRef('m.organization_id', '=', 'o.id'))
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['o.id', 'o.area_code'])
        .where('u.username', '=', 'demo-org')
        .executeTakeFirstOrThrow();
      p = await contractedProject(db(), village, { id: org.id, areaCode: org.area_code });
    });
    after(() => t.close());

    test('an activity: roles, its community, no future date; then attendance from the registry', async () => {
      const body = { heldOn: daysAgo(3), kind: 'class', title: '暑期陪伴课堂 第一次', place: '村委会活动室', communityCode: village };
      assertError(await resident.post(`${API}/projects/${p.projectId}/activities`, body), 403);
      assertError(await worker.post(`${API}/projects/none/activities`, body), 404);
      const before = await count('linkage_activities');
      assert.equal(problemsOf(assertError(await worker.post(`${API}/projects/${p.projectId}/activities`, { ...body, communityCode: '340828100001' }), 400))[0]!.field, 'communityCode');
      assert.equal(problemsOf(assertError(await worker.post(`${API}/projects/${p.projectId}/activities`, { ...body, heldOn: daysAgo(-2) }), 400))[0]!.field, 'heldOn');
      assert.equal(await count('linkage_activities'), before);
      const created = await worker.post(`${API}/projects/${p.projectId}/activities`, body);
      assert.equal(created.statusCode, 201, created.body);
      activityId = created.json().id;
      assert.equal(created.json().attendance, 0);
      // The first activity of the contracted project started its delivery, on its timeline.
      assert.equal((await worker.get(`${API}/projects/${p.projectId}/delivery`)).json().status, 'delivering');
      const moved = await db().selectFrom('linkage_events').select(['from_state', 'to_state']).where('subject_id', '=', p.projectId).execute();
      assert.deepEqual(moved.map((e) => [e.from_state, e.to_state]), [['contracted', 'delivering']]);

      const added = await social.post(`${API}/activities/${activityId}/attendance`, { personIds: [residentPerson, ...neighbours, child, child] });
      assert.equal(added.statusCode, 200, added.body);
      const a = added.json();
      assert.equal(a.attendance, 5);
      assert.equal(a.leftBehindChildren, 1);
      assert.ok(a.attendees.every((x: { name: string }) => /\*/.test(x.name) || [...x.name].length === 1), 'names are masked');
      assert.ok(!added.body.includes('idNumber') && !added.body.includes('phone'));
      // Again: kept once.
      assert.equal((await social.post(`${API}/activities/${activityId}/attendance`, { personIds: [residentPerson] })).json().attendance, 5);
    });

    test('attendance of a person outside the project’s communities is 400 naming the entry, and nobody of the request is recorded', async () => {
      const before = await count('linkage_attendance');
      const response = await worker.post(`${API}/activities/${activityId}/attendance`, { personIds: [neighbours[0], outsider] });
      const problems = problemsOf(assertError(response, 400));
      assert.equal(problems[0]!.field, 'personIds.1');
      assert.equal(problems[0]!.code, 'not_in_scope');
      assert.equal(problemsOf(assertError(await worker.post(`${API}/activities/${activityId}/attendance`, { personIds: ['no-such-person'] }), 400))[0]!.code, 'unknown_reference');
      assert.equal(await count('linkage_attendance'), before);
    });

    test('a second activity reaches the same people: the project counts persons once', async () => {
      const second = (await worker.post(`${API}/projects/${p.projectId}/activities`, { heldOn: daysAgo(1), kind: 'visit', title: '入户探访', place: '各户', communityCode: village })).json();
      await worker.post(`${API}/activities/${second.id}/attendance`, { personIds: [child, neighbours[0]] });
      const delivery = (await worker.get(`${API}/projects/${p.projectId}/delivery`)).json();
      assert.deepEqual(delivery.reached, { persons: 5, leftBehindChildren: 1 });
      assert.equal(delivery.activities, 2);
      const removed = await worker.post(`${API}/activities/${second.id}/attendance/remove`, { personId: neighbours[0] });
      assert.equal(removed.json().attendance, 1);
      assertError(await worker.post(`${API}/activities/${second.id}/attendance/remove`, { personId: neighbours[0] }), 404);
    });

    test('volunteers: minutes become a claimed service record in the volunteer registry, once per activity', async () => {
      const volunteer = await db().selectFrom('volunteers').select(['id', 'area_code']).where('area_code', 'like', `${village.slice(0, 9)}%`).where('user_id', 'is', null).limit(1).executeTakeFirst();
      if (!volunteer) return;
      const response = await worker.post(`${API}/activities/${activityId}/volunteers`, { volunteerId: volunteer.id, minutes: 120 });
      assert.equal(response.statusCode, 200, response.body);
      const hoursId = response.json().volunteers[0].hoursId;
      const record = await db().selectFrom('volunteer_hours').selectAll().where('id', '=', hoursId).executeTakeFirstOrThrow();
      assert.equal(record.minutes, 120);
      assert.equal(record.state, 'claimed');
      assert.equal(response.json().volunteerMinutes, 120);
      assertError(await worker.post(`${API}/activities/${activityId}/volunteers`, { volunteerId: volunteer.id, minutes: 60 }), 409);
      assert.equal(problemsOf(assertError(await worker.post(`${API}/activities/${activityId}/volunteers`, { volunteerId: 'nobody', minutes: 60 }), 400))[0]!.field, 'volunteerId');
    });

    test('milestones: met only with evidence; evidence typed by its bytes; stale version 409; progress rolls up', async () => {
      const m = await worker.post(`${API}/projects/${p.projectId}/milestones`, { title: '开班', dueOn: today(), weight: 1 });
      assert.equal(m.statusCode, 201, m.body);
      const id = m.json().id;
      const met = { status: 'met', metOn: today(), version: 1 };
      assertError(await worker.post(`${API}/milestones/${id}/status`, met), 409);
      const text = await worker.request({ method: 'POST', url: `${API}/milestones/${id}/evidence?kind=photo&title=${encodeURIComponent('开班照片')}`, payload: Buffer.from('not an image at all'), headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(problemsOf(assertError(text, 400))[0]!.field, 'file');
      const photo = await worker.request({ method: 'POST', url: `${API}/milestones/${id}/evidence?kind=photo&title=${encodeURIComponent('开班照片')}`, payload: PNG, headers: { 'content-type': 'image/png' } });
      assert.equal(photo.statusCode, 201, photo.body);
      const evidenceId = photo.json().evidence[0].id;
      const file = await county.get(`${API}/milestones/${id}/evidence/${evidenceId}`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/png');
      assert.equal(problemsOf(assertError(await worker.post(`${API}/milestones/${id}/status`, { ...met, metOn: daysAgo(-3) }), 400))[0]!.field, 'metOn');
      const ok = await worker.post(`${API}/milestones/${id}/status`, met);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'met');
      assertError(await worker.post(`${API}/milestones/${id}/status`, met), 409);
      await worker.post(`${API}/projects/${p.projectId}/milestones`, { title: '结项', dueOn: daysAgo(-30), weight: 1 });
      const result = await worker.request({ method: 'PUT', url: `${API}/projects/${p.projectId}/results/${p.indicatorId}`, payload: { achieved: 10, weight: 2 } });
      assert.equal(result.statusCode, 200, result.body);
      assert.equal(result.json().percent, 25);
      assertError(await worker.request({ method: 'PUT', url: `${API}/projects/${p.projectId}/results/none`, payload: { achieved: 1 } }), 404);
      // (2 × 25 % + 1 × 100 % + 1 × 0 %) / 4 = 37.5 %
      assert.equal((await county.get(`${API}/projects/${p.projectId}/delivery`)).json().progressPercent, 37.5);
    });

    test('spending against budget lines: never past a line, never an unknown line, nothing half-written', async () => {
      const [staff, materials] = p.budgetLineIds;
      const ok = await worker.post(`${API}/projects/${p.projectId}/expenditures`, { budgetLineId: materials, amountCents: 1_500_000, spentOn: daysAgo(2), description: '绘本与文具' });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().spentCents, 1_500_000);
      const before = await count('linkage_expenditures');
      const over = assertError(await worker.post(`${API}/projects/${p.projectId}/expenditures`, { budgetLineId: materials, amountCents: 500_001, spentOn: daysAgo(1), description: '更多物料' }), 400);
      assert.equal(problemsOf(over)[0]!.field, 'amountCents');
      assert.equal(problemsOf(assertError(await worker.post(`${API}/projects/${p.projectId}/expenditures`, { budgetLineId: 'nope', amountCents: 1, spentOn: daysAgo(1), description: 'x' }), 400))[0]!.field, 'budgetLineId');
      assert.equal(await count('linkage_expenditures'), before);
      const spending = (await worker.get(`${API}/projects/${p.projectId}/delivery`)).json().spending;
      assert.equal(spending.lines.find((l: { budgetLineId: string }) => l.budgetLineId === staff).spentCents, 0);
      assert.equal(spending.budgetCents, 8_000_000);
    });

    test('evaluation: template weights sum to 100; raters by role; residents only participants, once; scales; close → credit record and satisfaction', async () => {
      assert.equal(problemsOf(assertError(await county.post(`${API}/projects/${p.projectId}/evaluation-rounds`, { title: '结项评估', template: [{ kind: 'residents', weight: 50 }, { kind: 'funder', weight: 40 }] }), 400))[0]!.field, 'template');
      assertError(await worker.post(`${API}/projects/${p.projectId}/evaluation-rounds`, { title: '结项评估' }), 403);
      const opened = await county.post(`${API}/projects/${p.projectId}/evaluation-rounds`, { title: '结项评估' });
      assert.equal(opened.statusCode, 201, opened.body);
      const round = opened.json();
      assertError(await county.post(`${API}/projects/${p.projectId}/evaluation-rounds`, { title: '再开一轮' }), 409);
      const url = `${API}/evaluation-rounds/${round.id}`;

      // The resident took part: their queue holds the round; they answer once, 1–5.
      const queue = (await resident.get(`${API}/evaluation-rounds/queue`)).json();
      assert.ok(queue.items.some((i: { roundId: string }) => i.roundId === round.id));
      assert.equal(problemsOf(assertError(await resident.post(`${url}/responses`, { raterKind: 'residents', rating: 6 }), 400))[0]!.field, 'rating');
      assertError(await resident.post(`${url}/responses`, { raterKind: 'evaluator', score: 90 }), 403);
      assert.equal((await resident.post(`${url}/responses`, { raterKind: 'residents', rating: 5, comment: '孩子很喜欢' })).statusCode, 201);
      assertError(await resident.post(`${url}/responses`, { raterKind: 'residents', rating: 4 }), 409);
      // A worker records neighbours' paper forms; a non-participant is 400; the resident's own person again is 409.
      assert.equal((await worker.post(`${url}/responses`, { raterKind: 'residents', rating: 4, personId: neighbours[0] })).statusCode, 201);
      assert.equal(problemsOf(assertError(await worker.post(`${url}/responses`, { raterKind: 'residents', rating: 4, personId: outsider }), 400))[0]!.field, 'personId');
      assertError(await worker.post(`${url}/responses`, { raterKind: 'residents', rating: 3, personId: residentPerson }), 409);
      // Closing with kinds missing is 409 naming them.
      const missing = assertError(await county.post(`${url}/close`, { version: 1 }), 409);
      assert.deepEqual((missing.details as { missing: string[] }).missing, ['committee', 'funder', 'evaluator']);
      assert.equal(problemsOf(assertError(await evaluator.post(`${url}/responses`, { raterKind: 'evaluator', score: 101 }), 400))[0]!.field, 'score');
      const queued = (await evaluator.get(`${API}/evaluation-rounds/queue`)).json();
      assert.ok(queued.items.some((i: { roundId: string; raterKind: string }) => i.roundId === round.id && i.raterKind === 'evaluator'));
      assert.equal((await evaluator.post(`${url}/responses`, { raterKind: 'evaluator', score: 85 })).statusCode, 201);
      assert.ok(!(await evaluator.get(`${API}/evaluation-rounds/queue`)).json().items.some((i: { roundId: string }) => i.roundId === round.id));
      assert.equal((await worker.post(`${url}/responses`, { raterKind: 'committee', score: 90 })).statusCode, 201);
      assertError(await county.post(`${url}/responses`, { raterKind: 'committee', score: 90 }), 403);
      assert.equal((await county.post(`${url}/responses`, { raterKind: 'funder', score: 80 })).statusCode, 201);

      const credits = await count('organization_credit_records');
      const responses = await count('linkage_evaluation_responses');
      assertError(await county.post(`${url}/close`, { version: 7 }), 409);
      const closed = await county.post(`${url}/close`, { version: 1 });
      assert.equal(closed.statusCode, 200, closed.body);
      // residents (100 + 75) / 2 = 87.5; 30 × 87.5 + 20 × 90 + 20 × 80 + 30 × 85 = 8575 → 85.8
      assert.equal(closed.json().finalScore, 85.8);
      assert.equal(closed.json().grade, 'good');
      assert.equal(closed.json().creditRecorded, true);
      assert.equal(await count('organization_credit_records'), credits + 1);
      const record = await db().selectFrom('organization_credit_records').selectAll().where('organization_id', '=', p.organizationId).orderBy('at', 'desc').executeTakeFirstOrThrow();
      assert.equal(record.kind, 'evaluation');
      assert.match(record.title, /85\.8/);
      assertError(await county.post(`${url}/close`, { version: 2 }), 409);
      assertError(await evaluator.post(`${url}/responses`, { raterKind: 'evaluator', score: 10 }), 409);
      assert.equal(await count('linkage_evaluation_responses'), responses);

      // Satisfaction: the two residents' answers (100 and 75) count in the village beside service requests' ratings.
      const { satisfactionCounts } = await import('../../src/server/modules/linkage/evaluations.service.ts');
      const counts = await satisfactionCounts(db(), { from: chinaDaysAgo(1), to: chinaDaysAgo(-1), asOf: chinaDaysAgo(0) } as never);
      assert.equal(counts.denominator.get(village), 2);
      assert.equal(counts.numerator.get(village), 175);
      const { INDICATOR_SOURCES } = await import('../../src/server/modules/indicators/indicators.service.ts');
      const source = INDICATOR_SOURCES.satisfaction!;
      assert.equal(source.denominator, 'counted');
      const combined = await (source as unknown as { load: (db: unknown, w: unknown) => Promise<{ numerator: ReadonlyMap<string, number>; denominator: ReadonlyMap<string, number> }> }).load(db(), { from: chinaDaysAgo(1), to: chinaDaysAgo(-1), asOf: chinaDaysAgo(0) });
      assert.ok((combined.denominator.get(village) ?? 0) >= 2);
    });

    test('respondedAs: a participant who answered (in the portal or on a paper form) sees it; a participant who did not, and the worker who recorded the paper form, do not', async () => {
      const admin = await t.login('demo-admin');
      const account = async (username: string, personId: string) => {
        const made = await admin.post('/api/v1/users', { username, displayName: username, password: 'linli-test-1234', role: 'resident', scope: village });
        assert.equal(made.statusCode, 201, made.body);
        await db().updateTable('persons').set({ user_id: made.json().id }).where('id', '=', personId).execute();
        return t.login(username, 'linli-test-1234');
      };
      // neighbours[0]'s paper form was recorded by the worker; neighbours[1] attended and has not answered.
      const [paper, silent] = [await account('lk-paper-form', neighbours[0]!), await account('lk-not-answered', neighbours[1]!)];
      const roundId = (await county.get(`${API}/projects/${p.projectId}/delivery`)).json().rounds[0].id as string;
      const respondedAs = async (c: Client) => {
        const r = await c.get(`${API}/evaluation-rounds/${roundId}`);
        assert.equal(r.statusCode, 200, r.body);
        return r.json().respondedAs as string[];
      };
      assert.deepEqual(await respondedAs(resident), ['residents']);
      assert.deepEqual(await respondedAs(paper), ['residents']);
      assert.deepEqual(await respondedAs(silent), []);
      assert.deepEqual(await respondedAs(worker), ['committee']);
      assert.deepEqual(await respondedAs(evaluator), ['evaluator']);
      assert.deepEqual(await respondedAs(county), ['funder']);

      // The worker recording paper forms sees the participants, masked, and who has answered; a resident does not.
      const participants = await worker.get(`${API}/evaluation-rounds/${roundId}/participants`);
      assert.equal(participants.statusCode, 200, participants.body);
      const answered = new Map((participants.json().items as { personId: string; name: string; answered: boolean }[]).map((x) => [x.personId, x]));
      assert.deepEqual([residentPerson, neighbours[0]!, neighbours[1]!, child].map((id) => answered.get(id)?.answered), [true, true, false, false]);
      assert.ok([...answered.values()].every((x) => /\*/.test(x.name) || [...x.name].length === 1), 'names are masked');
      const read = await db().selectFrom('audit_log').select('details').where('action', '=', 'linkage.participants.read_list').where('target_id', '=', roundId).execute();
      assert.equal(read.length, 1, 'the list of participants is a read on record');
      assert.equal(JSON.parse(read[0]!.details!).count, answered.size);
      assert.equal((assertError(await resident.get(`${API}/evaluation-rounds/${roundId}/participants`), 403).details as { reason: string }).reason, 'raterKind');
      assertError(await evaluator.get(`${API}/evaluation-rounds/${roundId}/participants`), 403);
      assertError(await worker.get(`${API}/evaluation-rounds/none/participants`), 404);
    });

    test('the chain of the project: need → … → verdict on one page; scoped', async () => {
      const chain = await worker.get(`${API}/projects/${p.projectId}/chain`);
      assert.equal(chain.statusCode, 200, chain.body);
      const stages = chain.json().steps.map((s: { stage: string }) => s.stage);
      for (const stage of ['project', 'call', 'award', 'complaint', 'contract', 'activity', 'milestone', 'evaluation']) assert.ok(stages.includes(stage), stage);
      assert.equal(chain.json().grade, 'good');
      assert.equal(chain.json().ocid, `ocds-linli0-${p.projectId}`);
      assertError(await resident.get(`${API}/projects/${p.projectId}/chain`), 403);
      const elsewhere = await t.login('demo-city');
      assert.equal((await elsewhere.get(`${API}/projects/${p.projectId}/chain`)).statusCode, 200);
    });

    test('OCDS: a release package per ocid and per area, valid against the published 1.1 schema, with no personal data', async () => {
      const ocid = `ocds-linli0-${p.projectId}`;
      const one = await anonymous.get(`/api/v1/open-contracting/releases?ocid=${ocid}`);
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.headers['cache-control'], 'public, max-age=60', 'open data may be cached (every other API answer is no-store)');
      const pkg = one.json();
      assert.equal(validate(pkg), true, JSON.stringify(validate.errors));
      assert.deepEqual(pkg.releases.map((r: { tag: string[] }) => r.tag[0]), ['planning', 'tender', 'award', 'contract', 'implementation']);
      const impl = pkg.releases[4].contracts[0].implementation;
      assert.equal(impl.transactions.length, 1);
      assert.equal(impl.transactions[0].value.amount, 39250);
      assert.ok(impl.milestones.some((m: { status: string; documents?: unknown[] }) => m.status === 'met' && m.documents?.length === 1));
      const persons = await db().selectFrom('persons').select(['id', 'name']).where('area_code', '=', village).execute();
      for (const person of persons) {
        assert.ok(!one.body.includes(person.id), 'no person id');
        if ([...person.name].length >= 2) assert.ok(!one.body.includes(person.name), `no person name ${person.name}`);
      }
      const area = await anonymous.get(`/api/v1/open-contracting/releases?area=${village.slice(0, 6)}`);
      assert.equal(area.statusCode, 200);
      assert.equal(validate(area.json()), true, JSON.stringify(validate.errors));
      assertError(await anonymous.get('/api/v1/open-contracting/releases?ocid=ocds-zzzzzz-1'), 404);
      assertError(await anonymous.get('/api/v1/open-contracting/releases'), 400);
      assertError(await anonymous.get('/api/v1/open-contracting/releases?area=11'), 404);
    });

    test('the public notice of the village: without an account, calls/awards/complaints/evaluations, no personal data', async () => {
      const notice = await anonymous.get(`/api/v1/public-notices/${village}`);
      assert.equal(notice.statusCode, 200, notice.body);
      const n = notice.json();
      assert.ok(n.awards.some((a: { projectId: string }) => a.projectId === p.projectId));
      assert.ok(n.complaints.some((c: { answer: string }) => c.answer === '评分细则已在公示中公开'));
      assert.ok(n.evaluations.some((e: { grade: string; finalScore: number }) => e.grade === 'good' && e.finalScore === 85.8));
      assert.ok(!notice.body.includes(residentPerson));
      assertError(await anonymous.get('/api/v1/public-notices/999999999999'), 404);
      assertError(await anonymous.get('/api/v1/public-notices/12'), 400);
    });

    test('the demo seed: a project in delivery with attendance from the registry and milestones, and a closed one with its final evaluation on the record', async () => {
      const find = async (status: string, title: string) => (await county.get(`${API}/projects?status=${status}`)).json().items.find((x: { title: string }) => x.title === title) as { id: string } | undefined;
      const camp = await find('delivering', '困境儿童周末成长营');
      assert.ok(camp, 'a project in delivery');
      const d = (await member.get(`${API}/projects/${camp.id}/delivery`)).json();
      assert.equal(d.activities, 4);
      assert.ok(d.reached.persons >= 7, JSON.stringify(d.reached));
      assert.equal(d.organization.id, p.organizationId, 'carried by the demo organization');
      assert.ok(d.milestones.some((m: { status: string }) => m.status === 'met') && d.milestones.some((m: { status: string }) => m.status === 'scheduled'));
      assert.ok(d.progressPercent > 0);
      const attendees = await db().selectFrom('linkage_attendance as t').innerJoin('persons as x', (j) => j.onRef('x.id', '=', 't.person_id')).select('x.area_code').where('t.project_id', '=', camp.id).execute();
      assert.ok(attendees.length > 0 && attendees.every((a) => a.area_code === village), 'attendance is of registry persons of the village');

      const closed = await find('closed', '老年人防诈骗宣传');
      assert.ok(closed, 'a closed project');
      const chain = (await evaluator.get(`${API}/projects/${closed.id}/chain`)).json();
      assert.ok(chain.finalScore >= 80, JSON.stringify(chain));
      assert.ok(chain.grade);
      const round = (await county.get(`${API}/projects/${closed.id}/delivery`)).json().rounds[0];
      assert.deepEqual([round.status, round.final, round.missing], ['closed', true, []]);
      const record = await db().selectFrom('organization_credit_records').select('title').where('organization_id', '=', p.organizationId).where('kind', '=', 'evaluation').execute();
      assert.ok(record.some((r) => r.title.includes('老年人防诈骗宣传')));
      const ocds = await anonymous.get(`/api/v1/open-contracting/releases?ocid=ocds-linli0-${closed.id}`);
      assert.equal(validate(ocds.json()), true, JSON.stringify(validate.errors));
    });

    test('a project’s life: started by hand; closing refused naming the rule (open complaint, milestones, open round) with nothing written; the final round closes it', async () => {
      const org = { id: p.organizationId, areaCode: p.organizationAreaCode };
      const q = await contractedProject(db(), village, org, '老年人健康讲座');
      const url = `${API}/projects/${q.projectId}`;
      const status = async () => (await db().selectFrom('linkage_projects').select('status').where('id', '=', q.projectId).executeTakeFirstOrThrow()).status;
      const events = async () => Number((await db().selectFrom('linkage_events').select((eb) => eb.fn.countAll().as('n')).where('subject_id', '=', q.projectId).executeTakeFirstOrThrow()).n);

      // Started by hand: delivery roles only, once.
      assertError(await resident.post(`${url}/start`, {}), 403);
      assertError(await worker.post(`${API}/projects/none/start`, {}), 404);
      const started = await worker.post(`${url}/start`, { note: '合同已签，开始执行' });
      assert.equal(started.statusCode, 200, started.body);
      assert.equal(started.json().status, 'delivering');
      assert.equal((assertError(await worker.post(`${url}/start`, {}), 409).details as { rule: string }).rule, 'status');

      // Closing: the funder's role; a reason is required.
      assertError(await worker.post(`${url}/close`, { reason: '结项' }), 403);
      assertError(await county.post(`${url}/close`, { reason: '' }), 400);
      const milestone = (await worker.post(`${url}/milestones`, { title: '讲座十场', dueOn: today(), weight: 1 })).json();
      const complaintId = crypto.randomUUID();
      const now = new Date().toISOString();
      await db()
        .insertInto('linkage_complaints')
        .values({ area_code: village, call_id: q.callId, id: complaintId, organization_id: null, user_id: null, subject: '讲座地点太远', body: '希望改到村里', state: 'escalated', answer: null, answered_at: null, decision: null, decided_at: null, created_at: now, updated_at: now })
        .execute();
      const before = [await status(), await events(), await count('organization_credit_records')] as const;
      const refused = async (body: object, rule: string) => {
        const e = assertError(await county.post(`${url}/close`, body), 409);
        assert.equal((e.details as { rule: string }).rule, rule, JSON.stringify(e));
        assert.match(e.message, new RegExp(rule));
        assert.deepEqual([await status(), await events(), await count('organization_credit_records')], before, 'a refused close writes nothing');
        return e;
      };
      await refused({ reason: '结项' }, 'openComplaint');
      await db().updateTable('linkage_complaints').set({ state: 'resolved', answer: '已调整地点', decision: 'resolved' }).where('id', '=', complaintId).execute();
      const open = await refused({ reason: '结项' }, 'milestonesOpen');
      assert.deepEqual((open.details as { milestones: { id: string }[] }).milestones.map((m) => m.id), [milestone.id]);
      assert.equal(problemsOf(assertError(await county.post(`${url}/close`, { reason: '结项', waive: [{ milestoneId: 'nope', reason: '取消' }] }), 400))[0]!.field, 'waive.0.milestoneId');

      // The final round: while it is open the project does not close by hand.
      const round = (await county.post(`${url}/evaluation-rounds`, { title: '结项评估', final: true, template: [{ kind: 'committee', weight: 50 }, { kind: 'evaluator', weight: 50 }] })).json();
      assert.equal(round.final, true);
      await refused({ reason: '结项', waive: [{ milestoneId: milestone.id, reason: '改为线上' }] }, 'roundOpen');
      assert.equal((await worker.post(`${API}/evaluation-rounds/${round.id}/responses`, { raterKind: 'committee', score: 70 })).statusCode, 201);
      assert.equal((await evaluator.post(`${API}/evaluation-rounds/${round.id}/responses`, { raterKind: 'evaluator', score: 80 })).statusCode, 201);
      // Closing the final round with a milestone neither met nor waived: 409, and the round, the
      // credit record and the project are as they were (the credit is written in the same transaction).
      const failed = assertError(await county.post(`${API}/evaluation-rounds/${round.id}/close`, { version: 1 }), 409);
      assert.equal((failed.details as { rule: string }).rule, 'milestonesOpen');
      assert.deepEqual([await status(), await events(), await count('organization_credit_records')], before);
      const stillOpen = await db().selectFrom('linkage_evaluation_rounds').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow();
      assert.equal(stillOpen.status, 'open');
      assert.equal(stillOpen.final_score, null);
      assert.equal(Boolean(stillOpen.credit_recorded), false);

      // Waived with a reason, the final round closes: score on the record, the project closed.
      const waived = await worker.post(`${API}/milestones/${milestone.id}/status`, { status: 'cancelled', note: '改为线上讲座', version: milestone.version });
      assert.equal(waived.statusCode, 200, waived.body);
      const closed = await county.post(`${API}/evaluation-rounds/${round.id}/close`, { version: 1 });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().finalScore, 75);
      assert.equal(closed.json().creditRecorded, true);
      assert.equal(await count('organization_credit_records'), before[2] + 1);
      assert.equal(await status(), 'closed');
      const last = await db().selectFrom('linkage_events').selectAll().where('subject_id', '=', q.projectId).orderBy('at', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual([last.from_state, last.to_state], ['delivering', 'closed']);

      // Closed: nothing more is recorded, and it neither closes nor starts again.
      assertError(await worker.post(`${url}/activities`, { heldOn: today(), kind: 'class', title: '补课', place: '村委会', communityCode: village }), 409);
      assert.equal((assertError(await county.post(`${url}/close`, { reason: '再结项' }), 409).details as { rule: string }).rule, 'status');
      assert.equal((assertError(await worker.post(`${url}/start`, {}), 409).details as { rule: string }).rule, 'status');
    });

    test('a project closed by hand: milestones waived on the way with their reason', async () => {
      const q = await contractedProject(db(), village, { id: p.organizationId, areaCode: p.organizationAreaCode }, '村道安全宣传');
      const url = `${API}/projects/${q.projectId}`;
      const m = (await worker.post(`${url}/milestones`, { title: '宣传十次', dueOn: today(), weight: 1 })).json();
      // Contracted (never started) closes too: the organization withdrew before any activity.
      const closed = await county.post(`${url}/close`, { reason: '承接机构退出，项目终止', waive: [{ milestoneId: m.id, reason: '项目终止' }] });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      const row = await db().selectFrom('linkage_milestones').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.note], ['cancelled', '项目终止']);
      const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', q.projectId).where('action', '=', 'linkage.project.close').execute();
      assert.equal(audit.length, 1);
    });

    test('the member of the organization holding the contract records the delivery of that project and no other; a losing bidder is 403; once closed, 409', async () => {
      const org = { id: p.organizationId, areaCode: p.organizationAreaCode };
      const q = await contractedProject(db(), village, org, '儿童阅读角');
      // A losing bidder of q's call, and a project another organization holds.
      const admin = await t.login('demo-admin');
      const county6 = village.slice(0, 6);
      const other = await db().selectFrom('organizations').select(['id', 'area_code']).where('area_code', 'like', `${county6}%`).where('id', '!=', org.id).orderBy('id').executeTakeFirstOrThrow();
      assert.equal((await admin.post('/api/v1/users', { username: 'lk-losing-bidder', displayName: 'lk-losing-bidder', password: 'linli-test-1234', role: 'organizationMember', scope: county6 })).statusCode, 201);
      assert.equal((await county.post(`/api/v1/organizations/${other.id}/members`, { username: 'lk-losing-bidder' })).statusCode, 200);
      const loser = await t.login('lk-losing-bidder', 'linli-test-1234');
      await db()
        .insertInto('linkage_bids')
        .values({ area_code: village, call_id: q.callId, id: crypto.randomUUID(), organization_id: other.id, organization_area_code: other.area_code, proposal_title: '阅读推广', proposal: '每周一次', budget_cents: 7_900_000, volunteers_planned: 2, status: 'notAwarded', eligibility: '{}', score: 70, rank: 2, submitted_by: null, submitted_at: new Date(Date.now() - 72 * 86_400_000).toISOString() })
        .execute();
      const elsewhere = await contractedProject(db(), village, { id: other.id, areaCode: other.area_code }, '邻里读书会');
      const url = `${API}/projects/${q.projectId}`;
      const activity = { heldOn: daysAgo(1), kind: 'class', title: '阅读角开放', place: '农家书屋', communityCode: village };

      // The delivery says who may record it (the web shows the forms by it).
      assert.equal((await member.get(`${url}/delivery`)).json().mayRecord, true);
      assert.equal((await member.get(`${API}/projects/${elsewhere.projectId}/delivery`)).json().mayRecord, false);
      assert.equal((await loser.get(`${url}/delivery`)).json().mayRecord, false);
      assert.equal((await worker.get(`${url}/delivery`)).json().mayRecord, true);
      assert.equal((await evaluator.get(`${url}/delivery`)).json().mayRecord, false);

      // The contracted organization's member: activities, milestones with evidence, results, spending.
      const created = await member.post(`${url}/activities`, activity);
      assert.equal(created.statusCode, 201, created.body);
      const activityOfQ = created.json().id as string;
      const milestone = await member.post(`${url}/milestones`, { title: '阅读角开放', dueOn: today(), weight: 1 });
      assert.equal(milestone.statusCode, 201, milestone.body);
      const evidence = await member.request({ method: 'POST', url: `${API}/milestones/${milestone.json().id}/evidence?kind=photo&title=${encodeURIComponent('开放照片')}`, payload: PNG, headers: { 'content-type': 'image/png' } });
      assert.equal(evidence.statusCode, 201, evidence.body);
      const met = await member.post(`${API}/milestones/${milestone.json().id}/status`, { status: 'met', metOn: today(), version: evidence.json().version });
      assert.equal(met.statusCode, 200, met.body);
      assert.equal((await member.request({ method: 'PUT', url: `${url}/results/${q.indicatorId}`, payload: { achieved: 4 } })).statusCode, 200);
      assert.equal((await member.post(`${url}/expenditures`, { budgetLineId: q.budgetLineIds[1], amountCents: 20_000, spentOn: daysAgo(1), description: '绘本' })).statusCode, 201);
      // Editing a milestone: compare-and-set on its version; only while scheduled or unmet; cancelled with a reason.
      const second = (await member.post(`${url}/milestones`, { title: '读书分享会', dueOn: today(), weight: 1 })).json();
      const edited = await member.request({ method: 'PUT', url: `${API}/milestones/${second.id}`, payload: { title: '读书分享会（两场）', dueOn: daysAgo(-7), weight: 2, version: second.version } });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual([edited.json().title, edited.json().dueOn, edited.json().weight, edited.json().version], ['读书分享会（两场）', daysAgo(-7), 2, second.version + 1]);
      assert.equal((assertError(await member.request({ method: 'PUT', url: `${API}/milestones/${second.id}`, payload: { title: '旧版本', dueOn: today(), weight: 1, version: second.version } }), 409).details as { reason: string }).reason, 'stale');
      assert.equal(problemsOf(assertError(await member.request({ method: 'PUT', url: `${API}/milestones/${second.id}`, payload: { title: '零权重', dueOn: today(), weight: 0, version: second.version + 1 } }), 400))[0]!.field, 'weight');
      assert.equal((assertError(await member.request({ method: 'PUT', url: `${API}/milestones/${milestone.json().id}`, payload: { title: '改已完成', dueOn: today(), weight: 1, version: met.json().version } }), 409).details as { reason: string }).reason, 'status');
      assertError(await loser.request({ method: 'PUT', url: `${API}/milestones/${second.id}`, payload: { title: '抢改', dueOn: today(), weight: 1, version: second.version + 1 } }), 403);
      assert.equal((await db().selectFrom('linkage_milestones').select('title').where('id', '=', second.id).executeTakeFirstOrThrow()).title, '读书分享会（两场）');
      const cancelled = await member.post(`${API}/milestones/${second.id}/status`, { status: 'cancelled', note: '场地改作他用', version: second.version + 1 });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json().status, 'cancelled');

      // Attendance is read from the resident registry, which the member does not read: 403 naming it, nothing recorded.
      const attendance = await count('linkage_attendance');
      const refusedAttendance = assertError(await member.post(`${API}/activities/${activityOfQ}/attendance`, { personIds: [neighbours[0]] }), 403);
      assert.equal((refusedAttendance.details as { action: string }).action, 'registry.read');
      assert.equal(await count('linkage_attendance'), attendance);

      // Not the member's contract: the losing bidder on q, the member on a project another organization holds.
      const rows = async () => [await count('linkage_activities'), await count('linkage_expenditures'), Number((await db().selectFrom('linkage_milestones').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)];
      const before = await rows();
      for (const response of [
        await loser.post(`${url}/activities`, activity),
        await loser.post(`${url}/milestones`, { title: '抢先', dueOn: today(), weight: 1 }),
        await loser.post(`${url}/expenditures`, { budgetLineId: q.budgetLineIds[1], amountCents: 1, spentOn: daysAgo(1), description: 'x' }),
        await loser.post(`${API}/milestones/${milestone.json().id}/status`, { status: 'cancelled', note: 'x', version: met.json().version }),
        await loser.post(`${url}/start`, {}),
        await member.post(`${API}/projects/${elsewhere.projectId}/activities`, activity),
        await member.post(`${API}/projects/${elsewhere.projectId}/milestones`, { title: '别人的', dueOn: today(), weight: 1 }),
      ]) {
        const e = assertError(response, 403);
        assert.equal((e.details as { reason: string }).reason, 'notContractor', JSON.stringify(e));
      }
      assert.deepEqual(await rows(), before, 'a refused write changes no row');

      // Closed: the member's writes are 409 (notDelivering); the losing bidder is still 403.
      const closed = await county.post(`${url}/close`, { reason: '阅读角移交村里' });
      assert.equal(closed.statusCode, 200, closed.body);
      const late = assertError(await member.post(`${url}/activities`, activity), 409);
      assert.equal((late.details as { reason: string }).reason, 'notDelivering');
      assertError(await member.post(`${url}/expenditures`, { budgetLineId: q.budgetLineIds[1], amountCents: 1, spentOn: daysAgo(1), description: 'x' }), 409);
      assertError(await loser.post(`${url}/activities`, activity), 403);
      assert.deepEqual(await rows(), before);
    });
  });
}
