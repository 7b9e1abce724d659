import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { MyRecycling, NewPickup, Pickup, PickupCompletion, PickupIdParams, PickupListQuery, PickupPage, PickupVersion } from '../../../contracts/recycling.ts';
import * as recycling from './recycling.service.ts';

const tags = ['recycling'];
const NoQuery = Type.Object({}, { additionalProperties: false });

/** Recycling pickups: registered inside the information points' plugin (its policy-first hook applies). */
export const recyclingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;

  app.get('/recycling/me', {
    schema: { tags, summary: 'Your pickups, newest first, and the points they earned', querystring: NoQuery, response: { 200: MyRecycling, ...errorResponses } },
  }, async (request) => recycling.myPickups(db(), request.ctx));

  app.post('/recycling/pickups', {
    schema: { tags, summary: 'Ask for a pickup at home: kind, estimated weight, a time window (30 minutes to 3 days, within 30 days)', body: NewPickup, response: { 201: Pickup, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await recycling.requestPickup(db(), request.ctx, request.body)));

  app.post('/recycling/pickups/:id/cancel', {
    preValidation: async (request) => recycling.authorizePickup(db(), request.ctx, (request.params as { id: string }).id, 'recycling.request'),
    schema: { tags, summary: 'Cancel your pickup before it is completed', params: PickupIdParams, body: PickupVersion, response: { 200: Pickup, ...errorResponses } },
  }, async (request) => recycling.cancelPickup(db(), request.ctx, request.params.id, request.body));

  app.get('/recycling/pickups', {
    schema: { tags, summary: 'Pickups in your scope by time window (residents’ names masked)', querystring: PickupListQuery, response: { 200: PickupPage, ...errorResponses } },
  }, async (request) => recycling.listPickups(db(), request.ctx, request.query));

  app.post('/recycling/pickups/:id/accept', {
    preValidation: async (request) => recycling.authorizePickup(db(), request.ctx, (request.params as { id: string }).id, 'recycling.collect'),
    schema: { tags, summary: 'Take a requested pickup (the collector: an agent); 409 when someone took it first', params: PickupIdParams, body: PickupVersion, response: { 200: Pickup, ...errorResponses } },
  }, async (request) => recycling.acceptPickup(db(), request.ctx, request.params.id, request.body));

  app.post('/recycling/pickups/:id/complete', {
    preValidation: async (request) => recycling.authorizePickup(db(), request.ctx, (request.params as { id: string }).id, 'recycling.collect'),
    schema: { tags, summary: 'Complete your accepted pickup with the weight collected; the resident earns points by kind and weight', params: PickupIdParams, body: PickupCompletion, response: { 200: Pickup, ...errorResponses } },
  }, async (request) => recycling.completePickup(db(), request.ctx, request.params.id, request.body));
};
