import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { milestoneFraction, progressParts, progressPercent, resultFraction } from '../../src/engine/linkage/progress.ts';
import { expenditureProblem, spendingSummary } from '../../src/engine/linkage/spending.ts';
import {
  DEFAULT_EVALUATION_TEMPLATE,
  gradeForScore,
  ratingInScale,
  residentRatingScore,
  roundResult,
  scoreInScale,
  templateProblem,
} from '../../src/engine/linkage/evaluation.ts';

describe('linkage delivery: progress', () => {
  test('a result counts by the share of its target reached, capped at the whole', () => {
    assert.equal(resultFraction(40, 10), 0.25);
    assert.equal(resultFraction(40, 80), 1);
    assert.equal(resultFraction(40, -3), 0);
    assert.equal(resultFraction(0, 0), 1);
  });

  test('weighted roll-up of results and milestones, cancelled milestones left out', () => {
    const parts = progressParts(
      [
        { weight: 2, target: 100, achieved: 50 },
        { weight: 1, target: 10, achieved: 10 },
      ],
      [
        { weight: 1, status: 'met' },
        { weight: 1, status: 'scheduled' },
        { weight: 5, status: 'cancelled' },
      ],
    );
    assert.equal(parts.length, 4);
    // (2×0.5 + 1×1 + 1×1 + 1×0) / 5 = 60 %
    assert.equal(progressPercent(parts), 60);
    assert.equal(milestoneFraction('notMet'), 0);
  });

  test('no weight means no progress; the percent always lies within 0..100', () => {
    assert.equal(progressPercent([]), 0);
    assert.equal(progressPercent([{ weight: 0, fraction: 1 }]), 0);
    fc.assert(
      fc.property(fc.array(fc.record({ weight: fc.integer({ min: -5, max: 50 }), fraction: fc.double({ min: -2, max: 3, noNaN: true }) })), (parts) => {
        const p = progressPercent(parts);
        assert.ok(p >= 0 && p <= 100, String(p));
      }),
    );
  });
});

describe('linkage delivery: spending against budget lines', () => {
  const lines = [
    { code: 'staff', amount: 60_000_00 },
    { code: 'materials', amount: 20_000_00 },
  ];

  test('per line and in total, overspending flagged', () => {
    const s = spendingSummary(lines, [
      { budgetLine: 'staff', amount: 30_000_00 },
      { budgetLine: 'materials', amount: 25_000_00 },
      { budgetLine: 'nowhere', amount: 1 },
    ]);
    assert.deepEqual(s.lines[0], { code: 'staff', budget: 60_000_00, spent: 30_000_00, remaining: 30_000_00, percent: 50, overspent: false });
    assert.equal(s.lines[1].overspent, true);
    assert.equal(s.budget, 80_000_00);
    assert.equal(s.spent, 55_000_00);
    assert.equal(s.percent, 68.8);
  });

  test('an expenditure must be positive whole fen on a known line within what remains', () => {
    const recorded = [{ budgetLine: 'materials', amount: 19_000_00 }];
    assert.deepEqual(expenditureProblem(lines, recorded, { budgetLine: 'materials', amount: 0 }), { code: 'invalid_amount' });
    assert.deepEqual(expenditureProblem(lines, recorded, { budgetLine: 'materials', amount: 1.5 }), { code: 'invalid_amount' });
    assert.deepEqual(expenditureProblem(lines, recorded, { budgetLine: 'travel', amount: 100 }), { code: 'unknown_budget_line', budgetLine: 'travel' });
    assert.deepEqual(expenditureProblem(lines, recorded, { budgetLine: 'materials', amount: 1_000_01 }), { code: 'over_budget_line', budgetLine: 'materials', remaining: 1_000_00 });
    assert.equal(expenditureProblem(lines, recorded, { budgetLine: 'materials', amount: 1_000_00 }), null);
  });
});

describe('linkage delivery: evaluation rounds', () => {
  test('templates: each kind once, whole weights summing to 100', () => {
    assert.equal(templateProblem(DEFAULT_EVALUATION_TEMPLATE), null);
    assert.deepEqual(templateProblem([]), { code: 'empty' });
    assert.deepEqual(templateProblem([{ kind: 'funder', weight: 60 }, { kind: 'funder', weight: 40 }]), { code: 'duplicate_rater', kind: 'funder' });
    assert.deepEqual(templateProblem([{ kind: 'funder', weight: 60 }, { kind: 'evaluator', weight: 30 }]), { code: 'weights_sum', sum: 90 });
    assert.deepEqual(templateProblem([{ kind: 'funder', weight: 100.5 }]), { code: 'invalid_weight', kind: 'funder' });
  });

  test('scales: residents 1–5 turned into 0–100, others 0–100', () => {
    assert.equal(residentRatingScore(1), 0);
    assert.equal(residentRatingScore(5), 100);
    assert.equal(ratingInScale(0), false);
    assert.equal(ratingInScale(6), false);
    assert.equal(ratingInScale(3), true);
    assert.equal(scoreInScale(101), false);
    assert.equal(scoreInScale(-1), false);
    assert.equal(scoreInScale(Number.NaN), false);
  });

  test('each kind weighs by its weight whatever its number of responses; final score and grade', () => {
    const r = roundResult(DEFAULT_EVALUATION_TEMPLATE, [
      { kind: 'residents', score: 100 },
      { kind: 'residents', score: 75 },
      { kind: 'residents', score: 50 },
      { kind: 'committee', score: 90 },
      { kind: 'funder', score: 80 },
      { kind: 'evaluator', score: 85 },
    ]);
    // 30×75 + 20×90 + 20×80 + 30×85 = 8200 → 82
    assert.equal(r.finalScore, 82);
    assert.equal(r.grade, 'good');
    assert.deepEqual(r.missing, []);
    assert.equal(r.raters.find((x) => x.kind === 'residents')?.responses, 3);
  });

  test('a round with a kind missing has no final score', () => {
    const r = roundResult(DEFAULT_EVALUATION_TEMPLATE, [{ kind: 'residents', score: 100 }]);
    assert.equal(r.finalScore, null);
    assert.equal(r.grade, null);
    assert.deepEqual(r.missing, ['committee', 'funder', 'evaluator']);
  });

  test('grades: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below', () => {
    assert.equal(gradeForScore(90), 'excellent');
    assert.equal(gradeForScore(89.9), 'good');
    assert.equal(gradeForScore(80), 'good');
    assert.equal(gradeForScore(60), 'pass');
    assert.equal(gradeForScore(59.9), 'fail');
  });

  test('the final score lies between the lowest and highest kind mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 12 }), (scores) => {
        const kinds = ['residents', 'committee', 'funder', 'evaluator'] as const;
        const r = roundResult(DEFAULT_EVALUATION_TEMPLATE, scores.map((score, i) => ({ kind: kinds[i % 4], score })));
        const means = r.raters.map((x) => x.mean as number);
        assert.ok(r.finalScore !== null && r.finalScore >= Math.min(...means) - 0.05 && r.finalScore <= Math.max(...means) + 0.05);
      }),
    );
  });
});

describe('linkage delivery: contracts match the engine', () => {
  test('rater kinds, grades, default template and milestone statuses are the same lists', async () => {
    const contracts = await import('../../src/contracts/linkage-delivery.ts');
    const evaluation = await import('../../src/engine/linkage/evaluation.ts');
    const progress = await import('../../src/engine/linkage/progress.ts');
    assert.deepEqual(contracts.RATER_KINDS, evaluation.RATER_KINDS);
    assert.deepEqual(contracts.EVALUATION_GRADES, evaluation.EVALUATION_GRADES);
    assert.deepEqual(contracts.DEFAULT_EVALUATION_TEMPLATE, evaluation.DEFAULT_EVALUATION_TEMPLATE);
    assert.deepEqual(contracts.MILESTONE_STATUSES, progress.MILESTONE_STATUSES);
  });
});
