import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaCodeParam, errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { AreaDetail, AreaSummary } from '../../../contracts/areas.ts';
import * as areas from './areas.service.ts';

const CodeParams = Type.Object({ code: AreaCodeParam }, { additionalProperties: false });

export const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/areas',
    {
      schema: {
        tags: ['areas'],
        summary: 'Search areas in your scope by name (Simplified or Traditional) or pinyin initials',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 50 }),
            level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
            within: Type.Optional(AreaCodeParam),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AreaSummary), ...errorResponses },
      },
    },
    async (request) => areas.searchAreas(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: 'An area with its path, counts below it and statistics',
        params: CodeParams,
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })) }, { additionalProperties: false }),
        response: { 200: AreaDetail, ...errorResponses },
      },
    },
    async (request) => areas.getArea(app.deps.db, request.ctx, request.params.code, request.query),
  );

  app.get(
    '/areas/:code/children',
    {
      schema: {
        tags: ['areas'],
        summary: 'The direct children of an area, by code',
        params: CodeParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(AreaSummary), ...errorResponses },
      },
    },
    async (request) => areas.listChildren(app.deps.db, request.ctx, request.params.code, request.query),
  );

  app.patch(
    '/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: "Override a community's urban/rural kind (admins); null returns to the kind its name says",
        params: CodeParams,
        body: Type.Object(
          { kindOverride: Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: AreaSummary, ...errorResponses },
      },
    },
    async (request) => areas.setKindOverride(app.deps.db, request.ctx, request.params.code, request.body.kindOverride),
  );
};
