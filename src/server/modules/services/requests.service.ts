/**
 * Service requests (办件): filing (by the applicant, a window worker, a phone operator, or an agent
 * under a mandate), the deciding unit's steps, the applicant's side (补正, withdrawal, rating,
 * reopening), attachments, lists, a unit's queue and the officials' figures.
 *
 * Every write runs in one transaction with its timeline event(s), its audit entry and the
 * request-event listeners (the agency's notifications), then tells the indicators that the
 * services' records changed.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { isWithinScope, normalizeAreaCode } from '../../../contracts/area-code.ts';
import { POLICY } from '../../../contracts/policy.ts';
import {
  OPEN_STATUSES,
  REQUEST_LIMITS,
  type AreaRequestStats,
  type AssignmentInput,
  type Channel,
  type EventKind,
  type EventVisibility,
  type FormValues,
  type HandlerAction,
  type NewServiceRequest,
  type RatingInput,
  type ReopenInput,
  type RequestAction,
  type RequestAssignees,
  type RequestStatus,
  type ServiceRequestDetail,
  type ServiceRequestStats,
  type ServiceRequestSummary,
  type SupplementInput,
  type TransitionInput,
  type WithdrawInput,
} from '../../../contracts/service-requests.ts';
import type { EffectiveServiceItem } from '../../../contracts/service-catalog.ts';
import { checkFormValues } from '../../../engine/services/form-values.ts';
import { actionsFrom, isOpen, mayRate, reopenRefusal, transition } from '../../../engine/services/request-status.ts';
import { chinaDate, decidedOnTime, nextStage, startOfChinaDay, type Stage } from '../../../engine/services/request-clocks.ts';
import { addCalendarDays } from '../../../engine/calendar/working-days.ts';
import { mayDo, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommunity, findArea } from '../areas/areas.service.ts';
import { ownPerson, type ResidentsDeps } from '../residents/registry-access.ts';
import { loadReadable } from '../residents/persons.service.ts';
import { getEffectiveItem } from './catalog.service.ts';
import { workingCalendar } from './calendar.service.ts';
import { bindMandateToRequest, requireValidMandate } from './mandates.service.ts';
import * as repo from './requests.repository.ts';
import {
  ACCEPTANCE_DAYS,
  bool,
  clocksOf,
  formValuesOf,
  materialLines,
  materialsOf,
  pausesOf,
  requestNumber,
  runningClock,
  toAttachment,
  toClocks,
  toEvent,
  toSummary,
  unitOf,
  type ClockSettings,
  type StoredMaterial,
} from './requests.schema.ts';
import { cleanFileName, sniffAttachmentType, type AttachmentStorage } from './requests-attachments.ts';

// ---- dependencies and settings ----

export interface RequestSettings extends ClockSettings {
  attachmentMaxBytes: number;
}

export const DEFAULT_SETTINGS: RequestSettings = {
  warningShare: REQUEST_LIMITS.warningShareDefault,
  escalateAboveAfterDays: 2,
  attachmentMaxBytes: 10 * 1024 * 1024,
};

export interface RequestsDeps {
  readonly db: Db;
  readonly storage: AttachmentStorage;
  readonly settings: RequestSettings;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

// ---- events for other modules ----

/** What a listener hears of each timeline event: the request as it now stands and the event. */
export interface RequestEventNotice {
  readonly request: {
    readonly id: string;
    readonly areaCode: string;
    readonly number: string;
    readonly itemCode: string;
    readonly itemName: string;
    readonly status: RequestStatus;
    readonly unitCode: string;
    readonly applicantPersonId: string | null;
    readonly applicantUserId: string | null;
    readonly submittedByUserId: string | null;
    readonly assigneeUserId: string | null;
    readonly mandateId: string | null;
  };
  readonly event: {
    readonly id: string;
    readonly kind: EventKind;
    readonly at: string;
    readonly from: RequestStatus | null;
    readonly to: RequestStatus | null;
    readonly visibility: EventVisibility;
    readonly note: string | null;
    readonly actorUserId: string | null;
    readonly details: Record<string, unknown> | null;
  };
}

/** Runs inside the transaction that writes the event: a listener that throws undoes the write. */
export type RequestEventListener = (trx: Db, notice: RequestEventNotice) => Promise<void>;
const listeners: RequestEventListener[] = [];

/** Registers a listener of every request event (the agency writes notifications with it). */
export function onRequestEvent(listener: RequestEventListener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

interface EventDraft {
  kind: EventKind;
  from?: RequestStatus | null;
  to?: RequestStatus | null;
  note?: string | null;
  visibility?: EventVisibility;
  details?: Record<string, unknown> | null;
}

interface EventActor {
  userId: string | null;
  name: string | null;
  role: string | null;
}

const actorOf = (actor: Actor): EventActor => ({ userId: actor.userId, name: actor.username, role: actor.role });

/** Inserts the events and tells the listeners, in the caller's transaction. */
export async function writeEvents(trx: Db, row: repo.RequestRow, by: EventActor, drafts: EventDraft[], at: string): Promise<void> {
  const rows = drafts.map((d) => ({
    area_code: row.area_code,
    id: newId(),
    request_id: row.id,
    kind: d.kind,
    at,
    from_status: d.from ?? null,
    to_status: d.to ?? null,
    actor_user_id: by.userId,
    actor_name: by.name,
    actor_role: by.role,
    note: d.note ?? null,
    visibility: d.visibility ?? 'public',
    details: d.details ? JSON.stringify(d.details) : null,
  }));
  await repo.insertEvents(trx, rows);
  for (const [i, event] of rows.entries()) {
    const notice: RequestEventNotice = {
      request: {
        id: row.id,
        areaCode: row.area_code,
        number: row.number,
        itemCode: row.item_code,
        itemName: row.item_name,
        status: row.status as RequestStatus,
        unitCode: row.unit_code,
        applicantPersonId: row.applicant_person_id,
        applicantUserId: row.applicant_user_id,
        submittedByUserId: row.submitted_by_user_id,
        assigneeUserId: row.assignee_user_id,
        mandateId: row.mandate_id,
      },
      event: {
        id: event.id,
        kind: event.kind,
        at,
        from: event.from_status as RequestStatus | null,
        to: event.to_status as RequestStatus | null,
        visibility: event.visibility as EventVisibility,
        note: event.note,
        actorUserId: event.actor_user_id,
        details: drafts[i]!.details ?? null,
      },
    };
    for (const listener of listeners) await listener(trx, notice);
  }
}

/** Runs `work` in a transaction, or in the caller's when `db` already is one (the agency files inside its own). */
async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

// ---- small rules ----

const nowIso = () => new Date().toISOString();

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function throwProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code);
  throw invalidFields(problems);
}

function formProblems(item: EffectiveServiceItem, values: FormValues): { problems: FieldProblem[]; values: FormValues } {
  const check = checkFormValues(item.fields, values);
  return {
    problems: check.problems.map((p) => ({ field: `formValues.${p.field}`, code: p.code, problem: p.problem })),
    values: check.values,
  };
}

function materialProblems(item: EffectiveServiceItem, materials: readonly { material: string }[]): FieldProblem[] {
  const keys = new Set(item.materials.map((m) => m.key));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  materials.forEach((m, i) => {
    if (!keys.has(m.material)) problems.push({ field: `materials.${i}.material`, code: 'unknown_reference', problem: `${m.material} is not a material of item ${item.code}` });
    else if (seen.has(m.material)) problems.push({ field: `materials.${i}.material`, code: 'duplicate', problem: `${m.material} is listed twice` });
    seen.add(m.material);
  });
  return problems;
}

function mergeMaterials(stored: StoredMaterial[], changes: readonly { material: string; received: boolean }[] | undefined): StoredMaterial[] {
  if (!changes) return stored;
  const byKey = new Map(stored.map((m) => [m.material, m.received]));
  for (const c of changes) byKey.set(c.material, c.received);
  return [...byKey].map(([material, received]) => ({ material, received }));
}

/** The residents module's person reader; it reads only the database (the cipher serves numbers we never ask for). */
const registryOf = (db: Db): ResidentsDeps => ({ handle: { db } }) as unknown as ResidentsDeps;

async function ownPersonOrNull(db: Db, actor: Actor): Promise<{ id: string; area_code: string; name: string } | null> {
  try {
    return await ownPerson(db, actor);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 403) return null;
    throw e;
  }
}

// ---- access to one request ----

/** Whether the actor is on the applicant's side of this request (the applicant, their agent, the worker who filed it). */
async function isApplicantSide(db: Db, actor: Actor, row: repo.RequestRow): Promise<boolean> {
  if (actor.role === 'resident') {
    if (row.applicant_user_id === actor.userId) return true;
    const own = await ownPersonOrNull(db, actor);
    return own !== null && own.id === row.applicant_person_id;
  }
  if (actor.role === 'agent') {
    if (row.submitted_by_user_id === actor.userId) return true;
    if (row.applicant_person_id === null) return false;
    try {
      await requireValidMandate(db, { agentUserId: actor.userId, principalPersonId: row.applicant_person_id, itemCode: row.item_code, requestId: row.id });
      return true;
    } catch {
      return false;
    }
  }
  return isWithinScope(row.area_code, actor.scope);
}

/**
 * The request, when the actor may reach it: 404 when there is none or it is not theirs to see (a
 * resident's or agent's view of another's request), 403 when it lies outside a staff member's scope.
 */
async function loadReachable(db: Db, actor: Actor, id: string): Promise<repo.RequestRowWithNames> {
  const row = await repo.findRequest(db, id);
  if (!row) throw notFound('Service request', id);
  if (actor.role === 'resident' || actor.role === 'agent') {
    requireScope(actor, row.area_code);
    if (!(await isApplicantSide(db, actor, row))) throw notFound('Service request', id);
    return row;
  }
  if (!isWithinScope(row.area_code, actor.scope) && !isWithinScope(row.unit_code, actor.scope)) requireScope(actor, row.area_code);
  return row;
}

/** The deciding unit's staff: the unit (or the applicant's community) lies in their scope. */
function requireHandlerScope(actor: Actor, row: repo.RequestRow): void {
  if (isWithinScope(row.unit_code, actor.scope) || isWithinScope(row.area_code, actor.scope)) return;
  requireScope(actor, row.unit_code);
}

/** For a route's preValidation: 404/403 for a request the actor may not reach, before its body is read. */
export async function requireRequestAccess(db: Db, ctx: RequestContext, id: string, action: 'serviceRequests.read' | 'serviceRequests.file' | 'serviceRequests.handle'): Promise<void> {
  const actor = requirePermission(ctx, action);
  if (action === 'serviceRequests.handle') {
    const row = await repo.findRequest(db, id);
    if (!row) throw notFound('Service request', id);
    requireHandlerScope(actor, row);
    return;
  }
  await loadReachable(db, actor, id);
}

// ---- reading ----

async function detailOf(deps: Pick<RequestsDeps, 'db' | 'settings'>, actor: Actor, row: repo.RequestRowWithNames, now = nowIso()): Promise<ServiceRequestDetail> {
  const db = deps.db;
  const applicantView = actor.role === 'resident' || actor.role === 'agent';
  const [events, attachments, cal, item] = await Promise.all([
    repo.eventsOf(db, row.area_code, row.id, applicantView),
    repo.attachmentsOf(db, row.area_code, row.id),
    workingCalendar(db, row.unit_code),
    getEffectiveItem(db, row.item_code, row.area_code).catch(() => null),
  ]);
  const clocks = clocksOf(cal, row, now, deps.settings);
  const status = row.status as RequestStatus;
  const allowed: RequestAction[] = [];
  if (mayDo(actor, 'serviceRequests.handle') && (isWithinScope(row.unit_code, actor.scope) || isWithinScope(row.area_code, actor.scope))) allowed.push(...actionsFrom(status, 'handler'));
  if (mayDo(actor, 'serviceRequests.file') && (await isApplicantSide(db, actor, row))) {
    for (const action of actionsFrom(status, 'applicant')) {
      if (action !== 'reopen' || reopenRefusalOf(row, now) === null) allowed.push(action);
    }
  }
  const storedMaterials = materialsOf(row);
  const lines = item
    ? materialLines(item.materials, storedMaterials, attachments)
    : storedMaterials.map((m) => ({ material: m.material, name: m.material, required: false, received: m.received, attachmentIds: attachments.filter((a) => a.material === m.material).map((a) => a.id) }));
  const actions: string[] = [...allowed];
  if (mayRate(status, row.rating_score !== null) && (actor.role === 'resident' || actor.role === 'agent') && (await isApplicantSide(db, actor, row))) actions.push('rate');
  return {
    ...toSummary(row, { maskApplicant: actor.role === 'socialWorker' }),
    applicantPersonId: row.applicant_person_id,
    submittedBy: row.submitted_by_name,
    submittedByRole: row.submitted_by_role,
    mandateId: row.mandate_id,
    formValues: formValuesOf(row),
    materials: lines,
    attachments: attachments.map(toAttachment),
    decisionReason: row.decision_reason,
    notAcceptedReason: row.not_accepted_reason,
    duplicateOf: row.duplicate_of,
    clocks: toClocks(cal, clocks, row),
    events: events.map(toEvent),
    rating: row.rating_score === null ? null : { score: row.rating_score, comment: row.rating_comment, byAgent: bool(row.rating_by_agent), at: row.rated_at! },
    reopenedAt: row.reopened_at,
    mayReopenUntil: row.status === 'closed' && row.closed_at && row.reopened_at === null ? new Date(Date.parse(row.closed_at) + REQUEST_LIMITS.reopenDays * 86_400_000).toISOString() : null,
    allowedActions: actions,
    version: row.version,
  };
}

export async function getRequest(deps: RequestsDeps, ctx: RequestContext, id: string): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.read');
  return detailOf(deps, actor, await loadReachable(deps.db, actor, id));
}

export interface RequestListQuery {
  area?: string;
  status?: RequestStatus;
  open?: boolean;
  itemCode?: string;
  standing?: 'onTime' | 'warning' | 'overdue';
  applicantPersonId?: string;
  channel?: Channel;
  /** Submitted within [from, to], ISO instants, both ends included (the Open311 face's date span). */
  submitted?: { from: string; to: string };
  limit?: number;
  cursor?: string;
}

export async function listRequests(deps: RequestsDeps, ctx: RequestContext, q: RequestListQuery): Promise<PageOf<ServiceRequestSummary>> {
  const actor = requirePermission(ctx, 'serviceRequests.read');
  const scope = scopedArea(actor, q.area);
  const filter: repo.RequestFilter = {
    scope,
    status: q.status,
    open: q.open,
    itemCode: q.itemCode,
    channel: q.channel,
    applicantPersonId: q.applicantPersonId,
    submitted: q.submitted,
    standing: q.standing ? { kind: q.standing, now: nowIso() } : undefined,
  };
  if (actor.role === 'resident') filter.own = { userId: actor.userId, personId: (await ownPersonOrNull(deps.db, actor))?.id ?? null };
  if (actor.role === 'agent') filter.submittedBy = actor.userId;
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['isoDateTime', 'uuid']) as [string, string] | undefined;
  const { rows, total } = await repo.listRequests(deps.db, filter, { limit, after });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toSummary(r, { maskApplicant: actor.role === 'socialWorker' })),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([last.submitted_at, last.id]) : null,
  };
}

export interface QueueQuery {
  unit?: string;
  assignee?: string;
  standing?: 'onTime' | 'warning' | 'overdue';
  limit?: number;
  cursor?: string;
}

export async function unitQueue(deps: RequestsDeps, ctx: RequestContext, q: QueueQuery): Promise<PageOf<ServiceRequestSummary>> {
  const actor = requirePermission(ctx, 'serviceRequests.handle');
  const unit = scopedArea(actor, q.unit, 'unit');
  const assignee = q.assignee === undefined ? undefined : q.assignee === 'me' ? actor.userId : q.assignee === 'none' ? null : q.assignee;
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['isoDateTime', 'uuid']) as [string, string] | undefined;
  const { rows, total } = await repo.queue(deps.db, { unit, assignee, stage: q.standing }, { limit, after });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toSummary(r, { maskApplicant: false, queueUnit: unit })),
    total,
    nextCursor: rows.length === limit && last?.due_at ? encodeCursor([last.due_at, last.id]) : null,
  };
}

// ---- filing ----

export interface FileOptions {
  /** The client's Idempotency-Key: a retry with the same key and body answers the first request. */
  idempotencyKey?: string;
  settings?: Partial<RequestSettings>;
  /** The filing's instant (the demo's generated history); default now. */
  now?: string;
}

interface Applicant {
  personId: string | null;
  userId: string | null;
  name: string;
  communityCode: string;
  mandateId: string | null;
}

async function applicantOf(db: Db, actor: Actor, input: NewServiceRequest, on: string): Promise<Applicant> {
  if (actor.role === 'resident') {
    const own = await ownPersonOrNull(db, actor);
    if (input.applicantPersonId !== undefined && input.applicantPersonId !== own?.id) {
      throw forbidden('Residents file requests for themselves only', { reason: 'ownRequests' });
    }
    const community = input.communityCode ?? own?.area_code ?? (actor.scope.length === 12 ? actor.scope : undefined);
    if (!community) throw invalidField('communityCode', 'is required: your account is linked to no registry record', 'required');
    return { personId: own?.id ?? null, userId: actor.userId, name: own?.name ?? actor.username, communityCode: community, mandateId: null };
  }
  if (input.applicantPersonId === undefined) throw invalidField('applicantPersonId', 'is required when you file for someone else', 'required');
  if (actor.role === 'agent') {
    const mandate = await requireValidMandate(db, { agentUserId: actor.userId, principalPersonId: input.applicantPersonId, itemCode: input.itemCode, mandateId: input.mandateId, on });
    return { personId: mandate.principal.personId, userId: null, name: mandate.principal.name, communityCode: input.communityCode ?? mandate.areaCode, mandateId: mandate.id };
  }
  const person = await loadReadable(registryOf(db), actor, input.applicantPersonId);
  return { personId: person.id, userId: person.user_id, name: person.name, communityCode: input.communityCode ?? person.area_code, mandateId: null };
}

/** The channel a filing came by: what the client says, else what the filer's role implies. */
function channelOf(actor: Actor, asked: Channel | undefined): Channel {
  if (asked) return asked;
  return actor.role === 'resident' ? 'online' : actor.role === 'agent' ? 'agent' : 'window';
}

/**
 * Files a request. Exported for the agency, which files on a principal's behalf under a mandate
 * (an agent's filing checks the mandate here; pass the agency's transaction as `db` to file
 * inside it). Throws the API's errors (400 naming fields, 403, 404, 409).
 */
export async function fileRequest(db: Db, ctx: RequestContext, input: NewServiceRequest, options: FileOptions = {}): Promise<{ detail: ServiceRequestDetail; replayed: boolean }> {
  const actor = requirePermission(ctx, 'serviceRequests.file');
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const key = options.idempotencyKey;
  const bodyHash = createHash('sha256').update(canonical(input)).digest('hex');
  if (key !== undefined) {
    const replay = await replayOf(db, actor, key, bodyHash, settings);
    if (replay) return { detail: replay, replayed: true };
  }
  const now = options.now ?? nowIso();
  const applicant = await applicantOf(db, actor, input, chinaDate(now));
  if (input.communityCode !== undefined) {
    const found = await findCommunity(db, input.communityCode);
    if (!found.area) throw invalidField('communityCode', found.problem ?? 'is not a community', 'unknown_reference');
  }
  requireScope(actor, applicant.communityCode);
  const item = await getEffectiveItem(db, input.itemCode, applicant.communityCode);
  const channel = channelOf(actor, input.channel);
  const problems: FieldProblem[] = [];
  if (!item.channels.includes(channel)) problems.push({ field: 'channel', code: 'not_allowed', problem: `${channel} is not a channel of item ${item.code} (${item.channels.join(', ')})` });
  if (channel === 'agent' && !item.agencyAllowed) problems.push({ field: 'channel', code: 'not_allowed', problem: `item ${item.code} does not allow entrusted agency` });
  if (channel === 'online' && actor.role !== 'resident') problems.push({ field: 'channel', code: 'not_allowed', problem: 'online filings are the applicant’s own' });
  const form = formProblems(item, input.formValues ?? {});
  problems.push(...form.problems, ...materialProblems(item, input.materials ?? []));
  throwProblems(problems);

  const cal = await workingCalendar(db, unitOf(applicant.communityCode, item.decidingLevel));
  const id = newId();
  const row: repo.RequestRow = {
    area_code: applicant.communityCode,
    id,
    number: requestNumber(id, now),
    item_code: item.code,
    item_name: item.name,
    deciding_level: item.decidingLevel,
    unit_code: unitOf(applicant.communityCode, item.decidingLevel),
    channel,
    status: 'submitted',
    outcome: null,
    open: true,
    applicant_person_id: applicant.personId,
    applicant_user_id: applicant.userId,
    applicant_name: applicant.name,
    submitted_by_user_id: actor.userId,
    submitted_by_name: actor.username,
    submitted_by_role: actor.role,
    mandate_id: applicant.mandateId,
    form_values: JSON.stringify(form.values),
    materials: JSON.stringify((input.materials ?? []).map((m) => ({ material: m.material, received: channel === 'online' ? false : m.received }))),
    assignee_user_id: null,
    assignee_name: null,
    acceptance_days: ACCEPTANCE_DAYS,
    committed_days: item.committedDays,
    submitted_at: now,
    arrived_at: now,
    accepted_at: null,
    decided_at: null,
    delivered_at: null,
    closed_at: null,
    pauses: '[]',
    due_at: null,
    stage: 0,
    next_check_at: null,
    decided_on_time: null,
    decision_reason: null,
    not_accepted_reason: null,
    duplicate_of: null,
    rating_score: null,
    rating_comment: null,
    rating_by_agent: null,
    rated_at: null,
    reopened_at: null,
    calendar_fallback: false,
    generated: false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  Object.assign(row, clockColumns(cal, row, now, settings, 'restart'));
  try {
    await inTransaction(db, async (trx) => {
      await repo.insertRequests(trx, [{ ...writable(row), area_code: row.area_code, id: row.id, version: row.version } as repo.NewRequestRow]);
      if (key !== undefined) await repo.insertKey(trx, { user_id: actor.userId, key, body_hash: bodyHash, request_area_code: row.area_code, request_id: row.id, created_at: now });
      if (applicant.mandateId) await bindMandateToRequest(trx, applicant.mandateId, row.id);
      await writeEvents(trx, row, actorOf(actor), [{ kind: 'submitted', to: 'submitted', note: input.note ?? null, details: { channel, unitCode: row.unit_code } }], now);
      await recordAudit(trx, ctx, { action: 'request.create', areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { itemCode: row.item_code, channel, unitCode: row.unit_code, mandateId: row.mandate_id } });
    });
  } catch (e) {
    // Two retries racing: the second one's key collides; answer what the first one made.
    if (key !== undefined && isUniqueViolation(e)) {
      const replay = await replayOf(db, actor, key, bodyHash, settings);
      if (replay) return { detail: replay, replayed: true };
    }
    throw e;
  }
  if (!db.isTransaction) recordsChanged(db, 'services');
  const stored = await repo.findRequest(db, row.id);
  return { detail: await detailOf({ db, settings }, actor, stored!, now), replayed: false };
}

async function replayOf(db: Db, actor: Actor, key: string, bodyHash: string, settings: RequestSettings): Promise<ServiceRequestDetail | null> {
  const known = await repo.findKey(db, actor.userId, key);
  if (!known) return null;
  if (known.body_hash !== bodyHash) {
    throw new AppError(409, 'idempotency_key_reused', `Idempotency-Key ${key} was used for another request body`, { requestId: known.request_id });
  }
  const row = await repo.findRequest(db, known.request_id);
  if (!row) return null;
  return detailOf({ db, settings }, actor, row);
}

/**
 * The clock columns after a change: `restart` starts the running clock afresh (filing, acceptance,
 * transfer, reopening), `resume` keeps the stage reached (补正 answered), `pause` and `stop` take
 * the request off the sweep.
 */
function clockColumns(cal: Awaited<ReturnType<typeof workingCalendar>>, row: repo.RequestRow, now: string, settings: ClockSettings, mode: 'restart' | 'resume' | 'pause' | 'stop'): Pick<repo.RequestRow, 'due_at' | 'stage' | 'next_check_at' | 'calendar_fallback'> {
  const clocks = clocksOf(cal, row, now, settings);
  const running = runningClock(clocks);
  const fallback = bool(row.calendar_fallback) || running.assumedYears.length > 0;
  if (mode === 'stop') return { due_at: row.due_at, stage: row.stage, next_check_at: null, calendar_fallback: fallback };
  if (mode === 'pause') return { due_at: running.dueAt ?? row.due_at, stage: row.stage, next_check_at: null, calendar_fallback: fallback };
  const stage = (mode === 'restart' ? 0 : row.stage) as Stage;
  const next = nextStage(cal, stage, running, settings.escalateAboveAfterDays);
  return { due_at: running.dueAt, stage, next_check_at: next?.at ?? null, calendar_fallback: fallback };
}

/** A row's changed columns as the database takes them (flags as booleans). */
function writable(row: repo.RequestRow): repo.RequestUpdate {
  const { area_code: _area, id: _id, version: _version, ...changes } = row;
  const flag = (v: boolean | number | null) => (v === null ? null : bool(v));
  return {
    ...changes,
    open: bool(row.open),
    decided_on_time: flag(row.decided_on_time),
    rating_by_agent: flag(row.rating_by_agent),
    calendar_fallback: bool(row.calendar_fallback),
    generated: bool(row.generated),
  };
}

// ---- the deciding unit's steps ----

function transitionRefused(status: RequestStatus, action: RequestAction): AppError {
  const verdict = transition(status, action);
  const to = verdict.allowed ? verdict.to : undefined;
  const target = { accept: 'accepted', notAccept: 'notAccepted', start: 'inProgress', requestSupplement: 'awaitingSupplement', decide: 'decided', deliver: 'delivered', close: 'closed', transfer: 'transferred', markDuplicate: 'duplicate', supplement: 'inProgress', withdraw: 'withdrawn', reopen: 'inProgress' }[action];
  return new AppError(409, 'invalid_transition', `Cannot ${action} a request that is ${status} (it would become ${to ?? target})`, {
    from: status,
    to: target,
    action,
    allowedFrom: verdict.allowed ? [] : verdict.allowedFrom,
  });
}

function requireReason(input: { reason?: string }, action: string): string {
  if (!input.reason || input.reason.trim() === '') throw invalidField('reason', `is required to ${action}`, 'required');
  return input.reason.trim();
}

export async function transitionRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: TransitionInput): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.handle');
  const db = deps.db;
  const found = await repo.findRequest(db, id);
  if (!found) throw notFound('Service request', id);
  requireHandlerScope(actor, found);
  const now = nowIso();
  const action: HandlerAction = input.action;
  // Checks that need no lock: the fields each step requires.
  const extra: Partial<repo.RequestRow> = {};
  let toUnitName: string | null = null;
  if (action === 'notAccept') extra.not_accepted_reason = requireReason(input, 'refuse a request');
  if (action === 'requestSupplement') requireReason(input, 'ask for a supplement (say what is missing)');
  if (action === 'decide') {
    if (!input.outcome) throw invalidField('outcome', 'is required to decide (approved or denied)', 'required');
    extra.outcome = input.outcome;
    extra.decision_reason = input.outcome === 'denied' ? requireReason(input, 'deny a request') : (input.reason ?? null);
  }
  if (action === 'transfer') {
    if (!input.toUnit) throw invalidField('toUnit', 'is required to transfer', 'required');
    const unit = normalizeAreaCode(input.toUnit);
    const area = unit ? await findArea(db, unit) : undefined;
    if (!unit || !area || ![3, 4, 5].includes(area.level)) throw invalidField('toUnit', `${input.toUnit} is not a county, township or community`, 'unknown_reference');
    if (unit === found.unit_code) throw invalidField('toUnit', 'is the unit that holds the request already', 'inconsistent');
    requireReason(input, 'transfer a request');
    extra.unit_code = unit;
    toUnitName = area.name;
  }
  if (action === 'markDuplicate') {
    if (!input.duplicateOf) throw invalidField('duplicateOf', 'is required to mark a duplicate', 'required');
    if (input.duplicateOf === id) throw invalidField('duplicateOf', 'is the request itself', 'inconsistent');
    const original = await repo.findRequest(db, input.duplicateOf);
    if (!original || original.area_code !== found.area_code) throw invalidField('duplicateOf', `${input.duplicateOf} is no request of the same community`, 'unknown_reference');
    extra.duplicate_of = original.id;
  }
  const item = action === 'accept' ? await getEffectiveItem(db, found.item_code, found.area_code).catch(() => null) : null;
  if (input.materials && item) throwProblems(materialProblems(item, input.materials));
  const cal = await workingCalendar(db, extra.unit_code ?? found.unit_code);

  const updated = await db.transaction().execute(async (trx) => {
    const row = await repo.lockRequest(trx, found.area_code, id);
    if (!row) throw notFound('Service request', id);
    if (input.version !== undefined && input.version !== row.version) {
      throw conflict(`Service request ${id} has changed since you read it (version ${input.version}, now ${row.version})`, { currentVersion: row.version });
    }
    const status = row.status as RequestStatus;
    const verdict = transition(status, action);
    if (!verdict.allowed) throw transitionRefused(status, action);
    const next: repo.RequestRow = { ...row, ...extra, status: verdict.to, open: isOpen(verdict.to), updated_at: now };
    let mode: 'restart' | 'resume' | 'pause' | 'stop';
    switch (action) {
      case 'accept': {
        const materials = mergeMaterials(materialsOf(row), input.materials);
        if (item) {
          const attachments = await repo.attachmentsOf(trx, row.area_code, row.id);
          const missing = item.materials.filter((m) => m.required && !materials.some((s) => s.material === m.key && s.received) && !attachments.some((a) => a.material === m.key));
          if (missing.length) {
            throw invalidFields(missing.map((m) => ({ field: `materials.${m.key}`, code: 'required' as const, problem: `${m.name} (${m.key}) is required at acceptance: tick it as received or attach it` })));
          }
        }
        next.materials = JSON.stringify(materials);
        next.accepted_at = now;
        next.pauses = '[]';
        mode = 'restart';
        break;
      }
      case 'requestSupplement':
        next.pauses = JSON.stringify([...pausesOf(row), { from: now, to: null }]);
        mode = 'pause';
        break;
      case 'decide':
        next.decided_at = now;
        mode = 'stop';
        break;
      case 'deliver':
        next.delivered_at = now;
        mode = 'stop';
        break;
      case 'transfer':
        next.arrived_at = now;
        next.accepted_at = null;
        next.pauses = '[]';
        next.assignee_user_id = null;
        next.assignee_name = null;
        mode = 'restart';
        break;
      case 'start':
        mode = 'resume';
        break;
      default:
        mode = 'stop';
    }
    if (!next.open) next.closed_at = now;
    Object.assign(next, clockColumns(cal, next, now, deps.settings, mode));
    if (action === 'decide') {
      const processing = clocksOf(cal, next, now, deps.settings).processing;
      next.decided_on_time = decidedOnTime(processing);
    }
    if (!(await repo.updateRequest(trx, row.area_code, row.id, row.version, writable(next)))) throw conflict(`Service request ${id} changed while you were saving; reload and try again`);
    next.version = row.version + 1;
    const reason = input.reason?.trim() ?? null;
    await writeEvents(trx, next, actorOf(actor), [{
      kind: action,
      from: status,
      to: verdict.to,
      note: input.note ?? reason,
      visibility: input.visibility ?? 'public',
      details: {
        ...(reason ? { reason } : {}),
        ...(action === 'decide' ? { outcome: next.outcome, onTime: next.decided_on_time } : {}),
        ...(action === 'transfer' ? { fromUnit: row.unit_code, toUnit: next.unit_code, toUnitName } : {}),
        ...(action === 'markDuplicate' ? { duplicateOf: next.duplicate_of } : {}),
      },
    }], now);
    await recordAudit(trx, ctx, { action: `request.${action}`, areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { from: status, to: verdict.to } });
    return next;
  });
  recordsChanged(db, 'services');
  return detailOf(deps, actor, { ...updated, community_name: found.community_name, unit_name: toUnitName ?? found.unit_name });
}

export async function assignRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: AssignmentInput): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.handle');
  const db = deps.db;
  const found = await repo.findRequest(db, id);
  if (!found) throw notFound('Service request', id);
  requireHandlerScope(actor, found);
  if (!isOpen(found.status as RequestStatus)) throw transitionRefused(found.status as RequestStatus, 'start');
  let assignee: { id: string; name: string } | null = null;
  if (input.assigneeId !== null) {
    const user = await repo.findUser(db, input.assigneeId);
    const handles = user && (POLICY['serviceRequests.handle'].roles as readonly string[]).includes(user.role) && !bool(user.locked);
    if (!user || !handles) throw invalidField('assigneeId', `${input.assigneeId} is no active handler`, 'unknown_reference');
    if (!isWithinScope(found.unit_code, user.scope_code) && !isWithinScope(found.area_code, user.scope_code)) throw invalidField('assigneeId', `${user.username} does not work for unit ${found.unit_code}`, 'not_in_scope');
    assignee = { id: user.id, name: user.display_name || user.username };
  }
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockRequest(trx, found.area_code, id);
    if (!row) throw notFound('Service request', id);
    const changes = { assignee_user_id: assignee?.id ?? null, assignee_name: assignee?.name ?? null, updated_at: now };
    if (!(await repo.updateRequest(trx, row.area_code, row.id, row.version, changes))) throw conflict(`Service request ${id} changed while you were saving; reload and try again`);
    await writeEvents(trx, { ...row, ...changes }, actorOf(actor), [{ kind: 'assigned', note: input.note ?? null, visibility: 'internal', details: { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null } }], now);
    await recordAudit(trx, ctx, { action: 'request.assign', areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { assigneeId: assignee?.id ?? null } });
  });
  return getRequest(deps, ctx, id);
}

/**
 * Who a request can be assigned to: active users whose role may handle requests (POLICY) and whose
 * scope holds the request (the deciding unit or the applicant's community, as `assignRequest`
 * accepts), the narrowest scopes first.
 */
export async function listAssignees(deps: RequestsDeps, ctx: RequestContext, id: string): Promise<RequestAssignees> {
  const actor = requirePermission(ctx, 'serviceRequests.handle');
  const found = await repo.findRequest(deps.db, id);
  if (!found) throw notFound('Service request', id);
  requireHandlerScope(actor, found);
  const scopes = Array.from({ length: found.area_code.length + 1 }, (_, n) => found.area_code.slice(0, n));
  const users = await repo.assignableUsers(deps.db, scopes, POLICY['serviceRequests.handle'].roles);
  return { items: users.map((u) => ({ id: u.id, name: u.display_name || u.username, username: u.username, role: u.role, scopeCode: u.scope_code })) };
}

// ---- the applicant's side ----

async function loadApplicantSide(db: Db, actor: Actor, id: string): Promise<repo.RequestRowWithNames> {
  const row = await loadReachable(db, actor, id);
  if (!(await isApplicantSide(db, actor, row))) throw notFound('Service request', id);
  return row;
}

async function applicantStep(
  deps: RequestsDeps,
  ctx: RequestContext,
  id: string,
  action: 'supplement' | 'withdraw' | 'reopen',
  note: string | null,
  change: (trx: Db, row: repo.RequestRow, now: string) => Promise<Partial<repo.RequestRow>> | Partial<repo.RequestRow>,
  mode: 'restart' | 'resume' | 'stop',
): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.file');
  const found = await loadApplicantSide(deps.db, actor, id);
  const cal = await workingCalendar(deps.db, found.unit_code);
  const now = nowIso();
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockRequest(trx, found.area_code, id);
    if (!row) throw notFound('Service request', id);
    const status = row.status as RequestStatus;
    const verdict = transition(status, action);
    if (!verdict.allowed) throw transitionRefused(status, action);
    const next: repo.RequestRow = { ...row, ...(await change(trx, row, now)), status: verdict.to, open: isOpen(verdict.to), updated_at: now };
    if (!next.open) next.closed_at = now;
    Object.assign(next, clockColumns(cal, next, now, deps.settings, mode));
    if (!(await repo.updateRequest(trx, row.area_code, row.id, row.version, writable(next)))) throw conflict(`Service request ${id} changed while you were saving; reload and try again`);
    next.version = row.version + 1;
    await writeEvents(trx, next, actorOf(actor), [{ kind: action, from: status, to: verdict.to, note, details: actor.role === 'agent' ? { byAgent: true } : null }], now);
    await recordAudit(trx, ctx, { action: `request.${action}`, areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { from: status, to: verdict.to } });
    return next;
  });
  recordsChanged(deps.db, 'services');
  return detailOf(deps, actor, { ...updated, community_name: found.community_name, unit_name: found.unit_name });
}

export async function supplementRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: SupplementInput): Promise<ServiceRequestDetail> {
  return applicantStep(deps, ctx, id, 'supplement', input.note ?? null, async (trx, row, now) => {
    const changes: Partial<repo.RequestRow> = {};
    if (input.formValues !== undefined || input.materials !== undefined) {
      const item = await getEffectiveItem(trx, row.item_code, row.area_code);
      const problems: FieldProblem[] = [];
      if (input.formValues !== undefined) {
        const form = formProblems(item, { ...formValuesOf(row), ...input.formValues });
        problems.push(...form.problems);
        changes.form_values = JSON.stringify(form.values);
      }
      if (input.materials !== undefined) {
        problems.push(...materialProblems(item, input.materials));
        changes.materials = JSON.stringify(mergeMaterials(materialsOf(row), input.materials));
      }
      throwProblems(problems);
    }
    const pauses = pausesOf(row).map((p) => (p.to === null ? { ...p, to: now } : p));
    changes.pauses = JSON.stringify(pauses);
    return changes;
  }, 'resume');
}

export async function withdrawRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: WithdrawInput): Promise<ServiceRequestDetail> {
  return applicantStep(deps, ctx, id, 'withdraw', input.note ?? null, () => ({}), 'stop');
}

function reopenRefusalOf(row: repo.RequestRow, now: string) {
  return reopenRefusal({
    status: row.status as RequestStatus,
    ratingScore: row.rating_score,
    closedAt: row.closed_at,
    reopenedBefore: row.reopened_at !== null,
    now,
    windowDays: REQUEST_LIMITS.reopenDays,
    dissatisfiedAtMost: REQUEST_LIMITS.dissatisfiedAtMost,
  });
}

export async function reopenRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: ReopenInput): Promise<ServiceRequestDetail> {
  return applicantStep(deps, ctx, id, 'reopen', input.note, (_trx, row, now) => {
    const refusal = reopenRefusalOf(row, now);
    if (refusal === 'status') throw transitionRefused(row.status as RequestStatus, 'reopen');
    if (refusal !== null) {
      const sentence = {
        notRated: 'rate the result first: a request is reopened when the rating is dissatisfied',
        satisfied: `only a dissatisfied rating (${REQUEST_LIMITS.dissatisfiedAtMost} or less) reopens a request`,
        tooLate: `a request may be reopened within ${REQUEST_LIMITS.reopenDays} days of closure`,
        alreadyReopened: 'a request is reopened once only',
      }[refusal];
      throw new AppError(409, 'reopen_refused', sentence, { reason: refusal });
    }
    // The reopened request is accepted again now: its processing clock starts afresh.
    return { reopened_at: now, accepted_at: now, decided_at: null, delivered_at: null, closed_at: null, decided_on_time: null, outcome: null, pauses: '[]' };
  }, 'restart');
}

export async function rateRequest(deps: RequestsDeps, ctx: RequestContext, id: string, input: RatingInput): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.file');
  const found = await loadApplicantSide(deps.db, actor, id);
  if (actor.role !== 'resident' && actor.role !== 'agent') throw forbidden('The applicant rates the service (or their agent for them)', { reason: 'applicantOnly' });
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockRequest(trx, found.area_code, id);
    if (!row) throw notFound('Service request', id);
    if (!mayRate(row.status as RequestStatus, row.rating_score !== null)) {
      throw new AppError(409, row.rating_score !== null ? 'already_rated' : 'invalid_transition', row.rating_score !== null ? 'The request has been rated already' : `A request is rated after closure; this one is ${row.status}`, { from: row.status });
    }
    const changes = { rating_score: input.score, rating_comment: input.comment?.trim() || null, rating_by_agent: actor.role === 'agent', rated_at: now, updated_at: now };
    if (!(await repo.updateRequest(trx, row.area_code, row.id, row.version, changes))) throw conflict(`Service request ${id} changed while you were saving; reload and try again`);
    await writeEvents(trx, { ...row, ...changes }, actorOf(actor), [{ kind: 'rated', note: changes.rating_comment, details: { score: input.score, byAgent: actor.role === 'agent' } }], now);
    await recordAudit(trx, ctx, { action: 'request.rate', areaCode: row.area_code, targetType: 'request', targetId: row.id, details: { score: input.score } });
  });
  recordsChanged(deps.db, 'services');
  return getRequest(deps, ctx, id);
}

// ---- attachments ----

export async function addAttachment(deps: RequestsDeps, ctx: RequestContext, id: string, file: { bytes: Buffer; material?: string; fileName?: string }): Promise<ServiceRequestDetail> {
  const actor = requirePermission(ctx, 'serviceRequests.file');
  const found = await loadApplicantSide(deps.db, actor, id);
  if (!['submitted', 'transferred', 'accepted', 'inProgress', 'awaitingSupplement'].includes(found.status)) {
    throw new AppError(409, 'invalid_transition', `Files are attached to an open request before its decision; this one is ${found.status}`, { from: found.status });
  }
  if (file.bytes.length === 0) throw invalidField('file', 'is empty', 'required');
  if (file.bytes.length > deps.settings.attachmentMaxBytes) throw invalidField('file', `is ${file.bytes.length} bytes, more than the limit of ${deps.settings.attachmentMaxBytes}`, 'out_of_range');
  const mediaType = await sniffAttachmentType(file.bytes);
  if (!mediaType) throw invalidField('file', 'is not a JPEG, PNG, WebP or HEIC photo or a PDF (judged by its content)', 'not_allowed');
  if (file.material !== undefined) {
    const item = await getEffectiveItem(deps.db, found.item_code, found.area_code);
    if (!item.materials.some((m) => m.key === file.material)) throw invalidField('material', `${file.material} is not a material of item ${found.item_code}`, 'unknown_reference');
  }
  if ((await repo.countAttachments(deps.db, found.area_code, id)) >= REQUEST_LIMITS.attachmentsPerRequestMax) {
    throw invalidField('file', `a request holds at most ${REQUEST_LIMITS.attachmentsPerRequestMax} files`, 'too_long');
  }
  // The bytes first: a stored file no row names is harmless (content-addressed, never listed);
  // a row naming bytes that are missing would not be.
  const sha256 = await deps.storage.put(file.bytes);
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const attachment = {
      area_code: found.area_code,
      id: newId(),
      request_id: id,
      material: file.material ?? null,
      file_name: cleanFileName(file.fileName, mediaType),
      media_type: mediaType,
      size: file.bytes.length,
      sha256,
      uploaded_at: now,
      uploaded_by_user_id: actor.userId,
      uploaded_by_name: actor.username,
    };
    await repo.insertAttachment(trx, attachment);
    await writeEvents(trx, found, actorOf(actor), [{ kind: 'attachmentAdded', details: { attachmentId: attachment.id, material: attachment.material, fileName: attachment.file_name, mediaType } }], now);
    await recordAudit(trx, ctx, { action: 'request.attach', areaCode: found.area_code, targetType: 'request', targetId: id, details: { attachmentId: attachment.id, sha256, size: attachment.size, mediaType } });
  });
  return getRequest(deps, ctx, id);
}

export async function readAttachment(deps: RequestsDeps, ctx: RequestContext, id: string, attachmentId: string): Promise<{ body: Buffer; mediaType: string; fileName: string }> {
  const actor = requirePermission(ctx, 'serviceRequests.read');
  const row = await loadReachable(deps.db, actor, id);
  const attachment = await repo.findAttachment(deps.db, row.area_code, id, attachmentId);
  if (!attachment) throw notFound('Attachment', attachmentId);
  const body = await deps.storage.get(attachment.sha256);
  if (!body) throw notFound('Attachment file', attachmentId);
  await recordAudit(deps.db, ctx, { action: 'request.read_attachment', areaCode: row.area_code, targetType: 'request', targetId: id, details: { attachmentId, sha256: attachment.sha256 } });
  return { body, mediaType: attachment.media_type, fileName: attachment.file_name };
}

// ---- officials' figures ----

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

export async function requestStats(deps: RequestsDeps, ctx: RequestContext, q: { area?: string; from?: string; to?: string }): Promise<ServiceRequestStats> {
  const actor = requirePermission(ctx, 'serviceRequests.stats');
  const area = scopedArea(actor, q.area);
  const today = chinaDate(nowIso());
  const realDate = (field: 'from' | 'to', value: string) => {
    if (Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) throw invalidField(field, 'is not a real date', 'invalid_format');
    return value;
  };
  // `to` is checked before the default `from` is counted back from it (an impossible day would throw there).
  const to = realDate('to', q.to ?? today);
  const from = realDate('from', q.from ?? addCalendarDays(to, -364));
  if (from > to) throw invalidField('from', 'is after to', 'out_of_range');
  const start = startOfChinaDay(from);
  const end = startOfChinaDay(addCalendarDays(to, 1));
  const childLength = CHILD_LENGTH[area.length] ?? 12;
  const [children, totals, byStatus, byChannel, monthly] = await Promise.all([
    repo.countsByPrefix(deps.db, area, childLength, start, end),
    repo.countsByPrefix(deps.db, area, area.length, start, end),
    repo.countsByColumn(deps.db, area, 'status', start, end),
    repo.countsByColumn(deps.db, area, 'channel', start, end),
    repo.monthly(deps.db, area, start, end),
  ]);
  const names = await repo.areaNames(deps.db, [area, ...children.map((c) => c.key)]);
  const toStats = (code: string, c: repo.GroupedCounts | undefined): AreaRequestStats => ({
    areaCode: code,
    areaName: names.get(code) ?? null,
    submitted: c?.submitted ?? 0,
    decided: c?.decided ?? 0,
    decidedOnTime: c?.on_time ?? 0,
    onTimeShare: c && c.decided > 0 ? c.on_time / c.decided : null,
    openOverdue: c?.open_overdue ?? 0,
    openWarning: c?.open_warning ?? 0,
    ratings: c?.ratings ?? 0,
    satisfaction: c && c.ratings > 0 ? c.points / c.ratings : null,
  });
  return {
    area,
    from,
    to,
    total: toStats(area, totals[0]),
    byChild: childLength === area.length ? [] : children.map((c) => toStats(c.key, c)).sort((a, b) => a.areaCode.localeCompare(b.areaCode)),
    byStatus,
    byChannel,
    byMonth: monthly.map((m) => ({ month: m.month, submitted: m.submitted, decided: m.decided, decidedOnTime: m.decided_on_time })),
  };
}

// ---- indicators ----

/** The on-time indicator per community: decided within the committed limit ÷ decided, in the window. */
export async function onTimeCounts(db: Db, window: { from: string; to: string }): Promise<{ numerator: Map<string, number>; denominator: Map<string, number> }> {
  const rows = await repo.decidedByCommunity(db, startOfChinaDay(window.from), startOfChinaDay(window.to));
  return { numerator: new Map(rows.map((r) => [r.area_code, r.on_time])), denominator: new Map(rows.map((r) => [r.area_code, r.decided])) };
}

/** The satisfaction indicator per community: sum of ratings on 0–100 ÷ ratings, in the window. */
export async function satisfactionCounts(db: Db, window: { from: string; to: string }): Promise<{ numerator: Map<string, number>; denominator: Map<string, number> }> {
  const rows = await repo.ratingsByCommunity(db, startOfChinaDay(window.from), startOfChinaDay(window.to));
  return { numerator: new Map(rows.map((r) => [r.area_code, r.points])), denominator: new Map(rows.map((r) => [r.area_code, r.ratings])) };
}

/** Requests submitted per community in the window (the market module's platform coverage reads it). */
export async function submittedCounts(db: Db, window: { from: string; to: string }): Promise<Map<string, number>> {
  const rows = await repo.submittedByCommunity(db, startOfChinaDay(window.from), startOfChinaDay(window.to));
  return new Map(rows.map((r) => [r.area_code, r.submitted]));
}

export { OPEN_STATUSES };
