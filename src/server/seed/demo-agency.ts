/**
 * Generated full-process agency (全程委托代理) for the demo village, so the demo agent's workspace
 * has cases: mandates of older registry persons of the village to the township's agent (four
 * valid, one expired, one revoked; consent given before a witness), and about a dozen errands filed
 * under them at every custody step — received from the resident, handed to the unit, result
 * collected, returned — each beside its request and the request's events, consistent with them
 * (the steps fall between the request's own events; the agent's legs are timed by the working-day
 * calendar as the custody service times them).
 *
 * Like the other demo seeds it writes rows straight to the tables (through the repositories and
 * the requests seed's bulk writer), not through the services: a seed is not a user's work, so it
 * records no audit entries (which would count as platform activity in the indicators). The
 * requests are marked `generated`; mandates, errands and custody steps have no such column — the
 * mandates' witness notes say they are demo data. The demo resident is left out as a principal, so
 * their own mandates stay the ones they make. Deterministic for a given day; well under a second.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { CustodyStepsTable, ErrandsTable, MandatesTable } from '../db/tables/agency.ts';
import { AGENCY_LIMITS } from '../../contracts/agency.ts';
import { legClock } from '../../engine/agency/agent-legs.ts';
import { chinaDate, startOfChinaDay } from '../../engine/services/request-clocks.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { effectiveCatalog } from '../modules/services/catalog.service.ts';
import { workingCalendar } from '../modules/services/calendar.service.ts';
import * as mandatesRepo from '../modules/services/mandates.repository.ts';
import * as custodyRepo from '../modules/services/custody.repository.ts';
import { generateRequests, saveGenerated, type GeneratorApplicant, type GeneratorItem } from './demo-service-requests.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WITNESSES = ['村委会委员 汪德胜', '村务监督委员会 储美华', '网格员 王春来', '村妇联主席 刘小燕'];

type Generated = ReturnType<typeof generateRequests>;
type Row = Generated['requests'][number];

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export async function seedDemoAgency(db: Db, village: string): Promise<{ mandates: number; errands: number; steps: number }> {
  const none = { mandates: 0, errands: 0, steps: 0 };
  const agent = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('role', '=', 'agent')
    .where('scope_code', '=', village.slice(0, 9))
    .orderBy('username')
    .executeTakeFirst();
  if (!agent) return none;
  const catalog = (await effectiveCatalog(db, village)).filter((i) => i.agencyAllowed && i.channels.includes('agent'));
  if (catalog.length === 0) return none;
  const items: GeneratorItem[] = catalog.map((i) => ({ code: i.code, name: i.name, decidingLevel: i.decidingLevel, committedDays: i.committedDays, channels: ['agent'], materials: i.materials }));
  const materialNames = new Map(catalog.map((i) => [i.code, i.materials.filter((m) => m.required).map((m) => m.name)]));

  const random = seededRandom(hashSeed(`agency:${village}`));
  const now = Date.now();
  const nowIso = iso(now);
  const today = chinaDate(nowIso);
  const cal = await workingCalendar(db, village);

  // Principals: elders of the village registry without an account of their own (not the demo resident).
  const persons = await db.selectFrom('persons').select(['id', 'name', 'birth_date']).where('area_code', '=', village).where('user_id', 'is', null).where('residence_status', '!=', 'outflow').orderBy('id').execute();
  const elders = persons.filter((p) => Number(today.slice(0, 4)) - Number(p.birth_date.slice(0, 4)) >= 65);
  const pool = elders.length >= 6 ? elders : persons;
  if (pool.length < 6) return none;
  const chosen: typeof pool = [];
  const start = Math.floor(random() * pool.length);
  const stride = Math.max(1, Math.floor(pool.length / 6));
  for (let k = 0; chosen.length < 6 && k < pool.length; k++) chosen.push(pool[(start + k * stride) % pool.length]!);
  const asApplicant = (p: (typeof pool)[number]): GeneratorApplicant => ({ personId: p.id, userId: null, name: p.name, areaCode: village });
  const valid = chosen.slice(0, 4);
  const [expired, revoked] = [chosen[4]!, chosen[5]!];

  const generate = (key: string, applicants: typeof pool, count: number, fromDaysAgo: number): Generated =>
    generateRequests({ random: seededRandom(hashSeed(`agency:${key}:${village}`)), items, communities: [village], applicants: new Map([[village, applicants.map(asApplicant)]]), count, from: now - fromDaysAgo * DAY_MS, now, events: true });
  const recent = generate('recent', valid, 12, 6);
  const older = generate('older', valid, 30, 75);
  // The expired mandate ran from 200 to 30 days ago: its cases were filed and closed within it.
  const expiredFrom = addDays(today, -200);
  const expiredUntil = addDays(today, -30);
  const past = generate('expired', [expired], 8, 190);

  const picked: { row: Row; events: Generated['events']; last: 'received' | 'handedToUnit' | 'resultCollected' | 'returned' }[] = [];
  const used = new Set<string>();
  const take = (from: Generated, last: (typeof picked)[number]['last'], max: number, accept: (r: Row) => boolean, order?: (a: Row, b: Row) => number) => {
    const rows = from.requests.filter((r) => !used.has(r.id) && accept(r));
    if (order) rows.sort(order);
    for (const row of rows.slice(0, max)) {
      used.add(row.id);
      picked.push({ row, events: from.events.filter((e) => e.request_id === row.id), last });
    }
  };
  take(recent, 'received', 2, (r) => r.status === 'submitted');
  take(recent, 'handedToUnit', 1, (r) => ['accepted', 'inProgress', 'awaitingSupplement'].includes(r.status));
  take(older, 'handedToUnit', 2, (r) => ['accepted', 'inProgress', 'awaitingSupplement'].includes(r.status));
  // Result collected, not yet returned: the most recently decided case, its history cut at the decision.
  take(older, 'resultCollected', 1, (r) => r.decided_at !== null && r.outcome === 'approved' && r.decided_at < iso(now - 2 * 3_600_000), (a, b) => (a.decided_at! < b.decided_at! ? 1 : -1));
  take(older, 'returned', 3, (r) => r.status === 'closed' || r.status === 'delivered');
  take(past, 'returned', 2, (r) => r.status === 'closed' && chinaDate(r.submitted_at) >= expiredFrom && chinaDate(r.closed_at!) <= expiredUntil);

  const requests: Row[] = [];
  const events: Generated['events'] = [];
  const errands: Insertable<ErrandsTable>[] = [];
  const steps: Insertable<CustodyStepsTable>[] = [];
  const mandateOf = new Map<string, string>(chosen.map((p) => [p.id, newId()]));
  const filedItems = new Map<string, Set<string>>();
  const firstFiled = new Map<string, string>();
  const leg = (at: string, limitDays: number) => legClock(cal, chinaDate(at), limitDays, AGENCY_LIMITS.legWarningShare);

  for (const { row: generated, events: timeline, last } of picked) {
    const personId = generated.applicant_person_id!;
    const mandateId = mandateOf.get(personId)!;
    const row: Row = { ...generated, mandate_id: mandateId, submitted_by_user_id: agent.id, submitted_by_name: agent.display_name, submitted_by_role: 'agent' };
    let rowEvents = timeline.map((e) => (['submitted', 'supplement', 'withdraw', 'rated'].includes(e.kind) ? { ...e, actor_user_id: agent.id, actor_name: agent.display_name } : e));
    if (last === 'resultCollected' && row.status !== 'decided') {
      // The agent collected the result at the unit; it is not yet back in the resident's hands.
      row.status = 'decided';
      row.open = true;
      row.delivered_at = null;
      row.closed_at = null;
      row.rating_score = null;
      row.rating_comment = null;
      row.rating_by_agent = null;
      row.rated_at = null;
      row.updated_at = row.decided_at!;
      rowEvents = rowEvents.filter((e) => !['deliver', 'close', 'rated'].includes(e.kind));
    }
    requests.push(row);
    events.push(...rowEvents);
    filedItems.set(personId, (filedItems.get(personId) ?? new Set()).add(row.item_code));
    if (!firstFiled.has(personId) || row.submitted_at < firstFiled.get(personId)!) firstFiled.set(personId, row.submitted_at);

    const submitted = Date.parse(row.submitted_at);
    const received = iso(Math.min(submitted + 5 * MINUTE_MS, now));
    const handLeg = leg(received, AGENCY_LIMITS.handToUnitDaysDefault);
    const step = (kind: CustodyStepsTable['step'], seq: number, at: string, stepItems: string[], extra: Partial<Insertable<CustodyStepsTable>> = {}) =>
      steps.push({ area_code: village, id: newId(), request_id: row.id, step: kind, seq, at, user_id: agent.id, username: agent.username, items: JSON.stringify(stepItems), note: null, confirmation: null, confirmed_by: null, due_by: null, late: false, ...extra });
    const materials = materialNames.get(row.item_code) ?? [];
    step('received', 1, received, materials.length ? materials : ['申请表'], { note: '在村民家中当面清点材料' });
    let lastAt = received;
    let clock: { dueBy: string; warnFrom: string } | null = handLeg;
    if (last !== 'received') {
      // Handed to the unit before it accepted (the acceptance needs the materials).
      const accepted = Date.parse(row.accepted_at ?? nowIso);
      const handed = iso(Math.min(accepted, now, Math.max(Date.parse(received) + 5 * MINUTE_MS, accepted - 3_600_000)));
      step('handedToUnit', 2, handed, materials.length ? materials : ['申请表'], { due_by: handLeg.dueBy, late: chinaDate(handed) > handLeg.dueBy, note: '交便民服务中心窗口' });
      lastAt = handed;
      clock = null;
    }
    if (last === 'resultCollected' || last === 'returned') {
      const decided = Date.parse(row.decided_at!);
      const until = row.delivered_at ? Date.parse(row.delivered_at) : now;
      const collected = iso(Math.min(decided + 3_600_000, decided + (until - decided) / 2));
      const resultItems = [`${row.item_name}办理结果`];
      step('resultCollected', 3, collected, resultItems);
      lastAt = collected;
      clock = leg(collected, AGENCY_LIMITS.returnToResidentDaysDefault);
      if (last === 'returned') {
        const returnLeg = clock;
        const returned = row.delivered_at!;
        const principal = chosen.find((p) => p.id === personId)!;
        step('returned', 4, returned, resultItems, { due_by: returnLeg.dueBy, late: chinaDate(returned) > returnLeg.dueBy, confirmation: 'signature', confirmed_by: principal.name, note: '送到村民家中，本人签收' });
        lastAt = returned;
        clock = null;
      }
    }
    errands.push({
      area_code: village,
      request_id: row.id,
      mandate_id: mandateId,
      agent_user_id: agent.id,
      principal_person_id: personId,
      principal_name: row.applicant_name,
      item_code: row.item_code,
      request_number: row.number,
      request_status: row.status,
      filed_at: row.submitted_at,
      last_step: last,
      last_step_at: lastAt,
      due_by: clock?.dueBy ?? null,
      warn_from: clock?.warnFrom ?? null,
      warned: false,
      overdue_notified: false,
      version: 1,
    });
  }

  // The mandates: what each covers is what was filed under it, and one item more to file next.
  const mandates: Insertable<MandatesTable>[] = chosen.map((p, i) => {
    const codes = [...(filedItems.get(p.id) ?? [])];
    for (const item of items) {
      if (codes.length >= Math.max(2, (filedItems.get(p.id)?.size ?? 0) + 1)) break;
      if (!codes.includes(item.code) && random() < 0.5) codes.push(item.code);
    }
    if (codes.length === 0) codes.push(items[0]!.code);
    const isExpired = p === expired;
    const isRevoked = p === revoked;
    const earliest = firstFiled.get(p.id);
    const validFrom = isExpired ? expiredFrom : addDays(earliest ? chinaDate(earliest) : today, isRevoked ? -30 : -3 - (i % 3));
    const validUntil = isExpired ? expiredUntil : addDays(validFrom, 180);
    const createdAt = iso(Date.parse(startOfChinaDay(validFrom)) + (9 * 60 + 10 * i) * MINUTE_MS);
    return {
      area_code: village,
      id: mandateOf.get(p.id)!,
      principal_person_id: p.id,
      principal_name: p.name,
      agent_user_id: agent.id,
      coverage: 'items',
      item_codes: JSON.stringify(codes),
      request_id: null,
      valid_from: validFrom,
      valid_until: validUntil,
      consent_kind: 'witnessed',
      consent_sha256: null,
      consent_media_type: null,
      consent_size: null,
      witness_name: WITNESSES[i % WITNESSES.length]!,
      witness_note: '在村委会当面确认本人意愿（演示数据）',
      revoked_at: isRevoked ? iso(now - 5 * DAY_MS) : null,
      revoked_by: isRevoked ? agent.id : null,
      revoked_by_username: isRevoked ? agent.username : null,
      revocation_reason: isRevoked ? '本人已由子女陪同到窗口自行办理' : null,
      created_by: agent.id,
      created_by_username: agent.username,
      created_at: createdAt,
      version: isRevoked ? 2 : 1,
    };
  });

  await saveGenerated(db, { requests, events });
  await db.transaction().execute(async (trx) => {
    for (const m of mandates) await mandatesRepo.insertMandate(trx, m);
    for (const e of errands) await custodyRepo.insertErrand(trx, e);
    for (const s of steps) await custodyRepo.insertStep(trx, s);
  });
  return { mandates: mandates.length, errands: errands.length, steps: steps.length };
}
