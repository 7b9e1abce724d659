/** Planning vocabularies and limits that server and web both speak (see docs/planning.md). */

/** mclp: most people within reach of p new sites; lscp: fewest new sites reaching everyone; pmedian: shortest total distance. */
export const SITING_MODELS = ['mclp', 'lscp', 'pmedian'] as const;
export type SitingModel = (typeof SITING_MODELS)[number];

export const PLANNING_LIMITS = {
  nameMaxLength: 100,
  /** An explicit candidate list, and the entries of `weights` and `costs`. */
  listMax: 5000,
  /** Seconds the solver may take; it stops sooner when it proves the answer optimal. */
  timeLimitSecondsMax: 10,
  timeLimitSecondsDefault: 5,
  /**
   * Demand communities × (candidates + existing facilities in reach): the solver's matrix.
   * 10 million cells (80 MB) holds a city of a few thousand communities; beyond it, site county by county.
   */
  matrixCellsMax: 10_000_000,
  /** Scenarios one comparison puts side by side. */
  compareMax: 10,
  /** Largest budget and cost (in whatever unit the budget is given). */
  amountMax: 1e12,
} as const;
