import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonical, mergeFields, sameValue, type FieldEdit, type FieldValue } from './merge.ts';

const FIELDS = ['residenceStatus', 'awayTo', 'awaySince', 'livingAlone', 'notes', 'hardship'];
const value: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('home', 'away', '上海', '深圳', ''),
  fc.record({ kind: fc.constantFrom('lowIncome', 'extremePoverty'), since: fc.constantFrom('2024-01-01', null) }),
);
const record = fc.dictionary(fc.constantFrom(...FIELDS), value);

describe('per-field merge', () => {
  test('a field changed on the device only is applied; one changed on both sides to different values is a conflict', () => {
    const outcome = mergeFields(
      {
        awayTo: { base: '上海', value: '深圳' },
        notes: { base: null, value: '父亲已返乡' },
        livingAlone: { base: false, value: true },
      },
      { awayTo: '上海', notes: '母亲外出', livingAlone: true },
    );
    assert.deepEqual(outcome.apply, { awayTo: '深圳' });
    assert.deepEqual(outcome.already, ['livingAlone']);
    assert.deepEqual(outcome.conflicts, [{ field: 'notes', base: null, device: '父亲已返乡', server: '母亲外出' }]);
  });

  test('objects compare by content, whatever the order of their keys', () => {
    assert.ok(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
    assert.ok(!sameValue({ a: 1 }, { a: '1' }));
    assert.ok(!sameValue([1, 2], [2, 1]));
    assert.equal(canonical(undefined), 'null');
    const outcome = mergeFields({ hardship: { base: { kind: 'lowIncome', since: null }, value: null } }, { hardship: { since: null, kind: 'lowIncome' } });
    assert.deepEqual(outcome.apply, { hardship: null });
  });

  test('properties: every changed field lands in exactly one outcome; a server change is never overwritten; merging again is a no-op', () => {
    fc.assert(
      fc.property(record, record, record, (base, device, server) => {
        const edits: Record<string, FieldEdit> = {};
        for (const [field, v] of Object.entries(device)) edits[field] = { base: base[field] ?? null, value: v };
        const outcome = mergeFields(edits, server);
        const changed = Object.entries(edits).filter(([, e]) => !sameValue(e.base, e.value)).map(([f]) => f).sort();
        const decided = [...Object.keys(outcome.apply), ...outcome.already, ...outcome.conflicts.map((c) => c.field)].sort();
        assert.deepEqual(decided, changed);
        for (const field of Object.keys(outcome.apply)) assert.ok(sameValue(server[field] ?? null, edits[field]!.base), 'only a field the server still holds at base is written');
        for (const c of outcome.conflicts) assert.ok(!sameValue(c.server, c.base) && !sameValue(c.server, c.device));
        // The server after the merge, then the same edits again (a replay): nothing left to write.
        const after = { ...server, ...outcome.apply };
        const again = mergeFields(edits, after);
        assert.deepEqual(again.apply, {});
        assert.deepEqual(again.conflicts.map((c) => c.field), outcome.conflicts.map((c) => c.field));
      }),
      { numRuns: 500 },
    );
  });
});
