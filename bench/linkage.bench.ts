/**
 * `npm run bench -- linkage [--projects N] [--attendance A] [--queries Q]`: the tri-party linkage
 * (三社联动) on SQLite and PostgreSQL (when one answers on 127.0.0.1:5432).
 *
 * Generated straight into the tables (for speed): N (default 10,000) projects over four counties,
 * each from a need, with its design (communities, budget lines, indicator, phase), a call with
 * three bids, a complaint on every fifth, and — for the seven in ten that reached delivery — a
 * contract with payment milestones, milestones with evidence, results, spending, twelve activities
 * and A (default 1,000,000) attendance records person by person from the registry; one in ten is
 * closed with an evaluation round.
 *
 * - the chain page, GET /linkage/projects/{id}/chain through the HTTP stack, Q (default 500)
 *   random projects: p50/p99, target p99 < 50 ms; baseline in the same run: GET
 *   /linkage/projects/{id} (the project's design) of the same projects.
 * - a county's OCDS release package, GET /open-contracting/releases?area=<county> (a quarter of the
 *   projects): target < 2 s; baselines in the same run: one process's package (?ocid=) and merely
 *   reading the county's project rows.
 *
 * Smaller runs for iterating: `npm run bench -- linkage --projects 1000 --attendance 100000`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase, type DatabaseHandle, type Db } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { newId } from '../src/server/db/ids.ts';
import { hashPassword } from '../src/server/modules/accounts/password.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { option, withScratchPostgres } from './support.ts';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;


/** Milliseconds of this process's CPU (user + system) since `from`: the work itself, whatever else the machine runs. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

async function latencies(n: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; max: number; n: number; cpuMsEach: number }> {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  const cpuMsEach = round(cpuMs(cpu) / n, 2);
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50), 2), p99: round(percentile(times, 99), 2), max: round(times.at(-1)!, 2), n, cpuMsEach };
}

const COUNTIES = ['340822', '340825', '340827', '340828'];
const TOWNSHIPS = 10;
const VILLAGES = 15;
const PERSONS_PER_VILLAGE = 100;
const ORGANIZATIONS_PER_COUNTY = 20;
const ACTIVITIES_PER_PROJECT = 12;
const PASSWORD = 'bench-linkage-Pa55word!';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const instant = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();

type Row = Record<string, unknown>;

/** Rows per table, written in chunks sized under both engines' parameter limits. */
class Writer {
  private readonly rows = new Map<string, Row[]>();
  constructor(private readonly db: Db) {}
  add(table: string, row: Row): void {
    const list = this.rows.get(table);
    if (list) list.push(row);
    else this.rows.set(table, [row]);
  }
  async flush(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [table, rows] of this.rows) {
        const size = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
        for (let i = 0; i < rows.length; i += size) await trx.insertInto(table as never).values(rows.slice(i, i + size) as never).execute();
      }
    });
    this.rows.clear();
  }
}

interface Generated {
  seconds: number;
  projects: number;
  attendance: number;
  activities: number;
  bids: number;
  villages: number;
  persons: number;
  delivered: string[];
}

export async function generate(db: Db, projects: number, attendance: number): Promise<Generated> {
  const started = performance.now();
  const random = seededRandom(hashSeed('linkage-bench'));
  const now = new Date().toISOString();
  const w = new Writer(db);
  const area = (code: string, parent: string | null, level: number, name: string) => ({ code, parent_code: parent, level, name, kind: level === 5 ? 'rural' : null, kind_override: null, urban_rural_code: level === 5 ? '220' : null, lon: null, lat: null, search_initials: '', search_pinyin: '', generated: true });
  w.add('areas', area('34', null, 1, '安徽省'));
  w.add('areas', area('3408', '34', 2, '安庆市'));
  const villages: string[] = [];
  for (const county of COUNTIES) {
    w.add('areas', area(county, '3408', 3, `县${county}`));
    for (let t = 0; t < TOWNSHIPS; t++) {
      const township = `${county}${String(100 + t).padStart(3, '0')}`;
      w.add('areas', area(township, county, 4, `镇${township}`));
      for (let v = 0; v < VILLAGES; v++) {
        const village = `${township}${String(200 + v).padStart(3, '0')}`;
        villages.push(village);
        w.add('areas', area(village, township, 5, `村${village}`));
      }
    }
  }
  await w.flush();
  const admin = newId();
  await db.insertInto('users').values({ id: admin, username: 'bench-linkage-admin', display_name: '管理员', password_hash: await hashPassword(PASSWORD), role: 'admin', scope_code: '34', locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now }).execute();
  // The registry: persons of every village, organizations of every county.
  const personsOf = new Map<string, string[]>();
  for (const village of villages) {
    const ids: string[] = [];
    for (let i = 0; i < PERSONS_PER_VILLAGE; i++) {
      const id = newId();
      ids.push(id);
      w.add('persons', { area_code: village, id, household_id: null, name: `居民${i}`, name_initials: 'jm', sex: i % 2 ? 'male' : 'female', birth_date: day(-Math.floor((5 + random() * 70) * 365)), relation: 'head', residence_status: 'local', migrant_worker: false, accompanying_family: false, living_alone: false, generated: true, version: 1, created_at: now, updated_at: now });
    }
    personsOf.set(village, ids);
  }
  const orgsOf = new Map<string, { id: string; area: string }[]>();
  for (const county of COUNTIES) {
    const list = [];
    for (let i = 0; i < ORGANIZATIONS_PER_COUNTY; i++) {
      const id = newId();
      list.push({ id, area: county });
      w.add('organizations', { area_code: county, id, name: `社工服务中心${county}-${i}`, name_initials: 'sg', name_pinyin: 'shegong', credit_code: null, management: 'registered', registered_kind: 'socialServiceAgency', nature: 'service', fields: '[]', status: 'active', status_date: day(-800), founded_on: null, address: null, description: null, generated: true, version: 1, created_at: now, updated_at: now });
    }
    orgsOf.set(county, list);
  }
  await w.flush();

  // Seven in ten projects reach delivery (six delivering, one closed); attendance spreads over them.
  const deliveredCount = Array.from({ length: projects }, (_, i) => i % 10).filter((k) => k >= 2 && k !== 8).length;
  const perActivity = Math.min(PERSONS_PER_VILLAGE, Math.max(1, Math.round(attendance / Math.max(1, deliveredCount) / ACTIVITIES_PER_PROJECT)));
  let attendanceRows = 0;
  let activityRows = 0;
  let bidRows = 0;
  const delivered: string[] = [];
  const batch = 250;
  for (let start = 0; start < projects; start += batch) {
    for (let i = start; i < Math.min(projects, start + batch); i++) {
      const village = villages[i % villages.length]!;
      const county = village.slice(0, 6);
      const kind = i % 10;
      const status = kind === 0 ? 'calling' : kind === 1 ? 'awarded' : kind === 8 ? 'contracted' : kind === 9 ? 'closed' : 'delivering';
      const projectId = newId();
      const needId = newId();
      w.add('linkage_needs', { area_code: village, id: needId, category: 'children', title: `需求${i}`, description: '留守儿童暑期无人看护', photo: null, channel: 'worker', evidence_kind: 'meeting', evidence: '村民议事会', status: 'takenUp', merged_into_id: null, supports: 5, raised_by_user_id: null, raised_by_person_id: null, recorded_by_user_id: null, created_at: instant(-200), updated_at: instant(-190) });
      w.add('linkage_projects', { area_code: village, id: projectId, title: `项目${i}`, summary: '暑期课堂与家访', objectives: '让留守儿童暑期有人陪伴', target_group: '本村确认的留守儿童', target_kind: 'leftBehindChild', funding_source: 'governmentPurchase', budget_cents: 8_000_000, required_statuses: JSON.stringify(['registered', 'active']), required_grade: null, status, starts_on: day(-120), ends_on: day(60), created_by: null, created_at: instant(-180), updated_at: now });
      w.add('linkage_project_needs', { area_code: village, project_id: projectId, need_area_code: village, need_id: needId });
      w.add('linkage_project_communities', { area_code: village, project_id: projectId, community_code: village });
      const lines = [newId(), newId()];
      w.add('linkage_budget_lines', { area_code: village, project_id: projectId, id: lines[0], position: 1, title: '人员', amount_cents: 6_000_000 });
      w.add('linkage_budget_lines', { area_code: village, project_id: projectId, id: lines[1], position: 2, title: '物料', amount_cents: 2_000_000 });
      const indicatorId = newId();
      w.add('linkage_indicators', { area_code: village, project_id: projectId, id: indicatorId, position: 1, kind: 'output', name: '陪伴课堂', unit: '次', target: 40 });
      w.add('linkage_phases', { area_code: village, project_id: projectId, id: newId(), position: 1, title: '执行', starts_on: day(-120), ends_on: day(60) });
      const callId = newId();
      const orgs = orgsOf.get(county)!;
      const bidders = [0, 1, 2].map((k) => orgs[(i + k * 7) % orgs.length]!);
      const bidIds = bidders.map(() => newId());
      const awarded = kind !== 0;
      const callStatus = kind === 0 ? 'open' : kind === 1 ? 'awarded' : 'contracted';
      w.add('linkage_calls', { area_code: village, project_id: projectId, id: callId, mode: 'open', status: callStatus, questions_until: instant(-170), submission_deadline: kind === 0 ? instant(10) : instant(-165), evaluation_until: instant(-160), notice_until: instant(-155), contract_by: instant(-150), score_max: 100, drop_extremes: false, awarded_bid_id: awarded ? bidIds[0] : null, opened_at: instant(-175), evaluation_closed_at: awarded ? instant(-160) : null, awarded_at: awarded ? instant(-158) : null, created_by: null, created_at: instant(-175), updated_at: now });
      bidders.forEach((o, k) => {
        w.add('linkage_bids', { area_code: village, call_id: callId, id: bidIds[k], organization_id: o.id, organization_area_code: o.area, proposal_title: `方案${k}`, proposal: '每周两次课堂', budget_cents: 7_500_000 + k * 100_000, volunteers_planned: 5, status: !awarded ? 'submitted' : k === 0 ? 'awarded' : 'notAwarded', eligibility: '{}', score: awarded ? 90 - k * 5 : null, rank: awarded ? k + 1 : null, submitted_by: null, submitted_at: instant(-166) });
      });
      bidRows += 3;
      if (i % 5 === 0) {
        w.add('linkage_complaints', { area_code: village, call_id: callId, id: newId(), organization_id: bidders[1]!.id, user_id: null, subject: '评分是否公开', body: '希望公开评分细则', state: 'resolved', answer: '评分细则已公开', answered_at: instant(-156), decision: 'resolved', decided_at: instant(-156), created_at: instant(-157), updated_at: now });
      }
      if (kind < 2) continue;
      const contractId = newId();
      w.add('linkage_contracts', { area_code: village, call_id: callId, id: contractId, project_id: projectId, bid_id: bidIds[0], organization_id: bidders[0]!.id, organization_area_code: bidders[0]!.area, amount_cents: 7_500_000, signed_on: day(-150), starts_on: day(-149), ends_on: day(60), created_by: null, created_at: instant(-150) });
      w.add('linkage_payment_milestones', { area_code: village, contract_id: contractId, id: newId(), position: 1, title: '首期款', due_on: day(-148), amount_cents: 3_750_000, paid_on: day(-148) });
      w.add('linkage_payment_milestones', { area_code: village, contract_id: contractId, id: newId(), position: 2, title: '尾款', due_on: day(60), amount_cents: 3_750_000, paid_on: kind === 9 ? day(-1) : null });
      if (kind === 8) continue;
      delivered.push(projectId);
      for (let m = 0; m < 3; m++) {
        const milestoneId = newId();
        const met = m === 0 || kind === 9;
        w.add('linkage_milestones', { area_code: village, project_id: projectId, id: milestoneId, position: m + 1, title: `里程碑${m + 1}`, weight: 1, due_on: day(-100 + m * 50), status: met ? 'met' : 'scheduled', met_on: met ? day(-100 + m * 50) : null, note: null, created_at: instant(-140), updated_at: now });
        if (met) w.add('linkage_milestone_evidence', { area_code: village, milestone_id: milestoneId, id: newId(), kind: 'photo', sha256: '0'.repeat(64), media_type: 'image/png', size_bytes: 68, title: '活动照片', added_at: instant(-90), added_by: null });
      }
      w.add('linkage_results', { area_code: village, project_id: projectId, indicator_id: indicatorId, weight: 1, achieved: 12 + (i % 20), updated_at: now, updated_by: null });
      w.add('linkage_expenditures', { area_code: village, project_id: projectId, id: newId(), budget_line_id: lines[1], amount_cents: 500_000, spent_on: day(-60), description: '物料', recorded_at: now, recorded_by: null });
      const persons = personsOf.get(village)!;
      for (let a = 0; a < ACTIVITIES_PER_PROJECT; a++) {
        const activityId = newId();
        const offset = Math.floor(random() * persons.length);
        w.add('linkage_activities', { area_code: village, id: activityId, project_id: projectId, held_on: day(-140 + a * 10), kind: 'class', title: `课堂${a + 1}`, place: '村委会活动室', facility_area_code: null, facility_id: null, community_code: village, attendance: perActivity, left_behind_children: Math.floor(perActivity / 4), volunteer_minutes: 0, notes: null, created_by: null, created_at: now, updated_at: now });
        for (let k = 0; k < perActivity; k++) {
          w.add('linkage_attendance', { area_code: village, project_id: projectId, activity_id: activityId, person_id: persons[(offset + k) % persons.length]!, person_area_code: village, left_behind_child: k % 4 === 0, recorded_at: now, recorded_by: null });
        }
        attendanceRows += perActivity;
        activityRows++;
      }
      if (kind === 9) {
        const roundId = newId();
        w.add('linkage_evaluation_rounds', { area_code: village, project_id: projectId, id: roundId, title: '结项评估', status: 'closed', template: JSON.stringify([{ kind: 'residents', weight: 30 }, { kind: 'committee', weight: 20 }, { kind: 'funder', weight: 20 }, { kind: 'evaluator', weight: 30 }]), final: true, final_score: 85, grade: 'good', credit_recorded: true, opened_at: instant(-10), opened_by: null, closed_at: instant(-2) });
        for (const [k, kindOf] of (['residents', 'committee', 'funder', 'evaluator'] as const).entries()) {
          w.add('linkage_evaluation_responses', { area_code: village, round_id: roundId, id: newId(), rater_kind: kindOf, respondent_key: `user:${k}`, person_id: kindOf === 'residents' ? persons[0] : null, person_area_code: kindOf === 'residents' ? village : null, user_id: null, rating: kindOf === 'residents' ? 4 : null, score: kindOf === 'residents' ? 75 : 85, comment: null, at: instant(-3) });
        }
      }
    }
    await w.flush();
  }
  const seconds = round((performance.now() - started) / 1000);
  return { seconds, projects, attendance: attendanceRows, activities: activityRows, bids: bidRows, villages: villages.length, persons: villages.length * PERSONS_PER_VILLAGE, delivered };
}

async function measure(handle: DatabaseHandle, databaseUrl: string, dir: string, options: { projects: number; attendance: number; queries: number }): Promise<Record<string, unknown>> {
  const { db } = handle;
  await migrateToLatest(db);
  const generated = await generate(db, options.projects, options.attendance);
  await sql.raw(handle.dialect === 'postgres' ? 'analyze' : 'analyze').execute(db);
  console.log(`  generated ${generated.projects} projects (${generated.bids} bids, ${generated.activities} activities, ${generated.attendance} attendance records, ${generated.persons} persons in ${generated.villages} villages) in ${generated.seconds} s`);

  const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, databaseUrl, secretKey: randomBytes(32) });
  const app = await buildApp(config, handle);
  await app.ready();
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-linkage-admin', password: PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
    const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
    const get = async (url: string, headers: Record<string, string> = { cookie }) => {
      const r = await app.inject({ method: 'GET', url, headers });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r;
    };
    const random = seededRandom(hashSeed('linkage-bench-queries'));
    const ids = Array.from({ length: options.queries }, () => generated.delivered[Math.floor(random() * generated.delivered.length)]!);
    for (let i = 0; i < 20; i++) await get(`/api/v1/linkage/projects/${ids[i % ids.length]}/chain`);
    const steps = (await get(`/api/v1/linkage/projects/${ids[0]}/chain`)).json().steps.length as number;
    const chain = await latencies(ids.length, (i) => get(`/api/v1/linkage/projects/${ids[i]}/chain`));
    const design = await latencies(ids.length, (i) => get(`/api/v1/linkage/projects/${ids[i]}`));
    console.log(`  chain page (GET /linkage/projects/{id}/chain, ${steps} steps): p50 ${chain.p50} ms, p99 ${chain.p99} ms (target p99 < 50 ms; CPU ${chain.cpuMsEach} ms each)   baseline the project's design (GET /linkage/projects/{id}): p50 ${design.p50} ms, p99 ${design.p99} ms (CPU ${design.cpuMsEach} ms each)`);

    // A county's package, built afresh: the first request of each county (the server keeps an
    // area's package for the minute its Cache-Control allows); then asked again within the minute.
    const county = COUNTIES.at(-1)!;
    const countyProjects = Number((await db.selectFrom('linkage_projects').select((eb) => eb.fn.countAll<number>().as('n')).where('area_code', 'like', `${county}%`).executeTakeFirstOrThrow()).n);
    const cold: number[] = [];
    const coldCpu: number[] = [];
    let bytes = 0;
    let releases = 0;
    for (const code of [...COUNTIES].reverse()) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const r = await get(`/api/v1/open-contracting/releases?area=${code}`, {});
      cold.push(performance.now() - t);
      coldCpu.push(cpuMs(cpu));
      if (code === county) {
        bytes = r.rawPayload.length;
        releases = (JSON.parse(r.body) as { releases: unknown[] }).releases.length;
      }
    }
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await get(`/api/v1/open-contracting/releases?area=${county}`, {});
      warm.push(performance.now() - t);
    }
    cold.sort((a, b) => a - b);
    coldCpu.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    const ocid = `${config.ocdsOcidPrefix}-${ids[0]}`;
    const one = await latencies(20, () => get(`/api/v1/open-contracting/releases?ocid=${ocid}`, {}));
    const t = performance.now();
    await db.selectFrom('linkage_projects').selectAll().where('area_code', 'like', `${county}%`).execute();
    const readRowsMs = round(performance.now() - t, 2);
    const countyMs = { coldMedian: round((cold[1]! + cold[2]!) / 2), coldMax: round(cold.at(-1)!), coldCpuMedian: round((coldCpu[1]! + coldCpu[2]!) / 2), cachedMedian: round(warm[2]!, 2) };
    console.log(`  OCDS package of a county (${countyProjects} projects, ${releases} releases, ${round(bytes / 1_048_576)} MB): built afresh median ${countyMs.coldMedian} ms, max ${countyMs.coldMax} ms over the 4 counties (target < 2000 ms; CPU ${countyMs.coldCpuMedian} ms); again within the minute ${countyMs.cachedMedian} ms   baselines: one process (?ocid=) p50 ${one.p50} ms; reading the county's project rows ${readRowsMs} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
    return {
      generated: { ...generated, delivered: generated.delivered.length },
      chain: { ...chain, steps, targetP99Ms: 50 },
      baselineProjectDesign: design,
      countyPackage: { county, projects: countyProjects, releases, bytes, ms: countyMs, targetMs: 2000 },
      baselineOneProcess: one,
      baselineReadCountyProjectsMs: readRowsMs,
      loadAverage: loadavg(),
      cpus: cpus().length,
    };
  } finally {
    await app.close();
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = { projects: option(args, 'projects', 10_000), attendance: option(args, 'attendance', 1_000_000), queries: option(args, 'queries', 500) };
  const results: Record<string, unknown> = { options };
  const only = args.includes('--sqlite') ? 'sqlite' : args.includes('--postgres') ? 'postgres' : null;
  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'linli-bench-linkage-'));
    const file = join(dir, 'linli.sqlite');
    const sqlite = createDatabase('sqlite', file);
    try {
      console.log('SQLite:');
      results.sqlite = await measure(sqlite, `sqlite:${file}`, dir, options);
    } finally {
      await sqlite.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only === 'sqlite') results.postgres = null;
  else {
    results.postgres = await withScratchPostgres('linkage', async (handle, url) => {
      const dir = mkdtempSync(join(tmpdir(), 'linli-bench-linkage-'));
      try {
        console.log('PostgreSQL:');
        return await measure(handle, url, dir, options);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  return results;
}
