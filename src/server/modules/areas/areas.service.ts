import type { Db } from '../../db/database.ts';
import { AREA_CODE_LENGTHS, AREA_LEVELS, levelOfCode, normalizeAreaCode } from '../../../contracts/area-code.ts';
import { buildAreaTree, rollUpSum, type AreaTree } from '../../../engine/areas/hierarchy.ts';
import { requireActor, requireRole, requireScope, type RequestContext } from '../../http/actor.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import type { AreaRow, NewAreaStatisticsRow } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './areas.repository.ts';
import { toAreaSummary, type AreaDetail, type AreaStatistics, type AreaSummary } from './areas.schema.ts';
import { searchModeOf } from './search-text.ts';

/** Parses a code from a request: 400 when it is not a division code. */
export function parseAreaCode(raw: string, field = 'code'): string {
  const code = normalizeAreaCode(raw);
  if (!code) throw invalidField(field, 'is not a division code (2, 4, 6, 9 or 12 digits)');
  return code;
}

/** For other modules: the area row's public shape, or undefined. No access check: callers check scope. */
export async function findArea(db: Db, code: string): Promise<AreaSummary | undefined> {
  const row = await repo.findArea(db, code);
  return row && toAreaSummary(row);
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

/** Drop cached roll-ups after areas or statistics change. */
export function invalidateAreaStatistics(db: Db): void {
  rollUpCache.delete(db);
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

// ---- reads, scoped to the actor ----

async function loadInScope(db: Db, ctx: RequestContext, raw: string): Promise<AreaRow> {
  const actor = requireActor(ctx);
  const code = parseAreaCode(raw);
  requireScope(actor, code);
  const row = await repo.findArea(db, code);
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
  page: { limit?: number; cursor?: string },
): Promise<{ items: AreaSummary[]; total: number; nextCursor: string | null }> {
  const parent = await loadInScope(db, ctx, raw);
  const limit = page.limit ?? 100;
  let after: string | undefined;
  if (page.cursor) {
    after = normalizeAreaCode(page.cursor) ?? undefined;
    if (!after || !after.startsWith(parent.code)) throw invalidField('cursor', 'is not a cursor this API gave out');
  }
  const [rows, total] = await Promise.all([repo.listChildren(db, parent.code, after, limit), repo.countChildren(db, parent.code)]);
  const last = rows.at(-1);
  return { items: rows.map(toAreaSummary), total, nextCursor: rows.length === limit && last ? last.code : null };
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
  let offset = 0;
  if (q.cursor) {
    offset = Number(q.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw invalidField('cursor', 'is not a cursor this API gave out');
  }
  const { rows, total } = await repo.searchAreas(db, {
    scope,
    level: q.level,
    ...(mode.kind === 'letters' ? { letters: mode.letters } : { text: mode.text }),
    offset,
    limit,
  });
  return { items: rows.map(toAreaSummary), total, nextCursor: offset + rows.length < total ? String(offset + rows.length) : null };
}

/** Admins set or clear a community's urban/rural override. */
export async function setKindOverride(
  db: Db,
  ctx: RequestContext,
  raw: string,
  kindOverride: 'urban' | 'rural' | null,
): Promise<AreaSummary> {
  requireRole(ctx, ['admin']);
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
