import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { NotificationOutboxTable, NotificationsTable } from '../../db/tables/agency.ts';

export type NotificationRow = Selectable<NotificationsTable>;
export type OutboxRow = Selectable<NotificationOutboxTable>;

export async function insertNotifications(db: Db, rows: Insertable<NotificationsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('notifications').values(rows).execute();
}

export async function insertOutbox(db: Db, rows: Insertable<NotificationOutboxTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('notification_outbox').values(rows).execute();
}

export async function listInbox(db: Db, userId: string, q: { unread?: boolean; beforeId?: string; limit: number }): Promise<NotificationRow[]> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export async function countInbox(db: Db, userId: string, unreadOnly: boolean): Promise<number> {
  let query = db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function findNotification(db: Db, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function markRead(db: Db, userId: string, at: string, id?: string): Promise<number> {
  let query = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== undefined) query = query.where('id', '=', id);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

/** Deletes outbox rows delivered before `before` (ISO instant); failed rows stay for the operator. */
export async function deleteSentOutbox(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('notification_outbox').where('status', '=', 'sent').where('sent_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The oldest pending outbox rows, to try to deliver. */
export async function pendingOutbox(db: Db, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom('notification_outbox').selectAll().where('status', '=', 'pending').orderBy('id').limit(limit).execute();
}

/**
 * Claims a pending row for delivery by marking it sent; false when another dispatcher took it
 * first. Run it in the transaction that delivers: a failed delivery rolls the claim back (and on
 * PostgreSQL the row lock makes a second dispatcher wait, then find the row no longer pending).
 */
export async function claimOutbox(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('notification_outbox').set({ status: 'sent', sent_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordOutboxFailure(db: Db, id: string, error: string, failed: boolean): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 1000), status: failed ? 'failed' : 'pending' }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function attemptsOf(db: Db, id: string): Promise<number> {
  return (await db.selectFrom('notification_outbox').select('attempts').where('id', '=', id).executeTakeFirst())?.attempts ?? 0;
}

/** The user accounts of registry persons (applicants who have one). */
export async function usersOfPersons(db: Db, personIds: string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.selectFrom('persons').select(['id', 'user_id']).where('id', 'in', personIds).where('user_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.user_id!]));
}
