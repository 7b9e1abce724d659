/**
 * The request pages' own rules, without a browser: the vocabularies the web lists (it cannot import
 * them as values from the contract without TypeBox in the bundle) are the contract's, every status,
 * step, event and channel has words in the three languages, form values are cleaned before sending,
 * and failures are put in words by their codes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import {
  CHANNELS,
  CLOCK_STANDINGS,
  EVENT_KINDS,
  HANDLER_ACTIONS as CONTRACT_HANDLER_ACTIONS,
  REQUEST_LIMITS,
  REQUEST_STATUSES as CONTRACT_STATUSES,
} from '../../src/contracts/service-requests.ts';
import { HANDLER_ACTIONS, RATING_RULES, REQUEST_STATUSES, STANDINGS } from '../../src/web/src/api/requests.ts';
import { ApiError } from '../../src/web/src/api/client.ts';
import { cleanFormValues } from '../../src/web/src/features/requests/form-values.ts';
import { requestErrorMessage } from '../../src/web/src/features/requests/request-errors.ts';
import { requestsZhCN } from '../../src/web/src/features/requests/i18n/zh-CN.ts';
import { requestsZhTW } from '../../src/web/src/features/requests/i18n/zh-TW.ts';
import { requestsEn } from '../../src/web/src/features/requests/i18n/en.ts';

describe('requests web', () => {
  test('the lists the web iterates over are the contract’s, in its order', () => {
    assert.deepEqual([...REQUEST_STATUSES], [...CONTRACT_STATUSES]);
    assert.deepEqual([...HANDLER_ACTIONS], [...CONTRACT_HANDLER_ACTIONS]);
    assert.deepEqual([...STANDINGS], [...CLOCK_STANDINGS]);
    assert.equal(RATING_RULES.reopenDays, REQUEST_LIMITS.reopenDays);
    assert.equal(RATING_RULES.dissatisfiedAtMost, REQUEST_LIMITS.dissatisfiedAtMost);
  });

  test('every status, step, event, channel and standing has words in zh-CN, zh-TW and en', () => {
    for (const [language, catalog] of [
      ['zh-CN', requestsZhCN],
      ['zh-TW', requestsZhTW],
      ['en', requestsEn],
    ] as const) {
      for (const status of CONTRACT_STATUSES) assert.ok(catalog.status[status], `${language} status ${status}`);
      for (const action of CONTRACT_HANDLER_ACTIONS) assert.ok(catalog.action[action], `${language} action ${action}`);
      for (const kind of EVENT_KINDS) assert.ok((catalog.event as Record<string, string>)[kind], `${language} event ${kind}`);
      for (const channel of CHANNELS) assert.ok(catalog.channel[channel], `${language} channel ${channel}`);
      for (const standing of CLOCK_STANDINGS) assert.ok(catalog.standing[standing], `${language} standing ${standing}`);
    }
    // Traditional characters where they differ, and no Simplified left over in the common words.
    assert.equal(requestsZhTW.status.awaitingSupplement, '待補正');
    assert.equal(requestsZhTW.rating.score5, '非常滿意');
  });

  test('form values: blanks left out, text trimmed, numbers kept, choices as strings', () => {
    assert.deepEqual(cleanFormValues({ a: '  x ', b: '', c: undefined, d: null, e: 0, f: [], g: ['p', 'q'], h: '   ' }), { a: 'x', e: 0, g: ['p', 'q'] });
    assert.deepEqual(cleanFormValues(undefined), {});
  });

  test('failures are put in words by their codes, naming the field by the label the person saw', () => {
    const t = ((key: string, values?: Record<string, unknown>) => (values ? `${key}${JSON.stringify(values)}` : key)) as unknown as TFunction;
    const refused = new ApiError(409, 'invalid_transition', 'Cannot decide a request that is accepted', { from: 'accepted', to: 'decided', action: 'decide' });
    const said409 = requestErrorMessage(t, refused);
    assert.match(said409, /^requests\.errors\.transition/);
    assert.match(said409, /requests\.status\.accepted/);
    assert.match(said409, /requests\.action\.decide/);
    assert.equal(requestErrorMessage(t, new ApiError(409, 'conflict', 'changed', { currentVersion: 3 })), 'requests.errors.stale');
    assert.equal(requestErrorMessage(t, new ApiError(409, 'idempotency_key_reused', 'reused', { requestId: 'x' })), 'requests.errors.idempotency');
    assert.equal(requestErrorMessage(t, new ApiError(403, 'mandate_required', 'no mandate', { reason: 'expired' })), 'requests.errors.mandate');
    const tooLarge = new ApiError(400, 'validation_failed', 'file: too large', { problems: [{ field: 'file', code: 'out_of_range', problem: 'is too large' }] });
    assert.equal(requestErrorMessage(t, tooLarge), 'requests.errors.tooLarge');
    const field = new ApiError(400, 'validation_failed', 'bad', { problems: [{ field: 'formValues.eventDate', code: 'invalid_format', problem: 'is not a date' }] });
    const said = requestErrorMessage(t, field, (f) => (f === 'formValues.eventDate' ? '发生日期' : undefined));
    assert.match(said, /^errors\.validation_failed/);
    assert.match(said, /发生日期/);
    assert.match(said, /problemCodes\.invalid_format/);
  });
});
