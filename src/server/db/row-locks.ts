import { PostgresAdapter } from 'kysely';
import type { Db } from './database.ts';

/**
 * Row locks for read-check-write transactions (the time bank's balance limits), settled here
 * for both engines:
 * - PostgreSQL runs transactions side by side: `SELECT … FOR UPDATE` makes a second writer to the
 *   same rows wait until the first commits, after which (READ COMMITTED) its next statement sees
 *   the first one's rows. Callers lock in one order (sorted keys), so two writers never deadlock.
 * - SQLite has one writer: the process's one connection runs one transaction at a time (Kysely
 *   queues the others), so the rows need no lock; `FOR UPDATE` is not SQLite syntax.
 */
export function locksRows(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Whether a write failed because another transaction got there first and it is worth running
 * again: PostgreSQL's serialization failure (40001) or deadlock (40P01), SQLite's busy database
 * (another process holds the write lock past busy_timeout, or a read snapshot went stale).
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
