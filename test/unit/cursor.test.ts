import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, decodeOffsetCursor, encodeCursor, encodeOffsetCursor, OFFSET_MAX } from '../../src/server/db/cursor.ts';
import { AppError } from '../../src/server/http/errors.ts';
import { isUniqueViolation } from '../../src/server/db/unique-violation.ts';
import { newId } from '../../src/server/db/ids.ts';

function refused(run: () => unknown, field = 'cursor'): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(e.details, { problems: [{ field, code: 'invalid_cursor', problem: 'is not a cursor this API gave out' }] });
    return true;
  });
}

test('a keyset cursor round-trips its values and is opaque URL-safe text', () => {
  const id = newId();
  const cursor = encodeCursor(['340828100200', id]);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor, ['areaCode', 'uuid']), ['340828100200', id]);
  assert.equal(decodeCursor(undefined, ['text']), undefined);
  assert.equal(decodeOffsetCursor(undefined), 0);
  assert.equal(decodeOffsetCursor(encodeOffsetCursor(40)), 40);
});

test('cursors this API did not give out are a 400 naming the field, never a crash', () => {
  const bad = [
    '99999999999999999999',
    '-1',
    'not base64!',
    encodeCursor([]),
    encodeCursor(['340828', 'x', 'extra']),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1e400]').toString('base64url'),
    'x'.repeat(401),
  ];
  for (const raw of bad) refused(() => decodeCursor(raw, ['areaCode', 'uuid']));
  refused(() => decodeCursor(encodeCursor(['34a', newId()]), ['areaCode', 'uuid']));
  refused(() => decodeCursor(encodeCursor(['340828', "x' or 1=1 --"]), ['areaCode', 'uuid']));
  refused(() => decodeCursor(encodeCursor(['\u0000']), ['text']));
  refused(() => decodeCursor(encodeCursor(['+275760-09-13T00:00:00.000Z']), ['isoDateTime']));
  refused(() => decodeOffsetCursor(encodeOffsetCursor(OFFSET_MAX + 1)));
  refused(() => decodeOffsetCursor(encodeCursor([1.5])));
  refused(() => decodeOffsetCursor(encodeCursor(['3'])));
  refused(() => decodeOffsetCursor('99999999999999999999', 'after'), 'after');
  assert.deepEqual(decodeCursor(encodeCursor(['2026-01-02T03:04:05.678Z']), ['isoDateTime']), ['2026-01-02T03:04:05.678Z']);
});

test('one unique-violation check knows both engines, and nothing else counts', () => {
  assert.ok(isUniqueViolation({ code: '23505' }));
  assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
  assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }));
  for (const other of [{ code: '23503' }, { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }, new Error('x'), null, undefined, 'SQLITE_CONSTRAINT_UNIQUE']) {
    assert.equal(isUniqueViolation(other), false);
  }
});

test('ids are UUIDv7, distinct and increasing within a process', () => {
  const ids = Array.from({ length: 5000 }, () => newId());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...ids].sort(), ids);
});
