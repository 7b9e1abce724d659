/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Field work without signal: a village worker prepares a 360 px phone online (a PIN, the
 * village downloaded and sealed), loses the network, reopens the app from the service worker,
 * unlocks it, finds people by initials and by a name typed in Traditional characters, records what a
 * visit found and a visit with a photo; meanwhile a colleague changes the same person's notes
 * online. Offline too: a request filed on a resident's behalf with its materials checklist and a
 * photo (asked, waiting for the server), and volunteer hours. Back online everything uploads by
 * itself, the photos (the request's, the visit's) through their own queue: the field only the phone changed is applied, the notes
 * become a conflict the worker resolves, the server holds exactly one request, one photo and one
 * record of hours; syncing again changes nothing; a push whose answer the network drops is sent
 * again and applied once. The device store holds no readable name.
 */
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { choose, chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';
import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js';
import { nameInitials } from '../../src/server/modules/residents/name-initials.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();
const PIN = '246810';

/** A searchable select with many options (a virtual list shows a few): typed, then chosen. */
/**
 * Picks an option of a searchable select by typing part of it (the lists are long), and makes sure
 * it was picked: on a loaded machine a click can land while the dropdown is still moving in and
 * pick nothing, so the type-click-check is tried again a few times (as browser.ts's choose does).
 */
async function pick(page: Page, testId: string, text: string): Promise<void> {
  const picked = page.locator('.ant-select', { has: page.getByTestId(testId) }).or(page.locator(`.ant-select[data-testid="${testId}"]`)).filter({ hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(text);
    try {
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click({ timeout: 15_000 });
      await picked.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
    }
  }
}
// A 1×1 PNG: the server sniffs the type from the bytes.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('offline field work on a phone', { skip }, () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('prepared online, used offline, synced back with a per-field merge and a conflict resolved', async () => {
    const context = await e2e.context({ as: 'demo-worker', width: 360, height: 740, serviceWorkers: true });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/field`);
    await page.getByTestId('field-setup').waitFor();
    await page.getByTestId('field-pin').fill(PIN);
    await page.getByTestId('field-pin-again').fill('135790');
    await page.getByTestId('field-setup-submit').click();
    await page.getByTestId('field-setup-error').waitFor();
    await page.getByTestId('field-pin-again').fill(PIN);
    await page.getByTestId('field-setup-submit').click();
    await page.getByTestId('field-workspace').waitFor();
    await page.getByTestId('field-person').first().waitFor();
    const db = e2e.app.database.handle.db;
    const village = (await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
    const inVillage = Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).where('area_code', '=', village).executeTakeFirstOrThrow()).n);
    assert.match(await page.getByTestId('field-workspace').innerText(), new RegExp(`${inVillage}`), 'the whole village is on the phone');

    // The service worker controls the page once it is active (it claims its clients).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The key lives only in memory: a reload locks the store again.
    await page.getByTestId('field-unlock-pin').fill(PIN);
    await page.getByTestId('field-unlock-submit').click();
    await page.getByTestId('field-person').first().waitFor();

    // The phone holds sealed records only: no name readable in IndexedDB.
    const someone = (await page.getByTestId('field-person').first().locator('.field-person-name').innerText()).trim();
    const raw = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('linli-field');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('records').objectStore('records').getAll();
            read.onsuccess = () => {
              const decoder = new TextDecoder();
              resolve(read.result.map((r: { sealed: { data: ArrayBuffer } }) => decoder.decode(r.sealed.data)).join('\n'));
              open.result.close();
            };
          };
        }),
    );
    assert.ok(raw.length > 1000, 'records are stored');
    assert.ok(!raw.includes(someone), 'no name in the clear on the device');

    // ---- no signal: the app opens from the service worker and unlocks with the PIN ----
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('field-unlock').waitFor();
    await page.getByTestId('field-unlock-pin').fill('000000');
    await page.getByTestId('field-unlock-submit').click();
    await page.getByTestId('field-unlock-wrong').waitFor();
    await page.getByTestId('field-unlock-pin').fill(PIN);
    await page.getByTestId('field-unlock-submit').click();
    await page.getByTestId('field-workspace').waitFor();
    assert.equal((await page.getByTestId('field-online').innerText()).trim(), '离线');

    // Found offline as online: by the pinyin initials of the name (the server's own reading of it), then by name.
    const search = page.getByTestId('field-search').locator('input');
    await search.fill(nameInitials(someone).toUpperCase());
    await page.getByTestId('field-person').filter({ hasText: someone }).first().waitFor();
    await search.fill('zzzzzzzzzz');
    await page.getByTestId('field-persons').waitFor({ state: 'detached' }).catch(() => undefined);
    assert.equal(await page.getByTestId('field-person').count(), 0, 'initials nobody has find nobody');
    // Typed in Traditional characters (張 for 张), a name is found as the server finds it.
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const names = await db.selectFrom('persons').select('name').where('area_code', '=', village).execute();
    const written = names.map((n) => n.name).find((n) => toTraditional(n) !== n);
    assert.ok(written, 'a villager whose name is written otherwise in Traditional characters');
    await search.fill(toTraditional(written));
    await page.getByTestId('field-person').filter({ hasText: written }).first().waitFor();
    await search.fill(someone);
    await page.getByTestId('field-person').first().click();
    const person = await db.selectFrom('persons').select(['id', 'version', 'living_alone', 'notes']).where('area_code', '=', village).where('name', '=', someone).executeTakeFirstOrThrow();
    await page.getByTestId('field-edit-notes').fill('走访：老人腿脚不便，需要上门服务');
    await page.getByTestId('field-edit-alone').click();
    await page.getByTestId('field-edit-save').click();
    const entry = page.getByTestId('field-outbox-entry').first();
    await entry.waitFor();
    assert.equal(await entry.getAttribute('data-state'), 'pending');
    assert.match(await page.getByTestId('field-waiting').innerText(), /1 条待上传/);

    // A care visit, recorded in the hills: the day list came with the last pull.
    const visitCase = page.getByTestId('field-visit-case').first();
    await visitCase.waitFor();
    await visitCase.getByTestId('field-visit-record').click();
    await page.getByTestId('field-visit-form').waitFor();
    await page.getByTestId('field-visit-health').getByText('有担忧').click();
    await page.getByTestId('field-visit-actions').fill('联系村医上门看腿');
    // A photo of the visit, sealed in the attachment queue until the visit is on the server.
    const visitPhoto = Buffer.concat([PHOTO, Buffer.from('visit')]);
    await page.getByTestId('field-visit-photo').setInputFiles({ name: '走访.png', mimeType: 'image/png', buffer: visitPhoto });
    await page.getByTestId('field-visit-save').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=field-outbox-entry][data-state=pending]').length === 2);
    assert.match(await page.getByTestId('field-waiting').innerText(), /3 条待上传/, 'two commands and the visit’s photo wait');

    // A request filed on the person's behalf: the item's form, its materials checklist, a photo.
    await page.getByTestId('field-open-request').click();
    await page.getByTestId('field-request-form').waitFor();
    await pick(page, 'field-request-applicant', someone);
    await pick(page, 'field-request-item', '特困人员救助供养认定');
    await choose(page, 'field-request-form-careMode', '分散供养（在家）');
    await choose(page, 'field-request-form-selfCare', '部分失能');
    await page.getByTestId('field-request-materials').getByText('申请表（本人签字或按手印）').click();
    await page.getByTestId('field-request-photo').setInputFiles({ name: '申请表.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByTestId('field-request-save').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=field-outbox-entry][data-state=asked]').length === 1);
    assert.equal(await page.getByTestId('field-attachment').first().getAttribute('data-state'), 'pending');
    // Volunteer hours, verified later by an organizer: asked too.
    const volunteer = await db.selectFrom('volunteers').select('name').where('area_code', '=', village).where('status', '=', 'active').orderBy('name').executeTakeFirstOrThrow();
    await page.getByTestId('field-open-hours').click();
    await pick(page, 'field-hours-volunteer', volunteer.name);
    await page.getByTestId('field-hours-activity').fill('陪老人去卫生院复诊');
    await page.getByTestId('field-hours-save').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=field-outbox-entry][data-state=asked]').length === 2);
    assert.match(await page.getByTestId('field-outbox').innerText(), /已提出，等服务器/);
    assert.match(await page.getByTestId('field-waiting').innerText(), /6 条待上传/, 'four commands and two photos wait');
    await page.screenshot({ path: `${SCREENSHOTS}field-offline-360.png`, fullPage: true });
    for (const elder of [false, true]) {
      await page.evaluate((on) => document.documentElement.classList.toggle('elder', on), elder);
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `the offline page${elder ? ' in elder mode' : ''}: ${describeViolations(violations)}`);
    }
    await page.evaluate(() => document.documentElement.classList.remove('elder'));

    // Meanwhile, online, a colleague changes the same person's notes.
    const admin = await e2e.context({ as: 'demo-admin' });
    const csrf = (await (await admin.request.get(`${e2e.baseUrl}/api/v1/auth/me`)).json()).csrfToken as string;
    const current = await (await admin.request.get(`${e2e.baseUrl}/api/v1/persons/${person.id}`)).json();
    const online = await admin.request.patch(`${e2e.baseUrl}/api/v1/persons/${person.id}`, {
      data: { version: current.version, notes: '村委会：子女已接老人去县城住一个月' },
      headers: { 'x-csrf-token': csrf },
    });
    assert.equal(online.status(), 200, await online.text());

    // ---- back online: it uploads by itself ----
    await context.setOffline(false);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=field-outbox-entry][data-state=conflict]').length === 1 &&
        document.querySelectorAll('[data-testid=field-outbox-entry][data-state=sent]').length === 1 &&
        document.querySelectorAll('[data-testid=field-outbox-entry][data-state=awaiting]').length === 2 &&
        document.querySelectorAll('[data-testid=field-attachment][data-state=sent]').length === 2,
    );
    assert.match(await page.getByTestId('field-outbox').innerText(), /已送达，待审核/);
    const visits = await db.selectFrom('care_visits').select(['id', 'mode', 'photos']).where('actions', '=', '联系村医上门看腿').execute();
    assert.equal(visits.length, 1, 'the visit reached the server once');
    assert.deepEqual(JSON.parse(visits[0]!.photos), [createHash('sha256').update(visitPhoto).digest('hex')], 'its photo went up after it, linked once');
    const held = async () => {
      const requests = await db.selectFrom('service_requests').select('id').where('applicant_person_id', '=', person.id).where('item_code', '=', 'AH-MZ-002').execute();
      const photos = requests.length ? await db.selectFrom('service_request_attachments').select(['sha256', 'material']).where('request_id', 'in', requests.map((r) => r.id)).execute() : [];
      const hours = await db.selectFrom('volunteer_hours').select('id').where('activity', '=', '陪老人去卫生院复诊').execute();
      return { requests: requests.length, photos: photos.length, hours: hours.length };
    };
    assert.deepEqual(await held(), { requests: 1, photos: 1, hours: 1 }, 'exactly one request, one photo, one record of hours');
    // Sync again: nothing changes.
    await page.getByTestId('field-sync').click();
    await page.getByTestId('field-notice').filter({ hasText: '同步完成：上传 0 条' }).waitFor();
    assert.deepEqual(await held(), { requests: 1, photos: 1, hours: 1 });
    const visitsAgain = await db.selectFrom('care_visits').select('photos').where('actions', '=', '联系村医上门看腿').execute();
    assert.deepEqual(visitsAgain.map((v) => JSON.parse(v.photos).length), [1]);

    // The network drops in the middle of a push: the server applies it, the answer never arrives.
    await page.getByTestId('field-open-hours').click();
    await pick(page, 'field-hours-volunteer', volunteer.name);
    await page.getByTestId('field-hours-activity').fill('断网时记录的服务');
    await page.evaluate(() => {
      const real = window.fetch.bind(window);
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).includes('/sync/push')) {
          window.fetch = real;
          await real(input, init);
          throw new TypeError('Failed to fetch');
        }
        return real(input, init);
      };
    });
    await page.getByTestId('field-hours-save').click();
    await page.getByTestId('field-notice').filter({ hasText: '现在没有网络' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=field-outbox-entry][data-state=asked]').length === 1);
    const cut = await db.selectFrom('volunteer_hours').select('id').where('activity', '=', '断网时记录的服务').execute();
    assert.equal(cut.length, 1, 'the server applied the push whose answer was lost');
    await page.getByTestId('field-sync').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=field-outbox-entry][data-state=awaiting]').length === 3);
    assert.equal((await db.selectFrom('volunteer_hours').select('id').where('activity', '=', '断网时记录的服务').execute()).length, 1, 'sent again, applied once');
    const after = await db.selectFrom('persons').select(['living_alone', 'notes']).where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(Boolean(after.living_alone), !person.living_alone, 'the field only the phone changed is applied');
    assert.equal(after.notes, '村委会：子女已接老人去县城住一个月', 'the server keeps its value until someone chooses');

    // ---- the worker resolves the conflict ----
    await page.goto(`${e2e.baseUrl}/sync-conflicts`);
    const conflict = page.getByTestId('conflict').first();
    await conflict.waitFor();
    assert.match(await conflict.getByTestId('conflict-device').innerText(), /走访：老人腿脚不便/);
    assert.match(await conflict.getByTestId('conflict-server').innerText(), /子女已接老人/);
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `the conflicts page: ${describeViolations(violations)}`);
    await conflict.getByTestId('conflict-keep-device').click();
    await page.getByText('没有待处理的冲突').waitFor();
    const resolved = await db.selectFrom('persons').select('notes').where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(resolved.notes, '走访：老人腿脚不便，需要上门服务');
    await admin.close();
    await context.close();
  });
});
