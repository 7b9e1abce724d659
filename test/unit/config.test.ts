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

describe('LOG_LEVEL', () => {
  test('defaults to info, or silent under NODE_ENV=test; empty means the default', () => {
    assert.equal(loadConfig({ ...key }).logLevel, 'info');
    assert.equal(loadConfig({ ...key, NODE_ENV: 'test' }).logLevel, 'silent');
    assert.equal(loadConfig({ ...key, LOG_LEVEL: '' }).logLevel, 'info');
  });

  test('every pino level is accepted as written', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      assert.equal(loadConfig({ ...key, LOG_LEVEL: level }).logLevel, level);
    }
  });

  test('anything else is refused with the setting, the allowed values and the value given', () => {
    for (const bad of ['verbose', 'INFO', 'warning', ' info', '1']) {
      refused({ LOG_LEVEL: bad }, new RegExp(`^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"$`));
    }
  });
});

describe('HOST', () => {
  test('defaults to 0.0.0.0; empty means the default', () => {
    assert.equal(loadConfig({ ...key }).host, '0.0.0.0');
    assert.equal(loadConfig({ ...key, HOST: '' }).host, '0.0.0.0');
  });

  test('IPv4, IPv6 and host names are accepted', () => {
    for (const good of ['127.0.0.1', '::', '::1', 'fe80::1', 'localhost', 'linli.example.org', 'app-1.internal']) {
      assert.equal(loadConfig({ ...key, HOST: good }).host, good);
    }
  });

  test('a URL, a port, spaces or a bad label are refused with the same clear message', () => {
    for (const bad of ['http://localhost', 'localhost:3000', 'local host', '-bad.example', 'a..b', 'under_score', 'x'.repeat(64)]) {
      refused({ HOST: bad }, new RegExp(`^HOST must be an IP address or a host name, got "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"$`));
    }
  });
});

describe('the other settings keep the same message shape', () => {
  test('PORT and LINLI_SECURE_COOKIES name the setting and the value given', () => {
    refused({ PORT: '70000' }, /^PORT must be an integer from 0 to 65535, got "70000"$/);
    refused({ LINLI_SECURE_COOKIES: 'maybe' }, /^LINLI_SECURE_COOKIES must be true or false, got "maybe"$/);
  });
});
