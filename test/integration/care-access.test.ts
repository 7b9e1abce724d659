import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/contracts/roles.ts';
import { addDays } from '../../src/engine/care/calendar.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { insertCase } from '../support/care-family.ts';
import { DIALECTS } from '../support/databases.ts';
import { quarterPeriod } from '../../src/engine/indicators/index.ts';
import { visitedAsPlannedCounts } from '../../src/server/modules/care/cases.indicator.ts';

const API = '/api/v1';
// The platform's day is China's (cases.service today): the same here, or the tests fail 16:00–24:00 UTC.
const today = () => dateInChina(Date.now());
import { dateInChina } from '../../src/engine/calendar/working-days.ts';
const visitToday = () => ({ visitedOn: today(), mode: 'home', findings: { safety: { rating: 0 } }, actions: '代办员入户' });

/**
 * Access by team membership (an agent on a case's team reaches that case and no other), and the
 * figures beside left_behind_visited (overdue visits, high-risk cases without a current plan) per
 * area, urban and rural apart, within the reader's scope.
 */
for (const dialect of DIALECTS) {
  describe(`care access by membership, and the figures (${dialect})`, () => {
    let t: TestApp;
    let village: string;
    let worker: Client;
    let agent: Client;
    let agentId: string;
    let caseId: string;
    let otherCaseId: string;
    const db = () => t.database.handle.db;

    async function userOf(username: string, role: Role, scope: string): Promise<Client> {
      const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).password_hash;
      const now = new Date().toISOString();
      await db()
        .insertInto('users')
        .values({ id: uuidv7(), username, display_name: username, password_hash: hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
        .execute();
      return t.login(username);
    }
    const visitsOf = async (id: string) => (await db().selectFrom('care_visits').select('id').where('case_id', '=', id).execute()).length;
    const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
      worker = await t.login('demo-worker');
      agent = await t.login('demo-agent');
      agentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirstOrThrow()).id;
      // Two open demo cases of the village whose visit is due or late: both on the worker's day.
      const late = await db().selectFrom('care_cases').select('id').where('area_code', '=', village).where('status', '=', 'open').where('visit_stage', '>=', 1).orderBy('id').limit(2).execute();
      assert.equal(late.length, 2, 'the demo village has cases due or overdue');
      caseId = late[0]!.id;
      otherCaseId = late[1]!.id;
    });
    after(() => t.close());

    test('an agent on no team reaches no case: 403 on the case and its visits, nothing in the lists', async () => {
      const visits = await visitsOf(caseId);
      const refused = assertError(await agent.get(`${API}/care/cases/${caseId}`), 403, 'forbidden');
      assert.equal((refused.details as { reason: string }).reason, 'caseTeam');
      assertError(await agent.post(`${API}/care/cases/${caseId}/visits`, visitToday()), 403);
      assertError(await agent.get(`${API}/care/cases/${caseId}/referrals`), 403);
      assert.equal(await visitsOf(caseId), visits, 'the refused visit wrote nothing');
      const day = (await agent.get(`${API}/care/day`)).json();
      assert.deepEqual([day.items.length, day.due, day.overdue], [0, 0, 0]);
      const list = (await agent.get(`${API}/care/cases`)).json();
      assert.deepEqual([list.items.length, list.total], [0, 0]);
      // The worker's own lists are unchanged: the village's cases are theirs.
      assert.ok(ids((await worker.get(`${API}/care/day`)).json()).includes(caseId));
      // A path id that is no id is refused before any access check reads it (PostgreSQL refuses a NUL in text).
      assertFieldNamed(await worker.request({ method: 'PUT', url: `${API}/care/cases/%00/team`, payload: { version: 1, team: [] } }), 'id');
      assertFieldNamed(await worker.post(`${API}/care/cases/%00/visits`, visitToday()), 'id');
      // An agent does not open cases nor keep a team (care.work).
      assertError(await agent.post(`${API}/care/cases`, { personId: uuidv7(), group: 'disabled' }), 403);
    });

    test('team candidates: active staff whose scope holds the case, the owner left out; an agent 403, an unknown case 404', async () => {
      const area = (await db().selectFrom('care_cases').select(['area_code', 'owner_id']).where('id', '=', caseId).executeTakeFirstOrThrow());
      const other = await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 6)).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      await userOf('care-candidate-elsewhere', 'communityWorker', other.code);
      await userOf('care-candidate-locked', 'socialWorker', village.slice(0, 9));
      await db().updateTable('users').set({ locked: true as never }).where('username', '=', 'care-candidate-locked').execute();
      const answer = await worker.get(`${API}/care/cases/${caseId}/team-candidates`);
      assert.equal(answer.statusCode, 200, answer.body);
      const items = answer.json().items as { userId: string; username: string; role: string; scopeCode: string }[];
      const names = items.map((u) => u.username);
      assert.ok(names.includes('demo-agent') && names.includes('demo-social'), names.join());
      for (const absent of ['demo-resident', 'care-candidate-elsewhere', 'care-candidate-locked']) assert.ok(!names.includes(absent), `${absent} is no candidate`);
      assert.ok(!items.some((u) => u.userId === area.owner_id), 'the owner is no collaborator');
      assert.ok(items.every((u) => area.area_code.startsWith(u.scopeCode)), 'every candidate’s scope holds the case');
      assertError(await agent.get(`${API}/care/cases/${caseId}/team-candidates`), 403);
      assertError(await worker.get(`${API}/care/cases/${uuidv7()}/team-candidates`), 404);
    });

    test('the team is replaced with a version: stale 409, the owner or a resident 400, an agent 403; the agent joins', async () => {
      const c = (await worker.get(`${API}/care/cases/${caseId}`)).json();
      const team = c.team.map((m: { userId: string; role: string }) => ({ userId: m.userId, role: m.role }));
      const ownerId = (await db().selectFrom('care_cases').select('owner_id').where('id', '=', caseId).executeTakeFirstOrThrow()).owner_id;
      const residentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id;
      const put = (client: Client, body: object) => client.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/team`, payload: body });
      const withAgent = [...team, { userId: agentId, role: 'agent' }];
      assertError(await put(worker, { version: c.version + 3, team: withAgent }), 409, 'conflict');
      assertFieldNamed(await put(worker, { version: c.version, team: [{ userId: ownerId, role: 'other' }] }), 'team/0/userId');
      assertFieldNamed(await put(worker, { version: c.version, team: [...team, { userId: residentId, role: 'other' }] }), `team/${team.length}/userId`);
      assertFieldNamed(await put(worker, { version: c.version, team: [{ userId: agentId, role: 'agent' }, { userId: agentId, role: 'other' }] }), 'team/1/userId');
      assertError(await put(agent, { version: c.version, team: withAgent }), 403);
      assert.equal((await db().selectFrom('care_case_team').select('user_id').where('case_id', '=', caseId).execute()).length, team.length, 'refused changes wrote nothing');
      const joined = await put(worker, { version: c.version, team: withAgent });
      assert.equal(joined.statusCode, 200, joined.body);
      assert.ok(joined.json().team.some((m: { userId: string; role: string }) => m.userId === agentId && m.role === 'agent'));
      assert.equal(joined.json().version, c.version + 1);
      const changed = joined.json().events.find((e: { action: string }) => e.action === 'teamChanged');
      assert.deepEqual(changed.details.added, [{ userId: agentId, role: 'agent' }]);
    });

    test('an agent on the team opens the case, sees it on their day, and records a visit; the other case stays closed to them', async () => {
      const read = await agent.get(`${API}/care/cases/${caseId}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().can.visit, true);
      assert.ok(Array.isArray(read.json().notes), 'the team reads the notes');
      const day = (await agent.get(`${API}/care/day`)).json();
      assert.deepEqual(ids(day), [caseId]);
      assert.equal(day.due + day.overdue, 1);
      assert.deepEqual(ids((await agent.get(`${API}/care/cases`)).json()), [caseId]);
      assert.equal((await agent.get(`${API}/care/cases/${caseId}/referrals`)).statusCode, 200);
      const visits = await visitsOf(caseId);
      const made = await agent.post(`${API}/care/cases/${caseId}/visits`, visitToday());
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(await visitsOf(caseId), visits + 1);
      // …and attaches its photo (care.visit, as the visit): the offline form sends it after the visit.
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      const photo = await agent.request({ method: 'POST', url: `${API}/care/cases/${caseId}/visits/${made.json().id}/photos`, payload: png, headers: { 'content-type': 'image/png' } });
      assert.equal(photo.statusCode, 200, photo.body);
      assert.equal(photo.json().photos.length, 1);
      const after = (await worker.get(`${API}/care/cases/${caseId}`)).json();
      // The case page reads each visit's photos from the case itself.
      assert.deepEqual(after.visits.find((v: { id: string }) => v.id === made.json().id).photos, photo.json().photos);
      assert.equal(after.lastVisitOn, today());
      assert.equal(after.visitStage, 'scheduled');
      const other = await visitsOf(otherCaseId);
      assertError(await agent.get(`${API}/care/cases/${otherCaseId}`), 403);
      assertError(await agent.post(`${API}/care/cases/${otherCaseId}/visits`, visitToday()), 403);
      assert.equal(await visitsOf(otherCaseId), other);
      // The case is visited: it leaves the day list of the agent.
      assert.deepEqual(ids((await agent.get(`${API}/care/day`)).json()), []);
    });

    test('removed from the team, the agent loses the case', async () => {
      const c = (await worker.get(`${API}/care/cases/${caseId}`)).json();
      const without = c.team.filter((m: { userId: string }) => m.userId !== agentId).map((m: { userId: string; role: string }) => ({ userId: m.userId, role: m.role }));
      const left = await worker.request({ method: 'PUT', url: `${API}/care/cases/${caseId}/team`, payload: { version: c.version, team: without } });
      assert.equal(left.statusCode, 200, left.body);
      assert.equal(left.json().team.some((m: { userId: string }) => m.userId === agentId), false);
      assertError(await agent.get(`${API}/care/cases/${caseId}`), 403);
      const visits = await visitsOf(caseId);
      assertError(await agent.post(`${API}/care/cases/${caseId}/visits`, visitToday()), 403);
      assert.equal(await visitsOf(caseId), visits);
      assert.equal((await agent.get(`${API}/care/cases`)).json().total, 0);
      assertError(await agent.get(`${API}/care/cases/${caseId}/referrals`), 403);
      const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'care.case.team').where('target_id', '=', caseId).execute();
      assert.equal(audit.length, 2, 'joining and leaving are audited');
    });

    describe('figures beside left_behind_visited', () => {
      let county: string;
      let t1: string;
      let t2: string;
      let v1: string;
      let v2: string;
      let v3: string;
      let ownerId: string;

      async function caseIn(areaCode: string, c: { risk: 'low' | 'medium' | 'high'; openedAgo: number; visitedAgo?: number; closedAgo?: number; planReviewIn?: number }) {
        const now = new Date().toISOString();
        const id = await insertCase(t, { id: uuidv7(), area_code: areaCode, household_id: null }, ownerId, { lastVisitOn: c.visitedAgo === undefined ? undefined : addDays(today(), -c.visitedAgo) }, {
          care_group: 'hardship',
          status: c.closedAgo === undefined ? 'open' : 'closed',
          risk_level: c.risk,
          summary: null,
          opened_on: addDays(today(), -c.openedAgo),
          closed_on: c.closedAgo === undefined ? null : addDays(today(), -c.closedAgo),
        });
        if (c.visitedAgo !== undefined) {
          await db()
            .insertInto('care_visits')
            .values({ area_code: areaCode, id: uuidv7(), case_id: id, visited_on: addDays(today(), -c.visitedAgo), mode: 'home', findings: '{}', actions: null, next_steps: null, photos: '[]', due_on: null, on_time: true, generated: false, recorded_at: now, recorded_by: ownerId, recorded_by_name: 'test' })
            .execute();
        }
        if (c.planReviewIn !== undefined) {
          await db()
            .insertInto('care_plans')
            .values({ area_code: areaCode, id: uuidv7(), case_id: id, goals: '[]', services: '[]', review_on: addDays(today(), c.planReviewIn), updated_by: ownerId, updated_by_username: 'test', created_at: now, updated_at: now, version: 1 })
            .execute();
        }
      }

      before(async () => {
        county = village.slice(0, 6);
        ownerId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).id;
        // Two townships of the county other than the demo village's (whose cases the seed made).
        const townships = await db().selectFrom('areas').select('code').where('parent_code', '=', county).where('code', '!=', village.slice(0, 9)).orderBy('code').limit(2).execute();
        [t1, t2] = townships.map((r) => r.code) as [string, string];
        const c1 = await db().selectFrom('areas').select('code').where('parent_code', '=', t1).orderBy('code').limit(2).execute();
        const c2 = await db().selectFrom('areas').select('code').where('parent_code', '=', t2).orderBy('code').limit(1).execute();
        [v1, v2] = c1.map((r) => r.code) as [string, string];
        v3 = c2[0]!.code;
        assert.equal(Number((await db().selectFrom('care_cases').select((eb) => eb.fn.countAll<number>().as('n')).where('area_code', 'like', `${t1}%`).executeTakeFirstOrThrow()).n), 0);
        await db().updateTable('areas').set({ kind_override: 'urban' }).where('code', '=', v1).execute();
        await db().updateTable('areas').set({ kind_override: 'rural' }).where('code', 'in', [v2, v3]).execute();
        // Default policy: high weekly, medium monthly, low quarterly, escalated 7 days after the due day.
        await caseIn(v1, { risk: 'high', openedAgo: 30, visitedAgo: 3, planReviewIn: 10 }); // on time, with a plan
        await caseIn(v1, { risk: 'high', openedAgo: 30 }); // due 23 days ago: escalated, no plan
        await caseIn(v1, { risk: 'medium', openedAgo: 60, visitedAgo: 35 }); // due 4–7 days ago: overdue
        await caseIn(v1, { risk: 'low', openedAgo: 100, closedAgo: 5 }); // closed: not in care
        await caseIn(v2, { risk: 'high', openedAgo: 20, visitedAgo: 10, planReviewIn: -1 }); // overdue; the plan's review passed
        await caseIn(v2, { risk: 'low', openedAgo: 10 }); // due in about 80 days
        await caseIn(v3, { risk: 'high', openedAgo: 5 }); // due in 2 days, no plan
        await caseIn(v3, { risk: 'medium', openedAgo: 200 }); // never visited: escalated
      });

      const counts = (inCare: number, overdue: number, escalated: number, highRisk: number, highRiskWithoutPlan: number) => ({ inCare, overdue, escalated, highRisk, highRiskWithoutPlan });

      test('a township and each of its villages, urban and rural apart, with exact counts', async () => {
        const countyOfficial = await t.login('demo-county');
        const r = await countyOfficial.get(`${API}/care/figures?area=${t1}`);
        assert.equal(r.statusCode, 200, r.body);
        const f = r.json();
        assert.equal(f.asOf, today());
        assert.equal(f.period, today().slice(0, 4));
        assert.deepEqual(f.area.figures, { all: counts(5, 3, 1, 3, 2), urban: counts(3, 2, 1, 2, 1), rural: counts(2, 1, 0, 1, 1) });
        const child = (code: string) => f.children.find((c: { code: string }) => c.code === code);
        assert.deepEqual(child(v1).figures.all, counts(3, 2, 1, 2, 1));
        assert.deepEqual(child(v1).figures.rural, counts(0, 0, 0, 0, 0));
        assert.deepEqual(child(v2).figures.rural, counts(2, 1, 0, 1, 1));
        assert.ok(f.children.length >= 2);
        for (const c of f.children.filter((c: { code: string }) => c.code !== v1 && c.code !== v2)) assert.deepEqual(c.figures.all, counts(0, 0, 0, 0, 0));
        const byCounty = (await countyOfficial.get(`${API}/care/figures?area=${county}`)).json();
        const row = (code: string) => byCounty.children.find((c: { code: string }) => c.code === code).figures;
        assert.deepEqual(row(t1), f.area.figures);
        assert.deepEqual(row(t2), { all: counts(2, 1, 1, 1, 1), urban: counts(0, 0, 0, 0, 0), rural: counts(2, 1, 1, 1, 1) });
      });

      test('a past period is read with the risk level each case had then (approved changes since undone), the plan and its review day as saved by then; the indicator too', async () => {
        // The quarter before today's, and a village of a third township of the county.
        const [y, m] = today().split('-').map(Number) as [number, number];
        const q = Math.floor((m - 1) / 3) + 1;
        const prev = quarterPeriod(q === 1 ? y - 1 : y, q === 1 ? 4 : q - 1);
        const end = prev.end;
        const t3 = (await db().selectFrom('areas').select('code').where('parent_code', '=', county).where('code', 'not in', [village.slice(0, 9), t1, t2]).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
        const v4 = (await db().selectFrom('areas').select('code').where('parent_code', '=', t3).orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
        const now = new Date().toISOString();
        const ago = (days: number) => addDays(end, -days);
        async function kase(risk: 'low' | 'medium' | 'high', openedOn: string, visits: string[]): Promise<string> {
          const id = await insertCase(t, { id: uuidv7(), area_code: v4, household_id: null }, ownerId, { lastVisitOn: visits.at(-1) }, { care_group: 'hardship', status: 'open', risk_level: risk, summary: null, opened_on: openedOn, closed_on: null });
          for (const visitedOn of visits) {
            await db()
              .insertInto('care_visits')
              .values({ area_code: v4, id: uuidv7(), case_id: id, visited_on: visitedOn, mode: 'home', findings: '{}', actions: null, next_steps: null, photos: '[]', due_on: null, on_time: true, generated: false, recorded_at: now, recorded_by: ownerId, recorded_by_name: 'test' })
              .execute();
          }
          return id;
        }
        async function changed(caseId: string, from: string, to: string, decidedAt: string) {
          await db()
            .insertInto('care_approvals')
            .values({ area_code: v4, id: uuidv7(), case_id: caseId, kind: 'riskChange', status: 'approved', from_level: from, to_level: to, assessment_id: null, reason: 'test', requested_at: decidedAt, requested_by: null, requested_by_name: null, decided_at: decidedAt, decided_by: null, decided_by_name: null, comment: null, version: 2 })
            .execute();
        }
        // A: raised from low to high today. Low (quarterly) in the period: visited as planned; high now: escalated.
        const a = await kase('high', ago(150), [ago(80), ago(20)]);
        await changed(a, 'low', 'high', now);
        // B: raised from medium to high before the period's end, lowered to low today: high then, never visited (escalated), no plan.
        const b = await kase('low', ago(120), []);
        await changed(b, 'medium', 'high', `${ago(30)}T02:00:00.000Z`);
        await changed(b, 'high', 'low', now);
        // C: raised from medium to high at 23:00 China time on the period's last day (15:00 UTC): high on that day.
        // Visited 10 days before the end (weekly: 3 days late then) and again today; its plan was written today.
        const c = await kase('high', ago(100), [ago(10), today()]);
        await changed(c, 'medium', 'high', `${end}T15:00:00.000Z`);
        await db()
          .insertInto('care_plans')
          .values({ area_code: v4, id: uuidv7(), case_id: c, goals: '[]', services: '[]', review_on: addDays(today(), 30), updated_by: ownerId, updated_by_username: 'test', created_at: now, updated_at: now, version: 1 })
          .execute();
        // D: high throughout, visited every 6 days from 3 days before the end up to today; its plan, written 60 days
        // before the end to be reviewed 10 days before it (past then: without a current plan), was moved today to a month on.
        const weekly: string[] = [];
        for (let day = ago(3); day <= today(); day = addDays(day, 6)) weekly.push(day);
        if (weekly.at(-1)! < today()) weekly.push(today());
        const d = await kase('high', ago(100), weekly);
        const written = `${ago(60)}T04:00:00.000Z`;
        await db()
          .insertInto('care_plans')
          .values({ area_code: v4, id: uuidv7(), case_id: d, goals: '[]', services: '[]', review_on: addDays(today(), 30), updated_by: ownerId, updated_by_username: 'test', created_at: written, updated_at: now, version: 2 })
          .execute();
        await db()
          .insertInto('care_plan_revisions')
          .values([
            { area_code: v4, id: uuidv7(), case_id: d, review_on: ago(10), saved_at: written },
            { area_code: v4, id: uuidv7(), case_id: d, review_on: addDays(today(), 30), saved_at: now },
          ])
          .execute();

        const countyOfficial = await t.login('demo-county');
        const past = (await countyOfficial.get(`${API}/care/figures?area=${v4}&period=${prev.text}`)).json();
        assert.equal(past.asOf, end);
        // Read with today's levels and review days it would be overdue 3, escalated 2 (A weekly, B quarterly), D with a plan.
        assert.deepEqual(past.area.figures.all, counts(4, 2, 1, 3, 3));
        const current = (await countyOfficial.get(`${API}/care/figures?area=${v4}`)).json();
        assert.deepEqual(current.area.figures.all, counts(4, 2, 2, 3, 1));

        // The indicator's source for that quarter: A visited as planned at its level then (low), B, C and D not.
        const { numerator, denominator } = await visitedAsPlannedCounts(db(), { from: prev.start, to: addDays(end, 1), asOf: end });
        assert.deepEqual([numerator.get(v4) ?? 0, denominator.get(v4)], [1, 4]);
        const thisQuarter = quarterPeriod(y, q);
        const nowCounts = await visitedAsPlannedCounts(db(), { from: thisQuarter.start, to: addDays(today(), 1), asOf: today() });
        // This quarter at today's levels: A weekly since its visit 20 days before the quarter, B quarterly never visited,
        // C late before today's visit; D visited every 6 days.
        assert.deepEqual([nowCounts.numerator.get(v4) ?? 0, nowCounts.denominator.get(v4)], [1, 4]);
      });

      test('scope: a township official sees their township only (403 for the county and another township); bad periods are 400', async () => {
        const official = await userOf('care-figures-township', 'official', t1);
        const own = await official.get(`${API}/care/figures`);
        assert.equal(own.statusCode, 200, own.body);
        assert.equal(own.json().area.code, t1);
        assert.deepEqual(own.json().area.figures.all, counts(5, 3, 1, 3, 2));
        assertError(await official.get(`${API}/care/figures?area=${county}`), 403);
        assertError(await official.get(`${API}/care/figures?area=${t2}`), 403);
        const ofVillage = (await official.get(`${API}/care/figures?area=${v1}`)).json();
        assert.deepEqual([ofVillage.area.figures.urban, ofVillage.children], [counts(3, 2, 1, 2, 1), []]);
        assertFieldNamed(await official.get(`${API}/care/figures?area=${t1}&period=${Number(today().slice(0, 4)) + 1}`), 'period');
        assertFieldNamed(await official.get(`${API}/care/figures?area=${t1}&period=2026q1`), 'period');
        assertError(await agent.get(`${API}/care/figures?area=${t1}`), 403);
      });
    });
  });
}
