import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { NewUserRow, SessionRow, SessionsTable, UserRow, UserUpdate } from '../../db/schema.ts';

type UserWithScopeName = UserRow & { scope_name: string | null };

function usersWithScopeName(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('areas', 'areas.code', 'users.scope_code')
    .selectAll('users')
    .select('areas.name as scope_name');
}

/** Usernames are case-insensitive: `Demo-Admin` is `demo-admin` (a unique index on lower(username) keeps them apart). */
export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(username)])))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserWithScopeName | undefined> {
  return usersWithScopeName(db).where('users.id', '=', id).executeTakeFirst();
}

export interface UserFilter {
  scope: string;
  role?: string;
  q?: string;
  afterUsername?: string;
  limit: number;
}

export async function listUsers(db: Db, f: UserFilter): Promise<{ rows: UserWithScopeName[]; total: number }> {
  let query = db.selectFrom('users').where((eb) => withinArea(eb, 'users.scope_code', f.scope));
  if (f.role) query = query.where('users.role', '=', f.role);
  if (f.q) {
    // SQLite has no default LIKE escape character and ignores ASCII case, PostgreSQL the opposite:
    // name the escape and compare lower-cased, so both engines find the same users.
    const like = sql<string>`${`%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['users.username']), 'like', like), eb(eb.fn('lower', ['users.display_name']), 'like', like)]),
    );
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query
    .leftJoin('areas', 'areas.code', 'users.scope_code')
    .selectAll('users')
    .select('areas.name as scope_name');
  if (f.afterUsername) page = page.where('users.username', '>', f.afterUsername);
  const rows = await page.orderBy('users.username').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** The demo accounts that can still log in, for the login page of a demo installation. */
export async function listDemoUsers(db: Db): Promise<UserWithScopeName[]> {
  return usersWithScopeName(db).where('users.demo', '=', true).where('users.locked', '=', false).orderBy('users.created_at').execute();
}

/** Inserts the user; returns false when the username is taken (a concurrent create won the race). */
export async function insertUser(db: Db, row: NewUserRow): Promise<boolean> {
  try {
    await db.insertInto('users').values(row).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}


/** Updates when the version still matches; returns false when it was stale. */
export async function updateUser(db: Db, id: string, version: number, changes: UserUpdate): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setLoginState(
  db: Db,
  id: string,
  state: Pick<UserUpdate, 'failed_logins' | 'locked_until' | 'last_login_at'>,
): Promise<void> {
  await db.updateTable('users').set(state).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Db, tokenHash: string): Promise<(SessionRow & { user: UserRow }) | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.token_hash',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.address',
      'sessions.user_agent',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, user_id, csrf_token, session_created_at, expires_at, address, user_agent, ...user } = row;
  return {
    token_hash,
    user_id,
    csrf_token,
    created_at: session_created_at,
    expires_at,
    address,
    user_agent,
    user: user as UserRow,
  };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
