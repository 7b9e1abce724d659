import { newId as uuidv7 } from '../../db/ids.ts';
import { cursorRefused, decodeCursor as decodeKeyset, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../../contracts/roles.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { requireRole, requireScope, type RequestContext } from '../../http/actor.ts';
import { invalidField } from '../../http/errors.ts';
import { communitiesWritten, insertAudit, listAudit } from './audit.repository.ts';
import { toAuditEntry, type AuditEntry } from './audit.schema.ts';

export interface AuditEvent {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  /** The area the event concerns; defaults to the actor's scope. */
  areaCode?: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** For events before a session exists (a failed login). */
  userId?: string | null;
  username?: string | null;
}

type RecordedListener = (event: AuditEvent, ctx: RequestContext) => void;
const recordedListeners: RecordedListener[] = [];

/** Tells a module of every event recorded (indicators count a community's recorded work). */
export function onAuditRecorded(listener: RecordedListener): void {
  recordedListeners.push(listener);
}

/** Records one event. Pass the transaction when the event belongs to a write. */
export async function recordAudit(db: Db, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await insertAudit(db, {
    area_code: event.areaCode ?? ctx.actor?.scope ?? '',
    id: uuidv7(),
    at: new Date().toISOString(),
    user_id: event.userId !== undefined ? event.userId : (ctx.actor?.userId ?? null),
    username: event.username !== undefined ? event.username : (ctx.actor?.username ?? null),
    action: event.action,
    outcome: event.outcome ?? 'ok',
    target_type: event.targetType ?? null,
    target_id: event.targetId ?? null,
    address: ctx.address,
    details: event.details ? JSON.stringify({ ...event.details, requestId: ctx.requestId }) : JSON.stringify({ requestId: ctx.requestId }),
  });
  for (const listener of recordedListeners) listener(event, ctx);
}

export interface AuditQuery {
  area?: string;
  userId?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A date-time as ISO-8601 with a four-digit year, or null. Both engines must compare it:
 * PostgreSQL refuses a timestamptz like "+275760-09-13T00:00:00.000Z" that Date accepts.
 */
function isoDateTime(text: string): string | null {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const iso = new Date(time).toISOString();
  return /^(?!0000)\d{4}-/.test(iso) ? iso : null;
}

function invalidFieldThrow(field: string, problem: string): never {
  throw invalidField(field, problem);
}

function decodeCursor(cursor: string): { at: string; id: string } {
  // Only what this API gives out: an entry's time and its uuid.
  const [at, id] = decodeKeyset(cursor, ['isoDateTime', 'uuid'])!;
  if (isoDateTime(at!) !== at) cursorRefused();
  return { at: at!, id: id! };
}

/** Admins read the audit log of their scope, newest first. */
export async function listAuditEntries(
  db: Db,
  ctx: RequestContext,
  q: AuditQuery,
): Promise<{ items: AuditEntry[]; total: number; nextCursor: string | null }> {
  const actor = requireRole(ctx, ['admin']);
  let area: string | undefined;
  if (q.area) {
    const code = normalizeAreaCode(q.area);
    if (!code) throw invalidField('area', 'is not a division code');
    requireScope(actor, code);
    area = code;
  }
  const range: { from?: string; to?: string } = {};
  for (const field of ['from', 'to'] as const) {
    if (!q[field]) continue;
    range[field] = isoDateTime(q[field]) ?? invalidFieldThrow(field, 'is not a date-time between the years 1 and 9999');
  }
  const limit = q.limit ?? 50;
  const { rows, total } = await listAudit(db, {
    scope: actor.scope,
    area,
    userId: q.userId,
    action: q.action,
    outcome: q.outcome,
    from: range.from,
    to: range.to,
    before: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit,
  });
  const last = rows.at(-1);
  return {
    items: rows.map(toAuditEntry),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}

/** Whether an action wrote a record of one of the types (reveals and exports are not writes). */
export function isWriteOf(action: string, records: readonly string[]): boolean {
  return records.some((r) => action.startsWith(`${r}.`)) && !action.includes('.reveal') && !action.includes('export');
}

/**
 * The communities in which accounts of the roles wrote records of the types between two instants
 * (ISO 8601, `from` included, `to` excluded), as the audit log has them. No access check.
 */
export async function communitiesWithWrites(db: Db, from: string, to: string, roles: readonly Role[], records: readonly string[]): Promise<string[]> {
  return communitiesWritten(db, from, to, roles, records);
}
