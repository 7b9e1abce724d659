/**
 * `npm run bench -- people [--movements N] [--queries Q] [--transfers T] [--concurrency C]`: the
 * time bank's ledger on SQLite and PostgreSQL (when one answers on 127.0.0.1:5432).
 *
 * - a ledger of N (default 1,000,000) movements: 10 community time banks of 1,000 members each,
 *   payments between members replayed through the ledger engine (limits held), written in bulk;
 * - balance p50/p99 of random accounts through the service (the last movement's running balance),
 *   beside the baseline of summing the account's movements;
 * - history p50/p99: the newest page of 50 and a page deep in the account's past by keyset cursor,
 *   beside the baseline of the same deep page by OFFSET;
 * - transfers per second through the service (lock, read, check limits, write transfer, movements
 *   and audit entry in one transaction): C (default 20) at once among 50 members of one bank, beside
 *   the same transfers one at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { newId } from '../src/server/db/ids.ts';
import type { RequestContext } from '../src/server/http/actor.ts';
import { applyTransfer, payment } from '../src/engine/people/ledger.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { accountHistory, getAccount, transferOnBehalf } from '../src/server/modules/people/time-bank.service.ts';
import { option, postgresAnswers } from './support.ts';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function latencies(n: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; n: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), n };
}


const COMMUNITIES = 10;
const MEMBERS = 1000;
const MIN = -600;
const MAX = 60_000;

interface Ledger {
  accounts: { area: string; id: string }[];
  /** Movements in columns: area, account, sequence, transfer, minutes, balance after. */
  movements: { area: string[]; account: string[]; sequence: number[]; transfer: string[]; minutes: number[]; balance: number[]; at: string[] };
  transfers: { area: string; id: string; at: string }[];
}

/** Payments between random members of each bank, through the engine, until `count` movements. */
export function generate(count: number): Ledger {
  const random = seededRandom(hashSeed('people-bench'));
  const accounts: Ledger['accounts'] = [];
  const byArea: string[][] = [];
  for (let c = 0; c < COMMUNITIES; c++) {
    const area = `340828100${String(c + 1).padStart(3, '0')}`;
    const ids: string[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const id = newId();
      ids.push(id);
      accounts.push({ area, id });
    }
    byArea.push(ids);
  }
  const balances = new Map<string, number>();
  const sequences = new Map<string, number>();
  const movements: Ledger['movements'] = { area: [], account: [], sequence: [], transfer: [], minutes: [], balance: [], at: [] };
  const transfers: Ledger['transfers'] = [];
  const start = Date.UTC(2024, 0, 1);
  const limits = () => ({ min: MIN, max: MAX });
  while (movements.account.length < count) {
    const c = Math.floor(random() * COMMUNITIES);
    const ids = byArea[c]!;
    const area = `340828100${String(c + 1).padStart(3, '0')}`;
    const from = ids[Math.floor(random() * MEMBERS)]!;
    let to = ids[Math.floor(random() * MEMBERS)]!;
    if (to === from) to = ids[(ids.indexOf(from) + 1) % MEMBERS]!;
    const outcome = applyTransfer(payment(from, [{ account: to, minutes: 15 * (1 + Math.floor(random() * 8)) }]), (a) => balances.get(a) ?? 0, limits);
    if (!outcome.ok) continue;
    const id = newId();
    const at = new Date(start + transfers.length * 30_000).toISOString();
    transfers.push({ area, id, at });
    for (const p of outcome.postings) {
      const sequence = (sequences.get(p.account) ?? 0) + 1;
      sequences.set(p.account, sequence);
      balances.set(p.account, p.balanceAfter);
      movements.area.push(area);
      movements.account.push(p.account);
      movements.sequence.push(sequence);
      movements.transfer.push(id);
      movements.minutes.push(p.minutes);
      movements.balance.push(p.balanceAfter);
      movements.at.push(at);
    }
  }
  return { accounts, movements, transfers };
}

export async function prepare(handle: DatabaseHandle, ledger: Ledger): Promise<{ seconds: number; userId: string }> {
  const { db } = handle;
  await migrateToLatest(db);
  const now = new Date().toISOString();
  const area = (code: string, level: number, parent: string | null, name: string) => ({
    code, parent_code: parent, level, name, kind: level === 5 ? ('rural' as const) : null, kind_override: null, urban_rural_code: null, lon: null, lat: null, search_initials: '', search_pinyin: '', generated: true,
  });
  await db.insertInto('areas').values([area('34', 1, null, '安徽省'), area('3408', 2, '34', '安庆市'), area('340828', 3, '3408', '岳西县'), area('340828100', 4, '340828', '天堂镇')]).onConflict((oc) => oc.doNothing()).execute();
  const communities = [...new Set(ledger.accounts.map((a) => a.area))];
  await db.insertInto('areas').values(communities.map((c, i) => area(c, 5, '340828100', `测试村${i + 1}`))).onConflict((oc) => oc.doNothing()).execute();
  await db.insertInto('time_banks').values(communities.map((c) => ({ area_code: c, active: true, min_balance: MIN, max_balance: MAX, credit_volunteer_hours: true, version: 1, updated_at: now, updated_by: null }))).execute();
  const userId = newId();
  await db.insertInto('users').values({ id: userId, username: 'bench-admin', display_name: 'bench', password_hash: 'x', role: 'admin', scope_code: '34', locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now }).execute();
  for (let i = 0; i < ledger.accounts.length; i += 500) {
    await db.insertInto('time_bank_accounts').values(ledger.accounts.slice(i, i + 500).map((a, k) => ({ area_code: a.area, id: a.id, kind: 'member', holder_key: `volunteer:${a.id}`, holder_name: `成员${i + k}`, user_id: null, volunteer_id: null, opened_at: now, generated: true }))).execute();
  }
  const started = performance.now();
  const m = ledger.movements;
  if (handle.sqlite) {
    const sqlite = handle.sqlite;
    const transfer = sqlite.prepare("insert into time_bank_transfers (area_code, id, kind, memo, source_key, post_id, created_at, created_by, generated) values (?, ?, 'payment', null, null, null, ?, null, 1)");
    const movement = sqlite.prepare('insert into time_bank_movements (area_code, account_id, sequence, transfer_id, minutes, balance_after, at) values (?, ?, ?, ?, ?, ?, ?)');
    sqlite.transaction(() => {
      for (const t of ledger.transfers) transfer.run(t.area, t.id, t.at);
      for (let i = 0; i < m.account.length; i++) movement.run(m.area[i], m.account[i], m.sequence[i], m.transfer[i], m.minutes[i], m.balance[i], m.at[i]);
    })();
    // Fold the write-ahead log into the database, as a running server's checkpoints do, and
    // give the planner its statistics: reads are then measured as they stand in service.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.exec('analyze');
  } else {
    const batch = 20_000;
    for (let i = 0; i < ledger.transfers.length; i += batch) {
      const part = ledger.transfers.slice(i, i + batch);
      await sql`insert into time_bank_transfers (area_code, id, kind, created_at, generated)
        select a, i, 'payment', t::timestamptz, true from unnest(${part.map((t) => t.area)}::text[], ${part.map((t) => t.id)}::text[], ${part.map((t) => t.at)}::text[]) as x(a, i, t)`.execute(db);
    }
    for (let i = 0; i < m.account.length; i += batch) {
      const s = (column: unknown[]) => column.slice(i, i + batch);
      await sql`insert into time_bank_movements (area_code, account_id, sequence, transfer_id, minutes, balance_after, at)
        select * from unnest(${s(m.area)}::text[], ${s(m.account)}::text[], ${s(m.sequence)}::int[], ${s(m.transfer)}::text[], ${s(m.minutes)}::int[], ${s(m.balance)}::bigint[], ${s(m.at)}::timestamptz[])`.execute(db);
    }
    await sql`analyze`.execute(db);
  }
  return { seconds: (performance.now() - started) / 1000, userId };
}

async function measure(handle: DatabaseHandle, ledger: Ledger, options: { queries: number; transfers: number; concurrency: number }) {
  const { db } = handle;
  const { seconds, userId } = await prepare(handle, ledger);
  const ctx: RequestContext = { actor: { userId, username: 'bench-admin', role: 'admin', scope: '34' }, address: 'bench', requestId: 'bench' };
  const random = seededRandom(7);
  const pick = () => ledger.accounts[Math.floor(random() * ledger.accounts.length)]!;
  const sample = Array.from({ length: options.queries }, pick);

  const balance = await latencies(sample.length, (i) => getAccount(db, ctx, sample[i]!.id));
  const balanceBaseline = await latencies(sample.length, (i) =>
    db.selectFrom('time_bank_movements').select((eb) => eb.fn.sum<number>('minutes').as('s')).where('area_code', '=', sample[i]!.area).where('account_id', '=', sample[i]!.id).executeTakeFirst(),
  );
  const history = await latencies(sample.length, (i) => accountHistory(db, ctx, sample[i]!.id, { limit: 50 }));
  // Deep pages: the cursor of the page after the first 50 of half the account's movements.
  const deep = await latencies(sample.length, async (i) => {
    const first = await accountHistory(db, ctx, sample[i]!.id, { limit: 50 });
    if (first.nextCursor) await accountHistory(db, ctx, sample[i]!.id, { limit: 50, cursor: first.nextCursor });
  });
  const deepOffset = await latencies(sample.length, async (i) => {
    await db.selectFrom('time_bank_movements').selectAll().where('area_code', '=', sample[i]!.area).where('account_id', '=', sample[i]!.id).orderBy('sequence', 'desc').limit(50).execute();
    await db.selectFrom('time_bank_movements').selectAll().where('area_code', '=', sample[i]!.area).where('account_id', '=', sample[i]!.id).orderBy('sequence', 'desc').limit(50).offset(50).execute();
  });

  // Transfers through the service, among 50 members of the first bank: contended on purpose.
  const pool = ledger.accounts.slice(0, 50);
  const transfer = () => {
    const from = pool[Math.floor(random() * pool.length)]!;
    let to = pool[Math.floor(random() * pool.length)]!;
    if (to.id === from.id) to = pool[(pool.indexOf(from) + 1) % pool.length]!;
    return transferOnBehalf(db, ctx, { from: from.id, payees: [{ account: to.id, minutes: 15 }] }).then(
      () => 'ok' as const,
      (error: { statusCode?: number }) => {
        if (error.statusCode === 409) return 'limit' as const;
        throw error;
      },
    );
  };
  let t = performance.now();
  const serial: string[] = [];
  for (let i = 0; i < options.transfers; i++) serial.push(await transfer());
  const serialPerSecond = options.transfers / ((performance.now() - t) / 1000);
  t = performance.now();
  let next = 0;
  const concurrent: string[] = [];
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.transfers) {
        next++;
        concurrent.push(await transfer());
      }
    }),
  );
  const concurrentPerSecond = options.transfers / ((performance.now() - t) / 1000);
  // The ledger still holds after the race: every member within its limits, balances = sums.
  const broken = await sql<{ n: number }>`select count(*) as n from (
      select account_id, sum(minutes) as s, max(sequence) as q from time_bank_movements where area_code = ${pool[0]!.area} group by account_id
    ) x join time_bank_movements m on m.area_code = ${pool[0]!.area} and m.account_id = x.account_id and m.sequence = x.q
    where m.balance_after <> x.s or x.s < ${MIN} or x.s > ${MAX}`.execute(db);
  return {
    movements: ledger.movements.account.length,
    writeSeconds: round(seconds),
    balance,
    balanceBaselineSum: balanceBaseline,
    historyFirstPage: history,
    historySecondPageKeyset: deep,
    historySecondPageOffsetBaseline: deepOffset,
    transfersSerialPerSecond: round(serialPerSecond, 0),
    transfersConcurrentPerSecond: round(concurrentPerSecond, 0),
    concurrency: options.concurrency,
    refusedAtLimit: concurrent.filter((s) => s === 'limit').length + serial.filter((s) => s === 'limit').length,
    ledgerBroken: Number(broken.rows[0]?.n ?? 0),
  };
}

function print(engine: string, r: Awaited<ReturnType<typeof measure>>) {
  console.log(`${engine}: ${r.movements.toLocaleString('en')} movements written in ${r.writeSeconds} s`);
  console.log(`  balance            p50 ${r.balance.p50} ms  p99 ${r.balance.p99} ms (target < 5)   baseline sum of movements p50 ${r.balanceBaselineSum.p50} ms  p99 ${r.balanceBaselineSum.p99} ms`);
  console.log(`  history, 1st page  p50 ${r.historyFirstPage.p50} ms  p99 ${r.historyFirstPage.p99} ms (target < 5)`);
  console.log(`  history, 2 pages   p50 ${r.historySecondPageKeyset.p50} ms  p99 ${r.historySecondPageKeyset.p99} ms   baseline by OFFSET (rows only) p50 ${r.historySecondPageOffsetBaseline.p50} ms  p99 ${r.historySecondPageOffsetBaseline.p99} ms`);
  console.log(`  transfers          ${r.transfersConcurrentPerSecond}/s with ${r.concurrency} at once   baseline one at a time ${r.transfersSerialPerSecond}/s   (${r.refusedAtLimit} refused at a limit; ledger broken: ${r.ledgerBroken})`);
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const count = option(args, 'movements', 1_000_000);
  const options = { queries: option(args, 'queries', 500), transfers: option(args, 'transfers', 1000), concurrency: option(args, 'concurrency', 20) };
  let t = performance.now();
  const ledger = generate(count);
  console.log(`ledger: ${ledger.movements.account.length.toLocaleString('en')} movements of ${ledger.transfers.length.toLocaleString('en')} transfers among ${ledger.accounts.length.toLocaleString('en')} accounts generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const results: Record<string, unknown> = { options: { movements: count, ...options } };
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-people-'));
  const sqlite = createDatabase('sqlite', join(dir, 'linli.sqlite'));
  try {
    t = performance.now();
    results.sqlite = await measure(sqlite, ledger, options);
    print('SQLite', results.sqlite as Awaited<ReturnType<typeof measure>>);
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresAnswers()) {
    const adminUrl = process.env.LINLI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const name = `linli_bench_people_${process.pid}`;
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = createDatabase('postgres', url.toString(), { poolSize: 10 });
    try {
      results.postgres = await measure(handle, ledger, options);
      print('PostgreSQL', results.postgres as Awaited<ReturnType<typeof measure>>);
    } finally {
      await handle.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    console.log('PostgreSQL: skipped (no server on 127.0.0.1:5432)');
    results.postgres = null;
  }
  return results;
}
