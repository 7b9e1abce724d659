#!/usr/bin/env node
// `npm run mutation`: Stryker over src/engine and src/server/files (stryker.config.mjs), then the
// mutation score printed by area and written to bench/results/mutation.json. Not part of `npm test`.
// Extra arguments go to Stryker, e.g. `npm run mutation -- --mutate src/server/files/csv.ts`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const report = join(root, 'bench', '.cache', 'mutation-report.json');
const output = join(root, 'bench', 'results', 'mutation.json');

const started = Date.now();
const stryker = join(root, 'node_modules', '.bin', 'stryker');
const args = ['run', 'stryker.config.mjs', ...process.argv.slice(2)];
const code = await new Promise((resolve) => {
  const child = spawn(stryker, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
if (code !== 0 || !existsSync(report)) {
  console.error(`stryker exited with ${code}; no score recorded`);
  process.exit(code || 1);
}

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const blank = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 });
const add = (t, status) => {
  if (status === 'Killed') t.killed++;
  else if (status === 'Timeout') t.timeout++;
  else if (status === 'Survived') t.survived++;
  else if (status === 'NoCoverage') t.noCoverage++;
  else if (status === 'Ignored') t.ignored++;
  else t.errors++; // CompileError, RuntimeError
};
const score = (t) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return {
    ...t,
    valid,
    score: valid ? Math.round((detected / valid) * 10000) / 100 : null,
    coveredScore: detected + t.survived ? Math.round((detected / (detected + t.survived)) * 10000) / 100 : null,
  };
};

const { files } = JSON.parse(readFileSync(report, 'utf8'));
const total = blank();
const byArea = new Map();
const byFile = {};
const survivors = [];
for (const [file, { mutants }] of Object.entries(files)) {
  const path = relative(root, join(root, file));
  const area = path.split('/').slice(0, 3).join('/'); // src/engine/<part> or src/server/files
  if (!byArea.has(area)) byArea.set(area, blank());
  const fileTotal = blank();
  for (const m of mutants) {
    add(total, m.status);
    add(byArea.get(area), m.status);
    add(fileTotal, m.status);
    if (UNDETECTED.has(m.status)) survivors.push(`${path}:${m.location.start.line} ${m.mutatorName}${m.replacement ? ` → ${m.replacement.replace(/\s+/g, ' ').slice(0, 60)}` : ''} (${m.status})`);
  }
  byFile[path] = score(fileTotal);
}

const areas = Object.fromEntries([...byArea].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, score(v)]));
const cli = process.argv.slice(2);
const mutateAt = cli.findIndex((a) => a === '--mutate' || a === '-m' || a.startsWith('--mutate='));
const scope = mutateAt < 0 ? 'stryker.config.mjs (src/engine, src/server/files)' : cli[mutateAt].includes('=') ? cli[mutateAt].split('=')[1] : cli[mutateAt + 1];
const summary = {
  date: new Date().toISOString(),
  scope,
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  total: score(total),
  areas,
  files: byFile,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(output, `${JSON.stringify(summary, null, 2)}\n`);

const pad = (s, n) => String(s).padStart(n);
console.log(`\nmutation score of ${scope}: (killed + timed out) / (all but compile errors and ignored)`);
console.log(`${'area'.padEnd(28)} ${pad('score', 7)} ${pad('covered', 8)} ${pad('killed', 7)} ${pad('timeout', 8)} ${pad('survived', 9)} ${pad('no cover', 9)}`);
for (const [area, s] of [...Object.entries(areas), ['total', summary.total]]) {
  console.log(
    `${area.padEnd(28)} ${pad(s.score === null ? '-' : `${s.score}%`, 7)} ${pad(s.coveredScore === null ? '-' : `${s.coveredScore}%`, 8)} ${pad(s.killed, 7)} ${pad(s.timeout, 8)} ${pad(s.survived, 9)} ${pad(s.noCoverage, 9)}`,
  );
}
console.log(`\n${survivors.length} mutants not detected; the full report: ${relative(root, report)}; the score: ${relative(root, output)}`);
