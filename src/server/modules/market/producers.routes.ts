import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  AreaQuery,
  Hub,
  HubList,
  MarketIdParams,
  NewHub,
  NewPairing,
  NewProduct,
  NewProducer,
  Pairing,
  PairingList,
  Producer,
  ProducerList,
  Product,
  ProductChange,
  ProductList,
} from '../../../contracts/market.ts';
import { checkPolicyFirst } from '../people/route-policy.ts';
import { rawId } from '../services/mandates.routes.ts';
import * as market from './producers.service.ts';
import { roundsRoutes } from './rounds.routes.ts';

const tags = ['market'];
const ProductsQuery = Type.Object({ ...AreaQuery.properties, producerId: Type.Optional(Type.String({ maxLength: 36 })) }, { additionalProperties: false });

/** Production–sales matching: producers and products, hubs and pairings; the rounds in rounds.routes.ts. */
export const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  checkPolicyFirst(app);

  app.get('/market/producers', { schema: { tags, summary: 'Producers (farmers, co-operatives, supply-and-marketing co-op outlets) of an area', querystring: AreaQuery, response: { 200: ProducerList, ...errorResponses } } }, async (request) =>
    market.listProducers(db(), request.ctx, request.query),
  );
  app.post('/market/producers', { schema: { tags, summary: 'List a producer in a village of your scope (an agent may list farmers without a phone)', body: NewProducer, response: { 201: Producer, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await market.createProducer(db(), request.ctx, request.body)),
  );
  app.get('/market/products', { schema: { tags, summary: 'Products of the producers of an area', querystring: ProductsQuery, response: { 200: ProductList, ...errorResponses } } }, async (request) =>
    market.listProducts(db(), request.ctx, request.query),
  );
  app.post('/market/products', { schema: { tags, summary: 'List a product of a producer whose village is in your scope (403 otherwise); price and quantity > 0', body: NewProduct, response: { 201: Product, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await market.createProduct(db(), request.ctx, request.body)),
  );
  app.get('/market/products/:id', { schema: { tags, summary: 'A product', params: MarketIdParams, response: { 200: Product, ...errorResponses } } }, async (request) =>
    market.getProduct(db(), request.ctx, request.params.id),
  );
  app.patch(
    '/market/products/:id',
    {
      preValidation: async (request) => {
        await market.getProduct(db(), request.ctx, rawId(request));
      },
      schema: { tags, summary: 'Change a product (send the version you read)', params: MarketIdParams, body: ProductChange, response: { 200: Product, ...errorResponses } },
    },
    async (request) => market.updateProduct(db(), request.ctx, request.params.id, request.body),
  );
  app.get('/market/hubs', { schema: { tags, summary: 'Hubs (buyers’ groups, co-ops) of an area', querystring: AreaQuery, response: { 200: HubList, ...errorResponses } } }, async (request) =>
    market.listHubs(db(), request.ctx, request.query),
  );
  app.post('/market/hubs', { schema: { tags, summary: 'Set up a hub in a community of your scope', body: NewHub, response: { 201: Hub, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await market.createHub(db(), request.ctx, request.body)),
  );
  app.get('/market/hubs/:id/products', { schema: { tags, summary: 'The products a hub may offer in a round: those of the villages paired with its community', params: MarketIdParams, response: { 200: ProductList, ...errorResponses } } }, async (request) =>
    market.productsForHub(db(), request.ctx, request.params.id),
  );
  app.get('/market/pairings', { schema: { tags, summary: 'Urban–rural pairings (结对) touching an area', querystring: AreaQuery, response: { 200: PairingList, ...errorResponses } } }, async (request) =>
    market.listPairings(db(), request.ctx, request.query),
  );
  app.post('/market/pairings', { schema: { tags, summary: 'Pair an urban community of your scope with a village (结对)', body: NewPairing, response: { 201: Pairing, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await market.createPairing(db(), request.ctx, request.body)),
  );

  await app.register(roundsRoutes);
};
