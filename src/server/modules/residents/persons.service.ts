/** Persons: reading (one, a list or search, a history, an export) and writing a person's record. */
import { newId as uuidv7 } from '../../db/ids.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Db } from '../../db/database.ts';
import type { NewPersonRow, PersonUpdate } from '../../db/schema.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { PERSONAL_DATA_REVEALERS, REGISTRY_WRITERS, type LeftBehindKind } from '../../../contracts/residents.ts';
import { requireRole, requireScope, type Actor, scopedArea, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { READ_IDS_MAX, recordAudit, recordRead } from '../audit/audit.service.ts';
import { queryRecord, searchOf } from './read-audit.ts';
import { differences, resolvePerson } from '../../../engine/residents/person-rules.ts';
import { areaNamePath, findCommunity } from '../areas/areas.service.ts';
import * as repo from './residents.repository.ts';
import { recomputeHousehold, today } from './left-behind.service.ts';
import {
  columnsOf,
  toPerson,
  toPersonEvent,
  type NewPerson,
  type Person,
  type PersonChanges,
  type PersonDetail,
  type PersonEvent,
  type PersonFilter,
  type PersonRowWithArea,
  valuesOf,
} from './residents.schema.ts';
import {
  mayReveal,
  requireRegistryAccess,
  ownPerson,
  residentMaySee,
  encodeCursor,
  decodeCursor,
  throwFirst,
  personEvent,
  type ResidentsDeps,
  type PageOf,
} from './registry-access.ts';

// ---- reads ----

export async function personDetail(deps: ResidentsDeps, row: PersonRowWithArea, reveal: boolean): Promise<PersonDetail> {
  const [flags, hukouAreaPath] = await Promise.all([
    repo.flagsOfPersons(deps.handle.db, row.area_code, [row.id]),
    row.hukou_area_code ? areaNamePath(deps.handle.db, row.hukou_area_code) : null,
  ]);
  return {
    ...toPerson(row, deps.cipher, reveal, today()),
    hukouAreaPath,
    leftBehind: flags.map((f) => ({ id: f.id, kind: f.kind as LeftBehindKind, status: f.status as PersonDetail['leftBehind'][number]['status'], applies: Boolean(f.applies), reason: f.reason })),
  };
}

/** A person the actor may read: 404 when there is none, 403 outside their scope or household. */
export async function loadReadable(deps: ResidentsDeps, actor: Actor, id: string): Promise<PersonRowWithArea> {
  const row = await repo.findPerson(deps.handle.db, id);
  if (!row) throw notFound('Person', id);
  if (actor.role === 'resident') {
    if (!(await residentMaySee(deps.handle.db, actor, row))) throw forbidden('Residents see only themselves and their household', { reason: 'ownHousehold' });
  } else requireScope(actor, row.area_code);
  return row;
}

export async function getPerson(deps: ResidentsDeps, ctx: RequestContext, id: string, options: { reveal?: boolean } = {}): Promise<PersonDetail> {
  const actor = requireRegistryAccess(ctx);
  if (options.reveal && !mayReveal(actor)) {
    throw forbidden(`Role ${actor.role} may not see full ID and phone numbers`, { requiredRoles: PERSONAL_DATA_REVEALERS, reason: 'personalData' });
  }
  const row = await loadReadable(deps, actor, id);
  if (options.reveal) {
    // The full numbers leave only once the read is on record.
    await recordAudit(deps.handle.db, ctx, {
      action: 'person.reveal',
      areaCode: row.area_code,
      targetType: 'person',
      targetId: row.id,
      details: { fields: ['idNumber', 'phone', 'residencePermitNumber'].filter((_, i) => [row.id_number_cipher, row.phone_cipher, row.residence_permit_cipher][i] !== null) },
    });
  } else {
    await recordRead(deps.handle.db, ctx, { action: 'person.read', areaCode: row.area_code, targetType: 'person', targetId: row.id, ids: [row.id] });
  }
  return personDetail(deps, row, Boolean(options.reveal));
}

export async function personHistory(deps: ResidentsDeps, ctx: RequestContext, id: string): Promise<PageOf<PersonEvent>> {
  const actor = requireRegistryAccess(ctx);
  const row = await loadReadable(deps, actor, id);
  const events = await repo.listEvents(deps.handle.db, row.area_code, row.id);
  await recordRead(deps.handle.db, ctx, { action: 'person.read_history', areaCode: row.area_code, targetType: 'person', targetId: row.id, ids: [row.id] });
  return { items: events.map(toPersonEvent), total: events.length, nextCursor: null };
}

export interface PersonListQuery extends PersonFilter {
  limit?: number;
  cursor?: string;
}

/** Turns the API filter into the repository's: ages become birth-date bounds, q becomes a search. */
function listFilter(deps: ResidentsDeps, scope: string, q: PersonFilter): Omit<repo.PersonListFilter, 'limit'> {
  const now = today();
  const yearsAgo = (years: number) => `${String(Number(now.slice(0, 4)) - years).padStart(4, '0')}${now.slice(4)}`;
  if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMin > q.ageMax) throw invalidField('ageMin', 'is more than ageMax');
  const f: Omit<repo.PersonListFilter, 'limit'> = {
    scope,
    householdId: q.householdId,
    sex: q.sex,
    status: q.status,
    migrantWorker: q.migrantWorker,
    hardship: q.hardship,
    disabled: q.disabled,
    ...(q.flag === 'livingAlone' ? { livingAlone: true } : q.flag ? { flag: q.flag } : {}),
    ...(q.ageMin !== undefined ? { bornOnOrBefore: yearsAgo(q.ageMin) } : {}),
    ...(q.ageMax !== undefined ? { bornAfter: yearsAgo(q.ageMax + 1) } : {}),
  };
  const search = searchOf(q.q);
  if (search?.field === 'idNumber') f.idNumberHash = deps.cipher.lookupHash('idNumber', search.value);
  else if (search?.field === 'phone') f.phoneHash = deps.cipher.lookupHash('phone', search.value);
  else if (search?.field === 'initials') f.initialsPrefix = search.value;
  else if (search?.field === 'name') f.namePrefix = search.value;
  return f;
}

export async function listPersons(deps: ResidentsDeps, ctx: RequestContext, q: PersonListQuery): Promise<PageOf<Person>> {
  const actor = requireRegistryAccess(ctx);
  const db = deps.handle.db;
  let filter: Omit<repo.PersonListFilter, 'limit'>;
  if (actor.role === 'resident') {
    const own = await ownPerson(db, actor);
    // A resident's list is their household (or only themselves without one), whatever else is asked.
    if (!own.household_id) {
      await recordRead(db, ctx, { action: 'person.read_list', areaCode: own.area_code, targetType: 'person', ids: [own.id], total: 1 });
      return { items: [toPerson(own, deps.cipher, false, today())], total: 1, nextCursor: null };
    }
    filter = { ...listFilter(deps, own.area_code, { ...q, area: undefined }), householdId: own.household_id };
  } else {
    filter = listFilter(deps, scopedArea(actor, q.area), q);
  }
  const limit = q.limit ?? 50;
  const { rows, total } = await repo.listPersons(db, { ...filter, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit });
  await recordRead(db, ctx, {
    action: 'person.read_list',
    areaCode: filter.scope,
    targetType: 'person',
    ids: rows.map((r) => r.id),
    total,
    query: queryRecord(deps.cipher, { ...q }),
  });
  const now = today();
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toPerson(r, deps.cipher, false, now)),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor(last.area_code, last.id) : null,
  };
}

/**
 * The persons of the actor's scope changed after a position ([updatedAt, id]) and at or before
 * `until`, oldest change first, masked as the list shows them: what an offline device pulls
 * (src/server/modules/sync). One audit entry per page, as for a list.
 */
export async function personsChangedSince(
  deps: ResidentsDeps,
  ctx: RequestContext,
  after: [string, string] | undefined,
  until: string,
  limit: number,
): Promise<{ persons: Person[]; last: [string, string] | undefined }> {
  const actor = requireRegistryAccess(ctx);
  if (actor.role === 'resident') throw forbidden('A resident does not sync the registry', { reason: 'role' });
  const rows = await repo.personsChangedAfter(deps.handle.db, actor.scope, after, until, limit);
  if (rows.length) await recordRead(deps.handle.db, ctx, { action: 'person.read_sync', areaCode: actor.scope, targetType: 'person', ids: rows.map((r) => r.id) });
  const now = today();
  const last = rows.at(-1);
  return { persons: rows.map((r) => toPerson(r, deps.cipher, false, now)), last: last ? [last.updated_at, last.id] : undefined };
}

/** Which of these persons lie within the actor's scope now (a tombstone for one that moved within it is no removal). */
export async function personsInScope(deps: ResidentsDeps, ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
  const actor = requireRegistryAccess(ctx);
  return new Set(await repo.personIdsWithin(deps.handle.db, actor.scope, ids));
}

/**
 * Every person the filters match (up to the export limit), masked unless `reveal` is asked by a
 * role that may see full numbers; a revealed export is audited with its row count.
 */
export async function personsForExport(deps: ResidentsDeps, ctx: RequestContext, q: PersonFilter, reveal: boolean, max: number): Promise<{ persons: Person[]; households: Map<string, { number: string | null; address: string; hukou: boolean }> }> {
  const actor = requireRegistryAccess(ctx);
  if (reveal && !mayReveal(actor)) throw forbidden(`Role ${actor.role} may not export full ID and phone numbers`, { reason: 'personalData' });
  let filter: Omit<repo.PersonListFilter, 'limit'>;
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.handle.db, actor);
    filter = own.household_id ? { scope: own.area_code, householdId: own.household_id } : { scope: own.area_code, householdId: '\u0000none' };
  } else filter = listFilter(deps, scopedArea(actor, q.area), q);
  const { rows, total } = await repo.listPersons(deps.handle.db, { ...filter, limit: max });
  if (total > max) throw new AppError(400, 'bad_request', `${total} persons match; an export holds at most ${max}: narrow the filters`);
  // One entry for the whole file; a search by ID or phone number is kept masked and hashed, never as typed.
  const query = queryRecord(deps.cipher, { ...q });
  if (reveal) {
    await recordAudit(deps.handle.db, ctx, { action: 'person.export_revealed', areaCode: filter.scope, targetType: 'person', details: { rows: rows.length, filter: query, ids: rows.slice(0, READ_IDS_MAX).map((r) => r.id) } });
  } else {
    await recordRead(deps.handle.db, ctx, { action: 'person.read_export', areaCode: filter.scope, targetType: 'person', ids: rows.map((r) => r.id), total, query });
  }
  const households = new Map<string, { number: string | null; address: string; hukou: boolean }>();
  const householdIds = [...new Set(rows.map((r) => r.household_id).filter((h): h is string => h !== null))];
  for (const h of await repo.householdsByIds(deps.handle.db, householdIds)) households.set(h.id, { number: h.number, address: h.address, hukou: Boolean(h.hukou) });
  const now = today();
  return { persons: rows.map((r) => toPerson(r, deps.cipher, reveal, now)), households };
}

// ---- person writes ----

export async function loadWritable(deps: ResidentsDeps, actor: Actor, id: string): Promise<PersonRowWithArea> {
  const row = await repo.findPerson(deps.handle.db, id);
  if (!row) throw notFound('Person', id);
  requireScope(actor, row.area_code);
  return row;
}

async function loadHouseholdInScope(db: Db, actor: Actor, id: string, field = 'householdId') {
  const h = await repo.findHousehold(db, id);
  if (!h) throw invalidField(field, `household ${id} does not exist`, 'unknown_reference');
  requireScope(actor, h.area_code);
  return h;
}

function duplicateIdNumber(): AppError {
  return conflict('A person with this ID number is already on record', { field: 'idNumber' });
}

export async function createPerson(deps: ResidentsDeps, ctx: RequestContext, input: NewPerson): Promise<PersonDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  let areaCode: string;
  let household: Awaited<ReturnType<typeof repo.findHousehold>> | undefined;
  if (input.householdId) {
    household = await loadHouseholdInScope(db, actor, input.householdId);
    areaCode = household.area_code;
    if (input.areaCode && input.areaCode !== areaCode) throw invalidField('areaCode', `differs from the household’s community ${areaCode}`);
  } else {
    if (!input.areaCode) throw invalidField('areaCode', 'is required when no householdId is given');
    const code = normalizeAreaCode(input.areaCode);
    if (code) requireScope(actor, code);
    const c = await findCommunity(db, input.areaCode);
    if (c.problem) throw invalidField('areaCode', c.problem);
    areaCode = c.area!.code;
  }
  const { householdId: _h, areaCode: _a, ...fields } = input;
  const { values, problems } = resolvePerson(fields, null, today());
  throwFirst(problems);
  const v = values!;
  if (v.relation === 'head' && !household) throw invalidField('relation', 'a household head needs a household (householdId)');
  if (v.relation === 'head' && household?.head_person_id) throw invalidField('relation', `household ${household.id} already has a head`);
  if (v.idNumber && (await repo.findPersonByIdNumberHash(db, deps.cipher.lookupHash('idNumber', v.idNumber)))) throw duplicateIdNumber();
  const id = uuidv7();
  const now = new Date().toISOString();
  const row: NewPersonRow = {
    area_code: areaCode,
    id,
    household_id: household?.id ?? null,
    ...columnsOf(v, deps.cipher),
    user_id: null,
    generated: false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertPerson(trx, row);
      await repo.insertEvents(trx, [personEvent(areaCode, id, actor, 'create', differences(null, v), now)]);
      if (household && v.relation === 'head') await repo.setHead(trx, areaCode, household.id, id, now);
      if (household) await recomputeHousehold(deps.handle, trx, areaCode, household.id);
      await recordAudit(trx, ctx, { action: 'person.create', areaCode, targetType: 'person', targetId: id, details: { householdId: household?.id ?? null } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateIdNumber();
    throw e;
  }
  return personDetail(deps, (await repo.findPerson(db, id))!, false);
}

export async function updatePerson(deps: ResidentsDeps, ctx: RequestContext, id: string, input: PersonChanges): Promise<PersonDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const row = await loadWritable(deps, actor, id);
  if (input.version !== row.version) {
    throw conflict(`Person ${id} has changed since you read it (version ${input.version}, now ${row.version}); reload and try again`, { currentVersion: row.version });
  }
  const before = valuesOf(row, deps.cipher);
  const { version: _v, householdId, ...fields } = input;
  const { values, problems } = resolvePerson(fields, before, today());
  throwFirst(problems);
  const after = values!;
  let target = row.household_id ? await repo.findHousehold(db, row.household_id) : undefined;
  const moving = householdId !== undefined && householdId !== row.household_id;
  if (moving) target = await loadHouseholdInScope(db, actor, householdId);
  if (after.relation === 'head') {
    if (!target) throw invalidField('relation', 'a household head needs a household');
    if (target.head_person_id && target.head_person_id !== id) throw invalidField('relation', `household ${target.id} already has a head`);
  }
  const changes = differences(before, after);
  if (moving) changes.householdId = { from: row.household_id, to: target!.id };
  const now = new Date().toISOString();
  const update: PersonUpdate = { ...columnsOf(after, deps.cipher), updated_at: now };
  // Unchanged personal numbers keep their ciphertext: re-encrypting would churn the rows for nothing.
  if (after.idNumber === before.idNumber) {
    delete update.id_number_cipher;
    delete update.id_number_hash;
  } else if (after.idNumber) {
    const holder = await repo.findPersonByIdNumberHash(db, update.id_number_hash!);
    if (holder && holder.id !== id) throw duplicateIdNumber();
  }
  if (after.phone === before.phone) {
    delete update.phone_cipher;
    delete update.phone_hash;
  }
  if (after.residencePermitNumber === before.residencePermitNumber) delete update.residence_permit_cipher;
  if (moving) update.household_id = target!.id;
  const newArea = moving ? target!.area_code : row.area_code;
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.updatePerson(trx, row.area_code, id, row.version, update))) throw conflict(`Person ${id} changed while you were saving; reload and try again`);
      if (newArea !== row.area_code) await repo.movePerson(trx, row.area_code, id, newArea);
      const wasHead = row.household_id !== null && (await repo.findHousehold(trx, row.household_id))?.head_person_id === id;
      if (wasHead && (moving || after.relation !== 'head')) await repo.setHead(trx, row.area_code, row.household_id!, null, now);
      if (target && after.relation === 'head') await repo.setHead(trx, target.area_code, target.id, id, now);
      await repo.insertEvents(trx, [personEvent(newArea, id, actor, 'update', changes, now)]);
      if (row.household_id && moving) await recomputeHousehold(deps.handle, trx, row.area_code, row.household_id);
      if (target) await recomputeHousehold(deps.handle, trx, target.area_code, target.id);
      await recordAudit(trx, ctx, { action: 'person.update', areaCode: newArea, targetType: 'person', targetId: id, details: { fields: Object.keys(changes), version: row.version + 1 } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateIdNumber();
    throw e;
  }
  return personDetail(deps, (await repo.findPerson(db, id))!, false);
}
