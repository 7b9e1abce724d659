#!/usr/bin/env node
// `npm start` runs this first (prestart): builds the web app when dist/web is missing, so a
// clone where `npm install` skipped its prepare step still serves the app.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}dist/web/index.html`)) {
  console.log('dist/web is missing: building the web app (npm run build:web) …');
  const vite = `${root}node_modules/vite/bin/vite.js`;
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'src/web/vite.config.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('building the web app failed; the API still starts, the web app answers 503 until it is built');
    process.exit(result.status ?? 1);
  }
}
