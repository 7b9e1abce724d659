import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { InboxQuery, MarkedRead, Notification, UnreadCount } from '../../../contracts/notifications.ts';
import * as notifications from './notifications.service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

/** The caller's own inbox. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/inbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your messages, newest first: status changes, 补正 asked, warnings and overdue of the requests you applied for, carry or handle',
        querystring: Type.Object({ ...InboxQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Notification), ...errorResponses },
      },
    },
    async (request) => notifications.listInbox(app.deps.db, request.ctx, request.query),
  );

  app.get(
    '/inbox/unread-count',
    { schema: { tags: ['notifications'], summary: 'How many of your messages are unread', response: { 200: UnreadCount, ...errorResponses } } },
    async (request) => notifications.unreadCount(app.deps.db, request.ctx),
  );

  app.post(
    '/inbox/:id/read',
    { schema: { tags: ['notifications'], summary: 'Mark one of your messages read', params: IdParams, response: { 200: Notification, ...errorResponses } } },
    async (request) => notifications.markRead(app.deps.db, request.ctx, request.params.id),
  );

  app.post(
    '/inbox/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark all your messages read', response: { 200: MarkedRead, ...errorResponses } } },
    async (request) => notifications.markAllRead(app.deps.db, request.ctx),
  );
};
