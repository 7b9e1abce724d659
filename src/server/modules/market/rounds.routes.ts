import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  AreaQuery,
  MarketIdParams,
  NewOrder,
  NewRound,
  Offer,
  OfferConfirmation,
  Order,
  OrderList,
  PickList,
  PickListQuery,
  ROUND_STATUSES,
  Round,
  RoundChange,
  RoundList,
  RoundMoveBody,
  Settlement,
  SettlementList,
  SettlementPaid,
} from '../../../contracts/market.ts';
import { requestLanguage } from '../../../contracts/language.ts';
import { rawId, sendFile } from '../services/mandates.routes.ts';
import * as rounds from './rounds.service.ts';
import * as orders from './orders.service.ts';
import * as pickLists from './pick-lists.service.ts';
import * as settlements from './settlements.service.ts';

const tags = ['market'];
const RoundsQuery = Type.Object({ ...AreaQuery.properties, status: Type.Optional(Type.Enum(ROUND_STATUSES)) }, { additionalProperties: false });
const MyOrdersQuery = Type.Object({ roundId: Type.Optional(Type.String({ maxLength: 36 })) }, { additionalProperties: false });
const OfferToConfirm = Type.Object({ ...Offer.properties, roundTitle: Type.String(), roundStatus: Type.Enum(ROUND_STATUSES) });

/** Sales rounds, orders, confirmations, pick lists and settlements; registered inside marketRoutes (its policy hook applies). */
export const roundsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  // A record named in the path is found (404) and its scope checked (403) before the body is validated.
  const roundFirst = (action: 'market.read' | 'market.coordinate' | 'market.order') => ({
    preValidation: async (request: Parameters<typeof rawId>[0]) => {
      await rounds.roundFor(db(), request.ctx, action, rawId(request));
    },
  });

  app.get('/market/rounds', { schema: { tags, summary: 'Sales rounds of the hubs of an area, latest closing first', querystring: RoundsQuery, response: { 200: RoundList, ...errorResponses } } }, async (request) =>
    rounds.listRounds(db(), request.ctx, request.query),
  );
  app.post(
    '/market/rounds',
    { schema: { tags, summary: 'Open a sales round of a hub: offers of paired villages’ products, pickup points, limits, a minimum total', body: NewRound, response: { 201: Round, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await rounds.createRound(db(), request.ctx, request.body)),
  );
  app.get('/market/rounds/:id', { schema: { tags, summary: 'A sales round as its shop page: offers with what is left, pickup points, history', params: MarketIdParams, response: { 200: Round, ...errorResponses } } }, async (request) =>
    rounds.getRound(db(), request.ctx, request.params.id),
  );
  app.patch(
    '/market/rounds/:id',
    { ...roundFirst('market.coordinate'), schema: { tags, summary: 'Change a round’s title, closing time or limits (409 once packed; times and limits only while open)', params: MarketIdParams, body: RoundChange, response: { 200: Round, ...errorResponses } } },
    async (request) => rounds.updateRound(db(), request.ctx, request.params.id, request.body),
  );
  app.post(
    '/market/rounds/:id/moves',
    { ...roundFirst('market.coordinate'), schema: { tags, summary: 'Move a round: close, pack, deliver, settle (writes the settlement records) or cancel; 409 when its status does not allow it', params: MarketIdParams, body: RoundMoveBody, response: { 200: Round, ...errorResponses } } },
    async (request) => rounds.moveRound(db(), request.ctx, request.params.id, request.body),
  );
  app.get('/market/rounds/:id/orders', { schema: { tags, summary: 'Every order of a round (its hub)', params: MarketIdParams, response: { 200: OrderList, ...errorResponses } } }, async (request) =>
    orders.roundOrders(db(), request.ctx, request.params.id),
  );
  app.post(
    '/market/rounds/:id/orders',
    { ...roundFirst('market.order'), schema: { tags, summary: 'Order in a round; after closing or over a limit answers 409 naming the limit and writes nothing', params: MarketIdParams, body: NewOrder, response: { 201: Order, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await orders.placeOrder(db(), request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/market/rounds/:id/pick-list',
    { ...roundFirst('market.coordinate'), schema: { tags, summary: 'Pick list per pickup point or per producer, as JSON, PDF or XLSX (once confirmed); files in `lang` or the Accept-Language', params: MarketIdParams, querystring: PickListQuery, response: { 200: PickList, ...errorResponses } } },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      if (format === 'json') return (await pickLists.pickList(db(), request.ctx, request.params.id, request.query.by)).list;
      return sendFile(reply, await pickLists.pickListFile(db(), request.ctx, request.params.id, request.query.by, format, requestLanguage(request.query.lang, request.headers['accept-language'])), format === 'pdf' ? 'inline' : 'attachment');
    },
  );
  app.get('/market/rounds/:id/settlements', { schema: { tags, summary: 'What a settled round owes each producer', params: MarketIdParams, response: { 200: SettlementList, ...errorResponses } } }, async (request) =>
    settlements.listSettlements(db(), request.ctx, request.params.id),
  );
  app.post(
    '/market/settlements/:id/paid',
    {
      preValidation: async (request) => {
        await settlements.settlementFor(db(), request.ctx, rawId(request));
      },
      schema: { tags, summary: 'Record that a producer was paid (outside the platform), on which day', params: MarketIdParams, body: SettlementPaid, response: { 200: Settlement, ...errorResponses } },
    },
    async (request) => settlements.markPaid(db(), request.ctx, request.params.id, request.body),
  );
  app.get('/market/offers', { schema: { tags, summary: 'Offers of the producers of an area in running rounds (to confirm and pack)', querystring: AreaQuery, response: { 200: Type.Object({ items: Type.Array(OfferToConfirm) }), ...errorResponses } } }, async (request) =>
    rounds.offersToConfirm(db(), request.ctx, request.query),
  );
  app.post(
    '/market/offers/:id/confirmation',
    {
      preValidation: async (request) => {
        await rounds.offerFor(db(), request.ctx, rawId(request));
      },
      schema: { tags, summary: 'A producer confirms the units they can deliver (at most those ordered); a shortage is shared pro rata and each buyer told', params: MarketIdParams, body: OfferConfirmation, response: { 200: Offer, ...errorResponses } },
    },
    async (request) => rounds.confirmOffer(db(), request.ctx, request.params.id, request.body),
  );
  app.get('/market/orders', { schema: { tags, summary: 'Your own orders, newest first', querystring: MyOrdersQuery, response: { 200: OrderList, ...errorResponses } } }, async (request) =>
    orders.myOrders(db(), request.ctx, request.query),
  );
  app.post('/market/orders/:id/receipt', { schema: { tags, summary: 'Confirm you collected your order (once the round is delivered)', params: MarketIdParams, response: { 200: Order, ...errorResponses } } }, async (request) =>
    orders.confirmReceipt(db(), request.ctx, request.params.id),
  );

  // The closing sweep: in this process (SQLite, or each PostgreSQL process — SKIP LOCKED keeps them apart).
  const seconds = app.deps.config.requestSweepSeconds;
  if (seconds > 0) {
    const scheduler = rounds.startRoundScheduler(app.deps.db, Math.max(15, seconds), app.log);
    app.addHook('onClose', async () => scheduler.stop());
  }
};
