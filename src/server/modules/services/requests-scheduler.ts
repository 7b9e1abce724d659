/**
 * The clock sweep of service requests: finds the open requests whose next check has come
 * (`next_check_at <= now`: an index range, however many requests there are) and moves each to the
 * stage its running clock has reached — warned (at the warning share of the limit), overdue and
 * escalated to the unit head (when the due day is over), escalated to the level above (some working
 * days later) — writing one public timeline event per step, which the applicant sees and the
 * agency's notifications hear.
 *
 * Several server processes on one PostgreSQL each run the sweep; no step fires twice:
 * - the sweep reads its batch with `FOR UPDATE SKIP LOCKED`, so two sweeps take different rows
 *   instead of waiting for each other, and a row a sweep has moved on is no longer due;
 * - each step is a compare-and-set on (stage, version): a write that finds the row moved by
 *   anyone else changes nothing and writes no event.
 * On SQLite one process writes at a time, and the in-process interval is the scheduler.
 * (docs/services.md, "Time limits and escalation", says why not advisory locks or a job queue.)
 */
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { nextStage, stageAt, type Stage } from '../../../engine/services/request-clocks.ts';
import type { RequestContext } from '../../http/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { workingCalendar } from './calendar.service.ts';
import * as repo from './requests.repository.ts';
import { clocksOf, runningClock, type ClockSettings } from './requests.schema.ts';
import { writeEvents } from './requests.service.ts';

export interface SweepResult {
  checked: number;
  warned: number;
  overdue: number;
  escalatedAbove: number;
}

/** The unit above a deciding unit: community → township → county → prefecture city. */
export function unitAbove(unit: string): string {
  return unit.length === 12 ? unit.slice(0, 9) : unit.length === 9 ? unit.slice(0, 6) : unit.slice(0, 4);
}

const SCHEDULER = { userId: null, name: null, role: null };

/**
 * One sweep: every request due for a check by `now`, in batches of `batch` rows, each batch one
 * transaction. Returns what it did.
 */
export async function sweepRequests(db: Db, settings: ClockSettings, options: { now?: string; batch?: number } = {}): Promise<SweepResult> {
  const now = options.now ?? new Date().toISOString();
  const batch = options.batch ?? 500;
  const result: SweepResult = { checked: 0, warned: 0, overdue: 0, escalatedAbove: 0 };
  const ctx: RequestContext = { actor: null, address: 'scheduler', requestId: `sweep-${now}` };
  for (;;) {
    const { seen, moved } = await db.transaction().execute(async (trx) => {
      const rows = await repo.dueForCheck(trx, now, batch);
      let changed = 0;
      for (const row of rows) {
        // The transaction's own connection: on SQLite the pool's one connection is the transaction's.
        const cal = await workingCalendar(trx, row.unit_code);
        const running = runningClock(clocksOf(cal, row, now, settings));
        const from = row.stage as Stage;
        const reached = stageAt(cal, running, now, settings.escalateAboveAfterDays);
        const target = (reached > from ? reached : from) as Stage;
        const next = nextStage(cal, target, running, settings.escalateAboveAfterDays);
        // A next check that is not after now would bring the row back at once: nothing more can fire.
        const nextAt = next && Date.parse(next.at) > Date.parse(now) ? next.at : null;
        if (!(await repo.advanceStage(trx, row, target, nextAt, now))) continue;
        changed++;
        const drafts = [];
        const details = { unitCode: row.unit_code, dueAt: running.dueAt, limitDays: running.limitDays };
        for (let stage = from + 1; stage <= target; stage++) {
          if (stage === 1) {
            drafts.push({ kind: 'warning' as const, details });
            result.warned++;
          } else if (stage === 2) {
            drafts.push({ kind: 'overdue' as const, details }, { kind: 'escalatedToHead' as const, details: { ...details, escalatedTo: 'unitHead' } });
            result.overdue++;
          } else {
            drafts.push({ kind: 'escalatedToLevelAbove' as const, details: { ...details, escalatedTo: unitAbove(row.unit_code) } });
            result.escalatedAbove++;
          }
        }
        if (drafts.length) {
          await writeEvents(trx, { ...row, stage: target, next_check_at: nextAt }, SCHEDULER, drafts, now);
          await recordAudit(trx, ctx, { action: 'request.clock', areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { fromStage: from, toStage: target } });
        }
      }
      return { seen: rows.length, moved: changed };
    });
    result.checked += seen;
    if (seen < batch || moved === 0) break;
  }
  if (result.warned + result.overdue + result.escalatedAbove > 0) recordsChanged(db, 'services');
  return result;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Sweeps every `seconds` in this process (the first sweep at once). A sweep never overlaps the
 * previous one; an error is logged and the next sweep tries again.
 */
export function startRequestScheduler(db: Db, settings: ClockSettings, seconds: number, log: { error: (o: unknown, m: string) => void }): Scheduler {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepRequests(db, settings)
      .catch((error: unknown) => log.error({ err: error }, 'request clock sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
