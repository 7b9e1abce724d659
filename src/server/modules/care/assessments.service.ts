import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import type { AssessmentResult, NewAssessment } from '../../../contracts/care.ts';
import { addMonths, isCalendarDay } from '../../../engine/care/calendar.ts';
import { riskFromFactors } from '../../../engine/care/risk.ts';
import type { RequestContext } from '../../http/actor.ts';
import { conflict, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { fileApproval } from './approvals.service.ts';
import * as repo from './cases.repository.ts';
import { toApproval, toAssessment } from './cases.schema.ts';
import { caseAccess, event, today } from './cases.service.ts';

/** Months to the next assessment by the level proposed, when the assessor names no day. */
const REASSESS_MONTHS = { high: 3, medium: 6, low: 12 } as const;

/**
 * A risk assessment: the six factors give a level (engine/care/risk.ts); the assessor may propose
 * another. A proposed level other than the case's files a risk-change approval in the same
 * transaction (with `reason`, 400 without one); the case's level changes only when it is approved.
 */
export async function recordAssessment(db: Db, ctx: RequestContext, caseId: string, input: NewAssessment): Promise<AssessmentResult> {
  const { kase, actor } = await caseAccess(db, ctx, caseId, 'care.visit');
  if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
  const day = today();
  if (!isCalendarDay(input.assessedOn)) throw invalidField('assessedOn', 'is not a calendar day');
  if (input.assessedOn > day) throw invalidField('assessedOn', 'is in the future');
  if (input.assessedOn < kase.opened_on) throw invalidField('assessedOn', 'is before the case opened');
  const computed = riskFromFactors(input.factors);
  const proposed = input.proposedLevel ?? computed;
  const nextDue = input.nextDueOn ?? addMonths(input.assessedOn, REASSESS_MONTHS[proposed]);
  if (!isCalendarDay(nextDue) || nextDue <= input.assessedOn) throw invalidField('nextDueOn', 'must be a day after the assessment');
  const change = proposed !== kase.risk_level;
  if (change && !input.reason) throw invalidField('reason', `is required: the assessment proposes ${proposed}, the case is ${kase.risk_level}, which a supervisor approves`);
  const now = new Date().toISOString();
  const id = newId();
  const approvalId = await db.transaction().execute(async (trx) => {
    const locked = (await repo.lockCase(trx, kase.area_code, kase.id))!;
    const approval = change ? await fileApproval(trx, ctx, locked, actor, { kind: 'riskChange', toLevel: proposed, reason: input.reason!, assessmentId: id }, kase.person_name, now) : null;
    const f = input.factors;
    await repo.insertAssessment(trx, {
      area_code: kase.area_code,
      id,
      case_id: kase.id,
      assessed_on: input.assessedOn,
      safety: f.safety,
      health: f.health,
      schooling: f.schooling,
      living_conditions: f.livingConditions,
      mood: f.mood,
      carer_capacity: f.carerCapacity,
      computed_level: computed,
      proposed_level: proposed,
      next_due_on: nextDue,
      notes: input.notes ?? null,
      approval_id: approval,
      generated: false,
      created_at: now,
      created_by: actor.userId,
      created_by_name: actor.username,
    });
    if (!(await repo.updateCase(trx, locked, { next_assessment_on: nextDue, updated_at: now }))) throw conflict('The case changed meanwhile; try again', {});
    await repo.insertEvents(trx, [event(kase, actor, 'assessed', { assessmentId: id, computedLevel: computed, proposedLevel: proposed }, now)]);
    await recordAudit(trx, ctx, { action: 'care.assessment.write', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { assessmentId: id } });
    return approval;
  });
  recordsChanged(db, 'care');
  const assessment = (await repo.assessmentsOf(db, kase.area_code, kase.id)).find((a) => a.id === id)!;
  const approval = approvalId ? await repo.approvalById(db, approvalId) : undefined;
  return { assessment: toAssessment(assessment), approval: approval ? toApproval(approval) : null };
}
