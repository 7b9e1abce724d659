/**
 * p-median: choose p candidate sites minimising the total weighted distance from each demand point to
 * its nearest open site.
 *
 * Heuristic: lazy (CELF) greedy → Whitaker fast interchange (best improvement, O(n + p) per candidate
 * using nearest / second-nearest bookkeeping) → variable neighbourhood search (random k-swap shaking,
 * k = 1…kmax, interchange after each shake). Bound: Lagrangian relaxation of the assignment
 * constraints, optimised by subgradient; its primal solutions seed extra interchange runs
 * (Lagrangian heuristic). With integral data the bound is rounded up, so it often proves optimality
 * and the search stops early.
 */
import { Deadline } from './clock.ts';
import { MaxHeap, smallestK } from './heap.ts';
import { createRng, type Rng } from './random.ts';
import type { PMedianInput, PMedianResult } from './types.ts';
import { checkP, denseDistances, gapOf, isIntegral, prepareInput, prepareSettings, type Settings } from './validate.ts';

/**
 * Assignment state over a transposed weighted cost matrix C (candidate-major: C[k * n + i] is the
 * weighted cost of serving demand i from candidate k).
 */
export class PMedianState {
  readonly sites: Int32Array;
  readonly pos: Int32Array;
  readonly c1: Int32Array;
  readonly c2: Int32Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  cost = 0;
  private readonly c1p: Int32Array;
  private readonly loss: Float64Array;
  private readonly net: Float64Array;

  constructor(
    readonly C: Float64Array,
    readonly n: number,
    readonly m: number,
    readonly p: number,
  ) {
    this.sites = new Int32Array(p);
    this.pos = new Int32Array(m).fill(-1);
    this.c1 = new Int32Array(n);
    this.c2 = new Int32Array(n);
    this.d1 = new Float64Array(n);
    this.d2 = new Float64Array(n);
    this.c1p = new Int32Array(n);
    this.loss = new Float64Array(p);
    this.net = new Float64Array(p);
  }

  load(sites: ArrayLike<number>): void {
    this.pos.fill(-1);
    for (let q = 0; q < this.p; q++) {
      this.sites[q] = sites[q];
      this.pos[sites[q]] = q;
    }
    for (let i = 0; i < this.n; i++) this.rescan(i);
    this.recost();
  }

  private recost(): void {
    let s = 0;
    const d1 = this.d1;
    for (let i = 0; i < this.n; i++) s += d1[i];
    this.cost = s;
  }

  private rescan(i: number): void {
    const { C, n, sites, p } = this;
    let b1 = -1;
    let b2 = -1;
    let v1 = Infinity;
    let v2 = Infinity;
    for (let q = 0; q < p; q++) {
      const s = sites[q];
      const v = C[s * n + i];
      if (v < v1) {
        b2 = b1;
        v2 = v1;
        b1 = s;
        v1 = v;
      } else if (v < v2 || b2 < 0) {
        b2 = s;
        v2 = v;
      }
    }
    this.c1[i] = b1;
    this.d1[i] = v1;
    this.c2[i] = b2;
    this.d2[i] = v2;
  }

  /** Opens k and closes r (r open, k closed). */
  swap(k: number, r: number): void {
    const { C, n, c1, c2, d1, d2 } = this;
    const q = this.pos[r];
    this.sites[q] = k;
    this.pos[k] = q;
    this.pos[r] = -1;
    const base = k * n;
    for (let i = 0; i < n; i++) {
      const v = C[base + i];
      if (c1[i] === r) {
        if (v <= d2[i]) {
          c1[i] = k;
          d1[i] = v;
        } else this.rescan(i);
      } else if (c2[i] === r) {
        if (v < d1[i]) {
          c2[i] = c1[i];
          d2[i] = d1[i];
          c1[i] = k;
          d1[i] = v;
        } else this.rescan(i);
      } else if (v < d1[i]) {
        c2[i] = c1[i];
        d2[i] = d1[i];
        c1[i] = k;
        d1[i] = v;
      } else if (v < d2[i]) {
        c2[i] = k;
        d2[i] = v;
      }
    }
    this.recost();
  }

  private computeLoss(): void {
    const { n, pos, c1, d1, d2, c1p, loss } = this;
    loss.fill(0);
    for (let i = 0; i < n; i++) {
      const q = pos[c1[i]];
      c1p[i] = q;
      loss[q] += d2[i] - d1[i];
    }
  }

  /**
   * Whitaker's fast interchange: for a closed candidate k, one O(n + p) pass gives the gain of
   * opening k and, for every open r, the extra loss of closing r alongside (uses `loss` / `c1p`,
   * which must be current). Sets `moveDelta` (cost change, negative = better) and `moveOut`.
   */
  evaluate(k: number): void {
    const { C, n, p, d1, d2, c1p, loss, net } = this;
    net.set(loss);
    let gain = 0;
    const base = k * n;
    for (let i = 0; i < n; i++) {
      const v = C[base + i];
      const a = d1[i];
      if (v < a) {
        gain += a - v;
        net[c1p[i]] -= d2[i] - a;
      } else {
        const b = d2[i];
        if (v < b) net[c1p[i]] -= b - v;
      }
    }
    let r = 0;
    let mn = net[0];
    for (let q = 1; q < p; q++) {
      if (net[q] < mn) {
        mn = net[q];
        r = q;
      }
    }
    this.moveDelta = mn - gain;
    this.moveOut = this.sites[r];
  }

  moveDelta = 0;
  moveOut = -1;

  /**
   * Interchange local search (requires p ≥ 2). `best`: best improvement over all candidates per
   * move; otherwise first improvement cycling over candidates (best partner for each), which needs
   * far fewer evaluations on large instances. Returns the number of swaps made.
   */
  localSearch(deadline?: Deadline, best = this.m * (this.n + this.p) <= 400_000): number {
    const { m, p, pos } = this;
    if (p >= m) return 0;
    let moves = 0;
    this.computeLoss();
    if (best) {
      for (;;) {
        const eps = 1e-10 * (1 + Math.abs(this.cost));
        let bestDelta = -eps;
        let bestK = -1;
        let bestR = -1;
        for (let k = 0; k < m; k++) {
          if (pos[k] >= 0) continue;
          this.evaluate(k);
          if (this.moveDelta < bestDelta) {
            bestDelta = this.moveDelta;
            bestK = k;
            bestR = this.moveOut;
          }
        }
        if (bestK < 0) return moves;
        this.swap(bestK, bestR);
        this.computeLoss();
        moves++;
        if (deadline && (moves & 7) === 0 && deadline.expired()) return moves;
      }
    }
    let k = this.scanStart % m;
    let since = 0;
    let evals = 0;
    while (since < m) {
      k = k + 1 === m ? 0 : k + 1;
      since++;
      if (pos[k] >= 0) continue;
      this.evaluate(k);
      if (this.moveDelta < -1e-10 * (1 + Math.abs(this.cost))) {
        this.swap(k, this.moveOut);
        this.computeLoss();
        moves++;
        since = 0;
      }
      if ((++evals & 15) === 0 && deadline && deadline.expired()) break;
    }
    this.scanStart = k;
    return moves;
  }

  scanStart = 0;
}

/** Lazy (CELF) greedy: repeatedly open the candidate that most reduces the total cost. */
export function greedyPMedian(C: Float64Array, n: number, m: number, p: number): Int32Array {
  const chosen = new Int32Array(p);
  const open = new Uint8Array(m);
  let first = 0;
  let firstCost = Infinity;
  for (let k = 0; k < m; k++) {
    let s = 0;
    const base = k * n;
    for (let i = 0; i < n; i++) s += C[base + i];
    if (s < firstCost) {
      firstCost = s;
      first = k;
    }
  }
  chosen[0] = first;
  open[first] = 1;
  const d1 = C.slice(first * n, first * n + n);
  const gainOf = (k: number): number => {
    let g = 0;
    const base = k * n;
    for (let i = 0; i < n; i++) {
      const v = C[base + i];
      if (v < d1[i]) g += d1[i] - v;
    }
    return g;
  };
  const heap = new MaxHeap(m);
  for (let k = 0; k < m; k++) if (!open[k]) heap.push(k, gainOf(k));
  for (let c = 1; c < p; c++) {
    for (;;) {
      const k = heap.pop();
      const g = gainOf(k);
      if (heap.size === 0 || g >= heap.topKey()) {
        chosen[c] = k;
        open[k] = 1;
        const base = k * n;
        for (let i = 0; i < n; i++) if (C[base + i] < d1[i]) d1[i] = C[base + i];
        break;
      }
      heap.push(k, g);
    }
  }
  return chosen;
}

interface CoreResult {
  sites: Int32Array;
  /** Proven lower bound on the weighted cost (−Infinity when none was computed). */
  lowerBound: number;
  /** The returned sites are optimal by construction (enumeration / all open). */
  exact?: boolean;
  iterations: number;
  timedOut: boolean;
}

/** Lagrangian relaxation + heuristics on the weighted, candidate-major cost matrix. */
function solveCore(C: Float64Array, n: number, m: number, p: number, s: Settings, deadline: Deadline): CoreResult {
  const integral = isIntegral(C);
  const roundLb = (lb: number): number => (integral ? Math.ceil(lb - 1e-7 - 1e-12 * Math.abs(lb)) : lb);
  if (p === 1 || p >= m) {
    // exact: enumerate single sites, or open everything
    if (p >= m) return { sites: Int32Array.from({ length: m }, (_, k) => k), lowerBound: -Infinity, exact: true, iterations: 0, timedOut: false };
    let best = 0;
    let bestCost = Infinity;
    for (let k = 0; k < m; k++) {
      let c = 0;
      for (let i = 0; i < n; i++) c += C[k * n + i];
      if (c < bestCost) {
        bestCost = c;
        best = k;
      }
    }
    return { sites: Int32Array.of(best), lowerBound: -Infinity, exact: true, iterations: 0, timedOut: false };
  }
  const greedy = greedyPMedian(C, n, m, p);
  if (s.greedyOnly) {
    // trivial bound: every demand served by its nearest candidate
    let lb = 0;
    for (let i = 0; i < n; i++) {
      let mn = Infinity;
      for (let k = 0; k < m; k++) if (C[k * n + i] < mn) mn = C[k * n + i];
      lb += mn;
    }
    return { sites: greedy, lowerBound: lb, iterations: 0, timedOut: false };
  }
  const rng: Rng = createRng(s.seed);
  const st = new PMedianState(C, n, m, p);
  st.load(greedy);
  st.localSearch(deadline);
  const best = st.sites.slice();
  let ub = st.cost;
  let lb = -Infinity;
  const proven = (): boolean => roundLb(lb) >= ub - 1e-9 * (1 + Math.abs(ub));
  const consider = (sites: ArrayLike<number>): void => {
    st.load(sites);
    st.localSearch(deadline);
    if (st.cost < ub - 1e-10 * (1 + Math.abs(ub))) {
      ub = st.cost;
      best.set(st.sites);
    }
  };

  // --- Lagrangian relaxation (relax Σ_j x_ij = 1 with multipliers λ_i) ---
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = Infinity;
    let b = Infinity;
    for (let k = 0; k < m; k++) {
      const v = C[k * n + i];
      if (v < a) {
        b = a;
        a = v;
      } else if (v < b) b = v;
    }
    lambda[i] = b;
  }
  const rho = new Float64Array(m);
  const g = new Float64Array(n);
  const scratch = new Int32Array(m);
  let mu = 2;
  let sinceImprove = 0;
  let lastKey = '';
  const lrDeadline = deadline.start + (deadline.end - deadline.start) * 0.4;
  for (let it = 0; it < 3000 && mu > 1e-4; it++) {
    if (proven() || performance.now() > lrDeadline) break;
    let sumLambda = 0;
    for (let i = 0; i < n; i++) sumLambda += lambda[i];
    for (let k = 0; k < m; k++) {
      let r = 0;
      const base = k * n;
      for (let i = 0; i < n; i++) {
        const v = C[base + i] - lambda[i];
        if (v < 0) r += v;
      }
      rho[k] = r;
    }
    const sel = smallestK(rho, p, scratch);
    let L = sumLambda;
    for (let q = 0; q < p; q++) L += rho[sel[q]];
    g.fill(1);
    for (let q = 0; q < p; q++) {
      const base = sel[q] * n;
      for (let i = 0; i < n; i++) if (C[base + i] < lambda[i]) g[i] -= 1;
    }
    if (lb === -Infinity || L > lb + 1e-6 * (1 + Math.abs(lb))) sinceImprove = 0;
    else sinceImprove++;
    if (L > lb) lb = L;
    if (proven()) break;
    // Lagrangian heuristic: the relaxation's open sites as a start for interchange
    if (it % 10 === 0) {
      const sorted = Array.from(sel).sort((a, b) => a - b);
      const key = sorted.join(',');
      if (key !== lastKey) {
        lastKey = key;
        consider(sorted);
        if (proven()) break;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += g[i] * g[i];
    if (norm === 0) {
      // the relaxed solution is feasible, hence optimal for the relaxation and the problem
      consider(Array.from(sel));
      lb = Math.max(lb, L);
      break;
    }
    if (sinceImprove >= 30) {
      mu /= 2;
      sinceImprove = 0;
    }
    const t = (mu * Math.max(ub - L, 1e-9 * (1 + Math.abs(ub)))) / norm;
    for (let i = 0; i < n; i++) lambda[i] += t * g[i];
  }

  // --- variable neighbourhood search ---
  let iterations = 0;
  let timedOut = false;
  const kmax = Math.max(1, Math.min(p, m - p, 10));
  const maxStall = s.maxStallIterations ?? Math.max(2000, 20 * p);
  let stall = 0;
  let k = 1;
  st.load(best);
  while (!proven() && stall < maxStall) {
    if (deadline.expired()) {
      timedOut = true;
      break;
    }
    iterations++;
    for (let t = 0; t < k; t++) {
      const r = st.sites[rng.int(p)];
      let c = rng.int(m);
      while (st.pos[c] >= 0) c = rng.int(m);
      st.swap(c, r);
    }
    st.localSearch(deadline);
    const eps = 1e-10 * (1 + Math.abs(ub));
    if (st.cost < ub - eps) {
      ub = st.cost;
      best.set(st.sites);
      k = 1;
      stall = 0;
    } else {
      if (st.cost <= ub + eps) best.set(st.sites); // plateau move
      else st.load(best);
      k = k >= kmax ? 1 : k + 1;
      stall++;
    }
  }
  return { sites: best, lowerBound: roundLb(lb), iterations, timedOut };
}

export function solvePMedian(input: PMedianInput): PMedianResult {
  const settings = prepareSettings(input ?? ({} as PMedianInput));
  const deadline = new Deadline(settings.timeLimitSeconds);
  const prep = prepareInput(input, false);
  const p = checkP(input.p, prep.m);
  const D = denseDistances(prep);
  const { n, m, weights } = prep;
  // only demand with positive weight matters
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (weights[i] > 0) active.push(i);
  const na = active.length;
  let core: CoreResult;
  if (na === 0) {
    core = { sites: Int32Array.from({ length: p }, (_, k) => k), lowerBound: 0, exact: true, iterations: 0, timedOut: false };
  } else {
    const C = new Float64Array(m * na);
    for (let a = 0; a < na; a++) {
      const i = active[a];
      const w = weights[i];
      const row = i * m;
      for (let k = 0; k < m; k++) C[k * na + a] = w * D[row + k];
    }
    core = solveCore(C, na, m, p, settings, deadline);
  }
  const sites = Array.from(core.sites).sort((a, b) => a - b);
  const assignment = new Array<number>(n);
  let objective = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = sites[0];
    let bd = Infinity;
    const row = i * m;
    for (const j of sites) {
      const v = D[row + j];
      if (v < bd) {
        bd = v;
        best = j;
      }
    }
    assignment[i] = best;
    objective += weights[i] * bd;
    total += weights[i];
  }
  let bound = core.exact ? objective : Math.min(core.lowerBound, objective);
  const optimal = bound >= objective - 1e-9 * (1 + Math.abs(objective));
  if (optimal) bound = objective;
  return {
    model: 'pmedian',
    objective,
    bound,
    gap: gapOf(objective, bound),
    optimal,
    sites,
    seconds: deadline.elapsed(),
    iterations: core.iterations,
    timedOut: core.timedOut,
    meanDistance: total > 0 ? objective / total : 0,
    assignment,
  };
}
