import type { Db } from '../../db/database.ts';
import { isValidCoordinate } from '../../../engine/geo/coordinate.ts';
import { DEFAULT_RADIUS_KM, type FacilityKind } from '../../../contracts/facilities.ts';
import {
  activityShare,
  facilityCoverage,
  floorAreaPer100Households,
  indexPoints,
  nearestKm,
  radiusCoverage,
  RURAL,
  shareAt,
  uncoveredByPopulation,
  UNKNOWN_KIND,
  URBAN,
  type FacilityCoverage,
  type RadiusCoverage,
  type UrbanRuralShares,
} from '../../../engine/coverage/index.ts';
import { requireActor, scopedArea, type RequestContext } from '../../http/actor.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import { areaPoints, onAreaStatisticsChange, type AreaPoints } from '../areas/areas.service.ts';
import { onFacilitiesChange, operatingFacilities, type OperatingFacility } from '../facilities/facilities.service.ts';
import type { AreaCoverage, CoverageReport, UncoveredCommunity } from '../../../contracts/coverage.ts';

/** What every coverage question starts from: the tree, its communities and the operating facilities. */
interface Base {
  points: AreaPoints;
  /** Tree index of every community (level 5), in code order. */
  leaf: Int32Array;
  kind: Uint8Array;
  population: Float64Array;
  households: Float64Array;
  /** Positions (into leaf) of the communities with a usable centroid. */
  located: Int32Array;
  /** Community position by tree index (-1 for other levels). */
  communityAt: Int32Array;
  facilities: OperatingFacility[];
}

interface Computed {
  base: Base;
  facility: FacilityCoverage;
  radius: RadiusCoverage;
  /** Figures over `located` communities. */
  locatedPopulation: Float64Array;
  facilityPoints: { lon: Float64Array; lat: Float64Array };
  facilityIndex: ReturnType<typeof indexPoints>;
  withoutLocation: Float64Array;
}

interface DbCache {
  bases: Map<string, Promise<Base>>;
  results: Map<string, Promise<Computed>>;
}

const cache = new WeakMap<Db, DbCache>();
const RESULTS_KEPT = 32;

/** Drops everything computed for a database; facilities or populations changed. */
export function invalidateCoverage(db: Db): void {
  cache.delete(db);
}
onFacilitiesChange(invalidateCoverage);
onAreaStatisticsChange(invalidateCoverage);

async function loadBase(db: Db, year: number | undefined): Promise<Base> {
  const [points, facilities] = await Promise.all([areaPoints(db, year), operatingFacilities(db)]);
  const { tree } = points;
  const leaves: number[] = [];
  for (let i = 0; i < tree.codes.length; i++) if (tree.level[i] === 5) leaves.push(i);
  const leaf = Int32Array.from(leaves);
  const communityAt = new Int32Array(tree.codes.length).fill(-1);
  leaf.forEach((i, c) => (communityAt[i] = c));
  const kind = Uint8Array.from(leaves, (i) => (points.kinds[i] === 'urban' ? URBAN : points.kinds[i] === 'rural' ? RURAL : UNKNOWN_KIND));
  // A community without figures for the year counts no people rather than unknown people.
  const population = Float64Array.from(leaves, (i) => (Number.isNaN(points.residentPopulation[i]!) ? 0 : points.residentPopulation[i]!));
  const households = Float64Array.from(leaves, (i) => points.households[i]!);
  const located = Int32Array.from(leaves.flatMap((i, c) => (isValidCoordinate(points.lon[i]!, points.lat[i]!) ? [c] : [])));
  return { points, leaf, kind, population, households, located, communityAt, facilities };
}

function dbCache(db: Db): DbCache {
  let entry = cache.get(db);
  if (!entry) cache.set(db, (entry = { bases: new Map(), results: new Map() }));
  return entry;
}

function base(db: Db, year: number | undefined): Promise<Base> {
  const entry = dbCache(db);
  const key = String(year ?? 'latest');
  let result = entry.bases.get(key);
  if (!result) {
    result = loadBase(db, year);
    entry.bases.set(key, result);
    result.catch(() => entry.bases.delete(key));
  }
  return result;
}

async function compute(db: Db, year: number | undefined, kind: FacilityKind, urbanKm: number, ruralKm: number): Promise<Computed> {
  const b = await base(db, year);
  const { tree } = b.points;
  const ofKind = b.facilities.filter((f) => f.kind === kind);
  // Facility coverage counts a facility in its community, wherever it stands.
  const inCommunity = ofKind.flatMap((f) => {
    const i = tree.index.get(f.areaCode);
    const c = i === undefined ? -1 : b.communityAt[i]!;
    return c < 0 ? [] : [{ c, f }];
  });
  const facility = facilityCoverage(
    tree,
    { leaf: b.leaf, kind: b.kind, households: b.households },
    {
      community: Int32Array.from(inCommunity, (x) => x.c),
      floorArea: Float64Array.from(inCommunity, (x) => x.f.floorArea),
      activityArea: Float64Array.from(inCommunity, (x) => x.f.activityArea),
    },
  );
  // Radius coverage places a facility at its location, else at its community's centroid.
  const placed: [number, number][] = [];
  for (const f of ofKind) {
    if (f.lon !== null && f.lat !== null && isValidCoordinate(f.lon, f.lat)) placed.push([f.lon, f.lat]);
    else {
      const i = tree.index.get(f.areaCode);
      if (i !== undefined && isValidCoordinate(b.points.lon[i]!, b.points.lat[i]!)) placed.push([b.points.lon[i]!, b.points.lat[i]!]);
    }
  }
  const facilityPoints = { lon: Float64Array.from(placed, (p) => p[0]), lat: Float64Array.from(placed, (p) => p[1]) };
  const located = b.located;
  const locatedPopulation = Float64Array.from(located, (c) => b.population[c]!);
  const radius = radiusCoverage(
    tree,
    Int32Array.from(located, (c) => b.leaf[c]!),
    {
      lon: Float64Array.from(located, (c) => b.points.lon[b.leaf[c]!]!),
      lat: Float64Array.from(located, (c) => b.points.lat[b.leaf[c]!]!),
      population: locatedPopulation,
      kind: Uint8Array.from(located, (c) => b.kind[c]!),
    },
    facilityPoints,
    { urbanKm, ruralKm },
  );
  const isLocated = new Uint8Array(b.leaf.length);
  for (const c of located) isLocated[c] = 1;
  const withoutLocation = new Float64Array(tree.codes.length);
  b.leaf.forEach((i, c) => {
    if (!isLocated[c]) withoutLocation[i] = 1;
  });
  for (let i = tree.codes.length - 1; i >= 0; i--) {
    const p = tree.parent[i]!;
    if (p >= 0) withoutLocation[p]! += withoutLocation[i]!;
  }
  return { base: b, facility, radius, locatedPopulation, facilityPoints, facilityIndex: indexPoints(facilityPoints), withoutLocation };
}

function computed(db: Db, year: number | undefined, kind: FacilityKind, urbanKm: number, ruralKm: number): Promise<Computed> {
  const entry = dbCache(db);
  const key = JSON.stringify([year ?? null, kind, urbanKm, ruralKm]);
  let result = entry.results.get(key);
  if (result) {
    // Most recently used last.
    entry.results.delete(key);
  } else {
    result = compute(db, year, kind, urbanKm, ruralKm);
    result.catch(() => entry.results.delete(key));
    if (entry.results.size >= RESULTS_KEPT) entry.results.delete(entry.results.keys().next().value!);
  }
  entry.results.set(key, result);
  return result;
}

// ---- requests ----

export interface CoverageQuery {
  area?: string;
  kind?: FacilityKind;
  radiusKm?: number;
  urbanRadiusKm?: number;
  ruralRadiusKm?: number;
  year?: number;
}

interface Resolved {
  area: string;
  kind: FacilityKind;
  urbanKm: number;
  ruralKm: number;
  result: Computed;
  at: number;
}

async function resolve(db: Db, ctx: RequestContext, q: CoverageQuery): Promise<Resolved> {
  const actor = requireActor(ctx);
  const area = scopedArea(actor, q.area);
  if (q.radiusKm !== undefined && (q.urbanRadiusKm !== undefined || q.ruralRadiusKm !== undefined)) {
    throw invalidField('radiusKm', 'give one radius for all communities, or urbanRadiusKm / ruralRadiusKm, not both');
  }
  const urbanKm = q.radiusKm ?? q.urbanRadiusKm ?? DEFAULT_RADIUS_KM.urban;
  const ruralKm = q.radiusKm ?? q.ruralRadiusKm ?? DEFAULT_RADIUS_KM.rural;
  const kind = q.kind ?? 'comprehensive';
  const result = await computed(db, q.year, kind, urbanKm, ruralKm);
  if (q.year !== undefined && !result.base.points.residentPopulation.some((p) => !Number.isNaN(p))) {
    throw invalidField('year', 'has no population statistics');
  }
  const at = result.base.points.tree.index.get(area);
  if (at === undefined) throw notFound('Area', area);
  return { area, kind, urbanKm, ruralKm, result, at };
}

function urbanRural(shares: UrbanRuralShares, i: number) {
  return { urban: shareAt(shares.urban, i), rural: shareAt(shares.rural, i), all: shareAt(shares.all, i) };
}

function figuresAt(c: Computed, i: number): AreaCoverage {
  const { points } = c.base;
  const f = c.facility;
  const households = Number.isNaN(f.households[i]!) ? null : f.households[i]!;
  return {
    code: points.tree.codes[i]!,
    name: points.names[i]!,
    level: points.tree.level[i]!,
    facilityCoverage: { communities: urbanRural(f.communities, i) },
    radiusCoverage: { population: urbanRural(c.radius.population, i), communities: urbanRural(c.radius.communities, i) },
    facilities: f.facilities[i]!,
    floorArea: f.floorArea[i]!,
    activityArea: f.activityArea[i]!,
    households,
    floorAreaPer100Households: households === null ? null : floorAreaPer100Households(f.floorArea[i]!, households),
    activityShare: activityShare(f.activityArea[i]!, f.floorArea[i]!),
    communitiesWithoutLocation: c.withoutLocation[i]!,
  };
}

/** The area and each of its children: facility coverage and service-radius coverage, urban and rural apart. */
export async function getCoverage(db: Db, ctx: RequestContext, q: CoverageQuery): Promise<CoverageReport> {
  const r = await resolve(db, ctx, q);
  const { tree } = r.result.base.points;
  const children: AreaCoverage[] = [];
  for (let i = r.at + 1; i < tree.codes.length && tree.codes[i]!.startsWith(r.area); i++) {
    if (tree.parent[i] === r.at) children.push(figuresAt(r.result, i));
  }
  return {
    kind: r.kind,
    year: r.result.base.points.year,
    radiusKm: { urban: r.urbanKm, rural: r.ruralKm },
    area: figuresAt(r.result, r.at),
    children,
  };
}

/** The communities under the area outside every facility's reach, most people first. */
export async function listUncovered(
  db: Db,
  ctx: RequestContext,
  q: CoverageQuery & { limit?: number; cursor?: string },
): Promise<{ items: UncoveredCommunity[]; total: number; nextCursor: string | null }> {
  const r = await resolve(db, ctx, q);
  const c = r.result;
  const { points } = c.base;
  const codes = points.tree.codes;
  const offset = decodeOffsetCursor(q.cursor);
  const limit = q.limit ?? 50;
  const located = c.base.located;
  const order = uncoveredByPopulation(c.radius.covered, c.locatedPopulation, (k) => codes[c.base.leaf[located[k]!]!]!.startsWith(r.area));
  const items: UncoveredCommunity[] = [];
  for (const k of order.subarray(offset, offset + limit)) {
    const community = located[k]!;
    const i = c.base.leaf[community]!;
    const township = points.tree.parent[i]!;
    const lon = points.lon[i]!;
    const lat = points.lat[i]!;
    const kind = points.kinds[i]!;
    items.push({
      code: codes[i]!,
      name: points.names[i]!,
      kind,
      township: { code: codes[township]!, name: points.names[township]! },
      residentPopulation: c.locatedPopulation[k]!,
      lon,
      lat,
      radiusKm: kind === 'urban' ? r.urbanKm : r.ruralKm,
      nearestFacilityKm: nearestKm(c.facilityIndex, c.facilityPoints, lon, lat),
    });
  }
  const next = offset + items.length;
  return { items, total: order.length, nextCursor: next < order.length ? encodeOffsetCursor(next) : null };
}
