import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { tooManyRequests } from './errors.ts';

/**
 * A per-address rate limit by @fastify/rate-limit, on top of the accounts module's lockout and
 * failed-login limiter: login attempts (failed or not) and writes (every POST, PUT, PATCH and
 * DELETE under /api) per client address and minute, each with its own counter. Reads are not
 * limited. Counters live in memory, or in Redis (LINLI_REDIS_URL) when several processes serve,
 * so the limit holds across them. A refused request answers 429 `rate_limited` in the error
 * envelope with Retry-After. If Redis cannot be reached, requests pass (the lockout still holds)
 * and the error is logged, so a Redis outage does not stop the service.
 */
const LOGIN_URL = '/api/v1/auth/login';
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Bucket = 'login' | 'write';

function bucketOf(request: FastifyRequest): Bucket | null {
  const path = request.url.split('?')[0]!;
  if (!path.startsWith('/api/')) return null;
  if (request.method === 'POST' && path === LOGIN_URL) return 'login';
  return READS.has(request.method) ? null : 'write';
}

export async function installRateLimit(app: FastifyInstance, config: Config): Promise<void> {
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false })
    : null;
  if (redis) {
    redis.on('error', (error) => app.log.warn({ err: error }, 'rate limit: redis unavailable'));
    app.addHook('onClose', async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    // Not per route: one application-wide onRequest hook (below), added before the session
    // hook, so a refused request costs no session lookup.
    global: false,
    timeWindow: 60_000,
    keyGenerator: (request) => `${normalizeIP(request.ip, 64)}|${bucketOf(request) ?? 'read'}`,
    allowList: (request) => bucketOf(request) === null,
    max: async (_request, key) => (key.endsWith('|login') ? config.rateLimitLoginsPerMinute : config.rateLimitWritesPerMinute),
    ...(redis ? { redis, nameSpace: 'linli-rate-limit:', skipOnError: true } : {}),
    errorResponseBuilder: (request, context) => {
      const what = bucketOf(request) === 'login' ? 'login attempts' : 'changes';
      return tooManyRequests(`Too many ${what} from this address (at most ${context.max} a minute); try again in ${context.after}`, Math.max(1, Math.ceil(context.ttl / 1000)));
    },
  });
  app.addHook('onRequest', app.rateLimit());
}
