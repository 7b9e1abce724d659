import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkingCalendar } from '../../src/engine/calendar/working-days.ts';
import { chinaDate, decidedOnTime, endOfChinaDay, expectedAt, nextStage, readClock, stageAt, startOfChinaDay, warningDays } from '../../src/engine/services/request-clocks.ts';
import { nationalCalendar } from '../../src/server/modules/services/national-calendar.ts';

const cal = nationalCalendar();
/** 10:00 in China on `date`. */
const at = (date: string, hour = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();

describe('request clocks', () => {
  test('China days: an instant after 16:00 UTC is the next day in China', () => {
    assert.equal(chinaDate('2026-02-12T15:59:59Z'), '2026-02-12');
    assert.equal(chinaDate('2026-02-12T16:00:00Z'), '2026-02-13');
    assert.equal(startOfChinaDay('2026-02-13'), '2026-02-12T16:00:00.000Z');
    assert.equal(endOfChinaDay('2026-02-13'), '2026-02-13T16:00:00.000Z');
  });

  test('warning share: ceil(limit × share), at least one day', () => {
    assert.equal(warningDays(5, 0.8), 4);
    assert.equal(warningDays(20, 0.8), 16);
    assert.equal(warningDays(1, 0.8), 1);
    assert.equal(warningDays(3, 0.5), 2);
    assert.equal(warningDays(0, 0.8), 0);
  });

  test('a request accepted before the 2026 Spring Festival: the make-up Saturday counts, the nine days off do not', () => {
    const reading = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5 }, at('2026-02-13'), 0.8);
    // 13 Fri (1), 14 Sat make-up (2), 15–23 off, 24 (3), 25 (4), 26 (5)
    assert.equal(reading.dueDate, '2026-02-26');
    assert.equal(reading.warnDate, '2026-02-25');
    assert.equal(reading.dueAt, '2026-02-26T16:00:00.000Z');
    assert.equal(reading.state, 'running');
    assert.equal(reading.standing, 'onTime');
    assert.equal(reading.usedDays, 1);
    assert.deepEqual(reading.assumedYears, []);
    // Monday–Friday alone would have said 19 February.
    const naive = readClock(makeWorkingCalendar({ knownYears: [2026] }), { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5 }, at('2026-02-13'), 0.8);
    assert.equal(naive.dueDate, '2026-02-19');
  });

  test('2025 Spring Festival: 26 January and 8 February are worked, 28 January to 4 February are not', () => {
    const reading = readClock(cal, { startedAt: at('2025-01-24'), stoppedAt: null, limitDays: 3 }, at('2025-01-24'), 0.8);
    // 26 Sun make-up (1), 27 Mon (2), 28 Jan–4 Feb off, 5 Feb (3)
    assert.equal(reading.dueDate, '2025-02-05');
  });

  test('standing: on time, warning from the start of the warning day, overdue once the due day is over', () => {
    const input = { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5 };
    assert.equal(readClock(cal, input, '2026-02-24T15:59:59.000Z', 0.8).standing, 'onTime');
    assert.equal(readClock(cal, input, '2026-02-24T16:00:00.000Z', 0.8).standing, 'warning');
    assert.equal(readClock(cal, input, '2026-02-26T15:59:59.000Z', 0.8).standing, 'warning');
    assert.equal(readClock(cal, input, '2026-02-26T16:00:00.000Z', 0.8).standing, 'overdue');
    assert.equal(readClock(cal, input, '2026-02-24T16:00:00.000Z', 1).standing, 'onTime');
  });

  test('补正 pauses the processing clock: the working days waited move the due day', () => {
    const input = { startedAt: at('2026-03-02'), stoppedAt: null, limitDays: 5, pauses: [{ from: at('2026-03-03'), to: at('2026-03-05') }] };
    const reading = readClock(cal, input, at('2026-03-06'), 0.8);
    assert.equal(reading.pausedDays, 2);
    assert.equal(reading.dueDate, '2026-03-11');
    assert.equal(reading.usedDays, 2);
    const waiting = readClock(cal, { ...input, pauses: [{ from: at('2026-03-03'), to: null }] }, at('2026-03-10'), 0.8);
    assert.equal(waiting.state, 'paused');
    assert.equal(waiting.pausedDays, 5);
    assert.equal(waiting.standing, 'onTime');
    assert.equal(waiting.dueDate, '2026-03-16');
  });

  test('a stopped clock: decided before the due day is over is on time, after it is not', () => {
    const onTime = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: '2026-02-26T15:59:00.000Z', limitDays: 5 }, at('2026-04-01'), 0.8);
    assert.equal(onTime.state, 'stopped');
    assert.equal(decidedOnTime(onTime), true);
    assert.equal(onTime.usedDays, 5);
    const late = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: at('2026-02-27'), limitDays: 5 }, at('2026-04-01'), 0.8);
    assert.equal(decidedOnTime(late), false);
    assert.equal(late.standing, 'overdue');
  });

  test('a year the calendar does not know is counted Monday–Friday and said so', () => {
    const reading = readClock(cal, { startedAt: at('2027-12-30'), stoppedAt: null, limitDays: 3 }, at('2027-12-30'), 0.8);
    assert.ok(reading.assumedYears.includes(2028));
    assert.equal(reading.dueDate, '2028-01-04');
  });

  test('expected date: before acceptance, the acceptance due day plus the processing limit', () => {
    const acceptance = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 1 }, at('2026-02-12'), 0.8);
    const processing = readClock(cal, { startedAt: null, stoppedAt: null, limitDays: 5 }, at('2026-02-12'), 0.8);
    assert.equal(acceptance.dueDate, '2026-02-13');
    // 14 (1), 24, 25, 26, 27 (5)
    assert.equal(expectedAt(cal, acceptance, processing, 5), endOfChinaDay('2026-02-27'));
    const running = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5 }, at('2026-02-12'), 0.8);
    assert.equal(expectedAt(cal, acceptance, running, 5), running.dueAt);
  });

  test('escalation stages: warned, overdue and the unit head, the level above two working days later (28 February 2026 is a make-up Saturday)', () => {
    const reading = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5 }, at('2026-02-12'), 0.8);
    assert.deepEqual(nextStage(cal, 0, reading, 2), { stage: 1, at: reading.warnAt });
    assert.deepEqual(nextStage(cal, 1, reading, 2), { stage: 2, at: reading.dueAt });
    assert.deepEqual(nextStage(cal, 2, reading, 2), { stage: 3, at: endOfChinaDay('2026-02-28') });
    assert.equal(nextStage(cal, 3, reading, 2), null);
    assert.equal(stageAt(cal, reading, at('2026-02-13'), 2), 0);
    assert.equal(stageAt(cal, reading, at('2026-02-25'), 2), 1);
    assert.equal(stageAt(cal, reading, at('2026-02-27'), 2), 2);
    assert.equal(stageAt(cal, reading, at('2026-03-03'), 2), 3);
    const paused = readClock(cal, { startedAt: at('2026-02-12'), stoppedAt: null, limitDays: 5, pauses: [{ from: at('2026-02-13'), to: null }] }, at('2026-03-20'), 0.8);
    assert.equal(nextStage(cal, 0, paused, 2), null);
  });
});
