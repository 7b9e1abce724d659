/**
 * Facility-siting engine: MCLP, LSCP and p-median over coordinates (great-circle or planar) or an
 * explicit demand × candidate distance matrix. Pure computation, no I/O. See docs/siting.md.
 */
export { SitingInputError } from './errors.ts';
export type {
  LscpInput,
  LscpResult,
  MclpInput,
  MclpResult,
  Metric,
  PMedianInput,
  PMedianResult,
  Point,
  SitingInput,
  SitingResult,
  SitingResultBase,
  SolveOptions,
} from './types.ts';
export { EARTH_RADIUS_KM, distanceMatrix, haversineKm, planarDistance, pointDistance } from './distance.ts';
export { coverageFromMatrix, coverageFromPoints, type Coverage } from './coverage.ts';
export { parseOrlib, floydWarshall, type OrlibInstance } from './orlib.ts';
export { createRng, type Rng } from './random.ts';
export { solveMclp } from './mclp.ts';
export { solveLscp } from './lscp.ts';
export { solvePMedian } from './pmedian.ts';
