/**
 * The public notice page (公示) of a community, readable without an account: its projects' calls
 * that are open, the awards (with their notice and complaint window), the complaints and how they
 * were answered, and closed evaluations with their score and grade. Organizations and projects
 * only: no person's name, no complainant, no attendance.
 */
import type { Db } from '../../db/database.ts';
import type { PublicNotice } from '../../../contracts/open-contracting.ts';
import { notFound } from '../../http/errors.ts';
import * as repo from './delivery.repository.ts';

export async function publicNotice(db: Db, community: string): Promise<PublicNotice> {
  const name = await repo.areaName(db, community);
  if (name === null) throw notFound('Community', community);
  const [calls, projects] = await Promise.all([repo.noticeCalls(db, community), repo.projectsServing(db, community)]);
  const [complaints, rounds, contracts] = await Promise.all([
    repo.noticeComplaints(db, calls),
    repo.closedRoundsOf(db, projects),
    Promise.all(projects.map(async (p) => [p.id, await repo.contractOf(db, p.area_code, p.id)] as const)),
  ]);
  const titles = new Map(projects.map((p) => [p.id, p.title]));
  const organizations = new Map(contracts.map(([id, c]) => [id, c?.organization_name ?? null]));
  return {
    areaCode: community,
    areaName: name,
    calls: calls
      .filter((c) => c.status === 'open' || c.status === 'evaluation')
      .map((c) => ({ callId: c.id, projectId: c.project_id, projectTitle: c.title, mode: c.mode, status: c.status, submissionDeadline: c.submission_deadline, budgetCents: Number(c.budget_cents) })),
    awards: calls
      .filter((c) => c.status === 'notice' || c.status === 'awarded' || c.status === 'contracted')
      .map((c) => ({ callId: c.id, projectId: c.project_id, projectTitle: c.title, organization: c.organization ?? '', amountCents: c.awarded_cents === null ? null : Number(c.awarded_cents), awardedAt: c.awarded_at, noticeUntil: c.notice_until })),
    complaints: complaints.map((k) => ({ id: k.id, projectTitle: k.title, subject: k.subject, state: k.state, answer: k.answer, createdAt: k.created_at })),
    evaluations: rounds
      .filter((r) => r.final_score !== null && r.grade !== null && r.closed_at !== null)
      .map((r) => ({ roundId: r.id, projectId: r.project_id, projectTitle: titles.get(r.project_id) ?? '', organization: organizations.get(r.project_id) ?? null, title: r.title, finalScore: Number(r.final_score), grade: r.grade!, closedAt: r.closed_at! })),
  };
}
