/** Coverage API shapes (GET /coverage, /coverage/uncovered): the server's routes validate with them, the web reads them as `Static<>` types. */
import { Type, type Static } from 'typebox';

export const Share = Type.Object({
  numerator: Type.Number(),
  denominator: Type.Number(),
  share: Type.Union([Type.Number(), Type.Null()], { description: 'numerator / denominator; null when the denominator is 0' }),
});
export type Share = Static<typeof Share>;
export const UrbanRural = Type.Object({ urban: Share, rural: Share, all: Share });
export type UrbanRural = Static<typeof UrbanRural>;

export const AreaCoverage = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  facilityCoverage: Type.Object(
    { communities: UrbanRural },
    { description: 'communities with an operating facility of the kind / communities (综合服务设施覆盖率 for kind comprehensive)' },
  ),
  radiusCoverage: Type.Object(
    { population: UrbanRural, communities: UrbanRural },
    {
      description:
        'resident population (and communities) whose community centroid lies within the service radius of an operating facility of the kind; communities without a centroid are left out',
    },
  ),
  facilities: Type.Integer({ description: 'operating facilities of the kind' }),
  floorArea: Type.Number({ description: 'm², operating facilities of the kind' }),
  activityArea: Type.Number({ description: 'm² open to residents’ activities' }),
  households: Type.Union([Type.Number(), Type.Null()]),
  floorAreaPer100Households: Type.Union([Type.Number(), Type.Null()]),
  activityShare: Type.Union([Type.Number(), Type.Null()], { description: 'activity floor area / floor area' }),
  communitiesWithoutLocation: Type.Integer({ description: 'communities left out of the radius figures: no centroid' }),
});
export type AreaCoverage = Static<typeof AreaCoverage>;

export const CoverageReport = Type.Object({
  kind: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()], { description: 'the population statistics used' }),
  radiusKm: Type.Object({ urban: Type.Number(), rural: Type.Number() }),
  area: AreaCoverage,
  children: Type.Array(AreaCoverage),
});
export type CoverageReport = Static<typeof CoverageReport>;

export const UncoveredCommunity = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Null()]),
  township: Type.Object({ code: Type.String(), name: Type.String() }),
  residentPopulation: Type.Number(),
  lon: Type.Number(),
  lat: Type.Number(),
  radiusKm: Type.Number({ description: 'the radius that applies to it' }),
  nearestFacilityKm: Type.Union([Type.Number(), Type.Null()], { description: 'great-circle km to the nearest operating facility of the kind; null when there is none' }),
});
export type UncoveredCommunity = Static<typeof UncoveredCommunity>;
