#!/usr/bin/env node
// `npm test`: every test file under test/ and src/, through node's own test runner,
// on SQLite always and on PostgreSQL whenever one answers (DATABASE_URL, or 127.0.0.1:5432).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

function answers(host, port, ms = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const filter = process.argv.slice(2);
let files = [...findTests(join(root, 'test')), ...findTests(join(root, 'src'))].sort();
if (filter.length) files = files.filter((f) => filter.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const env = { ...process.env };
if (env.DATABASE_URL) {
  env.LINLI_TEST_POSTGRES_URL = env.DATABASE_URL;
} else if (await answers('127.0.0.1', 5432)) {
  env.LINLI_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
}
if (env.LINLI_TEST_POSTGRES_URL) {
  console.log(`databases: SQLite and PostgreSQL (${env.LINLI_TEST_POSTGRES_URL.replace(/\/\/[^@]*@/, '//***@')})`);
} else {
  console.log('databases: SQLite ONLY: no PostgreSQL answered (set DATABASE_URL or start one on 127.0.0.1:5432)');
}
// The rate limit's Redis store is tested when a Redis answers (CI starts one).
if (!env.LINLI_TEST_REDIS_URL && (await answers('127.0.0.1', 6379))) env.LINLI_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
console.log(env.LINLI_TEST_REDIS_URL ? `redis: ${env.LINLI_TEST_REDIS_URL}` : 'redis: none answered on 127.0.0.1:6379; the rate limit is tested with its memory store only');
// Tests must not reach the application's real data directory or database.
delete env.DATABASE_URL;

// One seeded demo database per dialect for the whole run (test/support/demo-template.ts): the
// files that start from the demo city copy it instead of seeding their own. LINLI_TEST_NO_TEMPLATE=1
// makes every file seed its own, as a file run alone does.
const templateScript = join(root, 'test/support/demo-template.ts');
let template = null;
if (!env.LINLI_TEST_NO_TEMPLATE) {
  const started = Date.now();
  template = await run(['--import', 'tsx', templateScript, 'create'], 'pipe');
  env.LINLI_TEST_DEMO_TEMPLATE = template.trim();
  console.log(`demo template seeded once for the run in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Two files at a time on the 2-core CI machine (LINLI_TEST_CONCURRENCY overrides). Three was tried:
// the Chromium files then took 66 % longer each (1,085 → 1,807 s in all), no faster overall.
const concurrency = Number(env.LINLI_TEST_CONCURRENCY ?? 2);
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
child.on('exit', async (code, signal) => {
  if (template) await run(['--import', 'tsx', templateScript, 'drop', env.LINLI_TEST_DEMO_TEMPLATE], 'inherit').catch((error) => console.error(`dropping the demo template: ${error.message}`));
  process.exit(code ?? (signal ? 1 : 0));
});

/** Runs node with these arguments; resolves with its standard output (when piped). */
function run(nodeArgs, stdout) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, nodeArgs, { cwd: root, env, stdio: ['ignore', stdout, 'inherit'] });
    let out = '';
    proc.stdout?.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${nodeArgs.at(-1)} exited with ${code}`))));
  });
}
