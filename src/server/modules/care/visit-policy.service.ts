import type { Db } from '../../db/database.ts';
import { DEFAULT_VISIT_POLICY, type VisitPolicy, type VisitPolicyInput } from '../../../contracts/care.ts';
import { nextChange, nextDue, stageOn, type Frequency, type Policy, type Stage } from '../../../engine/care/schedule.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import { invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import * as repo from './cases.repository.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

/**
 * Visit policies: per area (any level) the frequency of visits for each risk level; the policy
 * set for the longest prefix of a community's code applies, else the defaults (high weekly,
 * medium monthly, low quarterly, escalation 7 days after the due day).
 */

export function policyOfRow(row: repo.PolicyRow | undefined): Policy {
  if (!row) return { ...DEFAULT_VISIT_POLICY };
  return { high: row.high as Frequency, medium: row.medium as Frequency, low: row.low as Frequency, escalateAfterDays: Number(row.escalate_after_days) };
}

export async function policyFor(db: Db, areaCode: string): Promise<Policy> {
  return policyOfRow((await repo.policiesFor(db, areaCode))[0]);
}

/** Resolves policies for many communities from the whole (small) table, read once. */
export function policyResolver(rows: repo.PolicyRow[]): (areaCode: string) => Policy {
  const byCode = new Map(rows.map((r) => [r.area_code, r]));
  const cache = new Map<string, Policy>();
  return (areaCode) => {
    let p = cache.get(areaCode);
    if (!p) {
      const prefix = [12, 9, 6, 4, 2].map((n) => areaCode.slice(0, n)).find((c) => byCode.has(c));
      p = policyOfRow(prefix ? byCode.get(prefix) : undefined);
      cache.set(areaCode, p);
    }
    return p;
  };
}

export interface ScheduleFields {
  visit_due_on: string | null;
  visit_stage: Stage;
  next_check_on: string | null;
}

/**
 * Where an open case's visits stand on `today` and when the sweep next looks at it: the next
 * stage change, the day the person leaves the group by age, or the next assessment, whichever
 * comes first. A closed case is never checked.
 */
export function scheduleOf(
  c: { status: string; risk_level: string; last_visit_on: string | null; opened_on: string; group_ends_on: string | null; group_ended_on: string | null; next_assessment_on: string | null },
  policy: Policy,
  today: string,
): ScheduleFields {
  if (c.status !== 'open') return { visit_due_on: null, visit_stage: 0, next_check_on: null };
  const frequency = policy[c.risk_level as 'low' | 'medium' | 'high'];
  const due = nextDue(c.last_visit_on, c.opened_on, frequency);
  const stage = stageOn(due, today, frequency, policy.escalateAfterDays);
  const candidates = [nextChange(due, today, frequency, policy.escalateAfterDays)];
  if (c.group_ends_on && !c.group_ended_on) candidates.push(c.group_ends_on > today ? c.group_ends_on : today);
  const next = candidates.filter((d): d is string => d !== null).sort()[0] ?? null;
  return { visit_due_on: due, visit_stage: stage, next_check_on: next };
}

export async function readPolicy(db: Db, ctx: RequestContext, area: string | undefined): Promise<VisitPolicy> {
  const actor = requirePermission(ctx, 'care.read');
  const code = scopedArea(actor, area);
  const row = (await repo.policiesFor(db, code))[0];
  const p = policyOfRow(row);
  return { areaCode: row?.area_code ?? code, ...p, isDefault: !row, version: row ? Number(row.version) : 0 };
}

const PERIOD_DAYS: Record<Frequency, number> = { week: 7, fortnight: 14, month: 30, quarter: 91, halfYear: 182 };

export async function writePolicy(db: Db, ctx: RequestContext, code: string, input: VisitPolicyInput): Promise<VisitPolicy> {
  const actor = requirePermission(ctx, 'care.policy');
  const area = scopedArea(actor, code, 'code');
  // A higher risk is never visited less often than a lower one.
  if (PERIOD_DAYS[input.high] > PERIOD_DAYS[input.medium]) throw invalidField('high', 'must be at least as frequent as medium');
  if (PERIOD_DAYS[input.medium] > PERIOD_DAYS[input.low]) throw invalidField('medium', 'must be at least as frequent as low');
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.upsertPolicy(trx, { area_code: area, high: input.high, medium: input.medium, low: input.low, escalate_after_days: input.escalateAfterDays, version: 1, updated_at: now, updated_by: actor.userId });
    // Cases look again at their schedule on the next sweep.
    await trx.updateTable('care_cases').set({ next_check_on: todayInChina() }).where('area_code', '>=', area).where('area_code', '<', `${area}\uffff`).where('status', '=', 'open').execute();
    await recordAudit(trx, ctx, { action: 'care.policy.write', areaCode: area, targetType: 'careVisitPolicy', targetId: area, details: { ...input } });
  });
  recordsChanged(db, 'care');
  return readPolicy(db, ctx, area);
}
