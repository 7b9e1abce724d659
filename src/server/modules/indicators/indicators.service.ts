import type { Db } from '../../db/database.ts';
import { isValidCoordinate } from '../../../engine/geo/coordinate.ts';
import { DEFAULT_RADIUS_KM } from '../../../contracts/facilities.ts';
import {
  INDICATOR_BY_CODE,
  INDICATORS,
  isIndicatorCode,
  type Equalization,
  type IndicatorCode,
  type IndicatorDefinition,
  type IndicatorValue,
  type IndicatorValues,
  type Split,
} from '../../../contracts/indicators.ts';
import type { AreaTree } from '../../../engine/areas/hierarchy.ts';
import { coveredCommunities, RURAL, UNKNOWN_KIND, URBAN, type UrbanRuralShares } from '../../../engine/coverage/index.ts';
import { parsePeriod, quarterPeriod, rollUpRatio, spread, urbanRuralGap, yearPeriod, type Period } from '../../../engine/indicators/index.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { areaPoints, onAreaStatisticsChange, statisticsYearsAll, type AreaPoints } from '../areas/areas.service.ts';
import { facilityHistories, onFacilitiesChange, type FacilityHistory } from '../facilities/facilities.service.ts';
import { onRecordsChange } from '../../db/record-changes.ts';
import type { CommunityCounts, IndicatorSources, SourceWindow } from './indicator-sources.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

/**
 * The indicators fed by the service-side modules (people who serve, services, care, linkage,
 * market): each module's service exports its per-community counts, and the snapshot rolls them
 * up like the built-in ones. One line per indicator; its definition in src/contracts/indicators.ts
 * says `available: true` once its source is here.
 */
export const INDICATOR_SOURCES: IndicatorSources = {
  // -- people: workers --
  // Who counts as a community worker or a social worker on the as-of day: src/engine/workforce, docs/people.md.
  social_worker_presence: { denominator: 'communities', load: async (db, window) => (await import('../people/workers.service.ts')).workforceSources.socialWorkerPresence(db, window) },
  social_workers_per_10000: { denominator: 'population', load: async (db, window) => (await import('../people/workers.service.ts')).workforceSources.socialWorkers(db, window) },
  community_workers_per_10000_urban: { denominator: 'population', load: async (db, window) => (await import('../people/workers.service.ts')).workforceSources.communityWorkers(db, window) },
  social_work_certificate_share: { denominator: 'counted', load: async (db, window) => (await import('../people/workers.service.ts')).workforceSources.certificateShare(db, window) },
  // -- end people: workers --
  // -- people: organizations --
  // Organizations serving each community (filed, registered or active); one serving n communities counts 1/n in each.
  organizations_per_community: {
    denominator: 'communities',
    load: async (db, window) => (await import('../people/organizations.service.ts')).organizationsPerCommunity(db, window),
  },
  // -- end people: organizations --
  // -- services --
  // Requests decided within their committed limit ÷ requests decided in the period; mean rating on 0–100 ((score − 1) × 25) ÷ ratings.
  requests_on_time: { denominator: 'counted', load: async (db, window) => (await import('../services/requests.service.ts')).onTimeCounts(db, window) },
  satisfaction: { denominator: 'counted', load: async (db, window) => (await import('../services/requests.service.ts')).satisfactionCounts(db, window) },
  // -- end services --
  // -- linkage: procurement --
  // -- end linkage: procurement --
  // -- linkage: delivery --
  // Satisfaction combines both sources: service requests' ratings and residents' answers to linkage
  // evaluation rounds, each on 0–100 ((rating − 1) × 25) and counted in the resident's community;
  // numerators and denominators add, so the value stays the mean over every rating of the period.
  // It replaces the services-only loader above (a later key of the spread wins).
  ...({
    satisfaction: {
      denominator: 'counted',
      load: async (db, window) => {
        const [requests, linkage] = await Promise.all([
          (await import('../services/requests.service.ts')).satisfactionCounts(db, window),
          (await import('../linkage/evaluations.service.ts')).satisfactionCounts(db, window),
        ]);
        const add = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) => {
          const out = new Map(a);
          for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
          return out;
        };
        return { numerator: add(requests.numerator, linkage.numerator), denominator: add(requests.denominator, linkage.denominator) };
      },
    },
  } satisfies IndicatorSources as IndicatorSources),
  // -- end linkage: delivery --
  // -- care: cases --
  // Persons in care visited as their plan asks in the period ÷ persons in care (docs/care.md).
  left_behind_visited: { denominator: 'counted', load: async (db, window) => (await import('../care/cases.indicator.ts')).visitedAsPlannedCounts(db, window) },
  // -- end care: cases --
  // -- care: referrals and family --
  // -- end care: referrals and family --
  // -- market: information points --
  // A community is covered when the platform served it in the period: a service recorded at one of
  // its information points, or a service request filed from it (docs/info-points.md).
  platform_coverage: { denominator: 'communities', load: async (db, window) => (await import('../market/info-points.service.ts')).platformCoverageCounts(db, window) },
  // -- end market: information points --
  // -- market: sales --
  // -- end market: sales --
};

/** An open period's snapshot (work is still being recorded in it) is at most this old. */
const OPEN_PERIOD_TTL_MS = 60_000;

/**
 * Every built-in indicator's numerators and denominators for every area of the tree in one
 * period, urban, rural and all: what every value, ranking, map and report reads.
 */
export interface Snapshot {
  period: Period;
  /** The statistics year population figures come from: the latest up to the period's year. */
  statisticsYear: number | null;
  /** The day the period's state was read at: its last day, or today while it is open. */
  asOf: string;
  computedAt: string;
  tree: AreaTree;
  names: string[];
  shares: Partial<Record<IndicatorCode, UrbanRuralShares>>;
  /** Resident population per split (the denominators): the Theil index's weights. */
  population: UrbanRuralShares;
}

/** What snapshots of every period are computed from, loaded once per database. */
interface Base {
  years: number[];
  facilities: FacilityHistory[];
  points: Map<number | null, Promise<AreaPoints>>;
}

interface DbCache {
  base: Promise<Base> | null;
  snapshots: Map<string, { snapshot: Promise<Snapshot>; expires: number }>;
}

const caches = new WeakMap<Db, DbCache>();

/** Drops every snapshot of a database: facilities, statistics or areas changed. */
export function invalidateIndicators(db: Db): void {
  caches.delete(db);
}
onFacilitiesChange(invalidateIndicators);
onAreaStatisticsChange(invalidateIndicators);

/** Drops the computed snapshots (not the loaded base): records of a service-side module changed. */
export function invalidateSnapshots(db: Db): void {
  caches.get(db)?.snapshots.clear();
}
onRecordsChange(invalidateSnapshots);

function dbCache(db: Db): DbCache {
  let entry = caches.get(db);
  if (!entry) caches.set(db, (entry = { base: null, snapshots: new Map() }));
  return entry;
}

async function loadBase(db: Db): Promise<Base> {
  const [years, facilities] = await Promise.all([statisticsYearsAll(db), facilityHistories(db, 'comprehensive')]);
  return { years, facilities, points: new Map() };
}

function base(db: Db): Promise<Base> {
  const entry = dbCache(db);
  if (!entry.base) {
    const loading = loadBase(db);
    entry.base = loading;
    loading.catch(() => {
      if (entry.base === loading) entry.base = null;
    });
  }
  return entry.base;
}

function pointsOf(db: Db, b: Base, year: number | null): Promise<AreaPoints> {
  let p = b.points.get(year);
  if (!p) {
    // No statistics up to the period: the tree with no figures (a year nobody reported).
    p = areaPoints(db, year ?? 0);
    b.points.set(year, p);
  }
  return p;
}

/** Today as China has it (the platform's day: periods, visits and windows are China days). */
const today = todayInChina;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Whether a facility operated on a day: its last status change up to that day says so. */
function operatingOn(f: FacilityHistory, day: string): boolean {
  let status: string | null = null;
  for (const [date, to] of f.events) {
    if (date > day) break;
    status = to;
  }
  return status === 'operating';
}

/** The communities of a tree as parallel arrays, derived once per loaded tree and statistics. */
interface CommunityLayout {
  /** Tree index of community c. */
  leaf: Int32Array;
  /** Community position by tree index (-1 for other levels). */
  communityAt: Int32Array;
  kind: Uint8Array;
  /** NaN where the community has no figures. */
  population: Float64Array;
  households: Float64Array;
  ones: Float64Array;
  hasStatistics: boolean;
  /** The communities with a usable centroid, for the service radius (as the coverage module decides it). */
  located: { at: Int32Array; lon: Float64Array; lat: Float64Array; population: Float64Array; kind: Uint8Array };
}

const layouts = new WeakMap<AreaPoints, CommunityLayout>();

function layoutOf(points: AreaPoints): CommunityLayout {
  const kept = layouts.get(points);
  if (kept) return kept;
  const { tree } = points;
  const n = tree.codes.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (tree.level[i] === 5) count++;
  const leaf = new Int32Array(count);
  const communityAt = new Int32Array(n).fill(-1);
  const kind = new Uint8Array(count);
  const population = new Float64Array(count);
  const households = new Float64Array(count);
  let hasStatistics = false;
  let locatedCount = 0;
  for (let i = 0, c = 0; i < n; i++) {
    if (tree.level[i] !== 5) continue;
    leaf[c] = i;
    communityAt[i] = c;
    const k = points.kinds[i];
    kind[c] = k === 'urban' ? URBAN : k === 'rural' ? RURAL : UNKNOWN_KIND;
    population[c] = points.residentPopulation[i]!;
    households[c] = points.households[i]!;
    if (!Number.isNaN(population[c]!)) hasStatistics = true;
    if (isValidCoordinate(points.lon[i]!, points.lat[i]!)) locatedCount++;
    c++;
  }
  const located = {
    at: new Int32Array(locatedCount),
    lon: new Float64Array(locatedCount),
    lat: new Float64Array(locatedCount),
    population: new Float64Array(locatedCount),
    kind: new Uint8Array(locatedCount),
  };
  for (let c = 0, l = 0; c < count; c++) {
    const i = leaf[c]!;
    if (!isValidCoordinate(points.lon[i]!, points.lat[i]!)) continue;
    located.at[l] = c;
    located.lon[l] = points.lon[i]!;
    located.lat[l] = points.lat[i]!;
    // A community without figures counts no people rather than unknown people.
    located.population[l] = Number.isNaN(population[c]!) ? 0 : population[c]!;
    located.kind[l] = kind[c]!;
    l++;
  }
  const layout = { leaf, communityAt, kind, population, households, ones: new Float64Array(count).fill(1), hasStatistics: hasStatistics && points.year !== null, located };
  layouts.set(points, layout);
  return layout;
}

/**
 * Computes one period's snapshot: every built-in indicator with data, urban / rural / all, for
 * every area. Facilities count if operating on `asOf`; the service-side indicators (platform
 * coverage among them) come `sourced`. Exported for the benchmark.
 */
export function computeSnapshot(
  period: Period,
  points: AreaPoints,
  facilities: readonly FacilityHistory[],
  asOf: string,
  sourced: SourcedCounts = {},
): Snapshot {
  const { tree } = points;
  const l = layoutOf(points);
  const count = l.leaf.length;

  // Facilities operating on the day, placed in their community (facility coverage, floor area)
  // and on the map (service radius: their own location, else their community's centroid).
  const covered = new Float64Array(count);
  const floorArea = new Float64Array(count);
  const placedLon = new Float64Array(facilities.length);
  const placedLat = new Float64Array(facilities.length);
  let placed = 0;
  for (const f of facilities) {
    if (!operatingOn(f, asOf)) continue;
    const i = tree.index.get(f.areaCode);
    const c = i === undefined ? -1 : l.communityAt[i]!;
    if (c >= 0) {
      covered[c] = 1;
      floorArea[c]! += f.floorArea;
    }
    if (f.lon !== null && f.lat !== null && isValidCoordinate(f.lon, f.lat)) {
      placedLon[placed] = f.lon;
      placedLat[placed++] = f.lat;
    } else if (i !== undefined && isValidCoordinate(points.lon[i]!, points.lat[i]!)) {
      placedLon[placed] = points.lon[i]!;
      placedLat[placed++] = points.lat[i]!;
    }
  }
  const shares: Snapshot['shares'] = {};
  shares.facility_coverage = rollUpRatio(tree, l.leaf, l.kind, covered, l.ones);
  if (l.hasStatistics) {
    shares.floor_area_per_100_households = rollUpRatio(tree, l.leaf, l.kind, floorArea, l.households);
    const reached = coveredCommunities(
      { lon: l.located.lon, lat: l.located.lat, population: l.located.population, kind: l.located.kind },
      { lon: placedLon.subarray(0, placed), lat: placedLat.subarray(0, placed) },
      { urbanKm: DEFAULT_RADIUS_KM.urban, ruralKm: DEFAULT_RADIUS_KM.rural },
    );
    const reachedPopulation = new Float64Array(count);
    const locatedPopulation = new Float64Array(count).fill(Number.NaN);
    for (let k = 0; k < l.located.at.length; k++) {
      const c = l.located.at[k]!;
      locatedPopulation[c] = l.located.population[k]!;
      if (reached[k]) reachedPopulation[c] = l.located.population[k]!;
    }
    shares.radius_population_coverage = rollUpRatio(tree, l.leaf, l.kind, reachedPopulation, locatedPopulation);
  }
  for (const [code, counts] of Object.entries(sourced) as [IndicatorCode, SourcedCounts[IndicatorCode]][]) {
    if (!counts) continue;
    if (counts.denominator === 'population' && !l.hasStatistics) continue;
    const numerator = perCommunity(tree, l, counts.numerator);
    const denominator = counts.denominator === 'communities' ? l.ones : counts.denominator === 'population' ? l.population : perCommunity(tree, l, counts.denominator);
    shares[code] = rollUpRatio(tree, l.leaf, l.kind, numerator, denominator);
  }
  return {
    period,
    statisticsYear: l.hasStatistics ? points.year : null,
    asOf,
    computedAt: new Date().toISOString(),
    tree,
    names: points.names,
    shares,
    population: rollUpRatio(tree, l.leaf, l.kind, l.population, l.population),
  };
}

/** A service-side indicator's per-community counts, as its source gave them. */
export type SourcedCounts = Partial<Record<IndicatorCode, { numerator: CommunityCounts; denominator: 'communities' | 'population' | CommunityCounts }>>;

/** Counts by community code laid out by community position (codes outside the tree are left out). */
function perCommunity(tree: AreaTree, l: CommunityLayout, counts: CommunityCounts): Float64Array {
  const out = new Float64Array(l.leaf.length);
  for (const [code, value] of counts) {
    const i = tree.index.get(code);
    const c = i === undefined ? -1 : l.communityAt[i]!;
    if (c >= 0) out[c]! += value;
  }
  return out;
}

async function loadSourced(db: Db, window: SourceWindow): Promise<SourcedCounts> {
  const entries = await Promise.all(
    (Object.entries(INDICATOR_SOURCES) as [IndicatorCode, NonNullable<IndicatorSources[IndicatorCode]>][]).map(async ([code, source]) => {
      if (source.denominator === 'counted') {
        const { numerator, denominator } = await source.load(db, window);
        return [code, { numerator, denominator }] as const;
      }
      return [code, { numerator: await source.load(db, window), denominator: source.denominator }] as const;
    }),
  );
  return Object.fromEntries(entries) as SourcedCounts;
}

async function loadSnapshot(db: Db, period: Period): Promise<Snapshot> {
  const b = await base(db);
  const year = b.years.filter((y) => y <= period.year).at(-1) ?? null;
  const now = today();
  const asOf = period.end < now ? period.end : now;
  const window: SourceWindow = { from: period.start, to: nextDay(asOf), asOf };
  const [points, sourced] = await Promise.all([pointsOf(db, b, year), loadSourced(db, window)]);
  return computeSnapshot(period, points, b.facilities, asOf, sourced);
}

/**
 * The snapshot of a period, computed once and kept until its inputs change: facilities,
 * statistics or areas, or a service-side module's records (recordsChanged); an open period's
 * at most a minute.
 */
export function snapshotOf(db: Db, period: Period): Promise<Snapshot> {
  const entry = dbCache(db);
  const kept = entry.snapshots.get(period.text);
  const now = Date.now();
  const open = period.end >= today();
  if (kept && kept.expires > now) return kept.snapshot;
  const snapshot = loadSnapshot(db, period);
  entry.snapshots.set(period.text, { snapshot, expires: open ? now + OPEN_PERIOD_TTL_MS : Number.POSITIVE_INFINITY });
  snapshot.catch(() => {
    if (entry.snapshots.get(period.text)?.snapshot === snapshot) entry.snapshots.delete(period.text);
  });
  return snapshot;
}

// ---- periods ----

/** The periods values can be asked for: years (and their quarters) from the first statistics year to now. */
export async function availablePeriods(db: Db): Promise<Period[]> {
  const b = await base(db);
  const now = today();
  const current = Number(now.slice(0, 4));
  const first = Math.min(b.years[0] ?? current, current);
  const periods: Period[] = [];
  for (let y = current; y >= first; y--) {
    periods.push(yearPeriod(y));
    for (let q = 4; q >= 1; q--) {
      const p = quarterPeriod(y, q);
      if (p.start <= now) periods.push(p);
    }
  }
  return periods;
}

/** The period a request names (default: the current year); 400 naming `field` if it is not one. */
export function periodParam(raw: string | undefined, field = 'period'): Period {
  if (raw === undefined) return yearPeriod(Number(today().slice(0, 4)));
  const period = parsePeriod(raw);
  if (!period) throw invalidField(field, `"${raw}" is not a year (2025) or a quarter (2025Q3) between 2000 and 2100`);
  if (period.start > today()) throw invalidField(field, `${raw} has not begun yet`);
  return period;
}

export function indicatorParam(raw: string, field = 'code'): IndicatorDefinition {
  if (!isIndicatorCode(raw)) throw invalidField(field, `unknown indicator "${raw}"; one of ${INDICATORS.map((d) => d.code).join(', ')}`);
  return INDICATOR_BY_CODE.get(raw)!;
}


// ---- values ----

/** One area's value of an indicator: no data (null) where the platform has none, never 0. */
export function valueAt(s: Snapshot, definition: IndicatorDefinition, split: Split, i: number): IndicatorValue {
  const shares = s.shares[definition.code];
  const pop = s.population[split].denominator[i]!;
  const base = { code: s.tree.codes[i]!, name: s.names[i]!, level: s.tree.level[i]!, population: s.statisticsYear === null ? null : pop };
  if (!definition.available || !shares) return { ...base, status: 'noData', value: null, numerator: null, denominator: null };
  const numerator = shares[split].numerator[i]!;
  const denominator = shares[split].denominator[i]!;
  if (!(denominator > 0)) return { ...base, status: 'none', value: null, numerator, denominator };
  return { ...base, status: 'value', value: (definition.scale * numerator) / denominator, numerator, denominator };
}

/** The children of tree index i, in code order. */
export function childrenOf(tree: AreaTree, i: number): number[] {
  const code = tree.codes[i]!;
  const out: number[] = [];
  for (let j = i + 1; j < tree.codes.length && tree.codes[j]!.startsWith(code); j++) if (tree.parent[j] === i) out.push(j);
  return out;
}

/** Urban beside rural in the area, and the spread across its children. */
export function equalizationAt(s: Snapshot, definition: IndicatorDefinition, i: number, children: IndicatorValue[]): Equalization {
  const urban = valueAt(s, definition, 'urban', i).value;
  const rural = valueAt(s, definition, 'rural', i).value;
  const usable = children.filter((c) => c.value !== null);
  return {
    urbanRural: urbanRuralGap(urban, rural),
    children: spread(
      usable.map((c) => c.value!),
      usable.map((c) => c.population ?? Number.NaN),
    ),
  };
}

export function indexOf(s: Snapshot, area: string): number {
  const i = s.tree.index.get(area);
  if (i === undefined) throw notFound('Area', area);
  return i;
}

export function listIndicators(ctx: RequestContext) {
  requirePermission(ctx, 'indicators.read');
  return { items: [...INDICATORS], total: INDICATORS.length, nextCursor: null };
}

export interface ValuesQuery {
  area?: string;
  period?: string;
  split?: Split;
}

/** An indicator's value for the area and each of its children, with the equalization figures. */
export async function getIndicatorValues(db: Db, ctx: RequestContext, code: string, q: ValuesQuery): Promise<IndicatorValues> {
  const actor = requirePermission(ctx, 'indicators.read');
  const definition = indicatorParam(code);
  const area = scopedArea(actor, q.area);
  const period = periodParam(q.period);
  const split = q.split ?? 'all';
  const s = await snapshotOf(db, period);
  const i = indexOf(s, area);
  const children = childrenOf(s.tree, i).map((j) => valueAt(s, definition, split, j));
  return {
    indicator: definition.code,
    period: period.text,
    split,
    area: valueAt(s, definition, split, i),
    children,
    equalization: equalizationAt(s, definition, i, children),
    computedAt: s.computedAt,
  };
}
