/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Care for a left-behind child, in Chromium, the issue's whole chain in one flow: the village worker,
 * on a 360 px phone, records a visit with a photo that finds a serious safety concern, adds a second
 * photo under the visit on the timeline and opens it large by keyboard, puts the agent on the case's
 * team (a save on a stale version, then one naming a locked account, refused first, each saying why),
 * and asks to raise the child's risk to high; the township's social worker (a supervisor of the case) approves it; the
 * worker refers the child to the demo organization, whose member accepts the referral on the
 * received list; the parent working away (demo-parent) opens the family page on a phone, in normal
 * and elder mode, sees the care summary (the visit of today, the accepted referral counted) and
 * writes to the worker; the worker reads the message on their families' messages page and replies;
 * the county official's dashboard drill-down shows left_behind_visited moved (the child is now
 * measured against weekly visits, which the last month's visits do not meet), and the official sets
 * the county's visit policy. Axe runs on each page.
 */
import { dateInChina } from '../../src/engine/calendar/working-days.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { Page } from 'playwright-core';
import type { IndicatorValues } from '../../src/contracts/indicators-api.ts';
import type { CareFigures } from '../../src/contracts/care.ts';
import type { Role } from '../../src/contracts/roles.ts';
import type { RequestContext } from '../../src/server/http/actor.ts';
import { createReferral } from '../../src/server/modules/care/referrals.service.ts';
import { choose, chromiumMissing, describeViolations, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();
/** Two one-pixel photos (different bytes: a visit links the same photo once). */
const PHOTOS = [
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
].map((base64) => Buffer.from(base64, 'base64'));

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function check(page: Page, name: string): Promise<void> {
  assert.ok((await sideways(page)) <= 0, `${name} scrolls sideways by ${await sideways(page)}px`);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${name}: serious or critical accessibility violations\n${describeViolations(violations)}`);
}

describe('care referrals and the family in the city in Chromium', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a visit finds a high risk → the supervisor approves the raise → a referral is accepted → the parent sees the summary and writes → the worker reads it → the indicator moves', async () => {
    const db = e2e.app.database.handle.db;
    const base = e2e.baseUrl;
    const parentUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-parent').executeTakeFirstOrThrow();
    const link = await db.selectFrom('care_family_links').selectAll().where('user_id', '=', parentUser.id).executeTakeFirstOrThrow();
    const kase = await db.selectFrom('care_cases').select('id').where('person_id', '=', link.person_id).where('status', '=', 'open').executeTakeFirstOrThrow();
    const orgUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-org').executeTakeFirstOrThrow();
    const org = await db.selectFrom('organization_members').select('organization_id').where('user_id', '=', orgUser.id).executeTakeFirstOrThrow();
    const worker = await db.selectFrom('users').selectAll().where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
    const workerCtx: RequestContext = { actor: { userId: worker.id, username: worker.username, role: worker.role as Role, scope: worker.scope_code }, address: '127.0.0.1', requestId: uuidv7() };
    const today = dateInChina(Date.now()); // the web dates a visit in China, as the server does
    const village = (await db.selectFrom('care_cases').select('area_code').where('id', '=', kase.id).executeTakeFirstOrThrow()).area_code;
    const township = village.slice(0, 9);

    // ---- the indicator before: left_behind_visited of the village, as the county official reads it ----
    const officialContext = await e2e.context({ as: 'demo-county', width: 1280, height: 900 });
    const visitedValues = async () => {
      const response = await officialContext.request.get(`${base}/api/v1/indicators/left_behind_visited/values?area=${township}&split=all`);
      assert.equal(response.status(), 200, await response.text());
      const values = (await response.json()) as IndicatorValues;
      const row = values.children.find((c) => c.code === village);
      assert.ok(row, `the township's drill-down lists the village ${village}`);
      return row;
    };
    const before = await visitedValues();
    assert.equal(before.status, 'value');
    const before0 = await db.selectFrom('care_cases').select(['risk_level', 'last_visit_on']).where('id', '=', kase.id).executeTakeFirstOrThrow();
    assert.equal(before0.risk_level, 'medium', 'the demo child starts at medium risk, visited monthly');

    // ---- the worker on a phone: a visit that finds a serious concern, then an assessment asking for high ----
    const visitContext = await e2e.context({ as: 'demo-worker', width: 360, height: 780 });
    const visitPage = await visitContext.newPage();
    await visitPage.goto(`${base}/care`);
    await visitPage.getByTestId('care-day-page').waitFor();
    // The day on a map too: the village's mark, its figures said as text under it.
    await visitPage.getByTestId('care-day-view').getByText('地图').click();
    await visitPage.getByTestId('care-day-map-summary').waitFor();
    assert.match(await visitPage.getByTestId('care-day-map-summary').innerText(), /应走访 \d+ 人，逾期 \d+ 人/);
    await check(visitPage, 'care-day-map-phone');
    await visitPage.getByRole('tab', { name: '个案' }).click();
    await visitPage.locator(`a[href="/care/cases/${kase.id}"]`).click();
    await visitPage.getByTestId('care-case-page').waitFor();
    assert.equal((await visitPage.getByTestId('care-case-risk').innerText()).trim(), '中风险');
    const visitForm = visitPage.getByTestId('care-visit-form');
    // The test id sits on the radio's hidden input: a person clicks the button around it.
    const rate = (form: typeof visitForm, factor: string, rating: number) => form.getByTestId(`care-rating-${factor}-${rating}`).locator('xpath=ancestor::label[1]').click();
    await rate(visitForm, 'safety', 2);
    await rate(visitForm, 'mood', 1);
    const action = `孩子独自在家用电不安全，已联系监护人整改（浏览器测试 ${Date.now() % 10_000}）`;
    await visitPage.locator('#care-actions').fill(action);
    // A photo taken on the visit goes with the form; the server links it once the visit exists.
    await visitForm.getByTestId('care-visit-form-photo-input').setInputFiles({ name: 'socket.png', mimeType: 'image/png', buffer: PHOTOS[0] });
    await visitForm.getByTestId('care-visit-form-photo').filter({ hasText: 'socket.png' }).waitFor();
    await visitForm.getByTestId('care-visit-save').click();
    await visitPage.locator('.ant-timeline').filter({ hasText: action }).waitFor();
    const visit = await db.selectFrom('care_visits').select(['visited_on', 'mode', 'recorded_by_name']).where('case_id', '=', kase.id).where('actions', '=', action).executeTakeFirstOrThrow();
    assert.deepEqual(visit, { visited_on: today, mode: 'home', recorded_by_name: 'demo-worker' });
    // ---- the visit's photos on the timeline: lazy thumbnails with alt text, one more added there, opened large by keyboard ----
    const visitItem = visitPage.locator('.ant-timeline-item').filter({ hasText: action });
    const thumbs = visitItem.getByTestId('care-visit-photo');
    await thumbs.first().waitFor();
    await visitItem.getByTestId('care-visit-photo-input').setInputFiles({ name: 'wiring.png', mimeType: 'image/png', buffer: PHOTOS[1] });
    await thumbs.nth(1).waitFor();
    const thumbImages = await visitItem.locator('[data-testid=care-visit-photo] img').evaluateAll((images) =>
      (images as HTMLImageElement[]).map((i) => ({ alt: i.alt, loading: i.loading })),
    );
    assert.deepEqual(thumbImages, [
      { alt: `${today}入户走访照片，第 1 张，共 2 张`, loading: 'lazy' },
      { alt: `${today}入户走访照片，第 2 张，共 2 张`, loading: 'lazy' },
    ]);
    const photos = await db.selectFrom('care_visits').select(['id', 'photos']).where('case_id', '=', kase.id).where('actions', '=', action).executeTakeFirstOrThrow();
    assert.equal((JSON.parse(photos.photos) as string[]).length, 2, 'both photos are linked to the visit');
    await thumbs.nth(1).focus();
    await visitPage.keyboard.press('Enter');
    const large = visitPage.getByTestId('care-visit-photo-large');
    await large.waitFor();
    await visitPage.waitForFunction(() => (document.querySelector('[data-testid=care-visit-photo-large]') as HTMLImageElement | null)?.naturalWidth === 1);
    assert.equal(await large.getAttribute('alt'), `${today}入户走访照片，第 2 张，共 2 张`);
    await visitPage.keyboard.press('Escape');
    await large.waitFor({ state: 'detached' });
    const photoReads = await db.selectFrom('audit_log').select('details').where('action', '=', 'care.visit.photo_read').where('target_id', '=', kase.id).where('username', '=', 'demo-worker').execute();
    assert.ok(photoReads.length >= 2, `each photo read is audited (${photoReads.length})`);

    // ---- the worker keeps the case's team: a stale save is refused and says so, then the agent joins ----
    const teamOf = () => db.selectFrom('care_case_team').innerJoin('users', 'users.id', 'care_case_team.user_id').select(['users.username', 'care_case_team.role']).where('case_id', '=', kase.id).orderBy('users.username').execute();
    const teamBefore = await teamOf();
    assert.ok(!teamBefore.some((m) => m.username === 'demo-agent'), 'the agent is not on the demo case’s team yet');
    const teamCard = visitPage.getByTestId('care-team');
    await teamCard.getByTestId('care-team-edit').click();
    await db.updateTable('care_cases').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', kase.id).execute(); // someone saved the case meanwhile
    await choose(visitPage, teamCard.getByTestId('care-team-candidate'), '便民服务代办员（演示）');
    assert.match(await teamCard.getByTestId('care-team-new-role').innerText(), /代办员/, 'an agent joins as the agent by default');
    await teamCard.getByTestId('care-team-add').click();
    await teamCard.getByTestId('care-team-save').click();
    await teamCard.getByTestId('care-team-refused').filter({ hasText: '已被他人修改' }).waitFor();
    assert.deepEqual(await teamOf(), teamBefore, 'the refused save changed nothing');
    await teamCard.getByTestId('care-team-reload').click();
    await teamCard.getByTestId('care-team-edit').click();
    await choose(visitPage, teamCard.getByTestId('care-team-candidate'), '便民服务代办员（演示）');
    await teamCard.getByTestId('care-team-add').click();
    // The agent's account is locked meanwhile: the refusal names them; unlocked, the same save goes through.
    await db.updateTable('users').set({ locked: true as never }).where('username', '=', 'demo-agent').execute();
    await teamCard.getByTestId('care-team-save').click();
    await teamCard.getByTestId('care-team-refused').filter({ hasText: '便民服务代办员（演示） 不能加入团队' }).waitFor();
    assert.deepEqual(await teamOf(), teamBefore, 'the refused member wrote nothing');
    await db.updateTable('users').set({ locked: false as never }).where('username', '=', 'demo-agent').execute();
    await teamCard.getByTestId('care-team-save').click();
    await teamCard.getByTestId('care-team-member').filter({ hasText: '便民服务代办员（演示）' }).filter({ hasText: '代办员' }).waitFor();
    assert.deepEqual(await teamOf(), [...teamBefore, { username: 'demo-agent', role: 'agent' }].sort((a, b) => a.username.localeCompare(b.username)));
    const assess = visitPage.getByTestId('care-assess-form');
    for (const factor of ['safety', 'health', 'schooling', 'livingConditions', 'mood', 'carerCapacity']) {
      await rate(assess, factor, factor === 'safety' ? 2 : factor === 'mood' ? 1 : 0);
    }
    await choose(visitPage, 'care-proposed-level', '高风险');
    await visitPage.locator('#care-reason').fill('走访发现严重安全隐患');
    await assess.getByTestId('care-assess-save').click();
    await visitPage.getByTestId('care-case-approval').filter({ hasText: '待审批' }).waitFor();
    assert.equal((await visitPage.getByTestId('care-case-risk').innerText()).trim(), '中风险', 'the level waits for the supervisor');
    assert.equal(await visitPage.getByTestId('care-approve').count(), 0, 'the worker cannot decide their own request');
    await check(visitPage, 'care-case-visit-phone');
    await visitContext.close();

    // ---- the township's social worker, a supervisor of the case, approves from their queue ----
    const supervisorContext = await e2e.context({ as: 'demo-social', width: 1280, height: 900 });
    const supervisorPage = await supervisorContext.newPage();
    await supervisorPage.goto(`${base}/care`);
    await supervisorPage.getByRole('tab', { name: '督导待办' }).click();
    const request = supervisorPage.getByTestId('care-approval-item').filter({ hasText: '中风险 → 高风险' });
    await request.waitFor();
    await check(supervisorPage, 'care-supervisor-queue');
    await request.locator(`a[href="/care/cases/${kase.id}"]`).click();
    const pending = supervisorPage.getByTestId('care-case-approval').filter({ hasText: '待审批' });
    await pending.getByLabel('意见').fill('同意，按周走访');
    await pending.getByTestId('care-approve').click();
    await supervisorPage.getByTestId('care-case-risk').filter({ hasText: '高风险' }).waitFor();
    await supervisorPage.getByTestId('care-case-approval').filter({ hasText: '已同意' }).waitFor();
    await check(supervisorPage, 'care-case-approved');
    const approved = await db.selectFrom('care_cases').select(['risk_level', 'last_visit_on']).where('id', '=', kase.id).executeTakeFirstOrThrow();
    assert.deepEqual(approved, { risk_level: 'high', last_visit_on: today });
    await supervisorContext.close();

    const need = '周末托管与作业辅导（浏览器测试）';
    const referral = await createReferral(db, workerCtx, kase.id, { targetKind: 'organization', targetId: org.organization_id, need });
    assert.equal(referral.status, 'inProgress');

    // ---- the organization accepts it ----
    const orgContext = await e2e.context({ as: 'demo-org', width: 1280, height: 900 });
    const orgPage = await orgContext.newPage();
    await orgPage.goto(`${base}/care/referrals/received`);
    await orgPage.getByTestId('received-referrals-page').waitFor();
    const card = orgPage.getByTestId('referral').filter({ hasText: need });
    await card.waitFor();
    assert.match(await card.innerText(), /处理中/);
    await check(orgPage, 'care-referrals-received');
    await card.getByPlaceholder('说明').fill('每周六上午安排老师上门');
    await card.getByTestId('referral-accept').click();
    await orgPage.getByTestId('referral').filter({ hasText: need }).getByTestId('referral-status').filter({ hasText: '已接收' }).waitFor();
    const stored = await db.selectFrom('care_referrals').select(['status', 'response_note']).where('id', '=', referral.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'accepted', response_note: '每周六上午安排老师上门' });
    await orgContext.close();

    // ---- the parent in the city, on a phone: the summary, then a message ----
    const message = `孩子这周感冒好了吗？${Date.now() % 10_000}`;
    for (const elderMode of [false, true]) {
      const context = await e2e.context({ as: 'demo-parent', width: 360, height: 780, elderMode });
      const page = await context.newPage();
      await page.goto(`${base}/family`);
      const summary = page.getByTestId('family-summary');
      await summary.waitFor();
      const text = await summary.innerText();
      assert.match(text, /最近一次走访/);
      const todayShown = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date(today));
      assert.ok(text.includes(`${todayShown}（入户）`), `the summary shows today's home visit (${todayShown}): ${text}`);
      assert.match(text, /正在转介的服务：2 项/, 'the referral accepted just now is counted with the demo one');
      await check(page, `care-family-page${elderMode ? '-elder' : ''}`);
      if (!elderMode) {
        await page.getByTestId('family-message-body').fill(message);
        await page.getByTestId('family-send').click();
        await page.getByTestId('family-message').filter({ hasText: message }).waitFor();
      } else {
        assert.ok(await page.getByTestId('family-message').filter({ hasText: message }).isVisible(), 'the message sent shows in elder mode too');
      }
      await context.close();
    }

    // ---- the worker reads it and replies ----
    const workerContext = await e2e.context({ as: 'demo-worker', width: 360, height: 780 });
    const page = await workerContext.newPage();
    await page.goto(`${base}/care/family-messages`);
    const conversation = page.getByTestId('family-conversation').filter({ hasText: '未读' }).first();
    await conversation.waitFor();
    await check(page, 'care-family-messages');
    await conversation.getByTestId('family-conversation-open').click();
    const thread = page.getByTestId('family-worker-thread');
    await thread.getByTestId('family-message').filter({ hasText: message }).waitFor();
    const read = await db.selectFrom('care_family_messages').select('read_at').where('body', '=', message).executeTakeFirstOrThrow();
    assert.ok(read.read_at, 'opening the conversation marks the parent’s message read');
    await thread.getByTestId('family-reply-body').fill('感冒已经好了，放心。');
    await thread.getByTestId('family-reply').click();
    await thread.getByTestId('family-message').filter({ hasText: '感冒已经好了' }).waitFor();
    // The case's referrals page shows the accepted referral with its timeline, and the plan.
    await page.goto(`${base}/care/cases/${kase.id}/referrals`);
    const accepted = page.getByTestId('referral').filter({ hasText: need });
    await accepted.getByTestId('referral-status').filter({ hasText: '已接收' }).waitFor();
    await page.getByTestId('case-plan').waitFor();
    await page.getByTestId('case-consents').waitFor();
    await check(page, 'care-case-referrals');
    const audit = await db.selectFrom('audit_log').select('action').where('username', 'in', ['demo-parent', 'demo-worker', 'demo-org']).execute();
    for (const action of ['family.read', 'family.writeMessage', 'careFamily.readMessages', 'careReferral.listReceived', 'careReferral.accept']) {
      assert.ok(audit.some((a) => a.action === action), `${action} audited`);
    }
    await workerContext.close();

    // ---- the indicator moved: the county official's drill-down of the township ----
    const after = await visitedValues();
    assert.equal(after.denominator, before.denominator, 'the same persons in care');
    assert.equal(after.numerator, before.numerator! - 1, 'the child, now at high risk, is measured against weekly visits and no longer counts as visited as planned');
    const dashboard = await officialContext.newPage();
    await dashboard.goto(`${base}/indicators?area=${township}&indicator=left_behind_visited`);
    await scrollToTestId(dashboard, 'ranking-table');
    // A village's row has no drill link (nothing below it): it is found by its name.
    const row = dashboard.locator('[data-testid=ranking-table] .ant-table-row').filter({ has: dashboard.locator('td:nth-child(2)', { hasText: new RegExp(`^${after.name}$`) }) });
    const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(after.value! / 100);
    await row.locator('td:nth-child(3)').filter({ hasText: percent }).waitFor();
    assert.equal((await row.locator('td:nth-child(4)').innerText()).trim(), String(after.numerator), 'the numerator shown is one less than before');
    assert.notEqual(after.value, before.value);
    // Beside it, the township's care figures (GET /care/figures) in the words of the panel.
    const figures = (await (await officialContext.request.get(`${base}/api/v1/care/figures?area=${township}`)).json()) as CareFigures;
    assert.ok(figures.area.figures.all.highRisk >= 1, 'the child is at high risk now');
    await scrollToTestId(dashboard, 'care-figures');
    await dashboard.getByTestId('care-figures-total').filter({ hasText: `走访逾期 ${figures.area.figures.all.overdue} 人` }).filter({ hasText: `高风险 ${figures.area.figures.all.highRisk} 人` }).waitFor();
    await check(dashboard, 'care-indicator-drilldown');

    // ---- the county official sets the county's visit policy (medium every two weeks) ----
    await dashboard.goto(`${base}/care`);
    await dashboard.getByRole('tab', { name: '走访频次' }).click();
    const policy = dashboard.getByTestId('care-visit-policy');
    await policy.getByTestId('care-policy-source').filter({ hasText: '默认' }).waitFor();
    await choose(dashboard, 'care-policy-medium', '每两周一次');
    await policy.getByTestId('care-policy-save').click();
    await policy.getByTestId('care-policy-source').filter({ hasText: '自己的设置' }).waitFor();
    await check(dashboard, 'care-visit-policy');
    const county = await db.selectFrom('care_visit_policies').select(['high', 'medium', 'low']).where('area_code', '=', village.slice(0, 6)).executeTakeFirstOrThrow();
    assert.deepEqual(county, { high: 'week', medium: 'fortnight', low: 'quarter' });
    await officialContext.close();
  });
});
