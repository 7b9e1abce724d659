/**
 * The daily care sweep: ages re-checked (a child who turns 16 leaves the left-behind-children
 * group), left-behind flags that no longer hold ended, a parent's return home recorded, and each
 * open case's visit moved through due → overdue (the owner is warned) → escalated. The supervisors
 * (officials and social workers of a township or above) get one summary per sweep instead of a
 * message per case: how many visits in their area became overdue and how many were escalated
 * today (`careVisitSummary`). A group that ends files a closing request for a supervisor to decide:
 * care may go on for another reason, so the case is never closed by the clock alone.
 *
 * Cost follows the work, not the caseload: each case carries `next_check_on`, the day the sweep
 * next has something to do for it, and the sweep reads only `next_check_on <= today` (an index
 * range). Several server processes on one PostgreSQL each run it; nothing fires twice: batches are
 * read `FOR UPDATE SKIP LOCKED` and each write is a compare-and-set on the case's version (the
 * pattern of services/requests-scheduler.ts). On SQLite one process writes and the in-process
 * interval is the scheduler.
 */
import type { DatabaseHandle, Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import type { SweepResult } from '../../../contracts/care.ts';
import { birthdayOf, recheckGroup, type Group } from '../../../engine/care/groups.ts';
import type { RequestContext } from '../../http/actor.ts';
import { requirePermission } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyBatch, type NewNotification } from '../notifications/notifications.service.ts';
import { recomputeHousehold } from '../residents/left-behind.service.ts';
import { fileApproval } from './approvals.service.ts';
import * as repo from './cases.repository.ts';
import { event, today as todayOf } from './cases.service.ts';
import { policyResolver, scheduleOf } from './visit-policy.service.ts';

const SYSTEM = null;
/** The scopes a supervisor of a community can have: province, city, county, township (never the community). */
const SUPERVISOR_SCOPE_LENGTHS = [2, 4, 6, 9];

/**
 * One message per supervisor: the visits of their area that became overdue (not escalated) and
 * those escalated in this sweep. The counts travel as text in `from` / `to` (the area's name in
 * `itemName`, the day in `dueAt`): a message carries parameters, never a sentence.
 */
async function summarize(trx: Db, counts: Map<string, { overdue: number; escalated: number }>, day: string): Promise<void> {
  const scopes = [...counts.keys()];
  const [supervisors, names] = await Promise.all([repo.supervisorsWithScopes(trx, scopes), repo.areaNames(trx, scopes)]);
  await notifyBatch(
    trx,
    supervisors.map((s) => {
      const c = counts.get(s.scope_code)!;
      return { userId: s.id, areaCode: s.scope_code, kind: 'careVisitSummary', requestId: null, params: { itemName: names.get(s.scope_code) ?? s.scope_code, from: String(c.overdue), to: String(c.escalated), dueAt: day } };
    }),
  );
}

async function endGroup(trx: Db, ctx: RequestContext, kase: repo.CaseRow, reason: string, day: string, now: string, personName: string | null): Promise<void> {
  await repo.insertEvents(trx, [event(kase, SYSTEM, 'groupEnded', { group: kase.care_group, reason, on: day }, now)]);
  if (await repo.pendingApproval(trx, kase.area_code, kase.id)) return;
  try {
    await fileApproval(trx, ctx, kase, SYSTEM, { kind: 'close', reason }, personName, now);
  } catch (error) {
    // A close check refused (open referrals): the team closes the case by hand once they are done.
    if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
    await repo.insertEvents(trx, [event(kase, SYSTEM, 'closeBlocked', { reason: error.message }, now)]);
  }
}

export async function sweepCare(handle: DatabaseHandle, options: { today?: string; batch?: number } = {}): Promise<SweepResult> {
  const db = handle.db;
  const day = options.today ?? todayOf();
  const batch = options.batch ?? 1000;
  const now = new Date().toISOString();
  const ctx: RequestContext = { actor: null, address: 'scheduler', requestId: `care-sweep-${day}` };
  const result: SweepResult = { today: day, checked: 0, due: 0, overdue: 0, escalated: 0, groupsEnded: 0, returnsRecorded: 0, flagsRechecked: 0 };

  // 1. Left-behind-child flags of those 16 by today: the residents rules decide again.
  const bornBy = birthdayOf(day, -16);
  for (const h of await repo.householdsWithAgedOutChildFlags(db, bornBy, 10_000)) {
    await db.transaction().execute((trx) => recomputeHousehold(handle, trx, h.area_code, h.household_id, day));
    result.flagsRechecked++;
  }

  // 2. Household members away whom the registry shows home again: the return is recorded.
  for (const m of await repo.returnedAwayMembers(db, 10_000)) {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.markReturned(trx, m, day, now))) return;
      await repo.insertEvents(trx, [event({ area_code: m.area_code, id: m.case_id }, SYSTEM, 'memberReturned', { awayMemberId: m.id, name: m.name, relation: m.relation }, now)]);
      result.returnsRecorded++;
    });
  }

  // 3. Left-behind cases whose flag ended (a parent came home, the rules no longer find it).
  for (const c of await repo.casesWithEndedFlags(db, 10_000)) {
    await db.transaction().execute(async (trx) => {
      const locked = await repo.lockCase(trx, c.area_code, c.id);
      if (!locked || locked.group_ended_on || locked.status !== 'open') return;
      if (!(await repo.updateCase(trx, locked, { group_ended_on: day, updated_at: now }))) return;
      const person = await repo.personOf(trx, c.area_code, c.person_id);
      await endGroup(trx, ctx, locked, 'flagEnded', day, now, person?.name ?? null);
      result.groupsEnded++;
    });
  }

  // 4. Cases whose day has come: ages, visit stages. What moved today is counted for every area
  // above the community (township, county, city, province): the supervisors' summaries.
  const policyOf = policyResolver(await repo.allPolicies(db));
  const movedToday = new Map<string, { overdue: number; escalated: number }>();
  const countToday = (areaCode: string, stage: 'overdue' | 'escalated') => {
    for (const n of SUPERVISOR_SCOPE_LENGTHS) {
      if (n >= areaCode.length) break;
      const key = areaCode.slice(0, n);
      let c = movedToday.get(key);
      if (!c) movedToday.set(key, (c = { overdue: 0, escalated: 0 }));
      c[stage]++;
    }
  };
  for (;;) {
    const { seen, moved } = await db.transaction().execute(async (trx) => {
      const rows = await repo.casesToCheck(trx, day, batch);
      const births = await repo.birthDatesOf(trx, rows.filter((r) => r.group_ends_on && !r.group_ended_on && r.group_ends_on <= day));
      const messages: NewNotification[] = [];
      const events: ReturnType<typeof event>[] = [];
      // Most cases only move a stage: their schedules are written together (one statement per
      // 500 rows); the rare case whose group ends by age goes one by one (it files an approval).
      const planned: { row: repo.CaseRow; schedule: ReturnType<typeof scheduleOf>; groupEnded: boolean }[] = [];
      for (const row of rows) {
        let groupEnded = false;
        if (row.status === 'open' && row.group_ends_on && !row.group_ended_on && row.group_ends_on <= day) {
          const birth = births.get(row.person_id);
          groupEnded = birth !== undefined && recheckGroup({ group: row.care_group as Group, birthDate: birth, flagApplies: null, today: day }) === 'ageLimit';
        }
        const next = { ...row, group_ended_on: groupEnded ? day : row.group_ended_on };
        planned.push({ row, schedule: scheduleOf(next, policyOf(row.area_code), day), groupEnded });
      }
      const written = await repo.updateSchedules(
        trx,
        planned.filter((p) => !p.groupEnded).map(({ row, schedule }) => ({ area_code: row.area_code, id: row.id, version: row.version, ...schedule })),
        now,
      );
      let changed = 0;
      for (const { row, schedule, groupEnded } of planned) {
        if (groupEnded) {
          if (!(await repo.updateCase(trx, row, { ...schedule, group_ended_on: day, updated_at: now }))) continue;
          await endGroup(trx, ctx, { ...row, version: row.version + 1 }, 'ageLimit', day, now, null);
          result.groupsEnded++;
        } else if (!written.has(row.id)) continue;
        changed++;
        const from = Number(row.visit_stage);
        const to = schedule.visit_stage;
        if (to === from) continue;
        if (to === 1) result.due++;
        if (to >= 2 && from < 2) {
          result.overdue++;
          messages.push({ userId: row.owner_id, areaCode: row.area_code, kind: 'careVisitOverdue', requestId: null, params: { dueAt: schedule.visit_due_on ?? undefined } });
        }
        if (to === 3 && from < 3) {
          result.escalated++;
          countToday(row.area_code, 'escalated');
          events.push(event(row, SYSTEM, 'visitEscalated', { dueOn: schedule.visit_due_on }, now));
        } else if (to === 2) {
          countToday(row.area_code, 'overdue');
          events.push(event(row, SYSTEM, 'visitOverdue', { dueOn: schedule.visit_due_on }, now));
        }
      }
      // One insert per 500 events (8 parameters a row: under both engines' limits).
      for (let i = 0; i < events.length; i += 500) await repo.insertEvents(trx, events.slice(i, i + 500));
      if (messages.length) await notifyBatch(trx, messages);
      return { seen: rows.length, moved: changed };
    });
    result.checked += seen;
    if (seen < batch || moved === 0) break;
  }
  if (movedToday.size > 0) await db.transaction().execute((trx) => summarize(trx, movedToday, day));
  if (result.overdue + result.escalated + result.groupsEnded + result.returnsRecorded + result.due > 0) {
    await recordAudit(db, ctx, { action: 'care.sweep', areaCode: '', details: { ...result } });
    recordsChanged(db, 'care');
  }
  return result;
}

/** POST /care/sweep: an admin with a province-wide scope runs it now. */
export async function sweepNow(handle: DatabaseHandle, ctx: RequestContext, day?: string): Promise<SweepResult> {
  requirePermission(ctx, 'care.sweep');
  return sweepCare(handle, { today: day });
}

export interface CareScheduler {
  stop(): Promise<void>;
}

/** Sweeps every `seconds` in this process (the first at once); a sweep never overlaps the previous one. */
export function startCareScheduler(handle: DatabaseHandle, seconds: number, log: { error: (o: unknown, m: string) => void }): CareScheduler {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepCare(handle)
      .catch((error: unknown) => log.error({ err: error }, 'care sweep failed'))
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
