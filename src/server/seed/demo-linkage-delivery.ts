/**
 * Generated delivery of the tri-party linkage (三社联动) for the demo village, so the delivery
 * pages, the chain, the public notice and the OCDS face show real data: two projects carried by
 * the demo organization beside the procurement seed's (whose contracted project is left for the
 * demo to start):
 *
 * - 困境儿童周末成长营, in delivery: four activities with attendance person by person from the
 *   village registry (its confirmed left-behind children among them), milestones (the first met),
 *   a result, spending and the first payment;
 * - 老年人防诈骗宣传, closed: activities with attendance, milestones met, payments made, and a
 *   final evaluation round answered by participating residents, the committee (demo-worker), the
 *   funder (demo-county) and the evaluator (demo-evaluator), its score on the organization's
 *   credit record.
 *
 * Written straight to the tables like the other demo seeds (no audit entries; milestones are met
 * without evidence files, which live in a data directory a seed does not have); the projects are
 * marked `generated`. Deterministic but for ids; well under a second.
 */
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { DEFAULT_EVALUATION_TEMPLATE, residentRatingScore, roundResult } from '../../engine/linkage/evaluation.ts';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
const date = (offsetDays: number) => iso(offsetDays).slice(0, 10);

export async function seedDemoLinkageDelivery(db: Db, village: string): Promise<{ projects: number; activities: number; attendance: number }> {
  const none = { projects: 0, activities: 0, attendance: 0 };
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['demo-worker', 'demo-county', 'demo-evaluator']).execute()).map((u) => [u.username, u.id]));
  const member = await db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'm.area_code').onRef('o.id', '=', 'm.organization_id'))
    .select(['o.id', 'o.area_code', 'o.name'])
    .where('u.username', '=', 'demo-org')
    .executeTakeFirst();
  const worker = users.get('demo-worker');
  if (!member || !worker || !users.get('demo-county') || !users.get('demo-evaluator')) return none;
  const children = new Set(
    (await db.selectFrom('left_behind_flags').select('person_id').where('area_code', '=', village).where('kind', '=', 'leftBehindChild').where('status', '=', 'confirmed').where('applies', '=', true).execute()).map((f) => f.person_id),
  );
  const persons = await db.selectFrom('persons').select(['id', 'user_id']).where('area_code', '=', village).where('residence_status', '!=', 'outflow').orderBy('id').limit(40).execute();
  // Children first, so each project reaches some; then neighbours.
  const people = [...persons.filter((p) => children.has(p.id)), ...persons.filter((p) => !children.has(p.id))];
  if (people.length < 8) return none;
  const at = new Date().toISOString();
  let activities = 0;
  let attendance = 0;

  const project = async (title: string, status: string, startsOn: number, endsOn: number, budget: number, need: { title: string; description: string; category: string }) => {
    const id = newId();
    const needId = newId();
    await db
      .insertInto('linkage_needs')
      .values({ area_code: village, id: needId, category: need.category, title: need.title, description: need.description, photo: null, channel: 'worker', evidence_kind: 'meeting', evidence: '村民议事会记录（演示）', status: 'takenUp', merged_into_id: null, supports: 0, raised_by_user_id: null, raised_by_person_id: null, recorded_by_user_id: worker, created_at: iso(startsOn - 60), updated_at: iso(startsOn - 50) })
      .execute();
    await db
      .insertInto('linkage_projects')
      .values({
        area_code: village,
        id,
        title,
        summary: '演示数据',
        objectives: '为村里的服务对象提供稳定的社会工作服务',
        target_group: '本村已确认的服务对象',
        target_kind: 'leftBehindChild',
        target_count: children.size,
        funding_source: 'governmentPurchase',
        budget_cents: budget,
        required_statuses: JSON.stringify(['registered', 'active']),
        required_grade: null,
        required_social_workers: 1,
        status,
        starts_on: date(startsOn),
        ends_on: date(endsOn),
        created_by: worker,
        generated: true,
        created_at: iso(startsOn - 50),
        updated_at: at,
      })
      .execute();
    await db.insertInto('linkage_project_communities').values({ area_code: village, project_id: id, community_code: village }).execute();
    await db.insertInto('linkage_project_needs').values({ area_code: village, project_id: id, need_area_code: village, need_id: needId }).execute();
    const lines = [newId(), newId()];
    await db
      .insertInto('linkage_budget_lines')
      .values([
        { area_code: village, project_id: id, id: lines[0]!, position: 0, title: '人员经费', amount_cents: budget * 0.6 },
        { area_code: village, project_id: id, id: lines[1]!, position: 1, title: '活动物资', amount_cents: budget * 0.4 },
      ])
      .execute();
    const indicator = newId();
    await db.insertInto('linkage_indicators').values({ area_code: village, project_id: id, id: indicator, position: 0, kind: 'output', name: '开展活动次数', unit: '次', target: 12 }).execute();
    await db.insertInto('linkage_phases').values({ area_code: village, project_id: id, id: newId(), position: 0, title: '实施', starts_on: date(startsOn), ends_on: date(endsOn) }).execute();
    // The call, awarded to the demo organization and contracted.
    const callId = newId();
    const bidId = newId();
    await db
      .insertInto('linkage_calls')
      .values({ area_code: village, project_id: id, id: callId, mode: 'open', status: 'contracted', questions_until: iso(startsOn - 40), submission_deadline: iso(startsOn - 30), evaluation_until: iso(startsOn - 20), notice_until: iso(startsOn - 10), contract_by: iso(startsOn - 5), score_max: 10, drop_extremes: false, awarded_bid_id: bidId, opened_at: iso(startsOn - 45), evaluation_closed_at: iso(startsOn - 20), awarded_at: iso(startsOn - 15), created_by: worker, created_at: iso(startsOn - 45), updated_at: at })
      .execute();
    await db
      .insertInto('linkage_bids')
      .values({ area_code: village, call_id: callId, id: bidId, organization_id: member.id, organization_area_code: member.area_code, proposal_title: `${title}实施方案`, proposal: '演示数据：社工带领志愿者按月开展活动，入户走访并向村委会报告进展。', budget_cents: budget, volunteers_planned: 4, status: 'awarded', eligibility: JSON.stringify({ status: 'active', grade: null, certifiedSocialWorkers: 1 }), score: 88, rank: 1, submitted_by: null, submitted_at: iso(startsOn - 32) })
      .execute();
    const contractId = newId();
    await db
      .insertInto('linkage_contracts')
      .values({ area_code: village, call_id: callId, id: contractId, project_id: id, bid_id: bidId, organization_id: member.id, organization_area_code: member.area_code, amount_cents: budget, signed_on: date(startsOn - 3), starts_on: date(startsOn), ends_on: date(endsOn), created_by: worker, created_at: iso(startsOn - 3) })
      .execute();
    return { id, lines, indicator, contractId };
  };

  const deliver = async (p: { id: string; lines: string[]; indicator: string }, days: number[], perActivity: number, titles: string[], offset: number) => {
    for (const [i, held] of days.entries()) {
      const activityId = newId();
      const attendees = Array.from({ length: perActivity }, (_, k) => people[(offset + i + k) % people.length]!);
      const childCount = attendees.filter((a) => children.has(a.id)).length;
      await db
        .insertInto('linkage_activities')
        .values({ area_code: village, id: activityId, project_id: p.id, held_on: date(held), kind: i % 2 ? 'group' : 'class', title: titles[i % titles.length]!, place: '村委会活动室', facility_area_code: null, facility_id: null, community_code: village, attendance: attendees.length, left_behind_children: childCount, volunteer_minutes: 0, notes: null, created_by: worker, created_at: iso(held), updated_at: iso(held) })
        .execute();
      await db
        .insertInto('linkage_attendance')
        .values(attendees.map((a) => ({ area_code: village, project_id: p.id, activity_id: activityId, person_id: a.id, person_area_code: village, left_behind_child: children.has(a.id), recorded_at: iso(held), recorded_by: worker })))
        .execute();
      activities++;
      attendance += attendees.length;
    }
    await db.insertInto('linkage_results').values({ area_code: village, project_id: p.id, indicator_id: p.indicator, weight: 1, achieved: days.length, updated_at: at, updated_by: worker }).execute();
    await db
      .insertInto('linkage_expenditures')
      .values({ area_code: village, project_id: p.id, id: newId(), budget_line_id: p.lines[1]!, amount_cents: 300_000, spent_on: date(days[0]!), description: '活动物资（演示）', recorded_at: iso(days[0]!), recorded_by: worker })
      .execute();
  };
  const milestones = async (projectId: string, list: { title: string; due: number; met: number | null }[]) => {
    await db
      .insertInto('linkage_milestones')
      .values(list.map((m, i) => ({ area_code: village, project_id: projectId, id: newId(), position: i, title: m.title, weight: 1, due_on: date(m.due), status: m.met === null ? 'scheduled' : 'met', met_on: m.met === null ? null : date(m.met), note: null, created_at: at, updated_at: at })))
      .execute();
  };
  const payments = async (contractId: string, budget: number, list: { title: string; due: number; paid: number | null; share: number }[]) => {
    await db
      .insertInto('linkage_payment_milestones')
      .values(list.map((m, i) => ({ area_code: village, contract_id: contractId, id: newId(), position: i, title: m.title, due_on: date(m.due), amount_cents: Math.round(budget * m.share), paid_on: m.paid === null ? null : date(m.paid) })))
      .execute();
  };
  const moved = async (projectId: string, from: string, to: string, day: number, note: string) => {
    await db.insertInto('linkage_events').values({ area_code: village, id: newId(), subject: 'project', subject_id: projectId, from_state: from, to_state: to, note, at: iso(day), user_id: worker, username: 'demo-worker' }).execute();
  };

  // ---- in delivery ----
  const camp = await project('困境儿童周末成长营', 'delivering', -60, 120, 6_000_000, { title: '周末孩子没人管', description: '父母外出务工，周末孩子多在家看手机，希望有人组织活动。', category: 'children' });
  await deliver(camp, [-50, -36, -22, -8], 7, ['成长营开营', '安全自护小组', '读书分享会', '手工与劳动'], 0);
  await milestones(camp.id, [
    { title: '开营（首次活动）', due: -50, met: -50 },
    { title: '中期汇报', due: 10, met: null },
    { title: '结营与成果展示', due: 120, met: null },
  ]);
  await payments(camp.contractId, 6_000_000, [
    { title: '首付款', due: -55, paid: -55, share: 0.5 },
    { title: '尾款', due: 125, paid: null, share: 0.5 },
  ]);
  await moved(camp.id, 'contracted', 'delivering', -50, 'activity');

  // ---- closed, with its final evaluation ----
  const fraud = await project('老年人防诈骗宣传', 'closed', -200, -40, 2_000_000, { title: '老人常接到诈骗电话', description: '村里老人接到冒充子女、保健品推销的电话，希望有人讲讲怎么防骗。', category: 'elderly' });
  await deliver(fraud, [-180, -140, -100, -60], 6, ['防诈骗讲座', '案例分享小组', '入户宣传', '防诈骗知识竞答'], 8);
  await milestones(fraud.id, [
    { title: '首场讲座', due: -180, met: -180 },
    { title: '入户宣传全覆盖', due: -100, met: -98 },
    { title: '结项总结', due: -45, met: -45 },
  ]);
  await payments(fraud.contractId, 2_000_000, [
    { title: '首付款', due: -195, paid: -195, share: 0.5 },
    { title: '尾款', due: -40, paid: -38, share: 0.5 },
  ]);
  await moved(fraud.id, 'contracted', 'delivering', -180, 'activity');
  const participants = await db.selectFrom('linkage_attendance').select('person_id').distinct().where('project_id', '=', fraud.id).orderBy('person_id').limit(3).execute();
  const roundId = newId();
  const template = [...DEFAULT_EVALUATION_TEMPLATE];
  const ratings = [5, 4, 5];
  const responses = [
    ...participants.map((p, i) => ({ kind: 'residents' as const, key: `person:${p.person_id}`, person: p.person_id, user: worker, rating: ratings[i % ratings.length]!, score: residentRatingScore(ratings[i % ratings.length]!) })),
    { kind: 'committee' as const, key: `user:${worker}`, person: null, user: worker, rating: null, score: 88 },
    { kind: 'funder' as const, key: `user:${users.get('demo-county')}`, person: null, user: users.get('demo-county')!, rating: null, score: 85 },
    { kind: 'evaluator' as const, key: `user:${users.get('demo-evaluator')}`, person: null, user: users.get('demo-evaluator')!, rating: null, score: 90 },
  ];
  const result = roundResult(template, responses.map((r) => ({ kind: r.kind, score: r.score })));
  await db
    .insertInto('linkage_evaluation_rounds')
    .values({ area_code: village, project_id: fraud.id, id: roundId, title: '结项评估', status: 'closed', template: JSON.stringify(template), final: true, final_score: result.finalScore, grade: result.grade, credit_recorded: true, opened_at: iso(-50), opened_by: users.get('demo-county')!, closed_at: iso(-40) })
    .execute();
  await db
    .insertInto('linkage_evaluation_responses')
    .values(responses.map((r, i) => ({ area_code: village, round_id: roundId, id: newId(), rater_kind: r.kind, respondent_key: r.key, person_id: r.person, person_area_code: r.person ? village : null, user_id: r.user, rating: r.rating, score: r.score, comment: i === 0 ? '讲得很实在，老人都听懂了' : null, at: iso(-45 + i) })))
    .execute();
  const grades = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as const;
  await db
    .insertInto('organization_credit_records')
    .values({ area_code: member.area_code, organization_id: member.id, id: newId(), kind: 'evaluation', date: date(-40), title: `项目评估：老年人防诈骗宣传（${result.finalScore} 分，${grades[result.grade!]}）`, detail: '结项评估', source: `三社联动项目 ${fraud.id}`, at: iso(-40), user_id: users.get('demo-county')!, username: 'demo-county' })
    .execute();
  await moved(fraud.id, 'delivering', 'closed', -40, 'final evaluation round 结项评估');
  return { projects: 2, activities, attendance };
}
