import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/contracts/roles.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { getEffectiveItem } from '../../src/server/modules/services/catalog.service.ts';
import { addWorkingDays, workingCalendar } from '../../src/server/modules/services/calendar.service.ts';
import { DEMO_CATALOG_SIZE, DEMO_SHORTENED } from '../../src/server/seed/demo-service-catalog.ts';

const API = '/api/v1';
const COUNTY = '340828';

const newItem = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  name: '测试事项',
  category: 'other',
  department: '乡镇便民服务中心',
  decidingLevel: 'township',
  legalBasis: '测试依据',
  conditions: '测试条件',
  materials: [{ key: 'idCard', name: '居民身份证', form: 'copy', count: 1, required: true, agentMayCarry: true }],
  committedDays: 5,
  statutoryDays: 10,
  feeYuan: 0,
  channels: ['online', 'window'],
  agencyAllowed: true,
  fields: [
    { key: 'kind', label: '类别', type: 'single', required: true, order: 20, options: [{ key: 'a', label: '甲' }] },
    { key: 'note', label: '说明', type: 'text', required: false, order: 10 },
  ],
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`service catalog (${dialect})`, () => {
    let t: TestApp;
    let resident: Client;
    let county: Client;
    let townshipOfficial: Client;
    let otherTownshipOfficial: Client;
    let provinceAdmin: Client;
    let cityAdmin: Client;
    let village: string;
    let township: string;
    let otherVillage: string;
    let otherTownship: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      const db = t.database.handle.db;
      const demoResident = await db.selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
      village = demoResident.scope_code;
      township = village.slice(0, 9);
      const other = await db.selectFrom('areas').select('code').where('parent_code', '=', COUNTY).where('code', '!=', township).orderBy('code').executeTakeFirstOrThrow();
      otherTownship = other.code;
      otherVillage = (await db.selectFrom('areas').select('code').where('parent_code', '=', otherTownship).orderBy('code').executeTakeFirstOrThrow()).code;
      const insertUser = async (username: string, role: Role, scope: string) => {
        const now = new Date().toISOString();
        await db
          .insertInto('users')
          .values({ id: uuidv7(), username, display_name: username, password_hash: demoResident.password_hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
          .execute();
        return t.login(username);
      };
      resident = await t.login('demo-resident');
      county = await t.login('demo-county');
      cityAdmin = await t.login('demo-admin');
      townshipOfficial = await insertUser('catalog-township', 'official', township);
      otherTownshipOfficial = await insertUser('catalog-other-township', 'official', otherTownship);
      provinceAdmin = await insertUser('catalog-province', 'admin', '34');
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const auditCount = async (action: string) => (await db().selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

    test('agricultural social services (ploughing, spraying, harvesting, drying) are catalog items with their provider; a request gets the services module’s clock', async () => {
      const items = (await resident.get(`${API}/areas/${village}/service-catalog`)).json().items as { code: string; name: string; department: string; category: string; committedDays: number; channels: string[] }[];
      const farm = items.filter((i) => i.code.startsWith('AH-NF-'));
      assert.deepEqual(farm.map((i) => i.code).sort(), ['AH-NF-001', 'AH-NF-002', 'AH-NF-003', 'AH-NF-004']);
      for (const item of farm) {
        assert.equal(item.category, 'agriculture');
        assert.match(item.department, /派单：.+(合作社|服务队|服务中心)/, `${item.code} names its provider organization`);
        const full = (await resident.get(`${API}/areas/${village}/service-catalog/${item.code}`)).json();
        assert.match(full.feeNote ?? '', /服务组织|服务中心/, `${item.code}: the farmer pays the provider, at the published price`);
        assert.ok(item.channels.includes('phone') && item.channels.includes('agent'), `${item.code}: by phone or through the agent too`);
      }
      const filed = await resident.post(`${API}/service-requests`, { itemCode: 'AH-NF-001', formValues: { crop: 'tea', mu: 3, wanted: '2027-03-10', place: '三组 茶园坡' } });
      assert.equal(filed.statusCode, 201, filed.body);
      assert.ok(filed.json().dueAt, 'a time limit from the services module');
      assertFieldNamed(await resident.post(`${API}/service-requests`, { itemCode: 'AH-NF-001', formValues: { crop: 'tea', wanted: '2027-03-10', place: '三组' } }), 'formValues.mu');
    });

    test('a resident reads the catalog of their village: the county’s items, one limit shortened by the township', async () => {
      const response = await resident.get(`${API}/areas/${village}/service-catalog`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.areaCode, village);
      assert.equal(body.items.length, DEMO_CATALOG_SIZE);
      assert.ok(body.items.length >= 40);
      const shortened = body.items.find((i: { code: string }) => i.code === DEMO_SHORTENED.itemCode);
      assert.equal(shortened.committedDays, DEMO_SHORTENED.committedDays);
      assert.equal(shortened.publication.level, 'township');
      assert.equal(shortened.publication.areaCode, township);
      assert.equal(shortened.publication.baseCommittedDays, 10);
      const other = body.items.find((i: { code: string }) => i.code === 'AH-MZ-001');
      assert.equal(other.publication.level, 'county');
      assert.equal(other.generated, false);
      // Another township of the county keeps the county's limit.
      const elsewhere = await county.get(`${API}/areas/${otherVillage}/service-catalog/${DEMO_SHORTENED.itemCode}`);
      assert.equal(elsewhere.statusCode, 200, elsewhere.body);
      assert.equal(elsewhere.json().committedDays, 10);
      assert.equal(elsewhere.json().publication.level, 'county');
    });

    test('search by Simplified, Traditional, pinyin initials and whole pinyin; filter by category', async () => {
      const codes = async (query: string) =>
        ((await resident.get(`${API}/areas/${village}/service-catalog?${query}`)).json().items as { code: string }[]).map((i) => i.code);
      assert.deepEqual(await codes(`q=${encodeURIComponent('高龄')}`), ['AH-MZ-101']);
      assert.deepEqual(await codes(`q=${encodeURIComponent('高齡津貼')}`), ['AH-MZ-101']);
      assert.deepEqual(await codes('q=gljt'), ['AH-MZ-101']);
      assert.deepEqual(await codes('q=juzhuzheng'), ['AH-GA-001']);
      assert.ok((await codes('q=GLJT')).includes('AH-MZ-101'));
      const legal = await codes('category=legalAid');
      assert.deepEqual(legal.sort(), ['AH-SF-001', 'AH-SF-002']);
      assert.deepEqual(await codes(`q=${encodeURIComponent('%')}`), []);
      assertFieldNamed(await resident.get(`${API}/areas/${village}/service-catalog?category=cooking`), 'category');
    });

    test('an item as it holds in an area: materials, ordered fields; 404 for unknown or unpublished items', async () => {
      const response = await resident.get(`${API}/areas/${village}/service-catalog/AH-MZ-001`);
      assert.equal(response.statusCode, 200, response.body);
      const item = response.json();
      assert.equal(item.name, '最低生活保障审核确认');
      assert.ok(item.materials.some((m: { key: string; form: string }) => m.key === 'idCard' && m.form === 'copy'));
      const orders = item.fields.map((f: { order: number }) => f.order);
      assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
      assert.ok(item.committedDays <= item.statutoryDays);
      assertError(await resident.get(`${API}/areas/${village}/service-catalog/NO-SUCH-ITEM`), 404, 'not_found');
      assertError(await resident.get(`${API}/areas/${otherVillage}/service-catalog`), 403, 'forbidden');
      // Outside 岳西县 nothing is published.
      const elsewhere = await cityAdmin.get(`${API}/areas/340802/service-catalog`);
      assert.deepEqual(elsewhere.json().items, []);
      assertError(await cityAdmin.get(`${API}/areas/340802/service-catalog/AH-MZ-001`), 404, 'not_found');
    });

    test('getEffectiveItem (for the requests module) answers the effective limit or 404', async () => {
      const item = await getEffectiveItem(db(), DEMO_SHORTENED.itemCode, village);
      assert.equal(item.committedDays, DEMO_SHORTENED.committedDays);
      await assert.rejects(getEffectiveItem(db(), 'NO-SUCH-ITEM', village), (e: { statusCode: number }) => e.statusCode === 404);
      await assert.rejects(getEffectiveItem(db(), 'AH-MZ-001', '340802001001'), (e: { statusCode: number }) => e.statusCode === 404);
    });

    test('publishing: a township shortens, never lengthens; only counties and townships publish; scope holds', async () => {
      const url = (area: string, code: string) => `${API}/areas/${area}/service-publications/${code}`;
      const put = (client: Client, area: string, code: string, committedDays: number | null) =>
        client.request({ method: 'PUT', url: url(area, code), payload: { committedDays } });
      const before = await auditCount('serviceCatalog.published');

      // AH-MZ-003 (临时救助): county limit 7 working days.
      const ok = await put(townshipOfficial, township, 'AH-MZ-003', 3);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().effectiveCommittedDays, 3);
      assert.equal(ok.json().level, 'township');
      assert.equal(await auditCount('serviceCatalog.published'), before + 1);
      const seen = await resident.get(`${API}/areas/${village}/service-catalog/AH-MZ-003`);
      assert.equal(seen.json().committedDays, 3);

      const rowsBefore = await db().selectFrom('service_publications').selectAll().orderBy('area_code').orderBy('item_code').execute();
      assertFieldNamed(await put(townshipOfficial, township, 'AH-MZ-003', 8), 'committedDays', 'out_of_range');
      // The county may shorten its own publication, but not past the item's limit.
      assertFieldNamed(await put(county, COUNTY, 'AH-MZ-003', 8), 'committedDays', 'out_of_range');
      assertFieldNamed(await put(county, village, 'AH-MZ-003', 2), 'code', 'not_allowed');
      assertError(await put(otherTownshipOfficial, township, 'AH-MZ-003', 2), 403, 'forbidden');
      assertError(await put(resident, township, 'AH-MZ-003', 2), 403, 'forbidden');
      assertError(await put(county, township, 'NO-SUCH-ITEM', 2), 404, 'not_found');
      assertFieldNamed(await put(county, township, 'AH-MZ-003', 0), 'committedDays');
      const rowsAfter = await db().selectFrom('service_publications').selectAll().orderBy('area_code').orderBy('item_code').execute();
      assert.deepEqual(rowsAfter, rowsBefore, 'refusals change no row');
      assert.equal(await auditCount('serviceCatalog.published'), before + 1, 'refusals leave no write entry');

      // The county shortens below the township: the shortest along the chain holds.
      const shorter = await put(county, COUNTY, 'AH-MZ-003', 2);
      assert.equal(shorter.statusCode, 200, shorter.body);
      assert.equal((await resident.get(`${API}/areas/${village}/service-catalog/AH-MZ-003`)).json().committedDays, 2);
      assert.equal(await auditCount('serviceCatalog.publicationChanged'), 1);

      const list = await townshipOfficial.get(`${API}/areas/${township}/service-publications`);
      assert.equal(list.statusCode, 200, list.body);
      const mine = list.json().items.filter((p: { itemCode: string }) => p.itemCode === 'AH-MZ-003');
      assert.deepEqual(mine.map((p: { areaCode: string; effectiveCommittedDays: number }) => [p.areaCode, p.effectiveCommittedDays]), [
        [COUNTY, 2],
        [township, 2],
      ]);
    });

    test('withdrawing a publication takes the item out of the area’s catalog', async () => {
      const url = `${API}/areas/${COUNTY}/service-publications/AH-WH-002`;
      const gone = await county.request({ method: 'DELETE', url });
      assert.equal(gone.statusCode, 204, gone.body);
      assertError(await resident.get(`${API}/areas/${village}/service-catalog/AH-WH-002`), 404, 'not_found');
      assertError(await county.request({ method: 'DELETE', url }), 404, 'not_found');
      assert.equal(await auditCount('serviceCatalog.unpublished'), 1);
      // Published again by the township alone: its villages see it, the other township's do not.
      assert.equal((await townshipOfficial.request({ method: 'PUT', url: `${API}/areas/${township}/service-publications/AH-WH-002`, payload: { committedDays: null } })).statusCode, 200);
      assert.equal((await resident.get(`${API}/areas/${village}/service-catalog/AH-WH-002`)).statusCode, 200);
      assertError(await county.get(`${API}/areas/${otherVillage}/service-catalog/AH-WH-002`), 404, 'not_found');
    });

    test('the master catalog: a province-wide admin defines items; the rules hold; stale versions are refused', async () => {
      const created = await provinceAdmin.post(`${API}/service-items`, newItem('TEST-001', { name: ' 测试事项 ' }));
      assert.equal(created.statusCode, 201, created.body);
      const item = created.json();
      assert.equal(item.name, '测试事项');
      assert.deepEqual(item.fields.map((f: { key: string }) => f.key), ['note', 'kind'], 'fields by order');
      assert.equal(item.generated, false);
      assert.equal(await auditCount('serviceCatalog.itemCreated'), 1);

      assertError(await cityAdmin.post(`${API}/service-items`, newItem('TEST-002')), 403, 'forbidden');
      assertError(await county.post(`${API}/service-items`, newItem('TEST-002')), 403, 'forbidden');
      assertError(await provinceAdmin.post(`${API}/service-items`, newItem('TEST-001')), 409, 'conflict');
      assertFieldNamed(await provinceAdmin.post(`${API}/service-items`, newItem('TEST-003', { committedDays: 11 })), 'committedDays', 'out_of_range');
      assertFieldNamed(
        await provinceAdmin.post(`${API}/service-items`, newItem('TEST-003', { fields: [{ key: 'k', label: 'x', type: 'multi', required: true, order: 1 }] })),
        'fields.0.options',
        'required',
      );
      assertFieldNamed(
        await provinceAdmin.post(`${API}/service-items`, newItem('TEST-003', { fields: [{ key: 'k', label: 'x', type: 'text', required: true, order: 1, options: [] }] })),
        'fields.0.options',
        'inconsistent',
      );
      assertFieldNamed(await provinceAdmin.post(`${API}/service-items`, newItem('TEST-003', { category: 'cooking' })), 'category');
      assertFieldNamed(await provinceAdmin.post(`${API}/service-items`, newItem('TEST 003')), 'code');
      assert.equal((await db().selectFrom('service_items').select('code').where('code', 'like', 'TEST-00%').execute()).length, 1);

      const { code: _code, ...content } = newItem('TEST-001');
      const changed = await provinceAdmin.request({ method: 'PUT', url: `${API}/service-items/TEST-001`, payload: { ...content, committedDays: 4, version: 1 } });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().version, 2);
      assertError(await provinceAdmin.request({ method: 'PUT', url: `${API}/service-items/TEST-001`, payload: { ...content, version: 1 } }), 409, 'conflict');
      assertError(await provinceAdmin.request({ method: 'PUT', url: `${API}/service-items/NOPE`, payload: { ...content, version: 1 } }), 404, 'not_found');

      const master = await county.get(`${API}/service-items?q=${encodeURIComponent('测试')}`);
      assert.deepEqual(master.json().items.map((i: { code: string }) => i.code), ['TEST-001']);
      assert.equal((await county.get(`${API}/service-items/TEST-001`)).json().committedDays, 4);
      assertError(await resident.get(`${API}/service-items`), 403, 'forbidden');
      // Not published anywhere: no resident sees it.
      assertError(await resident.get(`${API}/areas/${village}/service-catalog/TEST-001`), 404, 'not_found');
    });

    test('a write whose audit entry cannot be stored fails as a whole', async () => {
      // A test trigger refuses the publication's audit entry: the publication must not stay.
      const refuse = dialect === 'sqlite'
        ? sql`create trigger test_refuse_publication_audit before insert on audit_log when new.action = 'serviceCatalog.published' begin select raise(abort, 'refused by the test'); end`
        : sql`create function test_refuse_publication_audit() returns trigger language plpgsql as $$
            begin
              if new.action = 'serviceCatalog.published' then raise exception 'refused by the test'; end if;
              return new;
            end $$`;
      await refuse.execute(db());
      if (dialect === 'postgres') await sql`create trigger test_refuse_publication_audit before insert on audit_log for each row execute function test_refuse_publication_audit()`.execute(db());
      try {
        const response = await townshipOfficial.request({ method: 'PUT', url: `${API}/areas/${township}/service-publications/AH-SF-001`, payload: { committedDays: 3 } });
        assert.equal(response.statusCode, 500, response.body);
        const row = await db().selectFrom('service_publications').select('area_code').where('area_code', '=', township).where('item_code', '=', 'AH-SF-001').executeTakeFirst();
        assert.equal(row, undefined, 'the publication was rolled back with its audit entry');
      } finally {
        await sql`drop trigger test_refuse_publication_audit${sql.raw(dialect === 'postgres' ? ' on audit_log' : '')}`.execute(db());
        if (dialect === 'postgres') await sql`drop function test_refuse_publication_audit()`.execute(db());
      }
    });

    test('the working-day calendar: national days, local days added and removed, the limit that follows', async () => {
      const year = await resident.get(`${API}/areas/${village}/calendar-days?year=2026`);
      assert.equal(year.statusCode, 200, year.body);
      assert.equal(year.json().known, true);
      assert.ok(year.json().national.some((d: { date: string; kind: string; name: string }) => d.date === '2026-02-14' && d.kind === 'workingDay' && d.name === '春节'));
      assert.equal((await resident.get(`${API}/areas/${village}/calendar-days?year=2099`)).json().known, false);

      // Before: five working days from Monday 2026-03-02 end on Monday 03-09.
      assert.equal(addWorkingDays(await workingCalendar(db(), village), '2026-03-02', 5).value, '2026-03-09');
      const added = await county.post(`${API}/areas/${COUNTY}/calendar-days`, { date: '2026-03-04', kind: 'holiday', note: '县级地方节日（测试）' });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().areaName, '岳西县');
      assert.equal(await auditCount('serviceCalendar.dayAdded'), 1);
      assert.equal(addWorkingDays(await workingCalendar(db(), village), '2026-03-02', 5).value, '2026-03-10');
      assert.equal(addWorkingDays(await workingCalendar(db(), '340802001001'), '2026-03-02', 5).value, '2026-03-09', 'other counties keep theirs');
      const listed = (await resident.get(`${API}/areas/${village}/calendar-days?year=2026`)).json().local;
      assert.deepEqual(listed.map((d: { date: string }) => d.date), ['2026-03-04']);

      assertError(await county.post(`${API}/areas/${COUNTY}/calendar-days`, { date: '2026-03-04', kind: 'workingDay', note: '重复' }), 409, 'conflict');
      assertFieldNamed(await county.post(`${API}/areas/${COUNTY}/calendar-days`, { date: '2026-02-30', kind: 'holiday', note: 'x' }), 'date', 'invalid_format');
      assertFieldNamed(await county.post(`${API}/areas/${COUNTY}/calendar-days`, { date: '2026-03-05', kind: 'holiday', note: '  ' }), 'note', 'required');
      assertError(await resident.post(`${API}/areas/${village}/calendar-days`, { date: '2026-03-05', kind: 'holiday', note: 'x' }), 403, 'forbidden');
      assertError(await otherTownshipOfficial.post(`${API}/areas/${township}/calendar-days`, { date: '2026-03-05', kind: 'holiday', note: 'x' }), 403, 'forbidden');
      assert.equal(await auditCount('serviceCalendar.dayAdded'), 1);

      const id = added.json().id;
      assertError(await townshipOfficial.request({ method: 'DELETE', url: `${API}/areas/${township}/calendar-days/${id}` }), 404, 'not_found');
      const removed = await county.request({ method: 'DELETE', url: `${API}/areas/${COUNTY}/calendar-days/${id}` });
      assert.equal(removed.statusCode, 204, removed.body);
      assert.equal(await auditCount('serviceCalendar.dayRemoved'), 1);
      assert.equal(addWorkingDays(await workingCalendar(db(), village), '2026-03-02', 5).value, '2026-03-09');
    });
  });
}
