import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { locksRows } from '../../db/row-locks.ts';
import type {
  NewTimeBankAccountRow,
  NewTimeBankMovementRow,
  NewTimeBankPostRow,
  NewTimeBankTransferRow,
  TimeBankAccountRow,
  TimeBankMovementRow,
  TimeBankPostRow,
  TimeBankRow,
  TimeBanksTable,
} from '../../db/tables/volunteers.ts';

// ---- the bank of a community ----

export async function findBank(db: Db, areaCode: string): Promise<TimeBankRow | undefined> {
  return db.selectFrom('time_banks').selectAll().where('area_code', '=', areaCode).executeTakeFirst();
}

export async function insertBank(db: Db, row: Insertable<TimeBanksTable>): Promise<void> {
  await db.insertInto('time_banks').values(row).execute();
}

/** Updates when the version still matches; false when it was stale. */
export async function updateBank(db: Db, areaCode: string, version: number, changes: Omit<Updateable<TimeBanksTable>, 'area_code' | 'version'>): Promise<boolean> {
  const result = await db
    .updateTable('time_banks')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countMembers(db: Db, areaCode: string): Promise<number> {
  const row = await db
    .selectFrom('time_bank_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_code', '=', areaCode)
    .where('kind', '=', 'member')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- accounts ----

export async function findAccount(db: Db, id: string): Promise<TimeBankAccountRow | undefined> {
  return db.selectFrom('time_bank_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * An account with its balance (its last movement's running balance; 0 without movements) and its
 * bank's limits, in one statement: the balance read is one index probe however long the history.
 */
export async function findAccountWithBalance(db: Db, id: string) {
  return db
    .selectFrom('time_bank_accounts as a')
    .leftJoin('time_banks as b', 'b.area_code', 'a.area_code')
    .selectAll('a')
    .select(['b.min_balance', 'b.max_balance'])
    .select((eb) =>
      eb
        .selectFrom('time_bank_movements as m')
        .select('m.balance_after')
        .whereRef('m.area_code', '=', 'a.area_code')
        .whereRef('m.account_id', '=', 'a.id')
        .orderBy('m.sequence', 'desc')
        .limit(1)
        .as('balance'),
    )
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function findAccountByHolder(db: Db, areaCode: string, holderKey: string): Promise<TimeBankAccountRow | undefined> {
  return db.selectFrom('time_bank_accounts').selectAll().where('area_code', '=', areaCode).where('holder_key', '=', holderKey).executeTakeFirst();
}

/** The accounts of a user, in any community (a resident has one, in their village). */
export async function accountsOfUser(db: Db, userId: string): Promise<TimeBankAccountRow[]> {
  return db.selectFrom('time_bank_accounts').selectAll().where('user_id', '=', userId).orderBy('opened_at').execute();
}

export async function insertAccount(db: Db, row: NewTimeBankAccountRow): Promise<void> {
  await db.insertInto('time_bank_accounts').values(row).execute();
}

/** Opens an account unless the holder has one in the community already (two opening it at once: one wins). */
export async function insertAccountIfAbsent(db: Db, row: NewTimeBankAccountRow): Promise<void> {
  await db.insertInto('time_bank_accounts').values(row).onConflict((oc) => oc.columns(['area_code', 'holder_key']).doNothing()).execute();
}

export async function insertAccounts(db: Db, rows: NewTimeBankAccountRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('time_bank_accounts').values(rows.slice(i, i + 200)).execute();
}

export async function accountsIn(db: Db, areaCode: string, ids: readonly string[]): Promise<TimeBankAccountRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('time_bank_accounts').selectAll().where('area_code', '=', areaCode).where('id', 'in', [...ids]).execute();
}

/**
 * Locks the accounts a transfer touches, in id order (PostgreSQL: SELECT … FOR UPDATE; SQLite
 * has one writer and needs none; see db/row-locks.ts). Returns the accounts found.
 */
export async function lockAccounts(db: Db, areaCode: string, ids: readonly string[]): Promise<TimeBankAccountRow[]> {
  const sorted = [...new Set(ids)].sort();
  const query = db.selectFrom('time_bank_accounts').selectAll().where('area_code', '=', areaCode).where('id', 'in', sorted).orderBy('id');
  return locksRows(db) ? query.forUpdate().execute() : query.execute();
}

export async function listMembers(db: Db, areaCode: string, after: string | undefined, limit: number): Promise<{ rows: TimeBankAccountRow[]; total: number }> {
  const base = db.selectFrom('time_bank_accounts').where('area_code', '=', areaCode).where('kind', '=', 'member');
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = base.selectAll();
  if (after) page = page.where('id', '>', after);
  return { rows: await page.orderBy('id').limit(limit).execute(), total: Number(total) };
}

// ---- movements ----

/**
 * The last movement of each account: its balance (the running sum) and sequence. An account
 * without movements is absent (balance 0). One indexed lookup per account: the primary key
 * (area_code, account_id, sequence) read backwards.
 */
export async function lastMovements(db: Db, areaCode: string, ids: readonly string[]): Promise<Map<string, { balance: number; sequence: number }>> {
  const out = new Map<string, { balance: number; sequence: number }>();
  for (const id of ids) {
    const row = await db
      .selectFrom('time_bank_movements')
      .select(['balance_after', 'sequence'])
      .where('area_code', '=', areaCode)
      .where('account_id', '=', id)
      .orderBy('sequence', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) out.set(id, { balance: Number(row.balance_after), sequence: row.sequence });
  }
  return out;
}

/** The sum of an account's movements, computed afresh (checks; the running balance is the same). */
export async function sumOfMovements(db: Db, areaCode: string, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('time_bank_movements')
    .select((eb) => eb.fn.sum<number>('minutes').as('total'))
    .where('area_code', '=', areaCode)
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}

export async function findTransferBySource(db: Db, areaCode: string, sourceKey: string) {
  return db.selectFrom('time_bank_transfers').selectAll().where('area_code', '=', areaCode).where('source_key', '=', sourceKey).executeTakeFirst();
}

export async function insertTransfer(db: Db, transfer: NewTimeBankTransferRow, movements: NewTimeBankMovementRow[]): Promise<void> {
  await db.insertInto('time_bank_transfers').values(transfer).execute();
  await db.insertInto('time_bank_movements').values(movements).execute();
}

export async function insertTransfers(db: Db, transfers: NewTimeBankTransferRow[], movements: NewTimeBankMovementRow[]): Promise<void> {
  for (let i = 0; i < transfers.length; i += 500) await db.insertInto('time_bank_transfers').values(transfers.slice(i, i + 500)).execute();
  for (let i = 0; i < movements.length; i += 500) await db.insertInto('time_bank_movements').values(movements.slice(i, i + 500)).execute();
}

export type HistoryRow = TimeBankMovementRow & { kind: string; memo: string | null };

/** An account's movements, newest first, before a sequence number (keyset). */
export async function history(db: Db, areaCode: string, accountId: string, beforeSequence: number | undefined, limit: number): Promise<HistoryRow[]> {
  let query = db
    .selectFrom('time_bank_movements as m')
    .innerJoin('time_bank_transfers as t', (j) => j.onRef('t.area_code', '=', 'm.area_code').onRef('t.id', '=', 'm.transfer_id'))
    .selectAll('m')
    .select(['t.kind', 't.memo'])
    .where('m.area_code', '=', areaCode)
    .where('m.account_id', '=', accountId);
  if (beforeSequence !== undefined) query = query.where('m.sequence', '<', beforeSequence);
  return query.orderBy('m.sequence', 'desc').limit(limit).execute();
}

/** The movements of the given transfers with their accounts' holders (a history's counterparties). */
export async function movementsOf(db: Db, areaCode: string, transferIds: readonly string[]) {
  if (transferIds.length === 0) return [];
  return db
    .selectFrom('time_bank_movements as m')
    .innerJoin('time_bank_accounts as a', (j) => j.onRef('a.area_code', '=', 'm.area_code').onRef('a.id', '=', 'm.account_id'))
    .select(['m.transfer_id', 'm.account_id', 'm.minutes', 'm.balance_after', 'a.holder_name'])
    .where('m.area_code', '=', areaCode)
    .where('m.transfer_id', 'in', [...transferIds])
    .execute();
}

export async function findTransfer(db: Db, areaCode: string, id: string) {
  return db.selectFrom('time_bank_transfers').selectAll().where('area_code', '=', areaCode).where('id', '=', id).executeTakeFirst();
}

// ---- offers and requests ----

export type PostRowWithHolder = TimeBankPostRow & { holder_name: string; user_id: string | null };

function postsWithHolder(db: Db) {
  return db
    .selectFrom('time_bank_posts as p')
    .innerJoin('time_bank_accounts as a', (j) => j.onRef('a.area_code', '=', 'p.area_code').onRef('a.id', '=', 'p.account_id'))
    .selectAll('p')
    .select(['a.holder_name', 'a.user_id']);
}

export async function insertPost(db: Db, row: NewTimeBankPostRow): Promise<void> {
  await db.insertInto('time_bank_posts').values(row).execute();
}

export async function insertPosts(db: Db, rows: NewTimeBankPostRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('time_bank_posts').values(rows.slice(i, i + 200)).execute();
}

export async function findPost(db: Db, id: string): Promise<PostRowWithHolder | undefined> {
  return postsWithHolder(db).where('p.id', '=', id).executeTakeFirst();
}

export async function listOpenPosts(db: Db, areaCode: string, kind: string | undefined, before: string | undefined, limit: number): Promise<{ rows: PostRowWithHolder[]; total: number }> {
  let base = db.selectFrom('time_bank_posts as p').where('p.area_code', '=', areaCode).where('p.status', '=', 'open');
  if (kind) base = base.where('p.kind', '=', kind);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = postsWithHolder(db).where('p.area_code', '=', areaCode).where('p.status', '=', 'open');
  if (kind) page = page.where('p.kind', '=', kind);
  if (before) page = page.where('p.id', '<', before);
  return { rows: await page.orderBy('p.id', 'desc').limit(limit).execute(), total: Number(total) };
}

export async function closePost(db: Db, areaCode: string, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('time_bank_posts').set({ status: 'closed', closed_at: at }).where('area_code', '=', areaCode).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
