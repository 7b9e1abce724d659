import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../../../contracts/policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../../../contracts/service-requests.ts';
import {
  Activity,
  ActivityListQuery,
  ActivityPage,
  AttendanceInput,
  AttendanceRemoval,
  Chain,
  Delivery,
  EvaluationQueue,
  EvaluationResponseInput,
  EvaluationRound,
  EvidenceParams,
  EvidenceUploadQuery,
  ExpenditureInput,
  Milestone,
  MilestoneChange,
  MilestoneEdit,
  NewActivity,
  NewEvaluationRound,
  NewMilestone,
  ProjectClose,
  ProjectIdParams,
  ProjectStart,
  Result,
  ResultInput,
  ResultParams,
  RoundClose,
  RoundParticipants,
  Spending,
  VolunteerInput,
} from '../../../contracts/linkage-delivery-api.ts';
import { invalidField } from '../../http/errors.ts';
import { checkPolicyFirst } from '../people/route-policy.ts';
import { residentsDeps } from '../residents/registry-access.ts';
import { diskAttachmentStorage } from '../services/requests-attachments.ts';
import * as activities from './activities.service.ts';
import * as delivery from './delivery.service.ts';
import * as evaluations from './evaluations.service.ts';
import * as milestones from './milestones.service.ts';
import * as life from './project-life.service.ts';

const tags = ['linkage'];
const NoQuery = Type.Object({}, { additionalProperties: false });

/** Delivery of linkage projects (执行实施) and their evaluation (监督评估). */
export const linkageDeliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  checkPolicyFirst(app);
  const config = app.deps.config;
  const deps: delivery.DeliveryDeps = {
    db: app.deps.db,
    residents: residentsDeps(app.deps.database, config.secretKey),
    storage: diskAttachmentStorage(config.dataDir),
    settings: { attachmentMaxBytes: config.attachmentMaxBytes, ocidPrefix: config.ocdsOcidPrefix, publisherName: config.ocdsPublisher },
  };
  // Evidence arrives as the raw body: any of the types attachments take, or octet-stream; the content decides.
  const guard = (kind: 'project' | 'activity' | 'milestone' | 'round', action: Action) => ({
    preValidation: async (request: FastifyRequest) => delivery.authorizeRecord(deps.db, request.ctx, kind, String((request.params as { id?: unknown }).id ?? ''), action),
  });
  app.addContentTypeParser([...ATTACHMENT_MEDIA_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: config.attachmentMaxBytes + 1 }, (_request, body, done) => done(null, body));

  app.get('/linkage/projects/:id/delivery', {
    schema: { tags, summary: 'A project’s delivery: progress rolled up from results and milestones, whom it reached, activities, spending against budget lines, evaluation rounds', params: ProjectIdParams, querystring: NoQuery, response: { 200: Delivery, ...errorResponses } },
  }, async (request) => delivery.getDelivery(deps.db, request.ctx, request.params.id));

  app.get('/linkage/projects/:id/chain', {
    schema: { tags, summary: 'The chain of one project on one page: the needs it answers, design, call, award, complaints, contract, activities, milestones, evaluations', params: ProjectIdParams, querystring: NoQuery, response: { 200: Chain, ...errorResponses } },
  }, async (request) => delivery.chainOf(deps, request.ctx, request.params.id));

  app.get('/linkage/projects/:id/activities', {
    schema: { tags, summary: 'A project’s activities, latest first', params: ProjectIdParams, querystring: ActivityListQuery, response: { 200: ActivityPage, ...errorResponses } },
  }, async (request) => activities.listActivities(deps, request.ctx, request.params.id, request.query));

  app.post('/linkage/projects/:id/activities', {
    ...guard('project', 'linkageDelivery.write'),
    schema: { tags, summary: 'Record an activity held (date, kind, place or facility, one of the project’s communities)', params: ProjectIdParams, body: NewActivity, response: { 201: Activity, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await activities.createActivity(deps, request.ctx, request.params.id, request.body)));

  app.get('/linkage/activities/:id', {
    schema: { tags, summary: 'An activity with its attendees (masked names) and volunteers', params: ProjectIdParams, response: { 200: Activity, ...errorResponses } },
  }, async (request) => activities.getActivity(deps, request.ctx, request.params.id));

  app.post('/linkage/activities/:id/attendance', {
    ...guard('activity', 'linkageDelivery.write'),
    schema: { tags, summary: 'Record attendees from the registry (a person outside the project’s communities is a 400 and nobody is recorded)', params: ProjectIdParams, body: AttendanceInput, response: { 200: Activity, ...errorResponses } },
  }, async (request) => activities.addAttendance(deps, request.ctx, request.params.id, request.body));

  app.post('/linkage/activities/:id/attendance/remove', {
    ...guard('activity', 'linkageDelivery.write'),
    schema: { tags, summary: 'Remove an attendee recorded by mistake', params: ProjectIdParams, body: AttendanceRemoval, response: { 200: Activity, ...errorResponses } },
  }, async (request) => activities.removeAttendance(deps, request.ctx, request.params.id, request.body.personId));

  app.post('/linkage/activities/:id/volunteers', {
    ...guard('activity', 'linkageDelivery.write'),
    schema: { tags, summary: 'A volunteer’s minutes at the activity, recorded as a service record in the volunteer registry (verified there)', params: ProjectIdParams, body: VolunteerInput, response: { 200: Activity, ...errorResponses } },
  }, async (request) => activities.addVolunteer(deps, request.ctx, request.params.id, request.body));

  app.post('/linkage/projects/:id/milestones', {
    ...guard('project', 'linkageDelivery.write'),
    schema: { tags, summary: 'Add a weighted milestone', params: ProjectIdParams, body: NewMilestone, response: { 201: Milestone, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await milestones.addMilestone(deps, request.ctx, request.params.id, request.body)));

  app.post('/linkage/milestones/:id/status', {
    ...guard('milestone', 'linkageDelivery.write'),
    schema: { tags, summary: 'Move a milestone (met only with evidence; compare-and-set on version)', params: ProjectIdParams, body: MilestoneChange, response: { 200: Milestone, ...errorResponses } },
  }, async (request) => milestones.changeMilestone(deps, request.ctx, request.params.id, request.body));

  app.put('/linkage/milestones/:id', {
    ...guard('milestone', 'linkageDelivery.write'),
    schema: { tags, summary: 'Edit a scheduled or unmet milestone’s title, due day and weight (compare-and-set on version)', params: ProjectIdParams, body: MilestoneEdit, response: { 200: Milestone, ...errorResponses } },
  }, async (request) => milestones.editMilestone(deps, request.ctx, request.params.id, request.body));

  app.post('/linkage/milestones/:id/evidence', {
    ...guard('milestone', 'linkageDelivery.write'),
    bodyLimit: config.attachmentMaxBytes + 1,
    schema: { tags, summary: 'Attach evidence, sent as the raw body (a photo or a PDF, judged by its content)', params: ProjectIdParams, querystring: EvidenceUploadQuery, response: { 201: Milestone, ...errorResponses } },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw invalidField('file', `is required as the raw body (Content-Type ${ATTACHMENT_MEDIA_TYPES.join(', ')} or application/octet-stream)`, 'required');
    return reply.status(201).send(await milestones.addEvidence(deps, request.ctx, request.params.id, { bytes: request.body, kind: request.query.kind, title: request.query.title }));
  });

  app.get('/linkage/milestones/:id/evidence/:evidenceId', {
    schema: { tags, summary: 'A piece of evidence itself (every read is audited)', params: EvidenceParams, response: { ...errorResponses } },
  }, async (request, reply) => {
    const file = await milestones.readEvidence(deps, request.ctx, request.params.id, request.params.evidenceId);
    const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return (reply as FastifyReply)
      .header('content-type', file.mediaType)
      .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });

  app.put('/linkage/projects/:id/results/:indicatorId', {
    ...guard('project', 'linkageDelivery.write'),
    schema: { tags, summary: 'What an output or outcome indicator has reached, and its weight in the progress roll-up', params: ResultParams, body: ResultInput, response: { 200: Result, ...errorResponses } },
  }, async (request) => delivery.setResult(deps.db, request.ctx, request.params.id, request.params.indicatorId, request.body));

  app.post('/linkage/projects/:id/expenditures', {
    ...guard('project', 'linkageDelivery.write'),
    schema: { tags, summary: 'Record spending against a budget line (never past the line’s budget)', params: ProjectIdParams, body: ExpenditureInput, response: { 201: Spending, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await delivery.addExpenditure(deps.db, request.ctx, request.params.id, request.body)));

  app.post('/linkage/projects/:id/start', {
    ...guard('project', 'linkageDelivery.write'),
    schema: { tags, summary: 'Start delivery of a contracted project by hand (recording its first activity starts it too)', params: ProjectIdParams, body: ProjectStart, response: { 200: Delivery, ...errorResponses } },
  }, async (request) => life.startDelivery(deps, request.ctx, request.params.id, request.body));

  app.post('/linkage/projects/:id/close', {
    ...guard('project', 'linkageEvaluations.manage'),
    schema: { tags, summary: 'Close a project by hand with a reason (409 naming the rule while a complaint is open, a milestone is neither met nor waived with a reason, or a round is open)', params: ProjectIdParams, body: ProjectClose, response: { 200: Delivery, ...errorResponses } },
  }, async (request) => life.closeProject(deps, request.ctx, request.params.id, request.body));

  app.post('/linkage/projects/:id/evaluation-rounds', {
    ...guard('project', 'linkageEvaluations.manage'),
    schema: { tags, summary: 'Open an evaluation round with its raters and weights (one open round per project)', params: ProjectIdParams, body: NewEvaluationRound, response: { 201: EvaluationRound, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await evaluations.openRound(deps, request.ctx, request.params.id, request.body)));

  app.get('/linkage/evaluation-rounds/:id', {
    schema: { tags, summary: 'An evaluation round: raters, responses per kind, final score and grade once closed', params: ProjectIdParams, response: { 200: EvaluationRound, ...errorResponses } },
  }, async (request) => evaluations.getRound(deps, request.ctx, request.params.id));

  app.post('/linkage/evaluation-rounds/:id/responses', {
    ...guard('round', 'linkageEvaluations.respond'),
    schema: { tags, summary: 'Answer a round as one’s rater kind (residents 1–5, the others 0–100; once each)', params: ProjectIdParams, body: EvaluationResponseInput, response: { 201: EvaluationRound, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await evaluations.respond(deps, request.ctx, request.params.id, request.body)));

  app.get('/linkage/evaluation-rounds/:id/participants', {
    ...guard('round', 'linkageEvaluations.respond'),
    schema: { tags, summary: 'The project’s participants (masked) and whether each answered: for a worker recording residents’ paper forms', params: ProjectIdParams, querystring: NoQuery, response: { 200: RoundParticipants, ...errorResponses } },
  }, async (request) => evaluations.roundParticipants(deps, request.ctx, request.params.id));

  app.post('/linkage/evaluation-rounds/:id/close', {
    ...guard('round', 'linkageEvaluations.manage'),
    schema: { tags, summary: 'Close a round once every rater kind answered: final score and grade, put on the organization’s credit record', params: ProjectIdParams, body: RoundClose, response: { 200: EvaluationRound, ...errorResponses } },
  }, async (request) => evaluations.closeRound(deps, request.ctx, request.params.id, request.body.version));

  app.get('/linkage/evaluation-rounds/queue', {
    schema: { tags, summary: 'Open rounds the caller has to answer (a resident: of projects they took part in)', querystring: NoQuery, response: { 200: EvaluationQueue, ...errorResponses } },
  }, async (request) => evaluations.evaluationQueue(deps, request.ctx));
};
