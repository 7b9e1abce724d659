/**
 * The one way the web talks to the API: JSON in and out, the session cookie sent by the
 * browser, the CSRF token added to every write, and every failure turned into an ApiError
 * that carries the API's stable error code (the UI translates it, see shared/api-error-message.ts).
 */
import { isProblemCode, type Problem } from '../../../contracts/problems.ts';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * The field problems of a 400 (`details.problems`: field, stable code from src/contracts/problems.ts,
 * English sentence); an import's rejected rows carry theirs the same way, with the row.
 */
export function fieldProblems(error: unknown): Problem[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return [];
  return (problems as Partial<Problem>[])
    .filter((p): p is Problem => typeof p.field === 'string')
    .map((p) => ({
      field: p.field,
      code: isProblemCode(p.code) ? p.code : 'invalid',
      problem: typeof p.problem === 'string' ? p.problem : '',
      ...(p.params && typeof p.params === 'object' ? { params: p.params } : {}),
    }));
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 while a session was believed open (it expired or was ended). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as it is (a file), with this content type, instead of JSON. */
  raw?: { body: Blob; contentType: string };
  signal?: AbortSignal;
  /** A 401 is an expected answer here (the login form, the first /auth/me): do not end the session. */
  expectUnauthenticated?: boolean;
  /** Extra headers (an Idempotency-Key). */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // The language the person chose (i18n keeps it on <html lang>), so what the server writes for
  // them (scenario names, files) follows it rather than the browser's own setting.
  const language = typeof document === 'undefined' ? '' : document.documentElement.lang;
  if (language) headers['accept-language'] = language;
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const body = (data ?? {}) as { error?: { code?: string; message?: string; details?: unknown }; requestId?: string };
    const error = new ApiError(
      response.status,
      body.error?.code ?? (response.status >= 500 ? 'internal_error' : 'http_error'),
      body.error?.message ?? response.statusText,
      body.error?.details,
      body.requestId,
    );
    if (response.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.();
    throw error;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** A file as the request body (imports). */
  upload: <T>(path: string, file: Blob, contentType: string, query?: Query) => request<T>('POST', path, { raw: { body: file, contentType }, query }),
};

/** The URL of a GET (a file to download through a plain link: the session cookie goes with it). */
export function apiUrl(path: string, query?: Query): string {
  return API_BASE + withQuery(path, query);
}
