import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

// A fixed key so loadConfig never writes a key file.
const key = { LINLI_SECRET_KEY: 'ab'.repeat(32) };

function refused(env: Record<string, string>, message: RegExp): void {
  assert.throws(
    () => loadConfig({ ...key, ...env }),
    (error: unknown) => error instanceof ConfigError && message.test(error.message),
    `expected a ConfigError matching ${message} for ${JSON.stringify(env)}`,
  );
}

describe('LINLI_PREVIOUS_SECRET_KEYS', () => {
  test('none by default; comma-separated keys with spaces around are read in order', () => {
    assert.deepEqual(loadConfig({ ...key }).previousSecretKeys, []);
    assert.deepEqual(loadConfig({ ...key, LINLI_PREVIOUS_SECRET_KEYS: ' ' }).previousSecretKeys, []);
    const keys = loadConfig({ ...key, LINLI_PREVIOUS_SECRET_KEYS: `${'01'.repeat(32)}, ${'FE'.repeat(32)}` }).previousSecretKeys;
    assert.deepEqual(keys.map((k) => k.toString('hex')), ['01'.repeat(32), 'fe'.repeat(32)]);
  });

  test('a key that is not 64 hexadecimal characters is refused, naming which one', () => {
    refused({ LINLI_PREVIOUS_SECRET_KEYS: 'ab'.repeat(31) }, /LINLI_PREVIOUS_SECRET_KEYS .* key 1 is not/);
    refused({ LINLI_PREVIOUS_SECRET_KEYS: `${'ab'.repeat(32)},${'zz'.repeat(32)}` }, /key 2 is not/);
    refused({ LINLI_PREVIOUS_SECRET_KEYS: `${'ab'.repeat(32)},` }, /key 2 is not/);
  });
});

describe('LINLI_REDIS_URL', () => {
  test('none by default; redis:// and rediss:// URLs are kept as given', () => {
    assert.equal(loadConfig({ ...key }).redisUrl, null);
    assert.equal(loadConfig({ ...key, LINLI_REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl, 'redis://127.0.0.1:6379/2');
    assert.equal(loadConfig({ ...key, LINLI_REDIS_URL: 'rediss://user:pw@cache.internal:6380' }).redisUrl, 'rediss://user:pw@cache.internal:6380');
  });

  test('anything else is refused', () => {
    for (const bad of ['127.0.0.1:6379', 'http://redis:6379', 'redis://', 'redis://a b']) refused({ LINLI_REDIS_URL: bad }, /LINLI_REDIS_URL must start with redis:\/\/ or rediss:\/\//);
  });
});

describe('rate limits', () => {
  test('20 logins and 300 writes per address and minute; lifted under NODE_ENV=test', () => {
    const config = loadConfig({ ...key });
    assert.deepEqual([config.rateLimitLoginsPerMinute, config.rateLimitWritesPerMinute], [20, 300]);
    const testing = loadConfig({ ...key, NODE_ENV: 'test' });
    assert.deepEqual([testing.rateLimitLoginsPerMinute, testing.rateLimitWritesPerMinute], [1_000_000, 1_000_000]);
    const set = loadConfig({ ...key, NODE_ENV: 'test', LINLI_RATE_LIMIT_LOGINS_PER_MINUTE: '5', LINLI_RATE_LIMIT_WRITES_PER_MINUTE: '60' });
    assert.deepEqual([set.rateLimitLoginsPerMinute, set.rateLimitWritesPerMinute], [5, 60]);
  });

  test('a value that is not a whole number from 1 is refused', () => {
    for (const bad of ['0', '-1', '1.5', 'ten', '1000001']) {
      refused({ LINLI_RATE_LIMIT_LOGINS_PER_MINUTE: bad }, /LINLI_RATE_LIMIT_LOGINS_PER_MINUTE must be an integer from 1 to 1000000/);
      refused({ LINLI_RATE_LIMIT_WRITES_PER_MINUTE: bad }, /LINLI_RATE_LIMIT_WRITES_PER_MINUTE must be an integer from 1 to 1000000/);
    }
  });
});
