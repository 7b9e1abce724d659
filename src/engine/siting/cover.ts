/**
 * Maximal-coverage machinery shared by MCLP and LSCP: incremental coverage state over sparse
 * coverage lists, lazy greedy, swap/add local search, iterated local search with random
 * perturbation, and the Lagrangian upper bound.
 */
import type { Deadline } from './clock.ts';
import type { Coverage } from './coverage.ts';
import { MaxHeap, smallestK } from './heap.ts';
import type { Rng } from './random.ts';

export interface CoverProblem {
  cov: Coverage;
  /** Weight of each demand point (may be changed between calls, not during one). */
  W: Float64Array;
  /** Candidates that may be opened (not fixed, covering something). */
  allowed: Uint8Array;
  /** Already-open candidates. */
  fixed: Int32Array;
  /** Maximum number of new sites (Infinity when only a budget applies). */
  pMax: number;
  /** Per-candidate cost, or null. */
  costs: Float64Array | null;
  /** Budget for new sites (Infinity when none). */
  budget: number;
  /** Open exactly pMax sites even when some add nothing (p-mode). */
  fill: boolean;
  /** Whether all weights are integers (objective values then integral). */
  integral: boolean;
}

/** Incremental coverage: counts, sole coverer (via index sums) and per-site loss of closing. */
export class CoverState {
  readonly cnt: Int32Array;
  readonly sid: Float64Array;
  readonly loss: Float64Array;
  readonly open: Uint8Array;
  /** Open non-fixed sites, in no particular order. */
  readonly list: Int32Array;
  readonly listPos: Int32Array;
  count = 0;
  covered = 0;
  cost = 0;
  private readonly extra: Float64Array;
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private order: Int32Array = new Int32Array(0);
  private orderDirty = true;
  readonly isFixed: Uint8Array;

  constructor(readonly P: CoverProblem) {
    const { n, m } = P.cov;
    this.cnt = new Int32Array(n);
    this.sid = new Float64Array(n);
    this.loss = new Float64Array(m);
    this.open = new Uint8Array(m);
    this.list = new Int32Array(m);
    this.listPos = new Int32Array(m).fill(-1);
    this.extra = new Float64Array(m);
    this.mark = new Int32Array(m);
    this.touched = new Int32Array(m);
    this.isFixed = new Uint8Array(m);
    for (const j of P.fixed) {
      this.isFixed[j] = 1;
      this.raw(j, true);
    }
  }

  private raw(j: number, add: boolean): void {
    const { candStart, candDemand } = this.P.cov;
    const W = this.P.W;
    const { cnt, sid, loss } = this;
    if (add) {
      this.open[j] = 1;
      for (let r = candStart[j]; r < candStart[j + 1]; r++) {
        const i = candDemand[r];
        const c = cnt[i];
        const w = W[i];
        if (c === 0) {
          this.covered += w;
          loss[j] += w;
        } else if (c === 1) loss[sid[i]] -= w;
        sid[i] += j;
        cnt[i] = c + 1;
      }
    } else {
      this.open[j] = 0;
      for (let r = candStart[j]; r < candStart[j + 1]; r++) {
        const i = candDemand[r];
        const c = cnt[i] - 1;
        cnt[i] = c;
        const s = sid[i] - j;
        sid[i] = s;
        if (c === 0) this.covered -= W[i];
        else if (c === 1) loss[s] += W[i];
      }
      loss[j] = 0;
    }
    this.orderDirty = true;
  }

  add(j: number): void {
    this.raw(j, true);
    this.listPos[j] = this.count;
    this.list[this.count++] = j;
    if (this.P.costs) this.cost += this.P.costs[j];
  }

  remove(j: number): void {
    this.raw(j, false);
    const q = this.listPos[j];
    const last = this.list[--this.count];
    this.list[q] = last;
    this.listPos[last] = q;
    this.listPos[j] = -1;
    if (this.P.costs) this.cost -= this.P.costs[j];
  }

  /** Weight newly covered by opening k. */
  gain(k: number): number {
    const { candStart, candDemand } = this.P.cov;
    const W = this.P.W;
    let g = 0;
    for (let r = candStart[k]; r < candStart[k + 1]; r++) {
      const i = candDemand[r];
      if (this.cnt[i] === 0) g += W[i];
    }
    return g;
  }

  /** Recomputes `covered` exactly (the incremental sum may drift with fractional weights). */
  exactCovered(): number {
    let s = 0;
    const W = this.P.W;
    for (let i = 0; i < this.cnt.length; i++) if (this.cnt[i] > 0) s += W[i];
    this.covered = s;
    return s;
  }

  /** Sets the open non-fixed sites to exactly `sites` by closing / opening the difference. */
  setTo(sites: ArrayLike<number>, want: Uint8Array): void {
    for (let q = this.count - 1; q >= 0; q--) {
      const j = this.list[q];
      if (!want[j]) this.remove(j);
    }
    for (let q = 0; q < sites.length; q++) if (!this.open[sites[q]]) this.add(sites[q]);
  }

  private sortOrder(): void {
    const o = this.list.slice(0, this.count);
    const loss = this.loss;
    o.sort((a, b) => loss[a] - loss[b] || a - b);
    this.order = o;
    this.orderDirty = false;
  }

  /** Result of the last `bestMoveFor`: weight change and the site to close (−1: plain add). */
  moveDelta = -Infinity;
  moveOut = -1;

  private feasibleSwap(j: number, ck: number): boolean {
    const costs = this.P.costs;
    return !costs || this.cost - costs[j] + ck <= this.P.budget + 1e-9 * (1 + Math.abs(this.P.budget));
  }

  /**
   * Best move opening closed candidate k: a swap with the best open site, or a plain add when the
   * count and budget allow; sets `moveDelta` / `moveOut`. O(|C_k|) plus a short scan of the open
   * sites ordered by loss.
   */
  bestMoveFor(k: number): void {
    const P = this.P;
    const { candStart, candDemand } = P.cov;
    const W = P.W;
    const { cnt, sid, extra, mark, touched, loss, isFixed } = this;
    const stamp = ++this.stamp;
    let nTouched = 0;
    let g = 0;
    for (let r = candStart[k]; r < candStart[k + 1]; r++) {
      const i = candDemand[r];
      const c = cnt[i];
      if (c === 0) g += W[i];
      else if (c === 1) {
        const j = sid[i];
        if (mark[j] !== stamp) {
          mark[j] = stamp;
          extra[j] = 0;
          touched[nTouched++] = j;
        }
        extra[j] += W[i];
      }
    }
    const costs = P.costs;
    const ck = costs ? costs[k] : 0;
    let bestDelta = -Infinity;
    let bestOut = -1;
    if (this.count < P.pMax && (!costs || this.cost + ck <= P.budget + 1e-9 * (1 + Math.abs(P.budget)))) {
      bestDelta = g;
    }
    if (this.count > 0) {
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t];
        if (isFixed[j] || !this.feasibleSwap(j, ck)) continue;
        const d = g + extra[j] - loss[j];
        if (d > bestDelta) {
          bestDelta = d;
          bestOut = j;
        }
      }
      if (this.orderDirty) this.sortOrder();
      const order = this.order;
      for (let q = 0; q < order.length; q++) {
        const j = order[q];
        if (mark[j] === stamp || !this.feasibleSwap(j, ck)) continue;
        const d = g - loss[j];
        if (d > bestDelta) {
          bestDelta = d;
          bestOut = j;
        }
        break;
      }
    }
    this.moveDelta = bestDelta;
    this.moveOut = bestOut;
  }

  /** Candidates sharing at least one demand point with candidate s (including s), appended to `out`. */
  neighbours(s: number, out: number[], seen: Int32Array, stamp: number): void {
    const { candStart, candDemand, demStart, demCand } = this.P.cov;
    for (let r = candStart[s]; r < candStart[s + 1]; r++) {
      const i = candDemand[r];
      for (let q = demStart[i]; q < demStart[i + 1]; q++) {
        const k = demCand[q];
        if (seen[k] !== stamp) {
          seen[k] = stamp;
          out.push(k);
        }
      }
    }
  }
}

/** Lazy greedy from the current state: adds sites while count/budget allow (and, unless `fill`, while they add weight). */
export function greedyFill(st: CoverState, first?: number): void {
  const P = st.P;
  const m = P.cov.m;
  const costs = P.costs;
  const tol = 1e-9 * (1 + Math.abs(P.budget));
  if (first !== undefined && !st.open[first]) st.add(first);
  const key = (k: number, g: number): number => {
    if (!costs) return g;
    const c = costs[k];
    return c > 0 ? g / c : g > 0 ? Infinity : 0;
  };
  const heap = new MaxHeap(m);
  for (let k = 0; k < m; k++) if (P.allowed[k] && !st.open[k]) heap.push(k, key(k, st.gain(k)));
  while (st.count < P.pMax && heap.size > 0) {
    const k = heap.pop();
    if (costs && st.cost + costs[k] > P.budget + tol) continue; // never affordable again
    const g = st.gain(k);
    const v = key(k, g);
    if (heap.size === 0 || v >= heap.topKey()) {
      if (g <= 0 && !P.fill) break;
      st.add(k);
    } else heap.push(k, v);
  }
  if (P.fill && st.count < P.pMax) {
    // candidates covering nothing (not allowed) still make up the count in p-mode
    for (let k = 0; k < m && st.count < P.pMax; k++) if (!st.open[k] && !st.isFixed[k]) st.add(k);
  }
}

/**
 * First-improvement local search over closed candidates (best partner for each), cycling until a
 * full pass finds no improving move. Returns moves made.
 */
export function localSearch(st: CoverState, rng: Rng, deadline: Deadline, target: number): number {
  const P = st.P;
  const m = P.cov.m;
  let moves = 0;
  let sinceMove = 0;
  let k = rng.int(m);
  let evals = 0;
  while (sinceMove < m) {
    if (st.covered >= target - 1e-9 * (1 + Math.abs(target))) break;
    k = k + 1 === m ? 0 : k + 1;
    sinceMove++;
    if (!P.allowed[k] || st.open[k]) continue;
    if ((++evals & 255) === 0 && deadline.expired()) break;
    st.bestMoveFor(k);
    if (st.moveDelta > 1e-9 * (1 + Math.abs(st.covered))) {
      if (st.moveOut >= 0) st.remove(st.moveOut);
      st.add(k);
      moves++;
      sinceMove = 0;
    }
  }
  return moves;
}

/**
 * Local search restricted to candidates near `changed` sites (a don't-look-bit queue: after a move,
 * the neighbours of the two sites involved are queued again). Much cheaper than a full pass after a
 * local perturbation; a full pass still certifies the final solution.
 */
export function localSearchNear(st: CoverState, changed: number[], deadline: Deadline, target: number, seen: Int32Array, stampRef: { v: number }): number {
  const P = st.P;
  const queue: number[] = [];
  const inQueue = stampRef.v + 1;
  stampRef.v += 1;
  for (const s of changed) st.neighbours(s, queue, seen, inQueue);
  let moves = 0;
  let evals = 0;
  for (let h = 0; h < queue.length; h++) {
    if (st.covered >= target - 1e-9 * (1 + Math.abs(target))) break;
    const k = queue[h];
    seen[k] = 0;
    if (!P.allowed[k] || st.open[k]) continue;
    if ((++evals & 255) === 0 && deadline.expired()) break;
    st.bestMoveFor(k);
    if (st.moveDelta > 1e-9 * (1 + Math.abs(st.covered))) {
      const out = st.moveOut;
      if (out >= 0) st.remove(out);
      st.add(k);
      moves++;
      st.neighbours(k, queue, seen, inQueue);
      if (out >= 0) st.neighbours(out, queue, seen, inQueue);
    }
  }
  return moves;
}

export interface CoverSearchResult {
  sites: Int32Array;
  covered: number;
  upperBound: number;
  iterations: number;
  timedOut: boolean;
}

export interface CoverSearchOptions {
  rng: Rng;
  deadline: Deadline;
  /** Stop as soon as this much weight is covered (it cannot be beaten). */
  target: number;
  maxStall: number;
  withBound: boolean;
  /** Fraction of the remaining time the bound may use. */
  boundShare?: number;
  initial?: ArrayLike<number>;
  greedyOnly?: boolean;
}

/** Greedy (or a given start), local search, Lagrangian bound, then iterated local search. */
export function searchCoverage(P: CoverProblem, o: CoverSearchOptions): CoverSearchResult {
  const m = P.cov.m;
  const { rng, deadline } = o;
  const st = new CoverState(P);
  const eps = (v: number): number => 1e-9 * (1 + Math.abs(v));
  if (o.initial) {
    for (let q = 0; q < o.initial.length; q++) st.add(o.initial[q]);
  } else {
    greedyFill(st);
    if (P.costs) {
      // budgeted greedy can be arbitrarily bad; the classic fix compares with the best single site
      let bestSingle = -1;
      let bestGain = -Infinity;
      const base = new CoverState(P);
      for (let k = 0; k < m; k++) {
        if (!P.allowed[k] || P.costs[k] > P.budget + eps(P.budget)) continue;
        const g = base.gain(k);
        if (g > bestGain) {
          bestGain = g;
          bestSingle = k;
        }
      }
      if (bestSingle >= 0 && base.covered + bestGain > st.covered + eps(st.covered)) {
        greedyFill(base, bestSingle);
        if (base.covered > st.covered) {
          st.setTo(base.list.slice(0, base.count), base.open);
        }
      }
    }
  }
  const upperTrivial = o.target;
  if (o.greedyOnly) {
    return { sites: st.list.slice(0, st.count), covered: st.exactCovered(), upperBound: upperTrivial, iterations: 0, timedOut: false };
  }
  localSearch(st, rng, deadline, o.target);
  let best = st.list.slice(0, st.count);
  let bestOpen = st.open.slice();
  let bestCovered = st.exactCovered();
  let ub = upperTrivial;
  const roundUb = (u: number): number => (P.integral ? Math.floor(u + 1e-7 + 1e-12 * Math.abs(u)) : u);
  const proven = (): boolean => bestCovered >= Math.min(ub, o.target) - eps(bestCovered);
  const record = (): void => {
    const c = st.exactCovered();
    if (c > bestCovered + eps(bestCovered)) {
      bestCovered = c;
      best = st.list.slice(0, st.count);
      bestOpen = st.open.slice();
    }
  };

  if (o.withBound && !proven()) {
    const share = o.boundShare ?? 0.2;
    const lrEnd = performance.now() + deadline.remaining() * 1000 * share;
    const lr = lagrangianUpper(P, bestCovered, lrEnd, (sites) => {
      // Lagrangian heuristic: start local search from the relaxation's sites
      st.setTo(sites, markOf(sites, m));
      greedyFill(st);
      localSearch(st, rng, deadline, o.target);
      record();
      return bestCovered;
    });
    ub = Math.min(ub, roundUb(lr));
    st.setTo(best, bestOpen);
  }

  // iterated local search: remove a few sites (around a random open site, or anywhere), refill by
  // sampled best gain, local search around the change
  let iterations = 0;
  let stall = 0;
  let timedOut = false;
  const costs = P.costs;
  const allowedList: number[] = [];
  for (let k = 0; k < m; k++) if (P.allowed[k]) allowedList.push(k);
  const seen = new Int32Array(m);
  const stampRef = { v: 0 };
  const region: number[] = [];
  const openNear: number[] = [];
  const changed: number[] = [];
  const keyOf = (k: number): number => {
    const g = st.gain(k);
    return costs ? (costs[k] > 0 ? g / costs[k] : g > 0 ? Infinity : 0) : g;
  };
  while (!proven() && stall < o.maxStall && allowedList.length > st.count) {
    if (deadline.expired()) {
      timedOut = true;
      break;
    }
    iterations++;
    changed.length = 0;
    region.length = 0;
    const rmax = Math.max(2, Math.min(12, Math.ceil(st.count / 8)));
    const r = st.count === 0 ? 0 : 1 + rng.int(Math.min(rmax, st.count));
    const local = st.count > 0 && rng.next() < 0.7;
    if (local) {
      const s0 = st.list[rng.int(st.count)];
      stampRef.v++;
      st.neighbours(s0, region, seen, stampRef.v);
      openNear.length = 0;
      for (const k of region) if (st.open[k] && !st.isFixed[k] && k !== s0) openNear.push(k);
      st.remove(s0);
      changed.push(s0);
      for (let t = 1; t < r && openNear.length > 0; t++) {
        const q = rng.int(openNear.length);
        const j = openNear[q];
        openNear[q] = openNear[openNear.length - 1];
        openNear.pop();
        st.remove(j);
        changed.push(j);
      }
    } else {
      for (let t = 0; t < r; t++) {
        const j = st.list[rng.int(st.count)];
        st.remove(j);
        changed.push(j);
      }
    }
    const removed = changed.length;
    // refill: tournament of random candidates (from the region when local) by gain (ratio with costs)
    for (let guard = 0; st.count < P.pMax && guard < 4 * (removed + 1); guard++) {
      let pick = -1;
      let pickKey = -Infinity;
      for (let s = 0; s < 8; s++) {
        const k = local && region.length > 0 && s < 6 ? region[rng.int(region.length)] : allowedList[rng.int(allowedList.length)];
        if (st.open[k] || !P.allowed[k]) continue;
        if (costs && st.cost + costs[k] > P.budget + eps(P.budget)) continue;
        const key = keyOf(k);
        if (key > pickKey) {
          pickKey = key;
          pick = k;
        }
      }
      if (pick < 0 || (!P.fill && pickKey <= 0)) continue;
      st.add(pick);
      changed.push(pick);
    }
    if (P.fill) {
      for (let k = 0; st.count < P.pMax && k < m; k++) {
        if (P.allowed[k] && !st.open[k]) {
          st.add(k);
          changed.push(k);
        }
      }
    }
    localSearchNear(st, changed, deadline, o.target, seen, stampRef);
    let c = st.exactCovered();
    if (c > bestCovered + eps(bestCovered)) {
      localSearch(st, rng, deadline, o.target); // certify local optimality on the full neighbourhood
      c = st.exactCovered();
      bestCovered = c;
      best = st.list.slice(0, st.count);
      bestOpen = st.open.slice();
      stall = 0;
    } else {
      stall++;
      if (c >= bestCovered - eps(bestCovered)) {
        best = st.list.slice(0, st.count); // plateau move
        bestOpen = st.open.slice();
      } else st.setTo(best, bestOpen);
    }
  }
  return { sites: best, covered: bestCovered, upperBound: Math.max(ub, bestCovered), iterations, timedOut };
}

function markOf(sites: ArrayLike<number>, m: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let q = 0; q < sites.length; q++) out[sites[q]] = 1;
  return out;
}

/**
 * Lagrangian upper bound on the covered weight: relax y_i ≤ Σ_{j∈N_i} x_j with λ_i ≥ 0, giving
 * UB(λ) = fixedCovered + Σ_i max(0, w_i − λ_i) + max { Σ_j v_j x_j : count ≤ p, cost ≤ budget },
 * v_j = Σ_{i∈C_j} λ_i; the inner problem is bounded by the top-p sum and the fractional knapsack.
 * Minimised by projected subgradient. `heuristic` receives the relaxation's sites now and then and
 * returns the best known covered weight (used for the step size).
 */
export function lagrangianUpper(
  P: CoverProblem,
  lowerStart: number,
  endTime: number,
  heuristic: (sites: Int32Array) => number,
): number {
  const { cov, W, allowed, costs } = P;
  const { n, m, candStart, candDemand, demStart, demCand } = cov;
  // demand covered by fixed sites is constant; demand no allowed candidate reaches is never covered
  const fixedCov = new Uint8Array(n);
  let base = 0;
  for (const j of P.fixed) for (let r = candStart[j]; r < candStart[j + 1]; r++) fixedCov[candDemand[r]] = 1;
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (fixedCov[i]) {
      base += W[i];
      continue;
    }
    if (W[i] <= 0) continue;
    for (let r = demStart[i]; r < demStart[i + 1]; r++) {
      if (allowed[demCand[r]]) {
        active[i] = 1;
        break;
      }
    }
  }
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) if (active[i]) lambda[i] = W[i];
  const v = new Float64Array(m);
  const neg = new Float64Array(m);
  const x = new Float64Array(m);
  const s = new Float64Array(n);
  const g = new Float64Array(n);
  const scratch = new Int32Array(m);
  const allowedIdx: number[] = [];
  for (let k = 0; k < m; k++) if (allowed[k]) allowedIdx.push(k);
  const pCap = Math.min(P.pMax, allowedIdx.length);
  let best = Infinity;
  let lower = lowerStart;
  let mu = 2;
  let since = 0;
  const budgetTol = 1e-9 * (1 + Math.abs(P.budget));
  const proven = (): boolean => {
    const u = P.integral ? Math.floor(best + 1e-7 + 1e-12 * Math.abs(best)) : best;
    return u <= lower + 1e-9 * (1 + Math.abs(lower));
  };
  let it = 0;
  for (; it < 1000 && mu > 1e-4; it++) {
    if (performance.now() > endTime) break;
    let L = base;
    for (let i = 0; i < n; i++) if (active[i] && W[i] > lambda[i]) L += W[i] - lambda[i];
    v.fill(0);
    for (const j of allowedIdx) {
      let t = 0;
      for (let r = candStart[j]; r < candStart[j + 1]; r++) t += lambda[candDemand[r]];
      v[j] = t;
    }
    x.fill(0);
    // top-p sum bound
    let topVal = Infinity;
    let topSel: Int32Array | null = null;
    if (pCap < allowedIdx.length || !costs) {
      neg.fill(Infinity);
      for (const j of allowedIdx) neg[j] = -v[j];
      topSel = smallestK(neg, pCap, scratch).slice();
      topVal = 0;
      for (const j of topSel) topVal += v[j];
    }
    let knapVal = Infinity;
    let knapX: Array<[number, number]> | null = null;
    if (costs && P.budget < Infinity) {
      const idx = allowedIdx.slice().sort((a, b) => {
        const ra = costs[a] > 0 ? v[a] / costs[a] : Infinity;
        const rb = costs[b] > 0 ? v[b] / costs[b] : Infinity;
        return rb - ra || a - b;
      });
      let left = P.budget + budgetTol;
      knapVal = 0;
      knapX = [];
      for (const j of idx) {
        if (v[j] <= 0) break;
        if (costs[j] <= left) {
          left -= costs[j];
          knapVal += v[j];
          knapX.push([j, 1]);
        } else {
          const f = left / costs[j];
          knapVal += f * v[j];
          knapX.push([j, f]);
          break;
        }
      }
    }
    if (topVal <= knapVal && topSel) {
      L += topVal;
      for (const j of topSel) x[j] = 1;
    } else if (knapX) {
      L += knapVal;
      for (const [j, f] of knapX) x[j] = f;
    }
    if (L < best - 1e-6 * (1 + Math.abs(best))) since = 0;
    else since++;
    if (L < best) best = L;
    if (proven()) break;
    if (it % 20 === 0 && topSel && !costs) {
      lower = Math.max(lower, heuristic(topSel));
      if (proven()) break;
    }
    // subgradient of UB(λ): ∂/∂λ_i = Σ_{j∈N_i} x_j − [w_i > λ_i]; project at λ_i = 0
    s.fill(0);
    for (const j of allowedIdx) {
      const xj = x[j];
      if (xj === 0) continue;
      for (let r = candStart[j]; r < candStart[j + 1]; r++) s[candDemand[r]] += xj;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      if (!active[i]) {
        g[i] = 0;
        continue;
      }
      let gi = s[i] - (W[i] > lambda[i] ? 1 : 0);
      if (lambda[i] <= 0 && gi > 0) gi = 0;
      g[i] = gi;
      norm += gi * gi;
    }
    if (norm === 0) break;
    if (since >= 20) {
      mu /= 2;
      since = 0;
    }
    const t = (mu * Math.max(L - lower, 1e-9 * (1 + Math.abs(L)))) / norm;
    for (let i = 0; i < n; i++) {
      if (g[i] === 0) continue;
      const l = lambda[i] - t * g[i];
      lambda[i] = l > 0 ? l : 0;
    }
  }
  return best;
}
