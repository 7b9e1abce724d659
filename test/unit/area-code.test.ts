import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fullAreaCode, levelOfCode, normalizeAreaCode, parentCodeOf } from '../../src/contracts/area-code.ts';
import { scopeRange } from '../../src/server/db/area-scope.ts';
import { communityKind, kindIsStated } from '../../src/engine/areas/urban-rural.ts';

describe('area codes', () => {
  test('levels follow the code length', () => {
    assert.deepEqual(['34', '3408', '340828', '340828100', '340828100200'].map(levelOfCode), [1, 2, 3, 4, 5]);
    assert.equal(levelOfCode('340'), null);
    assert.equal(levelOfCode(''), null);
  });

  test('the 12-digit padded form normalises to the canonical code', () => {
    assert.equal(normalizeAreaCode('340000000000'), '34');
    assert.equal(normalizeAreaCode('340800000000'), '3408');
    assert.equal(normalizeAreaCode('340828000000'), '340828');
    assert.equal(normalizeAreaCode('340828100000'), '340828100');
    assert.equal(normalizeAreaCode('340828100200'), '340828100200');
    assert.equal(normalizeAreaCode(' 340828 '), '340828');
    for (const bad of ['34082', 'x40828', '3408281', '', '1234567890123', '34-08']) assert.equal(normalizeAreaCode(bad), null, bad);
  });

  test('parents and padding', () => {
    assert.equal(parentCodeOf('340828100200'), '340828100');
    assert.equal(parentCodeOf('340828'), '3408');
    assert.equal(parentCodeOf('34'), null);
    assert.equal(fullAreaCode('3408'), '340800000000');
  });

  test('a scope range holds exactly the codes under the prefix', () => {
    assert.deepEqual(scopeRange('340828'), ['340828', '340829']);
    assert.deepEqual(scopeRange('3409'), ['3409', '341']);
    assert.deepEqual(scopeRange('3499'), ['3499', '35']);
    assert.deepEqual(scopeRange('99'), ['99', null]);
    const [low, high] = scopeRange('340829');
    for (const inside of ['340829', '340829100', '340829100201']) assert.ok(inside >= low && inside < high!, inside);
    for (const outside of ['340828999', '3408', '34083', '340830']) assert.ok(!(outside >= low && outside < high!), outside);
  });
});

describe('urban or rural, from the committee name', () => {
  test('residents’ committees are urban, villagers’ committees rural', () => {
    for (const urban of ['吴樾居委会', '天后宫居民委员会', '马安社区委员会', '菱湖社区', '城东社区居委会']) assert.equal(communityKind(urban), 'urban', urban);
    for (const rural of ['店前村委会', '河图村民委员会', '巴彦嘎查', '红星牧委会', '某某村']) assert.equal(communityKind(rural), 'rural', rural);
  });

  test('an explicit override wins', () => {
    assert.equal(communityKind('店前村委会', 'urban'), 'urban');
    assert.equal(communityKind('吴樾居委会', 'rural'), 'rural');
  });

  test('names that say neither fall back to rural and are reported as unstated', () => {
    assert.equal(communityKind('皖河农场第一分场生活区'), 'rural');
    assert.equal(kindIsStated('皖河农场第一分场生活区'), false);
    assert.equal(kindIsStated('吴樾居委会'), true);
  });
});
