import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { decodeUtf8, textProblemIn } from '../files/text-rules.ts';
import { invalidField } from './errors.ts';

/**
 * How the server reads what a client sends, the same for every route (docs/security.md, "Input
 * handling"): body size limits, strict UTF-8, no type coercion in bodies, query strings decoded
 * strictly, and every refusal in the one error envelope — including the ones Fastify and Node
 * answer before a route is found.
 */

/** JSON bodies: the largest real one (a facility with its funding) is a few kB. */
export const JSON_BODY_BYTES_MAX = 1024 * 1024;

const AJV_SHARED = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

/**
 * Bodies are JSON, which has types: `"name": 123` or `"floorArea": "100"` is the client's
 * mistake and a 400 naming the field, never converted. Query strings and path parameters are
 * text on the wire, so there `?limit=20` becomes the integer the schema asks for — but a number
 * that coerces to ±Infinity (`1e400`) is refused, since ajv skips range checks for it.
 */
export function schemaController(compileOnStart: boolean): FastifyServerOptions['schemaController'] {
  return {
    compilersFactory: {
      buildValidator(externalSchemas) {
        const factory = AjvCompiler();
        const strict = factory(externalSchemas, { customOptions: { ...AJV_SHARED, coerceTypes: false } });
        const coercing = factory(externalSchemas, { customOptions: { ...AJV_SHARED, coerceTypes: 'array' } });
        type Route = Parameters<typeof strict>[0];
        const build = (route: Route) => (route.httpPart === 'body' ? strict(route) : (finiteNumbersOnly(coercing(route)) as unknown as ReturnType<typeof coercing>));
        return compileOnStart ? build : (route: Route) => lazyValidator(() => build(route) as unknown as Validate) as unknown as ReturnType<typeof strict>;
      },
      buildSerializer(externalSchemas, serializerOptions) {
        const build = SerializerSelector()(externalSchemas, serializerOptions);
        if (compileOnStart) return build;
        return (route) => {
          let serialize: ((data: unknown) => string) | undefined;
          return (data: unknown) => (serialize ??= build(route))(data);
        };
      },
    },
  };
}

/**
 * A validator compiled when it is first called, not when its route is registered: an app that
 * answers a few routes (a test) skips compiling the other few hundred (docs/development.md).
 * Ajv's validators take the parent object so that they can replace the validated value; the
 * wrapper passes it on, and hands back the errors of the call it made.
 */
function lazyValidator(build: () => Validate): Validate {
  let validate: Validate | undefined;
  const wrapped = ((data: unknown, context?: unknown) => {
    validate ??= build();
    const ok = (validate as (data: unknown, context?: unknown) => boolean)(data, context);
    wrapped.errors = validate.errors;
    return ok;
  }) as Validate & { schemaEnv?: unknown };
  // Fastify passes the parent only to a validator that says it is Ajv's (has a schemaEnv).
  wrapped.schemaEnv = true;
  return wrapped;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** Wraps a validator so that a value coerced to a non-finite number fails, naming the field. */
function finiteNumbersOnly(validate: unknown): Validate {
  const inner = validate as Validate;
  const wrapped: Validate = (data: unknown) => {
    const ok = inner(data);
    wrapped.errors = inner.errors;
    if (!ok || !data || typeof data !== 'object') return ok;
    for (const [key, value] of Object.entries(data)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
        wrapped.errors = [{ instancePath: `/${key}`, keyword: 'maximum', params: {}, message: 'must be a finite number' }];
        return false;
      }
    }
    return true;
  };
  return wrapped;
}

/** Marks a query string that could not be decoded; not enumerable, so validation never sees it. */
const UNDECODABLE = Symbol('undecodable query field');

function decodeQueryPart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Query strings as the browser's URLSearchParams writes them, decoded strictly: a value whose
 * percent-encoding is not UTF-8 (`%FF`, an encoded lone surrogate `%ED%A0%80`) is not replaced
 * by U+FFFD but remembered, and refused by `refuseUndecodableQuery` naming the field.
 */
export function querystringParser(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const rawKey = at < 0 ? pair : pair.slice(0, at);
    const key = decodeQueryPart(rawKey);
    const value = decodeQueryPart(at < 0 ? '' : pair.slice(at + 1));
    if (key === null || value === null) {
      if (!(UNDECODABLE in out)) Object.defineProperty(out, UNDECODABLE, { value: key ?? 'querystring', enumerable: false });
      continue;
    }
    if (key === '__proto__') continue;
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

/** A 400 naming the first query field whose text could not be decoded or breaks the text rules. */
function refuseUndecodableQuery(request: FastifyRequest): void {
  const query = request.query as Record<PropertyKey, unknown> | undefined;
  if (!query) return;
  const field = query[UNDECODABLE];
  if (typeof field === 'string') throw invalidField(field, 'is not valid percent-encoded UTF-8 text', 'invalid_format');
}

/**
 * JSON bodies decoded as strict UTF-8 (invalid bytes are a 400 naming `body`, never stored as
 * U+FFFD), then parsed by Fastify's own parser (which refuses __proto__ poisoning); the text
 * rules (no NUL, no lone surrogate) for every string of params, query and body are checked once
 * the body is parsed, by field; uploaded files (Buffers) are checked once their rows are read.
 */
export function installInputRules(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decodeUtf8(body as Buffer);
    } catch {
      done(invalidField('body', 'is not valid UTF-8 text', 'invalid_format'), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const found = textProblemIn(value);
      if (found) throw invalidField(found.path || part, found.problem, 'invalid_format');
    }
    refuseUndecodableQuery(request);
  });
}

const envelope = (code: string, message: string, requestId: string) => ({ error: { code, message }, requestId });

/** Errors Fastify answers before a route runs (a URL whose percent-encoding is broken). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const bad = error.code === 'FST_ERR_BAD_URL';
  void reply
    .status(400)
    .send(
      envelope(
        bad ? 'bad_url' : 'bad_request',
        bad ? 'The URL is not valid percent-encoded UTF-8' : error.message,
        request.id,
      ),
    );
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (raw non-ASCII bytes in the URL,
 * oversized headers, a timeout): answered in the envelope too, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large']
        : [400, 'Bad Request', 'malformed_request', 'The request is not valid HTTP (a URL must be ASCII, with other characters percent-encoded as UTF-8)'];
  const body = JSON.stringify(envelope(code, message, randomUUID()));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
