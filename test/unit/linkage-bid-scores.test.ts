import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bidResults } from '../../src/engine/linkage/bid-scores.ts';

const criteria = [
  { id: 'plan', weight: 60 },
  { id: 'team', weight: 40 },
];
const bids = [
  { id: 'a', submittedAt: '2026-11-01T00:00:00Z' },
  { id: 'b', submittedAt: '2026-11-02T00:00:00Z' },
];
const s = (bidId: string, evaluator: string, plan: number, team: number) => [
  { bidId, evaluator, criterionId: 'plan', score: plan },
  { bidId, evaluator, criterionId: 'team', score: team },
];

describe('bid scores', () => {
  test('weighted totals on a 0–100 scale, averaged over evaluators, ranked', () => {
    const r = bidResults(bids, criteria, [...s('a', 'e1', 8, 6), ...s('a', 'e2', 6, 6), ...s('b', 'e1', 10, 10), ...s('b', 'e2', 9, 7)], 10, false);
    // a: e1 = 0.8*60+0.6*40 = 72, e2 = 36+24 = 60 → 66; b: e1 = 100, e2 = 54+28 = 82 → 91.
    assert.deepEqual(
      r.map((x) => [x.bidId, x.score, x.rank]),
      [
        ['b', 91, 1],
        ['a', 66, 2],
      ],
    );
  });

  test("dropping the extremes removes each bid's highest and lowest total when three or more scored", () => {
    const scores = [...s('a', 'e1', 10, 10), ...s('a', 'e2', 5, 5), ...s('a', 'e3', 2, 2), ...s('b', 'e1', 6, 6), ...s('b', 'e2', 7, 7)];
    const kept = bidResults(bids, criteria, scores, 10, true);
    // a keeps only e2's 50; b has two totals and keeps both (60, 70 → 65).
    assert.deepEqual(kept.find((x) => x.bidId === 'a')!.counted, [50]);
    assert.equal(kept.find((x) => x.bidId === 'a')!.score, 50);
    assert.equal(kept.find((x) => x.bidId === 'b')!.score, 65);
    const all = bidResults(bids, criteria, scores, 10, false);
    // Without dropping: (100 + 50 + 20) / 3.
    assert.equal(all.find((x) => x.bidId === 'a')!.score, 56.67);
    assert.deepEqual(all.find((x) => x.bidId === 'a')!.counted, [20, 50, 100]);
  });

  test('ties go to the earlier submission; a bid nobody scored scores 0', () => {
    const r = bidResults([...bids, { id: 'c', submittedAt: '2026-10-01T00:00:00Z' }], criteria, [...s('a', 'e1', 5, 5), ...s('b', 'e1', 5, 5)], 10, false);
    assert.deepEqual(
      r.map((x) => x.bidId),
      ['a', 'b', 'c'],
    );
    assert.equal(r[2]!.score, 0);
  });
});
