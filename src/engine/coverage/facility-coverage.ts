import { rollUpSum, type AreaTree } from '../areas/hierarchy.ts';
import { CoverageInputError } from './errors.ts';
import { checkLeaves, rollUpShares, type UrbanRuralShares } from './roll-up.ts';

/** The communities of the tree: where each sits in it, its class and its households. */
export interface CommunityFigures {
  readonly leaf: Int32Array;
  readonly kind: Uint8Array;
  /** Households; NaN where the community reported none (left out of the per-household figure). */
  readonly households: Float64Array;
}

/** The facilities that count (operating, of the kind asked about): their community and floor areas in m². */
export interface FacilityFigures {
  /** Index into the communities of each facility's community. */
  readonly community: Int32Array;
  readonly floorArea: Float64Array;
  readonly activityArea: Float64Array;
}

export interface FacilityCoverage {
  /** Communities with at least one facility / communities, per area, urban and rural apart. */
  readonly communities: UrbanRuralShares;
  /** Per area: facilities, their floor area and resident-activity floor area, and households. */
  readonly facilities: Float64Array;
  readonly floorArea: Float64Array;
  readonly activityArea: Float64Array;
  readonly households: Float64Array;
}

/**
 * Facility coverage as the plan counts it: the share of communities that have a facility of
 * their own, with floor area per household and the share of floor area open to residents'
 * activities, summed up every level of the tree.
 */
export function facilityCoverage(tree: AreaTree, communities: CommunityFigures, facilities: FacilityFigures): FacilityCoverage {
  const n = communities.leaf.length;
  if (communities.kind.length !== n) throw new CoverageInputError('communities.kind', `has ${communities.kind.length} values for ${n} communities`);
  if (communities.households.length !== n) throw new CoverageInputError('communities.households', `has ${communities.households.length} values for ${n} communities`);
  checkLeaves(tree, communities.leaf, 'communities.leaf');
  const m = facilities.community.length;
  for (const name of ['floorArea', 'activityArea'] as const) {
    if (facilities[name].length !== m) throw new CoverageInputError(`facilities.${name}`, `has ${facilities[name].length} values for ${m} facilities`);
  }
  const has = new Uint8Array(n);
  const size = tree.codes.length;
  const count = new Float64Array(size);
  const floor = new Float64Array(size);
  const activity = new Float64Array(size);
  for (let f = 0; f < m; f++) {
    const c = facilities.community[f]!;
    if (!(c >= 0 && c < n)) throw new CoverageInputError(`facilities.community[${f}]`, `is not a community (${c})`);
    const a = facilities.floorArea[f]!;
    const r = facilities.activityArea[f]!;
    if (!(a > 0 && Number.isFinite(a))) throw new CoverageInputError(`facilities.floorArea[${f}]`, `must be a positive area, got ${a}`);
    if (!(r >= 0 && r <= a)) throw new CoverageInputError(`facilities.activityArea[${f}]`, `must be from 0 to the floor area ${a}, got ${r}`);
    has[c] = 1;
    const i = communities.leaf[c]!;
    count[i]! += 1;
    floor[i]! += a;
    activity[i]! += r;
  }
  const households = new Float64Array(size).fill(Number.NaN);
  for (let c = 0; c < n; c++) {
    const h = communities.households[c]!;
    if (Number.isNaN(h)) continue;
    if (!(h >= 0 && Number.isFinite(h))) throw new CoverageInputError(`communities.households[${c}]`, `must be a finite number >= 0, got ${h}`);
    const i = communities.leaf[c]!;
    households[i] = Number.isNaN(households[i]!) ? h : households[i]! + h;
  }
  return {
    communities: rollUpShares(tree, communities.leaf, communities.kind, new Float64Array(n).fill(1), has),
    facilities: rollUpSum(tree, count),
    floorArea: rollUpSum(tree, floor),
    activityArea: rollUpSum(tree, activity),
    households: rollUpSum(tree, households),
  };
}

/** m² per 100 households, or null without households. */
export function floorAreaPer100Households(floorArea: number, households: number): number | null {
  return households > 0 ? (floorArea / households) * 100 : null;
}

/** Resident-activity floor area / floor area, or null without floor area. */
export function activityShare(activityArea: number, floorArea: number): number | null {
  return floorArea > 0 ? activityArea / floorArea : null;
}
