import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFormValues, TEXT_VALUE_MAX_LENGTH, type FormValueField } from '../../src/engine/services/form-values.ts';

const fields: FormValueField[] = [
  { key: 'reason', type: 'text', required: true },
  { key: 'income', type: 'number', required: false },
  { key: 'since', type: 'date', required: true },
  { key: 'relation', type: 'single', required: true, options: [{ key: 'self' }, { key: 'spouse' }] },
  { key: 'needs', type: 'multi', required: false, options: [{ key: 'meals' }, { key: 'cleaning' }, { key: 'medicine' }] },
];

const codes = (values: Record<string, unknown>, coerce = false) =>
  checkFormValues(fields, values, { coerce }).problems.map((p) => `${p.field}:${p.code}`);

describe('form values against an item’s fields', () => {
  test('good values pass and come back in stored form', () => {
    const check = checkFormValues(fields, { reason: '  因病致贫 ', income: 850.5, since: '2026-02-28', relation: 'self', needs: ['meals', 'medicine'] });
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.values, { reason: '因病致贫', income: 850.5, since: '2026-02-28', relation: 'self', needs: ['meals', 'medicine'] });
  });

  test('required fields: missing, null, blank text all count as missing; optional ones may be left out', () => {
    assert.deepEqual(codes({}), ['reason:required', 'since:required', 'relation:required']);
    assert.deepEqual(codes({ reason: '   ', since: null, relation: 'self' }), ['reason:required', 'since:required']);
    assert.deepEqual(codes({ reason: 'x', since: '2026-01-05', relation: 'spouse', needs: [] }), []);
  });

  test('each type refuses what breaks it, one problem per field', () => {
    assert.deepEqual(codes({ reason: 12, income: '850', since: '2026-02-30', relation: 'cousin', needs: ['meals', 'dancing'] }), [
      'reason:invalid_type',
      'income:invalid_type',
      'since:invalid_format',
      'relation:not_allowed',
      'needs:not_allowed',
    ]);
    assert.deepEqual(codes({ reason: 'x', since: 20260105, relation: ['self'], needs: 'meals' }), ['since:invalid_type', 'relation:invalid_type', 'needs:invalid_type']);
    assert.deepEqual(codes({ reason: 'x', since: '2026-01-05', relation: 'self', needs: ['meals', 'meals'] }), ['needs:not_allowed']);
    assert.deepEqual(codes({ reason: 'x'.repeat(TEXT_VALUE_MAX_LENGTH + 1), since: '2026-01-05', relation: 'self' }), ['reason:too_long']);
    assert.deepEqual(codes({ reason: 'x', income: Number.NaN, since: '2026-01-05', relation: 'self' }), ['income:invalid_format']);
  });

  test('unknown fields are named', () => {
    assert.deepEqual(codes({ reason: 'x', since: '2026-01-05', relation: 'self', idNumber: '1' }), ['idNumber:unknown_field']);
  });

  test('coerce (form-encoded input): numbers as decimal text, one multi key as text', () => {
    const check = checkFormValues(fields, { reason: 'x', income: ' 850.5 ', since: '2026-01-05', relation: 'self', needs: 'meals' }, { coerce: true });
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.values.income, 850.5);
    assert.deepEqual(check.values.needs, ['meals']);
    assert.deepEqual(codes({ reason: 'x', income: '8e5', since: '2026-01-05', relation: 'self' }, true), ['income:invalid_format']);
    assert.deepEqual(codes({ reason: 'x', income: 'Infinity', since: '2026-01-05', relation: 'self' }, true), ['income:invalid_format']);
  });

  test('a field key that is an Object prototype name is not taken from the prototype', () => {
    const proto: FormValueField[] = [{ key: 'constructor', type: 'text', required: true }];
    assert.deepEqual(checkFormValues(proto, {}).problems.map((p) => p.code), ['required']);
  });
});
