/**
 * The offline search's Traditional → Simplified table (src/web/src/features/field/traditional.ts)
 * reads every CJK character as OpenCC does on the server (`toSimplified`): a character OpenCC
 * changes and the table does not, or reads otherwise, fails here. To regenerate the table, map each
 * code point U+3400–U+9FFF through toSimplified and keep the ones that change.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toSimplified } from '../../src/server/modules/areas/search-text.ts';
import { TRADITIONAL_TABLE_SIZE, toSimplifiedChars } from '../../src/web/src/features/field/traditional.ts';

describe('the offline search’s Traditional → Simplified table', () => {
  test('every CJK character as OpenCC reads it', () => {
    const differing: string[] = [];
    let changed = 0;
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const c = String.fromCodePoint(code);
      const expected = toSimplified(c);
      if (expected !== c) changed++;
      if (toSimplifiedChars(c) !== expected) differing.push(`${c}→${expected} (table: ${toSimplifiedChars(c)})`);
    }
    assert.deepEqual(differing.slice(0, 20), [], `${differing.length} characters differ from OpenCC: regenerate the table`);
    assert.equal(TRADITIONAL_TABLE_SIZE, changed);
  });

  test('names typed in Traditional read as stored; Simplified and other text pass through', () => {
    assert.equal(toSimplifiedChars('張'), '张');
    assert.equal(toSimplifiedChars('劉德華'), '刘德华');
    assert.equal(toSimplifiedChars('陳衛東'), toSimplified('陳衛東'));
    assert.equal(toSimplifiedChars('张三丰'), '张三丰');
    assert.equal(toSimplifiedChars('zsf 12'), 'zsf 12');
  });
});
