import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const FACILITIES = '/api/v1/facilities';
/** A town community of 岳西县 (the demo county). */
const TOWN = '340828100001';
/** A community of 迎江区: outside demo-county's scope. */
const ELSEWHERE = '340802001001';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CSV_HEADER = '社区代码,设施名称,设施类型,状态,状态日期,建设方式,建筑面积（平方米）,居民活动用房面积（平方米）,经度,纬度,投入年份,政府投入（元）,服务项目,无障碍出入口';

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let resident: Client;
    let townCentre: { lon: number; lat: number };

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
      county = await t.login('demo-county');
      resident = await t.login('demo-resident');
      const area = (await admin.get(`/api/v1/areas/${TOWN}`)).json();
      townCentre = { lon: area.lon, lat: area.lat };
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const facilityCount = async (name: string) =>
      (await db().selectFrom('facilities').select('id').where('name', '=', name).execute()).length;
    const newFacility = (overrides: Record<string, unknown> = {}) => ({
      areaCode: TOWN,
      name: '城东社区党群服务中心',
      kind: 'comprehensive',
      status: 'planned',
      statusDate: '2024-03-01',
      constructionMode: 'renovated',
      floorArea: 650,
      activityArea: 480,
      location: townCentre,
      funding: [
        { source: 'government', year: 2024, amount: 800000 },
        { source: 'social', year: 2024, amount: 50000 },
      ],
      services: ['养老服务', '便民服务'],
      openingHours: '周一至周五 8:30-17:30',
      accessibility: { stepFreeEntrance: true, accessibleToilet: false },
      selfServiceTerminal: true,
      ...overrides,
    });

    describe('one facility', () => {
      let id: string;

      test('is created with its first event, funding and an audit entry in the same write', async () => {
        const response = await county.post(FACILITIES, newFacility());
        assert.equal(response.statusCode, 201, response.body);
        const created = response.json();
        id = created.id;
        assert.equal(created.areaCode, TOWN);
        assert.equal(created.areaName, '城东居委会');
        assert.equal(created.version, 1);
        assert.equal(created.status, 'planned');
        assert.equal(created.generated, false);
        assert.deepEqual(created.location, townCentre);
        assert.deepEqual(created.accessibility, { stepFreeEntrance: true, accessibleToilet: false });
        assert.deepEqual(
          created.funding.map((f: { source: string }) => f.source),
          ['government', 'social'],
        );
        assert.deepEqual(
          created.events.map((e: { from: string | null; to: string; date: string }) => [e.from, e.to, e.date]),
          [[null, 'planned', '2024-03-01']],
        );
        const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'facility.create').where('target_id', '=', id).execute();
        assert.equal(audit.length, 1);
        assert.equal(audit[0]!.area_code, TOWN);
        assert.equal(audit[0]!.username, 'demo-county');
      });

      test('is read back by anyone whose scope holds it, and 404 when it does not exist', async () => {
        const response = await resident.get(`${FACILITIES}/${id}`);
        // The resident's scope is a village, not this town community.
        assertError(response, 403, 'forbidden');
        const read = await admin.get(`${FACILITIES}/${id}`);
        assert.equal(read.statusCode, 200);
        assert.equal(read.json().name, '城东社区党群服务中心');
        assertError(await admin.get(`${FACILITIES}/01900000-0000-7000-8000-000000000000`), 404, 'not_found');
      });

      test('is updated with the version read; a stale version is refused with 409 and changes nothing', async () => {
        const response = await county.patch(`${FACILITIES}/${id}`, {
          version: 1,
          name: '城东社区综合服务中心',
          floorArea: 700,
          funding: [{ source: 'government', year: 2025, amount: 900000 }],
        });
        assert.equal(response.statusCode, 200, response.body);
        const updated = response.json();
        assert.equal(updated.version, 2);
        assert.equal(updated.floorArea, 700);
        assert.deepEqual(updated.funding, [{ source: 'government', year: 2025, amount: 900000 }]);

        const stale = await admin.patch(`${FACILITIES}/${id}`, { version: 1, name: '别的名字' });
        const error = assertError(stale, 409, 'conflict');
        assert.deepEqual(error.details, { currentVersion: 2 });
        assert.equal((await admin.get(`${FACILITIES}/${id}`)).json().name, '城东社区综合服务中心');
        assert.equal(
          (await db().selectFrom('audit_log').select('id').where('action', '=', 'facility.update').where('target_id', '=', id).execute()).length,
          1,
        );
      });

      test('moves along its statuses, each change an event; impossible changes are 400 naming status', async () => {
        const move = (body: Record<string, unknown>) => county.post(`${FACILITIES}/${id}/status`, body);
        assertFieldNamed(await move({ status: 'closed', date: '2024-02-01' }), 'date');
        assert.equal((await move({ status: 'underConstruction', date: '2024-06-01', reason: '开工' })).statusCode, 200);
        assertFieldNamed(await move({ status: 'planned', date: '2024-07-01' }), 'status');
        assertFieldNamed(await move({ status: 'underConstruction', date: '2024-07-01' }), 'status');
        assert.equal((await move({ status: 'operating', date: '2025-01-10' })).statusCode, 200);
        assert.equal((await move({ status: 'closed', date: '2025-03-01', reason: '房屋安全鉴定' })).statusCode, 200);
        // closed → operating only as an explicit reopen.
        assertFieldNamed(await move({ status: 'operating', date: '2025-05-01' }), 'status');
        assertFieldNamed(await move({ status: 'operating', date: '2025-05-01', reopen: false }), 'status');
        assertFieldNamed(await move({ status: 'operating', date: '2025-05-01', reopen: true }), 'reason');
        assertFieldNamed(await move({ status: 'operating', date: '2999-05-01', reopen: true, reason: '加固完成' }), 'date');
        assertFieldNamed(await move({ status: 'operating', date: '2025-02-30', reopen: true, reason: '加固完成' }), 'date');
        assertFieldNamed(await move({ status: 'bogus', date: '2025-05-01' }), 'status');
        const reopened = await move({ status: 'operating', date: '2025-05-01', reopen: true, reason: '加固完成' });
        assert.equal(reopened.statusCode, 200, reopened.body);
        const body = reopened.json();
        assert.equal(body.status, 'operating');
        assert.equal(body.statusDate, '2025-05-01');
        assert.deepEqual(
          body.events.map((e: { from: string | null; to: string }) => `${e.from}→${e.to}`),
          ['null→planned', 'planned→underConstruction', 'underConstruction→operating', 'operating→closed', 'closed→operating'],
        );
        assertError(await county.post(`${FACILITIES}/${id}/status`, { status: 'closed', date: '2025-06-01', version: 1 }), 409, 'conflict');
        const actions = await db().selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', 'in', ['facility.status', 'facility.reopen']).execute();
        assert.equal(actions.length, 4);
        assert.ok(actions.some((a) => a.action === 'facility.reopen'));
      });
    });

    describe('validation: 400 naming the field, nothing written', () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['zero floor area', { floorArea: 0 }, 'floorArea'],
        ['negative floor area', { floorArea: -10 }, 'floorArea'],
        ['negative activity area', { activityArea: -1 }, 'activityArea'],
        ['activity area above the floor area', { floorArea: 100, activityArea: 120 }, 'activityArea'],
        ['an unknown kind', { kind: 'castle' }, 'kind'],
        ['an unknown construction mode', { constructionMode: 'magic' }, 'constructionMode'],
        ['a location outside the county', { location: { lon: 117.05, lat: 30.52 } }, 'location'],
        ['a longitude out of range', { location: { lon: 200, lat: 30 } }, 'location.lon'],
        ['a township instead of a community', { areaCode: '340828100000' }, 'areaCode'],
        ['a community that does not exist', { areaCode: '340828100999' }, 'areaCode'],
        ['the same funding source and year twice', { funding: [{ source: 'government', year: 2024, amount: 1 }, { source: 'government', year: 2024, amount: 2 }] }, 'funding'],
        ['an unknown field', { colour: 'red' }, 'colour'],
        ['a blank name', { name: '   ' }, 'name'],
        ['an impossible status date', { statusDate: '2024-13-01' }, 'statusDate'],
      ];
      for (const [what, overrides, field] of cases) {
        test(what, async () => {
          const name = `校验 ${what}`;
          assertFieldNamed(await county.post(FACILITIES, newFacility({ name, ...overrides })), field);
          if (typeof overrides.name !== 'string') assert.equal(await facilityCount(name), 0);
        });
      }

      test('a PATCH that makes activity area exceed floor area', async () => {
        const created = (await county.post(FACILITIES, newFacility({ name: '面积校验' }))).json();
        assertFieldNamed(await county.patch(`${FACILITIES}/${created.id}`, { version: 1, floorArea: 300 }), 'activityArea');
        assertFieldNamed(await county.patch(`${FACILITIES}/${created.id}`, { version: 1, areaCode: ELSEWHERE }), 'areaCode');
        assert.equal((await admin.get(`${FACILITIES}/${created.id}`)).json().version, 1);
      });
    });

    describe('scope and roles', () => {
      test('a community outside the user’s scope is 403 and no row is written', async () => {
        const area = (await admin.get(`/api/v1/areas/${ELSEWHERE}`)).json();
        const name = '越权设施';
        const response = await county.post(FACILITIES, newFacility({ name, areaCode: ELSEWHERE, location: { lon: area.lon, lat: area.lat } }));
        assertError(response, 403, 'forbidden');
        assert.equal(await facilityCount(name), 0);
        const refusal = await db().selectFrom('audit_log').selectAll().where('action', '=', 'access.refused').where('username', '=', 'demo-county').execute();
        assert.ok(refusal.some((r) => r.area_code === ELSEWHERE));
      });

      test('reading, changing or moving a facility outside the scope is 403', async () => {
        const elsewhere = (await admin.get(`${FACILITIES}?area=340802&limit=1`)).json().items[0];
        assert.ok(elsewhere);
        assertError(await county.get(`${FACILITIES}/${elsewhere.id}`), 403, 'forbidden');
        assertError(await county.patch(`${FACILITIES}/${elsewhere.id}`, { version: elsewhere.version, name: 'x' }), 403, 'forbidden');
        assertError(await county.post(`${FACILITIES}/${elsewhere.id}/status`, { status: 'closed', date: '2025-01-01' }), 403, 'forbidden');
        assertError(await county.get(`${FACILITIES}?area=340802`), 403, 'forbidden');
        assert.equal((await admin.get(`${FACILITIES}/${elsewhere.id}`)).json().version, elsewhere.version);
      });

      test('residents read within their scope but write nothing', async () => {
        const name = '居民不能建';
        assertError(await resident.post(FACILITIES, newFacility({ name })), 403, 'forbidden');
        assert.equal(await facilityCount(name), 0);
        const list = (await resident.get(`${FACILITIES}?limit=500`)).json();
        const me = (await resident.get('/api/v1/auth/me')).json().user;
        assert.ok(list.items.every((f: { areaCode: string }) => f.areaCode.startsWith(me.scope)));
        assertError(await t.anonymous.get(FACILITIES), 401, 'unauthenticated');
      });
    });

    describe('lists', () => {
      test('filter by kind, status, urban/rural and area, scoped, and page through without gaps', async () => {
        const filters = '&kind=comprehensive&status=operating&urbanRural=rural';
        const first = (await county.get(`${FACILITIES}?limit=7${filters}`)).json();
        const expected = await db()
          .selectFrom('facilities')
          .innerJoin('areas', 'areas.code', 'facilities.area_code')
          .select('facilities.id')
          .where('facilities.area_code', '>=', '340828')
          .where('facilities.area_code', '<', '340829')
          .where('facilities.kind', '=', 'comprehensive')
          .where('facilities.status', '=', 'operating')
          .where('areas.kind', '=', 'rural')
          .execute();
        assert.ok(expected.length > 7, 'the demo county has enough operating rural comprehensive facilities to page');
        assert.equal(first.total, expected.length);
        const seen: string[] = [];
        let page = first;
        for (;;) {
          for (const f of page.items) {
            assert.equal(f.kind, 'comprehensive');
            assert.equal(f.status, 'operating');
            assert.ok(f.areaCode.startsWith('340828'));
            seen.push(f.id);
          }
          if (!page.nextCursor) break;
          page = (await county.get(`${FACILITIES}?limit=7${filters}&cursor=${page.nextCursor}`)).json();
        }
        assert.deepEqual([...seen].sort(), expected.map((e) => e.id).sort());
        assert.equal(new Set(seen).size, seen.length);

        const township = (await county.get(`${FACILITIES}?area=340828100&limit=500`)).json();
        assert.ok(township.total > 0);
        assert.ok(township.items.every((f: { areaCode: string }) => f.areaCode.startsWith('340828100')));
        const urban = (await admin.get(`${FACILITIES}?urbanRural=urban&kind=childrenHome&limit=500`)).json();
        const urbanCodes = new Set(
          (await db().selectFrom('areas').select('code').where('kind', '=', 'urban').execute()).map((r) => r.code),
        );
        assert.ok(urban.items.length > 0 && urban.items.every((f: { areaCode: string }) => urbanCodes.has(f.areaCode)));
        assertFieldNamed(await county.get(`${FACILITIES}?cursor=nonsense`), 'cursor');
        assertFieldNamed(await county.get(`${FACILITIES}?kind=castle`), 'kind');
      });
    });

    describe('files', () => {
      const importFile = (client: Client, body: string | Buffer, query = '', contentType = 'text/csv') =>
        client.request({ method: 'POST', url: `${FACILITIES}/import${query}`, payload: body, headers: { 'content-type': contentType } });
      const csvRow = (name: string, floor = '300', activity = '200', extra = '') =>
        `${TOWN},${name},综合服务设施,运营中,2023-05-01,新建,${floor},${activity},${townCentre.lon},${townCentre.lat},2023,500000,养老服务、助餐,是${extra}`;

      test('the template names the columns in Chinese, as CSV and XLSX', async () => {
        const csv = await county.get(`${FACILITIES}/import-template?format=csv`);
        assert.equal(csv.statusCode, 200);
        assert.match(String(csv.headers['content-type']), /text\/csv/);
        assert.match(String(csv.headers['content-disposition']), /attachment/);
        const header = csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]!;
        assert.ok(header.startsWith('社区代码,设施名称,设施类型'));
        const xlsx = await county.get(`${FACILITIES}/import-template?format=xlsx`);
        assert.equal(xlsx.statusCode, 200);
        const rows = await readSheet(xlsx.rawPayload);
        assert.deepEqual(rows[0]!.slice(0, 3), ['社区代码', '设施名称', '设施类型']);
      });

      test('an import with a bad row is rejected whole, with a row-by-row report', async () => {
        const body = [CSV_HEADER, csvRow('导入甲'), csvRow('导入乙', '0'), csvRow('导入丙', '100', '150'), csvRow('导入丁'), `${ELSEWHERE},导入戊,儿童之家,,,,80,60,,,,,,否`].join('\r\n');
        const response = await importFile(county, body);
        const error = assertError(response, 400, 'import_rejected');
        const report = error.details as { rows: number; created: number; rejected: number; problems: { row: number; field: string; code: string; params?: object }[] };
        assert.equal(report.rows, 5);
        assert.equal(report.created, 0);
        assert.equal(report.rejected, 3);
        assert.deepEqual(
          report.problems.map((p) => [p.row, p.field, p.code, p.params]),
          [
            [3, 'floorArea', 'out_of_range', { value: 0, max: 100000 }],
            [4, 'activityArea', 'inconsistent', { value: 150, floorArea: 100 }],
            [6, 'areaCode', 'not_in_scope', { code: ELSEWHERE }],
          ],
        );
        for (const name of ['导入甲', '导入丁']) assert.equal(await facilityCount(name), 0);
        assert.equal((await db().selectFrom('audit_log').select('id').where('action', '=', 'facility.import').execute()).length, 0);

        const good = await importFile(county, body, '?mode=goodRowsOnly');
        assert.equal(good.statusCode, 200, good.body);
        const result = good.json();
        assert.equal(result.created, 2);
        assert.equal(result.rejected, 3);
        assert.equal(result.ids.length, 2);
        for (const name of ['导入甲', '导入丁']) assert.equal(await facilityCount(name), 1);
        for (const name of ['导入乙', '导入丙', '导入戊']) assert.equal(await facilityCount(name), 0);
        const imported = (await county.get(`${FACILITIES}/${result.ids[0]}`)).json();
        assert.equal(imported.kind, 'comprehensive');
        assert.equal(imported.status, 'operating');
        assert.equal(imported.constructionMode, 'new');
        assert.deepEqual(imported.services, ['养老服务', '助餐']);
        assert.deepEqual(imported.funding, [{ source: 'government', year: 2023, amount: 500000 }]);
        assert.equal(imported.accessibility.stepFreeEntrance, true);
        const audits = await db().selectFrom('audit_log').select('action').where('action', 'in', ['facility.import', 'facility.create']).where('username', '=', 'demo-county').execute();
        assert.equal(audits.filter((a) => a.action === 'facility.import').length, 1);
      });

      test('every row problem carries a stable code and the values it names, from the file and from the rules', async () => {
        const { lon, lat } = townCentre;
        const body = [
          CSV_HEADER,
          `${TOWN},坏行一,游泳馆,开张,2023-13-45x,盖,大,200,${lon},,2023,500000,,也许`,
          `12ab,坏行二,综合服务设施,,,,300,200,,,,-5,,是`,
          `${TOWN},坏行三,综合服务设施,,,,300,200,,,,1000,,是`,
          `340828100999,坏行四,综合服务设施,,,,300,200,,,,,,是`,
          `${TOWN},坏行五,综合服务设施,,2023-02-30,,300,200,180.5,30,,,,是`,
          `${TOWN},坏行六,综合服务设施,,2099-01-01,,300,400,,,,,,是`,
          `${ELSEWHERE},坏行七,儿童之家,,,,80,60,,,,,,否`,
          `${TOWN},,,,,,,,${lon},${lat},,,,`,
        ].join('\r\n');
        const error = assertError(await importFile(county, body), 400, 'import_rejected');
        const report = error.details as { rejected: number; problems: { row: number; field: string; column: string | null; code: string; params?: object; problem: string }[] };
        assert.equal(report.rejected, 8);
        assert.deepEqual(
          report.problems.map((p) => [p.row, p.field, p.column, p.code, p.params]),
          [
            [2, 'kind', '设施类型', 'not_allowed', { value: '游泳馆' }],
            [2, 'status', '状态', 'not_allowed', { value: '开张' }],
            [2, 'statusDate', '状态日期', 'invalid_format', { value: '2023-13-45x' }],
            [2, 'constructionMode', '建设方式', 'not_allowed', { value: '盖' }],
            [2, 'floorArea', '建筑面积（平方米）', 'invalid_type', { value: '大' }],
            [2, 'location', '纬度', 'inconsistent', undefined],
            [2, 'accessibility.stepFreeEntrance', '无障碍出入口', 'not_allowed', { value: '也许' }],
            [3, 'areaCode', '社区代码', 'invalid_format', { value: '12ab' }],
            [3, 'funding', '政府投入（元）', 'out_of_range', { value: -5, max: 10_000_000_000 }],
            [4, 'funding', '投入年份', 'required', undefined],
            [5, 'areaCode', null, 'unknown_reference', { code: '340828100999' }],
            [6, 'statusDate', null, 'invalid_format', { value: '2023-02-30' }],
            [6, 'location', null, 'invalid_format', { lon: 180.5, lat: 30 }],
            [7, 'statusDate', null, 'out_of_range', { value: '2099-01-01' }],
            [7, 'activityArea', null, 'inconsistent', { value: 400, floorArea: 300 }],
            [8, 'areaCode', null, 'not_in_scope', { code: ELSEWHERE }],
            [9, 'name', '设施名称', 'required', undefined],
            [9, 'kind', '设施类型', 'required', undefined],
            [9, 'floorArea', '建筑面积（平方米）', 'required', undefined],
            [9, 'activityArea', '居民活动用房面积（平方米）', 'required', undefined],
          ],
        );
        // The English sentence stays for people reading the raw API; the web reads only code and params.
        assert.ok(report.problems.every((p) => p.problem.length > 0));
      });

      test('an XLSX import works the same way; unreadable files and unknown columns name the file', async () => {
        const header = CSV_HEADER.split(',');
        const rows = [header, csvRow('表格导入').split(',')].map((r) => r.map((v) => ({ value: v, type: String })));
        const buffer = await writeXlsxFile(rows as never).toBuffer();
        const response = await importFile(county, buffer, '', XLSX);
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.json().created, 1);
        assert.equal(await facilityCount('表格导入'), 1);

        assertFieldNamed(await importFile(county, Buffer.from('not a zip'), '', XLSX), 'file');
        assertFieldNamed(await importFile(county, `颜色,${CSV_HEADER}\r\n红,${csvRow('未知列')}`), 'file');
        assertFieldNamed(await importFile(county, CSV_HEADER), 'file');
        assertError(await importFile(county, 'x', '', 'image/png'), 415, 'unsupported_media_type');
        assertFieldNamed(await importFile(county, 'x', '', 'application/octet-stream'), 'format');
        assertError(await importFile(resident, [CSV_HEADER, csvRow('居民导入')].join('\n')), 403, 'forbidden');
        assert.equal(await facilityCount('居民导入'), 0);
      });

      test('an export holds exactly the filtered list, as CSV and XLSX', async () => {
        const query = 'area=340828&kind=comprehensive&status=operating';
        const list = (await county.get(`${FACILITIES}?${query}&limit=500`)).json();
        const csv = await county.get(`${FACILITIES}/export?${query}&format=csv`);
        assert.equal(csv.statusCode, 200);
        const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
        assert.ok(lines[0]!.startsWith('编号,社区名称,社区代码,设施名称'));
        assert.equal(lines.length, list.total + 1);
        assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]).sort(), list.items.map((f: { id: string }) => f.id).sort());
        const xlsx = await county.get(`${FACILITIES}/export?${query}&format=xlsx`);
        assert.equal(xlsx.statusCode, 200);
        assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
        const sheet = await readSheet(xlsx.rawPayload);
        assert.equal(sheet.length, list.total + 1);
        assert.ok(sheet.slice(1).every((r) => r[4] === '综合服务设施' && r[5] === '运营中'));
        assertError(await county.get(`${FACILITIES}/export?area=340802`), 403, 'forbidden');
        assertFieldNamed(await county.get(`${FACILITIES}/export?format=pdf`), 'format');
      });
    });
  });
}
