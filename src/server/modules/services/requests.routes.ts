import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import type { Action } from '../../../contracts/policy.ts';
import {
  AssignmentInput,
  ATTACHMENT_MEDIA_TYPES,
  AttachmentUploadQuery,
  NewServiceRequest,
  RatingInput,
  ReopenInput,
  REQUEST_LIMITS,
  RequestAssignees,
  ServiceRequestDetail,
  ServiceRequestListQuery,
  ServiceRequestQueueQuery,
  ServiceRequestStats,
  ServiceRequestStatsQuery,
  ServiceRequestSummary,
  SupplementInput,
  TransitionInput,
  WithdrawInput,
} from '../../../contracts/service-requests.ts';
import { requirePermission } from '../../http/actor.ts';
import { invalidField } from '../../http/errors.ts';
import * as requests from './requests.service.ts';
import { diskAttachmentStorage } from './requests-attachments.ts';
import { startRequestScheduler, type Scheduler } from './requests-scheduler.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const AttachmentParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 36 }), attachmentId: Type.String({ minLength: 1, maxLength: 36 }) },
  { additionalProperties: false },
);
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: REQUEST_LIMITS.idempotencyKeyMaxLength, description: 'a retry with the same key returns the first answer; another body with it is a 409' }),
  ),
});

const rawId = (request: FastifyRequest) => String((request.params as { id?: unknown }).id ?? '');

/** Service requests (办件): filing, the unit's steps, the applicant's side, attachments, figures. */
export const requestsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const config = app.deps.config;
  const deps: requests.RequestsDeps = {
    db: app.deps.db,
    storage: diskAttachmentStorage(config.dataDir),
    settings: {
      warningShare: config.requestWarningPercent / 100,
      escalateAboveAfterDays: config.escalateAboveAfterDays,
      attachmentMaxBytes: config.attachmentMaxBytes,
    },
  };

  // Role first (403 before any 400), then, for routes on one request, whether the caller reaches it.
  const guard = (action: Action) => ({
    onRequest: async (request: FastifyRequest) => {
      requirePermission(request.ctx, action);
    },
  });
  const guardRequest = (action: 'serviceRequests.read' | 'serviceRequests.file' | 'serviceRequests.handle') => ({
    ...guard(action),
    preValidation: async (request: FastifyRequest) => requests.requireRequestAccess(app.deps.db, request.ctx, rawId(request), action),
  });

  // Attachments arrive as the raw body: any of the types we take, or octet-stream; the content decides.
  app.addContentTypeParser([...ATTACHMENT_MEDIA_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: config.attachmentMaxBytes + 1 }, (_request, body, done) => done(null, body));

  let scheduler: Scheduler | null = null;
  if (config.requestSweepSeconds > 0) {
    app.addHook('onReady', async () => {
      scheduler = startRequestScheduler(app.deps.db, deps.settings, config.requestSweepSeconds, app.log);
    });
    app.addHook('onClose', async () => {
      await scheduler?.stop();
    });
  }

  app.post(
    '/service-requests',
    {
      ...guard('serviceRequests.file'),
      schema: {
        tags: ['services'],
        summary: 'File a request: a resident for themselves, a window worker or an agent (under a mandate) for a resident. Idempotency-Key makes a retry safe',
        headers: IdempotencyHeaders,
        body: NewServiceRequest,
        response: { 200: ServiceRequestDetail, 201: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { detail, replayed } = await requests.fileRequest(app.deps.db, request.ctx, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
        settings: deps.settings,
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(detail);
    },
  );

  app.get(
    '/service-requests',
    {
      ...guard('serviceRequests.read'),
      schema: {
        tags: ['services'],
        summary: 'Requests in your scope, newest first (a resident: their own; an agent: those they filed)',
        querystring: Type.Object({ ...ServiceRequestListQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ServiceRequestSummary), ...errorResponses },
      },
    },
    async (request) => requests.listRequests(deps, request.ctx, request.query),
  );

  app.get(
    '/service-requests/queue',
    {
      ...guard('serviceRequests.handle'),
      schema: {
        tags: ['services'],
        summary: 'A deciding unit’s open requests, soonest due first (unit: its area code; default your scope)',
        querystring: Type.Object({ ...ServiceRequestQueueQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ServiceRequestSummary), ...errorResponses },
      },
    },
    async (request) => requests.unitQueue(deps, request.ctx, request.query),
  );

  app.get(
    '/service-requests/stats',
    {
      ...guard('serviceRequests.stats'),
      schema: {
        tags: ['services'],
        summary: 'Volume, on-time share, overdue by area and satisfaction over a period (default: the last 365 days)',
        querystring: Type.Object(ServiceRequestStatsQuery, { additionalProperties: false }),
        response: { 200: ServiceRequestStats, ...errorResponses },
      },
    },
    async (request) => requests.requestStats(deps, request.ctx, request.query),
  );

  app.get(
    '/service-requests/:id',
    {
      ...guard('serviceRequests.read'),
      schema: {
        tags: ['services'],
        summary: 'One request with its form values, materials, attachments, clocks and timeline (the applicant’s side sees public events only)',
        params: IdParams,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.getRequest(deps, request.ctx, request.params.id),
  );

  app.post(
    '/service-requests/:id/transitions',
    {
      ...guardRequest('serviceRequests.handle'),
      schema: {
        tags: ['services'],
        summary: 'A step of the deciding unit: accept, notAccept, start, requestSupplement, decide, deliver, close, transfer, markDuplicate (409 invalid_transition names both statuses)',
        params: IdParams,
        body: TransitionInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.transitionRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/service-requests/:id/assignment',
    {
      ...guardRequest('serviceRequests.handle'),
      schema: {
        tags: ['services'],
        summary: 'Assign the request to a worker of the deciding unit (null: unassign)',
        params: IdParams,
        body: AssignmentInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.assignRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.get(
    '/service-requests/:id/assignees',
    {
      ...guardRequest('serviceRequests.handle'),
      schema: {
        tags: ['services'],
        summary: 'Who the request can be assigned to: active users whose role may handle requests and whose scope holds it',
        params: IdParams,
        response: { 200: RequestAssignees, ...errorResponses },
      },
    },
    async (request) => requests.listAssignees(deps, request.ctx, request.params.id),
  );

  app.post(
    '/service-requests/:id/supplement',
    {
      ...guardRequest('serviceRequests.file'),
      schema: {
        tags: ['services'],
        summary: 'Answer a 补正: changed form values, materials, a note; the processing clock runs again',
        params: IdParams,
        body: SupplementInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.supplementRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/service-requests/:id/withdraw',
    {
      ...guardRequest('serviceRequests.file'),
      schema: {
        tags: ['services'],
        summary: 'Withdraw an open request before its decision',
        params: IdParams,
        body: WithdrawInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.withdrawRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/service-requests/:id/rating',
    {
      ...guardRequest('serviceRequests.file'),
      schema: {
        tags: ['services'],
        summary: 'Rate a closed request 1–5 (非常不满意 … 非常满意), once; an agent’s rating is marked so',
        params: IdParams,
        body: RatingInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.rateRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/service-requests/:id/reopen',
    {
      ...guardRequest('serviceRequests.file'),
      schema: {
        tags: ['services'],
        summary: 'Reopen a closed request rated dissatisfied (2 or less), once, within 7 days of closure',
        params: IdParams,
        body: ReopenInput,
        response: { 200: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request) => requests.reopenRequest(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/service-requests/:id/attachments',
    {
      ...guardRequest('serviceRequests.file'),
      bodyLimit: config.attachmentMaxBytes + 1,
      schema: {
        tags: ['services'],
        summary: `Attach one file, sent as the raw body (a JPEG, PNG, WebP or HEIC photo or a PDF, judged by its content; at most LINLI_ATTACHMENT_MAX_BYTES)`,
        params: IdParams,
        querystring: Type.Object(AttachmentUploadQuery, { additionalProperties: false }),
        response: { 201: ServiceRequestDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw invalidField('file', `is required as the raw body (Content-Type ${ATTACHMENT_MEDIA_TYPES.join(', ')} or application/octet-stream)`, 'required');
      const detail = await requests.addAttachment(deps, request.ctx, request.params.id, { bytes: request.body, material: request.query.material, fileName: request.query.fileName });
      return reply.status(201).send(detail);
    },
  );

  app.get(
    '/service-requests/:id/attachments/:attachmentId',
    {
      ...guard('serviceRequests.read'),
      schema: {
        tags: ['services'],
        summary: 'An attached file itself (every read is audited)',
        params: AttachmentParams,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await requests.readAttachment(deps, request.ctx, request.params.id, request.params.attachmentId);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      // The bytes go out as they are: no schema serialises them.
      return (reply as FastifyReply)
        .header('content-type', file.mediaType)
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );
};
