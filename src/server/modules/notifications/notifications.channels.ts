import type { Db } from '../../db/database.ts';
import type { NotificationKind, NotificationParams } from '../../../contracts/notifications.ts';

/** One message to one user, as a channel receives it. */
export interface OutboundMessage {
  id: string;
  userId: string;
  areaCode: string;
  kind: NotificationKind;
  requestId: string | null;
  params: NotificationParams;
  createdAt: string;
}

/**
 * A way of reaching a user. `immediate` channels deliver inside the transaction of the event that
 * caused the message (the in-app inbox: a row of our own database, so it is written or not with the
 * event). Other channels are queued: the message waits in the outbox, and the dispatcher
 * (`dispatchOutbox`) hands it to `deliver` later, retrying on failure; a delivery that throws is
 * retried up to MAX_ATTEMPTS times, then marked failed.
 *
 * To add SMS or WeChat: write a queued channel whose `deliver` looks up the user's number or
 * openid, words the message for the medium from `kind` and `params`, and calls the provider (an
 * SMS gateway's template API; WeChat's subscribe-message API); throw on a refusal so the outbox
 * retries. Register it once at start with `registerChannel`. docs/services.md, *Notifications*.
 */
export interface NotificationChannel {
  readonly name: string;
  readonly immediate: boolean;
  deliver(db: Db, message: OutboundMessage): Promise<void>;
}

export const MAX_ATTEMPTS = 5;

const channels = new Map<string, NotificationChannel>();

export function registerChannel(channel: NotificationChannel): void {
  channels.set(channel.name, channel);
}

export function unregisterChannel(name: string): void {
  channels.delete(name);
}

export function registeredChannels(): NotificationChannel[] {
  return [...channels.values()];
}

export function channelNamed(name: string): NotificationChannel | undefined {
  return channels.get(name);
}

/** A channel for tests: it records what it would send, and sends nothing. */
export interface RecordingChannel extends NotificationChannel {
  readonly sent: OutboundMessage[];
  /** Refuse the next `n` deliveries (to test the outbox's retries). */
  failNext(n: number): void;
}

export function recordingChannel(name = 'recording'): RecordingChannel {
  const sent: OutboundMessage[] = [];
  let failures = 0;
  return {
    name,
    immediate: false,
    sent,
    failNext(n: number) {
      failures = n;
    },
    async deliver(_db, message) {
      if (failures > 0) {
        failures--;
        throw new Error('the recording channel was told to refuse this delivery');
      }
      sent.push(message);
    },
  };
}
