/**
 * `npm run bench -- market [--orders N] [--racers R] [--left L]`: sales rounds on SQLite and
 * PostgreSQL (when one answers on 127.0.0.1:5432).
 *
 * - close and allocate: a round with N (default 10,000) orders over 5 offers, each offer ordered
 *   beyond what its producer confirms (a shortage everywhere); the hub closes it and each producer
 *   confirms, through the services (lock, pro-rata allocation, allocations written grouped by
 *   value, every short buyer told, order totals). Target < 2 s. Baseline in the same run: the same
 *   allocations written one UPDATE per line, as a naive service would.
 * - the race: R (default 200) orders of one unit at once for the last L (default 50) units of an
 *   offer, through the service; nothing may be oversold. Baseline: the same orders one at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Insertable } from 'kysely';
import type { MarketOrdersTable } from '../src/server/db/tables/market.ts';
import { createDatabase, type DatabaseHandle } from '../src/server/db/database.ts';
import type { Db } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { newId } from '../src/server/db/ids.ts';
import type { RequestContext } from '../src/server/http/actor.ts';
import { allocateProRata } from '../src/engine/market/allocation.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { confirmOffer, moveRound } from '../src/server/modules/market/rounds.service.ts';
import { placeOrder } from '../src/server/modules/market/orders.service.ts';
import { option, withScratchPostgres } from './support.ts';

const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;


const VILLAGE = '340828100201';
const URBAN = '340802001001';
const OFFERS = 5;
const admin: RequestContext = { actor: { userId: 'bench-admin', username: 'bench-admin', role: 'admin', scope: '34' }, address: 'bench', requestId: 'bench' };

async function chunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Areas, a producer with OFFERS products, a hub, `buyers` users. */
async function base(db: Db, buyers: number): Promise<{ producerId: string; productIds: string[]; hubId: string; buyerIds: string[] }> {
  const now = new Date().toISOString();
  for (const [code, kind] of [[VILLAGE, 'rural'], [URBAN, 'urban']] as const) {
    await db
      .insertInto('areas')
      .values({ code, parent_code: null, level: 5, name: kind === 'rural' ? '测试村' : '测试社区', kind, kind_override: null, urban_rural_code: null, lon: null, lat: null, search_initials: '', search_pinyin: '', generated: true })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  const producerId = newId();
  await db.insertInto('market_producers').values({ area_code: VILLAGE, id: producerId, kind: 'cooperative', name: '茶叶合作社', description: null, user_id: null, listed_by_agent: true, created_at: now, created_by: null }).execute();
  const productIds = Array.from({ length: OFFERS }, () => newId());
  await db
    .insertInto('market_products')
    .values(productIds.map((id, i) => ({ area_code: VILLAGE, id, producer_id: producerId, name: `产品${i + 1}`, unit: '盒', price_cents: 1000 + i * 500, quantity: 1_000_000, photo_sha256: null, harvest_from: null, harvest_to: null, created_at: now, created_by: null, updated_at: null, version: 1 })))
    .execute();
  const hubId = newId();
  await db.insertInto('market_hubs').values({ area_code: URBAN, id: hubId, kind: 'buyersGroup', name: '团购点', created_at: now, created_by: null }).execute();
  const buyerIds = Array.from({ length: buyers }, () => newId());
  await chunks(buyerIds, 200, (ids) =>
    db
      .insertInto('users')
      .values(ids.map((id, i) => ({ id, username: `bench-buyer-${id}`, display_name: `买家${i}`, password_hash: 'x', role: 'resident', scope_code: URBAN, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })))
      .execute(),
  );
  return { producerId, productIds, hubId, buyerIds };
}

/** An open round with its offers and one pickup point, written directly. */
async function round(db: Db, fixture: Awaited<ReturnType<typeof base>>, quantity: number, ordered = 0): Promise<{ id: string; offerIds: string[]; pickup: string }> {
  const now = new Date().toISOString();
  const id = newId();
  const pickup = newId();
  await db
    .insertInto('market_rounds')
    .values({ area_code: URBAN, id, hub_id: fixture.hubId, title: '基准轮次', status: 'open', opens_at: new Date(Date.now() - 3_600_000).toISOString(), closes_at: new Date(Date.now() + 3_600_000).toISOString(), extended: false, minimum_total_cents: null, below_minimum: 'cancel', extend_hours: 0, order_unit_limit: null, buyer_unit_limit: null, ordered_cents: 0, order_count: 0, created_at: now, created_by: null, updated_at: now, version: 1 })
    .execute();
  await db.insertInto('market_round_pickups').values({ area_code: URBAN, round_id: id, facility_id: pickup, facility_area_code: URBAN, name: '自提点' }).execute();
  const offerIds = fixture.productIds.map(() => newId());
  await db
    .insertInto('market_offers')
    .values(offerIds.map((offerId, i) => ({ area_code: URBAN, id: offerId, round_id: id, product_id: fixture.productIds[i]!, producer_id: fixture.producerId, producer_area_code: VILLAGE, price_cents: 1000 + i * 500, quantity, ordered, per_buyer_limit: null, confirmed: null, confirmed_at: null, confirmed_by: null })))
    .execute();
  return { id, offerIds, pickup };
}

async function closeAndAllocate(handle: DatabaseHandle, orders: number): Promise<Record<string, unknown>> {
  const { db } = handle;
  const fixture = await base(db, orders);
  const random = seededRandom(hashSeed('market-bench'));
  // Each order: 1–3 lines of 1–4 units.
  const orderRows: Insertable<MarketOrdersTable>[] = [];
  const lineRows: { area_code: string; id: string; order_id: string; round_id: string; offer_id: string; quantity: number; allocated: null; price_cents: number }[] = [];
  const orderedPerOffer = new Array<number>(OFFERS).fill(0);
  const r = await round(db, fixture, 10_000_000);
  for (let i = 0; i < orders; i++) {
    const orderId = newId();
    const picks = new Set<number>();
    const n = 1 + Math.floor(random() * 3);
    while (picks.size < n) picks.add(Math.floor(random() * OFFERS));
    let units = 0;
    let cents = 0;
    for (const k of picks) {
      const quantity = 1 + Math.floor(random() * 4);
      units += quantity;
      cents += quantity * (1000 + k * 500);
      orderedPerOffer[k]! += quantity;
      lineRows.push({ area_code: URBAN, id: newId(), order_id: orderId, round_id: r.id, offer_id: r.offerIds[k]!, quantity, allocated: null, price_cents: 1000 + k * 500 });
    }
    orderRows.push({ area_code: URBAN, id: orderId, round_id: r.id, buyer_user_id: fixture.buyerIds[i]!, buyer_name: `买家${i}`, pickup_facility_id: r.pickup, status: 'placed', units, total_cents: cents, allocated_units: null, allocated_cents: null, created_at: new Date().toISOString(), received_at: null });
  }
  await chunks(orderRows, 500, (rows) => db.insertInto('market_orders').values(rows).execute());
  await chunks(lineRows, 500, (rows) => db.insertInto('market_order_lines').values(rows).execute());
  for (const [k, offerId] of r.offerIds.entries()) await db.updateTable('market_offers').set({ ordered: orderedPerOffer[k]! }).where('id', '=', offerId).execute();
  // Producers confirm 70–90 % of what was ordered: a shortage on every offer.
  const confirmed = orderedPerOffer.map((n, k) => Math.floor(n * (0.7 + 0.05 * k)));

  let t = performance.now();
  await moveRound(db, admin, r.id, { to: 'closed' });
  const closeMs = ms(t);
  t = performance.now();
  for (const [k, offerId] of r.offerIds.entries()) await confirmOffer(db, admin, offerId, { confirmed: confirmed[k]! });
  const allocateMs = ms(t);
  const status = (await db.selectFrom('market_rounds').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status;
  const allocatedTotal = Number((await db.selectFrom('market_order_lines').select((eb) => eb.fn.sum<number>('allocated').as('n')).where('round_id', '=', r.id).executeTakeFirstOrThrow()).n);
  const told = Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'marketShortage').executeTakeFirstOrThrow()).n);

  // Baseline: the same allocations, one UPDATE per line, in one transaction.
  t = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const [k, offerId] of r.offerIds.entries()) {
      const lines = lineRows.filter((l) => l.offer_id === offerId);
      const allocations = allocateProRata(lines.map((l) => ({ key: l.id, requested: l.quantity })), confirmed[k]!);
      for (const a of allocations) await trx.updateTable('market_order_lines').set({ allocated: a.allocated }).where('area_code', '=', URBAN).where('id', '=', a.key).execute();
    }
  });
  const baselineMs = ms(t);
  return {
    orders,
    lines: lineRows.length,
    closeMs,
    allocateMs,
    totalMs: Math.round((closeMs + allocateMs) * 10) / 10,
    targetMs: 2000,
    status,
    allocatedTotal,
    confirmedTotal: confirmed.reduce((s, n) => s + n, 0),
    buyersTold: told,
    baselineLineByLineMs: baselineMs,
  };
}

async function race(handle: DatabaseHandle, racers: number, left: number): Promise<Record<string, unknown>> {
  const { db } = handle;
  const fixture = await base(db, racers);
  const contexts: RequestContext[] = fixture.buyerIds.map((id, i) => ({ actor: { userId: id, username: `bench-buyer-${id}`, role: 'resident', scope: URBAN }, address: 'bench', requestId: `race-${i}` }));
  const runRace = async (serial: boolean) => {
    const r = await round(db, fixture, 1000, 1000 - left);
    const order = (ctx: RequestContext) =>
      placeOrder(db, ctx, r.id, { pickupFacilityId: r.pickup, lines: [{ offerId: r.offerIds[0]!, quantity: 1 }] }).then(
        () => 'placed' as const,
        (error: { statusCode?: number; details?: { limit?: string } }) => {
          if (error.statusCode === 409 && error.details?.limit === 'available') return 'refused' as const;
          throw error;
        },
      );
    const t = performance.now();
    const outcomes = serial ? [] : await Promise.all(contexts.map(order));
    if (serial) for (const ctx of contexts) outcomes.push(await order(ctx));
    const elapsed = ms(t);
    const offer = await db.selectFrom('market_offers').selectAll().where('id', '=', r.offerIds[0]!).executeTakeFirstOrThrow();
    const sold = Number((await db.selectFrom('market_order_lines').select((eb) => eb.fn.sum<number>('quantity').as('n')).where('offer_id', '=', r.offerIds[0]!).executeTakeFirstOrThrow()).n ?? 0);
    return { ms: elapsed, placed: outcomes.filter((o) => o === 'placed').length, refused: outcomes.filter((o) => o === 'refused').length, oversold: Math.max(0, offer.ordered - offer.quantity), soldUnits: sold };
  };
  const concurrent = await runRace(false);
  const serial = await runRace(true);
  return { racers, left, concurrent, baselineOneAtATime: serial, oversold: concurrent.oversold > 0 || concurrent.placed > left || concurrent.soldUnits > left };
}

async function measure(handle: DatabaseHandle, options: { orders: number; racers: number; left: number }): Promise<Record<string, unknown>> {
  await migrateToLatest(handle.db);
  const allocation = await closeAndAllocate(handle, options.orders);
  const raceResult = await race(handle, options.racers, options.left);
  return { allocation, race: raceResult };
}

function print(label: string, r: Record<string, unknown>): void {
  const a = r.allocation as Record<string, number | string>;
  const race = r.race as { concurrent: Record<string, number>; baselineOneAtATime: Record<string, number>; oversold: boolean; racers: number; left: number };
  console.log(`${label}:`);
  console.log(`  ${a.orders} orders (${a.lines} lines): close ${a.closeMs} ms + confirm and allocate ${a.allocateMs} ms = ${a.totalMs} ms (target < 2000; status ${a.status}; ${a.allocatedTotal} of ${a.confirmedTotal} units allocated; ${a.buyersTold} buyers told)   baseline allocations written line by line ${a.baselineLineByLineMs} ms`);
  console.log(`  race: ${race.racers} orders at once for the last ${race.left} units: ${race.concurrent.placed} placed, ${race.concurrent.refused} refused, oversold: ${race.oversold} in ${race.concurrent.ms} ms   baseline one at a time ${race.baselineOneAtATime.ms} ms (${race.baselineOneAtATime.placed} placed)`);
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = { orders: option(args, 'orders', 10_000), racers: option(args, 'racers', 200), left: option(args, 'left', 50) };
  const results: Record<string, unknown> = { options };
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-market-'));
  const sqlite = createDatabase('sqlite', join(dir, 'linli.sqlite'));
  try {
    results.sqlite = await measure(sqlite, options);
    print('SQLite', results.sqlite as Record<string, unknown>);
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  results.postgres = await withScratchPostgres('market', async (handle) => {
    const figures = await measure(handle, options);
    print('PostgreSQL', figures as Record<string, unknown>);
    return figures;
  });
  return results;
}
