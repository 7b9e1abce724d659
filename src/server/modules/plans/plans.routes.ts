import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../../contracts/common.ts';
import { AdoptBody, AreaParam, NewPlanBody, PeriodParam, PlanProgressSchema, PlanSchema, TargetsBody } from '../../../contracts/indicators-api.ts';
import * as plans from './plans.service.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/plans',
    { schema: { tags: ['plans'], summary: 'Plans you can see: the national template, your area’s, those above and below it', response: { 200: Page(PlanSchema), ...errorResponses } } },
    async (request) => plans.listPlans(app.deps.db, request.ctx),
  );

  app.get(
    '/plans/templates',
    {
      schema: {
        tags: ['plans'],
        summary: 'The national plan templates a local plan can start from, the newest period first, each figure with its source',
        response: { 200: Page(PlanSchema), ...errorResponses },
      },
    },
    async (request) => plans.listTemplates(app.deps.db, request.ctx),
  );

  app.post(
    '/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Make a plan for an area in your scope and a period, from a template or from scratch: its indicators with baselines and targets (409 if the area already has a plan for overlapping years)',
        body: NewPlanBody,
        response: { 201: PlanSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await plans.createPlan(app.deps.db, request.ctx, request.body)),
  );

  app.get(
    '/plans/:id',
    { schema: { tags: ['plans'], summary: 'One plan', params: IdParams, response: { 200: PlanSchema, ...errorResponses } } },
    async (request) => plans.getPlan(app.deps.db, request.ctx, request.params.id),
  );

  app.post(
    '/plans/:id/adoptions',
    {
      schema: {
        tags: ['plans'],
        summary: 'Adopt a plan for an area in your scope (default: your scope)',
        params: IdParams,
        body: AdoptBody,
        response: { 201: PlanSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await plans.adoptPlan(app.deps.db, request.ctx, request.params.id, request.body)),
  );

  app.put(
    '/plans/:id/targets',
    {
      schema: {
        tags: ['plans'],
        summary: "Set an adopting area's own targets for the plan (replaces the area's earlier ones)",
        params: IdParams,
        body: TargetsBody,
        response: { 200: PlanProgressSchema, ...errorResponses },
      },
    },
    async (request) => plans.setTargets(app.deps.db, request.ctx, request.params.id, request.body),
  );

  app.get(
    '/plans/:id/progress',
    {
      schema: {
        tags: ['plans'],
        summary: "The plan's indicators for an area: actual, target, gap, the yearly pace still needed, on track or not",
        params: IdParams,
        querystring: Type.Object({ area: Type.Optional(AreaParam), period: Type.Optional(PeriodParam) }, { additionalProperties: false }),
        response: { 200: PlanProgressSchema, ...errorResponses },
      },
    },
    async (request) => plans.getProgress(app.deps.db, request.ctx, request.params.id, request.query),
  );
};
