import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import { locksRows } from '../../db/row-locks.ts';
import type {
  MarketOffersTable,
  MarketOrderLinesTable,
  MarketOrdersTable,
  MarketRoundEventsTable,
  MarketRoundPickupsTable,
  MarketRoundsTable,
  MarketSettlementsTable,
} from '../../db/tables/market.ts';

export type RoundRow = Selectable<MarketRoundsTable> & { hub_name: string };
export type OfferRow = Selectable<MarketOffersTable> & { product_name: string; unit: string; producer_name: string; has_photo: number | boolean };
export type OrderRow = Selectable<MarketOrdersTable>;
export type LineRow = Selectable<MarketOrderLinesTable>;
export type PickupRow = Selectable<MarketRoundPickupsTable>;
export type EventRow = Selectable<MarketRoundEventsTable>;
export type SettlementRow = Selectable<MarketSettlementsTable>;

function rounds(db: Db) {
  return db
    .selectFrom('market_rounds as r')
    .innerJoin('market_hubs as h', (j) => j.onRef('h.area_code', '=', 'r.area_code').onRef('h.id', '=', 'r.hub_id'))
    .selectAll('r')
    .select('h.name as hub_name');
}

export function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return rounds(db).where('r.id', '=', id).executeTakeFirst();
}

/**
 * The round's row, locked until the transaction ends (PostgreSQL): every write to a round — an
 * order, a confirmation, a move — takes this lock first, so writers of one round queue up and
 * one order's check of what is left sees the orders committed before it. SQLite has one writer.
 */
export async function lockRound(trx: Db, areaCode: string, id: string): Promise<Selectable<MarketRoundsTable> | undefined> {
  const query = trx.selectFrom('market_rounds').selectAll().where('area_code', '=', areaCode).where('id', '=', id);
  return locksRows(trx) ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

export function listRounds(db: Db, area: string, status?: string): Promise<RoundRow[]> {
  let query = rounds(db).where((eb) => withinArea(eb, 'r.area_code', area));
  if (status) query = query.where('r.status', '=', status);
  return query.orderBy('r.closes_at', 'desc').orderBy('r.id', 'desc').limit(200).execute();
}

/** Open rounds whose closing time has come, oldest first; on PostgreSQL rows another sweep holds are skipped. */
export async function dueToClose(trx: Db, now: string, limit: number): Promise<Selectable<MarketRoundsTable>[]> {
  const query = trx.selectFrom('market_rounds').selectAll().where('status', '=', 'open').where('closes_at', '<=', now).orderBy('closes_at').limit(limit);
  return locksRows(trx) ? query.forUpdate().skipLocked().execute() : query.execute();
}

export async function insertRound(trx: Db, row: Insertable<MarketRoundsTable>): Promise<void> {
  await trx.insertInto('market_rounds').values(row).execute();
}

export async function insertPickups(trx: Db, rows: Insertable<MarketRoundPickupsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('market_round_pickups').values(rows).execute();
}

export async function insertOffers(trx: Db, rows: Insertable<MarketOffersTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('market_offers').values(rows).execute();
}

export async function insertEvent(trx: Db, row: Insertable<MarketRoundEventsTable>): Promise<void> {
  await trx.insertInto('market_round_events').values(row).execute();
}

export async function updateRound(trx: Db, areaCode: string, id: string, changes: Partial<Insertable<MarketRoundsTable>>): Promise<void> {
  await trx.updateTable('market_rounds').set(changes).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

function offers(db: Db) {
  return db
    .selectFrom('market_offers as o')
    .innerJoin('market_products as p', (j) => j.onRef('p.area_code', '=', 'o.producer_area_code').onRef('p.id', '=', 'o.product_id'))
    .innerJoin('market_producers as m', (j) => j.onRef('m.area_code', '=', 'o.producer_area_code').onRef('m.id', '=', 'o.producer_id'))
    .selectAll('o')
    .select(['p.name as product_name', 'p.unit', 'm.name as producer_name', sql<number>`case when p.photo_sha256 is null then 0 else 1 end`.as('has_photo')]);
}

export function offersOfRound(db: Db, areaCode: string, roundId: string): Promise<OfferRow[]> {
  return offers(db).where('o.area_code', '=', areaCode).where('o.round_id', '=', roundId).orderBy('o.id').execute();
}

export function findOffer(db: Db, id: string): Promise<OfferRow | undefined> {
  return offers(db).where('o.id', '=', id).executeTakeFirst();
}

/** Offers of producers in `area`, in rounds from closing to delivery (what producers confirm and pack). */
export function offersOfProducers(db: Db, area: string): Promise<(OfferRow & { round_title: string; round_status: string })[]> {
  return offers(db)
    .innerJoin('market_rounds as r', (j) => j.onRef('r.area_code', '=', 'o.area_code').onRef('r.id', '=', 'o.round_id'))
    .select(['r.title as round_title', 'r.status as round_status'])
    .where((eb) => withinArea(eb, 'o.producer_area_code', area))
    .where('r.status', 'in', ['open', 'closed', 'confirmed', 'packed'])
    .orderBy('r.closes_at')
    .orderBy('o.id')
    .limit(500)
    .execute();
}

export function pickupsOfRound(db: Db, areaCode: string, roundId: string): Promise<PickupRow[]> {
  return db.selectFrom('market_round_pickups').selectAll().where('area_code', '=', areaCode).where('round_id', '=', roundId).orderBy('name').execute();
}

export function eventsOfRound(db: Db, areaCode: string, roundId: string): Promise<EventRow[]> {
  return db.selectFrom('market_round_events').selectAll().where('area_code', '=', areaCode).where('round_id', '=', roundId).orderBy('at').orderBy('id').execute();
}

/** Units a buyer holds in a round's live orders, in all and per offer. */
export async function buyerUnits(trx: Db, areaCode: string, roundId: string, userId: string): Promise<{ total: number; byOffer: Map<string, number> }> {
  const rows = await trx
    .selectFrom('market_order_lines as l')
    .innerJoin('market_orders as o', (j) => j.onRef('o.area_code', '=', 'l.area_code').onRef('o.id', '=', 'l.order_id'))
    .select(['l.offer_id', (eb) => eb.fn.sum<number>('l.quantity').as('units')])
    .where('o.area_code', '=', areaCode)
    .where('o.round_id', '=', roundId)
    .where('o.buyer_user_id', '=', userId)
    .where('o.status', '!=', 'cancelled')
    .groupBy('l.offer_id')
    .execute();
  const byOffer = new Map(rows.map((r) => [r.offer_id, Number(r.units)]));
  return { total: [...byOffer.values()].reduce((s, n) => s + n, 0), byOffer };
}

export async function insertOrder(trx: Db, order: Insertable<MarketOrdersTable>, lines: Insertable<MarketOrderLinesTable>[]): Promise<void> {
  await trx.insertInto('market_orders').values(order).execute();
  await trx.insertInto('market_order_lines').values(lines).execute();
}

/** Takes `units` of an offer, only if they are still there; false when they are not. */
export async function takeUnits(trx: Db, areaCode: string, offerId: string, units: number): Promise<boolean> {
  const result = await trx
    .updateTable('market_offers')
    .set((eb) => ({ ordered: eb('ordered', '+', units) }))
    .where('area_code', '=', areaCode)
    .where('id', '=', offerId)
    .where(sql<boolean>`ordered + ${units} <= quantity`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function addToRoundTotals(trx: Db, areaCode: string, id: string, cents: number): Promise<void> {
  await trx
    .updateTable('market_rounds')
    .set((eb) => ({ ordered_cents: eb('ordered_cents', '+', cents), order_count: eb('order_count', '+', 1) }))
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .execute();
}

/** Live order lines of an offer (the claims a shortage is shared over). */
export function linesOfOffer(trx: Db, areaCode: string, roundId: string, offerId: string): Promise<{ id: string; order_id: string; quantity: number; buyer_user_id: string }[]> {
  return trx
    .selectFrom('market_order_lines as l')
    .innerJoin('market_orders as o', (j) => j.onRef('o.area_code', '=', 'l.area_code').onRef('o.id', '=', 'l.order_id'))
    .select(['l.id', 'l.order_id', 'l.quantity', 'o.buyer_user_id'])
    .where('l.area_code', '=', areaCode)
    .where('l.round_id', '=', roundId)
    .where('l.offer_id', '=', offerId)
    .where('o.status', '=', 'placed')
    .execute();
}

export async function setOfferConfirmed(trx: Db, areaCode: string, offerId: string, confirmed: number, at: string, by: string | null): Promise<void> {
  await trx.updateTable('market_offers').set({ confirmed, confirmed_at: at, confirmed_by: by }).where('area_code', '=', areaCode).where('id', '=', offerId).execute();
}

/** Offers nobody ordered are confirmed at zero when the round closes: nothing to ask their producers. */
export async function confirmUnorderedOffers(trx: Db, areaCode: string, roundId: string, at: string): Promise<void> {
  await trx
    .updateTable('market_offers')
    .set({ confirmed: 0, confirmed_at: at })
    .where('area_code', '=', areaCode)
    .where('round_id', '=', roundId)
    .where('ordered', '=', 0)
    .where('confirmed', 'is', null)
    .execute();
}

export async function unconfirmedOffers(trx: Db, areaCode: string, roundId: string): Promise<number> {
  const row = await trx
    .selectFrom('market_offers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_code', '=', areaCode)
    .where('round_id', '=', roundId)
    .where('confirmed', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Writes allocations grouped by value: a shortage over thousands of lines gives a handful of
 * distinct allocations, so this is a few statements (ids in chunks), not one per line.
 */
export async function setAllocations(trx: Db, areaCode: string, allocations: { id: string; allocated: number }[]): Promise<void> {
  const byValue = new Map<number, string[]>();
  for (const a of allocations) {
    let ids = byValue.get(a.allocated);
    if (!ids) byValue.set(a.allocated, (ids = []));
    ids.push(a.id);
  }
  for (const [allocated, ids] of byValue) {
    for (let i = 0; i < ids.length; i += 500) {
      await trx.updateTable('market_order_lines').set({ allocated }).where('area_code', '=', areaCode).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }
}

/** Each live order's allocated units and amount, from its lines (once every offer is confirmed). */
export async function totalOrderAllocations(trx: Db, areaCode: string, roundId: string): Promise<void> {
  await trx
    .updateTable('market_orders as o')
    .set({
      allocated_units: (eb) =>
        eb.selectFrom('market_order_lines as l').select(sql<number>`coalesce(sum(l.allocated), 0)`.as('u')).whereRef('l.area_code', '=', 'o.area_code').whereRef('l.order_id', '=', 'o.id'),
      allocated_cents: (eb) =>
        eb.selectFrom('market_order_lines as l').select(sql<number>`coalesce(sum(l.allocated * l.price_cents), 0)`.as('c')).whereRef('l.area_code', '=', 'o.area_code').whereRef('l.order_id', '=', 'o.id'),
    })
    .where('o.area_code', '=', areaCode)
    .where('o.round_id', '=', roundId)
    .where('o.status', '=', 'placed')
    .execute();
}

/** Cancels a round's live orders; answers their buyers. */
export async function cancelOrders(trx: Db, areaCode: string, roundId: string): Promise<string[]> {
  const buyers = await trx
    .selectFrom('market_orders')
    .select('buyer_user_id')
    .distinct()
    .where('area_code', '=', areaCode)
    .where('round_id', '=', roundId)
    .where('status', '=', 'placed')
    .execute();
  await trx.updateTable('market_orders').set({ status: 'cancelled' }).where('area_code', '=', areaCode).where('round_id', '=', roundId).where('status', '=', 'placed').execute();
  return buyers.map((b) => b.buyer_user_id);
}

export async function buyersOfRound(trx: Db, areaCode: string, roundId: string): Promise<string[]> {
  const rows = await trx.selectFrom('market_orders').select('buyer_user_id').distinct().where('area_code', '=', areaCode).where('round_id', '=', roundId).where('status', '!=', 'cancelled').execute();
  return rows.map((r) => r.buyer_user_id);
}

export function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('market_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function ordersOfRound(db: Db, areaCode: string, roundId: string): Promise<OrderRow[]> {
  return db.selectFrom('market_orders').selectAll().where('area_code', '=', areaCode).where('round_id', '=', roundId).orderBy('id').execute();
}

export function ordersOfBuyer(db: Db, userId: string, roundId?: string): Promise<OrderRow[]> {
  let query = db.selectFrom('market_orders').selectAll().where('buyer_user_id', '=', userId);
  if (roundId) query = query.where('round_id', '=', roundId);
  return query.orderBy('created_at', 'desc').limit(200).execute();
}

export function linesOfOrders(db: Db, areaCode: string, orderIds: string[]): Promise<LineRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  return db.selectFrom('market_order_lines').selectAll().where('area_code', '=', areaCode).where('order_id', 'in', orderIds).orderBy('id').execute();
}

export function linesOfRound(db: Db, areaCode: string, roundId: string): Promise<(LineRow & { buyer_name: string; pickup_facility_id: string; order_status: string })[]> {
  return db
    .selectFrom('market_order_lines as l')
    .innerJoin('market_orders as o', (j) => j.onRef('o.area_code', '=', 'l.area_code').onRef('o.id', '=', 'l.order_id'))
    .selectAll('l')
    .select(['o.buyer_name', 'o.pickup_facility_id', 'o.status as order_status'])
    .where('l.area_code', '=', areaCode)
    .where('l.round_id', '=', roundId)
    .orderBy('o.buyer_name')
    .orderBy('l.id')
    .execute();
}

export async function markReceived(trx: Db, areaCode: string, id: string, at: string): Promise<boolean> {
  const result = await trx.updateTable('market_orders').set({ status: 'received', received_at: at }).where('area_code', '=', areaCode).where('id', '=', id).where('status', '=', 'placed').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertSettlements(trx: Db, rows: Insertable<MarketSettlementsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('market_settlements').values(rows).execute();
}

export function settlementsOfRound(db: Db, areaCode: string, roundId: string): Promise<SettlementRow[]> {
  return db.selectFrom('market_settlements').selectAll().where('area_code', '=', areaCode).where('round_id', '=', roundId).orderBy('producer_name').execute();
}

export function findSettlement(db: Db, id: string): Promise<SettlementRow | undefined> {
  return db.selectFrom('market_settlements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markPaid(trx: Db, areaCode: string, id: string, paidAt: string, note: string | null): Promise<boolean> {
  const result = await trx
    .updateTable('market_settlements')
    .set({ status: 'paid', paid_at: paidAt, paid_note: note })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('status', '=', 'owed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
