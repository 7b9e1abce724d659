import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DIALECTS } from '../support/databases.ts';
import { maskPersonalNumbers, redactText, redactUrl } from '../../src/server/http/log-redaction.ts';

const PROBE = fileURLToPath(new URL('../support/log-probe.ts', import.meta.url));
const ID_NUMBER = '34082819900404123X';
const MOBILE = '13812345678';
const NAME = '汪留守';

/** Every line the real app logs (LOG_LEVEL=info) while answering the urls, parsed. */
function logOf(dialect: string, urls: string[]): Record<string, unknown>[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', PROBE, dialect, JSON.stringify(urls)], { encoding: 'utf8', env: process.env, timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').filter((l) => l.trim());
  assert.ok(lines.length >= urls.length, `the app logged ${lines.length} lines for ${urls.length} requests`);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('log redaction, unit', () => {
  test('personal query parameters are redacted, number-like values masked, the rest kept', () => {
    assert.equal(redactUrl(`/api/v1/persons?q=${ID_NUMBER}&limit=20`), '/api/v1/persons?q=[redacted]&limit=20');
    assert.equal(redactUrl(`/api/v1/persons?Q=${encodeURIComponent(NAME)}`), '/api/v1/persons?Q=[redacted]');
    assert.equal(redactUrl(`/api/v1/persons?%71=${MOBILE}`), '/api/v1/persons?%71=[redacted]');
    assert.equal(redactUrl(`/api/v1/x?note=${MOBILE}&area=340828`), '/api/v1/x?note=138****5678&area=340828');
    assert.equal(redactUrl(`/api/v1/persons/${ID_NUMBER}`), '/api/v1/persons/3408**********123X');
    assert.equal(maskPersonalNumbers(`id ${ID_NUMBER.toLowerCase()} and ${MOBILE}.`), 'id 3408**********123x and 138****5678.');
    // Area codes, uuids and 12-digit community codes are not personal and stay.
    assert.equal(maskPersonalNumbers('340828100200 0191b7a0-1234-7abc-8def-123456789012'), '340828100200 0191b7a0-1234-7abc-8def-123456789012');
    assert.equal(redactText(`Route GET:/api/v1/nowhere?q=${NAME}&phone=${MOBILE} not found`), 'Route GET:/api/v1/nowhere?q=[redacted]&phone=[redacted] not found');
  });
});

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test('no log line of the running app holds a searched ID number, phone number or name', () => {
      const urls = [
        `/api/v1/persons?q=${ID_NUMBER}`,
        `/api/v1/persons?q=${MOBILE}&limit=5`,
        `/api/v1/persons?q=${encodeURIComponent(NAME)}`,
        `/api/v1/persons/export?phone=${MOBILE}&idNumber=${ID_NUMBER}`,
        `/api/v1/no-such-route?q=${ID_NUMBER}&other=${MOBILE}`,
        `/api/v1/persons/${ID_NUMBER}`,
      ];
      const log = logOf(dialect, urls);
      const text = JSON.stringify(log);
      assert.ok(!text.includes(ID_NUMBER), 'no full ID number');
      assert.ok(!text.includes(MOBILE), 'no full phone number');
      assert.ok(!text.includes(encodeURIComponent(NAME)) && !text.includes(NAME), 'no searched name');
      // The requests are still there to read, with what is not personal.
      const logged = log.map((l) => (l.req as { url?: string } | undefined)?.url).filter(Boolean);
      assert.ok(logged.includes('/api/v1/persons?q=[redacted]&limit=5'), JSON.stringify(logged));
      assert.ok(logged.includes('/api/v1/persons/3408**********123X'), JSON.stringify(logged));
      assert.ok(logged.includes('/api/v1/no-such-route?q=[redacted]&other=138****5678'), JSON.stringify(logged));
      assert.equal(logged.length, urls.length, 'one incoming-request line per request');
    });
  });
}
