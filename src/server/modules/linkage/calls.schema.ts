/** Row ↔ API mapping of calls, bids, complaints and contracts. */
import type { BidSummary, Complaint, Contract } from '../../../contracts/linkage-api.ts';
import type { BidStatus, ComplaintState } from '../../../contracts/linkage.ts';
import type { BidRow, ComplaintRow } from './calls.repository.ts';
import type * as repo from './calls.repository.ts';

/** A bid as a list shows it; `sealed` hides its score and rank (before the evaluation closes). */
export function toBidSummary(b: BidRow, sealed: boolean): BidSummary {
  return {
    id: b.id,
    organization: { id: b.organization_id, name: b.organization_name ?? '' },
    proposalTitle: b.proposal_title,
    budgetCents: Number(b.budget_cents),
    volunteersPlanned: Number(b.volunteers_planned),
    teamSize: Number(b.team_size ?? 0),
    certifiedSocialWorkers: Number(b.certified_count ?? 0),
    status: b.status as BidStatus,
    score: sealed || b.score === null ? null : Number(b.score),
    rank: sealed || b.rank === null ? null : Number(b.rank),
    submittedAt: b.submitted_at,
  };
}

export function toComplaint(k: ComplaintRow | Awaited<ReturnType<typeof repo.complaintsOf>>[number], userId: string): Complaint {
  return {
    id: k.id,
    callId: k.call_id,
    organization: k.organization_id ? { id: k.organization_id, name: k.organization_name ?? '' } : null,
    subject: k.subject,
    body: k.body,
    state: k.state as ComplaintState,
    answer: k.answer,
    answeredAt: k.answered_at,
    decision: k.decision,
    decidedAt: k.decided_at,
    mine: k.user_id === userId,
    createdAt: k.created_at,
    version: Number(k.version),
  };
}

export function toContract(
  k: NonNullable<Awaited<ReturnType<typeof repo.findContract>>>,
  milestones: Awaited<ReturnType<typeof repo.milestonesOf>>,
  team: Awaited<ReturnType<typeof repo.teamOf>>,
): Contract {
  return {
    id: k.id,
    areaCode: k.area_code,
    projectId: k.project_id,
    projectTitle: k.project_title,
    callId: k.call_id,
    bidId: k.bid_id,
    organization: { id: k.organization_id, name: k.organization_name ?? '' },
    amountCents: Number(k.amount_cents),
    signedOn: k.signed_on,
    startsOn: k.starts_on,
    endsOn: k.ends_on,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, amountCents: Number(m.amount_cents), paidOn: m.paid_on })),
    team: team.map((t) => ({ workerId: t.worker_id, name: t.name ?? '', certified: Boolean(t.certified) })),
    createdAt: k.created_at,
  };
}
