/**
 * Generated tri-party linkage (三社联动) procurement for the demo village, so every role has real
 * work: needs of the village with supports of registry neighbours (one answered and published); a
 * project with an open call that the demo organization can bid on; a project whose call is under
 * evaluation with two bids that the demo evaluator sits on the panel of (not yet declared or
 * scored); and an awarded, contracted project with its scores, ranks and payment milestones, for
 * the delivery half to run. Written straight to the tables like the other demo seeds (no audit
 * entries); the projects are marked `generated`. Deterministic; well under a second.
 */
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
const date = (offsetDays: number) => iso(offsetDays).slice(0, 10);

export async function seedDemoLinkage(db: Db, village: string): Promise<{ needs: number; projects: number; calls: number }> {
  const none = { needs: 0, projects: 0, calls: 0 };
  const persons = await db.selectFrom('persons').select(['area_code', 'id', 'user_id']).where('area_code', '=', village).orderBy('id').limit(12).execute();
  const worker = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo-worker').executeTakeFirst();
  const evaluator = await db.selectFrom('users').select('id').where('username', '=', 'demo-evaluator').executeTakeFirst();
  const member = await db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'm.area_code').onRef('o.id', '=', 'm.organization_id'))
    .select(['o.id', 'o.area_code', 'o.status'])
    .where('u.username', '=', 'demo-org')
    .executeTakeFirst();
  if (persons.length < 6 || !worker || !evaluator || !member) return none;
  const county = village.slice(0, 6);
  const others = await db.selectFrom('organizations').select(['id', 'area_code']).where('area_code', 'like', `${county}%`).where('id', '!=', member.id).orderBy('id').limit(2).execute();
  const verified = await db
    .selectFrom('workers as w')
    .select('w.id')
    .where('w.area_code', 'like', `${county}%`)
    .where((eb) => eb.exists(eb.selectFrom('worker_qualifications as q').select('q.id').whereRef('q.worker_id', '=', 'w.id').where('q.status', '=', 'verified')))
    .orderBy('w.id')
    .limit(6)
    .execute();
  if (others.length < 2 || verified.length < 6) return none;
  const at = new Date().toISOString();
  const statuses = JSON.stringify([...new Set(['registered', 'active', member.status])]);

  // ---- needs ----
  const needs = [
    { title: '留守儿童放学后无人看护', description: '不少孩子父母在外务工，放学后到晚饭前没人照看，希望村里办课后托管。', category: 'children', supporters: 4 },
    { title: '独居老人吃饭难', description: '几位独居老人腿脚不便，做饭困难，希望有老年食堂或送餐。', category: 'elderly', supporters: 3 },
    { title: '村里缺少读书活动场地', description: '希望把村部闲置房间改成农家书屋，周末开展读书活动。', category: 'culture', supporters: 2 },
  ].map((n) => ({ ...n, id: newId() }));
  for (const [i, n] of needs.entries()) {
    await db
      .insertInto('linkage_needs')
      .values({
        area_code: village,
        id: n.id,
        category: n.category,
        title: n.title,
        description: n.description,
        photo: null,
        channel: i === 1 ? 'worker' : 'portal',
        evidence_kind: i === 1 ? 'survey' : null,
        evidence: i === 1 ? '演示数据：入户走访记录' : null,
        status: i === 0 ? 'takenUp' : i === 1 ? 'underConsideration' : 'open',
        merged_into_id: null,
        supports: n.supporters,
        raised_by_user_id: i === 1 ? worker.id : null,
        raised_by_person_id: persons[i]!.id,
        recorded_by_user_id: i === 1 ? worker.id : null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('linkage_need_supports')
      .values(
        persons.slice(i + 1, i + 1 + n.supporters).map((p) => ({
          area_code: village,
          need_id: n.id,
          supporter_key: `person:${p.id}`,
          channel: 'inPerson',
          user_id: p.user_id,
          person_id: p.id,
          person_area_code: p.area_code,
          recorded_by_user_id: worker.id,
          at,
        })),
      )
      .execute();
  }
  await db
    .insertInto('linkage_need_answers')
    .values({
      area_code: village,
      need_id: needs[1]!.id,
      id: newId(),
      decision: 'underConsideration',
      reason: null,
      internal_note: '演示数据：与乡镇社工站商议送餐经费',
      public_text: '村委会正在联系乡镇社工站，研究送餐服务，月底前答复。',
      published_at: at,
      published_by: worker.username,
      at,
      user_id: worker.id,
      username: worker.username,
    })
    .execute();

  // ---- projects and calls ----
  const project = async (title: string, status: string, needId: string | null, budget: number) => {
    const id = newId();
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
        target_count: 0,
        funding_source: 'governmentPurchase',
        budget_cents: budget,
        required_statuses: statuses,
        required_grade: null,
        required_social_workers: 1,
        status,
        starts_on: date(30),
        ends_on: date(210),
        created_by: worker.id,
        generated: true,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.insertInto('linkage_project_communities').values({ area_code: village, project_id: id, community_code: village }).execute();
    if (needId) await db.insertInto('linkage_project_needs').values({ area_code: village, project_id: id, need_area_code: village, need_id: needId }).execute();
    await db
      .insertInto('linkage_budget_lines')
      .values([
        { area_code: village, project_id: id, id: newId(), position: 0, title: '人员经费', amount_cents: budget * 0.6 },
        { area_code: village, project_id: id, id: newId(), position: 1, title: '活动物资', amount_cents: budget * 0.4 },
      ])
      .execute();
    await db
      .insertInto('linkage_indicators')
      .values([
        { area_code: village, project_id: id, id: newId(), position: 0, kind: 'output', name: '开展活动次数', unit: '次', target: 40 },
        { area_code: village, project_id: id, id: newId(), position: 1, kind: 'outcome', name: '服务对象满意度', unit: '%', target: 90 },
      ])
      .execute();
    await db.insertInto('linkage_phases').values({ area_code: village, project_id: id, id: newId(), position: 0, title: '实施', starts_on: date(30), ends_on: date(210) }).execute();
    return id;
  };
  const call = async (projectId: string, status: string, offsets: [number, number, number, number, number]) => {
    const id = newId();
    const criteria = [
      { area_code: village, call_id: id, id: newId(), position: 0, name: '服务方案', weight: 50 },
      { area_code: village, call_id: id, id: newId(), position: 1, name: '团队能力', weight: 30 },
      { area_code: village, call_id: id, id: newId(), position: 2, name: '预算合理性', weight: 20 },
    ];
    await db
      .insertInto('linkage_calls')
      .values({
        area_code: village,
        project_id: projectId,
        id,
        mode: 'open',
        status,
        questions_until: iso(offsets[0]),
        submission_deadline: iso(offsets[1]),
        evaluation_until: iso(offsets[2]),
        notice_until: iso(offsets[3]),
        contract_by: iso(offsets[4]),
        score_max: 10,
        drop_extremes: false,
        awarded_bid_id: null,
        opened_at: at,
        evaluation_closed_at: null,
        awarded_at: null,
        created_by: worker.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.insertInto('linkage_criteria').values(criteria).execute();
    await db
      .insertInto('linkage_panel_members')
      .values({ area_code: village, call_id: id, user_id: evaluator.id, declaration: status === 'contracted' ? 'noConflict' : 'pending', conflict_note: null, declared_at: status === 'contracted' ? at : null, added_at: at, added_by: worker.id })
      .execute();
    return { id, criteria };
  };
  const bid = async (callId: string, org: { id: string; area_code: string }, title: string, budget: number, team: string[], result: { score: number; rank: number; status: string } | null) => {
    const id = newId();
    await db
      .insertInto('linkage_bids')
      .values({
        area_code: village,
        call_id: callId,
        id,
        organization_id: org.id,
        organization_area_code: org.area_code,
        proposal_title: title,
        proposal: '演示数据：每周开展三次活动，社工带领志愿者入户走访并组织小组活动，按月向村委会报告进展。',
        budget_cents: budget,
        volunteers_planned: 6,
        status: result?.status ?? 'submitted',
        eligibility: JSON.stringify({ status: 'active', grade: null, certifiedSocialWorkers: team.length }),
        score: result?.score ?? null,
        rank: result?.rank ?? null,
        submitted_by: null,
        submitted_at: at,
      })
      .execute();
    await db
      .insertInto('linkage_bid_team')
      .values(team.map((w) => ({ area_code: village, bid_id: id, worker_id: w, role: '社工', certified: true })))
      .execute();
    return id;
  };

  // An open call the demo organization can bid on.
  const open = await project('独居老人助餐服务项目', 'calling', needs[1]!.id, 8_000_000);
  await call(open, 'open', [7, 14, 21, 28, 45]);
  // A call under evaluation: two bids for the demo evaluator to score.
  const evaluated = await project('农家书屋阅读推广项目', 'calling', needs[2]!.id, 3_000_000);
  const ev = await call(evaluated, 'evaluation', [-14, -1, 7, 14, 30]);
  await bid(ev.id, others[0]!, '书香乡村阅读计划', 2_800_000, [verified[0]!.id], null);
  await bid(ev.id, others[1]!, '周末读书会', 2_600_000, [verified[1]!.id], null);
  // An awarded, contracted project, carried by the demo organization.
  const carried = await project('留守儿童四点半课堂', 'contracted', needs[0]!.id, 10_000_000);
  const done = await call(carried, 'contracted', [-40, -30, -20, -10, -5]);
  const winner = await bid(done.id, member, '四点半课堂实施方案', 9_600_000, [verified[2]!.id, verified[3]!.id], { score: 86.5, rank: 1, status: 'awarded' });
  const loser = await bid(done.id, others[0]!, '课后陪伴计划', 9_900_000, [verified[4]!.id, verified[5]!.id], { score: 78, rank: 2, status: 'notAwarded' });
  const scores = [
    [winner, [9, 8, 8.5]],
    [loser, [8, 8, 7]],
  ] as const;
  await db
    .insertInto('linkage_scores')
    .values(scores.flatMap(([bidId, values]) => values.map((score, i) => ({ area_code: village, call_id: done.id, bid_id: bidId, criterion_id: done.criteria[i]!.id, user_id: evaluator.id, score, comment: null, at }))))
    .execute();
  await db.updateTable('linkage_calls').set({ awarded_bid_id: winner, evaluation_closed_at: iso(-20), awarded_at: iso(-9) }).where('id', '=', done.id).execute();
  const contractId = newId();
  await db
    .insertInto('linkage_contracts')
    .values({ area_code: village, call_id: done.id, id: contractId, project_id: carried, bid_id: winner, organization_id: member.id, organization_area_code: member.area_code, amount_cents: 9_600_000, signed_on: date(-5), starts_on: date(-3), ends_on: date(180), created_by: worker.id, created_at: at })
    .execute();
  await db
    .insertInto('linkage_payment_milestones')
    .values([
      { area_code: village, contract_id: contractId, id: newId(), position: 0, title: '首付款', due_on: date(0), amount_cents: 4_800_000, paid_on: null },
      { area_code: village, contract_id: contractId, id: newId(), position: 1, title: '中期款', due_on: date(90), amount_cents: 2_880_000, paid_on: null },
      { area_code: village, contract_id: contractId, id: newId(), position: 2, title: '尾款', due_on: date(185), amount_cents: 1_920_000, paid_on: null },
    ])
    .execute();
  return { needs: needs.length, projects: 3, calls: 3 };
}
