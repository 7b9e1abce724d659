/**
 * Who reaches a case's plan, referrals and consents: the case must exist (404) and lie in the
 * actor's scope (403, audited by the error handler). An organization member reaches only the
 * referrals their organization received, never a case's plan or consents (404: not theirs). An
 * agent reaches them by membership: only for cases whose team they are on (403 otherwise).
 */
import type { Action } from '../../../contracts/policy.ts';
import type { Db } from '../../db/database.ts';
import { ownRecordsOnly, requirePermission, requireScope, type Actor, type RequestContext } from '../../http/actor.ts';
import { notFound } from '../../http/errors.ts';
import { isOnTeam } from './cases.repository.ts';
import { requireMembership } from './cases.service.ts';
import * as repo from './referrals.repository.ts';

/** Whether the actor reaches cases under `action` only by being on their team (an agent; not an organization member, who reaches referrals by receiver). */
export function byMembership(actor: Actor, action: Action): boolean {
  return actor.role !== 'organizationMember' && ownRecordsOnly(actor, action);
}

async function requireTeamOf(db: Db, actor: Actor, action: Action, kase: { area_code: string; id: string; owner_id: string }): Promise<void> {
  if (byMembership(actor, action)) requireMembership(actor, action, await isOnTeam(db, kase.area_code, kase.id, kase.owner_id, actor.userId), kase.id);
}

export async function caseFor(db: Db, ctx: RequestContext, action: Action, caseId: string): Promise<{ actor: Actor; kase: repo.CaseFacts }> {
  const actor = requirePermission(ctx, action);
  const kase = await repo.findCase(db, caseId);
  if (!kase) throw notFound('Care case', caseId);
  requireScope(actor, kase.area_code);
  await requireTeamOf(db, actor, action, kase);
  return { actor, kase };
}

/** A case read by the team (not an organization member, who reaches referrals only). */
export async function teamCaseFor(db: Db, ctx: RequestContext, action: Action, caseId: string): Promise<{ actor: Actor; kase: repo.CaseFacts }> {
  const actor = requirePermission(ctx, action);
  if (actor.role === 'organizationMember') throw notFound('Care case', caseId);
  return caseFor(db, ctx, action, caseId);
}

/** The organization an organization member belongs to (null for anyone else, or a member of none). */
export async function memberOrganization(db: Db, actor: Actor): Promise<string | null> {
  return actor.role === 'organizationMember' ? repo.organizationOfMember(db, actor.userId) : null;
}

/**
 * A referral the actor may see: 404 when there is none or it is not theirs (an organization member:
 * one addressed to their organization), 403 for staff when its case lies outside their scope (a
 * receiver of a facility or item also reaches it when the target lies in their scope).
 */
export async function referralFor(db: Db, ctx: RequestContext, action: Action, id: string): Promise<{ actor: Actor; row: repo.ReferralRow }> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findReferral(db, id);
  if (!row) throw notFound('Referral', id);
  if (actor.role === 'organizationMember') {
    const org = await memberOrganization(db, actor);
    if (row.target_kind !== 'organization' || row.target_id !== org) throw notFound('Referral', id);
    return { actor, row };
  }
  if (action === 'careReferrals.respond' && row.target_area_code !== null) {
    try {
      requireScope(actor, row.target_area_code);
      return { actor, row };
    } catch {
      // not the receiver's area: the case's scope decides below
    }
  }
  requireScope(actor, row.area_code);
  if (byMembership(actor, action)) {
    const kase = await repo.findCase(db, row.case_id);
    if (!kase) throw notFound('Referral', id);
    await requireTeamOf(db, actor, action, kase);
  }
  return { actor, row };
}
