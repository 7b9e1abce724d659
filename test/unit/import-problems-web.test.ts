/**
 * The import wizard says each row's problem from its stable code and params, never from the
 * English sentence: the facility import's codes read as the facility sentences, in every language.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next, { type TFunction } from 'i18next';
import { rowProblemText, SPECIFIC } from '../../src/web/src/features/facilities/problems.ts';
import { PROBLEM_CODES } from '../../src/contracts/problems.ts';
import { en } from '../../src/web/src/i18n/locales/en.ts';
import { zhCN } from '../../src/web/src/i18n/locales/zh-CN.ts';
import { zhTW } from '../../src/web/src/i18n/locales/zh-TW.ts';

async function translator(language: string, messages: object): Promise<TFunction> {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: language, resources: { [language]: { translation: messages } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

test('every field-specific sentence exists in all three languages and its code is a contract code', () => {
  for (const [key, name] of Object.entries(SPECIFIC)) {
    assert.ok((PROBLEM_CODES as readonly string[]).includes(key.split(':')[1]!), key);
    for (const messages of [en, zhCN, zhTW]) assert.ok((messages.problems as Record<string, string>)[name], `${name} in problems`);
  }
});

test('facility import problems read from code and params, whatever the English sentence says', async () => {
  const t = await translator('en', en);
  const say = (field: string, code: (typeof PROBLEM_CODES)[number], params?: Record<string, string | number>) =>
    rowProblemText(t, { field, code, ...(params ? { params } : {}) });
  assert.equal(say('kind', 'not_allowed', { value: '游泳馆' }), '"游泳馆" is not a facility kind');
  assert.equal(say('areaCode', 'unknown_reference', { code: '340828999999' }), 'community 340828999999 does not exist');
  assert.equal(say('areaCode', 'not_in_scope', { code: '340828101200' }), 'community 340828101200 is outside your scope');
  assert.equal(say('areaCode', 'invalid_format', { value: '12ab' }), '"12ab" is not a 12-digit community code');
  assert.equal(say('activityArea', 'inconsistent', { value: 900, floorArea: 500 }), '"900" cannot exceed the floor area');
  assert.equal(say('location', 'inconsistent'), 'give both longitude and latitude, or neither');
  assert.equal(say('floorArea', 'invalid_type', { value: 'big' }), '"big" is not a number');
  assert.equal(say('accessibility.stepFreeEntrance', 'not_allowed', { value: 'maybe' }), '"maybe" should be 是 (yes) or 否 (no)');
  assert.equal(say('statusDate', 'out_of_range', { value: '2099-01-01' }), '"2099-01-01" is out of the allowed range');
  assert.equal(say('floorArea', 'required'), 'is required');
  assert.equal(say('name', 'too_long', { max: 60 }), 'is too long or has too many entries');
  assert.equal(say('idNumber', 'duplicate', { row: 3 }), 'is the same as on row 3');
  // An import that gives no code yet reads as the general sentence (the wizard shows the original beside it).
  assert.equal(rowProblemText(t, { field: 'name', problem: 'is required' } as never), 'is not valid');

  const zh = await translator('zh-CN', zhCN);
  const kind = rowProblemText(zh, { field: 'kind', code: 'not_allowed', params: { value: '游泳馆' } });
  assert.match(kind, /游泳馆/);
  assert.doesNotMatch(kind, /facility kind/);
  assert.equal(rowProblemText(zh, { field: 'floorArea', code: 'invalid_type', params: { value: '一百' } }), '“一百”不是数字');
});
