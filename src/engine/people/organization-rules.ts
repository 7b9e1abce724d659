/**
 * Rules of community social organizations that need no database: the status transitions and the
 * grade a rating score earns under a jurisdiction's thresholds. Pure, no I/O.
 */

/** Status, in the order an organization usually moves through them. */
export const ORGANIZATION_STATUSES = ['incubating', 'filed', 'registered', 'active', 'abnormal', 'suspended', 'deregistered'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/**
 * Allowed changes. An incubated group is filed with the township or registered with civil affairs
 * (a filed one may register later); either becomes active when it serves. An active one may be
 * listed abnormal (missed annual report, lost contact) or suspended (sanction); both can be lifted
 * back to active, an abnormal one may also be suspended. Any but a deregistered one may be
 * deregistered; deregistration is final.
 */
export const ORGANIZATION_TRANSITIONS: Readonly<Record<OrganizationStatus, readonly OrganizationStatus[]>> = {
  incubating: ['filed', 'registered', 'deregistered'],
  filed: ['registered', 'active', 'deregistered'],
  registered: ['active', 'deregistered'],
  active: ['abnormal', 'suspended', 'deregistered'],
  abnormal: ['active', 'suspended', 'deregistered'],
  suspended: ['active', 'deregistered'],
  deregistered: [],
};

export function canMoveTo(from: OrganizationStatus, to: OrganizationStatus): boolean {
  return ORGANIZATION_TRANSITIONS[from].includes(to);
}

/** Statuses in which an organization counts as serving (the indicator counts these). */
export const COUNTED_STATUSES: readonly OrganizationStatus[] = ['filed', 'registered', 'active'];

/** Rating grades 1A (lowest) to 5A (highest), per 社会组织评估管理办法. */
export const RATING_GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export type RatingGrade = (typeof RATING_GRADES)[number];

/** The lowest score each grade needs, on a scale of 0 to `max`. */
export interface RatingScale {
  max: number;
  minimums: Record<RatingGrade, number>;
}

/**
 * The scale used where a jurisdiction has set none: 1,000 points, as the national evaluation
 * indicators use, with the thresholds many provinces publish (5A ≥ 950, 4A ≥ 850, 3A ≥ 750,
 * 2A ≥ 650, 1A ≥ 600).
 */
export const DEFAULT_RATING_SCALE: RatingScale = { max: 1000, minimums: { '1A': 600, '2A': 650, '3A': 750, '4A': 850, '5A': 950 } };

/** What is wrong with a scale: minimums must rise with the grade and lie within 0..max. */
export function ratingScaleProblem(scale: RatingScale): string | null {
  if (!(Number.isFinite(scale.max) && scale.max > 0)) return 'max must be more than 0';
  let previous = -1;
  for (const grade of RATING_GRADES) {
    const m = scale.minimums[grade];
    if (!(Number.isFinite(m) && m >= 0 && m <= scale.max)) return `the minimum of ${grade} must lie between 0 and ${scale.max}`;
    if (m <= previous) return `the minimum of ${grade} must be higher than the grade below it`;
    previous = m;
  }
  return null;
}

/** The grade a score earns: the highest whose minimum it reaches; null below 1A. */
export function gradeFor(score: number, scale: RatingScale): RatingGrade | null {
  let grade: RatingGrade | null = null;
  for (const g of RATING_GRADES) if (score >= scale.minimums[g]) grade = g;
  return grade;
}

/** How long a rating holds: five years from the day it was given (社会组织评估管理办法 第二十五条). */
export const RATING_VALID_YEARS = 5;

/** The last day a rating given on `date` (YYYY-MM-DD) is valid: five years on, less a day. */
export function ratingValidUntil(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + RATING_VALID_YEARS);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
