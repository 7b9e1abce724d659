import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { MandatesTable } from '../../db/tables/agency.ts';

export type MandateRow = Selectable<MandatesTable>;
export type MandateRowWithAgent = MandateRow & { agent_username: string | null; agent_display_name: string | null };

/**
 * The only SQL of mandates. It also reads two reference facts that belong to other modules —
 * a registry person's name and community, an agent user's role and scope — by key, read-only,
 * because the principal's registry record is outside what an agent may read through the
 * residents service (agents hold no registry permission) and a mandate must still name it.
 */
function mandatesWithAgent(db: Db) {
  return db
    .selectFrom('mandates')
    .leftJoin('users', 'users.id', 'mandates.agent_user_id')
    .selectAll('mandates')
    .select(['users.username as agent_username', 'users.display_name as agent_display_name']);
}

export async function findMandate(db: Db, id: string): Promise<MandateRowWithAgent | undefined> {
  return mandatesWithAgent(db).where('mandates.id', '=', id).executeTakeFirst();
}

export async function insertMandate(db: Db, row: Insertable<MandatesTable>): Promise<void> {
  await db.insertInto('mandates').values(row).execute();
}

/** Updates when the version still matches; returns false when it was stale. */
export async function updateMandate(db: Db, areaCode: string, id: string, version: number, changes: Updateable<MandatesTable>): Promise<boolean> {
  const result = await db
    .updateTable('mandates')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every mandate between an agent and a principal, newest first (a handful at most). */
export async function mandatesBetween(db: Db, agentUserId: string, principalPersonId: string): Promise<MandateRow[]> {
  return db
    .selectFrom('mandates')
    .selectAll()
    .where('agent_user_id', '=', agentUserId)
    .where('principal_person_id', '=', principalPersonId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface MandateFilter {
  scope: string;
  principalPersonId?: string;
  agentUserId?: string;
  /** With `on`: active / notYetValid / expired / revoked on that day. */
  status?: 'active' | 'notYetValid' | 'expired' | 'revoked';
  on: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

function filtered(db: Db, f: Omit<MandateFilter, 'after' | 'limit'>) {
  let q = mandatesWithAgent(db).where((eb) => withinArea(eb, 'mandates.area_code', f.scope));
  if (f.principalPersonId) q = q.where('mandates.principal_person_id', '=', f.principalPersonId);
  if (f.agentUserId) q = q.where('mandates.agent_user_id', '=', f.agentUserId);
  switch (f.status) {
    case 'revoked':
      q = q.where('mandates.revoked_at', 'is not', null);
      break;
    case 'expired':
      q = q.where('mandates.revoked_at', 'is', null).where('mandates.valid_until', '<', f.on);
      break;
    case 'notYetValid':
      q = q.where('mandates.revoked_at', 'is', null).where('mandates.valid_from', '>', f.on);
      break;
    case 'active':
      q = q.where('mandates.revoked_at', 'is', null).where('mandates.valid_from', '<=', f.on).where('mandates.valid_until', '>=', f.on);
      break;
  }
  return q;
}

/** A page of mandates, newest first. */
export async function listMandates(db: Db, f: MandateFilter): Promise<{ rows: MandateRowWithAgent[]; total: number }> {
  let q = filtered(db, f);
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) => eb.or([eb('mandates.created_at', '<', createdAt), eb.and([eb('mandates.created_at', '=', createdAt), eb('mandates.id', '<', id)])]));
  }
  const [rows, count] = await Promise.all([
    q.orderBy('mandates.created_at', 'desc').orderBy('mandates.id', 'desc').limit(f.limit).execute(),
    filtered(db, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ---- reference facts of other modules, read by key ----

export async function findPrincipal(db: Db, personId: string): Promise<{ id: string; name: string; area_code: string; user_id: string | null } | undefined> {
  return db.selectFrom('persons').select(['id', 'name', 'area_code', 'user_id']).where('id', '=', personId).executeTakeFirst();
}

export async function findUser(db: Db, userId: string): Promise<{ id: string; username: string; display_name: string; role: string; scope_code: string; locked: boolean | number } | undefined> {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'scope_code', 'locked']).where('id', '=', userId).executeTakeFirst();
}

/** The registry person linked to a user account (a resident's own record). */
export async function personOfUser(db: Db, userId: string): Promise<{ id: string; area_code: string } | undefined> {
  return db.selectFrom('persons').select(['id', 'area_code']).where('user_id', '=', userId).executeTakeFirst();
}

function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix + '\uffff'];
}

/** Registry persons in an area whose name or pinyin initials begin so (at most `limit`), by name. */
export async function searchPersons(db: Db, scope: string, q: { namePrefix?: string; initialsPrefix?: string }, limit: number) {
  let query = db
    .selectFrom('persons')
    .leftJoin('areas', 'areas.code', 'persons.area_code')
    .select(['persons.id', 'persons.name', 'persons.sex', 'persons.birth_date', 'persons.area_code', 'areas.name as area_name'])
    .where((eb) => withinArea(eb, 'persons.area_code', scope));
  if (q.namePrefix) {
    const [low, high] = prefixRange(q.namePrefix);
    query = query.where('persons.name', '>=', low).where('persons.name', '<', high);
  }
  if (q.initialsPrefix) {
    const [low, high] = prefixRange(q.initialsPrefix);
    query = query.where('persons.name_initials', '>=', low).where('persons.name_initials', '<', high);
  }
  return query.orderBy('persons.name').orderBy('persons.id').limit(limit).execute();
}
