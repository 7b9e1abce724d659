import { PLAN_LIMITS, type IndicatorDefinition, type Target } from '../../contracts/indicators.ts';

/**
 * Progress of an indicator against a plan's target. Times are in years on the line of
 * timeOf (period.ts): a year Y is the end of year Y, so a target "by 2025" is due at 2025.
 */

export interface ProgressInput {
  higherIsBetter: boolean;
  baseline: Target | null;
  target: Target | null;
  /** The latest value (null: no data) and when it stands, as timeOf(period). */
  actual: { value: number | null; time: number };
}

export interface Progress {
  /** How far the actual is still short of the target (≤ 0: reached); null without both. */
  gap: number | null;
  /** The change per year still needed to reach the target by its year, signed as target − actual. */
  pacePerYear: number | null;
  /** Where the straight line from baseline to target stands at the actual's time. */
  expected: number | null;
  /** null when it cannot be told. */
  onTrack: boolean | null;
}

/**
 * Gap, pace, expected value and on-track flag of one indicator.
 *
 * - A reached target (gap ≤ 0) is on track with a pace of 0, whatever the time.
 * - Not reached and the target year is here or past: pace null, not on track.
 * - Otherwise on track when the actual is at or beyond the baseline-to-target line
 *   (below it for a lower-is-better indicator); without that line, null.
 *
 * Differences within a rounding step of the target (1e-9 relative) count as equal, so
 * 100 × 29 / 100 meets a target of 29.
 */
export function progressOf(input: ProgressInput): Progress {
  const { higherIsBetter, baseline, target, actual } = input;
  const expected = expectedAt(baseline, target, actual.time);
  if (actual.value === null || target === null) return { gap: null, pacePerYear: null, expected, onTrack: null };
  const scale = Math.max(1, Math.abs(target.value));
  const towardTarget = snap(target.value - actual.value, scale);
  const gap = higherIsBetter ? towardTarget : -towardTarget;
  if (gap <= 0) return { gap, pacePerYear: 0, expected, onTrack: true };
  const yearsLeft = target.year - actual.time;
  if (yearsLeft <= 0) return { gap, pacePerYear: null, expected, onTrack: false };
  const pacePerYear = towardTarget / yearsLeft;
  if (expected === null) return { gap, pacePerYear, expected, onTrack: null };
  const aheadOfLine = snap(actual.value - expected, scale);
  return { gap, pacePerYear, expected, onTrack: higherIsBetter ? aheadOfLine >= 0 : aheadOfLine <= 0 };
}

/**
 * The straight line from baseline to target at a time, held at the baseline value before the
 * baseline year and at the target value after the target year; null without both ends or
 * when the baseline year is not before the target year.
 */
export function expectedAt(baseline: Target | null, target: Target | null, time: number): number | null {
  if (baseline === null || target === null || baseline.year >= target.year) return null;
  const elapsed = Math.min(1, Math.max(0, (time - baseline.year) / (target.year - baseline.year)));
  return baseline.value + (target.value - baseline.value) * elapsed;
}

function snap(difference: number, scale: number): number {
  return Math.abs(difference) <= 1e-9 * scale ? 0 : difference;
}

export type PlanIndicatorField = 'baseline.value' | 'baseline.year' | 'target.value' | 'target.year';

export interface PlanIndicatorProblem {
  field: PlanIndicatorField;
  problem: string;
}

/**
 * What is wrong with a plan indicator's baseline and target: values outside the indicator's
 * range or not finite, years that are not whole years within the plan limits, a baseline
 * year after the target year. Empty when nothing is.
 */
export function checkPlanIndicator(input: {
  baseline: Target | null;
  target: Target | null;
  range: IndicatorDefinition['range'];
}): PlanIndicatorProblem[] {
  const { baseline, target, range } = input;
  const problems: PlanIndicatorProblem[] = [];
  for (const [name, point] of [['baseline', baseline], ['target', target]] as const) {
    if (point === null) continue;
    const valueProblem = checkValue(point.value, range);
    if (valueProblem) problems.push({ field: `${name}.value`, problem: valueProblem });
    const yearProblem = checkYear(point.year);
    if (yearProblem) problems.push({ field: `${name}.year`, problem: yearProblem });
  }
  if (baseline && target && baseline.year > target.year) {
    problems.push({ field: 'baseline.year', problem: `${baseline.year} is after the target year ${target.year}` });
  }
  return problems;
}

function checkValue(value: number, range: IndicatorDefinition['range']): string | null {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  if (value < range.min) return `${value} is below the minimum ${range.min}`;
  if (range.max !== null && value > range.max) return `${value} is above the maximum ${range.max}`;
  return null;
}

function checkYear(year: number): string | null {
  const { yearMin, yearMax } = PLAN_LIMITS;
  if (!Number.isInteger(year) || year < yearMin || year > yearMax) return `${year} is not a whole year from ${yearMin} to ${yearMax}`;
  return null;
}
