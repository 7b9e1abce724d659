import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateProRata, allocatedTotal } from '../../src/engine/market/allocation.ts';
import { canMove, closingOutcome, editable, ROUND_STATUSES } from '../../src/engine/market/rounds.ts';

const claimsArb = fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), requested: fc.integer({ min: 0, max: 500 }) }), {
  minLength: 0,
  maxLength: 40,
  selector: (c) => c.key,
});

describe('pro-rata allocation of a shortage', () => {
  test('never more than available, never more than requested, within one unit of the exact share', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 20_000 }), (claims, available) => {
        const result = allocateProRata(claims, available);
        const total = claims.reduce((s, c) => s + c.requested, 0);
        assert.equal(result.length, claims.length);
        assert.equal(allocatedTotal(result), Math.min(total, available), 'all of what is there goes out, and no more');
        for (const [i, a] of result.entries()) {
          assert.equal(a.key, claims[i]!.key);
          assert.ok(Number.isInteger(a.allocated) && a.allocated >= 0);
          assert.ok(a.allocated <= a.requested);
          if (total > available) {
            const share = (a.requested * available) / total;
            assert.ok(a.allocated >= Math.floor(share) && a.allocated <= Math.ceil(share), `${a.allocated} vs share ${share}`);
          }
        }
      }),
    );
  });

  test('everyone served in full when there is enough', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 1000 }), (claims, spare) => {
        const total = claims.reduce((s, c) => s + c.requested, 0);
        for (const a of allocateProRata(claims, total + spare)) assert.equal(a.allocated, a.requested);
      }),
    );
  });

  test('deterministic: the same answer whatever order the claims arrive in', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 5000 }), fc.integer(), (claims, available, seed) => {
        const shuffled = [...claims].sort((a, b) => ((a.key.charCodeAt(0) * 31 + seed) % 7) - ((b.key.charCodeAt(0) * 31 + seed) % 7) || (a.key < b.key ? 1 : -1));
        const byKey = (list: { key: string; allocated: number }[]) => Object.fromEntries(list.map((a) => [a.key, a.allocated]));
        assert.deepEqual(byKey(allocateProRata(shuffled, available)), byKey(allocateProRata(claims, available)));
      }),
    );
  });

  test('monotone: a larger request never gets less than a smaller one', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 5000 }), (claims, available) => {
        const result = allocateProRata(claims, available);
        for (const a of result) for (const b of result) if (a.requested > b.requested) assert.ok(a.allocated >= b.allocated);
      }),
    );
  });

  test('ties: equal requests, one unit short of a round share — the earlier key wins', () => {
    const result = allocateProRata([{ key: 'b', requested: 1 }, { key: 'a', requested: 1 }, { key: 'c', requested: 1 }], 2);
    assert.deepEqual(result.map((a) => a.allocated), [1, 1, 0]);
    assert.deepEqual(allocateProRata([{ key: 'x', requested: 3 }, { key: 'y', requested: 1 }], 2).map((a) => a.allocated), [2, 0]);
    assert.deepEqual(allocateProRata([{ key: 'x', requested: 10 }, { key: 'y', requested: 5 }, { key: 'z', requested: 5 }], 8).map((a) => a.allocated), [4, 2, 2]);
  });

  test('huge numbers stay exact', () => {
    const result = allocateProRata([{ key: 'a', requested: 2 ** 40 }, { key: 'b', requested: 2 ** 40 + 1 }], 2 ** 30 + 1);
    assert.equal(allocatedTotal(result), 2 ** 30 + 1);
  });

  test('bad inputs are refused', () => {
    assert.throws(() => allocateProRata([{ key: 'a', requested: 1 }], -1), RangeError);
    assert.throws(() => allocateProRata([{ key: 'a', requested: 1.5 }], 1), RangeError);
  });
});

describe('round life', () => {
  test('moves go forward only, settled and cancelled are final', () => {
    assert.ok(canMove('open', 'closed'));
    assert.ok(canMove('confirmed', 'packed'));
    assert.ok(!canMove('packed', 'cancelled'));
    assert.ok(!canMove('closed', 'open'));
    for (const s of ROUND_STATUSES) {
      assert.ok(!canMove('settled', s));
      assert.ok(!canMove('cancelled', s));
    }
    assert.ok(editable('confirmed') && !editable('packed') && !editable('delivered'));
  });

  test('a round below its minimum cancels, or extends once', () => {
    const base = { totalCents: 500, minimumTotalCents: 1000, extendHours: 24, extended: false, closesAt: '2026-12-01T10:00:00.000Z' };
    assert.deepEqual(closingOutcome({ ...base, belowMinimum: 'cancel' }), { status: 'cancelled' });
    assert.deepEqual(closingOutcome({ ...base, belowMinimum: 'extend' }), { status: 'open', closesAt: '2026-12-02T10:00:00.000Z' });
    assert.deepEqual(closingOutcome({ ...base, belowMinimum: 'extend', extended: true }), { status: 'cancelled' });
    assert.deepEqual(closingOutcome({ ...base, totalCents: 1000, belowMinimum: 'cancel' }), { status: 'closed' });
    assert.deepEqual(closingOutcome({ ...base, minimumTotalCents: null, belowMinimum: 'cancel' }), { status: 'closed' });
  });
});
