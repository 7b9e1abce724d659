import { coverageFromMatrix, coverageFromPoints, type Coverage } from './coverage.ts';
import { distanceMatrix } from './distance.ts';
import { SitingInputError } from './errors.ts';
import type { Metric, Point, SitingInput, SolveOptions } from './types.ts';

/** A validated problem: weights plus either a distance matrix or coordinates. */
export interface Prepared {
  n: number;
  m: number;
  weights: Float64Array;
  metric: Metric;
  distances?: Float64Array;
  demandPoints?: ArrayLike<Point>;
  candidatePoints?: ArrayLike<Point>;
}

export interface Settings {
  seed: number;
  timeLimitSeconds: number;
  maxStallIterations?: number;
  greedyOnly: boolean;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { length?: unknown }).length === 'number' &&
    Number.isInteger((v as { length: number }).length)
  );
}

function checkPoints(field: string, pts: unknown, expected: number | undefined, metric: Metric): ArrayLike<Point> {
  if (!isArrayLike(pts)) throw new SitingInputError(field, 'must be an array of {x, y} points');
  if (expected !== undefined && pts.length !== expected) {
    throw new SitingInputError(field, `has ${pts.length} points but weights has ${expected} entries`);
  }
  if (pts.length === 0) throw new SitingInputError(field, 'must contain at least one point');
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i] as Partial<Point> | null | undefined;
    const x = p?.x;
    const y = p?.y;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new SitingInputError(field, `point ${i} has a missing, NaN or infinite coordinate (x=${x}, y=${y})`);
    }
    if (metric === 'greatCircle' && (x < -180 || x > 180 || y < -90 || y > 90)) {
      throw new SitingInputError(
        field,
        `point ${i} (lon ${x}, lat ${y}) is out of range: longitude must be in [-180, 180] and latitude in [-90, 90]`,
      );
    }
  }
  return pts as ArrayLike<Point>;
}

export function prepareInput(input: SitingInput, allowInfinite: boolean): Prepared {
  if (input === null || typeof input !== 'object') throw new SitingInputError('input', 'must be an object');
  const w = input.weights;
  if (!isArrayLike(w)) throw new SitingInputError('weights', 'must be an array of demand weights');
  const n = w.length;
  if (n === 0) throw new SitingInputError('weights', 'no demand: at least one demand point is required');
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new SitingInputError('weights', `weights[${i}] is ${String(v)}; weights must be finite numbers ≥ 0`);
    }
    weights[i] = v;
  }
  const metric = input.metric ?? 'greatCircle';
  if (metric !== 'greatCircle' && metric !== 'planar') {
    throw new SitingInputError('metric', `must be "greatCircle" or "planar", got ${JSON.stringify(metric)}`);
  }
  if (input.distances !== undefined) {
    const d = input.distances;
    if (!isArrayLike(d)) throw new SitingInputError('distances', 'must be a Float64Array (row-major demand × candidate)');
    let m: number;
    if (input.candidateCount !== undefined) {
      m = input.candidateCount;
      if (!Number.isInteger(m) || m < 1) throw new SitingInputError('candidateCount', `must be a positive integer, got ${m}`);
      if (d.length !== n * m) {
        throw new SitingInputError('distances', `has ${d.length} entries; expected ${n} demand × ${m} candidates = ${n * m}`);
      }
    } else {
      m = d.length / n;
      if (!Number.isInteger(m) || m < 1) {
        throw new SitingInputError('distances', `has ${d.length} entries, not a positive multiple of the ${n} demand points`);
      }
    }
    const distances = d instanceof Float64Array ? d : Float64Array.from(d as ArrayLike<number>);
    for (let k = 0; k < distances.length; k++) {
      const v = distances[k];
      if (Number.isNaN(v) || v < 0 || (!allowInfinite && v === Infinity)) {
        throw new SitingInputError(
          'distances',
          `entry ${k} (demand ${Math.floor(k / m)}, candidate ${k % m}) is ${v}; distances must be ${allowInfinite ? '≥ 0 (Infinity = unreachable)' : 'finite and ≥ 0'}`,
        );
      }
    }
    return { n, m, weights, metric, distances };
  }
  if (input.demandPoints === undefined) {
    throw new SitingInputError('demandPoints', 'give either distances or demandPoints (and optionally candidatePoints)');
  }
  const demandPoints = checkPoints('demandPoints', input.demandPoints, n, metric);
  const candidatePoints =
    input.candidatePoints === undefined ? demandPoints : checkPoints('candidatePoints', input.candidatePoints, undefined, metric);
  return { n, m: candidatePoints.length, weights, metric, demandPoints, candidatePoints };
}

export function prepareSettings(o: SolveOptions): Settings {
  const seed = o.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new SitingInputError('seed', `must be a finite number, got ${seed}`);
  const timeLimitSeconds = o.timeLimitSeconds ?? 10;
  if (typeof timeLimitSeconds !== 'number' || !(timeLimitSeconds > 0) || !Number.isFinite(timeLimitSeconds)) {
    throw new SitingInputError('timeLimitSeconds', `must be a finite number > 0, got ${timeLimitSeconds}`);
  }
  const stall = o.maxStallIterations;
  if (stall !== undefined && (!Number.isInteger(stall) || stall < 0)) {
    throw new SitingInputError('maxStallIterations', `must be an integer ≥ 0, got ${stall}`);
  }
  const h = o.heuristic ?? 'full';
  if (h !== 'full' && h !== 'greedy') throw new SitingInputError('heuristic', `must be "full" or "greedy", got ${JSON.stringify(h)}`);
  return { seed, timeLimitSeconds, maxStallIterations: stall, greedyOnly: h === 'greedy' };
}

export function checkRadius(radius: unknown): number {
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) {
    throw new SitingInputError('radius', `service radius must be a finite number > 0, got ${String(radius)}`);
  }
  return radius;
}

export function checkP(p: unknown, max: number, what = 'candidates'): number {
  if (typeof p !== 'number' || !Number.isInteger(p)) throw new SitingInputError('p', `must be an integer, got ${String(p)}`);
  if (p < 1) throw new SitingInputError('p', `must be at least 1, got ${p}`);
  if (p > max) throw new SitingInputError('p', `is ${p} but there are only ${max} ${what}`);
  return p;
}

export function checkFixed(fixed: unknown, m: number): Int32Array {
  if (fixed === undefined) return new Int32Array(0);
  if (!isArrayLike(fixed)) throw new SitingInputError('fixed', 'must be an array of candidate indices');
  const out = new Int32Array(fixed.length);
  const seen = new Set<number>();
  for (let k = 0; k < fixed.length; k++) {
    const v = fixed[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= m) {
      throw new SitingInputError('fixed', `fixed[${k}] is ${String(v)}; must be a candidate index in [0, ${m - 1}]`);
    }
    if (seen.has(v)) throw new SitingInputError('fixed', `candidate ${v} is listed twice`);
    seen.add(v);
    out[k] = v;
  }
  return out.sort();
}

/** Sparse coverage within `radius`, from the matrix or through the spatial index. */
export function buildCoverage(prep: Prepared, radius: number): Coverage {
  if (prep.distances) return coverageFromMatrix(prep.distances, prep.n, prep.m, radius);
  return coverageFromPoints(prep.demandPoints!, prep.candidatePoints!, prep.metric, radius);
}

/** Dense demand × candidate matrix (given, or computed from coordinates). */
export function denseDistances(prep: Prepared): Float64Array {
  if (prep.distances) return prep.distances;
  const cells = prep.n * prep.m;
  if (cells > 2e8) {
    throw new SitingInputError(
      'demandPoints',
      `${prep.n} demand × ${prep.m} candidates is too large for a dense distance matrix (p-median needs one)`,
    );
  }
  return distanceMatrix(prep.demandPoints!, prep.candidatePoints!, prep.metric);
}

export function gapOf(objective: number, bound: number): number {
  const den = Math.max(Math.abs(objective), Math.abs(bound));
  if (den === 0) return 0;
  const g = Math.abs(bound - objective) / den;
  return g < 1e-12 ? 0 : g;
}

export function isIntegral(values: ArrayLike<number>): boolean {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== Infinity && (!Number.isInteger(v) || Math.abs(v) > 2 ** 50)) return false;
  }
  return true;
}
