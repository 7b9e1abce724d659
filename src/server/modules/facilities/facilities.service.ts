import { newId as uuidv7 } from '../../db/ids.ts';
import { decodeCursor as decodeKeyset, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import type { FacilityEventsTable, FacilityFundingTable, FacilityUpdate, NewFacilityRow } from '../../db/schema.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { FACILITY_LIMITS, isReopen, STATUS_TRANSITIONS, type FacilityKind, type FacilityStatus } from '../../../contracts/facilities.ts';
import { pointInMultiPolygon } from '../../../engine/geo/polygon.ts';
import { requireActor, requirePermission, requireScope, type Actor, scopedArea, type RequestContext } from '../../http/actor.ts';
import type { ProblemCode } from '../../../contracts/problems.ts';
import { AppError, invalidFields, badRequest, conflict, invalidField, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { countyBoundary, findCommunity } from '../areas/areas.service.ts';
import type { AreaSummary } from '../areas/areas.schema.ts';
import * as repo from './facilities.repository.ts';
import { locationWarnings } from './facility-location.ts';
import { exportFile, FileProblem, readTable, rowsToFacilities, templateFile, type CodedRowProblem, type FileFormat, type FileOut } from './facilities-files.ts';
import {
  toFacility,
  toFacilityEvent,
  type Facility,
  type FacilityChanges,
  type FacilityDetail,
  type FacilityFilter,
  type FacilityRowWithArea,
  type FacilityWarning,
  type Funding,
  type NewFacility,
  type StatusChange,
} from './facilities.schema.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';


// ---- change notification: coverage and others drop what they computed from facilities ----

const listeners = new Set<(db: Db) => void>();

export function onFacilitiesChange(listener: (db: Db) => void): void {
  listeners.add(listener);
}

function changed(db: Db): void {
  for (const listener of listeners) listener(db);
}

// ---- rules ----

/** A field's problem before it is given its field: the English sentence, its stable code and the values it carries. */
type Found = Omit<FieldProblem, 'field' | 'code'> & { code: ProblemCode };
/** A field's problem with its stable code, as every rule here gives it. */
type CodedProblem = FieldProblem & { code: ProblemCode };

/** A real calendar date, not after tomorrow (UTC): a status change records what has happened. */
function dateProblem(date: string): Found | null {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return { problem: 'is not a calendar date', code: 'invalid_format', params: { value: date } };
  if (parsed.getTime() > Date.now() + 86_400_000) return { problem: 'is in the future', code: 'out_of_range', params: { value: date } };
  if (date < '1949-10-01') return { problem: 'is too early', code: 'out_of_range', params: { value: date, min: '1949-10-01' } };
  return null;
}

function fundingProblem(funding: Funding[]): Found | null {
  const seen = new Set<string>();
  for (const f of funding) {
    const key = `${f.source}:${f.year}`;
    if (seen.has(key)) return { problem: `lists ${f.source} ${f.year} twice; give one amount per source and year`, code: 'duplicate', params: { source: f.source, year: f.year } };
    seen.add(key);
  }
  return null;
}

function servicesOf(services: string[] | undefined): string[] {
  return [...new Set((services ?? []).map((s) => s.trim()).filter(Boolean))];
}

/** A location must lie inside its county's boundary where the product ships one. */
function locationProblem(areaCode: string, location: { lon: number; lat: number } | null | undefined): Found | null {
  if (!location) return null;
  const params = { lon: location.lon, lat: location.lat };
  if (!(Math.abs(location.lon) <= 180 && Math.abs(location.lat) <= 90)) return { problem: `(${location.lon}, ${location.lat}) is not a longitude and latitude`, code: 'invalid_format', params };
  const boundary = countyBoundary(areaCode.slice(0, 6));
  if (boundary && !pointInMultiPolygon(location.lon, location.lat, boundary)) {
    return { problem: `(${location.lon}, ${location.lat}) lies outside the boundary of county ${areaCode.slice(0, 6)}`, code: 'not_in_scope', params: { ...params, county: areaCode.slice(0, 6) } };
  }
  return null;
}

function areaProblems(floorArea: number, activityArea: number): CodedProblem[] {
  const max = FACILITY_LIMITS.floorAreaMax;
  if (!(floorArea > 0 && floorArea <= max)) {
    return [{ field: 'floorArea', problem: `must be more than 0 and at most ${max} m², got ${floorArea}`, code: 'out_of_range', params: { value: floorArea, max } }];
  }
  if (!(activityArea > 0)) return [{ field: 'activityArea', problem: `must be more than 0 m², got ${activityArea}`, code: 'out_of_range', params: { value: activityArea } }];
  return activityArea > floorArea
    ? [{ field: 'activityArea', problem: `${activityArea} m² exceeds the floor area ${floorArea} m²`, code: 'inconsistent', params: { value: activityArea, floorArea } }]
    : [];
}

/** The community's problem with its code: not 12 digits, no such area, or an area that is not a community. */
async function communityProblem(db: Db, areaCode: string, cache: Map<string, AreaSummary | null>): Promise<{ area?: AreaSummary; problem?: CodedProblem }> {
  const community = await findCommunity(db, areaCode, cache);
  if (!community.problem) return { area: community.area };
  const normalized = normalizeAreaCode(areaCode);
  const problem = community.problem;
  if (!normalized || normalized.length !== 12) return { problem: { field: 'areaCode', problem, code: 'invalid_format', params: { value: areaCode } } };
  // findCommunity has put what it found in the cache: nothing, or an area of another level.
  if (!cache.get(normalized)) return { problem: { field: 'areaCode', problem, code: 'unknown_reference', params: { code: normalized } } };
  return { problem: { field: 'areaCode', problem, code: 'not_allowed', params: { code: normalized } } };
}

/** What is wrong with a new facility, every rule that needs no scope (that is checked first). */
async function newFacilityProblems(db: Db, input: NewFacility, cache = new Map<string, AreaSummary | null>()): Promise<CodedProblem[]> {
  const problems: CodedProblem[] = [];
  const community = await communityProblem(db, input.areaCode, cache);
  if (community.problem) problems.push(community.problem);
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank', code: 'required' });
  if (input.statusDate) {
    const p = dateProblem(input.statusDate);
    if (p) problems.push({ field: 'statusDate', ...p });
  }
  problems.push(...areaProblems(input.floorArea, input.activityArea));
  if (community.area) {
    const p = locationProblem(community.area.code, input.location);
    if (p) problems.push({ field: 'location', ...p });
  }
  const f = fundingProblem(input.funding ?? []);
  if (f) problems.push({ field: 'funding', ...f });
  return problems;
}

function throwFirst(problems: CodedProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code, problems[0]!.params);
  throw invalidFields(problems);
}

const today = todayInChina;

function rowsOf(
  input: NewFacility,
  actor: { userId: string | null; username: string | null },
  options: { generated?: boolean; now?: string; history?: { date: string; from: FacilityStatus | null; to: FacilityStatus; reason: string | null }[] } = {},
): { facility: NewFacilityRow; events: FacilityEventsTable[]; funding: FacilityFundingTable[] } {
  const id = uuidv7();
  const now = options.now ?? new Date().toISOString();
  const areaCode = normalizeAreaCode(input.areaCode)!;
  const status = input.status ?? 'planned';
  const statusDate = input.statusDate ?? today();
  const history = options.history ?? [{ date: statusDate, from: null, to: status, reason: null }];
  return {
    facility: {
      area_code: areaCode,
      id,
      name: input.name.trim(),
      kind: input.kind,
      status,
      status_date: statusDate,
      construction_mode: input.constructionMode ?? null,
      floor_area: input.floorArea,
      activity_area: input.activityArea,
      lon: input.location?.lon ?? null,
      lat: input.location?.lat ?? null,
      services: JSON.stringify(servicesOf(input.services)),
      opening_hours: input.openingHours?.trim() || null,
      step_free_entrance: input.accessibility?.stepFreeEntrance ?? false,
      accessible_toilet: input.accessibility?.accessibleToilet ?? false,
      self_service_terminal: input.selfServiceTerminal ?? false,
      generated: options.generated ?? false,
      version: 1,
      created_at: now,
      updated_at: now,
    },
    events: history.map((h) => ({
      area_code: areaCode,
      id: uuidv7(),
      facility_id: id,
      date: h.date,
      from_status: h.from,
      to_status: h.to,
      reason: h.reason,
      at: now,
      user_id: actor.userId,
      username: actor.username,
    })),
    funding: (input.funding ?? []).map((f) => ({ area_code: areaCode, facility_id: id, source: f.source, year: f.year, amount: f.amount })),
  };
}

async function detail(db: Db, id: string): Promise<FacilityDetail> {
  const row = await repo.findFacility(db, id);
  if (!row) throw notFound('Facility', id);
  const [events, funding] = await Promise.all([repo.listEvents(db, row.area_code, id), repo.fundingOf(db, [{ areaCode: row.area_code, id }])]);
  return { ...toFacility(row, funding.get(id) ?? []), events: events.map(toFacilityEvent) };
}

// ---- writes ----

export async function createFacility(db: Db, ctx: RequestContext, input: NewFacility): Promise<FacilityDetail> {
  const actor = requirePermission(ctx, 'facilities.write');
  const code = normalizeAreaCode(input.areaCode);
  if (code) requireScope(actor, code);
  throwFirst(await newFacilityProblems(db, input));
  const rows = rowsOf(input, actor);
  const warnings = locationWarnings((await findCommunity(db, rows.facility.area_code)).area, input.location);
  await db.transaction().execute(async (trx) => {
    await repo.insertFacility(trx, rows.facility);
    await repo.insertEvents(trx, rows.events);
    if (rows.funding.length) await repo.insertFunding(trx, rows.funding);
    await recordAudit(trx, ctx, {
      action: 'facility.create',
      areaCode: rows.facility.area_code,
      targetType: 'facility',
      targetId: rows.facility.id,
      details: { name: rows.facility.name, kind: rows.facility.kind, status: rows.facility.status },
    });
  });
  changed(db);
  return withWarnings(await detail(db, rows.facility.id), warnings);
}

const withWarnings = (facility: FacilityDetail, warnings: FacilityWarning[]): FacilityDetail => (warnings.length ? { ...facility, warnings } : facility);

/** A facility the actor may see: 404 when there is none, 403 when it is outside their scope. */
async function loadInScope(db: Db, actor: Actor, id: string) {
  const row = await repo.findFacility(db, id);
  if (!row) throw notFound('Facility', id);
  requireScope(actor, row.area_code);
  return row;
}

export async function getFacility(db: Db, ctx: RequestContext, id: string): Promise<FacilityDetail> {
  const actor = requireActor(ctx);
  await loadInScope(db, actor, id);
  return detail(db, id);
}

export async function updateFacility(db: Db, ctx: RequestContext, id: string, input: FacilityChanges): Promise<FacilityDetail> {
  const actor = requirePermission(ctx, 'facilities.write');
  const row = await loadInScope(db, actor, id);
  if (input.version !== row.version) {
    throw conflict(`Facility ${id} has changed since you read it (version ${input.version}, now ${row.version}); reload and try again`, {
      currentVersion: row.version,
    });
  }
  const floorArea = input.floorArea ?? row.floor_area;
  const activityArea = input.activityArea ?? row.activity_area;
  const problems = areaProblems(floorArea, activityArea);
  if (input.name !== undefined && !input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank', code: 'required' });
  const location = locationProblem(row.area_code, input.location);
  if (location) problems.push({ field: 'location', ...location });
  const funding = input.funding && fundingProblem(input.funding);
  if (funding) problems.push({ field: 'funding', ...funding });
  throwFirst(problems);

  const changes: FacilityUpdate = { updated_at: new Date().toISOString() };
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.kind !== undefined) changes.kind = input.kind;
  if (input.constructionMode !== undefined) changes.construction_mode = input.constructionMode;
  if (input.floorArea !== undefined) changes.floor_area = input.floorArea;
  if (input.activityArea !== undefined) changes.activity_area = input.activityArea;
  if (input.location !== undefined) {
    changes.lon = input.location?.lon ?? null;
    changes.lat = input.location?.lat ?? null;
  }
  if (input.services !== undefined) changes.services = JSON.stringify(servicesOf(input.services));
  if (input.openingHours !== undefined) changes.opening_hours = input.openingHours?.trim() || null;
  if (input.accessibility?.stepFreeEntrance !== undefined) changes.step_free_entrance = input.accessibility.stepFreeEntrance;
  if (input.accessibility?.accessibleToilet !== undefined) changes.accessible_toilet = input.accessibility.accessibleToilet;
  if (input.selfServiceTerminal !== undefined) changes.self_service_terminal = input.selfServiceTerminal;
  const warnings = input.location ? locationWarnings((await findCommunity(db, row.area_code)).area, input.location) : [];
  const { version: _version, ...fields } = input;
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateFacility(trx, row.area_code, id, row.version, changes))) {
      throw conflict(`Facility ${id} changed while you were saving; reload and try again`);
    }
    if (input.funding !== undefined) {
      await repo.replaceFunding(
        trx,
        row.area_code,
        id,
        input.funding.map((f) => ({ area_code: row.area_code, facility_id: id, source: f.source, year: f.year, amount: f.amount })),
      );
    }
    await recordAudit(trx, ctx, {
      action: 'facility.update',
      areaCode: row.area_code,
      targetType: 'facility',
      targetId: id,
      details: { fields: Object.keys(fields), version: row.version + 1 },
    });
  });
  changed(db);
  return withWarnings(await detail(db, id), warnings);
}

export async function changeStatus(db: Db, ctx: RequestContext, id: string, input: StatusChange): Promise<FacilityDetail> {
  const actor = requirePermission(ctx, 'facilities.write');
  const row = await loadInScope(db, actor, id);
  if (input.version !== undefined && input.version !== row.version) {
    throw conflict(`Facility ${id} has changed since you read it (version ${input.version}, now ${row.version})`, { currentVersion: row.version });
  }
  const from = row.status as FacilityStatus;
  const to = input.status;
  if (!STATUS_TRANSITIONS[from].includes(to)) {
    const allowed = STATUS_TRANSITIONS[from];
    throw invalidField('status', `a ${from} facility cannot become ${to}; it can become ${allowed.join(' or ')}`, 'not_allowed', { from, to, allowed: allowed.join(',') });
  }
  if (isReopen(from, to) && input.reopen !== true) {
    throw invalidField('status', 'a closed facility goes back to operating only when reopened explicitly: send "reopen": true with a reason', 'inconsistent', { from, to });
  }
  if (isReopen(from, to) && !input.reason?.trim()) throw invalidField('reason', 'say why the facility reopens', 'required');
  const dp = dateProblem(input.date);
  if (dp) throw invalidField('date', dp.problem, dp.code, dp.params);
  if (input.date < row.status_date) throw invalidField('date', `is before ${row.status_date}, when the facility became ${from}`, 'out_of_range', { value: input.date, min: row.status_date });
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateFacility(trx, row.area_code, id, row.version, { status: to, status_date: input.date, updated_at: now }))) {
      throw conflict(`Facility ${id} changed while you were saving; reload and try again`);
    }
    await repo.insertEvents(trx, [
      {
        area_code: row.area_code,
        id: uuidv7(),
        facility_id: id,
        date: input.date,
        from_status: from,
        to_status: to,
        reason: input.reason?.trim() || null,
        at: now,
        user_id: actor.userId,
        username: actor.username,
      },
    ]);
    await recordAudit(trx, ctx, {
      action: isReopen(from, to) ? 'facility.reopen' : 'facility.status',
      areaCode: row.area_code,
      targetType: 'facility',
      targetId: id,
      details: { from, to, date: input.date, reason: input.reason ?? null },
    });
  });
  changed(db);
  return detail(db, id);
}

// ---- lists and files ----

export interface ListQuery extends FacilityFilter {
  limit?: number;
  cursor?: string;
}


function decodeCursor(cursor: string): { areaCode: string; id: string } {
  const [areaCode, id] = decodeKeyset(cursor, ['areaCode', 'text'])!;
  return { areaCode: areaCode!, id: id! };
}

async function withFunding(db: Db, rows: FacilityRowWithArea[]): Promise<Facility[]> {
  const funding = await repo.fundingOf(
    db,
    rows.map((r) => ({ areaCode: r.area_code, id: r.id })),
  );
  return rows.map((r) => toFacility(r, funding.get(r.id) ?? []));
}

export async function listFacilities(db: Db, ctx: RequestContext, q: ListQuery): Promise<{ items: Facility[]; total: number; nextCursor: string | null }> {
  const actor = requireActor(ctx);
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const { rows, total } = await repo.listFacilities(db, {
    scope,
    kind: q.kind,
    status: q.status,
    urbanRural: q.urbanRural,
    q: q.q?.trim() || undefined,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit,
  });
  const last = rows.at(-1);
  return {
    items: await withFunding(db, rows),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([last.area_code, last.id]) : null,
  };
}

/** Every facility the filters match (up to the export limit) as CSV or XLSX. */
export async function exportFacilities(db: Db, ctx: RequestContext, q: FacilityFilter, format: FileFormat): Promise<FileOut> {
  const actor = requireActor(ctx);
  const scope = scopedArea(actor, q.area);
  const { rows, total } = await repo.listFacilities(db, {
    scope,
    kind: q.kind,
    status: q.status,
    urbanRural: q.urbanRural,
    q: q.q?.trim() || undefined,
    limit: FACILITY_LIMITS.exportRowsMax,
  });
  if (total > FACILITY_LIMITS.exportRowsMax) {
    throw badRequest(`${total} facilities match; an export holds at most ${FACILITY_LIMITS.exportRowsMax}: narrow the filters`);
  }
  return exportFile(await withFunding(db, rows), format, today().replace(/-/g, ''));
}

/** For anyone logged in: the template holds no data. */
export function importTemplate(ctx: RequestContext, format: FileFormat): Promise<FileOut> {
  requireActor(ctx);
  return templateFile(format);
}

export interface ImportReport {
  mode: 'allOrNothing' | 'goodRowsOnly';
  /** Data rows in the file (blank rows are skipped). */
  rows: number;
  created: number;
  rejected: number;
  /** Row by row, what is wrong, each with its stable code; the header is row 1. */
  problems: CodedRowProblem[];
  /** The new facilities' ids, in file order. */
  ids: string[];
}

/** Who may import facilities; checked by the route before the file is read (and again below). */
export function authorizeImport(ctx: RequestContext): void {
  requirePermission(ctx, 'facilities.write');
}

/**
 * Imports facilities from a CSV or XLSX file. Every row is checked before anything is written;
 * by default one bad row rejects the file (400 with the report), with goodRowsOnly the good
 * rows are created and the bad ones reported. Either way the writes are one transaction.
 */
export async function importFacilities(
  db: Db,
  ctx: RequestContext,
  file: { body: Buffer; format: FileFormat; mode: ImportReport['mode'] },
): Promise<ImportReport> {
  const actor = requirePermission(ctx, 'facilities.write');
  let parsed: ReturnType<typeof rowsToFacilities>;
  try {
    parsed = rowsToFacilities(await readTable(file.body, file.format, { maxDataRows: FACILITY_LIMITS.importRowsMax }));
  } catch (e) {
    if (e instanceof FileProblem) throw invalidField('file', e.message);
    throw e;
  }
  if (parsed.dataRows === 0) throw invalidField('file', 'has no rows below the header');
  if (parsed.dataRows > FACILITY_LIMITS.importRowsMax) {
    throw invalidField('file', `has ${parsed.dataRows} rows; import at most ${FACILITY_LIMITS.importRowsMax} at a time`);
  }
  const problems: CodedRowProblem[] = [...parsed.problems];
  const good: { row: number; input: NewFacility }[] = [];
  const cache = new Map<string, AreaSummary | null>();
  for (const { row, input } of parsed.rows) {
    const code = normalizeAreaCode(input.areaCode);
    if (code && !code.startsWith(actor.scope)) {
      problems.push({ row, field: 'areaCode', column: null, problem: `community ${code} is outside your scope ${actor.scope}`, code: 'not_in_scope', params: { code } });
      continue;
    }
    const found = await newFacilityProblems(db, input, cache);
    if (found.length) problems.push(...found.map((p) => ({ row, field: p.field, column: null, problem: p.problem, code: p.code, ...(p.params ? { params: p.params } : {}) })));
    else good.push({ row, input });
  }
  problems.sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  const report: ImportReport = { mode: file.mode, rows: parsed.dataRows, created: 0, rejected, problems, ids: [] };
  if (problems.length && file.mode === 'allOrNothing') {
    throw new AppError(
      400,
      'import_rejected',
      `${rejected} of ${parsed.dataRows} rows have problems; nothing was imported (fix them, or import with mode=goodRowsOnly)`,
      report,
    );
  }
  if (good.length) {
    const now = new Date().toISOString();
    const all = good.map((g) => rowsOf(g.input, actor, { now }));
    await db.transaction().execute(async (trx) => {
      for (const rows of all) {
        await repo.insertFacility(trx, rows.facility);
        await recordAudit(trx, ctx, {
          action: 'facility.create',
          areaCode: rows.facility.area_code,
          targetType: 'facility',
          targetId: rows.facility.id,
          details: { name: rows.facility.name, kind: rows.facility.kind, status: rows.facility.status, via: 'import' },
        });
      }
      await repo.insertEvents(trx, all.flatMap((r) => r.events));
      await repo.insertFunding(trx, all.flatMap((r) => r.funding));
      await recordAudit(trx, ctx, {
        action: 'facility.import',
        targetType: 'facility',
        details: { format: file.format, mode: file.mode, rows: parsed.dataRows, created: all.length, rejected },
      });
    });
    changed(db);
    report.created = all.length;
    report.ids = all.map((r) => r.facility.id);
  }
  return report;
}

// ---- for other modules and the seed (no access check: callers check scope) ----

export interface OperatingFacility {
  areaCode: string;
  kind: FacilityKind;
  lon: number | null;
  lat: number | null;
  floorArea: number;
  activityArea: number;
}

/** Every operating facility, for coverage. */
export async function operatingFacilities(db: Db): Promise<OperatingFacility[]> {
  const rows = await repo.loadOperating(db);
  return rows.map((r) => ({
    areaCode: r.area_code,
    kind: r.kind as FacilityKind,
    lon: r.lon,
    lat: r.lat,
    floorArea: r.floor_area,
    activityArea: r.activity_area,
  }));
}

/** A facility that operates or is on its way, for planning. */
export interface SupplyFacility extends OperatingFacility {
  status: FacilityStatus;
}

/** Every facility in one of the statuses (planning counts planned and under-construction ones as supply). */
export async function facilitiesWithStatus(db: Db, statuses: readonly FacilityStatus[]): Promise<SupplyFacility[]> {
  const rows = await repo.loadWithStatus(db, statuses);
  return rows.map((r) => ({
    areaCode: r.area_code,
    kind: r.kind as FacilityKind,
    status: r.status as FacilityStatus,
    lon: r.lon,
    lat: r.lat,
    floorArea: r.floor_area,
    activityArea: r.activity_area,
  }));
}

/** The facilities of a kind in the listed communities that are in one of the statuses (inside the caller's transaction). */
export async function facilitiesOfKindIn(
  trx: Db,
  kind: FacilityKind,
  areaCodes: readonly string[],
  statuses: readonly FacilityStatus[],
): Promise<{ id: string; areaCode: string; status: FacilityStatus }[]> {
  const rows = await repo.findOfKindIn(trx, kind, areaCodes, statuses);
  return rows.map((r) => ({ id: r.id, areaCode: r.area_code, status: r.status as FacilityStatus }));
}

/** A facility with its status changes, for figures as of a past day (indicators). */
export interface FacilityHistory {
  areaCode: string;
  lon: number | null;
  lat: number | null;
  floorArea: number;
  /** Status changes, oldest first: [date, status]. */
  events: [string, string][];
}

/** Every facility of a kind with its status history. */
export async function facilityHistories(db: Db, kind: FacilityKind): Promise<FacilityHistory[]> {
  const facilities: FacilityHistory[] = [];
  let last: string | null = null;
  for (const r of await repo.loadStatusHistory(db, kind)) {
    if (r.id !== last) {
      facilities.push({ areaCode: r.area_code, lon: r.lon, lat: r.lat, floorArea: r.floor_area, events: [] });
      last = r.id;
    }
    facilities.at(-1)!.events.push([r.date, r.to_status]);
  }
  return facilities;
}

/** Whether any facility under the area is generated (demo data). */
export async function hasGeneratedFacilities(db: Db, area: string): Promise<boolean> {
  return repo.hasGenerated(db, area);
}

/** How many facilities lie in an area. */
export async function countFacilities(db: Db, area: string): Promise<number> {
  return repo.countFacilities(db, area);
}

export interface SystemFacility extends NewFacility {
  /** The status history, oldest first; the last entry is the current status. */
  history: { date: string; from: FacilityStatus | null; to: FacilityStatus; reason: string | null }[];
}

/** Creates facilities as the system (the demo seed): checked like any other, marked generated. */
export async function createFacilitiesAsSystem(db: Db, inputs: SystemFacility[]): Promise<number> {
  const cache = new Map<string, AreaSummary | null>();
  const all: ReturnType<typeof rowsOf>[] = [];
  for (const input of inputs) {
    const problems = await newFacilityProblems(db, input, cache);
    if (problems.length) throw new Error(`facility ${input.name} in ${input.areaCode}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
    const last = input.history.at(-1)!;
    all.push(rowsOf({ ...input, status: last.to, statusDate: last.date }, { userId: null, username: null }, { generated: true, history: input.history }));
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertFacilities(trx, all.map((r) => r.facility));
    await repo.insertEvents(trx, all.flatMap((r) => r.events));
    await repo.insertFunding(trx, all.flatMap((r) => r.funding));
  });
  changed(db);
  return all.length;
}

/**
 * Creates facilities inside the caller's transaction (planning adopts a scenario's sites this
 * way), each checked like any other and audited. The caller has checked role and scope; the
 * first problem throws, so the caller's transaction writes nothing. Returns the new ids in order.
 */
export async function createFacilitiesInTransaction(trx: Db, ctx: RequestContext, inputs: NewFacility[], via: string): Promise<string[]> {
  const actor = requireActor(ctx);
  const cache = new Map<string, AreaSummary | null>();
  for (const input of inputs) {
    const code = normalizeAreaCode(input.areaCode);
    if (code) requireScope(actor, code);
    throwFirst(await newFacilityProblems(trx, input, cache));
  }
  const now = new Date().toISOString();
  const all = inputs.map((input) => rowsOf(input, actor, { now }));
  for (const rows of all) {
    await repo.insertFacility(trx, rows.facility);
    await recordAudit(trx, ctx, {
      action: 'facility.create',
      areaCode: rows.facility.area_code,
      targetType: 'facility',
      targetId: rows.facility.id,
      details: { name: rows.facility.name, kind: rows.facility.kind, status: rows.facility.status, via },
    });
  }
  await repo.insertEvents(trx, all.flatMap((r) => r.events));
  await repo.insertFunding(trx, all.flatMap((r) => r.funding));
  return all.map((r) => r.facility.id);
}

/** For callers that wrote facilities in their own transaction: drop what others computed from facilities. */
export function facilitiesChanged(db: Db): void {
  changed(db);
}
