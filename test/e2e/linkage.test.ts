/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * 三社联动, the whole chain in Chromium: a resident raises a need and two neighbours support it →
 * a worker designs a project → a call → two organizations bid → two evaluators score → award → a
 * complaint is answered → activities with attendance taken on a 360 px phone → milestones →
 * residents and the evaluator evaluate → the organization's credit record and the satisfaction
 * indicator change; the chain page and the public notice (no account) show it.
 *
 * Every step with a page is driven through the page. The actors with no demo account (a second
 * neighbour, a second organization's member, a second evaluator) are created in the setup through
 * the API, and the steps only they take without a page of theirs (the second bid, the second
 * evaluator's scores, the losing bidder's complaint) go through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, describeViolations, SCREENSHOTS, seriousViolations, startE2e, type E2e } from './browser.ts';
import type { Client } from '../support/app.ts';

const skip = process.env.CI ? false : chromiumMissing();
const API = '/api/v1';
const L = `${API}/linkage`;
const PASSWORD = 'Zx7#Harbor-Lantern-Quince';
/** The smallest PNG: a 1×1 pixel (a milestone's photo). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const ok = (r: { statusCode: number; body: string }, status = 200) => {
  assert.equal(r.statusCode, status, r.body);
  return JSON.parse(r.body);
};

async function axe(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.equal(violations.length, 0, `${what}: ${describeViolations(violations)}`);
}

async function noWiderThanScreen(page: Page, what: string): Promise<void> {
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, `${what}: nothing wider than the phone`);
}

describe('tri-party linkage, need to verdict', { skip }, () => {
  let e2e: E2e;
  const contexts: BrowserContext[] = [];
  const as = async (username: string, width = 1280, height = 900): Promise<Page> => {
    const context = await e2e.context({ as: username, width, height });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`${username}: ${error.message}`));
    return page;
  };

  /** A phone of an account the setup created (its own password). */
  const asCreated = async (username: string): Promise<Page> => {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', bypassCSP: true });
    contexts.push(context);
    const response = await context.request.post(`${e2e.baseUrl}${API}/auth/login`, { data: { username, password: PASSWORD } });
    assert.ok(response.ok(), `login ${username}`);
    return context.newPage();
  };
  /** Waits for what the API says (a page's save lands a moment after its click). */
  const until = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      assert.ok(Date.now() < deadline, what);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    // What each open page showed, for a failure's post-mortem (test/e2e/screenshots).
    let n = 0;
    for (const c of contexts) for (const p of c.pages()) await p.screenshot({ path: `${SCREENSHOTS}linkage-last-${n++}.png` }).catch(() => {});
    for (const c of contexts) await c.close().catch(() => {});
    await e2e?.close();
  });

  test('a need becomes a project, a call, a contract, activities with attendance, milestones and an evaluated verdict', async () => {
    const db = e2e.app.database.handle.db;
    const village = (await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).scope_code;
    const county = village.slice(0, 6);
    const admin = await e2e.app.login('demo-admin');
    const official = await e2e.app.login('demo-county');
    const worker = await e2e.app.login('demo-worker');

    // ---- setup: the actors with no demo account, created through the API ----
    const user = async (username: string, role: string, scope: string): Promise<Client> => {
      ok(await admin.post(`${API}/users`, { username, displayName: username, password: PASSWORD, role, scope }), 201);
      return e2e.app.login(username, PASSWORD);
    };
    await user('lk-neighbour', 'resident', village);
    const memberB = await user('lk-member-b', 'organizationMember', county);
    const evaluator2 = await user('lk-evaluator-2', 'evaluator', county);
    const orgA = ok(await (await e2e.app.login('demo-org')).get(`${API}/organizations/mine`));
    const orgB = await db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('area_code', 'like', `${county}%`)
      .where('id', '!=', orgA.id)
      .where('status', 'in', ['registered', 'active'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    ok(await official.post(`${API}/organizations/${orgB.id}/members`, { username: 'lk-member-b' }));
    // A third organization's member: the call is by invitation and does not invite them.
    const memberC = await user('lk-member-c', 'organizationMember', county);
    const orgC = await db.selectFrom('organizations').select('id').where('area_code', 'like', `${county}%`).where('id', 'not in', [orgA.id, orgB.id]).orderBy('id').executeTakeFirstOrThrow();
    ok(await official.post(`${API}/organizations/${orgC.id}/members`, { username: 'lk-member-c' }));
    const satisfaction = async () => ok(await official.get(`${API}/indicators/satisfaction/values?area=${village}`)).area as { value: number | null; denominator: number | null };
    const satisfactionBefore = await satisfaction();

    // ---- a resident raises a need on a phone; two neighbours support it ----
    const needTitle = '留守儿童暑期没人陪伴';
    const resident = await as('demo-resident', 360, 740);
    await resident.goto(`${e2e.baseUrl}/linkage/needs`);
    await resident.getByTestId('need-raise').click();
    await resident.getByTestId('need-title').fill(needTitle);
    await resident.getByTestId('need-description').fill('暑假里孩子们整天在家看手机，希望村里办暑期陪伴课堂。');
    await resident.getByTestId('need-submit').click();
    const myNeed = resident.getByTestId('need-card').filter({ hasText: needTitle });
    await myNeed.waitFor();
    await axe(resident, 'needs board at 360 px');
    for (const neighbour of ['demo-parent', 'lk-neighbour']) {
      const page = neighbour === 'demo-parent' ? await as(neighbour, 360, 740) : await asCreated(neighbour);
      await page.goto(`${e2e.baseUrl}/linkage/needs`);
      const card = page.getByTestId('need-card').filter({ hasText: needTitle });
      await card.getByTestId('need-support').click();
      await card.getByTestId('need-support').and(page.locator(':disabled')).waitFor();
    }
    const need = await db.selectFrom('linkage_needs').select('supports').where('title', '=', needTitle).executeTakeFirstOrThrow();
    assert.equal(Number(need.supports), 2, 'two neighbours support it');

    // ---- the worker designs a project from the need and opens a call ----
    const projectTitle = '暑期留守儿童陪伴课堂';
    const staff = await as('demo-worker');
    await staff.goto(`${e2e.baseUrl}/linkage/projects`);
    await staff.getByTestId('project-design').click();
    const drawer = staff.locator('.ant-drawer');
    await drawer.getByText(needTitle).click();
    await staff.getByTestId('project-title').fill(projectTitle);
    await staff.getByTestId('project-objectives').fill('暑期每周两次陪伴课堂，覆盖村里的留守儿童');
    await staff.getByTestId('project-target-group').fill('本村留守儿童');
    await drawer.getByLabel('预算总额（元）').fill('20000');
    await drawer.getByLabel('科目', { exact: true }).fill('活动经费');
    await drawer.getByLabel('金额（元）', { exact: true }).fill('20000');
    await staff.getByTestId('project-save').click();
    const row = staff.locator('tr').filter({ hasText: projectTitle });
    // The draft is edited; someone else's save in between is told plainly, and the latest version loads.
    await row.getByTestId('project-edit').click();
    const objectives = staff.getByTestId('project-objectives');
    await objectives.and(staff.locator(':enabled')).waitFor();
    const p = ok(await worker.get(`${L}/projects?limit=50`)).items.find((x: { title: string }) => x.title === projectTitle);
    const draft = ok(await worker.get(`${L}/projects/${p.id}`));
    ok(await worker.request({ method: 'PUT', url: `${L}/projects/${p.id}`, payload: { areaCode: draft.areaCode, title: draft.title, objectives: draft.objectives, targetGroup: '本村及邻组留守儿童', communities: draft.communities.map((c: { code: string }) => c.code), needIds: draft.needs.map((n: { id: string }) => n.id), fundingSource: draft.fundingSource, budgetCents: draft.budgetCents, budgetLines: draft.budgetLines.map((l: { title: string; amountCents: number }) => ({ title: l.title, amountCents: l.amountCents })), indicators: [], requirements: draft.requirements, phases: [], version: draft.version } }));
    await objectives.fill('暑期每周三次陪伴课堂，覆盖村里的留守儿童');
    await staff.getByTestId('project-save').click();
    await staff.getByTestId('project-refusal').filter({ hasText: '内容已被他人修改' }).waitFor();
    await axe(staff, 'project editor with a stale save');
    await staff.getByTestId('project-reload').click();
    await until('the latest version is in the form', async () => (await staff.getByTestId('project-target-group').inputValue()) === '本村及邻组留守儿童');
    await objectives.fill('暑期每周三次陪伴课堂，覆盖村里的留守儿童');
    await staff.getByTestId('project-save').click();
    await until('the edited design is saved', async () => ok(await worker.get(`${L}/projects/${p.id}`)).objectives === '暑期每周三次陪伴课堂，覆盖村里的留守儿童');
    // A call by invitation of the two organizations, picked from the registry's eligible ones.
    await row.getByTestId('project-open-call').click();
    await staff.getByTestId('call-mode').getByText('邀请').click();
    for (const name of [orgA.name as string, orgB.name]) {
      await staff.locator('#call-invitees').fill(name);
      await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    }
    await staff.locator('.ant-modal-title').click(); // closes the organizations' list
    await axe(staff, 'call dialog by invitation');
    await staff.getByTestId('call-start').click();
    await staff.waitForURL(/\/linkage\/calls\//);
    const callId = staff.url().split('/').pop()!;
    for (const name of [orgA.name as string, orgB.name]) await staff.getByTestId('call-invited').getByText(name).waitFor();
    const projectId = (await db.selectFrom('linkage_calls').select('project_id').where('id', '=', callId).executeTakeFirstOrThrow()).project_id;
    await staff.getByTestId('call-next').click(); // 开始报名
    await staff.getByTestId('call-status').filter({ hasText: '报名' }).waitFor();

    // ---- two organizations bid: demo-org on its page, the second through the API ----
    const org = await as('demo-org');
    await org.goto(`${e2e.baseUrl}/linkage/calls`);
    await org.getByTestId('call-card').filter({ hasText: projectTitle }).getByRole('link').click();
    await org.getByTestId('call-bid').click();
    const bidDialog = org.locator('.ant-modal');
    await org.getByTestId('bid-title').fill('快乐暑假 陪伴成长');
    await org.getByTestId('bid-proposal').fill('每周二、四下午在村委会活动室开展课业辅导与游戏，社工带领志愿者入户探访。');
    await bidDialog.getByLabel('报价（元）').fill('18000');
    await bidDialog.getByTestId('bid-team').getByText(/持证/).first().click();
    await org.getByTestId('bid-submit').click();
    await bidDialog.waitFor({ state: 'hidden' });
    const team = ok(await memberB.get(`${L}/calls/${callId}/team-candidates`)) as { id: string; certified: boolean }[];
    const bidB = { proposalTitle: '暑期托管', proposal: '托管加兴趣课。', budgetCents: 1_950_000, volunteersPlanned: 2, team: team.filter((w) => w.certified).slice(0, 1).map((w) => ({ workerId: w.id })) };
    ok(await memberB.post(`${L}/calls/${callId}/bids`, bidB), 201);
    // The uninvited organization does not see the call in its list, and its bid is refused naming the rule.
    assert.ok(!(ok(await memberC.get(`${L}/calls`)).items as { id: string }[]).some((c) => c.id === callId), 'not in the uninvited member’s list');
    const uninvited = await memberC.post(`${L}/calls/${callId}/bids`, bidB);
    assert.equal(uninvited.statusCode, 409, uninvited.body);
    assert.equal((JSON.parse(uninvited.body) as { error: { details: { rule: string } } }).error.details.rule, 'notInvited');

    // Time passes: the submission deadline is behind us (a test cannot wait ten days).
    await db.updateTable('linkage_calls').set({ submission_deadline: new Date(Date.now() - 1000).toISOString(), questions_until: new Date(Date.now() - 2000).toISOString() }).where('id', '=', callId).execute();
    await staff.reload();
    await staff.getByTestId('call-next').click(); // 截止报名，进入评审
    await staff.getByTestId('call-status').filter({ hasText: '评审' }).waitFor();

    // ---- two evaluators score: demo-evaluator on the scoring sheet, the second through the API ----
    const evaluator = await as('demo-evaluator');
    await evaluator.goto(`${e2e.baseUrl}/linkage/scoring`);
    await evaluator.getByTestId('scoring-queue').getByText(projectTitle).click();
    await evaluator.getByTestId('scoring-declare').click();
    for (const [name, score] of [[orgA.name as string, '9'], [orgB.name, '6']] as const) {
      const card = evaluator.getByTestId('scoring-bid').filter({ hasText: name });
      const inputs = card.locator('input[id^="score-"]');
      await inputs.first().and(evaluator.locator(':enabled')).waitFor();
      for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill(score);
      await card.getByTestId('scoring-save').click();
    }
    const demoEvaluator = await e2e.app.login('demo-evaluator');
    await until('demo-evaluator’s scores are saved', async () =>
      (ok(await demoEvaluator.get(`${L}/calls/${callId}/scoring`)) as { bids: { myScores: unknown[] }[] }).bids.every((b) => b.myScores.length === 3),
    );
    ok(await evaluator2.post(`${L}/calls/${callId}/declaration`, { noConflict: true }));
    const sheet = ok(await evaluator2.get(`${L}/calls/${callId}/scoring`)) as { criteria: { id: string }[]; bids: { id: string; organization: { id: string } }[] };
    for (const b of sheet.bids) {
      const score = b.organization.id === orgA.id ? 8 : 7;
      ok(await evaluator2.request({ method: 'PUT', url: `${L}/calls/${callId}/bids/${b.id}/scores`, payload: { scores: sheet.criteria.map((c) => ({ criterionId: c.id, score })) } }));
    }

    // ---- the result is published, awarded; a complaint is answered and resolved; the contract ----
    await staff.reload();
    await staff.getByTestId('call-next').click(); // 结束评审并公示结果
    await staff.getByTestId('call-status').filter({ hasText: '公示' }).waitFor();
    await staff.locator('tr').filter({ hasText: orgA.name }).getByTestId('call-award').click();
    await staff.getByTestId('call-status').filter({ hasText: '已确定承接方' }).waitFor();
    // The losing bidder complains during the public notice (an organization member's complaint, through the API).
    ok(await memberB.post(`${L}/calls/${callId}/complaints`, { subject: '评分异议', body: '我方方案的预算评分偏低，请复核。' }), 201);
    await staff.reload();
    const complaint = staff.getByTestId('complaint').filter({ hasText: '评分异议' });
    await complaint.getByTestId('complaint-text').fill('经复核，评分无误；预算评分按统一标准计算。');
    await complaint.getByTestId('complaint-answered').click();
    await complaint.getByText('已答复').waitFor();
    await complaint.getByTestId('complaint-text').fill('复核结论已告知投诉方，异议办结。');
    await complaint.getByTestId('complaint-resolved').click();
    await complaint.getByText('已解决').waitFor();
    await staff.getByTestId('call-contract').click();
    await staff.getByTestId('contract-submit').click();
    await staff.getByTestId('call-status').filter({ hasText: '已签约' }).waitFor();

    // ---- delivery on a phone: an activity, attendance person by person ----
    const attendees = await db.selectFrom('persons').select(['id', 'user_id']).where('area_code', '=', village).where('user_id', 'is not', null).orderBy('id').execute();
    const residentUser = (await db.selectFrom('users').select('id').where('username', '=', 'demo-resident').executeTakeFirstOrThrow()).id;
    const residentPerson = attendees.find((p) => p.user_id === residentUser)!.id;
    const [neighbourPerson, movedPerson] = (await db.selectFrom('persons').select('id').where('area_code', '=', village).where('id', '!=', residentPerson).where('household_id', 'is not', null).orderBy('id').limit(2).execute()).map((p) => p.id);
    const nameOf = async (id: string) => ok(await worker.get(`${API}/persons/${id}`)) as { name: string; version: number; age: number };

    const phone = await as('demo-worker', 360, 740);
    await phone.goto(`${e2e.baseUrl}/linkage/delivery/${projectId}`);
    await phone.getByTestId('activity-new').click();
    await phone.getByTestId('activity-title').fill('暑期陪伴课堂 第一次');
    const facilities = ok(await worker.get(`${API}/facilities?area=${village}&limit=5`)).items as { name: string }[];
    if (facilities.length === 0) await phone.getByTestId('activity-place').fill('村委会活动室');
    else {
      await phone.getByTestId('activity-facility').click();
      await phone.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    }
    await phone.getByTestId('activity-save').click();
    await phone.getByTestId('delivery-activity').filter({ hasText: '暑期陪伴课堂 第一次' }).getByTestId('activity-open').click();
    await phone.getByTestId('attendance-page').waitFor();
    const tick = async (personId: string) => {
      const { name } = await nameOf(personId);
      await phone.getByTestId('attendance-search').locator('input').fill(name);
      await phone.getByTestId('attendance-search').locator('input').press('Enter');
      const row = phone.locator(`[data-testid="attendance-person"][data-person-id="${personId}"]`);
      await row.locator('input[type=checkbox]').check();
      if ([...name].length > 1) assert.ok(!(await row.innerText()).includes(name), 'the name is masked');
    };
    await tick(residentPerson);
    await tick(neighbourPerson!);
    await tick(movedPerson!);
    // Meanwhile one of them moves to another village: the server refuses the list, naming the person.
    const moved = await nameOf(movedPerson!);
    const otherVillage = (await db.selectFrom('areas').select('code').where('parent_code', '=', village.slice(0, 9)).where('code', '!=', village).orderBy('code').executeTakeFirstOrThrow()).code;
    const elsewhere = ok(await admin.post(`${API}/households`, { areaCode: otherVillage, address: '邻村 8 号' }), 201);
    ok(await admin.request({ method: 'PATCH', url: `${API}/persons/${movedPerson}`, payload: { version: moved.version, householdId: elsewhere.id } }));
    await phone.getByTestId('attendance-save').click();
    const refusal = phone.getByTestId('attendance-error');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), new RegExp(`${[...moved.name][0]}\\*.*不住在本项目的社区`));
    assert.equal(Number((await db.selectFrom('linkage_attendance').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n), 0, 'a refused list records nobody');
    await phone.locator(`[data-testid="attendance-person"][data-person-id="${movedPerson}"] input[type=checkbox]`).uncheck();
    await phone.getByTestId('attendance-save').click();
    await phone.getByTestId('attendance-count').filter({ hasText: '签到 2 人' }).waitFor();
    await noWiderThanScreen(phone, 'attendance');
    await axe(phone, 'attendance at 360 px');
    await phone.screenshot({ path: `${SCREENSHOTS}linkage-attendance-360.png`, fullPage: true });

    // ---- milestones with evidence; progress ----
    await phone.goto(`${e2e.baseUrl}/linkage/delivery/${projectId}`);
    await phone.getByTestId('milestone-title').fill('完成第一期课堂');
    await phone.getByTestId('milestone-add').click();
    const milestone = phone.getByTestId('milestone').filter({ hasText: '完成第一期课堂' });
    await milestone.getByTestId('milestone-evidence').setInputFiles({ name: 'class.png', mimeType: 'image/png', buffer: PNG });
    await milestone.getByText('class.png').waitFor();
    await milestone.getByTestId('milestone-met').click();
    await milestone.getByTestId('milestone-status').filter({ hasText: '已完成' }).waitFor();
    // A second milestone: edited (compare-and-set on its version), then cancelled with its reason.
    await phone.getByTestId('milestone-title').fill('回访家长');
    await phone.getByTestId('milestone-add').click();
    const visit = phone.getByTestId('milestone').filter({ hasText: '回访家长' });
    await visit.getByTestId('milestone-edit').click();
    await phone.getByTestId('milestone-edit-title').fill('回访全部家长');
    await phone.getByTestId('milestone-edit-save').click();
    const visitAll = phone.getByTestId('milestone').filter({ hasText: '回访全部家长' });
    await visitAll.getByTestId('milestone-cancel').click();
    await phone.locator('#milestone-cancel-reason').fill('改为电话回访');
    await phone.locator('.ant-modal .ant-btn-primary').click();
    await visitAll.getByTestId('milestone-status').filter({ hasText: '已取消' }).waitFor();
    await visitAll.getByText('改为电话回访').waitFor();
    await phone.getByTestId('delivery-summary').getByText('服务 2 人').waitFor();
    await noWiderThanScreen(phone, 'delivery');
    await axe(phone, 'delivery at 360 px');

    // ---- evaluation: the funder's office opens a round; residents, committee, evaluator and funder answer ----
    const funder = await as('demo-county');
    await funder.goto(`${e2e.baseUrl}/linkage/delivery/${projectId}`);
    await funder.getByTestId('round-final').check(); // the final round: closing it closes the project
    await funder.getByTestId('round-open').click();
    await funder.getByTestId('delivery-rounds').getByText('项目结项评估').waitFor();
    const answer = async (page: Page, fill: (p: Page) => Promise<void>) => {
      await page.goto(`${e2e.baseUrl}/linkage/evaluations`);
      await page.getByTestId('evaluation-queue').getByText(projectTitle).click();
      await fill(page);
      await page.getByTestId('evaluation-submit').click();
      await page.getByTestId('evaluation-answered').waitFor();
    };
    const score = (value: string) => async (p: Page) => {
      await p.locator('#evaluation-score').fill(value);
    };
    await answer(resident, async (p) => {
      await p.getByTestId('evaluation-rating').locator('.ant-rate-star').nth(4).click();
    });
    await axe(resident, 'resident evaluation at 360 px');
    await answer(evaluator, score('88'));
    await answer(staff, score('90'));
    // The worker records the other participant's paper form (5 stars): the residents' mean stays 100.
    await staff.getByTestId('paper-person').click();
    await staff.locator('.ant-select-item-option:not(.ant-select-item-option-disabled)').first().click();
    await staff.getByTestId('paper-rating').locator('.ant-rate-star').nth(4).click();
    await staff.getByTestId('paper-submit').click();
    await staff.getByText('纸质问卷已录入').waitFor();
    await answer(funder, score('85'));
    await funder.getByTestId('evaluation-close').click();
    // residents 100 × 30 + committee 90 × 20 + funder 85 × 20 + evaluator 88 × 30 = 9140 → 91.4, 优秀
    await funder.getByTestId('evaluation-result').getByText('91.4 分，优秀').waitFor();
    await axe(funder, 'evaluation round');
    await funder.goto(`${e2e.baseUrl}/linkage/delivery/${projectId}`);
    await funder.getByTestId('delivery-status').filter({ hasText: '已结项' }).waitFor();

    // ---- the organization's credit record and the satisfaction indicator changed ----
    const credit = ok(await official.get(`${API}/organizations/${orgA.id}`)).creditRecords as { kind: string; title: string }[];
    assert.ok(credit.some((c) => c.kind === 'evaluation' && c.title.includes('91.4')), JSON.stringify(credit));
    const satisfactionAfter = await satisfaction();
    assert.equal(satisfactionAfter.denominator, (satisfactionBefore.denominator ?? 0) + 2, 'the resident’s rating and the paper form count in the village');
    assert.notDeepEqual(satisfactionAfter, satisfactionBefore);

    // ---- the chain of the project on one page, from the project list ----
    await staff.goto(`${e2e.baseUrl}/linkage/projects`);
    await staff.locator('tr').filter({ hasText: projectTitle }).getByTestId('project-chain').click();
    await staff.getByTestId('chain-verdict').getByText('91.4 分，优秀').waitFor();
    const stages = await staff.getByTestId('chain-step').evaluateAll((steps) => steps.map((s) => s.getAttribute('data-stage')));
    for (const stage of ['need', 'project', 'call', 'award', 'complaint', 'contract', 'activity', 'milestone', 'evaluation']) assert.ok(stages.includes(stage), `${stage} in ${stages.join(',')}`);
    assert.ok(stages.indexOf('need') < stages.indexOf('contract') && stages.indexOf('contract') < stages.indexOf('evaluation'), 'in the order things happened');
    await staff.getByTestId('chain-steps').getByText('签到 2 人').waitFor();
    await axe(staff, 'chain page');

    // ---- the public notice, without an account, on a phone; its link leads to the chain ----
    const anonymous = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', bypassCSP: true });
    contexts.push(anonymous);
    const notice = await anonymous.newPage();
    await notice.goto(`${e2e.baseUrl}/notice/${village}`);
    const awards = notice.getByTestId('notice-awards').locator('tr').filter({ hasText: projectTitle });
    await awards.getByText(orgA.name).waitFor();
    await notice.getByTestId('notice-complaints').getByText('经复核，评分无误').waitFor();
    await notice.getByTestId('notice-evaluations').locator('tr').filter({ hasText: projectTitle }).getByText('91.4').waitFor();
    assert.ok(!(await notice.locator('body').innerText()).includes(moved.name), 'no person on the public notice');
    await noWiderThanScreen(notice, 'public notice');
    await axe(notice, 'public notice at 360 px');
    await awards.getByRole('link').click();
    await notice.waitForURL(/\/login\?next=.*chain/);
  });
});
