/**
 * `npm run bench -- siting [--time-limit S] [--scale-time-limit S]`: facility-siting engine.
 *  - OR-Library pmed1–20: objective vs proven optimum, gap, time (parse + Floyd–Warshall + solve);
 *  - spopt San Francisco: MCLP p=1..6, LSCP, p-median p=4 vs the expected values;
 *  - scale: MCLP on a generated (seeded) instance, 50,000 demand points, 10,000 candidates, p=500;
 *  - baseline in the same run: plain lazy greedy (no interchange / perturbation) on the same instances.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, parseOrlib, solveLscp, solveMclp, solvePMedian, type Point } from '../src/engine/siting/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(repoRoot, 'test', 'fixtures');

function flag(args: string[], name: string, dflt: number): number {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? Number(args[k + 1]) : dflt;
}

const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;

function pmedBench(timeLimit: number): Record<string, unknown> {
  const optima = readFileSync(path.join(dataDir, 'orlib-pmed', 'optima.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const rows: Array<Record<string, unknown>> = [];
  console.log(`\nOR-Library p-median (time limit ${timeLimit} s per instance; time = parse + Floyd–Warshall + solve)`);
  console.log('instance    n    p   optimum  objective      gap  bound   proven  time(s) | greedy     gap   time(s)');
  let sumGap = 0;
  let sumGreedyGap = 0;
  let optimaHit = 0;
  let greedyHit = 0;
  let proven = 0;
  let maxTime = 0;
  for (const [name, , , , optStr] of optima) {
    const optimum = Number(optStr);
    const t0 = performance.now();
    const inst = parseOrlib(readFileSync(path.join(dataDir, 'orlib-pmed', `${name}.txt`), 'utf8'));
    const parseSeconds = (performance.now() - t0) / 1000;
    const weights = new Float64Array(inst.n).fill(1);
    const full = solvePMedian({ weights, distances: inst.distances, p: inst.p, timeLimitSeconds: timeLimit, seed: 1 });
    const seconds = parseSeconds + full.seconds;
    const greedy = solvePMedian({ weights, distances: inst.distances, p: inst.p, heuristic: 'greedy' });
    const gap = (full.objective - optimum) / optimum;
    const greedyGap = (greedy.objective - optimum) / optimum;
    sumGap += gap;
    sumGreedyGap += greedyGap;
    if (full.objective === optimum) optimaHit++;
    if (greedy.objective === optimum) greedyHit++;
    if (full.optimal) proven++;
    maxTime = Math.max(maxTime, seconds);
    rows.push({
      instance: name,
      n: inst.n,
      p: inst.p,
      optimum,
      objective: full.objective,
      gap,
      bound: full.bound,
      provenOptimal: full.optimal,
      iterations: full.iterations,
      seconds,
      greedyObjective: greedy.objective,
      greedyGap,
      greedySeconds: parseSeconds + greedy.seconds,
    });
    console.log(
      `${name.padEnd(8)} ${String(inst.n).padStart(4)} ${String(inst.p).padStart(4)} ${String(optimum).padStart(9)} ${String(full.objective).padStart(10)} ${pct(gap).padStart(8)} ${String(full.bound).padStart(6)} ${String(full.optimal).padStart(8)} ${seconds.toFixed(2).padStart(8)} | ${String(greedy.objective).padStart(6)} ${pct(greedyGap).padStart(8)} ${(parseSeconds + greedy.seconds).toFixed(2).padStart(6)}`,
    );
  }
  const n = optima.length;
  const summary = {
    instances: n,
    meanGap: sumGap / n,
    optimaReached: optimaHit,
    provenOptimal: proven,
    maxSeconds: maxTime,
    greedyMeanGap: sumGreedyGap / n,
    greedyOptimaReached: greedyHit,
  };
  console.log(
    `mean gap ${pct(summary.meanGap)}, optimum reached on ${optimaHit}/${n} (bound proves ${proven}), max time ${maxTime.toFixed(2)} s | greedy: mean gap ${pct(summary.greedyMeanGap)}, optimum on ${greedyHit}/${n}`,
  );
  return { ...summary, rows };
}

function sfBench(): Record<string, unknown> {
  const dir = path.join(dataDir, 'spopt-sf');
  const dem = readFileSync(path.join(dir, 'SF_demand_205_centroid_uniform_weight.csv'), 'utf8').trim().split(/\r?\n/);
  const head = dem[0].split(',').map((h) => h.replaceAll('"', ''));
  const nameCol = head.indexOf('NAME');
  const popCol = head.indexOf('POP2000');
  const pop = new Map(dem.slice(1).map((l) => l.split(',')).map((r) => [r[nameCol].replaceAll('"', ''), Number(r[popCol])]));
  const rows = readFileSync(path.join(dir, 'SF_network_distance_candidateStore_16_censusTract_205_new.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const tracts = [...new Set(rows.map((r) => r[2]))].sort();
  const stores = [...new Set(rows.map((r) => r[1]))].sort();
  const ti = new Map(tracts.map((t, i) => [t, i]));
  const si = new Map(stores.map((s, i) => [s, i]));
  const D = new Float64Array(tracts.length * stores.length);
  for (const r of rows) D[ti.get(r[2])! * stores.length + si.get(r[1])!] = Number(r[0]);
  const weights = tracts.map((t) => pop.get(t)!);
  const expLines = readFileSync(path.join(dir, 'sf_expected.csv'), 'utf8').trim().split(/\r?\n/);
  const eh = expLines[0].split(',');
  const expected = expLines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [eh[k], v])));
  const out: Array<Record<string, unknown>> = [];
  console.log('\nspopt San Francisco (205 tracts × 16 stores, radius 5000 m)');
  console.log('case          expected          objective        match  greedy            time(s)');
  const show = (c: string, exp: number, obj: number, greedy: number, secs: number, sites: number[]): void => {
    const match = Math.abs(obj - exp) <= 1e-6 * Math.max(1, Math.abs(exp));
    out.push({ case: c, expected: exp, objective: obj, match, greedy, seconds: secs, sites: sites.map((j) => stores[j]) });
    console.log(`${c.padEnd(12)} ${String(exp).padStart(16)} ${String(obj).padStart(18)} ${String(match).padStart(6)}  ${String(greedy).padStart(16)}  ${secs.toFixed(3)}`);
  };
  for (const e of expected.filter((r) => r.model === 'MCLP')) {
    const p = Number(e.p);
    const r = solveMclp({ weights, distances: D, radius: 5000, p });
    const g = solveMclp({ weights, distances: D, radius: 5000, p, heuristic: 'greedy' });
    show(`MCLP p=${p}`, Number(e.covered_pop), r.objective, g.objective, r.seconds, r.sites);
  }
  {
    const e = expected.find((r) => r.model === 'LSCP')!;
    const r = solveLscp({ weights, distances: D, radius: 5000 });
    const g = solveLscp({ weights, distances: D, radius: 5000, heuristic: 'greedy' });
    show('LSCP', Number(e.p), r.objective, g.objective, r.seconds, r.sites);
  }
  {
    const e = expected.find((r) => r.model === 'PMEDIAN')!;
    const total = Number(/=([0-9.]+)/.exec(e.objective)![1]);
    const r = solvePMedian({ weights, distances: D, p: 4 });
    const g = solvePMedian({ weights, distances: D, p: 4, heuristic: 'greedy' });
    show('p-median p=4', total, r.objective, g.objective, r.seconds, r.sites);
  }
  const allMatch = out.every((r) => r.match);
  console.log(`all SF values match: ${allMatch}`);
  return { allMatch, cases: out };
}

function scaleBench(timeLimit: number): Record<string, unknown> {
  const N = 50_000;
  const M = 10_000;
  const P = 500;
  const radius = 3; // km: ≈ 28 candidates per demand point
  const rng = createRng(20240601);
  const lon0 = 116.0;
  const lat0 = 39.5;
  const centres = Array.from({ length: 30 }, () => ({ x: lon0 + rng.next(), y: lat0 + rng.next() }));
  const gauss = (): number => Math.sqrt(-2 * Math.log(rng.next() || 1e-12)) * Math.cos(2 * Math.PI * rng.next());
  const demand: Point[] = Array.from({ length: N }, (_, i) => {
    if (i % 5 < 3) {
      const c = centres[rng.int(centres.length)];
      return { x: c.x + gauss() * 0.05, y: Math.max(-90, Math.min(90, c.y + gauss() * 0.04)) };
    }
    return { x: lon0 + rng.next(), y: lat0 + rng.next() };
  });
  const candidates: Point[] = Array.from({ length: M }, () => ({ x: lon0 + rng.next(), y: lat0 + rng.next() }));
  const weights = Array.from({ length: N }, () => 1 + rng.int(100));
  console.log(`\nscale: MCLP, ${N} demand points (60% clustered), ${M} candidates, p=${P}, radius ${radius} km (great-circle), time limit ${timeLimit} s`);
  const greedy = solveMclp({ weights, demandPoints: demand, candidatePoints: candidates, radius, p: P, heuristic: 'greedy' });
  const full = solveMclp({ weights, demandPoints: demand, candidatePoints: candidates, radius, p: P, timeLimitSeconds: timeLimit, seed: 1 });
  const res = {
    demand: N,
    candidates: M,
    p: P,
    radiusKm: radius,
    totalWeight: full.totalWeight,
    objective: full.objective,
    coveredShare: full.objective / full.totalWeight,
    bound: full.bound,
    gap: full.gap,
    iterations: full.iterations,
    seconds: full.seconds,
    greedyObjective: greedy.objective,
    greedyCoveredShare: greedy.objective / greedy.totalWeight,
    greedyGap: (greedy.bound - greedy.objective) / greedy.bound,
    greedySeconds: greedy.seconds,
  };
  console.log(
    `full:   covered ${full.objective} of ${full.totalWeight} (${pct(res.coveredShare)}), bound ${full.bound}, gap ${pct(full.gap)}, ${full.iterations} ILS iterations, ${full.seconds.toFixed(2)} s`,
  );
  console.log(`greedy: covered ${greedy.objective} (${pct(res.greedyCoveredShare)}), gap ${pct(res.greedyGap)}, ${greedy.seconds.toFixed(2)} s`);
  return res;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const timeLimit = flag(args, '--time-limit', 1.2);
  const scaleLimit = flag(args, '--scale-time-limit', 8);
  const pmed = pmedBench(timeLimit);
  const sf = sfBench();
  const scale = scaleBench(scaleLimit);
  return { pmed, sf, scale };
}
