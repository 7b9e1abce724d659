import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import {
  LEFT_BEHIND_GROUPS,
  VISIT_STAGES,
  type CareCase,
  type CaseListQuery,
  type CasePage,
  type CaseNote,
  type CaseUpdate,
  type DayQuery,
  type NewCase,
  type NewNote,
  type TeamCandidates,
  type TeamUpdate,
  type WorkerDay,
} from '../../../contracts/care.ts';
import type { Action } from '../../../contracts/policy.ts';
import { AREA_CODE_LENGTHS } from '../../../contracts/area-code.ts';
import { groupEndsOn, type Group } from '../../../engine/care/groups.ts';
import { mayDo, ownRecordsOnly, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { maskPhone, normalizePhone, phoneProblem, type PersonalDataCipher } from '../residents/personal-data.ts';
import type { NotificationKind, NotificationParams } from '../../../contracts/notifications.ts';
import { notify } from '../notifications/notifications.service.ts';
import * as repo from './cases.repository.ts';
import { toApproval, toAssessment, toAway, toCarer, toEvent, toNote, toSummary, toTeam, toVisit } from './cases.schema.ts';
import { policyFor, scheduleOf } from './visit-policy.service.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

/**
 * Care cases: opening (from a confirmed left-behind flag, or by a worker for another group),
 * lists (the caseload, the worker's day), the case page, owner and summary, notes.
 *
 * Who reaches a case: the roles of `care.read` whose scope holds the case's community (403
 * otherwise). A role that reaches cases by membership (`own` in the policy: an agent) reaches only
 * the cases whose team they are on, in lists too; leaving the team ends it. Within that, notes are for the case team (owner and collaborators) and its
 * supervisors only. A supervisor of a case is an admin; an official or social worker whose scope is
 * the case's township or an area above it (not the village alone); or a collaborator in the
 * children-supervisor role (儿童督导员) on the case.
 */

/** Today as China has it (the platform's day: periods, visits and windows are China days). */
export const today = todayInChina;

export interface CareDeps {
  cipher: PersonalDataCipher;
}

export interface CaseAccess {
  kase: repo.CaseListRow;
  actor: Actor;
  team: Awaited<ReturnType<typeof repo.teamOf>>;
  isTeam: boolean;
  isSupervisor: boolean;
}

export function isSupervisorOf(actor: Actor, areaCode: string, team: { user_id: string; role: string }[]): boolean {
  if (actor.role === 'admin') return true;
  if ((actor.role === 'official' || actor.role === 'socialWorker') && actor.scope.length < 12 && areaCode.startsWith(actor.scope)) return true;
  return team.some((m) => m.user_id === actor.userId && m.role === 'childrenSupervisor');
}

/** Refuses (403) an actor who reaches cases by membership (an agent) on a case whose team they are not on. */
export function requireMembership(actor: Actor, action: Action, isTeam: boolean, caseId: string): void {
  if (ownRecordsOnly(actor, action) && !isTeam) {
    throw forbidden(`Only the team of case ${caseId} reaches it as ${actor.role}: you are not on it`, { action, reason: 'caseTeam' });
  }
}

/** The user a list is narrowed to: the actor when they reach cases by membership only, or asked for `mine`. */
export function memberFilter(actor: Actor, action: Action, mine: boolean | undefined): string | undefined {
  return mine || ownRecordsOnly(actor, action) ? actor.userId : undefined;
}

/**
 * The case, when the actor's role may do `action`, their scope holds it and, for a role that
 * reaches cases by membership (an agent), they are on its team: 404 / 403 otherwise.
 */
export async function caseAccess(db: Db, ctx: RequestContext, id: string, action: Action): Promise<CaseAccess> {
  const actor = requirePermission(ctx, action);
  const kase = await repo.caseById(db, id);
  if (!kase) throw notFound('Care case', id);
  requireScope(actor, kase.area_code);
  const team = await repo.teamOf(db, kase.area_code, kase.id);
  const isTeam = kase.owner_id === actor.userId || team.some((m) => m.user_id === actor.userId);
  requireMembership(actor, action, isTeam, kase.id);
  return { kase, actor, team, isTeam, isSupervisor: isSupervisorOf(actor, kase.area_code, team) };
}

export function event(kase: { area_code: string; id: string }, actor: { userId: string | null; username: string | null } | null, action: string, details: Record<string, unknown>, at: string) {
  return { area_code: kase.area_code, id: newId(), case_id: kase.id, at, user_id: actor?.userId ?? null, username: actor?.username ?? null, action, details: JSON.stringify(details) };
}

/**
 * Tells a case's team (its owner and collaborators) that something happened on it: a referral was
 * answered, the family wrote. Never the one who acted; in the caller's transaction.
 */
export async function notifyCaseTeam(trx: Db, caseId: string, kind: NotificationKind, params: NotificationParams, except: string | null): Promise<void> {
  const kase = await repo.caseById(trx, caseId);
  if (!kase) return;
  const team = await repo.teamOf(trx, kase.area_code, kase.id);
  const users = [...new Set([kase.owner_id, ...team.map((m) => m.user_id)])].filter((u) => u !== except);
  await notify(
    trx,
    users.map((userId) => ({ userId, areaCode: kase.area_code, kind, requestId: null, params: { principalName: kase.person_name, ...params } })),
  );
}

const STAFF_ROLES = ['admin', 'official', 'communityWorker', 'socialWorker', 'agent'];

async function requireStaffUser(db: Db, userId: string, areaCode: string, field: string) {
  const user = await repo.userById(db, userId);
  if (!user || Boolean(user.locked) || !STAFF_ROLES.includes(user.role)) throw invalidField(field, 'is not an active staff account');
  if (!areaCode.startsWith(user.scope_code)) throw invalidField(field, 'has no scope over the case’s community');
  return user;
}

export async function openCase(db: Db, deps: CareDeps, ctx: RequestContext, input: NewCase): Promise<CareCase> {
  const actor = requirePermission(ctx, 'care.work');
  let person: Awaited<ReturnType<typeof repo.personById>>;
  let group: Group;
  let flagId: string | null = null;
  if (input.flagId) {
    if (input.personId) throw invalidField('personId', 'is taken from the flag; send flagId or personId, not both');
    const flag = await repo.flagById(db, input.flagId);
    if (!flag) throw notFound('Left-behind flag', input.flagId);
    requireScope(actor, flag.area_code);
    if (flag.status !== 'confirmed' || !flag.applies) throw conflict('Only a confirmed left-behind flag that still applies opens a case', { flagId: flag.id, status: flag.status, applies: Boolean(flag.applies) });
    if (input.group && input.group !== flag.kind) throw invalidField('group', 'is the flag’s kind');
    person = await repo.personOf(db, flag.area_code, flag.person_id);
    group = flag.kind as Group;
    flagId = flag.id;
  } else {
    if (!input.personId) throw invalidField('personId', 'is required (or flagId)');
    if (!input.group) throw invalidField('group', 'is required for a case opened by hand');
    if ((LEFT_BEHIND_GROUPS as readonly string[]).includes(input.group)) throw invalidField('group', 'left-behind cases open from a confirmed flag (flagId)');
    person = await repo.personById(db, input.personId);
    if (!person) throw notFound('Person', input.personId);
    requireScope(actor, person.area_code);
    group = input.group;
  }
  if (!person) throw notFound('Person', input.personId ?? '');
  const areaCode = person.area_code;
  const ownerId = input.ownerId ?? actor.userId;
  if (input.ownerId) await requireStaffUser(db, input.ownerId, areaCode, 'ownerId');
  for (const [i, m] of (input.team ?? []).entries()) await requireStaffUser(db, m.userId, areaCode, `team/${i}/userId`);
  const carers = (input.carers ?? []).map((c, i) => {
    if (c.phone === undefined) return { ...c, phone: null as string | null };
    const problem = phoneProblem(c.phone);
    if (problem) throw invalidField(`carers/${i}/phone`, problem);
    return { ...c, phone: normalizePhone(c.phone) };
  });
  const now = new Date().toISOString();
  const day = today();
  const risk = input.riskLevel ?? 'medium';
  const id = newId();
  const policy = await policyFor(db, areaCode);
  const base = {
    status: 'open',
    risk_level: risk,
    last_visit_on: null,
    opened_on: day,
    group_ends_on: groupEndsOn(group, person.birth_date),
    group_ended_on: null,
    next_assessment_on: null,
  };
  if (base.group_ends_on && base.group_ends_on <= day) throw conflict('The person is past the group’s age limit (the daily re-check ends the flag)', { group, endsOn: base.group_ends_on });
  const schedule = scheduleOf(base, policy, day);
  await db.transaction().execute(async (trx) => {
    if (await repo.openCaseOfPerson(trx, areaCode, person.id, group)) throw conflict('This person already has an open case in this group', { personId: person.id, group });
    await repo.insertCase(trx, {
      area_code: areaCode,
      id,
      person_id: person.id,
      household_id: person.household_id,
      care_group: group,
      flag_id: flagId,
      owner_id: ownerId,
      summary: input.summary ?? null,
      closed_on: null,
      close_reason: null,
      ...base,
      ...schedule,
      generated: false,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
    });
    await repo.insertTeam(
      trx,
      (input.team ?? []).filter((m) => m.userId !== ownerId).map((m) => ({ area_code: areaCode, case_id: id, user_id: m.userId, role: m.role, added_at: now, added_by: actor.userId })),
    );
    await repo.insertCarers(
      trx,
      carers.map((c) => ({
        area_code: areaCode,
        id: newId(),
        case_id: id,
        kind: c.kind,
        person_id: c.personId ?? null,
        name: c.name,
        relation: c.relation,
        phone_cipher: c.phone ? deps.cipher.encrypt('phone', c.phone) : null,
        phone_hash: c.phone ? deps.cipher.lookupHash('phone', c.phone) : null,
        since: day,
        until: null,
        created_at: now,
      })),
    );
    if (person.household_id) {
      const away = await repo.awayMembersOfHousehold(trx, areaCode, person.household_id);
      await repo.insertAway(
        trx,
        away.map((m) => ({ area_code: areaCode, id: newId(), case_id: id, person_id: m.id, name: m.name, relation: m.relation, work_place: m.away_to, employer: null, away_since: m.away_since, returned_on: null, created_at: now, updated_at: now })),
      );
    }
    await repo.insertEvents(trx, [event({ area_code: areaCode, id }, actor, 'opened', { group, riskLevel: risk, flagId, ownerId }, now)]);
    await recordAudit(trx, ctx, { action: 'care.case.open', areaCode, targetType: 'careCase', targetId: id, details: { group, flagId } });
  });
  recordsChanged(db, 'care');
  return readCase(db, deps, ctx, id);
}

export async function listCases(db: Db, ctx: RequestContext, q: CaseListQuery): Promise<CasePage> {
  const actor = requirePermission(ctx, 'care.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const { rows, total } = await repo.listCases(db, {
    scope,
    status: q.status,
    group: q.group,
    risk: q.risk,
    minStage: q.stage ? VISIT_STAGES.indexOf(q.stage) : undefined,
    memberId: memberFilter(actor, 'care.read', q.mine),
    offset,
    limit,
  });
  const day = today();
  await recordRead(db, ctx, { action: 'care.case.readList', areaCode: scope, targetType: 'careCase', ids: rows.map((r) => r.id), total, query: { ...q, cursor: undefined } });
  return { items: rows.map((r) => toSummary(r, day)), total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

export async function workerDay(db: Db, ctx: RequestContext, q: DayQuery): Promise<WorkerDay> {
  const actor = requirePermission(ctx, 'care.read');
  const scope = scopedArea(actor, q.area);
  const memberId = memberFilter(actor, 'care.read', q.mine);
  const rows = await repo.dayList(db, scope, q.limit ?? 100, memberId);
  const counts = await repo.dayCounts(db, scope, memberId);
  const day = today();
  await recordRead(db, ctx, { action: 'care.case.readDay', areaCode: scope, targetType: 'careCase', ids: rows.map((r) => r.id), total: counts.due + counts.overdue });
  return { today: day, due: counts.due, overdue: counts.overdue, items: rows.map((r) => toSummary(r, day)) };
}

/** The case page: every read audited; notes only for the team and supervisors. */
export async function readCase(db: Db, deps: CareDeps, ctx: RequestContext, id: string): Promise<CareCase> {
  const access = await caseAccess(db, ctx, id, 'care.read');
  const { kase, actor } = access;
  const [carers, away, assessments, visits, approvals, events] = await Promise.all([
    repo.carersOf(db, kase.area_code, kase.id),
    repo.awayOf(db, kase.area_code, kase.id),
    repo.assessmentsOf(db, kase.area_code, kase.id),
    repo.visitsOf(db, kase.area_code, kase.id),
    repo.approvalsOf(db, kase.area_code, kase.id),
    repo.eventsOf(db, kase.area_code, kase.id),
  ]);
  const readNotes = access.isTeam || access.isSupervisor;
  const notes = readNotes ? (await repo.notesOf(db, kase.area_code, kase.id)).map(toNote) : null;
  await recordAudit(db, ctx, { action: 'care.case.read', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { notes: readNotes } });
  const open = kase.status === 'open';
  const work = mayDo(actor, 'care.visit') && (access.isTeam || !ownRecordsOnly(actor, 'care.visit'));
  return {
    ...toSummary(kase, today()),
    householdId: kase.household_id,
    flagId: kase.flag_id,
    summary: kase.summary,
    openedOn: kase.opened_on,
    closedOn: kase.closed_on,
    closeReason: kase.close_reason,
    groupEndsOn: kase.group_ends_on,
    groupEndedOn: kase.group_ended_on,
    version: Number(kase.version),
    team: access.team.map(toTeam),
    carers: carers.map((c) => toCarer(c, c.phone_cipher ? maskPhone(deps.cipher.decrypt('phone', c.phone_cipher)) : null)),
    awayMembers: away.map(toAway),
    assessments: assessments.map(toAssessment),
    visits: visits.map(toVisit),
    approvals: approvals.map(toApproval),
    events: events.map(toEvent),
    notes,
    can: {
      visit: open && work,
      assess: open && work,
      decide: mayDo(actor, 'care.decide') && access.isSupervisor,
      close: open && work,
      readNotes,
    },
  };
}

/** Owner and summary. A different riskLevel is refused: a risk change needs a supervisor's approval. */
export async function updateCase(db: Db, deps: CareDeps, ctx: RequestContext, id: string, input: CaseUpdate): Promise<CareCase> {
  const { kase, actor } = await caseAccess(db, ctx, id, 'care.work');
  if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
  if (input.riskLevel !== undefined && input.riskLevel !== kase.risk_level) {
    throw conflict('Changing the risk level needs a supervisor’s approval: POST /care/cases/{id}/approvals (kind riskChange)', { riskLevel: kase.risk_level, requested: input.riskLevel, reason: 'approval_required' });
  }
  if (input.ownerId) await requireStaffUser(db, input.ownerId, kase.area_code, 'ownerId');
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const changes: Record<string, string | null> = {};
    if (input.ownerId !== undefined && input.ownerId !== kase.owner_id) changes.owner_id = input.ownerId;
    if (input.summary !== undefined) changes.summary = input.summary || null;
    if (!(await repo.updateCase(trx, { area_code: kase.area_code, id: kase.id, version: input.version }, { ...changes, updated_at: now }))) {
      throw conflict('The case changed since you read it', { version: Number(kase.version) });
    }
    await repo.insertEvents(trx, [event(kase, actor, 'updated', { ...changes }, now)]);
    await recordAudit(trx, ctx, { action: 'care.case.update', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { fields: Object.keys(changes) } });
  });
  return readCase(db, deps, ctx, id);
}

export async function addNote(db: Db, ctx: RequestContext, id: string, input: NewNote): Promise<CaseNote> {
  const access = await caseAccess(db, ctx, id, 'care.visit');
  if (!access.isTeam && !access.isSupervisor) throw forbidden('Only the case team and its supervisors write case notes', { reason: 'caseTeam' });
  const now = new Date().toISOString();
  const row = { area_code: access.kase.area_code, id: newId(), case_id: access.kase.id, body: input.body, author_id: access.actor.userId, author_name: access.actor.username, created_at: now };
  await db.transaction().execute(async (trx) => {
    await repo.insertNote(trx, row);
    await recordAudit(trx, ctx, { action: 'care.note.write', areaCode: row.area_code, targetType: 'careCase', targetId: row.case_id });
  });
  return toNote(row);
}

/** Who may join the case's team (`replaceTeam` accepts exactly these, beside those already on it). */
export async function listTeamCandidates(db: Db, ctx: RequestContext, id: string): Promise<TeamCandidates> {
  const { kase } = await caseAccess(db, ctx, id, 'care.work');
  const scopes = AREA_CODE_LENGTHS.filter((n) => n <= kase.area_code.length).map((n) => kase.area_code.slice(0, n));
  const users = await repo.teamCandidates(db, scopes, STAFF_ROLES, kase.owner_id);
  return { items: users.map((u) => ({ userId: u.id, name: u.display_name || u.username, username: u.username, role: u.role, scopeCode: u.scope_code })) };
}

/**
 * Replaces a case's team (the collaborators beside the owner): members are staff whose scope holds
 * the case's community; the owner is not listed again. Who leaves loses what membership gave them
 * (an agent, the case itself). A stale version is a 409; each change is an event and audited.
 */
export async function replaceTeam(db: Db, deps: CareDeps, ctx: RequestContext, id: string, input: TeamUpdate): Promise<CareCase> {
  const { kase, actor, team } = await caseAccess(db, ctx, id, 'care.work');
  if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
  const seen = new Set<string>();
  for (const [i, m] of input.team.entries()) {
    if (seen.has(m.userId)) throw invalidField(`team/${i}/userId`, 'is listed twice');
    if (m.userId === kase.owner_id) throw invalidField(`team/${i}/userId`, 'is the case’s owner');
    seen.add(m.userId);
    await requireStaffUser(db, m.userId, kase.area_code, `team/${i}/userId`);
  }
  const before = new Map(team.map((m) => [m.user_id, m.role]));
  const after = new Map(input.team.map((m) => [m.userId, m.role]));
  const added = input.team.filter((m) => before.get(m.userId) !== m.role).map((m) => ({ userId: m.userId, role: m.role }));
  const removed = team.filter((m) => after.get(m.user_id) !== m.role).map((m) => ({ userId: m.user_id, role: m.role }));
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateCase(trx, { area_code: kase.area_code, id: kase.id, version: input.version }, { updated_at: now }))) {
      throw conflict('The case changed since you read it', { version: Number(kase.version) });
    }
    await repo.replaceTeam(
      trx,
      kase.area_code,
      kase.id,
      input.team.map((m) => ({ area_code: kase.area_code, case_id: kase.id, user_id: m.userId, role: m.role, added_at: now, added_by: actor.userId })),
    );
    await repo.insertEvents(trx, [event(kase, actor, 'teamChanged', { added, removed }, now)]);
    await recordAudit(trx, ctx, { action: 'care.case.team', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { added, removed } });
  });
  return readCase(db, deps, ctx, id);
}
