// Builds the web app (src/web) into dist/web, which the server serves at `/`.
// `npm run build:web` builds; `npx vite --config src/web/vite.config.ts` serves it for development,
// sending /api to a server started with `npm start` on port 3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
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
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@babel[\\/]runtime|classnames|@emotion)[\\/]/, minShareCount: 2, minSize: 20000 },
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
