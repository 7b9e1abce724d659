/** A GeoJSON-style polygon: rings of [lon, lat], the first the outer boundary, the rest holes. */
export type Ring = readonly (readonly [number, number])[];
export type Polygon = readonly Ring[];
export type MultiPolygon = readonly Polygon[];

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even–odd point-in-polygon test over every polygon of a multipolygon, honouring holes. */
export function pointInMultiPolygon(lon: number, lat: number, shape: MultiPolygon): boolean {
  for (const polygon of shape) {
    if (polygon.length === 0 || !inRing(lon, lat, polygon[0]!)) continue;
    if (!polygon.slice(1).some((hole) => inRing(lon, lat, hole))) return true;
  }
  return false;
}

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function boundingBox(shape: MultiPolygon): BoundingBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of shape)
    for (const [lon, lat] of polygon[0] ?? []) {
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  return box;
}

/** Normalises a GeoJSON Polygon or MultiPolygon geometry to a MultiPolygon. */
export function asMultiPolygon(geometry: { type: string; coordinates: unknown }): MultiPolygon {
  if (geometry.type === 'Polygon') return [geometry.coordinates as Polygon];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as MultiPolygon;
  throw new Error(`expected a Polygon or MultiPolygon, got ${geometry.type}`);
}

/** Signed area (in squared degrees) and area-weighted centroid of a ring, by the shoelace formula. */
function ringMoments(ring: Ring): { area: number; lon: number; lat: number } {
  let area = 0;
  let lon = 0;
  let lat = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    lon += (x0 + x1) * cross;
    lat += (y0 + y1) * cross;
  }
  return { area: area / 2, lon, lat };
}

/**
 * The area-weighted centroid of a multipolygon (holes subtracted), for placing a label or a
 * county's marker. Planar in degrees, which is accurate enough at county size.
 */
export function centroidOf(shape: MultiPolygon): [number, number] {
  let area = 0;
  let lon = 0;
  let lat = 0;
  for (const polygon of shape) {
    polygon.forEach((ring, index) => {
      const m = ringMoments(ring);
      // Outer rings count positively and holes negatively, whatever their winding.
      const sign = (index === 0 ? 1 : -1) * Math.sign(m.area);
      area += sign * m.area;
      lon += sign * m.lon;
      lat += sign * m.lat;
    });
  }
  if (area === 0) throw new Error('the shape has no area');
  return [lon / (6 * area), lat / (6 * area)];
}
