import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zhTW as zhTWBase } from '../../src/web/src/i18n/locales/zh-TW.ts';
import { zhCN as zhCNBase } from '../../src/web/src/i18n/locales/zh-CN.ts';
import { featuresZhTW } from '../../src/web/src/i18n/locales/features-zh-TW.ts';
import { featuresZhCN } from '../../src/web/src/i18n/locales/features-zh-CN.ts';

// Every message of a language: the base catalog and the service features' (loaded apart in the app).
const zhTW = { ...zhTWBase, ...featuresZhTW };
const zhCN = { ...zhCNBase, ...featuresZhCN };

/** Every string of a catalog with its dotted key. */
function strings(catalog: object, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : strings(value as object, `${prefix}${key}.`),
  );
}

describe('catalog terminology', () => {
  test('zh-TW says 平方公尺 for square metres everywhere (Taiwan usage), never the mainland 平方米', () => {
    const all = strings(zhTW);
    assert.ok(all.length > 100, 'the catalog was read');
    const mainland = all.filter(([, text]) => text.includes('平方米'));
    assert.deepEqual(mainland, []);
    assert.ok(all.some(([, text]) => text.includes('平方公尺')));
  });

  test('zh-CN keeps 平方米', () => {
    assert.ok(strings(zhCN).some(([, text]) => text.includes('平方米')));
    assert.deepEqual(strings(zhCN).filter(([, text]) => text.includes('平方公尺')), []);
  });
});
