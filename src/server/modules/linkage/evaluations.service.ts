/**
 * Evaluation rounds of a delivered project (监督评估). A round has a template of raters and weights
 * (participating residents, the community committee, the funder, an independent evaluator); each
 * rater answers once; participating residents are those in the project's attendance, one response
 * per person whatever the channel (themselves in the portal, or a worker recording their paper
 * form). Closing computes the final score and grade (src/engine/linkage/evaluation.ts) and puts it
 * on the organization's credit record through the organizations service. Residents' responses
 * also count in the `satisfaction` indicator beside service requests' ratings.
 */
import { newId } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { PAPER_FORM_RECORDERS, type RaterKind } from '../../../contracts/linkage-delivery.ts';
import type { EvaluationQueue, EvaluationResponseInput, EvaluationRound, NewEvaluationRound, RoundParticipants } from '../../../contracts/linkage-delivery-api.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import type { Role } from '../../../contracts/roles.ts';
import { requirePermission, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import {
  DEFAULT_EVALUATION_TEMPLATE,
  ratingInScale,
  residentRatingScore,
  roundResult,
  scoreInScale,
  templateProblem,
  type EvaluationGrade,
  type RaterWeight,
} from '../../../engine/linkage/evaluation.ts';
import { startOfChinaDay } from '../../../engine/services/request-clocks.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { ownPerson } from '../residents/registry-access.ts';
import { recordCreditAsSystem } from '../people/organizations.service.ts';
import type { SourceWindow } from '../indicators/indicator-sources.ts';
import type { LinkageEvaluationRoundRow } from '../../db/tables/linkage-delivery.ts';
import * as repo from './delivery.repository.ts';
import { projectFor, requireDelivering, requireProjectScope, type DeliveryDeps } from './delivery.service.ts';
import { closeIn } from './project-life.service.ts';

/** Which rater kinds each role answers as. Admins may record any; a worker records residents' paper forms (PAPER_FORM_RECORDERS). */
const KINDS_OF_ROLE: Partial<Record<Role, readonly RaterKind[]>> = {
  resident: ['residents'],
  communityWorker: ['committee', 'residents'],
  socialWorker: ['residents'],
  official: ['funder'],
  evaluator: ['evaluator'],
  admin: ['residents', 'committee', 'funder', 'evaluator'],
};
const recordsPaperForms = (role: Role) => (PAPER_FORM_RECORDERS as readonly Role[]).includes(role);

const GRADE_WORDS: Record<EvaluationGrade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

function templateOf(row: LinkageEvaluationRoundRow): RaterWeight[] {
  return JSON.parse(row.template) as RaterWeight[];
}

function respondentKeysOf(actor: Actor, ownPersonId: string | null): string[] {
  return [`user:${actor.userId}`, ...(ownPersonId ? [`person:${ownPersonId}`] : [])];
}

/** Rounds of a project as the actor sees them (with the kinds they have answered as). */
export async function roundViews(db: Db, actor: Actor, project: repo.ProjectRow, participants?: number): Promise<EvaluationRound[]> {
  const rows = await repo.rounds(db, project.area_code, project.id);
  return viewsOf(db, actor, project, rows, participants);
}

/** `participants`: the project's distinct attendees when the caller has counted them already. */
async function viewsOf(db: Db, actor: Actor, project: { area_code: string; id: string; title: string }, rows: LinkageEvaluationRoundRow[], known?: number): Promise<EvaluationRound[]> {
  if (rows.length === 0) return [];
  const [responses, participants, ownPersonId] = await Promise.all([
    repo.responses(db, project.area_code, rows.map((r) => r.id)),
    known ?? repo.reached(db, project.area_code, project.id).then((r) => r.persons),
    actor.role === 'resident' ? ownPerson(db, actor).then((p) => p.id, () => null) : null,
  ]);
  return rows.map((r) => {
    const mine = responses.filter((x) => x.round_id === r.id);
    const result = roundResult(
      templateOf(r),
      mine.map((x) => ({ kind: x.rater_kind as RaterKind, score: Number(x.score) })),
    );
    // A resident's own answer is keyed by their registry person, whether they gave it with their
    // account or a worker recorded their paper form (one per participant: they have answered).
    // A worker's paper forms are the participants' answers, not the worker's.
    const own = (x: (typeof mine)[number]) =>
      x.respondent_key === `user:${actor.userId}` || (actor.role === 'resident' && (x.user_id === actor.userId || (ownPersonId !== null && x.respondent_key === `person:${ownPersonId}`)));
    const respondedAs = [...new Set(mine.filter(own).map((x) => x.rater_kind as RaterKind))];
    return {
      id: r.id,
      projectId: r.project_id,
      projectTitle: project.title,
      areaCode: r.area_code,
      title: r.title,
      status: r.status as 'open' | 'closed',
      template: templateOf(r),
      raters: result.raters,
      missing: result.missing,
      participants,
      finalScore: r.final_score === null ? null : Number(r.final_score),
      grade: r.grade as EvaluationGrade | null,
      creditRecorded: Boolean(r.credit_recorded),
      respondedAs,
      final: Boolean(r.final),
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      version: r.version,
    };
  });
}

async function roundView(db: Db, actor: Actor, id: string): Promise<EvaluationRound> {
  const row = (await repo.findRound(db, id))!;
  const project = (await repo.findProject(db, row.project_id))!;
  return (await viewsOf(db, actor, project, [row]))[0]!;
}

export async function openRound(deps: DeliveryDeps, ctx: RequestContext, projectId: string, input: NewEvaluationRound): Promise<EvaluationRound> {
  const { actor, project } = await projectFor(deps.db, ctx, projectId, 'linkageEvaluations.manage');
  requireDelivering(project);
  const template = input.template ?? [...DEFAULT_EVALUATION_TEMPLATE];
  const problem = templateProblem(template);
  if (problem) {
    const message = problem.code === 'weights_sum' ? `weights sum to ${problem.sum}, not 100` : problem.code === 'empty' ? 'names no rater' : `${problem.kind}: ${problem.code.replace('_', ' ')}`;
    throw invalidField('template', message, problem.code === 'weights_sum' ? 'out_of_range' : 'invalid_format');
  }
  const contract = await repo.contractOf(deps.db, project.area_code, project.id);
  if (!contract) throw conflict(`Project ${project.id} has no contract: there is no organization to evaluate`, { reason: 'noContract' });
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const existing = await repo.rounds(trx, project.area_code, project.id);
    if (existing.some((r) => r.status === 'open')) throw conflict('The project has an open evaluation round already: close it first', { reason: 'roundOpen' });
    await repo.insertRound(trx, {
      area_code: project.area_code,
      project_id: project.id,
      id,
      title: input.title.trim(),
      status: 'open',
      template: JSON.stringify(template),
      final: input.final ?? false,
      final_score: null,
      grade: null,
      opened_at: new Date().toISOString(),
      opened_by: actor.userId,
      closed_at: null,
    });
    await recordAudit(trx, ctx, { action: 'linkage.evaluation.open', areaCode: project.area_code, targetType: 'evaluationRound', targetId: id, details: { projectId: project.id, template, final: input.final ?? false } });
  });
  return roundView(deps.db, actor, id);
}

async function roundFor(deps: DeliveryDeps, ctx: RequestContext, id: string, action: 'linkageEvaluations.respond' | 'linkageEvaluations.manage') {
  const actor = requirePermission(ctx, action);
  const row = await repo.findRound(deps.db, id);
  if (!row) throw notFound('Evaluation round', id);
  const project = (await repo.findProject(deps.db, row.project_id))!;
  const communities = await repo.projectCommunities(deps.db, project.area_code, project.id);
  return { actor, row, project, communities };
}

/** A round, for those who may answer it (a resident: only a participant of the project). */
export async function getRound(deps: DeliveryDeps, ctx: RequestContext, id: string): Promise<EvaluationRound> {
  const { actor, project, communities } = await roundFor(deps, ctx, id, 'linkageEvaluations.respond');
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.db, actor);
    if (!(await repo.attended(deps.db, project.area_code, project.id, own.id))) throw forbidden('Only residents who took part in the project see its evaluation', { reason: 'notParticipant' });
  } else requireProjectScope(actor, project.area_code, communities);
  return roundView(deps.db, actor, id);
}

/**
 * One rater's response. The role must answer as the kind (403), the kind must be in the round's
 * template (400), the scale is 1–5 for residents and 0–100 for the others (400), a resident must
 * have attended (a resident's own account: 403; a person a worker names: 400), and each answers
 * once per round (409).
 */
export async function respond(deps: DeliveryDeps, ctx: RequestContext, id: string, input: EvaluationResponseInput): Promise<EvaluationRound> {
  const { actor, row, project, communities } = await roundFor(deps, ctx, id, 'linkageEvaluations.respond');
  if (!(KINDS_OF_ROLE[actor.role] ?? []).includes(input.raterKind)) throw forbidden(`Role ${actor.role} does not answer as ${input.raterKind}`, { reason: 'raterKind' });
  let personId: string | null = null;
  let personArea: string | null = null;
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.db, actor);
    if (input.personId !== undefined && input.personId !== own.id) throw forbidden('A resident answers only for themselves', { reason: 'ownOnly' });
    if (!(await repo.attended(deps.db, project.area_code, project.id, own.id))) throw forbidden('Only residents who took part in the project answer as residents', { reason: 'notParticipant' });
    personId = own.id;
    personArea = own.area_code;
  } else {
    requireProjectScope(actor, project.area_code, communities);
  }
  if (row.status !== 'open') throw conflict(`Evaluation round ${id} is closed`, { reason: 'closed' });
  if (!templateOf(row).some((t) => t.kind === input.raterKind)) throw invalidField('raterKind', `is not a rater of this round`, 'not_allowed');
  let score: number;
  let rating: number | null = null;
  if (input.raterKind === 'residents') {
    if (input.rating === undefined) throw invalidField('rating', 'is required for residents (1–5)', 'required');
    if (!ratingInScale(input.rating)) throw invalidField('rating', 'must be from 1 to 5', 'out_of_range', { min: 1, max: 5 });
    if (input.score !== undefined) throw invalidField('score', 'is for the committee, the funder and the evaluator; residents give a rating', 'not_allowed');
    rating = input.rating;
    score = residentRatingScore(input.rating);
    if (actor.role !== 'resident') {
      if (!input.personId) throw invalidField('personId', 'is required: the participant whose form this is', 'required');
      const attendedPerson = await repo.attended(deps.db, project.area_code, project.id, input.personId);
      if (!attendedPerson) throw invalidField('personId', 'did not take part in the project’s activities', 'not_allowed');
      personId = input.personId;
      personArea = await participantArea(deps.db, project, input.personId);
    }
  } else {
    if (input.score === undefined) throw invalidField('score', 'is required (0–100)', 'required');
    if (!scoreInScale(input.score)) throw invalidField('score', 'must be from 0 to 100', 'out_of_range', { min: 0, max: 100 });
    if (input.rating !== undefined) throw invalidField('rating', 'is for residents; the others give a score', 'not_allowed');
    if (input.personId !== undefined) throw invalidField('personId', 'is for residents’ responses', 'not_allowed');
    score = input.score;
  }
  const respondentKey = personId ? `person:${personId}` : `user:${actor.userId}`;
  const responseId = newId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertResponse(trx, {
        area_code: row.area_code,
        round_id: row.id,
        id: responseId,
        rater_kind: input.raterKind,
        respondent_key: respondentKey,
        person_id: personId,
        person_area_code: personArea,
        user_id: actor.userId,
        rating,
        score,
        comment: input.comment?.trim() || null,
        at: new Date().toISOString(),
      });
      await recordAudit(trx, ctx, { action: 'linkage.evaluation.respond', areaCode: row.area_code, targetType: 'evaluationRound', targetId: row.id, details: { responseId, raterKind: input.raterKind, score, onBehalf: actor.role !== 'resident' && personId !== null } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(personId ? 'This participant has answered this round already' : 'You have answered this round already', { reason: 'duplicate' });
    throw error;
  }
  // A resident's rating feeds the satisfaction indicator: its cached snapshot is stale now.
  if (rating !== null) recordsChanged(deps.db, 'linkage');
  return roundView(deps.db, actor, id);
}

/**
 * The project's participants, for a worker recording residents' paper forms: masked names, and
 * whether each has answered the round (one response per participant, whatever the channel).
 * Residents answer only for themselves (403).
 */
export async function roundParticipants(deps: DeliveryDeps, ctx: RequestContext, id: string): Promise<RoundParticipants> {
  const { actor, row, project, communities } = await roundFor(deps, ctx, id, 'linkageEvaluations.respond');
  if (!recordsPaperForms(actor.role)) {
    throw forbidden(`Role ${actor.role} does not record residents' paper forms`, { reason: 'raterKind' });
  }
  requireProjectScope(actor, project.area_code, communities);
  const [people, responses] = await Promise.all([repo.participantsOf(deps.db, project.area_code, project.id), repo.responses(deps.db, row.area_code, [row.id])]);
  const answered = new Set(responses.map((x) => x.respondent_key));
  await recordRead(deps.db, ctx, { action: 'linkage.participants.read_list', areaCode: project.area_code, targetType: 'person', targetId: id, ids: people.map((p) => p.person_id) });
  return { items: people.map((p) => ({ personId: p.person_id, name: maskName(p.name), answered: answered.has(`person:${p.person_id}`) })) };
}

async function participantArea(db: Db, project: { area_code: string; id: string }, personId: string): Promise<string | null> {
  const row = await db
    .selectFrom('linkage_attendance')
    .select('person_area_code')
    .where('area_code', '=', project.area_code)
    .where('project_id', '=', project.id)
    .where('person_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row?.person_area_code ?? null;
}

/**
 * Closes a round once every rater kind of its template has answered (409 naming the missing),
 * with the final score and grade, and puts the score on the organization's credit record (through
 * the organizations service, inside this transaction). A final round closes the project too,
 * under the project's closing rules (project-life.service.ts). One transaction: if any of it is
 * refused or fails, nothing is written and the round stays open. A round closed before the
 * credit was written in the same transaction (creditRecorded false) is closed again to record it.
 */
export async function closeRound(deps: DeliveryDeps, ctx: RequestContext, id: string, version: number): Promise<EvaluationRound> {
  const { actor, row, project, communities } = await roundFor(deps, ctx, id, 'linkageEvaluations.manage');
  requireProjectScope(actor, project.area_code, communities);
  if (row.status !== 'open' && row.credit_recorded) throw conflict(`Evaluation round ${id} is closed and on the organization's record already`, { reason: 'closed' });
  let finalScore = row.final_score === null ? null : Number(row.final_score);
  let grade = row.grade as EvaluationGrade | null;
  if (row.status === 'open') {
    const responses = await repo.responses(deps.db, row.area_code, [row.id]);
    const result = roundResult(templateOf(row), responses.map((x) => ({ kind: x.rater_kind as RaterKind, score: Number(x.score) })));
    if (result.finalScore === null || result.grade === null) throw conflict(`The round cannot close: no response yet from ${result.missing.join(', ')}`, { reason: 'missingRaters', missing: result.missing });
    finalScore = result.finalScore;
    grade = result.grade;
  }
  const contract = await repo.contractOf(deps.db, project.area_code, project.id);
  const closedAt = row.closed_at ?? new Date().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (row.status === 'open') {
      const ok = await repo.closeRound(trx, row.area_code, row.id, version, { final_score: finalScore!, grade: grade!, closed_at: closedAt, credit_recorded: contract !== undefined });
      if (!ok) throw conflict(`Evaluation round ${id} was changed by someone else (version ${version} is stale)`, { reason: 'stale' });
      await recordAudit(trx, ctx, { action: 'linkage.evaluation.close', areaCode: row.area_code, targetType: 'evaluationRound', targetId: row.id, details: { finalScore, grade, final: Boolean(row.final) } });
    } else if (contract) {
      await repo.markCreditRecorded(trx, row.area_code, row.id);
    }
    if (contract && finalScore !== null && grade) {
      await recordCreditAsSystem(trx, ctx, contract.organization_id, {
        kind: 'evaluation',
        date: closedAt.slice(0, 10),
        title: `项目评估：${project.title}（${finalScore} 分，${GRADE_WORDS[grade]}）`.slice(0, 100),
        detail: row.title,
        source: `三社联动项目 ${project.id}`.slice(0, 100),
      });
    }
    if (row.status === 'open' && row.final) {
      const current = (await repo.findProject(trx, project.id))!;
      await closeIn(trx, actor, current, `final evaluation round ${row.title}: ${finalScore} ${grade}`, [], row.id);
    }
  });
  return roundView(deps.db, actor, id);
}

/** What the caller has to answer: open rounds in their scope for their kinds, not yet answered (a resident: projects they attended). */
export async function evaluationQueue(deps: DeliveryDeps, ctx: RequestContext): Promise<EvaluationQueue> {
  const actor = requirePermission(ctx, 'linkageEvaluations.respond');
  const kinds = KINDS_OF_ROLE[actor.role] ?? [];
  let ownId: string | null = null;
  let rows;
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.db, actor).catch(() => null);
    if (!own) return { items: [] };
    ownId = own.id;
    rows = await repo.openRoundsAttendedBy(deps.db, own.id);
  } else rows = await repo.openRoundsIn(deps.db, actor.scope);
  const answered = await repo.respondentKeysIn(deps.db, rows.map((r) => ({ areaCode: r.area_code, id: r.id })), respondentKeysOf(actor, ownId));
  const items = [];
  for (const r of rows) {
    const template = JSON.parse(r.template) as RaterWeight[];
    // A worker's residents' entries are paper forms to record, not their own answer: offered while the round is open.
    const kind = kinds.find((k) => template.some((t) => t.kind === k) && (k === 'residents' && actor.role !== 'resident' ? true : !answered.has(`${r.id}|${ownId && k === 'residents' ? `person:${ownId}` : `user:${actor.userId}`}`)));
    if (!kind) continue;
    items.push({ roundId: r.id, roundTitle: r.title, projectId: r.project_id, projectTitle: r.project_title, areaCode: r.area_code, raterKind: kind, openedAt: r.opened_at });
  }
  return { items };
}

/**
 * The linkage's share of the `satisfaction` indicator: residents' responses to evaluation rounds,
 * counted in the community each resident lives in, on the same 0–100 scale as service requests'
 * ratings ((rating − 1) × 25); the indicator adds numerators and denominators of both sources, so
 * it stays the mean over every rating given in the period.
 */
export async function satisfactionCounts(db: Db, window: SourceWindow): Promise<{ numerator: Map<string, number>; denominator: Map<string, number> }> {
  const rows = await repo.residentScoresByCommunity(db, startOfChinaDay(window.from), startOfChinaDay(window.to));
  return {
    numerator: new Map(rows.map((r) => [r.person_area_code!, Number(r.points)])),
    denominator: new Map(rows.map((r) => [r.person_area_code!, Number(r.ratings)])),
  };
}
