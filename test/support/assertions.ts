import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { isProblemCode, type ProblemCode } from '../../src/contracts/problems.ts';

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

/** The field problems of a 400: `details.problems`, each with its field, stable code and sentence. */
export function problemsOf(error: ErrorBody): { field: string; code: string; problem: string }[] {
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  assert.ok(Array.isArray(problems), `details.problems is a list in ${JSON.stringify(error)}`);
  for (const p of problems as { field: unknown; code: unknown; problem: unknown }[]) {
    assert.equal(typeof p.field, 'string');
    assert.ok(isProblemCode(p.code), `problem code ${String(p.code)} is one of the contract's`);
    assert.equal(typeof p.problem, 'string');
  }
  return problems as { field: string; code: string; problem: string }[];
}

/**
 * Asserts a 400 that names the field, in its details (with a stable problem code, and the given
 * one when `code` is set) and in its message.
 */
export function assertFieldNamed(response: LightMyRequestResponse, field: string, code?: ProblemCode): void {
  const error = assertError(response, 400, 'validation_failed');
  const problems = problemsOf(error).filter((p) => p.field === field);
  assert.ok(problems.length > 0, `${field} is named in ${JSON.stringify(error)}`);
  if (code !== undefined) assert.ok(problems.some((p) => p.code === code), `${field} has problem code ${code} in ${JSON.stringify(error)}`);
  assert.ok(error.message.includes(field), `${field} is in the message ${JSON.stringify(error.message)}`);
}
