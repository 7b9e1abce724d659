import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { legClock, legStanding } from '../../src/engine/agency/agent-legs.ts';
import { makeWorkingCalendar } from '../../src/engine/calendar/working-days.ts';

// 2026: Spring Festival 2.15–2.23 off, Saturday 2.14 and Saturday 2.28 worked (State Council notice).
const cal = makeWorkingCalendar({
  holidays: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23'],
  workingDays: ['2026-02-14', '2026-02-28'],
  knownYears: [2026],
});

describe("an agent's leg", () => {
  test('received on a Monday: due on Wednesday, warning from Tuesday', () => {
    assert.deepEqual(legClock(cal, '2026-03-02', 2, 0.5), { warnFrom: '2026-03-03', dueBy: '2026-03-04', assumedYears: [] });
  });

  test('received on a Friday: the weekend does not count', () => {
    assert.equal(legClock(cal, '2026-03-06', 2, 0.5).dueBy, '2026-03-10');
  });

  test('received before the Spring Festival: the make-up Saturday counts, the holidays do not', () => {
    // Friday 2.13 → Saturday 2.14 (worked) → holidays to 2.23 → Tuesday 2.24.
    assert.deepEqual(legClock(cal, '2026-02-13', 2, 0.5), { warnFrom: '2026-02-14', dueBy: '2026-02-24', assumedYears: [] });
  });

  test('a year the calendar does not know is counted Monday to Friday and said so', () => {
    assert.deepEqual(legClock(cal, '2031-01-03', 2, 0.5), { warnFrom: '2031-01-06', dueBy: '2031-01-07', assumedYears: [2031] });
  });

  test('the warning day lies between the first working day and the due day', () => {
    assert.equal(legClock(cal, '2026-03-02', 1, 0.1).warnFrom, '2026-03-03');
    assert.equal(legClock(cal, '2026-03-02', 5, 1).warnFrom, '2026-03-09');
    assert.throws(() => legClock(cal, '2026-03-02', 0, 0.5), RangeError);
    assert.throws(() => legClock(cal, '2026-03-02', 2, 0), RangeError);
  });

  test('standing: on time before the warning day, warning through the due day, overdue after', () => {
    const clock = { warnFrom: '2026-03-03', dueBy: '2026-03-04' };
    assert.equal(legStanding(clock, '2026-03-02'), 'onTime');
    assert.equal(legStanding(clock, '2026-03-03'), 'warning');
    assert.equal(legStanding(clock, '2026-03-04'), 'warning');
    assert.equal(legStanding(clock, '2026-03-05'), 'overdue');
  });
});
