import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { linkageDeliveryZhCN } from '../../src/web/src/features/linkage/i18n/delivery-zh-CN.ts';
import { linkageDeliveryZhTW } from '../../src/web/src/features/linkage/i18n/delivery-zh-TW.ts';
import { linkageDeliveryEn } from '../../src/web/src/features/linkage/i18n/delivery-en.ts';
import { ACTIVITY_KINDS, EVALUATION_GRADES, MILESTONE_STATUSES, RATER_KINDS, ROUND_STATUSES } from '../../src/contracts/linkage-delivery.ts';
import { ChainStep } from '../../src/contracts/linkage-delivery-api.ts';

/** Every string of a catalog with its dotted key. */
function strings(catalog: object, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : strings(value as object, `${prefix}${key}.`),
  );
}
const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('linkage delivery pages: messages in three languages', () => {
  const zhCN = new Map(strings(linkageDeliveryZhCN));
  const others = { 'zh-TW': new Map(strings(linkageDeliveryZhTW)), en: new Map(strings(linkageDeliveryEn)) };

  test('zh-TW and en have exactly the keys of zh-CN, none blank, with the same {{variables}}', () => {
    assert.ok(zhCN.size > 100, 'the catalog was read');
    for (const [language, catalog] of Object.entries(others)) {
      assert.deepEqual([...catalog.keys()].sort(), [...zhCN.keys()].sort(), language);
      for (const [key, text] of catalog) {
        assert.ok(text.trim(), `${language} ${key} is blank`);
        assert.deepEqual(variables(text), variables(zhCN.get(key)!), `${language} ${key}`);
      }
    }
  });

  test('every activity kind, milestone status, rater kind, grade, round status and chain stage has a label', () => {
    const stages = (ChainStep.properties.stage as unknown as { enum: string[] }).enum;
    assert.ok(stages.length >= 9);
    const expected = [
      ...ACTIVITY_KINDS.map((k) => `activityKinds.${k}`),
      ...MILESTONE_STATUSES.map((k) => `milestoneStatuses.${k}`),
      ...RATER_KINDS.map((k) => `raterKinds.${k}`),
      ...EVALUATION_GRADES.map((k) => `grades.${k}`),
      ...ROUND_STATUSES.map((k) => `roundStatuses.${k}`),
      ...stages.map((k) => `chain.stages.${k}`),
    ];
    for (const key of expected) assert.ok(zhCN.has(key), key);
  });

  test('zh-TW uses Taiwan wording where it differs (志工, 登入), never the mainland 志愿者 or 登录', () => {
    const all = [...others['zh-TW'].values()].join('\n');
    assert.ok(all.includes('志工') && all.includes('登入'));
    assert.ok(!/志愿|登录/.test(all));
  });
});
