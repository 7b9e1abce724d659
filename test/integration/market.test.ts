import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/contracts/roles.ts';
import { readTable } from '../../src/server/files/spreadsheet.ts';
import { closeDueRounds } from '../../src/server/modules/market/rounds.service.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { MARKET_LIMITS } from '../../src/contracts/market.ts';
import { DIALECTS } from '../support/databases.ts';

const API = '/api/v1';
// Photos, judged by their bytes: a 1×1 PNG, the head of a JPEG, a 1×1 lossy WebP; and a PDF.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(64, 7)]);
const WEBP = Buffer.from('UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

interface MarketSummaryShape {
  area: { code: string; name: string | null };
  total: Record<'producers' | 'products' | 'openRounds' | 'orders' | 'settledCents', number>;
  urban: MarketSummaryShape['total'];
  rural: MarketSummaryShape['total'];
  children: { code: string; name: string | null; figures: MarketSummaryShape['total'] }[];
}

for (const dialect of DIALECTS) {
  describe(`market: production–sales matching (${dialect})`, () => {
    let t: TestApp;
    let village: string;
    let urban: string;
    let otherUrban: string;
    let agent: Client;
    let outsideAgent: Client;
    let hubWorker: Client;
    let buyers: Client[];
    let stranger: Client;
    let hubId: string;
    let facilityId: string;
    let teaId: string;
    let honeyId: string;
    const db = () => t.database.handle.db;
    const count = async (table: 'market_orders' | 'market_order_lines' | 'notifications') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    async function userOf(username: string, role: Role, scope: string, displayName = username): Promise<Client> {
      const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).password_hash;
      const now = new Date().toISOString();
      await db()
        .insertInto('users')
        .values({ id: uuidv7(), username, display_name: displayName, password_hash: hash, role, scope_code: scope, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
        .execute();
      return t.login(username);
    }

    async function openRound(body: Record<string, unknown> = {}): Promise<{ id: string; offers: { id: string; productId: string }[] }> {
      const response = await hubWorker.post(`${API}/market/rounds`, {
        hubId,
        title: '岳西翠兰 · 第一期',
        opensAt: hoursFromNow(-1),
        closesAt: hoursFromNow(24),
        pickupFacilityIds: [facilityId],
        offers: [
          { productId: teaId, quantity: 10, perBuyerLimit: 6 },
          { productId: honeyId, quantity: 20 },
        ],
        ...body,
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      village = (await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
      // Urban communities other than the demo hub's (the demo seed pairs that one with the village already).
      const demoHub = await db().selectFrom('users').select('scope_code').where('username', '=', 'demo-hub').executeTakeFirstOrThrow();
      const urbans = await db().selectFrom('areas').select('code').where('level', '=', 5).where('kind', '=', 'urban').where('code', 'like', '3408%').where('code', '!=', demoHub.scope_code).orderBy('code').limit(2).execute();
      urban = urbans[0]!.code;
      otherUrban = urbans[1]!.code;
      const otherTownship = await db().selectFrom('areas').select('code').where('level', '=', 4).where('code', 'like', `${village.slice(0, 6)}%`).where('code', '!=', village.slice(0, 9)).orderBy('code').executeTakeFirstOrThrow();
      agent = await t.login('demo-agent');
      outsideAgent = await userOf('market-agent-out', 'agent', otherTownship.code);
      hubWorker = await userOf('market-hub', 'communityWorker', urban, '社区团购负责人');
      buyers = [await userOf('market-buyer-1', 'resident', urban, '王女士'), await userOf('market-buyer-2', 'resident', urban, '李先生'), await userOf('market-buyer-3', 'resident', urban, '张阿姨')];
      stranger = await userOf('market-buyer-far', 'resident', otherUrban, '远方居民');

      const producer = await agent.post(`${API}/market/producers`, { areaCode: village, kind: 'cooperative', name: '岳西翠兰茶叶专业合作社' });
      assert.equal(producer.statusCode, 201, producer.body);
      assert.equal(producer.json().listedByAgent, true);
      const tea = await agent.post(`${API}/market/products`, { producerId: producer.json().id, name: '岳西翠兰', unit: '盒', priceCents: 12800, quantity: 50, harvestFrom: '2026-04-01', harvestTo: '2026-05-15' });
      assert.equal(tea.statusCode, 201, tea.body);
      teaId = tea.json().id;
      const honey = await agent.post(`${API}/market/products`, { producerId: producer.json().id, name: '大别山土蜂蜜', unit: '瓶', priceCents: 6800, quantity: 40 });
      honeyId = honey.json().id;

      const hub = await hubWorker.post(`${API}/market/hubs`, { areaCode: urban, kind: 'buyersGroup', name: '社区团购群' });
      assert.equal(hub.statusCode, 201, hub.body);
      hubId = hub.json().id;
      const facility = await hubWorker.post(`${API}/facilities`, { areaCode: urban, name: '社区党群服务中心自提点', kind: 'other', floorArea: 100, activityArea: 50 });
      assert.equal(facility.statusCode, 201, facility.body);
      facilityId = facility.json().id;
    });
    after(() => t.close());

    test('the demo: a tea co-operative in the demo village, a hub in a city community with an open round demo-buyer ordered in', async () => {
      const buyer = await t.login('demo-buyer');
      const orders = (await buyer.get(`${API}/market/orders`)).json().items;
      assert.equal(orders.length, 1);
      const round = (await buyer.get(`${API}/market/rounds/${orders[0].roundId}`)).json();
      assert.equal(round.status, 'open');
      assert.ok(round.offers.some((o: { productName: string }) => o.productName.startsWith('岳西翠兰')));
      const products = (await agent.get(`${API}/market/products?area=${village}`)).json().items;
      assert.ok(products.length >= 3);
    });

    test('producers and products: bad prices and quantities are 400 naming the field; a village outside scope is 403', async () => {
      const producerId = (await agent.get(`${API}/market/producers?area=${village}`)).json().items[0].id;
      assertFieldNamed(await agent.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: 0, quantity: 5 }), 'priceCents');
      assertFieldNamed(await agent.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: -5, quantity: 5 }), 'priceCents');
      assertFieldNamed(await agent.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: 100, quantity: 0 }), 'quantity');
      assertFieldNamed(await agent.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: 100, quantity: 3, harvestFrom: '2026-06-01', harvestTo: '2026-05-01' }), 'harvestTo', 'inconsistent');
      const before = (await agent.get(`${API}/market/products?area=${village}`)).json().items.length;
      assert.equal(assertError(await outsideAgent.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: 100, quantity: 3 }), 403).details && true, true);
      assertError(await outsideAgent.post(`${API}/market/producers`, { areaCode: village, kind: 'farmer', name: '王大伯' }), 403);
      assert.equal((await agent.get(`${API}/market/products?area=${village}`)).json().items.length, before, 'a refused listing writes nothing');
      assertError(await buyers[0]!.post(`${API}/market/products`, { producerId, name: '茶', unit: '盒', priceCents: 100, quantity: 3 }), 403);
    });

    test('a round needs a pairing with the producers’ village; then it runs through every state', async () => {
      const unpaired = await hubWorker.post(`${API}/market/rounds`, { hubId, title: '未结对', opensAt: hoursFromNow(-1), closesAt: hoursFromNow(2), pickupFacilityIds: [facilityId], offers: [{ productId: teaId, quantity: 5 }] });
      assertFieldNamed(unpaired, 'offers.0.productId', 'not_in_scope');
      assert.equal((await hubWorker.post(`${API}/market/pairings`, { urbanAreaCode: urban, ruralAreaCode: village })).statusCode, 201);
      assertError(await hubWorker.post(`${API}/market/pairings`, { urbanAreaCode: urban, ruralAreaCode: village }), 409);
      // Once paired, the hub sees the village's products (to offer them) though the village lies outside its scope.
      const offerable = (await hubWorker.get(`${API}/market/hubs/${hubId}/products`)).json().items.map((p: { id: string }) => p.id);
      assert.ok(offerable.includes(teaId) && offerable.includes(honeyId), 'the paired village’s products');
      assertError(await hubWorker.get(`${API}/market/products?area=${village}`), 403);
      assertError(await t.login('demo-hub').then((other) => other.get(`${API}/market/hubs/${hubId}/products`)), 403);
      assertError(await hubWorker.get(`${API}/market/hubs/0190a0a0-0000-7000-8000-000000000000/products`), 404);
      assertFieldNamed(await hubWorker.post(`${API}/market/rounds`, { hubId, title: 'x', opensAt: hoursFromNow(2), closesAt: hoursFromNow(1), pickupFacilityIds: [facilityId], offers: [{ productId: teaId, quantity: 5 }] }), 'closesAt');
      assertFieldNamed(await hubWorker.post(`${API}/market/rounds`, { hubId, title: 'x', opensAt: hoursFromNow(-1), closesAt: hoursFromNow(1), pickupFacilityIds: [facilityId], offers: [{ productId: teaId, quantity: 51 }] }), 'offers.0.quantity', 'out_of_range');

      const round = await openRound({ orderUnitLimit: 8, buyerUnitLimit: 11 });
      const [tea, honey] = [round.offers.find((o) => o.productId === teaId)!.id, round.offers.find((o) => o.productId === honeyId)!.id];
      const order = (buyer: Client, lines: [string, number][]) => buyer.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: facilityId, lines: lines.map(([offerId, quantity]) => ({ offerId, quantity })) });
      const limitOf = (response: Awaited<ReturnType<typeof order>>) => (assertError(response, 409).details as { limit: string }).limit;

      // The shop page for a resident of the hub's community; not for one elsewhere.
      const shop = await buyers[0]!.get(`${API}/market/rounds/${round.id}`);
      assert.equal(shop.statusCode, 200, shop.body);
      assert.deepEqual(shop.json().offers.map((o: { remaining: number }) => o.remaining).sort(), [10, 20]);
      assertError(await stranger.get(`${API}/market/rounds/${round.id}`), 403);
      assertError(await order(stranger, [[tea, 1]]), 403);

      assert.equal(limitOf(await order(buyers[0]!, [[tea, 5], [honey, 4]])), 'orderUnitLimit');
      assert.equal((await order(buyers[0]!, [[tea, 4], [honey, 4]])).statusCode, 201);
      assert.equal(limitOf(await order(buyers[0]!, [[tea, 3]])), 'perBuyerLimit');
      assert.equal(limitOf(await order(buyers[0]!, [[honey, 4]])), 'buyerUnitLimit');
      assert.equal((await order(buyers[1]!, [[tea, 6]])).statusCode, 201);
      const before = [await count('market_orders'), await count('market_order_lines')];
      assert.equal(limitOf(await order(buyers[2]!, [[honey, 1], [tea, 1]])), 'available');
      assert.deepEqual([await count('market_orders'), await count('market_order_lines')], before, 'a refused order writes nothing (not even its first line)');
      assertFieldNamed(await buyers[2]!.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: uuidv7(), lines: [{ offerId: honey, quantity: 1 }] }), 'pickupFacilityId');
      assertFieldNamed(await order(buyers[2]!, [[honey, 0]]), 'lines.0.quantity');

      // Nothing to confirm or pick while open.
      assertError(await agent.post(`${API}/market/offers/${tea}/confirmation`, { confirmed: 5 }), 409);
      assertError(await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup`), 409);

      let moved = await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'closed' });
      assert.equal(moved.json().status, 'closed', moved.body);
      assert.equal(limitOf(await order(buyers[2]!, [[honey, 1]])), 'closed');
      assertError(await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'packed' }), 409);

      // The producer (through the agent of its village) confirms a shortage of tea: 7 of 10.
      const toConfirm = (await agent.get(`${API}/market/offers?area=${village}`)).json().items;
      assert.ok(toConfirm.some((o: { id: string; roundStatus: string }) => o.id === tea && o.roundStatus === 'closed'));
      assertError(await outsideAgent.post(`${API}/market/offers/${tea}/confirmation`, { confirmed: 7 }), 403);
      assertFieldNamed(await agent.post(`${API}/market/offers/${tea}/confirmation`, { confirmed: 11 }), 'confirmed', 'out_of_range');
      const inboxBefore = await count('notifications');
      const confirmed = await agent.post(`${API}/market/offers/${tea}/confirmation`, { confirmed: 7 });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assertError(await agent.post(`${API}/market/offers/${tea}/confirmation`, { confirmed: 7 }), 409);
      // 4 and 6 of 10 → 2.8 and 4.2 of 7: floors 2 and 4, the larger remainder (0.8) takes the last unit.
      const mine = async (buyer: Client) => (await buyer.get(`${API}/market/orders?roundId=${round.id}`)).json().items[0];
      assert.equal((await mine(buyers[0]!)).lines.find((l: { offerId: string }) => l.offerId === tea).allocated, 3);
      assert.equal((await mine(buyers[1]!)).lines.find((l: { offerId: string }) => l.offerId === tea).allocated, 4);
      assert.equal(await count('notifications'), inboxBefore + 2, 'both buyers are told');
      const inbox = (await buyers[1]!.get(`${API}/inbox`)).json().items;
      assert.ok(inbox.some((m: { kind: string; params: { note?: string } }) => m.kind === 'marketShortage' && m.params.note?.includes('6 → 4')), JSON.stringify(inbox));
      assert.equal((await hubWorker.get(`${API}/market/rounds/${round.id}`)).json().status, 'closed', 'honey is not confirmed yet');
      await agent.post(`${API}/market/offers/${honey}/confirmation`, { confirmed: 4 });
      const confirmedRound = (await hubWorker.get(`${API}/market/rounds/${round.id}`)).json();
      assert.equal(confirmedRound.status, 'confirmed');
      const hubOrders = (await hubWorker.get(`${API}/market/rounds/${round.id}/orders`)).json().items;
      assert.deepEqual(hubOrders.map((o: { allocatedCents: number }) => o.allocatedCents).sort((a: number, b: number) => a - b), [4 * 12800, 3 * 12800 + 4 * 6800]);

      // Pick lists: per pickup point and per producer, as JSON, PDF and XLSX.
      const byPickup = (await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup`)).json();
      assert.equal(byPickup.groups[0].totalUnits, 11);
      const byProducer = (await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=producer`)).json();
      assert.deepEqual(byProducer.groups.map((g: { totalUnits: number }) => g.totalUnits), [11]);
      const pdf = await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup&format=pdf`);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const xlsx = await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=producer&format=xlsx`);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      assert.deepEqual((await readTable(xlsx.rawPayload, 'xlsx'))[0]!.slice(0, 3), ['生产者', '自提点', '产品'], 'Simplified Chinese by default');
      // The printed words follow the reader's language: `lang`, else Accept-Language.
      const english = await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=producer&format=xlsx&lang=en`);
      assert.deepEqual((await readTable(english.rawPayload, 'xlsx'))[0]!.slice(0, 3), ['Producer', 'Pickup point', 'Product']);
      const traditional = await hubWorker.request({ method: 'GET', url: `${API}/market/rounds/${round.id}/pick-list?by=pickup&format=xlsx`, headers: { 'accept-language': 'zh-TW,zh;q=0.9' } });
      assert.deepEqual((await readTable(traditional.rawPayload, 'xlsx'))[0]!.slice(0, 3), ['自取點', '買家', '產品']);
      assertFieldNamed(await hubWorker.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup&format=pdf&lang=fr`), 'lang');
      assertError(await buyers[0]!.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup`), 403);

      const patched = await hubWorker.patch(`${API}/market/rounds/${round.id}`, { version: confirmedRound.version, title: '岳西翠兰 · 第一期（已确认）' });
      assert.equal(patched.statusCode, 200, patched.body);
      moved = await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'packed' });
      assert.equal(moved.json().status, 'packed');
      assertError(await hubWorker.patch(`${API}/market/rounds/${round.id}`, { version: moved.json().version, title: '改' }), 409);
      assertError(await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'cancelled' }), 409);
      const buyerOrder = (await mine(buyers[0]!)).id;
      assertError(await buyers[0]!.post(`${API}/market/orders/${buyerOrder}/receipt`), 409);
      assert.equal((await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'delivered' })).json().status, 'delivered');
      assert.ok((await buyers[0]!.get(`${API}/inbox`)).json().items.some((m: { kind: string }) => m.kind === 'marketRoundDelivered'));
      assertError(await buyers[1]!.post(`${API}/market/orders/${buyerOrder}/receipt`), 403);
      const received = await buyers[0]!.post(`${API}/market/orders/${buyerOrder}/receipt`);
      assert.equal(received.json().status, 'received', received.body);
      assertError(await buyers[0]!.post(`${API}/market/orders/${buyerOrder}/receipt`), 409);

      assert.equal((await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'settled' })).json().status, 'settled');
      const settlements = (await hubWorker.get(`${API}/market/rounds/${round.id}/settlements`)).json().items;
      assert.equal(settlements.length, 1);
      assert.deepEqual([settlements[0].units, settlements[0].amountCents, settlements[0].status], [11, 7 * 12800 + 4 * 6800, 'owed']);
      assertFieldNamed(await hubWorker.post(`${API}/market/settlements/${settlements[0].id}/paid`, { paidAt: 'yesterday' }), 'paidAt');
      const paid = await hubWorker.post(`${API}/market/settlements/${settlements[0].id}/paid`, { paidAt: '2026-12-20', note: '银行转账' });
      assert.deepEqual([paid.json().status, paid.json().paidAt], ['paid', '2026-12-20']);
      assertError(await hubWorker.post(`${API}/market/settlements/${settlements[0].id}/paid`, { paidAt: '2026-12-21' }), 409);
      const events = (await hubWorker.get(`${API}/market/rounds/${round.id}`)).json().events.map((e: { to: string }) => e.to);
      assert.deepEqual(events, ['open', 'closed', 'confirmed', 'packed', 'delivered', 'settled']);
    });

    test('the closing sweep: a round below its minimum cancels (buyers told) or extends once; one that reached it closes', async () => {
      const cancelling = await openRound({ title: '低于起订额即取消', minimumTotalCents: 1_000_000, belowMinimum: 'cancel' });
      const extending = await openRound({ title: '低于起订额则延长', minimumTotalCents: 1_000_000, belowMinimum: 'extend', extendHours: 48 });
      const reaching = await openRound({ title: '达到起订额', minimumTotalCents: 12_800 });
      const notYet = await openRound({ title: '明天开团', opensAt: hoursFromNow(12), closesAt: hoursFromNow(36) });
      const buy = (round: { id: string; offers: { id: string; productId: string }[] }) =>
        buyers[2]!.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: facilityId, lines: [{ offerId: round.offers.find((o) => o.productId === teaId)!.id, quantity: 1 }] });
      for (const round of [cancelling, extending, reaching]) assert.equal((await buy(round)).statusCode, 201);
      assert.equal((assertError(await buy(notYet), 409).details as { limit: string }).limit, 'notOpenYet');

      const first = await closeDueRounds(db(), { now: hoursFromNow(25) });
      assert.ok(first.cancelled >= 1 && first.extended >= 1 && first.closed >= 1, JSON.stringify(first));
      const status = async (id: string) => (await hubWorker.get(`${API}/market/rounds/${id}`)).json();
      assert.equal((await status(cancelling.id)).status, 'cancelled');
      assert.equal((await status(reaching.id)).status, 'closed');
      const extended = await status(extending.id);
      assert.deepEqual([extended.status, extended.extended], ['open', true]);
      assert.ok(Date.parse(extended.closesAt) > Date.parse(hoursFromNow(70)));
      const orders = (await buyers[2]!.get(`${API}/market/orders?roundId=${cancelling.id}`)).json().items;
      assert.equal(orders[0].status, 'cancelled');
      assert.ok((await buyers[2]!.get(`${API}/inbox`)).json().items.some((m: { kind: string }) => m.kind === 'marketRoundCancelled'));
      const again = await closeDueRounds(db(), { now: hoursFromNow(25) });
      assert.deepEqual([again.closed, again.cancelled], [0, 0], 'a swept round is not swept twice');
      await closeDueRounds(db(), { now: hoursFromNow(80) });
      assert.equal((await status(extending.id)).status, 'cancelled', 'extended once, then cancelled');
    });

    test('concurrent orders racing for the last units never oversell', async () => {
      const round = await openRound({ title: '抢购最后几盒', offers: [{ productId: teaId, quantity: 5 }] });
      const offerId = round.offers[0]!.id;
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) => buyers[i % 3]!.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: facilityId, lines: [{ offerId, quantity: 1 }] })),
      );
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 201).length, 5, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
      for (const a of answers.filter((x) => x.statusCode === 409)) assert.equal(a.json().error.details.limit, 'available');
      const offer = await db().selectFrom('market_offers').selectAll().where('id', '=', offerId).executeTakeFirstOrThrow();
      const lines = await db().selectFrom('market_order_lines').select((eb) => eb.fn.sum<number>('quantity').as('units')).where('offer_id', '=', offerId).executeTakeFirstOrThrow();
      assert.deepEqual([offer.ordered, Number(lines.units)], [5, 5]);
      const shop = (await buyers[0]!.get(`${API}/market/rounds/${round.id}`)).json();
      assert.equal(shop.offers[0].remaining, 0);
      assert.equal(shop.orderCount, 5);
    });
    test('product photos: the product’s editor uploads a JPEG, PNG or WebP (sniffed); anything else is 400, too large 413; reads are scoped and audited', async () => {
      const upload = (who: Client, productId: string, bytes: Buffer, type = 'image/png') =>
        who.request({ method: 'POST', url: `${API}/market/products/${productId}/photo`, payload: bytes, headers: { 'content-type': type } });
      const productRow = () => db().selectFrom('market_products').select(['photo_sha256', 'version']).where('id', '=', teaId).executeTakeFirstOrThrow();
      const audits = async (action: string) => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

      const before = await productRow();
      const saved = await upload(agent, teaId, PNG);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual([saved.json().hasPhoto, saved.json().version], [true, before.version + 1], 'a photo is a change of the product');
      const readsBefore = await audits('market.product.read_photo');
      const read = await agent.get(`${API}/market/products/${teaId}/photo`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'image/png');
      assert.deepEqual(read.rawPayload, PNG);
      assert.equal(await audits('market.product.read_photo'), readsBefore + 1, 'every read is audited');

      // The content decides, not the declared type: a WebP sent as octet-stream, a JPEG declared PNG.
      assert.equal((await upload(agent, teaId, WEBP, 'application/octet-stream')).statusCode, 200);
      assert.equal((await agent.get(`${API}/market/products/${teaId}/photo`)).headers['content-type'], 'image/webp');
      assert.equal((await upload(agent, teaId, JPEG, 'image/png')).statusCode, 200);
      assert.equal((await agent.get(`${API}/market/products/${teaId}/photo`)).headers['content-type'], 'image/jpeg');

      // Refusals change nothing.
      const kept = await productRow();
      assertFieldNamed(await upload(agent, teaId, PDF, 'application/pdf'), 'file', 'not_allowed');
      assertFieldNamed(await upload(agent, teaId, PDF, 'image/jpeg'), 'file', 'not_allowed');
      assertFieldNamed(await upload(agent, teaId, Buffer.from('not a photo at all, just words'), 'image/png'), 'file', 'not_allowed');
      assertFieldNamed(await upload(agent, teaId, Buffer.alloc(0)), 'file', 'required');
      const tooLarge = assertError(await upload(agent, teaId, Buffer.concat([PNG, Buffer.alloc(MARKET_LIMITS.photoMaxBytes)])), 413);
      assert.match(JSON.stringify(tooLarge), new RegExp(`file.*${MARKET_LIMITS.photoMaxBytes}`), 'the 413 names the field and the limit');
      assertError(await upload(outsideAgent, teaId, PNG), 403);
      assertError(await upload(buyers[0]!, teaId, PNG), 403);
      assertError(await upload(agent, uuidv7(), PNG), 404);
      // Access is checked before the body is read, from the raw path: a NUL there is a 400 naming
      // the id on both engines (PostgreSQL refused it with an error of its own: a 500 once).
      assertFieldNamed(await upload(agent, '%00', PNG), 'id', 'invalid_format');
      assertFieldNamed(await upload(agent, 'x'.repeat(37), PNG), 'id', 'too_long');
      assert.deepEqual(await productRow(), kept, 'a refused photo writes nothing');

      // Reads: the product's scope; a round's buyers through the offer; none without a photo.
      assertError(await agent.get(`${API}/market/products/${honeyId}/photo`), 404);
      assertError(await buyers[0]!.get(`${API}/market/products/${teaId}/photo`), 403);
      const round = await openRound({ title: '带照片的一期' });
      const teaOffer = round.offers.find((o) => o.productId === teaId)!.id;
      const honeyOffer = round.offers.find((o) => o.productId === honeyId)!.id;
      const shop = (await buyers[0]!.get(`${API}/market/rounds/${round.id}`)).json();
      assert.deepEqual(shop.offers.map((o: { productId: string; hasPhoto: boolean }) => [o.productId === teaId, o.hasPhoto]).sort(), [[false, false], [true, true]]);
      const offerPhoto = await buyers[0]!.get(`${API}/market/offers/${teaOffer}/photo`);
      assert.equal(offerPhoto.statusCode, 200, offerPhoto.body);
      assert.deepEqual([offerPhoto.headers['content-type'], offerPhoto.rawPayload.equals(JPEG)], ['image/jpeg', true]);
      assertError(await stranger.get(`${API}/market/offers/${teaOffer}/photo`), 403);
      assertError(await buyers[0]!.get(`${API}/market/offers/${honeyOffer}/photo`), 404);
      assertError(await buyers[0]!.get(`${API}/market/offers/${uuidv7()}/photo`), 404);
      await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'cancelled', note: '测试' });
    });

    test('editing a product: the version read is sent; a stale one is 409 and changes nothing', async () => {
      const read = (await agent.get(`${API}/market/products/${honeyId}`)).json();
      const changed = await agent.patch(`${API}/market/products/${honeyId}`, { version: read.version, priceCents: 7200, quantity: 35 });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual([changed.json().priceCents, changed.json().quantity, changed.json().version], [7200, 35, read.version + 1]);
      const stale = assertError(await agent.patch(`${API}/market/products/${honeyId}`, { version: read.version, priceCents: 1 }), 409);
      assert.equal((stale.details as { version: number }).version, read.version + 1, 'the 409 says the version now');
      assertFieldNamed(await agent.patch(`${API}/market/products/${honeyId}`, { version: read.version + 1, priceCents: 0 }), 'priceCents');
      assertError(await outsideAgent.patch(`${API}/market/products/${honeyId}`, { version: read.version + 1, priceCents: 100 }), 403);
      assert.equal((await agent.get(`${API}/market/products/${honeyId}`)).json().priceCents, 7200);
    });

    test('the market summary of an area: exact figures, urban/rural and by child, scoped', async () => {
      const city = urban.slice(0, 4);
      assert.equal(village.slice(0, 4), city, 'the demo village and the hub lie in one city');
      const official = await userOf('market-official', 'official', city);
      const summary = async () => {
        const response = await official.get(`${API}/market/summary?area=${city}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json() as MarketSummaryShape;
      };
      const before = await summary();
      const villageKind = (await db().selectFrom('areas').select(['kind', 'kind_override']).where('code', '=', village).executeTakeFirstOrThrow());
      assert.equal(villageKind.kind_override ?? villageKind.kind, 'rural');

      const farmer = (await agent.post(`${API}/market/producers`, { areaCode: village, kind: 'farmer', name: '汇总测试农户' })).json();
      const rice = (await agent.post(`${API}/market/products`, { producerId: farmer.id, name: '高山米', unit: '袋', priceCents: 5000, quantity: 30 })).json();
      const round = await openRound({ title: '汇总一期', offers: [{ productId: rice.id, quantity: 30 }] });
      const offerId = round.offers[0]!.id;
      const order = (buyer: Client, roundId: string, offer: string, quantity: number) =>
        buyer.post(`${API}/market/rounds/${roundId}/orders`, { pickupFacilityId: facilityId, lines: [{ offerId: offer, quantity }] });
      assert.equal((await order(buyers[0]!, round.id, offerId, 2)).statusCode, 201);
      assert.equal((await order(buyers[1]!, round.id, offerId, 3)).statusCode, 201);
      const doomed = await openRound({ title: '将取消的一期', offers: [{ productId: rice.id, quantity: 10 }] });
      assert.equal((await order(buyers[2]!, doomed.id, doomed.offers[0]!.id, 1)).statusCode, 201);
      assert.equal((await hubWorker.post(`${API}/market/rounds/${doomed.id}/moves`, { to: 'cancelled', note: '测试' })).statusCode, 200);

      const open = await summary();
      const delta = (a: MarketSummaryShape['total'], b: MarketSummaryShape['total']) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof typeof a] - b[k as keyof typeof b]]));
      assert.deepEqual(delta(open.total, before.total), { producers: 1, products: 1, openRounds: 1, orders: 2, settledCents: 0 }, 'a cancelled round and its order do not count');
      assert.deepEqual(delta(open.rural, before.rural), { producers: 1, products: 1, openRounds: 0, orders: 0, settledCents: 0 });
      assert.deepEqual(delta(open.urban, before.urban), { producers: 0, products: 0, openRounds: 1, orders: 2, settledCents: 0 });

      // Through to settlement: 5 bags at ¥50 owed to the farmer's village.
      await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to: 'closed' });
      assert.equal((await agent.post(`${API}/market/offers/${offerId}/confirmation`, { confirmed: 5 })).statusCode, 200);
      for (const to of ['packed', 'delivered', 'settled']) assert.equal((await hubWorker.post(`${API}/market/rounds/${round.id}/moves`, { to })).json().status, to);
      const settled = await summary();
      assert.deepEqual(delta(settled.total, before.total), { producers: 1, products: 1, openRounds: 0, orders: 2, settledCents: 25_000 });
      assert.deepEqual(delta(settled.rural, before.rural), { producers: 1, products: 1, openRounds: 0, orders: 0, settledCents: 25_000 });
      // By child (the counties of the city): the village's county gains the producer and the money, the hub's county the orders.
      const child = (s: MarketSummaryShape, code: string) => s.children.find((c) => c.code === code)?.figures ?? { producers: 0, products: 0, openRounds: 0, orders: 0, settledCents: 0 };
      const [villageCounty, urbanCounty] = [village.slice(0, 6), urban.slice(0, 6)];
      const expected = { producers: 0, products: 0, openRounds: 0, orders: 0, settledCents: 0 };
      const forVillage = { ...expected, producers: 1, products: 1, settledCents: 25_000 };
      const forUrban = { ...expected, orders: 2 };
      if (villageCounty === urbanCounty) assert.deepEqual(delta(child(settled, villageCounty), child(before, villageCounty)), { ...forVillage, orders: 2 });
      else {
        assert.deepEqual(delta(child(settled, villageCounty), child(before, villageCounty)), forVillage);
        assert.deepEqual(delta(child(settled, urbanCounty), child(before, urbanCounty)), forUrban);
      }
      assert.ok(settled.children.every((c) => c.code.length === 6 && c.code.startsWith(city) && c.name), 'children are the named counties of the city');
      assert.equal(settled.area.code, city);
      for (const field of ['producers', 'products', 'openRounds', 'orders', 'settledCents'] as const) {
        assert.equal(settled.children.reduce((sum, c) => sum + c.figures[field], 0), settled.total[field], `the children add up to the total (${field})`);
      }

      // Scope and role: the village's own figures for its county's official; another county's refused; a buyer or an agent refused.
      const countyOfficial = await t.login('demo-county');
      const own = (await countyOfficial.get(`${API}/market/summary`)).json() as MarketSummaryShape;
      assert.equal(own.area.code.length, 6);
      assert.ok(own.total.producers >= 1);
      if (villageCounty !== urbanCounty) assertError(await countyOfficial.get(`${API}/market/summary?area=${urbanCounty}`), 403);
      assertError(await countyOfficial.get(`${API}/market/summary?area=${city}`), 403);
      assertError(await buyers[0]!.get(`${API}/market/summary`), 403);
      assertError(await agent.get(`${API}/market/summary`), 403);
      assertFieldNamed(await official.get(`${API}/market/summary?area=34x`), 'area');
    });
  });
}
