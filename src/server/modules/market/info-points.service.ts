/**
 * Village information service points (益农信息社): registered by staff for a community, run by an
 * operator (an agent), with opening hours, equipment, the services offered and a status whose
 * every change is an event. The operator records each service given in the point's log; an
 * agency request the operator files through the services module in the point's community is
 * logged by itself (a listener of request events). The log feeds platform coverage.
 */
import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { AREA_CODE_LENGTHS, isWithinScope } from '../../../contracts/area-code.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import { chinaDate, endOfChinaDay, startOfChinaDay } from '../../../engine/services/request-clocks.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommunity } from '../areas/areas.service.ts';
import { getFacility } from '../facilities/facilities.service.ts';
import type { RequestEventNotice } from '../services/requests.service.ts';
import type { CommunityCounts, SourceWindow } from '../indicators/indicator-sources.ts';
import * as repo from './info-points.repository.ts';
import type { InfoPointRowWithNames, ServiceRowWithName } from './info-points.repository.ts';
import {
  INFO_POINT_LIMITS,
  INFO_POINT_TRANSITIONS,
  SERVICE_OF_LOG_KIND,
  type InfoPoint,
  type InfoPointChanges,
  type InfoPointDetail,
  type InfoPointEquipment,
  type InfoPointListQuery,
  type InfoPointOperatorQuery,
  type InfoPointOperators,
  type InfoPointPage,
  type InfoPointService,
  type InfoPointStatus,
  type InfoPointStatusChange,
  type NewInfoPoint,
  type NewServiceLogEntry,
  type ServiceLog,
  type ServiceLogEntry,
  type ServiceLogKind,
  type ServiceLogQuery,
  type ServiceLogSource,
} from '../../../contracts/info-points.ts';

const DAY_MS = 86_400_000;
/** A service recorded a little ahead of the server's clock (a phone's clock) is still now. */
const CLOCK_SKEW_MS = 5 * 60_000;

function toPoint(row: InfoPointRowWithNames, servedThisMonth: number): InfoPoint {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    facilityId: row.facility_id,
    operatorUserId: row.operator_user_id,
    operatorName: row.operator_name,
    openingHours: row.opening_hours,
    equipment: JSON.parse(row.equipment) as InfoPointEquipment[],
    services: JSON.parse(row.services) as InfoPointService[],
    status: row.status as InfoPointStatus,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    urbanRural: row.urban_rural === 'urban' || row.urban_rural === 'rural' ? row.urban_rural : null,
    servedThisMonth,
  };
}

/** This month so far, China time: [first day's start, today's end). */
function thisMonth(): { from: string; to: string } {
  const today = todayInChina();
  return { from: startOfChinaDay(`${today.slice(0, 8)}01`), to: endOfChinaDay(today) };
}

/** Staff of the village and the operator see the resident's name whole; readers above it see it masked. */
function seesNamesWhole(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'communityWorker';
}

function toEntry(row: ServiceRowWithName, actor: Actor): ServiceLogEntry {
  return {
    id: row.id,
    infoPointId: row.info_point_id,
    areaCode: row.area_code,
    kind: row.kind as ServiceLogKind,
    residentName: row.resident_name === null ? null : seesNamesWhole(actor) ? row.resident_name : maskName(row.resident_name),
    servedAt: row.served_at,
    note: row.note,
    source: row.source as ServiceLogSource,
    requestId: row.request_id,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
  };
}

/** The point, when it exists and lies in the actor's scope (404 / 403 otherwise). */
async function loadPoint(db: Db, actor: Actor, id: string): Promise<InfoPointRowWithNames> {
  const row = await repo.findPoint(db, id);
  if (!row) throw notFound('Information point', id);
  requireScope(actor, row.area_code);
  return row;
}

/** The community `code` names (400 naming `field` when it is none or unknown), within the actor's scope (403). */
async function requireCommunityInScope(db: Db, actor: Actor, code: string, field: string): Promise<string> {
  const found = await findCommunity(db, code);
  if (!found.area) throw invalidField(field, found.problem ?? 'is not a community', found.problem?.includes('does not exist') ? 'unknown_reference' : 'invalid_format');
  requireScope(actor, found.area.code);
  return found.area.code;
}

/** The operator must be an agent whose scope holds the community, and not locked out. */
async function requireOperator(db: Db, userId: string, areaCode: string): Promise<void> {
  const user = await repo.findUser(db, userId);
  if (!user) throw invalidField('operatorUserId', `user ${userId} does not exist`, 'unknown_reference');
  if (user.role !== 'agent') throw invalidField('operatorUserId', `user ${userId} is not an agent (代办员)`, 'not_allowed');
  if (user.locked) throw invalidField('operatorUserId', `user ${userId} is locked`, 'not_allowed');
  if (!isWithinScope(areaCode, user.scope_code)) throw invalidField('operatorUserId', `community ${areaCode} lies outside the operator's scope ${user.scope_code}`, 'not_in_scope');
}

/** A facility named as the point's premises must be an information point facility of the same community. */
async function requireFacility(db: Db, ctx: RequestContext, facilityId: string, areaCode: string): Promise<void> {
  let facility;
  try {
    facility = await getFacility(db, ctx, facilityId);
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) throw invalidField('facilityId', `facility ${facilityId} does not exist`, 'unknown_reference');
    throw error;
  }
  if (facility.kind !== 'infoPoint') throw invalidField('facilityId', `facility ${facilityId} is a ${facility.kind} facility, not an information point`, 'not_allowed');
  if (facility.areaCode !== areaCode) throw invalidField('facilityId', `facility ${facilityId} lies in ${facility.areaCode}, not ${areaCode}`, 'inconsistent');
}

async function detail(db: Db, row: InfoPointRowWithNames): Promise<InfoPointDetail> {
  const today = chinaDate(new Date().toISOString());
  const month = thisMonth();
  const [events, servedThisMonth, servedToday, servedLast30Days] = await Promise.all([
    repo.eventsOf(db, row.area_code, row.id),
    repo.countServices(db, row.area_code, row.id, month.from, month.to),
    repo.countServices(db, row.area_code, row.id, startOfChinaDay(today), endOfChinaDay(today)),
    repo.countServices(db, row.area_code, row.id, new Date(Date.parse(endOfChinaDay(today)) - 30 * DAY_MS).toISOString(), endOfChinaDay(today)),
  ]);
  return {
    ...toPoint(row, servedThisMonth),
    events: events.map((e) => ({ at: e.at, byName: e.by_name, from: e.from_status, to: e.to_status, reason: e.reason })),
    servedToday,
    servedLast30Days,
  };
}

/** Before the body is validated: an unknown point is 404, one outside the actor's scope 403. */
export async function authorizePoint(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'infoPoints.read');
  await loadPoint(db, actor, id);
}

// ---- the register ----

export async function createPoint(db: Db, ctx: RequestContext, input: NewInfoPoint): Promise<InfoPointDetail> {
  const actor = requirePermission(ctx, 'infoPoints.write');
  const areaCode = await requireCommunityInScope(db, actor, input.areaCode, 'areaCode');
  const name = input.name.trim();
  if (!name) throw invalidField('name', 'is blank', 'required');
  const openingHours = input.openingHours.trim();
  if (!openingHours) throw invalidField('openingHours', 'is blank', 'required');
  await requireOperator(db, input.operatorUserId, areaCode);
  if (input.facilityId) await requireFacility(db, ctx, input.facilityId, areaCode);
  const id = newId();
  const now = new Date().toISOString();
  const status = input.status ?? 'operating';
  await db.transaction().execute(async (trx) => {
    await repo.insertPoint(trx, {
      area_code: areaCode,
      id,
      name,
      facility_id: input.facilityId ?? null,
      operator_user_id: input.operatorUserId,
      opening_hours: openingHours,
      equipment: JSON.stringify(input.equipment),
      services: JSON.stringify(input.services),
      status,
      version: 1,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
    });
    await repo.insertEvent(trx, { area_code: areaCode, id: newId(), info_point_id: id, at: now, by_user_id: actor.userId, from_status: null, to_status: status, reason: null });
    await recordAudit(trx, ctx, { action: 'infoPoint.create', areaCode, targetType: 'infoPoint', targetId: id, details: { status } });
  });
  recordsChanged(db, 'market');
  return detail(db, (await repo.findPoint(db, id))!);
}

export async function getPoint(db: Db, ctx: RequestContext, id: string): Promise<InfoPointDetail> {
  const actor = requirePermission(ctx, 'infoPoints.read');
  return detail(db, await loadPoint(db, actor, id));
}

export async function listPoints(db: Db, ctx: RequestContext, q: InfoPointListQuery): Promise<InfoPointPage> {
  const actor = requirePermission(ctx, 'infoPoints.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 100;
  const after = decodeCursor(q.cursor, ['areaCode', 'uuid']) as [string, string] | undefined;
  const { rows, total } = await repo.listPoints(db, {
    scope,
    status: q.status,
    operatorUserId: q.mine ? actor.userId : undefined,
    q: q.q?.trim() || undefined,
    service: q.service,
    urbanRural: q.urbanRural,
    after,
    limit,
  });
  const month = thisMonth();
  const served = await repo.servedCounts(db, rows, month.from, month.to);
  const last = rows.at(-1);
  return { items: rows.map((r) => toPoint(r, served.get(r.id) ?? 0)), total, nextCursor: rows.length === limit && last ? encodeCursor([last.area_code, last.id]) : null };
}

/**
 * Who may run a point of a community in the actor's scope: the agents, not locked, whose scope
 * holds the community (the same rule `requireOperator` applies to a registration), the nearest
 * first, with the points each already runs.
 */
export async function listOperators(db: Db, ctx: RequestContext, q: InfoPointOperatorQuery): Promise<InfoPointOperators> {
  const actor = requirePermission(ctx, 'infoPoints.write');
  const areaCode = await requireCommunityInScope(db, actor, q.area, 'area');
  const scopes = AREA_CODE_LENGTHS.map((length) => areaCode.slice(0, length));
  const agents = (await repo.agentsScopedTo(db, scopes)).filter((a) => !a.locked && isWithinScope(areaCode, a.scope_code));
  const run = await repo.pointsRunBy(db, agents.map((a) => a.id));
  return { items: agents.map((a) => ({ id: a.id, name: a.display_name, scopeCode: a.scope_code, scopeName: a.scope_name, pointsRun: run.get(a.id) ?? 0 })) };
}

export async function updatePoint(db: Db, ctx: RequestContext, id: string, input: InfoPointChanges): Promise<InfoPointDetail> {
  const actor = requirePermission(ctx, 'infoPoints.write');
  const row = await loadPoint(db, actor, id);
  const changes: Parameters<typeof repo.updatePoint>[4] = { updated_at: new Date().toISOString() };
  if (input.name !== undefined) {
    if (!input.name.trim()) throw invalidField('name', 'is blank', 'required');
    changes.name = input.name.trim();
  }
  if (input.openingHours !== undefined) {
    if (!input.openingHours.trim()) throw invalidField('openingHours', 'is blank', 'required');
    changes.opening_hours = input.openingHours.trim();
  }
  if (input.operatorUserId !== undefined) {
    await requireOperator(db, input.operatorUserId, row.area_code);
    changes.operator_user_id = input.operatorUserId;
  }
  if (input.equipment !== undefined) changes.equipment = JSON.stringify(input.equipment);
  if (input.services !== undefined) changes.services = JSON.stringify(input.services);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updatePoint(trx, row.area_code, id, input.version, changes))) throw conflict(`Information point ${id} changed since version ${input.version}`, { reason: 'stale', version: row.version });
    await recordAudit(trx, ctx, { action: 'infoPoint.update', areaCode: row.area_code, targetType: 'infoPoint', targetId: id, details: { fields: Object.keys(input).filter((k) => k !== 'version') } });
  });
  return detail(db, (await repo.findPoint(db, id))!);
}

export async function changeStatus(db: Db, ctx: RequestContext, id: string, input: InfoPointStatusChange): Promise<InfoPointDetail> {
  const actor = requirePermission(ctx, 'infoPoints.write');
  const row = await loadPoint(db, actor, id);
  const from = row.status as InfoPointStatus;
  if (!INFO_POINT_TRANSITIONS[from].includes(input.status)) {
    throw conflict(`An information point that is ${from} cannot become ${input.status}`, { reason: 'transition', from, to: input.status, allowed: INFO_POINT_TRANSITIONS[from] });
  }
  const reason = input.reason?.trim() || null;
  if ((input.status === 'suspended' || input.status === 'closed') && !reason) throw invalidField('reason', `say why the point is ${input.status}`, 'required');
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updatePoint(trx, row.area_code, id, input.version, { status: input.status, updated_at: now }))) {
      throw conflict(`Information point ${id} changed since version ${input.version}`, { reason: 'stale', version: row.version });
    }
    await repo.insertEvent(trx, { area_code: row.area_code, id: newId(), info_point_id: id, at: now, by_user_id: actor.userId, from_status: from, to_status: input.status, reason });
    await recordAudit(trx, ctx, { action: 'infoPoint.status', areaCode: row.area_code, targetType: 'infoPoint', targetId: id, details: { from, to: input.status } });
  });
  recordsChanged(db, 'market');
  return detail(db, (await repo.findPoint(db, id))!);
}

// ---- the service log ----

/** The operator records a service given at their operating point. */
export async function recordService(db: Db, ctx: RequestContext, id: string, input: NewServiceLogEntry): Promise<ServiceLogEntry> {
  const actor = requirePermission(ctx, 'infoPoints.log');
  const row = await loadPoint(db, actor, id);
  if (row.operator_user_id !== actor.userId) throw forbidden(`Only the operator of information point ${id} records its services`, { reason: 'not_operator' });
  const point = toPoint(row, 0);
  if (!point.services.includes(SERVICE_OF_LOG_KIND[input.kind])) {
    throw invalidField('kind', `the point does not offer ${SERVICE_OF_LOG_KIND[input.kind]} (it offers ${point.services.join(', ')})`, 'not_allowed');
  }
  const now = Date.now();
  let servedAt = new Date(now).toISOString();
  if (input.servedAt !== undefined) {
    const at = Date.parse(input.servedAt);
    if (Number.isNaN(at)) throw invalidField('servedAt', 'is not a date and time', 'invalid_format');
    if (at > now + CLOCK_SKEW_MS) throw invalidField('servedAt', 'lies in the future', 'out_of_range');
    if (at < now - INFO_POINT_LIMITS.recordDaysBackMax * DAY_MS) throw invalidField('servedAt', `lies more than ${INFO_POINT_LIMITS.recordDaysBackMax} days back`, 'out_of_range', { max: INFO_POINT_LIMITS.recordDaysBackMax });
    servedAt = new Date(at).toISOString();
  }
  if (row.status !== 'operating') throw conflict(`Information point ${id} is ${row.status}: services are recorded only while it operates`, { reason: 'not_operating', status: row.status });
  const residentName = input.residentName?.trim() || null;
  const entryId = newId();
  const recordedAt = new Date(now).toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertService(trx, {
      area_code: row.area_code,
      id: entryId,
      info_point_id: id,
      kind: input.kind,
      resident_name: residentName,
      served_at: servedAt,
      note: input.note?.trim() || null,
      source: 'manual',
      request_id: null,
      recorded_by: actor.userId,
      recorded_at: recordedAt,
      generated: false,
    });
    await recordAudit(trx, ctx, { action: 'infoPoint.service', areaCode: row.area_code, targetType: 'infoPoint', targetId: id, details: { kind: input.kind, entry: entryId } });
  });
  recordsChanged(db, 'market');
  const { rows } = await repo.servicesOf(db, row.area_code, id, servedAt, new Date(Date.parse(servedAt) + 1).toISOString(), 50);
  return toEntry(rows.find((r) => r.id === entryId)!, actor);
}

/** A point's log over days (China time): today by default. */
export async function serviceLog(db: Db, ctx: RequestContext, id: string, q: ServiceLogQuery): Promise<ServiceLog> {
  const actor = requirePermission(ctx, 'infoPoints.read');
  const row = await loadPoint(db, actor, id);
  const from = q.from ?? chinaDate(new Date().toISOString());
  const to = q.to ?? from;
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`))) throw invalidField('from', 'is not a date', 'invalid_format');
  if (Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw invalidField('to', 'is not a date', 'invalid_format');
  if (to < from) throw invalidField('to', 'lies before from', 'inconsistent');
  if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw invalidField('to', 'a log is read a year at most at a time', 'out_of_range', { max: 366 });
  const { rows, total, byKind } = await repo.servicesOf(db, row.area_code, id, startOfChinaDay(from), endOfChinaDay(to), q.limit ?? 200);
  return { items: rows.map((r) => toEntry(r, actor)), total, byKind };
}

/**
 * A request the operator of an operating point files in that point's community (agency: 代办) is
 * a service of the point: logged once, in the request's own transaction. Registered as a
 * listener of request events by the routes.
 */
export async function logAgencyRequest(trx: Db, notice: RequestEventNotice): Promise<void> {
  const { request, event } = notice;
  if (event.kind !== 'submitted' || !request.submittedByUserId) return;
  const point = await repo.operatingPointOf(trx, request.submittedByUserId, request.areaCode);
  if (!point) return;
  if (await repo.findServiceByRequest(trx, request.areaCode, request.id)) return;
  await repo.insertService(trx, {
    area_code: request.areaCode,
    id: newId(),
    info_point_id: point.id,
    kind: 'agency',
    resident_name: null,
    served_at: event.at,
    note: `${request.number} ${request.itemName}`.slice(0, INFO_POINT_LIMITS.noteMaxLength),
    source: 'request',
    request_id: request.id,
    recorded_by: request.submittedByUserId,
    recorded_at: event.at,
    generated: false,
  });
}

// ---- platform coverage ----

/**
 * Platform coverage per community in a window: 1 where the platform served the community —
 * a service recorded at one of its information points (services are recorded only while a point
 * operates), or a service request filed from it — else absent. See docs/info-points.md.
 */
export async function platformCoverageCounts(db: Db, window: SourceWindow): Promise<CommunityCounts> {
  const { submittedCounts } = await import('../services/requests.service.ts');
  const [served, filed] = await Promise.all([repo.communitiesServed(db, startOfChinaDay(window.from), startOfChinaDay(window.to)), submittedCounts(db, window)]);
  const covered = new Map<string, number>();
  for (const code of served) covered.set(code, 1);
  for (const [code, n] of filed) if (n > 0) covered.set(code, 1);
  return covered;
}
