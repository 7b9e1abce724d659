/**
 * Sales rounds (销售轮次): a hub opens a round of offers from its paired villages with pickup
 * points and limits; it closes (by hand, or by the sweep at its closing time, where a round that
 * missed its minimum total cancels or stays open once longer); producers confirm what they can
 * deliver — a shortage is shared pro rata over the buyers, each told; the hub packs, delivers and
 * settles. Every write to a round locks its row first (rounds.repository.ts `lockRound`).
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { isRetryableConflict } from '../../db/row-locks.ts';
import { requirePermission, requireScope, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getFacility } from '../facilities/facilities.service.ts';
import { notifyBatch, type NewNotification } from '../notifications/notifications.service.ts';
import { allocateProRata } from '../../../engine/market/allocation.ts';
import { canMove, closingOutcome, editable, type BelowMinimum } from '../../../engine/market/rounds.ts';
import type { NewRound, Offer, OfferConfirmation, Round, RoundChange, RoundMoveBody, RoundStatus, RoundSummary } from '../../../contracts/market.ts';
import { findHubRow, findProductRow, isPaired } from './producers.service.ts';
import * as repo from './rounds.repository.ts';

const ATTEMPTS = 8;

/** Runs a round write again when PostgreSQL reports a serialization failure or deadlock. */
export async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

function toSummary(row: repo.RoundRow): RoundSummary {
  return {
    id: row.id,
    areaCode: row.area_code,
    hubId: row.hub_id,
    hubName: row.hub_name,
    title: row.title,
    status: row.status as RoundStatus,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    extended: Boolean(row.extended),
    minimumTotalCents: row.minimum_total_cents,
    belowMinimum: row.below_minimum as BelowMinimum,
    extendHours: row.extend_hours,
    orderUnitLimit: row.order_unit_limit,
    buyerUnitLimit: row.buyer_unit_limit,
    orderedCents: row.ordered_cents,
    orderCount: row.order_count,
    version: row.version,
  };
}

export function toOffer(row: repo.OfferRow): Offer {
  return {
    id: row.id,
    roundId: row.round_id,
    productId: row.product_id,
    productName: row.product_name,
    unit: row.unit,
    producerId: row.producer_id,
    producerName: row.producer_name,
    producerAreaCode: row.producer_area_code,
    priceCents: row.price_cents,
    quantity: row.quantity,
    ordered: row.ordered,
    remaining: row.quantity - row.ordered,
    perBuyerLimit: row.per_buyer_limit,
    confirmed: row.confirmed,
    confirmedAt: row.confirmed_at,
    hasPhoto: Boolean(Number(row.has_photo)),
  };
}

async function roundDetail(db: Db, row: repo.RoundRow): Promise<Round> {
  const [offers, pickups, events] = await Promise.all([
    repo.offersOfRound(db, row.area_code, row.id),
    repo.pickupsOfRound(db, row.area_code, row.id),
    repo.eventsOfRound(db, row.area_code, row.id),
  ]);
  return {
    ...toSummary(row),
    pickups: pickups.map((p) => ({ facilityId: p.facility_id, areaCode: p.facility_area_code, name: p.name })),
    offers: offers.map(toOffer),
    events: events.map((e) => ({ from: e.from_status, to: e.to_status, note: e.note, at: e.at })),
  };
}

/** A round the actor may reach under `action`: 404 unknown, 403 outside their scope. */
export async function roundFor(db: Db, ctx: RequestContext, action: 'market.read' | 'market.coordinate' | 'market.order', id: string): Promise<{ actor: Actor; row: repo.RoundRow }> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findRound(db, id);
  if (!row) throw notFound('Sales round', id);
  requireScope(actor, row.area_code);
  return { actor, row };
}

export async function getRound(db: Db, ctx: RequestContext, id: string): Promise<Round> {
  const { row } = await roundFor(db, ctx, 'market.read', id);
  return roundDetail(db, row);
}

export async function listRounds(db: Db, ctx: RequestContext, q: { area?: string; status?: RoundStatus }): Promise<{ items: RoundSummary[] }> {
  const actor = requirePermission(ctx, 'market.read');
  const area = q.area ?? actor.scope;
  requireScope(actor, area);
  return { items: (await repo.listRounds(db, area, q.status)).map(toSummary) };
}

function instant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidField(field, 'is not a date and time', 'invalid_format');
  return new Date(ms).toISOString();
}

export async function createRound(db: Db, ctx: RequestContext, input: NewRound): Promise<Round> {
  const actor = requirePermission(ctx, 'market.coordinate');
  const hub = await findHubRow(db, input.hubId);
  if (!hub) throw invalidField('hubId', `hub ${input.hubId} does not exist`, 'unknown_reference');
  requireScope(actor, hub.area_code);
  const opensAt = instant(input.opensAt, 'opensAt');
  const closesAt = instant(input.closesAt, 'closesAt');
  if (closesAt <= opensAt) throw invalidField('closesAt', 'must be after opensAt', 'inconsistent');
  const belowMinimum = input.belowMinimum ?? 'cancel';
  const pickups: Parameters<typeof repo.insertPickups>[1] = [];
  const seenPickups = new Set<string>();
  for (const [i, facilityId] of input.pickupFacilityIds.entries()) {
    const field = `pickupFacilityIds.${i}`;
    if (seenPickups.has(facilityId)) throw invalidField(field, 'is listed twice', 'duplicate');
    seenPickups.add(facilityId);
    const facility = await getFacility(db, ctx, facilityId).catch((error: unknown) => {
      if (error instanceof AppError && (error.statusCode === 404 || error.statusCode === 403)) throw invalidField(field, `facility ${facilityId} does not exist in your scope`, 'unknown_reference');
      throw error;
    });
    // A pickup point is a facility of the hub's own street or town (乡镇街道).
    if (!facility.areaCode.startsWith(hub.area_code.slice(0, 9))) throw invalidField(field, `facility ${facilityId} lies outside the hub's street or town`, 'not_in_scope');
    pickups.push({ area_code: hub.area_code, round_id: '', facility_id: facility.id, facility_area_code: facility.areaCode, name: facility.name });
  }
  const offers: Parameters<typeof repo.insertOffers>[1] = [];
  const seenProducts = new Set<string>();
  for (const [i, offer] of input.offers.entries()) {
    const field = `offers.${i}.productId`;
    if (seenProducts.has(offer.productId)) throw invalidField(field, 'is offered twice', 'duplicate');
    seenProducts.add(offer.productId);
    const product = await findProductRow(db, offer.productId);
    if (!product) throw invalidField(field, `product ${offer.productId} does not exist`, 'unknown_reference');
    if (product.area_code !== hub.area_code && !(await isPaired(db, hub.area_code, product.area_code))) {
      throw invalidField(field, `the producer's village ${product.area_code} is not paired with the hub's community ${hub.area_code}`, 'not_in_scope');
    }
    if (offer.quantity > product.quantity) throw invalidField(`offers.${i}.quantity`, `must be at most the ${product.quantity} the producer has`, 'out_of_range', { max: product.quantity });
    offers.push({
      area_code: hub.area_code,
      id: newId(),
      round_id: '',
      product_id: product.id,
      producer_id: product.producer_id,
      producer_area_code: product.area_code,
      price_cents: offer.priceCents ?? product.price_cents,
      quantity: offer.quantity,
      ordered: 0,
      per_buyer_limit: offer.perBuyerLimit ?? null,
      confirmed: null,
      confirmed_at: null,
      confirmed_by: null,
    });
  }
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertRound(trx, {
      area_code: hub.area_code,
      id,
      hub_id: hub.id,
      title: input.title.trim(),
      status: 'open',
      opens_at: opensAt,
      closes_at: closesAt,
      extended: false,
      minimum_total_cents: input.minimumTotalCents ?? null,
      below_minimum: belowMinimum,
      extend_hours: input.extendHours ?? (belowMinimum === 'extend' ? 24 : 0),
      order_unit_limit: input.orderUnitLimit ?? null,
      buyer_unit_limit: input.buyerUnitLimit ?? null,
      ordered_cents: 0,
      order_count: 0,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      version: 1,
    });
    await repo.insertPickups(trx, pickups.map((p) => ({ ...p, round_id: id })));
    await repo.insertOffers(trx, offers.map((o) => ({ ...o, round_id: id })));
    await repo.insertEvent(trx, { area_code: hub.area_code, id: newId(), round_id: id, from_status: null, to_status: 'open', note: null, at: now, by_user: actor.userId });
    await recordAudit(trx, ctx, { action: 'market.round.create', areaCode: hub.area_code, targetType: 'marketRound', targetId: id });
  });
  return getRound(db, ctx, id);
}

export async function updateRound(db: Db, ctx: RequestContext, id: string, input: RoundChange): Promise<Round> {
  const { row } = await roundFor(db, ctx, 'market.coordinate', id);
  await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const locked = await repo.lockRound(trx, row.area_code, row.id);
      if (!locked) throw notFound('Sales round', id);
      if (!editable(locked.status as RoundStatus)) throw conflict(`Sales round ${id} is ${locked.status}: its terms can no longer change`, { status: locked.status });
      if (locked.version !== input.version) throw conflict(`Sales round ${id} changed since version ${input.version}`, { version: locked.version });
      const changes: Parameters<typeof repo.updateRound>[3] = { updated_at: new Date().toISOString(), version: locked.version + 1 };
      if (input.title !== undefined) changes.title = input.title.trim();
      const termsChange = input.closesAt !== undefined || input.minimumTotalCents !== undefined || input.orderUnitLimit !== undefined || input.buyerUnitLimit !== undefined;
      if (termsChange && locked.status !== 'open') throw conflict(`Sales round ${id} is ${locked.status}: closing time and limits change only while it is open`, { status: locked.status });
      if (input.closesAt !== undefined) {
        const closesAt = instant(input.closesAt, 'closesAt');
        if (closesAt <= locked.opens_at) throw invalidField('closesAt', 'must be after opensAt', 'inconsistent');
        changes.closes_at = closesAt;
      }
      if (input.minimumTotalCents !== undefined) changes.minimum_total_cents = input.minimumTotalCents;
      if (input.orderUnitLimit !== undefined) changes.order_unit_limit = input.orderUnitLimit;
      if (input.buyerUnitLimit !== undefined) changes.buyer_unit_limit = input.buyerUnitLimit;
      await repo.updateRound(trx, row.area_code, row.id, changes);
      await recordAudit(trx, ctx, { action: 'market.round.update', areaCode: row.area_code, targetType: 'marketRound', targetId: id });
    }),
  );
  return getRound(db, ctx, id);
}

export type NotificationDraft = NewNotification;

function roundMessage(userId: string, row: { area_code: string; title: string }, kind: NewNotification['kind'], note?: string): NewNotification {
  return { userId, areaCode: row.area_code, kind, requestId: null, params: { itemName: row.title, note } };
}

interface MoveContext {
  trx: Db;
  row: { area_code: string; id: string; title: string; status: string };
  by: string | null;
  to: RoundStatus;
  note?: string | null;
  at: string;
}

/** The round's status changes, with its event; cancelling cancels its orders and tells their buyers. */
async function move(m: MoveContext): Promise<void> {
  await repo.updateRound(m.trx, m.row.area_code, m.row.id, { status: m.to, updated_at: m.at });
  await repo.insertEvent(m.trx, { area_code: m.row.area_code, id: newId(), round_id: m.row.id, from_status: m.row.status, to_status: m.to, note: m.note ?? null, at: m.at, by_user: m.by });
  if (m.to === 'cancelled') {
    const buyers = await repo.cancelOrders(m.trx, m.row.area_code, m.row.id);
    await notifyBatch(m.trx, buyers.map((b) => roundMessage(b, m.row, 'marketRoundCancelled', m.note ?? undefined)));
  } else if (m.to === 'delivered') {
    const buyers = await repo.buyersOfRound(m.trx, m.row.area_code, m.row.id);
    await notifyBatch(m.trx, buyers.map((b) => roundMessage(b, m.row, 'marketRoundDelivered')));
  }
}

/** After closing: offers nobody ordered need no producer; when none is left to confirm, the round is confirmed. */
async function afterClosing(trx: Db, row: { area_code: string; id: string; title: string; status: string }, at: string): Promise<RoundStatus> {
  await repo.confirmUnorderedOffers(trx, row.area_code, row.id, at);
  if ((await repo.unconfirmedOffers(trx, row.area_code, row.id)) > 0) return 'closed';
  await repo.totalOrderAllocations(trx, row.area_code, row.id);
  await move({ trx, row: { ...row, status: 'closed' }, by: null, to: 'confirmed', note: null, at });
  return 'confirmed';
}

/** A hub's move of its round: close now, pack, deliver, settle, or cancel (409 for a move its status does not allow). */
export async function moveRound(db: Db, ctx: RequestContext, id: string, input: RoundMoveBody): Promise<Round> {
  const { actor, row } = await roundFor(db, ctx, 'market.coordinate', id);
  await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const locked = await repo.lockRound(trx, row.area_code, row.id);
      if (!locked) throw notFound('Sales round', id);
      const from = locked.status as RoundStatus;
      if (!canMove(from, input.to)) throw conflict(`Sales round ${id} is ${from}: it cannot move to ${input.to}`, { status: from, to: input.to });
      const at = new Date().toISOString();
      const current = { ...row, status: from };
      await move({ trx, row: current, by: actor.userId, to: input.to, note: input.note ?? null, at });
      if (input.to === 'closed') await afterClosing(trx, { ...current, status: 'closed' }, at);
      if (input.to === 'settled') await writeSettlements(trx, row.area_code, row.id, actor.userId, at);
      await recordAudit(trx, ctx, { action: 'market.round.move', areaCode: row.area_code, targetType: 'marketRound', targetId: id, details: { from, to: input.to } });
    }),
  );
  return getRound(db, ctx, id);
}

/** One settlement record per producer: what the round owes them for the units allocated to live orders. */
async function writeSettlements(trx: Db, areaCode: string, roundId: string, by: string, at: string): Promise<void> {
  const [offers, lines] = await Promise.all([repo.offersOfRound(trx, areaCode, roundId), repo.linesOfRound(trx, areaCode, roundId)]);
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const owed = new Map<string, { name: string; units: number; cents: number }>();
  for (const line of lines) {
    if (line.order_status === 'cancelled') continue;
    const offer = offerById.get(line.offer_id)!;
    const entry = owed.get(offer.producer_id) ?? { name: offer.producer_name, units: 0, cents: 0 };
    const units = line.allocated ?? line.quantity;
    entry.units += units;
    entry.cents += units * line.price_cents;
    owed.set(offer.producer_id, entry);
  }
  await repo.insertSettlements(
    trx,
    [...owed].map(([producerId, e]) => ({
      area_code: areaCode,
      id: newId(),
      round_id: roundId,
      producer_id: producerId,
      producer_name: e.name,
      units: e.units,
      amount_cents: e.cents,
      status: 'owed',
      paid_at: null,
      paid_note: null,
      created_at: at,
      recorded_by: by,
    })),
  );
}

/** Offers that producers of the actor's area have in rounds from open to packed (to confirm and to pack). */
export async function offersToConfirm(db: Db, ctx: RequestContext, q: { area?: string }): Promise<{ items: (Offer & { roundTitle: string; roundStatus: RoundStatus })[] }> {
  const actor = requirePermission(ctx, 'market.confirm');
  const area = q.area ?? actor.scope;
  requireScope(actor, area);
  const rows = await repo.offersOfProducers(db, area);
  return { items: rows.map((r) => ({ ...toOffer(r), roundTitle: r.round_title, roundStatus: r.round_status as RoundStatus })) };
}

/** The offer a confirmation names: 404 unknown, 403 when its producer's village is outside the actor's scope. */
export async function offerFor(db: Db, ctx: RequestContext, id: string): Promise<repo.OfferRow> {
  const actor = requirePermission(ctx, 'market.confirm');
  const offer = await repo.findOffer(db, id);
  if (!offer) throw notFound('Offer', id);
  requireScope(actor, offer.producer_area_code);
  return offer;
}

/**
 * A producer confirms how many units of an offer they can deliver (at most what was ordered:
 * more is a 400). Less than ordered shares the shortage pro rata over the live order lines
 * (largest remainder, src/engine/market/allocation.ts) and tells each buyer who gets less. When
 * the round's last offer is confirmed, the round is confirmed.
 */
export async function confirmOffer(db: Db, ctx: RequestContext, id: string, input: OfferConfirmation): Promise<Offer> {
  const actor = requirePermission(ctx, 'market.confirm');
  const offer = await offerFor(db, ctx, id);
  await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const round = await repo.lockRound(trx, offer.area_code, offer.round_id);
      if (!round) throw notFound('Sales round', offer.round_id);
      if (round.status !== 'closed') throw conflict(`Sales round ${round.id} is ${round.status}: offers are confirmed once it has closed and before it is confirmed`, { status: round.status });
      const current = (await repo.findOffer(trx, id))!;
      if (current.confirmed !== null) throw conflict(`Offer ${id} is already confirmed (${current.confirmed})`, { confirmed: current.confirmed });
      if (input.confirmed > current.ordered) throw invalidField('confirmed', `must be at most the ${current.ordered} ordered`, 'out_of_range', { max: current.ordered });
      const at = new Date().toISOString();
      await repo.setOfferConfirmed(trx, offer.area_code, id, input.confirmed, at, actor.userId);
      const lines = await repo.linesOfOffer(trx, offer.area_code, offer.round_id, id);
      const allocations = allocateProRata(lines.map((l) => ({ key: l.id, requested: l.quantity })), input.confirmed);
      await repo.setAllocations(trx, offer.area_code, allocations.map((a) => ({ id: a.key, allocated: a.allocated })));
      const shortBuyers: NewNotification[] = [];
      for (const [i, a] of allocations.entries()) {
        if (a.allocated < a.requested) {
          shortBuyers.push(roundMessage(lines[i]!.buyer_user_id, round, 'marketShortage', `${current.product_name} ${a.requested} → ${a.allocated} ${current.unit}`));
        }
      }
      await notifyBatch(trx, shortBuyers);
      if ((await repo.unconfirmedOffers(trx, offer.area_code, offer.round_id)) === 0) {
        await repo.totalOrderAllocations(trx, offer.area_code, offer.round_id);
        await move({ trx, row: round, by: actor.userId, to: 'confirmed', note: null, at });
      }
      await recordAudit(trx, ctx, { action: 'market.offer.confirm', areaCode: offer.producer_area_code, targetType: 'marketOffer', targetId: id, details: { ordered: current.ordered, confirmed: input.confirmed } });
    }),
  );
  return toOffer((await repo.findOffer(db, id))!);
}

export interface CloseSweepResult {
  closed: number;
  extended: number;
  cancelled: number;
}

/**
 * Closes every open round whose closing time has come by `now`: one that reached its minimum total
 * (or has none) closes; one below it cancels, or stays open `extend_hours` longer once. Several
 * processes on one PostgreSQL may sweep at once: rows are taken with SKIP LOCKED, and a round
 * already moved is no longer due, so no round is closed twice.
 */
export async function closeDueRounds(db: Db, options: { now?: string; batch?: number } = {}): Promise<CloseSweepResult> {
  const now = options.now ?? new Date().toISOString();
  const batch = options.batch ?? 100;
  const result: CloseSweepResult = { closed: 0, extended: 0, cancelled: 0 };
  const ctx: RequestContext = { actor: null, address: 'scheduler', requestId: `market-sweep-${now}` };
  for (;;) {
    const seen = await db.transaction().execute(async (trx) => {
      const rows = await repo.dueToClose(trx, now, batch);
      for (const row of rows) {
        const outcome = closingOutcome({
          totalCents: row.ordered_cents,
          minimumTotalCents: row.minimum_total_cents,
          belowMinimum: row.below_minimum as BelowMinimum,
          extendHours: row.extend_hours,
          extended: Boolean(row.extended),
          closesAt: row.closes_at,
        });
        if (outcome.status === 'open') {
          await repo.updateRound(trx, row.area_code, row.id, { closes_at: outcome.closesAt!, extended: true, updated_at: now });
          await repo.insertEvent(trx, { area_code: row.area_code, id: newId(), round_id: row.id, from_status: 'open', to_status: 'open', note: `below minimum: extended to ${outcome.closesAt}`, at: now, by_user: null });
          result.extended++;
        } else {
          const note = outcome.status === 'cancelled' ? 'below minimum total' : null;
          await move({ trx, row, by: null, to: outcome.status, note, at: now });
          if (outcome.status === 'closed') await afterClosing(trx, { ...row, status: 'closed' }, now);
          if (outcome.status === 'closed') result.closed++;
          else result.cancelled++;
        }
        await recordAudit(trx, ctx, { action: 'market.round.sweep', areaCode: row.area_code, targetType: 'marketRound', targetId: row.id, details: { outcome: outcome.status } });
      }
      return rows.length;
    });
    if (seen < batch) break;
  }
  return result;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Sweeps every `seconds` in this process (the first at once); a sweep never overlaps the previous one. */
export function startRoundScheduler(db: Db, seconds: number, log: { error: (o: unknown, m: string) => void }): Scheduler {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = closeDueRounds(db)
      .catch((error: unknown) => log.error({ err: error }, 'sales round sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
