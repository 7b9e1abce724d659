/**
 * Competitive calls (竞争承接): a call of a project, open or by invitation, with periods (questions,
 * submission, evaluation, public notice with its complaint window, contract); enquiries answered
 * publicly; bids checked against the registry at submission; a panel that declares conflicts and
 * scores on weighted criteria, sealed until the evaluation closes; complaints; award (written to
 * the organization's credit record through the people service) and contract. One transaction per
 * write; every refusal names its rule.
 */
import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import { mayDo, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { myOrganization, recordCreditAsSystem } from '../people/organizations.service.ts';
import type {
  AwardInput,
  Bid,
  BidInput,
  Call,
  CallInput,
  CallSummary,
  CallTransition,
  Complaint,
  ComplaintInput,
  ComplaintTransition,
  Contract,
  ContractInput,
  Declaration,
  EvaluationQueueItem,
  InvitationCandidate,
  ScoreInput,
  ScoringSheet,
} from '../../../contracts/linkage-api.ts';
import { OPEN_COMPLAINT_STATES, type BidRule, type CallMode, type CallStatus, type Declaration as DeclarationState } from '../../../contracts/linkage.ts';
import { RATING_GRADES, type OrganizationStatus, type RatingGrade } from '../../../contracts/organizations.ts';
import { bidResults } from '../../../engine/linkage/bid-scores.ts';
import * as repo from './calls.repository.ts';
import { insertEvent } from './needs.repository.ts';
import { projectFor } from './projects.service.ts';
import { toBidSummary, toComplaint, toContract } from './calls.schema.ts';
import { eventRow } from './timeline.ts';

const now = () => new Date().toISOString();
/** A call is past its evaluation once its result is published. */
const RESULT_PUBLISHED = new Set<string>(['notice', 'awarded', 'contracted']);

function ruleConflict(rule: BidRule | string, message: string, details: Record<string, unknown> = {}): AppError {
  return conflict(`${message} (rule: ${rule})`, { rule, ...details });
}

async function callFor(db: Db, ctx: RequestContext, id: string, action: Parameters<typeof requirePermission>[1]): Promise<{ actor: Actor; call: repo.CallRow }> {
  const actor = requirePermission(ctx, action);
  const call = await repo.findCall(db, id);
  if (!call) throw notFound('Call', id);
  requireScope(actor, call.area_code);
  return { actor, call };
}

function requirementsOf(call: Pick<repo.CallRow, 'required_statuses' | 'required_grade' | 'required_social_workers'>) {
  return {
    statuses: JSON.parse(call.required_statuses) as OrganizationStatus[],
    minimumGrade: call.required_grade as RatingGrade | null,
    socialWorkers: Number(call.required_social_workers),
  };
}

// ---- route policy ----

/**
 * Role, and the scope of the record a path names, decided before a request's body is validated: a
 * role the policy does not list, or a record outside the actor's scope, is refused (403) whatever
 * was sent; an unknown record is a 404.
 */
export async function authorizeRoute(db: Db, ctx: RequestContext, action: Parameters<typeof requirePermission>[1], kind: repo.RecordKind | null, params: { id?: string; code?: string }): Promise<void> {
  const actor = requirePermission(ctx, action);
  if (typeof params.code === 'string') scopedArea(actor, params.code, 'code');
  if (kind && typeof params.id === 'string' && params.id.length <= 36) {
    const area = await repo.areaOfRecord(db, kind, params.id);
    if (!area) throw notFound(kind.replace(/s$/, ''), params.id);
    requireScope(actor, area);
  }
}

// ---- reading ----

export async function getCall(db: Db, ctx: RequestContext, id: string): Promise<Call> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.read');
  const staff = mayDo(actor, 'calls.manage');
  const [criteria, invited, panel, enquiries, bids, complaints, contract, scores] = await Promise.all([
    repo.criteriaOf(db, call.area_code, id),
    repo.invitationsOf(db, call.area_code, id),
    repo.panelOf(db, call.area_code, id),
    repo.enquiriesOf(db, call.area_code, id),
    repo.bidsOf(db, call.area_code, id),
    repo.complaintsOf(db, call.area_code, id),
    repo.contractOfCall(db, call.area_code, id),
    repo.scoresOf(db, call.area_code, id),
  ]);
  const onPanel = panel.some((m) => m.user_id === actor.userId);
  const own = actor.role === 'organizationMember' ? await repo.organizationOfUser(db, actor.userId) : undefined;
  const published = RESULT_PUBLISHED.has(call.status);
  const visibleBids = bids.filter((b) => staff || published || (onPanel && call.status === 'evaluation') || (own && b.organization_id === own.id));
  const sealed = !published;
  const scoredBy = new Map<string, Set<string>>();
  for (const s of scores) scoredBy.set(s.user_id, (scoredBy.get(s.user_id) ?? new Set()).add(s.bid_id));
  const myBid = own ? bids.find((b) => b.organization_id === own.id) : undefined;
  const invitedMe = actor.role === 'organizationMember' && call.mode === 'invitation' ? own !== undefined && invited.some((o) => o.organization_id === own.id) : null;
  return {
    id: call.id,
    areaCode: call.area_code,
    projectId: call.project_id,
    projectTitle: call.project_title,
    mode: call.mode as CallMode,
    status: call.status as CallStatus,
    questionsUntil: call.questions_until,
    submissionDeadline: call.submission_deadline,
    evaluationUntil: call.evaluation_until,
    noticeUntil: call.notice_until,
    contractBy: call.contract_by,
    scoreMax: Number(call.score_max),
    dropExtremes: Boolean(call.drop_extremes),
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, weight: Number(c.weight) })),
    invited: invited.map((o) => ({ id: o.organization_id, name: o.name ?? '' })),
    invitedMe,
    panel:
      staff || onPanel
        ? panel.map((m) => ({ userId: m.user_id, name: m.display_name ?? '', declaration: m.declaration as DeclarationState, declaredAt: m.declared_at, scored: scoredBy.get(m.user_id)?.size ?? 0 }))
        : [],
    enquiries: enquiries.filter((e) => staff || e.answer !== null || e.asked_by_user_id === actor.userId).map((e) => ({ id: e.id, question: e.question, askedAt: e.asked_at, answer: e.answer, answeredAt: e.answered_at })),
    bids: visibleBids.map((b) => toBidSummary(b, sealed)),
    complaints: complaints.filter((k) => staff || k.user_id === actor.userId || published).map((k) => toComplaint(k, actor.userId)),
    awardedBidId: call.awarded_bid_id,
    contractId: contract?.id ?? null,
    budgetCents: Number(call.budget_cents),
    requirements: requirementsOf(call),
    myBidId: myBid?.id ?? null,
    version: Number(call.version),
  };
}

export async function listCalls(
  db: Db,
  ctx: RequestContext,
  q: { area?: string; status?: string; limit?: number; cursor?: string },
): Promise<{ items: CallSummary[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'calls.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const own = actor.role === 'organizationMember' ? await repo.organizationOfUser(db, actor.userId) : undefined;
  // Drafts are the community's own work: others see calls once opened.
  const status = q.status;
  // An organization's member sees open calls and the calls by invitation that invite their organization.
  const invitedOnly = actor.role === 'organizationMember' ? { organizationId: own?.id ?? null } : undefined;
  const staff = mayDo(actor, 'calls.manage');
  const { rows, total } = await repo.listCalls(db, { scope, status, withoutDrafts: !staff, organizationId: own?.id ?? null, invitedOnly, limit, offset });
  const items = rows.map((r) => ({
    id: r.id,
    areaCode: r.area_code,
    areaName: r.area_name ?? null,
    projectId: r.project_id,
    projectTitle: r.project_title,
    mode: r.mode as CallMode,
    status: r.status as CallStatus,
    submissionDeadline: r.submission_deadline,
    budgetCents: Number(r.budget_cents),
    bidCount: Number(r.bid_count ?? 0),
    myBidId: r.my_bid_id ?? null,
  }));
  return { items, total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

export async function panelCandidates(db: Db, ctx: RequestContext, area: string | undefined): Promise<{ id: string; name: string; username: string }[]> {
  const actor = requirePermission(ctx, 'calls.manage');
  const code = scopedArea(actor, area);
  const users = await repo.evaluators(db);
  return users.filter((u) => !u.locked && code.startsWith(u.scope_code)).map((u) => ({ id: u.id, name: u.display_name, username: u.username }));
}

// ---- opening a call ----

type RegistryOrganization = Awaited<ReturnType<typeof repo.organizationsIn>>[number];

/** Why an organization may not be invited to a project's call (its status or current grade), or null when it may. */
function ineligibility(o: RegistryOrganization, req: ReturnType<typeof requirementsOf>): FieldProblem | null {
  if (!req.statuses.includes(o.status as OrganizationStatus)) {
    return { field: '', problem: `is ${o.status}; the project takes organizations that are ${req.statuses.join(', ')}`, code: 'not_allowed', params: { status: o.status } };
  }
  if (req.minimumGrade && gradeRank(o.grade) < gradeRank(req.minimumGrade)) {
    return { field: '', problem: `has a current rating of ${o.grade ?? 'none'}; the project requires ${req.minimumGrade} or better`, code: 'not_allowed', params: { grade: o.grade ?? '-', required: req.minimumGrade } };
  }
  return null;
}

/**
 * The organizations a call by invitation of this project may invite: in the registry of the
 * project's county (registered there or serving a community in it) and meeting the project's
 * bidder requirements today (status, current rating), by name.
 */
export async function invitationCandidates(db: Db, ctx: RequestContext, projectId: string): Promise<InvitationCandidate[]> {
  const { row: project } = await projectFor(db, ctx, projectId, 'calls.manage');
  const req = requirementsOf(project);
  const rows = await repo.organizationsIn(db, project.area_code.slice(0, 6), 1000);
  return rows
    .filter((o) => ineligibility(o, req) === null)
    .map((o) => ({ id: o.id, name: o.name, areaCode: o.area_code, areaName: o.area_name, status: o.status as OrganizationStatus, grade: o.grade as RatingGrade | null }));
}

export async function createCall(db: Db, ctx: RequestContext, projectId: string, input: CallInput): Promise<Call> {
  const { actor, row: project } = await projectFor(db, ctx, projectId, 'calls.manage');
  if (project.status !== 'draft' && project.status !== 'designed') throw ruleConflict('projectStatus', `Project ${projectId} is ${project.status}: it cannot be put to a call`);
  if (await repo.activeCallOf(db, project.area_code, projectId)) throw ruleConflict('activeCall', `Project ${projectId} already has a call`);
  const problems: FieldProblem[] = [];
  const periods = ['questionsUntil', 'submissionDeadline', 'evaluationUntil', 'noticeUntil', 'contractBy'] as const;
  const times = periods.map((p) => Date.parse(input[p]));
  periods.forEach((p, i) => {
    if (Number.isNaN(times[i])) problems.push({ field: p, problem: 'is not an ISO-8601 instant', code: 'invalid_format' });
    else if (i > 0 && !Number.isNaN(times[i - 1]) && times[i]! < times[i - 1]!) problems.push({ field: p, problem: `must not be before ${periods[i - 1]}`, code: 'out_of_range' });
  });
  const weights = input.criteria.reduce((s, c) => s + c.weight, 0);
  if (Math.abs(weights - 100) > 1e-6) problems.push({ field: 'criteria', problem: `weights sum to ${weights}, not 100`, code: 'inconsistent', params: { sum: weights } });
  input.criteria.forEach((c, i) => {
    if (!c.name.trim()) problems.push({ field: `criteria.${i}.name`, problem: 'must not be blank', code: 'required' });
  });
  const users = new Map((await repo.usersByIds(db, input.panelUserIds)).map((u) => [u.id, u]));
  input.panelUserIds.forEach((id, i) => {
    const u = users.get(id);
    if (!u || u.role !== 'evaluator' || u.locked) problems.push({ field: `panelUserIds.${i}`, problem: 'is not an active evaluator', code: 'unknown_reference' });
    else if (!project.area_code.startsWith(u.scope_code)) problems.push({ field: `panelUserIds.${i}`, problem: "does not cover the project's area", code: 'not_in_scope' });
  });
  const invitedIds = input.invitedOrganizationIds ?? [];
  if (input.mode === 'invitation' && invitedIds.length === 0) problems.push({ field: 'invitedOrganizationIds', problem: 'is required for a call by invitation', code: 'required' });
  if (input.mode === 'open' && invitedIds.length > 0) problems.push({ field: 'invitedOrganizationIds', problem: 'an open call invites no one', code: 'inconsistent' });
  const orgs = new Map((await repo.organizationsByIds(db, invitedIds)).map((o) => [o.id, o]));
  const county = project.area_code.slice(0, 6);
  const req = requirementsOf(project);
  for (const [i, id] of invitedIds.entries()) {
    const field = `invitedOrganizationIds.${i}`;
    const o = orgs.get(id);
    if (!o) {
      problems.push({ field, problem: 'does not exist', code: 'unknown_reference' });
      continue;
    }
    if (!o.area_code.startsWith(county) && !(await repo.organizationServesWithin(db, id, county))) {
      problems.push({ field, problem: `is neither registered in nor serving the project's county ${county}`, code: 'not_in_scope' });
      continue;
    }
    const why = ineligibility(o, req);
    if (why) problems.push({ ...why, field });
  }
  if (problems.length) throw invalidFields(problems);
  const id = newId();
  const at = now();
  const iso = (i: number) => new Date(times[i]!).toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertCall(
      trx,
      {
        area_code: project.area_code,
        project_id: projectId,
        id,
        mode: input.mode,
        status: 'draft',
        questions_until: iso(0),
        submission_deadline: iso(1),
        evaluation_until: iso(2),
        notice_until: iso(3),
        contract_by: iso(4),
        score_max: input.scoreMax,
        drop_extremes: input.dropExtremes,
        awarded_bid_id: null,
        opened_at: null,
        evaluation_closed_at: null,
        awarded_at: null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      },
      input.criteria.map((c, i) => ({ area_code: project.area_code, call_id: id, id: newId(), position: i, name: c.name.trim(), weight: c.weight })),
      input.panelUserIds,
      invitedIds.map((o) => ({ id: o, area_code: orgs.get(o)!.area_code })),
      actor.userId,
    );
    await repo.setProjectStatus(trx, project.area_code, projectId, 'calling');
    await insertEvent(trx, eventRow(actor, project.area_code, 'project', projectId, project.status, 'calling'));
    await insertEvent(trx, eventRow(actor, project.area_code, 'call', id, null, 'draft'));
    await recordAudit(trx, ctx, { action: 'linkage.call.create', areaCode: project.area_code, targetType: 'call', targetId: id, details: { projectId, mode: input.mode } });
  });
  return getCall(db, ctx, id);
}

/** Moves a call: draft → open → evaluation → notice (result computed), or cancelled. */
export async function transitionCall(db: Db, ctx: RequestContext, id: string, input: Static<typeof CallTransition>): Promise<Call> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.manage');
  const from = call.status;
  const allowed: Record<string, string[]> = { draft: ['open', 'cancelled'], open: ['evaluation', 'cancelled'], evaluation: ['notice', 'cancelled'], notice: ['cancelled'] };
  if (!(allowed[from] ?? []).includes(input.to)) throw ruleConflict('transition', `A ${from} call cannot move to ${input.to}`, { from, to: input.to });
  const t = now();
  const changes: Parameters<typeof repo.updateCall>[3] = { status: input.to };
  let results: ReturnType<typeof bidResults> = [];
  if (input.to === 'open') {
    if (t >= call.submission_deadline) throw ruleConflict('deadline', 'The submission deadline has passed; a call opens before it');
    if (call.mode === 'invitation') {
      // The design may have changed, or a rating lapsed, since the draft: each invitee still qualifies.
      const invited = await repo.invitationsOf(db, call.area_code, id);
      const req = requirementsOf(call);
      const lapsed = (await repo.organizationsByIds(db, invited.map((o) => o.organization_id))).filter((o) => ineligibility(o, req) !== null);
      if (lapsed.length) {
        throw ruleConflict('invitedIneligible', `No longer eligible for the project: ${lapsed.map((o) => o.name).join(', ')}; cancel this call and invite again`, { organizations: lapsed.map((o) => ({ id: o.id, name: o.name })) });
      }
    }
    changes.opened_at = t;
  }
  if (input.to === 'evaluation' && t < call.submission_deadline) throw ruleConflict('deadline', `Bids are taken until ${call.submission_deadline}; the evaluation starts after it`);
  if (input.to === 'notice') {
    const [bids, panel, criteria, scores] = await Promise.all([
      repo.bidsOf(db, call.area_code, id),
      repo.panelOf(db, call.area_code, id),
      repo.criteriaOf(db, call.area_code, id),
      repo.scoresOf(db, call.area_code, id),
    ]);
    const live = bids.filter((b) => b.status === 'submitted');
    if (live.length === 0) throw ruleConflict('noBids', 'No bid to evaluate');
    const missing: string[] = [];
    for (const m of panel) {
      if (m.declaration === 'pending') missing.push(m.display_name ?? m.user_id);
      if (m.declaration !== 'noConflict') continue;
      const member = await repo.organizationOfUser(db, m.user_id);
      for (const b of live) {
        if (member?.id === b.organization_id) continue;
        const n = scores.filter((s) => s.user_id === m.user_id && s.bid_id === b.id).length;
        if (n < criteria.length) missing.push(m.display_name ?? m.user_id);
      }
    }
    if (missing.length) throw ruleConflict('scoringIncomplete', 'Every panel member declares and scores every bid before the evaluation closes', { evaluators: [...new Set(missing)] });
    results = bidResults(
      live.map((b) => ({ id: b.id, submittedAt: b.submitted_at })),
      criteria.map((c) => ({ id: c.id, weight: Number(c.weight) })),
      scores.map((s) => ({ bidId: s.bid_id, criterionId: s.criterion_id, evaluator: s.user_id, score: Number(s.score) })),
      Number(call.score_max),
      Boolean(call.drop_extremes),
    );
    changes.evaluation_closed_at = t;
  }
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateCall(trx, id, input.version, changes))) throw conflict('The call changed meanwhile; reload it', { rule: 'version' });
    for (const r of results) await repo.setBidResult(trx, call.area_code, r.bidId, { score: r.score, rank: r.rank });
    if (input.to === 'cancelled') {
      await repo.setProjectStatus(trx, call.area_code, call.project_id, 'designed');
      await insertEvent(trx, eventRow(actor, call.area_code, 'project', call.project_id, call.project_status, 'designed', 'call cancelled'));
    }
    await insertEvent(trx, eventRow(actor, call.area_code, 'call', id, from, input.to, input.reason?.trim() || null));
    await recordAudit(trx, ctx, { action: 'linkage.call.transition', areaCode: call.area_code, targetType: 'call', targetId: id, details: { from, to: input.to } });
  });
  return getCall(db, ctx, id);
}

// ---- enquiries ----

export async function askEnquiry(db: Db, ctx: RequestContext, id: string, question: string): Promise<Call> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.enquire');
  if (call.status !== 'open' || now() > call.questions_until) throw ruleConflict('questionsClosed', `Questions are taken while the call is open, until ${call.questions_until}`);
  if (!question.trim()) throw invalidField('question', 'must not be blank', 'required');
  await db.transaction().execute(async (trx) => {
    const enquiryId = newId();
    await repo.insertEnquiry(trx, { area_code: call.area_code, call_id: id, id: enquiryId, question: question.trim(), asked_by_user_id: actor.userId, asked_at: now(), answer: null, answered_by: null, answered_at: null });
    await recordAudit(trx, ctx, { action: 'linkage.call.enquiry', areaCode: call.area_code, targetType: 'call', targetId: id, details: { enquiryId } });
  });
  return getCall(db, ctx, id);
}

export async function answerEnquiry(db: Db, ctx: RequestContext, id: string, enquiryId: string, answer: string): Promise<Call> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.manage');
  if (!answer.trim()) throw invalidField('answer', 'must not be blank', 'required');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.answerEnquiry(trx, call.area_code, id, enquiryId, answer.trim(), actor.username))) throw notFound('Enquiry', enquiryId);
    await recordAudit(trx, ctx, { action: 'linkage.call.answerEnquiry', areaCode: call.area_code, targetType: 'call', targetId: id, details: { enquiryId } });
  });
  return getCall(db, ctx, id);
}

// ---- bids ----

function gradeRank(grade: string | null | undefined): number {
  return grade ? RATING_GRADES.indexOf(grade as RatingGrade) : -1;
}

/**
 * A bid for the member's own organization, checked against the registry at submission: the call
 * is open and before its deadline, the organization invited (by invitation), its status and current
 * rating as the project requires, and at least N team members with a verified social-work
 * qualification. Each refusal is a 409 naming its rule.
 */
export async function submitBid(db: Db, ctx: RequestContext, id: string, input: BidInput): Promise<Bid> {
  const { actor, call } = await callFor(db, ctx, id, 'bids.submit');
  const organization = await myOrganization(db, ctx);
  if (call.status !== 'open') throw ruleConflict('notOpen', `The call is ${call.status}: it takes no bids`);
  if (now() > call.submission_deadline) throw ruleConflict('deadline', `Bids were taken until ${call.submission_deadline}`, { deadline: call.submission_deadline });
  if (call.mode === 'invitation') {
    const invited = await repo.invitationsOf(db, call.area_code, id);
    if (!invited.some((o) => o.organization_id === organization.id)) throw ruleConflict('notInvited', 'This call is by invitation and your organization was not invited');
  }
  const req = requirementsOf(call);
  if (!req.statuses.includes(organization.status)) {
    throw ruleConflict('organizationStatus', `The project takes bids from organizations that are ${req.statuses.join(', ')}; yours is ${organization.status}`, { required: req.statuses, actual: organization.status });
  }
  if (req.minimumGrade && gradeRank(organization.rating?.grade) < gradeRank(req.minimumGrade)) {
    throw ruleConflict('organizationRating', `The project requires a current rating of ${req.minimumGrade} or better; yours is ${organization.rating?.grade ?? 'none'}`, {
      required: req.minimumGrade,
      actual: organization.rating?.grade ?? null,
    });
  }
  const problems: FieldProblem[] = [];
  if (!input.proposalTitle.trim()) problems.push({ field: 'proposalTitle', problem: 'must not be blank', code: 'required' });
  if (!input.proposal.trim()) problems.push({ field: 'proposal', problem: 'must not be blank', code: 'required' });
  if (input.budgetCents > Number(call.budget_cents)) problems.push({ field: 'budgetCents', problem: `exceeds the project's budget of ${call.budget_cents} cents`, code: 'out_of_range', params: { max: Number(call.budget_cents) } });
  const workerIds = input.team.map((t) => t.workerId);
  const workers = new Map((await repo.workersWithQualification(db, workerIds)).map((w) => [w.id, w]));
  const seen = new Set<string>();
  input.team.forEach((t, i) => {
    if (seen.has(t.workerId)) problems.push({ field: `team.${i}.workerId`, problem: 'is named twice', code: 'duplicate' });
    seen.add(t.workerId);
    if (!workers.has(t.workerId)) problems.push({ field: `team.${i}.workerId`, problem: 'is not in the workers registry', code: 'unknown_reference' });
  });
  if (problems.length) throw invalidFields(problems);
  const certified = [...workers.values()].filter((w) => Boolean(w.certified)).length;
  if (certified < req.socialWorkers) {
    throw ruleConflict('socialWorkers', `The project requires at least ${req.socialWorkers} certified social workers on the team; yours has ${certified}`, { required: req.socialWorkers, actual: certified });
  }
  if (await repo.bidOfOrganization(db, id, organization.id)) throw ruleConflict('duplicate', 'Your organization has already bid for this call');
  const bidId = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertBid(
      trx,
      {
        area_code: call.area_code,
        call_id: id,
        id: bidId,
        organization_id: organization.id,
        organization_area_code: organization.areaCode,
        proposal_title: input.proposalTitle.trim(),
        proposal: input.proposal,
        budget_cents: input.budgetCents,
        volunteers_planned: input.volunteersPlanned,
        status: 'submitted',
        eligibility: JSON.stringify({ status: organization.status, grade: organization.rating?.grade ?? null, certifiedSocialWorkers: certified }),
        score: null,
        rank: null,
        submitted_by: actor.userId,
        submitted_at: now(),
      },
      input.team.map((t) => ({ area_code: call.area_code, bid_id: bidId, worker_id: t.workerId, role: t.role?.trim() || null, certified: Boolean(workers.get(t.workerId)!.certified) })),
    );
    await insertEvent(trx, eventRow(actor, call.area_code, 'bid', bidId, null, 'submitted'));
    await recordAudit(trx, ctx, { action: 'linkage.bid.submit', areaCode: call.area_code, targetType: 'bid', targetId: bidId, details: { callId: id, organizationId: organization.id } });
  });
  return getBid(db, ctx, bidId);
}

/** Social workers of the registry in the call's county a bidder may name on its team, certified first. */
export async function teamCandidates(db: Db, ctx: RequestContext, id: string): Promise<{ id: string; name: string; certified: boolean }[]> {
  const { call } = await callFor(db, ctx, id, 'bids.submit');
  const rows = await repo.workersIn(db, call.area_code.slice(0, 6), 500);
  return rows.map((w) => ({ id: w.id, name: w.name, certified: Boolean(w.certified) })).sort((a, b) => Number(b.certified) - Number(a.certified));
}

export async function getBid(db: Db, ctx: RequestContext, id: string): Promise<Bid> {
  const actor = requirePermission(ctx, 'calls.read');
  const bid = await repo.findBid(db, id);
  if (!bid) throw notFound('Bid', id);
  requireScope(actor, bid.area_code);
  const call = (await repo.findCall(db, bid.call_id))!;
  const staff = mayDo(actor, 'calls.manage');
  const own = actor.role === 'organizationMember' && (await repo.organizationOfUser(db, actor.userId))?.id === bid.organization_id;
  const onPanel = actor.role === 'evaluator' && (await repo.panelMember(db, bid.area_code, bid.call_id, actor.userId)) !== undefined && call.status !== 'draft' && call.status !== 'open';
  if (!staff && !own && !onPanel) throw forbidden('Only the community, the bidding organization and the panel read a bid', { reason: 'own' });
  const summary = (await repo.bidsOf(db, bid.area_code, bid.call_id)).find((b) => b.id === id)!;
  const team = await repo.teamOf(db, bid.area_code, [id]);
  const eligibility = JSON.parse(bid.eligibility) as { status: string; grade: string | null; certifiedSocialWorkers: number };
  return {
    ...toBidSummary(summary, !RESULT_PUBLISHED.has(call.status)),
    callId: bid.call_id,
    proposal: bid.proposal,
    team: team.map((t) => ({ workerId: t.worker_id, name: t.name ?? '', role: t.role, certified: Boolean(t.certified) })),
    eligibility,
  };
}

// ---- evaluation ----

async function panelCall(db: Db, ctx: RequestContext, id: string) {
  const { actor, call } = await callFor(db, ctx, id, 'calls.score');
  const member = await repo.panelMember(db, call.area_code, id, actor.userId);
  if (!member) throw forbidden('You are not on the panel of this call', { reason: 'panel' });
  return { actor, call, member };
}

export async function evaluationQueue(db: Db, ctx: RequestContext): Promise<EvaluationQueueItem[]> {
  const actor = requirePermission(ctx, 'calls.score');
  const { rows } = await repo.listCalls(db, { scope: actor.scope, panelUser: actor.userId, limit: 200, offset: 0 });
  const out: EvaluationQueueItem[] = [];
  for (const r of rows.filter((x) => x.status === 'open' || x.status === 'evaluation')) {
    const [member, scores, bids, criteria] = await Promise.all([
      repo.panelMember(db, r.area_code, r.id, actor.userId),
      repo.scoresOf(db, r.area_code, r.id),
      repo.bidsOf(db, r.area_code, r.id),
      repo.criteriaOf(db, r.area_code, r.id),
    ]);
    const mine = scores.filter((s) => s.user_id === actor.userId);
    const scoredBids = bids.filter((b) => mine.filter((s) => s.bid_id === b.id).length >= criteria.length).length;
    out.push({
      callId: r.id,
      areaCode: r.area_code,
      areaName: r.area_name ?? null,
      projectTitle: r.project_title,
      status: r.status as CallStatus,
      evaluationUntil: r.evaluation_until,
      declaration: member!.declaration as DeclarationState,
      bids: bids.filter((b) => b.status === 'submitted').length,
      scoredBids,
    });
  }
  return out;
}

export async function scoringSheet(db: Db, ctx: RequestContext, id: string): Promise<ScoringSheet> {
  const { actor, call, member } = await panelCall(db, ctx, id);
  const [criteria, bids, scores, own] = await Promise.all([
    repo.criteriaOf(db, call.area_code, id),
    call.status === 'draft' || call.status === 'open' ? Promise.resolve([]) : repo.bidsOf(db, call.area_code, id),
    repo.scoresOf(db, call.area_code, id),
    repo.organizationOfUser(db, actor.userId),
  ]);
  const team = await repo.teamOf(
    db,
    call.area_code,
    bids.map((b) => b.id),
  );
  const proposals = new Map<string, string>();
  for (const b of bids) proposals.set(b.id, (await repo.findBid(db, b.id))!.proposal);
  return {
    callId: id,
    projectTitle: call.project_title,
    status: call.status as CallStatus,
    scoreMax: Number(call.score_max),
    declaration: member.declaration as DeclarationState,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, weight: Number(c.weight) })),
    bids: bids
      .filter((b) => b.status !== 'withdrawn')
      .map((b) => ({
        id: b.id,
        organization: { id: b.organization_id, name: b.organization_name ?? '' },
        proposalTitle: b.proposal_title,
        proposal: proposals.get(b.id) ?? '',
        budgetCents: Number(b.budget_cents),
        volunteersPlanned: Number(b.volunteers_planned),
        team: team.filter((t) => t.bid_id === b.id).map((t) => ({ name: t.name ?? '', certified: Boolean(t.certified) })),
        conflicted: own?.id === b.organization_id,
        myScores: scores.filter((s) => s.user_id === actor.userId && s.bid_id === b.id).map((s) => ({ criterionId: s.criterion_id, score: Number(s.score), comment: s.comment })),
      })),
  };
}

export async function declareConflicts(db: Db, ctx: RequestContext, id: string, input: Static<typeof Declaration>): Promise<ScoringSheet> {
  const { actor, call } = await panelCall(db, ctx, id);
  if (!['draft', 'open', 'evaluation'].includes(call.status)) throw ruleConflict('evaluationClosed', `The call is ${call.status}: declarations are closed`);
  if (!input.noConflict && !input.note?.trim()) throw invalidField('note', 'is required when declaring a conflict of interest', 'required');
  await db.transaction().execute(async (trx) => {
    await repo.declare(trx, call.area_code, id, actor.userId, input.noConflict ? 'noConflict' : 'conflict', input.note?.trim() || null);
    await recordAudit(trx, ctx, { action: 'linkage.panel.declare', areaCode: call.area_code, targetType: 'call', targetId: id, details: { noConflict: input.noConflict } });
  });
  return scoringSheet(db, ctx, id);
}

/**
 * One evaluator's scores of one bid, every criterion once, within the call's scale. A member of
 * the bidding organization, or an evaluator who declared a conflict, is refused (403).
 */
export async function scoreBid(db: Db, ctx: RequestContext, id: string, bidId: string, input: ScoreInput): Promise<ScoringSheet> {
  const { actor, call, member } = await panelCall(db, ctx, id);
  const bid = await repo.findBid(db, bidId);
  if (!bid || bid.call_id !== id) throw notFound('Bid', bidId);
  const own = await repo.organizationOfUser(db, actor.userId);
  if (own?.id === bid.organization_id) throw forbidden('You are a member of the bidding organization: you cannot score its bid', { reason: 'conflict', rule: 'conflict' });
  if (member.declaration === 'conflict') throw forbidden('You declared a conflict of interest for this call', { reason: 'conflict', rule: 'conflict' });
  if (call.status !== 'evaluation') throw ruleConflict('notEvaluation', `The call is ${call.status}: scores are given during the evaluation`);
  if (member.declaration !== 'noConflict') throw ruleConflict('declaration', 'Declare that you have no conflict of interest before scoring');
  if (bid.status !== 'submitted') throw ruleConflict('bidStatus', `The bid is ${bid.status}`);
  const criteria = await repo.criteriaOf(db, call.area_code, id);
  const ids = new Set(criteria.map((c) => c.id));
  const max = Number(call.score_max);
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  input.scores.forEach((s, i) => {
    if (!ids.has(s.criterionId)) problems.push({ field: `scores.${i}.criterionId`, problem: 'is not a criterion of this call', code: 'unknown_reference' });
    else if (seen.has(s.criterionId)) problems.push({ field: `scores.${i}.criterionId`, problem: 'is scored twice', code: 'duplicate' });
    seen.add(s.criterionId);
    if (!Number.isFinite(s.score) || s.score < 0 || s.score > max) problems.push({ field: `scores.${i}.score`, problem: `must be between 0 and ${max}`, code: 'out_of_range', params: { min: 0, max } });
  });
  if (problems.length === 0 && seen.size < ids.size) problems.push({ field: 'scores', problem: 'every criterion is scored', code: 'too_short', params: { count: ids.size } });
  if (problems.length) throw invalidFields(problems);
  await db.transaction().execute(async (trx) => {
    await repo.replaceScores(
      trx,
      call.area_code,
      bidId,
      actor.userId,
      input.scores.map((s) => ({ area_code: call.area_code, call_id: id, bid_id: bidId, criterion_id: s.criterionId, user_id: actor.userId, score: s.score, comment: s.comment?.trim() || null, at: now() })),
    );
    await recordAudit(trx, ctx, { action: 'linkage.bid.score', areaCode: call.area_code, targetType: 'bid', targetId: bidId, details: { callId: id } });
  });
  return scoringSheet(db, ctx, id);
}

// ---- award, contract ----

async function refuseWhileComplaintOpen(db: Db, call: repo.CallRow, what: string): Promise<void> {
  const open = await repo.openComplaints(db, call.area_code, call.id, OPEN_COMPLAINT_STATES);
  if (open > 0) throw ruleConflict('openComplaint', `${open} complaint(s) still open: no ${what} until they are resolved, rejected or withdrawn`, { openComplaints: open });
}

export async function award(db: Db, ctx: RequestContext, id: string, input: Static<typeof AwardInput>): Promise<Call> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.award');
  if (call.status !== 'notice') throw ruleConflict('notNotice', `The call is ${call.status}: a call is awarded once its result is published`);
  await refuseWhileComplaintOpen(db, call, 'award');
  const bids = await repo.bidsOf(db, call.area_code, id);
  const winner = bids.find((b) => b.id === input.bidId && b.status === 'submitted');
  if (!winner) throw invalidField('bidId', 'is not a bid of this call', 'unknown_reference');
  const at = now();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateCall(trx, id, input.version, { status: 'awarded', awarded_bid_id: winner.id, awarded_at: at }))) throw conflict('The call changed meanwhile; reload it', { rule: 'version' });
    for (const b of bids.filter((x) => x.status === 'submitted')) {
      await repo.setBidResult(trx, call.area_code, b.id, { status: b.id === winner.id ? 'awarded' : 'notAwarded' });
      await insertEvent(trx, eventRow(actor, call.area_code, 'bid', b.id, 'submitted', b.id === winner.id ? 'awarded' : 'notAwarded'));
    }
    await repo.setProjectStatus(trx, call.area_code, call.project_id, 'awarded');
    await insertEvent(trx, eventRow(actor, call.area_code, 'project', call.project_id, call.project_status, 'awarded'));
    await insertEvent(trx, eventRow(actor, call.area_code, 'call', id, 'notice', 'awarded', winner.organization_name));
    await recordCreditAsSystem(trx, ctx, winner.organization_id, {
      kind: 'award',
      date: at.slice(0, 10),
      title: `中标项目：${call.project_title}`,
      detail: `综合得分 ${winner.score ?? '-'}，排名 ${winner.rank ?? '-'}`,
      source: `linkage call ${id}`,
    });
    await recordAudit(trx, ctx, { action: 'linkage.call.award', areaCode: call.area_code, targetType: 'call', targetId: id, details: { bidId: winner.id, organizationId: winner.organization_id } });
  });
  return getCall(db, ctx, id);
}

export async function signContract(db: Db, ctx: RequestContext, id: string, input: ContractInput): Promise<Contract> {
  const { actor, call } = await callFor(db, ctx, id, 'calls.award');
  if (call.status !== 'awarded') throw ruleConflict('notAwarded', `The call is ${call.status}: a contract follows the award`);
  await refuseWhileComplaintOpen(db, call, 'contract');
  const problems: FieldProblem[] = [];
  if (input.amountCents > Number(call.budget_cents)) problems.push({ field: 'amountCents', problem: `exceeds the project's budget of ${call.budget_cents} cents`, code: 'out_of_range', params: { max: Number(call.budget_cents) } });
  const sum = input.milestones.reduce((s, m) => s + m.amountCents, 0);
  if (sum !== input.amountCents) problems.push({ field: 'milestones', problem: `payments sum to ${sum} cents, not the amount ${input.amountCents}`, code: 'inconsistent', params: { sum, total: input.amountCents } });
  if (input.startsOn > input.endsOn) problems.push({ field: 'endsOn', problem: 'must not be before startsOn', code: 'out_of_range' });
  input.milestones.forEach((m, i) => {
    if (!m.title.trim()) problems.push({ field: `milestones.${i}.title`, problem: 'must not be blank', code: 'required' });
  });
  if (problems.length) throw invalidFields(problems);
  const bid = (await repo.findBid(db, call.awarded_bid_id!))!;
  const contractId = newId();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateCall(trx, id, Number(call.version), { status: 'contracted' }))) throw conflict('The call changed meanwhile; reload it', { rule: 'version' });
    await repo.insertContract(
      trx,
      {
        area_code: call.area_code,
        call_id: id,
        id: contractId,
        project_id: call.project_id,
        bid_id: bid.id,
        organization_id: bid.organization_id,
        organization_area_code: bid.organization_area_code,
        amount_cents: input.amountCents,
        signed_on: input.signedOn,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actor.userId,
        created_at: now(),
      },
      input.milestones.map((m, i) => ({ area_code: call.area_code, contract_id: contractId, id: newId(), position: i, title: m.title.trim(), due_on: m.dueOn, amount_cents: m.amountCents, paid_on: null })),
    );
    await repo.setProjectStatus(trx, call.area_code, call.project_id, 'contracted');
    await insertEvent(trx, eventRow(actor, call.area_code, 'project', call.project_id, 'awarded', 'contracted'));
    await insertEvent(trx, eventRow(actor, call.area_code, 'call', id, 'awarded', 'contracted'));
    await insertEvent(trx, eventRow(actor, call.area_code, 'contract', contractId, null, 'signed'));
    await recordAudit(trx, ctx, { action: 'linkage.contract.sign', areaCode: call.area_code, targetType: 'contract', targetId: contractId, details: { callId: id, amountCents: input.amountCents } });
  });
  return getContract(db, ctx, contractId);
}

export async function getContract(db: Db, ctx: RequestContext, id: string): Promise<Contract> {
  const actor = requirePermission(ctx, 'calls.read');
  const k = await repo.findContract(db, id);
  if (!k) throw notFound('Contract', id);
  requireScope(actor, k.area_code);
  const [milestones, team] = await Promise.all([repo.milestonesOf(db, k.area_code, id), repo.teamOf(db, k.area_code, [k.bid_id])]);
  return toContract(k, milestones, team);
}

// ---- complaints ----

export async function fileComplaint(db: Db, ctx: RequestContext, id: string, input: Static<typeof ComplaintInput>): Promise<Complaint> {
  const { actor, call } = await callFor(db, ctx, id, 'complaints.file');
  if (!['notice', 'awarded'].includes(call.status) || now() > call.notice_until) throw ruleConflict('noticeClosed', `Complaints are taken during the public notice, until ${call.notice_until}`);
  if (!input.subject.trim()) throw invalidField('subject', 'must not be blank', 'required');
  if (!input.body.trim()) throw invalidField('body', 'must not be blank', 'required');
  const org = actor.role === 'organizationMember' ? await repo.organizationOfUser(db, actor.userId) : undefined;
  const complaintId = newId();
  const at = now();
  await db.transaction().execute(async (trx) => {
    await repo.insertComplaint(trx, {
      area_code: call.area_code,
      call_id: id,
      id: complaintId,
      organization_id: org?.id ?? null,
      user_id: actor.userId,
      subject: input.subject.trim(),
      body: input.body.trim(),
      state: 'submitted',
      answer: null,
      answered_at: null,
      decision: null,
      decided_at: null,
      created_at: at,
      updated_at: at,
    });
    await insertEvent(trx, eventRow(actor, call.area_code, 'complaint', complaintId, null, 'submitted'));
    await recordAudit(trx, ctx, { action: 'linkage.complaint.file', areaCode: call.area_code, targetType: 'complaint', targetId: complaintId, details: { callId: id } });
  });
  return complaintOut(db, actor, complaintId);
}

async function complaintOut(db: Db, actor: Actor, id: string): Promise<Complaint> {
  return toComplaint((await repo.findComplaint(db, id))!, actor.userId);
}

const HANDLER_MOVES: Record<string, string[]> = { submitted: ['answered', 'rejected'], answered: ['resolved', 'rejected'], escalated: ['answered', 'resolved', 'rejected'] };
const COMPLAINANT_MOVES: Record<string, string[]> = { submitted: ['withdrawn'], answered: ['escalated', 'withdrawn'], escalated: ['withdrawn'] };

async function moveComplaint(db: Db, ctx: RequestContext, id: string, action: 'complaints.handle' | 'complaints.file', input: Static<typeof ComplaintTransition>): Promise<Complaint> {
  const actor = requirePermission(ctx, action);
  const k = await repo.findComplaint(db, id);
  if (!k) throw notFound('Complaint', id);
  requireScope(actor, k.area_code);
  if (action === 'complaints.file' && k.user_id !== actor.userId) throw forbidden('Only the complainant escalates or withdraws a complaint', { reason: 'own' });
  const moves = action === 'complaints.handle' ? HANDLER_MOVES : COMPLAINANT_MOVES;
  if (!(moves[k.state] ?? []).includes(input.to)) throw ruleConflict('transition', `A ${k.state} complaint cannot move to ${input.to}`, { from: k.state, to: input.to });
  const text = input.text?.trim() || null;
  if (action === 'complaints.handle' && !text) throw invalidField('text', input.to === 'answered' ? 'the answer is required' : 'the decision is required', 'required');
  const at = now();
  const changes: Parameters<typeof repo.updateComplaint>[3] = { state: input.to };
  if (input.to === 'answered') Object.assign(changes, { answer: text, answered_at: at });
  if (input.to === 'resolved' || input.to === 'rejected') Object.assign(changes, { decision: text, decided_at: at });
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateComplaint(trx, id, input.version, changes))) throw conflict('The complaint changed meanwhile; reload it', { rule: 'version' });
    await insertEvent(trx, eventRow(actor, k.area_code, 'complaint', id, k.state, input.to, text));
    await recordAudit(trx, ctx, { action: 'linkage.complaint.transition', areaCode: k.area_code, targetType: 'complaint', targetId: id, details: { from: k.state, to: input.to } });
  });
  return complaintOut(db, actor, id);
}

export const handleComplaint = (db: Db, ctx: RequestContext, id: string, input: Static<typeof ComplaintTransition>) => moveComplaint(db, ctx, id, 'complaints.handle', input);
export const complainantMove = (db: Db, ctx: RequestContext, id: string, input: Static<typeof ComplaintTransition>) => moveComplaint(db, ctx, id, 'complaints.file', input);

