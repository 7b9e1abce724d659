import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemCode } from '../../contracts/problems.ts';
import { AppError, problemsDetails, type FieldProblem } from './errors.ts';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(context: string | undefined, e: AjvError): string {
  const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra =
    (e.params?.additionalProperty as string | undefined) ?? (e.params?.missingProperty as string | undefined) ?? '';
  const parts = [path, extra].filter(Boolean).join('.');
  return parts || context || 'request';
}

/** The stable problem code (src/contracts/problems.ts) of one schema failure. */
function problemCodeOfAjv(e: AjvError): ProblemCode {
  switch (e.keyword) {
    case 'required':
      return 'required';
    case 'additionalProperties':
      return 'unknown_field';
    case 'type':
      return 'invalid_type';
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return 'too_long';
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return 'too_short';
    case 'pattern':
    case 'format':
      return 'invalid_format';
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return 'out_of_range';
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return 'not_allowed';
    case 'uniqueItems':
      return 'duplicate';
    default:
      return 'invalid';
  }
}

function problemOf(e: AjvError): string {
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  return e.message ?? 'is invalid';
}

export type AuditRefusal = (request: FastifyRequest, error: AppError) => Promise<void>;

/** Turns every failure into the one error shape; 5xx never echoes internals. */
export function installErrorHandler(app: FastifyInstance, auditRefusal: AuditRefusal): void {
  app.setErrorHandler(async (error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    let status = 500;
    let code = 'internal_error';
    let message = 'Something went wrong on our side; the request id identifies it in the log.';
    let details: unknown;
    const fastifyError = error as FastifyError & { validationContext?: string };
    if (error instanceof AppError) {
      status = error.statusCode;
      code = error.code;
      message = error.message;
      details = error.details;
      if (status === 403) await auditRefusal(request, error).catch((e) => request.log.error(e, 'audit of refusal failed'));
      if (status === 429) {
        const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry) reply.header('retry-after', String(retry));
      }
    } else if (fastifyError.validation) {
      status = 400;
      code = 'validation_failed';
      const problems: FieldProblem[] = fastifyError.validation.map((e) => ({
        field: fieldOf(fastifyError.validationContext, e as AjvError),
        problem: problemOf(e as AjvError),
        code: problemCodeOfAjv(e as AjvError),
      }));
      details = problemsDetails(problems);
      message = problems.map((p) => `${p.field} ${p.problem}`).join('; ');
    } else if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      status = fastifyError.statusCode;
      if (error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        code = 'malformed_json';
        message = 'The request body is not valid JSON';
      } else if (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        code = 'malformed_json';
        message = 'The request body is empty but the content type says JSON';
      } else if (status === 415) {
        code = 'unsupported_media_type';
        message = fastifyError.message;
      } else if (status === 413) {
        code = 'payload_too_large';
        message = 'The request body is too large';
      } else {
        code = 'bad_request';
        message = fastifyError.message;
      }
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) }, requestId: request.id });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
      requestId: request.id,
    }),
  );
}
