import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import { CARE_REFERRAL_LIMITS, REFERRAL_ACTIONS, type NewReferral, type Referral, type ReferralAction, type ReferralStatus, type ReferralTargetKind, type ReferralTransition } from '../../../contracts/care-referrals.ts';
import { mayDo, requirePermission, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getEffectiveItem } from '../services/catalog.service.ts';
import { fileRequest } from '../services/requests.service.ts';
import { notifyCaseTeam } from './cases.service.ts';
import { byMembership, caseFor, memberOrganization, referralFor, teamCaseFor } from './referrals.access.ts';
import * as repo from './referrals.repository.ts';
import { mayMove, statusAfter, toReferral } from './referrals.schema.ts';

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * Staff answer for a facility or a service item (their unit); an organization answers for itself
 * (an admin may record its answer on its behalf).
 */
function staffMayAnswer(actor: Actor, row: repo.ReferralRow): boolean {
  return mayDo(actor, 'careReferrals.respond') && (row.target_kind !== 'organization' || actor.role === 'admin');
}

/** The actions each side may take: the receiver answers, the case team closes or withdraws. */
function actionsFor(actor: Actor, row: repo.ReferralRow, receiverOrg: string | null): ReferralAction[] {
  const out: ReferralAction[] = [];
  const receiver = actor.role === 'organizationMember' ? row.target_kind === 'organization' && row.target_id === receiverOrg : staffMayAnswer(actor, row);
  if (receiver) out.push('accept', 'reject');
  if (mayDo(actor, 'careReferrals.write')) out.push('done', 'revoke');
  return REFERRAL_ACTIONS.filter((a) => out.includes(a));
}

async function present(db: Db, actor: Actor, rows: repo.ReferralRow[]): Promise<Referral[]> {
  const [events, names, org] = await Promise.all([repo.eventsOf(db, rows.map((r) => r.id)), repo.personNames(db, rows.map((r) => r.person_id)), memberOrganization(db, actor)]);
  const now = new Date().toISOString();
  // A receiving organization learns who the person is only as far as the referral needs: the name masked.
  const nameOf = (id: string) => {
    const name = names.get(id) ?? '';
    return actor.role === 'organizationMember' ? maskName(name) : name;
  };
  return rows.map((r) => toReferral(r, events.get(r.id) ?? [], { personName: nameOf(r.person_id), allowedActions: actionsFor(actor, r, org), now }));
}

async function targetOf(db: Db, kind: ReferralTargetKind, id: string, caseArea: string): Promise<{ name: string; areaCode: string | null }> {
  if (kind === 'serviceItem') {
    try {
      const item = await getEffectiveItem(db, id, caseArea);
      return { name: item.name, areaCode: null };
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) throw invalidField('targetId', `service item ${id} is not in the catalog of community ${caseArea}`, 'unknown_reference');
      throw error;
    }
  }
  const found = kind === 'organization' ? await repo.findOrganization(db, id) : await repo.findFacility(db, id);
  if (!found) throw invalidField('targetId', `${kind} ${id} does not exist`, 'unknown_reference');
  return { name: found.name, areaCode: found.area_code };
}

/** The error a referral without consent gets: 409 naming what is missing and how to proceed. */
export class ConsentRequiredError extends AppError {
  constructor(personId: string) {
    super(409, 'consent_required', `Person ${personId} (or their guardian) has not consented to referrals; record their consent, or a supervisor may record an emergency override with a reason`, {
      personId,
      purpose: 'referral',
      problems: [{ field: 'emergencyOverride', code: 'required', problem: 'is required without consent to referrals (a supervisor only)' }],
    });
  }
}

/**
 * Refers the person of a case to a service item, an organization or a facility. It rests on the
 * consent to referrals on record; without one it is refused (409 `consent_required`) unless a
 * supervisor records an emergency override with a reason (anyone else: 403). A referral to a
 * service item may also file a service request for the person, in the same transaction.
 */
export async function createReferral(db: Db, ctx: RequestContext, caseId: string, input: NewReferral): Promise<Referral> {
  const { actor, kase } = await teamCaseFor(db, ctx, 'careReferrals.write', caseId);
  if (kase.status !== 'open') throw conflict(`Case ${caseId} is closed`, { status: kase.status });
  const target = await targetOf(db, input.targetKind, input.targetId.trim(), kase.area_code);
  if (input.formValues !== undefined && !input.openServiceRequest) throw invalidField('formValues', 'belongs to a referral that opens a service request', 'inconsistent');
  if (input.openServiceRequest && input.targetKind !== 'serviceItem') throw invalidField('openServiceRequest', 'belongs to a referral to a service item only', 'inconsistent');
  if (input.openServiceRequest && !mayDo(actor, 'serviceRequests.file')) {
    throw forbidden(`Role ${actor.role} may not file service requests; refer without opening one`, { reason: 'role', action: 'serviceRequests.file' });
  }
  const consent = await repo.activeConsent(db, kase.area_code, kase.person_id, 'referral');
  const override = consent ? null : input.emergencyOverride;
  if (!consent) {
    if (!override) throw new ConsentRequiredError(kase.person_id);
    if (!mayDo(actor, 'careReferrals.override')) {
      throw forbidden('Only a supervisor may record an emergency override of missing consent', { reason: 'role', action: 'careReferrals.override' });
    }
  }
  const id = newId();
  const now = new Date().toISOString();
  const respondBy = new Date(Date.now() + (input.respondWithinDays ?? CARE_REFERRAL_LIMITS.respondWithinDaysDefault) * 86_400_000).toISOString();
  await db.transaction().execute(async (trx) => {
    let requestId: string | null = null;
    if (input.openServiceRequest) {
      const filed = await fileRequest(trx, ctx, { itemCode: input.targetId.trim(), applicantPersonId: kase.person_id, communityCode: kase.area_code, note: input.need.trim(), ...(input.formValues ? { formValues: input.formValues } : {}) });
      requestId = filed.detail.id;
    }
    await repo.insertReferral(trx, {
      area_code: kase.area_code,
      id,
      case_id: kase.id,
      person_id: kase.person_id,
      target_kind: input.targetKind,
      target_id: input.targetId.trim(),
      target_name: target.name,
      target_area_code: target.areaCode,
      need: input.need.trim(),
      status: 'inProgress',
      basis: consent ? 'consent' : 'emergencyOverride',
      consent_id: consent?.id ?? null,
      override_reason: override ? override.reason.trim() : null,
      override_by: override ? actor.userId : null,
      override_by_username: override ? actor.username : null,
      respond_by: respondBy,
      responded_at: null,
      response_note: null,
      service_request_id: requestId,
      created_by: actor.userId,
      created_by_username: actor.username,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await repo.insertReferralEvent(trx, { area_code: kase.area_code, id: newId(), referral_id: id, at: now, user_id: actor.userId, username: actor.username, action: override ? 'createdUnderOverride' : 'created', from_status: null, to_status: 'inProgress', note: override ? override.reason.trim() : null });
    await recordAudit(trx, ctx, {
      action: override ? 'careReferral.createOverride' : 'careReferral.create',
      areaCode: kase.area_code,
      targetType: 'careReferral',
      targetId: id,
      details: { caseId: kase.id, targetKind: input.targetKind, targetId: input.targetId.trim(), basis: consent ? 'consent' : 'emergencyOverride', consentId: consent?.id ?? null, serviceRequestId: requestId },
    });
  });
  const [referral] = await present(db, actor, [(await repo.findReferral(db, id))!]);
  return referral!;
}

const ACTION_OF: Record<ReferralAction, 'careReferrals.respond' | 'careReferrals.write'> = {
  accept: 'careReferrals.respond',
  reject: 'careReferrals.respond',
  done: 'careReferrals.write',
  revoke: 'careReferrals.write',
};

/** For a route's preValidation: 404/403 for a referral the actor may not reach, before its body is read. */
export async function requireReferralAccess(db: Db, ctx: RequestContext, action: ReferralAction | 'read', id: string): Promise<void> {
  await referralFor(db, ctx, action === 'read' ? 'careReferrals.read' : ACTION_OF[action], id);
}

/** Moves a referral: accept / reject by the receiver, done / revoke by the case team; 409 from a status that does not allow it. */
export async function moveReferral(db: Db, ctx: RequestContext, id: string, action: ReferralAction, input: ReferralTransition): Promise<Referral> {
  const { actor, row } = await referralFor(db, ctx, ACTION_OF[action], id);
  if ((action === 'accept' || action === 'reject') && actor.role !== 'organizationMember' && !staffMayAnswer(actor, row)) {
    throw forbidden(`Referral ${id} is addressed to an organization: its members answer it`, { reason: 'receiver', action: 'careReferrals.respond' });
  }
  if (!mayMove(row.status, action)) {
    throw conflict(`Referral ${id} is ${row.status}: it cannot be ${statusAfter(action)} from there`, { status: row.status, action });
  }
  if (input.version !== undefined && input.version !== row.version) throw conflict(`Referral ${id} changed since you read it (version ${row.version}, you sent ${input.version})`, { version: row.version });
  if (action === 'reject' && !input.note?.trim()) throw invalidField('note', 'is required: why the referral is rejected', 'required');
  const to: ReferralStatus = statusAfter(action);
  const now = new Date().toISOString();
  const note = input.note?.trim() || null;
  await db.transaction().execute(async (trx) => {
    const answering = action === 'accept' || action === 'reject';
    const done = await repo.updateReferral(trx, row.area_code, id, row.version, {
      status: to,
      updated_at: now,
      ...(answering ? { responded_at: now, response_note: note } : {}),
    });
    if (!done) throw conflict(`Referral ${id} changed while it was being moved`, { version: row.version });
    await repo.insertReferralEvent(trx, { area_code: row.area_code, id: newId(), referral_id: id, at: now, user_id: actor.userId, username: actor.username, action, from_status: row.status, to_status: to, note });
    await recordAudit(trx, ctx, { action: `careReferral.${action}`, areaCode: row.area_code, targetType: 'careReferral', targetId: id, details: { from: row.status, to } });
    if (answering) await notifyCaseTeam(trx, row.case_id, 'careReferralAnswered', { to, note: note ?? undefined }, actor.userId);
  });
  const [referral] = await present(db, actor, [(await repo.findReferral(db, id))!]);
  return referral!;
}

// ---- reads (every one audited) ----

export async function getReferral(db: Db, ctx: RequestContext, id: string): Promise<Referral> {
  const { actor, row } = await referralFor(db, ctx, 'careReferrals.read', id);
  await recordAudit(db, ctx, { action: 'careReferral.read', areaCode: row.area_code, targetType: 'careReferral', targetId: id });
  const [referral] = await present(db, actor, [row]);
  return referral!;
}

/** A case's referrals, newest first; an organization member sees only those addressed to their organization. */
export async function referralsOfCase(db: Db, ctx: RequestContext, caseId: string): Promise<Referral[]> {
  const { actor, kase } = await caseFor(db, ctx, 'careReferrals.read', caseId);
  let rows = await repo.referralsOfCase(db, kase.area_code, kase.id);
  if (actor.role === 'organizationMember') {
    const org = await memberOrganization(db, actor);
    rows = rows.filter((r) => r.target_kind === 'organization' && r.target_id === org);
  }
  await recordAudit(db, ctx, { action: 'careReferral.listOfCase', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { count: rows.length } });
  return present(db, actor, rows);
}

export interface ReferralListQuery {
  area?: string;
  status?: ReferralStatus;
  targetKind?: ReferralTargetKind;
  overdue?: boolean;
  limit?: number;
  cursor?: string;
}

async function listWith(db: Db, ctx: RequestContext, actor: Actor, q: ReferralListQuery, filter: Pick<repo.ReferralFilter, 'scope' | 'target' | 'memberId'>, auditAction: string): Promise<PageOf<Referral>> {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['isoDateTime', 'uuid']);
  const { rows, total } = await repo.listReferrals(db, {
    ...filter,
    status: q.status,
    targetKind: q.targetKind,
    overdueAt: q.overdue ? new Date().toISOString() : undefined,
    after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
    limit,
  });
  await recordAudit(db, ctx, { action: auditAction, areaCode: filter.scope ?? actor.scope, details: { status: q.status, targetKind: q.targetKind, overdue: q.overdue, count: rows.length } });
  const last = rows.at(-1);
  return { items: await present(db, actor, rows), total, nextCursor: rows.length === limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null };
}

const EMPTY: PageOf<Referral> = { items: [], total: 0, nextCursor: null };

/** Referrals of cases in the actor's scope (an organization member: those their organization received). */
export async function listReferrals(db: Db, ctx: RequestContext, q: ReferralListQuery): Promise<PageOf<Referral>> {
  const actor = requirePermission(ctx, 'careReferrals.read');
  if (actor.role === 'organizationMember') {
    if (q.area !== undefined) scopedArea(actor, q.area);
    const org = await memberOrganization(db, actor);
    return org ? listWith(db, ctx, actor, q, { target: { kind: 'organization', id: org } }, 'careReferral.listReceived') : EMPTY;
  }
  return listWith(db, ctx, actor, q, { scope: scopedArea(actor, q.area), memberId: byMembership(actor, 'careReferrals.read') ? actor.userId : undefined }, 'careReferral.list');
}

/**
 * Referrals received: an organization member's are those addressed to their organization; staff
 * receive those to facilities and service items of their scope.
 */
export async function receivedReferrals(db: Db, ctx: RequestContext, q: ReferralListQuery): Promise<PageOf<Referral>> {
  const actor = requirePermission(ctx, 'careReferrals.respond');
  if (actor.role === 'organizationMember') {
    if (q.area !== undefined) scopedArea(actor, q.area);
    const org = await memberOrganization(db, actor);
    return org ? listWith(db, ctx, actor, q, { target: { kind: 'organization', id: org } }, 'careReferral.listReceived') : EMPTY;
  }
  return listWith(db, ctx, actor, q, { scope: scopedArea(actor, q.area) }, 'careReferral.listReceived');
}

// ---- the hook for closing a case ----

/**
 * The open referrals of a case (in progress or accepted). The cases part calls it before closing a
 * case, inside its transaction, and refuses with `OpenReferralsError` when there are any.
 */
export async function openReferralsOfCase(db: Db, caseId: string): Promise<{ id: string; targetName: string; status: string }[]> {
  return (await repo.openReferralsOfCase(db, caseId)).map((r) => ({ id: r.id, targetName: r.target_name, status: r.status }));
}

/** 409 naming the open referrals of a case that is being closed. */
export class OpenReferralsError extends AppError {
  constructor(caseId: string, open: { id: string; targetName: string; status: string }[]) {
    super(409, 'open_referrals', `Case ${caseId} has ${open.length} open referral(s): ${open.map((r) => `${r.targetName} (${r.status})`).join(', ')}; mark them done or revoke them first`, { caseId, referrals: open });
  }
}

/** Throws `OpenReferralsError` (409) when the case has open referrals. */
export async function requireNoOpenReferrals(db: Db, caseId: string): Promise<void> {
  const open = await openReferralsOfCase(db, caseId);
  if (open.length > 0) throw new OpenReferralsError(caseId, open);
}
