import { newId as uuidv7 } from '../../db/ids.ts';
import { cursorRefused, decodeCursor as decodeKeyset, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../../contracts/roles.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { requirePermission, requireScope, type Actor, type RequestContext } from '../../http/actor.ts';
import { forbidden, invalidField } from '../../http/errors.ts';
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

/**
 * The area code of events tied to no area: failed logins of unknown usernames and logins refused
 * by address. They form the security log, which only province-wide admins read (listSecurityLog).
 */
export const SECURITY_AREA = '';

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
  const actor = requirePermission(ctx, 'audit.read');
  return auditPage(db, actor, q);
}

/**
 * The security log: events tied to no area (failed logins of unknown usernames, logins refused by
 * address), newest first. What a stranger typed as a username may be someone's password typed in
 * the wrong box, and it belongs to no area, so only admins of the widest scope an account can
 * have (a whole province) read it.
 */
export async function listSecurityLog(
  db: Db,
  ctx: RequestContext,
  q: Omit<AuditQuery, 'area'>,
): Promise<{ items: AuditEntry[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'audit.read');
  if (actor.scope.length > SECURITY_LOG_SCOPE_LENGTH) {
    throw forbidden('Only admins with a province-wide scope read the security log', { reason: 'scope', scope: actor.scope });
  }
  return auditPage(db, actor, { ...q, area: undefined }, SECURITY_AREA);
}

/** Province codes are two digits: the widest scope an account can be given. */
const SECURITY_LOG_SCOPE_LENGTH = 2;

async function auditPage(
  db: Db,
  actor: Actor,
  q: AuditQuery,
  exactArea?: string,
): Promise<{ items: AuditEntry[]; total: number; nextCursor: string | null }> {
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
    exactArea,
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

/** Whether an action wrote a record of one of the types (reads, reveals and exports are not writes). */
export function isWriteOf(action: string, records: readonly string[]): boolean {
  return records.some((r) => action.startsWith(`${r}.`)) && !action.includes('.read') && !action.includes('.reveal') && !action.includes('export');
}

/** At most this many ids of the records a read returned are kept in its audit entry; the count is always kept. */
export const READ_IDS_MAX = 100;

export interface ReadEvent {
  /** `<record>.read…`: the `.read` marks it a read, which work indicators do not count. */
  action: `${string}.read${string}`;
  areaCode: string;
  targetType: string;
  /** The records returned (a list's page, a household's members). */
  ids: readonly string[];
  /** The one record asked for by id, if the request named one. */
  targetId?: string;
  /** What was asked, with personal values already masked or hashed by the caller. */
  query?: Record<string, unknown>;
  /** How many records matched in all, when the answer is a page of them. */
  total?: number;
}

/**
 * Records a read of personal data: who (the actor), when, which records (ids, capped) or which
 * query. One entry per request, however many rows it returned.
 */
export async function recordRead(db: Db, ctx: RequestContext, event: ReadEvent): Promise<void> {
  const details: Record<string, unknown> = { count: event.ids.length, ids: event.ids.slice(0, READ_IDS_MAX) };
  if (event.ids.length > READ_IDS_MAX) details.idsTruncated = true;
  if (event.total !== undefined) details.total = event.total;
  if (event.query && Object.keys(event.query).length) details.query = event.query;
  await recordAudit(db, ctx, { action: event.action, areaCode: event.areaCode, targetType: event.targetType, targetId: event.targetId, details });
}

/**
 * The communities in which accounts of the roles wrote records of the types between two instants
 * (ISO 8601, `from` included, `to` excluded), as the audit log has them. No access check.
 */
export async function communitiesWithWrites(db: Db, from: string, to: string, roles: readonly Role[], records: readonly string[]): Promise<string[]> {
  return communitiesWritten(db, from, to, roles, records);
}
