/** HTTP face of the linkage's procurement half: needs, projects, calls, bids, scores, complaints, contracts. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import {
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
  EnquiryAnswer,
  EnquiryInput,
  EvaluationQueueItem,
  Need,
  NeedCategorySchema,
  NeedDetail,
  NeedMerge,
  NeedStatusSchema,
  NewNeed,
  NewNeedAnswer,
  NewSupport,
  Project,
  ProjectInput,
  ProjectUpdate,
  InvitationCandidate,
  ProjectStatusSchema,
  ProjectSummary,
  ScoreInput,
  ScoringSheet,
  SupportThreshold,
  CallStatusSchema,
} from '../../../contracts/linkage-api.ts';
import { TARGET_KINDS } from '../../../contracts/linkage.ts';
import { ROUTE_ACTIONS } from '../../../contracts/policy.ts';
import type { RecordKind } from './calls.repository.ts';
import { authorizeFirst } from '../services/mandates.routes.ts';
import * as needs from './needs.service.ts';
import * as projects from './projects.service.ts';
import * as calls from './calls.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 36 });
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,12}$' }) }, { additionalProperties: false });
const Area = Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' }));
const Threshold = Type.Object({ threshold: Type.Integer() });

export const linkageProcurementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  const tags = ['linkage'];

  // Role and record scope before validation, for every route of this plugin (services check again).
  app.addHook('preValidation', async (request) => {
    const url = request.routeOptions.url ?? '';
    const path = url.replace(/^\/api\/v1/, '');
    const action = ROUTE_ACTIONS[`${request.method} ${path.replace(/:(\w+)/g, '{$1}')}`];
    if (!action || action === 'public') return;
    const kind = (/^\/linkage\/(needs|projects|calls|bids|complaints|contracts)\/:id/.exec(path)?.[1] ?? null) as RecordKind | null;
    await calls.authorizeRoute(db(), request.ctx, action, kind, request.params as { id?: string; code?: string });
  });

  // ---- needs ----
  app.get(
    '/linkage/needs',
    {
      schema: {
        tags,
        summary: 'Needs of the communities in your scope, most supported first (merged needs left out unless asked)',
        querystring: Type.Object({ area: Area, status: Type.Optional(NeedStatusSchema), category: Type.Optional(NeedCategorySchema), followed: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Need), ...errorResponses },
      },
    },
    async (request) => needs.listNeeds(db(), request.ctx, request.query),
  );
  app.post(
    '/linkage/needs',
    { ...authorizeFirst('needs.raise'), schema: { tags, summary: 'Raise a need (a resident) or record one on residents’ behalf with evidence (a worker)', body: NewNeed, response: { 201: NeedDetail, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await needs.raiseNeed(db(), request.ctx, request.body)),
  );
  app.get('/linkage/needs/:id', { schema: { tags, summary: 'A need; staff also read its answers and supporters (masked)', params: IdParams, response: { 200: NeedDetail, ...errorResponses } } }, async (request) =>
    needs.getNeed(db(), request.ctx, request.params.id),
  );
  app.post(
    '/linkage/needs/:id/supports',
    { ...authorizeFirst('needs.support'), schema: { tags, summary: 'Support a need (once per person, whatever the channel)', params: IdParams, body: NewSupport, response: { 200: NeedDetail, ...errorResponses } } },
    async (request) => needs.supportNeed(db(), request.ctx, request.params.id, request.body),
  );
  app.post('/linkage/needs/:id/follow', { ...authorizeFirst('needs.follow'), schema: { tags, summary: 'Follow a need', params: IdParams, response: { 200: NeedDetail, ...errorResponses } } }, async (request) =>
    needs.followNeed(db(), request.ctx, request.params.id, true),
  );
  app.delete('/linkage/needs/:id/follow', { ...authorizeFirst('needs.follow'), schema: { tags, summary: 'Stop following a need', params: IdParams, response: { 200: NeedDetail, ...errorResponses } } }, async (request) =>
    needs.followNeed(db(), request.ctx, request.params.id, false),
  );
  app.post(
    '/linkage/needs/:id/answers',
    { ...authorizeFirst('needs.answer'), schema: { tags, summary: "The community's answer: internal note kept apart, public text published now or later", params: IdParams, body: NewNeedAnswer, response: { 200: NeedDetail, ...errorResponses } } },
    async (request) => needs.answerNeed(db(), request.ctx, request.params.id, request.body),
  );
  app.post(
    '/linkage/needs/:id/answers/:answerId/publish',
    {
      ...authorizeFirst('needs.answer'),
      schema: {
        tags,
        summary: 'Publish an answer to residents',
        params: Type.Object({ id: Id, answerId: Id }, { additionalProperties: false }),
        body: Type.Object({ publicText: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
        response: { 200: NeedDetail, ...errorResponses },
      },
    },
    async (request) => needs.publishAnswer(db(), request.ctx, request.params.id, request.params.answerId, request.body.publicText),
  );
  app.post(
    '/linkage/needs/:id/merge',
    { ...authorizeFirst('needs.answer'), schema: { tags, summary: 'Merge a duplicate into another need of the same community (supports move, one per person)', params: IdParams, body: NeedMerge, response: { 200: NeedDetail, ...errorResponses } } },
    async (request) => needs.mergeNeed(db(), request.ctx, request.params.id, request.body.intoId),
  );
  app.get('/linkage/thresholds/:code', { schema: { tags, summary: "A community's support threshold", params: CodeParams, response: { 200: Threshold, ...errorResponses } } }, async (request) =>
    needs.getThreshold(db(), request.ctx, request.params.code),
  );
  app.put(
    '/linkage/thresholds/:code',
    { ...authorizeFirst('needs.answer'), schema: { tags, summary: "Set a community's support threshold", params: CodeParams, body: SupportThreshold, response: { 200: Threshold, ...errorResponses } } },
    async (request) => needs.setThreshold(db(), request.ctx, request.params.code, request.body.threshold),
  );

  // ---- projects ----
  app.get(
    '/linkage/target-count',
    {
      schema: {
        tags,
        summary: 'How many people of a target group live in communities, from the registry',
        querystring: Type.Object({ kind: Type.Enum(TARGET_KINDS), communities: Type.String({ pattern: '^[0-9]{12}(,[0-9]{12}){0,49}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => projects.targetCount(db(), request.ctx, request.query.kind, request.query.communities.split(',')),
  );
  app.get(
    '/linkage/projects',
    {
      schema: {
        tags,
        summary: 'Projects in your scope, latest first',
        querystring: Type.Object({ area: Area, status: Type.Optional(ProjectStatusSchema), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ProjectSummary), ...errorResponses },
      },
    },
    async (request) => projects.listProjects(db(), request.ctx, request.query),
  );
  app.post(
    '/linkage/projects',
    { ...authorizeFirst('linkageProjects.design'), schema: { tags, summary: 'Design a project from needs (a draft)', body: ProjectInput, response: { 201: Project, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await projects.createProject(db(), request.ctx, request.body)),
  );
  app.get('/linkage/projects/:id', { schema: { tags, summary: 'A project with its needs, design, call and contract', params: IdParams, response: { 200: Project, ...errorResponses } } }, async (request) =>
    projects.getProject(db(), request.ctx, request.params.id),
  );
  app.put(
    '/linkage/projects/:id',
    {
      ...authorizeFirst('linkageProjects.design'),
      schema: {
        tags,
        summary: "Replace a draft's design, with the version it was read at (409 when stale, or once the project's call has opened)",
        params: IdParams,
        body: ProjectUpdate,
        response: { 200: Project, ...errorResponses },
      },
    },
    async (request) => projects.updateProject(db(), request.ctx, request.params.id, request.body),
  );

  // ---- calls ----
  app.post(
    '/linkage/projects/:id/calls',
    { ...authorizeFirst('calls.manage'), schema: { tags, summary: 'Put a project to a competitive call (a draft call)', params: IdParams, body: CallInput, response: { 201: Call, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await calls.createCall(db(), request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/linkage/projects/:id/invitation-candidates',
    {
      ...authorizeFirst('calls.manage'),
      schema: {
        tags,
        summary: "Organizations a call by invitation of this project may invite: in the registry of the project's county and meeting its bidder requirements today",
        params: IdParams,
        response: { 200: Type.Array(InvitationCandidate), ...errorResponses },
      },
    },
    async (request) => calls.invitationCandidates(db(), request.ctx, request.params.id),
  );
  app.get(
    '/linkage/panel-candidates',
    {
      schema: {
        tags,
        summary: "Active evaluators whose scope covers an area (a call's panel)",
        querystring: Type.Object({ area: Area }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), username: Type.String() })), ...errorResponses },
      },
    },
    async (request) => calls.panelCandidates(db(), request.ctx, request.query.area),
  );
  app.get(
    '/linkage/calls',
    {
      schema: {
        tags,
        summary: 'Calls in your scope (drafts for the community only)',
        querystring: Type.Object({ area: Area, status: Type.Optional(CallStatusSchema), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(CallSummary), ...errorResponses },
      },
    },
    async (request) => calls.listCalls(db(), request.ctx, request.query),
  );
  app.get('/linkage/calls/:id', { schema: { tags, summary: 'A call; bids and scores as your role may see them (scores sealed until the evaluation closes)', params: IdParams, response: { 200: Call, ...errorResponses } } }, async (request) =>
    calls.getCall(db(), request.ctx, request.params.id),
  );
  app.post(
    '/linkage/calls/:id/transitions',
    { ...authorizeFirst('calls.manage'), schema: { tags, summary: 'Open a call, close submissions, close the evaluation (publishes the result), or cancel', params: IdParams, body: CallTransition, response: { 200: Call, ...errorResponses } } },
    async (request) => calls.transitionCall(db(), request.ctx, request.params.id, request.body),
  );
  app.post(
    '/linkage/calls/:id/enquiries',
    { ...authorizeFirst('calls.enquire'), schema: { tags, summary: 'Ask a question during the questions period', params: IdParams, body: EnquiryInput, response: { 200: Call, ...errorResponses } } },
    async (request) => calls.askEnquiry(db(), request.ctx, request.params.id, request.body.question),
  );
  app.post(
    '/linkage/calls/:id/enquiries/:enquiryId/answer',
    {
      ...authorizeFirst('calls.manage'),
      schema: { tags, summary: 'Answer a question publicly', params: Type.Object({ id: Id, enquiryId: Id }, { additionalProperties: false }), body: EnquiryAnswer, response: { 200: Call, ...errorResponses } },
    },
    async (request) => calls.answerEnquiry(db(), request.ctx, request.params.id, request.params.enquiryId, request.body.answer),
  );
  app.post(
    '/linkage/calls/:id/bids',
    { ...authorizeFirst('bids.submit'), schema: { tags, summary: "Bid for your organization (eligibility checked against the registry; 409 names the rule)", params: IdParams, body: BidInput, response: { 201: Bid, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await calls.submitBid(db(), request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/linkage/calls/:id/team-candidates',
    {
      schema: {
        tags,
        summary: "Social workers of the registry in the call's county, for a bid's team (certified first)",
        params: IdParams,
        response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), certified: Type.Boolean() })), ...errorResponses },
      },
    },
    async (request) => calls.teamCandidates(db(), request.ctx, request.params.id),
  );
  app.get('/linkage/bids/:id', { schema: { tags, summary: 'A bid: the community, the bidding organization, the panel', params: IdParams, response: { 200: Bid, ...errorResponses } } }, async (request) =>
    calls.getBid(db(), request.ctx, request.params.id),
  );
  app.get('/linkage/scoring-queue', { schema: { tags, summary: 'Calls whose panel you sit on, still to score', response: { 200: Type.Array(EvaluationQueueItem), ...errorResponses } } }, async (request) =>
    calls.evaluationQueue(db(), request.ctx),
  );
  app.get('/linkage/calls/:id/scoring', { schema: { tags, summary: 'Your scoring sheet of a call (your own scores only)', params: IdParams, response: { 200: ScoringSheet, ...errorResponses } } }, async (request) =>
    calls.scoringSheet(db(), request.ctx, request.params.id),
  );
  app.post(
    '/linkage/calls/:id/declaration',
    { ...authorizeFirst('calls.score'), schema: { tags, summary: 'Declare whether you have a conflict of interest', params: IdParams, body: Declaration, response: { 200: ScoringSheet, ...errorResponses } } },
    async (request) => calls.declareConflicts(db(), request.ctx, request.params.id, request.body),
  );
  app.put(
    '/linkage/calls/:id/bids/:bidId/scores',
    {
      ...authorizeFirst('calls.score'),
      schema: { tags, summary: 'Score a bid on every criterion (0 to the scale’s maximum)', params: Type.Object({ id: Id, bidId: Id }, { additionalProperties: false }), body: ScoreInput, response: { 200: ScoringSheet, ...errorResponses } },
    },
    async (request) => calls.scoreBid(db(), request.ctx, request.params.id, request.params.bidId, request.body),
  );
  app.post(
    '/linkage/calls/:id/award',
    { ...authorizeFirst('calls.award'), schema: { tags, summary: "Award the call (409 while a complaint is open); written to the organization's credit record", params: IdParams, body: AwardInput, response: { 200: Call, ...errorResponses } } },
    async (request) => calls.award(db(), request.ctx, request.params.id, request.body),
  );
  app.post(
    '/linkage/calls/:id/contract',
    { ...authorizeFirst('calls.award'), schema: { tags, summary: 'Sign the contract: amount and payment milestones (409 while a complaint is open)', params: IdParams, body: ContractInput, response: { 201: Contract, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await calls.signContract(db(), request.ctx, request.params.id, request.body)),
  );
  app.get('/linkage/contracts/:id', { schema: { tags, summary: 'A contract with its payment milestones and team', params: IdParams, response: { 200: Contract, ...errorResponses } } }, async (request) =>
    calls.getContract(db(), request.ctx, request.params.id),
  );
  app.post(
    '/linkage/calls/:id/complaints',
    { ...authorizeFirst('complaints.file'), schema: { tags, summary: 'Complain during the public notice', params: IdParams, body: ComplaintInput, response: { 201: Complaint, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await calls.fileComplaint(db(), request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/linkage/complaints/:id/transitions',
    { ...authorizeFirst('complaints.handle'), schema: { tags, summary: 'Answer, resolve or reject a complaint', params: IdParams, body: ComplaintTransition, response: { 200: Complaint, ...errorResponses } } },
    async (request) => calls.handleComplaint(db(), request.ctx, request.params.id, request.body),
  );
  app.post(
    '/linkage/complaints/:id/escalate',
    {
      ...authorizeFirst('complaints.file'),
      schema: { tags, summary: 'Escalate your answered complaint', params: IdParams, body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), response: { 200: Complaint, ...errorResponses } },
    },
    async (request) => calls.complainantMove(db(), request.ctx, request.params.id, { to: 'escalated', version: request.body.version }),
  );
  app.post(
    '/linkage/complaints/:id/withdraw',
    {
      ...authorizeFirst('complaints.file'),
      schema: { tags, summary: 'Withdraw your complaint', params: IdParams, body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), response: { 200: Complaint, ...errorResponses } },
    },
    async (request) => calls.complainantMove(db(), request.ctx, request.params.id, { to: 'withdrawn', version: request.body.version }),
  );
};
