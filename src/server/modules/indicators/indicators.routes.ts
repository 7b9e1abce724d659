import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../../contracts/common.ts';
import { AreaParam, IndicatorDefinitionSchema, IndicatorValuesSchema, PeriodParam, SplitSchema } from '../../../contracts/indicators-api.ts';
import { getIndicatorValues, listIndicators } from './indicators.service.ts';

export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The built-in indicators: names, unit, numerator and denominator, and whether the platform has their data yet',
        response: { 200: Page(IndicatorDefinitionSchema), ...errorResponses },
      },
    },
    async (request) => listIndicators(request.ctx),
  );

  app.get(
    '/indicators/:code/values',
    {
      schema: {
        tags: ['indicators'],
        summary: 'An indicator for an area and each of its children, with numerator and denominator, and the equalization figures',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ area: Type.Optional(AreaParam), period: Type.Optional(PeriodParam), split: Type.Optional(SplitSchema) }, { additionalProperties: false }),
        response: { 200: IndicatorValuesSchema, ...errorResponses },
      },
    },
    async (request) => getIndicatorValues(app.deps.db, request.ctx, request.params.code, request.query),
  );
};
