import type { Db } from './database.ts';

/**
 * Which kind of records changed, for what is computed over them (indicator snapshots): the
 * modules of the service side (people who serve, services, care, linkage, market) call
 * `recordsChanged` after a write commits, and the caches listen. The multi-process side
 * (PostgreSQL NOTIFY) is in src/server/http/cache-invalidation.ts.
 */
export type RecordTopic = 'workforce' | 'organizations' | 'volunteers' | 'services' | 'care' | 'linkage' | 'market';

const listeners = new Set<(db: Db, topic: RecordTopic) => void>();

export function onRecordsChange(listener: (db: Db, topic: RecordTopic) => void): void {
  listeners.add(listener);
}

/** Call after the write's transaction has committed. */
export function recordsChanged(db: Db, topic: RecordTopic): void {
  for (const listener of listeners) listener(db, topic);
}
