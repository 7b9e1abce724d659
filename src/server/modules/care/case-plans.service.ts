import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import type { CarePlan, CarePlanInput } from '../../../contracts/care-referrals.ts';
import type { RequestContext } from '../../http/actor.ts';
import { conflict, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { teamCaseFor } from './referrals.access.ts';
import * as repo from './referrals.repository.ts';
import { toPlan } from './referrals.schema.ts';

/** A case's plan (goals, services to provide, review day), or null before the first; the read is audited. */
export async function getPlan(db: Db, ctx: RequestContext, caseId: string): Promise<CarePlan | null> {
  const { kase } = await teamCaseFor(db, ctx, 'careReferrals.read', caseId);
  const row = await repo.findPlan(db, kase.id);
  await recordAudit(db, ctx, { action: 'carePlan.read', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id });
  return row ? toPlan(row) : null;
}

/**
 * Writes the case plan: the first one without a version, a change with the version read (409 when
 * someone changed it since, or when a first plan already exists).
 */
export async function savePlan(db: Db, ctx: RequestContext, caseId: string, input: CarePlanInput): Promise<CarePlan> {
  const { actor, kase } = await teamCaseFor(db, ctx, 'careReferrals.write', caseId);
  if (kase.status !== 'open') throw conflict(`Case ${caseId} is closed`, { status: kase.status });
  const goals = input.goals.map((g) => ({ text: g.text.trim(), done: g.done }));
  const blank = goals.findIndex((g) => !g.text);
  if (blank >= 0) throw invalidField(`goals.${blank}.text`, 'must not be blank', 'required');
  const services = input.services.map((s) => s.trim());
  const blankService = services.findIndex((s) => !s);
  if (blankService >= 0) throw invalidField(`services.${blankService}`, 'must not be blank', 'required');
  const now = new Date().toISOString();
  const existing = await repo.findPlan(db, kase.id);
  await db.transaction().execute(async (trx) => {
    if (!existing) {
      if (input.version !== undefined) throw conflict(`Case ${caseId} has no plan yet (you sent version ${input.version})`, { version: 0 });
      await repo.insertPlan(trx, {
        area_code: kase.area_code,
        id: newId(),
        case_id: kase.id,
        goals: JSON.stringify(goals),
        services: JSON.stringify(services),
        review_on: input.reviewOn ?? null,
        updated_by: actor.userId,
        updated_by_username: actor.username,
        created_at: now,
        updated_at: now,
        version: 1,
      });
    } else {
      if (input.version === undefined) throw conflict(`Case ${caseId} already has a plan (version ${existing.version}): send the version you read`, { version: existing.version });
      const done = input.version === existing.version && (await repo.updatePlan(trx, existing.area_code, existing.id, existing.version, {
        goals: JSON.stringify(goals),
        services: JSON.stringify(services),
        review_on: input.reviewOn ?? null,
        updated_by: actor.userId,
        updated_by_username: actor.username,
        updated_at: now,
      }));
      if (!done) throw conflict(`The plan of case ${caseId} changed since you read it (version ${existing.version}, you sent ${input.version})`, { version: existing.version });
    }
    await repo.insertPlanRevision(trx, { area_code: kase.area_code, case_id: kase.id, review_on: input.reviewOn ?? null, saved_at: now });
    await recordAudit(trx, ctx, { action: 'carePlan.save', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { goals: goals.length, services: services.length } });
  });
  return toPlan((await repo.findPlan(db, kase.id))!);
}
