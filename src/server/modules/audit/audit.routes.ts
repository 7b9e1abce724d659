import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { AuditEntry } from '../../../contracts/audit.ts';
import { listAuditEntries, listSecurityLog } from './audit.service.ts';

const EntryFilters = {
  userId: Type.Optional(Type.String({ maxLength: 36 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')])),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
};

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit/security',
    {
      schema: {
        tags: ['audit'],
        summary: 'The security log, newest first: failed logins of unknown usernames and logins refused by address (admins with a province-wide scope)',
        querystring: Type.Object({ ...EntryFilters, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(AuditEntry), ...errorResponses },
      },
    },
    async (request) => listSecurityLog(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of your scope, newest first (admins)',
        querystring: Type.Object(
          {
            area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
            ...EntryFilters,
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditEntry), ...errorResponses },
      },
    },
    async (request) => listAuditEntries(app.deps.db, request.ctx, request.query),
  );
};
