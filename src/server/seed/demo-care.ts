import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { addDays } from '../../engine/care/calendar.ts';
import { groupEndsOn, type Group } from '../../engine/care/groups.ts';
import { riskFromFactors, type Factors, type Level } from '../../engine/care/risk.ts';
import { addPeriod, DEFAULT_POLICY } from '../../engine/care/schedule.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { scheduleOf } from '../modules/care/visit-policy.service.ts';
import { todayInChina } from '../../engine/calendar/working-days.ts';

/**
 * Demo care cases (generated): the demo village's left-behind persons whom the rules still find
 * (children under 16) are confirmed and get a case owned by demo-worker with demo-social (the
 * township's social worker, their supervisor) on the team; each has an assessment and a history
 * of visits, some kept on schedule and some left overdue, so the worker's day, the supervisor's
 * queue and `left_behind_visited` have real figures.
 */
export async function seedDemoCare(db: Db, village: string): Promise<{ cases: number; visits: number }> {
  const random = seededRandom(hashSeed(`care:${village}`));
  const today = todayInChina();
  const now = new Date().toISOString();
  const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['demo-worker', 'demo-social']).execute();
  const worker = users.find((u) => u.username === 'demo-worker');
  const social = users.find((u) => u.username === 'demo-social');
  if (!worker) return { cases: 0, visits: 0 };
  const flags = await db
    .selectFrom('left_behind_flags')
    .innerJoin('persons', (j) => j.onRef('persons.area_code', '=', 'left_behind_flags.area_code').onRef('persons.id', '=', 'left_behind_flags.person_id'))
    .select(['left_behind_flags.id', 'left_behind_flags.kind', 'left_behind_flags.status', 'persons.id as person_id', 'persons.birth_date', 'persons.household_id'])
    .where('left_behind_flags.area_code', '=', village)
    .where('left_behind_flags.applies', '=', true as never)
    .where('left_behind_flags.status', '<>', 'rejected')
    .orderBy('left_behind_flags.id')
    .execute();
  let cases = 0;
  let visitCount = 0;
  for (const [i, f] of flags.entries()) {
    const group = f.kind as Group;
    const ends = groupEndsOn(group, f.birth_date);
    if (ends && ends <= today) continue;
    // One in three stays pending, for the worker to confirm.
    if (i % 3 === 2 && f.status === 'pending') continue;
    if (f.status === 'pending') await db.updateTable('left_behind_flags').set({ status: 'confirmed', reviewed_by: 'demo-worker', reviewed_at: now, review_reason: '入户核实（演示）' }).where('area_code', '=', village).where('id', '=', f.id).execute();
    const factors: Factors = {
      safety: random() < 0.15 ? 2 : random() < 0.3 ? 1 : 0,
      health: random() < 0.3 ? 1 : 0,
      schooling: group === 'leftBehindChild' ? (random() < 0.3 ? 1 : 0) : null,
      livingConditions: random() < 0.3 ? 1 : 0,
      mood: random() < 0.2 ? 2 : random() < 0.4 ? 1 : 0,
      carerCapacity: random() < 0.3 ? 1 : 0,
    };
    const risk: Level = riskFromFactors(factors);
    const openedOn = addDays(today, -120 - Math.floor(random() * 60));
    const frequency = DEFAULT_POLICY[risk];
    // Visits on schedule from opening; about a third of the cases stop being visited a while ago.
    const lapsed = random() < 0.35;
    const stopBy = lapsed ? addDays(today, -45 - Math.floor(random() * 30)) : today;
    const visits: string[] = [];
    for (let d = addPeriod(openedOn, frequency); d <= stopBy; d = addPeriod(d, frequency)) visits.push(addDays(d, -Math.floor(random() * 3)));
    const id = newId();
    const base = { status: 'open', risk_level: risk, last_visit_on: visits.at(-1) ?? null, opened_on: openedOn, group_ends_on: ends, group_ended_on: null, next_assessment_on: addDays(openedOn, 182) };
    await db
      .insertInto('care_cases')
      .values({
        area_code: village,
        id,
        person_id: f.person_id,
        household_id: f.household_id,
        care_group: group,
        flag_id: f.id,
        owner_id: worker.id,
        summary: '由留守人员核实后建档（演示数据）',
        closed_on: null,
        close_reason: null,
        ...base,
        ...scheduleOf(base, DEFAULT_POLICY, today),
        generated: true,
        created_at: now,
        created_by: worker.id,
        updated_at: now,
      })
      .execute();
    if (social) await db.insertInto('care_case_team').values({ area_code: village, case_id: id, user_id: social.id, role: 'socialWorker', added_at: now, added_by: worker.id }).execute();
    if (f.household_id) {
      const away = await db.selectFrom('persons').select(['id', 'name', 'relation', 'away_to', 'away_since']).where('area_code', '=', village).where('household_id', '=', f.household_id).where('residence_status', '=', 'outflow').execute();
      if (away.length) {
        await db
          .insertInto('care_case_away_members')
          .values(away.map((m) => ({ area_code: village, id: newId(), case_id: id, person_id: m.id, name: m.name, relation: m.relation, work_place: m.away_to, employer: null, away_since: m.away_since, returned_on: null, created_at: now, updated_at: now })))
          .execute();
      }
    }
    await db
      .insertInto('care_assessments')
      .values({
        area_code: village,
        id: newId(),
        case_id: id,
        assessed_on: openedOn,
        safety: factors.safety,
        health: factors.health,
        schooling: factors.schooling,
        living_conditions: factors.livingConditions,
        mood: factors.mood,
        carer_capacity: factors.carerCapacity,
        computed_level: risk,
        proposed_level: risk,
        next_due_on: base.next_assessment_on,
        notes: null,
        approval_id: null,
        generated: true,
        created_at: now,
        created_by: worker.id,
        created_by_name: 'demo-worker',
      })
      .execute();
    let previousDue: string | null = addPeriod(openedOn, frequency);
    for (const v of visits) {
      await db
        .insertInto('care_visits')
        .values({
          area_code: village,
          id: newId(),
          case_id: id,
          visited_on: v,
          mode: random() < 0.7 ? 'home' : random() < 0.5 ? 'phone' : 'video',
          findings: JSON.stringify({ safety: { rating: factors.safety }, mood: { rating: factors.mood } }),
          actions: '了解近况，叮嘱监护人注意安全（演示）',
          next_steps: null,
          photos: '[]',
          due_on: previousDue,
          on_time: previousDue === null || v <= previousDue,
          generated: true,
          recorded_at: `${v}T10:00:00.000Z`,
          recorded_by: worker.id,
          recorded_by_name: 'demo-worker',
        })
        .execute();
      previousDue = addPeriod(v, frequency);
      visitCount++;
    }
    await db.insertInto('care_case_events').values({ area_code: village, id: newId(), case_id: id, at: `${openedOn}T09:00:00.000Z`, user_id: worker.id, username: 'demo-worker', action: 'opened', details: JSON.stringify({ group, riskLevel: risk, flagId: f.id }) }).execute();
    cases++;
  }
  return { cases, visits: visitCount };
}
