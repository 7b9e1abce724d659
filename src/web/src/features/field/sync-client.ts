/**
 * The device's side of the sync protocol (docs/sync.md): sends what waits in the outbox, then
 * pulls what changed in the user's scope since the last checkpoint. Safe to run again at any
 * moment: a command sent twice is applied once (its idempotency key), so a push cut off by the
 * network is simply sent again.
 */
import { ApiError, request, setCsrfToken } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
import type { Device, PullResult, PushResult } from '../../../../contracts/sync.ts';
import { SYNC_LIMITS } from '../../../../contracts/sync.ts';
import type { Person } from '../../../../contracts/residents-api.ts';
import * as store from './store.ts';

export type SyncOutcome =
  | { kind: 'done'; sent: number; conflicts: number; refused: number; pulled: number; removed: number }
  | { kind: 'offline' }
  | { kind: 'login' }
  | { kind: 'wiped'; reason: string };

export const syncApi = {
  registerDevice: (name: string) => request<Device>('POST', '/sync/devices', { body: { name } }),
  push: (body: unknown) => request<PushResult>('POST', '/sync/push', { body, expectUnauthenticated: true }),
  pull: (query: { deviceId: string; checkpoint?: string; limit?: number }) => request<PullResult>('GET', '/sync/pull', { query, expectUnauthenticated: true }),
};

function outcomeOf(error: unknown): SyncOutcome | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 0) return { kind: 'offline' };
  if (error.status === 401) return { kind: 'login' };
  if (error.status === 403 && (error.code === 'device_revoked' || error.code === 'device_not_yours')) return { kind: 'wiped', reason: error.code };
  return null;
}

export async function syncNow(key: CryptoKey, meta: store.MetaRow): Promise<SyncOutcome> {
  const tally = { sent: 0, conflicts: 0, refused: 0, pulled: 0, removed: 0 };
  try {
    // The page may have opened offline: the session (and its CSRF token for writes) is read now.
    // Another person's session is no session for this device's commands.
    const session = await request<Session>('GET', '/auth/me', { expectUnauthenticated: true });
    if (session.user.id !== meta.userId) return { kind: 'login' };
    setCsrfToken(session.csrfToken);
    // ---- push, in batches ----
    const waiting = (await store.outboxRows()).filter((r) => r.state === 'pending' || r.state === 'sending' || r.state === 'error');
    for (let i = 0; i < waiting.length; i += SYNC_LIMITS.pushMax) {
      const batch = waiting.slice(i, i + SYNC_LIMITS.pushMax);
      const entries = await Promise.all(batch.map((row) => store.openEntry(key, row)));
      for (const row of batch) await store.setOutboxState(key, row.id, 'sending');
      let answer: PushResult;
      try {
        answer = await syncApi.push({ deviceId: meta.deviceId, commands: entries.map((e) => e.command) });
      } catch (error) {
        // Not sent (or not known to be): back to waiting; sending again is safe.
        for (const row of batch) await store.setOutboxState(key, row.id, 'pending');
        throw error;
      }
      for (const result of answer.results) {
        const state: store.OutboxState =
          result.status === 'applied' ? 'sent' : result.status === 'conflict' ? 'conflict' : result.status === 'inProgress' ? 'pending' : 'error';
        await store.setOutboxState(key, result.id, state, result);
        if (state === 'sent') tally.sent++;
        if (state === 'conflict') tally.conflicts++;
        if (state === 'error') tally.refused++;
      }
    }
    // ---- pull until nothing more ----
    let checkpoint = meta.checkpoint ?? undefined;
    for (;;) {
      const page = await syncApi.pull({ deviceId: meta.deviceId, checkpoint, limit: SYNC_LIMITS.pullMax });
      const kept = page.changes.filter((c) => c.data).map((c) => ({ id: c.id, value: c.data as Person }));
      const removed = page.changes.filter((c) => c.removed).map((c) => c.id);
      await store.putRecords(key, 'person', kept);
      if (page.day) await store.putRecords(key, 'day', [{ id: 'today', value: page.day }]);
      await store.deleteRecords('person', removed);
      tally.pulled += kept.length;
      tally.removed += removed.length;
      checkpoint = page.checkpoint;
      await store.updateMeta({ checkpoint, lastPullAt: new Date().toISOString() });
      if (!page.more) break;
    }
    return { kind: 'done', ...tally };
  } catch (error) {
    const outcome = outcomeOf(error);
    if (outcome?.kind === 'wiped') await store.wipe();
    if (outcome) return outcome;
    throw error;
  }
}
