/**
 * `linli solve …`: runs the facility-siting engine on a file and prints one JSON line.
 *
 *   pmedian --orlib FILE [--p P] [--time-limit S] [--seed N]
 *   mclp|lscp|pmedian --points FILE.csv [--planar] [--radius S] [--p P] [--time-limit S] [--seed N]
 *
 * CSV: header with columns x,y,weight and optionally candidate (0/1; default: every row is a
 * candidate). Coordinates are lon/lat (great-circle km) unless --planar (Euclidean, file units).
 * Output: {"model","objective","bound","gap","sites":[1-based],"seconds"} — sites are OR-Library
 * vertex numbers, or CSV data-row numbers (header not counted). Bad arguments: message on stderr,
 * exit code 2.
 */
import { readFileSync } from 'node:fs';
import { CsvProblem, lineBreaksIn, parseCsv } from '../files/csv.ts';
import {
  SitingInputError,
  parseOrlib,
  solveLscp,
  solveMclp,
  solvePMedian,
  type Point,
  type SitingInput,
  type SitingResult,
} from '../../engine/siting/index.ts';

const USAGE = [
  'usage: linli solve pmedian --orlib FILE [--p P] [--time-limit SECONDS] [--seed N]',
  '       linli solve mclp|lscp|pmedian --points FILE.csv [--planar] [--radius S] [--p P] [--time-limit SECONDS] [--seed N]',
  '  CSV header: x,y,weight[,candidate]; lon/lat in degrees (distances in km) unless --planar',
].join('\n');

class UsageError extends Error {}

interface Parsed {
  model: 'mclp' | 'lscp' | 'pmedian';
  orlib?: string;
  points?: string;
  planar: boolean;
  radius?: number;
  p?: number;
  timeLimit?: number;
  seed?: number;
}

const VALUE_FLAGS = new Set(['--orlib', '--points', '--radius', '--p', '--time-limit', '--seed']);

function numberArg(flag: string, v: string, integer: boolean): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs ${integer ? 'an integer' : 'a number'}, got "${v}"`);
  }
  return n;
}

function parseArgs(args: string[]): Parsed {
  const [model, ...rest] = args;
  if (model === undefined) throw new UsageError('missing model (mclp, lscp or pmedian)');
  if (model !== 'mclp' && model !== 'lscp' && model !== 'pmedian') {
    throw new UsageError(`unknown model "${model}" (expected mclp, lscp or pmedian)`);
  }
  const out: Parsed = { model, planar: false };
  const seen = new Set<string>();
  for (let k = 0; k < rest.length; k++) {
    let flag = rest[k];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    if (flag === '--planar') {
      if (value !== undefined) throw new UsageError('--planar takes no value');
      out.planar = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown argument "${rest[k]}"`);
    if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
    seen.add(flag);
    if (value === undefined) {
      value = rest[++k];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
    }
    switch (flag) {
      case '--orlib':
        out.orlib = value;
        break;
      case '--points':
        out.points = value;
        break;
      case '--radius':
        out.radius = numberArg(flag, value, false);
        if (!(out.radius > 0)) throw new UsageError(`--radius must be > 0, got ${value}`);
        break;
      case '--p':
        out.p = numberArg(flag, value, true);
        if (out.p < 1) throw new UsageError(`--p must be at least 1, got ${value}`);
        break;
      case '--time-limit':
        out.timeLimit = numberArg(flag, value, false);
        if (!(out.timeLimit > 0)) throw new UsageError(`--time-limit must be > 0, got ${value}`);
        break;
      case '--seed':
        out.seed = numberArg(flag, value, true);
        break;
    }
  }
  if ((out.orlib === undefined) === (out.points === undefined)) throw new UsageError('give exactly one of --orlib FILE or --points FILE.csv');
  if (out.orlib !== undefined && out.planar) throw new UsageError('--planar applies to --points only');
  if (out.model !== 'pmedian' && out.radius === undefined) throw new UsageError(`${out.model} needs --radius S`);
  if (out.model === 'pmedian' && out.radius !== undefined) throw new UsageError('pmedian takes no --radius');
  if (out.model === 'lscp' && out.p !== undefined) throw new UsageError('lscp takes no --p (it finds the fewest sites)');
  if (out.points !== undefined && out.model !== 'lscp' && out.p === undefined) throw new UsageError(`${out.model} needs --p P`);
  return out;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

interface CsvInstance {
  weights: number[];
  points: Point[];
  candidateRows: number[]; // 0-based data-row index of each candidate
}

function parsePointsCsv(text: string, file: string): CsvInstance {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvProblem) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  // Blank lines are skipped; problems name the file's line.
  const rows: (readonly [string[], number])[] = [];
  let line = 1;
  for (const record of records) {
    if (!(record.length === 1 && record[0]!.trim() === '')) rows.push([record, line] as const);
    line += 1 + lineBreaksIn(record);
  }
  if (rows.length === 0) throw new UsageError(`${file}: empty file`);
  const head = rows[0]![0].map((h) => h.trim().toLowerCase());
  const col = (name: string): number => head.indexOf(name);
  const [xc, yc, wc, cc] = [col('x'), col('y'), col('weight'), col('candidate')];
  if (xc < 0 || yc < 0 || wc < 0) throw new UsageError(`${file}: header must have columns x,y,weight (and optionally candidate)`);
  const out: CsvInstance = { weights: [], points: [], candidateRows: [] };
  for (let r = 1; r < rows.length; r++) {
    const [record, lineNo] = rows[r]!;
    const f = record.map((v) => v.trim());
    const num = (c: number, what: string): number => {
      const v = f[c];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n)) throw new UsageError(`${file}:${lineNo}: ${what} "${v ?? ''}" is not a number`);
      return n;
    };
    const x = num(xc, 'x');
    const y = num(yc, 'y');
    const w = num(wc, 'weight');
    let isCandidate = true;
    if (cc >= 0) {
      const v = f[cc];
      if (v !== '0' && v !== '1') throw new UsageError(`${file}:${lineNo}: candidate must be 0 or 1, got "${v ?? ''}"`);
      isCandidate = v === '1';
    }
    out.points.push({ x, y });
    out.weights.push(w);
    if (isCandidate) out.candidateRows.push(r - 1);
  }
  if (out.points.length === 0) throw new UsageError(`${file}: no data rows`);
  if (out.candidateRows.length === 0) throw new UsageError(`${file}: no row has candidate = 1`);
  return out;
}

export async function solveCommand(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<number> {
  try {
    const a = parseArgs(args);
    const options = { timeLimitSeconds: a.timeLimit, seed: a.seed };
    let input: SitingInput;
    let siteNumber: (j: number) => number;
    let p = a.p;
    if (a.orlib !== undefined) {
      const inst = parseOrlib(readText(a.orlib));
      input = { weights: new Float64Array(inst.n).fill(1), distances: inst.distances, candidateCount: inst.n };
      p ??= inst.p;
      siteNumber = (j) => j + 1;
    } else {
      const csv = parsePointsCsv(readText(a.points!), a.points!);
      input = {
        weights: csv.weights,
        demandPoints: csv.points,
        candidatePoints: csv.candidateRows.map((r) => csv.points[r]),
        metric: a.planar ? 'planar' : 'greatCircle',
      };
      siteNumber = (j) => csv.candidateRows[j] + 1;
    }
    let result: SitingResult;
    if (a.model === 'pmedian') result = solvePMedian({ ...input, ...options, p: p! });
    else if (a.model === 'mclp') result = solveMclp({ ...input, ...options, p: p!, radius: a.radius! });
    else result = solveLscp({ ...input, ...options, radius: a.radius! });
    out(
      JSON.stringify({
        model: result.model,
        objective: result.objective,
        bound: result.bound,
        gap: result.gap,
        sites: result.sites.map(siteNumber),
        seconds: Math.round(result.seconds * 1000) / 1000,
      }),
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`linli solve: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof SitingInputError) {
      err(`linli solve: invalid input (${e.field}): ${e.message}`);
      return 2;
    }
    err(`linli solve: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
