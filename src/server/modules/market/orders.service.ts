/**
 * Orders from urban residents in a hub's round. Placing an order locks the round's row, then
 * checks every limit against what is committed, then takes the units (a guarded update that
 * cannot pass the offer's quantity): concurrent orders for the last units never oversell.
 * A refusal is a 409 that names the limit (`details.limit`, one of ORDER_LIMITS) and writes nothing.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { requirePermission, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { me } from '../accounts/accounts.service.ts';
import type { NewOrder, Order, OrderLimit, OrderStatus, RoundStatus } from '../../../contracts/market.ts';
import * as repo from './rounds.repository.ts';
import { roundFor, withRetry } from './rounds.service.ts';

function limitReached(limit: OrderLimit, message: string, details: Record<string, unknown> = {}) {
  return conflict(message, { limit, ...details });
}

async function ordersWithLines(db: Db, rows: repo.OrderRow[]): Promise<Order[]> {
  const out: Order[] = [];
  const byRound = new Map<string, repo.OrderRow[]>();
  for (const row of rows) {
    const list = byRound.get(row.round_id) ?? [];
    list.push(row);
    byRound.set(row.round_id, list);
  }
  const built = new Map<string, Order>();
  for (const [roundId, orders] of byRound) {
    const areaCode = orders[0]!.area_code;
    const [round, offers, pickups, lines] = await Promise.all([
      repo.findRound(db, roundId),
      repo.offersOfRound(db, areaCode, roundId),
      repo.pickupsOfRound(db, areaCode, roundId),
      repo.linesOfOrders(db, areaCode, orders.map((o) => o.id)),
    ]);
    const offerById = new Map(offers.map((o) => [o.id, o]));
    const pickupName = new Map(pickups.map((p) => [p.facility_id, p.name]));
    for (const order of orders) {
      built.set(order.id, {
        id: order.id,
        roundId,
        roundTitle: round?.title ?? '',
        roundStatus: (round?.status ?? 'open') as RoundStatus,
        buyerName: order.buyer_name,
        pickupFacilityId: order.pickup_facility_id,
        pickupName: pickupName.get(order.pickup_facility_id) ?? '',
        status: order.status as OrderStatus,
        units: order.units,
        totalCents: order.total_cents,
        allocatedUnits: order.allocated_units,
        allocatedCents: order.allocated_cents,
        createdAt: order.created_at,
        receivedAt: order.received_at,
        lines: lines
          .filter((l) => l.order_id === order.id)
          .map((l) => {
            const offer = offerById.get(l.offer_id);
            return {
              id: l.id,
              offerId: l.offer_id,
              productName: offer?.product_name ?? '',
              unit: offer?.unit ?? '',
              producerName: offer?.producer_name ?? '',
              quantity: l.quantity,
              allocated: l.allocated,
              priceCents: l.price_cents,
            };
          }),
      });
    }
  }
  for (const row of rows) out.push(built.get(row.id)!);
  return out;
}

/** Place an order in a round of a hub in the buyer's scope. */
export async function placeOrder(db: Db, ctx: RequestContext, roundId: string, input: NewOrder): Promise<Order> {
  const { actor, row } = await roundFor(db, ctx, 'market.order', roundId);
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    if (seen.has(line.offerId)) throw invalidField(`lines.${i}.offerId`, 'is listed twice', 'duplicate');
    seen.add(line.offerId);
  }
  const [pickups, offers] = await Promise.all([repo.pickupsOfRound(db, row.area_code, row.id), repo.offersOfRound(db, row.area_code, row.id)]);
  if (!pickups.some((p) => p.facility_id === input.pickupFacilityId)) throw invalidField('pickupFacilityId', 'is not a pickup point of this round', 'unknown_reference');
  const offerById = new Map(offers.map((o) => [o.id, o]));
  for (const [i, line] of input.lines.entries()) {
    if (!offerById.has(line.offerId)) throw invalidField(`lines.${i}.offerId`, 'is not an offer of this round', 'unknown_reference');
  }
  const buyerName = (await me(db, ctx)).displayName;
  const units = input.lines.reduce((s, l) => s + l.quantity, 0);
  const totalCents = input.lines.reduce((s, l) => s + l.quantity * offerById.get(l.offerId)!.price_cents, 0);
  const id = newId();
  await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const round = await repo.lockRound(trx, row.area_code, row.id);
      if (!round) throw notFound('Sales round', roundId);
      const now = new Date().toISOString();
      if (round.status !== 'open' || now >= round.closes_at) throw limitReached('closed', `Sales round ${roundId} is closed for orders (closing time ${round.closes_at})`, { closesAt: round.closes_at, status: round.status });
      if (now < round.opens_at) throw limitReached('notOpenYet', `Sales round ${roundId} opens at ${round.opens_at}`, { opensAt: round.opens_at });
      if (round.order_unit_limit !== null && units > round.order_unit_limit) {
        throw limitReached('orderUnitLimit', `One order holds at most ${round.order_unit_limit} units`, { max: round.order_unit_limit });
      }
      const held = await repo.buyerUnits(trx, row.area_code, row.id, actor.userId);
      if (round.buyer_unit_limit !== null && held.total + units > round.buyer_unit_limit) {
        throw limitReached('buyerUnitLimit', `One buyer holds at most ${round.buyer_unit_limit} units in this round (you hold ${held.total})`, { max: round.buyer_unit_limit, held: held.total });
      }
      const lines = [];
      for (const line of input.lines) {
        const offer = offerById.get(line.offerId)!;
        const already = held.byOffer.get(offer.id) ?? 0;
        if (offer.per_buyer_limit !== null && already + line.quantity > offer.per_buyer_limit) {
          throw limitReached('perBuyerLimit', `One buyer takes at most ${offer.per_buyer_limit} of ${offer.product_name}`, { offerId: offer.id, max: offer.per_buyer_limit, held: already });
        }
        if (!(await repo.takeUnits(trx, row.area_code, offer.id, line.quantity))) {
          const current = (await repo.findOffer(trx, offer.id))!;
          throw limitReached('available', `Only ${current.quantity - current.ordered} of ${offer.product_name} are left`, { offerId: offer.id, remaining: current.quantity - current.ordered });
        }
        lines.push({ area_code: row.area_code, id: newId(), order_id: id, round_id: row.id, offer_id: offer.id, quantity: line.quantity, allocated: null, price_cents: offer.price_cents });
      }
      await repo.insertOrder(
        trx,
        {
          area_code: row.area_code,
          id,
          round_id: row.id,
          buyer_user_id: actor.userId,
          buyer_name: buyerName,
          pickup_facility_id: input.pickupFacilityId,
          status: 'placed',
          units,
          total_cents: totalCents,
          allocated_units: null,
          allocated_cents: null,
          created_at: now,
          received_at: null,
        },
        lines,
      );
      await repo.addToRoundTotals(trx, row.area_code, row.id, totalCents);
      await recordAudit(trx, ctx, { action: 'market.order.place', areaCode: row.area_code, targetType: 'marketOrder', targetId: id, details: { roundId, units } });
    }),
  );
  return (await ordersWithLines(db, [(await repo.findOrder(db, id))!]))[0]!;
}

/** One's own orders, newest first (optionally in one round). */
export async function myOrders(db: Db, ctx: RequestContext, q: { roundId?: string }): Promise<{ items: Order[] }> {
  const actor = requirePermission(ctx, 'market.order');
  return { items: await ordersWithLines(db, await repo.ordersOfBuyer(db, actor.userId, q.roundId)) };
}

/** Every order of a round, for its hub. */
export async function roundOrders(db: Db, ctx: RequestContext, roundId: string): Promise<{ items: Order[] }> {
  const { row } = await roundFor(db, ctx, 'market.coordinate', roundId);
  return { items: await ordersWithLines(db, await repo.ordersOfRound(db, row.area_code, row.id)) };
}

/** The order one confirms receipt of: 404 unknown, 403 when it is someone else's. */
export async function ownOrder(db: Db, ctx: RequestContext, id: string): Promise<repo.OrderRow> {
  const actor = requirePermission(ctx, 'market.order');
  const order = await repo.findOrder(db, id);
  if (!order) throw notFound('Order', id);
  if (order.buyer_user_id !== actor.userId) throw forbidden(`Order ${id} is not yours`, { reason: 'own' });
  return order;
}

/** The buyer confirms they collected their order, once the round is delivered. */
export async function confirmReceipt(db: Db, ctx: RequestContext, id: string): Promise<Order> {
  const order = await ownOrder(db, ctx, id);
  await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const round = await repo.lockRound(trx, order.area_code, order.round_id);
      if (!round || (round.status !== 'delivered' && round.status !== 'settled')) {
        throw conflict(`Sales round ${order.round_id} is ${round?.status ?? 'gone'}: receipt is confirmed once it is delivered`, { status: round?.status ?? null });
      }
      if (!(await repo.markReceived(trx, order.area_code, id, new Date().toISOString()))) throw conflict(`Order ${id} is ${order.status}, not awaiting receipt`, { status: order.status });
      await recordAudit(trx, ctx, { action: 'market.order.receipt', areaCode: order.area_code, targetType: 'marketOrder', targetId: id });
    }),
  );
  return (await ordersWithLines(db, [(await repo.findOrder(db, id))!]))[0]!;
}
