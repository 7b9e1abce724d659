import { PLAN_LIMITS } from '../../contracts/indicators.ts';

/**
 * Reporting periods: a year ("2025") or a quarter ("2025Q3"), and where they fall on a
 * time line measured in years.
 */

export type PeriodKind = 'year' | 'quarter';

export interface Period {
  /** As written: "2025" or "2025Q3". */
  text: string;
  kind: PeriodKind;
  year: number;
  /** 1–4 for a quarter, null for a year. */
  quarter: number | null;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end: string;
}

// Upper-case Q only, as PERIOD_PATTERN in the contracts: "2025q1" is refused, not guessed at.
const PERIOD = /^([0-9]{4})(?:Q([1-4]))?$/;

/** Reads "2025" or "2025Q3"; null for anything else, including years outside the plan limits. */
export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < PLAN_LIMITS.yearMin || year > PLAN_LIMITS.yearMax) return null;
  return match[2] === undefined ? yearPeriod(year) : quarterPeriod(year, Number(match[2]));
}

/** The whole year. */
export function yearPeriod(year: number): Period {
  return { text: String(year), kind: 'year', year, quarter: null, start: isoDate(year, 1, 1), end: isoDate(year, 12, 31) };
}

/** Quarter 1–4 of a year (Q1 = January to March). */
export function quarterPeriod(year: number, quarter: number): Period {
  const firstMonth = 3 * (quarter - 1) + 1;
  const lastMonth = firstMonth + 2;
  return {
    text: `${year}Q${quarter}`,
    kind: 'quarter',
    year,
    quarter,
    start: isoDate(year, firstMonth, 1),
    end: isoDate(year, lastMonth, daysInMonth(year, lastMonth)),
  };
}

/**
 * The consecutive periods of a kind from the one holding `from`'s first day to the one
 * holding `to`'s last day, inclusive: 2025Q3 to 2026 by year is [2025, 2026], 2025 to
 * 2025 by quarter is Q1–Q4. Empty when `to` ends before `from` starts.
 */
export function periodsBetween(from: Period, to: Period, kind: PeriodKind): Period[] {
  const periods: Period[] = [];
  if (kind === 'year') {
    for (let year = from.year; year <= to.year; year++) periods.push(yearPeriod(year));
    return periods;
  }
  const first = from.year * 4 + (from.quarter ?? 1) - 1;
  const last = to.year * 4 + (to.quarter ?? 4) - 1;
  for (let q = first; q <= last; q++) periods.push(quarterPeriod(Math.floor(q / 4), (q % 4) + 1));
  return periods;
}

/**
 * The period's end on a time line in years, where a plain year Y stands for the end of
 * year Y (as a plan's "target year 2025" means "by the end of 2025"): a year period is its
 * year, a quarter is year + (quarter − 4) / 4, so 2025Q4 ≡ 2025 and 2025Q1 ≡ 2024.25.
 * Progress compares this with baseline and target years.
 */
export function timeOf(period: Period): number {
  return period.quarter === null ? period.year : period.year + (period.quarter - 4) / 4;
}

/**
 * The end of a day (ISO date) on the same time line: 2025-12-31 ≡ 2025, 2025-07-02 ≈ 2024.5.
 * Progress of an open period uses the day its figures were read.
 */
export function timeOfDate(day: string): number {
  const year = Number(day.slice(0, 4));
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const at = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return year - 1 + (at - start) / (end - start);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
