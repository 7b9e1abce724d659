import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import {
  AreaIdParams,
  AreaItemParams,
  AreaParams,
  CalendarDayInput,
  CalendarYear,
  CalendarYearQuery,
  CatalogQuery,
  EffectiveCatalog,
  EffectiveServiceItem,
  IssuedOpen311Key,
  ItemCodeParams,
  LocalCalendarDay,
  Open311Key,
  Open311KeyInput,
  Open311KeyList,
  Publication,
  PublicationInput,
  PublicationList,
  ServiceItem,
  ServiceItemChanges,
  ServiceItemInput,
  ServiceItemList,
} from '../../../contracts/service-catalog.ts';
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../../contracts/policy.ts';
import { requirePermission, scopedArea } from '../../http/actor.ts';
import * as catalog from './catalog.service.ts';
import * as calendar from './calendar.service.ts';
import * as keys from './open311-keys.service.ts';

const NoContent = Type.Null({ description: 'done' });

/** The service catalog, its publication, the local working-day calendar and Open311 client keys (under /api/v1). */
export const serviceCatalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.deps.db;
  // Role, then the area the path names, before the body is validated: a refusal is a 403 whatever the body.
  const guard = (action: Action) => ({
    onRequest: async (request: FastifyRequest) => {
      const actor = requirePermission(request.ctx, action);
      const code = (request.params as { code?: string }).code;
      if (code !== undefined) scopedArea(actor, code, 'code');
    },
  });

  app.get(
    '/service-items',
    {
      ...guard('serviceCatalog.manage'),
      schema: {
        tags: ['service catalog'],
        summary: 'The master catalog, for those who publish from it (admins, officials)',
        querystring: CatalogQuery,
        response: { 200: ServiceItemList, ...errorResponses },
      },
    },
    async (request) => catalog.listMasterItems(db(), request.ctx, request.query),
  );

  app.post(
    '/service-items',
    {
      ...guard('serviceCatalog.define'),
      schema: {
        tags: ['service catalog'],
        summary: 'Define a master catalog item (province-wide admins); its code never changes',
        body: ServiceItemInput,
        response: { 201: ServiceItem, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.createItem(db(), request.ctx, request.body)),
  );

  app.get(
    '/service-items/:itemCode',
    {
      ...guard('serviceCatalog.manage'),
      schema: {
        tags: ['service catalog'],
        summary: 'A master catalog item',
        params: ItemCodeParams,
        response: { 200: ServiceItem, ...errorResponses },
      },
    },
    async (request) => catalog.getMasterItem(db(), request.ctx, request.params.itemCode),
  );

  app.put(
    '/service-items/:itemCode',
    {
      ...guard('serviceCatalog.define'),
      schema: {
        tags: ['service catalog'],
        summary: 'Replace a master item’s content; send the version you read (a stale one answers 409)',
        params: ItemCodeParams,
        body: ServiceItemChanges,
        response: { 200: ServiceItem, ...errorResponses },
      },
    },
    async (request) => catalog.updateItem(db(), request.ctx, request.params.itemCode, request.body),
  );

  app.get(
    '/areas/:code/service-catalog',
    {
      ...guard('serviceCatalog.read'),
      schema: {
        tags: ['service catalog'],
        summary: 'The catalog of an area as its residents see it: items published by its county or township, with the limit that holds there',
        params: AreaParams,
        querystring: CatalogQuery,
        response: { 200: EffectiveCatalog, ...errorResponses },
      },
    },
    async (request) => catalog.readCatalog(db(), request.ctx, request.params.code, request.query),
  );

  app.get(
    '/areas/:code/service-catalog/:itemCode',
    {
      ...guard('serviceCatalog.read'),
      schema: {
        tags: ['service catalog'],
        summary: 'One item as it holds in an area (404 when it is not published there)',
        params: AreaItemParams,
        response: { 200: EffectiveServiceItem, ...errorResponses },
      },
    },
    async (request) => catalog.readCatalogItem(db(), request.ctx, request.params.code, request.params.itemCode),
  );

  app.get(
    '/areas/:code/service-publications',
    {
      ...guard('serviceCatalog.publish'),
      schema: {
        tags: ['service catalog'],
        summary: 'Publications above an area and within it',
        params: AreaParams,
        response: { 200: PublicationList, ...errorResponses },
      },
    },
    async (request) => catalog.listPublications(db(), request.ctx, request.params.code),
  );

  app.put(
    '/areas/:code/service-publications/:itemCode',
    {
      ...guard('serviceCatalog.publish'),
      schema: {
        tags: ['service catalog'],
        summary: 'Publish an item for a county or township, or change its limit there (shorter only: a longer one answers 400)',
        params: AreaItemParams,
        body: PublicationInput,
        response: { 200: Publication, ...errorResponses },
      },
    },
    async (request) => catalog.publishItem(db(), request.ctx, request.params.code, request.params.itemCode, request.body),
  );

  app.delete(
    '/areas/:code/service-publications/:itemCode',
    {
      ...guard('serviceCatalog.publish'),
      schema: {
        tags: ['service catalog'],
        summary: 'Withdraw an item’s publication for an area',
        params: AreaItemParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await catalog.unpublishItem(db(), request.ctx, request.params.code, request.params.itemCode);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/areas/:code/calendar-days',
    {
      ...guard('serviceCalendar.read'),
      schema: {
        tags: ['service catalog'],
        summary: 'The working-day calendar of an area for a year: national holidays and make-up days, and the local days',
        params: AreaParams,
        querystring: CalendarYearQuery,
        response: { 200: CalendarYear, ...errorResponses },
      },
    },
    async (request) => calendar.readCalendarYear(db(), request.ctx, request.params.code, request.query.year),
  );

  app.post(
    '/areas/:code/calendar-days',
    {
      ...guard('serviceCalendar.write'),
      schema: {
        tags: ['service catalog'],
        summary: 'Add a local holiday or working day for an area (and everything under it)',
        params: AreaParams,
        body: CalendarDayInput,
        response: { 201: LocalCalendarDay, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await calendar.addLocalDay(db(), request.ctx, request.params.code, request.body)),
  );

  app.delete(
    '/areas/:code/calendar-days/:id',
    {
      ...guard('serviceCalendar.write'),
      schema: {
        tags: ['service catalog'],
        summary: 'Remove a local calendar day',
        params: AreaIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await calendar.removeLocalDay(db(), request.ctx, request.params.code, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/areas/:code/open311-keys',
    {
      ...guard('open311Keys.manage'),
      schema: {
        tags: ['open311'],
        summary: 'Open311 API keys issued for an area and the areas under it',
        params: AreaParams,
        response: { 200: Open311KeyList, ...errorResponses },
      },
    },
    async (request) => keys.listKeys(db(), request.ctx, request.params.code),
  );

  app.post(
    '/areas/:code/open311-keys',
    {
      ...guard('open311Keys.manage'),
      schema: {
        tags: ['open311'],
        summary: 'Issue an Open311 API key to a client application for an area; the key is shown once',
        params: AreaParams,
        body: Open311KeyInput,
        response: { 201: IssuedOpen311Key, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await keys.issueKey(db(), request.ctx, request.params.code, request.body)),
  );

  app.post(
    '/areas/:code/open311-keys/:id/revoke',
    {
      ...guard('open311Keys.manage'),
      schema: {
        tags: ['open311'],
        summary: 'Revoke an Open311 API key (it answers 403 from then on)',
        params: AreaIdParams,
        response: { 200: Open311Key, ...errorResponses },
      },
    },
    async (request) => keys.revokeKey(db(), request.ctx, request.params.code, request.params.id),
  );
};
