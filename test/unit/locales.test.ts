import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zhTW } from '../../src/web/src/i18n/locales/zh-TW.ts';
import { zhCN } from '../../src/web/src/i18n/locales/zh-CN.ts';

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
