import { newId as uuidv7 } from '../../db/ids.ts';
import { decodeCursor as decodeKeyset, decodeOffsetCursor, encodeCursor as encodeKeyset, encodeOffsetCursor } from '../../db/cursor.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { DatabaseHandle, Db } from '../../db/database.ts';
import type { NewHouseholdRow, NewPersonRow, PersonEventsTable, PersonUpdate } from '../../db/schema.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import {
  PERSONAL_DATA_REVEALERS,
  REGISTRY_READERS,
  REGISTRY_WRITERS,
  type LeftBehindKind,
} from '../../../contracts/residents.ts';
import { requireActor, requirePermission, requireRole, requireScope, type Actor, scopedArea, type RequestContext } from '../../http/actor.ts';
import { AppError, invalidFields, conflict, forbidden, invalidField, notFound, type FieldProblem } from '../../http/errors.ts';
import { READ_IDS_MAX, recordAudit, recordRead } from '../audit/audit.service.ts';
import { queryRecord, searchOf } from './read-audit.ts';
import { blankToNull, differences, resolvePerson, type PersonValues } from '../../../engine/residents/person-rules.ts';
import { areaNamePath, areaPoints, findArea, findCommunity } from '../areas/areas.service.ts';
import { personalDataCipher, type PersonalDataCipher } from './personal-data.ts';
import * as repo from './residents.repository.ts';
import { identifyArea, recomputeHousehold, reviewedStatus, today, type IdentificationSummary } from './left-behind.service.ts';
import {
  columnsOf,
  toFlag,
  toHousehold,
  toPerson,
  toPersonEvent,
  type Household,
  type HouseholdChanges,
  type HouseholdDetail,
  type LeftBehindFlag,
  type NewHousehold,
  type NewPerson,
  type Person,
  type PersonChanges,
  type PersonDetail,
  type PersonEvent,
  type PersonFilter,
  type PersonRowWithArea,
  valuesOf,
} from './residents.schema.ts';

/** What the residents module works with: the database and the personal-data cipher. */
export interface ResidentsDeps {
  readonly handle: DatabaseHandle;
  readonly cipher: PersonalDataCipher;
}

export function residentsDeps(handle: DatabaseHandle, secretKey: Buffer): ResidentsDeps {
  return { handle, cipher: personalDataCipher(secretKey) };
}

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

// ---- access ----

const isReader = (actor: Actor) => (REGISTRY_READERS as readonly string[]).includes(actor.role);
const mayReveal = (actor: Actor) => (PERSONAL_DATA_REVEALERS as readonly string[]).includes(actor.role);

/** Readers of the registry, and residents (who see only themselves and their household). */
function requireRegistryAccess(ctx: RequestContext): Actor {
  return requirePermission(ctx, 'registry.read');
}

/** The person record linked to a resident's account. */
async function ownPerson(db: Db, actor: Actor): Promise<PersonRowWithArea> {
  const own = await repo.findPersonOfUser(db, actor.userId);
  if (!own) throw forbidden('No resident record is linked to your account', { reason: 'noPersonRecord' });
  return own;
}

/** Whether a resident may see this person: themselves or a member of their household. */
async function residentMaySee(db: Db, actor: Actor, row: { id: string; area_code: string; household_id: string | null }): Promise<boolean> {
  const own = await ownPerson(db, actor);
  if (own.id === row.id) return true;
  return own.household_id !== null && own.household_id === row.household_id && own.area_code === row.area_code;
}


const encodeCursor = (areaCode: string, id: string): string => encodeKeyset([areaCode, id]);

function decodeCursor(cursor: string): { areaCode: string; id: string } {
  const [areaCode, id] = decodeKeyset(cursor, ['areaCode', 'text'])!;
  return { areaCode: areaCode!, id: id! };
}

function throwFirst(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem);
  throw invalidFields(problems);
}


// ---- person values: the rules are the engine's (src/engine/residents/person-rules.ts), the row mappers the schema's ----

export { differences, resolvePerson, type PersonValues } from '../../../engine/residents/person-rules.ts';
export { columnsOf, valuesOf } from './residents.schema.ts';

function event(areaCode: string, personId: string, actor: { userId: string | null; username: string | null }, action: string, changes: unknown, at: string): PersonEventsTable {
  return { area_code: areaCode, id: uuidv7(), person_id: personId, at, user_id: actor.userId, username: actor.username, action, changes: JSON.stringify(changes) };
}

// ---- reads ----

async function personDetail(deps: ResidentsDeps, row: PersonRowWithArea, reveal: boolean): Promise<PersonDetail> {
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
async function loadReadable(deps: ResidentsDeps, actor: Actor, id: string): Promise<PersonRowWithArea> {
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

async function loadWritable(deps: ResidentsDeps, actor: Actor, id: string): Promise<PersonRowWithArea> {
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
      await repo.insertEvents(trx, [event(areaCode, id, actor, 'create', differences(null, v), now)]);
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
      await repo.insertEvents(trx, [event(newArea, id, actor, 'update', changes, now)]);
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

// ---- duplicates and merging ----

export interface DuplicateGroup {
  county: string;
  name: string;
  birthDate: string;
  persons: Person[];
}

export async function listDuplicates(deps: ResidentsDeps, ctx: RequestContext, q: { area?: string; limit?: number; cursor?: string }): Promise<PageOf<DuplicateGroup>> {
  const actor = requireRole(ctx, REGISTRY_READERS);
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const db = deps.handle.db;
  const { groups, total } = await repo.duplicateGroups(db, scope, offset, limit);
  const now = today();
  const items: DuplicateGroup[] = [];
  for (const g of groups) {
    const persons = (await repo.personsNamed(db, scope, g.name, g.birth_date)).filter((p) => p.area_code.startsWith(g.county));
    items.push({ county: g.county, name: g.name, birthDate: g.birth_date, persons: persons.map((p) => toPerson(p, deps.cipher, false, now)) });
  }
  await recordRead(db, ctx, { action: 'person.read_duplicates', areaCode: scope, targetType: 'person', ids: items.flatMap((g) => g.persons.map((p) => p.id)), total, query: queryRecord(deps.cipher, { ...q }) });
  return { items, total, nextCursor: offset + groups.length < total ? encodeOffsetCursor(offset + groups.length) : null };
}

const FILLABLE: (keyof PersonValues)[] = ['idNumber', 'phone', 'ethnicity', 'hukouAreaCode', 'residencePermitNumber', 'disability', 'hardship', 'notes'];

/**
 * Merges two records of one person: `keep` stays, filling its empty fields from `remove`, and
 * takes `remove`'s history (both histories are kept, with a merge event); `remove` is deleted.
 * Two different ID numbers mean two people: 409.
 */
export async function mergePersons(deps: ResidentsDeps, ctx: RequestContext, input: { keep: string; remove: string }): Promise<PersonDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  if (input.keep === input.remove) throw invalidField('remove', 'is the same person as keep');
  const db = deps.handle.db;
  const keep = await loadWritable(deps, actor, input.keep);
  const remove = await loadWritable(deps, actor, input.remove);
  const a = valuesOf(keep, deps.cipher);
  const b = valuesOf(remove, deps.cipher);
  if (a.idNumber && b.idNumber && a.idNumber !== b.idNumber) throw conflict('The two records have different ID numbers: they are two people', { field: 'remove' });
  const merged: PersonValues = { ...a };
  const filled: string[] = [];
  for (const key of FILLABLE) {
    if (merged[key] === null && b[key] !== null) {
      (merged as unknown as Record<string, unknown>)[key] = b[key];
      filled.push(key);
    }
  }
  const now = new Date().toISOString();
  const update: PersonUpdate = { ...columnsOf(merged, deps.cipher), updated_at: now };
  if (!filled.includes('idNumber')) {
    delete update.id_number_cipher;
    delete update.id_number_hash;
  }
  if (!filled.includes('phone')) {
    delete update.phone_cipher;
    delete update.phone_hash;
  }
  if (!filled.includes('residencePermitNumber')) delete update.residence_permit_cipher;
  if (!keep.user_id && remove.user_id) update.user_id = remove.user_id;
  await db.transaction().execute(async (trx) => {
    // The removed record goes first: it frees its ID-number hash and user link for the kept one.
    await repo.reassignEvents(trx, remove.area_code, remove.id, keep.area_code, keep.id);
    await repo.deletePerson(trx, remove.area_code, remove.id);
    if (remove.household_id) {
      const h = await repo.findHousehold(trx, remove.household_id);
      if (h?.head_person_id === remove.id) await repo.setHead(trx, remove.area_code, remove.household_id, keep.household_id === remove.household_id && keep.relation === 'head' ? keep.id : null, now);
    }
    if (!(await repo.updatePerson(trx, keep.area_code, keep.id, keep.version, update))) throw conflict(`Person ${keep.id} changed while merging; reload and try again`);
    await repo.insertEvents(trx, [
      event(keep.area_code, keep.id, actor, 'merge', {
        removed: { id: remove.id, name: remove.name, birthDate: remove.birth_date, areaCode: remove.area_code, householdId: remove.household_id },
        filled: Object.fromEntries(Object.entries(differences(a, merged))),
      }, now),
    ]);
    for (const h of new Set([keep.household_id && `${keep.area_code}:${keep.household_id}`, remove.household_id && `${remove.area_code}:${remove.household_id}`])) {
      if (!h) continue;
      const [area, hid] = h.split(':') as [string, string];
      await recomputeHousehold(deps.handle, trx, area, hid);
    }
    await recordAudit(trx, ctx, { action: 'person.merge', areaCode: keep.area_code, targetType: 'person', targetId: keep.id, details: { removed: remove.id, filled } });
  });
  return personDetail(deps, (await repo.findPerson(db, keep.id))!, false);
}

// ---- households ----

async function householdDetail(deps: ResidentsDeps, id: string): Promise<HouseholdDetail> {
  const row = await repo.findHousehold(deps.handle.db, id);
  if (!row) throw notFound('Household', id);
  const members = await repo.membersOf(deps.handle.db, row.area_code, row.id);
  const now = today();
  return { ...toHousehold(row), persons: members.map((m) => toPerson(m, deps.cipher, false, now)) };
}

export async function createHousehold(deps: ResidentsDeps, ctx: RequestContext, input: NewHousehold): Promise<HouseholdDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const code = normalizeAreaCode(input.areaCode);
  if (code) requireScope(actor, code);
  const c = await findCommunity(db, input.areaCode);
  if (c.problem) throw invalidField('areaCode', c.problem);
  const address = input.address.trim();
  if (!address) throw invalidField('address', 'must not be blank');
  const number = blankToNull(input.number);
  const taken = () => conflict(`Household number ${number} is already used in ${c.area!.code}`, { field: 'number' });
  if (number && (await repo.findHouseholdByNumber(db, c.area!.code, number))) throw taken();
  const id = uuidv7();
  const now = new Date().toISOString();
  const row: NewHouseholdRow = { area_code: c.area!.code, id, number, address, hukou: input.hukou ?? true, head_person_id: null, generated: false, version: 1, created_at: now, updated_at: now };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertHousehold(trx, row);
      await recordAudit(trx, ctx, { action: 'household.create', areaCode: row.area_code, targetType: 'household', targetId: id, details: { number } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  return householdDetail(deps, id);
}

export async function getHousehold(deps: ResidentsDeps, ctx: RequestContext, id: string): Promise<HouseholdDetail> {
  const actor = requireRegistryAccess(ctx);
  const row = await repo.findHousehold(deps.handle.db, id);
  if (!row) throw notFound('Household', id);
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.handle.db, actor);
    if (own.household_id !== row.id) throw forbidden('Residents see only their own household', { reason: 'ownHousehold' });
  } else requireScope(actor, row.area_code);
  const detail = await householdDetail(deps, id);
  await recordRead(deps.handle.db, ctx, { action: 'household.read', areaCode: row.area_code, targetType: 'household', targetId: id, ids: detail.persons.map((p) => p.id) });
  return detail;
}

export async function updateHousehold(deps: ResidentsDeps, ctx: RequestContext, id: string, input: HouseholdChanges): Promise<HouseholdDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const row = await repo.findHousehold(db, id);
  if (!row) throw notFound('Household', id);
  requireScope(actor, row.area_code);
  if (input.version !== row.version) {
    throw conflict(`Household ${id} has changed since you read it (version ${input.version}, now ${row.version}); reload and try again`, { currentVersion: row.version });
  }
  const changes: Record<string, unknown> = { updated_at: new Date().toISOString() };
  if (input.address !== undefined) {
    if (!input.address.trim()) throw invalidField('address', 'must not be blank');
    changes.address = input.address.trim();
  }
  if (input.number !== undefined) changes.number = blankToNull(input.number);
  if (input.hukou !== undefined) changes.hukou = input.hukou;
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.updateHousehold(trx, row.area_code, id, row.version, changes))) throw conflict(`Household ${id} changed while you were saving; reload and try again`);
      const { version: _v, ...fields } = input;
      await recordAudit(trx, ctx, { action: 'household.update', areaCode: row.area_code, targetType: 'household', targetId: id, details: { fields: Object.keys(fields) } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Household number ${String(changes.number)} is already used in ${row.area_code}`, { field: 'number' });
    throw e;
  }
  return householdDetail(deps, id);
}

export async function listHouseholds(deps: ResidentsDeps, ctx: RequestContext, q: { area?: string; q?: string; limit?: number; cursor?: string }): Promise<PageOf<Household>> {
  const actor = requireRegistryAccess(ctx);
  const limit = q.limit ?? 50;
  let scope: string;
  let only: string | undefined;
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.handle.db, actor);
    if (!own.household_id) return { items: [], total: 0, nextCursor: null };
    scope = own.area_code;
    only = own.household_id;
  } else scope = scopedArea(actor, q.area);
  const { rows, total } = await repo.listHouseholds(deps.handle.db, { scope, id: only, q: q.q?.trim() || undefined, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit });
  // The list names each household's head: a read of personal data. The search (a number or part of an address) is kept masked.
  await recordRead(deps.handle.db, ctx, { action: 'household.read_list', areaCode: scope, targetType: 'household', ids: rows.map((r) => r.id), total, query: queryRecord(deps.cipher, { ...q }, { freeText: ['q'] }) });
  const last = rows.at(-1);
  return { items: rows.map(toHousehold), total, nextCursor: rows.length === limit && last ? encodeCursor(last.area_code, last.id) : null };
}

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
    await repo.insertEvents(trx, [event(flag.area_code, flag.person_id, actor, `leftBehind.${decision}`, { [flag.kind]: { from: flag.status, to: status, applies: Boolean(flag.applies), reason } }, now)]);
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
  const summary = await identifyArea(deps.handle, scope);
  await recordAudit(deps.handle.db, ctx, { action: 'left_behind.identify', areaCode: scope, details: { ...summary } });
  return summary;
}
