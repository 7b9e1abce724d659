import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const FACILITIES = '/api/v1/facilities';
/** A town community of 岳西县 (the demo county). */
const TOWN = '340828100001';

const STATUSES = ['planned', 'underConstruction', 'operating', 'closed'] as const;
type Status = (typeof STATUSES)[number];

/**
 * The status changes the glossary allows, written out here rather than read from the contract,
 * so that a change to the contract's table fails this test: a plan may start building, open
 * directly (repurposed premises) or be abandoned; a building site opens or is abandoned; an
 * operating facility closes; a closed one opens again only when reopened explicitly.
 */
const ALLOWED: ReadonlyArray<readonly [Status, Status]> = [
  ['planned', 'underConstruction'],
  ['planned', 'operating'],
  ['planned', 'closed'],
  ['underConstruction', 'operating'],
  ['underConstruction', 'closed'],
  ['operating', 'closed'],
  ['closed', 'operating'],
];
const isAllowed = (from: Status, to: Status) => ALLOWED.some(([f, t]) => f === from && t === to);

for (const dialect of DIALECTS) {
  describe(`facility status, every pair (${dialect})`, () => {
    let t: TestApp;
    let county: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      county = await t.login('demo-county');
    });
    after(() => t.close());

    const db = () => t.database.handle.db;

    async function facilityIn(status: Status, name: string): Promise<string> {
      const response = await county.post(FACILITIES, {
        areaCode: TOWN,
        name,
        kind: 'elderlyDayCare',
        status,
        statusDate: '2024-01-15',
        floorArea: 300,
        activityArea: 200,
      });
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json().status, status);
      return response.json().id;
    }

    /** What a refused change must leave as it was: the row, its events and the audit log. */
    async function stateOf(id: string) {
      const row = await db().selectFrom('facilities').select(['status', 'status_date', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      const events = await db().selectFrom('facility_events').select(['from_status', 'to_status', 'date']).where('facility_id', '=', id).orderBy('date').execute();
      const audit = await db().selectFrom('audit_log').select(['action', 'outcome']).where('target_id', '=', id).orderBy('id').execute();
      return { row, events, audit };
    }

    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const reopen = from === 'closed' && to === 'operating';
        const allowed = isAllowed(from, to);
        test(`${from} → ${to}: ${allowed ? (reopen ? 'allowed with reopen and a reason' : 'allowed') : '400 naming status, nothing written'}`, async () => {
          const id = await facilityIn(from, `状态测试 ${from}-${to}`);
          const beforeChange = await stateOf(id);
          const body = { status: to, date: '2024-06-01', ...(reopen ? { reopen: true, reason: '整改完成' } : {}) };
          const response = await county.post(`${FACILITIES}/${id}/status`, body);
          const after = await stateOf(id);
          if (!allowed) {
            assertFieldNamed(response, 'status');
            assert.deepEqual(after, beforeChange, 'a refused change writes nothing');
            return;
          }
          assert.equal(response.statusCode, 200, response.body);
          assert.equal(response.json().status, to);
          assert.equal(response.json().statusDate, '2024-06-01');
          assert.deepEqual(after.row, { status: to, status_date: '2024-06-01', version: beforeChange.row.version + 1 });
          assert.deepEqual(after.events, [...beforeChange.events, { from_status: from, to_status: to, date: '2024-06-01' }]);
          assert.deepEqual(after.audit, [...beforeChange.audit, { action: reopen ? 'facility.reopen' : 'facility.status', outcome: 'ok' }]);
        });
      }
    }

    test('closed → operating without reopen, or with reopen and no reason, is refused and writes nothing', async () => {
      const id = await facilityIn('closed', '状态测试 重新开放');
      const beforeChange = await stateOf(id);
      assertFieldNamed(await county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-06-01' }), 'status');
      assertFieldNamed(await county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-06-01', reopen: false, reason: '整改完成' }), 'status');
      assertFieldNamed(await county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-06-01', reopen: true }), 'reason');
      assertFieldNamed(await county.post(`${FACILITIES}/${id}/status`, { status: 'operating', date: '2024-06-01', reopen: true, reason: '   ' }), 'reason');
      assert.deepEqual(await stateOf(id), beforeChange);
    });

    test('an allowed change from a stale version is 409 and writes nothing', async () => {
      const id = await facilityIn('planned', '状态测试 版本');
      const beforeChange = await stateOf(id);
      assertError(await county.post(`${FACILITIES}/${id}/status`, { status: 'underConstruction', date: '2024-06-01', version: 2 }), 409, 'conflict');
      assert.deepEqual(await stateOf(id), beforeChange);
    });

    test('a walk planned → underConstruction → operating → closed → operating leaves one event per step', async () => {
      const id = await facilityIn('planned', '状态测试 全程');
      const steps: Array<[Status, string, Record<string, unknown>]> = [
        ['underConstruction', '2024-02-01', {}],
        ['operating', '2024-09-01', {}],
        ['closed', '2025-01-01', { reason: '房屋安全鉴定' }],
        ['operating', '2025-06-01', { reopen: true, reason: '加固完成' }],
      ];
      for (const [status, date, extra] of steps) {
        const response = await county.post(`${FACILITIES}/${id}/status`, { status, date, ...extra });
        assert.equal(response.statusCode, 200, response.body);
      }
      // Every earlier status is now out of reach except closing.
      for (const back of ['planned', 'underConstruction'] as const) {
        assertFieldNamed(await county.post(`${FACILITIES}/${id}/status`, { status: back, date: '2025-07-01' }), 'status');
      }
      const { events, audit } = await stateOf(id);
      assert.deepEqual(
        events.map((e) => e.to_status),
        ['planned', 'underConstruction', 'operating', 'closed', 'operating'],
      );
      assert.deepEqual(
        audit.map((a) => a.action),
        ['facility.create', 'facility.status', 'facility.status', 'facility.status', 'facility.reopen'],
      );
    });
  });
}
