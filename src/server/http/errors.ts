import { problemCodeOf, type Problem, type ProblemCode } from '../../contracts/problems.ts';

/**
 * One error shape for the whole API:
 * `{ "error": { "code", "message", "details" }, "requestId" }`.
 * Services throw these; the error handler turns them into responses.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  problem: string;
  /** A stable code from src/contracts/problems.ts; guessed from `problem` when left out. */
  code?: ProblemCode;
  /** The values the sentence carries (the expected check character, a limit), for clients to say in their language. */
  params?: Record<string, string | number>;
}

/** The problems as a 400's details say them: `{ problems: [{ field, code, problem, params? }] }`, every one with its code. */
export function problemsDetails(problems: readonly FieldProblem[]): { problems: Problem[] } {
  return {
    problems: problems.map((p) => ({ field: p.field, code: p.code ?? problemCodeOf(p.problem), problem: p.problem, ...(p.params ? { params: p.params } : {}) })),
  };
}

/** A 400 for several fields at once. */
export const invalidFields = (problems: readonly FieldProblem[]) =>
  new AppError(400, 'validation_failed', problems.map((p) => `${p.field}: ${p.problem}`).join('; '), problemsDetails(problems));

export const badRequest = (message: string, details?: FieldProblem[] | Record<string, unknown>) =>
  new AppError(400, 'bad_request', message, details);
export const invalidField = (field: string, problem: string, code?: ProblemCode, params?: Record<string, string | number>) =>
  new AppError(400, 'validation_failed', `${field}: ${problem}`, problemsDetails([{ field, problem, code, params }]));
export const unauthorized = (message = 'Log in first', code = 'unauthenticated') => new AppError(401, code, message);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new AppError(403, 'forbidden', message, details);
export const notFound = (what: string, id: string) => new AppError(404, 'not_found', `${what} ${id} does not exist`, { id });
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError(409, 'conflict', message, details);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', message, { retryAfterSeconds });
