// Builds the web app (src/web) into dist/web, which the server serves at `/`.
// `npm run build:web` builds; `npx vite --config src/web/vite.config.ts` serves it for development,
// sending /api to a server started with `npm start` on port 3000.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const COMPRESSIBLE = /\.(js|mjs|css|html|json|geojson|svg|txt)$/;

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every text file of the
 * build above 1 kB, once, at build time: the server sends them as they are (@fastify/static with
 * preCompressed, src/server/http/static-web.ts) instead of compressing on its event loop.
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'linli-precompress',
    apply: 'build',
    async writeBundle(output, bundle) {
      const dir = output.dir!;
      await Promise.all(
        Object.keys(bundle)
          .filter((name) => COMPRESSIBLE.test(name))
          .map(async (name) => {
            const path = join(dir, name);
            const body = await readFile(path);
            if (body.length < 1024) return;
            const [brotli, gzipped] = await Promise.all([
              br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
              gz(body, { level: 9 }),
            ]);
            await Promise.all([writeFile(`${path}.br`, brotli), writeFile(`${path}.gz`, gzipped)]);
          }),
      );
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [
    react(),
    precompress(),
    // The installable app (docs/sync.md): a web app manifest and a Workbox service worker that keeps
    // the app shell, so the offline field page opens with no signal after one online login. The API
    // is never cached by it: offline data lives in the encrypted device store.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        name: '邻里 · 城乡社区公共服务',
        short_name: '邻里',
        description: '城乡社区公共服务综合信息平台',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1a5fb4',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,json}'],
        // The county boundaries (maps) are large and fetched when a map shows: not precached.
        globIgnores: ['**/*.geojson', '**/*.br', '**/*.gz'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/open311\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    sourcemap: process.env.LINLI_WEB_SOURCEMAP === '1',
    minify: process.env.LINLI_WEB_SOURCEMAP !== '1',
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // The county boundaries are an asset of their own (fetched by the map), never inlined.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Fewer, larger chunks load faster than dozens of tiny shared ones; ECharts stays with the area page.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'framework', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|i18next|react-i18next|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    fs: { allow: [here('../..')] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
