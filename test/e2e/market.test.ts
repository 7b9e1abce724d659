/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Produce into the city: the agent lists a farmer's tea (the farmer has no phone); the demo hub
 * opens a round with it; an urban resident orders on a 360 px phone (accessible in normal and
 * elder mode); the round closes; the producer confirms a shortage and the buyer's order shows its
 * share; the pick list prints (PDF); the round is delivered and the buyer confirms receipt.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();
const API = '/api/v1';

describe('production–sales matching', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a farmer’s tea listed by the agent, ordered at 360 px, short-confirmed, picked, received', async () => {
    const db = e2e.app.database.handle.db;
    const village = (await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
    const agent = await e2e.app.login('demo-agent');
    const hub = await e2e.app.login('demo-hub');

    const farmer = await agent.post(`${API}/market/producers`, { areaCode: village, kind: 'farmer', name: '储大妈' });
    assert.equal(farmer.statusCode, 201, farmer.body);
    const tea = await agent.post(`${API}/market/products`, { producerId: farmer.json().id, name: '储大妈家的翠兰', unit: '斤', priceCents: 26000, quantity: 5 });
    assert.equal(tea.statusCode, 201, tea.body);
    const hubs = (await hub.get(`${API}/market/hubs`)).json().items;
    const demoRound = (await hub.get(`${API}/market/rounds?status=open`)).json().items[0];
    const pickups = (await hub.get(`${API}/market/rounds/${demoRound.id}`)).json().pickups;
    const opened = await hub.post(`${API}/market/rounds`, {
      hubId: hubs[0].id,
      title: '储大妈的春茶',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      pickupFacilityIds: [pickups[0].facilityId],
      offers: [{ productId: tea.json().id, quantity: 5 }],
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const round = opened.json();

    const context = await e2e.context({ as: 'demo-buyer', width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/market`);
    const card = page.getByTestId('market-round').filter({ hasText: '储大妈的春茶' });
    await card.getByLabel('储大妈家的翠兰 数量').fill('4');
    await card.getByTestId('market-order').click();
    await page.getByTestId('market-my-order').filter({ hasText: '储大妈的春茶' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'nothing wider than the phone');
    let violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    // Over what is left: the refusal names the limit.
    await card.getByLabel('储大妈家的翠兰 数量').fill('1');
    const other = await e2e.app.login('demo-buyer');
    assert.equal((await other.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: pickups[0].facilityId, lines: [{ offerId: round.offers[0].id, quantity: 2 }] })).statusCode, 409);

    assert.equal((await hub.post(`${API}/market/rounds/${round.id}/moves`, { to: 'closed' })).json().status, 'closed');
    const confirmed = await agent.post(`${API}/market/offers/${round.offers[0].id}/confirmation`, { confirmed: 3 });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const pdf = await hub.get(`${API}/market/rounds/${round.id}/pick-list?by=pickup&format=pdf`);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-', 'the pick list prints');
    assert.equal((await hub.post(`${API}/market/rounds/${round.id}/moves`, { to: 'packed' })).json().status, 'packed');
    assert.equal((await hub.post(`${API}/market/rounds/${round.id}/moves`, { to: 'delivered' })).json().status, 'delivered');

    await page.reload();
    const mine = page.getByTestId('market-my-order').filter({ hasText: '储大妈的春茶' });
    await mine.getByText('储大妈家的翠兰 × 3 (4)').waitFor();
    await mine.getByTestId('market-receipt').click();
    await mine.getByText('已收货').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}market-shop-360.png`, fullPage: true });

    const elder = await (await e2e.context({ as: 'demo-buyer', width: 360, height: 740, elderMode: true })).newPage();
    await elder.goto(`${e2e.baseUrl}/market`);
    await elder.getByTestId('market-my-order').first().waitFor();
    assert.equal(await elder.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'elder mode fits the phone too');
    violations = await seriousViolations(elder);
    assert.equal(violations.length, 0, describeViolations(violations));
  });
});
