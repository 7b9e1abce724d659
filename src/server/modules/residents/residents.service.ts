/**
 * The residents module: left-behind flags (list, review, identification over an area) and the
 * resident population here; persons, households and duplicates in their own services, re-exported.
 */
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../../../contracts/residents.ts';
import { requireActor, requirePermission, requireRole, requireScope, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { areaPoints, findArea } from '../areas/areas.service.ts';
import * as repo from './residents.repository.ts';
import { identifyArea, reviewedStatus, type IdentificationSummary } from './left-behind.service.ts';
import { toFlag, type LeftBehindFlag } from './residents.schema.ts';
import { encodeCursor, decodeCursor, personEvent, type ResidentsDeps, type PageOf } from './registry-access.ts';

// The residents module's services, by aggregate; routes, the import, the seed and benches call them through here.
export { residentsDeps, type PageOf, type ResidentsDeps } from './registry-access.ts';
export { createPerson, getPerson, listPersons, personHistory, personsForExport, updatePerson, type PersonListQuery } from './persons.service.ts';
export { createHousehold, getHousehold, listHouseholds, updateHousehold } from './households.service.ts';
export { listDuplicates, mergePersons, type DuplicateGroup } from './duplicates.service.ts';

// ---- person values: the rules are the engine's (src/engine/residents/person-rules.ts), the row mappers the schema's ----

export { differences, resolvePerson, type PersonValues } from '../../../engine/residents/person-rules.ts';
export { columnsOf, valuesOf } from './residents.schema.ts';

// ---- left-behind flags ----

export async function listLeftBehind(
  deps: ResidentsDeps,
  ctx: RequestContext,
  q: { area?: string; status?: string; kind?: string; limit?: number; cursor?: string },
): Promise<PageOf<LeftBehindFlag>> {
  const actor = requireRole(ctx, REGISTRY_READERS);
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const { rows, total } = await repo.listFlags(deps.handle.db, { scope, status: q.status ?? 'pending', kind: q.kind, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit });
  await recordRead(deps.handle.db, ctx, { action: 'left_behind.read_list', areaCode: scope, targetType: 'person', ids: rows.map((r) => r.person_id), total, query: { ...q, cursor: undefined } });
  const last = rows.at(-1);
  return { items: rows.map(toFlag), total, nextCursor: rows.length === limit && last ? encodeCursor(last.area_code, last.id) : null };
}

/** A worker confirms or rejects a finding as it stands (applies or no longer applies). */
export async function reviewLeftBehind(
  deps: ResidentsDeps,
  ctx: RequestContext,
  id: string,
  decision: 'confirm' | 'reject',
  input: { reason?: string; version?: number },
): Promise<LeftBehindFlag> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const flag = await repo.findFlag(db, id);
  if (!flag) throw notFound('Left-behind flag', id);
  requireScope(actor, flag.area_code);
  if (input.version !== undefined && input.version !== flag.version) {
    throw conflict(`Flag ${id} has changed since you read it (version ${input.version}, now ${flag.version}); reload and try again`, { currentVersion: flag.version });
  }
  const reason = input.reason?.trim() || null;
  if (decision === 'reject' && !reason) throw invalidField('reason', 'say why the finding is wrong');
  const now = new Date().toISOString();
  const status = reviewedStatus(decision);
  await db.transaction().execute(async (trx) => {
    const ok = await repo.updateFlag(trx, flag.area_code, id, flag.version, {
      status,
      review_reason: reason,
      reviewed_by: actor.username,
      reviewed_at: now,
      previous_status: null,
      previous_facts: null,
      updated_at: now,
    });
    if (!ok) throw conflict(`Flag ${id} changed while you were saving; reload and try again`);
    await repo.insertEvents(trx, [personEvent(flag.area_code, flag.person_id, actor, `leftBehind.${decision}`, { [flag.kind]: { from: flag.status, to: status, applies: Boolean(flag.applies), reason } }, now)]);
    await recordAudit(trx, ctx, { action: `left_behind.${decision}`, areaCode: flag.area_code, targetType: 'left_behind_flag', targetId: id, details: { kind: flag.kind, personId: flag.person_id, reason } });
  });
  return toFlag((await repo.findFlag(db, id))!);
}

// ---- resident population ----

export interface PopulationFigure {
  code: string;
  name: string;
  level: number;
  residentPopulation: number | null;
  /** registry: counted from the persons living there; statistics: the area statistics; mixed: a total of both. */
  source: 'registry' | 'statistics' | 'mixed' | null;
  communitiesFromRegistry: number;
  communitiesFromStatistics: number;
  communitiesWithoutData: number;
}

/**
 * Resident population (常住人口) of an area and its direct children: per community, the persons
 * on the registry living there (not away) where the community has a registry, else the latest
 * area statistics; totals add the communities below and say which sources they mix.
 */
export async function residentPopulation(deps: ResidentsDeps, ctx: RequestContext, area: string | undefined): Promise<{ year: number | null; area: PopulationFigure; children: PopulationFigure[] }> {
  const actor = requireActor(ctx);
  const scope = scopedArea(actor, area);
  const db = deps.handle.db;
  const [points, counts] = await Promise.all([areaPoints(db), repo.registryCounts(db, scope)]);
  const root = points.tree.index.get(scope);
  if (root === undefined) throw notFound('Area', scope);
  const registry = new Map(counts.map((c) => [c.area_code, c.living]));
  const figures = new Map<number, PopulationFigure>();
  const figureOf = (i: number): PopulationFigure => {
    let f = figures.get(i);
    if (!f) {
      f = { code: points.tree.codes[i]!, name: points.names[i]!, level: points.tree.level[i]!, residentPopulation: null, source: null, communitiesFromRegistry: 0, communitiesFromStatistics: 0, communitiesWithoutData: 0 };
      figures.set(i, f);
    }
    return f;
  };
  const rootFigure = figureOf(root);
  const childFigures: PopulationFigure[] = [];
  const codes = points.tree.codes;
  // Codes are sorted, so the area's subtree is the run of codes that start with it.
  for (let i = root; i < codes.length && codes[i]!.startsWith(scope); i++) {
    if (points.tree.parent[i] === root) childFigures.push(figureOf(i));
    if (points.tree.level[i] !== 5) continue;
    const living = registry.get(codes[i]!);
    const statistic = points.residentPopulation[i]!;
    const value = living !== undefined ? living : Number.isNaN(statistic) ? null : statistic;
    const kind = living !== undefined ? 'registry' : value === null ? null : 'statistics';
    // Add to the community itself, its ancestors up to the area, and so to the child it lies under.
    for (let j = i; ; j = points.tree.parent[j]!) {
      const f = figureOf(j);
      if (kind === 'registry') f.communitiesFromRegistry++;
      else if (kind === 'statistics') f.communitiesFromStatistics++;
      else f.communitiesWithoutData++;
      if (value !== null) f.residentPopulation = (f.residentPopulation ?? 0) + value;
      if (j === root) break;
    }
  }
  for (const f of figures.values()) {
    f.source = f.communitiesFromRegistry && f.communitiesFromStatistics ? 'mixed' : f.communitiesFromRegistry ? 'registry' : f.communitiesFromStatistics ? 'statistics' : null;
  }
  return { year: points.year, area: rootFigure, children: childFigures };
}

/** Admins run identification over an area of their scope. */
export async function identifyInArea(deps: ResidentsDeps, ctx: RequestContext, area: string | undefined): Promise<IdentificationSummary> {
  const actor = requirePermission(ctx, 'leftBehind.identify');
  const scope = scopedArea(actor, area);
  if (!(await findArea(deps.handle.db, scope))) throw notFound('Area', scope);
  // The flags it changes and its audit entry are written in one transaction.
  return identifyArea(deps.handle, scope, undefined, (trx, summary) => recordAudit(trx, ctx, { action: 'left_behind.identify', areaCode: scope, details: { ...summary } }));
}
