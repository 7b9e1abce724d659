import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page } from '../../../contracts/common.ts';
import { sendSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import { getDashboard } from './dashboard.ts';
import { requestLanguage } from '../../../contracts/language.ts';
import { AreaParam, DashboardSchema, LanguageParam, IndicatorDefinitionSchema, IndicatorValuesSchema, PeriodParam, SplitSchema } from './indicators.schema.ts';
import { getIndicatorValues, listIndicators } from './indicators.service.ts';
import { exportDashboard } from './reports.ts';

const dashboardQuery = { area: Type.Optional(AreaParam), period: Type.Optional(PeriodParam), plan: Type.Optional(Type.String({ maxLength: 64 })) };
const DashboardQuery = Type.Object(dashboardQuery, { additionalProperties: false });
const ExportQuery = Type.Object({ ...dashboardQuery, lang: Type.Optional(LanguageParam) }, { additionalProperties: false });

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
    '/indicators/dashboard',
    {
      schema: {
        tags: ['indicators'],
        summary: "An area's indicators for a period: urban, rural and all, the plan's targets and progress, and the yearly trend",
        querystring: DashboardQuery,
        response: { 200: DashboardSchema, ...errorResponses },
      },
    },
    async (request) => getDashboard(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/indicators/export.xlsx',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The dashboard view as a workbook in the reader’s language (`lang`, else Accept-Language): indicators with targets, the children, equalization and notes',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      return sendSpreadsheet(reply, await exportDashboard(app.deps.db, request.ctx, query, requestLanguage(lang, request.headers['accept-language'])));
    },
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
