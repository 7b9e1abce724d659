/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they need the DOM types.
/**
 * A volunteer on a phone: a resident of the demo village registers on a 360 px screen, claims
 * an hour, joins the village's time bank; a village worker verifies the hour on a phone too; the
 * resident's balance then shows the hour. Accessible (axe) in normal and elder mode. Staff keep the
 * registry: the pending-verification filter, an XLSX import checked first (a bad row named, nothing
 * written; then a good file imported), and the export of the filtered list.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { v7 as uuidv7 } from 'uuid';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { chromiumMissing, describeViolations, type E2e, SCREENSHOTS, scrollToTestId, seriousViolations, startE2e } from './browser.ts';

// On CI a missing browser is a failure, not a skip: .ci/run installs Debian's Chromium.
const skip = process.env.CI ? false : chromiumMissing();

describe('volunteering on a phone', { skip }, () => {
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
    const db = e2e.app.database.handle.db;
    const resident = await db.selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('users')
      .values({
        id: uuidv7(),
        username: 'e2e-volunteer',
        display_name: '周新来',
        password_hash: resident.password_hash,
        role: 'resident',
        scope_code: resident.scope_code,
        locked: false,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        demo: false,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a resident registers and claims an hour on a 360 px phone, a worker verifies it, the balance shows it', async () => {
    const context = await e2e.context({ as: 'e2e-volunteer', width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/volunteering`);
    await page.getByTestId('volunteer-register').click();
    await page.getByTestId('volunteer-verified').waitFor();
    assert.match((await page.getByTestId('volunteer-verified').textContent()) ?? '', /0:00/);
    await page.getByLabel('服务内容').fill('陪伴独居老人聊天');
    await page.getByTestId('claim-submit').click();
    await page.getByTestId('my-hours').getByText('待核实').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'nothing wider than the phone');
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByRole('button', { name: '加入时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    assert.match((await page.getByTestId('time-balance').textContent()) ?? '', /0:00/);

    const staff = await e2e.context({ as: 'demo-worker', width: 360, height: 740 });
    const worker = await staff.newPage();
    await worker.goto(`${e2e.baseUrl}/volunteers`);
    const row = worker.getByTestId('awaiting-row').filter({ hasText: '周新来' });
    await row.getByTestId('verify-hours').click();
    await row.getByText('已核实').waitFor();
    assert.equal(await worker.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the staff page fits the phone');
    await worker.screenshot({ path: `${SCREENSHOTS}volunteers-staff-360.png`, fullPage: true });

    await page.reload();
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    assert.match((await page.getByTestId('time-balance').textContent()) ?? '', /1:00/);
    await page.getByTestId('time-history').getByText('志愿时长存入').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}volunteering-360.png`, fullPage: true });
    await context.close();
    await staff.close();
  });

  test('the volunteering page reads well in elder mode: hours, balance, history, offers and requests', async () => {
    const context = await e2e.context({ as: 'demo-resident', width: 360, height: 740, elderMode: true });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/volunteering`);
    await page.getByTestId('volunteer-verified').waitFor();
    await page.getByTestId('my-hours').waitFor();
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('tab', { name: '时间银行' }).click();
    await page.getByTestId('time-balance').waitFor();
    await page.getByTestId('time-history').waitFor();
    await page.getByRole('heading', { name: '我能提供' }).waitFor();
    await page.getByRole('heading', { name: '我需要' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    const bankViolations = await seriousViolations(page);
    assert.equal(bankViolations.length, 0, describeViolations(bankViolations));
    await page.screenshot({ path: `${SCREENSHOTS}volunteering-elder-360.png`, fullPage: true });
    await context.close();
  });

  test('staff: the pending filter, an XLSX import checked first then imported, the export of the list', async () => {
    const db = e2e.app.database.handle.db;
    const village = (await db.selectFrom('users').select('scope_code').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).scope_code;
    const context = await e2e.context({ as: 'demo-worker', width: 1280, height: 900 });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/volunteers`);
    await page.getByRole('tab', { name: '志愿者名册' }).click();
    await page.getByTestId('volunteer-total').waitFor();

    // Only volunteers whose hours await verification: every row listed has pending minutes.
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/volunteers?') && r.url().includes('pending=true') && r.ok()), page.getByTestId('volunteer-pending-filter').click()]);
    const pendingCells = await page.locator('[data-testid=volunteer-table] tbody tr.ant-table-row td:nth-child(6)').allInnerTexts();
    assert.ok(pendingCells.length > 0, 'the demo village has hours awaiting verification');
    assert.ok(pendingCells.every((c) => c.trim() !== '0:00'), pendingCells.join(','));
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));

    // Export of the filtered list.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('volunteer-export').click()]);
    assert.match(download.suggestedFilename(), /^volunteers-\d{8}\.xlsx$/);
    const sheet = await readSheet(await readFile((await download.path())!));
    assert.equal(sheet.length - 1, pendingCells.length, 'the export holds the rows the filter lists');
    await page.getByTestId('volunteer-pending-filter').click();

    // Import: a file with a bad row is checked, the row named, nothing written.
    const header = ['社区代码', '姓名', '技能', '可服务时间', '服务地区代码', '状态'];
    const xlsx = (rows: string[][]) => writeXlsxFile([header, ...rows].map((r) => r.map((v) => ({ value: v, type: String }))) as never).toBuffer();
    const count = async () => Number((await db.selectFrom('volunteers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await page.getByTestId('volunteer-import').click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.getByTestId('import-file').setInputFiles({ name: '志愿者.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([[village, '网页导入甲', '理发', '', '', ''], [village, '', '', '', '', '']]) });
    await wizard.getByTestId('import-start').click();
    await wizard.getByTestId('import-report').waitFor();
    assert.match((await wizard.getByTestId('import-summary').textContent()) ?? '', /1 行有问题，整个文件未导入/);
    const problems = (await wizard.getByTestId('import-problems').innerText()).replace(/\s+/g, ' ');
    assert.match(problems, /3 姓名 必须填写/);
    assert.equal(await count(), before);
    const wizardViolations = await seriousViolations(page);
    assert.equal(wizardViolations.length, 0, describeViolations(wizardViolations));

    // A good file: checked (nothing written yet), then imported at once.
    await wizard.getByTestId('import-again').click();
    await wizard.getByTestId('import-file').setInputFiles({ name: '志愿者.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([[village, '网页导入甲', '理发', '', '', ''], [village, '网页导入乙', '', '', '', '暂停']]) });
    await wizard.getByTestId('import-start').click();
    await wizard.getByText('2 行全部无误，尚未导入。').waitFor();
    assert.equal(await count(), before);
    await wizard.getByTestId('import-now').click();
    await wizard.getByText('全部 2 行已导入。').waitFor();
    assert.equal(await count(), before + 2);
    await page.keyboard.press('Escape');
    await page.getByLabel('姓名或拼音首字母').fill('wydry');
    await page.getByLabel('姓名或拼音首字母').press('Enter');
    await page.getByTestId('volunteer-table').getByText('网页导入乙').waitFor();
    await page.getByTestId('volunteer-table').getByText('暂停').waitFor();
    // The map under the registry loads when scrolled to: where the volunteers the filters match are.
    await scrollToTestId(page, 'volunteer-map');
    await page.locator('[data-testid=volunteer-map] canvas').first().waitFor();
    const summary = await page.getByTestId('volunteer-map-summary').innerText();
    const [places, volunteers] = (summary.match(/[0-9]+/g) ?? []).map(Number);
    assert.ok(volunteers === 1 && places === 1, `the one volunteer found is placed in their village (${summary})`);
    await page.screenshot({ path: `${SCREENSHOTS}volunteers-registry.png`, fullPage: true });
    await context.close();
  });
});
