import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyTransfer,
  balanceFrom,
  formatMinutes,
  minutesFromHours,
  MOVEMENTS_PER_TRANSFER_MAX,
  payment,
  transferProblem,
  type BalanceLimits,
  type Movement,
} from '../../src/engine/people/ledger.ts';

const ACCOUNTS = ['a', 'b', 'c', 'd', 'e'];
const account = fc.constantFrom(...ACCOUNTS);
const minutes = fc.integer({ min: 1, max: 600 });
/** A payment: one payer, one to four payees (others than the payer). */
const paymentArb = fc
  .tuple(account, fc.array(fc.tuple(account, minutes), { minLength: 1, maxLength: 4 }))
  .filter(([from, payees]) => payees.every(([to]) => to !== from))
  .map(([from, payees]) => payment(from, payees.map(([to, m]) => ({ account: to, minutes: m }))));
const limitsArb = fc.record({ min: fc.integer({ min: -1200, max: 0 }), max: fc.option(fc.integer({ min: 0, max: 2400 }), { nil: null }) });

describe('ledger: well-formed transfers', () => {
  test('every payment sums to zero and is well formed', () => {
    fc.assert(
      fc.property(paymentArb, (movements) => {
        assert.equal(balanceFrom(movements), 0);
        assert.equal(transferProblem(movements), null);
      }),
    );
  });

  test('a transfer that does not sum to zero is refused, whatever it holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(account, fc.integer({ min: -600, max: 600 }).filter((m) => m !== 0)), { minLength: 2, maxLength: 5, selector: ([a]) => a }), (pairs) => {
        const movements = pairs.map(([a, m]) => ({ account: a, minutes: m }));
        const sum = balanceFrom(movements);
        const problem = transferProblem(movements);
        if (sum !== 0) assert.deepEqual(problem, { kind: 'unbalanced', sum });
        else assert.equal(problem, null);
      }),
    );
  });

  test('refuses fewer than two movements, fractions, zero, an account twice, too many movements', () => {
    assert.deepEqual(transferProblem([{ account: 'a', minutes: 0 }]), { kind: 'tooFew' });
    assert.deepEqual(transferProblem([{ account: 'a', minutes: -1.5 }, { account: 'b', minutes: 1.5 }]), { kind: 'notWholeMinutes', account: 'a' });
    assert.deepEqual(transferProblem([{ account: 'a', minutes: 0 }, { account: 'b', minutes: 0 }]), { kind: 'zero', account: 'a' });
    assert.deepEqual(transferProblem([{ account: 'a', minutes: -2 }, { account: 'a', minutes: 2 }]), { kind: 'accountTwice', account: 'a' });
    const many = Array.from({ length: MOVEMENTS_PER_TRANSFER_MAX + 1 }, (_, i) => ({ account: `x${i}`, minutes: i === 0 ? -MOVEMENTS_PER_TRANSFER_MAX : 1 }));
    assert.equal(transferProblem(many)?.kind, 'tooMany');
    assert.equal(transferProblem([{ account: 'a', minutes: -1e12 }, { account: 'b', minutes: 1e12 }])?.kind, 'tooLarge');
  });

  test('one payment pays several members, and a payee named twice is paid the sum', () => {
    assert.deepEqual(payment('a', [{ account: 'b', minutes: 30 }, { account: 'c', minutes: 45 }, { account: 'b', minutes: 15 }]), [
      { account: 'a', minutes: -90 },
      { account: 'b', minutes: 45 },
      { account: 'c', minutes: 45 },
    ]);
  });
});

describe('ledger: balances and limits', () => {
  test('balance = sum of movements, and no accepted transfer leaves a touched account past a limit', () => {
    fc.assert(
      fc.property(fc.array(paymentArb, { maxLength: 60 }), fc.dictionary(account, limitsArb), (transfers, limitsByAccount) => {
        const limitsOf = (a: string): BalanceLimits => limitsByAccount[a] ?? { min: 0, max: null };
        const ledger: Movement[] = [];
        const balances = new Map<string, number>();
        for (const movements of transfers) {
          const outcome = applyTransfer(movements, (a) => balances.get(a) ?? 0, limitsOf);
          if (!outcome.ok) {
            assert.ok(outcome.breaches.length > 0);
            for (const b of outcome.breaches) assert.ok(b.limit === 'min' ? b.after < b.bound : b.after > b.bound);
            continue;
          }
          for (const p of outcome.postings) {
            ledger.push({ account: p.account, minutes: p.minutes });
            balances.set(p.account, p.balanceAfter);
            const { min, max } = limitsOf(p.account);
            // Every account starts at 0, inside its limits, so accepted transfers keep it inside.
            assert.ok(p.balanceAfter >= min, `${p.account} at ${p.balanceAfter} below ${min}`);
            if (max !== null) assert.ok(p.balanceAfter <= max, `${p.account} at ${p.balanceAfter} above ${max}`);
          }
        }
        for (const a of ACCOUNTS) assert.equal(balances.get(a) ?? 0, balanceFrom(ledger.filter((m) => m.account === a)));
        assert.equal(balanceFrom(ledger), 0, 'the whole ledger sums to zero');
      }),
    );
  });

  test('a refused transfer names every account it would push past a limit', () => {
    const outcome = applyTransfer(payment('a', [{ account: 'b', minutes: 120 }]), () => 0, (a) => (a === 'a' ? { min: -60, max: null } : { min: 0, max: 90 }));
    assert.deepEqual(outcome, {
      ok: false,
      breaches: [
        { account: 'a', balance: 0, after: -120, limit: 'min', bound: -60 },
        { account: 'b', balance: 0, after: 120, limit: 'max', bound: 90 },
      ],
    });
  });

  test('an account already past a tightened limit may move back towards it', () => {
    const limits = () => ({ min: 0, max: 60 });
    assert.equal(applyTransfer(payment('a', [{ account: 'b', minutes: 30 }]), (x) => (x === 'a' ? 200 : 0), limits).ok, true);
    assert.equal(applyTransfer(payment('b', [{ account: 'a', minutes: 30 }]), (x) => (x === 'a' ? 200 : 100), limits).ok, false);
  });
});

describe('ledger: hours as text', () => {
  test('decimal hours become whole minutes exactly, or nothing', () => {
    assert.equal(minutesFromHours('1.5'), 90);
    assert.equal(minutesFromHours('2'), 120);
    assert.equal(minutesFromHours('0.25'), 15);
    assert.equal(minutesFromHours('0.1'), 6);
    assert.equal(minutesFromHours('0.01'), null);
    assert.equal(minutesFromHours('-1'), null);
    assert.equal(minutesFromHours('1e3'), null);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (m) => {
      const [h, mm] = formatMinutes(m).split(':').map(Number);
      assert.equal(h! * 60 + mm!, m);
    }));
    assert.equal(formatMinutes(-20), '−0:20');
  });
});
