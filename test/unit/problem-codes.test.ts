import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROBLEM_CODES, problemCodeOf } from '../../src/contracts/problems.ts';
import { en } from '../../src/web/src/i18n/locales/en.ts';
import { zhCN } from '../../src/web/src/i18n/locales/zh-CN.ts';
import { zhTW } from '../../src/web/src/i18n/locales/zh-TW.ts';
import { invalidField, invalidFields } from '../../src/server/http/errors.ts';

test('every problem code has its words in all three languages, and no catalog has a code the contract lacks', () => {
  for (const [name, catalog] of [['en', en], ['zh-CN', zhCN], ['zh-TW', zhTW]] as const) {
    const words = (catalog as unknown as { problemCodes: Record<string, string> }).problemCodes;
    assert.deepEqual(Object.keys(words).sort(), [...PROBLEM_CODES].sort(), name);
    for (const code of PROBLEM_CODES) assert.ok(words[code]!.trim().length > 0, `${name} ${code}`);
  }
});

test('a 400 carries details.problems with a code for every field: the given one, else one read from the sentence', () => {
  assert.deepEqual(invalidField('area', 'is outside your scope 3408', 'not_in_scope').details, {
    problems: [{ field: 'area', code: 'not_in_scope', problem: 'is outside your scope 3408' }],
  });
  const error = invalidFields([
    { field: 'name', problem: 'is required' },
    { field: 'floorArea', problem: 'must be at most 100000' },
    { field: 'date', problem: 'is not a calendar date' },
  ]);
  assert.equal(error.statusCode, 400);
  assert.equal(error.code, 'validation_failed');
  assert.deepEqual(
    (error.details as { problems: { code: string }[] }).problems.map((p) => p.code),
    ['required', 'too_long', 'invalid_format'],
  );
  assert.equal(problemCodeOf('Area 340828 is outside your scope 340828100'), 'not_in_scope');
  assert.equal(problemCodeOf('is not a cursor this API gave out'), 'invalid_cursor');
  assert.equal(problemCodeOf('something nobody foresaw'), 'invalid');
});
