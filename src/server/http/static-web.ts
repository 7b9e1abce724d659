import { existsSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the single-page app. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

export interface StaticWebOptions {
  /** Directory holding index.html and assets/; defaults to dist/web. */
  root?: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app at `/` with @fastify/static: files from dist/web, `index.html` for any
 * other GET outside `/api` without a file extension (the app routes in the browser). The build
 * writes a brotli (.br) and a gzip (.gz) copy beside every text asset (src/web/vite.config.ts);
 * `preCompressed` sends the one the browser accepts, so nothing is compressed at request time.
 * Hashed files under `assets/` are cached for a year; everything else is revalidated (ETag), so a
 * new build shows at once. Security headers (CSP, X-Frame-Options …) come from helmet for every
 * response (http/security-headers.ts). Register it after the API so that every `/api` route wins.
 */
export async function staticWeb(app: FastifyInstance, options: StaticWebOptions = {}): Promise<void> {
  const root = options.root ?? WEB_DIST_DIR;
  const assets = `${sep}assets${sep}`;
  await app.register(fastifyStatic, {
    root,
    // The route below chooses between a file, the app and a 404; the plugin only sends files.
    serve: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(assets) ? IMMUTABLE : 'no-cache');
    },
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return reply.callNotFound();
    }
    // A path with an extension is a file, or a 404: a broken asset link must show as one, not as the app.
    if (extname(relative) && !relative.endsWith('/')) return reply.sendFile(relative.replace(/^\/+/, ''));
    if (!existsSync(join(root, 'index.html'))) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build:web` (or `npm install`), then reload. The API is at /api/v1.');
    }
    return reply.sendFile('index.html');
  });
}
