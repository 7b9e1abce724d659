import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { PLAN_LIMITS } from '../../../contracts/indicators.ts';
import { requestLanguage } from '../../../contracts/language.ts';
import { sendSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import { AreaParam, DashboardSchema, LanguageParam, PeriodParam } from '../../../contracts/indicators-api.ts';
import { exportDashboard, planReport } from './dashboard-reports.ts';
import { getDashboard } from './dashboard.service.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const dashboardQuery = { area: Type.Optional(AreaParam), period: Type.Optional(PeriodParam), plan: Type.Optional(Type.String({ maxLength: 64 })) };
const DashboardQuery = Type.Object(dashboardQuery, { additionalProperties: false });
const ExportQuery = Type.Object({ ...dashboardQuery, lang: Type.Optional(LanguageParam) }, { additionalProperties: false });

/**
 * The views that put indicators beside a plan's targets: the dashboard, its workbook and the plan's
 * annual report. They sit above both modules (dashboard → plans → indicators), so neither of those
 * imports the other back.
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    '/plans/:id/report.pdf',
    {
      schema: {
        tags: ['plans'],
        summary: 'The annual monitoring report of the plan for an area as a PDF, in the reader’s language (`lang`, else Accept-Language)',
        params: IdParams,
        querystring: Type.Object(
          {
            area: Type.Optional(AreaParam),
            year: Type.Optional(Type.Integer({ minimum: PLAN_LIMITS.yearMin, maximum: PLAN_LIMITS.yearMax })),
            lang: Type.Optional(LanguageParam),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      const file = await planReport(app.deps.db, request.ctx, request.params.id, query, requestLanguage(lang, request.headers['accept-language']));
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.body);
    },
  );
};
