import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../../src/server/http/error-handler.ts';
import { staticWeb } from '../../src/server/http/static-web.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const INDEX = '<!doctype html><html><head><title>邻里</title></head><body><div id="root"></div></body></html>';
const SCRIPT = `export const big = ${JSON.stringify('邻里'.repeat(2000))};\n`;

/** A built app in a temporary directory, as the build leaves it: each text asset with a .br and a .gz beside it. */
function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'linli-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app-abc123.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'app-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(root, 'assets', 'app-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

describe('the web build, served with its precompressed files', () => {
  let root: string;
  let app: FastifyInstance;

  before(async () => {
    root = builtApp();
    app = Fastify();
    installErrorHandler(app, async () => undefined);
    await app.register(staticWeb, { root });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

  test('a script goes out as the brotli or gzip file the browser accepts, or as it is; cached for a year', async () => {
    const br = await get('/assets/app-abc123.js', 'gzip, deflate, br');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), SCRIPT);

    const gz = await get('/assets/app-abc123.js', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), SCRIPT);

    const plain = await get('/assets/app-abc123.js', 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, SCRIPT);
    // The file on disk is what went out: nothing was compressed at request time (the .br is the one written above).
    assert.deepEqual(br.rawPayload, brotliCompressSync(SCRIPT));
  });

  test('any other page of the app gets index.html, revalidated; a missing file is a 404, not the app', async () => {
    for (const url of ['/', '/facilities?area=340828&status=planned', '/areas/340828', '/planning/']) {
      const page = await get(url, 'br');
      assert.equal(page.statusCode, 200, url);
      assert.match(String(page.headers['content-type']), /text\/html/, url);
      assert.equal(page.headers['cache-control'], 'no-cache', url);
      assert.equal(page.body, INDEX, url);
      const etag = page.headers.etag;
      assert.ok(etag, url);
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(etag) } });
      assert.equal(again.statusCode, 304, url);
    }
    assert.equal((await get('/favicon.svg')).statusCode, 200);
    for (const url of ['/assets/missing-123.js', '/missing.css', '/assets/app-abc123.js.map']) {
      const missing = await get(url, 'br');
      assert.equal(missing.statusCode, 404, url);
      assert.equal(missing.json().error.code, 'not_found', url);
    }
    const outside = await get('/..%2f..%2fetc%2fpasswd.txt');
    assert.ok([403, 404].includes(outside.statusCode), `path outside the build: ${outside.statusCode}`);
    assert.doesNotMatch(outside.body, /root:/);
  });

  test('without a build, pages say how to build it (503), and files are 404', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'linli-web-empty-'));
    const bare = Fastify();
    installErrorHandler(bare, async () => undefined);
    await bare.register(staticWeb, { root: empty });
    try {
      const page = await bare.inject({ method: 'GET', url: '/indicators' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build:web/);
      assert.equal((await bare.inject({ method: 'GET', url: '/assets/app.js' })).statusCode, 404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the whole app`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    test('an unknown API path is a 404 in the JSON envelope, never the web app', async () => {
      for (const url of ['/api/v1/no-such-thing', '/api/v1/facilities/x/y/z', '/api', '/api/']) {
        const response = await t.anonymous.get(url);
        assert.equal(response.statusCode, 404, url);
        const body = response.json();
        assert.equal(body.error.code, 'not_found', url);
        assert.equal(typeof body.requestId, 'string', url);
      }
    });
  });
}
