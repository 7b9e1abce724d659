import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_STATUSES, type RequestAction, type RequestStatus } from '../../src/contracts/service-requests.ts';
import { ACTIONS, actionsFrom, isOpen, mayRate, ratingPoints, reopenRefusal, sideOf, transition } from '../../src/engine/services/request-status.ts';

/**
 * Every allowed (status, action) pair and where it leads, written out here rather than read from the
 * engine: any pair not listed must be refused.
 */
const ALLOWED: Record<string, RequestStatus> = {
  'submitted accept': 'accepted',
  'transferred accept': 'accepted',
  'submitted notAccept': 'notAccepted',
  'transferred notAccept': 'notAccepted',
  'accepted start': 'inProgress',
  'accepted requestSupplement': 'awaitingSupplement',
  'inProgress requestSupplement': 'awaitingSupplement',
  'awaitingSupplement supplement': 'inProgress',
  'inProgress decide': 'decided',
  'decided deliver': 'delivered',
  'delivered close': 'closed',
  'submitted transfer': 'transferred',
  'transferred transfer': 'transferred',
  'accepted transfer': 'transferred',
  'inProgress transfer': 'transferred',
  'submitted markDuplicate': 'duplicate',
  'transferred markDuplicate': 'duplicate',
  'accepted markDuplicate': 'duplicate',
  'submitted withdraw': 'withdrawn',
  'transferred withdraw': 'withdrawn',
  'accepted withdraw': 'withdrawn',
  'inProgress withdraw': 'withdrawn',
  'awaitingSupplement withdraw': 'withdrawn',
  'closed reopen': 'inProgress',
};

const APPLICANT_SIDE: RequestAction[] = ['supplement', 'withdraw', 'reopen'];

describe('request status machine', () => {
  test('every (status, action) pair: allowed ones lead where the table says, the rest are refused naming both', () => {
    let pairs = 0;
    for (const status of REQUEST_STATUSES) {
      for (const action of ACTIONS) {
        pairs++;
        const verdict = transition(status, action);
        const want = ALLOWED[`${status} ${action}`];
        if (want) {
          assert.ok(verdict.allowed, `${status} ${action} should be allowed`);
          assert.equal(verdict.to, want, `${status} ${action}`);
        } else {
          assert.ok(!verdict.allowed, `${status} ${action} should be refused`);
          assert.equal(verdict.from, status);
          assert.equal(verdict.action, action);
        }
      }
    }
    assert.equal(pairs, 11 * 12);
    assert.equal(Object.keys(ALLOWED).length, 24);
  });

  test('sides: the applicant supplements, withdraws and reopens; the handler does the rest', () => {
    for (const action of ACTIONS) assert.equal(sideOf(action), APPLICANT_SIDE.includes(action) ? 'applicant' : 'handler', action);
    assert.deepEqual(actionsFrom('awaitingSupplement', 'applicant').sort(), ['supplement', 'withdraw']);
    assert.deepEqual(actionsFrom('submitted', 'handler').sort(), ['accept', 'markDuplicate', 'notAccept', 'transfer']);
    assert.deepEqual(actionsFrom('closed', 'handler'), []);
  });

  test('open and final statuses', () => {
    assert.deepEqual(REQUEST_STATUSES.filter((s) => !isOpen(s)).sort(), ['closed', 'duplicate', 'notAccepted', 'withdrawn']);
  });

  test('rating once after closure, on 0–100 points', () => {
    assert.equal(mayRate('closed', false), true);
    assert.equal(mayRate('closed', true), false);
    assert.equal(mayRate('delivered', false), false);
    assert.deepEqual([1, 2, 3, 4, 5].map(ratingPoints), [0, 25, 50, 75, 100]);
  });

  test('reopen: dissatisfied, within 7 days, once', () => {
    const base = { status: 'closed' as RequestStatus, ratingScore: 2, closedAt: '2026-03-01T02:00:00Z', reopenedBefore: false, now: '2026-03-05T02:00:00Z', windowDays: 7, dissatisfiedAtMost: 2 };
    assert.equal(reopenRefusal(base), null);
    assert.equal(reopenRefusal({ ...base, now: '2026-03-08T02:00:00Z' }), null);
    assert.equal(reopenRefusal({ ...base, now: '2026-03-08T02:00:01Z' }), 'tooLate');
    assert.equal(reopenRefusal({ ...base, ratingScore: 3 }), 'satisfied');
    assert.equal(reopenRefusal({ ...base, ratingScore: null }), 'notRated');
    assert.equal(reopenRefusal({ ...base, reopenedBefore: true }), 'alreadyReopened');
    assert.equal(reopenRefusal({ ...base, status: 'delivered' }), 'status');
  });
});
