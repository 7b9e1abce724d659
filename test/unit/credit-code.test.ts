import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
  parseCreditCode,
} from '../../src/engine/people/credit-code.ts';

/**
 * Codes as printed in public records (business licences, the national enterprise credit
 * information system, the civil affairs portal); each must pass.
 */
const PUBLISHED = [
  { code: '91350100M000100Y43', note: 'the example printed with GB 32100-2015' },
  { code: '9144030071526726XG', note: '深圳市腾讯计算机系统有限公司' },
  { code: '914403001922038216', note: '华为技术有限公司' },
  { code: '91330100716105852F', note: 'a Hangzhou company licence' },
  { code: '91110000802100433B', note: 'a Beijing company licence' },
  { code: '51100000500010993L', note: '中华慈善总会 (a national social group registered with civil affairs)' },
  { code: '12100000400000624D', note: 'a central public institution' },
];

const charOf = fc.constantFrom(...CREDIT_CODE_CHARSET.split(''));
const first17 = fc.tuple(fc.array(charOf, { minLength: 2, maxLength: 2 }), fc.stringMatching(/^[0-9]{6}$/), fc.array(charOf, { minLength: 9, maxLength: 9 })).map(
  ([a, division, b]) => a.join('') + division + b.join(''),
);

describe('unified social credit codes (GB 32100-2015)', () => {
  test('published codes are valid', () => {
    for (const { code, note } of PUBLISHED) assert.ok(isValidCreditCode(code), `${code} (${note})`);
  });

  test('published codes with any other check character are refused, naming the expected one', () => {
    for (const { code } of PUBLISHED) {
      for (const wrong of CREDIT_CODE_CHARSET) {
        if (wrong === code[17]) continue;
        const result = parseCreditCode(code.slice(0, 17) + wrong);
        assert.equal(result.ok, false);
        assert.ok(!result.ok && result.reason === 'check' && result.expected === code[17], `${code.slice(0, 17)}${wrong}`);
        assert.ok(!result.ok && result.problem.includes(`"${code[17]}"`));
      }
    }
  });

  test('the check is 31 minus the weighted sum mod 31, with 31 written as 0', () => {
    // Worked by hand: 91350100M000100Y4 (M = 21, Y = 30) → weighted sum 1,640 ≡ 28 (mod 31) → check 31 − 28 = 3.
    assert.equal(creditCodeCheckCharacter('91350100M000100Y4'), '3');
    // A sum that is a multiple of 31 gives 31 → "0": all zeros.
    assert.equal(creditCodeCheckCharacter('00000000000000000'), '0');
    // A single 1 in the first place: sum 1, check 30 → "Y".
    assert.equal(creditCodeCheckCharacter('10000000000000000'), 'Y');
  });

  test('civil affairs codes say the kind of body; facts are read from the code', () => {
    const r = parseCreditCode('51100000500010993L');
    assert.ok(r.ok);
    assert.deepEqual(r.facts, { creditCode: '51100000500010993L', authority: 'civilAffairs', civilAffairsKind: 'socialGroup', divisionCode: '100000' });
    const agency = parseCreditCode(makeCreditCode('52340828MJ0000001'));
    assert.ok(agency.ok && agency.facts.civilAffairsKind === 'socialServiceAgency');
    const foundation = parseCreditCode(makeCreditCode('53340828MJ0000001'));
    assert.ok(foundation.ok && foundation.facts.civilAffairsKind === 'foundation');
  });

  test('length, characters never used (I, O, S, V, Z, lower case after normalising) and the division part are checked', () => {
    assert.deepEqual(parseCreditCode('9144030071526726X'), { ok: false, reason: 'length', problem: 'must have 18 characters, has 17' });
    assert.equal(parseCreditCode('9144030071526726XGG').ok, false);
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', '中']) {
      const r = parseCreditCode(`91440300715267${bad}6XG`);
      assert.ok(!r.ok && r.reason === 'character', bad);
    }
    const division = parseCreditCode(makeCreditCode('91A40300715267260'));
    assert.ok(!division.ok && division.reason === 'division');
    assert.equal(normalizeCreditCode(' 9144 0300 7152 6726xg '), '9144030071526726XG');
    assert.ok(isValidCreditCode(' 9144030071526726xg'));
  });

  test('property: every made code is valid, and changing any one character makes it invalid', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (head, position, shift) => {
        const code = makeCreditCode(head);
        assert.ok(isValidCreditCode(code));
        const old = CREDIT_CODE_CHARSET.indexOf(code[position]!);
        const replaced = CREDIT_CODE_CHARSET[(old + shift) % 31]!;
        const changed = code.slice(0, position) + replaced + code.slice(position + 1);
        // A changed division digit may become a letter: refused for its form instead of its check.
        assert.equal(isValidCreditCode(changed), false, changed);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: swapping two different adjacent characters is caught (weights differ mod 31)', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 15 }), (head, i) => {
        const code = makeCreditCode(head);
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        assert.equal(isValidCreditCode(swapped), false, swapped);
      }),
      { numRuns: 2000 },
    );
  });
});
