import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIRMATION_KINDS, CUSTODY_STEPS, MANDATE_STATUSES, AGENCY_LIMITS } from '../../src/contracts/agency.ts';
import { NOTIFICATION_KINDS } from '../../src/contracts/notifications.ts';
import { EVENT_KINDS } from '../../src/contracts/service-requests.ts';
import * as web from '../../src/web/src/features/agency/agency-api.ts';
import { agencyZhCN } from '../../src/web/src/features/agency/i18n/zh-CN.ts';
import { agencyZhTW } from '../../src/web/src/features/agency/i18n/zh-TW.ts';
import { agencyEn } from '../../src/web/src/features/agency/i18n/en.ts';
import { inboxZhCN } from '../../src/web/src/features/inbox/i18n/zh-CN.ts';
import { inboxZhTW } from '../../src/web/src/features/inbox/i18n/zh-TW.ts';
import { inboxEn } from '../../src/web/src/features/inbox/i18n/en.ts';
import { notificationKindOf } from '../../src/server/modules/notifications/notifications.listeners.ts';

describe('the agency web speaks the contract', () => {
  test("the web's vocabularies equal the contract's", () => {
    assert.deepEqual([...web.CUSTODY_STEPS], [...CUSTODY_STEPS]);
    assert.deepEqual([...web.CONFIRMATION_KINDS], [...CONFIRMATION_KINDS]);
    assert.deepEqual([...web.MANDATE_STATUSES], [...MANDATE_STATUSES]);
    assert.equal(web.CONSENT_FORM_BYTES_MAX, AGENCY_LIMITS.consentFormBytesMax);
  });

  test('every step, confirmation, status and message kind has words in three languages', () => {
    for (const catalog of [agencyZhCN, agencyZhTW, agencyEn]) {
      for (const step of CUSTODY_STEPS) assert.ok(catalog.steps[step] && catalog.stepHints[step], step);
      for (const kind of CONFIRMATION_KINDS) assert.ok(catalog.confirmations[kind], kind);
      for (const status of MANDATE_STATUSES) assert.ok(catalog.mandates.status[status], status);
    }
    for (const catalog of [inboxZhCN, inboxZhTW, inboxEn]) {
      for (const kind of NOTIFICATION_KINDS) assert.ok(catalog.kinds[kind], kind);
    }
  });
});

describe('which request events make a message', () => {
  const event = (kind: (typeof EVENT_KINDS)[number], from: string | null, to: string | null) =>
    ({ id: 'e', kind, at: '2026-11-30T00:00:00Z', from, to, visibility: 'public', note: null, actorUserId: null, details: null }) as Parameters<typeof notificationKindOf>[0];

  test('补正, warnings, overdue, escalations and assignments have their own kinds; a status change is a status change', () => {
    assert.equal(notificationKindOf(event('requestSupplement', 'inProgress', 'awaitingSupplement')), 'supplementRequested');
    assert.equal(notificationKindOf(event('warning', null, null)), 'requestWarning');
    assert.equal(notificationKindOf(event('overdue', null, null)), 'requestOverdue');
    assert.equal(notificationKindOf(event('escalatedToHead', null, null)), 'requestEscalated');
    assert.equal(notificationKindOf(event('escalatedToLevelAbove', null, null)), 'requestEscalated');
    assert.equal(notificationKindOf(event('assigned', null, null)), 'requestAssigned');
    assert.equal(notificationKindOf(event('accept', 'submitted', 'accepted')), 'requestStatusChanged');
    assert.equal(notificationKindOf(event('decide', 'inProgress', 'decided')), 'requestStatusChanged');
  });

  test('events that change nothing a person waits for make none', () => {
    assert.equal(notificationKindOf(event('note', null, null)), null);
    assert.equal(notificationKindOf(event('attachmentAdded', null, null)), null);
    assert.equal(notificationKindOf(event('rated', null, null)), null);
  });
});
