/** A location. For the great-circle metric `x` is longitude and `y` latitude, in degrees. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** `greatCircle`: haversine distance in km on lon/lat degrees; `planar`: Euclidean in the coordinates' units. */
export type Metric = 'greatCircle' | 'planar';

/**
 * Where demand is and where facilities may go. Give either an explicit `distances` matrix
 * (row-major, demand × candidate) or coordinates (`demandPoints`, and `candidatePoints`,
 * which defaults to the demand points: every demand point is then also a candidate).
 */
export interface SitingInput {
  /** Demand weight of each demand point (finite, ≥ 0). Its length is the number of demand points. */
  weights: ArrayLike<number>;
  demandPoints?: ArrayLike<Point>;
  candidatePoints?: ArrayLike<Point>;
  /** Default `greatCircle`. */
  metric?: Metric;
  /** Demand × candidate distances, row-major: `distances[i * candidates + j]`. Infinity = unreachable. */
  distances?: Float64Array | ArrayLike<number>;
  /** Number of candidates when `distances` is given (default `distances.length / weights.length`). */
  candidateCount?: number;
}

export interface SolveOptions {
  /** PRNG seed (default 1). Same seed, same input → same answer, unless the time limit cuts the search. */
  seed?: number;
  /** Wall-clock limit for the whole solve, in seconds (default 10). */
  timeLimitSeconds?: number;
  /** Stop the randomised improvement phase after this many perturbations without improvement (model-specific default). */
  maxStallIterations?: number;
  /** `full` (default): greedy, interchange, perturbation and bounds. `greedy`: the plain greedy only (baseline). */
  heuristic?: 'full' | 'greedy';
}

export interface MclpInput extends SitingInput, SolveOptions {
  /** Service radius S (km for great-circle, coordinate units for planar, matrix units for `distances`). */
  radius: number;
  /** Number of new sites to open (not counting `fixed`). Optional when `budget` is given (then a maximum). */
  p?: number;
  /** Candidate indices of already-open facilities: they cover, cost nothing and do not count in `p`. */
  fixed?: ArrayLike<number>;
  /** Cost of opening each candidate (default 1 each); used with `budget`. */
  costs?: ArrayLike<number>;
  /** Total cost allowed for the new sites. */
  budget?: number;
}

export interface LscpInput extends SitingInput, SolveOptions {
  radius: number;
  /** Candidate indices of already-open facilities (not counted in the objective). */
  fixed?: ArrayLike<number>;
}

export interface PMedianInput extends SitingInput, SolveOptions {
  p: number;
}

export interface SitingResultBase {
  /** Objective value of the best solution found. */
  objective: number;
  /** Proven bound: upper bound for MCLP (maximisation), lower bound for LSCP and p-median. */
  bound: number;
  /** |bound − objective| / max(|objective|, |bound|); 0 means proven optimal. */
  gap: number;
  /** True when the bound proves the objective optimal. */
  optimal: boolean;
  /** Chosen candidate indices (0-based, sorted; for MCLP/LSCP excluding `fixed`). */
  sites: number[];
  /** Wall-clock seconds. */
  seconds: number;
  /** Perturbation / restart iterations performed by the improvement phase. */
  iterations: number;
  /** True when the time limit stopped the search. */
  timedOut: boolean;
}

export interface MclpResult extends SitingResultBase {
  model: 'mclp';
  /** Already-open facilities (as given). */
  fixedSites: number[];
  /** Total demand weight. */
  totalWeight: number;
  /** Number of demand points within the radius of an open (new or fixed) site. */
  coveredCount: number;
  /** Total cost of the new sites (with costs/budget). */
  cost: number;
}

export interface LscpResult extends SitingResultBase {
  model: 'lscp';
  fixedSites: number[];
  /** Demand points (weight > 0) that no candidate or fixed site reaches: they cannot be covered. */
  uncoverable: number[];
  uncoverableWeight: number;
}

export interface PMedianResult extends SitingResultBase {
  model: 'pmedian';
  /** objective / total weight. */
  meanDistance: number;
  /** For each demand point, the chosen candidate it is assigned to (its nearest open site). */
  assignment: number[];
}

export type SitingResult = MclpResult | LscpResult | PMedianResult;
