/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Produce into the city, through the pages: the agent lists a farmer's tea on a 360 px phone (the
 * farmer has no phone; a price of zero is refused, naming the field) and sees the village's
 * information point and producers on the map; the demo hub opens a round
 * with it on its round page; an urban resident orders on a 360 px phone (accessible in normal and
 * elder mode); the hub closes the round; the agent confirms a shortage for the producer and the
 * buyer's order shows its share; the hub sees the pick list and prints it (PDF, in the reader's
 * language); the round is packed and delivered; the buyer confirms receipt. On the way: the tea's
 * photo (a PDF refused, a PNG shown to the agent and on the shop page), a change of the tea against
 * a stale version (said in words, then saved), a pairing registered by the hub, and the market card
 * of the hub's dashboard matching the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, chromiumMissing, describeViolations, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();
const API = '/api/v1';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Whether an image in the page (under `selector`) has loaded: the server sent a picture the browser could read. */
async function imageShown(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => {
    const img = document.querySelector<HTMLImageElement>(s);
    return !!img && img.complete && img.naturalWidth > 0;
  }, selector);
}

async function fitsThePhone(page: Page, what: string): Promise<void> {
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, `${what}: nothing wider than the phone`);
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}\n${describeViolations(violations)}`);
}

describe('production–sales matching', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a farmer’s tea listed by the agent, ordered at 360 px, closed and short-confirmed, picked and printed, received', async () => {
    const db = e2e.app.database.handle.db;
    const village = (await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
    const villageName = (await db.selectFrom('areas').select('name').where('code', '=', village).executeTakeFirstOrThrow()).name;

    // The agent, on a phone, registers the farmer and lists her tea.
    const agentPage = await (await e2e.context({ as: 'demo-agent', width: 360, height: 740 })).newPage();
    await agentPage.goto(`${e2e.baseUrl}/market/produce`);
    await agentPage.getByTestId('market-village').click();
    await agentPage.locator('.ant-select-tree-title', { hasText: villageName }).first().click();
    await agentPage.locator('#market-producer-name').fill('储大妈');
    await agentPage.getByRole('button', { name: '登记生产者' }).click();
    const products = agentPage.getByTestId('market-products');
    await products.getByText('储大妈 的产品').waitFor();
    await agentPage.locator('#market-product-name').fill('储大妈家的翠兰');
    await agentPage.locator('#market-product-unit').fill('斤');
    await agentPage.locator('#market-product-price').fill('0');
    await agentPage.locator('#market-product-quantity').fill('6');
    await agentPage.getByTestId('market-add-product').click();
    // A price of zero: the server's 400 shows under the form, naming the field; nothing is listed.
    await agentPage.getByTestId('market-product-error').filter({ hasText: '价格' }).waitFor();
    assert.equal(await products.getByTestId('market-product').count(), 0);
    await agentPage.locator('#market-product-price').fill('260');
    await agentPage.locator('#market-product-harvest-from').fill('2026-04-01');
    await agentPage.locator('#market-product-harvest-to').fill('2026-05-15');
    await agentPage.getByTestId('market-add-product').click();
    const tea = products.getByTestId('market-product').filter({ hasText: '储大妈家的翠兰' });
    await tea.getByText('¥260.00 / 斤').waitFor();
    // Its photo: a PDF is refused in words, a PNG is taken and shows.
    await tea.getByTestId('market-photo-input').setInputFiles({ name: 'leaflet.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await tea.getByTestId('market-photo-error').filter({ hasText: '照片' }).waitFor();
    await tea.getByTestId('market-photo-input').setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: PNG });
    await imageShown(agentPage, '[data-testid=market-product-photo]');
    // A change: 5 jin, not 6. Someone else changes the tea first: the stale save is said in words, the second goes through.
    await tea.getByTestId('market-edit-toggle').click();
    const edit = tea.getByTestId('market-edit-product');
    await edit.locator('input[id$="-quantity"]').fill('5');
    const agentApi = await e2e.app.login('demo-agent');
    const teaRecord = (await agentApi.get(`${API}/market/products?area=${village}`)).json().items.find((p: { name: string }) => p.name === '储大妈家的翠兰');
    assert.equal((await agentApi.patch(`${API}/market/products/${teaRecord.id}`, { version: teaRecord.version, harvestTo: '2026-05-20' })).statusCode, 200);
    await edit.getByTestId('market-save-product').click();
    await edit.getByTestId('market-edit-stale').waitFor();
    await tea.getByText('2026-05-20', { exact: false }).waitFor(); // the list shows the tea as it is now
    await edit.getByTestId('market-save-product').click();
    await tea.getByText('可供 5 斤').waitFor();
    // The map: the village's information point and its producers, said as text too.
    await scrollToTestId(agentPage, 'market-map');
    // The map may have loaded before the farmer was registered (it comes on screen early while the
    // lists are short): it redraws with the page's list; wait for that before reading it.
    await agentPage
      .waitForFunction(() => {
        const m = /(\d+) 个信息服务站，(\d+) 个生产者/.exec(document.querySelector('[data-testid=market-map-summary]')?.textContent ?? '');
        return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 3;
      }, undefined, { timeout: 30_000 })
      .catch(() => undefined);
    const summary = await agentPage.getByTestId('market-map-summary').innerText();
    const [, points, producers] = /(\d+) 个信息服务站，(\d+) 个生产者/.exec(summary) ?? [];
    assert.ok(Number(points) >= 1 && Number(producers) >= 3, `the demo point and the village's producers, 储大妈 among them: ${summary}`);
    await fitsThePhone(agentPage, 'the agent’s produce page');
    await agentPage.screenshot({ path: `${SCREENSHOTS}market-produce-360.png`, fullPage: true });

    // The hub opens a round with it on its round page.
    const hub = await e2e.app.login('demo-hub');
    const demoRound = (await hub.get(`${API}/market/rounds?status=open`)).json().items[0];
    const pickup = (await hub.get(`${API}/market/rounds/${demoRound.id}`)).json().pickups[0];
    const hubPage = await (await e2e.context({ as: 'demo-hub' })).newPage();
    await hubPage.goto(`${e2e.baseUrl}/market/rounds`);
    await hubPage.getByRole('button', { name: '开一轮团购' }).click();
    const form = hubPage.getByTestId('market-new-round');
    await hubPage.locator('#market-round-title').fill('储大妈的春茶');
    await choose(hubPage, '#market-round-pickups', pickup.name);
    await hubPage.keyboard.press('Escape');
    await form.getByTestId('market-round-product').filter({ hasText: '储大妈家的翠兰' }).getByRole('checkbox').check();
    await form.getByRole('button', { name: '开团' }).click();
    const detail = hubPage.getByTestId('market-round-detail');
    await detail.getByTestId('market-round-status-open').waitFor();
    await detail.getByText('储大妈的春茶').waitFor();
    const round = (await hub.get(`${API}/market/rounds?status=open`)).json().items.find((r: { title: string }) => r.title === '储大妈的春茶');
    assert.ok(round, 'the round the page opened');
    const offer = (await hub.get(`${API}/market/rounds/${round.id}`)).json().offers[0];
    assert.deepEqual([offer.productName, offer.quantity, offer.priceCents], ['储大妈家的翠兰', 5, 26000]);

    // A resident of the hub's community orders on a phone.
    const page = await (await e2e.context({ as: 'demo-buyer', width: 360, height: 740 })).newPage();
    await page.goto(`${e2e.baseUrl}/market`);
    const card = page.getByTestId('market-round').filter({ hasText: '储大妈的春茶' });
    await card.getByTestId('market-offer-photo').waitFor();
    await imageShown(page, '[data-testid=market-round] [data-testid=market-offer-photo]');
    await card.getByLabel('储大妈家的翠兰 数量').fill('4');
    await card.getByTestId('market-order').click();
    await page.getByTestId('market-my-order').filter({ hasText: '储大妈的春茶' }).waitFor();
    await fitsThePhone(page, 'the shop page');
    // Over what is left: the refusal names the limit.
    const other = await e2e.app.login('demo-buyer');
    assert.equal((await other.post(`${API}/market/rounds/${round.id}/orders`, { pickupFacilityId: pickup.facilityId, lines: [{ offerId: offer.id, quantity: 2 }] })).statusCode, 409);

    // The hub closes the round.
    await hubPage.reload();
    await hubPage.getByRole('button', { name: '管理 储大妈的春茶' }).click();
    await detail.getByTestId('market-move-closed').click();
    await detail.getByTestId('market-round-status-closed').waitFor();

    // The agent confirms, for the producer, 3 of the 4 ordered: a shortage.
    await agentPage.reload();
    const toConfirm = agentPage.getByTestId('market-offer-to-confirm').filter({ hasText: '储大妈家的翠兰' });
    await toConfirm.getByText('已订 4 斤').waitFor();
    await toConfirm.getByLabel('储大妈家的翠兰 能交付的数量').fill('3');
    await toConfirm.getByTestId('market-confirm-offer').click();
    await toConfirm.waitFor({ state: 'detached' });

    // The round is confirmed: the hub sees the pick list, prints it, packs and delivers.
    await hubPage.reload();
    await hubPage.getByRole('button', { name: '管理 储大妈的春茶' }).click();
    await detail.getByTestId('market-round-status-confirmed').waitFor();
    const pickList = detail.getByTestId('market-pick-list');
    await pickList.getByTestId('market-pick-group').filter({ hasText: pickup.name }).getByText('储大妈家的翠兰').waitFor();
    await pickList.getByText('3 斤').waitFor();
    const pdfLink = await pickList.getByTestId('market-pick-list-pdf').getAttribute('href');
    assert.ok(pdfLink?.includes('lang=zh-CN') && pdfLink.includes('format=pdf'), `the PDF in the reader's language: ${pdfLink}`);
    const pdf = await hubPage.context().request.get(`${e2e.baseUrl}${pdfLink}`);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-', 'the pick list prints');
    await pickList.locator('.ant-segmented-item', { hasText: '按生产者' }).click();
    await pickList.getByTestId('market-pick-group').filter({ hasText: '储大妈' }).waitFor();
    assert.ok((await pickList.getByTestId('market-pick-list-xlsx').getAttribute('href'))?.includes('by=producer'));
    await detail.getByTestId('market-move-packed').click();
    await detail.getByTestId('market-round-status-packed').waitFor();
    await detail.getByTestId('market-move-delivered').click();
    await detail.getByTestId('market-round-status-delivered').waitFor();
    const violations = await seriousViolations(hubPage);
    assert.equal(violations.length, 0, `the hub's round page\n${describeViolations(violations)}`);
    await hubPage.screenshot({ path: `${SCREENSHOTS}market-rounds.png`, fullPage: true });

    // The hub pairs its community with another village of the county, named by its code (a code that is no community is refused in words).
    const otherVillage = await db.selectFrom('areas').select(['code', 'name']).where('level', '=', 5).where('code', 'like', `${village.slice(0, 6)}%`).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow();
    const hubs = hubPage.getByTestId('market-hubs');
    await hubs.scrollIntoViewIfNeeded();
    await hubs.locator('#market-pairing-village').fill(`${village.slice(0, 9)}999`);
    await hubs.getByTestId('market-add-pairing').click();
    await hubs.getByTestId('market-pairing-error').filter({ hasText: '结对村' }).waitFor();
    await hubs.locator('#market-pairing-village').fill(otherVillage.code);
    await hubs.getByTestId('market-add-pairing').click();
    await hubs.getByTestId('market-pairing').filter({ hasText: otherVillage.name }).waitFor();

    // Its dashboard's market card says what the API says for its community.
    const figures = (await hub.get(`${API}/market/summary`)).json();
    assert.ok(figures.total.orders >= 2 && figures.urban.orders === figures.total.orders, JSON.stringify(figures));
    await hubPage.goto(`${e2e.baseUrl}/indicators`);
    await scrollToTestId(hubPage, 'market-dashboard');
    const total = hubPage.getByTestId('market-dashboard-total');
    await total.waitFor();
    assert.deepEqual(
      (await total.locator('td').allInnerTexts()).map((text) => text.trim()),
      [figures.total.producers, figures.total.products, figures.total.openRounds, figures.total.orders].map(String).concat(`¥${(figures.total.settledCents / 100).toFixed(2)}`),
    );

    // The buyer sees her share and confirms receipt.
    await page.reload();
    const mine = page.getByTestId('market-my-order').filter({ hasText: '储大妈的春茶' });
    await mine.getByText('储大妈家的翠兰 × 3 (4)').waitFor();
    await mine.getByTestId('market-receipt').click();
    await mine.getByText('已收货').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}market-shop-360.png`, fullPage: true });

    const elder = await (await e2e.context({ as: 'demo-buyer', width: 360, height: 740, elderMode: true })).newPage();
    await elder.goto(`${e2e.baseUrl}/market`);
    await elder.getByTestId('market-my-order').first().waitFor();
    await fitsThePhone(elder, 'the shop page in elder mode');
  });
});
