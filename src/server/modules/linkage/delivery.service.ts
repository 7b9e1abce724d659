/**
 * Delivery of a linkage project (执行实施): what the others of the delivery half share (the
 * dependencies, which project an actor reaches), the project's delivery at a glance (progress
 * rolled up from results and milestones, who it reached, spending against budget lines), results
 * against its indicators, spending, and the chain of one project from its needs to the verdict.
 */
import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { isWithinScope } from '../../../contracts/area-code.ts';
import type { Action } from '../../../contracts/policy.ts';
import { DELIVERY_PROJECT_STATUSES } from '../../../contracts/linkage-delivery.ts';
import type { Chain, ChainStep, Delivery, ExpenditureInput, Result, ResultInput, Spending } from '../../../contracts/linkage-delivery-api.ts';
import { mayDo, ownRecordsOnly, requirePermission, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { myOrganization } from '../people/organizations.service.ts';
import type { ResidentsDeps } from '../residents/registry-access.ts';
import type { AttachmentStorage } from '../services/requests-attachments.ts';
import { progressParts, progressPercent, resultFraction, type MilestoneStatus } from '../../../engine/linkage/progress.ts';
import { expenditureProblem, spendingSummary } from '../../../engine/linkage/spending.ts';
import { ocidFor } from '../../../engine/linkage/ocds.ts';
import * as repo from './delivery.repository.ts';
import { milestoneViews } from './milestones.service.ts';
import { roundViews } from './evaluations.service.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

export interface DeliveryDeps {
  readonly db: Db;
  readonly residents: ResidentsDeps;
  readonly storage: AttachmentStorage;
  readonly settings: { readonly attachmentMaxBytes: number; readonly ocidPrefix: string; readonly publisherName: string };
}

export interface ProjectInScope {
  actor: Actor;
  project: repo.ProjectRow;
  communities: string[];
}

/**
 * The project of `id` for an actor allowed `action`: 404 when there is none; 403 when neither the
 * project's area nor any of its communities lies in the actor's scope (a village worker reaches a
 * township's project that serves their village); for a role the action gives only its own records
 * (an organization member recording delivery), 403 unless the actor's organization holds the
 * project's contract.
 */
export async function projectFor(db: Db, ctx: RequestContext, id: string, action: Action): Promise<ProjectInScope> {
  const actor = requirePermission(ctx, action);
  const project = await repo.findProject(db, id);
  if (!project) throw notFound('Project', id);
  const communities = await repo.projectCommunities(db, project.area_code, project.id);
  requireProjectScope(actor, project.area_code, communities);
  if (ownRecordsOnly(actor, action) && !(await holdsContract(db, ctx, project))) {
    throw forbidden(`Only a member of the organization that holds the contract of project ${project.id} records its delivery`, { action, reason: 'notContractor' });
  }
  return { actor, project, communities };
}

/**
 * Whether the caller's organization (read through the people module's service: an account of no
 * organization holds none) is the one the project's contract was signed with.
 */
async function holdsContract(db: Db, ctx: RequestContext, project: repo.ProjectRow, known?: { organization_id: string }): Promise<boolean> {
  const [contract, organizationId] = await Promise.all([
    known ?? repo.contractOf(db, project.area_code, project.id),
    myOrganization(db, ctx).then(
      (o) => o.id,
      (e: unknown) => {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      },
    ),
  ]);
  return contract !== undefined && organizationId !== null && contract.organization_id === organizationId;
}

export function requireProjectScope(actor: Actor, areaCode: string, communities: readonly string[]): void {
  if (isWithinScope(areaCode, actor.scope) || communities.some((c) => isWithinScope(c, actor.scope))) return;
  throw forbidden(`Project of area ${areaCode} is outside your scope ${actor.scope}`, { areaCode, scope: actor.scope, reason: 'scope' });
}

/** Delivery is recorded once the project is contracted and until it closes. */
export function requireDelivering(project: repo.ProjectRow): void {
  if (!(DELIVERY_PROJECT_STATUSES as readonly string[]).includes(project.status)) {
    throw conflict(`Project ${project.id} is ${project.status}: delivery is recorded once it is contracted`, { reason: 'notDelivering', status: project.status });
  }
}

async function resultViews(db: Db, project: repo.ProjectRow): Promise<Result[]> {
  const rows = await repo.indicatorResults(db, project.area_code, project.id);
  return rows.map((d) => {
    const r = d.achieved === null ? null : { achieved: d.achieved, weight: d.weight };
    const achieved = r ? Number(r.achieved) : 0;
    return {
      indicatorId: d.id,
      kind: d.kind,
      name: d.name,
      unit: d.unit,
      target: Number(d.target),
      achieved,
      weight: r?.weight ?? 1,
      percent: Math.round(resultFraction(Number(d.target), achieved) * 1000) / 10,
    };
  });
}

async function spendingOf(db: Db, project: repo.ProjectRow): Promise<Spending> {
  const lines = await repo.lineSpending(db, project.area_code, project.id);
  const s = spendingSummary(
    lines.map((l) => ({ code: l.id, amount: Number(l.amount_cents) })),
    lines.map((l) => ({ budgetLine: l.id, amount: Number(l.spent_cents) })),
  );
  const titles = new Map(lines.map((l) => [l.id, l.title]));
  return {
    lines: s.lines.map((l) => ({ budgetLineId: l.code, title: titles.get(l.code) ?? '', budgetCents: l.budget, spentCents: l.spent, remainingCents: l.remaining, percent: l.percent, overspent: l.overspent })),
    budgetCents: s.budget,
    spentCents: s.spent,
    remainingCents: s.remaining,
    percent: s.percent,
  };
}

export async function deliveryOf(db: Db, ctx: RequestContext, actor: Actor, project: repo.ProjectRow, communities: string[]): Promise<Delivery> {
  return (await deliveryWithContract(db, ctx, actor, project, communities)).delivery;
}

/** The delivery, and the contract read on the way (the chain needs it too: read once). */
async function deliveryWithContract(db: Db, ctx: RequestContext, actor: Actor, project: repo.ProjectRow, communities: string[]) {
  const [results, milestones, spending, counts, contract] = await Promise.all([
    resultViews(db, project),
    milestoneViews(db, project.area_code, project.id),
    spendingOf(db, project),
    repo.deliveryCounts(db, project.area_code, project.id),
    repo.contractOf(db, project.area_code, project.id),
  ]);
  const reached = { persons: counts.persons, leftBehindChildren: counts.leftBehindChildren };
  // Whether the caller may record it: the web shows the forms by it (an organization member: only its own contract's).
  const [rounds, mayRecord] = await Promise.all([
    roundViews(db, actor, project, reached.persons),
    mayDo(actor, 'linkageDelivery.write') && (!ownRecordsOnly(actor, 'linkageDelivery.write') || (contract !== undefined && holdsContract(db, ctx, project, contract))),
  ]);
  const parts = progressParts(
    results.map((r) => ({ weight: r.weight, target: r.target, achieved: r.achieved })),
    milestones.map((m) => ({ weight: m.weight, status: m.status as MilestoneStatus })),
  );
  const delivery: Delivery = {
    projectId: project.id,
    areaCode: project.area_code,
    title: project.title,
    status: project.status,
    organization: contract ? { id: contract.organization_id, name: contract.organization_name ?? '' } : null,
    communities,
    progressPercent: progressPercent(parts),
    reached,
    activities: counts.activities,
    volunteerMinutes: counts.minutes,
    milestones,
    results,
    spending,
    rounds,
    mayRecord,
  };
  return { delivery, contract };
}

export async function getDelivery(db: Db, ctx: RequestContext, id: string): Promise<Delivery> {
  const { actor, project, communities } = await projectFor(db, ctx, id, 'linkageDelivery.read');
  return deliveryOf(db, ctx, actor, project, communities);
}

/** Records what an output or outcome indicator has reached (and its weight in the roll-up). */
export async function setResult(db: Db, ctx: RequestContext, id: string, indicatorId: string, input: ResultInput): Promise<Result> {
  const { actor, project } = await projectFor(db, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  const defs = await repo.indicators(db, project.area_code, project.id);
  if (!defs.some((d) => d.id === indicatorId)) throw notFound('Indicator', indicatorId);
  await db.transaction().execute(async (trx) => {
    await repo.upsertResult(trx, { area_code: project.area_code, project_id: project.id, indicator_id: indicatorId, weight: input.weight ?? 1, achieved: input.achieved, updated_at: new Date().toISOString(), updated_by: actor.userId });
    await recordAudit(trx, ctx, { action: 'linkage.result', areaCode: project.area_code, targetType: 'project', targetId: project.id, details: { indicatorId, achieved: input.achieved, weight: input.weight ?? 1 } });
  });
  return (await resultViews(db, project)).find((r) => r.indicatorId === indicatorId)!;
}

/** Records an expenditure against a budget line: 400 for an unknown line or one it would take past its budget. */
export async function addExpenditure(db: Db, ctx: RequestContext, id: string, input: ExpenditureInput): Promise<Spending> {
  const { actor, project } = await projectFor(db, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  const today = todayInChina();
  if (input.spentOn > today) throw invalidField('spentOn', 'is in the future', 'out_of_range');
  await db.transaction().execute(async (trx) => {
    const lines = await repo.budgetLines(trx, project.area_code, project.id);
    const recorded = await repo.expenditures(trx, project.area_code, project.id);
    const problem = expenditureProblem(
      lines.map((l) => ({ code: l.id, amount: Number(l.amount_cents) })),
      recorded.map((e) => ({ budgetLine: e.budget_line_id, amount: Number(e.amount_cents) })),
      { budgetLine: input.budgetLineId, amount: input.amountCents },
    );
    if (problem?.code === 'unknown_budget_line') throw invalidField('budgetLineId', `is not a budget line of project ${project.id}`, 'unknown_reference');
    if (problem?.code === 'over_budget_line') throw invalidField('amountCents', `is more than the ${problem.remaining} cents left on the line`, 'out_of_range', { remaining: problem.remaining });
    if (problem) throw invalidField('amountCents', 'must be a positive whole number of cents', 'out_of_range');
    const expenditureId = newId();
    await repo.insertExpenditure(trx, {
      area_code: project.area_code,
      project_id: project.id,
      id: expenditureId,
      budget_line_id: input.budgetLineId,
      amount_cents: input.amountCents,
      spent_on: input.spentOn,
      description: input.description.trim(),
      recorded_at: new Date().toISOString(),
      recorded_by: actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'linkage.expenditure', areaCode: project.area_code, targetType: 'project', targetId: project.id, details: { expenditureId, budgetLineId: input.budgetLineId, amountCents: input.amountCents } });
  });
  return spendingOf(db, project);
}

// ---- the chain ----

/** One project from the needs it answers to the residents' verdict, every stage linked, in order. */
export async function chainOf(deps: DeliveryDeps, ctx: RequestContext, id: string): Promise<Chain> {
  const { db } = deps;
  const { actor, project, communities } = await projectFor(db, ctx, id, 'linkageDelivery.read');
  const [needs, calls, complaints, { delivery, contract }, activities] = await Promise.all([
    repo.projectNeeds(db, project.area_code, project.id),
    repo.callsOf(db, project.area_code, project.id),
    repo.complaintsOfProject(db, project.area_code, project.id),
    deliveryWithContract(db, ctx, actor, project, communities),
    repo.listActivities(db, project.area_code, project.id, { limit: 20 }),
  ]);
  const steps: ChainStep[] = [];
  for (const n of needs) steps.push({ stage: 'need', id: n.id, title: n.title, status: n.status, at: n.created_at, detail: `supports: ${n.supports}` });
  steps.push({ stage: 'project', id: project.id, title: project.title, status: project.status, at: project.created_at, detail: null });
  for (const c of calls) {
    steps.push({ stage: 'call', id: c.id, title: project.title, status: c.status, at: c.opened_at ?? c.created_at, detail: c.mode });
    if (c.awarded_bid_id) steps.push({ stage: 'award', id: c.awarded_bid_id, title: c.awarded_organization ?? '', status: 'awarded', at: c.awarded_at, detail: null });
  }
  for (const c of complaints) steps.push({ stage: 'complaint', id: c.id, title: c.subject, status: c.state, at: c.created_at, detail: null });
  if (contract) steps.push({ stage: 'contract', id: contract.id, title: contract.organization_name ?? '', status: 'signed', at: contract.signed_on, detail: String(contract.amount_cents) });
  for (const a of [...activities].reverse()) steps.push({ stage: 'activity', id: a.id, title: a.title, status: a.kind, at: a.held_on, detail: `attendance: ${a.attendance}` });
  for (const m of delivery.milestones) steps.push({ stage: 'milestone', id: m.id, title: m.title, status: m.status, at: m.metOn ?? m.dueOn, detail: null });
  for (const r of delivery.rounds) steps.push({ stage: 'evaluation', id: r.id, title: r.title, status: r.status, at: r.closedAt ?? r.openedAt, detail: r.finalScore === null ? null : `${r.finalScore} ${r.grade}` });
  const last = [...delivery.rounds].reverse().find((r) => r.finalScore !== null);
  return {
    projectId: project.id,
    title: project.title,
    areaCode: project.area_code,
    ocid: ocidFor(deps.settings.ocidPrefix, project.id),
    steps,
    progressPercent: delivery.progressPercent,
    reached: delivery.reached,
    finalScore: last?.finalScore ?? null,
    grade: last?.grade ?? null,
  };
}

/**
 * Before the body is read: the record a route names exists (404) and lies in the actor's scope
 * (403), so a refused caller is never told what is wrong with a body it may not send. A resident
 * answering a round is checked by the service (participation), not by scope.
 */
export async function authorizeRecord(db: Db, ctx: RequestContext, kind: 'project' | 'activity' | 'milestone' | 'round', id: string, action: Action): Promise<void> {
  const actor = requirePermission(ctx, action);
  let projectId: string | undefined;
  if (kind === 'project') projectId = id;
  else if (kind === 'activity') projectId = (await repo.findActivity(db, id))?.project_id;
  else if (kind === 'milestone') projectId = (await repo.findMilestone(db, id))?.project_id;
  else projectId = (await repo.findRound(db, id))?.project_id;
  if (!projectId) throw notFound(kind === 'round' ? 'Evaluation round' : kind[0]!.toUpperCase() + kind.slice(1), id);
  if (kind === 'round' && actor.role === 'resident') return;
  await projectFor(db, ctx, projectId, action);
}
