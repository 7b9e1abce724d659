import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { AuditLogTable, AuditRow } from '../../db/schema.ts';

export async function insertAudit(db: Db, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  scope: string;
  area?: string;
  /** Only entries of exactly this area code ('' for the security log); overrides scope and area. */
  exactArea?: string;
  userId?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  /** Keyset: entries strictly older than this (at, id). */
  before?: { at: string; id: string };
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  let query =
    f.exactArea !== undefined
      ? db.selectFrom('audit_log').where('area_code', '=', f.exactArea)
      : db.selectFrom('audit_log').where((eb) => withinArea(eb, 'area_code', f.area ?? f.scope));
  if (f.userId) query = query.where('user_id', '=', f.userId);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.outcome) query = query.where('outcome', '=', f.outcome);
  if (f.from) query = query.where('at', '>=', f.from);
  if (f.to) query = query.where('at', '<', f.to);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll();
  if (f.before) {
    const { at, id } = f.before;
    page = page.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await page.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/**
 * Communities (12-digit area codes) where accounts of the roles wrote records of the types
 * between two instants (`from` included, `to` excluded); reads, reveals and exports do not count.
 */
export async function communitiesWritten(db: Db, from: string, to: string, roles: readonly string[], records: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('a.area_code')
    .distinct()
    .where('a.outcome', '=', 'ok')
    .where('a.at', '>=', from)
    .where('a.at', '<', to)
    .where('u.role', 'in', [...roles])
    .where((eb) => eb.or(records.map((r) => eb('a.action', 'like', `${r}.%`))))
    .where('a.action', 'not like', '%.read%')
    .where('a.action', 'not like', '%.reveal%')
    .where('a.action', 'not like', '%export%')
    .where(sql<boolean>`length(a.area_code) = 12`)
    .execute();
  return rows.map((r) => r.area_code);
}
