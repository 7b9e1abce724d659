import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { differences, maskPermit, resolvePerson } from '../../src/engine/residents/person-rules.ts';
import { maskPhone, normalizePhone, phoneProblem } from '../../src/engine/residents/phone-number.ts';

const AS_OF = '2026-06-01';

describe('phone numbers', () => {
  test('mainland mobiles and landlines pass; zeros, short numbers and local numbers starting 0 or 1 do not', () => {
    for (const ok of ['13812345678', '19912345678', '01062345678', '02155551234', '05565123456', '07552345678']) assert.equal(phoneProblem(ok), null, ok);
    for (const bad of ['00000000000', '0000000000', '12345678901', '01012345678', '05561234567', '1381234567', '138123456789', '5123456', '0556512345']) {
      assert.notEqual(phoneProblem(bad), null, bad);
    }
    assert.equal(normalizePhone('+86 138-1234-5678'), '13812345678');
    assert.equal(normalizePhone('(0556) 512 3456'), '05565123456');
    assert.equal(maskPhone('13812345678'), '138****5678');
  });
});

describe('person rules', () => {
  test('sex and birth date come from the ID number; a disagreeing one is a problem naming idNumber', () => {
    const idNumber = makeIdNumber('340828', '1990-04-04', 'female', 12);
    const { values, problems } = resolvePerson({ name: ' 汪某 ', idNumber }, null, AS_OF);
    assert.deepEqual(problems, []);
    assert.equal(values!.name, '汪某');
    assert.equal(values!.sex, 'female');
    assert.equal(values!.birthDate, '1990-04-04');
    const wrong = resolvePerson({ name: '汪某', idNumber, sex: 'male' }, null, AS_OF);
    assert.equal(wrong.values, null);
    assert.deepEqual(wrong.problems.map((p) => p.field), ['idNumber']);
  });

  test('a bad phone, a missing name and an away-to without outflow are named', () => {
    const { problems } = resolvePerson({ name: ' ', sex: 'male', birthDate: '1980-01-01', phone: '00000000000', awayTo: '上海' }, null, AS_OF);
    assert.deepEqual(problems.map((p) => p.field).sort(), ['awayTo', 'name', 'phone']);
  });

  test('differences mask personal numbers', () => {
    const before = resolvePerson({ name: '甲', sex: 'male', birthDate: '1980-01-01', phone: '13812345678' }, null, AS_OF).values!;
    const after = resolvePerson({ phone: '13912345678', residenceStatus: 'inflow', residencePermitNumber: 'AB12345678' }, before, AS_OF).values!;
    assert.deepEqual(differences(before, after), {
      phone: { from: '138****5678', to: '139****5678' },
      residenceStatus: { from: 'local', to: 'inflow' },
      residencePermitNumber: { from: null, to: maskPermit('AB12345678') },
    });
  });
});
