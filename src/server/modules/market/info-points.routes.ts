import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  InfoPointChanges,
  InfoPointDetail,
  InfoPointIdParams,
  InfoPointListQuery,
  InfoPointOperatorQuery,
  InfoPointOperators,
  InfoPointPage,
  InfoPointStatusChange,
  NewInfoPoint,
  NewServiceLogEntry,
  ServiceLog,
  ServiceLogEntry,
  ServiceLogQuery,
} from '../../../contracts/info-points.ts';
import { checkPolicyFirst } from '../people/route-policy.ts';
import { onRequestEvent } from '../services/requests.service.ts';
import * as points from './info-points.service.ts';
import { recyclingRoutes } from './recycling.routes.ts';

const tags = ['info-points'];
let listening = false;

/** Village information points and their service logs; recycling pickups are registered with them. */
export const infoPointsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  checkPolicyFirst(app);
  // Agency requests filed by a point's operator are logged at the point (once per process).
  if (!listening) {
    listening = true;
    onRequestEvent(points.logAgencyRequest);
  }
  const db = () => app.deps.db;

  app.get('/info-points', {
    schema: { tags, summary: 'Information points in your scope (mine=true: those you operate)', querystring: InfoPointListQuery, response: { 200: InfoPointPage, ...errorResponses } },
  }, async (request) => points.listPoints(db(), request.ctx, request.query));

  app.post('/info-points', {
    schema: { tags, summary: 'Register an information point of a community, with its operator (an agent whose scope holds it)', body: NewInfoPoint, response: { 201: InfoPointDetail, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await points.createPoint(db(), request.ctx, request.body)));

  app.get('/info-points/operators', {
    schema: { tags, summary: 'Who may run a point of a community: agents, not locked, whose scope holds it', querystring: InfoPointOperatorQuery, response: { 200: InfoPointOperators, ...errorResponses } },
  }, async (request) => points.listOperators(db(), request.ctx, request.query));

  app.get('/info-points/:id', {
    schema: { tags, summary: 'An information point with its status history and how many services it gave today and in 30 days', params: InfoPointIdParams, response: { 200: InfoPointDetail, ...errorResponses } },
  }, async (request) => points.getPoint(db(), request.ctx, request.params.id));

  app.patch('/info-points/:id', {
    preValidation: async (request) => points.authorizePoint(db(), request.ctx, (request.params as { id: string }).id),
    schema: { tags, summary: 'Change a point’s name, operator, hours, equipment or services (version checked: 409 when stale)', params: InfoPointIdParams, body: InfoPointChanges, response: { 200: InfoPointDetail, ...errorResponses } },
  }, async (request) => points.updatePoint(db(), request.ctx, request.params.id, request.body));

  app.post('/info-points/:id/status', {
    preValidation: async (request) => points.authorizePoint(db(), request.ctx, (request.params as { id: string }).id),
    schema: { tags, summary: 'Open, suspend, close or reopen a point (an event with the reason)', params: InfoPointIdParams, body: InfoPointStatusChange, response: { 200: InfoPointDetail, ...errorResponses } },
  }, async (request) => points.changeStatus(db(), request.ctx, request.params.id, request.body));

  app.get('/info-points/:id/services', {
    schema: { tags, summary: 'A point’s service log over days (default today, China time), newest first, with counts by kind', params: InfoPointIdParams, querystring: ServiceLogQuery, response: { 200: ServiceLog, ...errorResponses } },
  }, async (request) => points.serviceLog(db(), request.ctx, request.params.id, request.query));

  app.post('/info-points/:id/services', {
    preValidation: async (request) => points.authorizePoint(db(), request.ctx, (request.params as { id: string }).id),
    schema: { tags, summary: 'The operator records a service given at the point (409 unless it operates)', params: InfoPointIdParams, body: NewServiceLogEntry, response: { 201: ServiceLogEntry, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await points.recordService(db(), request.ctx, request.params.id, request.body)));

  await app.register(recyclingRoutes);
};
