/**
 * Risk of a person in care from six structured factors, each rated 0 (no concern), 1 (some
 * concern) or 2 (serious concern). Pure.
 *
 * - high: a serious concern for safety, or two or more serious concerns;
 * - medium: one serious concern, or three or more concerns of any degree;
 * - low: otherwise.
 *
 * Schooling is null where it does not apply (adults) and then counts as no concern. The assessor
 * may propose another level than the computed one; the server keeps both, and a change of the
 * case's level waits for a supervisor's approval.
 */
export type Level = 'low' | 'medium' | 'high';
export type Rating = 0 | 1 | 2;

export interface Factors {
  safety: number;
  health: number;
  schooling: number | null;
  livingConditions: number;
  mood: number;
  carerCapacity: number;
}

export const FACTOR_NAMES = ['safety', 'health', 'schooling', 'livingConditions', 'mood', 'carerCapacity'] as const;

export function riskFromFactors(f: Factors): Level {
  const ratings = FACTOR_NAMES.map((name) => f[name] ?? 0);
  const serious = ratings.filter((r) => r >= 2).length;
  const concerns = ratings.filter((r) => r >= 1).length;
  if (f.safety >= 2 || serious >= 2) return 'high';
  if (serious === 1 || concerns >= 3) return 'medium';
  return 'low';
}

const ORDER: Record<Level, number> = { low: 0, medium: 1, high: 2 };
/** Positive when `to` is a higher risk than `from`. */
export function compareLevels(from: Level, to: Level): number {
  return ORDER[to] - ORDER[from];
}
