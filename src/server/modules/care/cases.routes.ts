import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../../contracts/common.ts';
import {
  Approval,
  ApprovalDecision,
  ApprovalPage,
  ApprovalQuery,
  AreaParams,
  AssessmentResult,
  CareCase,
  CareFigures,
  CaseIdParams,
  CaseListQuery,
  CaseNote,
  CasePage,
  CaseUpdate,
  DayQuery,
  FiguresQuery,
  NewApproval,
  NewAssessment,
  NewCase,
  NewNote,
  NewVisit,
  SweepResult,
  TeamCandidates,
  TeamUpdate,
  Visit,
  VisitPolicy,
  VisitPolicyInput,
  VisitPolicyQuery,
  WorkerDay,
} from '../../../contracts/care.ts';
import { personalDataCipher } from '../residents/personal-data.ts';
import { checkPolicyFirst } from '../people/route-policy.ts';
import { rawId } from '../services/mandates.routes.ts';
import * as approvals from './approvals.service.ts';
import * as assessments from './assessments.service.ts';
import { startCareScheduler, sweepNow, type CareScheduler } from './care-sweep.ts';
import * as cases from './cases.service.ts';
import * as figures from './figures.service.ts';
import * as visits from './visits.service.ts';
import * as policies from './visit-policy.service.ts';

const tags = ['care'];
type CareAction = 'care.read' | 'care.work' | 'care.visit' | 'care.decide';

/** Care cases, assessments, visits, approvals, visit policies and the daily sweep (docs/care.md). */
export const careCasesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  checkPolicyFirst(app);
  const db = () => app.deps.db;
  const deps = { cipher: personalDataCipher(app.deps.config.secretKey) };
  // Role, then whether the caller's scope holds the case (403/404), before the body is validated.
  const onCase = (action: CareAction) => ({ preValidation: async (request: FastifyRequest) => void (await cases.caseAccess(db(), request.ctx, rawId(request), action)) });
  const onApproval = { preValidation: async (request: FastifyRequest) => approvals.requireApprovalScope(db(), request.ctx, rawId(request)) };

  // The sweep only works on cases whose day has come, so an hourly run costs nothing between days.
  // It runs wherever the request clocks run (LINLI_REQUEST_SWEEP_SECONDS > 0; tests turn it off).
  let scheduler: CareScheduler | null = null;
  if (app.deps.config.requestSweepSeconds > 0) {
    app.addHook('onReady', async () => {
      scheduler = startCareScheduler(app.deps.database, 3600, app.log);
    });
    app.addHook('onClose', async () => {
      await scheduler?.stop();
    });
  }

  app.get('/care/cases', {
    schema: { tags, summary: 'Care cases in your scope (the caseload): by status, group, risk, visit stage, or mine', querystring: CaseListQuery, response: { 200: CasePage, ...errorResponses } },
  }, async (request) => cases.listCases(db(), request.ctx, request.query));

  app.post('/care/cases', {
    schema: { tags, summary: 'Open a case: from a confirmed left-behind flag (flagId) or for a registry person in another group (personId, group)', body: NewCase, response: { 201: CareCase, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await cases.openCase(db(), deps, request.ctx, request.body)));

  app.get('/care/day', {
    schema: { tags, summary: 'The worker’s day: open cases in your villages whose visit is due, overdue or escalated, the most late first', querystring: DayQuery, response: { 200: WorkerDay, ...errorResponses } },
  }, async (request) => cases.workerDay(db(), request.ctx, request.query));

  app.get('/care/figures', {
    schema: { tags, summary: 'Beside left_behind_visited: overdue visits and high-risk cases without a current plan, for an area and each child, urban and rural apart', querystring: FiguresQuery, response: { 200: CareFigures, ...errorResponses } },
  }, async (request) => figures.careFigures(db(), request.ctx, request.query));

  app.get('/care/cases/:id', {
    schema: { tags, summary: 'A case with its timeline (assessments, visits, approvals, events); audited; notes only for the team and supervisors', params: CaseIdParams, response: { 200: CareCase, ...errorResponses } },
  }, async (request) => cases.readCase(db(), deps, request.ctx, request.params.id));

  app.patch('/care/cases/:id', {
    ...onCase('care.work'),
    schema: { tags, summary: 'Change the owner or summary; a different riskLevel is refused (409): it needs an approval', params: CaseIdParams, body: CaseUpdate, response: { 200: CareCase, ...errorResponses } },
  }, async (request) => cases.updateCase(db(), deps, request.ctx, request.params.id, request.body));

  app.put('/care/cases/:id/team', {
    ...onCase('care.work'),
    schema: { tags, summary: 'Replace the case’s team (collaborators beside the owner); who leaves loses the access membership gave them', params: CaseIdParams, body: TeamUpdate, response: { 200: CareCase, ...errorResponses } },
  }, async (request) => cases.replaceTeam(db(), deps, request.ctx, request.params.id, request.body));

  app.get('/care/cases/:id/team-candidates', {
    ...onCase('care.work'),
    schema: { tags, summary: 'Who may join the case’s team: active staff accounts whose scope holds the case’s community (the owner left out)', params: CaseIdParams, response: { 200: TeamCandidates, ...errorResponses } },
  }, async (request) => cases.listTeamCandidates(db(), request.ctx, request.params.id));

  app.post('/care/cases/:id/assessments', {
    ...onCase('care.visit'),
    schema: { tags, summary: 'A risk assessment; a proposed level other than the case’s files a risk-change approval', params: CaseIdParams, body: NewAssessment, response: { 201: AssessmentResult, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await assessments.recordAssessment(db(), request.ctx, request.params.id, request.body)));

  app.post('/care/cases/:id/visits', {
    ...onCase('care.visit'),
    schema: { tags, summary: 'Record a visit (not in the future); the next visit is scheduled by the area’s policy', params: CaseIdParams, body: NewVisit, response: { 201: Visit, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await visits.recordVisit(db(), request.ctx, request.params.id, request.body)));

  app.post('/care/cases/:id/notes', {
    ...onCase('care.visit'),
    schema: { tags, summary: 'A case note (the case team and supervisors only)', params: CaseIdParams, body: NewNote, response: { 201: CaseNote, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await cases.addNote(db(), request.ctx, request.params.id, request.body)));

  app.post('/care/cases/:id/approvals', {
    ...onCase('care.visit'),
    schema: { tags, summary: 'Ask a supervisor: a risk change (toLevel) or closing the case', params: CaseIdParams, body: NewApproval, response: { 201: Approval, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await approvals.requestApproval(db(), request.ctx, request.params.id, request.body)));

  app.get('/care/approvals', {
    schema: { tags, summary: 'Approval requests in your scope (the supervisor’s queue), oldest first', querystring: ApprovalQuery, response: { 200: ApprovalPage, ...errorResponses } },
  }, async (request) => approvals.listApprovals(db(), request.ctx, request.query));

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/care/approvals/:id/${decision}`, {
      ...onApproval,
      schema: { tags, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a request (a supervisor of the case; never one’s own)`, params: CaseIdParams, body: ApprovalDecision, response: { 200: Approval, ...errorResponses } },
    }, async (request) => approvals.decideApproval(db(), request.ctx, request.params.id, decision, request.body));
  }

  app.get('/care/visit-policy', {
    schema: { tags, summary: 'The visit policy that applies to an area (risk → frequency), or the defaults', querystring: VisitPolicyQuery, response: { 200: VisitPolicy, ...errorResponses } },
  }, async (request) => policies.readPolicy(db(), request.ctx, request.query.area));

  app.put('/care/visit-policy/:code', {
    schema: { tags, summary: 'Set the visit policy of an area', params: AreaParams, body: VisitPolicyInput, response: { 200: VisitPolicy, ...errorResponses } },
  }, async (request) => policies.writePolicy(db(), request.ctx, request.params.code, request.body));

  app.post('/care/sweep', {
    schema: { tags, summary: 'Run the daily care sweep now (it runs by itself hourly)', body: Type.Optional(Type.Object({}, { additionalProperties: false })), response: { 200: SweepResult, ...errorResponses } },
  }, async (request) => sweepNow(app.deps.database, request.ctx));
};
