import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { AGENCY_LIMITS, Errand, ErrandDetail, ErrandListQuery, Mandate, MandateListQuery, NewCustodyStep, NewMandate, Principal, PrincipalQuery, ReceiptQuery, RevokeMandate } from '../../../contracts/agency.ts';
import { requestLanguage } from '../../../contracts/language.ts';
import type { Action } from '../../../contracts/policy.ts';
import { requirePermission } from '../../http/actor.ts';
import { invalidField } from '../../http/errors.ts';
import * as mandates from './mandates.service.ts';
import * as custody from './custody.service.ts';
import * as receipts from './receipts.service.ts';
import { listenToRequestEvents } from './custody.listeners.ts';
import { DEFAULT_SETTINGS, type RequestsDeps } from './requests.service.ts';
import { diskAttachmentStorage } from './requests-attachments.ts';
import { notificationsRoutes } from '../notifications/notifications.routes.ts';
import { dispatchOutbox, purgeOutbox } from '../notifications/notifications.service.ts';

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

/**
 * The path's id before the schema has checked it (hooks that run ahead of validation, to check
 * access before a body is read). It is refused here as the schema would refuse it — 400 naming
 * `id` — when it is no id at all: PostgreSQL rejects a NUL in text with an error of its own
 * (seen by the fuzz test as a 500 for POST /market/products/%00/photo).
 */
export function rawId(request: FastifyRequest): string {
  return rawParam(request, 'id');
}

/** Any id-like path parameter read ahead of validation (`visitId`, …), refused as `rawId` refuses. */
export function rawParam(request: FastifyRequest, name: string): string {
  const id = String((request.params as Record<string, unknown>)[name] ?? '');
  if (id.length === 0) throw invalidField(name, 'is required', 'required');
  if (id.length > 36) throw invalidField(name, 'must be at most 36 characters', 'too_long', { max: 36 });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) throw invalidField(name, 'must not contain control characters', 'invalid_format');
  return id;
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
    '/agency/principals',
    {
      schema: {
        tags: ['agency'],
        summary: 'Registry persons in your scope a mandate may name: by the beginning of the name (Simplified or Traditional) or pinyin initials; at most 20 (every search audited)',
        querystring: Type.Object(PrincipalQuery, { additionalProperties: false }),
        response: { 200: Type.Array(Principal), ...errorResponses },
      },
    },
    async (request) => mandates.searchPrincipals(app.deps.db, request.ctx, request.query),
  );

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

/** Errands (代办件) and their custody steps, and the receipts of requests. */
export const custodyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const requestsDeps = (): RequestsDeps => {
    const config = app.deps.config;
    return {
      db: app.deps.db,
      storage: diskAttachmentStorage(config.dataDir),
      settings: { ...DEFAULT_SETTINGS, warningShare: config.requestWarningPercent / 100, escalateAboveAfterDays: config.escalateAboveAfterDays, attachmentMaxBytes: config.attachmentMaxBytes },
    };
  };

  app.get(
    '/errands',
    {
      schema: {
        tags: ['agency'],
        summary: "Errands (requests filed under a mandate) in your scope, newest first, with the custody stage and the agent's leg (an agent: their own cases)",
        querystring: Type.Object({ ...ErrandListQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Errand), ...errorResponses },
      },
    },
    async (request) => custody.listErrands(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/errands/:id',
    {
      schema: { tags: ['agency'], summary: 'One errand (by its request id) with its custody steps', params: IdParams, response: { 200: ErrandDetail, ...errorResponses } },
    },
    async (request) => custody.getErrand(app.deps.db, request.ctx, request.params.id),
  );

  app.post(
    '/errands/:id/custody',
    {
      ...authorizeFirst('agency.custody'),
      preValidation: async (request) => {
        await custody.requireCustodyAccess(app.deps.db, request.ctx, rawId(request));
      },
      schema: {
        tags: ['agency'],
        summary: 'Record the next custody step: received → handedToUnit → resultCollected → returned (with the resident’s confirmation); another order is a 409 naming both steps',
        params: IdParams,
        body: NewCustodyStep,
        response: { 201: ErrandDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await custody.recordCustodyStep(app.deps.db, request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/service-requests/:id/receipt.pdf',
    {
      schema: {
        tags: ['agency'],
        summary: 'A printable receipt as PDF: 受理回执 (kind=acceptance, once accepted) or 代办回执 (kind=handBack, once an errand is returned), in `lang` or the Accept-Language',
        params: IdParams,
        querystring: Type.Object(ReceiptQuery, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const language = requestLanguage(request.query.lang, request.headers['accept-language']);
      return sendFile(reply, await receipts.receipt(requestsDeps(), request.ctx, request.params.id, request.query.kind, language), 'inline');
    },
  );
};

/**
 * Every route of the full-process agency and of the notifications inbox, the listeners of request
 * events, and (when the in-process scheduler runs: LINLI_REQUEST_SWEEP_SECONDS > 0) the outbox
 * dispatcher and the sweep of agents' legs.
 */
export const agencyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  listenToRequestEvents();
  await app.register(mandatesRoutes);
  await app.register(custodyRoutes);
  await app.register(notificationsRoutes);

  const seconds = app.deps.config.requestSweepSeconds;
  if (seconds > 0) {
    const timers: NodeJS.Timeout[] = [];
    let busy = false;
    const run = (what: string, work: () => Promise<unknown>) => async () => {
      if (busy) return;
      busy = true;
      try {
        await work();
      } catch (error) {
        app.log.error(error, `${what} failed`);
      } finally {
        busy = false;
      }
    };
    app.addHook('onReady', async () => {
      timers.push(setInterval(run('outbox dispatch', () => dispatchOutbox(app.deps.db)), Math.min(seconds, 5) * 1000).unref());
      timers.push(setInterval(run('agent leg sweep', () => custody.sweepAgentLegs(app.deps.db)), seconds * 1000).unref());
      timers.push(setInterval(run('outbox purge', () => purgeOutbox(app.deps.db)), 3_600_000).unref());
    });
    app.addHook('onClose', async () => {
      for (const timer of timers) clearInterval(timer);
    });
  }
};
