import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { CoverageInputError } from './errors.ts';

/** Points as parallel arrays of degrees (WGS-84 / GCJ-02 alike: the engine only measures). */
export interface PointSet {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
}

/** The mean Earth radius geokdbush measures with, so brute force and index agree to the bit. */
export const EARTH_RADIUS_KM = 6371;
/**
 * A point exactly on the radius is inside. Coordinates carry rounding noise far below a
 * millimetre, so the radius is widened by one: a facility "at 1 km" computed as 1.0000000000002 km
 * still counts.
 */
export const RADIUS_TOLERANCE_KM = 1e-6;

const RAD = Math.PI / 180;

function haverSin(theta: number): number {
  const s = Math.sin(theta / 2);
  return s * s;
}

/**
 * The haversine term between a query point (1) and a point (2), in the exact operation order
 * geokdbush uses, so the all-pairs baseline and the index decide a boundary case alike.
 */
export function haverSinDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * haverSin((lon1 - lon2) * RAD) + haverSin((lat1 - lat2) * RAD);
}

/** The haversine term of a radius, with the tolerance: compare haverSinDistance(…) <= this. */
export function haverSinOfRadius(radiusKm: number): number {
  return haverSin((radiusKm + RADIUS_TOLERANCE_KM) / EARTH_RADIUS_KM);
}

/** Great-circle distance in km. */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, haverSinDistance(lon1, lat1, lon2, lat2))));
}

/** Refuses NaN, infinite and out-of-range coordinates, naming the first bad one. */
export function checkPoints(points: PointSet, name: string): void {
  if (points.lon.length !== points.lat.length) {
    throw new CoverageInputError(`${name}.lat`, `has ${points.lat.length} values for ${points.lon.length} longitudes`);
  }
  for (let i = 0; i < points.lon.length; i++) {
    const lon = points.lon[i]!;
    const lat = points.lat[i]!;
    if (!(lon >= -180 && lon <= 180)) throw new CoverageInputError(`${name}.lon[${i}]`, `must be a longitude from -180 to 180, got ${lon}`);
    if (!(lat >= -90 && lat <= 90)) throw new CoverageInputError(`${name}.lat[${i}]`, `must be a latitude from -90 to 90, got ${lat}`);
  }
}

/** Refuses a radius that is not a positive finite number of km. */
export function checkRadius(radiusKm: number, field: string): void {
  if (!(radiusKm > 0 && Number.isFinite(radiusKm))) throw new CoverageInputError(field, `must be a positive number of km, got ${radiusKm}`);
}

/** A static k-d tree over the points (ids are positions in the arrays). Points must be checked. */
export function indexPoints(points: PointSet, ids?: readonly number[] | Int32Array, nodeSize = 64): { index: KDBush; ids: Int32Array } {
  const chosen = ids ? Int32Array.from(ids) : Int32Array.from({ length: points.lon.length }, (_, i) => i);
  const index = new KDBush(Math.max(chosen.length, 1), nodeSize, Float64Array);
  for (const i of chosen) index.add(points.lon[i]!, points.lat[i]!);
  // KDBush cannot be empty; an index of no points answers every query with nothing.
  if (chosen.length === 0) index.add(0, 0);
  index.finish();
  return { index, ids: chosen };
}

/**
 * Calls `visit` with the position (in `ids` terms) of every indexed point in a box that surely
 * holds the spherical cap of radiusKm around (lon, lat): two boxes across the antimeridian, a
 * full band near a pole. The caller decides with the exact haversine test.
 */
export function forEachCandidate(indexed: { index: KDBush; ids: Int32Array }, lon: number, lat: number, radiusKm: number, visit: (id: number) => void): void {
  if (indexed.ids.length === 0) return;
  const { index, ids } = indexed;
  const angle = (radiusKm + RADIUS_TOLERANCE_KM) / EARTH_RADIUS_KM;
  // A margin of 1e-9 degrees (0.1 mm) keeps the box conservative against rounding.
  const margin = 1e-9;
  const dLat = angle / RAD + margin;
  const minLat = lat - dLat;
  const maxLat = lat + dLat;
  let dLon = 360;
  if (maxLat < 90 && minLat > -90 && angle < Math.PI / 2) {
    const s = Math.sin(angle) / Math.cos(lat * RAD);
    if (s < 1) dLon = Math.asin(s) / RAD + margin;
  }
  if (dLon >= 180) {
    for (const k of index.range(-180, minLat, 180, maxLat)) visit(ids[k]!);
    return;
  }
  const west = lon - dLon;
  const east = lon + dLon;
  for (const k of index.range(Math.max(west, -180), minLat, Math.min(east, 180), maxLat)) visit(ids[k]!);
  if (west < -180) for (const k of index.range(west + 360, minLat, 180, maxLat)) visit(ids[k]!);
  if (east > 180) for (const k of index.range(-180, minLat, east - 360, maxLat)) visit(ids[k]!);
}

/**
 * Calls `visit` with the position of every indexed point within radiusKm of (lon, lat),
 * great-circle, the radius included. The k-d tree answers a bounding box and the haversine test
 * decides, in the same arithmetic as the all-pairs baseline. This is several times faster than
 * geokdbush's `around`, which keeps a priority queue to sort by distance, an order coverage
 * does not need.
 */
export function forEachWithin(
  indexed: { index: KDBush; ids: Int32Array },
  points: PointSet,
  lon: number,
  lat: number,
  radiusKm: number,
  visit: (id: number) => void,
): void {
  const limit = haverSinOfRadius(radiusKm);
  forEachCandidate(indexed, lon, lat, radiusKm, (id) => {
    if (haverSinDistance(lon, lat, points.lon[id]!, points.lat[id]!) <= limit) visit(id);
  });
}

/** Positions (in `ids` terms) of the indexed points within radiusKm of (lon, lat). */
export function pointsWithin(indexed: { index: KDBush; ids: Int32Array }, points: PointSet, lon: number, lat: number, radiusKm: number): number[] {
  const found: number[] = [];
  forEachWithin(indexed, points, lon, lat, radiusKm, (id) => found.push(id));
  return found;
}

/** Distance in km from (lon, lat) to the nearest indexed point (geokdbush `around`), or null when there is none. */
export function nearestKm(indexed: { index: KDBush; ids: Int32Array }, points: PointSet, lon: number, lat: number): number | null {
  if (indexed.ids.length === 0) return null;
  const [k] = around(indexed.index, lon, lat, 1);
  if (k === undefined) return null;
  const id = indexed.ids[k]!;
  return greatCircleKm(lon, lat, points.lon[id]!, points.lat[id]!);
}
