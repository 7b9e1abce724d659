import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/contracts/roles.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, problemsOf } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { contractedProject } from '../support/linkage-delivery-fixture.ts';
import { nameInitials } from '../../src/server/modules/residents/name-initials.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

const API = '/api/v1';

interface PersonShape {
  id: string;
  version: number;
  areaCode: string;
  householdId: string | null;
  awayTo: string | null;
  notes: string | null;
  livingAlone: boolean;
  residenceStatus: string;
}

for (const dialect of DIALECTS) {
  describe(`offline sync (${dialect})`, () => {
    let t: TestApp;
    let village: string;
    let otherVillage: string;
    let worker: Client;
    let neighbour: Client;
    let outsider: Client;
    let county: Client;
    let township: Client;
    let admin: Client;
    let elsewhereId: string;
    let workerId: string;
    let deviceId: string;
    const db = () => t.database.handle.db;

    async function userOf(username: string, role: Role, scope: string): Promise<{ client: Client; id: string }> {
      const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).password_hash;
      const now = new Date().toISOString();
      const id = uuidv7();
      await db()
        .insertInto('users')
        .values({ id, username, display_name: username, password_hash: hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
        .execute();
      return { client: await t.login(username), id };
    }
    const counts = async () => {
      const n = async (table: 'sync_commands' | 'sync_conflicts' | 'person_events') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { commands: await n('sync_commands'), conflicts: await n('sync_conflicts'), events: await n('person_events') };
    };
    const person = async (client: Client, id: string): Promise<PersonShape> => {
      const response = await client.get(`${API}/persons/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const personsOf = async (client: Client, area: string, limit = 5): Promise<PersonShape[]> => (await client.get(`${API}/persons?area=${area}&limit=${limit}`)).json().items;
    const command = (fields: Record<string, unknown>) => ({
      id: uuidv7(),
      idempotencyKey: `key-${uuidv7()}`,
      deviceId,
      userId: workerId,
      createdAt: new Date().toISOString(),
      ...fields,
    });
    const edit = (p: PersonShape, fields: Record<string, { base: unknown; value: unknown }>) => command({ kind: 'person.update', recordId: p.id, baseVersion: p.version, fields });
    const push = (client: Client, commands: unknown[], device = deviceId) => client.post(`${API}/sync/push`, { deviceId: device, commands });

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
      otherVillage = (await db().selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 9)).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
      worker = await t.login('demo-worker');
      workerId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).id;
      neighbour = (await userOf('sync-neighbour', 'communityWorker', village)).client;
      outsider = (await userOf('sync-outsider', 'communityWorker', otherVillage)).client;
      county = await t.login('demo-county');
      admin = await t.login('demo-admin');
      township = (await userOf('sync-township', 'communityWorker', village.slice(0, 9))).client;
      // The test registry lives in the demo village; one household and person in the next village.
      const household = await admin.post(`${API}/households`, { areaCode: otherVillage, address: '邻村一组' });
      assert.equal(household.statusCode, 201, household.body);
      const elsewhere = await admin.post(`${API}/persons`, { householdId: household.json().id, name: '邻村人', relation: 'head', sex: 'male', birthDate: '1970-03-01' });
      assert.equal(elsewhere.statusCode, 201, elsewhere.body);
      elsewhereId = elsewhere.json().id;
      const made = await worker.post(`${API}/sync/devices`, { name: '王姐的手机' });
      assert.equal(made.statusCode, 201, made.body);
      deviceId = made.json().id;
    });
    after(() => t.close());

    test('devices: registered by the worker; a resident or an official does not sync; a push from a device of another user is refused', async () => {
      const mine = (await worker.get(`${API}/sync/devices`)).json();
      assert.deepEqual(mine.items.map((d: { id: string }) => d.id), [deviceId]);
      assertError(await (await t.login('demo-resident')).post(`${API}/sync/devices`, { name: 'x' }), 403);
      assertError(await county.post(`${API}/sync/devices`, { name: 'x' }), 403);
      const theirs = (await neighbour.post(`${API}/sync/devices`, { name: '李哥的手机' })).json().id;
      const [p] = await personsOf(worker, village, 1);
      const before = await counts();
      assertError(await push(worker, [command({ kind: 'person.update', recordId: p!.id, baseVersion: p!.version, fields: { notes: { base: p!.notes, value: 'x' } }, deviceId: theirs })], theirs), 403, 'device_not_yours');
      assertError(await worker.get(`${API}/sync/pull?deviceId=${theirs}`), 403, 'device_not_yours');
      assert.deepEqual(await counts(), before);
    });

    test('an edit made offline is applied once: a replay answers the stored result and writes nothing', async () => {
      const [p] = await personsOf(worker, village, 1);
      // Found away on a visit: gone to work in Hangzhou (the registry's rules hold offline too: away needs outflow).
      const cmd = edit(p!, { residenceStatus: { base: p!.residenceStatus, value: 'outflow' }, awayTo: { base: p!.awayTo, value: '浙江省杭州市' } });
      const first = await push(worker, [cmd]);
      assert.equal(first.statusCode, 200, first.body);
      const [result] = first.json().results;
      assert.equal(result.status, 'applied', JSON.stringify(result));
      assert.equal(result.replayed, false);
      assert.equal(result.version, p!.version + 1);
      assert.equal((await person(worker, p!.id)).awayTo, '浙江省杭州市');
      const before = await counts();
      // The network dropped before the answer came: the device sends the same command again.
      const again = (await push(worker, [cmd])).json().results[0];
      assert.deepEqual({ ...again, replayed: false }, result);
      assert.equal(again.replayed, true);
      assert.deepEqual(await counts(), before, 'nothing new: no command, no history');
      assert.equal((await person(worker, p!.id)).version, p!.version + 1);
      // The same key with another command is a refusal naming the key.
      const reused = (await push(worker, [{ ...edit(p!, { notes: { base: p!.notes, value: 'y' } }), idempotencyKey: cmd.idempotencyKey }])).json().results[0];
      assert.equal(reused.status, 'refused');
      assert.equal(reused.error.code, 'idempotency_key_reused');
    });

    test('the same command pushed twice at once is applied once', async () => {
      const [, p] = await personsOf(worker, village, 2);
      const cmd = edit(p!, { notes: { base: p!.notes, value: '同时推送两次' } });
      const [a, b] = await Promise.all([push(worker, [cmd]), push(worker, [cmd])]);
      const statuses = [a.json().results[0].status, b.json().results[0].status].sort();
      assert.ok(statuses[0] === 'applied' && ['applied', 'inProgress'].includes(statuses[1]), statuses.join());
      assert.equal((await person(worker, p!.id)).version, p!.version + 1);
    });

    test('per field: a field changed on the device only is applied, one changed on both sides is a conflict for the worker and the supervisor to resolve', async () => {
      const [, , p] = await personsOf(worker, village, 3);
      // Online, a colleague changes the notes while the worker's phone is offline.
      const online = await neighbour.patch(`${API}/persons/${p!.id}`, { version: p!.version, notes: '邻居说母亲已外出务工' });
      assert.equal(online.statusCode, 200, online.body);
      const cmd = edit(p!, { notes: { base: p!.notes, value: '走访：母亲在家' }, livingAlone: { base: p!.livingAlone, value: !p!.livingAlone } });
      const [result] = (await push(worker, [cmd])).json().results;
      assert.equal(result.status, 'conflict', JSON.stringify(result));
      assert.equal(result.conflicts.length, 1);
      const [c] = result.conflicts;
      assert.deepEqual({ field: c.field, base: c.base, device: c.device, server: c.server, status: c.status }, { field: 'notes', base: p!.notes, device: '走访：母亲在家', server: '邻居说母亲已外出务工', status: 'open' });
      const now = await person(worker, p!.id);
      assert.equal(now.livingAlone, !p!.livingAlone, 'the field only the device changed is applied');
      assert.equal(now.notes, '邻居说母亲已外出务工', 'the server keeps its value until someone chooses');

      // The worker sees it; the colleague (another village worker) does not; the township worker and the county official (supervisors) do.
      assert.ok((await worker.get(`${API}/sync/conflicts?status=open`)).json().items.some((x: { id: string }) => x.id === c.id));
      assert.equal((await neighbour.get(`${API}/sync/conflicts`)).json().items.length, 0);
      assert.ok((await township.get(`${API}/sync/conflicts?status=open`)).json().items.some((x: { id: string }) => x.id === c.id));
      assert.ok((await county.get(`${API}/sync/conflicts?status=open`)).json().items.some((x: { id: string }) => x.id === c.id));
      // The official does not write the registry: keeping the device's value is theirs to leave to a worker.
      assertError(await county.post(`${API}/sync/conflicts/${c.id}/resolve`, { keep: 'device' }), 403);
      assertError(await outsider.get(`${API}/sync/conflicts?area=${village}`), 403);
      assertError(await neighbour.post(`${API}/sync/conflicts/${c.id}/resolve`, { keep: 'device' }), 403);
      assertError(await worker.post(`${API}/sync/conflicts/${c.id}/resolve`, { keep: 'both' }), 400);
      assertError(await worker.post(`${API}/sync/conflicts/no-such/resolve`, { keep: 'device' }), 404);

      const resolved = await township.post(`${API}/sync/conflicts/${c.id}/resolve`, { keep: 'device' });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.equal(resolved.json().status, 'resolved');
      assert.equal(resolved.json().resolution, 'device');
      assert.equal((await person(worker, p!.id)).notes, '走访：母亲在家');
      assertError(await worker.post(`${API}/sync/conflicts/${c.id}/resolve`, { keep: 'server' }), 409);
    });

    test('a tampered user or device refuses the whole push; a malformed command is a 400 naming it; nothing is written', async () => {
      const [p] = await personsOf(worker, village, 1);
      const good = edit(p!, { notes: { base: p!.notes, value: '不应写入' } });
      const before = await counts();
      assertError(await push(worker, [good, { ...edit(p!, { awayTo: { base: p!.awayTo, value: 'x' } }), userId: uuidv7() }]), 403);
      assertError(await push(worker, [good, { ...edit(p!, { awayTo: { base: p!.awayTo, value: 'x' } }), deviceId: uuidv7() }]), 403);
      const malformed = assertError(await push(worker, [good, edit(p!, { phone: { base: null, value: '13800000000' } })]), 400);
      assert.match(JSON.stringify(malformed), /commands\.1\.fields\.phone/);
      assertError(await push(worker, [good, { ...good, idempotencyKey: good.idempotencyKey, id: uuidv7() }]), 400);
      assertError(await push(worker, []), 400);
      assert.deepEqual(await counts(), before);
      assert.equal((await person(worker, p!.id)).version, p!.version);
    });

    test('a command for a record outside scope is refused with the reason on that command; the rest of the batch is applied', async () => {
      const elsewhere = await person(admin, elsewhereId);
      const [p] = await personsOf(worker, village, 1);
      const results = (await push(worker, [edit(elsewhere, { notes: { base: elsewhere.notes, value: '越权' } }), edit(p!, { notes: { base: p!.notes, value: '批内其余照常' } })])).json().results;
      assert.equal(results[0].status, 'refused');
      assert.equal(results[0].error.status, 403);
      assert.equal(results[1].status, 'applied');
      assert.equal((await person(admin, elsewhere.id)).notes, elsewhere.notes);
      // A value the registry's rules refuse is a refusal too, naming the rule.
      const bad = (await push(worker, [edit(p!, { awaySince: { base: null, value: '2026-02-30' } })])).json().results[0];
      assert.equal(bad.status, 'refused');
      assert.equal(bad.error.status, 400);
    });

    test('append-only commands: volunteer hours and a request filed on someone’s behalf, each exactly once', async () => {
      const volunteer = await worker.post(`${API}/volunteers`, { areaCode: village, name: '刘离线', skills: ['陪伴'] });
      assert.equal(volunteer.statusCode, 201, volunteer.body);
      const hoursCommand = command({ kind: 'volunteerHours.record', volunteerId: volunteer.json().id, hours: { serviceDate: todayInChina(), minutes: 90, activity: '山里走访陪伴' } });
      const first = (await push(worker, [hoursCommand])).json().results[0];
      assert.equal(first.status, 'applied', JSON.stringify(first));
      assert.equal(first.awaiting, 'verification', 'hours claimed wait for an organizer to verify them');
      await push(worker, [hoursCommand]);
      const hours = (await worker.get(`${API}/volunteers/${volunteer.json().id}/hours`)).json();
      assert.equal(hours.items.length, 1);
      assert.equal(hours.items[0].id, first.recordId);

      const [applicant] = await personsOf(worker, village, 1);
      const fileCommand = command({ kind: 'serviceRequest.file', request: { itemCode: 'AH-MZ-002', applicantPersonId: applicant!.id, formValues: { careMode: 'home', selfCare: 'partial' } } });
      const filed = (await push(worker, [fileCommand])).json().results[0];
      assert.equal(filed.status, 'applied', JSON.stringify(filed));
      assert.equal(filed.awaiting, 'decision', 'a request waits for the unit’s decision');
      const replay = (await push(worker, [fileCommand])).json().results[0];
      assert.equal(replay.recordId, filed.recordId);
      const mine = (await worker.get(`${API}/service-requests?applicantPersonId=${applicant!.id}&limit=100`)).json();
      assert.equal(mine.items.filter((r: { id: string }) => r.id === filed.recordId).length, 1);
      // An item that does not exist is a refusal on that command.
      const unknown = (await push(worker, [command({ kind: 'serviceRequest.file', request: { itemCode: 'NO-SUCH', applicantPersonId: applicant!.id } })])).json().results[0];
      assert.equal(unknown.status, 'refused');
      assert.equal(unknown.error.status, 404);
    });

    test('a care visit recorded in the field is applied once; a visit dated in the future is refused on that command; the day list comes with the pull', async () => {
      const [p] = await personsOf(worker, village, 1);
      const opened = await worker.post(`${API}/care/cases`, { personId: p!.id, group: 'elderlyAlone', riskLevel: 'high' });
      assert.equal(opened.statusCode, 201, opened.body);
      const caseId = opened.json().id;
      // The day list comes once per pull, on its last page (more: false), not with every page.
      const firstPage = (await worker.get(`${API}/sync/pull?deviceId=${deviceId}&limit=1`)).json();
      assert.equal(firstPage.more, true);
      assert.equal(firstPage.day, null);
      assert.equal(firstPage.reference, null);
      const lastPage = (await worker.get(`${API}/sync/pull?deviceId=${deviceId}&limit=1000`)).json();
      assert.equal(lastPage.more, false);
      // Each person comes with the pinyin initials of their name, for the offline search (张三丰 → zsf).
      const pulled = lastPage.changes.filter((c: { data: unknown }) => c.data);
      assert.ok(pulled.length > 0);
      for (const c of pulled) assert.equal(c.initials, nameInitials(c.data.name), c.data.name);
      assert.ok(pulled.some((c: { initials: string }) => /^[a-z]{2,4}$/.test(c.initials)), 'Chinese names read as letters');
      const day = lastPage.day;
      assert.ok(day && Array.isArray(day.items) && typeof day.overdue === 'number', JSON.stringify(day));
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const visitCommand = command({ kind: 'careVisit.record', caseId, visit: { visitedOn: today, mode: 'home', findings: { safety: { rating: 0 }, health: { rating: 1, note: '腿脚不便' } }, actions: '联系村医上门' } });
      const first = (await push(worker, [visitCommand])).json().results[0];
      assert.equal(first.status, 'applied', JSON.stringify(first));
      assert.equal(first.awaiting, null, 'a visit is a fact recorded: nothing to wait for');
      assert.equal((await push(worker, [visitCommand])).json().results[0].replayed, true);
      const visits = await db().selectFrom('care_visits').select('id').where('case_id', '=', caseId).execute();
      assert.deepEqual(visits.map((v) => v.id), [first.recordId]);
      assert.equal((await worker.get(`${API}/care/cases/${caseId}`)).json().lastVisitOn, today);
      const future = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
      const refused = (await push(worker, [command({ kind: 'careVisit.record', caseId, visit: { visitedOn: future, mode: 'phone', findings: {} } })])).json().results[0];
      assert.equal(refused.status, 'refused');
      assert.equal(refused.error.status, 400);
      // An agent on no case's team has no visits to make (no day list, or an empty one).
      const agent = await t.login('demo-agent');
      const agentDevice = (await agent.post(`${API}/sync/devices`, { name: '代办员手机' })).json().id;
      const agentPull = (await agent.get(`${API}/sync/pull?deviceId=${agentDevice}`)).json();
      assert.ok(agentPull.day === null || agentPull.day.items.length === 0, JSON.stringify(agentPull.day));
      assert.deepEqual(agentPull.changes, []);
    });

    test('a need raised in the field and its in-person supporters (one naming the need by the raising command), each once; a bad pair is a 400', async () => {
      const [a, b, c] = await personsOf(worker, village, 3);
      const raise = command({ kind: 'need.raise', need: { category: 'elderly', title: '老人午间助餐', description: '组里六位独居老人中午没人做饭', evidenceKind: 'visit', evidence: '入户走访六户' } });
      const byRef = command({ kind: 'need.support', needRef: raise.idempotencyKey, support: { personId: a!.id } });
      const second = command({ kind: 'need.support', needRef: raise.idempotencyKey, support: { personId: b!.id } });
      const results = (await push(worker, [raise, byRef, second])).json().results;
      assert.deepEqual(results.map((r: { status: string }) => r.status), ['applied', 'applied', 'applied'], JSON.stringify(results));
      assert.equal(results[0].awaiting, 'answer', 'a need waits for the community’s answer');
      const needId = results[0].recordId;
      assert.equal(results[1].recordId, needId);
      const before = Number((await db().selectFrom('linkage_need_supports').select((eb) => eb.fn.countAll<number>().as('n')).where('need_id', '=', needId).executeTakeFirstOrThrow()).n);
      assert.equal(before, 2);
      // Replayed after a dropped answer: the same results, nothing new.
      const again = (await push(worker, [raise, byRef, second])).json().results;
      assert.ok(again.every((r: { replayed: boolean }) => r.replayed));
      assert.equal(Number((await db().selectFrom('linkage_needs').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '老人午间助餐').executeTakeFirstOrThrow()).n), 1);
      // By its id once the device has it; the same neighbour twice is refused on that command.
      const direct = (await push(worker, [command({ kind: 'need.support', needId, support: { personId: c!.id } }), command({ kind: 'need.support', needId, support: { personId: a!.id } })])).json().results;
      assert.equal(direct[0].status, 'applied');
      assert.equal(direct[1].status, 'refused');
      assert.equal(direct[1].error.status, 409);
      // A support naming a raise that was refused is refused too, with the reason.
      const badRaise = command({ kind: 'need.raise', need: { category: 'elderly', title: '无证据', description: '缺少证据' } });
      const follow = (await push(worker, [badRaise, command({ kind: 'need.support', needRef: badRaise.idempotencyKey, support: { personId: a!.id } })])).json().results;
      assert.equal(follow[0].status, 'refused');
      assert.equal(follow[1].status, 'refused');
      assert.equal(follow[1].error.code, 'reference_refused');
      // Neither or both of needId and needRef: 400 naming the command, nothing written.
      const counted = await counts();
      const both = assertError(await push(worker, [command({ kind: 'need.support', needId, needRef: raise.idempotencyKey, support: { personId: a!.id } })]), 400);
      assert.match(JSON.stringify(both), /commands\.0\.needId/);
      assertError(await push(worker, [command({ kind: 'need.support', support: { personId: a!.id } })]), 400);
      assert.deepEqual(await counts(), counted);
    });

    test('attendance recorded offline is kept once; a person outside the project’s communities is refused on that command; the pull brings what the field pages choose from', async () => {
      const org = await db()
        .selectFrom('organizations as o')
        .innerJoin('organization_members as m', (j) => j.onRef('m.organization_id', '=', 'o.id'))
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['o.id', 'o.area_code'])
        .where('u.username', '=', 'demo-org')
        .executeTakeFirstOrThrow();
      const project = await contractedProject(db(), village, { id: org.id, areaCode: org.area_code }, '离线签到测试项目');
      const heldOn = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
      const activity = await worker.post(`${API}/linkage/projects/${project.projectId}/activities`, { heldOn, kind: 'class', title: '山里的课堂', place: '村委会活动室', communityCode: village });
      assert.equal(activity.statusCode, 201, activity.body);
      const activityId = activity.json().id;
      const [a, b] = await personsOf(worker, village, 2);
      const attend = command({ kind: 'attendance.record', activityId, attendance: { personIds: [a!.id, b!.id] } });
      const first = (await push(worker, [attend])).json().results[0];
      assert.equal(first.status, 'applied', JSON.stringify(first));
      assert.equal(first.recordId, activityId);
      // Recorded again from another phone's command (another key): the attendees stay once.
      assert.equal((await push(worker, [command({ kind: 'attendance.record', activityId, attendance: { personIds: [a!.id] } })])).json().results[0].status, 'applied');
      assert.equal((await push(worker, [attend])).json().results[0].replayed, true);
      const rows = await db().selectFrom('linkage_attendance').select('person_id').where('activity_id', '=', activityId).execute();
      assert.deepEqual(rows.map((r) => r.person_id).sort(), [a!.id, b!.id].sort());
      const outside = (await push(worker, [command({ kind: 'attendance.record', activityId, attendance: { personIds: [elsewhereId] } })])).json().results[0];
      assert.equal(outside.status, 'refused');
      assert.equal(outside.error.status, 400);

      let reference = null;
      for (let cp: string | undefined, page = 0; page < 20; page++) {
        const body = (await worker.get(`${API}/sync/pull?deviceId=${deviceId}&limit=1000${cp ? `&checkpoint=${cp}` : ''}`)).json();
        cp = body.checkpoint;
        if (!body.more) {
          reference = body.reference;
          break;
        }
      }
      assert.ok(reference);
      assert.ok(reference.activities.some((x: { id: string; projectTitle: string }) => x.id === activityId && x.projectTitle === '离线签到测试项目'));
      assert.ok(reference.volunteers.length > 0 && reference.volunteers.every((v: { areaCode: string }) => v.areaCode.startsWith(village)));
      assert.ok(reference.needs.length > 0 && reference.needs.every((n: { areaCode: string; status: string }) => n.areaCode.startsWith(village) && n.status === 'open'));
      const item = reference.items.find((i: { code: string }) => i.code === 'AH-MZ-002');
      assert.ok(item && item.materials.length > 0, 'the catalog items come with their materials checklist');
      // An agent neither records volunteers' hours nor attendance: those lists stay empty for them.
      const agent = await t.login('demo-agent');
      const agentDevice = (await agent.post(`${API}/sync/devices`, { name: '代办员的平板' })).json().id;
      const agentReference = (await agent.get(`${API}/sync/pull?deviceId=${agentDevice}`)).json().reference;
      assert.deepEqual([agentReference.volunteers, agentReference.activities], [[], []]);
      assert.ok(agentReference.items.length > 0);
    });

    test('an agent files under a mandate offline and records the first custody step naming the filing command; replayed, nothing new', async () => {
      const agent = await t.login('demo-agent');
      const agentId = (await db().selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirstOrThrow()).id;
      const resident = await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      const principal = (await db().selectFrom('persons').select('id').where('user_id', '=', resident.id).executeTakeFirstOrThrow()).id;
      const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
      const mandate = await agent.post(`${API}/mandates`, { principalPersonId: principal, coverage: 'items', itemCodes: ['AH-MZ-003'], validFrom: day(-1), validUntil: day(90), consentKind: 'witnessed', witnessName: '王村主任', witnessNote: '在村委会当面确认' });
      assert.equal(mandate.statusCode, 201, mandate.body);
      const agentDevice = (await agent.post(`${API}/sync/devices`, { name: '代办员手机' })).json().id;
      const base = () => ({ id: uuidv7(), idempotencyKey: `key-${uuidv7()}`, deviceId: agentDevice, userId: agentId, createdAt: new Date().toISOString() });
      const file = { ...base(), kind: 'serviceRequest.file', request: { itemCode: 'AH-MZ-003', applicantPersonId: principal, mandateId: mandate.json().id, formValues: { event: 'illness', eventDate: day(-3), description: '突发重大疾病住院' }, materials: [{ material: 'applicationForm', received: true }] } };
      const step = { ...base(), kind: 'custodyStep.record', requestRef: file.idempotencyKey, step: { step: 'received', items: ['申请表', '户口簿复印件'] } };
      const results = (await agent.post(`${API}/sync/push`, { deviceId: agentDevice, commands: [file, step] })).json().results;
      assert.equal(results[0].status, 'applied', JSON.stringify(results));
      assert.equal(results[1].status, 'applied', JSON.stringify(results));
      const requestId = results[0].recordId;
      assert.equal(results[1].recordId, requestId);
      const steps = async () => (await db().selectFrom('custody_steps').select('step').where('request_id', '=', requestId).execute()).map((r) => r.step);
      assert.deepEqual(await steps(), ['received']);
      const again = (await agent.post(`${API}/sync/push`, { deviceId: agentDevice, commands: [file, step] })).json().results;
      assert.deepEqual(again.map((r: { replayed: boolean }) => r.replayed), [true, true]);
      assert.deepEqual(await steps(), ['received']);
      // The same step again under a new key is the custody rule's refusal (steps go once, in order).
      const twice = (await agent.post(`${API}/sync/push`, { deviceId: agentDevice, commands: [{ ...step, ...base(), requestId, requestRef: undefined }] })).json().results[0];
      assert.equal(twice.status, 'refused');
      assert.equal(twice.error.status, 409);
    });

    test('an agent’s pull carries their own mandates in effect and open errands, no other agent’s; filed under a mandate and custody steps recorded once; a mandate of another agent is refused with its reason, the rest of the batch applied', async () => {
      const agent = await t.login('demo-agent');
      const agentRow = await db().selectFrom('users').select(['id', 'scope_code']).where('username', '=', 'demo-agent').executeTakeFirstOrThrow();
      const other = await userOf('sync-agent-b', 'agent', agentRow.scope_code);
      const resident = await db().selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      const principal = await db().selectFrom('persons').select(['id', 'name']).where('user_id', '=', resident.id).executeTakeFirstOrThrow();
      const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
      const mandateOf = async (client: Client, extra: Record<string, unknown> = {}) => {
        const made = await client.post(`${API}/mandates`, { principalPersonId: principal.id, coverage: 'items', itemCodes: ['AH-MZ-003'], validFrom: day(-1), validUntil: day(60), consentKind: 'witnessed', witnessName: '村主任', ...extra });
        assert.equal(made.statusCode, 201, made.body);
        return made.json().id as string;
      };
      const mine = await mandateOf(agent);
      const revoked = await mandateOf(agent);
      assert.equal((await agent.post(`${API}/mandates/${revoked}/revoke`, { reason: '本人撤回' })).statusCode, 200);
      const theirs = await mandateOf(other.client);
      const referenceOf = async (client: Client) => {
        const device = (await client.post(`${API}/sync/devices`, { name: '代办员手机' })).json().id as string;
        const body = (await client.get(`${API}/sync/pull?deviceId=${device}`)).json();
        assert.equal(body.more, false);
        return { device, reference: body.reference };
      };
      const a = await referenceOf(agent);
      const ids = a.reference.mandates.map((m: { id: string }) => m.id);
      assert.ok(ids.includes(mine), 'the agent’s mandate in effect');
      assert.ok(!ids.includes(revoked), 'a revoked mandate does not file');
      assert.ok(!ids.includes(theirs), 'another agent’s mandate is not on this phone');
      const agentsOf = await db().selectFrom('mandates').select('agent_user_id').where('id', 'in', ids).execute();
      assert.deepEqual([...new Set(agentsOf.map((r) => r.agent_user_id))], [agentRow.id]);
      const m = a.reference.mandates.find((x: { id: string }) => x.id === mine);
      assert.deepEqual({ principal: m.principal, itemCodes: m.itemCodes, consent: m.consent }, { principal: { personId: principal.id, name: principal.name }, itemCodes: ['AH-MZ-003'], consent: undefined });
      // The errand filed in the test before is open (received only) and comes with its next step.
      assert.ok(a.reference.errands.length > 0);
      const errand = a.reference.errands[0];
      assert.equal(errand.nextStep, 'handedToUnit', JSON.stringify(errand));
      const b = await referenceOf(other.client);
      assert.deepEqual(b.reference.mandates.map((x: { id: string }) => x.id), [theirs]);
      assert.deepEqual(b.reference.errands, []);

      const base = () => ({ id: uuidv7(), idempotencyKey: `key-${uuidv7()}`, deviceId: a.device, userId: agentRow.id, createdAt: new Date().toISOString() });
      const request = (mandateId: string) => ({ itemCode: 'AH-MZ-003', applicantPersonId: principal.id, mandateId, channel: 'agent', formValues: { event: 'illness', eventDate: day(-2), description: '住院' }, materials: [{ material: 'applicationForm', received: true }] });
      const underTheirs = { ...base(), kind: 'serviceRequest.file', request: request(theirs) };
      const underMine = { ...base(), kind: 'serviceRequest.file', request: request(mine) };
      const received = { ...base(), kind: 'custodyStep.record', requestRef: underMine.idempotencyKey, step: { step: 'received', items: ['申请表'] } };
      const handed = { ...base(), kind: 'custodyStep.record', requestId: errand.requestId, step: { step: 'handedToUnit', items: ['申请表', '诊断证明'], note: '交乡镇民政办' } };
      const countRequests = async () => Number((await db().selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('applicant_person_id', '=', principal.id).executeTakeFirstOrThrow()).n);
      const requestsBefore = await countRequests();
      const batch = [underTheirs, underMine, received, handed];
      const results = (await agent.post(`${API}/sync/push`, { deviceId: a.device, commands: batch })).json().results;
      assert.deepEqual(results.map((r: { status: string }) => r.status), ['refused', 'applied', 'applied', 'applied'], JSON.stringify(results));
      assert.equal(results[0].error.status, 403);
      assert.equal(results[0].error.code, 'mandate_required');
      assert.match(results[0].error.message, new RegExp(theirs), 'the reason names the mandate');
      assert.equal(await countRequests(), requestsBefore + 1, 'only the filing under the agent’s own mandate');
      const filed = await db().selectFrom('service_requests').select(['mandate_id', 'channel']).where('id', '=', results[1].recordId).executeTakeFirstOrThrow();
      assert.deepEqual(filed, { mandate_id: mine, channel: 'agent' });
      const steps = async (requestId: string) => (await db().selectFrom('custody_steps').select('step').where('request_id', '=', requestId).orderBy('seq').execute()).map((r) => r.step);
      assert.deepEqual(await steps(results[1].recordId), ['received']);
      assert.deepEqual(await steps(errand.requestId), ['received', 'handedToUnit']);
      // Sent again (the answer was lost): the same results, nothing new.
      const again = (await agent.post(`${API}/sync/push`, { deviceId: a.device, commands: batch })).json().results;
      assert.deepEqual(again.map((r: { replayed: boolean; status: string }) => [r.replayed, r.status]), [[true, 'refused'], [true, 'applied'], [true, 'applied'], [true, 'applied']]);
      assert.equal(await countRequests(), requestsBefore + 1);
      assert.deepEqual(await steps(results[1].recordId), ['received']);
      assert.deepEqual(await steps(errand.requestId), ['received', 'handedToUnit']);
      // Another agent’s errand: refused on that command.
      const foreign = (await other.client.post(`${API}/sync/push`, { deviceId: b.device, commands: [{ ...base(), deviceId: b.device, userId: other.id, kind: 'custodyStep.record', requestId: results[1].recordId, step: { step: 'handedToUnit', items: ['申请表'] } }] })).json().results[0];
      assert.equal(foreign.status, 'refused');
      assert.ok([403, 404].includes(foreign.error.status), JSON.stringify(foreign));
      assert.deepEqual(await steps(results[1].recordId), ['received']);
      // The next pull: the new errand is on the phone, the errand handed to the unit waits for the result.
      const next = (await agent.get(`${API}/sync/pull?deviceId=${a.device}`)).json().reference;
      assert.deepEqual(next.errands.filter((e: { requestId: string }) => [results[1].recordId, errand.requestId].includes(e.requestId)).map((e: { requestId: string; nextStep: string }) => [e.requestId, e.nextStep]).sort(), [[results[1].recordId, 'handedToUnit'], [errand.requestId, 'resultCollected']].sort());
    });

    test('a photo of a visit recorded offline goes up after it: stored once, linked once; not a photo, another village, an unknown visit are refused', async () => {
      const [, , , p] = await personsOf(worker, village, 4);
      const opened = await worker.post(`${API}/care/cases`, { personId: p!.id, group: 'elderlyAlone', riskLevel: 'medium' });
      assert.equal(opened.statusCode, 201, opened.body);
      const caseId = opened.json().id;
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const visit = (await push(worker, [command({ kind: 'careVisit.record', caseId, visit: { visitedOn: today, mode: 'home', findings: { safety: { rating: 0 } } } })])).json().results[0];
      assert.equal(visit.status, 'applied', JSON.stringify(visit));
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      const url = `${API}/care/cases/${caseId}/visits/${visit.recordId}/photos`;
      const send = (client: Client, bytes: Buffer, to = url, type = 'image/png') => client.request({ method: 'POST', url: to, payload: bytes, headers: { 'content-type': type } });
      const photosOf = async () => JSON.parse((await db().selectFrom('care_visits').select('photos').where('id', '=', visit.recordId).executeTakeFirstOrThrow()).photos) as string[];
      const first = await send(worker, png, url, 'application/octet-stream');
      assert.equal(first.statusCode, 200, first.body);
      const sha = createHash('sha256').update(png).digest('hex');
      assert.deepEqual(first.json().photos, [sha]);
      // The upload whose answer the network lost is sent again: linked once.
      assert.deepEqual((await send(worker, png)).json().photos, [sha]);
      assert.deepEqual(await photosOf(), [sha]);
      const read = await worker.get(`${url}/${sha}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'image/png');
      assert.deepEqual(read.rawPayload, png);
      assert.ok((await db().selectFrom('audit_log').select('id').where('action', '=', 'care.visit.photo_read').execute()).length >= 1, 'the read is audited');
      // A second photo is added beside the first.
      const second = Buffer.concat([png, Buffer.from([0])]);
      assert.equal((await send(worker, second)).json().photos.length, 2);
      const before = await photosOf();
      const notPhoto = problemsOf(assertError(await send(worker, Buffer.from('%PDF-1.4\n%…\n'), url, 'application/octet-stream'), 400));
      assert.equal(notPhoto[0]!.field, 'file');
      assertError(await send(outsider, png), 403);
      assertError(await send(await t.login('demo-agent'), png), 403);
      assertError(await send(worker, png, `${API}/care/cases/${caseId}/visits/${uuidv7()}/photos`), 404);
      // Access is checked from the raw path before the body is read: a NUL is a 400 naming it (not PostgreSQL's 500).
      assert.equal(problemsOf(assertError(await send(worker, png, `${API}/care/cases/${caseId}/visits/%00/photos`), 400))[0]!.field, 'visitId');
      assertError(await worker.get(`${url}/${'0'.repeat(64)}`), 404);
      assertError(await outsider.get(`${url}/${sha}`), 403);
      assert.deepEqual(await photosOf(), before, 'a refused upload changes nothing');
    });

    test('pull: the scope from the start, then only what changed since the checkpoint; a person who moved away comes as a tombstone', async () => {
      const all: { id: string; data: PersonShape | null }[] = [];
      let checkpoint: string | undefined;
      for (let page = 0; page < 50; page++) {
        const response = await worker.get(`${API}/sync/pull?deviceId=${deviceId}&limit=400${checkpoint ? `&checkpoint=${checkpoint}` : ''}`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        all.push(...body.changes);
        checkpoint = body.checkpoint;
        if (!body.more) break;
      }
      const inVillage = Number((await db().selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).where('area_code', '=', village).executeTakeFirstOrThrow()).n);
      assert.equal(new Set(all.filter((c) => c.data).map((c) => c.id)).size, inVillage);
      assert.ok(all.every((c) => !c.data || c.data.areaCode === village));
      assert.ok(all.some((c) => c.data && JSON.stringify(c.data).includes('*')), 'personal numbers come masked');
      const nothing = (await worker.get(`${API}/sync/pull?deviceId=${deviceId}&checkpoint=${checkpoint}`)).json();
      assert.deepEqual(nothing.changes, []);

      const [p, q] = await personsOf(worker, village, 2);
      await worker.patch(`${API}/persons/${p!.id}`, { version: p!.version, notes: '拉取应只见这一条' });
      // q moves to a household of another village: out of the worker's scope.
      const household = (await admin.get(`${API}/households?area=${otherVillage}&limit=1`)).json().items[0];
      const moved = await admin.patch(`${API}/persons/${q!.id}`, { version: q!.version, householdId: household.id, relation: 'other' });
      assert.equal(moved.statusCode, 200, moved.body);
      const since = (await worker.get(`${API}/sync/pull?deviceId=${deviceId}&checkpoint=${checkpoint}`)).json();
      const byId = new Map(since.changes.map((c: { id: string }) => [c.id, c]));
      assert.equal((byId.get(p!.id) as { data: PersonShape }).data.notes, '拉取应只见这一条');
      assert.deepEqual(byId.get(q!.id), { kind: 'person', id: q!.id, data: null, removed: 'outOfScope', initials: null });
      assert.equal(since.changes.length, 2);
      // The other village's worker gets the person who arrived, not a tombstone.
      const theirDevice = (await outsider.post(`${API}/sync/devices`, { name: '外村手机' })).json().id;
      const theirs = [];
      let cp: string | undefined;
      for (let page = 0; page < 50; page++) {
        const body = (await outsider.get(`${API}/sync/pull?deviceId=${theirDevice}&limit=1000${cp ? `&checkpoint=${cp}` : ''}`)).json();
        theirs.push(...body.changes);
        cp = body.checkpoint;
        if (!body.more) break;
      }
      assert.ok(theirs.some((c: { id: string; data: unknown }) => c.id === q!.id && c.data));
      assertError(await worker.get(`${API}/sync/pull?deviceId=${deviceId}&checkpoint=not-a-checkpoint`), 400);
      const audit = await db().selectFrom('audit_log').select('action').where('action', '=', 'person.read_sync').execute();
      assert.ok(audit.length >= 2, 'every pull of persons is on the audit log');
    });

    test('a revoked device is refused at its next contact (the app wipes its data)', async () => {
      const spare = (await worker.post(`${API}/sync/devices`, { name: '旧手机' })).json().id;
      assertError(await neighbour.post(`${API}/sync/devices/${spare}/revoke`), 403);
      const revoked = await worker.post(`${API}/sync/devices/${spare}/revoke`);
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.ok(revoked.json().revokedAt);
      const [p] = await personsOf(worker, village, 1);
      assertError(await push(worker, [{ ...edit(p!, { notes: { base: p!.notes, value: 'x' } }), deviceId: spare }], spare), 403, 'device_revoked');
      assertError(await worker.get(`${API}/sync/pull?deviceId=${spare}`), 403, 'device_revoked');
      const problems = problemsOf(assertError(await worker.post(`${API}/sync/devices`, { name: '' }), 400));
      assert.equal(problems[0]!.field, 'name');
    });
  });
}
