import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildAreaTree, rollUpSum, rollUpSumsInPlace } from '../../src/engine/areas/hierarchy.ts';

const AREAS = [
  { code: '34', parentCode: null, level: 1 },
  { code: '3408', parentCode: '34', level: 2 },
  { code: '340828', parentCode: '3408', level: 3 },
  { code: '340828100', parentCode: '340828', level: 4 },
  { code: '340828100200', parentCode: '340828100', level: 5 },
  { code: '340828100201', parentCode: '340828100', level: 5 },
  { code: '340828101', parentCode: '340828', level: 4 },
  { code: '340828101200', parentCode: '340828101', level: 5 },
  { code: '340802', parentCode: '3408', level: 3 },
  { code: '340802001', parentCode: '340802', level: 4 },
];

describe('roll-ups over the division tree', () => {
  const tree = buildAreaTree([...AREAS].reverse());
  const at = (code: string) => tree.index.get(code)!;
  const values = (entries: Record<string, number>) => {
    const v = new Float64Array(tree.codes.length).fill(Number.NaN);
    for (const [code, value] of Object.entries(entries)) v[at(code)] = value;
    return v;
  };

  test('sums a hand-computed tree', () => {
    const totals = rollUpSum(tree, values({ '340828100200': 100, '340828100201': 50, '340828101200': 7 }));
    assert.equal(totals[at('340828100')], 150);
    assert.equal(totals[at('340828101')], 7);
    assert.equal(totals[at('340828')], 157);
    assert.equal(totals[at('3408')], 157);
    assert.equal(totals[at('34')], 157);
  });

  test('no data stays no data: never a 0', () => {
    const totals = rollUpSum(tree, values({ '340828100200': 0 }));
    assert.ok(Number.isNaN(totals[at('340802')]!));
    assert.ok(Number.isNaN(totals[at('340802001')]!));
    assert.equal(totals[at('340828')], 0, 'a reported zero is a zero');
  });

  test('a parent missing from the tree is an error', () => {
    assert.throws(() => buildAreaTree([{ code: '3408', parentCode: '34', level: 2 }]), /parent 34/);
  });

  test('every total equals the sum over the leaves beneath it (random values)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 3, maxLength: 3 }), (leafValues) => {
        const leaves = ['340828100200', '340828100201', '340828101200'];
        const v = values(Object.fromEntries(leaves.map((c, i) => [c, leafValues[i]!])));
        const totals = rollUpSum(tree, v);
        for (const code of tree.codes) {
          const expected = leaves.filter((l) => l.startsWith(code)).reduce((s, l, _i) => s + leafValues[leaves.indexOf(l)]!, 0);
          const hasLeaves = leaves.some((l) => l.startsWith(code));
          if (hasLeaves) assert.equal(totals[at(code)], expected);
          else assert.ok(Number.isNaN(totals[at(code)]!));
        }
      }),
    );
  });
});

test('rollUpSumsInPlace adds several arrays up the tree in one pass', () => {
  const tree = buildAreaTree([
    { code: '34', parentCode: null, level: 1 },
    { code: '3408', parentCode: '34', level: 2 },
    { code: '340801', parentCode: '3408', level: 3 },
    { code: '340802', parentCode: '3408', level: 3 },
  ]);
  const at = (code: string) => tree.index.get(code)!;
  const a = new Float64Array(4);
  const b = new Float64Array(4);
  a[at('340801')] = 3;
  a[at('340802')] = 4;
  b[at('340802')] = 10;
  b[at('3408')] = 1;
  rollUpSumsInPlace(tree, [a, b]);
  assert.deepEqual([a[at('34')], a[at('3408')], a[at('340801')]], [7, 7, 3]);
  assert.deepEqual([b[at('34')], b[at('3408')]], [11, 11]);
  assert.throws(() => rollUpSumsInPlace(tree, [new Float64Array(3)]), /expected 4 values/);
});
