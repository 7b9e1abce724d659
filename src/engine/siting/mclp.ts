/**
 * MCLP (maximal covering location problem, Church & ReVelle 1974): open p new sites (or any number
 * within a budget) maximising the demand weight within the service radius of an open site; fixed
 * (already-open) sites cover too. Coverage is kept as sparse lists, built with a grid index from
 * coordinates, so large instances never need a dense matrix.
 *
 * Heuristic: lazy greedy (by gain, or gain/cost with a budget, compared with the best single site),
 * swap/add local search (O(|C_k|) evaluation of each closed candidate against all open sites via
 * sole-coverer bookkeeping), iterated local search with random removal + sampled greedy refill.
 * Bound: Lagrangian relaxation of the coverage constraints, subgradient-optimised.
 */
import { Deadline } from './clock.ts';
import { searchCoverage, type CoverProblem } from './cover.ts';
import { SitingInputError } from './errors.ts';
import { createRng } from './random.ts';
import type { MclpInput, MclpResult } from './types.ts';
import { buildCoverage, checkFixed, checkP, checkRadius, gapOf, isIntegral, prepareInput, prepareSettings } from './validate.ts';

export function solveMclp(input: MclpInput): MclpResult {
  const settings = prepareSettings(input ?? ({} as MclpInput));
  const deadline = new Deadline(settings.timeLimitSeconds);
  const prep = prepareInput(input, true);
  const radius = checkRadius(input.radius);
  const { n, m, weights } = prep;
  const fixed = checkFixed(input.fixed, m);
  const free = m - fixed.length;
  let costs: Float64Array | null = null;
  let budget = Infinity;
  if (input.budget !== undefined) {
    if (typeof input.budget !== 'number' || !Number.isFinite(input.budget) || input.budget < 0) {
      throw new SitingInputError('budget', `must be a finite number ≥ 0, got ${String(input.budget)}`);
    }
    budget = input.budget;
  }
  if (input.costs !== undefined) {
    const c = input.costs;
    if (c === null || typeof c !== 'object' || c.length !== m) {
      throw new SitingInputError('costs', `must have one cost per candidate (${m})`);
    }
    costs = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const v = c[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new SitingInputError('costs', `costs[${j}] is ${String(v)}; costs must be finite numbers ≥ 0`);
      }
      costs[j] = v;
    }
  }
  if (budget < Infinity && !costs) costs = new Float64Array(m).fill(1);
  if (free < 1) throw new SitingInputError('fixed', 'every candidate is already fixed; nothing to choose');
  let p: number;
  if (input.p === undefined) {
    if (budget === Infinity) throw new SitingInputError('p', 'p (number of sites) is required unless a budget is given');
    p = free;
  } else {
    p = checkP(input.p, free, fixed.length ? 'candidates that are not fixed' : 'candidates');
  }
  if (budget === Infinity) costs = null;

  const cov = buildCoverage(prep, radius);
  const allowed = new Uint8Array(m);
  const isFixed = new Uint8Array(m);
  for (const j of fixed) isFixed[j] = 1;
  for (let j = 0; j < m; j++) if (!isFixed[j] && cov.candStart[j + 1] > cov.candStart[j]) allowed[j] = 1;
  // the most that can be covered: demand reached by a fixed or an allowed site
  let target = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += weights[i];
    for (let r = cov.demStart[i]; r < cov.demStart[i + 1]; r++) {
      const j = cov.demCand[r];
      if (isFixed[j] || allowed[j]) {
        target += weights[i];
        break;
      }
    }
  }
  const P: CoverProblem = {
    cov,
    W: weights,
    allowed,
    fixed,
    pMax: p,
    costs,
    budget,
    fill: budget === Infinity,
    integral: isIntegral(weights),
  };
  const rng = createRng(settings.seed);
  const res = searchCoverage(P, {
    rng,
    deadline,
    target,
    maxStall: settings.maxStallIterations ?? Math.max(300, 2 * Math.min(p, m)),
    withBound: true,
    greedyOnly: settings.greedyOnly,
  });
  const sites = Array.from(res.sites).sort((a, b) => a - b);
  // exact objective recomputation from scratch
  const open = new Uint8Array(m);
  for (const j of sites) open[j] = 1;
  for (const j of fixed) open[j] = 1;
  let objective = 0;
  let coveredCount = 0;
  for (let i = 0; i < n; i++) {
    for (let r = cov.demStart[i]; r < cov.demStart[i + 1]; r++) {
      if (open[cov.demCand[r]]) {
        objective += weights[i];
        coveredCount++;
        break;
      }
    }
  }
  let bound = Math.max(res.upperBound, objective);
  const optimal = bound <= objective + 1e-9 * (1 + Math.abs(objective));
  if (optimal) bound = objective;
  let cost = 0;
  if (costs) for (const j of sites) cost += costs[j];
  return {
    model: 'mclp',
    objective,
    bound,
    gap: gapOf(objective, bound),
    optimal,
    sites,
    seconds: deadline.elapsed(),
    iterations: res.iterations,
    timedOut: res.timedOut,
    fixedSites: Array.from(fixed),
    totalWeight,
    coveredCount,
    cost,
  };
}
