import type { Equalization } from '../../contracts/indicators.ts';

/**
 * Equalization: how evenly an indicator reaches people, as an urban/rural comparison and as
 * the spread of values across areas.
 */

export type UrbanRuralGap = Equalization['urbanRural'];
export type Spread = Equalization['children'];

/** Urban and rural values side by side: ratio = urban / rural, gap = urban − rural. */
export function urbanRuralGap(urban: number | null, rural: number | null): UrbanRuralGap {
  const both = urban !== null && rural !== null;
  return {
    urban,
    rural,
    ratio: both && rural !== 0 ? urban / rural : null,
    gap: both ? urban - rural : null,
  };
}

/**
 * Population standard deviation over the mean, of the finite values; null with fewer than
 * two of them or a mean of 0.
 */
export function coefficientOfVariation(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const mean = meanOf(finite);
  if (mean === 0) return null;
  // The mean of equal values can miss them by a rounding step; their spread is exactly 0.
  if (finite.every((v) => v === finite[0])) return 0;
  const variance = finite.reduce((sum, v) => sum + (v - mean) ** 2, 0) / finite.length;
  return Math.sqrt(variance) / mean;
}

/**
 * The population-weighted Theil T index: with shares s = w / Σw and weighted mean
 * μ = Σ s·y, T = Σ s·(y/μ)·ln(y/μ), where 0·ln 0 = 0. It is 0 when every area has the same
 * value and grows as values concentrate. Entries with a non-finite value, or a weight that
 * is not a positive finite number, are skipped; null with fewer than two usable entries or
 * μ ≤ 0. A negative value throws a RangeError: the index is defined for y ≥ 0 only.
 */
export function theilIndex(values: readonly number[], weights: readonly number[]): number | null {
  if (values.length !== weights.length) throw new RangeError(`theilIndex: ${values.length} values but ${weights.length} weights`);
  const usable: { value: number; weight: number }[] = [];
  values.forEach((value, i) => {
    if (value < 0) throw new RangeError(`theilIndex: values[${i}] is negative (${value})`);
    const weight = weights[i]!;
    if (Number.isFinite(value) && Number.isFinite(weight) && weight > 0) usable.push({ value, weight });
  });
  if (usable.length < 2) return null;
  const totalWeight = usable.reduce((sum, e) => sum + e.weight, 0);
  const mean = usable.reduce((sum, e) => sum + e.weight * e.value, 0) / totalWeight;
  if (!(mean > 0)) return null;
  if (usable.every((e) => e.value === usable[0]!.value)) return 0;
  let theil = 0;
  for (const { value, weight } of usable) {
    if (value === 0) continue;
    const relative = value / mean;
    theil += (weight / totalWeight) * relative * Math.log(relative);
  }
  // T ≥ 0 in exact arithmetic; a nearly even spread can round just below it.
  return Math.max(0, theil);
}

/**
 * The spread of areas' values: count and unweighted mean of the finite values, their
 * coefficient of variation, and the Theil index weighted by `weights` (resident population).
 */
export function spread(values: readonly number[], weights: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return {
    count: finite.length,
    mean: finite.length > 0 ? meanOf(finite) : null,
    coefficientOfVariation: coefficientOfVariation(finite),
    theil: theilIndex(values, weights),
  };
}

function meanOf(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
