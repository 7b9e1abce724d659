/**
 * Offline sync (docs/sync.md): devices, the push of commands (each applied exactly once, per-field
 * merge for edits, conflicts kept for a person to resolve), the pull of changes since a checkpoint
 * within the user's scope, with tombstones.
 *
 * The commands are applied through the owning modules' services, with the pushing user's own
 * context, so every rule, scope check and audit entry of those modules holds offline too.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { encodeCursor, decodeCursor, cursorRefused } from '../../db/cursor.ts';
import { mayDo, ownRecordsOnly, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { ResidentsDeps } from '../residents/registry-access.ts';
import { getPerson, loadWritable, personDetail, personsChangedSince, personsInScope, updatePerson } from '../residents/persons.service.ts';
import { nameInitials } from '../residents/name-initials.ts';
import { recordHours } from '../people/volunteers.service.ts';
import { fileRequest, type RequestSettings } from '../services/requests.service.ts';
import { recordVisit } from '../care/visits.service.ts';
import { workerDay } from '../care/cases.service.ts';
import { listVolunteers } from '../people/volunteers.service.ts';
import { listNeeds, raiseNeed, supportNeed } from '../linkage/needs.service.ts';
import { listProjects } from '../linkage/projects.service.ts';
import { addAttendance, listActivities } from '../linkage/activities.service.ts';
import type { DeliveryDeps } from '../linkage/delivery.service.ts';
import { listErrands, recordCustodyStep } from '../services/custody.service.ts';
import { listMandates } from '../services/mandates.service.ts';
import { effectiveCatalog } from '../services/catalog.service.ts';
import { mergeFields, type FieldEdit, type FieldValue } from '../../../engine/sync/merge.ts';
import type { PersonChanges, PersonDetail } from '../../../contracts/residents-api.ts';
import { COMMAND_AWAITS } from '../../../contracts/sync.ts';
import type {
  CommandResult,
  FieldReference,
  ConflictQuery,
  ConflictResolution,
  Device,
  NewDevice,
  PullQuery,
  PullResult,
  PulledPerson,
  PushBody,
  PushResult,
  SyncCommand,
  SyncConflict,
} from '../../../contracts/sync.ts';
import * as repo from './sync.repository.ts';
import { toConflict, toDevice } from './sync.schema.ts';

export interface SyncDeps {
  readonly db: Db;
  readonly residents: ResidentsDeps;
  /**
   * A pull reads changes made at least this long ago, so a transaction still open when the pull
   * ran (its rows stamped earlier, committed later) is never passed over by the checkpoint.
   * Writes here take far less; config `LINLI_SYNC_SETTLE_MS`.
   */
  readonly settleMs: number;
  /** The services module's settings for requests filed offline. */
  readonly requestSettings: Partial<RequestSettings>;
  /** The linkage module's delivery (attendance recorded offline). */
  readonly delivery: DeliveryDeps;
}

/** A command claimed this long ago and never finished was interrupted (the server stopped mid-apply). */
const INTERRUPTED_AFTER_MS = 5 * 60_000;

const nowIso = () => new Date().toISOString();

// ---- devices ----

export async function registerDevice(deps: SyncDeps, ctx: RequestContext, input: NewDevice): Promise<Device> {
  const actor = requirePermission(ctx, 'sync.use');
  const row = { id: newId(), user_id: actor.userId, name: input.name.trim(), created_at: nowIso(), last_contact_at: null, revoked_at: null };
  if (!row.name) throw badRequest('name is empty', [{ field: 'name', problem: 'is empty' }]);
  await repo.insertDevice(deps.db, row);
  await recordAudit(deps.db, ctx, { action: 'sync.device_register', areaCode: actor.scope, targetType: 'device', targetId: row.id, details: { name: row.name } });
  return toDevice(row);
}

export async function listDevices(deps: SyncDeps, ctx: RequestContext): Promise<{ items: Device[] }> {
  const actor = requirePermission(ctx, 'sync.use');
  return { items: (await repo.devicesOf(deps.db, actor.userId)).map(toDevice) };
}

/** Revokes a device: its next push or pull is refused (403 device_revoked) and the app wipes its data. */
export async function revokeDevice(deps: SyncDeps, ctx: RequestContext, id: string): Promise<Device> {
  const actor = requirePermission(ctx, 'sync.revoke');
  const device = await repo.findDevice(deps.db, id);
  if (!device) throw notFound('Device', id);
  if (ownRecordsOnly(actor, 'sync.revoke')) {
    if (device.user_id !== actor.userId) throw forbidden('You may revoke only your own devices', { reason: 'own' });
  } else {
    requireScope(actor, device.user_scope);
  }
  await repo.revokeDevice(deps.db, id, nowIso());
  await recordAudit(deps.db, ctx, { action: 'sync.device_revoke', areaCode: device.user_scope, targetType: 'device', targetId: id });
  return toDevice((await repo.findDevice(deps.db, id))!);
}

/** The actor's own device, not revoked; its contact time is noted. */
async function deviceOf(deps: SyncDeps, actor: Actor, id: string): Promise<repo.DeviceRow> {
  const device = await repo.findDevice(deps.db, id);
  if (!device || device.user_id !== actor.userId) {
    throw new AppError(403, 'device_not_yours', `Device ${id} is not registered to you: register it first`, { deviceId: id, reason: 'device' });
  }
  if (device.revoked_at) throw new AppError(403, 'device_revoked', `Device ${id} was revoked on ${device.revoked_at}: its data must be wiped`, { deviceId: id, reason: 'device' });
  await repo.touchDevice(deps.db, id, nowIso());
  return device;
}

// ---- push ----

export async function push(deps: SyncDeps, ctx: RequestContext, body: PushBody): Promise<PushResult> {
  const actor = requirePermission(ctx, 'sync.use');
  // A command made by another user or on another device is not this device's to send: the whole
  // batch is refused before anything is written.
  for (const command of body.commands) {
    if (command.userId !== actor.userId) throw forbidden(`Command ${command.id} was made by another user`, { commandId: command.id, reason: 'tampered' });
    if (command.deviceId !== body.deviceId) throw forbidden(`Command ${command.id} was made on another device`, { commandId: command.id, reason: 'tampered' });
  }
  const keys = new Set<string>();
  body.commands.forEach((command, i) => {
    const pair = command.kind === 'need.support' ? (['needId', 'needRef'] as const) : command.kind === 'custodyStep.record' ? (['requestId', 'requestRef'] as const) : null;
    if (pair && (pair.filter((f) => (command as Record<string, unknown>)[f] !== undefined).length !== 1)) {
      throw badRequest(`commands.${i} needs exactly one of ${pair[0]} and ${pair[1]}`, [{ field: `commands.${i}.${pair[0]}`, problem: `exactly one of ${pair[0]} and ${pair[1]}` }]);
    }
    if (keys.has(command.idempotencyKey)) throw badRequest(`commands.${i} repeats idempotencyKey ${command.idempotencyKey} within the batch`, [{ field: `commands.${i}.idempotencyKey`, problem: 'is repeated within the batch' }]);
    keys.add(command.idempotencyKey);
  });
  await deviceOf(deps, actor, body.deviceId);
  const results: CommandResult[] = [];
  for (const command of body.commands) results.push(await applyOnce(deps, ctx, actor, command));
  return { results };
}

const RECORD_KINDS: Record<SyncCommand['kind'], string> = {
  'person.update': 'person',
  'volunteerHours.record': 'volunteerHours',
  'serviceRequest.file': 'serviceRequest',
  'careVisit.record': 'careVisit',
  'need.raise': 'need',
  'need.support': 'need',
  'attendance.record': 'activity',
  'custodyStep.record': 'errand',
};

function recordKindOf(command: SyncCommand): string {
  return RECORD_KINDS[command.kind];
}

function stored(row: repo.CommandRow, command: SyncCommand): CommandResult {
  if (row.id !== command.id) {
    return refusal(command, new AppError(409, 'idempotency_key_reused', `idempotencyKey ${command.idempotencyKey} was used by command ${row.id}`));
  }
  // Results stored before `awaiting` existed answer null for it.
  if (row.state === 'done') return { ...({ awaiting: null } as Pick<CommandResult, 'awaiting'>), ...(JSON.parse(row.result!) as CommandResult), replayed: true };
  const interrupted = Date.now() - Date.parse(row.received_at) > INTERRUPTED_AFTER_MS;
  return { id: command.id, status: interrupted ? 'interrupted' : 'inProgress', replayed: true, recordKind: recordKindOf(command), recordId: null, version: null, conflicts: [], error: null, awaiting: null };
}

function refusal(command: SyncCommand, error: AppError): CommandResult {
  return {
    id: command.id,
    status: 'refused',
    replayed: false,
    recordKind: recordKindOf(command),
    recordId: command.kind === 'person.update' ? command.recordId : null,
    version: null,
    conflicts: [],
    error: { status: error.statusCode, code: error.code, message: error.message },
    awaiting: null,
  };
}

/** A command that names a record made by an earlier command of the user's (needRef, requestRef), not yet applied: ask again. */
const REFERENCE_PENDING = 'reference_pending';

/**
 * The record an earlier command of this user made, by that command's idempotency key: the device
 * filed it offline, so it did not know its id. Refused when that command was refused.
 */
async function referenced(deps: SyncDeps, actor: Actor, key: string, field: string): Promise<string> {
  const row = await repo.findCommand(deps.db, actor.userId, key);
  if (!row) throw new AppError(409, REFERENCE_PENDING, `${field}: no command with idempotencyKey ${key} has reached the server yet`);
  if (row.state !== 'done') throw new AppError(409, REFERENCE_PENDING, `${field}: command ${row.id} is still being applied`);
  const result = JSON.parse(row.result!) as CommandResult;
  if (result.status === 'refused' || !result.recordId) throw new AppError(409, 'reference_refused', `${field}: command ${row.id} was refused (${result.error?.message ?? result.status}), so this one cannot follow it`);
  return result.recordId;
}

/**
 * Applies a command once: the (user, idempotency key) row is claimed first, so a replay, or the
 * same command pushed twice at once, answers the stored result instead of applying it again.
 * A refusal (4xx: out of scope, a rule) is a result like any other and is stored; a server fault
 * releases the claim so the next push applies the command.
 */
async function applyOnce(deps: SyncDeps, ctx: RequestContext, actor: Actor, command: SyncCommand): Promise<CommandResult> {
  // Claimed first (one statement on the common path); the stored row answers when it exists.
  const claimed = await repo.claimCommand(deps.db, {
    user_id: actor.userId,
    idempotency_key: command.idempotencyKey,
    id: command.id,
    device_id: command.deviceId,
    kind: command.kind,
    state: 'applying',
    result: null,
    device_created_at: command.createdAt,
    received_at: nowIso(),
    done_at: null,
  });
  if (!claimed) return stored((await repo.findCommand(deps.db, actor.userId, command.idempotencyKey))!, command);
  let result: CommandResult;
  try {
    result = await apply(deps, ctx, actor, command);
  } catch (error) {
    if (error instanceof AppError && error.code === REFERENCE_PENDING) {
      // Not a refusal to keep: the record it names is on its way (a concurrent push). Asked again later.
      await repo.releaseCommand(deps.db, actor.userId, command.idempotencyKey);
      return { ...refusal(command, error), status: 'inProgress' };
    }
    if (error instanceof AppError && error.statusCode < 500) {
      result = refusal(command, error);
    } else {
      await repo.releaseCommand(deps.db, actor.userId, command.idempotencyKey);
      throw error;
    }
  }
  await repo.completeCommand(deps.db, actor.userId, command.idempotencyKey, JSON.stringify(result), nowIso());
  return result;
}

async function apply(deps: SyncDeps, ctx: RequestContext, actor: Actor, command: SyncCommand): Promise<CommandResult> {
  const base = { id: command.id, replayed: false, recordKind: recordKindOf(command), conflicts: [] as SyncConflict[], error: null, awaiting: COMMAND_AWAITS[command.kind] ?? null };
  switch (command.kind) {
    case 'person.update':
      return applyPersonUpdate(deps, ctx, actor, command);
    case 'volunteerHours.record': {
      const hours = await recordHours(deps.db, ctx, command.volunteerId, command.hours);
      return { ...base, status: 'applied', recordId: hours.id, version: null };
    }
    case 'serviceRequest.file': {
      // The request module's own idempotency makes the filing exactly-once even if the server
      // stopped between filing and storing this result.
      const { detail } = await fileRequest(deps.db, ctx, command.request, { idempotencyKey: `sync:${command.idempotencyKey}`, settings: deps.requestSettings });
      return { ...base, status: 'applied', recordId: detail.id, version: null };
    }
    case 'careVisit.record': {
      const visit = await recordVisit(deps.db, ctx, command.caseId, command.visit);
      return { ...base, status: 'applied', recordId: visit.id, version: null };
    }
    case 'need.raise': {
      const need = await raiseNeed(deps.db, ctx, command.need);
      return { ...base, status: 'applied', recordId: need.id, version: null };
    }
    case 'need.support': {
      const needId = command.needId ?? (await referenced(deps, actor, command.needRef!, 'needRef'));
      const need = await supportNeed(deps.db, ctx, needId, command.support);
      return { ...base, status: 'applied', recordId: need.id, version: null };
    }
    case 'attendance.record': {
      const activity = await addAttendance(deps.delivery, ctx, command.activityId, command.attendance);
      return { ...base, status: 'applied', recordId: activity.id, version: activity.version };
    }
    case 'custodyStep.record': {
      const requestId = command.requestId ?? (await referenced(deps, actor, command.requestRef!, 'requestRef'));
      await recordCustodyStep(deps.db, ctx, requestId, command.step);
      return { ...base, status: 'applied', recordId: requestId, version: null };
    }
  }
}

const personValues = (person: PersonDetail) => person as unknown as Record<string, FieldValue | undefined>;

/**
 * An offline edit of a person: per field against the device's base. Fields only the device
 * changed are written (through the registry's own update, with its rules and history); fields
 * both sides changed become conflicts, the server's value standing until someone chooses.
 * Another writer between the read and the write (a stale version) is met by merging again.
 */
async function applyPersonUpdate(deps: SyncDeps, ctx: RequestContext, actor: Actor, command: Extract<SyncCommand, { kind: 'person.update' }>): Promise<CommandResult> {
  // Read as the writer it is about to be (role and scope); no read of personal numbers leaves the
  // server here (a conflict carries the fields of SYNC_PERSON_FIELDS only), so no read audit entry:
  // the update itself is audited by the registry.
  requirePermission(ctx, 'registry.write');
  for (let attempt = 0; ; attempt++) {
    const current = await personDetail(deps.residents, await loadWritable(deps.residents, actor, command.recordId), false);
    const merge = mergeFields(command.fields as Record<string, FieldEdit>, personValues(current));
    let version = current.version;
    if (Object.keys(merge.apply).length > 0) {
      try {
        version = (await updatePerson(deps.residents, ctx, command.recordId, { version: current.version, ...(merge.apply as Partial<PersonChanges>) })).version;
      } catch (error) {
        if (error instanceof AppError && error.statusCode === 409 && error.code === 'conflict' && attempt < 3) continue;
        throw error;
      }
    }
    const at = nowIso();
    await repo.insertConflicts(
      deps.db,
      merge.conflicts.map((c) => ({
        area_code: current.areaCode,
        id: newId(),
        record_kind: 'person',
        record_id: command.recordId,
        field: c.field,
        base: JSON.stringify(c.base),
        device: JSON.stringify(c.device),
        server: JSON.stringify(c.server),
        user_id: actor.userId,
        device_id: command.deviceId,
        command_id: command.id,
        created_at: at,
        status: 'open',
        resolution: null,
        resolved_by: null,
        resolved_at: null,
      })),
    );
    const conflicts = merge.conflicts.length ? (await repo.conflictsOfCommand(deps.db, actor.userId, command.id)).map(toConflict) : [];
    return { id: command.id, status: conflicts.length ? 'conflict' : 'applied', replayed: false, recordKind: 'person', recordId: command.recordId, version, conflicts, error: null, awaiting: null };
  }
}

// ---- conflicts ----

/**
 * Whether the actor sees every conflict of their scope: officials and admins, and a worker whose
 * scope is above one community (a township worker supervises the villages' workers). A worker of
 * one community sees their own.
 */
function supervises(actor: Actor): boolean {
  return !ownRecordsOnly(actor, 'sync.resolve') || actor.scope.length < 12;
}

export async function listConflicts(deps: SyncDeps, ctx: RequestContext, q: ConflictQuery): Promise<{ items: SyncConflict[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'sync.resolve');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['uuid']);
  const { rows, total } = await repo.listConflicts(
    deps.db,
    { scope, status: q.status, userId: supervises(actor) ? undefined : actor.userId },
    { limit, before: before?.[0] },
  );
  return { items: rows.map(toConflict), total, nextCursor: rows.length === limit ? encodeCursor([rows.at(-1)!.id]) : null };
}

/** The conflict, when the actor may resolve it: 404 unknown, 403 out of scope or another worker's. */
async function conflictOf(deps: SyncDeps, ctx: RequestContext, id: string): Promise<{ actor: Actor; row: repo.ConflictRow }> {
  const actor = requirePermission(ctx, 'sync.resolve');
  const row = await repo.findConflict(deps.db, id);
  if (!row) throw notFound('Conflict', id);
  requireScope(actor, row.area_code);
  if (!supervises(actor) && row.user_id !== actor.userId) throw forbidden('This conflict is another worker’s: they or a supervisor resolve it', { reason: 'own' });
  return { actor, row };
}

/** Before the body is read (403/404 before 400). */
export async function authorizeConflict(deps: SyncDeps, ctx: RequestContext, id: string): Promise<void> {
  await conflictOf(deps, ctx, id);
}

/**
 * A person chooses: keep the server's value (the conflict is closed) or the device's (written
 * through the owning module, whose rules and roles still apply: an official, who does not write
 * the registry, may keep the server's value but not write the device's). The worker who made it,
 * or a supervisor in scope (`supervises`).
 */
export async function resolveConflict(deps: SyncDeps, ctx: RequestContext, id: string, input: ConflictResolution): Promise<SyncConflict> {
  const { actor, row } = await conflictOf(deps, ctx, id);
  if (row.status !== 'open') throw conflict(`Conflict ${id} was already resolved (${row.resolution})`);
  if (input.keep === 'device') {
    if (row.record_kind !== 'person') throw badRequest(`Conflicts of ${row.record_kind} records are resolved on the record itself`);
    const current = await getPerson(deps.residents, ctx, row.record_id);
    await updatePerson(deps.residents, ctx, row.record_id, { version: current.version, [row.field]: JSON.parse(row.device) } as PersonChanges);
  }
  if (!(await repo.resolveConflict(deps.db, row.area_code, id, { resolution: input.keep, resolved_by: actor.userId, resolved_at: nowIso() }))) {
    throw conflict(`Conflict ${id} was resolved by someone else meanwhile`);
  }
  await recordAudit(deps.db, ctx, { action: 'sync.conflict_resolve', areaCode: row.area_code, targetType: row.record_kind, targetId: row.record_id, details: { conflictId: id, field: row.field, keep: input.keep } });
  return toConflict((await repo.findConflict(deps.db, id))!);
}

// ---- pull ----

/** A pull's position in each stream: [updatedAt, id] of the last person and of the last tombstone handed out. */
interface Checkpoint {
  persons?: [string, string];
  tombstones?: [string, string];
}

const NONE = '-';

function decodeCheckpoint(raw: string | undefined): Checkpoint {
  const values = decodeCursor(raw, ['text', 'text', 'text', 'text'], 'checkpoint');
  if (!values) return {};
  const pair = (at: string, id: string): [string, string] | undefined => {
    if (at === NONE && id === NONE) return undefined;
    if (Number.isNaN(Date.parse(at)) || id === NONE) cursorRefused('checkpoint');
    return [at, id];
  };
  return { persons: pair(values[0]!, values[1]!), tombstones: pair(values[2]!, values[3]!) };
}

function encodeCheckpoint(c: Checkpoint): string {
  return encodeCursor([c.persons?.[0] ?? NONE, c.persons?.[1] ?? NONE, c.tombstones?.[0] ?? NONE, c.tombstones?.[1] ?? NONE]);
}

/**
 * What changed in the user's scope since the checkpoint: persons (masked as the registry list
 * shows them; for roles that read the registry) and their tombstones. A tombstone for a record
 * that is in the user's scope again (moved within it) is passed over: the record's own change
 * carries it.
 */
export async function pull(deps: SyncDeps, ctx: RequestContext, q: PullQuery): Promise<PullResult> {
  const actor = requirePermission(ctx, 'sync.use');
  const checkpoint = decodeCheckpoint(q.checkpoint);
  await deviceOf(deps, actor, q.deviceId);
  const limit = q.limit ?? 500;
  const until = new Date(Date.now() - deps.settleMs).toISOString();
  const changes: PulledPerson[] = [];
  let more = false;
  const next: Checkpoint = { ...checkpoint };
  if (mayDo(actor, 'registry.review')) {
    const changed = await personsChangedSince(deps.residents, ctx, checkpoint.persons, until, limit);
    for (const person of changed.persons) changes.push({ kind: 'person', id: person.id, data: person, removed: null, initials: nameInitials(person.name) });
    if (changed.last) next.persons = changed.last;
    more ||= changed.persons.length === limit;
    const tombstones = await repo.tombstonesAfter(deps.db, actor.scope, 'person', checkpoint.tombstones, until, limit);
    const stillHere = await personsInScope(deps.residents, ctx, tombstones.map((t) => t.record_id));
    for (const t of tombstones) if (!stillHere.has(t.record_id)) changes.push({ kind: 'person', id: t.record_id, data: null, removed: t.reason as 'deleted' | 'outOfScope', initials: null });
    const last = tombstones.at(-1);
    if (last) next.tombstones = [last.at, last.id];
    more ||= tombstones.length === limit;
  }
  // The care day list is small and computed (due and overdue move with the calendar): a snapshot,
  // computed once per pull, on the page that ends it (a device pulls until `more` is false).
  const day = !more && mayDo(actor, 'care.read') ? await workerDay(deps.db, ctx, { limit: 200 }) : null;
  const reference = more ? null : await fieldReference(deps, ctx, actor);
  return { changes, checkpoint: encodeCheckpoint(next), more, day, reference };
}

/** How many of each list a device holds to choose from offline. */
const REFERENCE_MAX = { volunteers: 500, needs: 200, projects: 20, activitiesPerProject: 30, mandates: 200, errands: 200 } as const;

/**
 * The lists the field pages choose from offline (FieldReference), read through their modules as
 * the user: each only for a role that may use it, each within the user's scope.
 */
async function fieldReference(deps: SyncDeps, ctx: RequestContext, actor: Actor): Promise<FieldReference> {
  const reference: FieldReference = { volunteers: [], needs: [], activities: [], items: [], mandates: [], errands: [] };
  if (mayDo(actor, 'volunteers.write')) {
    const page = await listVolunteers(deps.db, ctx, { status: 'active', limit: REFERENCE_MAX.volunteers });
    reference.volunteers = page.items.map((v) => ({ id: v.id, name: v.name, areaCode: v.areaCode }));
  }
  if (mayDo(actor, 'needs.support')) {
    const page = await listNeeds(deps.db, ctx, { status: 'open', limit: REFERENCE_MAX.needs });
    reference.needs = page.items.map((n) => ({ id: n.id, title: n.title, category: n.category, status: n.status, supports: n.supports, areaCode: n.areaCode }));
  }
  if (mayDo(actor, 'linkageDelivery.write')) {
    const projects = await listProjects(deps.db, ctx, { status: 'delivering', limit: REFERENCE_MAX.projects });
    for (const project of projects.items) {
      const activities = await listActivities(deps.delivery, ctx, project.id, { limit: REFERENCE_MAX.activitiesPerProject });
      for (const a of activities.items) reference.activities.push({ id: a.id, projectId: project.id, projectTitle: project.title, title: a.title, heldOn: a.heldOn, place: a.place });
    }
  }
  if (mayDo(actor, 'serviceRequests.file') && !ownRecordsOnly(actor, 'serviceRequests.file')) {
    const items = await effectiveCatalog(deps.db, actor.scope);
    reference.items = items.map((i) => ({ code: i.code, name: i.name, nameZhTw: i.nameZhTw, nameEn: i.nameEn, agencyAllowed: i.agencyAllowed, materials: i.materials, fields: i.fields }));
  }
  // An agent's own mandates that still let them file (in effect; a one-request mandate not yet
  // used), and their errands not yet returned, read through the services module as the agent
  // (which lists an agent's own only), without the consent evidence.
  if (mayDo(actor, 'agency.custody')) {
    const mandates = await listMandates(deps.db, ctx, { status: 'active', limit: REFERENCE_MAX.mandates });
    reference.mandates = mandates.items
      .filter((m) => m.agent.userId === actor.userId && (m.coverage === 'items' || m.requestId === null))
      .map((m) => ({ id: m.id, areaCode: m.areaCode, principal: m.principal, coverage: m.coverage, itemCodes: m.itemCodes, requestId: m.requestId, validUntil: m.validUntil }));
    const errands = await listErrands(deps.db, ctx, { open: true, limit: REFERENCE_MAX.errands });
    reference.errands = errands.items
      .filter((e) => e.agentUserId === actor.userId)
      .map((e) => ({ requestId: e.requestId, mandateId: e.mandateId, principalName: e.principalName, itemCode: e.itemCode, requestNumber: e.requestNumber, lastStep: e.lastStep, nextStep: e.nextStep }));
  }
  return reference;
}
