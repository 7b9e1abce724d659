import type { Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { PublicNotice, PublicNoticeParams, ReleasePackage, ReleasesQuery } from '../../../contracts/open-contracting.ts';
import * as openContracting from './open-contracting.service.ts';
import { publicNotice } from './public-notice.service.ts';

/** Public faces of the linkage, answered without an account: OCDS 1.1 release packages, and a community's public notice (公示). */
export const openContractingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const settings = { ocidPrefix: app.deps.config.ocdsOcidPrefix, publisherName: app.deps.config.ocdsPublisher };
  const areaPackages = openContracting.areaPackageCache({ ttlMs: 60_000, maxEntries: 64 });

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
    // A county's package runs to megabytes of open-ended OCDS objects: written once with plain
    // JSON.stringify (faster than a serializer compiled from the deliberately loose response
    // schema), and an area's kept a minute by this process (ocid packages are always read afresh).
    const build = async () => JSON.stringify(await openContracting.releases(app.deps.db, settings, request.query, uri));
    const json = request.query.ocid === undefined && request.query.area !== undefined ? await areaPackages.get(uri, build) : await build();
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .serializer((payload) => payload as string)
      .send(json as unknown as Static<typeof ReleasePackage>);
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
