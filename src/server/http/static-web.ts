import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the single-page app. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** Worth compressing; images and fonts already are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.svg', '.txt', '.map']);

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  type: string;
}

export interface StaticWebOptions {
  /** Directory holding index.html and assets/; defaults to dist/web. */
  root?: string;
}

/**
 * Serves the built web app at `/`: files from dist/web, `index.html` for any other GET
 * outside `/api` (the app routes in the browser). Hashed files under `assets/` are cached
 * for a year; index.html is revalidated on every load (ETag), so a new build shows at once.
 * Compressed with gzip once per file and kept in memory: the build is a few megabytes.
 * Register it after the API so that every `/api` route wins.
 */
export async function staticWeb(app: FastifyInstance, options: StaticWebOptions = {}): Promise<void> {
  const root = normalize(options.root ?? WEB_DIST_DIR);
  const base = root.endsWith(sep) ? root : root + sep;
  const cache = new Map<string, CachedFile>();

  function load(path: string): CachedFile | null {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    const body = readFileSync(path);
    const ext = extname(path).toLowerCase();
    const file: CachedFile = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body, { level: 9 }) : null,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    };
    cache.set(path, file);
    return file;
  }

  function send(request: FastifyRequest, reply: FastifyReply, file: CachedFile, immutable: boolean) {
    reply.header('content-type', file.type);
    reply.header('etag', file.etag);
    reply.header('vary', 'accept-encoding');
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    // Content-Security-Policy, X-Frame-Options and the other security headers: http/security-headers.ts (helmet).
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (file.gzip && acceptsGzip) {
      reply.header('content-encoding', 'gzip');
      return reply.send(file.gzip);
    }
    return reply.send(file.body);
  }

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return reply.callNotFound();
    }
    const target = normalize(join(root, relative));
    if (!(target + sep).startsWith(base)) return reply.callNotFound();
    const file = relative.endsWith('/') ? null : load(target);
    if (file) return send(request, reply, file, relative.startsWith('/assets/'));
    // A missing file with an extension is a 404, not the app: a broken asset link must show as one.
    if (extname(relative)) return reply.callNotFound();
    const index = load(join(root, 'index.html'));
    if (!index) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build:web` (or `npm install`), then reload. The API is at /api/v1.');
    }
    return send(request, reply, index, false);
  });
}
