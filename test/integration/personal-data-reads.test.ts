import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { isWriteOf, READ_IDS_MAX } from '../../src/server/modules/audit/audit.service.ts';

const PERSONS = '/api/v1/persons';
const HOUSEHOLDS = '/api/v1/households';

interface AuditRow {
  action: string;
  user_id: string | null;
  username: string | null;
  area_code: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let worker: Client;
    let resident: Client;
    let village: string;
    const idNumber = makeIdNumber('340828', '1979-03-15', 'male', 311);
    const phone = '13912345678';
    let person: { id: string; householdId: string };

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [admin, worker, resident] = await Promise.all(['demo-admin', 'demo-worker', 'demo-resident'].map((u) => t.login(u)));
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
      const household = await worker.post(HOUSEHOLDS, { areaCode: village, address: '审计组1号' });
      assert.equal(household.statusCode, 201, household.body);
      const created = await worker.post(PERSONS, { householdId: household.json().id, name: '查阅测', idNumber, phone, relation: 'head' });
      assert.equal(created.statusCode, 201, created.body);
      person = { id: created.json().id, householdId: household.json().id };
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const auditCount = async () => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    /** Runs a read and returns the audit entries it added: exactly one is expected. */
    async function oneEntry(read: () => Promise<{ statusCode: number; body: string }>): Promise<AuditRow & { parsed: Record<string, any> }> {
      const before = await db().selectFrom('audit_log').select('id').execute();
      const seen = new Set(before.map((r) => r.id));
      const response = await read();
      assert.equal(response.statusCode, 200, response.body);
      const added = (await db().selectFrom('audit_log').selectAll().execute()).filter((r) => !seen.has(r.id));
      assert.equal(added.length, 1, `one audit entry per request, got ${JSON.stringify(added.map((a) => a.action))}`);
      const entry = added[0]!;
      return { ...entry, parsed: JSON.parse(entry.details ?? '{}') };
    }

    describe('every read of personal data is audited, once per request', () => {
      test('a person, by id: who, which record', async () => {
        const entry = await oneEntry(() => worker.get(`${PERSONS}/${person.id}`));
        assert.equal(entry.action, 'person.read');
        assert.equal(entry.username, 'demo-worker');
        assert.equal(entry.target_type, 'person');
        assert.equal(entry.target_id, person.id);
        assert.equal(entry.area_code, village);
        assert.deepEqual(entry.parsed.ids, [person.id]);
      });

      test('a revealed read is one entry too (the reveal)', async () => {
        const entry = await oneEntry(() => worker.get(`${PERSONS}/${person.id}?reveal=true`));
        assert.equal(entry.action, 'person.reveal');
      });

      test('a person list: the ids returned and the total, one entry for the page', async () => {
        const response = await worker.get(`${PERSONS}?limit=7&sex=female`);
        const page = response.json() as { items: { id: string }[]; total: number };
        assert.equal(page.items.length, 7);
        const entry = await oneEntry(() => worker.get(`${PERSONS}?limit=7&sex=female`));
        assert.equal(entry.action, 'person.read_list');
        assert.deepEqual(entry.parsed.ids, page.items.map((p) => p.id));
        assert.equal(entry.parsed.count, 7);
        assert.equal(entry.parsed.total, page.total);
        assert.deepEqual(entry.parsed.query, { limit: 7, sex: 'female' });
      });

      test('a long page keeps the count and at most READ_IDS_MAX ids', async () => {
        const entry = await oneEntry(() => admin.get(`${PERSONS}?limit=${READ_IDS_MAX + 20}`));
        assert.equal(entry.parsed.count, READ_IDS_MAX + 20);
        assert.equal(entry.parsed.ids.length, READ_IDS_MAX);
        assert.equal(entry.parsed.idsTruncated, true);
      });

      test('a search by full ID number or phone is recorded by field, masked and keyed hash, never as typed', async () => {
        const byId = await oneEntry(() => worker.get(`${PERSONS}?q=${idNumber}`));
        assert.equal(byId.action, 'person.read_list');
        assert.deepEqual(byId.parsed.ids, [person.id]);
        assert.equal(byId.parsed.query.search.field, 'idNumber');
        assert.equal(byId.parsed.query.search.masked, `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
        // The hash is the one stored with the person: "who looked this person up" can be answered.
        const stored = await db().selectFrom('persons').select(['id_number_hash', 'phone_hash']).where('id', '=', person.id).executeTakeFirstOrThrow();
        assert.equal(byId.parsed.query.search.hash, stored.id_number_hash);
        const byPhone = await oneEntry(() => worker.get(`${PERSONS}?q=${encodeURIComponent('139 1234 5678')}`));
        assert.deepEqual(byPhone.parsed.query.search, { field: 'phone', masked: '139****5678', hash: stored.phone_hash });
        const byName = await oneEntry(() => worker.get(`${PERSONS}?q=${encodeURIComponent('查阅')}`));
        assert.deepEqual(byName.parsed.query.search, { field: 'name', masked: '查*' });
        // Nowhere in the audit log: the full numbers, whatever was read or searched.
        const all = JSON.stringify(await db().selectFrom('audit_log').selectAll().execute());
        assert.ok(!all.includes(idNumber) && !all.includes(idNumber.toLowerCase()), 'no full ID number in the audit log');
        assert.ok(!all.includes(phone), 'no full phone number in the audit log');
      });

      test('person history, households, the masked export, left-behind flags and duplicates', async () => {
        const history = await oneEntry(() => worker.get(`${PERSONS}/${person.id}/history`));
        assert.equal(history.action, 'person.read_history');
        assert.equal(history.target_id, person.id);

        const household = await oneEntry(() => worker.get(`${HOUSEHOLDS}/${person.householdId}`));
        assert.equal(household.action, 'household.read');
        assert.equal(household.target_id, person.householdId);
        assert.deepEqual(household.parsed.ids, [person.id], 'the members read');

        const households = await oneEntry(() => worker.get(`${HOUSEHOLDS}?q=${encodeURIComponent('审计组')}`));
        assert.equal(households.action, 'household.read_list');
        assert.deepEqual(households.parsed.ids, [person.householdId]);
        assert.equal(households.parsed.query.q, '审**', 'an address search is kept masked');

        const exported = await oneEntry(() => worker.get(`${PERSONS}/export?q=${idNumber}`));
        assert.equal(exported.action, 'person.read_export');
        assert.deepEqual(exported.parsed.ids, [person.id]);
        assert.equal(exported.parsed.query.search.field, 'idNumber');

        const flags = await oneEntry(() => worker.get('/api/v1/left-behind?status=pending&limit=5'));
        assert.equal(flags.action, 'left_behind.read_list');
        assert.equal(flags.target_type, 'person');

        const duplicates = await oneEntry(() => admin.get('/api/v1/persons/duplicates?limit=3'));
        assert.equal(duplicates.action, 'person.read_duplicates');
        assert.equal(typeof duplicates.parsed.count, 'number');
      });

      test('a resident reading their own household is audited too', async () => {
        const entry = await oneEntry(() => resident.get(PERSONS));
        assert.equal(entry.action, 'person.read_list');
        assert.equal(entry.username, 'demo-resident');
        assert.ok(entry.parsed.count > 0);
      });

      test('a refused read adds only the refusal, and reads are not counted as recorded work', async () => {
        const before = await auditCount();
        assertError(await resident.get(`${PERSONS}/${person.id}`), 403, 'forbidden');
        const added = await db().selectFrom('audit_log').select('action').orderBy('at', 'desc').limit((await auditCount()) - before).execute();
        assert.deepEqual(added.map((a) => a.action), ['access.refused']);
        for (const action of ['person.read', 'person.read_list', 'person.read_export', 'household.read_list', 'left_behind.read_list']) {
          assert.equal(isWriteOf(action, ['person', 'household', 'left_behind']), false, action);
        }
        assert.equal(isWriteOf('person.update', ['person']), true);
      });
    });

    describe('a resident sees their own household and the public facts of their community, nothing else', () => {
      test('no route answers a resident with anyone outside their household', async () => {
        const own = (await resident.get(PERSONS)).json() as { items: { id: string; name: string; householdId: string | null }[] };
        assert.ok(own.items.length > 0, 'the demo resident is linked to a person with a household');
        const householdIds = new Set(own.items.map((p) => p.householdId));
        assert.equal(householdIds.size, 1);
        const ownNames = new Set(own.items.map((p) => p.name));
        const strangers = (await db().selectFrom('persons').select(['id', 'name', 'household_id']).where('area_code', '=', village).execute()).filter(
          (p) => !ownNames.has(p.name),
        );
        assert.ok(strangers.length > 10, 'the village has other people');
        const stranger = strangers.find((p) => p.household_id !== null)!;
        const flag = await db().selectFrom('left_behind_flags').select('id').where('area_code', '=', village).executeTakeFirst();

        // Every GET route of the API, as the resident, with another villager's ids where a route takes one.
        const openapi = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
        const paths = Object.entries(openapi.paths)
          .filter(([, methods]) => 'get' in methods)
          .map(([path]) => path)
          .filter((p) => p.startsWith('/api/v1/'));
        assert.ok(paths.includes('/api/v1/persons') && paths.includes('/api/v1/households/{id}'));
        const idFor = (path: string) => (path.includes('household') ? stranger.household_id! : path.includes('left-behind') ? (flag?.id ?? stranger.id) : stranger.id);
        const leaked: string[] = [];
        for (const path of paths) {
          const variants = [path.replace(/\{id\}/g, idFor(path))];
          if (!path.includes('{')) variants.push(`${path}?area=${village}`, `${path}?householdId=${stranger.household_id}`, `${path}?q=${encodeURIComponent(stranger.name)}`);
          for (const url of variants) {
            if (url.includes('{')) continue;
            const response = await resident.get(url);
            assert.ok(response.statusCode < 500, `${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
            if (response.statusCode !== 200) continue;
            // Whole values (JSON strings, CSV cells), so 储德 is not found inside 储德华.
            const values = new Set(response.body.split(/[",\r\n:{}[\]]+/));
            for (const s of strangers) if (values.has(s.name) || response.body.includes(s.id)) leaked.push(`${url} → ${s.name}`);
          }
        }
        assert.deepEqual(leaked, [], 'no stranger appears in any answer to the resident');
        // The detector works: a community worker's answers do name these people.
        const workerList = await worker.get(`${PERSONS}?area=${village}&limit=200`);
        const workerValues = new Set(workerList.body.split(/[",\r\n:{}[\]]+/));
        assert.ok(strangers.some((s) => workerValues.has(s.name)), 'the same check finds villagers in a worker’s list');
      });

      test('the resident may read the resident population of their community, not of the county', async () => {
        const figures = await resident.get(`/api/v1/residents/population?area=${village}`);
        assert.equal(figures.statusCode, 200, figures.body);
        assert.equal(figures.json().area.code, village);
        assertError(await resident.get('/api/v1/residents/population?area=340828'), 403, 'forbidden');
      });
    });

    describe('bad values that were accepted', () => {
      test('a phone of zeros or any non-mainland number is 400 naming phone; mobiles and landlines pass', async () => {
        for (const bad of ['00000000000', '0000000000', '01012345678', '05561234567', '12345678901', '1381234567']) {
          assertFieldNamed(await worker.post(PERSONS, { areaCode: village, name: '电话测', sex: 'male', birthDate: '1980-01-01', phone: bad, relation: 'other' }), 'phone');
          assertFieldNamed(await worker.patch(`${PERSONS}/${person.id}`, { version: 1, phone: bad }), 'phone');
        }
        for (const good of ['0556-5123456', '010-62345678', '021 5555 1234', '+86 138 0000 1234']) {
          const r = await worker.post(PERSONS, { areaCode: village, name: '电话好', sex: 'female', birthDate: '1981-02-02', phone: good, relation: 'other' });
          assert.equal(r.statusCode, 201, `${good}: ${r.body}`);
        }
      });

      test('identification over an area that does not exist is 404', async () => {
        assertError(await admin.post('/api/v1/left-behind/identify?area=340899'), 404, 'not_found');
        assertError(await admin.post('/api/v1/left-behind/identify?area=340828999'), 404, 'not_found');
        const ok = await admin.post(`/api/v1/left-behind/identify?area=${village}`);
        assert.equal(ok.statusCode, 200, ok.body);
      });
    });
  });
}
