/**
 * Village information points, their service log and recycling pickups, on SQLite and PostgreSQL:
 * registration with an operator who must be an agent in scope, status with history, the log the
 * operator keeps (and agency requests logged by themselves), scope and role refusals, bad inputs
 * that write nothing, and pickups from request to points with compare-and-set moves.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { getEffectiveItem } from '../../src/server/modules/services/catalog.service.ts';

const API = '/api/v1';
const chinaDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

for (const dialect of DIALECTS) {
  describe(`information points and recycling (${dialect})`, () => {
    let t: TestApp;
    let county: Client;
    let worker: Client;
    let agent: Client;
    let farAgent: Client;
    let resident: Client;
    let social: Client;
    let village: string;
    let agentId: string;
    let farAgentId: string;
    let pointId: string;
    const db = () => t.database.handle.db;
    const rows = async (table: 'info_points' | 'info_point_services' | 'info_point_events' | 'recycling_pickups') => (await db().selectFrom(table).select('id').execute()).length;

    async function insertUser(username: string, role: string, scope: string): Promise<string> {
      const template = await db().selectFrom('users').selectAll().where('username', '=', 'demo-agent').executeTakeFirstOrThrow();
      const id = uuidv7();
      await db().insertInto('users').values({ ...template, id, username, display_name: username, role, scope_code: scope, locked: false, demo: false }).execute();
      return id;
    }

    const newPoint = (overrides: Record<string, unknown> = {}) => ({
      areaCode: village,
      name: '新屋村益农信息社',
      operatorUserId: agentId,
      openingHours: '周一至周六 8:00-17:30',
      equipment: ['computer', 'printer', 'network'],
      services: ['convenience', 'ecommerce', 'publicWelfare'],
      ...overrides,
    });

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [county, worker, agent, resident, social] = await Promise.all(['demo-county', 'demo-worker', 'demo-agent', 'demo-resident', 'demo-social'].map((u) => t.login(u)));
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
      agentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirstOrThrow()).id;
      const otherTownship = await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 6)).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      farAgentId = await insertUser('info-points-far-agent', 'agent', otherTownship.code);
      farAgent = await t.login('info-points-far-agent');
    });
    after(() => t.close());

    test('a community worker registers a point run by the township agent; it opens with its first event', async () => {
      const made = await worker.post(`${API}/info-points`, newPoint());
      assert.equal(made.statusCode, 201, made.body);
      const point = made.json();
      pointId = point.id;
      assert.equal(point.status, 'operating');
      assert.equal(point.operatorUserId, agentId);
      assert.deepEqual(point.services, ['convenience', 'ecommerce', 'publicWelfare']);
      assert.deepEqual(point.events.map((e: { from: string | null; to: string }) => [e.from, e.to]), [[null, 'operating']]);
      assert.equal(point.servedToday, 0);
      // The agent also runs the demo's point of this village.
      const mine = (await agent.get(`${API}/info-points?mine=true`)).json();
      assert.ok(mine.items.some((p: { id: string }) => p.id === pointId));
      assert.ok(mine.items.every((p: { operatorUserId: string }) => p.operatorUserId === agentId));
      assert.equal((await farAgent.get(`${API}/info-points?mine=true`)).json().total, 0);
    });

    test('bad registrations are refused naming the field, and write nothing', async () => {
      const before = await rows('info_points');
      const farVillage = (await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'not like', `${village.slice(0, 9)}%`).where('code', 'like', `${village.slice(0, 6)}%`).orderBy('code').executeTakeFirstOrThrow()).code;
      const workerId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).id;
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ operatorUserId: workerId })), 'operatorUserId', 'not_allowed');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ operatorUserId: farAgentId })), 'operatorUserId', 'not_in_scope');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ operatorUserId: uuidv7() })), 'operatorUserId', 'unknown_reference');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ areaCode: village.slice(0, 9) + '999' })), 'areaCode', 'unknown_reference');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ services: [] })), 'services');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ equipment: ['fax'] })), 'equipment.0');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ name: '   ' })), 'name', 'required');
      assertFieldNamed(await worker.post(`${API}/info-points`, newPoint({ facilityId: uuidv7() })), 'facilityId', 'unknown_reference');
      const otherCountyVillage = (await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'not like', `${village.slice(0, 6)}%`).orderBy('code').executeTakeFirstOrThrow()).code;
      assertError(await county.post(`${API}/info-points`, newPoint({ areaCode: otherCountyVillage })), 403, 'forbidden');
      assertError(await worker.post(`${API}/info-points`, newPoint({ areaCode: farVillage })), 403, 'forbidden');
      assertError(await agent.post(`${API}/info-points`, newPoint()), 403, 'forbidden');
      assertError(await resident.get(`${API}/info-points`), 403, 'forbidden');
      assert.equal(await rows('info_points'), before);
    });

    test('the operator records services; the log of today counts them by kind; others may not record', async () => {
      const served = await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment', residentName: '王桂兰', note: '代缴电费' });
      assert.equal(served.statusCode, 201, served.body);
      assert.equal(served.json().source, 'manual');
      assert.equal((await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'ecommerce', note: '帮卖茶叶 5 斤' })).statusCode, 201);
      const log = (await agent.get(`${API}/info-points/${pointId}/services`)).json();
      assert.equal(log.total, 2);
      assert.deepEqual(log.byKind, { payment: 1, ecommerce: 1 });
      assert.equal(log.items.find((e: { kind: string }) => e.kind === 'payment').residentName, '王桂兰');
      // Readers above the village see the name masked.
      const seen = (await county.get(`${API}/info-points/${pointId}/services`)).json();
      assert.equal(seen.items.find((e: { kind: string }) => e.kind === 'payment').residentName, '王**');
      assert.equal((await county.get(`${API}/info-points/${pointId}`)).json().servedToday, 2);
      // Yesterday's log is empty.
      assert.equal((await agent.get(`${API}/info-points/${pointId}/services?from=${chinaDate(-1)}`)).json().total, 0);
    });

    test('the register: services this month, urban or rural, filters by service and name; operators are the agents whose scope holds the community', async () => {
      type Listed = { items: { id: string; servedThisMonth: number; urbanRural: string | null }[]; total: number };
      const list = async (query: string): Promise<Listed> => {
        const r = await county.get(`${API}/info-points?area=${village}${query}`);
        assert.equal(r.statusCode, 200, r.body);
        return r.json() as Listed;
      };
      const has = (l: Listed) => l.items.some((p) => p.id === pointId);
      const area = await db().selectFrom('areas').select(['kind', 'kind_override']).where('code', '=', village).executeTakeFirstOrThrow();
      const kind = area.kind_override ?? area.kind;
      const listed = (await list('')).items.find((p) => p.id === pointId)!;
      assert.equal(listed.servedThisMonth, 2);
      assert.equal(listed.urbanRural, kind);
      assert.ok(has(await list(`&urbanRural=${kind}`)));
      const opposite = await list(`&urbanRural=${kind === 'urban' ? 'rural' : 'urban'}`);
      assert.ok(!has(opposite));
      assert.equal(opposite.total, opposite.items.length);
      assert.ok(has(await list('&service=ecommerce')));
      const training = await list('&service=training');
      assert.ok(!has(training));
      assert.ok(training.items.every((p) => p.id !== pointId));
      assert.ok(has(await list(`&q=${encodeURIComponent('新屋村')}`)));
      assert.equal((await list(`&q=${encodeURIComponent('%')}`)).total, 0, 'a % in the search is a character, not a wildcard');
      assertFieldNamed(await county.get(`${API}/info-points?service=haircut`), 'service');

      const lockedId = await insertUser('info-points-locked-agent', 'agent', village.slice(0, 9));
      await db().updateTable('users').set({ locked: true }).where('id', '=', lockedId).execute();
      const answer = await worker.get(`${API}/info-points/operators?area=${village}`);
      assert.equal(answer.statusCode, 200, answer.body);
      const operators = answer.json().items as { id: string; scopeCode: string; pointsRun: number }[];
      const mine = operators.find((o) => o.id === agentId);
      assert.ok(mine, 'the township agent may run the point');
      assert.ok(mine.pointsRun >= 1);
      assert.ok(operators.every((o) => village.startsWith(o.scopeCode)));
      assert.ok(!operators.some((o) => o.id === farAgentId), 'an agent of another township may not');
      assert.ok(!operators.some((o) => o.id === lockedId), 'a locked agent may not');
      const farVillage = (await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'not like', `${village.slice(0, 9)}%`).where('code', 'like', `${village.slice(0, 6)}%`).orderBy('code').executeTakeFirstOrThrow()).code;
      assertError(await worker.get(`${API}/info-points/operators?area=${farVillage}`), 403, 'forbidden');
      assertError(await agent.get(`${API}/info-points/operators?area=${village}`), 403, 'forbidden');
      assertError(await social.get(`${API}/info-points/operators?area=${village}`), 403, 'forbidden');
      assertFieldNamed(await worker.get(`${API}/info-points/operators?area=${village.slice(0, 9)}`), 'area');
      assertFieldNamed(await worker.get(`${API}/info-points/operators?area=${village.slice(0, 9)}999`), 'area', 'unknown_reference');
    });

    test('bad log entries are refused and write nothing: another agent, a service not offered, a time out of range, a closed point', async () => {
      const before = await rows('info_point_services');
      assertError(await farAgent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment' }), 403, 'forbidden');
      assertError(await worker.post(`${API}/info-points/${pointId}/services`, { kind: 'payment' }), 403, 'forbidden');
      assertFieldNamed(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'training' }), 'kind', 'not_allowed');
      assertFieldNamed(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'haircut' }), 'kind');
      assertFieldNamed(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment', servedAt: inHours(3) }), 'servedAt', 'out_of_range');
      assertFieldNamed(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment', servedAt: inHours(-24 * 9) }), 'servedAt', 'out_of_range');
      assertFieldNamed(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment', residentName: 'x'.repeat(41) }), 'residentName');
      assertError(await agent.post(`${API}/info-points/${uuidv7()}/services`, { kind: 'payment' }), 404, 'not_found');
      assertFieldNamed(await agent.get(`${API}/info-points/${pointId}/services?from=${chinaDate()}&to=${chinaDate(-2)}`), 'to', 'inconsistent');
      assert.equal(await rows('info_point_services'), before);
    });

    test('status with history: suspend needs a reason, a stale version is 409, a suspended point records nothing, reopen', async () => {
      const current = (await worker.get(`${API}/info-points/${pointId}`)).json();
      assertFieldNamed(await worker.post(`${API}/info-points/${pointId}/status`, { version: current.version, status: 'suspended' }), 'reason', 'required');
      assertError(await worker.post(`${API}/info-points/${pointId}/status`, { version: current.version, status: 'preparing' }), 409, 'conflict');
      assertError(await social.post(`${API}/info-points/${pointId}/status`, { version: current.version, status: 'suspended', reason: '网络故障' }), 403, 'forbidden');
      const suspended = await worker.post(`${API}/info-points/${pointId}/status`, { version: current.version, status: 'suspended', reason: '网络故障' });
      assert.equal(suspended.statusCode, 200, suspended.body);
      assertError(await worker.post(`${API}/info-points/${pointId}/status`, { version: current.version, status: 'operating' }), 409, 'conflict');
      assertError(await agent.post(`${API}/info-points/${pointId}/services`, { kind: 'payment' }), 409, 'conflict');
      const reopened = await worker.post(`${API}/info-points/${pointId}/status`, { version: suspended.json().version, status: 'operating' });
      assert.equal(reopened.statusCode, 200, reopened.body);
      assert.deepEqual(
        reopened.json().events.map((e: { from: string | null; to: string; reason: string | null }) => [e.from, e.to, e.reason]),
        [
          [null, 'operating', null],
          ['operating', 'suspended', '网络故障'],
          ['suspended', 'operating', null],
        ],
      );
      const changed = await worker.patch(`${API}/info-points/${pointId}`, { version: reopened.json().version, services: ['convenience', 'ecommerce', 'training', 'publicWelfare'], equipment: ['computer', 'printer', 'selfServiceTerminal', 'network'] });
      assert.equal(changed.statusCode, 200, changed.body);
      assertError(await worker.patch(`${API}/info-points/${pointId}`, { version: reopened.json().version, name: '旧版本' }), 409, 'conflict');
      assertError(await farAgent.get(`${API}/info-points/${pointId}`), 403, 'forbidden');
    });

    test('an agency request the operator files in the village is logged at the point by itself, once', async () => {
      const principal = (await db().selectFrom('persons').select('id').where('user_id', '=', (await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()).id;
      const mandate = await agent.post(`${API}/mandates`, {
        principalPersonId: principal,
        coverage: 'items',
        itemCodes: ['AH-MZ-003'],
        validFrom: chinaDate(-1),
        validUntil: chinaDate(90),
        consentKind: 'witnessed',
        witnessName: '王村主任',
        witnessNote: '在村委会当面确认',
      });
      assert.equal(mandate.statusCode, 201, mandate.body);
      const item = await getEffectiveItem(db(), 'AH-MZ-003', village);
      const filed = await agent.post(`${API}/service-requests`, {
        itemCode: 'AH-MZ-003',
        applicantPersonId: principal,
        mandateId: mandate.json().id,
        formValues: { event: 'illness', eventDate: chinaDate(-3), description: '突发重大疾病住院' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ material: m.key, received: true })),
      });
      assert.equal(filed.statusCode, 201, filed.body);
      // Logged once, at one of the agent's operating points of the village (the oldest: the demo's).
      const mine = (await agent.get(`${API}/info-points?mine=true&area=${village}&status=operating`)).json();
      const logs = await Promise.all(mine.items.map(async (p: { id: string }) => (await agent.get(`${API}/info-points/${p.id}/services`)).json()));
      const agency = logs.flatMap((log) => log.items).filter((e: { source: string; requestId: string | null }) => e.source === 'request' && e.requestId === filed.json().id);
      assert.equal(agency.length, 1);
      assert.equal(agency[0].kind, 'agency');
      assert.equal(agency[0].requestId, filed.json().id);
    });

    test('recycling: a resident asks, an agent accepts (once), completes with the weight; points follow; refusals write nothing', async () => {
      const ask = (overrides: Record<string, unknown> = {}) => resident.post(`${API}/recycling/pickups`, { kind: 'paper', estimatedKg: 12.5, windowStart: inHours(2), windowEnd: inHours(5), address: '新屋组 3 号', ...overrides });
      const before = await rows('recycling_pickups');
      assertFieldNamed(await ask({ estimatedKg: 0 }), 'estimatedKg');
      assertFieldNamed(await ask({ estimatedKg: -3 }), 'estimatedKg');
      assertFieldNamed(await ask({ windowEnd: inHours(1) }), 'windowEnd', 'inconsistent');
      assertFieldNamed(await ask({ windowEnd: inHours(2.2) }), 'windowEnd', 'out_of_range');
      assertFieldNamed(await ask({ windowStart: inHours(-5), windowEnd: inHours(-2) }), 'windowStart', 'out_of_range');
      assertFieldNamed(await ask({ kind: 'uranium' }), 'kind');
      assertError(await agent.post(`${API}/recycling/pickups`, { kind: 'paper', estimatedKg: 1, windowStart: inHours(2), windowEnd: inHours(5), address: 'x' }), 403, 'forbidden');
      assert.equal(await rows('recycling_pickups'), before);

      const asked = await ask();
      assert.equal(asked.statusCode, 201, asked.body);
      const pickup = asked.json();
      assert.equal(pickup.status, 'requested');
      const listed = (await agent.get(`${API}/recycling/pickups?status=requested`)).json();
      const seen = listed.items.find((p: { id: string }) => p.id === pickup.id);
      assert.ok(seen);
      assert.match(seen.residentName, /\*/, 'the collector sees the name masked');
      assertError(await resident.get(`${API}/recycling/pickups`), 403, 'forbidden');
      assertError(await farAgent.post(`${API}/recycling/pickups/${pickup.id}/accept`, { version: 1 }), 403, 'forbidden');

      // Two collectors race for one pickup: one wins, the other is 409.
      const otherId = await insertUser('info-points-near-agent', 'agent', village.slice(0, 9));
      assert.ok(otherId);
      const other = await t.login('info-points-near-agent');
      const [a, b] = await Promise.all([agent.post(`${API}/recycling/pickups/${pickup.id}/accept`, { version: 1 }), other.post(`${API}/recycling/pickups/${pickup.id}/accept`, { version: 1 })]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
      const winner = a.statusCode === 200 ? agent : other;
      const loser = a.statusCode === 200 ? other : agent;
      assertError(await loser.post(`${API}/recycling/pickups/${pickup.id}/complete`, { version: 2, actualKg: 10 }), 403, 'forbidden');
      assertFieldNamed(await winner.post(`${API}/recycling/pickups/${pickup.id}/complete`, { version: 2, actualKg: 0 }), 'actualKg');
      const done = await winner.post(`${API}/recycling/pickups/${pickup.id}/complete`, { version: 2, actualKg: 10.4 });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().points, 20, 'paper: 2 points per kg, rounded down');
      assertError(await winner.post(`${API}/recycling/pickups/${pickup.id}/complete`, { version: 3, actualKg: 11 }), 409, 'conflict');
      const mine = (await resident.get(`${API}/recycling/me`)).json();
      assert.equal(mine.points, 20);
      assert.equal(mine.items[0].residentName.includes('*'), false, 'the resident sees their own name');
      assertError(await resident.post(`${API}/recycling/pickups/${pickup.id}/cancel`, { version: 3 }), 409, 'conflict');
      // A second pickup cancelled by the resident earns nothing.
      const second = (await ask({ kind: 'metal', estimatedKg: 3 })).json();
      assert.equal((await resident.post(`${API}/recycling/pickups/${second.id}/cancel`, { version: 1 })).statusCode, 200);
      assert.equal((await resident.get(`${API}/recycling/me`)).json().points, 20);
      assertError(await resident.post(`${API}/recycling/pickups/${uuidv7()}/cancel`, { version: 1 }), 404, 'not_found');
    });
  });
}
