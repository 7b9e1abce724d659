import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  checkPlanIndicator,
  coefficientOfVariation,
  parsePeriod,
  periodsBetween,
  progressOf,
  spread,
  theilIndex,
  timeOf,
  timeOfDate,
  urbanRuralGap,
  type Period,
  type ProgressInput,
} from '../../src/engine/indicators/index.ts';
import { buildAreaTree } from '../../src/engine/areas/hierarchy.ts';
import { RURAL, URBAN } from '../../src/engine/coverage/roll-up.ts';
import { rollUpRatio } from '../../src/engine/indicators/roll-up.ts';

const close = (actual: number | null, expected: number, tolerance = 1e-9) => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
};
const period = (text: string): Period => {
  const p = parsePeriod(text);
  assert.ok(p, `${text} should parse`);
  return p;
};

describe('periods', () => {
  test('a year runs from 1 January to 31 December', () => {
    assert.deepEqual(parsePeriod('2025'), { text: '2025', kind: 'year', year: 2025, quarter: null, start: '2025-01-01', end: '2025-12-31' });
  });

  test('quarters start and end on the right days', () => {
    const days = [1, 2, 3, 4].map((q) => {
      const p = period(`2025Q${q}`);
      assert.equal(p.kind, 'quarter');
      assert.equal(p.quarter, q);
      return [p.start, p.end];
    });
    assert.deepEqual(days, [
      ['2025-01-01', '2025-03-31'],
      ['2025-04-01', '2025-06-30'],
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
    ]);
  });

  test('refuses what is not a year or quarter within 2000–2100', () => {
    for (const text of ['2025Q5', '2025Q0', '2025Q', '25', '2025q1', '1999', '2101', '', ' 2025', '2025 ', '2025-Q1', '20250']) {
      assert.equal(parsePeriod(text), null, JSON.stringify(text));
    }
    assert.equal(period('2000').year, 2000);
    assert.equal(period('2100Q4').end, '2100-12-31');
  });

  test('lists consecutive quarters across a year end', () => {
    assert.deepEqual(
      periodsBetween(period('2024Q3'), period('2025Q2'), 'quarter').map((p) => p.text),
      ['2024Q3', '2024Q4', '2025Q1', '2025Q2'],
    );
    assert.deepEqual(
      periodsBetween(period('2025'), period('2025'), 'quarter').map((p) => p.text),
      ['2025Q1', '2025Q2', '2025Q3', '2025Q4'],
    );
  });

  test('lists the years that hold the ends, and nothing when the ends are reversed', () => {
    assert.deepEqual(periodsBetween(period('2025Q3'), period('2026Q1'), 'year').map((p) => p.text), ['2025', '2026']);
    assert.deepEqual(periodsBetween(period('2023'), period('2025'), 'year').map((p) => p.text), ['2023', '2024', '2025']);
    assert.deepEqual(periodsBetween(period('2025Q2'), period('2025Q1'), 'quarter'), []);
    assert.deepEqual(periodsBetween(period('2026'), period('2025'), 'year'), []);
  });

  test('times a period by its end: a year is its own number, Q4 equals the year', () => {
    assert.equal(timeOf(period('2025')), 2025);
    assert.equal(timeOf(period('2025Q4')), 2025);
    assert.equal(timeOf(period('2025Q1')), 2024.25);
    assert.equal(timeOf(period('2025Q2')), 2024.5);
  });

  test('times a day on the same line: the last day of a year is the year, agreeing with timeOf', () => {
    assert.equal(timeOfDate('2025-12-31'), timeOf(period('2025')));
    assert.equal(timeOfDate('2024-12-31'), 2024);
    // 2025 has 365 days: the end of 2 July is 183 days in.
    assert.ok(Math.abs(timeOfDate('2025-07-02') - (2024 + 183 / 365)) < 1e-12);
    // A leap year's 29 February.
    assert.ok(Math.abs(timeOfDate('2024-02-29') - (2023 + 60 / 366)) < 1e-12);
  });
});

describe('urban/rural comparison', () => {
  test('ratio and gap', () => {
    assert.deepEqual(urbanRuralGap(80, 40), { urban: 80, rural: 40, ratio: 2, gap: 40 });
  });

  test('no ratio when rural is 0, but a gap', () => {
    assert.deepEqual(urbanRuralGap(80, 0), { urban: 80, rural: 0, ratio: null, gap: 80 });
    assert.deepEqual(urbanRuralGap(0, 0), { urban: 0, rural: 0, ratio: null, gap: 0 });
  });

  test('nothing without both sides', () => {
    assert.deepEqual(urbanRuralGap(null, 40), { urban: null, rural: 40, ratio: null, gap: null });
    assert.deepEqual(urbanRuralGap(80, null), { urban: 80, rural: null, ratio: null, gap: null });
  });
});

describe('coefficient of variation', () => {
  test('matches a hand value (mean 5, population SD 2)', () => {
    close(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]), 0.4);
  });

  test('skips non-finite values', () => {
    close(coefficientOfVariation([2, Number.NaN, 4, 4, 4, Number.POSITIVE_INFINITY, 5, 5, 7, 9]), 0.4);
  });

  test('is exactly 0 for equal values, even when their mean rounds', () => {
    assert.equal(coefficientOfVariation([0.1, 0.1, 0.1]), 0);
  });

  test('null with fewer than two values or a zero mean', () => {
    assert.equal(coefficientOfVariation([]), null);
    assert.equal(coefficientOfVariation([5, Number.NaN]), null);
    assert.equal(coefficientOfVariation([0, 0, 0]), null);
  });
});

describe('Theil index', () => {
  test('is exactly 0 for equal values', () => {
    assert.equal(theilIndex([5, 5, 5], [1, 2, 3]), 0);
    assert.equal(theilIndex([0.1, 0.1, 0.1], [3, 7, 11]), 0);
  });

  test('matches a hand value for two equal groups', () => {
    // μ = 2; T = ½·½·ln ½ + ½·(3/2)·ln(3/2)
    close(theilIndex([1, 3], [1, 1]), 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5));
    close(theilIndex([1, 3], [1, 1]), 0.130812035941137);
  });

  test('weighting matters', () => {
    // Weights 3:1: μ = 1.5; T = ¾·(2/3)·ln(2/3) + ¼·2·ln 2 = ½·ln(4/3)
    const weighted = theilIndex([1, 3], [3, 1]);
    close(weighted, 0.5 * Math.log(4 / 3));
    assert.notEqual(weighted, theilIndex([1, 3], [1, 1]));
  });

  test('a zero value contributes 0·ln 0 = 0', () => {
    // μ = 1; T = ½·0 + ½·2·ln 2
    close(theilIndex([0, 2], [1, 1]), Math.LN2);
  });

  test('skips non-finite values and weights that are not positive and finite', () => {
    const values = [1, Number.NaN, 3, 100, 7, 50, 9];
    const weights = [1, 5, 1, 0, Number.NaN, -2, Number.POSITIVE_INFINITY];
    close(theilIndex(values, weights), 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5));
  });

  test('null with fewer than two usable entries or a zero mean', () => {
    assert.equal(theilIndex([], []), null);
    assert.equal(theilIndex([4, 8], [1, 0]), null);
    assert.equal(theilIndex([0, 0], [1, 1]), null);
  });

  test('a negative value throws, naming its index', () => {
    assert.throws(() => theilIndex([1, -2, 3], [1, 1, 1]), (e: unknown) => e instanceof RangeError && /values\[1\]/.test(e.message));
  });

  test('values and weights must pair up', () => {
    assert.throws(() => theilIndex([1, 2], [1]), RangeError);
  });

  test('does not change when values or weights are scaled, and is never negative', () => {
    const entries = fc.array(fc.record({ value: fc.double({ min: 0.01, max: 1000, noNaN: true }), weight: fc.double({ min: 1, max: 1e6, noNaN: true }) }), {
      minLength: 2,
      maxLength: 20,
    });
    fc.assert(
      fc.property(entries, fc.double({ min: 0.1, max: 100, noNaN: true }), (rows, factor) => {
        const values = rows.map((r) => r.value);
        const weights = rows.map((r) => r.weight);
        const theil = theilIndex(values, weights)!;
        assert.ok(theil >= 0);
        close(theilIndex(values.map((v) => v * factor), weights), theil, 1e-9 * Math.max(1, theil));
        close(theilIndex(values, weights.map((w) => w * factor)), theil, 1e-9 * Math.max(1, theil));
      }),
    );
  });
});

describe('spread across areas', () => {
  test('count and mean of the values with a value, CV unweighted, Theil weighted', () => {
    const result = spread([1, Number.NaN, 3], [1, 1, 1]);
    assert.equal(result.count, 2);
    assert.equal(result.mean, 2);
    close(result.coefficientOfVariation, 0.5);
    close(result.theil, 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5));
  });

  test('nothing to say without values', () => {
    assert.deepEqual(spread([], []), { count: 0, mean: null, coefficientOfVariation: null, theil: null });
  });
});

describe('progress against a target', () => {
  // Coverage from 60 % in 2020 to 90 % by 2025: the line rises 6 points a year.
  const rising = (value: number | null, time: number): ProgressInput => ({
    higherIsBetter: true,
    baseline: { value: 60, year: 2020 },
    target: { value: 90, year: 2025 },
    actual: { value, time },
  });

  test('on track: above the line', () => {
    const p = progressOf(rising(80, 2023));
    close(p.expected, 78);
    assert.equal(p.gap, 10);
    close(p.pacePerYear, 5);
    assert.equal(p.onTrack, true);
  });

  test('behind: below the line', () => {
    const p = progressOf(rising(70, 2023));
    close(p.expected, 78);
    assert.equal(p.gap, 20);
    close(p.pacePerYear, 10);
    assert.equal(p.onTrack, false);
  });

  test('a quarter counts from its end', () => {
    const p = progressOf(rising(72, timeOf(period('2023Q2'))));
    close(p.expected, 75);
    assert.equal(p.gap, 18);
    close(p.pacePerYear, 7.2);
    assert.equal(p.onTrack, false);
  });

  test('reached: gap ≤ 0, no pace needed, on track', () => {
    const p = progressOf(rising(92, 2024));
    assert.deepEqual(p, { gap: -2, pacePerYear: 0, expected: 84, onTrack: true });
    assert.equal(progressOf(rising(95, 2027)).onTrack, true);
  });

  test('reached within a rounding step', () => {
    const p = progressOf({ ...rising(0.29 * 100, 2024), target: { value: 29, year: 2025 } });
    assert.equal(p.gap, 0);
    assert.equal(p.onTrack, true);
  });

  test('target year here or past and not reached: no pace, not on track', () => {
    assert.deepEqual(progressOf(rising(85, 2025)), { gap: 5, pacePerYear: null, expected: 90, onTrack: false });
    assert.deepEqual(progressOf(rising(85, 2026)), { gap: 5, pacePerYear: null, expected: 90, onTrack: false });
  });

  test('the line holds the baseline value before the baseline year', () => {
    close(progressOf(rising(61, 2019)).expected, 60);
  });

  test('lower is better', () => {
    // From 40 in 2020 to 20 by 2024: the line falls 5 a year, to 30 in 2022.
    const falling = (value: number): ProgressInput => ({
      higherIsBetter: false,
      baseline: { value: 40, year: 2020 },
      target: { value: 20, year: 2024 },
      actual: { value, time: 2022 },
    });
    assert.deepEqual(progressOf(falling(30)), { gap: 10, pacePerYear: -5, expected: 30, onTrack: true });
    assert.deepEqual(progressOf(falling(35)), { gap: 15, pacePerYear: -7.5, expected: 30, onTrack: false });
    assert.deepEqual(progressOf(falling(18)), { gap: -2, pacePerYear: 0, expected: 30, onTrack: true });
  });

  test('without a baseline: gap and pace, but no line to judge by until the target year passes', () => {
    const noBaseline = (time: number): ProgressInput => ({ ...rising(80, time), baseline: null });
    assert.deepEqual(progressOf(noBaseline(2023)), { gap: 10, pacePerYear: 5, expected: null, onTrack: null });
    assert.deepEqual(progressOf(noBaseline(2026)), { gap: 10, pacePerYear: null, expected: null, onTrack: false });
  });

  test('a baseline year not before the target year draws no line', () => {
    const p = progressOf({ ...rising(80, 2023), baseline: { value: 60, year: 2025 } });
    assert.equal(p.expected, null);
    assert.equal(p.onTrack, null);
  });

  test('no actual value: nothing to judge, though the line still stands', () => {
    assert.deepEqual(progressOf(rising(null, 2023)), { gap: null, pacePerYear: null, expected: 78, onTrack: null });
  });

  test('no target: nothing at all', () => {
    assert.deepEqual(progressOf({ ...rising(80, 2023), target: null }), { gap: null, pacePerYear: null, expected: null, onTrack: null });
  });
});

describe('checking a plan indicator', () => {
  const percent = { min: 0, max: 100 };

  test('accepts a sound baseline and target, or none', () => {
    assert.deepEqual(checkPlanIndicator({ baseline: { value: 60, year: 2020 }, target: { value: 90, year: 2025 }, range: percent }), []);
    assert.deepEqual(checkPlanIndicator({ baseline: null, target: null, range: percent }), []);
    assert.deepEqual(checkPlanIndicator({ baseline: null, target: { value: 1e6, year: 2025 }, range: { min: 0, max: null } }), []);
  });

  test('values outside the range or not finite', () => {
    const problems = checkPlanIndicator({ baseline: { value: -1, year: 2020 }, target: { value: 120, year: 2025 }, range: percent });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['baseline.value', 'target.value'],
    );
    assert.match(problems[0]!.problem, /minimum 0/);
    assert.match(problems[1]!.problem, /maximum 100/);
    const notFinite = checkPlanIndicator({ baseline: null, target: { value: Number.NaN, year: 2025 }, range: { min: 0, max: null } });
    assert.deepEqual(notFinite.map((p) => p.field), ['target.value']);
    assert.match(notFinite[0]!.problem, /finite/);
  });

  test('years outside 2000–2100 or not whole', () => {
    const problems = checkPlanIndicator({ baseline: { value: 50, year: 1999 }, target: { value: 90, year: 2025.5 }, range: percent });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['baseline.year', 'target.year'],
    );
    assert.deepEqual(checkPlanIndicator({ baseline: null, target: { value: 90, year: 2101 }, range: percent }).map((p) => p.field), ['target.year']);
  });

  test('a baseline year after the target year', () => {
    const problems = checkPlanIndicator({ baseline: { value: 50, year: 2026 }, target: { value: 90, year: 2025 }, range: percent });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'baseline.year');
    assert.match(problems[0]!.problem, /target year 2025/);
  });
});

describe('rollUpRatio', () => {
  // 1 ─ 11 ─ 111 (urban, 1 of 1 covered, 10 households), 112 (rural, 0 of 1, no figures)
  //   └ 12 ─ 121 (rural, 1 of 1, 30 households)
  const tree = buildAreaTree([
    { code: '1', parentCode: null, level: 1 },
    { code: '11', parentCode: '1', level: 4 },
    { code: '12', parentCode: '1', level: 4 },
    { code: '111', parentCode: '11', level: 5 },
    { code: '112', parentCode: '11', level: 5 },
    { code: '121', parentCode: '12', level: 5 },
  ]);
  const leaf = Int32Array.from(['111', '112', '121'], (c) => tree.index.get(c)!);
  const kind = Uint8Array.from([URBAN, RURAL, RURAL]);
  const at = (code: string) => tree.index.get(code)!;

  test('sums numerators and denominators per class up the tree, by hand', () => {
    const r = rollUpRatio(tree, leaf, kind, Float64Array.from([1, 0, 1]), Float64Array.from([1, 1, 1]));
    assert.deepEqual([r.all.numerator[at('1')], r.all.denominator[at('1')]], [2, 3]);
    assert.deepEqual([r.urban.numerator[at('1')], r.urban.denominator[at('1')]], [1, 1]);
    assert.deepEqual([r.rural.numerator[at('1')], r.rural.denominator[at('1')]], [1, 2]);
    assert.deepEqual([r.rural.numerator[at('11')], r.rural.denominator[at('11')]], [0, 1]);
    assert.deepEqual([r.urban.numerator[at('12')], r.urban.denominator[at('12')]], [0, 0], 'no urban community: 0 / 0, not a share');
  });

  test('a community without figures counts in neither sum', () => {
    const floor = Float64Array.from([200, 500, 300]);
    const households = Float64Array.from([10, Number.NaN, 30]);
    const r = rollUpRatio(tree, leaf, kind, floor, households);
    assert.deepEqual([r.all.numerator[at('1')], r.all.denominator[at('1')]], [500, 40]);
    assert.deepEqual([r.rural.numerator[at('11')], r.rural.denominator[at('11')]], [0, 0]);
  });

  test('mismatched lengths are refused', () => {
    assert.throws(() => rollUpRatio(tree, leaf, kind, new Float64Array(2), new Float64Array(3)), RangeError);
  });
});
