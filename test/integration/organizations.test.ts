import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, problemsOf } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';
import { makeCreditCode } from '../../src/engine/people/credit-code.ts';
import { ORGANIZATION_STATUSES } from '../../src/contracts/organizations.ts';
import { todayInChina } from '../../src/engine/calendar/working-days.ts';

const API = '/api/v1/organizations';
const COUNTY = '340828';
/** A town community of 岳西县 (the demo county) and another of the same township. */
const TOWN = '340828100001';
const TOWN2 = '340828100002';
/** A community of 迎江区: outside demo-county's scope. */
const ELSEWHERE = '340802001001';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = todayInChina;

let serial = 0;
/** A fresh valid credit code of a social service agency registered in the demo county. */
const freshCode = () => makeCreditCode(`52${COUNTY}MJT${String(++serial).padStart(6, '0')}`);
/** The same code with a wrong check character. */
const wrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

for (const dialect of DIALECTS) {
  describe(`organizations (${dialect})`, () => {
    let t: TestApp;
    let county: Client;
    let city: Client;
    let member: Client;
    let evaluator: Client;
    let worker: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      county = await t.login('demo-county');
      city = await t.login('demo-city');
      member = await t.login('demo-org');
      evaluator = await t.login('demo-evaluator');
      worker = await t.login('demo-worker');
    });
    after(() => t.close());

    const db = () => t.database.handle.db;
    const count = async (table: 'organizations' | 'organization_events' | 'organization_ratings' | 'audit_log') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const registered = (overrides: Record<string, unknown> = {}) => ({
      areaCode: COUNTY,
      name: `岳西县阳光社会工作服务中心${++serial}`,
      creditCode: freshCode(),
      management: 'registered',
      registeredKind: 'socialServiceAgency',
      nature: 'service',
      fields: ['elderly', 'children'],
      communities: [TOWN, TOWN2],
      foundedOn: '2020-05-01',
      ...overrides,
    });
    const create = async (client: Client, body: Record<string, unknown>) => {
      const r = await client.post(API, body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };

    test('an official registers an organization; the credit code is verified and the registration audited', async () => {
      const before = await count('audit_log');
      const body = registered();
      const org = await create(county, body);
      assert.equal(org.creditCode, body.creditCode);
      assert.equal(org.status, 'registered');
      assert.deepEqual(org.communities.map((c: { code: string }) => c.code), [TOWN, TOWN2]);
      assert.deepEqual(org.events.map((e: { to: string }) => e.to), ['registered']);
      assert.deepEqual(org.allowedStatuses, ['active', 'deregistered']);
      assert.equal(org.ratingScale.setAt, null);
      const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', org.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['organization.create']);
      assert.equal(await count('audit_log'), before + 1);
      // Lower case and spaces are accepted and normalised.
      const spaced = await create(county, registered({ creditCode: ` ${freshCode().toLowerCase().replace(/(.{6})/, '$1 ')}` }));
      assert.match(spaced.creditCode, /^[0-9A-Z]{18}$/);
    });

    test('a wrong check character is a 400 naming creditCode and the expected character; nothing is written', async () => {
      const good = freshCode();
      const before = [await count('organizations'), await count('audit_log')];
      const error = assertError(await county.post(API, registered({ creditCode: wrongCheck(good) })), 400, 'validation_failed');
      const problems = problemsOf(error);
      assert.deepEqual(problems.map((p) => [p.field, p.code]), [['creditCode', 'invalid_format']]);
      assert.match(problems[0]!.problem, new RegExp(`"${good[17]}"`));
      // Letters a credit code never uses, and a short code.
      assert.equal(problemsOf(assertError(await county.post(API, registered({ creditCode: `${good.slice(0, 17)}I` })), 400)).at(0)!.field, 'creditCode');
      assert.equal(problemsOf(assertError(await county.post(API, registered({ creditCode: good.slice(0, 16) })), 400)).at(0)!.field, 'creditCode');
      // A registered organization needs one; its kind must agree with the code's second character.
      assert.equal(problemsOf(assertError(await county.post(API, registered({ creditCode: null })), 400)).at(0)!.code, 'required');
      assert.equal(problemsOf(assertError(await county.post(API, registered({ registeredKind: 'foundation' })), 400)).at(0)!.field, 'registeredKind');
      assert.deepEqual([await count('organizations'), await count('audit_log')], before);
    });

    test('a credit code already used is a 409; nothing is written', async () => {
      const code = freshCode();
      await create(county, registered({ creditCode: code }));
      const before = await count('organizations');
      const r = assertError(await county.post(API, registered({ creditCode: code })), 409, 'conflict');
      assert.match(r.message, new RegExp(code));
      assert.equal(await count('organizations'), before);
      // Changing another organization to it is refused too.
      const other = await create(county, registered());
      assertError(await county.patch(`${API}/${other.id}`, { version: other.version, creditCode: code }), 409, 'conflict');
    });

    test('areas and communities outside the scope are refused with 403, and reads of organizations elsewhere too', async () => {
      assertError(await county.post(API, registered({ areaCode: '340802' })), 403, 'forbidden');
      assertError(await county.post(API, registered({ communities: [TOWN, ELSEWHERE] })), 403, 'forbidden');
      const elsewhere = await create(city, registered({ areaCode: '340802', communities: [ELSEWHERE] }));
      assertError(await county.get(`${API}/${elsewhere.id}`), 403, 'forbidden');
      assertError(await county.post(`${API}/${elsewhere.id}/status`, { status: 'active', date: today() }), 403, 'forbidden');
      assertError(await county.get(`${API}?area=340802`), 403, 'forbidden');
      const listed = (await county.get(`${API}?limit=500`)).json();
      assert.ok(listed.items.every((o: { id: string }) => o.id !== elsewhere.id));
      // A community worker reads the organizations serving his village, not those elsewhere.
      const village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
      const served = await create(county, registered({ communities: [village] }));
      assert.equal((await worker.get(`${API}/${served.id}`)).statusCode, 200);
      assertError(await worker.get(`${API}/${elsewhere.id}`), 403, 'forbidden');
      assertError(await worker.post(API, registered()), 403, 'forbidden');
    });

    test('status moves follow the table: every pair, a refused one a 409 naming both; each move an event', async () => {
      const allowed = new Set([
        'incubating>filed', 'incubating>registered', 'incubating>deregistered',
        'filed>registered', 'filed>active', 'filed>deregistered',
        'registered>active', 'registered>deregistered',
        'active>abnormal', 'active>suspended', 'active>deregistered',
        'abnormal>active', 'abnormal>suspended', 'abnormal>deregistered',
        'suspended>active', 'suspended>deregistered',
      ]);
      // One organization per starting status, reached through allowed moves from its creation.
      const paths: Record<string, string[]> = {
        incubating: [], filed: ['filed'], registered: ['registered'], active: ['registered', 'active'],
        abnormal: ['registered', 'active', 'abnormal'], suspended: ['registered', 'active', 'suspended'], deregistered: ['deregistered'],
      };
      for (const from of ORGANIZATION_STATUSES) {
        for (const to of ORGANIZATION_STATUSES) {
          const org = await create(county, registered({ areaCode: COUNTY, management: 'guided', registeredKind: null, creditCode: null, status: 'incubating', name: `状态测试${from}${to}${++serial}` }));
          for (const step of paths[from]!) {
            const body = step === 'registered' ? { status: step, date: today(), creditCode: freshCode(), registeredKind: 'socialServiceAgency' } : { status: step, date: today() };
            const r = await county.post(`${API}/${org.id}/status`, body);
            assert.equal(r.statusCode, 200, `${step}: ${r.body}`);
          }
          const events = await count('organization_events');
          const body = to === 'registered' ? { status: to, date: today(), creditCode: freshCode(), registeredKind: 'socialServiceAgency' } : { status: to, date: today(), reason: '测试' };
          const r = await county.post(`${API}/${org.id}/status`, body);
          if (allowed.has(`${from}>${to}`)) {
            assert.equal(r.statusCode, 200, `${from} → ${to}: ${r.body}`);
            assert.equal(r.json().status, to);
            assert.equal(r.json().events.at(-1).from, from);
            assert.equal(await count('organization_events'), events + 1);
          } else {
            const e = assertError(r, 409, 'conflict');
            assert.match(e.message, new RegExp(`${from}.*${to}`), `${from} → ${to} names both`);
            assert.equal(await count('organization_events'), events);
          }
        }
      }
    });

    test('ratings: the grade follows the jurisdiction’s scale; a score outside it is a 400; valid five years; appeals', async () => {
      const org = await create(county, registered());
      // The default scale: 1,000 points, 3A from 750.
      const rated = await evaluator.post(`${API}/${org.id}/ratings`, { score: 780, assessor: '市评估委员会', ratedOn: '2025-03-01' });
      assert.equal(rated.statusCode, 200, rated.body);
      assert.equal(rated.json().rating.grade, '3A');
      assert.equal(rated.json().ratings[0].validUntil, '2030-02-28');
      const before = await count('organization_ratings');
      for (const score of [1001, -1, 500]) {
        const e = assertError(await county.post(`${API}/${org.id}/ratings`, { score, assessor: 'x', ratedOn: '2025-03-01' }), 400);
        assert.deepEqual(problemsOf(e).map((p) => [p.field, p.code]), [['score', 'out_of_range']], String(score));
      }
      assert.equal(problemsOf(assertError(await county.post(`${API}/${org.id}/ratings`, { score: 780, grade: '5A', assessor: 'x', ratedOn: '2025-03-01' }), 400))[0]!.field, 'grade');
      assert.equal(await count('organization_ratings'), before);
      // The county sets its own scale (100 points); a bad one is refused.
      assertError(await county.request({ method: 'PUT', url: `${API}/rating-scales/${COUNTY}`, payload: { max: 100, minimums: { '1A': 60, '2A': 50, '3A': 75, '4A': 85, '5A': 95 } } }), 400);
      assertError(await county.request({ method: 'PUT', url: `${API}/rating-scales/340802`, payload: { max: 100, minimums: { '1A': 60, '2A': 70, '3A': 75, '4A': 85, '5A': 95 } } }), 403);
      const set = await county.request({ method: 'PUT', url: `${API}/rating-scales/${COUNTY}`, payload: { max: 100, minimums: { '1A': 60, '2A': 70, '3A': 75, '4A': 85, '5A': 95 } } });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal((await county.get(`${API}/rating-scales/${TOWN}`)).json().setAt, COUNTY);
      assertError(await county.post(`${API}/${org.id}/ratings`, { score: 780, assessor: 'x', ratedOn: '2025-06-01' }), 400);
      const again = await county.post(`${API}/${org.id}/ratings`, { score: 96, assessor: '县评估委员会', ratedOn: '2025-06-01' });
      assert.equal(again.json().rating.grade, '5A');
      // Appeal by an official (the member's own organization is tested below) and its decision.
      const ratingId = again.json().ratings[0].id;
      assert.equal((await county.post(`${API}/${org.id}/appeals`, { ratingId, reason: '评分有误' })).statusCode, 200);
      assertError(await county.post(`${API}/${org.id}/appeals`, { ratingId, reason: '再次申诉' }), 409);
      const decided = await evaluator.post(`${API}/${org.id}/appeals/decision`, { ratingId, outcome: 'changed', score: 86, decision: '复核后改为86分' });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.equal(decided.json().ratings[0].grade, '4A');
      assert.equal(decided.json().ratings[0].appeal.originalScore, 96);
      // Roles that may not rate.
      assertError(await worker.post(`${API}/${org.id}/ratings`, { score: 80, assessor: 'x', ratedOn: '2025-06-01' }), 403);
      assertError(await member.post(`${API}/${org.id}/ratings`, { score: 80, assessor: 'x', ratedOn: '2025-06-01' }), 403);
      await county.request({ method: 'PUT', url: `${API}/rating-scales/${COUNTY}`, payload: { max: 1000, minimums: { '1A': 600, '2A': 650, '3A': 750, '4A': 850, '5A': 950 } } });
    });

    test('a member keeps his own organization (profile, members, annual report, appeal) and nothing else', async () => {
      const mine = await member.get(`${API}/mine`);
      assert.equal(mine.statusCode, 200, mine.body);
      const own = mine.json();
      assert.ok(own.members.some((m: { username: string }) => m.username === 'demo-org'));
      const list = (await member.get(API)).json();
      assert.deepEqual(list.items.map((o: { id: string }) => o.id), [own.id]);
      const other = await create(county, registered());
      assertError(await member.get(`${API}/${other.id}`), 403, 'forbidden');
      assertError(await member.patch(`${API}/${other.id}`, { version: other.version, description: '不是我的' }), 403, 'forbidden');
      assertError(await member.post(`${API}/${other.id}/annual-reports`, { year: 2025, members: 1, volunteers: 1, activities: 1, beneficiaries: 1, income: 0, expenditure: 0, summary: 'x' }), 403);
      const patched = await member.patch(`${API}/${own.id}`, { version: own.version, description: '更新的简介' });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().description, '更新的简介');
      assertError(await member.patch(`${API}/${own.id}`, { version: own.version, description: '旧版本' }), 409);
      const report = await member.post(`${API}/${own.id}/annual-reports`, { year: 2025, members: 23, volunteers: 40, activities: 36, beneficiaries: 410, income: 52000, expenditure: 48800, summary: '全年开展探访活动36次' });
      assert.equal(report.statusCode, 200, report.body);
      assert.equal(report.json().annualReports[0].activities, 36);
      assertError(await member.post(`${API}/${own.id}/annual-reports`, { year: new Date().getUTCFullYear() + 1, members: 1, volunteers: 1, activities: 1, beneficiaries: 1, income: 0, expenditure: 0, summary: 'x' }), 400);
      // Members: a user of another role cannot be linked; a member of one organization not to a second.
      assert.equal(problemsOf(assertError(await member.post(`${API}/${own.id}/members`, { username: 'demo-worker' }), 400))[0]!.field, 'username');
      assertError(await county.post(`${API}/${other.id}/members`, { username: 'demo-org' }), 409);
      // Status and credit record are the officials'.
      assertError(await member.post(`${API}/${own.id}/status`, { status: 'suspended', date: today() }), 403);
      assertError(await member.post(`${API}/${own.id}/credit-records`, { kind: 'award', date: today(), title: 'x' }), 403);
      const rating = own.ratings[0];
      if (rating) assert.equal((await member.post(`${API}/${own.id}/appeals`, { ratingId: rating.id, reason: '申请复核' })).statusCode, 200);
    });

    test('every write leaves exactly its audit entry, and a refused one none', async () => {
      const org = await create(county, registered({ management: 'filed', creditCode: null, registeredKind: null, areaCode: '340828100', status: 'incubating' }));
      const id = org.id as string;
      const steps: [string, () => Promise<{ statusCode: number; body: string }>][] = [
        ['organization.update', () => county.patch(`${API}/${id}`, { version: org.version, address: '镇社工站' })],
        ['organization.status', () => county.post(`${API}/${id}/status`, { status: 'filed', date: today() })],
        ['organization.incubation', () => county.request({ method: 'PUT', url: `${API}/${id}/incubation`, payload: { base: '镇孵化基地', mentor: null, startedOn: '2024-01-01', plannedGraduation: null, graduatedOn: null, milestones: [{ title: '备案', dueOn: '2024-06-01', doneOn: null }], notes: null } })],
        ['organization.rate', () => evaluator.post(`${API}/${id}/ratings`, { score: 700, assessor: '评估组', ratedOn: today() })],
        ['organization.creditRecord', () => county.post(`${API}/${id}/credit-records`, { kind: 'award', date: today(), title: '先进集体' })],
        ['organization.annualReport', () => county.post(`${API}/${id}/annual-reports`, { year: 2024, members: 5, volunteers: 9, activities: 12, beneficiaries: 80, income: 1000, expenditure: 900, summary: '年报' })],
      ];
      for (const [action, step] of steps) {
        const before = await count('audit_log');
        const r = await step();
        assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
        const entries = await db().selectFrom('audit_log').select(['action', 'target_id']).where('target_id', '=', id).where('action', '=', action).execute();
        assert.equal(entries.length, 1, action);
        assert.equal(await count('audit_log'), before + 1, action);
      }
      // Refused writes (400, 409) leave no entry and change nothing.
      const before = await count('audit_log');
      assertError(await county.post(`${API}/${id}/status`, { status: 'incubating', date: today() }), 409);
      assertError(await county.post(`${API}/${id}/ratings`, { score: 5000, assessor: 'x', ratedOn: today() }), 400);
      assertError(await county.patch(`${API}/${id}`, { version: 1, address: '旧版本' }), 409);
      assert.equal(await count('audit_log'), before);
    });

    test('search finds names by Simplified, Traditional and pinyin initials', async () => {
      const org = await create(county, registered({ name: '岳西县乐龄志愿服务中心' }));
      // 乐 is read le in 乐龄: initials y-x-x-l-l-z-y-f-w-z-x.
      for (const q of ['乐龄志愿', '樂齡志願', 'yxxllzyfwzx', 'yxxll', 'lelingzhiyuan']) {
        const r = await county.get(`${API}?q=${encodeURIComponent(q)}`);
        assert.equal(r.statusCode, 200, r.body);
        assert.ok(r.json().items.some((o: { id: string }) => o.id === org.id), q);
      }
      const none = (await county.get(`${API}?q=${encodeURIComponent('不存在的名字')}`)).json();
      assert.equal(none.total, 0);
      // Filters and paging.
      const page = (await county.get(`${API}?management=registered&limit=2`)).json();
      assert.equal(page.items.length, 2);
      assert.ok(page.items.every((o: { management: string }) => o.management === 'registered'));
      const next = (await county.get(`${API}?management=registered&limit=2&cursor=${page.nextCursor}`)).json();
      assert.notEqual(next.items[0].id, page.items[0].id);
      assertError(await county.get(`${API}?cursor=nonsense`), 400);
    });

    test('XLSX export imports again; a bad row rejects the file, and nothing is written', async () => {
      const template = await member.get(`${API}/import-template?format=xlsx`);
      assert.equal(template.statusCode, 200);
      assert.equal((await readSheet(template.rawPayload))[0]![0], '登记（备案）地区代码');
      const exported = await county.get(`${API}/export?format=xlsx&management=registered`);
      assert.equal(exported.statusCode, 200);
      assert.equal(exported.headers['content-type'], XLSX);
      const sheet = await readSheet(exported.rawPayload);
      assert.equal(sheet[0]![1], '组织名称');
      const header = ['登记（备案）地区代码', '组织名称', '统一社会信用代码', '管理方式', '登记类型', '组织性质', '服务领域', '服务社区代码'];
      const good = makeCreditCode(`51${COUNTY}MJT${String(++serial).padStart(6, '0')}`);
      const rows = [
        header,
        [COUNTY, '导入测试协会', good, '民政登记', '社会团体', '公益性', '志愿服务、慈善', `${TOWN}、${TOWN2}`],
        [COUNTY, '导入测试坏码', wrongCheck(freshCode()), '民政登记', '社会服务机构', '服务性', '为老服务', TOWN],
      ];
      // write-excel-file wants cells as objects
      const file = await writeXlsxFile(rows.map((r) => r.map((value) => ({ value, type: String }))), {}).toBuffer();
      const before = await count('organizations');
      const rejected = await county.request({ method: 'POST', url: `${API}/import`, payload: file, headers: { 'content-type': XLSX } });
      const e = assertError(rejected, 400, 'import_rejected');
      assert.deepEqual((e.details as { problems: { row: number; field: string }[] }).problems.map((p) => [p.row, p.field]), [[3, 'creditCode']]);
      assert.equal(await count('organizations'), before);
      // The good rows only: one created (Chinese fields mapped).
      const partial = await county.request({ method: 'POST', url: `${API}/import?mode=goodRowsOnly`, payload: file, headers: { 'content-type': XLSX } });
      assert.equal(partial.statusCode, 200, partial.body);
      assert.equal(partial.json().created, 1);
      const made = (await county.get(`${API}/${partial.json().ids[0]}`)).json();
      assert.deepEqual([made.creditCode, made.registeredKind, made.nature, made.fields], [good, 'socialGroup', 'publicWelfare', ['volunteering', 'charity']]);
      assertError(await worker.request({ method: 'POST', url: `${API}/import`, payload: file, headers: { 'content-type': XLSX } }), 403);
    });

    test('organizations per community: filed, registered and active ones, one serving n communities counting 1/n in each', async () => {
      const value = async () => (await county.get(`/api/v1/indicators/organizations_per_community/values?area=${COUNTY}`)).json();
      const v = await value();
      assert.equal(v.area.status === 'noData', false);
      // Counted here independently from the tables.
      const orgs = await db().selectFrom('organizations').select(['id', 'status']).execute();
      const counted = new Set(orgs.filter((o) => ['filed', 'registered', 'active'].includes(o.status)).map((o) => o.id));
      const served = await db().selectFrom('organization_communities').select(['organization_id', 'area_code']).execute();
      const n = new Map<string, number>();
      for (const s of served) n.set(s.organization_id, (n.get(s.organization_id) ?? 0) + 1);
      let numerator = 0;
      for (const s of served) if (counted.has(s.organization_id) && s.area_code.startsWith(COUNTY)) numerator += 1 / n.get(s.organization_id)!;
      const communities = await db().selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${COUNTY}%`).execute();
      assert.ok(Math.abs(v.area.numerator - numerator) < 1e-6, `${v.area.numerator} vs ${numerator}`);
      assert.equal(v.area.denominator, communities.length);
      assert.ok(Math.abs(v.area.value - numerator / communities.length) < 1e-6);
      // A new active organization serving two communities of the county adds 1 (½ in each) at once.
      const org = await create(county, registered());
      await county.post(`${API}/${org.id}/status`, { status: 'active', date: today() });
      const after = await value();
      assert.ok(Math.abs(after.area.numerator - (numerator + 1)) < 1e-6, `${after.area.numerator} vs ${numerator + 1}`);
      // The 2016-2020 template carries 民发〔2017〕191号's targets.
      const templates = (await county.get('/api/v1/plans/templates')).json().items;
      const plan = templates.find((p: { id: string }) => p.id === 'national-2016-2020');
      const targets = plan.indicators.filter((i: { indicator: string }) => i.indicator === 'organizations_per_community');
      assert.deepEqual(targets.map((i: { split: string; target: { value: number } }) => [i.split, i.target.value]).sort(), [['rural', 5], ['urban', 10]]);
    });
  });
}
