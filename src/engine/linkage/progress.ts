/**
 * A project's progress in percent, rolled up from what it has delivered: each output or outcome
 * result counts by how much of its target is reached (capped at the whole), each milestone by
 * whether it is met, each weighted. Pure, no I/O.
 */

/** One weighted part of the roll-up: `fraction` of it is done (0..1). */
export interface ProgressPart {
  weight: number;
  fraction: number;
}

/** How much of a result's target is reached, 0..1. A target of 0 or less counts as reached. */
export function resultFraction(target: number, achieved: number): number {
  if (!(target > 0)) return 1;
  if (!(achieved > 0)) return 0;
  return Math.min(achieved / target, 1);
}

export const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/**
 * How much of a milestone is done: met is whole, anything else nothing. A cancelled milestone is
 * left out of the roll-up by {@link progressParts}, so it neither helps nor hurts.
 */
export function milestoneFraction(status: MilestoneStatus): number {
  return status === 'met' ? 1 : 0;
}

/** The parts of a project's roll-up from its results and milestones (cancelled milestones left out). */
export function progressParts(
  results: readonly { weight: number; target: number; achieved: number }[],
  milestones: readonly { weight: number; status: MilestoneStatus }[],
): ProgressPart[] {
  return [
    ...results.map((r) => ({ weight: r.weight, fraction: resultFraction(r.target, r.achieved) })),
    ...milestones.filter((m) => m.status !== 'cancelled').map((m) => ({ weight: m.weight, fraction: milestoneFraction(m.status) })),
  ];
}

/**
 * The weighted mean of the parts in percent, to one decimal. Parts of weight 0 or less count for
 * nothing; with no weight at all there is nothing to measure, and progress is 0.
 */
export function progressPercent(parts: readonly ProgressPart[]): number {
  let weight = 0;
  let done = 0;
  for (const p of parts) {
    if (!(p.weight > 0)) continue;
    weight += p.weight;
    done += p.weight * Math.min(Math.max(p.fraction, 0), 1);
  }
  if (weight === 0) return 0;
  return Math.round((done / weight) * 1000) / 10;
}
