import type { Static } from 'typebox';
import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import type { NewOrganizationRow, OrganizationRatingsTable, OrganizationUpdate } from '../../db/tables/organizations.ts';
import { AREA_CODE_LENGTHS, isWithinScope, normalizeAreaCode } from '../../../contracts/area-code.ts';
import type { Action } from '../../../contracts/policy.ts';
import { ORGANIZATION_LIMITS, type ManagementMode, type OrganizationStatus, type RegisteredKind } from '../../../contracts/organizations.ts';
import type {
  AppealDecision,
  AnnualReportInput,
  CreditRecordInput,
  EffectiveRatingScale,
  Incubation,
  NewAppeal,
  NewMember,
  NewOrganization,
  NewRating,
  Organization,
  OrganizationChanges,
  OrganizationDetail,
  OrganizationFilterQuery,
  OrganizationStatusChange,
  RatingScale,
  RemovedMember,
} from '../../../contracts/organizations-api.ts';
import { parseCreditCode } from '../../../engine/people/credit-code.ts';
import {
  canMoveTo,
  COUNTED_STATUSES,
  DEFAULT_RATING_SCALE,
  gradeFor,
  ORGANIZATION_TRANSITIONS,
  ratingScaleProblem,
  ratingValidUntil,
} from '../../../engine/people/organization-rules.ts';
import { requireActor, requirePermission, requireScope, scopedArea, ownRecordsOnly, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea, findCommunity } from '../areas/areas.service.ts';
import type { AreaSummary } from '../areas/areas.schema.ts';
import { nameSearchText, searchModeOf } from '../areas/search-text.ts';
import type { SourceWindow, CommunityCounts } from '../indicators/indicator-sources.ts';
import * as repo from './organizations.repository.ts';
import { toAnnualReport, toCreditRecord, toEvent, toIncubation, toMember, toOrganization, toRating } from './organizations.schema.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

type Filter = { [K in keyof typeof OrganizationFilterQuery]?: Static<(typeof OrganizationFilterQuery)[K]> };

const today = todayInChina;

/** A real calendar date, not after tomorrow (UTC): what has happened. */
function dateProblem(date: string): string | null {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return 'is not a calendar date';
  if (parsed.getTime() > Date.now() + 86_400_000) return 'is in the future';
  if (date < '1949-10-01') return 'is too early';
  return null;
}

/** A real calendar date (plans may lie ahead). */
function calendarProblem(date: string): string | null {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return 'is not a calendar date';
  if (date < '1949-10-01' || date > '2100-12-31') return 'is out of range';
  return null;
}

function throwProblems(problems: FieldProblem[]): void {
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code);
  if (problems.length > 1) throw invalidFields(problems);
}

// ---- access ----

/** The organization a member account belongs to, or null. */
async function ownOrganizationId(db: Db, actor: Actor): Promise<string | null> {
  return (await repo.membershipOf(db, actor.userId))?.organization_id ?? null;
}

type OrgRow = NonNullable<Awaited<ReturnType<typeof repo.findOrganization>>>;

/**
 * The organization when the actor may do `action` on it: 404 when there is none; 403 for a member
 * of another organization, and for staff when it lies outside their scope. Reads reach an
 * organization registered in the scope or serving a community in it; writes need the area that
 * registered, filed or guides it to lie in the scope.
 */
async function organizationFor(db: Db, ctx: RequestContext, id: string, action: Action): Promise<{ actor: Actor; row: OrgRow }> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findOrganization(db, id);
  if (!row) throw notFound('Organization', id);
  if (ownRecordsOnly(actor, action)) {
    if ((await ownOrganizationId(db, actor)) !== id) {
      throw forbidden(`Organization ${id} is not the one you belong to`, { reason: 'own', action });
    }
    return { actor, row };
  }
  const read = action === 'organizations.read';
  if (isWithinScope(row.area_code, actor.scope) || (read && (await repo.servesWithin(db, id, actor.scope)))) return { actor, row };
  throw forbidden(`Organization ${id} (${row.area_code}) is outside your scope ${actor.scope}`, { areaCode: row.area_code, scope: actor.scope, reason: 'scope' });
}

/**
 * Who may, decided before the body is read (a route's preValidation): the role, and for a route
 * naming an organization or an area, whether it is the actor's to act on. A refused request gets
 * its 403/404 whatever its body holds.
 */
export async function authorizeRoute(db: Db, ctx: RequestContext, action: Action, params: { id?: string; code?: string }): Promise<void> {
  if (params.id !== undefined) {
    await organizationFor(db, ctx, String(params.id), action);
    return;
  }
  const actor = requirePermission(ctx, action);
  if (params.code !== undefined) scopedArea(actor, String(params.code), 'code');
}

// ---- reads ----

async function withExtras(db: Db, rows: OrgRow[]): Promise<Organization[]> {
  const ids = rows.map((r) => r.id);
  const [communities, ratings] = await Promise.all([repo.communitiesOf(db, ids), repo.currentRatings(db, ids, today())]);
  return rows.map((r) => toOrganization(r, communities.get(r.id) ?? [], ratings.get(r.id)));
}

async function detail(db: Db, row: OrgRow): Promise<OrganizationDetail> {
  const [base] = await withExtras(db, [row]);
  const [events, incubation, ratings, members, reports, records, scale] = await Promise.all([
    repo.listEvents(db, row.area_code, row.id),
    repo.findIncubation(db, row.area_code, row.id),
    repo.listRatings(db, row.area_code, row.id),
    repo.listMembers(db, row.id),
    repo.listAnnualReports(db, row.area_code, row.id),
    repo.listCreditRecords(db, row.area_code, row.id),
    effectiveScale(db, row.area_code),
  ]);
  const day = today();
  return {
    ...base!,
    events: events.map(toEvent),
    allowedStatuses: [...ORGANIZATION_TRANSITIONS[row.status as OrganizationStatus]],
    incubation: incubation ? toIncubation(incubation) : null,
    ratings: ratings.map((r, i) => toRating(r, i === 0 && r.valid_until >= day)),
    ratingScale: scale,
    members: members.map(toMember),
    annualReports: reports.map(toAnnualReport),
    creditRecords: records.map(toCreditRecord),
  };
}

async function detailOf(db: Db, id: string): Promise<OrganizationDetail> {
  const row = await repo.findOrganization(db, id);
  if (!row) throw notFound('Organization', id);
  return detail(db, row);
}

export async function getOrganization(db: Db, ctx: RequestContext, id: string): Promise<OrganizationDetail> {
  const { row } = await organizationFor(db, ctx, id, 'organizations.read');
  return detail(db, row);
}

/** The organization the member account belongs to (404 when it belongs to none). */
export async function myOrganization(db: Db, ctx: RequestContext): Promise<OrganizationDetail> {
  const actor = requirePermission(ctx, 'organizations.read');
  const id = await ownOrganizationId(db, actor);
  if (!id) throw new AppError(404, 'not_found', 'Your account belongs to no organization; ask the civil affairs office to link it');
  return detailOf(db, id);
}

export interface ListQuery extends Filter {
  limit?: number;
  cursor?: string;
}

async function listFilter(db: Db, actor: Actor, q: Filter, limit: number, cursor?: string): Promise<repo.ListFilter> {
  const scope = scopedArea(actor, q.area);
  const after = decodeCursor(cursor, ['text', 'uuid']);
  return {
    scope,
    onlyId: ownRecordsOnly(actor, 'organizations.read') ? await ownOrganizationId(db, actor) : undefined,
    status: q.status,
    management: q.management,
    nature: q.nature,
    field: q.field,
    grade: q.grade,
    day: today(),
    search: q.q?.trim() ? searchModeOf(q.q) : undefined,
    after: after ? { name: after[0]!, id: after[1]! } : undefined,
    limit,
  };
}

export async function listOrganizations(db: Db, ctx: RequestContext, q: ListQuery): Promise<{ items: Organization[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'organizations.read');
  const limit = q.limit ?? 50;
  const { rows, total } = await repo.listOrganizations(db, await listFilter(db, actor, q, limit, q.cursor));
  const last = rows.at(-1);
  return { items: await withExtras(db, rows), total, nextCursor: rows.length === limit && last ? encodeCursor([last.name, last.id]) : null };
}

/** Every organization the filters match, up to the export limit (400 beyond it). */
export async function organizationsForExport(db: Db, ctx: RequestContext, q: Filter): Promise<Organization[]> {
  const actor = requirePermission(ctx, 'organizations.read');
  const max = ORGANIZATION_LIMITS.exportRowsMax;
  const { rows, total } = await repo.listOrganizations(db, await listFilter(db, actor, q, max));
  if (total > max) throw invalidField('area', `${total} organizations match; an export holds at most ${max}: narrow the filters`, 'too_long');
  return withExtras(db, rows);
}

// ---- rating scales ----

function scaleOf(row: { scale_max: number; min_1a: number; min_2a: number; min_3a: number; min_4a: number; min_5a: number }): RatingScale {
  return { max: row.scale_max, minimums: { '1A': row.min_1a, '2A': row.min_2a, '3A': row.min_3a, '4A': row.min_4a, '5A': row.min_5a } };
}

/** The scale that applies in an area: the one set by the nearest jurisdiction above it (county, city, province), else the default. */
async function effectiveScale(db: Db, areaCode: string): Promise<Static<typeof EffectiveRatingScale>> {
  const codes = AREA_CODE_LENGTHS.filter((n) => n <= 6 && n <= areaCode.length).map((n) => areaCode.slice(0, n));
  const rows = await repo.scalesOn(db, codes);
  const nearest = rows.sort((a, b) => b.area_code.length - a.area_code.length)[0];
  return nearest ? { ...scaleOf(nearest), setAt: nearest.area_code } : { ...DEFAULT_RATING_SCALE, setAt: null };
}

export async function getRatingScale(db: Db, ctx: RequestContext, rawCode: string): Promise<Static<typeof EffectiveRatingScale>> {
  const actor = requirePermission(ctx, 'organizations.read');
  return effectiveScale(db, scopedArea(actor, rawCode, 'code'));
}

/** Sets the thresholds of a jurisdiction (a province, city or county of the actor's scope). */
export async function setRatingScale(db: Db, ctx: RequestContext, rawCode: string, input: RatingScale): Promise<Static<typeof EffectiveRatingScale>> {
  const actor = requirePermission(ctx, 'organizations.write');
  const code = scopedArea(actor, rawCode, 'code');
  if (code.length > 6) throw invalidField('code', 'rating scales are set by a province, city or county (2, 4 or 6 digits)', 'not_allowed');
  if (!(await findArea(db, code))) throw invalidField('code', `area ${code} does not exist`, 'unknown_reference');
  const problem = ratingScaleProblem(input);
  if (problem) throw invalidField('minimums', problem, 'inconsistent');
  await db.transaction().execute(async (trx) => {
    await repo.saveScale(trx, {
      area_code: code,
      scale_max: input.max,
      min_1a: input.minimums['1A'],
      min_2a: input.minimums['2A'],
      min_3a: input.minimums['3A'],
      min_4a: input.minimums['4A'],
      min_5a: input.minimums['5A'],
      set_at: new Date().toISOString(),
      set_by: actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'organization.ratingScale', areaCode: code, targetType: 'organizationRatingScale', targetId: code, details: { ...input } });
  });
  return effectiveScale(db, code);
}

// ---- registration ----

interface Checked {
  areaCode: string;
  communities: string[];
  creditCode: string | null;
  registeredKind: RegisteredKind | null;
}

/** The credit code's problem, if any: its form and check character (named), and agreement with the registered kind. */
function creditCodeProblems(raw: string, registeredKind: RegisteredKind | null | undefined): { code: string | null; problems: FieldProblem[] } {
  const parsed = parseCreditCode(raw);
  if (!parsed.ok) return { code: null, problems: [{ field: 'creditCode', problem: parsed.problem, code: 'invalid_format' }] };
  const kind = parsed.facts.civilAffairsKind;
  if (registeredKind && kind && kind !== 'other' && kind !== registeredKind) {
    return {
      code: parsed.facts.creditCode,
      problems: [{ field: 'registeredKind', problem: `${registeredKind} disagrees with the credit code, whose second character marks a ${kind}`, code: 'inconsistent' }],
    };
  }
  return { code: parsed.facts.creditCode, problems: [] };
}

async function communityProblems(db: Db, actor: Actor | null, codes: string[], cache: Map<string, AreaSummary | null>): Promise<{ codes: string[]; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const out: string[] = [];
  for (const raw of codes) {
    const found = await findCommunity(db, raw, cache);
    if (found.problem) problems.push({ field: 'communities', problem: found.problem });
    else if (!out.includes(found.area!.code)) out.push(found.area!.code);
  }
  if (actor) for (const code of out) requireScope(actor, code);
  return { codes: out, problems };
}

/**
 * Every rule of a new organization that needs no write: scope first (403), then the fields (400).
 * `actor` null: the system (the demo seed), which has no scope.
 */
async function checkNew(db: Db, actor: Actor | null, input: NewOrganization, cache: Map<string, AreaSummary | null>): Promise<{ checked: Checked; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const areaCode = normalizeAreaCode(input.areaCode);
  if (!areaCode) problems.push({ field: 'areaCode', problem: 'is not a division code (2, 4, 6, 9 or 12 digits)' });
  else {
    if (actor) requireScope(actor, areaCode);
    let area = cache.get(areaCode);
    if (area === undefined) {
      area = (await findArea(db, areaCode)) ?? null;
      cache.set(areaCode, area);
    }
    if (!area) problems.push({ field: 'areaCode', problem: `area ${areaCode} does not exist`, code: 'unknown_reference' });
  }
  const served = await communityProblems(db, actor, input.communities, cache);
  problems.push(...served.problems);
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank' });
  const registeredKind = input.registeredKind ?? null;
  let creditCode: string | null = null;
  if (input.creditCode?.trim()) {
    const c = creditCodeProblems(input.creditCode, registeredKind);
    creditCode = c.code;
    problems.push(...c.problems);
  }
  problems.push(...managementProblems(input.management, registeredKind, input.creditCode));
  const status = input.status ?? defaultStatus(input.management);
  if (status === 'deregistered') problems.push({ field: 'status', problem: 'a new organization cannot start deregistered', code: 'not_allowed' });
  if (status === 'registered' && input.management !== 'registered') {
    problems.push({ field: 'status', problem: 'only an organization registered with civil affairs can have the status registered', code: 'inconsistent' });
  }
  if (input.statusDate) {
    const p = dateProblem(input.statusDate);
    if (p) problems.push({ field: 'statusDate', problem: p });
  }
  if (input.foundedOn) {
    const p = dateProblem(input.foundedOn);
    if (p) problems.push({ field: 'foundedOn', problem: p });
  }
  return { checked: { areaCode: areaCode ?? '', communities: served.codes, creditCode, registeredKind }, problems };
}

function managementProblems(management: ManagementMode, registeredKind: RegisteredKind | null, rawCode: string | null | undefined): FieldProblem[] {
  if (management === 'registered') {
    const out: FieldProblem[] = [];
    if (!rawCode?.trim()) out.push({ field: 'creditCode', problem: 'is required for an organization registered with civil affairs', code: 'required' });
    if (!registeredKind) out.push({ field: 'registeredKind', problem: 'is required for an organization registered with civil affairs (socialGroup, socialServiceAgency or foundation)', code: 'required' });
    return out;
  }
  if (registeredKind) return [{ field: 'registeredKind', problem: `applies only to organizations registered with civil affairs, not to ${management} ones`, code: 'inconsistent' }];
  return [];
}

function defaultStatus(management: ManagementMode): OrganizationStatus {
  return management === 'registered' ? 'registered' : management === 'filed' ? 'filed' : 'incubating';
}

async function creditCodeTaken(db: Db, creditCode: string | null, exceptId?: string): Promise<void> {
  if (!creditCode) return;
  const other = await repo.findByCreditCode(db, creditCode);
  if (other && other.id !== exceptId) {
    throw conflict(`Credit code ${creditCode} is already used by ${other.name} (${other.id})`, { field: 'creditCode', organizationId: other.id });
  }
}

function rowsOf(
  input: NewOrganization,
  checked: Checked,
  actor: { userId: string | null; username: string | null },
  options: { generated?: boolean; now?: string; history?: { date: string; from: OrganizationStatus | null; to: OrganizationStatus; reason: string | null }[] } = {},
) {
  const id = newId();
  const now = options.now ?? new Date().toISOString();
  const name = input.name.trim();
  const search = nameSearchText(name);
  const status = input.status ?? defaultStatus(input.management);
  const statusDate = input.statusDate ?? today();
  const history = options.history ?? [{ date: statusDate, from: null, to: status, reason: null }];
  const last = history.at(-1)!;
  const organization: NewOrganizationRow = {
    area_code: checked.areaCode,
    id,
    name,
    name_initials: search.initials,
    name_pinyin: search.pinyin,
    credit_code: checked.creditCode,
    management: input.management,
    registered_kind: checked.registeredKind,
    nature: input.nature,
    fields: JSON.stringify([...new Set(input.fields ?? [])]),
    status: last.to,
    status_date: last.date,
    founded_on: input.foundedOn ?? null,
    address: input.address?.trim() || null,
    description: input.description?.trim() || null,
    generated: options.generated ?? false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return {
    organization,
    communities: checked.communities.map((code) => ({ area_code: code, organization_id: id, organization_area_code: checked.areaCode })),
    events: history.map((h) => ({
      area_code: checked.areaCode,
      organization_id: id,
      id: newId(),
      date: h.date,
      from_status: h.from,
      to_status: h.to,
      reason: h.reason,
      at: now,
      user_id: actor.userId,
      username: actor.username,
    })),
  };
}

async function insertAll(trx: Db, all: ReturnType<typeof rowsOf>[]): Promise<void> {
  await repo.insertOrganizations(trx, all.map((r) => r.organization));
  await repo.insertCommunities(trx, all.flatMap((r) => r.communities));
  await repo.insertEvents(trx, all.flatMap((r) => r.events));
}

/** A unique index's refusal (two requests with one credit code at once) as the 409 the pre-check gives. */
async function uniquely<T>(creditCode: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Credit code ${creditCode ?? ''} is already used by another organization`, { field: 'creditCode' });
    throw e;
  }
}

export async function createOrganization(db: Db, ctx: RequestContext, input: NewOrganization): Promise<OrganizationDetail> {
  const actor = requirePermission(ctx, 'organizations.write');
  const { checked, problems } = await checkNew(db, actor, input, new Map());
  throwProblems(problems);
  await creditCodeTaken(db, checked.creditCode);
  const rows = rowsOf(input, checked, actor);
  await uniquely(checked.creditCode, () =>
    db.transaction().execute(async (trx) => {
      await insertAll(trx, [rows]);
      await recordAudit(trx, ctx, {
        action: 'organization.create',
        areaCode: checked.areaCode,
        targetType: 'organization',
        targetId: rows.organization.id,
        details: { name: rows.organization.name, management: input.management, status: rows.organization.status, communities: checked.communities.length },
      });
    }),
  );
  recordsChanged(db, 'organizations');
  return detailOf(db, rows.organization.id);
}

export async function updateOrganization(db: Db, ctx: RequestContext, id: string, input: OrganizationChanges): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.keep');
  if (input.version !== row.version) throw conflict(`Organization ${id} has changed since you read it (version ${input.version}, now ${row.version})`, { currentVersion: row.version });
  const problems: FieldProblem[] = [];
  const changes: OrganizationUpdate = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) problems.push({ field: 'name', problem: 'must not be blank' });
    const search = nameSearchText(name);
    Object.assign(changes, { name, name_initials: search.initials, name_pinyin: search.pinyin });
  }
  const registeredKind = input.registeredKind !== undefined ? input.registeredKind : (row.registered_kind as RegisteredKind | null);
  let creditCode = row.credit_code;
  if (input.creditCode !== undefined) {
    if (input.creditCode === null || !input.creditCode.trim()) creditCode = null;
    else {
      const c = creditCodeProblems(input.creditCode, registeredKind);
      problems.push(...c.problems);
      creditCode = c.code;
    }
    changes.credit_code = creditCode;
  }
  if (input.registeredKind !== undefined) changes.registered_kind = registeredKind;
  if (input.creditCode !== undefined || input.registeredKind !== undefined) {
    problems.push(...managementProblems(row.management as ManagementMode, registeredKind, creditCode));
  }
  if (input.nature !== undefined) changes.nature = input.nature;
  if (input.fields !== undefined) changes.fields = JSON.stringify([...new Set(input.fields)]);
  if (input.foundedOn !== undefined) {
    const p = input.foundedOn ? dateProblem(input.foundedOn) : null;
    if (p) problems.push({ field: 'foundedOn', problem: p });
    changes.founded_on = input.foundedOn;
  }
  if (input.address !== undefined) changes.address = input.address?.trim() || null;
  if (input.description !== undefined) changes.description = input.description?.trim() || null;
  let communities: string[] | undefined;
  if (input.communities !== undefined) {
    const served = await communityProblems(db, actor, input.communities, new Map());
    problems.push(...served.problems);
    communities = served.codes;
  }
  throwProblems(problems);
  if (creditCode !== row.credit_code) await creditCodeTaken(db, creditCode, id);
  changes.updated_at = new Date().toISOString();
  await uniquely(creditCode, () =>
    db.transaction().execute(async (trx) => {
      if (!(await repo.updateOrganization(trx, row.area_code, id, row.version, changes))) throw conflict(`Organization ${id} changed while you were saving; reload and try again`);
      if (communities) await repo.replaceCommunities(trx, id, communities.map((code) => ({ area_code: code, organization_id: id, organization_area_code: row.area_code })));
      await recordAudit(trx, ctx, {
        action: 'organization.update',
        areaCode: row.area_code,
        targetType: 'organization',
        targetId: id,
        details: { fields: Object.keys(input).filter((k) => k !== 'version'), version: row.version + 1 },
      });
    }),
  );
  recordsChanged(db, 'organizations');
  return detailOf(db, id);
}

export async function changeStatus(db: Db, ctx: RequestContext, id: string, input: OrganizationStatusChange): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.write');
  if (input.version !== undefined && input.version !== row.version) {
    throw conflict(`Organization ${id} has changed since you read it (version ${input.version}, now ${row.version})`, { currentVersion: row.version });
  }
  const from = row.status as OrganizationStatus;
  const to = input.status;
  if (!canMoveTo(from, to)) {
    const allowed = ORGANIZATION_TRANSITIONS[from];
    throw conflict(`A ${from} organization cannot become ${to}; ${allowed.length ? `it can become ${allowed.join(' or ')}` : 'deregistration is final'}`, { from, to, allowed });
  }
  const dp = dateProblem(input.date);
  if (dp) throw invalidField('date', dp);
  if (input.date < row.status_date) throw invalidField('date', `is before ${row.status_date}, when the organization became ${from}`, 'out_of_range');
  const changes: OrganizationUpdate = { status: to, status_date: input.date, updated_at: new Date().toISOString() };
  if (to === 'registered') {
    // Registration with civil affairs: the credit code and kind become the organization's.
    const kind = input.registeredKind ?? (row.registered_kind as RegisteredKind | null);
    const raw = input.creditCode ?? row.credit_code;
    if (!raw) throw invalidField('creditCode', 'is required to register an organization with civil affairs', 'required');
    if (!kind) throw invalidField('registeredKind', 'is required to register an organization with civil affairs', 'required');
    const c = creditCodeProblems(raw, kind);
    throwProblems(c.problems);
    if (c.code !== row.credit_code) await creditCodeTaken(db, c.code, id);
    Object.assign(changes, { management: 'registered', credit_code: c.code, registered_kind: kind });
  } else if (input.creditCode !== undefined || input.registeredKind !== undefined) {
    throw invalidField(input.creditCode !== undefined ? 'creditCode' : 'registeredKind', 'is sent only when the organization becomes registered', 'inconsistent');
  }
  if (to === 'filed' && row.management === 'guided') changes.management = 'filed';
  const now = changes.updated_at!;
  await uniquely((changes.credit_code as string | undefined) ?? null, () =>
    db.transaction().execute(async (trx) => {
      if (!(await repo.updateOrganization(trx, row.area_code, id, row.version, changes))) throw conflict(`Organization ${id} changed while you were saving; reload and try again`);
      await repo.insertEvents(trx, [
        { area_code: row.area_code, organization_id: id, id: newId(), date: input.date, from_status: from, to_status: to, reason: input.reason?.trim() || null, at: now, user_id: actor.userId, username: actor.username },
      ]);
      await recordAudit(trx, ctx, { action: 'organization.status', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { from, to, date: input.date, reason: input.reason ?? null } });
    }),
  );
  recordsChanged(db, 'organizations');
  return detailOf(db, id);
}

export async function setIncubation(db: Db, ctx: RequestContext, id: string, input: Incubation): Promise<OrganizationDetail> {
  const { row } = await organizationFor(db, ctx, id, 'organizations.write');
  const problems: FieldProblem[] = [];
  const p = dateProblem(input.startedOn);
  if (p) problems.push({ field: 'startedOn', problem: p });
  if (input.plannedGraduation) {
    const q = calendarProblem(input.plannedGraduation);
    if (q) problems.push({ field: 'plannedGraduation', problem: q });
    else if (input.plannedGraduation < input.startedOn) problems.push({ field: 'plannedGraduation', problem: 'is before the incubation started', code: 'out_of_range' });
  }
  if (input.graduatedOn) {
    const q = dateProblem(input.graduatedOn);
    if (q) problems.push({ field: 'graduatedOn', problem: q });
    else if (input.graduatedOn < input.startedOn) problems.push({ field: 'graduatedOn', problem: 'is before the incubation started', code: 'out_of_range' });
  }
  input.milestones.forEach((m, i) => {
    if (m.dueOn && calendarProblem(m.dueOn)) problems.push({ field: `milestones.${i}.dueOn`, problem: calendarProblem(m.dueOn)! });
    if (m.doneOn && dateProblem(m.doneOn)) problems.push({ field: `milestones.${i}.doneOn`, problem: dateProblem(m.doneOn)! });
  });
  if (!input.base.trim()) problems.push({ field: 'base', problem: 'must not be blank' });
  throwProblems(problems);
  await db.transaction().execute(async (trx) => {
    await repo.saveIncubation(trx, {
      area_code: row.area_code,
      organization_id: id,
      base: input.base.trim(),
      mentor: input.mentor?.trim() || null,
      started_on: input.startedOn,
      planned_graduation: input.plannedGraduation,
      graduated_on: input.graduatedOn,
      milestones: JSON.stringify(input.milestones.map((m) => ({ title: m.title.trim(), dueOn: m.dueOn, doneOn: m.doneOn }))),
      notes: input.notes?.trim() || null,
      updated_at: new Date().toISOString(),
    });
    await recordAudit(trx, ctx, { action: 'organization.incubation', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { base: input.base, graduatedOn: input.graduatedOn } });
  });
  return detailOf(db, id);
}

// ---- ratings ----

/** The grade a score earns on the scale, or the 400 naming `field` when it lies outside the scale or below 1A. */
function gradeOrProblem(score: number, scale: RatingScale, field = 'score') {
  if (!(Number.isFinite(score) && score >= 0 && score <= scale.max)) {
    throw invalidField(field, `${score} lies outside the jurisdiction's scale of 0 to ${scale.max}`, 'out_of_range');
  }
  const grade = gradeFor(score, scale);
  if (!grade) throw invalidField(field, `${score} earns no grade: 1A needs at least ${scale.minimums['1A']} of ${scale.max}`, 'out_of_range');
  return grade;
}

export async function rateOrganization(db: Db, ctx: RequestContext, id: string, input: NewRating): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.rate');
  if (row.status === 'deregistered') throw conflict(`Organization ${id} is deregistered and cannot be rated`, { status: row.status });
  const p = dateProblem(input.ratedOn);
  if (p) throw invalidField('ratedOn', p);
  const scale = await effectiveScale(db, row.area_code);
  const grade = gradeOrProblem(input.score, scale);
  if (input.grade && input.grade !== grade) {
    throw invalidField('grade', `${input.grade} does not follow from the score ${input.score}, which earns ${grade} on this jurisdiction's scale`, 'inconsistent');
  }
  const rating: OrganizationRatingsTable = {
    area_code: row.area_code,
    organization_id: id,
    id: newId(),
    score: input.score,
    scale_max: scale.max,
    grade,
    assessor: input.assessor.trim(),
    rated_on: input.ratedOn,
    valid_until: ratingValidUntil(input.ratedOn),
    notes: input.notes?.trim() || null,
    appeal_state: null,
    appeal_reason: null,
    appeal_filed_on: null,
    appeal_decided_on: null,
    appeal_decision: null,
    original_score: null,
    at: new Date().toISOString(),
    user_id: actor.userId,
    username: actor.username,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertRatings(trx, [rating]);
    await recordAudit(trx, ctx, { action: 'organization.rate', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { ratingId: rating.id, score: input.score, grade, ratedOn: input.ratedOn } });
  });
  return detailOf(db, id);
}

async function ratingOf(db: Db, row: OrgRow, ratingId: string) {
  const rating = await repo.findRating(db, row.area_code, row.id, ratingId);
  if (!rating) throw invalidField('ratingId', `rating ${ratingId} of this organization does not exist`, 'unknown_reference');
  return rating;
}

export async function appealRating(db: Db, ctx: RequestContext, id: string, input: Static<typeof NewAppeal>): Promise<OrganizationDetail> {
  const { row } = await organizationFor(db, ctx, id, 'organizations.keep');
  const rating = await ratingOf(db, row, input.ratingId);
  if (rating.appeal_state) throw conflict(`Rating ${rating.id} has already been appealed (${rating.appeal_state})`, { appeal: rating.appeal_state });
  if (rating.valid_until < today()) throw conflict(`Rating ${rating.id} expired on ${rating.valid_until}`, { validUntil: rating.valid_until });
  await db.transaction().execute(async (trx) => {
    await repo.updateRating(trx, row.area_code, rating.id, { appeal_state: 'pending', appeal_reason: input.reason.trim(), appeal_filed_on: today() });
    await recordAudit(trx, ctx, { action: 'organization.appeal', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { ratingId: rating.id } });
  });
  return detailOf(db, id);
}

export async function decideAppeal(db: Db, ctx: RequestContext, id: string, input: Static<typeof AppealDecision>): Promise<OrganizationDetail> {
  const { row } = await organizationFor(db, ctx, id, 'organizations.rate');
  const rating = await ratingOf(db, row, input.ratingId);
  if (rating.appeal_state !== 'pending') throw conflict(`Rating ${rating.id} has no pending appeal`, { appeal: rating.appeal_state });
  const changes: Partial<OrganizationRatingsTable> = { appeal_state: input.outcome, appeal_decided_on: today(), appeal_decision: input.decision.trim() };
  if (input.outcome === 'changed') {
    if (input.score === undefined) throw invalidField('score', 'is required when the appeal changes the rating', 'required');
    const scale = { max: rating.scale_max, minimums: (await effectiveScale(db, row.area_code)).minimums };
    Object.assign(changes, { grade: gradeOrProblem(input.score, scale), score: input.score, original_score: rating.score });
  } else if (input.score !== undefined) throw invalidField('score', 'is sent only when the appeal changes the rating', 'inconsistent');
  await db.transaction().execute(async (trx) => {
    await repo.updateRating(trx, row.area_code, rating.id, changes);
    await recordAudit(trx, ctx, { action: 'organization.appealDecision', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { ratingId: rating.id, outcome: input.outcome, score: input.score ?? null } });
  });
  return detailOf(db, id);
}

// ---- members, annual reports, credit record ----

export async function addMember(db: Db, ctx: RequestContext, id: string, input: Static<typeof NewMember>): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.keep');
  const user = await repo.findUserByName(db, input.username.trim());
  if (!user) throw invalidField('username', `user ${input.username} does not exist`, 'unknown_reference');
  if (user.role !== 'organizationMember') throw invalidField('username', `user ${user.username} has the role ${user.role}; members have the organizationMember role`, 'inconsistent');
  const current = await repo.membershipOf(db, user.id);
  if (current) {
    throw conflict(
      current.organization_id === id ? `${user.username} is already a member` : `${user.username} already belongs to another organization`,
      { field: 'username', organizationId: current.organization_id },
    );
  }
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertMember(trx, { area_code: row.area_code, organization_id: id, user_id: user.id, position: input.position?.trim() || null, added_at: new Date().toISOString(), added_by: actor.userId });
      await recordAudit(trx, ctx, { action: 'organization.memberAdd', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { userId: user.id, username: user.username } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`${user.username} already belongs to an organization`, { field: 'username' });
    throw e;
  }
  return detailOf(db, id);
}

export async function removeMember(db: Db, ctx: RequestContext, id: string, input: Static<typeof RemovedMember>): Promise<OrganizationDetail> {
  const { row } = await organizationFor(db, ctx, id, 'organizations.keep');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteMember(trx, id, input.userId))) throw invalidField('userId', `user ${input.userId} is not a member of this organization`, 'unknown_reference');
    await recordAudit(trx, ctx, { action: 'organization.memberRemove', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { userId: input.userId } });
  });
  return detailOf(db, id);
}

export async function saveAnnualReport(db: Db, ctx: RequestContext, id: string, input: Static<typeof AnnualReportInput>): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.keep');
  const year = new Date().getUTCFullYear();
  if (input.year > year) throw invalidField('year', `${input.year} has not begun; report a year up to ${year}`, 'out_of_range');
  await db.transaction().execute(async (trx) => {
    const replaced = await repo.saveAnnualReport(trx, {
      area_code: row.area_code,
      organization_id: id,
      ...input,
      summary: input.summary.trim(),
      submitted_at: new Date().toISOString(),
      submitted_by: actor.username,
    });
    await recordAudit(trx, ctx, { action: 'organization.annualReport', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { year: input.year, replaced } });
  });
  return detailOf(db, id);
}

export async function addCreditRecord(db: Db, ctx: RequestContext, id: string, input: Static<typeof CreditRecordInput>): Promise<OrganizationDetail> {
  const { actor, row } = await organizationFor(db, ctx, id, 'organizations.write');
  const p = dateProblem(input.date);
  if (p) throw invalidField('date', p);
  const record = {
    area_code: row.area_code,
    organization_id: id,
    id: newId(),
    kind: input.kind,
    date: input.date,
    title: input.title.trim(),
    detail: input.detail?.trim() || null,
    source: input.source?.trim() || null,
    at: new Date().toISOString(),
    user_id: actor.userId,
    username: actor.username,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertCreditRecords(trx, [record]);
    await recordAudit(trx, ctx, { action: 'organization.creditRecord', areaCode: row.area_code, targetType: 'organization', targetId: id, details: { kind: input.kind, date: input.date, title: record.title } });
  });
  return detailOf(db, id);
}

// ---- import ----

export interface ImportedRow {
  row: number;
  input: NewOrganization;
}

/**
 * Checks and writes imported rows: scope and every rule row by row (an out-of-scope row is a
 * problem of its row); all or nothing unless goodRowsOnly. One transaction.
 */
export async function importRows(
  db: Db,
  ctx: RequestContext,
  parsed: { rows: ImportedRow[]; problems: { row: number; field: string; column: string | null; problem: string }[]; dataRows: number },
  mode: 'allOrNothing' | 'goodRowsOnly',
  format: string,
) {
  const actor = requirePermission(ctx, 'organizations.write');
  const problems = [...parsed.problems];
  const good: { row: number; input: NewOrganization; checked: Checked }[] = [];
  const cache = new Map<string, AreaSummary | null>();
  const codes = new Map<string, number>();
  for (const { row, input } of parsed.rows) {
    let result: Awaited<ReturnType<typeof checkNew>>;
    try {
      result = await checkNew(db, actor, input, cache);
    } catch (e) {
      if (e instanceof AppError && e.statusCode === 403) {
        problems.push({ row, field: 'areaCode', column: null, problem: e.message });
        continue;
      }
      throw e;
    }
    const rowProblems = result.problems.map((p) => ({ row, field: p.field, column: null, problem: p.problem }));
    const code = result.checked.creditCode;
    if (code) {
      const other = await repo.findByCreditCode(db, code);
      if (other) rowProblems.push({ row, field: 'creditCode', column: null, problem: `credit code ${code} is already used by ${other.name}` });
      else if (codes.has(code)) rowProblems.push({ row, field: 'creditCode', column: null, problem: `credit code ${code} is also in row ${codes.get(code)}` });
      else codes.set(code, row);
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else good.push({ row, input, checked: result.checked });
  }
  problems.sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  const report = { mode, rows: parsed.dataRows, created: 0, rejected, problems, ids: [] as string[] };
  if (problems.length && mode === 'allOrNothing') {
    throw new AppError(400, 'import_rejected', `${rejected} of ${parsed.dataRows} rows have problems; nothing was imported (fix them, or import with mode=goodRowsOnly)`, report);
  }
  if (good.length) {
    const now = new Date().toISOString();
    const all = good.map((g) => rowsOf(g.input, g.checked, actor, { now }));
    await uniquely(null, () =>
      db.transaction().execute(async (trx) => {
        await insertAll(trx, all);
        for (const r of all) {
          await recordAudit(trx, ctx, {
            action: 'organization.create',
            areaCode: r.organization.area_code,
            targetType: 'organization',
            targetId: r.organization.id,
            details: { name: r.organization.name, management: r.organization.management, status: r.organization.status, via: 'import' },
          });
        }
        await recordAudit(trx, ctx, { action: 'organization.import', targetType: 'organization', details: { format, mode, rows: parsed.dataRows, created: all.length, rejected } });
      }),
    );
    recordsChanged(db, 'organizations');
    report.created = all.length;
    report.ids = all.map((r) => r.organization.id);
  }
  return report;
}

/** Who may import; checked before the file is read. */
export function authorizeImport(ctx: RequestContext): void {
  requirePermission(ctx, 'organizations.write');
}

/** For anyone logged in: the template holds no data. */
export function authorizeTemplate(ctx: RequestContext): void {
  requireActor(ctx);
}

// ---- the indicator: organizations per community ----

/**
 * Organizations serving each community on the window's day, counting those filed, registered or
 * active then. An organization serving n communities counts 1/n in each, so that an area's
 * numerator is the number of organizations serving it (one serving the whole township is not
 * counted once per village), and the per-community figure is organizations ÷ communities as
 * 民发〔2017〕191号 states its targets.
 */
export async function organizationsPerCommunity(db: Db, window: SourceWindow): Promise<CommunityCounts> {
  const [history, served] = await Promise.all([repo.statusHistoryBefore(db, window.to), repo.allServedCommunities(db)]);
  const statusOn = new Map<string, string>();
  for (const e of history) statusOn.set(e.organization_id, e.to_status);
  const counted = new Set(COUNTED_STATUSES as readonly string[]);
  const byOrg = new Map<string, string[]>();
  for (const s of served) {
    if (!counted.has(statusOn.get(s.organization_id) ?? '')) continue;
    const list = byOrg.get(s.organization_id) ?? [];
    list.push(s.area_code);
    byOrg.set(s.organization_id, list);
  }
  const counts = new Map<string, number>();
  for (const communities of byOrg.values()) {
    const share = 1 / communities.length;
    for (const c of communities) counts.set(c, (counts.get(c) ?? 0) + share);
  }
  return counts;
}

// ---- the demo seed ----

export interface SystemOrganization extends NewOrganization {
  history: { date: string; from: OrganizationStatus | null; to: OrganizationStatus; reason: string | null }[];
  ratings?: { score: number; ratedOn: string; assessor: string }[];
  incubation?: Incubation;
  creditRecords?: Static<typeof CreditRecordInput>[];
}

/** Creates organizations as the system (the demo seed): checked like any other, marked generated. */
export async function createOrganizationsAsSystem(db: Db, inputs: SystemOrganization[]): Promise<string[]> {
  const cache = new Map<string, AreaSummary | null>();
  const all: ReturnType<typeof rowsOf>[] = [];
  const ratings: OrganizationRatingsTable[] = [];
  const incubations: Parameters<typeof repo.insertIncubations>[1] = [];
  const records: Parameters<typeof repo.insertCreditRecords>[1] = [];
  const now = new Date().toISOString();
  const scales = new Map<string, RatingScale>();
  for (const input of inputs) {
    const { checked, problems } = await checkNew(db, null, { ...input, status: input.history.at(-1)!.to }, cache);
    if (problems.length) throw new Error(`organization ${input.name}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
    const rows = rowsOf(input, checked, { userId: null, username: null }, { generated: true, now, history: input.history });
    all.push(rows);
    const { area_code, id } = rows.organization;
    let scale = scales.get(area_code.slice(0, 6));
    if (!scale) {
      scale = await effectiveScale(db, area_code.slice(0, 6));
      scales.set(area_code.slice(0, 6), scale);
    }
    for (const r of input.ratings ?? []) {
      const grade = gradeFor(r.score, scale);
      if (!grade) throw new Error(`organization ${input.name}: score ${r.score} earns no grade`);
      ratings.push({
        area_code, organization_id: id, id: newId(), score: r.score, scale_max: scale.max, grade, assessor: r.assessor, rated_on: r.ratedOn,
        valid_until: ratingValidUntil(r.ratedOn), notes: null, appeal_state: null, appeal_reason: null, appeal_filed_on: null,
        appeal_decided_on: null, appeal_decision: null, original_score: null, at: now, user_id: null, username: null,
      });
    }
    if (input.incubation) {
      const i = input.incubation;
      incubations.push({
        area_code, organization_id: id, base: i.base, mentor: i.mentor, started_on: i.startedOn, planned_graduation: i.plannedGraduation,
        graduated_on: i.graduatedOn, milestones: JSON.stringify(i.milestones), notes: i.notes, updated_at: now,
      });
    }
    for (const c of input.creditRecords ?? []) {
      records.push({ area_code, organization_id: id, id: newId(), kind: c.kind, date: c.date, title: c.title, detail: c.detail ?? null, source: c.source ?? null, at: now, user_id: null, username: null });
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertAll(trx, all);
    await repo.insertRatings(trx, ratings);
    await repo.insertIncubations(trx, incubations);
    await repo.insertCreditRecords(trx, records);
  });
  recordsChanged(db, 'organizations');
  return all.map((r) => r.organization.id);
}

/** Links a member account to an organization as the system (the demo seed); false when there is no such account. */
export async function linkMemberAsSystem(db: Db, organizationId: string, username: string, position: string | null): Promise<boolean> {
  const row = await repo.findOrganization(db, organizationId);
  if (!row) throw new Error(`organization ${organizationId} does not exist`);
  const user = await repo.findUserByName(db, username);
  if (!user || user.role !== 'organizationMember') return false;
  await repo.insertMember(db, { area_code: row.area_code, organization_id: organizationId, user_id: user.id, position, added_at: new Date().toISOString(), added_by: null });
  return true;
}

/** Whether any organization is registered in or serves the area (the seed runs once). */
export async function hasOrganizations(db: Db, area: string): Promise<boolean> {
  const { total } = await repo.listOrganizations(db, { scope: area, day: today(), limit: 1 });
  return total > 0;
}

/**
 * Writes an event on an organization's credit record because another module's rule says so (the
 * linkage's award of a call, a project's final evaluation), inside the caller's transaction: the
 * caller has checked its own permission, so no organizations.write is asked of its actor.
 */
export async function recordCreditAsSystem(
  trx: Db,
  ctx: RequestContext,
  organizationId: string,
  input: Static<typeof CreditRecordInput>,
): Promise<void> {
  const row = await repo.findOrganization(trx, organizationId);
  if (!row) throw notFound('Organization', organizationId);
  const record = {
    area_code: row.area_code,
    organization_id: organizationId,
    id: newId(),
    kind: input.kind,
    date: input.date,
    title: input.title.trim(),
    detail: input.detail?.trim() || null,
    source: input.source?.trim() || null,
    at: new Date().toISOString(),
    user_id: ctx.actor?.userId ?? null,
    username: ctx.actor?.username ?? null,
  };
  await repo.insertCreditRecords(trx, [record]);
  await recordAudit(trx, ctx, { action: 'organization.creditRecord', areaCode: row.area_code, targetType: 'organization', targetId: organizationId, details: { kind: input.kind, date: input.date, title: record.title, source: record.source } });
}
