import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  CalendarDateError,
  dateInChina,
  endOfDayInChina,
  isIsoDate,
  isWorkingDay,
  makeWorkingCalendar,
  minuteInChina,
  overlayCalendar,
  todayInChina,
  workingDaysBetween,
} from '../../src/engine/calendar/working-days.ts';
import { nationalCalendar, nationalDays } from '../../src/server/modules/services/national-calendar.ts';

const cal = nationalCalendar();
const works = (date: string) => isWorkingDay(cal, date).value;

describe('the national calendar (chinese-days data)', () => {
  test('knows 2025 and 2026', () => {
    assert.ok(cal.knownYears.has(2025));
    assert.ok(cal.knownYears.has(2026));
    assert.deepEqual(isWorkingDay(cal, '2026-03-02').assumedYears, []);
  });

  test('2025: Spring Festival 1.28–2.4 off, Sunday 1.26 and Saturday 2.8 worked', () => {
    for (let d = '2025-01-28'; d <= '2025-02-04'; d = addCalendarDays(d, 1)) assert.equal(works(d), false, d);
    assert.equal(works('2025-01-26'), true);
    assert.equal(works('2025-02-08'), true);
    assert.equal(works('2025-01-27'), true);
    assert.equal(works('2025-02-05'), true);
    assert.equal(works('2025-02-09'), false, 'an ordinary Sunday');
  });

  test('2025: National Day 10.1–10.8 off, 9.28 and 10.11 worked; 五一 with 4.27 worked', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addCalendarDays(d, 1)) assert.equal(works(d), false, d);
    assert.equal(works('2025-09-28'), true);
    assert.equal(works('2025-10-11'), true);
    assert.equal(works('2025-05-05'), false);
    assert.equal(works('2025-04-27'), true);
  });

  test('2026: Spring Festival 2.15–2.23 off, Saturdays 2.14 and 2.28 worked', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addCalendarDays(d, 1)) assert.equal(works(d), false, d);
    assert.equal(works('2026-02-14'), true);
    assert.equal(works('2026-02-28'), true);
    assert.equal(works('2026-02-24'), true);
    const spring = nationalDays(2026).filter((d) => d.name === '春节');
    assert.deepEqual(
      spring.filter((d) => d.kind === 'workingDay').map((d) => d.date),
      ['2026-02-14', '2026-02-28'],
    );
  });

  test('2026: 元旦 1.1–1.3 off with Sunday 1.4 worked; 国庆 10.1–10.7 off with 9.20 and 10.10 worked', () => {
    assert.equal(works('2026-01-02'), false);
    assert.equal(works('2026-01-04'), true);
    assert.equal(works('2026-10-07'), false);
    assert.equal(works('2026-09-20'), true);
    assert.equal(works('2026-10-10'), true);
    assert.equal(works('2026-10-08'), true);
  });
});

describe('working-day limits', () => {
  test('the day of acceptance does not count', () => {
    // Monday 2026-03-02: one working day ends Tuesday, five end the next Monday.
    assert.equal(addWorkingDays(cal, '2026-03-02', 1).value, '2026-03-03');
    assert.equal(addWorkingDays(cal, '2026-03-02', 5).value, '2026-03-09');
    assert.equal(addWorkingDays(cal, '2026-03-02', 0).value, '2026-03-02');
    // Accepted on a Saturday: the count starts on Monday.
    assert.equal(addWorkingDays(cal, '2026-03-07', 1).value, '2026-03-09');
  });

  test('a limit that crosses the 2026 Spring Festival', () => {
    // Accepted Thursday 2.12: Fri 2.13 (1), make-up Sat 2.14 (2), nine days off, 2.24 (3), 2.25 (4), 2.26 (5).
    assert.deepEqual(addWorkingDays(cal, '2026-02-12', 5), { value: '2026-02-26', assumedYears: [] });
    // Twenty working days from Tuesday 2.10 end on Monday 3.16 (make-up Saturday 2.28 counted).
    assert.equal(addWorkingDays(cal, '2026-02-10', 20).value, '2026-03-16');
    assert.equal(workingDaysBetween(cal, '2026-02-10', '2026-03-16').value, 20);
    // Nothing is due on a holiday.
    assert.equal(workingDaysBetween(cal, '2026-02-14', '2026-02-23').value, 0);
  });

  test('a limit that crosses the 2025 National Day', () => {
    // Accepted Friday 9.26: Sun 9.28 (1), 9.29 (2), 9.30 (3), 10.9 (4), 10.10 (5), Sat 10.11 (6).
    assert.equal(addWorkingDays(cal, '2025-09-26', 6).value, '2025-10-11');
  });

  test('workingDaysBetween counts (from, to] and is negative backwards', () => {
    assert.equal(workingDaysBetween(cal, '2026-03-02', '2026-03-02').value, 0);
    assert.equal(workingDaysBetween(cal, '2026-03-02', '2026-03-09').value, 5);
    assert.equal(workingDaysBetween(cal, '2026-03-09', '2026-03-02').value, -5);
  });

  test('a year the calendar does not know counts Monday–Friday and says so', () => {
    const answer = addWorkingDays(cal, '2098-12-30', 3);
    // 2098-12-30 is a Tuesday: Wed 12.31, Thu 2099-01-01 (not known as a holiday), Fri 1.2.
    assert.equal(answer.value, '2099-01-02');
    assert.deepEqual(answer.assumedYears, [2098, 2099]);
    assert.deepEqual(isWorkingDay(cal, '2099-01-01'), { value: true, assumedYears: [2099] });
    assert.deepEqual(workingDaysBetween(cal, '2098-12-30', '2099-01-02').assumedYears, [2098, 2099]);
  });

  test('local days laid over the national calendar', () => {
    // A county's own day off on Wednesday 2026-03-04 and a worked Saturday 2026-03-07.
    const local = overlayCalendar(cal, { holidays: ['2026-03-04'], workingDays: ['2026-03-07', '2026-02-16'] });
    assert.equal(isWorkingDay(local, '2026-03-04').value, false);
    assert.equal(isWorkingDay(local, '2026-03-07').value, true);
    assert.equal(isWorkingDay(local, '2026-02-16').value, true, 'a local working day overrides a national holiday');
    assert.equal(addWorkingDays(local, '2026-03-02', 5).value, '2026-03-09');
    assert.equal(works('2026-03-04'), true, 'the national calendar is unchanged');
  });

  test('bad input is refused', () => {
    assert.throws(() => addWorkingDays(cal, '2026-02-30', 1), CalendarDateError);
    assert.throws(() => addWorkingDays(cal, '2026-3-2', 1), CalendarDateError);
    assert.throws(() => addWorkingDays(cal, '2026-03-02', -1), RangeError);
    assert.throws(() => addWorkingDays(cal, '2026-03-02', 1.5), RangeError);
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2025-02-29'), false);
  });

  test('property: addWorkingDays and workingDaysBetween agree, and the end day is a working day', () => {
    const bare = makeWorkingCalendar({ holidays: ['2026-05-01'], workingDays: ['2026-05-09'], knownYears: [2026] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 60 }), (offset, n) => {
        for (const c of [cal, bare]) {
          const start = addCalendarDays('2025-06-01', offset);
          const end = addWorkingDays(c, start, n).value;
          assert.equal(workingDaysBetween(c, start, end).value, n);
          if (n > 0) assert.equal(isWorkingDay(c, end).value, true);
          if (n > 0) assert.equal(workingDaysBetween(c, start, addCalendarDays(end, -1)).value, n - 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('days in China', () => {
  test('an instant late on a UTC evening is the next day in China', () => {
    assert.equal(dateInChina('2026-02-12T15:59:59Z'), '2026-02-12');
    assert.equal(dateInChina('2026-02-12T16:00:00Z'), '2026-02-13');
    assert.equal(endOfDayInChina('2026-02-26'), '2026-02-26T23:59:59+08:00');
    assert.throws(() => dateInChina('not a time'), RangeError);
    assert.throws(() => endOfDayInChina('2026-02-31'), CalendarDateError);
  });

  test("today is China's day now, and a report's minute is China's", () => {
    const before = Date.now();
    const today = todayInChina();
    const after = Date.now();
    // Read between two clock readings: today is one of their China days (equal but at midnight).
    assert.ok([dateInChina(before), dateInChina(after)].includes(today), today);
    assert.equal(minuteInChina('2026-11-30T16:36:59Z'), '2026-12-01 00:36');
    assert.equal(minuteInChina('2026-12-31T15:59:00Z'), '2026-12-31 23:59');
    assert.throws(() => minuteInChina(Number.NaN), RangeError);
  });
});
