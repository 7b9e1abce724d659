import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { FAMILY_LIMITS, type FamilyContact, type FamilyContactInput, type FamilyConsentChange, type FamilyConversation, type FamilyLink, type FamilyMessage, type FamilyPage, type FamilyRelation, type FamilyRelative, type NewFamilyLink, type NewFamilyMessage, type WorkerMessage } from '../../../contracts/family.ts';
import type { Consent } from '../../../contracts/care-referrals.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { maskPhone, normalizePhone, personalDataCipher, phoneProblem, type PersonalDataCipher } from '../residents/personal-data.ts';
import { notifyCaseTeam } from './cases.service.ts';
import { teamCaseFor } from './referrals.access.ts';
import * as careRepo from './referrals.repository.ts';
import { toConsent } from './referrals.schema.ts';
import * as repo from './family.repository.ts';

/** What the family services need: the database and the personal-data cipher (phones). */
export interface FamilyDeps {
  readonly db: Db;
  readonly cipher: PersonalDataCipher;
}

export function familyDeps(db: Db, secretKey: Buffer): FamilyDeps {
  return { db, cipher: personalDataCipher(secretKey) };
}

function toContact(cipher: PersonalDataCipher, row: repo.ContactRow | undefined): FamilyContact {
  if (!row) return { cityAddress: null, phoneMasked: null, updatedAt: null, version: 0 };
  return { cityAddress: row.city_address, phoneMasked: row.phone_cipher ? maskPhone(cipher.decrypt('phone', row.phone_cipher)) : null, updatedAt: row.updated_at, version: row.version };
}

function toMessage(row: repo.MessageRow): FamilyMessage {
  return {
    id: row.id,
    personId: row.person_id,
    familyUserId: row.family_user_id,
    direction: row.direction as FamilyMessage['direction'],
    kind: row.kind as FamilyMessage['kind'],
    body: row.body,
    proposedAt: row.proposed_at,
    author: row.author_username,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

// ---- the worker's side ----

async function presentLinks(deps: FamilyDeps, rows: repo.LinkRowWithUser[]): Promise<FamilyLink[]> {
  const contacts = await repo.contactsOf(deps.db, rows.map((r) => r.user_id));
  const unread = await repo.unreadCounts(deps.db, rows.map((r) => ({ areaCode: r.area_code, personId: r.person_id, familyUserId: r.user_id })), 'fromFamily');
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    relativePersonId: r.relative_person_id,
    relation: r.relation as FamilyRelation,
    guardian: Boolean(r.guardian),
    identityCheck: r.identity_check,
    linkedBy: r.linked_by_username,
    linkedAt: r.linked_at,
    endedAt: r.ended_at,
    contact: toContact(deps.cipher, contacts.get(r.user_id)),
    unreadMessages: unread.get(`${r.person_id}|${r.user_id}`) ?? 0,
    version: r.version,
  }));
}

/** The relatives linked to the person of a case, with their city contact masked (read audited). */
export async function familyOfCase(deps: FamilyDeps, ctx: RequestContext, caseId: string): Promise<FamilyLink[]> {
  const { kase } = await teamCaseFor(deps.db, ctx, 'careFamily.work', caseId);
  const rows = await repo.linksOfPerson(deps.db, kase.area_code, kase.person_id);
  await recordAudit(deps.db, ctx, { action: 'careFamily.list', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id });
  return presentLinks(deps, rows);
}

/**
 * Links a relative's resident account to the person of a case, once the worker has checked who they
 * are: by username, or by their registry record (a person marked away whose record has an account).
 */
export async function linkFamily(deps: FamilyDeps, ctx: RequestContext, caseId: string, input: NewFamilyLink): Promise<FamilyLink> {
  const { db } = deps;
  const { actor, kase } = await teamCaseFor(db, ctx, 'careFamily.work', caseId);
  if ((input.username === undefined) === (input.relativePersonId === undefined)) {
    throw invalidField(input.username === undefined ? 'username' : 'relativePersonId', 'name the relative either by username or by registry record, one of the two', 'inconsistent');
  }
  let userId: string;
  let relativePersonId: string | null = null;
  if (input.relativePersonId !== undefined) {
    const person = await repo.findPerson(db, input.relativePersonId);
    if (!person) throw invalidField('relativePersonId', `person ${input.relativePersonId} does not exist`, 'unknown_reference');
    requireScope(actor, person.area_code);
    if (!person.user_id) throw invalidField('relativePersonId', `person ${person.id} has no resident account to sign in with`, 'inconsistent');
    userId = person.user_id;
    relativePersonId = person.id;
  } else {
    const user = await repo.findUserByName(db, input.username!.trim());
    if (!user) throw invalidField('username', `user ${input.username} does not exist`, 'unknown_reference');
    if (user.role !== 'resident') throw invalidField('username', `user ${input.username} is not a resident account`, 'not_allowed');
    userId = user.id;
    relativePersonId = (await repo.personOfUser(db, user.id))?.id ?? null;
  }
  if (relativePersonId === kase.person_id) throw invalidField(input.relativePersonId ? 'relativePersonId' : 'username', 'is the person in care themselves', 'inconsistent');
  if (await repo.activeLink(db, kase.person_id, userId)) throw conflict(`This relative is already linked to person ${kase.person_id}`, { userId });
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertLink(trx, {
      area_code: kase.area_code,
      id,
      person_id: kase.person_id,
      user_id: userId,
      relative_person_id: relativePersonId,
      relation: input.relation,
      guardian: input.guardian,
      identity_check: input.identityCheck.trim(),
      linked_by: actor.userId,
      linked_by_username: actor.username,
      linked_at: now,
      ended_at: null,
      version: 1,
    });
    await recordAudit(trx, ctx, { action: 'careFamily.link', areaCode: kase.area_code, targetType: 'careFamilyLink', targetId: id, details: { caseId: kase.id, userId, relation: input.relation, guardian: input.guardian } });
  });
  const [link] = await presentLinks(deps, [(await repo.findLink(db, id))!]);
  return link!;
}

export async function requireLinkAccess(db: Db, ctx: RequestContext, id: string): Promise<{ actor: Actor; row: repo.LinkRowWithUser }> {
  const actor = requirePermission(ctx, 'careFamily.work');
  const row = await repo.findLink(db, id);
  if (!row) throw notFound('Family link', id);
  requireScope(actor, row.area_code);
  return { actor, row };
}

/** Ends a link: the relative no longer sees the person on their family page. */
export async function endFamilyLink(deps: FamilyDeps, ctx: RequestContext, id: string): Promise<FamilyLink> {
  const { row } = await requireLinkAccess(deps.db, ctx, id);
  if (row.ended_at !== null) throw conflict(`Family link ${id} ended at ${row.ended_at}`, { endedAt: row.ended_at });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.endLink(trx, row, new Date().toISOString()))) throw conflict(`Family link ${id} changed while it was being ended`, { version: row.version });
    await recordAudit(trx, ctx, { action: 'careFamily.unlink', areaCode: row.area_code, targetType: 'careFamilyLink', targetId: id });
  });
  const [link] = await presentLinks(deps, [(await repo.findLink(deps.db, id))!]);
  return link!;
}

/** The worker's conversation with one family about the person of a case; the family's messages are marked read. */
export async function caseMessages(deps: FamilyDeps, ctx: RequestContext, caseId: string, familyUserId: string): Promise<FamilyMessage[]> {
  const { kase } = await teamCaseFor(deps.db, ctx, 'careFamily.work', caseId);
  const rows = await repo.thread(deps.db, kase.area_code, kase.person_id, familyUserId, FAMILY_LIMITS.messagesPage);
  await deps.db.transaction().execute(async (trx) => {
    await repo.markRead(trx, kase.area_code, kase.person_id, familyUserId, 'fromFamily', new Date().toISOString());
    await recordAudit(trx, ctx, { action: 'careFamily.readMessages', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { familyUserId, count: rows.length } });
  });
  return rows.map(toMessage);
}

export async function writeToFamily(deps: FamilyDeps, ctx: RequestContext, caseId: string, input: WorkerMessage): Promise<FamilyMessage> {
  const { actor, kase } = await teamCaseFor(deps.db, ctx, 'careFamily.work', caseId);
  if (!(await repo.activeLink(deps.db, kase.person_id, input.familyUserId))) {
    throw invalidField('familyUserId', `user ${input.familyUserId} is not a relative linked to this person`, 'unknown_reference');
  }
  const body = input.body.trim();
  if (!body) throw invalidField('body', 'must not be blank', 'required');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMessage(trx, { area_code: kase.area_code, id, person_id: kase.person_id, family_user_id: input.familyUserId, direction: 'toFamily', kind: 'message', body, proposed_at: null, author_user_id: actor.userId, author_username: actor.username, created_at: new Date().toISOString(), read_at: null });
    await recordAudit(trx, ctx, { action: 'careFamily.writeMessage', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { familyUserId: input.familyUserId } });
  });
  const rows = await repo.thread(deps.db, kase.area_code, kase.person_id, input.familyUserId, FAMILY_LIMITS.messagesPage);
  return toMessage(rows.find((r) => r.id === id)!);
}

/** Conversations with families in the actor's scope, newest first, with how many of theirs are unread. */
export async function familyConversations(deps: FamilyDeps, ctx: RequestContext, q: { area?: string; limit?: number }): Promise<FamilyConversation[]> {
  const actor = requirePermission(ctx, 'careFamily.work');
  const scope = scopedArea(actor, q.area);
  const rows = await repo.conversations(deps.db, scope, q.limit ?? 100);
  const [names, users] = await Promise.all([careRepo.personNames(deps.db, rows.map((r) => r.person_id)), careRepo.usersById(deps.db, rows.map((r) => r.family_user_id))]);
  const out: FamilyConversation[] = [];
  for (const r of rows) {
    const kase = await careRepo.openCaseOfPerson(deps.db, r.area_code, r.person_id);
    out.push({
      areaCode: r.area_code,
      caseId: kase?.id ?? null,
      personId: r.person_id,
      personName: names.get(r.person_id) ?? '',
      familyUserId: r.family_user_id,
      familyName: users.get(r.family_user_id)?.display_name ?? '',
      lastMessageAt: r.last_at,
      lastKind: (await repo.lastKind(deps.db, r.area_code, r.person_id, r.family_user_id)) as FamilyConversation['lastKind'],
      unread: r.unread,
    });
  }
  await recordAudit(deps.db, ctx, { action: 'careFamily.listConversations', areaCode: scope, details: { count: out.length } });
  return out;
}

// ---- the family's side ----

/** A link of the signed-in relative: 404 when it is not theirs or has ended. */
async function ownLink(db: Db, ctx: RequestContext, id: string): Promise<{ actor: Actor; link: repo.LinkRowWithUser }> {
  const actor = requirePermission(ctx, 'family.use');
  const link = await repo.findLink(db, id);
  if (!link || link.user_id !== actor.userId || link.ended_at !== null) throw notFound('Family link', id);
  return { actor, link };
}

export async function requireOwnLink(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await ownLink(db, ctx, id);
}

/**
 * The family page: the relative's own contact, and for each person in care linked to them the
 * consents in force and — only when sharing is consented — the care summary (last and next visit,
 * the worker's name and masked phone, how many referrals are open), never notes or assessments.
 * Every relative shown is an audited read.
 */
export async function familyPage(deps: FamilyDeps, ctx: RequestContext): Promise<FamilyPage> {
  const { db, cipher } = deps;
  const actor = requirePermission(ctx, 'family.use');
  const links = await repo.linksOfUser(db, actor.userId);
  const persons = await Promise.all(links.map((l) => repo.findPerson(db, l.person_id)));
  const areas = await repo.areaNames(db, links.map((l) => l.area_code));
  const unread = await repo.unreadCounts(db, links.map((l) => ({ areaCode: l.area_code, personId: l.person_id, familyUserId: actor.userId })), 'toFamily');
  const relatives: FamilyRelative[] = [];
  for (const [i, link] of links.entries()) {
    const [referral, sharing] = await Promise.all([careRepo.activeConsent(db, link.area_code, link.person_id, 'referral'), careRepo.activeConsent(db, link.area_code, link.person_id, 'sharing')]);
    let summary: FamilyRelative['summary'] = null;
    if (sharing) {
      const kase = await careRepo.openCaseOfPerson(db, link.area_code, link.person_id);
      if (kase) {
        const [mode, worker, open] = await Promise.all([repo.lastVisitMode(db, kase.area_code, kase.id), repo.workerContact(db, kase.owner_id), careRepo.openReferralsOfCase(db, kase.id)]);
        summary = {
          caseStatus: kase.status,
          lastVisitOn: kase.last_visit_on,
          lastVisitMode: mode,
          nextVisitDue: kase.visit_due_on,
          worker: { name: worker?.display_name ?? '', phoneMasked: worker?.phone_cipher ? maskPhone(cipher.decrypt('phone', worker.phone_cipher)) : null },
          openReferrals: open.length,
        };
      }
    }
    relatives.push({
      linkId: link.id,
      personId: link.person_id,
      name: persons[i]?.name ?? '',
      relation: link.relation as FamilyRelation,
      guardian: Boolean(link.guardian),
      areaName: areas.get(link.area_code) ?? link.area_code,
      consents: { referral: referral !== undefined, sharing: sharing !== undefined },
      summary,
      sharingConsented: sharing !== undefined,
      unreadMessages: unread.get(`${link.person_id}|${actor.userId}`) ?? 0,
    });
  }
  await db.transaction().execute(async (trx) => {
    for (const link of links) {
      await recordAudit(trx, ctx, { action: 'family.read', areaCode: link.area_code, targetType: 'careFamilyLink', targetId: link.id, details: { personId: link.person_id } });
    }
  });
  return { contact: toContact(cipher, await repo.findContact(db, actor.userId)), relatives };
}

/** The relative keeps their city address and phone current (the phone stored encrypted, answered masked). */
export async function saveContact(deps: FamilyDeps, ctx: RequestContext, input: FamilyContactInput): Promise<FamilyContact> {
  const { db, cipher } = deps;
  const actor = requirePermission(ctx, 'family.use');
  const links = await repo.linksOfUser(db, actor.userId);
  if (links.length === 0) throw forbidden('Your account is linked to no relative in care; ask their case worker to link it', { reason: 'noFamilyLink' });
  const address = input.cityAddress === null ? null : input.cityAddress.trim() || null;
  let phone: { cipher: string | null; hash: string | null } | undefined;
  if (input.phone === null) phone = { cipher: null, hash: null };
  else if (input.phone !== undefined) {
    const normalized = normalizePhone(input.phone);
    const problem = phoneProblem(normalized);
    if (problem) throw invalidField('phone', problem, 'invalid_format');
    phone = { cipher: cipher.encrypt('phone', normalized), hash: cipher.lookupHash('phone', normalized) };
  }
  const existing = await repo.findContact(db, actor.userId);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    if (!existing) {
      if (input.version !== 0) throw conflict('Your contact changed since you read it', { version: 0 });
      await repo.insertContact(trx, { user_id: actor.userId, area_code: links[0]!.area_code, city_address: address, phone_cipher: phone?.cipher ?? null, phone_hash: phone?.hash ?? null, updated_at: now, version: 1 });
    } else {
      const done = input.version === existing.version && (await repo.updateContact(trx, actor.userId, existing.version, {
        area_code: existing.area_code,
        city_address: address,
        phone_cipher: phone ? phone.cipher : existing.phone_cipher,
        phone_hash: phone ? phone.hash : existing.phone_hash,
        updated_at: now,
      }));
      if (!done) throw conflict(`Your contact changed since you read it (version ${existing.version}, you sent ${input.version})`, { version: existing.version });
    }
    await recordAudit(trx, ctx, { action: 'family.saveContact', areaCode: links[0]!.area_code, targetType: 'careFamilyContact', targetId: actor.userId, details: { address: address !== null, phoneChanged: phone !== undefined } });
  });
  return toContact(cipher, await repo.findContact(db, actor.userId));
}

/** The relative's conversation with the worker about one linked person; the worker's messages are marked read. */
export async function ownMessages(deps: FamilyDeps, ctx: RequestContext, linkId: string): Promise<FamilyMessage[]> {
  const { link } = await ownLink(deps.db, ctx, linkId);
  const rows = await repo.thread(deps.db, link.area_code, link.person_id, link.user_id, FAMILY_LIMITS.messagesPage);
  await deps.db.transaction().execute(async (trx) => {
    await repo.markRead(trx, link.area_code, link.person_id, link.user_id, 'toFamily', new Date().toISOString());
    await recordAudit(trx, ctx, { action: 'family.readMessages', areaCode: link.area_code, targetType: 'careFamilyLink', targetId: link.id, details: { count: rows.length } });
  });
  return rows.map(toMessage);
}

/** The relative writes to the worker, or asks for a video call at a time in the future. */
export async function writeOwnMessage(deps: FamilyDeps, ctx: RequestContext, linkId: string, input: NewFamilyMessage): Promise<FamilyMessage> {
  const { actor, link } = await ownLink(deps.db, ctx, linkId);
  const kind = input.kind ?? 'message';
  const body = input.body.trim();
  if (!body) throw invalidField('body', 'must not be blank', 'required');
  let proposedAt: string | null = null;
  if (kind === 'videoCallRequest') {
    if (!input.proposedAt) throw invalidField('proposedAt', 'is required for a video call request', 'required');
    const at = Date.parse(input.proposedAt);
    if (Number.isNaN(at)) throw invalidField('proposedAt', 'is not a date-time', 'invalid_format');
    if (at <= Date.now()) throw invalidField('proposedAt', 'must be in the future', 'out_of_range');
    proposedAt = new Date(at).toISOString();
  } else if (input.proposedAt !== undefined) throw invalidField('proposedAt', 'belongs to a video call request only', 'inconsistent');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMessage(trx, { area_code: link.area_code, id, person_id: link.person_id, family_user_id: actor.userId, direction: 'fromFamily', kind, body, proposed_at: proposedAt, author_user_id: actor.userId, author_username: actor.username, created_at: new Date().toISOString(), read_at: null });
    await recordAudit(trx, ctx, { action: kind === 'videoCallRequest' ? 'family.requestVideoCall' : 'family.writeMessage', areaCode: link.area_code, targetType: 'careFamilyLink', targetId: link.id });
    const kase = await careRepo.openCaseOfPerson(trx, link.area_code, link.person_id);
    if (kase) await notifyCaseTeam(trx, kase.id, 'careFamilyMessage', { action: kind }, actor.userId);
  });
  const rows = await repo.thread(deps.db, link.area_code, link.person_id, link.user_id, FAMILY_LIMITS.messagesPage);
  return toMessage(rows.find((r) => r.id === id)!);
}

/**
 * A guardian gives or withdraws consent (to referrals, or to sharing the care summary) on the
 * family page: 403 for a relative who is not a guardian, 409 when withdrawing what is not in force.
 */
export async function changeOwnConsent(deps: FamilyDeps, ctx: RequestContext, linkId: string, input: FamilyConsentChange): Promise<Consent | null> {
  const { db } = deps;
  const { actor, link } = await ownLink(db, ctx, linkId);
  if (!link.guardian) throw forbidden('Only a guardian may give or withdraw consent for this person; the worker records their own consent', { reason: 'notGuardian' });
  const now = new Date().toISOString();
  const current = await careRepo.activeConsent(db, link.area_code, link.person_id, input.purpose);
  if (!input.given && !current) throw conflict(`No consent to ${input.purpose} is in force`, { purpose: input.purpose });
  const id = newId();
  await db.transaction().execute(async (trx) => {
    if (current) {
      if (!(await careRepo.withdrawConsent(trx, current, actor, now))) throw conflict('The consent changed while it was being replaced', { id: current.id });
    }
    if (input.given) {
      await careRepo.insertConsent(trx, {
        area_code: link.area_code,
        id,
        person_id: link.person_id,
        purpose: input.purpose,
        given_by: 'guardian',
        given_by_name: link.display_name,
        family_link_id: link.id,
        method: 'familyPage',
        note: null,
        given_at: now,
        recorded_by: actor.userId,
        recorded_by_username: actor.username,
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawn_by_username: null,
        version: 1,
      });
    }
    await recordAudit(trx, ctx, { action: input.given ? 'family.giveConsent' : 'family.withdrawConsent', areaCode: link.area_code, targetType: 'careFamilyLink', targetId: link.id, details: { purpose: input.purpose } });
  });
  if (!input.given) return null;
  return toConsent((await careRepo.findConsent(db, id))!);
}
