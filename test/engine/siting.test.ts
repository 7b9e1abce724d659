import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  SitingInputError,
  coverageFromMatrix,
  coverageFromPoints,
  distanceMatrix,
  haversineKm,
  parseOrlib,
  solveLscp,
  solveMclp,
  solvePMedian,
  type Point,
} from '../../src/engine/siting/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = path.join(repoRoot, 'test', 'fixtures');

// ---------- brute force references ----------

function* subsets(m: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield acc.slice();
    return;
  }
  for (let j = start; j <= m - (k - acc.length); j++) {
    acc.push(j);
    yield* subsets(m, k, j + 1, acc);
    acc.pop();
  }
}

function bruteMclp(w: number[], d: Float64Array, m: number, radius: number, p: number, fixed: number[] = []): number {
  const n = w.length;
  const free = Array.from({ length: m }, (_, j) => j).filter((j) => !fixed.includes(j));
  let best = -1;
  for (const s of subsets(free.length, p)) {
    const open = [...s.map((q) => free[q]), ...fixed];
    let c = 0;
    for (let i = 0; i < n; i++) if (open.some((j) => d[i * m + j] <= radius)) c += w[i];
    best = Math.max(best, c);
  }
  return best;
}

function bruteBudget(w: number[], d: Float64Array, m: number, radius: number, costs: number[], budget: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << m; mask++) {
    let cost = 0;
    for (let j = 0; j < m; j++) if (mask & (1 << j)) cost += costs[j];
    if (cost > budget) continue;
    let c = 0;
    for (let i = 0; i < w.length; i++) {
      for (let j = 0; j < m; j++) {
        if (mask & (1 << j) && d[i * m + j] <= radius) {
          c += w[i];
          break;
        }
      }
    }
    best = Math.max(best, c);
  }
  return best;
}

function brutePMedian(w: number[], d: Float64Array, m: number, p: number): number {
  let best = Infinity;
  for (const s of subsets(m, p)) {
    let c = 0;
    for (let i = 0; i < w.length; i++) {
      let mn = Infinity;
      for (const j of s) mn = Math.min(mn, d[i * m + j]);
      c += w[i] * mn;
    }
    best = Math.min(best, c);
  }
  return best;
}

function bruteLscp(w: number[], d: Float64Array, m: number, radius: number): number {
  const n = w.length;
  const need = Array.from({ length: n }, (_, i) => i).filter((i) => w[i] > 0 && Array.from({ length: m }, (_, j) => d[i * m + j] <= radius).some(Boolean));
  if (need.length === 0) return 0;
  for (let k = 1; k <= m; k++) {
    for (const s of subsets(m, k)) if (need.every((i) => s.some((j) => d[i * m + j] <= radius))) return k;
  }
  throw new Error('unreachable');
}

const instance = fc
  .record({ n: fc.integer({ min: 1, max: 9 }), m: fc.integer({ min: 1, max: 7 }), seed: fc.integer({ min: 0, max: 1e6 }) })
  .chain(({ n, m, seed }) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      seed: fc.constant(seed),
      w: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
      d: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n * m, maxLength: n * m }),
      p: fc.integer({ min: 1, max: m }),
      radius: fc.integer({ min: 1, max: 30 }),
    }),
  );

// ---------- exact answers on small random instances ----------

describe('small random instances vs brute force', () => {
  test('MCLP reaches the optimum and its bound is valid', () => {
    fc.assert(
      fc.property(instance, ({ m, w, d, p, radius, seed }) => {
        const D = Float64Array.from(d);
        const r = solveMclp({ weights: w, distances: D, radius, p, seed, timeLimitSeconds: 5 });
        const opt = bruteMclp(w, D, m, radius, p);
        assert.equal(r.objective, opt);
        assert.equal(r.sites.length, p);
        assert.ok(r.bound >= opt - 1e-9);
        assert.deepEqual(r.sites, [...r.sites].sort((a, b) => a - b));
      }),
      { numRuns: 150 },
    );
  });

  test('MCLP with fixed sites counts their coverage and keeps p new sites', () => {
    fc.assert(
      fc.property(instance, ({ m, w, d, radius, seed }) => {
        fc.pre(m >= 2);
        const D = Float64Array.from(d);
        const fixed = [m - 1];
        const p = Math.max(1, Math.floor((m - 1) / 2));
        const r = solveMclp({ weights: w, distances: D, radius, p, fixed, seed, timeLimitSeconds: 5 });
        assert.equal(r.objective, bruteMclp(w, D, m, radius, p, fixed));
        assert.ok(!r.sites.includes(m - 1));
        assert.deepEqual(r.fixedSites, fixed);
      }),
      { numRuns: 80 },
    );
  });

  test('MCLP with costs and a budget', () => {
    fc.assert(
      fc.property(instance, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 7, maxLength: 7 }), fc.integer({ min: 0, max: 20 }), ({ m, w, d, radius, seed }, c, budget) => {
        const D = Float64Array.from(d);
        const costs = c.slice(0, m);
        const r = solveMclp({ weights: w, distances: D, radius, costs, budget, seed, timeLimitSeconds: 5 });
        assert.equal(r.objective, bruteBudget(w, D, m, radius, costs, budget));
        assert.ok(r.cost <= budget);
      }),
      { numRuns: 100 },
    );
  });

  test('p-median reaches the optimum and its bound is valid', () => {
    fc.assert(
      fc.property(instance, ({ m, w, d, p, seed }) => {
        const D = Float64Array.from(d);
        const r = solvePMedian({ weights: w, distances: D, p, seed, timeLimitSeconds: 5 });
        const opt = brutePMedian(w, D, m, p);
        assert.equal(r.objective, opt);
        assert.ok(r.bound <= opt + 1e-9);
        assert.equal(r.sites.length, p);
        assert.equal(r.assignment.length, w.length);
      }),
      { numRuns: 150 },
    );
  });

  test('LSCP finds the fewest sites and reports uncoverable demand', () => {
    fc.assert(
      fc.property(instance, ({ n, m, w, d, radius, seed }) => {
        const D = Float64Array.from(d);
        const r = solveLscp({ weights: w, distances: D, radius, seed, timeLimitSeconds: 5 });
        assert.equal(r.objective, bruteLscp(w, D, m, radius));
        assert.ok(r.optimal);
        const unreachable = Array.from({ length: n }, (_, i) => i).filter(
          (i) => w[i] > 0 && !Array.from({ length: m }, (_, j) => D[i * m + j] <= radius).some(Boolean),
        );
        assert.deepEqual(r.uncoverable, unreachable);
        for (let i = 0; i < n; i++) {
          if (w[i] > 0 && !unreachable.includes(i)) assert.ok(r.sites.some((j) => D[i * m + j] <= radius));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('the same seed gives the same answer', () => {
    const rng = mulberry(7);
    const pts: Point[] = Array.from({ length: 120 }, () => ({ x: rng() * 10, y: rng() * 10 }));
    const w = pts.map(() => 1 + Math.floor(rng() * 9));
    const a = solvePMedian({ weights: w, demandPoints: pts, metric: 'planar', p: 6, seed: 3, maxStallIterations: 50 });
    const b = solvePMedian({ weights: w, demandPoints: pts, metric: 'planar', p: 6, seed: 3, maxStallIterations: 50 });
    assert.deepEqual(a.sites, b.sites);
    assert.equal(a.objective, b.objective);
    const c = solveMclp({ weights: w, demandPoints: pts, metric: 'planar', p: 4, radius: 1.5, seed: 3, maxStallIterations: 50 });
    const e = solveMclp({ weights: w, demandPoints: pts, metric: 'planar', p: 4, radius: 1.5, seed: 3, maxStallIterations: 50 });
    assert.deepEqual(c.sites, e.sites);
  });
});

function mulberry(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- distances and coverage ----------

describe('distances', () => {
  test('haversine: one degree of latitude ≈ 111.19 km, Paris–London ≈ 344 km', () => {
    assert.ok(Math.abs(haversineKm(0, 0, 0, 1) - 111.195) < 0.01);
    assert.ok(Math.abs(haversineKm(2.3522, 48.8566, -0.1276, 51.5072) - 343.6) < 1);
    assert.equal(haversineKm(10, 10, 10, 10), 0);
  });

  test('grid coverage equals the dense matrix coverage (planar and great-circle, across the antimeridian)', () => {
    const rng = mulberry(11);
    for (const metric of ['planar', 'greatCircle'] as const) {
      const demand: Point[] = Array.from({ length: 300 }, () => ({ x: 179 + rng() * 2, y: 60 + rng() }));
      const fix = (p: Point): Point => ({ x: p.x > 180 ? p.x - 360 : p.x, y: p.y });
      const dm = demand.map(fix);
      const cands: Point[] = Array.from({ length: 80 }, () => fix({ x: 179 + rng() * 2, y: 60 + rng() }));
      const radius = metric === 'planar' ? 0.3 : 25;
      const D = distanceMatrix(dm, cands, metric);
      const a = coverageFromPoints(dm, cands, metric, radius);
      const b = coverageFromMatrix(D, dm.length, cands.length, radius);
      assert.deepEqual(Array.from(a.demStart), Array.from(b.demStart));
      assert.deepEqual(Array.from(a.demCand), Array.from(b.demCand));
      assert.deepEqual(Array.from(a.candDemand), Array.from(b.candDemand));
      assert.ok(b.demCand.length > 0);
    }
  });

  test('coordinates and the equivalent explicit matrix give the same MCLP and p-median answers', () => {
    const rng = mulberry(5);
    const pts: Point[] = Array.from({ length: 60 }, () => ({ x: 116 + rng() * 0.3, y: 39.8 + rng() * 0.3 }));
    const w = pts.map(() => 1 + Math.floor(rng() * 5));
    const D = distanceMatrix(pts, pts, 'greatCircle');
    const a = solveMclp({ weights: w, demandPoints: pts, radius: 4, p: 3 });
    const b = solveMclp({ weights: w, distances: D, radius: 4, p: 3 });
    assert.equal(a.objective, b.objective);
    const c = solvePMedian({ weights: w, demandPoints: pts, p: 3 });
    const e = solvePMedian({ weights: w, distances: D, p: 3 });
    assert.ok(Math.abs(c.objective - e.objective) < 1e-9);
  });
});

// ---------- OR-Library ----------

describe('OR-Library parsing', () => {
  test('a duplicated edge: the later line wins, then shortest paths', () => {
    const text = ' 4 5 2 \n 1 2 10 \n 2 3 5\n3 4 1\n 1 2 3 \n1 4 100\n';
    const inst = parseOrlib(text);
    assert.equal(inst.n, 4);
    assert.equal(inst.p, 2);
    const d = (i: number, j: number): number => inst.distances[(i - 1) * 4 + (j - 1)];
    assert.equal(d(1, 2), 3); // later line (3) wins over the earlier 10
    assert.equal(d(2, 1), 3);
    assert.equal(d(1, 3), 8);
    assert.equal(d(1, 4), 9); // via 2 and 3, not the direct 100
    assert.equal(d(3, 3), 0);
  });

  test('the later line wins even when it is longer', () => {
    const inst = parseOrlib('2 2 1\n1 2 3\n1 2 7\n');
    assert.equal(inst.distances[1], 7);
  });

  test('malformed text throws SitingInputError', () => {
    assert.throws(() => parseOrlib('x y z'), SitingInputError);
    assert.throws(() => parseOrlib('3 1 1\n1 5 2\n'), SitingInputError);
    assert.throws(() => parseOrlib('3 2 1\n1 2 2\n'), SitingInputError);
  });

  test('pmed1 reaches the proven optimum 5819', () => {
    const inst = parseOrlib(readFileSync(path.join(dataDir, 'orlib-pmed', 'pmed1.txt'), 'utf8'));
    assert.equal(inst.n, 100);
    assert.equal(inst.p, 5);
    const r = solvePMedian({ weights: new Float64Array(inst.n).fill(1), distances: inst.distances, p: inst.p, timeLimitSeconds: 5 });
    assert.equal(r.objective, 5819);
    assert.ok(r.bound <= 5819);
  });
});

// ---------- spopt San Francisco ----------

function loadSf(): { w: number[]; D: Float64Array; stores: string[] } {
  const dir = path.join(dataDir, 'spopt-sf');
  const dem = readFileSync(path.join(dir, 'SF_demand_205_centroid_uniform_weight.csv'), 'utf8').trim().split(/\r?\n/);
  const head = dem[0].split(',').map((h) => h.replaceAll('"', ''));
  const nameCol = head.indexOf('NAME');
  const popCol = head.indexOf('POP2000');
  const pop = new Map(dem.slice(1).map((l) => l.split(',')).map((r) => [r[nameCol].replaceAll('"', ''), Number(r[popCol])]));
  const rows = readFileSync(path.join(dir, 'SF_network_distance_candidateStore_16_censusTract_205_new.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
  const tracts = [...new Set(rows.map((r) => r[2]))].sort();
  const stores = [...new Set(rows.map((r) => r[1]))].sort();
  const ti = new Map(tracts.map((t, i) => [t, i]));
  const si = new Map(stores.map((s, i) => [s, i]));
  const D = new Float64Array(tracts.length * stores.length).fill(NaN);
  for (const r of rows) D[ti.get(r[2])! * stores.length + si.get(r[1])!] = Number(r[0]);
  return { w: tracts.map((t) => pop.get(t)!), D, stores };
}

function loadExpected(): Array<Record<string, string>> {
  const lines = readFileSync(path.join(dataDir, 'spopt-sf', 'sf_expected.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [head[k], v])));
}

describe('spopt San Francisco instance', () => {
  const sf = loadSf();
  const expected = loadExpected();

  test('the matrix is complete: 205 tracts × 16 stores', () => {
    assert.equal(sf.w.length, 205);
    assert.equal(sf.stores.length, 16);
    assert.ok(sf.D.every((v) => Number.isFinite(v)));
  });

  for (const row of expected.filter((r) => r.model === 'MCLP')) {
    test(`MCLP p=${row.p}: covered population ${row.covered_pop}`, () => {
      const r = solveMclp({ weights: sf.w, distances: sf.D, radius: Number(row.service_radius_m), p: Number(row.p) });
      assert.equal(r.objective, Number(row.covered_pop));
      assert.equal(r.coveredCount, Number(row.covered_tracts));
      assert.equal(r.totalWeight, Number(row.total_pop));
    });
  }

  test('LSCP: 8 facilities, nothing uncoverable', () => {
    const row = expected.find((r) => r.model === 'LSCP')!;
    const r = solveLscp({ weights: sf.w, distances: sf.D, radius: Number(row.service_radius_m) });
    assert.equal(r.objective, Number(row.p));
    assert.equal(r.objective, 8);
    assert.ok(r.optimal);
    assert.deepEqual(r.uncoverable, []);
  });

  test('p-median p=4: total and mean weighted distance', () => {
    const row = expected.find((r) => r.model === 'PMEDIAN')!;
    const total = Number(/=([0-9.]+)/.exec(row.objective)![1]);
    const mean = Number(/mean_dist=([0-9.]+)/.exec(row.objective)![1]);
    const r = solvePMedian({ weights: sf.w, distances: sf.D, p: Number(row.p) });
    assert.ok(Math.abs(r.objective - total) / total < 1e-9, `${r.objective} vs ${total}`);
    assert.ok(Math.abs(r.meanDistance - mean) < 1e-6);
    assert.deepEqual(r.sites.map((j) => sf.stores[j]).sort(), row.optimal_sites.split(';').sort());
  });
});

// ---------- validation ----------

describe('bad input throws SitingInputError naming the field', () => {
  const pts: Point[] = [
    { x: 0, y: 0 },
    { x: 1, y: 1 },
    { x: 2, y: 0 },
  ];
  const ok = { weights: [1, 1, 1], demandPoints: pts, metric: 'planar' as const };
  const cases: Array<[string, string, () => unknown]> = [
    ['p < 1', 'p', () => solvePMedian({ ...ok, p: 0 })],
    ['p > candidates', 'p', () => solvePMedian({ ...ok, p: 4 })],
    ['p not an integer', 'p', () => solveMclp({ ...ok, p: 1.5, radius: 1 })],
    ['MCLP p > candidates', 'p', () => solveMclp({ ...ok, p: 9, radius: 1 })],
    ['no demand', 'weights', () => solvePMedian({ weights: [], demandPoints: [], p: 1 })],
    ['negative weight', 'weights', () => solveMclp({ ...ok, weights: [1, -2, 1], p: 1, radius: 1 })],
    ['NaN weight', 'weights', () => solveLscp({ ...ok, weights: [1, NaN, 1], radius: 1 })],
    ['NaN coordinate', 'demandPoints', () => solvePMedian({ ...ok, demandPoints: [pts[0], { x: NaN, y: 0 }, pts[2]], p: 1 })],
    ['infinite coordinate', 'candidatePoints', () => solveMclp({ ...ok, candidatePoints: [{ x: Infinity, y: 0 }], p: 1, radius: 1 })],
    ['longitude out of range', 'demandPoints', () => solveLscp({ weights: [1], demandPoints: [{ x: 181, y: 0 }], radius: 1 })],
    ['latitude out of range', 'candidatePoints', () => solveMclp({ weights: [1], demandPoints: [{ x: 0, y: 0 }], candidatePoints: [{ x: 0, y: -91 }], p: 1, radius: 1 })],
    ['radius = 0', 'radius', () => solveMclp({ ...ok, p: 1, radius: 0 })],
    ['radius < 0', 'radius', () => solveLscp({ ...ok, radius: -5 })],
    ['radius NaN', 'radius', () => solveLscp({ ...ok, radius: NaN })],
    ['point count ≠ weight count', 'demandPoints', () => solvePMedian({ ...ok, weights: [1, 1], p: 1 })],
    ['matrix size', 'distances', () => solvePMedian({ weights: [1, 1], distances: new Float64Array(3), p: 1 })],
    ['negative distance', 'distances', () => solveMclp({ weights: [1], distances: Float64Array.of(-1), p: 1, radius: 1 })],
    ['infinite distance for p-median', 'distances', () => solvePMedian({ weights: [1], distances: Float64Array.of(Infinity), p: 1 })],
    ['MCLP without p or budget', 'p', () => solveMclp({ ...ok, radius: 1 })],
    ['negative budget', 'budget', () => solveMclp({ ...ok, radius: 1, budget: -1 })],
    ['costs of the wrong length', 'costs', () => solveMclp({ ...ok, radius: 1, budget: 2, costs: [1] })],
    ['fixed out of range', 'fixed', () => solveMclp({ ...ok, radius: 1, p: 1, fixed: [7] })],
    ['time limit ≤ 0', 'timeLimitSeconds', () => solvePMedian({ ...ok, p: 1, timeLimitSeconds: 0 })],
    ['unknown metric', 'metric', () => solvePMedian({ ...ok, metric: 'manhattan' as never, p: 1 })],
  ];
  for (const [name, field, run] of cases) {
    test(`${name} → field "${field}"`, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof SitingInputError, `expected SitingInputError, got ${String(e)}`);
        assert.equal(e.field, field);
        assert.ok(e.message.length > field.length + 5);
        return true;
      });
    });
  }
});

describe('edge cases', () => {
  test('infinite distances mean unreachable for MCLP / LSCP', () => {
    const D = Float64Array.of(1, Infinity, Infinity, Infinity);
    const m = solveMclp({ weights: [3, 4], distances: D, radius: 2, p: 1 });
    assert.equal(m.objective, 3);
    const l = solveLscp({ weights: [3, 4], distances: D, radius: 2 });
    assert.equal(l.objective, 1);
    assert.deepEqual(l.uncoverable, [1]);
    assert.equal(l.uncoverableWeight, 4);
  });

  test('zero total weight and p equal to the candidate count', () => {
    const r = solvePMedian({ weights: [0, 0], distances: Float64Array.of(1, 2, 3, 4), p: 2 });
    assert.equal(r.objective, 0);
    assert.ok(r.optimal);
    const a = solvePMedian({ weights: [1, 2], distances: Float64Array.of(1, 2, 3, 4), p: 2 });
    assert.equal(a.objective, 1 * 1 + 2 * 3);
    assert.deepEqual(a.sites, [0, 1]);
  });
});
