import type { AreaTree } from '../areas/hierarchy.ts';
import { CoverageInputError } from './errors.ts';
import { checkPoints, checkRadius, forEachCandidate, haverSinDistance, haverSinOfRadius, indexPoints, type PointSet } from './points.ts';
import { checkLeaves, rollUpShares, URBAN, type UrbanRuralShares } from './roll-up.ts';

/** Communities as parallel arrays: where they are, how many people live there, urban or rural. */
export interface CommunityPoints extends PointSet {
  /** Resident population; finite and >= 0. */
  readonly population: Float64Array;
  /** URBAN (1), RURAL (0) or UNKNOWN_KIND (2, reached with the rural radius). */
  readonly kind: Uint8Array;
}

export interface Radii {
  readonly urbanKm: number;
  readonly ruralKm: number;
}

function checkCommunities(communities: CommunityPoints): void {
  checkPoints(communities, 'communities');
  const n = communities.lon.length;
  if (communities.population.length !== n) throw new CoverageInputError('communities.population', `has ${communities.population.length} values for ${n} communities`);
  if (communities.kind.length !== n) throw new CoverageInputError('communities.kind', `has ${communities.kind.length} values for ${n} communities`);
  for (let i = 0; i < n; i++) {
    const p = communities.population[i]!;
    if (!(p >= 0 && Number.isFinite(p))) throw new CoverageInputError(`communities.population[${i}]`, `must be a finite number >= 0, got ${p}`);
  }
}

function checkRadii(radii: Radii): void {
  checkRadius(radii.urbanKm, 'radii.urbanKm');
  checkRadius(radii.ruralKm, 'radii.ruralKm');
}

/**
 * Which communities lie within their service radius (urbanKm for urban communities, ruralKm
 * for the others) of at least one facility, great-circle, the radius itself included.
 * Each facility asks a k-d tree of the communities which lie within its reach, so the work
 * grows with facilities × (log(communities) + communities in reach), not their product.
 */
export function coveredCommunities(communities: CommunityPoints, facilities: PointSet, radii: Radii): Uint8Array {
  checkCommunities(communities);
  checkPoints(facilities, 'facilities');
  checkRadii(radii);
  const n = communities.lon.length;
  const covered = new Uint8Array(n);
  if (n === 0 || facilities.lon.length === 0) return covered;
  const urbanLimit = haverSinOfRadius(radii.urbanKm);
  const otherLimit = haverSinOfRadius(radii.ruralKm);
  const { lon, lat, kind } = communities;
  // One index and one query per facility, with the wider radius; each candidate is then held
  // to its own class's radius.
  const indexed = indexPoints(communities);
  const reach = Math.max(radii.urbanKm, radii.ruralKm);
  for (let f = 0; f < facilities.lon.length; f++) {
    const fLon = facilities.lon[f]!;
    const fLat = facilities.lat[f]!;
    forEachCandidate(indexed, fLon, fLat, reach, (c) => {
      if (covered[c]) return;
      if (haverSinDistance(fLon, fLat, lon[c]!, lat[c]!) <= (kind[c] === URBAN ? urbanLimit : otherLimit)) covered[c] = 1;
    });
  }
  return covered;
}

/**
 * The same answer by comparing every community with every facility: the baseline the
 * benchmark measures against and the reference the tests check the index with.
 */
export function coveredCommunitiesAllPairs(communities: CommunityPoints, facilities: PointSet, radii: Radii): Uint8Array {
  checkCommunities(communities);
  checkPoints(facilities, 'facilities');
  checkRadii(radii);
  const urbanLimit = haverSinOfRadius(radii.urbanKm);
  const ruralLimit = haverSinOfRadius(radii.ruralKm);
  const covered = new Uint8Array(communities.lon.length);
  for (let c = 0; c < communities.lon.length; c++) {
    const limit = communities.kind[c] === URBAN ? urbanLimit : ruralLimit;
    const lon = communities.lon[c]!;
    const lat = communities.lat[c]!;
    for (let f = 0; f < facilities.lon.length; f++) {
      // The facility is the query point, as in the index, so both round alike.
      if (haverSinDistance(facilities.lon[f]!, facilities.lat[f]!, lon, lat) <= limit) {
        covered[c] = 1;
        break;
      }
    }
  }
  return covered;
}

export interface RadiusCoverage {
  /** 1 where the community is within reach, by community. */
  readonly covered: Uint8Array;
  /** Resident population within reach / resident population, per area. */
  readonly population: UrbanRuralShares;
  /** Communities within reach / communities, per area. */
  readonly communities: UrbanRuralShares;
}

/**
 * Service-radius coverage of every area of the tree: the share of resident population (and of
 * communities) within reach of a facility, urban and rural apart. `leaf[c]` is community c's
 * index in the tree.
 */
export function radiusCoverage(tree: AreaTree, leaf: Int32Array, communities: CommunityPoints, facilities: PointSet, radii: Radii): RadiusCoverage {
  if (leaf.length !== communities.lon.length) throw new CoverageInputError('leaf', `has ${leaf.length} values for ${communities.lon.length} communities`);
  checkLeaves(tree, leaf, 'leaf');
  const covered = coveredCommunities(communities, facilities, radii);
  return {
    covered,
    population: rollUpShares(tree, leaf, communities.kind, communities.population, covered),
    communities: rollUpShares(tree, leaf, communities.kind, new Float64Array(leaf.length).fill(1), covered),
  };
}

/**
 * The communities left outside, most people first (then by position, for a stable order);
 * `keep` narrows them (to an area's subtree, say).
 */
export function uncoveredByPopulation(covered: Uint8Array, population: Float64Array, keep?: (community: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let c = 0; c < covered.length; c++) if (!covered[c] && (!keep || keep(c))) out.push(c);
  out.sort((a, b) => population[b]! - population[a]! || a - b);
  return Int32Array.from(out);
}
