/**
 * Projects (项目设计): the community designs a project from one or more needs (linked, never
 * copied) with objectives, a target group counted from the registry, budget lines that sum to the
 * total, funding source, indicators, bidder requirements and phases. Editable until its call opens.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Project, ProjectInput, ProjectSummary, ProjectUpdate } from '../../../contracts/linkage-api.ts';
import type { Action } from '../../../contracts/policy.ts';
import * as repo from './projects.repository.ts';
import { insertEvent } from './needs.repository.ts';
import { toProject, toProjectSummary } from './projects.schema.ts';
import { eventRow } from './timeline.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

const LINKABLE_NEEDS = new Set(['open', 'underConsideration', 'takenUp']);
const today = todayInChina;

export async function projectFor(db: Db, ctx: RequestContext, id: string, action: Action): Promise<{ actor: Actor; row: repo.ProjectRow }> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findProject(db, id);
  if (!row) throw notFound('Project', id);
  requireScope(actor, row.area_code);
  return { actor, row };
}

export async function getProject(db: Db, ctx: RequestContext, id: string): Promise<Project> {
  const { row } = await projectFor(db, ctx, id, 'linkageProjects.read');
  return toProject(row, await repo.projectParts(db, row.area_code, id));
}

export async function listProjects(db: Db, ctx: RequestContext, q: { area?: string; status?: string; limit?: number; cursor?: string }): Promise<{ items: ProjectSummary[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'linkageProjects.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const { rows, total } = await repo.listProjects(db, { scope, status: q.status, limit, offset });
  return { items: rows.map(toProjectSummary), total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

export async function targetCount(db: Db, ctx: RequestContext, kind: string, communities: string[]): Promise<{ count: number }> {
  const actor = requirePermission(ctx, 'linkageProjects.design');
  communities.forEach((c, i) => {
    if (!c.startsWith(actor.scope)) throw invalidField(`communities.${i}`, 'lies outside your scope', 'not_in_scope');
  });
  return { count: await repo.registryCount(db, kind, communities, today()) };
}

/** Every rule of a design, as field problems (400 names each field). */
async function checkDesign(db: Db, actor: Actor, input: ProjectInput) {
  const problems: FieldProblem[] = [];
  requireScope(actor, input.areaCode);
  for (const c of input.communities) requireScope(actor, c);
  const areas = await repo.existingAreas(db, input.communities);
  input.communities.forEach((c, i) => {
    if (!c.startsWith(input.areaCode)) problems.push({ field: `communities.${i}`, problem: `must lie within the project's area ${input.areaCode}`, code: 'not_in_scope' });
    else if (!areas.has(c)) problems.push({ field: `communities.${i}`, problem: 'is not a community', code: 'unknown_reference' });
  });
  const needs = await repo.needsByIds(db, input.needIds);
  const byId = new Map(needs.map((n) => [n.id, n]));
  input.needIds.forEach((id, i) => {
    const n = byId.get(id);
    if (!n || !n.area_code.startsWith(actor.scope)) problems.push({ field: `needIds.${i}`, problem: 'does not exist', code: 'unknown_reference' });
    else if (!input.communities.includes(n.area_code)) problems.push({ field: `needIds.${i}`, problem: "must be a need of one of the project's communities", code: 'inconsistent' });
    else if (!LINKABLE_NEEDS.has(n.status)) problems.push({ field: `needIds.${i}`, problem: `is ${n.status}`, code: 'inconsistent' });
  });
  const sum = input.budgetLines.reduce((s, l) => s + l.amountCents, 0);
  if (sum !== input.budgetCents) {
    problems.push({ field: 'budgetLines', problem: `sum to ${sum} cents, not the total ${input.budgetCents}`, code: 'inconsistent', params: { sum, total: input.budgetCents } });
  }
  input.phases.forEach((p, i) => {
    if (p.startsOn > p.endsOn) problems.push({ field: `phases.${i}.endsOn`, problem: 'must not be before startsOn', code: 'out_of_range' });
  });
  for (const [field, text] of [
    ['title', input.title],
    ['objectives', input.objectives],
    ['targetGroup', input.targetGroup],
  ] as const) {
    if (!text.trim()) problems.push({ field, problem: 'must not be blank', code: 'required' });
  }
  if (problems.length) throw invalidFields(problems);
  return needs;
}

function partsOf(areaCode: string, projectId: string, input: ProjectInput, needs: { area_code: string; id: string }[]) {
  return {
    needs,
    communities: input.communities,
    lines: input.budgetLines.map((l, i) => ({ area_code: areaCode, project_id: projectId, id: newId(), position: i, title: l.title.trim(), amount_cents: l.amountCents })),
    indicators: input.indicators.map((x, i) => ({ area_code: areaCode, project_id: projectId, id: newId(), position: i, kind: x.kind, name: x.name.trim(), unit: x.unit.trim(), target: x.target })),
    phases: input.phases.map((p, i) => ({ area_code: areaCode, project_id: projectId, id: newId(), position: i, title: p.title.trim(), starts_on: p.startsOn, ends_on: p.endsOn })),
  };
}

function columnsOf(input: ProjectInput, targetCount: number) {
  const starts = input.phases.map((p) => p.startsOn).sort()[0] ?? null;
  const ends = input.phases.map((p) => p.endsOn).sort().at(-1) ?? null;
  return {
    title: input.title.trim(),
    summary: input.summary?.trim() || null,
    objectives: input.objectives.trim(),
    target_group: input.targetGroup.trim(),
    target_kind: input.targetKind ?? null,
    target_count: targetCount,
    funding_source: input.fundingSource,
    budget_cents: input.budgetCents,
    required_statuses: JSON.stringify(input.requirements.statuses),
    required_grade: input.requirements.minimumGrade,
    required_social_workers: input.requirements.socialWorkers,
    starts_on: starts,
    ends_on: ends,
  };
}

export async function createProject(db: Db, ctx: RequestContext, input: ProjectInput): Promise<Project> {
  const actor = requirePermission(ctx, 'linkageProjects.design');
  const needs = await checkDesign(db, actor, input);
  const count = input.targetKind ? await repo.registryCount(db, input.targetKind, input.communities, today()) : 0;
  const id = newId();
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertProject(trx, { area_code: input.areaCode, id, ...columnsOf(input, count), status: 'draft', created_by: actor.userId, created_at: at, updated_at: at });
    await repo.replaceParts(trx, input.areaCode, id, partsOf(input.areaCode, id, input, needs));
    for (const needId of await repo.markNeedsTakenUp(trx, input.needIds)) {
      const n = needs.find((x) => x.id === needId)!;
      await insertEvent(trx, eventRow(actor, n.area_code, 'need', needId, n.status, 'takenUp', `project ${id}`));
    }
    await insertEvent(trx, eventRow(actor, input.areaCode, 'project', id, null, 'draft'));
    await recordAudit(trx, ctx, { action: 'linkage.project.create', areaCode: input.areaCode, targetType: 'project', targetId: id, details: { needs: input.needIds.length, budgetCents: input.budgetCents } });
  });
  return getProject(db, ctx, id);
}

/**
 * Replaces a draft's design, compare-and-set on the version it was read at (409 `version` when
 * stale). The design may change until the project's call opens: while the call is still a draft
 * (its invitations are checked again when it opens); once it is open, bidders rely on the design
 * and it is fixed (409 `callOpen`), as it is in any later state (409 `status`).
 */
export async function updateProject(db: Db, ctx: RequestContext, id: string, input: ProjectUpdate): Promise<Project> {
  const { actor, row } = await projectFor(db, ctx, id, 'linkageProjects.design');
  await refuseFixedDesign(db, row);
  if (input.areaCode !== row.area_code) throw invalidField('areaCode', 'a project stays in its area', 'inconsistent');
  const needs = await checkDesign(db, actor, input);
  const count = input.targetKind ? await repo.registryCount(db, input.targetKind, input.communities, today()) : 0;
  await db.transaction().execute(async (trx) => {
    // Checked again inside the write: the call may have opened since the read.
    await refuseFixedDesign(trx, row);
    if (!(await repo.updateProject(trx, id, input.version, columnsOf(input, count)))) {
      throw conflict(`Project ${id} changed meanwhile (you edited version ${input.version}); reload it`, { rule: 'version', version: input.version });
    }
    await repo.replaceParts(trx, row.area_code, id, partsOf(row.area_code, id, input, needs));
    for (const needId of await repo.markNeedsTakenUp(trx, input.needIds)) {
      const n = needs.find((x) => x.id === needId)!;
      await insertEvent(trx, eventRow(actor, n.area_code, 'need', needId, n.status, 'takenUp', `project ${id}`));
    }
    await recordAudit(trx, ctx, { action: 'linkage.project.update', areaCode: row.area_code, targetType: 'project', targetId: id, details: { version: input.version } });
  });
  return getProject(db, ctx, id);
}

async function refuseFixedDesign(db: Db, row: repo.ProjectRow): Promise<void> {
  if (row.status === 'draft' || row.status === 'designed') return;
  if (row.status === 'calling') {
    const call = await repo.activeCall(db, row.area_code, row.id);
    if (!call || call.status === 'draft') return;
    throw conflict(`Project ${row.id} is fixed: its call is ${call.status} and bidders rely on the design (rule: callOpen)`, { rule: 'callOpen', callId: call.id, callStatus: call.status });
  }
  throw conflict(`Project ${row.id} is ${row.status}: its design is fixed (rule: status)`, { rule: 'status', status: row.status });
}
