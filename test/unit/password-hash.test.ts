import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword, verifyAgainstDummy } from '../../src/server/modules/accounts/password.ts';

// Runs without test/support, which lowers the cost for the rest of the suite: this is the product's.
test('passwords are hashed with argon2id at m = 64 MiB, t = 3, p = 4, and only the right one verifies', async () => {
  const hash = await hashPassword('正确的密码 correct horse');
  assert.match(hash, /^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
  assert.equal(await verifyPassword(hash, '正确的密码 correct horse'), true);
  assert.equal(await verifyPassword(hash, '正确的密码 correct hors'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false);
  assert.equal(await verifyAgainstDummy('not-a-real-password'), false);
});
