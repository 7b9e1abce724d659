import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId as uuidv7 } from '../../db/ids.ts';
import { cursorRefused, decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { isWithinScope, normalizeAreaCode } from '../../../contracts/area-code.ts';
import { isRole, type Role } from '../../../contracts/roles.ts';
import { requirePermission, requireScope, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, notFound, tooManyRequests, unauthorized } from '../../http/errors.ts';
import { recordAudit, SECURITY_AREA } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import * as repo from './accounts.repository.ts';
import { toUser, type User } from './accounts.schema.ts';
import { LoginLimiter } from './login-limiter.ts';
export { hashPassword } from './password.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { DEMO_PASSWORD } from './demo-password.ts';

export interface AccountsDeps {
  db: Db;
  config: Config;
  limiter: LoginLimiter;
}

export function createLoginLimiter(config: Config): LoginLimiter {
  return new LoginLimiter(config.loginAttemptsPerAddress, config.loginWindowMinutes * 60_000);
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
}

export interface LoginResult extends SessionInfo {
  token: string;
  user: User;
}

/**
 * One answer for every refused login: an unknown username, a wrong password, a locked account and
 * a demo account in production all answer alike, in about the time of one password check, so the
 * answer tells nobody which accounts exist or are locked. The audit log keeps the reason.
 */
const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Wrong username or password, or the account is locked; try again later or ask an administrator');

/** Checks the password, counts failures, locks after too many, and opens a session. */
export async function login(
  deps: AccountsDeps,
  ctx: RequestContext,
  input: { username: string; password: string; userAgent?: string },
): Promise<LoginResult> {
  const { db, config } = deps;
  const retry = deps.limiter.retryAfter(ctx.address);
  if (retry > 0) {
    await recordAudit(db, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      areaCode: SECURITY_AREA,
      username: input.username,
      userId: null,
      details: { reason: 'address_rate_limited' },
    });
    throw tooManyRequests('Too many login attempts from this address; wait and try again', retry);
  }
  const user = await repo.findUserByUsername(db, input.username);
  if (!user) {
    await verifyAgainstDummy(input.password);
    // Not tied to any area: the security log that admins of a whole province read.
    await recordAudit(db, ctx, {
      action: 'auth.login',
      outcome: 'failed',
      areaCode: SECURITY_AREA,
      username: input.username,
      userId: null,
      details: { reason: 'unknown_user' },
    });
    deps.limiter.recordFailure(ctx.address);
    throw invalidCredentials();
  }
  const audit = (outcome: 'ok' | 'failed' | 'denied', details: Record<string, unknown>, trx: Db = db) =>
    recordAudit(trx, ctx, { action: 'auth.login', outcome, areaCode: user.scope_code, userId: user.id, username: user.username, details });
  const now = new Date();
  const refusedReason = user.locked
    ? 'locked_by_admin'
    : user.locked_until && Date.parse(user.locked_until) > now.getTime()
      ? 'locked_after_failures'
      : user.demo && config.production
        ? 'demo_account_in_production'
        : null;
  if (refusedReason) {
    // The same work and the same answer as an unknown username: a locked account is not told apart.
    await verifyAgainstDummy(input.password);
    await audit('denied', { reason: refusedReason });
    deps.limiter.recordFailure(ctx.address);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.loginMaxFailures;
    // The count, the lock and their audit entry: one transaction.
    await db.transaction().execute(async (trx) => {
      await repo.setLoginState(trx, user.id, {
        failed_logins: lock ? 0 : failures,
        locked_until: lock ? new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString() : user.locked_until,
      });
      await audit('failed', { reason: 'wrong_password', failures, locked: lock }, trx);
    });
    deps.limiter.recordFailure(ctx.address);
    throw invalidCredentials();
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.sessionTtlMinutes * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.setLoginState(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: now.toISOString() });
    await repo.insertSession(trx, {
      token_hash: hashToken(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      address: ctx.address,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
    });
    await repo.deleteExpiredSessions(trx, now.toISOString());
    await audit('ok', {}, trx);
  });
  const actor: Actor = { userId: user.id, username: user.username, role: user.role as Role, scope: user.scope_code };
  const fresh = await repo.findUserById(db, user.id);
  return { token, csrfToken, expiresAt, actor, user: toUser(fresh!) };
}

/** The session a cookie token names, if it is still valid. */
export async function resolveSession(db: Db, token: string): Promise<SessionInfo | null> {
  if (!token || token.length > 100) return null;
  const session = await repo.findSession(db, hashToken(token));
  if (!session) return null;
  const now = Date.now();
  if (Date.parse(session.expires_at) <= now) {
    await repo.deleteSession(db, session.token_hash);
    return null;
  }
  const { user } = session;
  if (Boolean(user.locked) || !isRole(user.role)) return null;
  return {
    actor: { userId: user.id, username: user.username, role: user.role, scope: user.scope_code },
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
  };
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout(db: Db, ctx: RequestContext, token: string | undefined): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (token) await repo.deleteSession(trx, hashToken(token));
    if (ctx.actor) await recordAudit(trx, ctx, { action: 'auth.logout' });
  });
}

export async function me(db: Db, ctx: RequestContext): Promise<User> {
  if (!ctx.actor) throw unauthorized();
  const row = await repo.findUserById(db, ctx.actor.userId);
  if (!row) throw unauthorized();
  return toUser(row);
}

export interface DemoAccountInfo {
  username: string;
  displayName: string;
  role: User['role'];
  scope: string;
  scopeName: string | null;
}

/**
 * The demo accounts (users marked demo), for anyone: a demo installation advertises them anyway.
 * None in production, where they cannot log in.
 */
export async function listDemoAccounts(db: Db, production: boolean): Promise<DemoAccountInfo[]> {
  if (production) return [];
  const rows = await repo.listDemoUsers(db);
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({ username: r.username, displayName: r.display_name, role: r.role as User['role'], scope: r.scope_code, scopeName: r.scope_name }));
}

// ---- user administration (admins, within their scope) ----

/** The password policy (password-policy.ts): a 400 naming the field `password`. */
function checkPassword(password: string, username: string): void {
  checkPasswordPolicy(password, username, DEMO_PASSWORD);
}

function invalidFieldThrow(field: string, problem: string): never {
  throw invalidField(field, problem);
}

/** A scope must be an existing area inside the admin's own scope. */
async function checkScope(db: Db, actor: Actor, raw: string): Promise<string> {
  const code = normalizeAreaCode(raw);
  if (!code) invalidFieldThrow('scope', 'is not a division code (2, 4, 6, 9 or 12 digits)');
  if (!isWithinScope(code, actor.scope)) {
    throw forbidden(`You cannot grant scope ${code}: it is wider than or outside your own scope ${actor.scope}`, {
      areaCode: code,
      scope: actor.scope,
      reason: 'scope',
    });
  }
  if (!(await findArea(db, code))) invalidFieldThrow('scope', `area ${code} does not exist`);
  return code;
}

async function loadManagedUser(db: Db, actor: Actor, id: string) {
  const row = await repo.findUserById(db, id);
  if (!row) throw notFound('User', id);
  requireScope(actor, row.scope_code);
  return row;
}

export async function listUsers(
  db: Db,
  ctx: RequestContext,
  q: { q?: string; role?: string; area?: string; limit?: number; cursor?: string },
): Promise<{ items: User[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'users.manage');
  let scope = actor.scope;
  if (q.area) {
    const code = normalizeAreaCode(q.area);
    if (!code) invalidFieldThrow('area', 'is not a division code');
    requireScope(actor, code);
    scope = code;
  }
  const limit = q.limit ?? 50;
  const afterUsername = q.cursor ? decodeUserCursor(q.cursor) : undefined;
  const { rows, total } = await repo.listUsers(db, { scope, role: q.role, q: q.q, afterUsername, limit });
  const last = rows.at(-1);
  return {
    items: rows.map(toUser),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([last.username]) : null,
  };
}

/** The username a cursor names; text the database cannot compare (NUL, overlong) is no cursor of ours. */
function decodeUserCursor(cursor: string): string {
  const [username] = decodeCursor(cursor, ['text'])!;
  if (username.length > 64) cursorRefused();
  return username;
}

export async function getUser(db: Db, ctx: RequestContext, id: string): Promise<User> {
  const actor = requirePermission(ctx, 'users.manage');
  return toUser(await loadManagedUser(db, actor, id));
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  scope: string;
}

export async function createUser(db: Db, ctx: RequestContext, input: NewUserInput): Promise<User> {
  const actor = requirePermission(ctx, 'users.manage');
  const scope = await checkScope(db, actor, input.scope);
  return insertNewUser(db, ctx, { ...input, scope }, false);
}

/** For the command line and the demo seed, which act as the system, not as a user. */
export async function createUserAsSystem(
  db: Db,
  input: NewUserInput,
  options: { demo?: boolean; passwordHash?: string } = {},
): Promise<User> {
  const scope = normalizeAreaCode(input.scope);
  if (!scope || !(await findArea(db, scope))) invalidFieldThrow('scope', `area ${input.scope} does not exist`);
  const ctx: RequestContext = { actor: null, address: 'local', requestId: 'system' };
  return insertNewUser(db, ctx, { ...input, scope }, options.demo ?? false, options.passwordHash);
}

async function insertNewUser(db: Db, ctx: RequestContext, input: NewUserInput, demo: boolean, knownHash?: string): Promise<User> {
  const scope = input.scope;
  // Demo accounts come from the seed with the published password, never through the policy.
  if (!demo) checkPassword(input.password, input.username);
  const taken = () => conflict(`Username ${input.username} is taken`, { field: 'username' });
  if (await repo.findUserByUsername(db, input.username)) throw taken();
  const id = uuidv7();
  const now = new Date().toISOString();
  const passwordHash = knownHash ?? (await hashPassword(input.password));
  await db.transaction().execute(async (trx) => {
    const inserted = await repo.insertUser(trx, {
      id,
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      role: input.role,
      scope_code: scope,
      locked: false,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      demo,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) throw taken();
    await recordAudit(trx, ctx, {
      action: 'user.create',
      areaCode: scope,
      targetType: 'user',
      targetId: id,
      details: { username: input.username, role: input.role, scope },
    });
  });
  return toUser((await repo.findUserById(db, id))!);
}

export interface UserChanges {
  version: number;
  displayName?: string;
  role?: Role;
  scope?: string;
  password?: string;
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, input: UserChanges): Promise<User> {
  const actor = requirePermission(ctx, 'users.manage');
  const row = await loadManagedUser(db, actor, id);
  const scope = input.scope !== undefined ? await checkScope(db, actor, input.scope) : undefined;
  if (input.password !== undefined) checkPassword(input.password, row.username);
  if (id === actor.userId && ((input.role && input.role !== 'admin') || (scope && scope !== row.scope_code))) {
    throw conflict('You cannot change your own role or scope; ask another administrator');
  }
  const changes = {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(scope !== undefined ? { scope_code: scope } : {}),
    ...(input.password !== undefined ? { password_hash: await hashPassword(input.password) } : {}),
    updated_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateUser(trx, id, input.version, changes))) {
      throw conflict(`User ${id} was changed by someone else (version ${row.version}, you sent ${input.version}); reload and try again`, {
        currentVersion: row.version,
      });
    }
    // A new role, scope or password ends the user's sessions: what they may see has changed.
    if (input.role !== undefined || scope !== undefined || input.password !== undefined) await repo.deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, {
      action: 'user.update',
      areaCode: row.scope_code,
      targetType: 'user',
      targetId: id,
      details: {
        from: { role: row.role, scope: row.scope_code, displayName: row.display_name },
        to: { role: input.role, scope, displayName: input.displayName },
        passwordChanged: input.password !== undefined,
      },
    });
  });
  return toUser((await repo.findUserById(db, id))!);
}

export async function setUserLocked(db: Db, ctx: RequestContext, id: string, locked: boolean): Promise<User> {
  const actor = requirePermission(ctx, 'users.manage');
  const row = await loadManagedUser(db, actor, id);
  if (id === actor.userId && locked) throw conflict('You cannot lock your own account');
  await db.transaction().execute(async (trx) => {
    const changes = { locked, ...(locked ? {} : { failed_logins: 0, locked_until: null }), updated_at: new Date().toISOString() };
    if (!(await repo.updateUser(trx, id, row.version, changes))) {
      throw conflict(`User ${id} was changed at the same moment; try again`, { currentVersion: row.version + 1 });
    }
    if (locked) await repo.deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, { action: locked ? 'user.lock' : 'user.unlock', areaCode: row.scope_code, targetType: 'user', targetId: id });
  });
  return toUser((await repo.findUserById(db, id))!);
}
