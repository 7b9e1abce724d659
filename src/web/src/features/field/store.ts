/**
 * The device's local store (IndexedDB through Dexie, docs/sync.md): only what the user may see,
 * every record sealed with the PIN's key (crypto.ts). One database per device:
 * - `meta`: the user and device it belongs to, the salt, the PIN verifier, the pull checkpoint;
 * - `records`: what pulls brought (persons, masked as online), sealed;
 * - `outbox`: the commands recorded offline, each with its state, sealed;
 * - `attachments`: photos waiting to go with a command (a request filed offline), sealed, each
 *   with its own state, uploaded once the command's record exists on the server.
 * Wiping drops the whole database (a revoked device, a locked account, too many wrong PINs).
 */
import Dexie, { type Table } from 'dexie';
import { COMMAND_AWAITS, type SyncCommand, type CommandResult } from '../../../../contracts/sync.ts';
import { open, seal, type Sealed } from './crypto.ts';

export const DB_NAME = 'linli-field';
/** Wrong PINs in a row before the store wipes itself. */
export const PIN_ATTEMPTS_MAX = 10;

export interface MetaRow {
  key: 'device';
  userId: string;
  username: string;
  displayName: string;
  role: string;
  scope: string;
  deviceId: string;
  salt: Uint8Array;
  verifier: Sealed;
  checkpoint: string | null;
  lastPullAt: string | null;
  failedUnlocks: number;
}

export interface RecordRow {
  /** `${kind}:${id}` */
  key: string;
  kind: string;
  sealed: Sealed;
}

/**
 * not yet sent → sending → sent, or error / conflict (the server's answer says why). A command
 * that asks for the server's decision (a request, hours to verify, a need to answer) waits as
 * `asked` instead of `pending`, and once delivered as `awaiting` (the decision is the server's).
 */
export type OutboxState = 'pending' | 'asked' | 'sending' | 'sent' | 'awaiting' | 'error' | 'conflict';
/** States still to be sent. */
export const UNSENT: readonly OutboxState[] = ['pending', 'asked', 'sending', 'error'];

export interface OutboxRow {
  id: string;
  /** The record the command is about (`person:<id>`), for the state shown on it. */
  recordKey: string;
  state: OutboxState;
  createdAt: string;
  sealed: Sealed;
}

/** What an outbox row holds once opened. */
export interface OutboxEntry {
  command: SyncCommand;
  /** A line the worker recognises ("外出地：杭州"). */
  summary: string;
  result: CommandResult | null;
}

/** A photo's upload: waiting for its command's record, then sent once (by its SHA-256). */
export type AttachmentState = 'pending' | 'sent' | 'error';

export interface AttachmentRow {
  id: string;
  /** The command whose record the file goes with (a request filed offline). */
  commandId: string;
  state: AttachmentState;
  createdAt: string;
  sealed: Sealed;
}

/** What an attachment row holds once opened. */
export interface AttachmentEntry {
  fileName: string;
  mediaType: string;
  /** The material of the item's checklist the file shows, if any. */
  material: string | null;
  sha256: string;
  /** The bytes, base64. */
  data: string;
  error: string | null;
}

class FieldDatabase extends Dexie {
  meta!: Table<MetaRow, string>;
  records!: Table<RecordRow, string>;
  outbox!: Table<OutboxRow, string>;
  attachments!: Table<AttachmentRow, string>;
  constructor() {
    super(DB_NAME);
    this.version(1).stores({ meta: 'key', records: 'key, kind', outbox: 'id, state, recordKey, createdAt' });
    this.version(2).stores({ attachments: 'id, commandId, state, createdAt' });
  }
}

let database: FieldDatabase | null = null;
function db(): FieldDatabase {
  database ??= new FieldDatabase();
  return database;
}

export async function readMeta(): Promise<MetaRow | undefined> {
  return db().meta.get('device');
}

export async function writeMeta(meta: MetaRow): Promise<void> {
  await db().meta.put(meta);
}

export async function updateMeta(change: Partial<MetaRow>): Promise<void> {
  await db().meta.update('device', change);
}

/** Drops everything this device holds. */
export async function wipe(): Promise<void> {
  if (database) database.close();
  database = null;
  await Dexie.delete(DB_NAME);
}

export async function putRecords(key: CryptoKey, kind: string, items: { id: string; value: unknown }[]): Promise<void> {
  const rows: RecordRow[] = [];
  for (const item of items) rows.push({ key: `${kind}:${item.id}`, kind, sealed: await seal(key, item.value) });
  await db().records.bulkPut(rows);
}

export async function deleteRecords(kind: string, ids: string[]): Promise<void> {
  await db().records.bulkDelete(ids.map((id) => `${kind}:${id}`));
}

export async function readRecords<T>(key: CryptoKey, kind: string): Promise<T[]> {
  const rows = await db().records.where('kind').equals(kind).toArray();
  return Promise.all(rows.map((r) => open<T>(key, r.sealed)));
}

export async function addToOutbox(key: CryptoKey, entry: OutboxEntry, recordKey: string): Promise<void> {
  const state: OutboxState = COMMAND_AWAITS[entry.command.kind] ? 'asked' : 'pending';
  await db().outbox.put({ id: entry.command.id, recordKey, state, createdAt: entry.command.createdAt, sealed: await seal(key, entry) });
}

/** The state a command waits in before it is sent: asked (the server decides) or pending. */
export function unsentState(kind: SyncCommand['kind']): OutboxState {
  return COMMAND_AWAITS[kind] ? 'asked' : 'pending';
}

export async function addAttachment(key: CryptoKey, commandId: string, entry: AttachmentEntry): Promise<void> {
  const id = `${commandId}:${entry.sha256}`;
  await db().attachments.put({ id, commandId, state: 'pending', createdAt: new Date().toISOString(), sealed: await seal(key, entry) });
}

export async function attachmentRows(): Promise<AttachmentRow[]> {
  return db().attachments.orderBy('createdAt').toArray();
}

export async function openAttachment(key: CryptoKey, row: AttachmentRow): Promise<AttachmentEntry> {
  return open<AttachmentEntry>(key, row.sealed);
}

export async function setAttachmentState(key: CryptoKey, id: string, state: AttachmentState, error: string | null = null): Promise<void> {
  const row = await db().attachments.get(id);
  if (!row) return;
  const sealed = error !== null ? await seal(key, { ...(await open<AttachmentEntry>(key, row.sealed)), error }) : row.sealed;
  await db().attachments.put({ ...row, state, sealed });
}

export async function findOutboxRow(id: string): Promise<OutboxRow | undefined> {
  return db().outbox.get(id);
}

export async function outboxRows(): Promise<OutboxRow[]> {
  return db().outbox.orderBy('createdAt').toArray();
}

export async function openEntry(key: CryptoKey, row: OutboxRow): Promise<OutboxEntry> {
  return open<OutboxEntry>(key, row.sealed);
}

export async function setOutboxState(key: CryptoKey, id: string, state: OutboxState, result?: CommandResult): Promise<void> {
  const row = await db().outbox.get(id);
  if (!row) return;
  const sealed = result ? await seal(key, { ...(await open<OutboxEntry>(key, row.sealed)), result }) : row.sealed;
  await db().outbox.put({ ...row, state, sealed });
}

export async function waitingCount(): Promise<number> {
  return (await db().outbox.where('state').anyOf([...UNSENT]).count()) + (await db().attachments.where('state').equals('pending').count());
}
