/**
 * `npm run bench -- sync [--persons N] [--commands C] [--baseline B]`: the offline app's sync on
 * SQLite (embedded, the default), through the HTTP stack (app.inject) as a village worker's phone.
 *
 * - a village of N (default 2,000) generated persons with their households (ID and phone numbers
 *   encrypted, as the registry holds them) and care cases for one in ten;
 * - the first pull of that village (from no checkpoint, pages of 1,000, until `more` is false):
 *   seconds (target < 3 s) and the serialized size of what it hands the device (target < 20 MB).
 *   The JSON the device receives is the proxy for its storage: the phone keeps each record as that
 *   JSON sealed with AES-GCM (16 bytes of tag and 12 of IV more per record) in IndexedDB;
 *   baseline in the same run: paging the same village through the registry list (GET /persons);
 * - pushing C (default 5,000) queued commands in batches of 200 (person edits, care visits,
 *   volunteer hours): seconds (target < 10 s), then the same outbox pushed again (a replay after
 *   a dropped answer: nothing written); baseline in the same run: B (default 500) of the same edits
 *   made online one by one (PATCH /persons), scaled per command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { newId } from '../src/server/db/ids.ts';
import { seedDemo, DEMO_CITY, DEMO_COUNTY } from '../src/server/seed/demo.ts';
import { communityHouseholds } from '../src/server/seed/demo-residents.ts';
import { saveGeneratedRegistry } from '../src/server/modules/residents/residents-import.ts';
import { residentsDeps } from '../src/server/modules/residents/residents.service.ts';
import { scheduleOf } from '../src/server/modules/care/visit-policy.service.ts';
import { DEFAULT_POLICY } from '../src/engine/care/schedule.ts';
import { groupEndsOn } from '../src/engine/care/groups.ts';
import { addDays } from '../src/engine/care/calendar.ts';
import { makeIdNumber } from '../src/engine/identity/id-number.ts';
import { hashSeed, seededRandom } from '../src/engine/random.ts';
import { DEMO_PASSWORD } from '../src/server/modules/accounts/demo-password.ts';
import { SYNC_LIMITS } from '../src/contracts/sync.ts';
import type { Sex } from '../src/contracts/residents.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);

/** ID numbers of one county, never the same twice (the seed's own generator is private to it). */
class IdNumbers {
  private readonly used = new Set<string>();
  private seq = 0;
  constructor(private readonly county: string) {}
  next(birthDate: string, sex: Sex): string {
    for (;;) {
      const id = makeIdNumber(this.county, birthDate, sex, this.seq++ % 1000);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const target = option(args, 'persons', 2000);
  const commandCount = option(args, 'commands', 5000);
  const baselineCount = option(args, 'baseline', 500);
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-sync-'));
  const file = join(dir, 'linli.sqlite');
  const handle = createDatabase('sqlite', file);
  const secretKey = randomBytes(32);
  const db = handle.db;
  try {
    await migrateToLatest(db);
    let t = performance.now();
    await seedDemo(handle, { secretKey });
    const seedSeconds = round((performance.now() - t) / 1000, 1);

    // ---- a village of another county than the demo one, with its registry and care cases ----
    const village = await db.selectFrom('areas').select(['code', 'name', 'kind']).where('level', '=', 5).where('code', 'like', `${DEMO_CITY}%`).where('code', 'not like', `${DEMO_COUNTY}%`).orderBy('code').executeTakeFirstOrThrow();
    t = performance.now();
    const households = communityHouseholds({ code: village.code, name: village.name, urban: false }, target, {
      ids: new IdNumbers(village.code.slice(0, 6)) as unknown as Parameters<typeof communityHouseholds>[2]['ids'],
      withNumbers: true,
      county: village.code.slice(0, 6),
    });
    const saved = await saveGeneratedRegistry(residentsDeps(handle, secretKey), households);
    const now = new Date().toISOString();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const hash = (await db.selectFrom('users').select('password_hash').where('username', '=', 'demo-worker').executeTakeFirstOrThrow()).password_hash;
    const workerId = newId();
    await db
      .insertInto('users')
      .values({ id: workerId, username: 'bench-field', display_name: '驻村工作者', password_hash: hash, role: 'communityWorker', scope_code: village.code, locked: false, failed_logins: 0, locked_until: null, last_login_at: null, demo: false, version: 1, created_at: now, updated_at: now })
      .execute();
    const persons = await db.selectFrom('persons').select(['id', 'birth_date', 'notes', 'version']).where('area_code', '=', village.code).orderBy('id').execute();
    const random = seededRandom(hashSeed('bench-sync'));
    const cases: Record<string, unknown>[] = [];
    persons.forEach((p, i) => {
      if (i % 10 !== 0) return;
      const child = p.birth_date > addDays(today, -16 * 365);
      const group = child ? 'leftBehindChild' : 'elderlyAlone';
      const base = { status: 'open', risk_level: 'medium', last_visit_on: addDays(today, -Math.floor(random() * 60)), opened_on: addDays(today, -400), group_ends_on: groupEndsOn(group, p.birth_date), group_ended_on: null, next_assessment_on: null };
      cases.push({ area_code: village.code, id: newId(), person_id: p.id, household_id: null, care_group: group, flag_id: null, owner_id: workerId, summary: null, closed_on: null, close_reason: null, ...base, ...scheduleOf(base, DEFAULT_POLICY, today), generated: true, created_at: now, created_by: null, updated_at: now });
    });
    for (let i = 0; i < cases.length; i += 100) await db.insertInto('care_cases').values(cases.slice(i, i + 100) as never).execute();
    const generateSeconds = round((performance.now() - t) / 1000, 1);
    console.log(`seed: demo city ${seedSeconds} s; village ${village.code}: ${saved.persons} persons in ${saved.households} households, ${cases.length} care cases in ${generateSeconds} s`);

    // ---- the worker's phone, through HTTP ----
    const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: dir, databaseUrl: `sqlite:${file}`, secretKey, syncSettleMs: 0 });
    const app = await buildApp(config, handle);
    await app.ready();
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-field', password: DEMO_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
      const headers = { cookie: `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`, 'x-csrf-token': login.json().csrfToken as string };
      const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
      const send = (method: 'POST' | 'PATCH', url: string, payload: unknown) => app.inject({ method, url: `/api/v1${url}`, headers, payload: payload as Record<string, unknown> });
      const device = (await send('POST', '/sync/devices', { name: 'bench phone' })).json().id as string;
      const volunteer = (await send('POST', '/volunteers', { areaCode: village.code, name: '刘志愿', skills: ['陪伴'] })).json().id as string;

      // First pull of the village.
      t = performance.now();
      let checkpoint: string | undefined;
      let pulled = 0;
      let pages = 0;
      let pullBytes = 0;
      let dayCases = 0;
      for (;;) {
        const r = await get(`/sync/pull?deviceId=${device}&limit=${SYNC_LIMITS.pullMax}${checkpoint ? `&checkpoint=${encodeURIComponent(checkpoint)}` : ''}`);
        if (r.statusCode !== 200) throw new Error(`pull: ${r.statusCode} ${r.body}`);
        pullBytes += Buffer.byteLength(r.body);
        const body = r.json();
        pulled += body.changes.length;
        pages++;
        if (body.day) dayCases = body.day.items.length;
        checkpoint = body.checkpoint;
        if (!body.more) break;
      }
      const pullSeconds = round((performance.now() - t) / 1000, 2);
      t = performance.now();
      let listed = 0;
      let listBytes = 0;
      for (let cursor: string | null = null; ; ) {
        const r = await get(`/persons?area=${village.code}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (r.statusCode !== 200) throw new Error(`list: ${r.statusCode} ${r.body}`);
        listBytes += Buffer.byteLength(r.body);
        const body = r.json() as { items: unknown[]; nextCursor: string | null };
        listed += body.items.length;
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      const listSeconds = round((performance.now() - t) / 1000, 2);
      console.log(
        `first pull of the village: ${pulled} persons (+ ${dayCases} visits due on the day list) in ${pages} pages, ${pullSeconds} s (target < 3 s), ${mb(pullBytes)} MB serialized (target < 20 MB: the device keeps it as sealed JSON); baseline paging the registry list of the same village (500 a page): ${listed} persons, ${listSeconds} s, ${mb(listBytes)} MB`,
      );

      // Push a full outbox.
      const command = (i: number, fields: Record<string, unknown>) => ({ id: uuidv7(), idempotencyKey: `bench-${i}-${uuidv7()}`, deviceId: device, userId: workerId, createdAt: new Date().toISOString(), ...fields });
      const commands: Record<string, unknown>[] = [];
      const edits = Math.min(persons.length, Math.round(commandCount * 0.4));
      for (let i = 0; i < edits; i++) {
        const p = persons[i]!;
        commands.push(command(i, { kind: 'person.update', recordId: p.id, baseVersion: p.version, fields: { notes: { base: p.notes, value: `走访记录 ${i}` }, livingAlone: { base: false, value: true } } }));
      }
      const rest = commandCount - commands.length;
      for (let i = 0; i < rest; i++) {
        if (i < rest / 2 && cases.length) {
          const c = cases[i % cases.length]!;
          commands.push(command(commands.length, { kind: 'careVisit.record', caseId: c.id, visit: { visitedOn: addDays(today, -Math.floor(random() * 5)), mode: 'home', findings: { safety: { rating: 0 }, health: { rating: 1, note: '腿脚不便' } }, actions: '联系村医' } }));
        } else {
          commands.push(command(commands.length, { kind: 'volunteerHours.record', volunteerId: volunteer, hours: { serviceDate: addDays(today, -Math.floor(random() * 20)), minutes: 60, activity: `陪伴老人 ${i}` } }));
        }
      }
      /** Pushes the outbox in batches; the milliseconds each kind took, per command. */
      const pushAll = async () => {
        const tally: Record<string, number> = {};
        const spent: Record<string, number> = {};
        const counted: Record<string, number> = {};
        for (let i = 0; i < commands.length; i += SYNC_LIMITS.pushMax) {
          const batch = commands.slice(i, i + SYNC_LIMITS.pushMax);
          const started = performance.now();
          const r = await send('POST', '/sync/push', { deviceId: device, commands: batch });
          const ms = performance.now() - started;
          if (r.statusCode !== 200) throw new Error(`push: ${r.statusCode} ${r.body.slice(0, 500)}`);
          for (const c of batch) {
            const kind = c.kind as string;
            spent[kind] = (spent[kind] ?? 0) + ms / batch.length;
            counted[kind] = (counted[kind] ?? 0) + 1;
          }
          for (const result of r.json().results as { status: string; replayed: boolean; error: unknown }[]) {
            const k = `${result.status}${result.replayed ? ' (replayed)' : ''}`;
            tally[k] = (tally[k] ?? 0) + 1;
            if (result.status !== 'applied') throw new Error(`command not applied: ${JSON.stringify(result)}`);
          }
        }
        return { tally, msPerCommand: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, round(v / counted[k]!)])) };
      };
      t = performance.now();
      const pushed = await pushAll();
      const pushSeconds = round((performance.now() - t) / 1000, 2);
      t = performance.now();
      const replayed = await pushAll();
      const replaySeconds = round((performance.now() - t) / 1000, 2);
      const visits = Number((await db.selectFrom('care_visits').select((eb) => eb.fn.countAll<number>().as('n')).where('area_code', '=', village.code).executeTakeFirstOrThrow()).n);
      const hours = Number((await db.selectFrom('volunteer_hours').select((eb) => eb.fn.countAll<number>().as('n')).where('volunteer_id', '=', volunteer).executeTakeFirstOrThrow()).n);

      // Baseline: the same kind of edit made online, one request each.
      const fresh = persons.slice(0, baselineCount);
      t = performance.now();
      for (const p of fresh) {
        const current = (await get(`/persons/${p.id}`)).json();
        const r = await send('PATCH', `/persons/${p.id}`, { version: current.version, notes: '在线修改', livingAlone: true });
        if (r.statusCode !== 200) throw new Error(`patch: ${r.statusCode} ${r.body}`);
      }
      const onlineSeconds = (performance.now() - t) / 1000;
      const onlinePerCommandMs = round((onlineSeconds * 1000) / fresh.length);
      console.log(
        `push of ${commands.length} queued commands (${edits} person edits, then care visits, then volunteer hours) in batches of ${SYNC_LIMITS.pushMax}: ${pushSeconds} s (target < 10 s; ms a command by kind ${JSON.stringify(pushed.msPerCommand)}; ${JSON.stringify(pushed.tally)}); the same outbox again (a replay): ${replaySeconds} s, ${JSON.stringify(replayed.tally)}; on the server: ${visits} visits, ${hours} hours; baseline the same edit online (GET + PATCH /persons) ×${fresh.length}: ${onlinePerCommandMs} ms an edit`,
      );
      return {
        persons: saved.persons,
        households: saved.households,
        careCases: cases.length,
        seedSeconds,
        firstPull: { seconds: pullSeconds, targetSeconds: 3, pages, persons: pulled, dayListCases: dayCases, serializedMB: mb(pullBytes), targetMB: 20, storageProxy: 'serialized JSON of the pull pages (the device seals each record as this JSON with AES-GCM)' },
        baselineRegistryList: { seconds: listSeconds, persons: listed, serializedMB: mb(listBytes) },
        push: { commands: commands.length, seconds: pushSeconds, targetSeconds: 10, msPerCommand: round((pushSeconds * 1000) / commands.length), msPerCommandByKind: pushed.msPerCommand, results: pushed.tally },
        replay: { seconds: replaySeconds, results: replayed.tally },
        written: { visits, hours },
        baselineOnlineEdit: { edits: fresh.length, msPerEdit: onlinePerCommandMs },
      };
    } finally {
      await app.close();
    }
  } finally {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
