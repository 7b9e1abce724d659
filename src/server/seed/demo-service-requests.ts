/**
 * Generated service requests (办件), all marked `generated`: a small set in the demo village (the
 * demo resident's own among them) that every demo database has, and a year of requests across a
 * county that `npm start` adds so that the queues, the officials' figures and the two indicators
 * (on time, satisfaction) have data. The benchmark uses the same generator over the whole city.
 *
 * The histories follow the rules the service applies (the deciding unit by the item's level, the
 * working-day limits of the national calendar, 补正 pauses, the sweep's stages as of now), written
 * straight to the tables in batches: seconds, not minutes.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../../engine/calendar/working-days.ts';
import { chinaDate, endOfChinaDay, startOfChinaDay, warningDays } from '../../engine/services/request-clocks.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import type { Channel, DecisionLevel, EventKind, RequestStatus } from '../../contracts/service-requests.ts';
import type { ServiceRequestEventsTable, ServiceRequestsTable } from '../db/tables/service-requests.ts';
import { nationalCalendar } from '../modules/services/national-calendar.ts';
import { effectiveCatalog } from '../modules/services/catalog.service.ts';
import { ACCEPTANCE_DAYS, requestNumber, unitOf } from '../modules/services/requests.schema.ts';
import { NameGenerator } from './demo-residents.ts';

type Random = () => number;
type NewRequest = Omit<ServiceRequestsTable, 'open' | 'decided_on_time' | 'rating_by_agent' | 'calendar_fallback' | 'generated'> & {
  open: boolean;
  decided_on_time: boolean | null;
  rating_by_agent: boolean | null;
  calendar_fallback: boolean;
  generated: boolean;
};

export interface GeneratorItem {
  code: string;
  name: string;
  decidingLevel: DecisionLevel;
  committedDays: number;
  channels: readonly Channel[];
  materials: readonly { key: string; required: boolean }[];
}

export interface GeneratorApplicant {
  personId: string | null;
  userId: string | null;
  name: string;
  areaCode: string;
}

export interface GenerateOptions {
  random: Random;
  items: readonly GeneratorItem[];
  /** Applicants by community; a community without any gets generated names. */
  communities: readonly string[];
  applicants?: ReadonlyMap<string, readonly GeneratorApplicant[]>;
  count: number;
  /** Submissions fall in [from, now). */
  from: number;
  now: number;
  /** Write the timeline events too (the benchmark leaves them out). */
  events: boolean;
  warningShare?: number;
  escalateAboveAfterDays?: number;
}

const DAY_MS = 86_400_000;
const CHANNEL_WEIGHTS: Record<Channel, number> = { window: 0.45, online: 0.25, agent: 0.2, phone: 0.1 };
const SCORES = [
  [5, 0.55],
  [4, 0.28],
  [3, 0.1],
  [2, 0.05],
  [1, 0.02],
] as const;

/** Working-day arithmetic of one calendar, remembered: a year of requests asks the same few hundred questions. */
function memoCalendar(cal: WorkingCalendar) {
  const added = new Map<string, string>();
  const between = new Map<string, number>();
  return {
    add(day: string, n: number): string {
      const key = `${day}+${n}`;
      let value = added.get(key);
      if (value === undefined) added.set(key, (value = addWorkingDays(cal, day, n).value));
      return value;
    },
    between(from: string, to: string): number {
      const key = `${from}:${to}`;
      let value = between.get(key);
      if (value === undefined) between.set(key, (value = workingDaysBetween(cal, from, to).value));
      return value;
    },
  };
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** An instant on `day` in office hours (08:30–17:30 China time). */
function officeTime(random: Random, day: string): string {
  const minutes = 30 + Math.floor(random() * 540);
  return new Date(Date.parse(startOfChinaDay(day)) + (8 * 60 + minutes) * 60_000).toISOString();
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * Requests with their histories up to `now`. Deterministic for a given random sequence (ids
 * aside, which are UUIDv7 of the moment they are made).
 */
export function generateRequests(options: GenerateOptions): { requests: NewRequest[]; events: ServiceRequestEventsTable[] } {
  const { random, items, communities } = options;
  const cal = memoCalendar(nationalCalendar());
  const share = options.warningShare ?? 0.8;
  const above = options.escalateAboveAfterDays ?? 2;
  const names = new NameGenerator(random);
  const nowIso = new Date(options.now).toISOString();
  const today = chinaDate(nowIso);
  const requests: NewRequest[] = [];
  const events: ServiceRequestEventsTable[] = [];
  const span = options.now - options.from;
  for (let n = 0; n < options.count; n++) {
    const community = pick(random, communities);
    const known = options.applicants?.get(community);
    const applicant: GeneratorApplicant =
      known && known.length > 0 ? pick(random, known) : { personId: null, userId: null, name: names.surname() + names.given(random() < 0.5 ? 'male' : 'female'), areaCode: community };
    const item = pick(random, items);
    const channels = item.channels.filter((c) => c !== 'online' || applicant.userId !== null || random() < 0.6);
    let channel: Channel = channels[0] ?? 'window';
    let roll = random() * channels.reduce((s, c) => s + CHANNEL_WEIGHTS[c], 0);
    for (const c of channels) {
      roll -= CHANNEL_WEIGHTS[c];
      if (roll <= 0) {
        channel = c;
        break;
      }
    }
    // Submitted on a working day (the next one when the draw falls on a day off).
    let submitDay = chinaDate(new Date(options.from + random() * span).toISOString());
    if (cal.between(addDays(submitDay, -1), submitDay) === 0) submitDay = cal.add(submitDay, 1);
    if (submitDay > today) continue;
    const submittedAt = officeTime(random, submitDay);
    if (submittedAt >= nowIso) continue;
    const id = newId();
    const unit = unitOf(community, item.decidingLevel);
    const row: NewRequest = {
      area_code: community,
      id,
      number: requestNumber(id, submittedAt),
      item_code: item.code,
      item_name: item.name,
      deciding_level: item.decidingLevel,
      unit_code: unit,
      channel,
      status: 'submitted',
      outcome: null,
      open: true,
      applicant_person_id: applicant.personId,
      applicant_user_id: channel === 'online' ? applicant.userId : null,
      applicant_name: applicant.name,
      submitted_by_user_id: null,
      submitted_by_name: channel === 'online' ? applicant.name : channel === 'agent' ? '村代办员' : channel === 'phone' ? '热线坐席' : '窗口工作人员',
      submitted_by_role: channel === 'online' ? 'resident' : channel === 'agent' ? 'agent' : 'communityWorker',
      mandate_id: null,
      form_values: '{}',
      materials: JSON.stringify(item.materials.filter((m) => m.required).map((m) => ({ material: m.key, received: channel !== 'online' }))),
      assignee_user_id: null,
      assignee_name: null,
      acceptance_days: ACCEPTANCE_DAYS,
      committed_days: item.committedDays,
      submitted_at: submittedAt,
      arrived_at: submittedAt,
      accepted_at: null,
      decided_at: null,
      delivered_at: null,
      closed_at: null,
      pauses: '[]',
      due_at: null,
      stage: 0,
      next_check_at: null,
      decided_on_time: null,
      decision_reason: null,
      not_accepted_reason: null,
      duplicate_of: null,
      rating_score: null,
      rating_comment: null,
      rating_by_agent: null,
      rated_at: null,
      reopened_at: null,
      calendar_fallback: false,
      generated: true,
      version: 1,
      created_at: submittedAt,
      updated_at: submittedAt,
    };
    const timeline: { kind: EventKind; at: string; from: RequestStatus | null; to: RequestStatus | null; note?: string; details?: Record<string, unknown> }[] = [
      { kind: 'submitted', at: submittedAt, from: null, to: 'submitted', details: { channel, unitCode: unit } },
    ];
    const move = (kind: EventKind, at: string, to: RequestStatus, note?: string, details?: Record<string, unknown>) => {
      timeline.push({ kind, at, from: row.status as RequestStatus, to, note, details });
      row.status = to;
      row.updated_at = at;
    };
    // Acceptance: the same or a following working day, now and then late.
    const acceptAfter = random() < 0.93 ? Math.floor(random() * 2) : 2 + Math.floor(random() * 3);
    const acceptDay = cal.add(submitDay, acceptAfter);
    const acceptanceDueDay = cal.add(submitDay, ACCEPTANCE_DAYS);
    const acceptedAt = maxIso(officeTime(random, acceptDay), new Date(Date.parse(submittedAt) + 600_000).toISOString());
    const fate = random();
    if (acceptedAt >= nowIso) {
      setStage(row, { startDay: submitDay, limit: ACCEPTANCE_DAYS, pausedDays: 0 }, nowIso, cal, share, above, timeline);
      requests.push(row);
      pushEvents(events, row, timeline, options.events);
      continue;
    }
    if (fate < 0.05) {
      row.not_accepted_reason = '不符合受理条件';
      row.open = false;
      row.closed_at = acceptedAt;
      row.due_at = endOfChinaDay(acceptanceDueDay);
      move('notAccept', acceptedAt, 'notAccepted', '经审查不符合受理条件，已一次性告知', { reason: '不符合受理条件' });
      requests.push(row);
      pushEvents(events, row, timeline, options.events);
      continue;
    }
    row.accepted_at = acceptedAt;
    move('accept', acceptedAt, 'accepted');
    const startAt = new Date(Date.parse(acceptedAt) + 1_800_000).toISOString();
    if (startAt < nowIso) move('start', startAt, 'inProgress');
    // Processing: most within the limit, some late; one in ten waits for a supplement.
    const late = random() < 0.09;
    const used = late ? item.committedDays + 1 + Math.floor(random() * 4) : Math.max(0, Math.floor(item.committedDays * (0.2 + random() * 0.75)));
    let pausedDays = 0;
    const pauses: { from: string; to: string | null }[] = [];
    if (random() < 0.1 && used > 0) {
      const askDay = cal.add(acceptDay, Math.max(0, Math.floor(used / 3)));
      const askAt = officeTime(random, askDay);
      if (askAt < nowIso && askAt > startAt) {
        move('requestSupplement', askAt, 'awaitingSupplement', '请补充相关证明材料', { reason: '材料不全' });
        const wait = 1 + Math.floor(random() * 5);
        const answerDay = cal.add(askDay, wait);
        const answerAt = officeTime(random, answerDay);
        if (answerAt < nowIso) {
          pauses.push({ from: askAt, to: answerAt });
          pausedDays = cal.between(askDay, answerDay);
          move('supplement', answerAt, 'inProgress', '已补充材料');
        } else {
          pauses.push({ from: askAt, to: null });
          pausedDays = cal.between(askDay, today);
        }
      }
    }
    row.pauses = JSON.stringify(pauses);
    const dueDay = cal.add(acceptDay, item.committedDays + pausedDays);
    row.due_at = endOfChinaDay(dueDay);
    const decidedAt = maxIso(officeTime(random, cal.add(acceptDay, used + pausedDays)), new Date(Date.parse(row.updated_at) + 3_600_000).toISOString());
    if (row.status !== 'inProgress' || decidedAt >= nowIso) {
      if (row.status === 'awaitingSupplement') row.next_check_at = null;
      else setStage(row, { startDay: acceptDay, limit: item.committedDays, pausedDays }, nowIso, cal, share, above, timeline);
      if (fate > 0.985 && row.status !== 'awaitingSupplement') {
        const at = new Date(Date.parse(row.updated_at) + 3_600_000).toISOString();
        if (at < nowIso) {
          row.open = false;
          row.closed_at = at;
          row.next_check_at = null;
          move('withdraw', at, 'withdrawn', '申请人撤回');
        }
      }
      requests.push(row);
      pushEvents(events, row, timeline, options.events);
      continue;
    }
    // The clock's stages reached before the decision, as the sweep would have written them.
    setStage(row, { startDay: acceptDay, limit: item.committedDays, pausedDays }, decidedAt, cal, share, above, timeline);
    row.next_check_at = null;
    row.decided_at = decidedAt;
    row.outcome = random() < 0.9 ? 'approved' : 'denied';
    row.decision_reason = row.outcome === 'denied' ? '经审核不符合条件' : null;
    row.decided_on_time = decidedAt < row.due_at;
    move('decide', decidedAt, 'decided', row.outcome === 'approved' ? '经审核符合条件，予以办理' : '经审核不符合条件', { outcome: row.outcome, onTime: row.decided_on_time });
    const deliveredAt = maxIso(officeTime(random, cal.add(chinaDate(decidedAt), Math.floor(random() * 2))), new Date(Date.parse(decidedAt) + 3_600_000).toISOString());
    if (deliveredAt >= nowIso) {
      requests.push(row);
      pushEvents(events, row, timeline, options.events);
      continue;
    }
    row.delivered_at = deliveredAt;
    move('deliver', deliveredAt, 'delivered', '办理结果已送达');
    const closedAt = new Date(Date.parse(deliveredAt) + (1 + random() * 72) * 3_600_000).toISOString();
    if (closedAt >= nowIso) {
      requests.push(row);
      pushEvents(events, row, timeline, options.events);
      continue;
    }
    row.closed_at = closedAt;
    row.open = false;
    move('close', closedAt, 'closed');
    if (random() < 0.7) {
      const ratedAt = new Date(Date.parse(closedAt) + random() * 3 * DAY_MS).toISOString();
      if (ratedAt < nowIso) {
        let r = random() * (row.decided_on_time ? 1 : 0.75);
        let score = 5;
        for (const [s, weight] of row.decided_on_time ? SCORES : [...SCORES].reverse()) {
          r -= weight;
          if (r <= 0) {
            score = s;
            break;
          }
        }
        row.rating_score = score;
        row.rating_comment = score >= 4 ? '办事方便，态度很好' : score === 3 ? '还可以' : '等待时间太长';
        row.rating_by_agent = channel === 'agent';
        row.rated_at = ratedAt;
        timeline.push({ kind: 'rated', at: ratedAt, from: null, to: null, note: row.rating_comment, details: { score, byAgent: channel === 'agent' } });
        row.updated_at = ratedAt;
      }
    }
    requests.push(row);
    pushEvents(events, row, timeline, options.events);
  }
  return { requests, events };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The stage the sweep would have reached by `at` on a running clock (warned, overdue and
 * escalated to the head, escalated above), its events, and the next check.
 */
function setStage(
  row: NewRequest,
  clock: { startDay: string; limit: number; pausedDays: number },
  at: string,
  cal: ReturnType<typeof memoCalendar>,
  share: number,
  above: number,
  timeline: { kind: EventKind; at: string; from: RequestStatus | null; to: RequestStatus | null; details?: Record<string, unknown> }[],
): void {
  const dueDay = cal.add(clock.startDay, clock.limit + clock.pausedDays);
  const warnDay = cal.add(clock.startDay, warningDays(clock.limit, share) + clock.pausedDays);
  const stages = [startOfChinaDay(warnDay === clock.startDay ? dueDay : warnDay), endOfChinaDay(dueDay), endOfChinaDay(cal.add(dueDay, above))];
  row.due_at = endOfChinaDay(dueDay);
  let stage = 0;
  while (stage < 3 && stages[stage]! <= at) stage++;
  row.stage = stage;
  row.next_check_at = stage < 3 ? stages[stage]! : null;
  const details = { unitCode: row.unit_code, dueAt: row.due_at, limitDays: clock.limit };
  const kinds: EventKind[][] = [['warning'], ['overdue', 'escalatedToHead'], ['escalatedToLevelAbove']];
  for (let s = 0; s < stage; s++) {
    for (const kind of kinds[s]!) timeline.push({ kind, at: stages[s]!, from: null, to: null, details });
  }
}

function pushEvents(
  out: ServiceRequestEventsTable[],
  row: NewRequest,
  timeline: { kind: EventKind; at: string; from: RequestStatus | null; to: RequestStatus | null; note?: string; details?: Record<string, unknown> }[],
  keep: boolean,
): void {
  if (!keep) return;
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of timeline) {
    const scheduler = ['warning', 'overdue', 'escalatedToHead', 'escalatedToLevelAbove'].includes(e.kind);
    const byApplicant = ['submitted', 'supplement', 'withdraw', 'rated'].includes(e.kind);
    out.push({
      area_code: row.area_code,
      id: newId(),
      request_id: row.id,
      kind: e.kind,
      at: e.at,
      from_status: e.from,
      to_status: e.to,
      actor_user_id: null,
      actor_name: scheduler ? null : byApplicant ? (row.submitted_by_name ?? row.applicant_name) : '经办人（演示）',
      actor_role: scheduler ? null : byApplicant ? row.submitted_by_role : 'communityWorker',
      note: e.note ?? null,
      visibility: 'public',
      details: e.details ? JSON.stringify(e.details) : null,
    });
  }
}

/**
 * Inserts rows in batches of `batch`, compiling the INSERT once per batch size: Kysely takes about
 * as long to compile a 1,500-row VALUES list as the database takes to run it, so later batches
 * reuse the first one's SQL with their own parameters (same columns, same order).
 */
async function bulkInsert<T extends object>(db: Db, table: 'service_requests' | 'service_request_events', rows: readonly T[], batch: number): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const compiled = new Map<number, string>();
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const parameters = chunk.flatMap((row) => columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
    let text = compiled.get(chunk.length);
    if (text === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated rows of either table; the columns are the table's
      const query = db.insertInto(table).values(chunk as any).compile();
      if (query.parameters.length !== parameters.length) throw new Error(`bulk insert into ${table}: ${query.parameters.length} parameters compiled, ${parameters.length} given`);
      text = query.sql;
      compiled.set(chunk.length, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/** Writes generated rows in one transaction (a few hundred rows per statement keeps under both engines' parameter limits). */
export async function saveGenerated(db: Db, generated: { requests: readonly NewRequest[]; events: readonly ServiceRequestEventsTable[] }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await bulkInsert(trx, 'service_requests', generated.requests, 400);
    await bulkInsert(trx, 'service_request_events', generated.events, 1500);
  });
}

async function catalogItems(db: Db, area: string): Promise<GeneratorItem[]> {
  const items = await effectiveCatalog(db, area);
  return items.map((i) => ({ code: i.code, name: i.name, decidingLevel: i.decidingLevel, committedDays: i.committedDays, channels: i.channels, materials: i.materials }));
}

/**
 * The small set every demo database has: 40 requests of the last three months in the demo village
 * (its registered persons as applicants), and two of the demo resident's own — one closed and
 * rated, one waiting for their 补正.
 */
export async function seedDemoServiceRequests(db: Db, village: string, residentUserId: string | null): Promise<number> {
  const items = await catalogItems(db, village);
  if (items.length === 0) return 0;
  const persons = await db.selectFrom('persons').select(['id', 'name', 'area_code', 'user_id']).where('area_code', '=', village).orderBy('id').execute();
  const applicants = new Map([[village, persons.map((p) => ({ personId: p.id, userId: p.user_id, name: p.name, areaCode: p.area_code }))]]);
  const now = Date.now();
  const generated = generateRequests({ random: seededRandom(hashSeed(`requests:${village}`)), items, communities: [village], applicants, count: 40, from: now - 90 * DAY_MS, now, events: true });
  const own = persons.find((p) => p.user_id !== null && p.user_id === residentUserId);
  if (own) {
    const mine = generateRequests({
      random: seededRandom(hashSeed(`own:${village}`)),
      items,
      communities: [village],
      applicants: new Map([[village, [{ personId: own.id, userId: own.user_id, name: own.name, areaCode: village }]]]),
      count: 12,
      from: now - 60 * DAY_MS,
      now,
      events: true,
    });
    const closed = mine.requests.find((r) => r.status === 'closed' && r.rating_score !== null) ?? mine.requests.find((r) => r.status === 'closed');
    const waiting = mine.requests.find((r) => r.status === 'awaitingSupplement') ?? mine.requests.find((r) => r.open);
    for (const r of [closed, waiting]) {
      if (!r) continue;
      generated.requests.push({ ...r, channel: 'online', applicant_user_id: own.user_id });
      generated.events.push(...mine.events.filter((e) => e.request_id === r.id));
    }
  }
  await saveGenerated(db, generated);
  return generated.requests.length;
}

/**
 * A year of requests across `county` (npm start's first seed): about 1,000 a month, applicants
 * drawn from the county's generated registry where it has one.
 */
export async function seedDemoServiceRequestsYear(db: Db, county: string, options: { count?: number } = {}): Promise<{ requests: number; events: number; seconds: number }> {
  const started = performance.now();
  const items = await catalogItems(db, county);
  if (items.length === 0) return { requests: 0, events: 0, seconds: 0 };
  const communities = (await db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${county}%`).execute()).map((a) => a.code);
  const persons = await db.selectFrom('persons').select(['id', 'name', 'area_code', 'user_id']).where('area_code', 'like', `${county}%`).where('residence_status', '!=', 'outflow').execute();
  const applicants = new Map<string, GeneratorApplicant[]>();
  for (const p of persons) {
    const list = applicants.get(p.area_code) ?? [];
    if (list.length < 60) list.push({ personId: p.id, userId: p.user_id, name: p.name, areaCode: p.area_code });
    applicants.set(p.area_code, list);
  }
  const now = Date.now();
  const generated = generateRequests({
    random: seededRandom(hashSeed(`requests-year:${county}`)),
    items,
    communities,
    applicants,
    count: options.count ?? 12_000,
    from: now - 365 * DAY_MS,
    now,
    events: true,
  });
  await saveGenerated(db, generated);
  return { requests: generated.requests.length, events: generated.events.length, seconds: (performance.now() - started) / 1000 };
}
