import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isWithinScope } from '../../../contracts/area-code.ts';
import { AGENCY_LIMITS, type Principal, type Mandate, type MandateRefusal, type MandateStatus, type NewMandate, type RevokeMandate } from '../../../contracts/agency.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getEffectiveItem } from './catalog.service.ts';
import { searchModeOf, toSimplified } from '../areas/search-text.ts';
import * as repo from './mandates.repository.ts';
import { sniffConsentMediaType } from './mandates.files.ts';
import { diskAttachmentStorage } from './requests-attachments.ts';
import { chinaDate, daysBetween, isCalendarDate, itemCodesOf, mandateStatus, toMandate } from './mandates.schema.ts';

/** What the agency services need besides the database: where files are kept. */
export interface AgencyDeps {
  readonly db: Db;
  readonly dataDir: string;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * What is wrong with an item code in the principal's community: unknown there (not in the catalog,
 * or not published for it), or not open to entrusted agency. Null when an agent may file it.
 */
async function itemProblem(db: Db, itemCode: string, areaCode: string): Promise<{ problem: string; code: 'unknown_reference' | 'not_allowed' } | null> {
  try {
    const item = await getEffectiveItem(db, itemCode, areaCode);
    if (!item.agencyAllowed || !item.channels.includes('agent')) return { problem: `item ${itemCode} may not be handled by an agent`, code: 'not_allowed' };
    return null;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) return { problem: `item ${itemCode} is not in the catalog of community ${areaCode}`, code: 'unknown_reference' };
    throw error;
  }
}

// ---- the check the requests module calls before an agent files ----

export interface MandateQuestion {
  agentUserId: string;
  principalPersonId: string;
  itemCode: string;
  /** The day of the filing, YYYY-MM-DD (China); default today. */
  on?: string;
  /** When the agent names the mandate they file under. */
  mandateId?: string;
  /** For an action on an existing request (a one-request mandate covers only it). */
  requestId?: string;
}

export class MandateRequiredError extends AppError {
  constructor(
    readonly reason: MandateRefusal,
    message: string,
    mandateId: string | null,
  ) {
    super(403, 'mandate_required', message, {
      reason,
      mandateId,
      problems: [{ field: 'mandateId', code: 'mandate_required', problem: message }],
    });
  }
}

function covers(row: repo.MandateRow, q: MandateQuestion): boolean {
  if (!itemCodesOf(row).includes(q.itemCode)) return false;
  if (row.coverage === 'request') return row.request_id === null || row.request_id === (q.requestId ?? null);
  return true;
}

const REFUSAL_ORDER: Record<MandateStatus, MandateRefusal | null> = { active: null, revoked: 'revoked', expired: 'expired', notYetValid: 'notYetValid' };

/**
 * The mandate under which `agentUserId` may file `itemCode` for `principalPersonId` on `on`, or a
 * 403 `mandate_required` saying why not: none (`missing`), revoked, expired, not yet valid, not
 * covering the item (or bound to another request), or the agent's scope no longer holds the
 * principal's community. Read-only: pass the transaction the filing runs in.
 */
export async function requireValidMandate(db: Db, q: MandateQuestion): Promise<Mandate> {
  const on = q.on ?? chinaDate();
  let rows = await repo.mandatesBetween(db, q.agentUserId, q.principalPersonId);
  if (q.mandateId !== undefined) rows = rows.filter((r) => r.id === q.mandateId);
  if (rows.length === 0) {
    throw new MandateRequiredError('missing', `No mandate of person ${q.principalPersonId} authorises this agent${q.mandateId ? ` (mandate ${q.mandateId})` : ''}`, q.mandateId ?? null);
  }
  const covering = rows.filter((r) => covers(r, q));
  const valid = covering.find((r) => mandateStatus(r, on) === 'active');
  if (!valid) {
    const telling = covering[0];
    if (!telling) throw new MandateRequiredError('notCovering', `The mandate does not cover item ${q.itemCode}${q.requestId ? ` for request ${q.requestId}` : ''}`, rows[0]!.id);
    const reason = REFUSAL_ORDER[mandateStatus(telling, on)]!;
    const sentence = { revoked: 'was revoked', expired: `expired on ${telling.valid_until}`, notYetValid: `is valid from ${telling.valid_from}` }[reason as 'revoked' | 'expired' | 'notYetValid'];
    throw new MandateRequiredError(reason, `The mandate ${sentence}`, telling.id);
  }
  const agent = await repo.findUser(db, q.agentUserId);
  if (!agent || agent.role !== 'agent' || Boolean(agent.locked) || !isWithinScope(valid.area_code, agent.scope_code)) {
    throw new MandateRequiredError('agentOutOfScope', `The agent's scope does not hold the principal's community ${valid.area_code}`, valid.id);
  }
  const row = await repo.findMandate(db, valid.id);
  return toMandate(row!, on);
}

// ---- access ----

/** A mandate the actor may see: 404 when there is none or when it is not theirs to see, 403 outside their scope. */
async function loadReadable(db: Db, actor: Actor, id: string): Promise<repo.MandateRowWithAgent> {
  const row = await repo.findMandate(db, id);
  if (!row) throw notFound('Mandate', id);
  requireScope(actor, row.area_code);
  if (actor.role === 'agent' && row.agent_user_id !== actor.userId) throw notFound('Mandate', id);
  if (actor.role === 'resident') {
    const own = await repo.personOfUser(db, actor.userId);
    if (own?.id !== row.principal_person_id) throw notFound('Mandate', id);
  }
  return row;
}

/** For a route's preValidation: 404/403 for a mandate the actor may not reach, before its body is validated. */
export async function requireMandateAccess(db: Db, ctx: RequestContext, action: 'agency.read' | 'agency.revoke', id: string): Promise<void> {
  await loadReadable(db, requirePermission(ctx, action), id);
}

// ---- writes ----

function throwFirst(problems: FieldProblem[]): void {
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code);
  if (problems.length > 1) throw invalidFields(problems);
}

function dateProblems(input: NewMandate, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(input.validFrom)) problems.push({ field: 'validFrom', problem: 'is not a calendar date', code: 'invalid_format' });
  if (!isCalendarDate(input.validUntil)) problems.push({ field: 'validUntil', problem: 'is not a calendar date', code: 'invalid_format' });
  if (problems.length) return problems;
  if (input.validUntil < input.validFrom) return [{ field: 'validUntil', problem: `must not be before validFrom ${input.validFrom}`, code: 'inconsistent' }];
  if (input.validUntil < today) return [{ field: 'validUntil', problem: `must not be before today ${today}`, code: 'out_of_range' }];
  if (daysBetween(input.validFrom, input.validUntil) >= AGENCY_LIMITS.validityDaysMax) {
    return [{ field: 'validUntil', problem: `must be within ${AGENCY_LIMITS.validityDaysMax} days of validFrom`, code: 'out_of_range' }];
  }
  if (daysBetween(input.validFrom, today) > AGENCY_LIMITS.validityDaysMax) return [{ field: 'validFrom', problem: 'is more than a year ago', code: 'out_of_range' }];
  return [];
}

function coverageProblems(input: NewMandate): { problems: FieldProblem[]; itemCodes: string[] } {
  const itemCodes = [...new Set((input.itemCodes ?? []).map((c) => c.trim()))];
  if (itemCodes.length === 0) return { problems: [{ field: 'itemCodes', problem: 'is required: the items the mandate covers', code: 'required' }], itemCodes };
  if (input.coverage === 'request' && itemCodes.length !== 1) {
    return { problems: [{ field: 'itemCodes', problem: 'must name exactly the one item of the request the mandate covers', code: 'inconsistent' }], itemCodes };
  }
  if (input.coverage === 'items' && input.requestId !== undefined) {
    return { problems: [{ field: 'requestId', problem: 'belongs to coverage request only', code: 'inconsistent' }], itemCodes };
  }
  return { problems: [], itemCodes };
}

function consentOf(input: NewMandate): { problems: FieldProblem[]; bytes: Buffer | null; mediaType: string | null } {
  if (input.consentKind === 'witnessed') {
    if (!input.witnessName?.trim()) return { problems: [{ field: 'witnessName', problem: 'is required when consent is witnessed', code: 'required' }], bytes: null, mediaType: null };
    if (input.consentFormBase64 !== undefined) return { problems: [{ field: 'consentFormBase64', problem: 'belongs to consent by signed form only', code: 'inconsistent' }], bytes: null, mediaType: null };
    return { problems: [], bytes: null, mediaType: null };
  }
  if (input.consentFormBase64 === undefined) return { problems: [{ field: 'consentFormBase64', problem: 'is required: the signed form', code: 'required' }], bytes: null, mediaType: null };
  const bytes = Buffer.from(input.consentFormBase64, 'base64');
  if (bytes.length > AGENCY_LIMITS.consentFormBytesMax) {
    return { problems: [{ field: 'consentFormBase64', problem: `is larger than ${AGENCY_LIMITS.consentFormBytesMax} bytes`, code: 'too_long' }], bytes: null, mediaType: null };
  }
  const mediaType = sniffConsentMediaType(bytes);
  if (!mediaType) return { problems: [{ field: 'consentFormBase64', problem: 'is not a PDF, JPEG, PNG or WebP file', code: 'not_allowed' }], bytes: null, mediaType: null };
  return { problems: [], bytes, mediaType };
}

/**
 * Records a mandate: the principal (a registry person in the actor's scope), the agent (a user with
 * the agent role whose scope holds the principal's community; an agent records only their own), what it
 * covers, the validity dates and the consent evidence. The signed form is stored before the row
 * (content-addressed, so a refused write leaves at most an unreferenced copy of a file).
 */
export async function createMandate(deps: AgencyDeps, ctx: RequestContext, input: NewMandate): Promise<Mandate> {
  const { db } = deps;
  const actor = requirePermission(ctx, 'agency.mandate');
  const principal = await repo.findPrincipal(db, input.principalPersonId);
  if (!principal) throw invalidField('principalPersonId', `person ${input.principalPersonId} does not exist`, 'unknown_reference');
  requireScope(actor, principal.area_code);
  const agentUserId = input.agentUserId ?? (actor.role === 'agent' ? actor.userId : undefined);
  if (!agentUserId) throw invalidField('agentUserId', 'is required: the agent the principal authorises', 'required');
  if (actor.role === 'agent' && agentUserId !== actor.userId) {
    throw forbidden('An agent records mandates that authorise themselves only', { reason: 'role', action: 'agency.mandate' });
  }
  const today = chinaDate();
  const problems: FieldProblem[] = [];
  const agent = await repo.findUser(db, agentUserId);
  if (!agent) problems.push({ field: 'agentUserId', problem: `user ${agentUserId} does not exist`, code: 'unknown_reference' });
  else if (agent.role !== 'agent') problems.push({ field: 'agentUserId', problem: `user ${agent.username} is not an agent`, code: 'not_allowed' });
  else if (!isWithinScope(principal.area_code, agent.scope_code)) {
    problems.push({ field: 'agentUserId', problem: `the agent's scope ${agent.scope_code} does not hold the principal's community ${principal.area_code}`, code: 'not_in_scope' });
  }
  const coverage = coverageProblems(input);
  problems.push(...coverage.problems, ...dateProblems(input, today));
  if (coverage.problems.length === 0) {
    for (const [i, code] of coverage.itemCodes.entries()) {
      const found = await itemProblem(db, code, principal.area_code);
      if (found) problems.push({ field: `itemCodes.${i}`, ...found });
    }
  }
  const consent = consentOf(input);
  problems.push(...consent.problems);
  throwFirst(problems);

  const stored = consent.bytes ? { sha256: await diskAttachmentStorage(deps.dataDir).put(consent.bytes), size: consent.bytes.length } : null;
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertMandate(trx, {
      area_code: principal.area_code,
      id,
      principal_person_id: principal.id,
      principal_name: principal.name,
      agent_user_id: agentUserId,
      coverage: input.coverage,
      item_codes: JSON.stringify(coverage.itemCodes),
      request_id: input.coverage === 'request' ? (input.requestId ?? null) : null,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      consent_kind: input.consentKind,
      consent_sha256: stored?.sha256 ?? null,
      consent_media_type: consent.mediaType,
      consent_size: stored?.size ?? null,
      witness_name: input.consentKind === 'witnessed' ? input.witnessName!.trim() : null,
      witness_note: input.consentKind === 'witnessed' ? input.witnessNote?.trim() || null : null,
      revoked_at: null,
      revoked_by: null,
      revoked_by_username: null,
      revocation_reason: null,
      created_by: actor.userId,
      created_by_username: actor.username,
      created_at: now,
      version: 1,
    });
    await recordAudit(trx, ctx, {
      action: 'mandate.create',
      areaCode: principal.area_code,
      targetType: 'mandate',
      targetId: id,
      details: { principalPersonId: principal.id, agentUserId, coverage: input.coverage, itemCodes: coverage.itemCodes, validFrom: input.validFrom, validUntil: input.validUntil, consent: input.consentKind },
    });
  });
  return toMandate((await repo.findMandate(db, id))!, today);
}

/** Revokes a mandate (the principal, the agent, or community staff): new filings under it are refused from then on. */
export async function revokeMandate(db: Db, ctx: RequestContext, id: string, input: RevokeMandate): Promise<Mandate> {
  const actor = requirePermission(ctx, 'agency.revoke');
  const row = await loadReadable(db, actor, id);
  if (row.revoked_at !== null) throw conflict(`Mandate ${id} was already revoked at ${row.revoked_at}`, { status: 'revoked' });
  if (input.version !== undefined && input.version !== row.version) throw conflict(`Mandate ${id} changed since you read it (version ${row.version}, you sent ${input.version})`, { version: row.version });
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const done = await repo.updateMandate(trx, row.area_code, id, row.version, {
      revoked_at: now,
      revoked_by: actor.userId,
      revoked_by_username: actor.username,
      revocation_reason: input.reason.trim(),
    });
    if (!done) throw conflict(`Mandate ${id} changed while it was being revoked`, { version: row.version });
    await recordAudit(trx, ctx, { action: 'mandate.revoke', areaCode: row.area_code, targetType: 'mandate', targetId: id, details: { reason: input.reason.trim() } });
  });
  return toMandate((await repo.findMandate(db, id))!);
}

/**
 * Binds a one-request mandate to the request filed under it (called inside the filing's
 * transaction), so that it covers no other.
 */
export async function bindMandateToRequest(db: Db, mandateId: string, requestId: string): Promise<void> {
  const row = await repo.findMandate(db, mandateId);
  if (!row || row.coverage !== 'request' || row.request_id !== null) return;
  await repo.updateMandate(db, row.area_code, row.id, row.version, { request_id: requestId });
}

// ---- reads ----

export async function getMandate(db: Db, ctx: RequestContext, id: string): Promise<Mandate> {
  const actor = requirePermission(ctx, 'agency.read');
  return toMandate(await loadReadable(db, actor, id));
}

export interface MandateListQuery {
  area?: string;
  status?: MandateStatus;
  principalPersonId?: string;
  agentUserId?: string;
  limit?: number;
  cursor?: string;
}

/** Mandates in the actor's scope, newest first; an agent sees their own, a resident those where they are the principal. */
export async function listMandates(db: Db, ctx: RequestContext, q: MandateListQuery): Promise<PageOf<Mandate>> {
  const actor = requirePermission(ctx, 'agency.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['isoDateTime', 'uuid']);
  let principalPersonId = q.principalPersonId;
  if (actor.role === 'resident') {
    const own = await repo.personOfUser(db, actor.userId);
    if (!own) return { items: [], total: 0, nextCursor: null };
    principalPersonId = own.id;
  }
  const on = chinaDate();
  const { rows, total } = await repo.listMandates(db, {
    scope,
    principalPersonId,
    agentUserId: actor.role === 'agent' ? actor.userId : q.agentUserId,
    status: q.status,
    on,
    after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
    limit,
  });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toMandate(r, on)),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null,
  };
}

/** The signed consent form itself; every read is audited. */
export async function consentForm(deps: AgencyDeps, ctx: RequestContext, id: string): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const actor = requirePermission(ctx, 'agency.read');
  const row = await loadReadable(deps.db, actor, id);
  if (!row.consent_sha256) throw notFound('Consent form of mandate', id);
  const body = await diskAttachmentStorage(deps.dataDir).get(row.consent_sha256);
  if (!body) throw notFound('Consent form file of mandate', id);
  await recordAudit(deps.db, ctx, { action: 'mandate.consentForm.read', areaCode: row.area_code, targetType: 'mandate', targetId: id, details: { sha256: row.consent_sha256 } });
  const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }[row.consent_media_type ?? ''] ?? 'bin';
  return { body, contentType: row.consent_media_type ?? 'application/octet-stream', filename: `mandate-${id}.${extension}` };
}

/**
 * The registry persons in the actor's scope a mandate may name, found by the beginning of their
 * name (Traditional characters read as Simplified) or their pinyin initials; at most 20. An agent
 * has no other view of the registry, so this answers only what choosing the principal needs (name,
 * sex, birth year, community), and every search is audited.
 */
export async function searchPrincipals(db: Db, ctx: RequestContext, q: { q: string }): Promise<Principal[]> {
  const actor = requirePermission(ctx, 'agency.mandate');
  const mode = searchModeOf(q.q);
  const text = q.q.trim();
  if (!text) throw invalidField('q', 'must not be blank', 'required');
  const rows = await repo.searchPersons(db, actor.scope, mode.kind === 'letters' ? { initialsPrefix: mode.letters } : { namePrefix: toSimplified(text) }, 20);
  await recordAudit(db, ctx, { action: 'agency.principalSearch', areaCode: actor.scope, details: { kind: mode.kind, found: rows.length } });
  return rows.map((r) => ({ personId: r.id, name: r.name, sex: r.sex, birthYear: Number(r.birth_date.slice(0, 4)), areaCode: r.area_code, areaName: r.area_name }));
}
