import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Security headers on every response, by @fastify/helmet. The content security policy is the
 * one the built web app passes in Chromium (test/e2e/security-headers.test.ts): scripts from
 * this origin only; styles also inline, because Ant Design writes its styles at run time
 * (CSS-in-JS) and ECharts and Swagger UI set style attributes; images also as data: and blob:
 * URLs (ECharts' exported images, Swagger UI's icons); fonts from this origin (the bundled
 * Noto Sans SC). Strict-Transport-Security and upgrade-insecure-requests only when cookies are
 * HTTPS-only (production behind TLS): on plain HTTP they would break the page.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  scriptSrcAttr: ["'none'"],
} as const;

export async function installSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CONTENT_SECURITY_POLICY_DIRECTIVES,
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  // API answers carry personal data: never stored by a browser or a proxy. A route publishing open
  // data (no personal data by construction: the OCDS releases) may say `public` itself.
  app.addHook('onSend', async (_request, reply, payload) => {
    const json = String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    if (json && !String(reply.getHeader('cache-control') ?? '').startsWith('public')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
