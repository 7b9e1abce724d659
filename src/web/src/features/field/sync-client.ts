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

/** A person as the device keeps them: as pulled, with their name's pinyin initials for the offline search. */
export type FieldPerson = Person & { initials?: string | null };
import type { ServiceRequestDetail } from '../../../../contracts/service-requests.ts';
import type { Visit } from '../../../../contracts/care.ts';
import * as store from './store.ts';

export type SyncOutcome =
  | { kind: 'done'; sent: number; conflicts: number; refused: number; pulled: number; removed: number; uploaded: number }
  | { kind: 'offline' }
  | { kind: 'login' }
  | { kind: 'wiped'; reason: string };

export const syncApi = {
  registerDevice: (name: string) => request<Device>('POST', '/sync/devices', { body: { name } }),
  push: (body: unknown) => request<PushResult>('POST', '/sync/push', { body, expectUnauthenticated: true }),
  pull: (query: { deviceId: string; checkpoint?: string; limit?: number }) => request<PullResult>('GET', '/sync/pull', { query, expectUnauthenticated: true }),
  requestDetail: (id: string) => request<ServiceRequestDetail>('GET', `/service-requests/${id}`, { expectUnauthenticated: true }),
  attach: (id: string, file: Blob, mediaType: string, query: { fileName: string; material?: string }) =>
    request<ServiceRequestDetail>('POST', `/service-requests/${id}/attachments`, { raw: { body: file, contentType: mediaType }, query, expectUnauthenticated: true }),
  /** A photo of a visit: the server links it once (the same photo again changes nothing). */
  visitPhoto: (caseId: string, visitId: string, file: Blob, mediaType: string) =>
    request<Visit>('POST', `/care/cases/${caseId}/visits/${visitId}/photos`, { raw: { body: file, contentType: mediaType }, expectUnauthenticated: true }),
};

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The attachment queue: each photo goes once its command's record exists on the server (the
 * request filed, the visit recorded), whole. A request's photo goes only when the request does not
 * hold it yet (the server names files by SHA-256); a visit's photo is linked by the care module
 * once whatever is sent (the same photo again changes nothing): so an upload cut off by the
 * network, or answered too late, never makes a second file. A command the server refused takes its
 * photos down with it (error). Answers how many went up; a network failure stops the queue where
 * it is (the next sync resumes it).
 */
async function uploadAttachments(key: CryptoKey): Promise<number> {
  let uploaded = 0;
  for (const row of await store.attachmentRows()) {
    if (row.state === 'sent') continue;
    const command = await store.findOutboxRow(row.commandId);
    if (!command) continue;
    if (command.state === 'error') {
      await store.setAttachmentState(key, row.id, 'error', 'refused');
      continue;
    }
    if (command.state !== 'sent' && command.state !== 'awaiting') continue;
    const { command: sent, result } = await store.openEntry(key, command);
    if (!result?.recordId) continue;
    const entry = await store.openAttachment(key, row);
    const file = () => new Blob([bytesOf(entry.data) as BlobPart], { type: entry.mediaType });
    const upload =
      sent.kind === 'careVisit.record'
        ? () => syncApi.visitPhoto(sent.caseId, result.recordId!, file(), entry.mediaType)
        : async () => {
            const detail = await syncApi.requestDetail(result.recordId!);
            if (detail.attachments.some((a) => a.sha256 === entry.sha256)) return;
            await syncApi.attach(result.recordId!, file(), entry.mediaType, { fileName: entry.fileName, ...(entry.material ? { material: entry.material } : {}) });
          };
    try {
      await upload();
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401) {
        await store.setAttachmentState(key, row.id, 'error', error.message);
        continue;
      }
      throw error;
    }
    await store.setAttachmentState(key, row.id, 'sent');
    uploaded++;
  }
  return uploaded;
}

function outcomeOf(error: unknown): SyncOutcome | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 0) return { kind: 'offline' };
  if (error.status === 401) return { kind: 'login' };
  if (error.status === 403 && (error.code === 'device_revoked' || error.code === 'device_not_yours')) return { kind: 'wiped', reason: error.code };
  return null;
}

export async function syncNow(key: CryptoKey, meta: store.MetaRow): Promise<SyncOutcome> {
  const tally = { sent: 0, conflicts: 0, refused: 0, pulled: 0, removed: 0, uploaded: 0 };
  try {
    // The page may have opened offline: the session (and its CSRF token for writes) is read now.
    // Another person's session is no session for this device's commands.
    const session = await request<Session>('GET', '/auth/me', { expectUnauthenticated: true });
    if (session.user.id !== meta.userId) return { kind: 'login' };
    setCsrfToken(session.csrfToken);
    // ---- push, in batches ----
    const waiting = (await store.outboxRows()).filter((r) => store.UNSENT.includes(r.state));
    for (let i = 0; i < waiting.length; i += SYNC_LIMITS.pushMax) {
      const batch = waiting.slice(i, i + SYNC_LIMITS.pushMax);
      const entries = await Promise.all(batch.map((row) => store.openEntry(key, row)));
      const kinds = new Map(entries.map((e) => [e.command.id, e.command.kind]));
      for (const row of batch) await store.setOutboxState(key, row.id, 'sending');
      let answer: PushResult;
      try {
        answer = await syncApi.push({ deviceId: meta.deviceId, commands: entries.map((e) => e.command) });
      } catch (error) {
        // Not sent (or not known to be): back to waiting; sending again is safe.
        for (const row of batch) await store.setOutboxState(key, row.id, store.unsentState(kinds.get(row.id)!));
        throw error;
      }
      for (const result of answer.results) {
        const state: store.OutboxState =
          result.status === 'applied'
            ? result.awaiting
              ? 'awaiting'
              : 'sent'
            : result.status === 'conflict'
              ? 'conflict'
              : result.status === 'inProgress'
                ? store.unsentState(kinds.get(result.id)!)
                : 'error';
        await store.setOutboxState(key, result.id, state, result);
        if (state === 'sent' || state === 'awaiting') tally.sent++;
        if (state === 'conflict') tally.conflicts++;
        if (state === 'error') tally.refused++;
      }
    }
    // ---- the photos whose records now exist ----
    tally.uploaded = await uploadAttachments(key);
    // ---- pull until nothing more ----
    let checkpoint = meta.checkpoint ?? undefined;
    for (;;) {
      const page = await syncApi.pull({ deviceId: meta.deviceId, checkpoint, limit: SYNC_LIMITS.pullMax });
      const kept = page.changes.filter((c) => c.data).map((c) => ({ id: c.id, value: { ...(c.data as Person), initials: c.initials } satisfies FieldPerson }));
      const removed = page.changes.filter((c) => c.removed).map((c) => c.id);
      await store.putRecords(key, 'person', kept);
      if (page.day) await store.putRecords(key, 'day', [{ id: 'today', value: page.day }]);
      if (page.reference) await store.putRecords(key, 'reference', [{ id: 'lists', value: page.reference }]);
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
