/**
 * Working days of the PRC calendar: weekends off, public holidays off, and the make-up working
 * days (调休) on which a Saturday or Sunday is worked. Pure: the caller hands in the sets (the
 * national ones from the `chinese-days` package, merged with the local days an admin adds, in
 * src/server/modules/services/calendar.service.ts).
 *
 * Dates are calendar days written `YYYY-MM-DD` (the day in China; no time, no zone).
 *
 * Counting rule (the one 《行政许可法》 第四十二条 and the service guides use): a limit of n working
 * days starts on the day AFTER the start date (the day of acceptance does not count) and ends at
 * the close of the n-th working day after it. `addWorkingDays(cal, start, n)` returns that day;
 * `workingDaysBetween(cal, from, to)` counts the working days in (from, to], so that
 * `workingDaysBetween(cal, d, addWorkingDays(cal, d, n).date) === n`.
 *
 * A year the sets do not know (no holiday data published for it) is counted Monday–Friday, and
 * every answer that touched such a year says so (`assumedYears`), for the caller to report.
 */

export type IsoDate = string;

export interface WorkingCalendar {
  /** Days off that would be working days by the weekday rule (public holidays, local holidays). */
  readonly holidays: ReadonlySet<IsoDate>;
  /** Saturdays and Sundays that are worked (调休 make-up days, local working days). */
  readonly workingDays: ReadonlySet<IsoDate>;
  /** Years whose holidays are known; other years fall back to Monday–Friday. */
  readonly knownYears: ReadonlySet<number>;
}

export interface CalendarAnswer<T> {
  readonly value: T;
  /** Years the answer touched that the calendar does not know (counted Monday–Friday), ascending. */
  readonly assumedYears: readonly number[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** Longest limit counted, in working days: far above any statutory limit, and a guard against runaway loops. */
export const MAX_WORKING_DAYS = 3660;

export class CalendarDateError extends Error {
  constructor(readonly input: string) {
    super(`${JSON.stringify(input)} is not a calendar date (YYYY-MM-DD)`);
    this.name = 'CalendarDateError';
  }
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const time = Date.UTC(Number(y), Number(m) - 1, Number(d));
  return toIsoDate(time) === text;
}

function toTime(date: IsoDate): number {
  if (!isIsoDate(date)) throw new CalendarDateError(date);
  return Date.parse(`${date}T00:00:00Z`);
}

function toIsoDate(time: number): IsoDate {
  return new Date(time).toISOString().slice(0, 10);
}

/** The day `days` calendar days after `date` (negative: before). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(toTime(date) + days * DAY_MS);
}

export function makeWorkingCalendar(input: {
  holidays?: Iterable<IsoDate>;
  workingDays?: Iterable<IsoDate>;
  knownYears?: Iterable<number>;
}): WorkingCalendar {
  return {
    holidays: new Set(input.holidays ?? []),
    workingDays: new Set(input.workingDays ?? []),
    knownYears: new Set(input.knownYears ?? []),
  };
}

/**
 * `base` with `local` laid over it: a local holiday takes a day off the base's working days and a
 * local working day takes it off the base's holidays. Known years are the base's.
 */
export function overlayCalendar(
  base: WorkingCalendar,
  local: { holidays?: Iterable<IsoDate>; workingDays?: Iterable<IsoDate> },
): WorkingCalendar {
  const holidays = new Set(base.holidays);
  const workingDays = new Set(base.workingDays);
  for (const day of local.holidays ?? []) {
    holidays.add(day);
    workingDays.delete(day);
  }
  for (const day of local.workingDays ?? []) {
    workingDays.add(day);
    holidays.delete(day);
  }
  return { holidays, workingDays, knownYears: base.knownYears };
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function weekdayWorks(time: number): boolean {
  const weekday = new Date(time).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function worksAt(cal: WorkingCalendar, date: IsoDate, time: number): boolean {
  if (cal.workingDays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return weekdayWorks(time);
}

/** Whether the calendar knows the holidays of `date`'s year. */
export function isKnownYear(cal: WorkingCalendar, date: IsoDate): boolean {
  return cal.knownYears.has(yearOf(date));
}

/** Whether `date` is a working day (in an unknown year: whether it is Monday to Friday). */
export function isWorkingDay(cal: WorkingCalendar, date: IsoDate): CalendarAnswer<boolean> {
  const time = toTime(date);
  const year = yearOf(date);
  return { value: worksAt(cal, date, time), assumedYears: cal.knownYears.has(year) ? [] : [year] };
}

/**
 * The day on which a limit of `n` working days started on `start` ends (the start day does not
 * count; see the module comment). `n = 0` is `start` itself. A negative or fractional `n`, or one
 * above MAX_WORKING_DAYS, is a RangeError.
 */
export function addWorkingDays(cal: WorkingCalendar, start: IsoDate, n: number): CalendarAnswer<IsoDate> {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`n must be a whole number of working days from 0 to ${MAX_WORKING_DAYS}, not ${n}`);
  }
  let time = toTime(start);
  let date = start;
  const assumed = new Set<number>();
  let left = n;
  while (left > 0) {
    time += DAY_MS;
    date = toIsoDate(time);
    const year = yearOf(date);
    if (!cal.knownYears.has(year)) assumed.add(year);
    if (worksAt(cal, date, time)) left--;
  }
  return { value: date, assumedYears: [...assumed].sort((a, b) => a - b) };
}

/**
 * Working days in (from, to]: the days after `from` up to and including `to`. When `to` is before
 * `from` the count is negative (minus the working days in (to, from]); equal dates give 0.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: IsoDate, to: IsoDate): CalendarAnswer<number> {
  let start = toTime(from);
  let end = toTime(to);
  const sign = end < start ? -1 : 1;
  if (sign < 0) [start, end] = [end, start];
  if ((end - start) / DAY_MS > MAX_WORKING_DAYS * 2) {
    throw new RangeError(`the span from ${from} to ${to} is longer than this calendar counts`);
  }
  const assumed = new Set<number>();
  let count = 0;
  for (let time = start + DAY_MS; time <= end; time += DAY_MS) {
    const date = toIsoDate(time);
    const year = yearOf(date);
    if (!cal.knownYears.has(year)) assumed.add(year);
    if (worksAt(cal, date, time)) count++;
  }
  return { value: sign * count, assumedYears: [...assumed].sort((a, b) => a - b) };
}

/** China Standard Time has had no daylight saving since 1991: a fixed UTC+8. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in China (UTC+8) at an instant: where a limit's count starts. */
export function dateInChina(instant: Date | string | number): IsoDate {
  const time = new Date(instant).getTime();
  if (!Number.isFinite(time)) throw new RangeError(`${String(instant)} is not an instant`);
  return toIsoDate(time + CHINA_OFFSET_MS);
}

/** Today in China: the platform's day, whatever the server's clock zone (a China day starts at 16:00 UTC). */
export function todayInChina(): IsoDate {
  return dateInChina(Date.now());
}

/** The minute in China at an instant, as printed on a report: 2026-12-01 00:36. */
export function minuteInChina(instant: Date | string | number): string {
  const time = new Date(instant).getTime();
  if (!Number.isFinite(time)) throw new RangeError(`${String(instant)} is not an instant`);
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The close of `date` in China, as ISO 8601 with its offset (2026-02-26T23:59:59+08:00): a due time. */
export function endOfDayInChina(date: IsoDate): string {
  toTime(date);
  return `${date}T23:59:59+08:00`;
}
