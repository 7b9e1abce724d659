/**
 * The community time bank (互助时间银行): one per community that runs one, an account per person,
 * immutable transfers whose movements sum to zero (src/engine/people/ledger.ts), balances derived
 * from the movements, limits enforced under concurrency (docs/people.md explains how on each
 * engine), offers and requests.
 */
import { newId } from '../../db/ids.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { isRetryableConflict } from '../../db/row-locks.ts';
import type { TimeBankAccountRow, TimeBankRow } from '../../db/tables/volunteers.ts';
import { applyTransfer, payment, transferProblem, type BalanceLimits, type LimitBreach, type Movement, type TransferProblem } from '../../../engine/people/ledger.ts';
import { mayDo, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommunity } from '../areas/areas.service.ts';
import * as repo from './time-bank.repository.ts';
import * as volunteersRepo from './volunteers.repository.ts';
import {
  toAccount,
  toPost,
  toTimeBank,
  type Account,
  type HistoryEntry,
  type HistoryPage,
  type Member,
  type MyTimeBank,
  type NewPayment,
  type NewPost,
  type NewTransfer,
  type Post,
  type TimeBank,
  type TimeBankSettings,
  type Transfer,
} from './time-bank.schema.ts';

/** The bank's own account issues the hours it credits: it may go as low as it must, and has no ceiling. */
const BANK_ACCOUNT_LIMITS: BalanceLimits = { min: Number.MIN_SAFE_INTEGER, max: null };
const ATTEMPTS = 5;

export interface Holder {
  /** `user:<id>` for a person with an account, `volunteer:<id>` for a volunteer without one. */
  key: string;
  name: string;
  userId: string | null;
  volunteerId: string | null;
}

export const holderOfUser = (userId: string, name: string, volunteerId: string | null = null): Holder => ({ key: `user:${userId}`, name, userId, volunteerId });
export const holderOfVolunteer = (v: { id: string; name: string; user_id: string | null }): Holder =>
  v.user_id ? holderOfUser(v.user_id, v.name, v.id) : { key: `volunteer:${v.id}`, name: v.name, userId: null, volunteerId: v.id };

/**
 * Runs a write again when a concurrent writer won the race: on PostgreSQL a serialization
 * failure or deadlock; on either engine a unique index refusing the same (account, sequence) or
 * holder twice. The locks make these rare; the retry makes them harmless.
 */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isRetryableConflict(error) || isUniqueViolation(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

async function community(db: Db, code: string, field: string): Promise<{ code: string; name: string }> {
  const found = await findCommunity(db, code);
  if (!found.area) throw invalidField(field, found.problem ?? 'is not a community', found.problem?.includes('does not exist') ? 'unknown_reference' : 'invalid_format');
  return { code: found.area.code, name: found.area.name };
}

async function bankView(db: Db, code: string, name: string | null, row?: TimeBankRow): Promise<TimeBank> {
  const bank = row ?? (await repo.findBank(db, code));
  return toTimeBank(code, name, bank, bank ? await repo.countMembers(db, code) : 0);
}

function limitsOf(bank: TimeBankRow | undefined) {
  return (account: TimeBankAccountRow): BalanceLimits =>
    account.kind === 'bank' ? BANK_ACCOUNT_LIMITS : { min: bank?.min_balance ?? 0, max: bank?.max_balance ?? null };
}

async function activeBank(db: Db, areaCode: string): Promise<TimeBankRow> {
  const bank = await repo.findBank(db, areaCode);
  if (!bank || !bank.active) throw conflict(`Community ${areaCode} does not run a time bank`, { areaCode, reason: 'noTimeBank' });
  return bank;
}

async function balanceOf(db: Db, account: TimeBankAccountRow): Promise<number> {
  return (await repo.lastMovements(db, account.area_code, [account.id])).get(account.id)?.balance ?? 0;
}

async function accountView(db: Db, account: TimeBankAccountRow, bank?: TimeBankRow): Promise<Account> {
  return toAccount(account, await balanceOf(db, account), bank ?? (await repo.findBank(db, account.area_code)));
}

export { withRetry as retryOnConflict };

// ---- accounts ----

/** The holder's account in the community, opened if there is none (safe when two open it at once). */
export async function ensureAccount(db: Db, areaCode: string, holder: Holder, options: { generated?: boolean; now?: string } = {}): Promise<TimeBankAccountRow> {
  const existing = await repo.findAccountByHolder(db, areaCode, holder.key);
  if (existing) return existing;
  await repo.insertAccountIfAbsent(db, {
    area_code: areaCode,
    id: newId(),
    kind: holder.key === 'bank' ? 'bank' : 'member',
    holder_key: holder.key,
    holder_name: holder.name,
    user_id: holder.userId,
    volunteer_id: holder.volunteerId,
    opened_at: options.now ?? new Date().toISOString(),
    generated: options.generated ?? false,
  });
  return (await repo.findAccountByHolder(db, areaCode, holder.key))!;
}

export const BANK_HOLDER: Holder = { key: 'bank', name: '时间银行', userId: null, volunteerId: null };

// ---- transfers ----

function transferProblemText(p: TransferProblem): string {
  switch (p.kind) {
    case 'tooFew':
      return 'name at least one payee';
    case 'tooMany':
      return `one transfer touches at most ${p.max} accounts`;
    case 'notWholeMinutes':
      return 'amounts are whole minutes';
    case 'zero':
      return 'an amount must not be 0';
    case 'tooLarge':
      return `an amount is at most ${p.max} minutes`;
    case 'accountTwice':
      return `account ${p.account} is both payer and payee`;
    case 'unbalanced':
      return `movements sum to ${p.sum}, not 0`;
  }
}

export interface TransferInput {
  areaCode: string;
  kind: 'payment' | 'volunteerHours';
  movements: Movement[];
  memo: string | null;
  sourceKey?: string | null;
  postId?: string | null;
  createdBy: string | null;
  generated?: boolean;
  now?: string;
}

export type PostedTransfer = { ok: true; id: string } | { ok: false; breaches: LimitBreach[] };

/**
 * Writes one transfer inside the caller's transaction: locks the touched accounts (in id order),
 * reads their balances, checks every limit, then appends one movement per account with the next
 * sequence number and the running balance. Nothing is written when a limit would break.
 */
export async function postTransfer(trx: Db, input: TransferInput): Promise<PostedTransfer> {
  const problem = transferProblem(input.movements);
  if (problem) throw invalidField('payees', transferProblemText(problem), problem.kind === 'accountTwice' ? 'inconsistent' : 'invalid');
  const ids = input.movements.map((m) => m.account);
  const accounts = await repo.lockAccounts(trx, input.areaCode, ids);
  if (accounts.length !== new Set(ids).size) {
    const missing = ids.find((id) => !accounts.some((a) => a.id === id))!;
    throw invalidField('payees', `account ${missing} is not an account of the time bank of ${input.areaCode}`, 'unknown_reference');
  }
  const bank = await repo.findBank(trx, input.areaCode);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const last = await repo.lastMovements(trx, input.areaCode, ids);
  const limits = limitsOf(bank);
  const outcome = applyTransfer(input.movements, (id) => last.get(id)?.balance ?? 0, (id) => limits(byId.get(id)!));
  if (!outcome.ok) return outcome;
  const id = newId();
  const at = input.now ?? new Date().toISOString();
  await repo.insertTransfer(
    trx,
    { area_code: input.areaCode, id, kind: input.kind, memo: input.memo, source_key: input.sourceKey ?? null, post_id: input.postId ?? null, created_at: at, created_by: input.createdBy, generated: input.generated ?? false },
    outcome.postings.map((p) => ({
      area_code: input.areaCode,
      account_id: p.account,
      sequence: (last.get(p.account)?.sequence ?? 0) + 1,
      transfer_id: id,
      minutes: p.minutes,
      balance_after: p.balanceAfter,
      at,
    })),
  );
  // A member's balance fell: verified hours held back by the ceiling are credited now, in this transaction, as far as they fit.
  if (bank?.active && bank.credit_volunteer_hours && bank.max_balance !== null && input.kind === 'payment') {
    for (const p of outcome.postings) {
      const account = byId.get(p.account)!;
      if (p.minutes < 0 && account.kind === 'member') await creditHeldHours(trx, account, input.createdBy, input.now);
    }
  }
  return { ok: true, id };
}

/**
 * Credits a member's verified hours that a ceiling held back, oldest first, each whole record that
 * now fits (one that does not keeps waiting for the next movement that makes room). Runs inside
 * the transaction of the movement that lowered the balance, under its lock. Returns how many.
 */
async function creditHeldHours(trx: Db, account: TimeBankAccountRow, createdBy: string | null, now?: string): Promise<number> {
  let credited = 0;
  for (const h of await volunteersRepo.uncreditedVerifiedHoursOf(trx, account.area_code, { userId: account.user_id, volunteerId: account.volunteer_id })) {
    const transferId = await creditVolunteerHours(trx, h, { id: h.volunteer_id, name: h.name, user_id: h.user_id }, createdBy, now ? { now } : {});
    if (!transferId) continue;
    await volunteersRepo.setHoursTransfer(trx, account.area_code, h.id, transferId);
    credited++;
  }
  return credited;
}

function breachConflict(breaches: LimitBreach[], names: Map<string, string>) {
  const first = breaches[0]!;
  const who = names.get(first.account) ?? first.account;
  const sentence =
    first.limit === 'min'
      ? `The payment would leave ${who} at ${first.after} minutes, below the limit of ${first.bound}`
      : `The payment would leave ${who} at ${first.after} minutes, above the ceiling of ${first.bound}`;
  return conflict(sentence, { reason: 'balanceLimit', breaches });
}

/** `maskExcept`: the payer's account when a resident paid: the other parties' names are masked. */
async function transferView(db: Db, areaCode: string, id: string, maskExcept?: string): Promise<Transfer> {
  const [transfer, movements] = await Promise.all([repo.findTransfer(db, areaCode, id), repo.movementsOf(db, areaCode, [id])]);
  return {
    id,
    areaCode,
    kind: transfer!.kind as Transfer['kind'],
    memo: transfer!.memo,
    createdAt: transfer!.created_at,
    movements: movements
      .sort((a, b) => a.minutes - b.minutes)
      .map((m) => ({ accountId: m.account_id, holderName: maskExcept && m.account_id !== maskExcept ? maskName(m.holder_name) : m.holder_name, minutes: m.minutes, balanceAfter: Number(m.balance_after) })),
  };
}

/** A payment from `from` to its payees, with its audit entry, in one transaction; 409 and nothing written past a limit. */
async function pay(db: Db, ctx: RequestContext, from: TimeBankAccountRow, input: NewPayment, onBehalf: boolean): Promise<Transfer> {
  await activeBank(db, from.area_code);
  const postId = input.postId ?? null;
  if (postId) {
    const post = await repo.findPost(db, postId);
    if (!post || post.area_code !== from.area_code) throw invalidField('postId', `post ${postId} does not exist in this time bank`, 'unknown_reference');
  }
  const movements = payment(from.id, input.payees);
  const payees = await repo.accountsIn(db, from.area_code, input.payees.map((p) => p.account));
  if (payees.some((p) => p.kind !== 'member')) throw invalidField('payees', 'only members are paid; the bank’s own account is not', 'not_allowed');
  const names = new Map([[from.id, from.holder_name], ...payees.map((p) => [p.id, p.holder_name] as const)]);
  const id = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const posted = await postTransfer(trx, { areaCode: from.area_code, kind: 'payment', movements, memo: input.memo?.trim() || null, postId, createdBy: ctx.actor?.userId ?? null });
      if (!posted.ok) throw breachConflict(posted.breaches, names);
      await recordAudit(trx, ctx, {
        action: 'timeBank.payment',
        areaCode: from.area_code,
        targetType: 'timeBankTransfer',
        targetId: posted.id,
        details: { from: from.id, payees: input.payees, onBehalf },
      });
      return posted.id;
    }),
  );
  return transferView(db, from.area_code, id, ctx.actor?.role === 'resident' ? from.id : undefined);
}

// ---- the bank of a community ----

export async function getBank(db: Db, ctx: RequestContext, code: string): Promise<TimeBank> {
  const actor = requirePermission(ctx, 'timeBank.read');
  const area = scopedArea(actor, code, 'code');
  const c = await community(db, area, 'code');
  return bankView(db, c.code, c.name);
}

export async function setBank(db: Db, ctx: RequestContext, code: string, input: TimeBankSettings): Promise<TimeBank> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  const area = scopedArea(actor, code, 'code');
  const c = await community(db, area, 'code');
  const now = new Date().toISOString();
  const fields = {
    active: input.active,
    min_balance: input.minBalance,
    max_balance: input.maxBalance,
    credit_volunteer_hours: input.creditVolunteerHours,
    updated_at: now,
    updated_by: actor.userId,
  };
  try {
    await db.transaction().execute(async (trx) => {
      if (input.version === 0) await repo.insertBank(trx, { area_code: c.code, version: 1, ...fields });
      else if (!(await repo.updateBank(trx, c.code, input.version, fields))) {
        throw conflict(`The time bank of ${c.code} has changed since you read it (version ${input.version}); reload and try again`);
      }
      const credited = input.active && input.creditVolunteerHours ? await creditBacklog(trx, c.code, actor.userId) : 0;
      await recordAudit(trx, ctx, { action: 'timeBank.settings', areaCode: c.code, targetType: 'timeBank', targetId: c.code, details: { ...input, credited } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The time bank of ${c.code} was set meanwhile; reload and try again`);
    throw error;
  }
  return bankView(db, c.code, c.name);
}

export async function listMembers(db: Db, ctx: RequestContext, q: { area?: string; limit?: number; cursor?: string }): Promise<{ items: Member[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'timeBank.read');
  const c = await community(db, scopedArea(actor, q.area), 'area');
  const limit = q.limit ?? 200;
  const after = decodeCursor(q.cursor, ['uuid'])?.[0];
  const { rows, total } = await repo.listMembers(db, c.code, after, limit);
  // Members pick whom to pay by name; a resident sees the others' names masked (张*), staff in full.
  const masked = actor.role === 'resident';
  const own = masked ? new Set((await repo.accountsOfUser(db, actor.userId)).map((a) => a.id)) : new Set<string>();
  return { items: rows.map((r) => ({ id: r.id, holderName: masked && !own.has(r.id) ? maskName(r.holder_name) : r.holder_name })), total, nextCursor: rows.length === limit ? encodeCursor([rows.at(-1)!.id]) : null };
}

// ---- one's own account ----

/** The actor's own account: in their community when their scope is one, else the first they hold. */
async function ownAccount(db: Db, actor: Actor): Promise<TimeBankAccountRow | undefined> {
  const accounts = await repo.accountsOfUser(db, actor.userId);
  return accounts.find((a) => a.area_code === actor.scope) ?? accounts[0];
}

async function requireOwnAccount(db: Db, actor: Actor): Promise<TimeBankAccountRow> {
  const account = await ownAccount(db, actor);
  if (!account) throw notFound('Time bank account of user', actor.username);
  return account;
}

export async function myTimeBank(db: Db, ctx: RequestContext): Promise<MyTimeBank> {
  const actor = requirePermission(ctx, 'timeBank.use');
  const account = await ownAccount(db, actor);
  const code = account?.area_code ?? (actor.scope.length === 12 ? actor.scope : null);
  if (!code) return { timeBank: null, account: null };
  const area = await findCommunity(db, code);
  const bank = await repo.findBank(db, code);
  return { timeBank: await bankView(db, code, area.area?.name ?? null, bank), account: account ? await accountView(db, account, bank) : null };
}

/**
 * Joins the time bank of the actor's community (their scope when it is one, else the community
 * they volunteer in). Joining twice answers the account already held.
 */
export async function join(db: Db, ctx: RequestContext, holder: { name: string; volunteerId: string | null; areaCode: string | null }): Promise<MyTimeBank> {
  const actor = requirePermission(ctx, 'timeBank.use');
  const code = actor.scope.length === 12 ? actor.scope : holder.areaCode;
  if (!code) throw invalidField('community', 'your scope is not one community; register as a volunteer in a community first', 'inconsistent');
  const bank = await activeBank(db, code);
  const existing = await repo.findAccountByHolder(db, code, `user:${actor.userId}`);
  if (!existing) {
    await withRetry(() =>
      db.transaction().execute(async (trx) => {
        const account = await ensureAccount(trx, code, holderOfUser(actor.userId, holder.name, holder.volunteerId));
        await recordAudit(trx, ctx, { action: 'timeBank.join', areaCode: code, targetType: 'timeBankAccount', targetId: account.id });
      }),
    );
  }
  const area = await findCommunity(db, code);
  const account = (await repo.findAccountByHolder(db, code, `user:${actor.userId}`))!;
  return { timeBank: await bankView(db, code, area.area?.name ?? null, bank), account: await accountView(db, account, bank) };
}

export async function payFromOwn(db: Db, ctx: RequestContext, input: NewPayment): Promise<Transfer> {
  const actor = requirePermission(ctx, 'timeBank.use');
  return pay(db, ctx, await requireOwnAccount(db, actor), input, false);
}

/** `maskOthers`: a resident reading their own account sees the other parties' names masked. */
async function historyOf(db: Db, account: TimeBankAccountRow, q: { limit?: number; cursor?: string }, maskOthers = false): Promise<HistoryPage> {
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['offset'])?.[0];
  const rows = await repo.history(db, account.area_code, account.id, before, limit);
  const others = await repo.movementsOf(db, account.area_code, rows.map((r) => r.transfer_id));
  const items: HistoryEntry[] = rows.map((r) => ({
    transferId: r.transfer_id,
    sequence: r.sequence,
    kind: r.kind as HistoryEntry['kind'],
    minutes: r.minutes,
    balanceAfter: Number(r.balance_after),
    at: r.at,
    memo: r.memo,
    counterparties: others.filter((o) => o.transfer_id === r.transfer_id && o.account_id !== account.id).map((o) => ({ accountId: o.account_id, holderName: maskOthers ? maskName(o.holder_name) : o.holder_name, minutes: o.minutes })),
  }));
  return { items, nextCursor: rows.length === limit ? encodeCursor([rows.at(-1)!.sequence]) : null };
}

export async function myHistory(db: Db, ctx: RequestContext, q: { limit?: number; cursor?: string }): Promise<HistoryPage> {
  const actor = requirePermission(ctx, 'timeBank.use');
  return historyOf(db, await requireOwnAccount(db, actor), q, actor.role === 'resident');
}

// ---- offers and requests ----

export async function listPosts(db: Db, ctx: RequestContext, q: { area?: string; kind?: 'offer' | 'request'; limit?: number; cursor?: string }): Promise<{ items: Post[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'timeBank.read');
  const c = await community(db, scopedArea(actor, q.area), 'area');
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['uuid'])?.[0];
  const { rows, total } = await repo.listOpenPosts(db, c.code, q.kind, before, limit);
  return { items: rows.map((r) => toPost(r, actor.userId, actor.role === 'resident')), total, nextCursor: rows.length === limit ? encodeCursor([rows.at(-1)!.id]) : null };
}

export async function createPost(db: Db, ctx: RequestContext, input: NewPost): Promise<Post> {
  const actor = requirePermission(ctx, 'timeBank.use');
  const account = await requireOwnAccount(db, actor);
  await activeBank(db, account.area_code);
  const title = input.title.trim();
  if (!title) throw invalidField('title', 'must not be blank', 'required');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertPost(trx, {
      area_code: account.area_code,
      id,
      kind: input.kind,
      account_id: account.id,
      title,
      description: input.description?.trim() || null,
      minutes: input.minutes ?? null,
      status: 'open',
      created_at: new Date().toISOString(),
      closed_at: null,
      generated: false,
    });
    await recordAudit(trx, ctx, { action: 'timeBank.post', areaCode: account.area_code, targetType: 'timeBankPost', targetId: id, details: { kind: input.kind, title } });
  });
  return toPost((await repo.findPost(db, id))!, actor.userId, actor.role === 'resident');
}

/** Closes an offer or request: its poster, or someone who runs the community's time bank. */
export async function closePost(db: Db, ctx: RequestContext, id: string): Promise<Post> {
  const actor = requirePermission(ctx, 'timeBank.use');
  const post = await repo.findPost(db, id);
  if (!post) throw notFound('Post', id);
  if (post.user_id !== actor.userId) {
    if (!mayDo(actor, 'timeBank.manage')) throw forbidden('Only the poster or the time bank’s keepers close a post', { reason: 'ownPost' });
    requireScope(actor, post.area_code);
  }
  await db.transaction().execute(async (trx) => {
    if (!(await repo.closePost(trx, post.area_code, id, new Date().toISOString()))) throw conflict(`Post ${id} is already closed`);
    await recordAudit(trx, ctx, { action: 'timeBank.closePost', areaCode: post.area_code, targetType: 'timeBankPost', targetId: id });
  });
  return toPost((await repo.findPost(db, id))!, actor.userId, actor.role === 'resident');
}

// ---- for those who run the bank ----

async function accountInScope(db: Db, actor: Actor, id: string, field?: string): Promise<TimeBankAccountRow> {
  const account = await repo.findAccount(db, id);
  if (!account) {
    if (field) throw invalidField(field, `account ${id} does not exist`, 'unknown_reference');
    throw notFound('Time bank account', id);
  }
  requireScope(actor, account.area_code);
  return account;
}

export async function getAccount(db: Db, ctx: RequestContext, id: string): Promise<Account> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  const row = await repo.findAccountWithBalance(db, id);
  if (!row) throw notFound('Time bank account', id);
  requireScope(actor, row.area_code);
  const { min_balance, max_balance, balance, ...account } = row;
  return toAccount(account, Number(balance ?? 0), min_balance === null ? undefined : ({ min_balance, max_balance } as TimeBankRow));
}

export async function accountHistory(db: Db, ctx: RequestContext, id: string, q: { limit?: number; cursor?: string }): Promise<HistoryPage> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  return historyOf(db, await accountInScope(db, actor, id), q);
}

export async function transferOnBehalf(db: Db, ctx: RequestContext, input: NewTransfer): Promise<Transfer> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  const from = await accountInScope(db, actor, input.from, 'from');
  if (from.kind !== 'member') throw invalidField('from', 'the bank’s own account pays only for verified volunteer hours', 'not_allowed');
  return pay(db, ctx, from, input, true);
}

/** Opens the account of a volunteer (found by the volunteers service) in their community's time bank. */
export async function openAccountFor(db: Db, ctx: RequestContext, volunteer: { id: string; name: string; user_id: string | null; area_code: string }): Promise<Account> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  requireScope(actor, volunteer.area_code);
  const bank = await activeBank(db, volunteer.area_code);
  const holder = holderOfVolunteer(volunteer);
  const existing = await repo.findAccountByHolder(db, volunteer.area_code, holder.key);
  if (existing) throw conflict(`${volunteer.name} already has an account in this time bank`, { accountId: existing.id });
  const account = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      const opened = await ensureAccount(trx, volunteer.area_code, holder);
      await recordAudit(trx, ctx, { action: 'timeBank.openAccount', areaCode: volunteer.area_code, targetType: 'timeBankAccount', targetId: opened.id, details: { volunteerId: volunteer.id } });
      return opened;
    }),
  );
  return accountView(db, account, bank);
}

/**
 * Credits the community's verified hours that no transfer credited yet (verified while it ran no
 * time bank, or held back by a ceiling), when the bank credits hours: each once, as on
 * verification. Returns how many were credited.
 */
async function creditBacklog(trx: Db, areaCode: string, createdBy: string): Promise<number> {
  let credited = 0;
  for (const h of await volunteersRepo.uncreditedVerifiedHours(trx, areaCode)) {
    const transferId = await creditVolunteerHours(trx, h, { id: h.volunteer_id, name: h.name, user_id: h.user_id }, createdBy);
    if (!transferId) continue;
    await volunteersRepo.setHoursTransfer(trx, areaCode, h.id, transferId);
    credited++;
  }
  return credited;
}

/**
 * Credits verified volunteer hours to the volunteer's account, inside the verification's
 * transaction, when their community runs a time bank that credits hours. Idempotent: the
 * transfer carries `hours:<id>`, unique per community, so hours are credited once. Hours that
 * would lift the account past the bank's ceiling stay verified and uncredited (null).
 */
export async function creditVolunteerHours(
  trx: Db,
  hours: { id: string; area_code: string; minutes: number; activity: string },
  volunteer: { id: string; name: string; user_id: string | null },
  createdBy: string | null,
  options: { generated?: boolean; now?: string } = {},
): Promise<string | null> {
  const bank = await repo.findBank(trx, hours.area_code);
  if (!bank || !bank.active || !bank.credit_volunteer_hours) return null;
  const sourceKey = `hours:${hours.id}`;
  const done = await repo.findTransferBySource(trx, hours.area_code, sourceKey);
  if (done) return done.id;
  const bankAccount = await ensureAccount(trx, hours.area_code, BANK_HOLDER, options);
  const member = await ensureAccount(trx, hours.area_code, holderOfVolunteer(volunteer), options);
  const posted = await postTransfer(trx, {
    areaCode: hours.area_code,
    kind: 'volunteerHours',
    movements: [
      { account: bankAccount.id, minutes: -hours.minutes },
      { account: member.id, minutes: hours.minutes },
    ],
    memo: hours.activity,
    sourceKey,
    createdBy,
    ...options,
  });
  return posted.ok ? posted.id : null;
}

