/**
 * Milestones of a project's delivery (里程碑): weighted, with evidence (photos, documents) kept like
 * service-request attachments (content-addressed store, type sniffed from the bytes, every read
 * audited). A milestone is met only with evidence; changes are compare-and-set on the version.
 */
import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { DELIVERY_LIMITS } from '../../../contracts/linkage-delivery.ts';
import type { EvidenceKind, MilestoneStatus } from '../../../contracts/linkage-delivery.ts';
import type { Milestone, MilestoneChange, MilestoneEdit, NewMilestone } from '../../../contracts/linkage-delivery-api.ts';
import { requirePermission, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { sniffAttachmentType } from '../services/requests-attachments.ts';
import * as repo from './delivery.repository.ts';
import { projectFor, requireDelivering, type DeliveryDeps } from './delivery.service.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

export async function milestoneViews(db: Db, areaCode: string, projectId: string): Promise<Milestone[]> {
  const rows = await repo.milestones(db, areaCode, projectId);
  const evidence = await repo.evidenceOf(db, areaCode, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    position: r.position,
    title: r.title,
    weight: r.weight,
    dueOn: r.due_on,
    status: r.status as MilestoneStatus,
    metOn: r.met_on,
    note: r.note,
    version: r.version,
    evidence: evidence
      .filter((e) => e.milestone_id === r.id)
      .map((e) => ({ id: e.id, kind: e.kind as EvidenceKind, title: e.title, mediaType: e.media_type, sizeBytes: e.size_bytes, addedAt: e.added_at })),
  }));
}

async function viewOf(db: Db, areaCode: string, projectId: string, id: string): Promise<Milestone> {
  return (await milestoneViews(db, areaCode, projectId)).find((m) => m.id === id)!;
}

async function milestoneFor(deps: DeliveryDeps, ctx: RequestContext, id: string, action: 'linkageDelivery.read' | 'linkageDelivery.write') {
  requirePermission(ctx, action);
  const row = await repo.findMilestone(deps.db, id);
  if (!row) throw notFound('Milestone', id);
  return { row, ...(await projectFor(deps.db, ctx, row.project_id, action)) };
}

export async function addMilestone(deps: DeliveryDeps, ctx: RequestContext, projectId: string, input: NewMilestone): Promise<Milestone> {
  const { project } = await projectFor(deps.db, ctx, projectId, 'linkageDelivery.write');
  requireDelivering(project);
  const id = newId();
  const now = new Date().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const existing = await repo.milestones(trx, project.area_code, project.id);
    if (existing.length >= DELIVERY_LIMITS.milestonesMax) throw conflict(`A project has at most ${DELIVERY_LIMITS.milestonesMax} milestones`, { reason: 'tooMany' });
    await repo.insertMilestone(trx, {
      area_code: project.area_code,
      project_id: project.id,
      id,
      position: existing.length + 1,
      title: input.title.trim(),
      weight: input.weight,
      due_on: input.dueOn,
      status: 'scheduled',
      met_on: null,
      note: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx, { action: 'linkage.milestone.create', areaCode: project.area_code, targetType: 'milestone', targetId: id, details: { projectId: project.id, title: input.title, weight: input.weight } });
  });
  return viewOf(deps.db, project.area_code, project.id, id);
}

/**
 * Moves a milestone: met (on a day no later than today, with at least one piece of evidence: 409
 * otherwise), not met, cancelled, or back to scheduled. A stale version is 409.
 */
export async function changeMilestone(deps: DeliveryDeps, ctx: RequestContext, id: string, input: MilestoneChange): Promise<Milestone> {
  const { row, project } = await milestoneFor(deps, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  const today = todayInChina();
  const metOn = input.status === 'met' ? (input.metOn ?? today) : null;
  if (metOn && metOn > today) throw invalidField('metOn', 'is in the future', 'out_of_range');
  await deps.db.transaction().execute(async (trx) => {
    if (input.status === 'met') {
      const evidence = await repo.evidenceOf(trx, row.area_code, [row.id]);
      if (evidence.length === 0) throw conflict('A milestone is met only with evidence: attach a photo or a document first', { reason: 'evidenceRequired' });
    }
    const ok = await repo.updateMilestone(trx, row.area_code, row.id, input.version, { status: input.status, met_on: metOn, note: input.note?.trim() || null, updated_at: new Date().toISOString() });
    if (!ok) throw conflict(`Milestone ${id} was changed by someone else (version ${input.version} is stale)`, { reason: 'stale' });
    await recordAudit(trx, ctx, { action: 'linkage.milestone.status', areaCode: row.area_code, targetType: 'milestone', targetId: id, details: { from: row.status, to: input.status, metOn } });
  });
  return viewOf(deps.db, row.area_code, row.project_id, id);
}

/**
 * Changes a milestone's title, due day or weight while it is scheduled or not met (409 `status`
 * once met or cancelled: its part in the progress is settled); a stale version is 409 `stale`.
 */
export async function editMilestone(deps: DeliveryDeps, ctx: RequestContext, id: string, input: MilestoneEdit): Promise<Milestone> {
  const { row, project } = await milestoneFor(deps, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findMilestone(trx, id);
    if (current && current.version === input.version && !['scheduled', 'notMet'].includes(current.status)) {
      throw conflict(`Milestone ${id} is ${current.status}: only a scheduled or unmet milestone is edited`, { reason: 'status', status: current.status });
    }
    const ok = await repo.editMilestone(trx, row.area_code, row.id, input.version, { title: input.title.trim(), due_on: input.dueOn, weight: input.weight, updated_at: new Date().toISOString() });
    if (!ok) throw conflict(`Milestone ${id} was changed by someone else (version ${input.version} is stale)`, { reason: 'stale' });
    await recordAudit(trx, ctx, {
      action: 'linkage.milestone.edit',
      areaCode: row.area_code,
      targetType: 'milestone',
      targetId: id,
      details: { from: { title: row.title, dueOn: row.due_on, weight: row.weight }, to: { title: input.title.trim(), dueOn: input.dueOn, weight: input.weight } },
    });
  });
  return viewOf(deps.db, row.area_code, row.project_id, id);
}

export async function addEvidence(deps: DeliveryDeps, ctx: RequestContext, id: string, file: { bytes: Buffer; kind: EvidenceKind; title: string }): Promise<Milestone> {
  const { row, actor, project } = await milestoneFor(deps, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  if (file.bytes.length === 0) throw invalidField('file', 'is empty', 'required');
  if (file.bytes.length > deps.settings.attachmentMaxBytes) throw invalidField('file', `is larger than ${deps.settings.attachmentMaxBytes} bytes`, 'too_long', { max: deps.settings.attachmentMaxBytes });
  const mediaType = await sniffAttachmentType(file.bytes);
  if (!mediaType) throw invalidField('file', 'is not a JPEG, PNG, WebP or HEIC photo or a PDF', 'not_allowed');
  if (file.kind === 'photo' && !mediaType.startsWith('image/')) throw invalidField('kind', 'is photo but the file is not an image', 'not_allowed');
  const sha256 = await deps.storage.put(file.bytes);
  const evidenceId = newId();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertEvidence(trx, {
      area_code: row.area_code,
      milestone_id: row.id,
      id: evidenceId,
      kind: file.kind,
      sha256,
      media_type: mediaType,
      size_bytes: file.bytes.length,
      title: file.title.trim(),
      added_at: new Date().toISOString(),
      added_by: actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'linkage.milestone.evidence', areaCode: row.area_code, targetType: 'milestone', targetId: id, details: { evidenceId, kind: file.kind, mediaType, sizeBytes: file.bytes.length } });
  });
  return viewOf(deps.db, row.area_code, row.project_id, id);
}

export async function readEvidence(deps: DeliveryDeps, ctx: RequestContext, id: string, evidenceId: string): Promise<{ body: Buffer; mediaType: string; fileName: string }> {
  const { row } = await milestoneFor(deps, ctx, id, 'linkageDelivery.read');
  const evidence = await repo.findEvidence(deps.db, row.area_code, row.id, evidenceId);
  if (!evidence) throw notFound('Evidence', evidenceId);
  const body = await deps.storage.get(evidence.sha256);
  if (!body) throw notFound('Evidence file', evidenceId);
  await recordAudit(deps.db, ctx, { action: 'linkage.milestone.evidence.read', areaCode: row.area_code, targetType: 'milestone', targetId: id, details: { evidenceId } });
  const extension = evidence.media_type === 'application/pdf' ? 'pdf' : evidence.media_type.split('/')[1];
  return { body, mediaType: evidence.media_type, fileName: `${evidence.title}.${extension}` };
}
