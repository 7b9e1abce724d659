import { addDays, addMonths, daysBetween } from './calendar.ts';
import type { Level } from './risk.ts';

/**
 * The visit schedule of a care case. Pure.
 *
 * A visit policy maps each risk level to a frequency. The next visit is due one period after the
 * last visit (or after the day the case opened, when there was none): a week is 7 days, a
 * fortnight 14, a month a calendar month (31 January + 1 month = 28 or 29 February), a quarter 3
 * months, half a year 6 months. Around the due day a case moves through stages:
 *
 *   scheduled → due (from `leadDays(frequency)` days before the due day, the due day included)
 *            → overdue (from the day after the due day: the owner is warned)
 *            → escalated (from `escalateAfterDays` days after the due day, +1: the supervisor is told).
 *
 * `nextChange` gives the day the stage next moves, so a daily sweep only reads the cases whose
 * day has come (an index range), however many cases there are.
 */
export type Frequency = 'week' | 'fortnight' | 'month' | 'quarter' | 'halfYear';
export interface Policy {
  high: Frequency;
  medium: Frequency;
  low: Frequency;
  escalateAfterDays: number;
}
export const DEFAULT_POLICY: Policy = { high: 'week', medium: 'month', low: 'quarter', escalateAfterDays: 7 };

export const STAGES = ['scheduled', 'due', 'overdue', 'escalated'] as const;
export type Stage = 0 | 1 | 2 | 3;

/** The day one period after `from`. */
export function addPeriod(from: string, frequency: Frequency): string {
  switch (frequency) {
    case 'week':
      return addDays(from, 7);
    case 'fortnight':
      return addDays(from, 14);
    case 'month':
      return addMonths(from, 1);
    case 'quarter':
      return addMonths(from, 3);
    case 'halfYear':
      return addMonths(from, 6);
  }
}

/** How many days before the due day a visit shows as due on the worker's day list. */
export function leadDays(frequency: Frequency): number {
  switch (frequency) {
    case 'week':
      return 2;
    case 'fortnight':
      return 3;
    case 'month':
      return 7;
    case 'quarter':
      return 14;
    case 'halfYear':
      return 30;
  }
}

export function frequencyFor(policy: Policy, level: Level): Frequency {
  return policy[level];
}

/** The next due day: one period after the last visit, or after the case opened. */
export function nextDue(lastVisitOn: string | null, openedOn: string, frequency: Frequency): string {
  return addPeriod(lastVisitOn ?? openedOn, frequency);
}

/** The stage of a visit due on `dueOn`, seen on `today`. */
export function stageOn(dueOn: string, today: string, frequency: Frequency, escalateAfterDays: number): Stage {
  const late = daysBetween(dueOn, today);
  if (late > escalateAfterDays) return 3;
  if (late > 0) return 2;
  if (-late <= leadDays(frequency)) return 1;
  return 0;
}

/** The first day after `today` on which the stage moves on; null once escalated. */
export function nextChange(dueOn: string, today: string, frequency: Frequency, escalateAfterDays: number): string | null {
  const stage = stageOn(dueOn, today, frequency, escalateAfterDays);
  if (stage === 0) return addDays(dueOn, -leadDays(frequency));
  if (stage === 1) return addDays(dueOn, 1);
  if (stage === 2) return addDays(dueOn, escalateAfterDays + 1);
  return null;
}

/**
 * Whether a case was visited as its plan asks over a period [from, to] (both included; `to` is
 * capped at `today`): no day of the period was overdue. Visits before the period count, since the
 * first visit of a period is due one period after the last one before it. The frequency is the
 * case's current one (a risk change inside the period is not replayed).
 */
export function visitedAsPlanned(args: {
  openedOn: string;
  /** Visit days, any order. */
  visits: readonly string[];
  frequency: Frequency;
  from: string;
  to: string;
  today: string;
  /** The day the case closed, if it did: nothing is due after. */
  closedOn?: string | null;
}): boolean {
  const end = [args.to, args.today, args.closedOn ?? args.to].sort()[0]!;
  if (end < args.from || end < args.openedOn) return true;
  const visits = [...args.visits].filter((v) => v <= end).sort();
  let previous = args.openedOn;
  for (const v of [...visits, null]) {
    if (v !== null && v < previous) continue;
    const due = addPeriod(previous, args.frequency);
    // Overdue from the day after `due` until the day of a late visit (or the end of the period).
    const overdueFrom = addDays(due, 1);
    const overdueTo = v === null ? end : v;
    if (overdueFrom <= overdueTo && overdueFrom <= end && overdueTo >= args.from) return false;
    if (v === null) break;
    previous = v;
  }
  return true;
}
