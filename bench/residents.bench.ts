/**
 * `npm run bench -- residents [--import N] [--scale S] [--queries Q]`: the resident registry on
 * SQLite (a fresh database under the temp directory).
 *
 * - seed: 岳西县's generated registry (~300,000 persons) as `npm start` writes it;
 * - search latency p50/p99 over the county as a county official, by pinyin initials, name, ID
 *   number (keyed hash) and phone number, beside the baseline of a substring scan of names and
 *   of decrypting every ID number to compare (what a search without the keyed hash would cost);
 * - identification of the left-behind over the whole county, beside the baseline of only
 *   reading the facts it needs;
 * - import rate of N (default 200,000) persons from CSV (parse, check, encrypt, write, find
 *   flags) beside the baseline of writing the same number of rows through the bulk path alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { withinArea } from '../src/server/db/area-scope.ts';
import type { RequestContext } from '../src/server/http/actor.ts';
import { seedDemo, DEMO_COUNTY } from '../src/server/seed/demo.ts';
import { communityHouseholds, seedDemoRegistry } from '../src/server/seed/demo-residents.ts';
import { identifyLeftBehind } from '../src/engine/residents/left-behind.ts';
import { importPersons } from '../src/server/modules/residents/residents-import.ts';
import { listPersons, residentsDeps } from '../src/server/modules/residents/residents.service.ts';
import { identifyArea, toMember } from '../src/server/modules/residents/left-behind.service.ts';
import { bulkInsert } from '../src/server/modules/residents/residents.repository.ts';
import { RELATION_LABELS, SEX_LABELS, STATUS_LABELS } from '../src/server/modules/residents/residents-files.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { makeIdNumber } from '../src/engine/identity/id-number.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

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

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const importCount = option(args, 'import', 200_000);
  const scale = option(args, 'scale', 1);
  const queries = option(args, 'queries', 400);
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-residents-'));
  const handle = createDatabase('sqlite', join(dir, 'linli.sqlite'));
  const secretKey = randomBytes(32);
  const deps = residentsDeps(handle, secretKey);
  try {
    await migrateToLatest(handle.db);
    let t = performance.now();
    await seedDemo(handle, { secretKey });
    const demoSeconds = (performance.now() - t) / 1000;
    const registry = await seedDemoRegistry(handle, { secretKey, scale });
    console.log(`seed: demo city ${demoSeconds.toFixed(1)} s, registry of ${registry.persons} persons ${registry.seconds.toFixed(1)} s`);
    const admin = await handle.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo-admin').executeTakeFirstOrThrow();
    const ctx = (scope: string): RequestContext => ({ actor: { userId: admin.id, username: admin.username, role: 'admin', scope }, address: 'bench', requestId: 'bench' });

    // ---- search over the county ----
    const sample = await handle.db
      .selectFrom('persons')
      .select(['name', 'name_initials', 'id_number_cipher', 'phone_cipher'])
      .where((eb) => withinArea(eb, 'area_code', DEMO_COUNTY))
      .where('id_number_cipher', 'is not', null)
      .where('phone_cipher', 'is not', null)
      .orderBy('id')
      .limit(5000)
      .execute();
    const random = seededRandom(hashSeed('bench-search'));
    const picks = Array.from({ length: queries }, () => sample[Math.floor(random() * sample.length)]!);
    const texts = picks.map((p, i) => {
      switch (i % 4) {
        case 0:
          return p.name_initials.slice(0, 3);
        case 1:
          return p.name;
        case 2:
          return deps.cipher.decrypt('idNumber', p.id_number_cipher!);
        default:
          return deps.cipher.decrypt('phone', p.phone_cipher!);
      }
    });
    const county = ctx(DEMO_COUNTY);
    await listPersons(deps, county, { q: texts[0]!, limit: 50 });
    const byKind = (kind: number) => latencies(Math.ceil(queries / 4), (i) => listPersons(deps, county, { q: texts[i * 4 + kind] ?? texts[kind]!, limit: 50 }));
    const search = { initials: await byKind(0), name: await byKind(1), idNumber: await byKind(2), phone: await byKind(3) };
    const all = await latencies(queries, (i) => listPersons(deps, county, { q: texts[i]!, limit: 50 }));
    const scan = await latencies(Math.min(100, queries), (i) =>
      handle.db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => withinArea(eb, 'area_code', DEMO_COUNTY))
        .where('name', 'like', `%${picks[i]!.name.slice(1)}%`)
        .executeTakeFirst(),
    );
    t = performance.now();
    const ciphers = await handle.db.selectFrom('persons').select('id_number_cipher').where((eb) => withinArea(eb, 'area_code', DEMO_COUNTY)).where('id_number_cipher', 'is not', null).execute();
    const wanted = texts[2]!;
    let hits = 0;
    for (const c of ciphers) if (deps.cipher.decrypt('idNumber', c.id_number_cipher!) === wanted) hits++;
    const decryptScanMs = performance.now() - t;
    console.log(`search over ${registry.persons} persons: all p50 ${all.p50} ms, p99 ${all.p99} ms (baseline substring scan p50 ${scan.p50} ms; decrypt-and-compare ${decryptScanMs.toFixed(0)} ms, ${hits} hit)`);

    // ---- identification over the county ----
    t = performance.now();
    const facts = await handle.db
      .selectFrom('persons')
      .select(['area_code', 'id', 'household_id', 'sex', 'birth_date', 'relation', 'residence_status', 'migrant_worker', 'away_since', 'disability_grade'])
      .where((eb) => withinArea(eb, 'area_code', DEMO_COUNTY))
      .orderBy('area_code')
      .orderBy('household_id')
      .execute();
    const loadSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    let findings = 0;
    for (let i = 0; i < facts.length; ) {
      let j = i;
      while (j < facts.length && facts[j]!.household_id === facts[i]!.household_id) j++;
      findings += identifyLeftBehind(facts.slice(i, j).map(toMember), '2025-06-30').length;
      i = j;
    }
    const engineSeconds = (performance.now() - t) / 1000;
    const identification = await identifyArea(handle, DEMO_COUNTY);
    console.log(`identification over ${identification.persons} persons: ${identification.seconds.toFixed(2)} s (engine alone ${engineSeconds.toFixed(2)} s, ${findings} findings; baseline reading the facts ${loadSeconds.toFixed(2)} s)`);

    // ---- import ----
    const communities = (await handle.db.selectFrom('areas').select(['code', 'name', 'kind']).where('level', '=', 5).where((eb) => withinArea(eb, 'code', DEMO_COUNTY)).orderBy('code').execute()).map((a) => ({ code: a.code, name: a.name, urban: a.kind === 'urban' }));
    // Numbers issued in another county, so none is on record yet.
    const ids = { next: (() => { let seq = 0; return (birthDate: string, sex: 'male' | 'female') => makeIdNumber('340826', birthDate, sex, (seq += 2) % 1000 + (sex === 'male' ? 1 : 0)); })() };
    const used = new Set<string>();
    const lines = ['户编号,社区代码,住址,姓名,性别,出生日期,身份证号,联系电话,与户主关系,居住状态,外出去向,外出时间,农民工,残疾类别,残疾等级,困难类型'];
    let persons = 0;
    for (let k = 0; persons < importCount; k++) {
      const c = communities[k % communities.length]!;
      const households = communityHouseholds({ ...c, code: c.code }, 200, { ids: { next: () => null } as never, withNumbers: false, county: '340826' });
      for (const [n, h] of households.entries()) {
        for (const m of h.members) {
          if (persons >= importCount) break;
          let id = '';
          for (let tries = 0; tries < 2000 && (!id || used.has(id)); tries++) id = ids.next(m.birthDate, m.sex);
          used.add(id);
          persons++;
          lines.push(
            [`B${k}-${n}`, c.code, h.address, m.name, SEX_LABELS[m.sex], m.birthDate, id, persons % 5 ? `139${String(persons).padStart(8, '0')}` : '', RELATION_LABELS[m.relation], STATUS_LABELS[m.residenceStatus], m.awayTo ?? '', m.awaySince ?? '', m.migrantWorker ? '是' : '否', '', '', ''].join(','),
          );
        }
      }
    }
    const body = Buffer.from(lines.join('\r\n'), 'utf8');
    t = performance.now();
    const report = await importPersons(deps, ctx('3408'), { body, format: 'csv', mode: 'allOrNothing' });
    const importSeconds = (performance.now() - t) / 1000;

    // Baseline: the same number of rows through the bulk path alone, then removed.
    const now = new Date().toISOString();
    const rows = Array.from({ length: importCount }, (_, i) => ({
      area_code: communities[i % communities.length]!.code,
      id: `baseline-${String(i).padStart(9, '0')}`,
      household_id: null,
      name: '基线',
      name_initials: 'jx',
      sex: 'male',
      birth_date: '1980-01-01',
      relation: 'other',
      residence_status: 'local',
      migrant_worker: false,
      accompanying_family: false,
      living_alone: false,
      generated: true,
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    t = performance.now();
    await handle.db.transaction().execute((trx) => bulkInsert(handle, trx, 'persons', rows));
    const baselineSeconds = (performance.now() - t) / 1000;
    await sql`delete from persons where id like 'baseline-%'`.execute(handle.db);
    console.log(`import of ${report.created} persons (${(body.length / 1e6).toFixed(1)} MB CSV): ${importSeconds.toFixed(1)} s, ${Math.round(report.created / importSeconds)}/s (baseline bulk write alone ${baselineSeconds.toFixed(1)} s, ${Math.round(importCount / baselineSeconds)}/s)`);

    return {
      dialect: 'sqlite',
      seed: { demoCitySeconds: round(demoSeconds), registryPersons: registry.persons, registryHouseholds: registry.households, registryFlags: registry.flags, registrySeconds: round(registry.seconds) },
      search: { persons: registry.persons, queries, allMs: all, ...Object.fromEntries(Object.entries(search).map(([k, v]) => [`${k}Ms`, v])), baselineSubstringScanMs: scan, baselineDecryptScanMs: round(decryptScanMs) },
      identification: { persons: identification.persons, households: identification.households, findings: identification.findings, seconds: round(identification.seconds), engineSeconds: round(engineSeconds), baselineReadFactsSeconds: round(loadSeconds) },
      import: { persons: report.created, households: report.households, csvMegabytes: round(body.length / 1e6), seconds: round(importSeconds), perSecond: Math.round(report.created / importSeconds), baselineBulkWriteSeconds: round(baselineSeconds), baselinePerSecond: Math.round(importCount / baselineSeconds), targetSeconds: 60 },
    };
  } finally {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
