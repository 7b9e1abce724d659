import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import type { Approval, ApprovalDecision, ApprovalPage, ApprovalQuery, NewApproval, RiskLevel } from '../../../contracts/care.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { checkCanClose } from './cases.close-checks.ts';
import * as repo from './cases.repository.ts';
import { toApproval } from './cases.schema.ts';
import { caseAccess, event, isSupervisorOf, memberFilter, today } from './cases.service.ts';
import { policyFor, scheduleOf } from './visit-policy.service.ts';

/**
 * Approvals: raising or lowering a case's risk level and closing a case wait for a supervisor
 * (requested → approved / rejected, with a comment). One request at a time per case (409 while
 * one waits). Nobody decides their own request. Approving applies the change in the same
 * transaction: the new risk level (and so the visit frequency), or the case closed.
 */

/** Files a request inside the caller's transaction and tells the case's supervisors. */
export async function fileApproval(
  trx: Db,
  ctx: RequestContext,
  kase: { area_code: string; id: string; risk_level: string; status: string },
  actor: Actor | null,
  input: { kind: 'riskChange' | 'close'; toLevel?: RiskLevel; reason: string; assessmentId?: string | null },
  personName: string | null,
  now: string,
): Promise<string> {
  if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
  if (input.kind === 'riskChange') {
    if (!input.toLevel) throw invalidField('toLevel', 'is required for a risk change');
    if (input.toLevel === kase.risk_level) throw invalidField('toLevel', 'is the case’s level already');
  } else {
    await checkCanClose(trx, kase);
  }
  const waiting = await repo.pendingApproval(trx, kase.area_code, kase.id);
  if (waiting) throw conflict('An approval request of this case is waiting for a decision', { approvalId: waiting.id, kind: waiting.kind });
  const id = newId();
  await repo.insertApproval(trx, {
    area_code: kase.area_code,
    id,
    case_id: kase.id,
    kind: input.kind,
    status: 'requested',
    from_level: input.kind === 'riskChange' ? kase.risk_level : null,
    to_level: input.kind === 'riskChange' ? input.toLevel! : null,
    assessment_id: input.assessmentId ?? null,
    reason: input.reason,
    requested_at: now,
    requested_by: actor?.userId ?? null,
    requested_by_name: actor?.username ?? null,
    decided_at: null,
    decided_by: null,
    decided_by_name: null,
    comment: null,
    version: 1,
  });
  await repo.insertEvents(trx, [event(kase, actor, 'approvalRequested', { approvalId: id, kind: input.kind, toLevel: input.toLevel ?? null }, now)]);
  await recordAudit(trx, ctx, { action: 'care.approval.request', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { approvalId: id, kind: input.kind } });
  const supervisors = await repo.supervisorsOf(trx, kase.area_code);
  await notify(
    trx,
    supervisors
      .filter((s) => s.id !== actor?.userId)
      .map((s) => ({ userId: s.id, areaCode: kase.area_code, kind: 'careApprovalRequested' as const, requestId: null, params: { principalName: personName ?? undefined, action: input.kind } })),
  );
  return id;
}

export async function requestApproval(db: Db, ctx: RequestContext, caseId: string, input: NewApproval): Promise<Approval> {
  const { kase, actor } = await caseAccess(db, ctx, caseId, 'care.visit');
  const now = new Date().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const locked = await repo.lockCase(trx, kase.area_code, kase.id);
    return fileApproval(trx, ctx, locked!, actor, input, kase.person_name, now);
  });
  return toApproval((await repo.approvalById(db, id))!);
}

export async function listApprovals(db: Db, ctx: RequestContext, q: ApprovalQuery): Promise<ApprovalPage> {
  const actor = requirePermission(ctx, 'care.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const { rows, total } = await repo.listApprovals(db, scope, q.status ?? 'requested', offset, limit, memberFilter(actor, 'care.read', false));
  await recordRead(db, ctx, { action: 'care.approval.readList', areaCode: scope, targetType: 'careApproval', ids: rows.map((r) => r.id), total });
  return { items: rows.map(toApproval), total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

/** Before a decision's body is read: role, then an approval in the caller's scope (403), or 404. */
export async function requireApprovalScope(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'care.decide');
  const approval = await repo.approvalById(db, id);
  if (!approval) throw notFound('Approval', id);
  requireScope(actor, approval.area_code);
}

export async function decideApproval(db: Db, ctx: RequestContext, id: string, decision: 'approve' | 'reject', input: ApprovalDecision): Promise<Approval> {
  const actor = requirePermission(ctx, 'care.decide');
  const approval = await repo.approvalById(db, id);
  if (!approval) throw notFound('Approval', id);
  requireScope(actor, approval.area_code);
  const { kase, team } = await caseAccess(db, ctx, approval.case_id, 'care.decide');
  if (!isSupervisorOf(actor, kase.area_code, team)) {
    throw forbidden('Only a supervisor of the case decides: a township-level (or higher) official or social worker, or the case’s children supervisor', { reason: 'supervisor' });
  }
  if (approval.requested_by && approval.requested_by === actor.userId) throw forbidden('Nobody decides their own request', { reason: 'ownRequest' });
  if (approval.status !== 'requested') throw conflict('The request was decided already', { status: approval.status });
  const now = new Date().toISOString();
  const day = today();
  await db.transaction().execute(async (trx) => {
    const locked = (await repo.lockCase(trx, kase.area_code, kase.id))!;
    const status = decision === 'approve' ? 'approved' : 'rejected';
    if (!(await repo.decideApproval(trx, { area_code: approval.area_code, id: approval.id, version: input.version }, { status, decided_at: now, decided_by: actor.userId, decided_by_name: actor.username, comment: input.comment ?? null }))) {
      throw conflict('The request changed since you read it', { version: Number(approval.version) });
    }
    const events = [event(kase, actor, decision === 'approve' ? 'approvalApproved' : 'approvalRejected', { approvalId: approval.id, kind: approval.kind, comment: input.comment ?? null }, now)];
    if (decision === 'approve') {
      if (locked.status !== 'open') throw conflict('The case is closed', { status: locked.status });
      let changes: Record<string, unknown>;
      if (approval.kind === 'riskChange') {
        const policy = await policyFor(trx, kase.area_code);
        const next = { ...locked, risk_level: approval.to_level! };
        changes = { risk_level: approval.to_level!, ...scheduleOf(next, policy, day) };
        events.push(event(kase, actor, 'riskChanged', { from: locked.risk_level, to: approval.to_level }, now));
      } else {
        await checkCanClose(trx, kase);
        changes = { status: 'closed', closed_on: day, close_reason: approval.reason, visit_stage: 0, next_check_on: null };
        events.push(event(kase, actor, 'closed', { reason: approval.reason }, now));
      }
      if (!(await repo.updateCase(trx, locked, { ...changes, updated_at: now }))) throw conflict('The case changed meanwhile; try again', {});
    }
    await repo.insertEvents(trx, events);
    await recordAudit(trx, ctx, { action: `care.approval.${decision}`, areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { approvalId: approval.id, kind: approval.kind } });
    if (approval.requested_by) {
      await notify(trx, [{ userId: approval.requested_by, areaCode: kase.area_code, kind: 'careApprovalDecided', requestId: null, params: { principalName: kase.person_name, to: status, note: input.comment } }]);
    }
  });
  recordsChanged(db, 'care');
  return toApproval((await repo.approvalById(db, id))!);
}
