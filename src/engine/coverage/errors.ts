/** Input the coverage engine refuses, naming the offending field (e.g. `communities.lon[12]`). */
export class CoverageInputError extends Error {
  override name = 'CoverageInputError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}
