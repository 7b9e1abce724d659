import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { CarePlan, CarePlanInput, Consent, NewConsent, NewReferral, Referral, ReferralListQuery, ReferralTransition, WithdrawConsent, type ReferralAction } from '../../../contracts/care-referrals.ts';
import { authorizeFirst, rawId } from '../services/mandates.routes.ts';
import { teamCaseFor } from './referrals.access.ts';
import * as plans from './case-plans.service.ts';
import * as consents from './consent.service.ts';
import * as referrals from './referrals.service.ts';
import { registerReferralsCloseCheck } from './referrals.close-check.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

/** Case plans, referrals and consents of care cases (part "care: referrals and family"). */
export const careReferralsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  // A case with open referrals cannot be closed (asked or approved): 409 open_referrals naming them.
  registerReferralsCloseCheck();
  const caseFirst = (action: 'careReferrals.read' | 'careReferrals.write') => ({
    ...authorizeFirst(action),
    preValidation: async (request: Parameters<typeof rawId>[0]) => {
      await teamCaseFor(db(), request.ctx, action, rawId(request));
    },
  });

  app.get(
    '/care/cases/:id/plan',
    { ...authorizeFirst('careReferrals.read'), schema: { tags: ['care'], summary: 'The case plan: goals and services to provide (null before the first; read audited)', params: IdParams, response: { 200: Type.Union([CarePlan, Type.Null()]), ...errorResponses } } },
    async (request) => plans.getPlan(db(), request.ctx, request.params.id),
  );

  app.put(
    '/care/cases/:id/plan',
    { ...caseFirst('careReferrals.write'), schema: { tags: ['care'], summary: 'Write the case plan (send the version you read; 409 when stale)', params: IdParams, body: CarePlanInput, response: { 200: CarePlan, ...errorResponses } } },
    async (request) => plans.savePlan(db(), request.ctx, request.params.id, request.body),
  );

  app.get(
    '/care/cases/:id/referrals',
    { ...authorizeFirst('careReferrals.read'), schema: { tags: ['care'], summary: "The case's referrals with their timelines, newest first (read audited)", params: IdParams, response: { 200: Type.Array(Referral), ...errorResponses } } },
    async (request) => referrals.referralsOfCase(db(), request.ctx, request.params.id),
  );

  app.post(
    '/care/cases/:id/referrals',
    {
      ...caseFirst('careReferrals.write'),
      schema: {
        tags: ['care'],
        summary: 'Refer the person to a service item, an organization or a facility: needs their (or a guardian’s) consent to referrals, else 409 consent_required unless a supervisor records an emergency override with a reason',
        params: IdParams,
        body: NewReferral,
        response: { 201: Referral, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await referrals.createReferral(db(), request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/care/cases/:id/consents',
    { ...authorizeFirst('careReferrals.read'), schema: { tags: ['care'], summary: 'Consents on record for the person in care (read audited)', params: IdParams, response: { 200: Type.Array(Consent), ...errorResponses } } },
    async (request) => consents.consentsOfCase(db(), request.ctx, request.params.id),
  );

  app.post(
    '/care/cases/:id/consents',
    { ...caseFirst('careReferrals.write'), schema: { tags: ['care'], summary: 'Record a consent (to referrals or to sharing) given in person, by signed form or by phone', params: IdParams, body: NewConsent, response: { 201: Consent, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await consents.recordConsent(db(), request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/care/consents/:id/withdraw',
    {
      ...authorizeFirst('careReferrals.write'),
      preValidation: async (request) => {
        await consents.requireConsentAccess(db(), request.ctx, rawId(request));
      },
      schema: { tags: ['care'], summary: 'Withdraw a consent; referrals need a fresh one from then on', params: IdParams, body: WithdrawConsent, response: { 200: Consent, ...errorResponses } },
    },
    async (request) => consents.withdrawConsent(db(), request.ctx, request.params.id, request.body),
  );

  app.get(
    '/care/referrals',
    {
      ...authorizeFirst('careReferrals.read'),
      schema: { tags: ['care'], summary: 'Referrals of cases in your scope, newest first (an organization member: those your organization received)', querystring: Type.Object({ ...ReferralListQuery, ...PageQuery }, { additionalProperties: false }), response: { 200: Page(Referral), ...errorResponses } },
    },
    async (request) => referrals.listReferrals(db(), request.ctx, request.query),
  );

  app.get(
    '/care/referrals/received',
    {
      ...authorizeFirst('careReferrals.respond'),
      schema: { tags: ['care'], summary: 'Referrals received: by your organization (a member), or in your scope (staff)', querystring: Type.Object({ ...ReferralListQuery, ...PageQuery }, { additionalProperties: false }), response: { 200: Page(Referral), ...errorResponses } },
    },
    async (request) => referrals.receivedReferrals(db(), request.ctx, request.query),
  );

  app.get(
    '/care/referrals/:id',
    { ...authorizeFirst('careReferrals.read'), schema: { tags: ['care'], summary: 'One referral (read audited)', params: IdParams, response: { 200: Referral, ...errorResponses } } },
    async (request) => referrals.getReferral(db(), request.ctx, request.params.id),
  );

  const moves: { action: ReferralAction; summary: string }[] = [
    { action: 'accept', summary: 'The receiver accepts the referral (409 unless in progress)' },
    { action: 'reject', summary: 'The receiver rejects the referral, saying why (409 unless in progress)' },
    { action: 'done', summary: 'The case team records the service delivered (409 unless accepted)' },
    { action: 'revoke', summary: 'The case team withdraws the referral while it is open' },
  ];
  for (const { action, summary } of moves) {
    app.post(
      `/care/referrals/:id/${action}`,
      {
        ...authorizeFirst(action === 'accept' || action === 'reject' ? 'careReferrals.respond' : 'careReferrals.write'),
        preValidation: async (request) => referrals.requireReferralAccess(db(), request.ctx, action, rawId(request)),
        schema: { tags: ['care'], summary, params: IdParams, body: ReferralTransition, response: { 200: Referral, ...errorResponses } },
      },
      async (request) => referrals.moveReferral(db(), request.ctx, request.params.id, action, request.body),
    );
  }
};
