import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfMatches, resolveSession, type SessionInfo } from '../modules/accounts/accounts.service.ts';
import type { RequestContext } from './actor.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'linli_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes allowed without a CSRF token: logging in creates the session the token belongs to. */
const CSRF_EXEMPT = new Set(['/api/v1/auth/login']);

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    session: SessionInfo | null;
  }
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Resolves the session cookie into the request's actor, and defends cookie-authenticated
 * writes against cross-site requests: a foreign Origin is refused, and every write must
 * carry the session's CSRF token in x-csrf-token.
 */
export function installSessions(app: FastifyInstance): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    request.ctx = { actor: null, address: request.ip, requestId: request.id };
    if (!request.url.startsWith('/api/')) return;
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && !sameOrigin(request)) {
      throw new AppError(403, 'cross_origin', 'Writes from another site are refused');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(request.server.deps.db, token);
    if (!session) return;
    const path = request.url.split('?')[0]!;
    if (unsafe && !CSRF_EXEMPT.has(path) && !csrfMatches(session.csrfToken, request.headers['x-csrf-token'] as string | undefined)) {
      throw new AppError(403, 'csrf_token_invalid', 'This write needs the x-csrf-token header from your login (or /auth/me)');
    }
    request.session = session;
    request.ctx = { actor: session.actor, address: request.ip, requestId: request.id };
  });
}
