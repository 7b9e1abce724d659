import { newId } from './ids.ts';
import type { Db } from './database.ts';

/** Kinds of records offline devices hold (docs/sync.md). */
export type SyncedRecordKind = 'person';

/**
 * Notes that a record left an area (deleted, or moved to another community), so that offline
 * devices holding it drop it at their next pull. Call inside the transaction that deletes or
 * moves the row. A record moved within a device's scope is not dropped: the pull checks where
 * the record is now.
 */
export async function recordTombstone(db: Db, tombstone: { kind: SyncedRecordKind; recordId: string; areaCode: string; reason: 'deleted' | 'outOfScope' }): Promise<void> {
  await db
    .insertInto('sync_tombstones')
    .values({ area_code: tombstone.areaCode, id: newId(), record_kind: tombstone.kind, record_id: tombstone.recordId, reason: tombstone.reason, at: new Date().toISOString() })
    .execute();
}
