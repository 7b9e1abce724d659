import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * Asserts the API's one error shape — `{ error: { code, message, details? }, requestId }` and
 * nothing else — with the status and (when given) the code; returns the error.
 */
export function assertError(response: LightMyRequestResponse, status: number, code?: string): ErrorBody {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json();
  assert.deepEqual(Object.keys(body).sort(), ['error', 'requestId']);
  assert.equal(typeof body.requestId, 'string');
  assert.ok(body.requestId.length > 0);
  for (const key of Object.keys(body.error)) assert.ok(['code', 'message', 'details'].includes(key), `unexpected error key ${key}`);
  if (code !== undefined) assert.equal(body.error.code, code, response.body);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  return body.error;
}

/** Asserts a 400 that names the field, in its details and in its message. */
export function assertFieldNamed(response: LightMyRequestResponse, field: string): void {
  const error = assertError(response, 400, 'validation_failed');
  const fields = ((Array.isArray(error.details) ? error.details : []) as { field: string }[]).map((p) => p.field);
  assert.ok(fields.includes(field), `${field} is named in ${JSON.stringify(error)}`);
  assert.ok(error.message.includes(field), `${field} is in the message ${JSON.stringify(error.message)}`);
}
