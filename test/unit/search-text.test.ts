import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameSearchText, searchModeOf, toSimplified } from '../../src/server/modules/areas/search-text.ts';
import { centroidOf, pointInMultiPolygon } from '../../src/engine/geo/polygon.ts';

describe('search text', () => {
  test('pinyin initials and whole pinyin, suffix included', () => {
    assert.deepEqual(nameSearchText('岳西县'), { initials: 'yxx', pinyin: 'yuexixian' });
    assert.deepEqual(nameSearchText('天后宫居委会'), { initials: 'thgjwh', pinyin: 'tianhougongjuweihui' });
    assert.equal(nameSearchText('安庆市').initials, 'aqs');
  });

  test('Traditional input becomes Simplified', () => {
    assert.equal(toSimplified('安慶市'), '安庆市');
    assert.equal(toSimplified('嶽西縣'), '岳西县');
    assert.equal(toSimplified('岳西县'), '岳西县');
  });

  test('letters search pinyin; characters search names', () => {
    assert.deepEqual(searchModeOf(' YX '), { kind: 'letters', letters: 'yx' });
    assert.deepEqual(searchModeOf('安慶'), { kind: 'name', text: '安庆' });
    assert.deepEqual(searchModeOf('yx1'), { kind: 'name', text: 'yx1' });
  });
});

describe('point in polygon', () => {
  const square = [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]] as const;
  test('inside, outside, in a hole', () => {
    assert.equal(pointInMultiPolygon(1, 1, square as never), true);
    assert.equal(pointInMultiPolygon(11, 1, square as never), false);
    assert.equal(pointInMultiPolygon(5, 5, square as never), false);
  });
  test('the centroid of a square with a centred hole is its centre; an off-centre hole moves it away', () => {
    assert.deepEqual(centroidOf(square as never), [5, 5]);
    const offCentre = [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[0, 0], [0, 5], [5, 5], [5, 0], [0, 0]]]];
    const [x, y] = centroidOf(offCentre as never);
    assert.ok(Math.abs(x - 35 / 6) < 1e-9 && Math.abs(y - 35 / 6) < 1e-9, `${x},${y}`);
  });
});
