/**
 * The demo of production–sales matching (产销对接): in the demo village, 岳西翠兰茶叶专业合作社
 * (岳西 is known for its 翠兰 green tea) and a farmer without a phone listed by the agent; in an
 * urban community of 安庆市 with a facility to pick up at, a buyers' group (demo-hub runs it) paired
 * with the village, and an open round with one order of demo-buyer's already in it. Demo accounts:
 * demo-agent lists produce and confirms for the producers; demo-hub runs the round; demo-buyer
 * orders at the shop page. Idempotent: nothing is written twice.
 */
import type { Db } from '../db/database.ts';
import type { RequestContext } from '../http/actor.ts';
import type { Role } from '../../contracts/roles.ts';
import { createUserAsSystem } from '../modules/accounts/accounts.service.ts';
import { DEMO_PASSWORD } from '../modules/accounts/demo-password.ts';
import { createHub, createPairing, createProduct, createProducer } from '../modules/market/producers.service.ts';
import { createRound } from '../modules/market/rounds.service.ts';
import { placeOrder } from '../modules/market/orders.service.ts';

const DAY = 86_400_000;

async function demoUser(db: Db, username: string, role: Role, scope: string, displayName: string, passwordHash: string): Promise<RequestContext> {
  let row = await db.selectFrom('users').select(['id', 'username', 'role', 'scope_code']).where('username', '=', username).executeTakeFirst();
  if (!row) {
    const user = await createUserAsSystem(db, { username, role, scope, displayName, password: DEMO_PASSWORD }, { demo: true, passwordHash });
    row = { id: user.id, username, role, scope_code: scope };
  }
  return { actor: { userId: row.id, username: row.username, role: row.role as Role, scope: row.scope_code }, address: 'seed', requestId: `seed-market-${username}` };
}

export async function seedDemoMarket(db: Db, village: string): Promise<{ roundId: string | null }> {
  if (await db.selectFrom('market_producers').select('id').where('area_code', '=', village).executeTakeFirst()) return { roundId: null };
  const resident = await db.selectFrom('users').select('password_hash').where('username', '=', 'demo-resident').executeTakeFirst();
  const agentRow = await db.selectFrom('users').select(['id', 'username', 'scope_code']).where('username', '=', 'demo-agent').executeTakeFirst();
  if (!resident || !agentRow) return { roundId: null };
  // An urban community of the city that has a facility to pick up at (the first by code).
  const pickup = await db
    .selectFrom('facilities as f')
    .innerJoin('areas as a', 'a.code', 'f.area_code')
    .select(['f.id', 'f.area_code'])
    .where('a.kind', '=', 'urban')
    .where('f.area_code', 'like', '3408%')
    .where('f.status', '=', 'operating')
    .orderBy('f.area_code')
    .orderBy('f.id')
    .executeTakeFirst();
  if (!pickup) return { roundId: null };
  const urban = pickup.area_code;
  const agent: RequestContext = { actor: { userId: agentRow.id, username: agentRow.username, role: 'agent', scope: agentRow.scope_code }, address: 'seed', requestId: 'seed-market-agent' };
  const hub = await demoUser(db, 'demo-hub', 'communityWorker', urban, '社区团购点负责人（演示）', resident.password_hash);
  const buyer = await demoUser(db, 'demo-buyer', 'resident', urban, '城市居民（演示）', resident.password_hash);

  const coop = await createProducer(db, agent, { areaCode: village, kind: 'cooperative', name: '岳西翠兰茶叶专业合作社', description: '高山云雾茶园，手工炒制的岳西翠兰（演示数据）' });
  const farmer = await createProducer(db, agent, { areaCode: village, kind: 'farmer', name: '王大伯（无智能手机，由代办员代为发布）' });
  const year = new Date().getUTCFullYear();
  const premium = await createProduct(db, agent, { producerId: coop.id, name: '岳西翠兰·明前特级', unit: '盒（250克）', priceCents: 16800, quantity: 120, harvestFrom: `${year}-03-20`, harvestTo: `${year}-04-05` });
  const firstGrade = await createProduct(db, agent, { producerId: coop.id, name: '岳西翠兰·雨前一级', unit: '盒（250克）', priceCents: 8800, quantity: 200, harvestFrom: `${year}-04-06`, harvestTo: `${year}-04-20` });
  const honey = await createProduct(db, agent, { producerId: farmer.id, name: '大别山土蜂蜜', unit: '瓶（500克）', priceCents: 6800, quantity: 30 });

  const shop = await createHub(db, hub, { areaCode: urban, kind: 'buyersGroup', name: '邻里城乡对接团购点' });
  await createPairing(db, hub, { urbanAreaCode: urban, ruralAreaCode: village });
  const now = Date.now();
  const round = await createRound(db, hub, {
    hubId: shop.id,
    title: '岳西翠兰春茶团购（第一期）',
    opensAt: new Date(now - DAY).toISOString(),
    closesAt: new Date(now + 7 * DAY).toISOString(),
    minimumTotalCents: 50_000,
    belowMinimum: 'extend',
    extendHours: 72,
    orderUnitLimit: 10,
    pickupFacilityIds: [pickup.id],
    offers: [
      { productId: premium.id, quantity: 40, perBuyerLimit: 4 },
      { productId: firstGrade.id, quantity: 80 },
      { productId: honey.id, quantity: 20, perBuyerLimit: 2 },
    ],
  });
  await placeOrder(db, buyer, round.id, { pickupFacilityId: pickup.id, lines: [{ offerId: round.offers.find((o) => o.productId === firstGrade.id)!.id, quantity: 2 }] });
  return { roundId: round.id };
}
