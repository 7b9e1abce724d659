import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { RADIUS_KM_MAX } from '../../../contracts/facilities.ts';
import { FacilityKindSchema } from '../../../contracts/facilities-api.ts';
import { CoverageReport, UncoveredCommunity } from '../../../contracts/coverage.ts';
import * as coverage from './coverage.service.ts';

const Radius = (description: string) => Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: RADIUS_KM_MAX, description }));

const CoverageQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'default: your scope' })),
  kind: Type.Optional(FacilityKindSchema),
  radiusKm: Radius('one service radius for every community (km)'),
  urbanRadiusKm: Radius('service radius of urban communities (km, default 1)'),
  ruralRadiusKm: Radius('service radius of rural communities (km, default 3)'),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100, description: 'population statistics year; default the latest' })),
};

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/coverage',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Facility coverage and service-radius coverage of an area and each of its children, urban and rural apart',
        querystring: Type.Object(CoverageQuery, { additionalProperties: false }),
        response: { 200: CoverageReport, ...errorResponses },
      },
    },
    async (request) => coverage.getCoverage(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/coverage/uncovered',
    {
      schema: {
        tags: ['coverage'],
        summary: 'The communities under an area outside the service radius of every operating facility of the kind, most people first',
        querystring: Type.Object({ ...CoverageQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(UncoveredCommunity), ...errorResponses },
      },
    },
    async (request) => coverage.listUncovered(app.deps.db, request.ctx, request.query),
  );
};
