import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import { asMultiPolygon, type MultiPolygon } from '../../../engine/geo/polygon.ts';
import { AREA_CODE_LENGTHS, AREA_LEVELS, levelOfCode, normalizeAreaCode } from '../../../contracts/area-code.ts';
import { buildAreaTree, rollUpSum, type AreaTree } from '../../../engine/areas/hierarchy.ts';
import { requireActor, requirePermission, requireScope, type RequestContext } from '../../http/actor.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { cursorRefused, decodeCursor, decodeOffsetCursor, encodeCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import type { AreaRow, NewAreaStatisticsRow } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './areas.repository.ts';
import { toAreaSummary, type AreaDetail, type AreaStatistics, type AreaSummary } from './areas.schema.ts';
import { searchModeOf } from './search-text.ts';
import { TtlCache } from './area-cache.ts';

/** Parses a code from a request: 400 when it is not a division code. */
export function parseAreaCode(raw: string, field = 'code'): string {
  const code = normalizeAreaCode(raw);
  if (!code) throw invalidField(field, 'is not a division code (2, 4, 6, 9 or 12 digits)');
  return code;
}

/**
 * For other modules: the community (an existing level-5 area) a record names, or the problem with
 * the code, for a 400 naming the field. `cache` spares repeated lookups in an import.
 */
export async function findCommunity(db: Db, code: string, cache?: Map<string, AreaSummary | null>): Promise<{ area?: AreaSummary; problem?: string }> {
  const normalized = normalizeAreaCode(code);
  if (!normalized || normalized.length !== 12) return { problem: 'is not a 12-digit community code' };
  let area = cache?.get(normalized);
  if (area === undefined) {
    area = (await findArea(db, normalized)) ?? null;
    cache?.set(normalized, area);
  }
  if (!area) return { problem: `community ${normalized} does not exist` };
  if (area.level !== 5) return { problem: `${normalized} is not a community (level 5)` };
  return { area };
}

/** For other modules: the area row's public shape, or undefined. No access check: callers check scope. */
export async function findArea(db: Db, code: string): Promise<AreaSummary | undefined> {
  const row = await repo.findArea(db, code);
  return row && toAreaSummary(row);
}

/**
 * For other modules: the names from the province down to the area (division names are public
 * statistical data), or null when the code names no area. No access check: a person's hukou
 * often lies outside the reader's scope, and the reader needs to know where it is.
 */
export async function areaNamePath(db: Db, code: string): Promise<string[] | null> {
  const codes = AREA_CODE_LENGTHS.filter((length) => length <= code.length).map((length) => code.slice(0, length));
  const rows = await repo.findAreas(db, codes);
  if (!rows.some((row) => row.code === code)) return null;
  return rows.sort((a, b) => a.level - b.level).map((row) => row.name);
}

// ---- statistics roll-up, computed by the engine and cached per database and year ----

const STAT_FIELDS = ['resident_population', 'registered_population', 'households', 'aged_60_plus', 'children_under_16'] as const;

interface RolledUp {
  tree: AreaTree;
  totals: Record<(typeof STAT_FIELDS)[number], Float64Array>;
  reporting: Float64Array;
  communities: Float64Array;
  generated: Float64Array;
}

const rollUpCache = new WeakMap<Db, Map<number, Promise<RolledUp>>>();
const statisticsListeners = new Set<(db: Db) => void>();

interface TreeCaches {
  areas: TtlCache<AreaRow | null>;
  firstPages: TtlCache<{ rows: AreaRow[]; total: number }>;
}
const treeCaches = new WeakMap<Db, TreeCaches>();
const TREE_CACHE_TTL_MS = 60_000;

function cachesOf(db: Db): TreeCaches {
  let caches = treeCaches.get(db);
  if (!caches) {
    caches = { areas: new TtlCache(20_000, TREE_CACHE_TTL_MS), firstPages: new TtlCache(5_000, TREE_CACHE_TTL_MS) };
    treeCaches.set(db, caches);
  }
  return caches;
}

async function cachedArea(db: Db, code: string): Promise<AreaRow | undefined> {
  const caches = cachesOf(db);
  const hit = caches.areas.get(code);
  if (hit !== undefined) return hit ?? undefined;
  const row = await repo.findArea(db, code);
  caches.areas.set(code, row ?? null);
  return row;
}

/** Drop cached areas and roll-ups after the tree or its statistics change. */
export function invalidateAreaStatistics(db: Db): void {
  rollUpCache.delete(db);
  treeCaches.delete(db);
  for (const listener of statisticsListeners) listener(db);
}

/** Other modules drop what they computed from areas or statistics when these change. */
export function onAreaStatisticsChange(listener: (db: Db) => void): void {
  statisticsListeners.add(listener);
}

/** The whole tree as arrays, with each community's centroid and figures for one year. */
export interface AreaPoints {
  /** The statistics year used: the one asked for, else the latest; null when there are none. */
  year: number | null;
  tree: AreaTree;
  /** By tree index. */
  names: string[];
  kinds: ('urban' | 'rural' | null)[];
  /** NaN where the centroid or the figure is unknown. */
  lon: Float64Array;
  lat: Float64Array;
  residentPopulation: Float64Array;
  households: Float64Array;
}

/**
 * For engines (coverage, siting): every area with its centroid, and every community's resident
 * population and households in `year` (default: the latest year with statistics). No access
 * check: callers check scope.
 */
export async function areaPoints(db: Db, year?: number): Promise<AreaPoints> {
  const rows = await repo.loadAreaPoints(db);
  const tree = buildAreaTree(rows.map((a) => ({ code: a.code, parentCode: a.parent_code, level: a.level })));
  const n = tree.codes.length;
  const names = new Array<string>(n);
  const kinds = new Array<'urban' | 'rural' | null>(n);
  const lon = new Float64Array(n).fill(Number.NaN);
  const lat = new Float64Array(n).fill(Number.NaN);
  for (const r of rows) {
    const i = tree.index.get(r.code)!;
    names[i] = r.name;
    kinds[i] = r.kind === 'urban' || r.kind === 'rural' ? r.kind : null;
    if (r.lon !== null && r.lat !== null) {
      lon[i] = r.lon;
      lat[i] = r.lat;
    }
  }
  // The empty prefix is the whole tree.
  const chosen = year ?? (await repo.statisticsYears(db, '')).at(-1);
  const residentPopulation = new Float64Array(n).fill(Number.NaN);
  const households = new Float64Array(n).fill(Number.NaN);
  if (chosen !== undefined) {
    for (const s of await repo.loadStatistics(db, chosen)) {
      const i = tree.index.get(s.area_code);
      if (i === undefined) continue;
      residentPopulation[i] = s.resident_population;
      households[i] = s.households;
    }
  }
  return { year: chosen ?? null, tree, names, kinds, lon, lat, residentPopulation, households };
}

/** Every year with statistics anywhere, oldest first. */
export async function statisticsYearsAll(db: Db): Promise<number[]> {
  return repo.statisticsYears(db, '');
}

/** Whether any statistics under the area are generated (demo data). */
export async function hasGeneratedStatistics(db: Db, area: string): Promise<boolean> {
  return repo.hasGeneratedStatistics(db, area);
}

async function computeRollUp(db: Db, year: number): Promise<RolledUp> {
  const [areas, stats] = await Promise.all([repo.loadTree(db), repo.loadStatistics(db, year)]);
  const tree = buildAreaTree(areas.map((a) => ({ code: a.code, parentCode: a.parent_code, level: a.level })));
  const n = tree.codes.length;
  const own = Object.fromEntries(STAT_FIELDS.map((f) => [f, new Float64Array(n).fill(Number.NaN)])) as RolledUp['totals'];
  const reporting = new Float64Array(n);
  const communities = new Float64Array(n);
  const generated = new Float64Array(n);
  for (let i = 0; i < n; i++) if (tree.level[i] === 5) communities[i] = 1;
  for (const s of stats) {
    const i = tree.index.get(s.area_code);
    if (i === undefined) continue;
    for (const f of STAT_FIELDS) own[f][i] = s[f];
    reporting[i] = 1;
    generated[i] = s.generated ? 1 : 0;
  }
  const totals = Object.fromEntries(STAT_FIELDS.map((f) => [f, rollUpSum(tree, own[f])])) as RolledUp['totals'];
  return { tree, totals, reporting: rollUpSum(tree, reporting), communities: rollUpSum(tree, communities), generated: rollUpSum(tree, generated) };
}

async function rolledUp(db: Db, year: number): Promise<RolledUp> {
  let byYear = rollUpCache.get(db);
  if (!byYear) rollUpCache.set(db, (byYear = new Map()));
  let result = byYear.get(year);
  if (!result) {
    result = computeRollUp(db, year);
    byYear.set(year, result);
    result.catch(() => byYear!.delete(year));
  }
  return result;
}

async function statisticsOf(db: Db, code: string, year: number): Promise<AreaStatistics | null> {
  const r = await rolledUp(db, year);
  const i = r.tree.index.get(code);
  if (i === undefined || Number.isNaN(r.totals.resident_population[i]!)) return null;
  return {
    year,
    residentPopulation: r.totals.resident_population[i]!,
    registeredPopulation: r.totals.registered_population[i]!,
    households: r.totals.households[i]!,
    aged60Plus: r.totals.aged_60_plus[i]!,
    childrenUnder16: r.totals.children_under_16[i]!,
    source: r.tree.level[i] === 5 ? 'reported' : 'rollup',
    communitiesReporting: r.reporting[i]!,
    communitiesTotal: r.communities[i]!,
    generated: r.generated[i]! > 0,
  };
}

/** Stores yearly figures (imports and the demo seed) in one transaction, and drops cached roll-ups. */
export async function saveAreaStatistics(db: Db, rows: NewAreaStatisticsRow[]): Promise<void> {
  await db.transaction().execute((trx) => repo.upsertStatistics(trx, rows));
  invalidateAreaStatistics(db);
}

// ---- boundaries shipped with the product ----

const BOUNDARIES_FILE = fileURLToPath(new URL('../../../../data/anqing/counties.geojson', import.meta.url));
/** The economic development zone has no boundary of its own; it lies in 宜秀区's. */
const BOUNDARY_OF: Record<string, string> = { '340871': '340811' };
let countyBoundaries: Map<string, MultiPolygon> | undefined;

/** The boundary of a county (6-digit code) where the product ships one; undefined elsewhere. */
export function countyBoundary(countyCode: string): MultiPolygon | undefined {
  if (!countyBoundaries) {
    countyBoundaries = new Map();
    if (existsSync(BOUNDARIES_FILE)) {
      const geo = JSON.parse(readFileSync(BOUNDARIES_FILE, 'utf8')) as {
        features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[];
      };
      for (const f of geo.features) countyBoundaries.set(f.properties.code, asMultiPolygon(f.geometry));
    }
  }
  return countyBoundaries.get(BOUNDARY_OF[countyCode] ?? countyCode);
}

// ---- reads, scoped to the actor ----

async function loadInScope(db: Db, ctx: RequestContext, raw: string): Promise<AreaRow> {
  const actor = requireActor(ctx);
  const code = parseAreaCode(raw);
  requireScope(actor, code);
  const row = await cachedArea(db, code);
  if (!row) throw notFound('Area', code);
  return row;
}

export async function getArea(db: Db, ctx: RequestContext, raw: string, options: { year?: number } = {}): Promise<AreaDetail> {
  const row = await loadInScope(db, ctx, raw);
  const level = row.level;
  const ancestorCodes = AREA_CODE_LENGTHS.slice(0, level - 1).map((length) => row.code.slice(0, length));
  const [ancestors, descendants, direct, years] = await Promise.all([
    repo.findAreas(db, ancestorCodes),
    repo.countDescendants(db, row.code),
    repo.countChildren(db, row.code),
    repo.statisticsYears(db, row.code),
  ]);
  const byLevel: Record<string, number> = {};
  const communities = { urban: 0, rural: 0, total: 0 };
  for (const d of descendants) {
    const name = AREA_LEVELS[d.level - 1]!;
    byLevel[name] = (byLevel[name] ?? 0) + Number(d.n);
    if (d.level === 5) {
      communities.total += Number(d.n);
      if (d.kind === 'urban') communities.urban += Number(d.n);
      if (d.kind === 'rural') communities.rural += Number(d.n);
    }
  }
  if (level === 5) communities.total = 0;
  const year = options.year ?? years.at(-1);
  if (options.year !== undefined && !years.includes(options.year)) throw invalidField('year', `has no statistics for this area; years with data: ${years.join(', ') || 'none'}`);
  return {
    ...toAreaSummary(row),
    path: ancestors.map((a) => ({ code: a.code, name: a.name, level: a.level })),
    childCounts: { byLevel, communities, direct },
    statistics: year === undefined ? null : await statisticsOf(db, row.code, year),
    statisticsYears: years,
  };
}

export async function listChildren(
  db: Db,
  ctx: RequestContext,
  raw: string,
  query: { limit?: number; cursor?: string },
): Promise<{ items: AreaSummary[]; total: number; nextCursor: string | null }> {
  const parent = await loadInScope(db, ctx, raw);
  const limit = query.limit ?? 100;
  let after: string | undefined;
  if (query.cursor) {
    after = decodeCursor(query.cursor, ['areaCode'])![0];
    if (after.length <= parent.code.length || !after.startsWith(parent.code)) cursorRefused();
  }
  let page: { rows: AreaRow[]; total: number } | undefined;
  const firstPageKey = `${parent.code}:${limit}`;
  if (!after) page = cachesOf(db).firstPages.get(firstPageKey);
  if (!page) {
    const rows = await repo.listChildren(db, parent.code, after, limit);
    // A first page that is not full is the whole list: no need to count.
    const total = !after && rows.length < limit ? rows.length : await repo.countChildren(db, parent.code);
    page = { rows, total };
    if (!after) cachesOf(db).firstPages.set(firstPageKey, page);
  }
  const { rows, total } = page;
  const last = rows.at(-1);
  return { items: rows.map(toAreaSummary), total, nextCursor: rows.length === limit && last ? encodeCursor([last.code]) : null };
}

export async function searchAreas(
  db: Db,
  ctx: RequestContext,
  q: { q: string; level?: number; within?: string; limit?: number; cursor?: string },
): Promise<{ items: AreaSummary[]; total: number; nextCursor: string | null }> {
  const actor = requireActor(ctx);
  let scope = actor.scope;
  if (q.within) {
    scope = parseAreaCode(q.within, 'within');
    requireScope(actor, scope);
  }
  const query = q.q.trim();
  if (!query) throw invalidField('q', 'must not be blank');
  const mode = searchModeOf(query);
  const limit = q.limit ?? 20;
  const offset = decodeOffsetCursor(q.cursor);
  const { rows, total } = await repo.searchAreas(db, {
    scope,
    level: q.level,
    ...(mode.kind === 'letters' ? { letters: mode.letters } : { text: mode.text }),
    offset,
    limit,
  });
  return { items: rows.map(toAreaSummary), total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

/** Admins set or clear a community's urban/rural override. */
export async function setKindOverride(
  db: Db,
  ctx: RequestContext,
  raw: string,
  kindOverride: 'urban' | 'rural' | null,
): Promise<AreaSummary> {
  requirePermission(ctx, 'areas.write');
  const row = await loadInScope(db, ctx, raw);
  if (levelOfCode(row.code) !== 5) throw invalidField('kindOverride', 'only a community (level 5) is urban or rural');
  await db.transaction().execute(async (trx) => {
    await repo.setKindOverride(trx, row.code, kindOverride);
    await recordAudit(trx, ctx, {
      action: 'area.kind_override',
      areaCode: row.code,
      targetType: 'area',
      targetId: row.code,
      details: { from: row.kind_override, to: kindOverride },
    });
  });
  invalidateAreaStatistics(db);
  return toAreaSummary((await repo.findArea(db, row.code))!);
}
