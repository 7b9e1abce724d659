import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { querystringParser } from '../../http/input-rules.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { render, renderErrors, splitFormat, type Open311Error, type Open311Format, type Open311Value } from './open311-format.ts';
import * as open311 from './open311.service.ts';
import type { RequestsDeps } from './requests.service.ts';
import { diskAttachmentStorage } from './requests-attachments.ts';
import { VERSION } from '../../version.ts';

/** Form bodies of POST requests: a description of 4,000 characters and a few dozen attributes. */
const FORM_BYTES_MAX = 64 * 1024;
/** Open311 routes are not part of the /api/v1 OpenAPI document (their access is by api_key, not by role). */
const HIDDEN = { schema: { hide: true } } as const;
const FORMATS: readonly Open311Format[] = ['json', 'xml'];

type Params = Record<string, unknown>;

function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: Open311Value): FastifyReply {
  const [body, type] = render(format, root, value);
  return reply.type(type).send(body);
}

/**
 * Open311 GeoReport v2 at /open311/v2 (register with that prefix): discovery, services, service
 * definitions, requests (GET and POST), one request, tokens — each as .json and .xml, errors in
 * the standard's shape.
 */
export const open311Routes: FastifyPluginAsync = async (app) => {
  const config = app.deps.config;
  const db = app.deps.db;
  const deps: RequestsDeps = {
    db,
    storage: diskAttachmentStorage(config.dataDir),
    settings: {
      warningShare: config.requestWarningPercent / 100,
      escalateAboveAfterDays: config.escalateAboveAfterDays,
      attachmentMaxBytes: config.attachmentMaxBytes,
    },
  };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BYTES_MAX }, (_request, body, done) => {
    done(null, querystringParser(body as string));
  });

  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    const format = formatOfUrl(request.url);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    let errors: Open311Error[];
    if (status >= 500) {
      request.log.error({ err: error }, 'open311: request failed');
      errors = [{ code: 500, description: `Internal error (request ${request.id})` }];
    } else if (error instanceof AppError && error.code === 'validation_failed') {
      const problems = (error.details as { problems?: { field: string; problem: string }[] } | undefined)?.problems ?? [];
      errors = problems.length ? problems.map((p) => ({ code: 400, description: `${p.field}: ${p.problem}` })) : [{ code: 400, description: error.message }];
    } else {
      errors = [{ code: status, description: error.message }];
    }
    if (status === 403) {
      const details = (error as AppError).details as { areaCode?: string } | undefined;
      await recordAudit(db, request.ctx ?? { actor: null, address: request.ip, requestId: request.id }, {
        action: 'access.refused',
        outcome: 'denied',
        areaCode: details?.areaCode ?? request.ctx?.actor?.scope ?? '',
        details: { method: request.method, path: request.url.split('?')[0], code: (error as AppError).code ?? 'forbidden', message: error.message, api: 'open311' },
      });
    }
    const [body, type] = renderErrors(format, errors);
    return reply.status(status).type(type).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const [body, type] = renderErrors(formatOfUrl(request.url), [{ code: 404, description: `${request.method} ${request.url.split('?')[0]} is not an Open311 GeoReport v2 resource` }]);
    return reply.status(404).type(type).send(body);
  });

  const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Params;
  const changeset = VERSION;

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, HIDDEN, async (request, reply) => {
      const url = `${request.protocol}://${request.host}${request.url.split('/discovery.')[0]}`;
      return send(reply, format, 'discovery', open311.discovery(url, changeset));
    });

    app.get(`/services.${format}`, HIDDEN, async (request, reply) => {
      const query = queryOf(request);
      const client = await open311.requireClient(db, query.api_key);
      const jurisdiction = await open311.requireJurisdiction(db, client, query.jurisdiction_id);
      return send(reply, format, 'services', await open311.services(db, jurisdiction));
    });

    app.get(`/requests.${format}`, HIDDEN, async (request, reply) => {
      const query = queryOf(request);
      const client = await open311.requireClient(db, query.api_key);
      const jurisdiction = await open311.requireJurisdiction(db, client, query.jurisdiction_id);
      const ctx = open311.clientContext(client, request.ctx);
      return send(reply, format, 'service_requests', await open311.requests(deps, ctx, jurisdiction, query));
    });

    app.post(`/requests.${format}`, HIDDEN, async (request, reply) => {
      const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Params;
      const query = queryOf(request);
      const client = await open311.requireClient(db, form.api_key ?? query.api_key);
      const jurisdiction = await open311.requireJurisdiction(db, client, form.jurisdiction_id ?? query.jurisdiction_id);
      const ctx = open311.clientContext(client, request.ctx);
      const key = request.headers['idempotency-key'];
      const created = await open311.postRequest(deps, ctx, jurisdiction, form, typeof key === 'string' ? key : undefined);
      reply.status(201);
      return send(reply, format, 'service_requests', created);
    });
  }

  // Anything else under the prefix (the web app's catch-all would answer it otherwise).
  app.all('/*', HIDDEN, async (request) => {
    throw new AppError(404, 'not_found', `${request.method} ${request.url.split('?')[0]} is not an Open311 GeoReport v2 resource`);
  });

  /** `/services/{code}.{format}` and the like: the last `.json` / `.xml` is the format. */
  const fileParam = (request: FastifyRequest, what: string) => {
    const split = splitFormat(String((request.params as Params).file ?? ''));
    if (!split) throw new AppError(404, 'not_found', `${what}: add .json or .xml to the path`);
    return split;
  };

  app.get('/services/:file', HIDDEN, async (request, reply) => {
    const { base, format } = fileParam(request, 'service definition');
    const query = queryOf(request);
    const client = await open311.requireClient(db, query.api_key);
    const jurisdiction = await open311.requireJurisdiction(db, client, query.jurisdiction_id);
    return send(reply, format, 'service_definition', await open311.serviceDefinition(db, jurisdiction, base));
  });

  app.get('/requests/:file', HIDDEN, async (request, reply) => {
    const { base, format } = fileParam(request, 'service request');
    const query = queryOf(request);
    const client = await open311.requireClient(db, query.api_key);
    const jurisdiction = await open311.requireJurisdiction(db, client, query.jurisdiction_id);
    const ctx = open311.clientContext(client, request.ctx);
    return send(reply, format, 'service_requests', await open311.request(deps, ctx, jurisdiction, base));
  });

  app.get('/tokens/:file', HIDDEN, async (request, reply) => {
    const { base, format } = fileParam(request, 'token');
    const query = queryOf(request);
    const client = await open311.requireClient(db, query.api_key);
    const jurisdiction = await open311.requireJurisdiction(db, client, query.jurisdiction_id);
    const ctx = open311.clientContext(client, request.ctx);
    return send(reply, format, 'service_requests', await open311.token(deps, ctx, jurisdiction, base));
  });
};
