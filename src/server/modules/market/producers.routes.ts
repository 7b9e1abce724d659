import { Type } from 'typebox';
import type { FastifyRequest, RawRequestDefaultExpression } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  AreaQuery,
  Hub,
  HubList,
  MARKET_LIMITS,
  MarketSummary,
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
import { rawId, sendFile } from '../services/mandates.routes.ts';
import { diskAttachmentStorage } from '../services/requests-attachments.ts';
import * as market from './producers.service.ts';
import * as photos from './product-photos.service.ts';
import { marketSummary } from './summary.service.ts';
import { roundsRoutes } from './rounds.routes.ts';

const tags = ['market'];

/** Reads a photo's raw body, stopping at the limit (413 naming it) rather than holding a larger one. */
function photoBody(request: FastifyRequest, payload: RawRequestDefaultExpression, done: (error: Error | null, body?: unknown) => void): void {
  const declared = Number(request.headers['content-length']);
  if (declared > MARKET_LIMITS.photoMaxBytes) return done(photos.photoTooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MARKET_LIMITS.photoMaxBytes) finish(photos.photoTooLarge());
    else if (!finished) chunks.push(chunk);
  });
  payload.on('end', () => finish(null, Buffer.concat(chunks)));
  payload.on('error', (error: Error) => finish(error));
}
const ProductsQuery = Type.Object({ ...AreaQuery.properties, producerId: Type.Optional(Type.String({ maxLength: 36 })) }, { additionalProperties: false });

/** Production–sales matching: producers and products, hubs and pairings; the rounds in rounds.routes.ts. */
export const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  checkPolicyFirst(app);
  const photoDeps = (): photos.PhotoDeps => ({ db: app.deps.db, storage: diskAttachmentStorage(app.deps.config.dataDir) });

  // A photo arrives as the raw body, whatever image type the client names (the content decides: a
  // declared PDF or HEIC is read and refused as 400, not 415). The route's preParsing hook checks
  // role, product and scope before a byte is read.
  app.addContentTypeParser(/^image\//, photoBody);
  app.addContentTypeParser(['application/octet-stream', 'application/pdf'], photoBody);

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
  app.post(
    '/market/products/:id/photo',
    {
      preParsing: async (request, _reply, payload) => {
        await photos.productForPhoto(db(), request.ctx, rawId(request));
        return payload;
      },
      schema: {
        tags,
        summary: `Set or replace a product's photo, sent as the raw body: a JPEG, PNG or WebP judged by its content (400 otherwise), at most ${MARKET_LIMITS.photoMaxBytes} bytes (413); by whoever may change the product`,
        params: MarketIdParams,
        response: { 200: Product, ...errorResponses },
      },
    },
    async (request) => photos.uploadPhoto(photoDeps(), request.ctx, request.params.id, Buffer.isBuffer(request.body) ? request.body : undefined),
  );
  app.get('/market/products/:id/photo', { schema: { tags, summary: 'A product’s photo (every read audited)', params: MarketIdParams, response: { ...errorResponses } } }, async (request, reply) =>
    sendFile(reply, await photos.readProductPhoto(photoDeps(), request.ctx, request.params.id), 'inline'),
  );
  app.get('/market/offers/:id/photo', { schema: { tags, summary: 'The photo of an offered product, for whoever may see the round (every read audited)', params: MarketIdParams, response: { ...errorResponses } } }, async (request, reply) =>
    sendFile(reply, await photos.readOfferPhoto(photoDeps(), request.ctx, request.params.id), 'inline'),
  );
  app.get('/market/summary', { schema: { tags, summary: 'The market’s figures of an area: producers, products, open rounds, orders and settled value, urban/rural and by child area', querystring: AreaQuery, response: { 200: MarketSummary, ...errorResponses } } }, async (request) =>
    marketSummary(db(), request.ctx, request.query),
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
