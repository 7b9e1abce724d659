import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import type { Consent, NewConsent, WithdrawConsent } from '../../../contracts/care-referrals.ts';
import { requirePermission, requireScope, type RequestContext } from '../../http/actor.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { teamCaseFor } from './referrals.access.ts';
import * as repo from './referrals.repository.ts';
import { toConsent } from './referrals.schema.ts';

/** The consents on record for the person of a case, newest first (the read is audited). */
export async function consentsOfCase(db: Db, ctx: RequestContext, caseId: string): Promise<Consent[]> {
  const { kase } = await teamCaseFor(db, ctx, 'careReferrals.read', caseId);
  const rows = await repo.consentsOf(db, kase.area_code, kase.person_id);
  await recordAudit(db, ctx, { action: 'careConsent.list', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id });
  return rows.map(toConsent);
}

/** Records a consent given in person, by signed form or by phone; a consent for the same purpose in force is superseded (withdrawn). */
export async function recordConsent(db: Db, ctx: RequestContext, caseId: string, input: NewConsent): Promise<Consent> {
  const { actor, kase } = await teamCaseFor(db, ctx, 'careReferrals.write', caseId);
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const previous = await repo.activeConsent(trx, kase.area_code, kase.person_id, input.purpose);
    if (previous) await repo.withdrawConsent(trx, previous, actor, now);
    await repo.insertConsent(trx, {
      area_code: kase.area_code,
      id,
      person_id: kase.person_id,
      purpose: input.purpose,
      given_by: input.givenBy,
      given_by_name: input.givenByName.trim(),
      family_link_id: null,
      method: input.method,
      note: input.note?.trim() || null,
      given_at: now,
      recorded_by: actor.userId,
      recorded_by_username: actor.username,
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawn_by_username: null,
      version: 1,
    });
    await recordAudit(trx, ctx, { action: 'careConsent.give', areaCode: kase.area_code, targetType: 'careConsent', targetId: id, details: { caseId: kase.id, purpose: input.purpose, givenBy: input.givenBy, method: input.method } });
  });
  return toConsent((await repo.findConsent(db, id))!);
}

/** For a route's preValidation: 404/403 before the body is read. */
export async function requireConsentAccess(db: Db, ctx: RequestContext, id: string): Promise<repo.ConsentRow> {
  const actor = requirePermission(ctx, 'careReferrals.write');
  const row = await repo.findConsent(db, id);
  if (!row) throw notFound('Consent', id);
  requireScope(actor, row.area_code);
  return row;
}

/** Withdraws a consent: referrals need a fresh one from then on (those made stand, and may be revoked). */
export async function withdrawConsent(db: Db, ctx: RequestContext, id: string, input: WithdrawConsent): Promise<Consent> {
  const actor = requirePermission(ctx, 'careReferrals.write');
  const row = await requireConsentAccess(db, ctx, id);
  if (row.withdrawn_at !== null) throw conflict(`Consent ${id} was already withdrawn at ${row.withdrawn_at}`, { withdrawnAt: row.withdrawn_at });
  if (input.version !== undefined && input.version !== row.version) throw conflict(`Consent ${id} changed since you read it`, { version: row.version });
  await db.transaction().execute(async (trx) => {
    if (!(await repo.withdrawConsent(trx, row, actor, new Date().toISOString()))) throw conflict(`Consent ${id} changed while it was being withdrawn`, { version: row.version });
    await recordAudit(trx, ctx, { action: 'careConsent.withdraw', areaCode: row.area_code, targetType: 'careConsent', targetId: id, details: { purpose: row.purpose } });
  });
  return toConsent((await repo.findConsent(db, id))!);
}
