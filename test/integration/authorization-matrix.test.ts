/**
 * The authorization matrix: every route of the OpenAPI document × every role × in scope / out of
 * scope, and anonymously, checked against the policy table (src/contracts/policy.ts). A route
 * without a policy entry fails. One user per role × scope is made once and its session reused.
 *
 * In scope: the user's scope is the demo township T and the request names its village V (or a
 * record there). Out of scope: the same request by a user of another township T2 of the county.
 * Expected: anonymous 401 (public routes excepted); a role the action does not list 403; a listed
 * role out of scope 403 when the request names an area or a record (`area` rule); otherwise not
 * 401/403. Nothing ever answers 5xx.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { InjectOptions } from 'fastify';
import { POLICY, ROUTE_ACTIONS, may, type Action } from '../../src/contracts/policy.ts';
import { ROLES, type Role } from '../../src/contracts/roles.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

const PREFIX = '/api/v1';

interface Operation {
  method: string;
  path: string;
  key: string;
  query: { name: string; required: boolean; enum?: unknown[] }[];
  hasBody: boolean;
}

type Where = 'in' | 'out';

/** Records and areas the requests name; all lie in the demo village V under township T. */
interface Fixture {
  village: string;
  township: string;
  otherTownship: string;
  facilityId: string;
  personId: string;
  householdId: string;
  flagId: string;
  userId: string;
  scenarioId: string;
  /** A scenario of its own for DELETE, so the other scenario routes still find theirs. */
  doomedScenarioId: string;
  otherPersonId: string;
  planId: string;
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: { enum?: unknown[] } }[]; requestBody?: unknown }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [fullPath, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const path = fullPath.slice(PREFIX.length);
      out.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), enum: p.schema?.enum })),
        hasBody: op.requestBody !== undefined,
      });
    }
  }
  return out;
}

const today = todayInChina;
let serial = 0;

/** A body that passes the route's schema, so the service's own checks (role, then scope) answer. */
function bodyOf(op: Operation, f: Fixture): unknown {
  const n = ++serial;
  switch (op.key) {
    case 'POST /auth/login':
      return { username: 'nobody-here', password: 'not-the-password' };
    case 'POST /users':
      return { username: `matrix-made-${n}`, displayName: 'Matrix', password: 'Quiet-harbour-lantern-42', role: 'communityWorker', scope: f.village };
    case 'PATCH /users/{id}':
    case 'PATCH /facilities/{id}':
    case 'PATCH /households/{id}':
    case 'PATCH /persons/{id}':
      return { version: 999_999 };
    case 'PATCH /areas/{code}':
      return { kindOverride: null };
    case 'POST /facilities':
      return { areaCode: f.village, name: `矩阵测试设施${n}`, kind: 'other', floorArea: 100, activityArea: 50 };
    case 'POST /facilities/{id}/status':
      return { status: 'planned', date: today() };
    case 'POST /households':
      return { areaCode: f.village, address: `矩阵测试地址${n}` };
    case 'POST /persons':
      return { name: '矩阵', relation: 'other', areaCode: f.village, sex: 'female', birthDate: '1990-01-01' };
    case 'POST /persons/merge':
      return { keep: f.personId, remove: f.otherPersonId };
    case 'POST /planning/siting':
      return { area: f.village, model: 'mclp', kind: 'comprehensive', p: 1, timeLimitSeconds: 1 };
    case 'POST /planning/scenarios/{id}/adopt':
      return { floorArea: 100, activityArea: 50 };
    case 'POST /plans':
      return { name: `矩阵规划${n}`, startYear: 2026, endYear: 2030, area: f.township };
    case 'POST /plans/{id}/adoptions':
      return { area: f.village };
    case 'PUT /plans/{id}/targets':
      return { area: f.village, targets: [] };
    default:
      return op.hasBody ? {} : undefined;
  }
}

function pathOf(op: Operation, f: Fixture): string {
  const id = op.path.startsWith('/users/')
    ? f.userId
    : op.path.startsWith('/facilities/')
      ? f.facilityId
      : op.path.startsWith('/persons/')
        ? f.personId
        : op.path.startsWith('/households/')
          ? f.householdId
          : op.path.startsWith('/left-behind/')
            ? f.flagId
            : op.path.startsWith('/planning/scenarios/')
              ? op.method === 'DELETE'
                ? f.doomedScenarioId
                : f.scenarioId
              : op.path.startsWith('/plans/')
                ? f.planId
                : 'none';
  return op.path.replace('{id}', id).replace('{code}', op.path.startsWith('/indicators/') ? 'facility_coverage' : f.village);
}

function queryOf(op: Operation, f: Fixture): string {
  const params = new URLSearchParams();
  for (const q of op.query) {
    if (q.name === 'area' || q.name === 'within') params.set(q.name, f.village);
    else if (q.name === 'ids') params.set('ids', f.scenarioId);
    else if (q.name === 'q' && q.required) params.set('q', '岳');
    else if (q.required && q.enum?.length) params.set(q.name, String(q.enum[0]));
    else if (q.name === 'format' && q.required) params.set('format', 'csv');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function requestOf(op: Operation, f: Fixture): InjectOptions {
  const url = PREFIX + pathOf(op, f) + queryOf(op, f);
  if (op.key === 'POST /facilities/import' || op.key === 'POST /persons/import') {
    // A file whose one row lies in V: imported in scope, refused out of it.
    const csv = op.key === 'POST /facilities/import' ? `areaCode,name,kind,floorArea,activityArea\n${f.village},矩阵导入设施,other,100,50\n` : `areaCode,name,relation\n${f.village},矩阵,other\n`;
    return { method: 'POST', url: url.replace(/format=[^&]*/, 'format=csv'), payload: csv, headers: { 'content-type': 'text/csv' } };
  }
  const body = bodyOf(op, f);
  return { method: op.method as InjectOptions['method'], url, ...(body === undefined ? {} : { payload: body as object }) };
}

/** Whether the request names an area or a record that lies in one (so the `area` rule applies). */
function namesArea(op: Operation): boolean {
  if (op.query.some((q) => q.name === 'area' || q.name === 'within' || q.name === 'ids')) return true;
  if (op.path.includes('{code}') && !op.path.startsWith('/indicators/')) return true;
  if (op.path.includes('{id}')) return true;
  return ['POST /facilities', 'POST /households', 'POST /persons', 'POST /planning/siting', 'POST /plans', 'POST /users', 'POST /persons/merge'].includes(op.key);
}

type Expected = 'allowed' | 'unauthenticated' | 'role' | 'scope';

function expected(op: Operation, action: Action | 'public', role: Role | null, where: Where): Expected {
  if (action === 'public') return 'allowed';
  if (role === null) return 'unauthenticated';
  if (!may(role, action)) return 'role';
  const rule = POLICY[action];
  if (rule.scope === 'province') return where === 'in' ? 'allowed' : 'scope';
  if (rule.scope === 'area' && where === 'out' && namesArea(op)) return 'scope';
  return 'allowed';
}

/** Imports name their areas row by row: out of scope, each row is refused (400) and nothing is written. */
const ROW_SCOPED = new Set(['POST /facilities/import', 'POST /persons/import']);

function verdict(op: Operation, want: Expected, status: number, code: string | undefined): string | null {
  if (status >= 500) return `answered ${status}`;
  switch (want) {
    case 'unauthenticated':
      return status === 401 ? null : `expected 401, got ${status}`;
    case 'role':
      return status === 403 ? null : `expected 403 (role), got ${status}`;
    case 'scope':
      if (ROW_SCOPED.has(op.key)) return status === 400 || status === 403 ? null : `expected 400 or 403 (rows out of scope), got ${status}`;
      // A record outside the scope may also be hidden as not found (plans do): refused either way.
      if (op.path.includes('{id}')) return status === 403 || status === 404 ? null : `expected 403 or 404 (scope), got ${status}`;
      return status === 403 ? null : `expected 403 (scope), got ${status}`;
    case 'allowed':
      // A login with a wrong password is a 401 of its own (invalid_credentials), not a missing session.
      if (status === 401 && code === 'invalid_credentials' && op.key === 'POST /auth/login') return null;
      return status === 401 || status === 403 ? `expected to be allowed, got ${status}` : null;
  }
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let operations: Operation[];
    let f: Fixture;
    /** One session per role and scope ('in': township T, or the demo resident; 'out': township T2). */
    const sessions = new Map<string, Client>();
    let provinceAdmin: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      const { db } = t.database.handle;
      operations = operationsOf(t.app.swagger() as never);
      const demoResident = (await db.selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow());
      const village = demoResident.scope_code;
      const township = village.slice(0, 9);
      const county = village.slice(0, 6);
      const other = await db.selectFrom('areas').select('code').where('parent_code', '=', county).where('code', '!=', township).orderBy('code').executeTakeFirstOrThrow();
      const otherVillage = await db.selectFrom('areas').select('code').where('parent_code', '=', other.code).orderBy('code').executeTakeFirstOrThrow();

      async function insertUser(username: string, role: Role, scope: string): Promise<string> {
        const id = uuidv7();
        const now = new Date().toISOString();
        await db
          .insertInto('users')
          .values({ id, username, display_name: username, password_hash: demoResident.password_hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
          .execute();
        return id;
      }
      for (const role of ROLES) {
        if (role === 'resident') sessions.set('resident/in', await t.login('demo-resident'));
        else {
          await insertUser(`matrix-${role.toLowerCase()}-in`, role, township);
          sessions.set(`${role}/in`, await t.login(`matrix-${role.toLowerCase()}-in`));
        }
        await insertUser(`matrix-${role.toLowerCase()}-out`, role, role === 'resident' ? otherVillage.code : other.code);
        sessions.set(`${role}/out`, await t.login(`matrix-${role.toLowerCase()}-out`));
      }
      await insertUser('matrix-admin-province', 'admin', village.slice(0, 2));
      provinceAdmin = await t.login('matrix-admin-province');
      const userId = await insertUser('matrix-victim', 'communityWorker', village);

      const person = await db.selectFrom('persons').select(['id', 'household_id']).where('user_id', '=', demoResident.id).executeTakeFirstOrThrow();
      const otherPerson = await db.selectFrom('persons').select('id').where('area_code', '=', village).where('id', '!=', person.id).orderBy('id').executeTakeFirstOrThrow();
      const flag = await db.selectFrom('left_behind_flags').select('id').where('area_code', 'like', `${township}%`).orderBy('id').executeTakeFirst();
      const admin = sessions.get('admin/in')!;
      // In the village itself, so that a resident of it reads it too.
      const facility = await admin.post(`${PREFIX}/facilities`, { areaCode: village, name: '矩阵村设施', kind: 'other', floorArea: 100, activityArea: 50 });
      assert.equal(facility.statusCode, 201, facility.body);
      const scenarios: string[] = [];
      for (let i = 0; i < 2; i++) {
        const siting = await admin.post(`${PREFIX}/planning/siting`, { area: township, model: 'mclp', kind: 'comprehensive', p: 1, timeLimitSeconds: 1 });
        assert.equal(siting.statusCode, 201, siting.body);
        scenarios.push(siting.json().id);
      }
      const plan = await admin.post(`${PREFIX}/plans`, { name: '矩阵乡镇规划', startYear: 2026, endYear: 2030, area: township });
      assert.equal(plan.statusCode, 201, plan.body);
      f = {
        village,
        township,
        otherTownship: other.code,
        facilityId: facility.json().id,
        personId: person.id,
        householdId: person.household_id!,
        flagId: flag?.id ?? uuidv7(),
        userId,
        scenarioId: scenarios[0]!,
        doomedScenarioId: scenarios[1]!,
        otherPersonId: otherPerson.id,
        planId: plan.json().id,
      };
    });
    after(() => t.close());

    test('every route of the OpenAPI document has a policy entry, and every entry a route', () => {
      const keys = new Set(operations.map((op) => op.key));
      const missing = [...keys].filter((key) => !(key in ROUTE_ACTIONS));
      assert.deepEqual(missing, [], 'routes without an entry in ROUTE_ACTIONS (src/contracts/policy.ts)');
      const stale = Object.keys(ROUTE_ACTIONS).filter((key) => !keys.has(key));
      assert.deepEqual(stale, [], 'policy entries for routes that no longer exist');
      assert.ok(operations.length >= 60, `the document lists the API (${operations.length} operations)`);
    });

    test('every route × role × in scope / out of scope / anonymous answers as the policy says', async () => {
      const failures: string[] = [];
      let cells = 0;
      const timing = new Map<string, number>();
      const check = async (op: Operation, who: string, client: Client, want: Expected) => {
        const started = performance.now();
        const response = await client.request(requestOf(op, f));
        timing.set(op.key, (timing.get(op.key) ?? 0) + performance.now() - started);
        cells++;
        const problem = verdict(op, want, response.statusCode, response.statusCode >= 400 ? response.json().error?.code : undefined);
        if (problem) failures.push(`${op.key} as ${who}: ${problem} ${response.body.slice(0, 160)}`);
      };
      for (const op of operations) {
        const action = ROUTE_ACTIONS[op.key];
        if (action === undefined) continue; // reported by the test above
        if (op.key === 'POST /auth/logout') continue; // would end the session it is sent with
        await check(op, 'anonymous', t.anonymous, expected(op, action, null, 'out'));
        // A public route answers everyone alike (a login's password check is slow by design): one session is enough.
        if (action === 'public') {
          await check(op, 'admin in scope', sessions.get('admin/in')!, 'allowed');
          continue;
        }
        // Refusals first, then the writes that succeed (a scenario deleted in scope is gone for the rest).
        for (const role of ROLES) await check(op, `${role} out of scope`, sessions.get(`${role}/out`)!, expected(op, action, role, 'out'));
        for (const role of ROLES) {
          const province = POLICY[action].scope === 'province' && role === 'admin';
          await check(op, `${role} in scope`, province ? provinceAdmin : sessions.get(`${role}/in`)!, expected(op, action, role, 'in'));
        }
      }
      if (process.env.LINLI_MATRIX_TIMING) console.log([...timing].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join('\n'));
      assert.deepEqual(failures, [], `${failures.length} of ${cells} cells disagree with the policy table`);
      assert.ok(cells > 900, `${cells} cells checked`);
    });

    test('refusals say why (role or scope) and each is audited', async () => {
      const denied = () => t.database.handle.db.selectFrom('audit_log').select('id').where('outcome', '=', 'denied').execute();
      const before = (await denied()).length;
      const byRole = await sessions.get('agent/in')!.get(`${PREFIX}/persons?area=${f.village}`);
      assert.equal(byRole.statusCode, 403);
      assert.equal(byRole.json().error.details.reason, 'role');
      assert.equal(byRole.json().error.details.action, 'registry.read');
      const byScope = await sessions.get('official/out')!.get(`${PREFIX}/persons?area=${f.village}`);
      assert.equal(byScope.statusCode, 403);
      assert.equal(byScope.json().error.details.reason, 'scope');
      assert.equal((await denied()).length, before + 2);
    });
  });
}
