/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * Care referrals and the family in the city, in Chromium: the village worker refers a left-behind
 * child to the demo organization; its member accepts the referral on the received list; the parent
 * working away (demo-parent) opens the family page on a 360 px phone, in normal and elder mode,
 * sees the care summary (the accepted referral counted) and writes to the worker; the worker reads
 * the message on their families' messages page and replies. Axe runs on each page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/contracts/roles.ts';
import type { RequestContext } from '../../src/server/http/actor.ts';
import { createReferral } from '../../src/server/modules/care/referrals.service.ts';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';

const skip = process.env.CI ? false : chromiumMissing();

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

  test('a referral is accepted by an organization → the parent in the city sees the summary and writes → the worker reads it', async () => {
    const db = e2e.app.database.handle.db;
    const base = e2e.baseUrl;
    const parentUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-parent').executeTakeFirstOrThrow();
    const link = await db.selectFrom('care_family_links').selectAll().where('user_id', '=', parentUser.id).executeTakeFirstOrThrow();
    const kase = await db.selectFrom('care_cases').select('id').where('person_id', '=', link.person_id).where('status', '=', 'open').executeTakeFirstOrThrow();
    const orgUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-org').executeTakeFirstOrThrow();
    const org = await db.selectFrom('organization_members').select('organization_id').where('user_id', '=', orgUser.id).executeTakeFirstOrThrow();
    const worker = await db.selectFrom('users').selectAll().where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
    const workerCtx: RequestContext = { actor: { userId: worker.id, username: worker.username, role: worker.role as Role, scope: worker.scope_code }, address: '127.0.0.1', requestId: uuidv7() };
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
  });
});
