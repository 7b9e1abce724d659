import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { ErrorResponse } from '../../../contracts/common.ts';
import { VERSION } from '../../version.ts';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database reachability; no login needed',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
            version: Type.String(),
          }),
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(app.deps.db);
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ error: { code: 'database_unavailable', message: 'The database does not answer' }, requestId: request.id });
      }
      return { status: 'ok' as const, database: app.deps.dialect, version: VERSION };
    },
  );
};
