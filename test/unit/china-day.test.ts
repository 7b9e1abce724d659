import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateInChina } from '../../src/engine/calendar/working-days.ts';
import { chinaDateOf } from '../../src/web/src/shared/china-day.ts';

test("the web's China day of an instant is the server's (a China day starts at 16:00 UTC)", () => {
  for (const iso of ['2026-11-30T15:59:59.999Z', '2026-11-30T16:00:00.000Z', '2026-12-31T23:30:00Z', '2026-02-28T16:00:00Z']) {
    assert.equal(chinaDateOf(iso), dateInChina(iso), iso);
  }
  assert.equal(chinaDateOf('2026-11-30T17:05:00Z'), '2026-12-01');
});
