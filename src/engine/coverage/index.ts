export { CoverageInputError } from './errors.ts';
export { checkPoints, forEachCandidate, forEachWithin, greatCircleKm, indexPoints, nearestKm, pointsWithin, EARTH_RADIUS_KM, RADIUS_TOLERANCE_KM, type PointSet } from './points.ts';
export { rollUpShares, shareAt, URBAN, RURAL, UNKNOWN_KIND, type Share, type ShareArrays, type UrbanRuralShares } from './roll-up.ts';
export {
  coveredCommunities,
  coveredCommunitiesAllPairs,
  radiusCoverage,
  uncoveredByPopulation,
  type CommunityPoints,
  type Radii,
  type RadiusCoverage,
} from './radius-coverage.ts';
export { activityShare, facilityCoverage, floorAreaPer100Households, type CommunityFigures, type FacilityCoverage, type FacilityFigures } from './facility-coverage.ts';
