import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { CARE_LIMITS, type NewVisit, type Visit } from '../../../contracts/care.ts';
import { daysBetween, isCalendarDay } from '../../../engine/care/calendar.ts';
import type { RequestContext } from '../../http/actor.ts';
import { conflict, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './cases.repository.ts';
import { toVisit } from './cases.schema.ts';
import { caseAccess, event, today } from './cases.service.ts';
import { policyFor, scheduleOf } from './visit-policy.service.ts';

/**
 * A visit: the day (not in the future, not before the case opened, within CARE_LIMITS.visitDaysBackMax
 * days), the mode, findings per factor, actions, next steps, photos. The case's next visit is then
 * due one period after its latest visit; whether this visit answered its due day on time is kept.
 */
export async function recordVisit(db: Db, ctx: RequestContext, caseId: string, input: NewVisit): Promise<Visit> {
  const { kase, actor } = await caseAccess(db, ctx, caseId, 'care.visit');
  if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
  const day = today();
  if (!isCalendarDay(input.visitedOn)) throw invalidField('visitedOn', 'is not a calendar day');
  if (input.visitedOn > day) throw invalidField('visitedOn', 'is in the future');
  if (input.visitedOn < kase.opened_on) throw invalidField('visitedOn', 'is before the case opened');
  if (daysBetween(input.visitedOn, day) > CARE_LIMITS.visitDaysBackMax) throw invalidField('visitedOn', `is more than ${CARE_LIMITS.visitDaysBackMax} days ago`);
  if (Object.keys(input.findings).length === 0) throw invalidField('findings', 'must name at least one factor looked at');
  const now = new Date().toISOString();
  const row = {
    area_code: kase.area_code,
    id: newId(),
    case_id: kase.id,
    visited_on: input.visitedOn,
    mode: input.mode,
    findings: JSON.stringify(input.findings),
    actions: input.actions || null,
    next_steps: input.nextSteps || null,
    photos: JSON.stringify(input.photos ?? []),
    due_on: kase.visit_due_on,
    on_time: kase.visit_due_on === null || input.visitedOn <= kase.visit_due_on,
    generated: false,
    recorded_at: now,
    recorded_by: actor.userId,
    recorded_by_name: actor.username,
  };
  await db.transaction().execute(async (trx) => {
    const locked = (await repo.lockCase(trx, kase.area_code, kase.id))!;
    await repo.insertVisit(trx, row);
    const last = locked.last_visit_on && locked.last_visit_on > input.visitedOn ? locked.last_visit_on : input.visitedOn;
    const policy = await policyFor(trx, kase.area_code);
    const schedule = scheduleOf({ ...locked, last_visit_on: last }, policy, day);
    if (!(await repo.updateCase(trx, locked, { last_visit_on: last, ...schedule, updated_at: now }))) throw conflict('The case changed meanwhile; try again', {});
    await repo.insertEvents(trx, [event(kase, actor, 'visited', { visitId: row.id, visitedOn: row.visited_on, mode: row.mode, onTime: row.on_time }, now)]);
    await recordAudit(trx, ctx, { action: 'care.visit.write', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { visitId: row.id } });
  });
  recordsChanged(db, 'care');
  return toVisit(row);
}
