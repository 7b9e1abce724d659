import { greatCircleKm } from '../../../engine/coverage/index.ts';
import { haverSinDistance, haverSinOfRadius } from '../../../engine/coverage/points.ts';
import { solveLscp, solveMclp, solvePMedian, type SitingResult } from '../../../engine/siting/index.ts';
import type { SitingModel } from '../../../contracts/planning.ts';
import type { ProposedSite, ScenarioResult, Share, UrbanRural } from '../../../contracts/planning-api.ts';

/**
 * Turns "where should the next facilities of this area go" into one engine call and reads the
 * answer back in the area's terms. Pure: the service loads the data and checks the request.
 *
 * The problem, so that anyone can rebuild it (the integration tests do):
 * - demand i = the area's communities with a centroid, in code order, weight = resident population
 *   (or the weight asked for); each reaches `urbanKm` (urban) or `ruralKm` (rural and unknown);
 * - candidates j = the candidate communities, in code order, sited at their centroids;
 * - MCLP and LSCP get a reach matrix (row-major demand × column): 0 where the column's point lies
 *   within demand i's radius, Infinity elsewhere, radius 1. Reach is decided exactly as the
 *   coverage module decides it. After the candidates comes one fixed column: every community
 *   some existing facility of the kind already reaches (existing facilities are open: operating
 *   ones, and unless the request says otherwise planned and under-construction ones);
 * - p-median gets distances min(km from i to candidate j, km from i to the nearest existing
 *   facility), so the existing facilities count as open without being chosen;
 * - seed 1, the time limit asked for.
 */

export interface DemandCommunity {
  code: string;
  name: string;
  kind: 'urban' | 'rural' | null;
  lon: number;
  lat: number;
  population: number;
  weight: number;
}

export interface SitingProblem {
  model: SitingModel;
  demand: DemandCommunity[];
  /** Positions in `demand`, in code order. */
  candidates: number[];
  /** Existing facilities of the kind, where coverage places them; `planned`: planned or under construction, counted as open. */
  existing: { lon: number; lat: number; planned?: boolean }[];
  radiusKm: { urban: number; rural: number };
  p?: number;
  budget?: number;
  /** One per candidate, when a budget is given. */
  costs?: number[];
  timeLimitSeconds: number;
}

export const SITING_SEED = 1;

/** The cells of the matrix the problem needs, to refuse one too big before building it. */
export function matrixCells(problem: Pick<SitingProblem, 'model' | 'demand' | 'candidates'>): number {
  const columns = problem.model === 'pmedian' ? problem.candidates.length : problem.candidates.length + 1;
  return problem.demand.length * columns;
}

function reachLimits(problem: SitingProblem): Float64Array {
  const urban = haverSinOfRadius(problem.radiusKm.urban);
  const rural = haverSinOfRadius(problem.radiusKm.rural);
  return Float64Array.from(problem.demand, (d) => (d.kind === 'urban' ? urban : rural));
}

const reaches = (limit: number, point: { lon: number; lat: number }, d: DemandCommunity) =>
  haverSinDistance(point.lon, point.lat, d.lon, d.lat) <= limit;

function share(numerator: number, denominator: number): Share {
  return { numerator, denominator, share: denominator > 0 ? numerator / denominator : null };
}

function coverageOf(demand: DemandCommunity[], covered: Uint8Array): UrbanRural {
  const sums = { urban: [0, 0], rural: [0, 0], all: [0, 0] };
  demand.forEach((d, i) => {
    const groups = d.kind ? [sums[d.kind], sums.all] : [sums.all];
    for (const g of groups) {
      g[1]! += d.population;
      if (covered[i]) g[0]! += d.population;
    }
  });
  return { urban: share(sums.urban[0]!, sums.urban[1]!), rural: share(sums.rural[0]!, sums.rural[1]!), all: share(sums.all[0]!, sums.all[1]!) };
}

function solve(problem: SitingProblem, limits: Float64Array, coveredBefore: Uint8Array): SitingResult {
  const { demand, candidates } = problem;
  const n = demand.length;
  const options = { seed: SITING_SEED, timeLimitSeconds: problem.timeLimitSeconds };
  const weights = Float64Array.from(demand, (d) => d.weight);
  if (problem.model === 'pmedian') {
    const m = candidates.length;
    const distances = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const d = demand[i]!;
      let nearest = Infinity;
      for (const f of problem.existing) nearest = Math.min(nearest, greatCircleKm(f.lon, f.lat, d.lon, d.lat));
      for (let j = 0; j < m; j++) {
        const c = demand[candidates[j]!]!;
        distances[i * m + j] = Math.min(greatCircleKm(c.lon, c.lat, d.lon, d.lat), nearest);
      }
    }
    return solvePMedian({ weights, distances, candidateCount: m, p: problem.p!, ...options });
  }
  const m = candidates.length + 1;
  const fixedColumn = candidates.length;
  const distances = new Float64Array(n * m).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const d = demand[i]!;
    for (let j = 0; j < candidates.length; j++) if (reaches(limits[i]!, demand[candidates[j]!]!, d)) distances[i * m + j] = 0;
    if (coveredBefore[i]) distances[i * m + fixedColumn] = 0;
  }
  const shared = { weights, distances, candidateCount: m, radius: 1, fixed: [fixedColumn], ...options };
  if (problem.model === 'lscp') return solveLscp(shared);
  return solveMclp({
    ...shared,
    ...(problem.p === undefined ? {} : { p: problem.p }),
    ...(problem.budget === undefined ? {} : { budget: problem.budget, costs: [...(problem.costs ?? candidates.map(() => 1)), 0] }),
  });
}

/** Solves the problem; throws the engine's SitingInputError for input it refuses. */
export function solveSiting(problem: SitingProblem): ScenarioResult {
  const { demand, candidates } = problem;
  const limits = reachLimits(problem);
  const existingInReach = problem.existing.filter((f) => demand.some((d, i) => reaches(limits[i]!, f, d)));
  const coveredBefore = Uint8Array.from(demand, (d, i) => (existingInReach.some((f) => reaches(limits[i]!, f, d)) ? 1 : 0));

  const answer = solve(problem, limits, coveredBefore);
  const chosen = answer.sites.map((j) => candidates[j]!);
  // Each community the new sites bring within reach counts once, for the nearest new site.
  const coveredAfter = Uint8Array.from(coveredBefore);
  const newly = new Float64Array(chosen.length);
  let newlyCoveredDemand = 0;
  demand.forEach((d, i) => {
    if (coveredBefore[i]) return;
    let best = -1;
    let bestKm = Infinity;
    chosen.forEach((c, k) => {
      const site = demand[c]!;
      if (!reaches(limits[i]!, site, d)) return;
      const km = greatCircleKm(site.lon, site.lat, d.lon, d.lat);
      if (km < bestKm) [best, bestKm] = [k, km];
    });
    if (best < 0) return;
    coveredAfter[i] = 1;
    newly[best]! += d.population;
    newlyCoveredDemand += d.weight;
  });
  const before = coverageOf(demand, coveredBefore);
  const after = coverageOf(demand, coveredAfter);
  const sites: ProposedSite[] = chosen.map((c, k) => {
    const d = demand[c]!;
    const j = answer.sites[k]!;
    return {
      code: d.code,
      name: d.name,
      kind: d.kind,
      lon: d.lon,
      lat: d.lat,
      residentPopulation: d.population,
      newlyCoveredPopulation: newly[k]!,
      cost: problem.budget === undefined ? null : (problem.costs?.[j] ?? 1),
    };
  });
  const uncoverable =
    answer.model === 'lscp'
      ? { communities: answer.uncoverable.length, population: answer.uncoverable.reduce((s, i) => s + demand[i]!.population, 0) }
      : null;
  return {
    demand: {
      communities: demand.length,
      population: before.all.denominator,
      weight: demand.reduce((s, d) => s + d.weight, 0),
    },
    candidates: candidates.length,
    existingFacilities: existingInReach.filter((f) => !f.planned).length,
    plannedFacilities: existingInReach.filter((f) => f.planned).length,
    sites,
    newlyCoveredDemand,
    newlyCoveredPopulation: after.all.numerator - before.all.numerator,
    coverage: { before, after },
    objective: answer.objective,
    bound: answer.bound,
    gap: answer.gap,
    optimal: answer.optimal,
    timedOut: answer.timedOut,
    seconds: answer.seconds,
    cost: answer.model === 'mclp' && problem.budget !== undefined ? answer.cost : null,
    meanDistanceKm: answer.model === 'pmedian' ? answer.meanDistance : null,
    uncoverable,
  };
}
