import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

const PERSONS = '/api/v1/persons';

/** A person's hukou is shown by name (province down), not as a raw division code. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: the hukou area by name`, () => {
    let t: TestApp;
    let worker: Client;
    let social: Client;
    let village: string;

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      [worker, social] = await Promise.all(['demo-worker', 'demo-social'].map((u) => t.login(u)));
      village = (await worker.get('/api/v1/auth/me')).json().user.scope;
    });
    after(() => t.close());

    async function register(hukouAreaCode: string | null) {
      const response = await worker.post(PERSONS, { areaCode: village, name: '户籍测试', sex: 'female', birthDate: '1990-05-01', relation: 'other', residenceStatus: 'inflow', hukouAreaCode });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; version: number; hukouAreaCode: string | null; hukouAreaPath: string[] | null };
    }

    test('a township outside the reader’s scope is named from the province down, on create and on read', async () => {
      // 迎江区's first township: outside the village worker's and the township social worker's scope.
      const created = await register('340802001');
      assert.equal(created.hukouAreaCode, '340802001');
      assert.equal(created.hukouAreaPath?.length, 4);
      assert.deepEqual(created.hukouAreaPath!.slice(0, 3), ['安徽省', '安庆市', '迎江区']);
      const read = await social.get(`${PERSONS}/${created.id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json().hukouAreaPath, created.hukouAreaPath);
    });

    test('a county code is named; no code and an unknown code give null; a malformed code is refused at its field', async () => {
      assert.deepEqual((await register('340828')).hukouAreaPath, ['安徽省', '安庆市', '岳西县']);
      assert.equal((await register(null)).hukouAreaPath, null);
      // A well-formed code that names no area (Beijing is not in the demo divisions).
      assert.equal((await register('110101')).hukouAreaPath, null);
      const refused = await worker.post(PERSONS, { areaCode: village, name: '户籍测试', sex: 'female', birthDate: '1990-05-01', relation: 'other', hukouAreaCode: '3408' });
      assertFieldNamed(refused, 'hukouAreaCode');
    });

    test('a change of hukou is named at once', async () => {
      const created = await register('340828');
      const changed = await worker.patch(`${PERSONS}/${created.id}`, { version: created.version, hukouAreaCode: '340802' });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(changed.json().hukouAreaPath, ['安徽省', '安庆市', '迎江区']);
    });
  });
}
