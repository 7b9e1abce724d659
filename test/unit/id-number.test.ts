import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkCharacter,
  idNumberDisagreements,
  isValidIdNumber,
  makeIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  parseIdNumber,
} from '../../src/engine/identity/id-number.ts';

describe('ID numbers (GB 11643)', () => {
  test('the standard’s own examples are valid, with their birth dates and sexes', () => {
    // GB 11643-1999 appendix examples.
    const a = parseIdNumber('11010519491231002X');
    assert.ok(a.ok);
    assert.deepEqual(a.facts, { idNumber: '11010519491231002X', areaCode: '110105', birthDate: '1949-12-31', sex: 'female' });
    const b = parseIdNumber('440524188001010014');
    assert.ok(b.ok);
    assert.deepEqual(b.facts, { idNumber: '440524188001010014', areaCode: '440524', birthDate: '1880-01-01', sex: 'male' });
  });

  test('a lower-case x and surrounding spaces are accepted and normalised', () => {
    assert.equal(normalizeIdNumber(' 11010519491231002x '), '11010519491231002X');
    const parsed = parseIdNumber('11010519491231002x');
    assert.ok(parsed.ok && parsed.facts.idNumber === '11010519491231002X');
  });

  test('the check character is ISO 7064 MOD 11-2', () => {
    assert.equal(checkCharacter('11010519491231002'), 'X');
    assert.equal(checkCharacter('44052418800101001'), '4');
    assert.throws(() => checkCharacter('1234'));
  });

  test('a wrong check character is refused, naming the right one', () => {
    const r = parseIdNumber('110105194912310021');
    assert.equal(r.ok, false);
    assert.match((r as { problem: string }).problem, /check character.*X/);
    assert.equal(isValidIdNumber('440524188001010015'), false);
  });

  test('every single-digit change of a valid number is caught', () => {
    const valid = makeIdNumber('340828', '1988-09-05', 'female', 4);
    assert.ok(isValidIdNumber(valid));
    for (let i = 0; i < 17; i++) {
      for (const d of '0123456789') {
        if (d === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        assert.equal(isValidIdNumber(changed), false, changed);
      }
    }
  });

  test('impossible dates are refused even with a correct check character', () => {
    for (const date of ['19990229', '20230230', '20231301', '20230000', '20230431']) {
      const first17 = `340828${date}001`;
      const r = parseIdNumber(first17 + checkCharacter(first17));
      assert.equal(r.ok, false, date);
      assert.match((r as { problem: string }).problem, /not a calendar date/);
    }
    const leap = '340828200002290012';
    assert.ok(parseIdNumber(leap.slice(0, 17) + checkCharacter(leap.slice(0, 17))).ok, '2000-02-29 exists');
  });

  test('a birth date in the future is refused when today is given', () => {
    const id = makeIdNumber('340828', '2030-01-01', 'male', 11);
    assert.ok(parseIdNumber(id).ok);
    assert.equal(parseIdNumber(id, '2025-06-30').ok, false);
  });

  test('length and characters', () => {
    assert.match((parseIdNumber('34082819880905004') as { problem: string }).problem, /18 characters/);
    assert.match((parseIdNumber('3408281988090500X6') as { problem: string }).problem, /17 digits/);
    assert.match((parseIdNumber('34082819880905004Y') as { problem: string }).problem, /17 digits/);
  });

  test('the sex digit: odd for men, even for women; a record that disagrees is named', () => {
    const man = parseIdNumber(makeIdNumber('340828', '1986-03-12', 'male', 120));
    const woman = parseIdNumber(makeIdNumber('340828', '1986-03-12', 'female', 121));
    assert.ok(man.ok && woman.ok);
    assert.equal(man.facts.sex, 'male');
    assert.equal(woman.facts.sex, 'female');
    assert.deepEqual(idNumberDisagreements(man.facts, { sex: 'male', birthDate: '1986-03-12' }), []);
    const sexMismatch = idNumberDisagreements(man.facts, { sex: 'female', birthDate: '1986-03-12' });
    assert.equal(sexMismatch.length, 1);
    assert.match(sexMismatch[0]!, /sex is male/);
    const dateMismatch = idNumberDisagreements(woman.facts, { sex: 'female', birthDate: '1986-03-13' });
    assert.match(dateMismatch[0]!, /birth date is 1986-03-12/);
  });

  test('made numbers are valid and carry what they were made from (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.integer({ min: 0, max: 999 }),
        (date, sex, sequence) => {
          const birthDate = date.toISOString().slice(0, 10);
          const parsed = parseIdNumber(makeIdNumber('340828', birthDate, sex, sequence));
          assert.ok(parsed.ok);
          assert.equal(parsed.facts.birthDate, birthDate);
          assert.equal(parsed.facts.sex, sex);
        },
      ),
    );
  });

  test('masking keeps the first four and last four characters', () => {
    assert.equal(maskIdNumber('34082819880905004X'), '3408**********004X');
    assert.equal(maskIdNumber('123'), '***');
  });
});
