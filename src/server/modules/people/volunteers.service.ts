/**
 * Volunteers (志愿者) and their service records: registered by themselves (a user account) or by
 * staff (a registry person, or a name); hours claimed → verified or rejected by an organizer in
 * scope, never by the volunteer; only verified hours count, on the certificate and, where the
 * community runs a time bank, as credit in the volunteer's account.
 */
import { dateInChina, todayInChina } from '../../../engine/calendar/working-days.ts';
import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import { normalizeAreaCode, isWithinScope } from '../../../contracts/area-code.ts';
import type { Language } from '../../../contracts/language.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { renderPdf } from '../../files/pdf-report.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommunity } from '../areas/areas.service.ts';
import { searchModeOf, toSimplified } from '../areas/search-text.ts';
import { me } from '../accounts/accounts.service.ts';
import { nameInitials } from '../residents/name-initials.ts';
import { ownPerson, type ResidentsDeps } from '../residents/registry-access.ts';
import { loadReadable } from '../residents/persons.service.ts';
import * as repo from './volunteers.repository.ts';
import type { VolunteerRowWithArea } from './volunteers.repository.ts';
import * as timeBank from './time-bank.service.ts';
import { certificateDocument } from './volunteer-certificate.ts';
import { exportFile, FileProblem, headerOf, readVolunteerFile, rowsToVolunteers, templateFile, type VolunteerImportRow } from './volunteers-files.ts';
import type { FileFormat, FileOut } from '../../files/spreadsheet.ts';
import {
  toHours,
  toVolunteer,
  VOLUNTEER_LIMITS,
  type Account,
  type HoursDecision,
  type HoursFilterQuery,
  type HoursPage,
  type MyVolunteering,
  type NewHours,
  type NewVolunteer,
  type Volunteer,
  type VolunteerFilterQuery,
  type VolunteerHours,
  type VolunteerImportProblem,
  type VolunteerImportReport,
  type VolunteerPage,
  type VolunteerUpdate,
} from './volunteers.schema.ts';

/** Today as China has it: a phone dates the hours in China (as care's visits and the indicators do). */
const today = todayInChina;

function skillsOf(skills: string[] | undefined): string[] {
  return [...new Set((skills ?? []).map((s) => s.trim()).filter(Boolean))];
}

async function view(db: Db, row: VolunteerRowWithArea): Promise<Volunteer> {
  const minutes = await repo.minutesOf(db, [{ areaCode: row.area_code, id: row.id }]);
  return toVolunteer(row, minutes.get(row.id));
}

/** The areas a volunteer serves: the community by default; each must lie in the registrar's scope. */
function serviceAreasOf(actor: Actor, communityCode: string, raw: string[] | undefined): string[] {
  const out: string[] = [];
  for (const [i, code] of (raw ?? []).entries()) {
    const normalized = normalizeAreaCode(code);
    if (!normalized) throw invalidField(`serviceAreas.${i}`, 'is not a division code (2, 4, 6, 9 or 12 digits)', 'invalid_format');
    if (!isWithinScope(normalized, actor.scope) && !isWithinScope(communityCode, normalized)) {
      throw invalidField(`serviceAreas.${i}`, `${normalized} lies outside your scope`, 'not_in_scope');
    }
    if (!out.includes(normalized)) out.push(normalized);
  }
  return out.length ? out : [communityCode];
}

async function communityOf(db: Db, code: string, field: string): Promise<string> {
  const found = await findCommunity(db, code);
  if (!found.area) throw invalidField(field, found.problem ?? 'is not a community', found.problem?.includes('does not exist') ? 'unknown_reference' : 'invalid_format');
  return found.area.code;
}

async function insertVolunteer(
  db: Db,
  ctx: RequestContext,
  fields: { areaCode: string; name: string; userId: string | null; personId: string | null; input: NewVolunteer; actor: Actor },
): Promise<Volunteer> {
  const { areaCode, name, input, actor } = fields;
  const id = newId();
  const availability = input.availability?.trim() || null;
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertVolunteer(trx, {
        area_code: areaCode,
        id,
        name,
        name_initials: nameInitials(name),
        name_simplified: toSimplified(name),
        user_id: fields.userId,
        person_id: fields.personId,
        skills: JSON.stringify(skillsOf(input.skills)),
        availability,
        service_areas: JSON.stringify(serviceAreasOf(actor, areaCode, input.serviceAreas)),
        generated: false,
        created_at: new Date().toISOString(),
        created_by: actor.userId,
      });
      await recordAudit(trx, ctx, { action: 'volunteer.register', areaCode, targetType: 'volunteer', targetId: id, details: { self: fields.userId === actor.userId, personId: fields.personId } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(fields.personId ? `Person ${fields.personId} is a volunteer already` : 'You are registered as a volunteer already', { reason: 'duplicate' });
    throw error;
  }
  recordsChanged(db, 'volunteers');
  return view(db, (await repo.findVolunteer(db, id))!);
}

// ---- registration ----

/** Staff register a volunteer: a registry person of their scope, or someone by name. */
export async function registerVolunteer(db: Db, residents: ResidentsDeps, ctx: RequestContext, input: NewVolunteer): Promise<Volunteer> {
  const actor = requirePermission(ctx, 'volunteers.write');
  if (input.self) throw invalidField('self', 'register yourself with POST /volunteers/me', 'not_allowed');
  let areaCode: string;
  let name: string;
  let personId: string | null = null;
  if (input.personId) {
    const person = await loadReadable(residents, actor, input.personId);
    areaCode = person.area_code;
    name = person.name;
    personId = person.id;
    if (input.areaCode && normalizeAreaCode(input.areaCode) !== areaCode) throw invalidField('areaCode', `the person is registered in ${areaCode}`, 'inconsistent');
  } else {
    if (!input.areaCode) throw invalidField('areaCode', 'is required: the community the volunteer serves in', 'required');
    requireScope(actor, input.areaCode);
    areaCode = await communityOf(db, input.areaCode, 'areaCode');
    name = input.name?.trim() ?? '';
    if (!name) throw invalidField('name', 'is required when no registry person is named', 'required');
  }
  requireScope(actor, areaCode);
  if (personId && (await repo.findVolunteerByPerson(db, areaCode, personId))) throw conflict(`Person ${personId} is a volunteer already`, { reason: 'duplicate' });
  return insertVolunteer(db, ctx, { areaCode, name, userId: null, personId, input, actor });
}

/**
 * Anyone registers themselves: a resident in their village (linked to their registry record
 * when they have one), staff in a community of their scope they name.
 */
export async function registerSelf(db: Db, ctx: RequestContext, input: NewVolunteer): Promise<Volunteer> {
  const actor = requirePermission(ctx, 'volunteers.self');
  if (input.personId) throw invalidField('personId', 'you register yourself; staff register registry persons', 'not_allowed');
  if (await repo.findVolunteerByUser(db, actor.userId)) throw conflict('You are registered as a volunteer already', { reason: 'duplicate' });
  let person: { id: string; name: string; area_code: string } | null = null;
  if (actor.role === 'resident') {
    try {
      person = await ownPerson(db, actor);
    } catch {
      person = null;
    }
  }
  const raw = input.areaCode ?? (actor.scope.length === 12 ? actor.scope : person?.area_code);
  if (!raw) throw invalidField('areaCode', 'is required: the community you serve in', 'required');
  if (!isWithinScope(raw, actor.scope)) throw invalidField('areaCode', `${raw} lies outside your scope`, 'not_in_scope');
  const areaCode = await communityOf(db, raw, 'areaCode');
  const user = await me(db, ctx);
  const name = person?.name ?? (input.name?.trim() || user.displayName);
  return insertVolunteer(db, ctx, { areaCode, name, userId: actor.userId, personId: person && person.area_code === areaCode ? person.id : null, input, actor });
}

// ---- reads ----

export async function listVolunteers(db: Db, ctx: RequestContext, q: VolunteerFilterQuery): Promise<VolunteerPage> {
  const actor = requirePermission(ctx, 'volunteers.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['areaCode', 'uuid']);
  const text = q.q?.trim();
  const { rows, total } = await repo.listVolunteers(db, {
    scope,
    search: text ? searchModeOf(text) : undefined,
    skill: q.skill?.trim() || undefined,
    status: q.status,
    pending: q.pending,
    after: after ? { areaCode: after[0]!, id: after[1]! } : undefined,
    limit,
  });
  const minutes = await repo.minutesOf(db, rows.map((r) => ({ areaCode: r.area_code, id: r.id })));
  const last = rows.at(-1);
  return { items: rows.map((r) => toVolunteer(r, minutes.get(r.id))), total, nextCursor: rows.length === limit && last ? encodeCursor([last.area_code, last.id]) : null };
}

async function volunteerInScope(db: Db, actor: Actor, id: string): Promise<VolunteerRowWithArea> {
  const row = await repo.findVolunteer(db, id);
  if (!row) throw notFound('Volunteer', id);
  requireScope(actor, row.area_code);
  return row;
}

/** Before the body is read: the actor may write for this volunteer (404 unknown, 403 out of scope). */
export async function authorizeVolunteerWrite(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await volunteerInScope(db, requirePermission(ctx, 'volunteers.write'), id);
}

export async function getVolunteer(db: Db, ctx: RequestContext, id: string): Promise<Volunteer> {
  const actor = requirePermission(ctx, 'volunteers.read');
  return view(db, await volunteerInScope(db, actor, id));
}

export async function listHours(db: Db, ctx: RequestContext, q: HoursFilterQuery & { volunteerId?: string }): Promise<HoursPage> {
  const actor = requirePermission(ctx, 'volunteers.read');
  let scope = scopedArea(actor, q.area);
  if (q.volunteerId) scope = (await volunteerInScope(db, actor, q.volunteerId)).area_code;
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['uuid'])?.[0];
  const { rows, total } = await repo.listHours(db, { scope, volunteerId: q.volunteerId, state: q.state, before, limit });
  return { items: rows.map(toHours), total, nextCursor: rows.length === limit ? encodeCursor([rows.at(-1)!.id]) : null };
}

export async function myVolunteering(db: Db, ctx: RequestContext): Promise<MyVolunteering> {
  const actor = requirePermission(ctx, 'volunteers.self');
  const row = await repo.findVolunteerByUser(db, actor.userId);
  const mine = await timeBank.myTimeBank(db, ctx);
  if (!row) return { volunteer: null, hours: [], ...mine };
  const { rows } = await repo.listHours(db, { scope: row.area_code, volunteerId: row.id, limit: 100 });
  return { volunteer: await view(db, row), hours: rows.map(toHours), ...mine };
}

// ---- hours ----

function hoursProblems(input: NewHours): void {
  const parsed = new Date(`${input.serviceDate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== input.serviceDate) throw invalidField('serviceDate', 'is not a calendar date', 'invalid_format');
  if (input.serviceDate > today()) throw invalidField('serviceDate', 'is in the future', 'out_of_range');
  const earliest = dateInChina(Date.now() - VOLUNTEER_LIMITS.claimDaysBackMax * 86_400_000);
  if (input.serviceDate < earliest) throw invalidField('serviceDate', `is more than ${VOLUNTEER_LIMITS.claimDaysBackMax} days ago`, 'out_of_range');
  if (!input.activity.trim()) throw invalidField('activity', 'must not be blank', 'required');
}

async function claim(db: Db, ctx: RequestContext, actor: Actor, volunteer: VolunteerRowWithArea, input: NewHours): Promise<VolunteerHours> {
  hoursProblems(input);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertHours(trx, [
      {
        area_code: volunteer.area_code,
        id,
        volunteer_id: volunteer.id,
        service_date: input.serviceDate,
        minutes: input.minutes,
        activity: input.activity.trim(),
        state: 'claimed',
        claimed_at: new Date().toISOString(),
        claimed_by: actor.userId,
        decided_at: null,
        decided_by: null,
        decided_by_name: null,
        reason: null,
        transfer_id: null,
        generated: false,
      },
    ]);
    await recordAudit(trx, ctx, { action: 'volunteer.hours.claim', areaCode: volunteer.area_code, targetType: 'volunteerHours', targetId: id, details: { volunteerId: volunteer.id, minutes: input.minutes, serviceDate: input.serviceDate } });
  });
  recordsChanged(db, 'volunteers');
  return toHours((await repo.findHours(db, id))!);
}

export async function claimOwnHours(db: Db, ctx: RequestContext, input: NewHours): Promise<VolunteerHours> {
  const actor = requirePermission(ctx, 'volunteers.self');
  const row = await repo.findVolunteerByUser(db, actor.userId);
  if (!row) throw conflict('Register as a volunteer before claiming hours', { reason: 'notVolunteer' });
  return claim(db, ctx, actor, row, input);
}

export async function recordHours(db: Db, ctx: RequestContext, volunteerId: string, input: NewHours): Promise<VolunteerHours> {
  const actor = requirePermission(ctx, 'volunteers.write');
  return claim(db, ctx, actor, await volunteerInScope(db, actor, volunteerId), input);
}

async function hoursInScope(db: Db, actor: Actor, id: string) {
  const row = await repo.findHours(db, id);
  if (!row) throw notFound('Service record', id);
  requireScope(actor, row.area_code);
  return row;
}

/** Before the body is read: the actor may decide these hours (404 unknown, 403 out of scope or their own). */
export async function authorizeDecision(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'volunteers.verify');
  const row = await hoursInScope(db, actor, id);
  await refuseOwnHours(db, actor, row.area_code, row.volunteer_id);
}

async function refuseOwnHours(db: Db, actor: Actor, areaCode: string, volunteerId: string) {
  const volunteer = await repo.findVolunteer(db, volunteerId);
  if (volunteer && volunteer.area_code === areaCode && volunteer.user_id === actor.userId) {
    throw forbidden('Nobody verifies their own hours', { reason: 'ownHours' });
  }
  return volunteer!;
}

/** An organizer in scope verifies (counted, credited to the time bank where there is one) or rejects claimed hours. */
export async function decideHours(db: Db, ctx: RequestContext, id: string, input: HoursDecision): Promise<VolunteerHours> {
  const actor = requirePermission(ctx, 'volunteers.verify');
  const row = await hoursInScope(db, actor, id);
  const volunteer = await refuseOwnHours(db, actor, row.area_code, row.volunteer_id);
  if (row.state !== 'claimed') throw conflict(`These hours were ${row.state} already`, { state: row.state });
  const reason = input.reason?.trim() || null;
  if (input.decision === 'rejected' && !reason) throw invalidField('reason', 'say why the hours are rejected', 'required');
  const user = await me(db, ctx);
  await timeBank.retryOnConflict(() =>
    db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const decided = await repo.decideHours(trx, row.area_code, id, { state: input.decision, decided_at: now, decided_by: actor.userId, decided_by_name: user.displayName, reason });
      if (!decided) throw conflict('These hours were decided meanwhile');
      let transferId: string | null = null;
      if (input.decision === 'verified') {
        transferId = await timeBank.creditVolunteerHours(trx, row, volunteer, actor.userId);
        if (transferId) await repo.setHoursTransfer(trx, row.area_code, id, transferId);
      }
      await recordAudit(trx, ctx, {
        action: input.decision === 'verified' ? 'volunteer.hours.verify' : 'volunteer.hours.reject',
        areaCode: row.area_code,
        targetType: 'volunteerHours',
        targetId: id,
        details: { volunteerId: row.volunteer_id, minutes: row.minutes, credited: transferId !== null, reason },
      });
    }),
  );
  recordsChanged(db, 'volunteers');
  return toHours((await repo.findHours(db, id))!);
}

// ---- certificate and account ----

async function certificateOf(db: Db, row: VolunteerRowWithArea, language: Language): Promise<{ body: Buffer; filename: string }> {
  const records = await repo.verifiedHours(db, row.area_code, row.id);
  const body = await renderPdf(
    certificateDocument(
      {
        name: row.name,
        community: row.area_name ? `${row.area_name}（${row.area_code}）` : row.area_code,
        generated: Boolean(row.generated),
        records: records.map((r) => ({ date: r.service_date, activity: r.activity, minutes: r.minutes, verifiedBy: r.decided_by_name })),
        issuedOn: today(),
      },
      language,
    ),
  );
  return { body, filename: `linli-volunteer-hours-${row.id}.pdf` };
}

export async function certificate(db: Db, ctx: RequestContext, id: string, language: Language): Promise<{ body: Buffer; filename: string }> {
  const actor = requirePermission(ctx, 'volunteers.read');
  const row = await volunteerInScope(db, actor, id);
  await recordAudit(db, ctx, { action: 'volunteer.certificate', areaCode: row.area_code, targetType: 'volunteer', targetId: id });
  return certificateOf(db, row, language);
}

export async function myCertificate(db: Db, ctx: RequestContext, language: Language): Promise<{ body: Buffer; filename: string }> {
  const actor = requirePermission(ctx, 'volunteers.self');
  const row = await repo.findVolunteerByUser(db, actor.userId);
  if (!row) throw notFound('Volunteer record of user', actor.username);
  return certificateOf(db, row, language);
}

/** Opens a volunteer's account in their community's time bank (staff). */
export async function openAccount(db: Db, ctx: RequestContext, volunteerId: string): Promise<Account> {
  const actor = requirePermission(ctx, 'timeBank.manage');
  const row = await repo.findVolunteer(db, volunteerId);
  if (!row) throw invalidField('volunteerId', `volunteer ${volunteerId} does not exist`, 'unknown_reference');
  requireScope(actor, row.area_code);
  return timeBank.openAccountFor(db, ctx, row);
}

/** Joins the time bank of one's community, as the volunteer one is when registered. */
export async function joinTimeBank(db: Db, ctx: RequestContext) {
  const actor = requirePermission(ctx, 'timeBank.use');
  const volunteer = await repo.findVolunteerByUser(db, actor.userId);
  const name = volunteer?.name ?? (await me(db, ctx)).displayName;
  return timeBank.join(db, ctx, { name, volunteerId: volunteer?.id ?? null, areaCode: volunteer?.area_code ?? null });
}

// ---- staff edit ----

/** Staff edit a volunteer in scope: skills, availability, the areas served, status. Audited with what changed. */
export async function updateVolunteer(db: Db, ctx: RequestContext, id: string, input: VolunteerUpdate): Promise<Volunteer> {
  const actor = requirePermission(ctx, 'volunteers.write');
  const row = await volunteerInScope(db, actor, id);
  const changes: Parameters<typeof repo.updateVolunteer>[3] = { updated_at: new Date().toISOString(), updated_by: actor.userId };
  if (input.skills !== undefined) changes.skills = JSON.stringify(skillsOf(input.skills));
  if (input.availability !== undefined) changes.availability = input.availability.trim() || null;
  if (input.serviceAreas !== undefined) changes.service_areas = JSON.stringify(serviceAreasOf(actor, row.area_code, input.serviceAreas));
  if (input.status !== undefined) changes.status = input.status;
  await db.transaction().execute(async (trx) => {
    await repo.updateVolunteer(trx, row.area_code, id, changes);
    await recordAudit(trx, ctx, {
      action: 'volunteer.update',
      areaCode: row.area_code,
      targetType: 'volunteer',
      targetId: id,
      details: { fields: Object.keys(input), ...(input.status && input.status !== row.status ? { status: { from: row.status, to: input.status } } : {}) },
    });
  });
  recordsChanged(db, 'volunteers');
  return view(db, (await repo.findVolunteer(db, id))!);
}

// ---- import and export (the file side is volunteers-files.ts) ----

/** Who may import; checked by the route before the file is read (and again below). */
export function authorizeImport(ctx: RequestContext): void {
  requirePermission(ctx, 'volunteers.write');
}

export function importTemplate(ctx: RequestContext, format: FileFormat): Promise<FileOut> {
  requirePermission(ctx, 'volunteers.write');
  return templateFile(format);
}

/** Row problems the database decides: the community exists and lies in scope, and so do the areas served. */
async function checkImportRows(db: Db, actor: Actor, rows: VolunteerImportRow[]): Promise<VolunteerImportProblem[]> {
  const problems: VolunteerImportProblem[] = [];
  const communities = new Map<string, string | null>();
  for (const { row, input } of rows) {
    if (!isWithinScope(input.areaCode, actor.scope)) {
      problems.push({ row, field: 'areaCode', column: headerOf('areaCode'), problem: `area ${input.areaCode} is outside your scope ${actor.scope}`, code: 'not_in_scope', params: { code: input.areaCode } });
      continue;
    }
    if (!communities.has(input.areaCode)) communities.set(input.areaCode, (await findCommunity(db, input.areaCode)).area?.code ?? null);
    if (!communities.get(input.areaCode)) {
      problems.push({ row, field: 'areaCode', column: headerOf('areaCode'), problem: `community ${input.areaCode} does not exist`, code: 'unknown_reference', params: { code: input.areaCode } });
      continue;
    }
    for (const code of input.serviceAreas) {
      const normalized = normalizeAreaCode(code);
      if (!normalized) problems.push({ row, field: 'serviceAreas', column: headerOf('serviceAreas'), problem: `"${code}" is not a division code`, code: 'invalid_format', params: { value: code } });
      else if (!isWithinScope(normalized, actor.scope) && !isWithinScope(input.areaCode, normalized)) {
        problems.push({ row, field: 'serviceAreas', column: headerOf('serviceAreas'), problem: `${normalized} lies outside your scope`, code: 'not_in_scope', params: { code: normalized } });
      }
    }
  }
  return problems;
}

/**
 * Imports volunteers from an XLSX or CSV file, all or nothing: every row is checked first and one
 * bad row rejects the file (400 import_rejected naming each row's problems by code; nothing
 * written). mode=check is the preview: the same report, nothing written, 200. The writes are one
 * transaction with their audit entry.
 */
export async function importVolunteers(db: Db, ctx: RequestContext, file: { body: Buffer; format: FileFormat; mode: VolunteerImportReport['mode'] }): Promise<VolunteerImportReport> {
  const actor = requirePermission(ctx, 'volunteers.write');
  let parsed: ReturnType<typeof rowsToVolunteers>;
  try {
    parsed = rowsToVolunteers(await readVolunteerFile(file.body, file.format));
  } catch (e) {
    if (e instanceof FileProblem) throw invalidField('file', e.message);
    throw e;
  }
  if (parsed.dataRows === 0) throw invalidField('file', 'has no rows below the header', 'required');
  const problems = [...parsed.problems, ...(await checkImportRows(db, actor, parsed.rows))].sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  const report: VolunteerImportReport = { mode: file.mode, rows: parsed.dataRows, created: 0, rejected, problems, ids: [] };
  if (problems.length) {
    throw new AppError(400, 'import_rejected', `${rejected} of ${parsed.dataRows} rows have problems; nothing was imported`, report);
  }
  if (file.mode === 'check') return report;
  const now = new Date().toISOString();
  const rows = parsed.rows.map(({ input }) => ({
    area_code: input.areaCode,
    id: newId(),
    name: input.name,
    name_initials: nameInitials(input.name),
    name_simplified: toSimplified(input.name),
    user_id: null,
    person_id: null,
    skills: JSON.stringify(input.skills),
    availability: input.availability,
    service_areas: JSON.stringify(input.serviceAreas.length ? input.serviceAreas.map((c) => normalizeAreaCode(c)!) : [input.areaCode]),
    status: input.status,
    generated: false,
    created_at: now,
    created_by: actor.userId,
  }));
  await db.transaction().execute(async (trx) => {
    await repo.insertVolunteers(trx, rows);
    await recordAudit(trx, ctx, { action: 'volunteer.import', areaCode: actor.scope, targetType: 'volunteer', details: { format: file.format, rows: rows.length } });
  });
  recordsChanged(db, 'volunteers');
  return { ...report, created: rows.length, ids: rows.map((r) => r.id) };
}

/** The most volunteers one export holds. */
const EXPORT_MAX = 50_000;

/** The filtered list in scope as XLSX or CSV; audited. */
export async function exportVolunteers(db: Db, ctx: RequestContext, q: VolunteerFilterQuery, format: FileFormat): Promise<FileOut> {
  const actor = requirePermission(ctx, 'volunteers.read');
  const page = await listVolunteers(db, ctx, { ...q, limit: 500, cursor: undefined });
  const items = [...page.items];
  let cursor = page.nextCursor;
  while (cursor && items.length < EXPORT_MAX) {
    const next = await listVolunteers(db, ctx, { ...q, limit: 500, cursor });
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  await recordAudit(db, ctx, { action: 'volunteer.export', areaCode: scopedArea(actor, q.area), targetType: 'volunteer', details: { rows: items.length, format, filter: { ...q, q: q.q ? '***' : undefined } } });
  return exportFile(items, format, today().replace(/-/g, ''));
}
