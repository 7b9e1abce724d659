import { newId as uuidv7 } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import { isValidCoordinate } from '../../../engine/geo/coordinate.ts';
import type { Db } from '../../db/database.ts';
import { DEFAULT_RADIUS_KM, type FacilityKind } from '../../../contracts/facilities.ts';
import { PLANNING_LIMITS } from '../../../contracts/planning.ts';
import { SitingInputError } from '../../../engine/siting/index.ts';
import { requirePermission, requireScope, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { areaPoints, parseAreaCode } from '../areas/areas.service.ts';
import { KIND_LABELS } from '../facilities/facilities-files.ts';
import { createFacilitiesInTransaction, facilitiesChanged, facilitiesOfKindIn, facilitiesWithStatus } from '../facilities/facilities.service.ts';
import type { FacilityStatus } from '../../../contracts/facilities.ts';
import * as repo from './planning.repository.ts';
import { scenarioName } from './scenario-name.ts';
import type { Language } from '../../../contracts/language.ts';
import { adoptedFacilitiesText, toScenario, toSummary, type AdoptedFacilities } from './planning.schema.ts';
import type { AdoptRequest, Scenario, ScenarioComparison, ScenarioParameters, ScenarioSummary, SitingRequest } from '../../../contracts/planning-api.ts';
import { matrixCells, SITING_SEED, solveSiting, type DemandCommunity, type SitingProblem } from './siting-problem.ts';

/** Siting is a civil-affairs planning task. */

/** Facilities on their way: siting counts them as supply (unless asked not to), adoption does not plan a second one beside them. */
const PIPELINE = ['planned', 'underConstruction'] as const satisfies readonly FacilityStatus[];


/** The engine names its own inputs; the caller named these. */
function apiFieldOf(engineField: string, request: SitingRequest): string {
  switch (engineField) {
    case 'weights':
      return request.weights ? 'weights' : 'area';
    case 'radius':
      return 'radiusKm';
    case 'p':
    case 'budget':
    case 'costs':
    case 'timeLimitSeconds':
      return engineField;
    case 'fixed':
    case 'candidateCount':
      return 'candidates';
    default:
      return 'area';
  }
}

/** What does not fit the model, before anything is loaded. */
function checkModelParameters(q: SitingRequest): void {
  if (q.model === 'lscp') {
    for (const field of ['p', 'budget', 'costs'] as const) {
      if (q[field] !== undefined) throw invalidField(field, 'does not apply to lscp: it finds the fewest sites that reach everyone itself');
    }
  } else if (q.model === 'pmedian') {
    if (q.p === undefined) throw invalidField('p', 'is required: how many new sites pmedian may open');
    for (const field of ['budget', 'costs'] as const) if (q[field] !== undefined) throw invalidField(field, 'applies to mclp only');
  } else {
    if (q.p === undefined && q.budget === undefined) throw invalidField('p', 'give p (how many new sites) or a budget');
    if (q.costs !== undefined && q.budget === undefined) throw invalidField('costs', 'costs need a budget to be weighed against');
  }
  if (q.p !== undefined && !(Number.isInteger(q.p) && q.p >= 1)) throw invalidField('p', `must be a whole number of sites ≥ 1, got ${q.p}`);
  if (q.budget !== undefined && !(Number.isFinite(q.budget) && q.budget >= 0)) throw invalidField('budget', `must be a number ≥ 0, got ${q.budget}`);
  if (q.radiusKm !== undefined && (q.urbanRadiusKm !== undefined || q.ruralRadiusKm !== undefined)) {
    throw invalidField('radiusKm', 'give one radius for all communities, or urbanRadiusKm / ruralRadiusKm, not both');
  }
  for (const field of ['radiusKm', 'urbanRadiusKm', 'ruralRadiusKm'] as const) {
    const r = q[field];
    if (r !== undefined && !(Number.isFinite(r) && r > 0)) throw invalidField(field, `must be a number of km > 0, got ${r}`);
  }
  for (const field of ['weights', 'costs'] as const) {
    const map = q[field];
    if (!map) continue;
    const entries = Object.entries(map);
    if (entries.length > PLANNING_LIMITS.listMax) throw invalidField(field, `lists ${entries.length} communities; at most ${PLANNING_LIMITS.listMax}`);
    for (const [code, value] of entries) {
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= PLANNING_LIMITS.amountMax)) {
        throw invalidField(field, `${code}: ${value} is not a number from 0 to ${PLANNING_LIMITS.amountMax}`);
      }
    }
  }
}

interface Prepared {
  area: string;
  problem: SitingProblem;
  parameters: ScenarioParameters;
  areaName: string;
}

/** Loads the area's communities and facilities and turns the request into a siting problem. */
async function prepare(db: Db, actor: Actor, q: SitingRequest): Promise<Prepared> {
  const area = parseAreaCode(q.area, 'area');
  requireScope(actor, area);
  checkModelParameters(q);
  const kind: FacilityKind = q.kind ?? 'comprehensive';
  const radiusKm = {
    urban: q.radiusKm ?? q.urbanRadiusKm ?? DEFAULT_RADIUS_KM.urban,
    rural: q.radiusKm ?? q.ruralRadiusKm ?? DEFAULT_RADIUS_KM.rural,
  };
  const timeLimitSeconds = q.timeLimitSeconds ?? PLANNING_LIMITS.timeLimitSecondsDefault;
  if (!(timeLimitSeconds > 0 && timeLimitSeconds <= PLANNING_LIMITS.timeLimitSecondsMax)) {
    throw invalidField('timeLimitSeconds', `must be more than 0 and at most ${PLANNING_LIMITS.timeLimitSecondsMax}`);
  }

  const countPlanned = q.countPlanned ?? true;
  const supplyStatuses: FacilityStatus[] = countPlanned ? [...PIPELINE, 'operating'] : ['operating'];
  const [points, facilities] = await Promise.all([areaPoints(db), facilitiesWithStatus(db, supplyStatuses)]);
  const { tree } = points;
  const at = tree.index.get(area);
  if (at === undefined) throw notFound('Area', area);

  // Demand: the area's communities with a centroid, in code order (the tree is in code order).
  const demand: DemandCommunity[] = [];
  const position = new Map<string, number>();
  const unlocated = new Set<string>();
  for (let i = at; i < tree.codes.length && tree.codes[i]!.startsWith(area); i++) {
    if (tree.level[i] !== 5) continue;
    const lon = points.lon[i]!;
    const lat = points.lat[i]!;
    if (!isValidCoordinate(lon, lat)) {
      unlocated.add(tree.codes[i]!);
      continue;
    }
    const population = Number.isNaN(points.residentPopulation[i]!) ? 0 : points.residentPopulation[i]!;
    position.set(tree.codes[i]!, demand.length);
    demand.push({ code: tree.codes[i]!, name: points.names[i]!, kind: points.kinds[i]!, lon, lat, population, weight: population });
  }
  if (demand.length === 0) throw invalidField('area', `no community of ${area} has a known location: there is no demand to site for`, 'no_demand');
  const outside = (code: string) =>
    unlocated.has(code) ? `community ${code} has no known location` : `${code} is not a community of ${area}`;
  for (const [code, weight] of Object.entries(q.weights ?? {})) {
    const k = position.get(code);
    if (k === undefined) throw invalidField('weights', outside(code));
    demand[k]!.weight = weight;
  }
  if (!demand.some((d) => d.weight > 0)) {
    throw q.weights
      ? invalidField('weights', 'no demand: every community of the area weighs 0', 'no_demand')
      : invalidField('area', `no demand: the communities of ${area} have no resident population in the statistics`, 'no_demand');
  }

  // Candidates.
  const ofKind = facilities.filter((f) => f.kind === kind);
  let candidates: number[];
  if (q.candidates === undefined || q.candidates === 'communitiesWithout') {
    const withFacility = new Set(ofKind.map((f) => f.areaCode));
    candidates = demand.flatMap((d, k) => (withFacility.has(d.code) ? [] : [k]));
    if (candidates.length === 0) {
      const what = countPlanned ? 'an operating, planned or under-construction' : 'an operating';
      throw invalidField('candidates', `every located community of ${area} already has ${what} ${kind} facility; list candidates`, 'no_candidates');
    }
  } else {
    const seen = new Set<number>();
    for (const raw of q.candidates) {
      const k = position.get(raw);
      if (k === undefined) throw invalidField('candidates', outside(raw));
      if (seen.has(k)) throw invalidField('candidates', `lists ${raw} twice`);
      seen.add(k);
    }
    candidates = [...seen].sort((a, b) => a - b);
  }
  if (q.p !== undefined && q.p > candidates.length) {
    throw invalidField('p', `is ${q.p} but there are only ${candidates.length} candidate communities`, 'out_of_range', { max: candidates.length });
  }
  let costs: number[] | undefined;
  if (q.costs) {
    const given = q.costs;
    const isCandidate = new Set(candidates.map((k) => demand[k]!.code));
    const stray = Object.keys(given).find((code) => !isCandidate.has(code));
    if (stray) throw invalidField('costs', `${stray} is not a candidate`);
    const missing = candidates.map((k) => demand[k]!.code).filter((code) => given[code] === undefined);
    if (missing.length) throw invalidField('costs', `every candidate needs a cost; missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
    costs = candidates.map((k) => given[demand[k]!.code]!);
  }

  // Existing facilities of the kind (operating, and unless told otherwise planned or under
  // construction), where coverage places them: at their location, else their community's centroid.
  const existing: { lon: number; lat: number; planned: boolean }[] = [];
  for (const f of ofKind) {
    const planned = f.status !== 'operating';
    if (f.lon !== null && f.lat !== null && isValidCoordinate(f.lon, f.lat)) existing.push({ lon: f.lon, lat: f.lat, planned });
    else {
      const i = tree.index.get(f.areaCode);
      if (i !== undefined && isValidCoordinate(points.lon[i]!, points.lat[i]!)) existing.push({ lon: points.lon[i]!, lat: points.lat[i]!, planned });
    }
  }

  const problem: SitingProblem = {
    model: q.model,
    demand,
    candidates,
    existing,
    radiusKm,
    ...(q.p === undefined ? {} : { p: q.p }),
    ...(q.budget === undefined ? {} : { budget: q.budget }),
    ...(costs ? { costs } : {}),
    timeLimitSeconds,
  };
  const cells = matrixCells(problem);
  if (cells > PLANNING_LIMITS.matrixCellsMax) {
    throw invalidField(
      'area',
      `${demand.length} communities × ${candidates.length} candidates is more than one siting takes (${PLANNING_LIMITS.matrixCellsMax} cells): site a smaller area, or list fewer candidates`,
      'too_large',
    );
  }
  return {
    area,
    areaName: points.names[at]!,
    problem,
    parameters: {
      area,
      model: q.model,
      kind,
      radiusKm,
      p: q.p ?? null,
      budget: q.budget ?? null,
      costs: q.costs ?? null,
      candidates: q.candidates === undefined || q.candidates === 'communitiesWithout' ? 'communitiesWithout' : candidates.map((k) => demand[k]!.code),
      weights: q.weights ?? null,
      countPlanned,
      timeLimitSeconds,
      seed: SITING_SEED,
      year: points.year,
    },
  };
}

/**
 * Where the next facilities of a kind should go in an area: solves the model over the area's
 * communities (existing operating facilities count as open) and saves the answer as a scenario.
 */
export async function runSiting(db: Db, ctx: RequestContext, q: SitingRequest, language: Language = 'zh-CN'): Promise<Scenario> {
  const actor = requirePermission(ctx, 'planning.use');
  const prepared = await prepare(db, actor, q);
  let result;
  try {
    result = solveSiting(prepared.problem);
  } catch (e) {
    if (e instanceof SitingInputError) throw invalidField(apiFieldOf(e.field, q), e.message);
    throw e;
  }
  const { parameters } = prepared;
  const id = uuidv7();
  const name = q.name?.trim() || scenarioName(language, prepared.areaName, parameters.kind, q.model);
  await db.transaction().execute(async (trx) => {
    await repo.insertScenario(trx, {
      area_code: prepared.area,
      id,
      name,
      model: q.model,
      kind: parameters.kind,
      parameters: JSON.stringify(parameters),
      result: JSON.stringify(result),
      created_by: actor.userId,
      created_by_username: actor.username,
      created_at: new Date().toISOString(),
      adopted_at: null,
      adopted_by_username: null,
      adopted_facility_ids: null,
    });
    await recordAudit(trx, ctx, {
      action: 'planning.siting',
      areaCode: prepared.area,
      targetType: 'planningScenario',
      targetId: id,
      details: { model: q.model, kind: parameters.kind, sites: result.sites.map((s) => s.code), gap: result.gap },
    });
  });
  return loadScenario(db, id);
}

async function loadScenario(db: Db, id: string): Promise<Scenario> {
  const row = await repo.findScenario(db, id);
  if (!row) throw notFound('Scenario', id);
  return toScenario(row);
}

/** A scenario the actor may see: 404 when there is none, 403 outside their scope. */
async function loadInScope(db: Db, actor: Actor, id: string) {
  const row = await repo.findScenario(db, id);
  if (!row) throw notFound('Scenario', id);
  requireScope(actor, row.area_code);
  return row;
}

export async function getScenario(db: Db, ctx: RequestContext, id: string): Promise<Scenario> {
  const actor = requirePermission(ctx, 'planning.use');
  return toScenario(await loadInScope(db, actor, id));
}

export async function listScenarios(
  db: Db,
  ctx: RequestContext,
  q: { area?: string; limit?: number; cursor?: string },
): Promise<{ items: ScenarioSummary[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'planning.use');
  let scope = actor.scope;
  if (q.area) {
    scope = parseAreaCode(q.area, 'area');
    requireScope(actor, scope);
  }
  const before = decodeCursor(q.cursor, ['uuid'])?.[0];
  const limit = q.limit ?? 50;
  const { rows, total } = await repo.listScenarios(db, { scope, ...(before ? { before } : {}), limit });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toSummary(toScenario(r))),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Scenarios side by side, in the order asked. */
export async function compareScenarios(db: Db, ctx: RequestContext, idsText: string): Promise<ScenarioComparison> {
  const actor = requirePermission(ctx, 'planning.use');
  const ids = idsText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw invalidField('ids', 'list the scenario ids to compare, separated by commas');
  if (ids.length > PLANNING_LIMITS.compareMax) throw invalidField('ids', `compare at most ${PLANNING_LIMITS.compareMax} scenarios at once`);
  if (new Set(ids).size !== ids.length) throw invalidField('ids', 'lists a scenario twice');
  const rows = new Map((await repo.findScenarios(db, ids)).map((r) => [r.id, r]));
  const items = ids.map((id) => {
    const row = rows.get(id);
    if (!row) throw notFound('Scenario', id);
    requireScope(actor, row.area_code);
    const s = toScenario(row);
    return {
      id: s.id,
      name: s.name,
      areaCode: s.areaCode,
      areaName: s.areaName,
      model: s.model,
      kind: s.kind,
      p: s.result.sites.length,
      radiusKm: s.parameters.radiusKm,
      before: s.result.coverage.before,
      after: s.result.coverage.after,
      newlyCoveredPopulation: s.result.newlyCoveredPopulation,
      objective: s.result.objective,
      gap: s.result.gap,
      sites: s.result.sites.map((site) => ({ code: site.code, name: site.name, newlyCoveredPopulation: site.newlyCoveredPopulation })),
      adopted: s.adoption !== null,
    };
  });
  return { items };
}

export async function deleteScenario(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'planning.use');
  const row = await loadInScope(db, actor, id);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteScenario(trx, row.area_code, id))) throw notFound('Scenario', id);
    await recordAudit(trx, ctx, {
      action: 'planning.delete',
      areaCode: row.area_code,
      targetType: 'planningScenario',
      targetId: id,
      details: { name: row.name, adopted: row.adopted_at !== null },
    });
  });
}

/**
 * Turns the scenario's proposed sites into facilities with status planned, through the facilities
 * service, in one transaction with the scenario's adoption mark: all or nothing, and only once.
 * Each facility stands where siting chose it (the candidate community's centroid). A site whose
 * community already has a facility of the kind that is planned, under construction or operating
 * (another scenario adopted there, or one registered by hand) gets no second one: the adoption
 * lists it under `existing`, so adopting two overlapping scenarios plans each place once.
 */
export async function adoptScenario(db: Db, ctx: RequestContext, id: string, input: AdoptRequest): Promise<Scenario> {
  const actor = requirePermission(ctx, 'planning.use');
  const row = await loadInScope(db, actor, id);
  if (row.adopted_at) throw conflict(`Scenario ${id} was adopted on ${row.adopted_at}; its facilities exist already`);
  const scenario = toScenario(row);
  if (scenario.result.sites.length === 0) throw conflict(`Scenario ${id} proposes no new sites: there is nothing to adopt`);
  if (input.activityArea > input.floorArea) {
    throw invalidField('activityArea', `${input.activityArea} m² exceeds the floor area ${input.floorArea} m²`);
  }
  const label = KIND_LABELS[scenario.kind];
  const sites = scenario.result.sites;
  let existing: AdoptedFacilities['existing'] = [];
  await db.transaction().execute(async (trx) => {
    const found = await facilitiesOfKindIn(
      trx,
      scenario.kind,
      sites.map((site) => site.code),
      [...PIPELINE, 'operating'],
    );
    const taken = new Map<string, (typeof found)[number]>();
    for (const f of found) if (!taken.has(f.areaCode)) taken.set(f.areaCode, f);
    existing = sites.flatMap((site) => {
      const f = taken.get(site.code);
      return f ? [{ code: site.code, facilityId: f.id, status: f.status }] : [];
    });
    const facilityIds = await createFacilitiesInTransaction(
      trx,
      ctx,
      sites
        .filter((site) => !taken.has(site.code))
        .map((site) => ({
          areaCode: site.code,
          name: `${site.name}${label}`,
          kind: scenario.kind,
          status: 'planned',
          floorArea: input.floorArea,
          activityArea: input.activityArea,
          location: { lon: site.lon, lat: site.lat },
        })),
      'planning',
    );
    // Last, so that a second adoption racing this one finds the mark and rolls its facilities back.
    const adopted = adoptedFacilitiesText({ facilityIds, existing });
    if (!(await repo.markAdopted(trx, row.area_code, id, { at: new Date().toISOString(), username: actor.username, facilities: adopted }))) {
      throw conflict(`Scenario ${id} was adopted meanwhile; its facilities exist already`);
    }
    await recordAudit(trx, ctx, {
      action: 'planning.adopt',
      areaCode: row.area_code,
      targetType: 'planningScenario',
      targetId: id,
      details: { facilities: facilityIds, sites: sites.map((s) => s.code), existing: existing.map((e) => e.facilityId) },
    });
  });
  facilitiesChanged(db);
  return loadScenario(db, id);
}
