/**
 * A linkage project's life after its contract: contracted → delivering (on the first activity, or
 * by hand) → closed (when its final evaluation round closes, or by hand). Closing is refused, 409
 * naming the rule, while a complaint on any of its calls is open (`openComplaint`), while a
 * milestone is neither met nor waived with a reason (`milestonesOpen`), or while an evaluation
 * round is open (`roundOpen`); a project not in delivery is `status`. Every move is one
 * transaction with its timeline event and audit row: a refused move writes nothing.
 */
import type { Db } from '../../db/database.ts';
import { OPEN_COMPLAINT_STATES } from '../../../contracts/linkage.ts';
import type { Delivery, ProjectClose, ProjectStart } from '../../../contracts/linkage-delivery-api.ts';
import type { Actor, RequestContext } from '../../http/actor.ts';
import { AppError, conflict, invalidFields, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertEvent } from './needs.repository.ts';
import { eventRow } from './timeline.ts';
import * as repo from './delivery.repository.ts';
import { deliveryOf, projectFor, type DeliveryDeps } from './delivery.service.ts';

export type LifeRule = 'status' | 'openComplaint' | 'milestonesOpen' | 'roundOpen';

function ruleConflict(rule: LifeRule, message: string, details: Record<string, unknown> = {}): AppError {
  return conflict(`${message} (rule: ${rule})`, { rule, reason: rule, ...details });
}

type ProjectRef = { area_code: string; id: string; status: string };

/**
 * Inside the caller's transaction: a contracted project starts delivery (an event on its
 * timeline). Any other status is left as it is; returns whether the project moved.
 */
export async function startDeliveryIn(trx: Db, actor: Actor | null, project: ProjectRef, note: string | null): Promise<boolean> {
  if (project.status !== 'contracted') return false;
  const moved = await repo.moveProjectStatus(trx, project.area_code, project.id, 'contracted', 'delivering');
  if (moved) await insertEvent(trx, eventRow(actor, project.area_code, 'project', project.id, 'contracted', 'delivering', note));
  return moved;
}

/** Starts delivery by hand: 409 `status` unless the project is contracted. */
export async function startDelivery(deps: DeliveryDeps, ctx: RequestContext, id: string, input: ProjectStart): Promise<Delivery> {
  const { actor, project, communities } = await projectFor(deps.db, ctx, id, 'linkageDelivery.write');
  if (project.status !== 'contracted') throw ruleConflict('status', `Project ${id} is ${project.status}: only a contracted project starts delivery`, { status: project.status });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await startDeliveryIn(trx, actor, project, input.note?.trim() || null))) throw ruleConflict('status', `Project ${id} changed meanwhile; reload it`, { status: project.status });
    await recordAudit(trx, ctx, { action: 'linkage.project.deliver', areaCode: project.area_code, targetType: 'project', targetId: project.id, details: { from: 'contracted', to: 'delivering' } });
  });
  const moved = { ...project, status: 'delivering' };
  return deliveryOf(deps.db, ctx, actor, moved, communities);
}

/**
 * Every rule of closing, read inside the transaction that closes: the first broken one as 409
 * naming it. `waive` names milestones waived on the way (each with its reason); `exceptRound` is
 * the final round being closed in the same transaction.
 */
export async function closeProblem(trx: Db, project: ProjectRef, waive: readonly { milestoneId: string; reason: string }[], exceptRound: string | null = null): Promise<AppError | null> {
  if (project.status !== 'contracted' && project.status !== 'delivering') {
    return ruleConflict('status', `Project ${project.id} is ${project.status}: only a project in delivery closes`, { status: project.status });
  }
  const complaints = await repo.openComplaintsOfProject(trx, project.area_code, project.id, OPEN_COMPLAINT_STATES);
  if (complaints.length) {
    return ruleConflict('openComplaint', `${complaints.length} complaint(s) on the project's calls still open: resolve, reject or see them withdrawn first`, { complaints: complaints.map((k) => ({ id: k.id, state: k.state })) });
  }
  const rounds = await repo.rounds(trx, project.area_code, project.id);
  const open = rounds.filter((r) => r.status === 'open' && r.id !== exceptRound);
  if (open.length) return ruleConflict('roundOpen', `Evaluation round "${open[0]!.title}" is open: close it first`, { rounds: open.map((r) => r.id) });
  const waived = new Set(waive.map((w) => w.milestoneId));
  const milestones = await repo.milestones(trx, project.area_code, project.id);
  const pending = milestones.filter((m) => m.status !== 'met' && !waived.has(m.id) && !(m.status === 'cancelled' && m.note?.trim()));
  if (pending.length) {
    return ruleConflict('milestonesOpen', `${pending.length} milestone(s) neither met nor waived with a reason: ${pending.map((m) => m.title).join(', ')}`, {
      milestones: pending.map((m) => ({ id: m.id, title: m.title, status: m.status })),
    });
  }
  return null;
}

/** Waivers name milestones of the project that are not met (400 naming the entry). */
async function waiverProblems(db: Db, project: ProjectRef, waive: readonly { milestoneId: string; reason: string }[]): Promise<FieldProblem[]> {
  const milestones = new Map((await repo.milestones(db, project.area_code, project.id)).map((m) => [m.id, m]));
  const problems: FieldProblem[] = [];
  waive.forEach((w, i) => {
    const m = milestones.get(w.milestoneId);
    if (!m) problems.push({ field: `waive.${i}.milestoneId`, problem: `is not a milestone of project ${project.id}`, code: 'unknown_reference' });
    else if (m.status === 'met') problems.push({ field: `waive.${i}.milestoneId`, problem: 'is met: nothing to waive', code: 'inconsistent' });
    if (!w.reason.trim()) problems.push({ field: `waive.${i}.reason`, problem: 'must not be blank', code: 'required' });
  });
  return problems;
}

/**
 * Inside the caller's transaction: checks every rule (throws the first broken one), waives the
 * named milestones, closes the project (compare-and-set on its status) with its timeline event.
 */
export async function closeIn(trx: Db, actor: Actor | null, project: ProjectRef, reason: string, waive: readonly { milestoneId: string; reason: string }[], exceptRound: string | null = null): Promise<void> {
  const problem = await closeProblem(trx, project, waive, exceptRound);
  if (problem) throw problem;
  const at = new Date().toISOString();
  for (const w of waive) await repo.waiveMilestone(trx, project.area_code, w.milestoneId, w.reason.trim(), at);
  if (!(await repo.moveProjectStatus(trx, project.area_code, project.id, project.status, 'closed'))) {
    throw ruleConflict('status', `Project ${project.id} changed meanwhile; reload it`, { status: project.status });
  }
  await insertEvent(trx, eventRow(actor, project.area_code, 'project', project.id, project.status, 'closed', reason));
}

/** Closes a project by hand, with a reason (and milestones waived on the way). */
export async function closeProject(deps: DeliveryDeps, ctx: RequestContext, id: string, input: ProjectClose): Promise<Delivery> {
  const { actor, project, communities } = await projectFor(deps.db, ctx, id, 'linkageEvaluations.manage');
  const problems = await waiverProblems(deps.db, project, input.waive ?? []);
  if (!input.reason.trim()) problems.unshift({ field: 'reason', problem: 'must not be blank', code: 'required' });
  if (problems.length) throw invalidFields(problems);
  await deps.db.transaction().execute(async (trx) => {
    const current = (await repo.findProject(trx, id))!;
    await closeIn(trx, actor, current, input.reason.trim(), input.waive ?? []);
    await recordAudit(trx, ctx, { action: 'linkage.project.close', areaCode: project.area_code, targetType: 'project', targetId: project.id, details: { from: current.status, reason: input.reason.trim(), waived: (input.waive ?? []).map((w) => w.milestoneId) } });
  });
  return deliveryOf(deps.db, ctx, actor, { ...project, status: 'closed' }, communities);
}
