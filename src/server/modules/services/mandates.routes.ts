import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { AGENCY_LIMITS, Mandate, MandateListQuery, NewMandate, RevokeMandate } from '../../../contracts/agency.ts';
import type { Action } from '../../../contracts/policy.ts';
import { requirePermission } from '../../http/actor.ts';
import * as mandates from './mandates.service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

/**
 * Who may call a route, decided before its body is read or validated: a role the policy does not
 * list is refused with 403 (an anonymous caller with 401) whatever it sent, as for any other route.
 */
export function authorizeFirst(action: Action) {
  return {
    onRequest: async (request: FastifyRequest) => {
      requirePermission(request.ctx, action);
    },
  };
}

/** The path's id before the schema has checked it (hooks that run ahead of validation). */
export function rawId(request: FastifyRequest): string {
  return String((request.params as { id?: unknown }).id ?? '');
}

/** A file answer: its type, name, never cached (it may hold personal data). */
export function sendFile(reply: FastifyReply, file: { body: Buffer; contentType: string; filename: string }, disposition: 'inline' | 'attachment') {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `${disposition}; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** Mandates (授权委托书) of the full-process agency. */
export const mandatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = (): mandates.AgencyDeps => ({ db: app.deps.db, dataDir: app.deps.config.dataDir });

  app.get(
    '/mandates',
    {
      schema: {
        tags: ['agency'],
        summary: 'Mandates in your scope, newest first (an agent: their own; a resident: those where they are the principal)',
        querystring: Type.Object({ ...MandateListQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Mandate), ...errorResponses },
      },
    },
    async (request) => mandates.listMandates(app.deps.db, request.ctx, request.query),
  );

  app.post(
    '/mandates',
    {
      ...authorizeFirst('agency.mandate'),
      // The signed form travels as base64 inside the JSON body.
      bodyLimit: Math.ceil(AGENCY_LIMITS.consentFormBytesMax / 3) * 4 + 64 * 1024,
      schema: {
        tags: ['agency'],
        summary: 'Record a mandate: principal, agent, what it covers, validity dates, and the consent evidence (a signed form, or consent before a witness)',
        body: NewMandate,
        response: { 201: Mandate, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await mandates.createMandate(deps(), request.ctx, request.body)),
  );

  app.get(
    '/mandates/:id',
    {
      schema: { tags: ['agency'], summary: 'One mandate', params: IdParams, response: { 200: Mandate, ...errorResponses } },
    },
    async (request) => mandates.getMandate(app.deps.db, request.ctx, request.params.id),
  );

  app.get(
    '/mandates/:id/consent-form',
    {
      schema: { tags: ['agency'], summary: 'The signed consent form as uploaded (every read audited)', params: IdParams, response: { ...errorResponses } },
    },
    async (request, reply) => sendFile(reply, await mandates.consentForm(deps(), request.ctx, request.params.id), 'inline'),
  );

  app.post(
    '/mandates/:id/revoke',
    {
      ...authorizeFirst('agency.revoke'),
      preValidation: async (request) => mandates.requireMandateAccess(app.deps.db, request.ctx, 'agency.revoke', rawId(request)),
      schema: {
        tags: ['agency'],
        summary: 'Revoke a mandate (the principal, the agent or community staff); filings under it are refused from then on',
        params: IdParams,
        body: RevokeMandate,
        response: { 200: Mandate, ...errorResponses },
      },
    },
    async (request) => mandates.revokeMandate(app.deps.db, request.ctx, request.params.id, request.body),
  );
};

/** Every route of the full-process agency and of the notifications inbox. */
export const agencyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(mandatesRoutes);
};
