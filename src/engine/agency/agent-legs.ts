/**
 * The clock of an agent's own leg in the full-process agency: after the agent receives the
 * materials they must hand them to the unit within a number of working days, and after they
 * collect the result they must return it to the resident within another. Pure: the working-day
 * calendar comes in, dates (YYYY-MM-DD, China) go out.
 */
import { addWorkingDays, type IsoDate, type WorkingCalendar } from '../calendar/working-days.ts';

export type LegStanding = 'onTime' | 'warning' | 'overdue';

export interface LegClock {
  /** The first day the leg warns. */
  warnFrom: IsoDate;
  /** The last day the leg is on time. */
  dueBy: IsoDate;
  /** Years the calendar did not know (counted Monday–Friday). */
  assumedYears: readonly number[];
}

/**
 * A leg started on `since` with `limitDays` working days (the start day does not count, as for
 * every limit): due on the `limitDays`-th working day after it, warning from the working day at
 * `warningShare` of the limit (at least the first working day after the start, at most the due day).
 */
export function legClock(cal: WorkingCalendar, since: IsoDate, limitDays: number, warningShare: number): LegClock {
  if (!Number.isInteger(limitDays) || limitDays < 1) throw new RangeError(`limitDays must be a whole number of at least 1, not ${limitDays}`);
  if (!(warningShare > 0 && warningShare <= 1)) throw new RangeError(`warningShare must be in (0, 1], not ${warningShare}`);
  const due = addWorkingDays(cal, since, limitDays);
  const warnDays = Math.min(limitDays, Math.max(1, Math.floor(limitDays * warningShare)));
  const warn = addWorkingDays(cal, since, warnDays);
  return { warnFrom: warn.value, dueBy: due.value, assumedYears: [...new Set([...due.assumedYears, ...warn.assumedYears])].sort((a, b) => a - b) };
}

/** How a leg stands on `today`: overdue after its due day, warning from its warning day. */
export function legStanding(clock: { warnFrom: IsoDate; dueBy: IsoDate }, today: IsoDate): LegStanding {
  if (today > clock.dueBy) return 'overdue';
  if (today >= clock.warnFrom) return 'warning';
  return 'onTime';
}
