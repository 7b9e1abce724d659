import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import type { MarkedRead, Notification, NotificationKind, NotificationParams, UnreadCount } from '../../../contracts/notifications.ts';
import { requirePermission, type RequestContext } from '../../http/actor.ts';
import { notFound } from '../../http/errors.ts';
import { MAX_ATTEMPTS, registerChannel, registeredChannels, channelNamed, type NotificationChannel, type OutboundMessage } from './notifications.channels.ts';
import * as repo from './notifications.repository.ts';

/** The in-app inbox: written in the same transaction as the event that caused the message. */
export const inAppChannel: NotificationChannel = {
  name: 'inApp',
  immediate: true,
  async deliver(db, message) {
    await repo.insertNotifications(db, [
      {
        user_id: message.userId,
        id: message.id,
        area_code: message.areaCode,
        kind: message.kind,
        request_id: message.requestId,
        params: JSON.stringify(message.params),
        created_at: message.createdAt,
        read_at: null,
      },
    ]);
  },
};
registerChannel(inAppChannel);

export interface NewNotification {
  userId: string;
  areaCode: string;
  kind: NotificationKind;
  requestId: string | null;
  params: NotificationParams;
}

/**
 * Sends messages: each to every registered channel — the immediate ones (the inbox) at once in
 * `db`, the others queued in the outbox. Pass the transaction of the event, so that a message
 * exists exactly when its event does. The same user, kind and request twice in one call is one message.
 */
export async function notify(db: Db, messages: NewNotification[]): Promise<void> {
  const seen = new Set<string>();
  const createdAt = new Date().toISOString();
  const outbox: Parameters<typeof repo.insertOutbox>[1] = [];
  for (const m of messages) {
    const key = `${m.userId}|${m.kind}|${m.requestId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const params = Object.fromEntries(Object.entries(m.params).filter(([, v]) => v !== undefined && v !== null)) as NotificationParams;
    for (const channel of registeredChannels()) {
      const message: OutboundMessage = { id: newId(), userId: m.userId, areaCode: m.areaCode, kind: m.kind, requestId: m.requestId, params, createdAt };
      if (channel.immediate) await channel.deliver(db, message);
      else {
        outbox.push({
          id: message.id,
          user_id: m.userId,
          area_code: m.areaCode,
          channel: channel.name,
          kind: m.kind,
          request_id: m.requestId,
          params: JSON.stringify(params),
          created_at: createdAt,
          status: 'pending',
          attempts: 0,
          last_error: null,
          sent_at: null,
        });
      }
    }
  }
  await repo.insertOutbox(db, outbox);
}

/** Rows per insert in notifyBatch: 8 columns × 500 stays far under both engines' parameter limits. */
const BATCH_ROWS = 500;

/**
 * `notify` for many messages at once (a sweep's): the same messages, channels and de-duplication,
 * but the in-app inbox rows and the outbox rows are written in multi-row inserts of BATCH_ROWS
 * instead of one statement per message. Other immediate channels still deliver one by one.
 */
export async function notifyBatch(db: Db, messages: NewNotification[]): Promise<void> {
  const seen = new Set<string>();
  const createdAt = new Date().toISOString();
  const inbox: Parameters<typeof repo.insertNotifications>[1] = [];
  const outbox: Parameters<typeof repo.insertOutbox>[1] = [];
  for (const m of messages) {
    const key = `${m.userId}|${m.kind}|${m.requestId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const params = Object.fromEntries(Object.entries(m.params).filter(([, v]) => v !== undefined && v !== null)) as NotificationParams;
    const json = JSON.stringify(params);
    for (const channel of registeredChannels()) {
      const id = newId();
      if (channel === inAppChannel) inbox.push({ user_id: m.userId, id, area_code: m.areaCode, kind: m.kind, request_id: m.requestId, params: json, created_at: createdAt, read_at: null });
      else if (channel.immediate) await channel.deliver(db, { id, userId: m.userId, areaCode: m.areaCode, kind: m.kind, requestId: m.requestId, params, createdAt });
      else outbox.push({ id, user_id: m.userId, area_code: m.areaCode, channel: channel.name, kind: m.kind, request_id: m.requestId, params: json, created_at: createdAt, status: 'pending', attempts: 0, last_error: null, sent_at: null });
    }
  }
  for (let i = 0; i < inbox.length; i += BATCH_ROWS) await repo.insertNotifications(db, inbox.slice(i, i + BATCH_ROWS));
  for (let i = 0; i < outbox.length; i += BATCH_ROWS) await repo.insertOutbox(db, outbox.slice(i, i + BATCH_ROWS));
}

export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers what waits in the outbox through its channel, oldest first. Each row is claimed and
 * delivered in one transaction, so with several server processes a message goes out once; a
 * delivery that throws leaves the row pending (its attempt counted) until MAX_ATTEMPTS, then
 * failed. Rows of a channel no longer registered wait for it.
 */
export async function dispatchOutbox(db: Db, options: { limit?: number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, failed: 0 };
  for (const row of await repo.pendingOutbox(db, options.limit ?? 200)) {
    const channel = channelNamed(row.channel);
    if (!channel) continue;
    const message: OutboundMessage = {
      id: row.id,
      userId: row.user_id,
      areaCode: row.area_code,
      kind: row.kind as NotificationKind,
      requestId: row.request_id,
      params: JSON.parse(row.params) as NotificationParams,
      createdAt: row.created_at,
    };
    try {
      const delivered = await db.transaction().execute(async (trx) => {
        if (!(await repo.claimOutbox(trx, row.id, new Date().toISOString()))) return false;
        await channel.deliver(trx, message);
        return true;
      });
      if (delivered) report.sent++;
    } catch (error) {
      const failed = (await repo.attemptsOf(db, row.id)) + 1 >= MAX_ATTEMPTS;
      await repo.recordOutboxFailure(db, row.id, error instanceof Error ? error.message : String(error), failed);
      if (failed) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/** How long a delivered outbox row is kept (the message itself stays in the inbox). */
export const OUTBOX_SENT_RETENTION_DAYS = 30;

/**
 * Deletes outbox rows delivered more than OUTBOX_SENT_RETENTION_DAYS ago: the outbox is a queue,
 * not a record (the inbox and the request's events are). Failed rows are kept for the operator
 * (docs/operations.md). Returns how many went.
 */
export function purgeOutbox(db: Db, now = new Date()): Promise<number> {
  return repo.deleteSentOutbox(db, new Date(now.getTime() - OUTBOX_SENT_RETENTION_DAYS * 86_400_000).toISOString());
}

/** The persons' user accounts (applicants who have one), for addressing messages. */
export function usersOfPersons(db: Db, personIds: string[]): Promise<Map<string, string>> {
  return repo.usersOfPersons(db, [...new Set(personIds)]);
}

// ---- the inbox ----

function toNotification(row: repo.NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    areaCode: row.area_code,
    requestId: row.request_id,
    params: JSON.parse(row.params) as NotificationParams,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export async function listInbox(db: Db, ctx: RequestContext, q: { unread?: boolean; limit?: number; cursor?: string }) {
  const actor = requirePermission(ctx, 'inbox.read');
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['uuid']);
  const [rows, total] = await Promise.all([
    repo.listInbox(db, actor.userId, { unread: q.unread, beforeId: before?.[0], limit }),
    repo.countInbox(db, actor.userId, q.unread === true),
  ]);
  const last = rows.at(-1);
  return { items: rows.map(toNotification), total, nextCursor: rows.length === limit && last ? encodeCursor([last.id]) : null };
}

export async function unreadCount(db: Db, ctx: RequestContext): Promise<UnreadCount> {
  const actor = requirePermission(ctx, 'inbox.read');
  return { unread: await repo.countInbox(db, actor.userId, true) };
}

/** Marks one message read (404 for a message that is not the caller's); reading one's own inbox is not audited. */
export async function markRead(db: Db, ctx: RequestContext, id: string): Promise<Notification> {
  const actor = requirePermission(ctx, 'inbox.read');
  const row = await repo.findNotification(db, actor.userId, id);
  if (!row) throw notFound('Message', id);
  if (row.read_at === null) await repo.markRead(db, actor.userId, new Date().toISOString(), id);
  return toNotification((await repo.findNotification(db, actor.userId, id))!);
}

export async function markAllRead(db: Db, ctx: RequestContext): Promise<MarkedRead> {
  const actor = requirePermission(ctx, 'inbox.read');
  return { marked: await repo.markRead(db, actor.userId, new Date().toISOString()) };
}
