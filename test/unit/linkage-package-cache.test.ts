import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaPackageCache } from '../../src/server/modules/linkage/open-contracting.service.ts';

test('area packages: built once within the minute, shared by askers at the same time, rebuilt after it; refusals are not kept', async () => {
  let now = 0;
  let builds = 0;
  const cache = areaPackageCache({ ttlMs: 60_000, maxEntries: 2, now: () => now });
  const build = (body: string) => async () => {
    builds++;
    return body;
  };
  const [a, b] = await Promise.all([cache.get('county', build('v1')), cache.get('county', build('v1'))]);
  assert.deepEqual([a, b, builds], ['v1', 'v1', 1]);
  now = 59_999;
  assert.equal(await cache.get('county', build('v2')), 'v1');
  now = 60_000;
  assert.equal(await cache.get('county', build('v2')), 'v2');
  assert.equal(builds, 2);

  const refused = cache.get('nowhere', async () => {
    throw new Error('404');
  });
  await assert.rejects(refused, /404/);
  assert.equal(await cache.get('nowhere', build('found')), 'found', 'a refusal is not kept');

  // At most maxEntries: the oldest goes first.
  await cache.get('third', build('x'));
  assert.equal(await cache.get('county', build('v3')), 'v3');
});
