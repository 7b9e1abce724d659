/**
 * `npm run bench -- care [--cases N] [--queries Q] [--engine sqlite|postgres|both]`: care cases on
 * SQLite (embedded, the default) and on PostgreSQL when one answers on 127.0.0.1:5432 (a scratch
 * database, dropped after; LINLI_BENCH_POSTGRES_URL names another server).
 *
 * - N (default 1,000,000) persons in care across generated counties (5,000 villages of 200), with
 *   risk levels and last visits spread so that each day some visits become due, overdue, escalated
 *   and some children reach 16;
 * - the daily sweep of the next day (ages, due, overdue, escalation with notifications) beside the
 *   baseline of merely reading every case once (what a sweep without `next_check_on` would do);
 * - the worker's day list of a random village (open cases due or late, the longest-due first, 100
 *   rows) p50/p99, beside the baseline of reading one case by its key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { newId } from '../src/server/db/ids.ts';
import { addDays } from '../src/engine/care/calendar.ts';
import { groupEndsOn } from '../src/engine/care/groups.ts';
import { DEFAULT_POLICY } from '../src/engine/care/schedule.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { sweepCare } from '../src/server/modules/care/care-sweep.ts';
import * as repo from '../src/server/modules/care/cases.repository.ts';
import { scheduleOf } from '../src/server/modules/care/visit-policy.service.ts';
import { option, withScratchPostgres } from './support.ts';
import { todayInChina } from '../src/engine/calendar/working-days.ts';

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


/** Rows per multi-row INSERT: 28 columns × 500 stays under both engines' parameter limits. */
const INSERT_ROWS = 500;
const load = () => loadavg().map((x) => round(x, 2));

async function measure(handle: DatabaseHandle, engine: string, total: number, queries: number): Promise<Record<string, unknown>> {
  const perVillage = 200;
  const villages = Math.max(1, Math.ceil(total / perVillage));
  const db = handle.db;
  const loadBefore = load();
  await migrateToLatest(db);
  const random = seededRandom(hashSeed('care-bench'));
  const today = todayInChina();
  const now = new Date().toISOString();
  const codes: string[] = [];
  for (let v = 0; v < villages; v++) {
    const county = 100 + Math.floor(v / 1000);
    const township = Math.floor((v % 1000) / 20);
    codes.push(`34${String(county).padStart(4, '0')}${String(township).padStart(3, '0')}${String(v % 20).padStart(3, '0')}`);
  }
  const started = performance.now();
  for (let i = 0; i < codes.length; i += 500) {
    await db
      .insertInto('areas')
      .values(codes.slice(i, i + 500).map((code) => ({ code, parent_code: null, level: 5, name: `村${code.slice(-3)}`, kind: 'rural' as const, kind_override: null, urban_rural_code: '220', lon: 116 + random(), lat: 30 + random(), search_initials: '', search_pinyin: '', generated: true })))
      .execute();
  }
  const worker = newId();
  await db.insertInto('users').values({ id: worker, username: 'bench-worker', display_name: '工作者', password_hash: 'x', role: 'communityWorker', scope_code: codes[0]!, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now }).execute();
  const levels = ['high', 'medium', 'low'] as const;
  const batch = 5000;
  for (let start = 0; start < total; start += batch) {
    const persons: Record<string, unknown>[] = [];
    const cases: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const area = codes[Math.floor(i / perVillage)]!;
      const personId = newId();
      const child = random() < 0.4;
      const birth = child ? addDays(today, -Math.floor(random() * 16 * 365)) : addDays(today, -Math.floor((60 + random() * 30) * 365));
      persons.push({ area_code: area, id: personId, household_id: null, name: `人${i}`, name_initials: 'r', sex: 'male', birth_date: birth, relation: 'head', residence_status: 'local', migrant_worker: false, accompanying_family: false, living_alone: false, generated: true, version: 1, created_at: now, updated_at: now });
      const risk = levels[random() < 0.1 ? 0 : random() < 0.5 ? 1 : 2]!;
      const group = child ? 'leftBehindChild' : 'leftBehindElderly';
      const back = risk === 'high' ? 10 : risk === 'medium' ? 40 : 100;
      const base = { status: 'open', risk_level: risk, last_visit_on: addDays(today, -Math.floor(random() * back)), opened_on: addDays(today, -400), group_ends_on: groupEndsOn(group, birth), group_ended_on: null, next_assessment_on: null };
      cases.push({ area_code: area, id: newId(), person_id: personId, household_id: null, care_group: group, flag_id: null, owner_id: worker, summary: null, closed_on: null, close_reason: null, ...base, ...scheduleOf(base, DEFAULT_POLICY, today), generated: true, created_at: now, created_by: null, updated_at: now });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < persons.length; i += INSERT_ROWS) await trx.insertInto('persons').values(persons.slice(i, i + INSERT_ROWS) as never).execute();
      for (let i = 0; i < cases.length; i += INSERT_ROWS) await trx.insertInto('care_cases').values(cases.slice(i, i + INSERT_ROWS) as never).execute();
    });
  }
  await sql`analyze`.execute(db);
  const generatedSeconds = round((performance.now() - started) / 1000, 1);
  console.log(`${engine}: generated ${total} persons in care in ${villages} villages in ${generatedSeconds} s`);

  // Baseline: one read of every case.
  let t = performance.now();
  const all = await db.selectFrom('care_cases').select(['area_code', 'id', 'visit_due_on', 'visit_stage', 'next_check_on']).execute();
  const baselineReadAllSeconds = round((performance.now() - t) / 1000, 2);
  const tomorrow = addDays(today, 1);
  const dueTomorrow = all.filter((c) => c.next_check_on !== null && c.next_check_on <= tomorrow).length;
  t = performance.now();
  const sweep = await sweepCare(handle, { today: tomorrow, batch: 2000 });
  const sweepSeconds = round((performance.now() - t) / 1000, 2);
  const loadAtSweep = load();
  console.log(`${engine}: daily sweep of ${tomorrow}: ${sweepSeconds} s (${JSON.stringify(sweep)}); baseline read of every case: ${baselineReadAllSeconds} s; cases with work: ${dueTomorrow}`);

  const day = await latencies(queries, () => repo.dayList(db, codes[Math.floor(random() * codes.length)]!, 100));
  const ids = all.slice(0, 5000);
  const baseline = await latencies(queries, () => repo.caseById(db, ids[Math.floor(random() * ids.length)]!.id));
  console.log(`${engine}: worker's day list of a village: p50 ${day.p50} ms, p99 ${day.p99} ms (target < 50 ms); baseline one case by key: p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`);
  const loadAfter = load();
  console.log(`${engine}: load average (1, 5, 15 min) before ${loadBefore.join(', ')}; at the sweep ${loadAtSweep.join(', ')}; after ${loadAfter.join(', ')}`);
  return {
    cases: total,
    villages,
    generatedSeconds,
    sweep: { seconds: sweepSeconds, targetSeconds: 10, casesWithWork: dueTomorrow, ...sweep },
    baselineReadAllSeconds,
    dayList: { ...day, targetP99Ms: 50 },
    baselineCaseByKey: baseline,
    loadAverage: { before: loadBefore, atSweep: loadAtSweep, after: loadAfter },
  };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const total = option(args, 'cases', 1_000_000);
  const queries = option(args, 'queries', 1000);
  const i = args.indexOf('--engine');
  const engine = i >= 0 ? args[i + 1] : 'both';
  const results: Record<string, unknown> = { cases: total };
  if (engine === 'sqlite' || engine === 'both') {
    const dir = mkdtempSync(join(tmpdir(), 'linli-care-bench-'));
    const handle = createDatabase('sqlite', join(dir, 'care.sqlite'));
    try {
      results.sqlite = await measure(handle, 'SQLite', total, queries);
    } finally {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (engine === 'postgres' || engine === 'both') {
    results.postgres = await withScratchPostgres('care', (handle) => measure(handle, 'PostgreSQL', total, queries));
  }
  return results;
}
