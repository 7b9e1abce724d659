import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeWorkingCalendar, type WorkingCalendar } from '../../../engine/calendar/working-days.ts';

/**
 * The PRC's public holidays and make-up working days (调休) as the State Council publishes them
 * each November, from the `chinese-days` package (MIT, github.com/vsme/chinese-days: updated
 * from the gov.cn notices every year; its JSON holds 2004 onwards). Upgrading the package brings
 * the next year; until then that year counts Monday–Friday and says so.
 *
 * The package's `dist/chinese-days.json` maps each date to "English name,中文名,n" under
 * `holidays` (days off), `workdays` (make-up working days) and `inLieuDays` (days off given in
 * lieu, a subset of `holidays`).
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface NationalDay {
  readonly date: string;
  readonly kind: 'holiday' | 'workingDay';
  /** The holiday it belongs to, in Chinese (春节, 国庆节 …). */
  readonly name: string;
  readonly nameEn: string;
}

let cached: { calendar: WorkingCalendar; days: NationalDay[] } | null = null;

function load(): { calendar: WorkingCalendar; days: NationalDay[] } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const data = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysData;
  const days: NationalDay[] = [];
  const years = new Set<number>();
  for (const [kind, table] of [['holiday', data.holidays], ['workingDay', data.workdays]] as const) {
    for (const [date, label] of Object.entries(table)) {
      const [nameEn = '', name = ''] = label.split(',');
      days.push({ date, kind, name, nameEn });
      years.add(Number(date.slice(0, 4)));
    }
  }
  days.sort((a, b) => a.date.localeCompare(b.date));
  const calendar = makeWorkingCalendar({
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    workingDays: days.filter((d) => d.kind === 'workingDay').map((d) => d.date),
    // A year is known when it has holidays; every published year has (New Year's Day at least).
    knownYears: years,
  });
  cached = { calendar, days };
  return cached;
}

/** The national working calendar (no local days). */
export function nationalCalendar(): WorkingCalendar {
  return load().calendar;
}

/** The national holidays and make-up working days of `year`, by date. */
export function nationalDays(year: number): NationalDay[] {
  const prefix = `${year}-`;
  return load().days.filter((d) => d.date.startsWith(prefix));
}
