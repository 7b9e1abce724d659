import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  Account,
  CodeParams,
  HistoryPage,
  HistoryQuery,
  IdParams,
  MemberPage,
  MembersQuery,
  MyTimeBank,
  NewAccount,
  NewPayment,
  NewPost,
  NewTransfer,
  Post,
  PostFilterQuery,
  PostPage,
  TimeBank,
  TimeBankSettings,
  Transfer,
} from './time-bank.schema.ts';
import * as timeBank from './time-bank.service.ts';
import { joinTimeBank, openAccount } from './volunteers.service.ts';

const tags = ['time bank'];
const NoQuery = Type.Object({}, { additionalProperties: false });

/** Registered inside volunteersRoutes, whose policy hook (route-policy.ts) it inherits. */
export const timeBankRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;

  app.get('/time-banks/:code', {
    schema: { tags, summary: 'A community’s time bank: whether it runs one, its balance limits (minutes), its members', params: CodeParams, response: { 200: TimeBank, ...errorResponses } },
  }, async (request) => timeBank.getBank(db(), request.ctx, request.params.code));

  app.put('/time-banks/:code', {
    schema: {
      tags,
      summary: 'Run a community’s time bank or not, and set its limits (admins, community workers); send the version you read (0 the first time)',
      params: CodeParams,
      body: TimeBankSettings,
      response: { 200: TimeBank, ...errorResponses },
    },
  }, async (request) => timeBank.setBank(db(), request.ctx, request.params.code, request.body));

  app.get('/time-bank/members', {
    schema: { tags, summary: 'Members of a community’s time bank, by name (to pay them); no balances', querystring: MembersQuery, response: { 200: MemberPage, ...errorResponses } },
  }, async (request) => timeBank.listMembers(db(), request.ctx, request.query));

  app.get('/time-bank/posts', {
    schema: { tags, summary: 'Open offers and requests of a community’s time bank, newest first', querystring: PostFilterQuery, response: { 200: PostPage, ...errorResponses } },
  }, async (request) => timeBank.listPosts(db(), request.ctx, request.query));

  app.post('/time-bank/posts/:id/close', {
    schema: { tags, summary: 'Close an offer or request (its poster, or the time bank’s keepers)', params: IdParams, response: { 200: Post, ...errorResponses } },
  }, async (request) => timeBank.closePost(db(), request.ctx, request.params.id));

  app.get('/time-bank/me', {
    schema: { tags, summary: 'Your time bank account and balance (minutes), with your community’s bank', querystring: NoQuery, response: { 200: MyTimeBank, ...errorResponses } },
  }, async (request) => timeBank.myTimeBank(db(), request.ctx));

  app.post('/time-bank/me', {
    schema: { tags, summary: 'Join your community’s time bank (answers the account you hold if you joined before)', response: { 200: MyTimeBank, ...errorResponses } },
  }, async (request) => joinTimeBank(db(), request.ctx));

  app.get('/time-bank/me/history', {
    schema: { tags, summary: 'Your account’s movements, newest first, each with its balance after', querystring: HistoryQuery, response: { 200: HistoryPage, ...errorResponses } },
  }, async (request) => timeBank.myHistory(db(), request.ctx, request.query));

  app.post('/time-bank/me/payments', {
    schema: {
      tags,
      summary: 'Pay one or several members from your account (whole minutes); a payment past a balance limit answers 409 and writes nothing',
      body: NewPayment,
      response: { 201: Transfer, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await timeBank.payFromOwn(db(), request.ctx, request.body)));

  app.post('/time-bank/me/posts', {
    schema: { tags, summary: 'Post an offer or a request in your community’s time bank', body: NewPost, response: { 201: Post, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await timeBank.createPost(db(), request.ctx, request.body)));

  app.post('/time-bank/accounts', {
    schema: { tags, summary: 'Open a volunteer’s account in their community’s time bank (admins, community workers)', body: NewAccount, response: { 201: Account, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await openAccount(db(), request.ctx, request.body.volunteerId)));

  app.get('/time-bank/accounts/:id', {
    schema: { tags, summary: 'An account with its balance (the sum of its movements)', params: IdParams, response: { 200: Account, ...errorResponses } },
  }, async (request) => timeBank.getAccount(db(), request.ctx, request.params.id));

  app.get('/time-bank/accounts/:id/history', {
    schema: { tags, summary: 'An account’s movements, newest first', params: IdParams, querystring: HistoryQuery, response: { 200: HistoryPage, ...errorResponses } },
  }, async (request) => timeBank.accountHistory(db(), request.ctx, request.params.id, request.query));

  app.post('/time-bank/transfers', {
    schema: {
      tags,
      summary: 'Record a payment on a member’s behalf (an elder without a phone); past a balance limit: 409, nothing written',
      body: NewTransfer,
      response: { 201: Transfer, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await timeBank.transferOnBehalf(db(), request.ctx, request.body)));
};
