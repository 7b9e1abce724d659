import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../src/server/db/database.ts';
import { dateInChina } from '../../src/engine/calendar/working-days.ts';

export interface ContractedProject {
  projectId: string;
  areaCode: string;
  callId: string;
  bidId: string;
  contractId: string;
  organizationId: string;
  organizationAreaCode: string;
  budgetLineIds: string[];
  indicatorId: string;
}

/**
 * A project of `village` carried to a signed contract, written straight to the procurement half's
 * tables (the delivery tests start where procurement ends): 80,000 yuan in two budget lines, one
 * output indicator (40 sessions), an open call with one bid awarded to `organization`, a contract
 * with one payment made, and an answered complaint.
 */
export async function contractedProject(db: Db, village: string, organization: { id: string; areaCode: string }, title = '留守儿童暑期陪伴计划'): Promise<ContractedProject> {
  const now = new Date().toISOString();
  const day = (offset: number) => dateInChina(Date.now() + offset * 86_400_000);
  const projectId = uuidv7();
  const callId = uuidv7();
  const bidId = uuidv7();
  const contractId = uuidv7();
  const budgetLineIds = [uuidv7(), uuidv7()];
  const indicatorId = uuidv7();
  await db
    .insertInto('linkage_projects')
    .values({
      area_code: village,
      id: projectId,
      title,
      summary: '暑期课堂与家访',
      objectives: '让留守儿童暑期有人陪伴',
      target_group: '本村确认的留守儿童',
      target_kind: 'leftBehindChild',
      funding_source: 'governmentPurchase',
      budget_cents: 8_000_000,
      required_statuses: JSON.stringify(['registered', 'active']),
      required_grade: null,
      status: 'contracted',
      starts_on: day(-60),
      ends_on: day(60),
      created_by: null,
      created_at: new Date(Date.now() - 90 * 86_400_000).toISOString(),
      updated_at: now,
    })
    .execute();
  await db.insertInto('linkage_project_communities').values({ area_code: village, project_id: projectId, community_code: village }).execute();
  await db
    .insertInto('linkage_budget_lines')
    .values([
      { area_code: village, project_id: projectId, id: budgetLineIds[0]!, position: 1, title: '人员', amount_cents: 6_000_000 },
      { area_code: village, project_id: projectId, id: budgetLineIds[1]!, position: 2, title: '物料', amount_cents: 2_000_000 },
    ])
    .execute();
  await db.insertInto('linkage_indicators').values({ area_code: village, project_id: projectId, id: indicatorId, position: 1, kind: 'output', name: '陪伴课堂', unit: '次', target: 40 }).execute();
  const opened = new Date(Date.now() - 80 * 86_400_000).toISOString();
  await db
    .insertInto('linkage_calls')
    .values({
      area_code: village,
      project_id: projectId,
      id: callId,
      mode: 'open',
      status: 'contracted',
      questions_until: new Date(Date.now() - 75 * 86_400_000).toISOString(),
      submission_deadline: new Date(Date.now() - 70 * 86_400_000).toISOString(),
      evaluation_until: new Date(Date.now() - 68 * 86_400_000).toISOString(),
      notice_until: new Date(Date.now() - 63 * 86_400_000).toISOString(),
      contract_by: new Date(Date.now() - 60 * 86_400_000).toISOString(),
      score_max: 100,
      drop_extremes: false,
      awarded_bid_id: bidId,
      opened_at: opened,
      evaluation_closed_at: new Date(Date.now() - 68 * 86_400_000).toISOString(),
      awarded_at: new Date(Date.now() - 62 * 86_400_000).toISOString(),
      created_by: null,
      created_at: opened,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('linkage_bids')
    .values({
      area_code: village,
      call_id: callId,
      id: bidId,
      organization_id: organization.id,
      organization_area_code: organization.areaCode,
      proposal_title: '陪伴成长',
      proposal: '每周两次课堂',
      budget_cents: 7_850_000,
      volunteers_planned: 5,
      status: 'awarded',
      eligibility: '{}',
      score: 88,
      rank: 1,
      submitted_by: null,
      submitted_at: new Date(Date.now() - 72 * 86_400_000).toISOString(),
    })
    .execute();
  await db
    .insertInto('linkage_complaints')
    .values({
      area_code: village,
      call_id: callId,
      id: uuidv7(),
      organization_id: null,
      user_id: null,
      subject: '评分是否公开',
      body: '希望公开评分细则',
      state: 'resolved',
      answer: '评分细则已在公示中公开',
      answered_at: new Date(Date.now() - 64 * 86_400_000).toISOString(),
      decision: 'resolved',
      decided_at: new Date(Date.now() - 64 * 86_400_000).toISOString(),
      created_at: new Date(Date.now() - 66 * 86_400_000).toISOString(),
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('linkage_contracts')
    .values({
      area_code: village,
      call_id: callId,
      id: contractId,
      project_id: projectId,
      bid_id: bidId,
      organization_id: organization.id,
      organization_area_code: organization.areaCode,
      amount_cents: 7_850_000,
      signed_on: day(-60),
      starts_on: day(-59),
      ends_on: day(60),
      created_by: null,
      created_at: now,
    })
    .execute();
  await db
    .insertInto('linkage_payment_milestones')
    .values([
      { area_code: village, contract_id: contractId, id: uuidv7(), position: 1, title: '首期款', due_on: day(-58), amount_cents: 3_925_000, paid_on: day(-58) },
      { area_code: village, contract_id: contractId, id: uuidv7(), position: 2, title: '尾款', due_on: day(60), amount_cents: 3_925_000, paid_on: null },
    ])
    .execute();
  return { projectId, areaCode: village, callId, bidId, contractId, organizationId: organization.id, organizationAreaCode: organization.areaCode, budgetLineIds, indicatorId };
}
