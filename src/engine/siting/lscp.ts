/**
 * LSCP (location set covering problem, Toregas et al. 1971): the fewest new sites such that every
 * demand point with weight > 0 that some candidate can reach is within the radius of an open site
 * (fixed sites cover too and are not counted). Demand no candidate reaches is reported as
 * `uncoverable`, not treated as infeasible.
 *
 * Heuristic: lazy greedy cover + redundant-site removal, then repeated attempts to cover everything
 * with one site fewer (maximal-coverage iterated local search with unit weights). Bound: Lagrangian
 * relaxation of the covering constraints (rounded up), and a depth-first branch and bound
 * (branch on the demand point with the fewest candidates; disjoint-demand packing bound) that proves
 * optimality on small and medium instances within a node limit.
 */
import { Deadline } from './clock.ts';
import type { Coverage } from './coverage.ts';
import { CoverState, greedyFill, searchCoverage, type CoverProblem } from './cover.ts';
import { createRng } from './random.ts';
import type { LscpInput, LscpResult } from './types.ts';
import { buildCoverage, checkFixed, checkRadius, gapOf, prepareInput, prepareSettings } from './validate.ts';

function dropRedundant(st: CoverState): void {
  for (;;) {
    let worst = -1;
    for (let q = 0; q < st.count; q++) {
      const j = st.list[q];
      if (st.loss[j] <= 0 && (worst < 0 || j > worst)) worst = j;
    }
    if (worst < 0) return;
    st.remove(worst);
  }
}

/** Lagrangian lower bound for set cover over the needed demand (before rounding). */
function setCoverBound(cov: Coverage, needed: Uint8Array, allowed: Uint8Array, ub: number, endTime: number): number {
  const { n, m, candStart, candDemand, demStart, demCand } = cov;
  const size = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    if (!allowed[j]) continue;
    for (let r = candStart[j]; r < candStart[j + 1]; r++) if (needed[candDemand[r]]) size[j]++;
  }
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!needed[i]) continue;
    let best = 0;
    for (let r = demStart[i]; r < demStart[i + 1]; r++) {
      const j = demCand[r];
      if (allowed[j] && size[j] > 0) best = Math.max(best, 1 / size[j]);
    }
    u[i] = best;
  }
  const red = new Float64Array(m);
  const cnt = new Float64Array(n);
  const g = new Float64Array(n);
  let lb = 0;
  let mu = 2;
  let since = 0;
  for (let it = 0; it < 1000 && mu > 1e-4; it++) {
    if (performance.now() > endTime) break;
    let L = 0;
    for (let i = 0; i < n; i++) if (needed[i]) L += u[i];
    cnt.fill(0);
    for (let j = 0; j < m; j++) {
      if (!allowed[j]) continue;
      let s = 0;
      for (let r = candStart[j]; r < candStart[j + 1]; r++) s += u[candDemand[r]];
      red[j] = 1 - s;
      if (red[j] < 0) {
        L += red[j];
        for (let r = candStart[j]; r < candStart[j + 1]; r++) cnt[candDemand[r]] += 1;
      }
    }
    if (L > lb + 1e-6) since = 0;
    else since++;
    if (L > lb) lb = L;
    if (Math.ceil(lb - 1e-7) >= ub) break;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      if (!needed[i]) continue;
      let gi = 1 - cnt[i];
      if (u[i] <= 0 && gi < 0) gi = 0;
      g[i] = gi;
      norm += gi * gi;
    }
    if (norm === 0) break;
    if (since >= 20) {
      mu /= 2;
      since = 0;
    }
    const t = (mu * Math.max(ub - L, 1e-6)) / norm;
    for (let i = 0; i < n; i++) {
      if (!needed[i]) continue;
      const v = u[i] + t * g[i];
      u[i] = v > 0 ? v : 0;
    }
  }
  return lb;
}

/** Depth-first branch and bound for the minimum cover. Returns a better cover (or null) and whether the search completed. */
function branchAndBound(
  cov: Coverage,
  neededList: Int32Array,
  allowed: Uint8Array,
  incumbent: number,
  deadline: Deadline,
  nodeLimit: number,
): { cover: number[] | null; complete: boolean } {
  const { candStart, candDemand, demStart, demCand, m } = cov;
  const cnt = new Int32Array(cov.n);
  const forbidden = new Uint8Array(m);
  const used = new Int32Array(m);
  let stamp = 0;
  const chosen: number[] = [];
  let best = incumbent;
  let bestCover: number[] | null = null;
  let nodes = 0;
  let aborted = false;
  const newly = (j: number): number => {
    let c = 0;
    for (let r = candStart[j]; r < candStart[j + 1]; r++) if (cnt[candDemand[r]] === 0) c++;
    return c;
  };
  const open = (j: number, d: number): void => {
    for (let r = candStart[j]; r < candStart[j + 1]; r++) cnt[candDemand[r]] += d;
  };
  const dfs = (depth: number): void => {
    if (aborted) return;
    if (++nodes > nodeLimit || ((nodes & 63) === 0 && deadline.expired())) {
      aborted = true;
      return;
    }
    let pick = -1;
    let pickCount = Infinity;
    for (const i of neededList) {
      if (cnt[i] > 0) continue;
      let c = 0;
      for (let r = demStart[i]; r < demStart[i + 1]; r++) {
        const j = demCand[r];
        if (allowed[j] && !forbidden[j]) c++;
      }
      if (c === 0) return; // cannot be covered in this branch
      if (c < pickCount) {
        pickCount = c;
        pick = i;
      }
    }
    if (pick < 0) {
      if (depth < best) {
        best = depth;
        bestCover = chosen.slice();
      }
      return;
    }
    // packing bound: uncovered demand points with pairwise disjoint candidate sets need distinct sites
    stamp++;
    let lb = 0;
    for (const i of neededList) {
      if (cnt[i] > 0) continue;
      let clash = false;
      for (let r = demStart[i]; r < demStart[i + 1]; r++) {
        const j = demCand[r];
        if (allowed[j] && !forbidden[j] && used[j] === stamp) {
          clash = true;
          break;
        }
      }
      if (clash) continue;
      lb++;
      for (let r = demStart[i]; r < demStart[i + 1]; r++) used[demCand[r]] = stamp;
    }
    if (depth + lb >= best) return;
    const cands: number[] = [];
    for (let r = demStart[pick]; r < demStart[pick + 1]; r++) {
      const j = demCand[r];
      if (allowed[j] && !forbidden[j]) cands.push(j);
    }
    const score = new Map(cands.map((j) => [j, newly(j)]));
    cands.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
    const banned: number[] = [];
    for (const j of cands) {
      chosen.push(j);
      open(j, 1);
      dfs(depth + 1);
      open(j, -1);
      chosen.pop();
      if (aborted) break;
      forbidden[j] = 1;
      banned.push(j);
    }
    for (const j of banned) forbidden[j] = 0;
  };
  dfs(0);
  return { cover: bestCover, complete: !aborted };
}

export function solveLscp(input: LscpInput): LscpResult {
  const settings = prepareSettings(input ?? ({} as LscpInput));
  const deadline = new Deadline(settings.timeLimitSeconds);
  const prep = prepareInput(input, true);
  const radius = checkRadius(input.radius);
  const { n, m, weights } = prep;
  const fixed = checkFixed(input.fixed, m);
  const cov = buildCoverage(prep, radius);
  const isFixed = new Uint8Array(m);
  for (const j of fixed) isFixed[j] = 1;
  const needed = new Uint8Array(n);
  const uncoverable: number[] = [];
  let uncoverableWeight = 0;
  for (let i = 0; i < n; i++) {
    if (weights[i] <= 0) continue;
    let byFixed = false;
    let reachable = false;
    for (let r = cov.demStart[i]; r < cov.demStart[i + 1]; r++) {
      if (isFixed[cov.demCand[r]]) byFixed = true;
      else reachable = true;
    }
    if (byFixed) continue;
    if (reachable) needed[i] = 1;
    else {
      uncoverable.push(i);
      uncoverableWeight += weights[i];
    }
  }
  const allowed = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    if (isFixed[j]) continue;
    for (let r = cov.candStart[j]; r < cov.candStart[j + 1]; r++) {
      if (needed[cov.candDemand[r]]) {
        allowed[j] = 1;
        break;
      }
    }
  }
  // unit weights: LSCP counts demand points, whatever their weight
  const U = new Float64Array(n);
  let target = 0;
  for (let i = 0; i < n; i++) {
    if (needed[i]) {
      U[i] = 1;
      target++;
    }
  }

  let best: number[] = [];
  let bound = 0;
  let optimal = true;
  let iterations = 0;
  let timedOut = false;
  if (target > 0) {
    const base: CoverProblem = { cov, W: U, allowed, fixed: new Int32Array(0), pMax: Infinity, costs: null, budget: Infinity, fill: false, integral: true };
    const st = new CoverState(base);
    greedyFill(st);
    dropRedundant(st);
    best = Array.from(st.list.slice(0, st.count));
    if (!settings.greedyOnly) {
      const rng = createRng(settings.seed);
      const lrEnd = performance.now() + deadline.remaining() * 1000 * 0.2;
      bound = Math.max(1, Math.ceil(setCoverBound(cov, needed, allowed, best.length, lrEnd) - 1e-7));
      // try to cover everything with one site fewer, until that fails or the bound is met
      while (best.length > bound && !deadline.expired()) {
        const k = best.length - 1;
        st.setTo(best, markOf(best, m));
        let drop = st.list[0];
        for (let q = 1; q < st.count; q++) if (st.loss[st.list[q]] < st.loss[drop]) drop = st.list[q];
        const start = best.filter((j) => j !== drop);
        const res = searchCoverage(
          { ...base, pMax: k, fill: true },
          { rng, deadline, target, maxStall: settings.maxStallIterations ?? Math.max(100, 2 * k), withBound: false, initial: start },
        );
        iterations += res.iterations;
        if (res.covered < target - 1e-9) break;
        st.setTo(res.sites, markOf(res.sites, m));
        dropRedundant(st);
        best = Array.from(st.list.slice(0, st.count));
      }
      if (best.length > bound && !deadline.expired()) {
        const neededList = Int32Array.from({ length: n }, (_, i) => i).filter((i) => needed[i] === 1);
        const bb = branchAndBound(cov, neededList, allowed, best.length, deadline, 2_000_000);
        if (bb.cover) best = bb.cover;
        if (bb.complete) bound = best.length;
      }
      timedOut = deadline.expired() && best.length > bound;
    } else bound = 1;
    optimal = bound >= best.length;
  }
  const sites = best.slice().sort((a, b) => a - b);
  const objective = sites.length;
  return {
    model: 'lscp',
    objective,
    bound: Math.min(bound, objective),
    gap: gapOf(objective, Math.min(bound, objective)),
    optimal,
    sites,
    seconds: deadline.elapsed(),
    iterations,
    timedOut,
    fixedSites: Array.from(fixed),
    uncoverable,
    uncoverableWeight,
  };
}

function markOf(sites: ArrayLike<number>, m: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let q = 0; q < sites.length; q++) out[sites[q]] = 1;
  return out;
}
