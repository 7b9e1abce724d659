import type { Metric, Point } from './types.ts';

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in km between two lon/lat points in degrees. */
export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const sdp = Math.sin((p2 - p1) / 2);
  const sdl = Math.sin(((lon2 - lon1) * RAD) / 2);
  const a = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Euclidean distance. */
export function planarDistance(x1: number, y1: number, x2: number, y2: number): number {
  return Math.hypot(x2 - x1, y2 - y1);
}

export function pointDistance(a: Point, b: Point, metric: Metric): number {
  return metric === 'planar' ? planarDistance(a.x, a.y, b.x, b.y) : haversineKm(a.x, a.y, b.x, b.y);
}

/** Precomputed per-point terms so that many haversine evaluations avoid repeated trigonometry. */
export interface SphericalPoints {
  lat: Float64Array; // radians
  lon: Float64Array; // radians
  cosLat: Float64Array;
}

export function toSpherical(points: ArrayLike<Point>): SphericalPoints {
  const n = points.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const cosLat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lat[i] = points[i].y * RAD;
    lon[i] = points[i].x * RAD;
    cosLat[i] = Math.cos(lat[i]);
  }
  return { lat, lon, cosLat };
}

/** Haversine distance (km) between point i of `a` and point j of `b`. */
export function sphericalDistance(a: SphericalPoints, i: number, b: SphericalPoints, j: number): number {
  const sdp = Math.sin((b.lat[j] - a.lat[i]) / 2);
  const sdl = Math.sin((b.lon[j] - a.lon[i]) / 2);
  const h = sdp * sdp + a.cosLat[i] * b.cosLat[j] * sdl * sdl;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Dense demand × candidate distance matrix, row-major (`d[i * candidates.length + j]`). */
export function distanceMatrix(demand: ArrayLike<Point>, candidates: ArrayLike<Point>, metric: Metric): Float64Array {
  const n = demand.length;
  const m = candidates.length;
  const d = new Float64Array(n * m);
  if (metric === 'planar') {
    for (let i = 0; i < n; i++) {
      const { x, y } = demand[i];
      const row = i * m;
      for (let j = 0; j < m; j++) d[row + j] = Math.hypot(candidates[j].x - x, candidates[j].y - y);
    }
  } else {
    const a = toSpherical(demand);
    const b = toSpherical(candidates);
    for (let i = 0; i < n; i++) {
      const row = i * m;
      for (let j = 0; j < m; j++) d[row + j] = sphericalDistance(a, i, b, j);
    }
  }
  return d;
}
