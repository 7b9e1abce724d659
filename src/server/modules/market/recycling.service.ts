/**
 * Recycling pickups (再生资源回收): a resident asks for a pickup of one kind with an estimated
 * weight and a time window; a collector (an agent of the township: the 代办员 who runs the
 * village information points and goes round the villages) accepts it, then completes it with the
 * weight actually collected, which sets the resident's points. Every move is compare-and-set on
 * the pickup's version and status, so two collectors cannot both take one pickup.
 */
import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './recycling.repository.ts';
import type { PickupRowWithNames } from './recycling.repository.ts';
import {
  pickupPoints,
  RECYCLING_LIMITS,
  type MyRecycling,
  type NewPickup,
  type Pickup,
  type PickupCompletion,
  type PickupListQuery,
  type PickupPage,
  type PickupStatus,
  type PickupVersion,
  type RecyclingKind,
} from '../../../contracts/recycling.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Weights are kept to the gram. */
const grams = (kg: number) => Math.round(kg * 1000) / 1000;

function toPickup(row: PickupRowWithNames, actor: Actor): Pickup {
  const own = row.resident_user_id === actor.userId;
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    kind: row.kind as RecyclingKind,
    estimatedKg: Number(row.estimated_kg),
    actualKg: row.actual_kg === null ? null : Number(row.actual_kg),
    windowStart: row.window_start,
    windowEnd: row.window_end,
    address: row.address,
    note: row.note,
    status: row.status as PickupStatus,
    residentName: row.resident_name === null ? null : own ? row.resident_name : maskName(row.resident_name),
    collectorName: row.collector_name,
    points: row.points,
    version: row.version,
    requestedAt: row.requested_at,
    acceptedAt: row.accepted_at,
    completedAt: row.completed_at,
  };
}

/** The window must be 30 minutes to 3 days long, start no earlier than the hour before now and within 30 days. */
function checkWindow(input: NewPickup, now: number): { start: string; end: string } {
  const start = Date.parse(input.windowStart);
  const end = Date.parse(input.windowEnd);
  if (Number.isNaN(start)) throw invalidField('windowStart', 'is not a date and time', 'invalid_format');
  if (Number.isNaN(end)) throw invalidField('windowEnd', 'is not a date and time', 'invalid_format');
  if (start < now - HOUR_MS) throw invalidField('windowStart', 'lies in the past', 'out_of_range');
  if (start > now + RECYCLING_LIMITS.windowStartDaysAheadMax * DAY_MS) throw invalidField('windowStart', `lies more than ${RECYCLING_LIMITS.windowStartDaysAheadMax} days ahead`, 'out_of_range', { max: RECYCLING_LIMITS.windowStartDaysAheadMax });
  if (end <= start) throw invalidField('windowEnd', 'does not lie after windowStart', 'inconsistent');
  if (end - start < RECYCLING_LIMITS.windowMinutesMin * MINUTE_MS) throw invalidField('windowEnd', `a window is ${RECYCLING_LIMITS.windowMinutesMin} minutes at least`, 'out_of_range', { min: RECYCLING_LIMITS.windowMinutesMin });
  if (end - start > RECYCLING_LIMITS.windowHoursMax * HOUR_MS) throw invalidField('windowEnd', `a window is ${RECYCLING_LIMITS.windowHoursMax} hours at most`, 'out_of_range', { max: RECYCLING_LIMITS.windowHoursMax });
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

async function loadPickup(db: Db, actor: Actor, id: string): Promise<PickupRowWithNames> {
  const row = await repo.findPickup(db, id);
  if (!row) throw notFound('Pickup', id);
  requireScope(actor, row.area_code);
  return row;
}

/**
 * Before the body is validated: an unknown pickup (or, for a resident, someone else's) is 404, one
 * outside the actor's scope 403.
 */
export async function authorizePickup(db: Db, ctx: RequestContext, id: string, action: 'recycling.request' | 'recycling.collect'): Promise<void> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findPickup(db, id);
  if (!row || (action === 'recycling.request' && row.resident_user_id !== actor.userId)) throw notFound('Pickup', id);
  requireScope(actor, row.area_code);
}

/** A resident asks for a pickup at home (their village). */
export async function requestPickup(db: Db, ctx: RequestContext, input: NewPickup): Promise<Pickup> {
  const actor = requirePermission(ctx, 'recycling.request');
  if (actor.scope.length !== 12) throw forbidden('A pickup is asked for by a resident of a community', { reason: 'scope' });
  const now = Date.now();
  const window = checkWindow(input, now);
  const address = input.address.trim();
  if (!address) throw invalidField('address', 'is blank', 'required');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertPickup(trx, {
      area_code: actor.scope,
      id,
      resident_user_id: actor.userId,
      kind: input.kind,
      estimated_kg: grams(input.estimatedKg),
      actual_kg: null,
      window_start: window.start,
      window_end: window.end,
      address,
      note: input.note?.trim() || null,
      status: 'requested',
      collector_user_id: null,
      points: 0,
      version: 1,
      requested_at: new Date(now).toISOString(),
      accepted_at: null,
      completed_at: null,
    });
    await recordAudit(trx, ctx, { action: 'recycling.request', areaCode: actor.scope, targetType: 'pickup', targetId: id, details: { kind: input.kind } });
  });
  recordsChanged(db, 'market');
  return toPickup((await repo.findPickup(db, id))!, actor);
}

/** A resident's pickups, newest first, and the points they earned. */
export async function myPickups(db: Db, ctx: RequestContext): Promise<MyRecycling> {
  const actor = requirePermission(ctx, 'recycling.request');
  const [rows, points] = await Promise.all([repo.pickupsOfResident(db, actor.userId, 100), repo.pointsOfResident(db, actor.userId)]);
  return { items: rows.map((r) => toPickup(r, actor)), points };
}

/** A resident cancels their own pickup before it is completed; someone else's is not found. */
export async function cancelPickup(db: Db, ctx: RequestContext, id: string, input: PickupVersion): Promise<Pickup> {
  const actor = requirePermission(ctx, 'recycling.request');
  const row = await repo.findPickup(db, id);
  if (!row || row.resident_user_id !== actor.userId) throw notFound('Pickup', id);
  if (row.status !== 'requested' && row.status !== 'accepted') throw conflict(`Pickup ${id} is ${row.status}`, { reason: 'transition', status: row.status });
  await move(db, ctx, row, input.version, { status: 'cancelled' }, 'recycling.cancel');
  return toPickup((await repo.findPickup(db, id))!, actor);
}

/** The pickups of the collector's (or a reader's) scope, by window. */
export async function listPickups(db: Db, ctx: RequestContext, q: PickupListQuery): Promise<PickupPage> {
  const actor = requirePermission(ctx, 'recycling.read');
  const scope = scopedArea(actor, q.area);
  const { rows, total } = await repo.listPickups(db, { scope, status: q.status, limit: q.limit ?? 100 });
  return { items: rows.map((r) => toPickup(r, actor)), total, nextCursor: null };
}

async function move(db: Db, ctx: RequestContext, row: PickupRowWithNames, version: number, changes: Parameters<typeof repo.movePickup>[3], action: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.movePickup(trx, row, version, changes))) throw conflict(`Pickup ${row.id} changed since version ${version}`, { reason: 'stale', version: row.version });
    await recordAudit(trx, ctx, { action, areaCode: row.area_code, targetType: 'pickup', targetId: row.id, details: { from: row.status, to: changes.status ?? row.status } });
  });
  recordsChanged(db, 'market');
}

/** A collector takes a requested pickup. */
export async function acceptPickup(db: Db, ctx: RequestContext, id: string, input: PickupVersion): Promise<Pickup> {
  const actor = requirePermission(ctx, 'recycling.collect');
  const row = await loadPickup(db, actor, id);
  if (row.status !== 'requested') throw conflict(`Pickup ${id} is ${row.status}, not requested`, { reason: 'transition', status: row.status });
  await move(db, ctx, row, input.version, { status: 'accepted', collector_user_id: actor.userId, accepted_at: new Date().toISOString() }, 'recycling.accept');
  return toPickup((await repo.findPickup(db, id))!, actor);
}

/** The collector who accepted a pickup completes it with the weight collected; the resident's points follow from it. */
export async function completePickup(db: Db, ctx: RequestContext, id: string, input: PickupCompletion): Promise<Pickup> {
  const actor = requirePermission(ctx, 'recycling.collect');
  const row = await loadPickup(db, actor, id);
  if (row.status !== 'accepted') throw conflict(`Pickup ${id} is ${row.status}, not accepted`, { reason: 'transition', status: row.status });
  if (row.collector_user_id !== actor.userId) throw forbidden(`Pickup ${id} was accepted by another collector`, { reason: 'not_collector' });
  const actualKg = grams(input.actualKg);
  await move(db, ctx, row, input.version, { status: 'completed', actual_kg: actualKg, points: pickupPoints(row.kind as RecyclingKind, actualKg), completed_at: new Date().toISOString() }, 'recycling.complete');
  return toPickup((await repo.findPickup(db, id))!, actor);
}
