/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * A service request's whole life in Chromium: a villager applies on a 360 px phone (the form made
 * from the item's fields, a photo of a material from the phone, an answer lost on the way and a
 * retry that files once), the village worker accepts it with the papers ticked and asks for
 * 补正, the villager supplements, the worker decides, delivers and closes, the villager rates it.
 * Then the window: a worker files for a person of the registry and accepts it.
 * Axe runs on every page, in normal and elder mode where a resident reads it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

/** A 1×1 PNG: what a phone's camera hands over, only smaller. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** 临时救助 (temporary assistance), decided by the township: a single choice, a date, a number and a text. */
const ITEM = 'AH-MZ-003';

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Axe, no sideways scrolling and a screenshot, in normal and in elder mode (left as found: normal). */
async function checkBothModes(page: Page, name: string, ready: string): Promise<void> {
  for (const elder of [false, true]) {
    const on = await page.evaluate(() => document.documentElement.classList.contains('elder'));
    if (on !== elder) await page.getByTestId('elder-mode').first().click();
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    const width = page.viewportSize()?.width ?? 0;
    if (width <= 400) assert.ok((await sideways(page)) <= 0, `${name}${elder ? ' (elder mode)' : ''} scrolls sideways by ${await sideways(page)}px`);
    await page.screenshot({ path: `${SCREENSHOTS}${name}${elder ? '-elder' : ''}.png`, fullPage: true });
    await assertAccessible(page, `${name}${elder ? ' (elder mode)' : ''}`);
  }
  await page.getByTestId('elder-mode').first().click();
}

const statusOf = async (page: Page) => (await page.getByTestId('request-detail').getByTestId('request-status').first().innerText()).trim();

/** Waits until the request page shows `status`. */
async function statusBecomes(page: Page, status: string): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector('[data-testid=request-detail] [data-testid=request-status]')?.textContent?.trim() === s,
    status,
  );
}

/** A handler's step from the request page: the button, what its dialog asks, confirm, and the status it leads to. */
async function step(page: Page, action: string, status: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByTestId('action-form');
  await dialog.waitFor();
  await fill?.();
  await page.getByTestId('action-send').click();
  await statusBecomes(page, status);
  await page.getByTestId('action-form').waitFor({ state: 'detached' });
}

describe('service requests in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a villager applies on a phone, the village worker accepts and asks for 补正, the villager supplements, it is decided, delivered, closed and rated', async () => {
    // ---- the villager applies, at 360 px ----
    const resident = await e2e.context({ as: 'demo-resident', width: 360, height: 780 });
    const phone = await resident.newPage();
    await phone.goto(`${e2e.baseUrl}/portal`);
    await phone.getByTestId('portal-requests').click();
    await phone.waitForURL('**/requests');
    await phone.getByTestId('my-requests-total').waitFor();
    const countOf = async () =>
      ((await (await phone.request.get(`${e2e.baseUrl}/api/v1/service-requests?itemCode=${ITEM}&limit=1`)).json()) as { total: number }).total;
    const before = await countOf();

    await phone.goto(`${e2e.baseUrl}/requests/new?item=${ITEM}`);
    const form = phone.getByTestId('apply-form');
    await form.waitFor();
    assert.match(await phone.getByTestId('apply-item-name').innerText(), /临时救助/);
    // Required fields are asked for before anything is sent.
    await phone.getByTestId('apply-submit').click();
    await form.getByText('必须填写').first().waitFor();
    await phone.getByTestId('request-field-event').getByText('意外事件').click();
    await phone.locator('#field-eventDate').fill('2026-11-20');
    await phone.locator('#field-amount').fill('800');
    await phone.locator('#field-description').fill('11月20日家中失火，厨房和部分家具烧毁。');
    await phone.getByTestId('photo-input-hardshipProof').setInputFiles({ name: '医疗票据.png', mimeType: 'image/png', buffer: PHOTO });
    await phone.getByTestId('photo-count-hardshipProof').waitFor();
    await checkBothModes(phone, 'request-apply-360', '[data-testid=apply-form]');

    // The first answer is lost on the way (the server filed it); the retry carries the same key and files nothing new.
    const keys: string[] = [];
    let lose = true;
    await phone.route('**/api/v1/service-requests', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lose) {
        lose = false;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await phone.getByTestId('apply-submit').click();
    await phone.getByTestId('apply-error').waitFor();
    assert.match(await phone.getByTestId('apply-submit').innerText(), /重新提交/);
    await phone.getByTestId('apply-submit').click();
    await phone.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    await phone.unroute('**/api/v1/service-requests');
    assert.equal(keys.length, 2);
    assert.match(keys[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(keys[1], keys[0], 'the retry carries the first attempt’s key');
    assert.equal(await countOf(), before + 1, 'one request filed for two submissions');

    const id = phone.url().split('/').pop()!;
    await phone.getByTestId('request-notice').waitFor();
    const number = (await phone.getByTestId('request-number').innerText()).trim();
    assert.equal(await statusOf(phone), '已提交');
    assert.match(await phone.getByTestId('request-notice').innerText(), new RegExp(number));
    assert.equal(await phone.getByTestId('attachment-link').count(), 1, 'the photo went up with the request');
    assert.match(await phone.getByTestId('request-values').innerText(), /意外事件[\s\S]*800/);
    await phone.getByTestId('request-event').first().waitFor();
    await checkBothModes(phone, 'request-submitted-360', '[data-testid=request-timeline]');

    // ---- the village worker accepts it with the papers ticked, and asks for 补正 ----
    const worker = await e2e.context({ as: 'demo-worker' });
    const desk = await worker.newPage();
    await desk.goto(`${e2e.baseUrl}/service-queue`);
    await desk.getByTestId('queue-view').getByText('辖区内的申请').click();
    const row = desk.locator('[data-testid=queue-table] .ant-table-row', { hasText: number });
    await row.waitFor();
    assert.match(await row.innerText(), /正常|即将超期|已超期/, 'the time limit is said in words');
    await desk.screenshot({ path: `${SCREENSHOTS}request-queue.png`, fullPage: true });
    await assertAccessible(desk, 'the queue');
    await row.getByTestId('queue-link').click();
    await desk.waitForURL(`**/requests/${id}`);
    await desk.getByTestId('handler-panel').waitFor();
    await step(desk, 'accept', '已受理', async () => {
      for (const box of await desk.locator('[data-testid^=accept-material-] input').all()) await box.check();
    });
    assert.match(await desk.getByTestId('request-assignee').innerText(), /未分派|村社区工作者/);
    // Wait on the assignment's own answer, so a refusal says why instead of a silent timeout.
    const [assigned] = await Promise.all([
      desk.waitForResponse((r) => r.url().endsWith(`/service-requests/${id}/assignment`) && r.request().method() === 'POST'),
      desk.getByTestId('assign-me').click(),
    ]);
    assert.equal(assigned.status(), 200, `assignment answered ${assigned.status()}: ${await assigned.text()}`);
    await desk.waitForFunction(() => /村社区工作者/.test(document.querySelector('[data-testid=request-assignee]')?.textContent ?? ''));
    // The acceptance receipt opens as a PDF.
    const receipt = await desk.getByTestId('request-receipt').getAttribute('href');
    const pdf = await desk.request.get(`${e2e.baseUrl}${receipt}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    await step(desk, 'requestSupplement', '待补正', async () => {
      await desk.getByTestId('action-reason').fill('请补充医疗票据原件的清晰照片');
    });
    await desk.screenshot({ path: `${SCREENSHOTS}request-handler.png`, fullPage: true });
    await assertAccessible(desk, 'the request page, handler');

    // ---- the villager supplements ----
    await phone.reload();
    await phone.getByTestId('supplement-card').waitFor();
    assert.match(await phone.getByTestId('supplement-asked').innerText(), /请补充医疗票据原件的清晰照片/);
    assert.match(await phone.getByTestId('request-detail').innerText(), /补正期间暂停计时/);
    await checkBothModes(phone, 'request-supplement-360', '[data-testid=supplement-card]');
    await phone.getByTestId('supplement-card').getByTestId('photo-input-hardshipProof').setInputFiles({ name: '票据原件.png', mimeType: 'image/png', buffer: PHOTO });
    await phone.getByTestId('supplement-note').fill('已补拍票据原件');
    await phone.getByTestId('supplement-submit').click();
    await statusBecomes(phone, '办理中');
    assert.equal(await phone.getByTestId('attachment-link').count(), 2);

    // ---- decided, delivered, closed ----
    await desk.reload();
    await desk.getByTestId('handler-panel').waitFor();
    await step(desk, 'decide', '已办结', async () => {
      await desk.getByTestId('action-reason').fill('符合临时救助条件，给予救助800元');
    });
    await step(desk, 'deliver', '已送达');
    await step(desk, 'close', '已完成');
    assert.equal(await desk.getByTestId('handler-panel').locator('button[data-testid^=action-]').count(), 0, 'nothing more to do on a closed request');

    // ---- the villager reads the timeline and rates it ----
    await phone.reload();
    await phone.getByTestId('rating-card').waitFor();
    assert.equal(await statusOf(phone), '已完成');
    assert.equal(await phone.getByTestId('request-outcome').innerText(), '准予');
    const kinds = await phone.getByTestId('request-event').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
    for (const kind of ['submitted', 'accept', 'requestSupplement', 'supplement', 'decide', 'deliver', 'close']) assert.ok(kinds.includes(kind), `the timeline shows ${kind}: ${kinds.join(', ')}`);
    assert.ok(!kinds.includes('assigned'), 'an internal event stays with the staff');
    await checkBothModes(phone, 'request-rate-360', '[data-testid=rating-card]');
    await phone.getByTestId('rating-5').click();
    await phone.getByTestId('rating-comment').fill('办事很快，工作人员很耐心');
    await phone.getByTestId('rating-submit').click();
    await phone.getByTestId('rating-given').waitFor();
    assert.match(await phone.getByTestId('rating-given').innerText(), /非常满意/);
    assert.equal(await phone.getByTestId('reopen-form').count(), 0, 'a satisfied applicant has nothing to reopen');

    // 我的申请 lists it as done.
    await phone.goto(`${e2e.baseUrl}/requests`);
    const mine = phone.getByTestId('my-request').filter({ hasText: number });
    await mine.waitFor();
    assert.match(await mine.innerText(), /已完成/);
    await checkBothModes(phone, 'my-requests-360', '[data-testid=my-request]');
    await resident.close();
    await worker.close();
  });

  test('at the window a worker finds a person, files for them with the papers ticked, and accepts it', async () => {
    const context = await e2e.context({ as: 'demo-worker', width: 1280, height: 900 });
    const page = await context.newPage();
    const persons = (await (await page.request.get(`${e2e.baseUrl}/api/v1/persons?limit=20`)).json()) as { items: { name: string }[] };
    const person = persons.items.find((p) => p.name.length >= 2)!;
    await page.goto(`${e2e.baseUrl}/service-window`);
    await page.getByTestId('window-search').locator('input').fill(person.name);
    await page.getByTestId('window-search').locator('input').press('Enter');
    await page.getByTestId('window-choose').first().click();
    await page.getByTestId('window-person').waitFor();
    await choose(page, 'window-item', '临时救助');
    await page.getByTestId('window-form').waitFor();
    // 临时救助 is not taken by phone (the demo catalog's channels): the window offers only what the item allows.
    assert.equal(await page.getByTestId('window-channel').getByText('电话受理').count(), 0);
    await page.getByTestId('window-channel').getByText('窗口受理').click();
    await page.getByTestId('request-field-event').getByText('突发重大疾病').click();
    await page.locator('#field-eventDate').fill('2026-11-25');
    await page.locator('#field-description').fill('住院治疗，医疗费用较高。');
    for (const box of await page.locator('[data-testid^=material-received-] input').all()) await box.check();
    await page.screenshot({ path: `${SCREENSHOTS}request-window.png`, fullPage: true });
    await assertAccessible(page, 'the window');
    await page.getByTestId('window-submit').click();
    await page.getByTestId('window-filed').waitFor();
    await page.getByTestId('window-open-request').click();
    await page.getByTestId('handler-panel').waitFor();
    assert.match(await page.getByTestId('request-detail').innerText(), /窗口受理/);
    assert.match(await page.getByTestId('request-detail').innerText(), new RegExp(person.name));
    // The papers ticked at filing come ticked into the acceptance.
    await page.getByTestId('action-accept').click();
    await page.getByTestId('action-form').waitFor();
    for (const box of await page.locator('[data-testid^=accept-material-]').all()) {
      if ((await box.innerText()).includes('必须提供')) assert.equal(await box.locator('input').isChecked(), true);
    }
    await page.getByTestId('action-send').click();
    await statusBecomes(page, '已受理');
    await page.getByTestId('request-receipt').waitFor();
    // axe reads colours: wait until the closing dialog's grey mask has faded out.
    await page.locator('.ant-modal-mask').first().waitFor({ state: 'hidden' });
    await assertAccessible(page, 'the request page after acceptance');
    await context.close();
  });

  test('a county official reads the statistics of the requests', async () => {
    const context = await e2e.context({ as: 'demo-county' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/service-stats`);
    await page.getByTestId('stats-tiles').waitFor();
    assert.match(await page.getByTestId('stats-on-time').innerText(), /%|—/);
    await page.getByTestId('stats-table').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}request-stats.png`, fullPage: true });
    await assertAccessible(page, 'the statistics');
    await context.close();
  });
});
