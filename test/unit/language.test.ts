import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestLanguage } from '../../src/contracts/language.ts';

test('an explicit language wins over the header; an unknown one is ignored', () => {
  assert.equal(requestLanguage('en', 'zh-CN'), 'en');
  assert.equal(requestLanguage('zh-TW', 'en'), 'zh-TW');
  assert.equal(requestLanguage('fr', 'zh-TW'), 'zh-TW');
});

test('Accept-Language: the first language we speak, by quality then order', () => {
  assert.equal(requestLanguage(undefined, 'en-GB,en;q=0.9'), 'en');
  assert.equal(requestLanguage(undefined, 'fr-FR,fr;q=0.9,en;q=0.5,zh-CN;q=0.4'), 'en');
  assert.equal(requestLanguage(undefined, 'zh-CN;q=0.5,en;q=0.8'), 'en');
  assert.equal(requestLanguage(undefined, 'en;q=0,zh-CN'), 'zh-CN', 'q=0 means not wanted');
});

test('Traditional Chinese by script or region, other Chinese Simplified', () => {
  for (const tag of ['zh-TW', 'zh-Hant', 'zh-Hant-TW', 'zh-HK', 'zh-MO', 'ZH-tw']) assert.equal(requestLanguage(undefined, tag), 'zh-TW', tag);
  for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG']) assert.equal(requestLanguage(undefined, tag), 'zh-CN', tag);
});

test('no preference, or none we speak: Simplified Chinese', () => {
  assert.equal(requestLanguage(undefined, undefined), 'zh-CN');
  assert.equal(requestLanguage(undefined, ''), 'zh-CN');
  assert.equal(requestLanguage(undefined, 'fr,de;q=0.8'), 'zh-CN');
  assert.equal(requestLanguage(undefined, '*'), 'zh-CN');
});
