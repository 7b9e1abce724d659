import { DEFAULT_RADIUS_KM } from '../../../contracts/facilities.ts';
import { greatCircleKm } from '../../../engine/coverage/points.ts';
import type { AreaSummary } from '../areas/areas.schema.ts';
import type { FacilityWarning } from './facilities.schema.ts';

/**
 * Whether a facility's location lies far from its community: farther from the community's centroid
 * than the community's default service radius (urban 1 km, rural 3 km). Coverage places a
 * facility at its location and reaches the communities within their radius, so a facility that
 * far away does not even reach its own community's centre: most likely a misplaced click or
 * swapped coordinates. It is a warning, not a refusal: a centroid is an estimate and a mountain
 * village can be wider than its radius. The hard check stays the county boundary.
 */
export function locationWarnings(
  community: Pick<AreaSummary, 'code' | 'name' | 'kind' | 'lon' | 'lat'> | undefined,
  location: { lon: number; lat: number } | null | undefined,
): FacilityWarning[] {
  if (!location || !community || community.lon === null || community.lat === null) return [];
  const limitKm = community.kind === 'urban' ? DEFAULT_RADIUS_KM.urban : DEFAULT_RADIUS_KM.rural;
  const distanceKm = greatCircleKm(location.lon, location.lat, community.lon, community.lat);
  if (distanceKm <= limitKm) return [];
  const rounded = Math.round(distanceKm * 10) / 10;
  return [
    {
      field: 'location',
      code: 'farFromCommunity',
      message: `(${location.lon}, ${location.lat}) lies ${rounded} km from the centre of ${community.name} (${community.code}), beyond its ${limitKm} km service radius: check the point`,
      distanceKm: rounded,
      limitKm,
    },
  ];
}
