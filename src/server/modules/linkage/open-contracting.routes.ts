import type { Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { PublicNotice, PublicNoticeParams, ReleasePackage, ReleasesQuery } from '../../../contracts/open-contracting.ts';
import * as openContracting from './open-contracting.service.ts';
import { publicNotice } from './public-notice.service.ts';

/** Public faces of the linkage, answered without an account: OCDS 1.1 release packages, and a community's public notice (公示). */
export const openContractingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const settings = { ocidPrefix: app.deps.config.ocdsOcidPrefix, publisherName: app.deps.config.ocdsPublisher };

  app.get('/open-contracting/releases', {
    schema: {
      tags: ['open-contracting'],
      summary: 'OCDS 1.1 release package of one contracting process (ocid) or of every linkage project of an area (area); no personal data',
      security: [],
      querystring: ReleasesQuery,
      response: { 200: ReleasePackage, ...errorResponses },
    },
  }, async (request, reply) => {
    const uri = `${request.protocol}://${request.host}${request.url}`;
    const body = await openContracting.releases(app.deps.db, settings, request.query, uri);
    return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=60').send(body as Static<typeof ReleasePackage>);
  });

  app.get('/public-notices/:code', {
    schema: {
      tags: ['open-contracting'],
      summary: 'The public notice (公示) of a community: open calls, awards, complaints and their answers, evaluations; no personal data',
      security: [],
      params: PublicNoticeParams,
      response: { 200: PublicNotice, ...errorResponses },
    },
  }, async (request) => publicNotice(app.deps.db, request.params.code));
};
