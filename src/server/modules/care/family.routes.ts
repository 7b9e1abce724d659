import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { Consent } from '../../../contracts/care-referrals.ts';
import { FamilyContact, FamilyContactInput, FamilyConsentChange, FamilyConversation, FamilyLink, FamilyMessage, FamilyPage, NewFamilyLink, NewFamilyMessage, WorkerMessage } from '../../../contracts/family.ts';
import { authorizeFirst, rawId } from '../services/mandates.routes.ts';
import { teamCaseFor } from './referrals.access.ts';
import * as family from './family.service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

/** The family page of relatives working away, and the worker's side of it (part "care: referrals and family"). */
export const familyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => family.familyDeps(app.deps.db, app.deps.config.secretKey);
  const caseFirst = {
    ...authorizeFirst('careFamily.work'),
    preValidation: async (request: Parameters<typeof rawId>[0]) => {
      await teamCaseFor(app.deps.db, request.ctx, 'careFamily.work', rawId(request));
    },
  };
  const ownLinkFirst = {
    ...authorizeFirst('family.use'),
    preValidation: async (request: Parameters<typeof rawId>[0]) => family.requireOwnLink(app.deps.db, request.ctx, rawId(request)),
  };

  app.get(
    '/care/cases/:id/family',
    { ...authorizeFirst('careFamily.work'), schema: { tags: ['care'], summary: 'Relatives linked to the person in care, with their city contact masked (read audited)', params: IdParams, response: { 200: Type.Array(FamilyLink), ...errorResponses } } },
    async (request) => family.familyOfCase(deps(), request.ctx, request.params.id),
  );

  app.post(
    '/care/cases/:id/family',
    { ...caseFirst, schema: { tags: ['care'], summary: "Link a relative's resident account (by username or registry record) after checking who they are", params: IdParams, body: NewFamilyLink, response: { 201: FamilyLink, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await family.linkFamily(deps(), request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/care/family-links/:id/end',
    {
      ...authorizeFirst('careFamily.work'),
      preValidation: async (request) => {
        await family.requireLinkAccess(app.deps.db, request.ctx, rawId(request));
      },
      schema: { tags: ['care'], summary: 'End a family link: the relative no longer sees the person', params: IdParams, response: { 200: FamilyLink, ...errorResponses } },
    },
    async (request) => family.endFamilyLink(deps(), request.ctx, request.params.id),
  );

  app.get(
    '/care/cases/:id/messages',
    {
      ...caseFirst,
      schema: {
        tags: ['care'],
        summary: "A conversation with one family about the person in care (the family's messages are marked read; read audited)",
        params: IdParams,
        querystring: Type.Object({ familyUserId: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(FamilyMessage), ...errorResponses },
      },
    },
    async (request) => family.caseMessages(deps(), request.ctx, request.params.id, request.query.familyUserId),
  );

  app.post(
    '/care/cases/:id/messages',
    { ...caseFirst, schema: { tags: ['care'], summary: 'Write to a linked family', params: IdParams, body: WorkerMessage, response: { 201: FamilyMessage, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await family.writeToFamily(deps(), request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/care/family-messages',
    {
      ...authorizeFirst('careFamily.work'),
      schema: {
        tags: ['care'],
        summary: 'Conversations with families in your scope, newest first, with their unread count',
        querystring: Type.Object({ area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(FamilyConversation), ...errorResponses },
      },
    },
    async (request) => family.familyConversations(deps(), request.ctx, request.query),
  );

  app.get(
    '/family',
    { ...authorizeFirst('family.use'), schema: { tags: ['family'], summary: 'The family page: your contact, and the care summary of each linked relative as far as consent allows (read audited)', response: { 200: FamilyPage, ...errorResponses } } },
    async (request) => family.familyPage(deps(), request.ctx),
  );

  app.put(
    '/family/contact',
    { ...authorizeFirst('family.use'), schema: { tags: ['family'], summary: 'Your city address and phone (stored encrypted, answered masked)', body: FamilyContactInput, response: { 200: FamilyContact, ...errorResponses } } },
    async (request) => family.saveContact(deps(), request.ctx, request.body),
  );

  app.get(
    '/family/links/:id/messages',
    { ...authorizeFirst('family.use'), schema: { tags: ['family'], summary: "Your conversation with the worker about this relative (the worker's messages are marked read)", params: IdParams, response: { 200: Type.Array(FamilyMessage), ...errorResponses } } },
    async (request) => family.ownMessages(deps(), request.ctx, request.params.id),
  );

  app.post(
    '/family/links/:id/messages',
    { ...ownLinkFirst, schema: { tags: ['family'], summary: 'Write to the worker, or ask for a video call at a time in the future', params: IdParams, body: NewFamilyMessage, response: { 201: FamilyMessage, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await family.writeOwnMessage(deps(), request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/family/links/:id/consents',
    { ...ownLinkFirst, schema: { tags: ['family'], summary: 'Give or withdraw consent to referrals or to sharing, as a guardian', params: IdParams, body: FamilyConsentChange, response: { 200: Type.Union([Consent, Type.Null()]), ...errorResponses } } },
    async (request) => family.changeOwnConsent(deps(), request.ctx, request.params.id, request.body),
  );
};
