/**
 * The two clocks of a service request, counted in working days of the PRC calendar
 * (../calendar/working-days.ts): the acceptance clock (from submission, or arrival at a new unit
 * after a transfer, to acceptance) and the processing clock (from acceptance to the decision),
 * which 补正 pauses. Pure: timestamps in, dates and instants out.
 *
 * Days are days in China (UTC+8, no daylight saving). A limit of n working days started on day d
 * ends at the close of the n-th working day after d (the start day does not count, as
 * addWorkingDays counts). Working days spent waiting for a supplement are added to the limit:
 * the working days in (request day, supplement day].
 *
 * The warning falls at the start of the working day on which `ceil(limit × share)` working days
 * have been used (default share 0.8); overdue begins when the due day is over.
 */
import { addWorkingDays, workingDaysBetween, type IsoDate, type WorkingCalendar } from '../calendar/working-days.ts';
import type { ClockStanding, ClockState } from '../../contracts/service-requests.ts';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The day in China of an instant (ISO 8601 timestamp). */
export function chinaDate(timestamp: string): IsoDate {
  return new Date(Date.parse(timestamp) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China day begins (ISO, UTC). */
export function startOfChinaDay(date: IsoDate): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS).toISOString();
}

/** The instant a China day is over: the start of the next day (ISO, UTC). */
export function endOfChinaDay(date: IsoDate): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS + DAY_MS).toISOString();
}

/** A span the clock stood still: from the request for a supplement to its arrival (null: still waiting). */
export interface Pause {
  readonly from: string;
  readonly to: string | null;
}

export interface ClockInput {
  /** When the clock started (null: not yet). */
  readonly startedAt: string | null;
  /** When it stopped (acceptance for the first clock, the decision for the second); null: still running. */
  readonly stoppedAt: string | null;
  readonly limitDays: number;
  readonly pauses?: readonly Pause[];
}

export interface ClockReading {
  readonly state: ClockState;
  readonly standing: ClockStanding;
  readonly limitDays: number;
  /** Working days used (paused days not counted), as of the stop or now. */
  readonly usedDays: number;
  readonly pausedDays: number;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  /** The day the warning falls on and its first instant. */
  readonly warnDate: IsoDate | null;
  readonly warnAt: string | null;
  /** The last day of the limit and the instant it is over (overdue from then on). */
  readonly dueDate: IsoDate | null;
  readonly dueAt: string | null;
  /** Years counted Monday–Friday because the calendar does not know them. */
  readonly assumedYears: readonly number[];
}

/** Working days of the limit after which the clock warns: ceil(limit × share), at least 1 when the limit is. */
export function warningDays(limitDays: number, share: number): number {
  if (limitDays <= 0) return 0;
  return Math.min(limitDays, Math.max(1, Math.ceil(limitDays * share - 1e-9)));
}

/**
 * Reads a clock at `now`. While paused, the due day is projected as if the supplement arrived
 * today (every working day of the wait moves it on).
 */
export function readClock(cal: WorkingCalendar, input: ClockInput, now: string, warningShare: number): ClockReading {
  const assumed = new Set<number>();
  const note = (years: readonly number[]) => years.forEach((y) => assumed.add(y));
  if (input.startedAt === null) {
    return {
      state: 'notStarted', standing: 'onTime', limitDays: input.limitDays, usedDays: 0, pausedDays: 0,
      startedAt: null, stoppedAt: null, warnDate: null, warnAt: null, dueDate: null, dueAt: null, assumedYears: [],
    };
  }
  const startDay = chinaDate(input.startedAt);
  const endInstant = input.stoppedAt ?? now;
  const endDay = chinaDate(endInstant);
  let pausedDays = 0;
  let paused = false;
  for (const pause of input.pauses ?? []) {
    const to = pause.to ?? (input.stoppedAt === null ? now : input.stoppedAt);
    if (pause.to === null && input.stoppedAt === null) paused = true;
    const span = workingDaysBetween(cal, chinaDate(pause.from), chinaDate(to));
    note(span.assumedYears);
    pausedDays += Math.max(0, span.value);
  }
  const due = addWorkingDays(cal, startDay, input.limitDays + pausedDays);
  note(due.assumedYears);
  const warn = addWorkingDays(cal, startDay, warningDays(input.limitDays, warningShare) + pausedDays);
  note(warn.assumedYears);
  const used = workingDaysBetween(cal, startDay, endDay);
  note(used.assumedYears);
  const dueAt = endOfChinaDay(due.value);
  // A warning day that is not a working day (limit 0) would warn before work began: it starts with the day after the start.
  const warnDate = warn.value === startDay ? due.value : warn.value;
  const warnAt = startOfChinaDay(warnDate);
  const at = Date.parse(endInstant);
  const standing: ClockStanding = at >= Date.parse(dueAt) ? 'overdue' : at >= Date.parse(warnAt) ? 'warning' : 'onTime';
  return {
    state: input.stoppedAt !== null ? 'stopped' : paused ? 'paused' : 'running',
    standing: paused ? (standing === 'overdue' ? 'overdue' : 'onTime') : standing,
    limitDays: input.limitDays,
    usedDays: Math.max(0, used.value - pausedDays),
    pausedDays,
    startedAt: input.startedAt,
    stoppedAt: input.stoppedAt,
    warnDate,
    warnAt,
    dueDate: due.value,
    dueAt,
    assumedYears: [...assumed].sort((a, b) => a - b),
  };
}

/** Whether a decision at `decidedAt` kept the processing clock's limit (the on-time indicator counts these). */
export function decidedOnTime(reading: ClockReading): boolean {
  return reading.dueAt === null || reading.stoppedAt === null || Date.parse(reading.stoppedAt) < Date.parse(reading.dueAt);
}

/**
 * The expected date (Open311 `expected_datetime`) while nothing is decided: the processing clock's
 * due instant once accepted; before that, acceptance due day plus the processing limit.
 */
export function expectedAt(cal: WorkingCalendar, acceptance: ClockReading, processing: ClockReading, processingLimitDays: number): string | null {
  if (processing.state !== 'notStarted') return processing.dueAt;
  if (acceptance.dueDate === null) return null;
  return endOfChinaDay(addWorkingDays(cal, acceptance.dueDate, processingLimitDays).value);
}

/**
 * Escalation stages the scheduler moves an open request through: 0 on time → 1 warned → 2 overdue
 * and escalated to the unit head → 3 escalated to the level above, `aboveAfterDays` working days
 * after the due day. Given the current stage and the clock, the next stage and when it falls.
 */
export type Stage = 0 | 1 | 2 | 3;

export function nextStage(cal: WorkingCalendar, stage: Stage, reading: ClockReading, aboveAfterDays: number): { stage: Stage; at: string } | null {
  if (reading.state !== 'running' || reading.warnAt === null || reading.dueAt === null || reading.dueDate === null) return null;
  if (stage === 0) return { stage: 1, at: reading.warnAt };
  if (stage === 1) return { stage: 2, at: reading.dueAt };
  if (stage === 2) return { stage: 3, at: endOfChinaDay(addWorkingDays(cal, reading.dueDate, aboveAfterDays).value) };
  return null;
}

/** The stage a clock stands at by `now` (what the sweep should have reached). */
export function stageAt(cal: WorkingCalendar, reading: ClockReading, now: string, aboveAfterDays: number): Stage {
  let stage: Stage = 0;
  for (;;) {
    const next = nextStage(cal, stage, reading, aboveAfterDays);
    if (next === null || Date.parse(next.at) > Date.parse(now)) return stage;
    stage = next.stage;
  }
}
