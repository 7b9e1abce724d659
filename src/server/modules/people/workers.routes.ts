import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { isAction, ROUTE_ACTIONS } from '../../../contracts/policy.ts';
import { acceptSpreadsheetBodies, sendSpreadsheet, spreadsheetFormatOf, spreadsheetUpload, uploadedSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import {
  EducationRequirements,
  NewPost,
  NewQualification,
  NewRegistration,
  NewSupervision,
  NewTraining,
  NewWorker,
  PostEnd,
  QualificationDecision,
  Worker,
  WorkerChanges,
  WorkerDetail,
  WorkerFilterQuery,
  WorkerImportReport,
  WorkforceMap,
} from '../../../contracts/workers-api.ts';
import { WORKER_LIMITS } from '../../../contracts/workers.ts';
import * as workers from './workers.service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const PostParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }), postId: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const QualificationParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 36 }), qualificationId: Type.String({ minLength: 1, maxLength: 36 }) },
  { additionalProperties: false },
);
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'xlsx' });

const tags = ['workers'];

export const workersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptSpreadsheetBodies(app);
  const deps = workers.workersDeps(app.deps.db, app.deps.config.secretKey);

  // Before a body is validated: the role may do the route's action (policy table), and a worker
  // named in the path exists in the user's scope — so a refusal never depends on the body sent.
  app.addHook('preValidation', async (request) => {
    const path = (request.routeOptions.url ?? '').replace(/^\/api\/v1/, '').replace(/:([A-Za-z]+)/g, '{$1}');
    const action = ROUTE_ACTIONS[`${request.method} ${path}`];
    if (action === undefined || action === 'public' || !isAction(action)) return;
    const id = (request.params as { id?: string } | undefined)?.id;
    await workers.guardRoute(app.deps.db, request.ctx, action, id);
  });

  app.get(
    '/workers',
    {
      schema: {
        tags,
        summary: 'Workers registered in your scope: search by name (简体/繁體/pinyin initials) or full ID number, filter by post, qualification, urban/rural',
        querystring: Type.Object({ ...WorkerFilterQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Worker), ...errorResponses },
      },
    },
    async (request) => workers.listWorkers(deps, request.ctx, request.query),
  );

  app.post(
    '/workers',
    {
      schema: {
        tags,
        summary: 'Register a worker in a community or township of your scope, optionally with a first post',
        body: NewWorker,
        response: { 201: WorkerDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await workers.createWorker(deps, request.ctx, request.body)),
  );

  app.get(
    '/workers/export',
    {
      schema: {
        tags,
        summary: 'Every worker the filters match as XLSX or CSV (numbers masked; audited)',
        querystring: Type.Object({ ...WorkerFilterQuery, format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendSpreadsheet(reply, await workers.exportWorkers(deps, request.ctx, filter, format ?? 'xlsx'));
    },
  );

  app.get(
    '/workers/map',
    {
      schema: {
        tags,
        summary: 'The communities of your scope (or of an area in it) with the workers in post there today who match the post and qualification filters, and whether a social worker is in post',
        querystring: Type.Object(
          { area: WorkerFilterQuery.area, postKind: WorkerFilterQuery.postKind, qualification: WorkerFilterQuery.qualification, urbanRural: WorkerFilterQuery.urbanRural },
          { additionalProperties: false },
        ),
        response: { 200: WorkforceMap, ...errorResponses },
      },
    },
    async (request) => workers.workforceMap(deps, request.ctx, request.query),
  );

  app.get(
    '/workers/import-template',
    {
      schema: {
        tags,
        summary: 'The import template: Chinese column headers (XLSX adds a sheet explaining each column)',
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendSpreadsheet(reply, await workers.importTemplate(request.ctx, request.query.format ?? 'xlsx')),
  );

  app.post(
    '/workers/import',
    {
      ...spreadsheetUpload(WORKER_LIMITS.importBytesMax, workers.authorizeImport),
      schema: {
        tags,
        summary:
          'Import workers (with a first post and a declared qualification) from XLSX or CSV sent as the raw body. All or nothing unless mode=goodRowsOnly; a rejected file answers 400 import_rejected with the report in error.details',
        querystring: Type.Object(
          {
            mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')], { default: 'allOrNothing' }),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkerImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const file = uploadedSpreadsheet(request.body);
      const format = spreadsheetFormatOf(request.headers['content-type'], request.query.format);
      return workers.importWorkers(deps, request.ctx, { body: file, format, mode: request.query.mode ?? 'allOrNothing' });
    },
  );

  app.get(
    '/workers/me',
    {
      schema: { tags, summary: 'The worker profile linked to your own account', response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.getOwnWorker(deps, request.ctx),
  );

  app.get(
    '/workers/requirements',
    {
      schema: { tags, summary: 'Continuing-education hours required per registration period, by qualification level', response: { 200: EducationRequirements, ...errorResponses } },
    },
    async (request) => workers.getRequirements(app.deps.db, request.ctx),
  );

  app.put(
    '/workers/requirements',
    {
      schema: { tags, summary: 'Set the continuing-education hours required per registration period (admins)', body: EducationRequirements, response: { 200: EducationRequirements, ...errorResponses } },
    },
    async (request) => workers.setRequirements(app.deps.db, request.ctx, request.body),
  );

  app.get(
    '/workers/:id',
    {
      schema: {
        tags,
        summary: 'A worker with posts, qualifications, registrations, trainings and supervision; reveal=true shows full numbers to admins and officials (audited)',
        params: IdParams,
        querystring: Type.Object({ reveal: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: WorkerDetail, ...errorResponses },
      },
    },
    async (request) => workers.getWorker(deps, request.ctx, request.params.id, { reveal: request.query.reveal ?? false }),
  );

  app.patch(
    '/workers/:id',
    {
      schema: { tags, summary: 'Change a worker’s name, numbers or linked account; send the version you read', params: IdParams, body: WorkerChanges, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.updateWorker(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/workers/:id/posts',
    {
      schema: { tags, summary: 'Add a post in a community or township of your scope', params: IdParams, body: NewPost, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.addPost(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/workers/:id/posts/:postId/end',
    {
      schema: { tags, summary: 'End a post on its last day', params: PostParams, body: PostEnd, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.endPost(deps, request.ctx, request.params.id, request.params.postId, request.body),
  );

  app.post(
    '/workers/:id/qualifications',
    {
      schema: { tags, summary: 'Declare a social-work qualification (it counts once verified)', params: IdParams, body: NewQualification, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.declareQualification(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/workers/:id/qualifications/:qualificationId/decision',
    {
      schema: {
        tags,
        summary: 'Verify (with the evidence checked) or reject a declared qualification: admins and officials in scope, never their own',
        params: QualificationParams,
        body: QualificationDecision,
        response: { 200: WorkerDetail, ...errorResponses },
      },
    },
    async (request) => workers.decideQualification(deps, request.ctx, request.params.id, request.params.qualificationId, request.body),
  );

  app.post(
    '/workers/:id/registrations',
    {
      schema: { tags, summary: 'Record a registration (登记) and its validity period', params: IdParams, body: NewRegistration, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.addRegistration(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/workers/:id/trainings',
    {
      schema: { tags, summary: 'Record a training taken (continuing education counts towards the registration)', params: IdParams, body: NewTraining, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.addTraining(deps, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/workers/:id/supervisions',
    {
      schema: { tags, summary: 'Link a supervisee (督导): the worker of the path supervises them', params: IdParams, body: NewSupervision, response: { 200: WorkerDetail, ...errorResponses } },
    },
    async (request) => workers.addSupervision(deps, request.ctx, request.params.id, request.body),
  );
};
