import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';
import { fuzzTargets, runFuzz } from '../support/fuzz.ts';

/**
 * Schema-driven fuzzing over every route of the OpenAPI document, as an admin: inputs built from
 * each route's own schemas, mixed with nasty strings, encodings, sizes and numbers. No 5xx, every
 * error in the envelope, no row changed by a rejected write. `npm run bench -- fuzz --count N`
 * runs the same for longer.
 */
/** At least 5,000 inputs per `npm test`, shared between the databases it runs on. */
const INPUTS = Math.ceil(5000 / DIALECTS.length);

for (const dialect of DIALECTS) {
  describe(`fuzz (${dialect})`, { timeout: 540_000 }, () => {
    let t: TestApp;
    let admin: Client;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
    });
    after(() => t.close());

    test('the OpenAPI document lists the routes the fuzzer needs', () => {
      const targets = fuzzTargets(t.app);
      assert.ok(targets.length >= 40, `${targets.length} routes`);
      assert.ok(targets.some((x) => x.method === 'POST' && x.body), 'bodies to fuzz');
      assert.ok(targets.some((x) => x.query.length > 0), 'query strings to fuzz');
      assert.ok(targets.some((x) => x.params.length > 0), 'path parameters to fuzz');
    });

    test(`${INPUTS} generated inputs: no 5xx, the envelope on every error, no row changed by a refusal`, async (tc) => {
      const report = await runFuzz({ app: t.app, client: admin, db: t.database.handle.db, dialect, count: INPUTS, seed: 20261130 });
      tc.diagnostic(`${report.requests} requests over ${report.byTarget} routes; statuses ${JSON.stringify(report.byStatus)}`);
      assert.deepEqual(report.failures, []);
      assert.equal(report.requests, INPUTS);
      assert.ok(Object.keys(report.byStatus).some((s) => s.startsWith('2')), 'some inputs were accepted');
      assert.ok((report.byStatus['400'] ?? 0) > INPUTS / 10, 'many inputs were refused as invalid');
    });
  });
}
