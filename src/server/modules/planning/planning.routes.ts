import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaCodeParam, errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { AdoptRequest, Scenario, ScenarioComparison, ScenarioSummary, SitingRequest } from '../../../contracts/planning-api.ts';
import * as planning from './planning.service.ts';
import { requestLanguage } from '../../../contracts/language.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

export const planningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/planning/siting',
    {
      schema: {
        tags: ['planning'],
        summary:
          'Where the next facilities of a kind should go in an area (admins, officials): solves MCLP, LSCP or p-median over its communities, existing operating facilities counted as open, and saves the answer as a scenario',
        body: SitingRequest,
        response: { 201: Scenario, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await planning.runSiting(app.deps.db, request.ctx, request.body, requestLanguage(undefined, request.headers['accept-language']))),
  );

  app.get(
    '/planning/scenarios',
    {
      schema: {
        tags: ['planning'],
        summary: 'Siting scenarios of an area in your scope, newest first',
        querystring: Type.Object({ area: Type.Optional(AreaCodeParam), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ScenarioSummary), ...errorResponses },
      },
    },
    async (request) => planning.listScenarios(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/planning/scenarios/compare',
    {
      schema: {
        tags: ['planning'],
        summary: 'Scenarios side by side: sites, radius, coverage before and after, urban and rural',
        querystring: Type.Object(
          { ids: Type.String({ minLength: 1, maxLength: 400, description: 'scenario ids separated by commas' }) },
          { additionalProperties: false },
        ),
        response: { 200: ScenarioComparison, ...errorResponses },
      },
    },
    async (request) => planning.compareScenarios(app.deps.db, request.ctx, request.query.ids),
  );

  app.get(
    '/planning/scenarios/:id',
    {
      schema: {
        tags: ['planning'],
        summary: 'A scenario: what was asked and what the solver answered',
        params: IdParams,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (request) => planning.getScenario(app.deps.db, request.ctx, request.params.id),
  );

  app.delete(
    '/planning/scenarios/:id',
    {
      schema: {
        tags: ['planning'],
        summary: 'Delete a scenario (facilities an adoption created stay)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await planning.deleteScenario(app.deps.db, request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/planning/scenarios/:id/adopt',
    {
      schema: {
        tags: ['planning'],
        summary: 'Turn the proposed sites into facilities with status planned, all in one transaction; a scenario is adopted once (again: 409)',
        params: IdParams,
        body: AdoptRequest,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (request) => planning.adoptScenario(app.deps.db, request.ctx, request.params.id, request.body),
  );
};
