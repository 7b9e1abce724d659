import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

/**
 * ID, phone and residence-permit numbers never reach the database as text: created through the
 * API, imported from a file, revealed, exported and searched, they are nowhere in the SQLite
 * file's bytes nor in any PostgreSQL table's text. The names beside them are, which shows the
 * search would find the numbers if they were there.
 */
const PEOPLE = [
  { name: '隐私测试甲', idNumber: makeIdNumber('340828', '1975-03-14', 'male', 271), phone: '13912345678' },
  { name: '隐私测试乙', idNumber: makeIdNumber('340828', '1982-11-30', 'female', 482), phone: '18855501234' },
  { name: '隐私测试丙', idNumber: makeIdNumber('340826', '1990-07-07', 'male', 135), phone: '05565551234', permit: makeIdNumber('340826', '1990-07-07', 'male', 135) },
];
const IMPORTED = { name: '隐私导入丁', idNumber: makeIdNumber('340828', '1969-12-24', 'female', 906), phone: '13600001234' };
const SECRETS = [...PEOPLE.flatMap((p) => [p.idNumber, p.phone]), IMPORTED.idNumber, IMPORTED.phone];
const NAMES = [...PEOPLE.map((p) => p.name), IMPORTED.name];

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let t: TestApp;
    let worker: Client;
    let admin: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      worker = await t.login('demo-worker');
      admin = await t.login('demo-admin');
      const village = (await worker.get('/api/v1/auth/me')).json().user.scope as string;
      const household = await worker.post('/api/v1/households', { areaCode: village, address: '隐私组1号' });
      assert.equal(household.statusCode, 201, household.body);
      const householdId = household.json().id;
      for (const [i, p] of PEOPLE.entries()) {
        const response = await worker.post('/api/v1/persons', {
          householdId,
          name: p.name,
          idNumber: p.idNumber,
          phone: p.phone,
          relation: i === 0 ? 'head' : 'other',
          ...(p.permit ? { residenceStatus: 'inflow', residencePermitNumber: p.permit, hukouAreaCode: '340826' } : {}),
        });
        assert.equal(response.statusCode, 201, response.body);
        // A revealed read and a change of phone number, both recorded in audit and history.
        const id = response.json().id;
        assert.equal((await admin.get(`/api/v1/persons/${id}?reveal=true`)).json().idNumber, p.idNumber);
        const changed = await worker.patch(`/api/v1/persons/${id}`, { version: 1, phone: p.phone.replace(/.$/, (d) => String((Number(d) + 1) % 10)) });
        assert.equal(changed.statusCode, 200, changed.body);
        const back = await worker.patch(`/api/v1/persons/${id}`, { version: 2, phone: p.phone });
        assert.equal(back.statusCode, 200, back.body);
      }
      const file = `户编号,社区代码,住址,姓名,身份证号,联系电话,与户主关系\r\nP1,${village},隐私组2号,${IMPORTED.name},${IMPORTED.idNumber},${IMPORTED.phone},户主\r\n`;
      const imported = await worker.request({ method: 'POST', url: '/api/v1/persons/import', headers: { 'content-type': 'text/csv' }, payload: file });
      assert.equal(imported.statusCode, 200, imported.body);
      // Searches by number go through the keyed hash.
      for (const secret of SECRETS.filter((s) => s.length === 18)) {
        assert.equal((await worker.get(`/api/v1/persons?q=${secret}`)).json().total, 1, secret);
      }
      const exported = await admin.get(`/api/v1/persons/export?q=${encodeURIComponent('隐私')}&reveal=true`);
      assert.equal(exported.statusCode, 200);
      for (const secret of SECRETS) assert.ok(exported.body.includes(secret), `the revealed export holds ${secret}`);
      const one = await admin.get(`/api/v1/persons/export?q=${PEOPLE[0]!.idNumber}&reveal=true`);
      assert.ok(one.body.includes(PEOPLE[0]!.idNumber));
    });
    after(() => t.close());

    test('no ID, phone or permit number is stored as text anywhere in the database', async () => {
      if (dialect === 'sqlite') {
        const file = t.database.url;
        const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
        for (const name of NAMES) assert.ok(bytes.includes(Buffer.from(name, 'utf8')), `the search finds the name ${name}`);
        for (const secret of SECRETS) {
          assert.equal(bytes.includes(Buffer.from(secret, 'utf8')), false, `${secret} is in the SQLite file`);
          assert.equal(bytes.includes(Buffer.from(secret, 'utf16le')), false, `${secret} is in the SQLite file (UTF-16)`);
        }
        return;
      }
      const db = t.database.handle.db;
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
      assert.ok(tables.rows.some((r) => r.table_name === 'persons'));
      const found = new Set<string>();
      for (const { table_name } of tables.rows) {
        const rows = await sql<{ text: string }>`select t::text as text from ${sql.table(table_name)} t`.execute(db);
        for (const { text } of rows.rows) {
          for (const name of NAMES) if (text.includes(name)) found.add(name);
          for (const secret of SECRETS) assert.equal(text.includes(secret), false, `${secret} is in table ${table_name}: ${text.slice(0, 200)}`);
        }
      }
      assert.deepEqual([...found].sort(), [...NAMES].sort(), 'the search finds the names');
    });
  });
}
