import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

/**
 * Every write of every module leaves exactly the audit entries it should, in the same
 * transaction as the write:
 *  - a successful write: exactly the expected entries (action, outcome, who, area, target), no more;
 *  - a refused write (400 or 409): no entry at all;
 *  - a write whose audit entry cannot be stored (a test trigger refuses it): a 500, and the
 *    write itself is rolled back, so the data is as before.
 */

/** A town community of 岳西县 (the demo county). */
const TOWN = '340828100001';
const COUNTY = '340828';
/** 巍岭乡: three villages, small enough for a quick siting run. */
const TINY = '340828210';
const TEMPLATE = 'national-2016-2020';

interface Entry {
  action: string;
  outcome: string;
  username: string | null;
  areaCode: string;
  targetType: string | null;
  targetId: string | null;
}

for (const dialect of DIALECTS) {
  describe(`audit entries of every write (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let worker: Client;
    let village: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [admin, county, worker] = await Promise.all(['demo-admin', 'demo-county', 'demo-worker'].map((u) => t.login(u)));
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
      // A switch the tests flip: while an action is listed here, storing its audit entry fails.
      const db = t.database.handle.db;
      await sql`create table test_audit_refusals (action varchar(64) primary key)`.execute(db);
      if (dialect === 'sqlite') {
        await sql`create trigger test_audit_refuse before insert on audit_log
          when exists (select 1 from test_audit_refusals where action = new.action)
          begin select raise(abort, 'audit entry refused by the test'); end`.execute(db);
      } else {
        await sql`create function test_audit_refuse() returns trigger language plpgsql as $$
          begin
            if exists (select 1 from test_audit_refusals where action = new.action) then
              raise exception 'audit entry refused by the test';
            end if;
            return new;
          end $$`.execute(db);
        await sql`create trigger test_audit_refuse before insert on audit_log for each row execute function test_audit_refuse()`.execute(db);
      }
    });
    after(() => t.close());

    const db = () => t.database.handle.db;

    async function auditIds(): Promise<Set<string>> {
      return new Set((await db().selectFrom('audit_log').select('id').execute()).map((r) => r.id));
    }

    async function entriesSince(before: Set<string>): Promise<Entry[]> {
      const rows = await db().selectFrom('audit_log').selectAll().orderBy('id').execute();
      return rows
        .filter((r) => !before.has(r.id))
        .map((r) => ({ action: r.action, outcome: r.outcome, username: r.username, areaCode: r.area_code, targetType: r.target_type, targetId: r.target_id }));
    }

    /** Runs a write that must succeed with `status` and leave exactly `expected(response)`. */
    async function audited(
      write: () => Promise<LightMyRequestResponse>,
      status: number,
      expected: (response: LightMyRequestResponse) => Entry[],
    ): Promise<LightMyRequestResponse> {
      const before = await auditIds();
      const response = await write();
      assert.equal(response.statusCode, status, response.body);
      assert.deepEqual(await entriesSince(before), expected(response));
      return response;
    }

    /** Runs a write that must be refused with `status` and leave no audit entry at all. */
    async function refused(write: () => Promise<LightMyRequestResponse>, status: number): Promise<void> {
      const before = await auditIds();
      const response = await write();
      assert.equal(response.statusCode, status, response.body);
      assert.deepEqual(await entriesSince(before), [], 'a refused write leaves no audit entry');
    }

    /**
     * Runs a write while storing the audit entry `action` fails: the write must fail as a whole
     * (500) and `state()` must read as before. Proves the entry shares the write's transaction.
     */
    async function atomic(action: string, write: () => Promise<LightMyRequestResponse>, state: () => Promise<unknown>): Promise<void> {
      const beforeState = await state();
      const before = await auditIds();
      await db().insertInto('test_audit_refusals' as never).values({ action } as never).execute();
      try {
        const response = await write();
        assert.equal(response.statusCode, 500, `the write went through although its audit entry ${action} could not be stored: ${response.body}`);
      } finally {
        await db().deleteFrom('test_audit_refusals' as never).execute();
      }
      assert.deepEqual(await state(), beforeState, `a write whose ${action} entry failed left data behind`);
      assert.deepEqual(await entriesSince(before), []);
    }

    const entry = (action: string, username: string, areaCode: string, targetType: string | null, targetId: string | null): Entry => ({
      action,
      outcome: 'ok',
      username,
      areaCode,
      targetType,
      targetId,
    });

    /** A CSV built from the module's own import template: `values` by column name, others empty. */
    async function csvFromTemplate(url: string, rows: Array<Record<string, string>>): Promise<string> {
      const template = await county.get(`${url}?format=csv`);
      assert.equal(template.statusCode, 200);
      const header = template.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
      const columns = header.split(',');
      for (const row of rows) for (const name of Object.keys(row)) assert.ok(columns.includes(name), `the template has the column ${name}`);
      return [header, ...rows.map((row) => columns.map((c) => row[c] ?? '').join(','))].join('\r\n');
    }

    describe('facilities', () => {
      const FACILITIES = '/api/v1/facilities';
      const newFacility = (name: string, overrides: Record<string, unknown> = {}) => ({
        areaCode: TOWN,
        name,
        kind: 'comprehensive',
        status: 'planned',
        statusDate: '2024-03-01',
        floorArea: 400,
        activityArea: 300,
        ...overrides,
      });
      const facilityByName = (name: string) => db().selectFrom('facilities').select(['id', 'name', 'status', 'version']).where('name', '=', name).execute();
      const facilityRow = (id: string) =>
        db().selectFrom('facilities').select(['name', 'status', 'status_date', 'version']).where('id', '=', id).executeTakeFirst();
      const eventsOf = (id: string) => db().selectFrom('facility_events').select(['to_status', 'date']).where('facility_id', '=', id).orderBy('date').execute();

      test('create: facility.create; a bad one none; a failed entry keeps nothing', async () => {
        const created = await audited(() => county.post(FACILITIES, newFacility('审计 新建')), 201, (r) => [
          entry('facility.create', 'demo-county', TOWN, 'facility', r.json().id),
        ]);
        assert.equal(created.json().name, '审计 新建');
        await refused(() => county.post(FACILITIES, newFacility('审计 坏的', { floorArea: 100, activityArea: 200 })), 400);
        await atomic('facility.create', () => county.post(FACILITIES, newFacility('审计 未存')), () => facilityByName('审计 未存'));
      });

      test('update: facility.update; a stale version none; a failed entry keeps the old row', async () => {
        const id = (await county.post(FACILITIES, newFacility('审计 修改'))).json().id as string;
        await atomic('facility.update', () => county.patch(`${FACILITIES}/${id}`, { version: 1, name: '审计 未改' }), () => facilityRow(id));
        await audited(() => county.patch(`${FACILITIES}/${id}`, { version: 1, name: '审计 已改' }), 200, () => [entry('facility.update', 'demo-county', TOWN, 'facility', id)]);
        await refused(() => county.patch(`${FACILITIES}/${id}`, { version: 1, name: '审计 过时' }), 409);
        assert.equal((await facilityRow(id))?.name, '审计 已改');
      });

      test('status and reopen: facility.status, facility.reopen; an impossible change none; a failed entry keeps status and events', async () => {
        const id = (await county.post(FACILITIES, newFacility('审计 状态'))).json().id as string;
        const state = async () => ({ row: await facilityRow(id), events: await eventsOf(id) });
        await atomic('facility.status', () => county.post(`${FACILITIES}/${id}/status`, { status: 'underConstruction', date: '2024-05-01' }), state);
        await audited(() => county.post(`${FACILITIES}/${id}/status`, { status: 'underConstruction', date: '2024-05-01' }), 200, () => [
          entry('facility.status', 'demo-county', TOWN, 'facility', id),
        ]);
        await refused(() => county.post(`${FACILITIES}/${id}/status`, { status: 'planned', date: '2024-06-01' }), 400);
        await audited(() => county.post(`${FACILITIES}/${id}/status`, { status: 'closed', date: '2024-06-01', reason: '停建' }), 200, () => [
          entry('facility.status', 'demo-county', TOWN, 'facility', id),
        ]);
        await atomic('facility.reopen', () => county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-07-01', reopen: true, reason: '复建' }), state);
        await audited(() => county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-07-01', reopen: true, reason: '复建' }), 200, () => [
          entry('facility.reopen', 'demo-county', TOWN, 'facility', id),
        ]);
      });

      test('import: one facility.create per row and one facility.import; a bad file none; a failed entry keeps no row', async () => {
        const row = (name: string, floor = '300') => ({
          社区代码: TOWN,
          设施名称: name,
          设施类型: '综合服务设施',
          状态: '运营中',
          状态日期: '2023-05-01',
          '建筑面积（平方米）': floor,
          '居民活动用房面积（平方米）': '200',
        });
        const importCsv = (body: string) =>
          county.request({ method: 'POST', url: `${FACILITIES}/import`, payload: body, headers: { 'content-type': 'text/csv' } });
        const good = await csvFromTemplate(`${FACILITIES}/import-template`, [row('审计 导入甲'), row('审计 导入乙')]);
        const names = ['审计 导入甲', '审计 导入乙'];
        const imported = () => db().selectFrom('facilities').select('id').where('name', 'in', names).execute();
        await atomic('facility.import', () => importCsv(good), imported);
        await atomic('facility.create', () => importCsv(good), imported);
        await refused(async () => importCsv(await csvFromTemplate(`${FACILITIES}/import-template`, [row('审计 导入丙'), row('审计 导入丁', '0')])), 400);
        await audited(() => importCsv(good), 200, (r) => [
          ...(r.json().ids as string[]).map((id) => entry('facility.create', 'demo-county', TOWN, 'facility', id)),
          entry('facility.import', 'demo-county', COUNTY, 'facility', null),
        ]);
        assert.equal((await imported()).length, 2);
      });
    });

    describe('areas', () => {
      test("kind override: area.kind_override; a bad value none; a failed entry keeps the area's kind", async () => {
        const kind = () => db().selectFrom('areas').select('kind_override').where('code', '=', village).executeTakeFirst();
        await atomic('area.kind_override', () => admin.patch(`/api/v1/areas/${village}`, { kindOverride: 'urban' }), kind);
        await refused(() => admin.patch(`/api/v1/areas/${village}`, { kindOverride: 'suburban' }), 400);
        await refused(() => admin.patch(`/api/v1/areas/${COUNTY}`, { kindOverride: 'urban' }), 400);
        await audited(() => admin.patch(`/api/v1/areas/${village}`, { kindOverride: 'urban' }), 200, () => [entry('area.kind_override', 'demo-admin', village, 'area', village)]);
        await audited(() => admin.patch(`/api/v1/areas/${village}`, { kindOverride: null }), 200, () => [entry('area.kind_override', 'demo-admin', village, 'area', village)]);
      });
    });

    describe('households and persons', () => {
      const HOUSEHOLDS = '/api/v1/households';
      const PERSONS = '/api/v1/persons';
      const householdRow = (id: string) => db().selectFrom('households').select(['address', 'version']).where('id', '=', id).executeTakeFirst();
      const personRow = (id: string) => db().selectFrom('persons').select(['notes', 'version']).where('id', '=', id).executeTakeFirst();
      const personsNamed = (name: string) => db().selectFrom('persons').select('id').where('name', '=', name).execute();
      async function household(address: string): Promise<string> {
        const r = await worker.post(HOUSEHOLDS, { areaCode: village, address });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id;
      }
      async function person(body: Record<string, unknown>): Promise<{ id: string; version: number; leftBehind: { id: string }[] }> {
        const r = await worker.post(PERSONS, { sex: 'male', birthDate: '1980-01-01', relation: 'other', ...body });
        assert.equal(r.statusCode, 201, r.body);
        return r.json();
      }

      test('household create and update: household.create, household.update; bad or stale none; a failed entry keeps nothing', async () => {
        const created = await audited(() => worker.post(HOUSEHOLDS, { areaCode: village, address: '审计组1号' }), 201, (r) => [
          entry('household.create', 'demo-worker', village, 'household', r.json().id),
        ]);
        const id = created.json().id as string;
        await refused(() => worker.post(HOUSEHOLDS, { areaCode: village, address: '' }), 400);
        const unsaved = () => db().selectFrom('households').select('id').where('address', '=', '审计组2号').execute();
        await atomic('household.create', () => worker.post(HOUSEHOLDS, { areaCode: village, address: '审计组2号' }), unsaved);

        await atomic('household.update', () => worker.patch(`${HOUSEHOLDS}/${id}`, { version: 1, address: '审计组3号' }), () => householdRow(id));
        await audited(() => worker.patch(`${HOUSEHOLDS}/${id}`, { version: 1, address: '审计组4号' }), 200, () => [
          entry('household.update', 'demo-worker', village, 'household', id),
        ]);
        await refused(() => worker.patch(`${HOUSEHOLDS}/${id}`, { version: 1, address: '审计组5号' }), 409);
        assert.equal((await householdRow(id))?.address, '审计组4号');
      });

      test('person create and update: person.create, person.update; bad or stale none; a failed entry keeps nothing', async () => {
        const householdId = await household('审计组6号');
        const body = { householdId, name: '审计甲', sex: 'male', birthDate: '1980-01-01', relation: 'head' };
        await atomic('person.create', () => worker.post(PERSONS, body), () => personsNamed('审计甲'));
        await refused(() => worker.post(PERSONS, { ...body, birthDate: '2023-02-29' }), 400);
        const created = await audited(() => worker.post(PERSONS, body), 201, (r) => [entry('person.create', 'demo-worker', village, 'person', r.json().id)]);
        const id = created.json().id as string;
        const version = created.json().version as number;

        const history = () => db().selectFrom('person_events').select(['action', 'at']).where('person_id', '=', id).orderBy('at').execute();
        await atomic('person.update', () => worker.patch(`${PERSONS}/${id}`, { version, notes: '未存的备注' }), async () => ({ row: await personRow(id), history: await history() }));
        await audited(() => worker.patch(`${PERSONS}/${id}`, { version, notes: '审计备注' }), 200, () => [entry('person.update', 'demo-worker', village, 'person', id)]);
        await refused(() => worker.patch(`${PERSONS}/${id}`, { version, notes: '过时的备注' }), 409);
        assert.equal((await personRow(id))?.notes, '审计备注');
      });

      test('merge: person.merge by the admin; a merge with itself none; a failed entry keeps both records', async () => {
        const a = await person({ householdId: await household('审计组7号'), name: '审计重复', birthDate: '1975-03-03', relation: 'head' });
        const b = await person({ householdId: await household('审计组8号'), name: '审计重复', birthDate: '1975-03-03', relation: 'head' });
        await atomic('person.merge', () => admin.post(`${PERSONS}/merge`, { keep: a.id, remove: b.id }), () => personsNamed('审计重复'));
        await refused(() => admin.post(`${PERSONS}/merge`, { keep: a.id, remove: a.id }), 400);
        await audited(() => admin.post(`${PERSONS}/merge`, { keep: a.id, remove: b.id }), 200, () => [entry('person.merge', 'demo-admin', village, 'person', a.id)]);
        assert.deepEqual(await personsNamed('审计重复'), [{ id: a.id }]);
      });

      test('import: one person.import; a bad file none; a failed entry keeps no household or person', async () => {
        const row = (name: string, birthDate: string) => ({ 户编号: 'A1', 社区代码: village, 住址: '审计组9号', 姓名: name, 性别: '男', 出生日期: birthDate, 与户主关系: '户主' });
        const importCsv = (body: string) => worker.request({ method: 'POST', url: `${PERSONS}/import`, payload: body, headers: { 'content-type': 'text/csv' } });
        const good = await csvFromTemplate(`${PERSONS}/import-template`, [row('审计导入', '1970-01-01')]);
        const state = async () => ({ persons: await personsNamed('审计导入'), households: await db().selectFrom('households').select('id').where('address', '=', '审计组9号').execute() });
        await atomic('person.import', () => importCsv(good), state);
        await refused(async () => importCsv(await csvFromTemplate(`${PERSONS}/import-template`, [row('审计坏行', '1970-13-01')])), 400);
        await audited(() => importCsv(good), 200, () => [entry('person.import', 'demo-worker', village, 'person', null)]);
        assert.equal((await personsNamed('审计导入')).length, 1);
      });

      test('left-behind review and identification: left_behind.confirm, .reject, .identify; refusals none; a failed entry keeps the flag pending', async () => {
        const flagged = async (address: string) => {
          const householdId = await household(address);
          await person({ householdId, name: '审计外出', birthDate: '1985-05-05', relation: 'head', residenceStatus: 'outflow', awayTo: '上海市', awaySince: '2022-01-01', migrantWorker: true });
          const wife = await person({ householdId, name: '审计留守', sex: 'female', birthDate: '1987-07-07', relation: 'spouse' });
          assert.equal(wife.leftBehind.length, 1, 'the wife of a migrant worker is flagged');
          return wife.leftBehind[0]!.id;
        };
        const flagRow = (id: string) => db().selectFrom('left_behind_flags').select(['status', 'version']).where('id', '=', id).executeTakeFirst();
        const first = await flagged('审计组10号');
        await atomic('left_behind.confirm', () => worker.post(`/api/v1/left-behind/${first}/confirm`, { reason: '走访核实' }), () => flagRow(first));
        await audited(() => worker.post(`/api/v1/left-behind/${first}/confirm`, { reason: '走访核实' }), 200, () => [
          entry('left_behind.confirm', 'demo-worker', village, 'left_behind_flag', first),
        ]);
        const second = await flagged('审计组11号');
        await refused(() => worker.post(`/api/v1/left-behind/${second}/reject`, {}), 400);
        await atomic('left_behind.reject', () => worker.post(`/api/v1/left-behind/${second}/reject`, { reason: '已返乡' }), () => flagRow(second));
        await audited(() => worker.post(`/api/v1/left-behind/${second}/reject`, { reason: '已返乡' }), 200, () => [
          entry('left_behind.reject', 'demo-worker', village, 'left_behind_flag', second),
        ]);
        assert.equal((await flagRow(second))?.status, 'rejected');

        // Identification stores its flag changes and its one entry in one transaction: a person changed
        // behind the registry's back (so identification has a flag to add) keeps no flag when the entry fails.
        const drifted = await flagged('审计组12号');
        await db().deleteFrom('left_behind_flags').where('id', '=', drifted).execute();
        const villageFlags = () => db().selectFrom('left_behind_flags').select(['id', 'person_id', 'kind', 'status', 'version']).where('area_code', '=', village).orderBy('person_id').orderBy('kind').execute();
        await atomic('left_behind.identify', () => admin.post(`/api/v1/left-behind/identify?area=${village}`), villageFlags);
        await refused(() => admin.post(`/api/v1/left-behind/identify?area=abc`), 400);
        await audited(() => admin.post(`/api/v1/left-behind/identify?area=${village}`), 200, () => [entry('left_behind.identify', 'demo-admin', village, null, null)]);
      });
    });

    describe('accounts', () => {
      const USERS = '/api/v1/users';
      const userRow = (username: string) => db().selectFrom('users').select(['id', 'display_name', 'version', 'locked']).where('username', '=', username).executeTakeFirst();
      const valid = (username: string) => ({ username, displayName: '审计用户', password: 'audit-password-1', role: 'official', scope: COUNTY });

      test('users: user.create, user.update, user.lock, user.unlock; bad or stale none; a failed entry keeps the account as it was', async () => {
        await atomic('user.create', () => admin.post(USERS, valid('audit-unsaved')), () => userRow('audit-unsaved'));
        await refused(() => admin.post(USERS, { ...valid('audit-short'), password: 'short' }), 400);
        await refused(() => admin.post(USERS, valid('demo-county')), 409);
        const created = await audited(() => admin.post(USERS, valid('audit-user')), 201, (r) => [entry('user.create', 'demo-admin', COUNTY, 'user', r.json().id)]);
        const id = created.json().id as string;

        await atomic('user.update', () => admin.patch(`${USERS}/${id}`, { version: 1, displayName: '未存' }), () => userRow('audit-user'));
        await audited(() => admin.patch(`${USERS}/${id}`, { version: 1, displayName: '已改' }), 200, () => [entry('user.update', 'demo-admin', COUNTY, 'user', id)]);
        await refused(() => admin.patch(`${USERS}/${id}`, { version: 1, displayName: '过时' }), 409);

        await atomic('user.lock', () => admin.post(`${USERS}/${id}/lock`), () => userRow('audit-user'));
        await audited(() => admin.post(`${USERS}/${id}/lock`), 200, () => [entry('user.lock', 'demo-admin', COUNTY, 'user', id)]);
        await atomic('user.unlock', () => admin.post(`${USERS}/${id}/unlock`), () => userRow('audit-user'));
        await audited(() => admin.post(`${USERS}/${id}/unlock`), 200, () => [entry('user.unlock', 'demo-admin', COUNTY, 'user', id)]);
        await refused(() => admin.post(`${USERS}/00000000-0000-7000-8000-000000000000/lock`), 404);
      });
    });

    describe('plans', () => {
      const PLANS = '/api/v1/plans';
      const plan = (name: string, target = 50) => ({
        name,
        startYear: 2025,
        endYear: 2030,
        indicators: [{ indicator: 'facility_coverage', split: 'rural', baseline: { value: 10, year: 2024 }, target: { value: target, year: 2030 } }],
      });
      const plansNamed = (name: string) => db().selectFrom('plans').select('id').where('name', '=', name).execute();

      test('plans: plan.create, plan.adopt, plan.targets; bad or repeated none; a failed entry keeps nothing', async () => {
        await atomic('plan.create', () => county.post(PLANS, plan('审计 计划 未存')), () => plansNamed('审计 计划 未存'));
        await refused(() => county.post(PLANS, plan('审计 计划 坏', 120)), 400);
        await audited(() => county.post(PLANS, plan('审计 计划')), 201, (r) => [entry('plan.create', 'demo-county', COUNTY, 'plan', r.json().id)]);

        const adoptions = () => db().selectFrom('plan_adoptions').select(['area_code']).where('plan_id', '=', TEMPLATE).orderBy('area_code').execute();
        await atomic('plan.adopt', () => county.post(`${PLANS}/${TEMPLATE}/adoptions`, {}), adoptions);
        await audited(() => county.post(`${PLANS}/${TEMPLATE}/adoptions`, {}), 201, () => [entry('plan.adopt', 'demo-county', COUNTY, 'plan', TEMPLATE)]);
        await refused(() => county.post(`${PLANS}/${TEMPLATE}/adoptions`, {}), 409);

        const put = (value: number) =>
          county.request({ method: 'PUT', url: `${PLANS}/${TEMPLATE}/targets`, payload: { targets: [{ indicator: 'facility_coverage', split: 'rural', value, year: 2028 }] } });
        const targets = () => db().selectFrom('plan_targets').select(['area_code', 'indicator', 'target_value']).where('plan_id', '=', TEMPLATE).orderBy('area_code').execute();
        await atomic('plan.targets', () => put(40), targets);
        await refused(() => put(140), 400);
        await audited(() => put(40), 200, () => [entry('plan.targets', 'demo-county', COUNTY, 'plan', TEMPLATE)]);
      });
    });

    describe('planning scenarios', () => {
      const SITING = '/api/v1/planning/siting';
      const SCENARIOS = '/api/v1/planning/scenarios';
      const scenarios = () => db().selectFrom('planning_scenarios').select(['id', 'adopted_at']).orderBy('id').execute();

      test('siting, adoption and deletion: planning.siting, facility.create per site and planning.adopt, planning.delete; bad none; a failed entry keeps nothing', async () => {
        const run = () => county.post(SITING, { area: TINY, model: 'mclp', p: 1 });
        await atomic('planning.siting', run, scenarios);
        await refused(() => county.post(SITING, { area: TINY, model: 'mclp', p: 0 }), 400);
        const sited = await audited(run, 201, (r) => [entry('planning.siting', 'demo-county', TINY, 'planningScenario', r.json().id)]);
        const id = sited.json().id as string;
        // A second scenario of the same area, to delete later (once the first is adopted, no candidate is left).
        const again = await run();
        assert.equal(again.statusCode, 201, again.body);
        const other = again.json().id as string;

        const facilities = () => db().selectFrom('facilities').select('id').where('area_code', 'like', `${TINY}%`).orderBy('id').execute();
        const state = async () => ({ scenarios: await scenarios(), facilities: await facilities() });
        const adopt = () => county.post(`${SCENARIOS}/${id}/adopt`, { floorArea: 300, activityArea: 200 });
        await atomic('planning.adopt', adopt, state);
        await atomic('facility.create', adopt, state);
        await refused(() => county.post(`${SCENARIOS}/${id}/adopt`, { floorArea: 100, activityArea: 200 }), 400);
        await audited(adopt, 200, (r) => {
          const sites = r.json().result.sites as { code: string }[];
          const ids = r.json().adoption.facilityIds as string[];
          assert.equal(ids.length, 1);
          return [entry('facility.create', 'demo-county', sites[0]!.code, 'facility', ids[0]!), entry('planning.adopt', 'demo-county', TINY, 'planningScenario', id)];
        });
        await refused(adopt, 409);

        const remove = (scenario: string) => county.request({ method: 'DELETE', url: `${SCENARIOS}/${scenario}` });
        await atomic('planning.delete', () => remove(other), scenarios);
        await audited(() => remove(other), 204, () => [entry('planning.delete', 'demo-county', TINY, 'planningScenario', other)]);
        await refused(() => remove(other), 404);
      });
    });

    describe('workers', () => {
      const WORKERS = '/api/v1/workers';
      const workerRows = () => db().selectFrom('workers').select(['id', 'name', 'version']).where('area_code', '=', TOWN).orderBy('id').execute();
      const partsOf = async (id: string) => ({
        worker: await db().selectFrom('workers').select(['name', 'version']).where('id', '=', id).executeTakeFirst(),
        posts: await db().selectFrom('worker_posts').select(['id', 'to_date']).where('worker_id', '=', id).orderBy('id').execute(),
        qualifications: await db().selectFrom('worker_qualifications').select(['id', 'status']).where('worker_id', '=', id).orderBy('id').execute(),
        registrations: (await db().selectFrom('worker_registrations').select('id').where('worker_id', '=', id).execute()).length,
        trainings: (await db().selectFrom('worker_trainings').select('id').where('worker_id', '=', id).execute()).length,
        supervisions: (await db().selectFrom('worker_supervisions').select('id').where('supervisor_id', '=', id).execute()).length,
      });

      test('every write of a worker: exactly its entry; refusals none; a failed entry keeps nothing', async () => {
        const create = (name: string) => county.post(WORKERS, { areaCode: TOWN, name, post: { areaCode: TOWN, kind: 'communityWorker', from: '2024-01-01' } });
        await atomic('worker.create', () => create('审计甲'), workerRows);
        await refused(() => county.post(WORKERS, { areaCode: TOWN, name: '审计错号', idNumber: '340828198503010001' }), 400);
        const made = await audited(() => create('审计甲'), 201, (r) => [entry('worker.create', 'demo-county', TOWN, 'worker', r.json().id)]);
        const id = made.json().id as string;
        const other = (await create('审计乙')).json().id as string;
        const parts = () => partsOf(id);

        const version = made.json().version as number;
        await atomic('worker.update', () => county.patch(`${WORKERS}/${id}`, { version, name: '审计丙' }), parts);
        await refused(() => county.patch(`${WORKERS}/${id}`, { version: version + 5, name: '审计丙' }), 409);
        await audited(() => county.patch(`${WORKERS}/${id}`, { version, name: '审计丙' }), 200, () => [entry('worker.update', 'demo-county', TOWN, 'worker', id)]);

        const post = () => county.post(`${WORKERS}/${id}/posts`, { areaCode: TINY, kind: 'stationStaff', from: '2024-03-01' });
        await atomic('worker.post_add', post, parts);
        await refused(() => county.post(`${WORKERS}/${id}/posts`, { areaCode: TOWN, kind: 'stationStaff', from: '2024-03-01' }), 400);
        const posted = await audited(post, 200, () => [entry('worker.post_add', 'demo-county', TINY, 'worker', id)]);
        const postId = (posted.json().posts as { id: string; kind: string }[]).find((p) => p.kind === 'stationStaff')!.id;
        const end = () => county.post(`${WORKERS}/${id}/posts/${postId}/end`, { to: '2024-12-31' });
        await atomic('worker.post_end', end, parts);
        await audited(end, 200, () => [entry('worker.post_end', 'demo-county', TOWN, 'worker', id)]);
        await refused(end, 409);

        const declare = () => county.post(`${WORKERS}/${id}/qualifications`, { level: 'assistant', certificateNumber: 'AUDIT0001', year: 2023 });
        await atomic('worker.qualification_declare', declare, parts);
        const declared = await audited(declare, 200, () => [entry('worker.qualification_declare', 'demo-county', TOWN, 'worker', id)]);
        await refused(declare, 409);
        const qid = declared.json().qualifications[0].id as string;
        const verify = () => county.post(`${WORKERS}/${id}/qualifications/${qid}/decision`, { decision: 'verified', evidence: '核对一致' });
        await atomic('worker.qualification_verify', verify, parts);
        await audited(verify, 200, () => [entry('worker.qualification_verify', 'demo-county', TOWN, 'worker', id)]);
        await refused(verify, 409);

        const register = () => county.post(`${WORKERS}/${id}/registrations`, { validFrom: '2023-07-01', validTo: '2026-06-30' });
        await atomic('worker.registration_add', register, parts);
        await audited(register, 200, () => [entry('worker.registration_add', 'demo-county', TOWN, 'worker', id)]);
        await refused(register, 400);
        const train = () => county.post(`${WORKERS}/${id}/trainings`, { title: '继续教育', date: '2024-05-01', hours: 16 });
        await atomic('worker.training_add', train, parts);
        await audited(train, 200, () => [entry('worker.training_add', 'demo-county', TOWN, 'worker', id)]);
        await refused(() => county.post(`${WORKERS}/${id}/trainings`, { title: '未来', date: '2099-01-01', hours: 16 }), 400);
        const supervise = () => county.post(`${WORKERS}/${id}/supervisions`, { superviseeId: other, from: '2024-06-01' });
        await atomic('worker.supervision_add', supervise, parts);
        await audited(supervise, 200, () => [entry('worker.supervision_add', 'demo-county', TOWN, 'worker', id)]);
        await refused(supervise, 409);
      });

      test('import: one worker.create per row and one worker.import; a bad file none; a failed entry keeps no row', async () => {
        const file = await csvFromTemplate(`${WORKERS}/import-template`, [
          { 登记地区代码: TOWN, 姓名: '导审甲', 岗位所在地区代码: TOWN, 岗位类型: '社区工作者', 任职日期: '2024-01-01' },
          { 登记地区代码: TOWN, 姓名: '导审乙' },
        ]);
        const send = (body: string) => county.request({ method: 'POST', url: `${WORKERS}/import?format=csv`, payload: body, headers: { 'content-type': 'text/csv' } });
        await atomic('worker.import', () => send(file), workerRows);
        await atomic('worker.create', () => send(file), workerRows);
        await refused(() => send(file.replace('导审乙', '')), 400);
        await audited(() => send(file), 200, (r) => {
          const ids = r.json().ids as string[];
          return [...ids.map((i) => entry('worker.create', 'demo-county', TOWN, 'worker', i)), entry('worker.import', 'demo-county', COUNTY, 'worker', null)];
        });
      });
    });
  });
}
