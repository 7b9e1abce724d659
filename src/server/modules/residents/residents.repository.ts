import { sql } from 'kysely';
import type { DatabaseHandle, Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import { recordTombstone } from '../../db/tombstones.ts';
import type {
  HouseholdUpdate,
  LeftBehindFlagRow,
  NewHouseholdRow,
  NewLeftBehindFlagRow,
  NewPersonRow,
  PersonEventsTable,
  PersonRow,
  PersonUpdate,
} from '../../db/schema.ts';
import type { FlagRowWithPerson, HouseholdRowWithArea, PersonRowWithArea } from './residents.schema.ts';

// ---- bulk writes (imports, the demo registry, identification): no query builder ----

type Column = readonly [name: string, pgType: string];

const PERSON_COLUMNS: readonly Column[] = [
  ['area_code', 'text'],
  ['id', 'text'],
  ['household_id', 'text'],
  ['name', 'text'],
  ['name_initials', 'text'],
  ['sex', 'text'],
  ['birth_date', 'text'],
  ['id_number_cipher', 'text'],
  ['id_number_hash', 'text'],
  ['phone_cipher', 'text'],
  ['phone_hash', 'text'],
  ['ethnicity', 'text'],
  ['relation', 'text'],
  ['hukou_area_code', 'text'],
  ['residence_status', 'text'],
  ['residence_permit_cipher', 'text'],
  ['away_to', 'text'],
  ['away_since', 'text'],
  ['migrant_worker', 'bool'],
  ['accompanying_family', 'bool'],
  ['disability_category', 'text'],
  ['disability_grade', 'int'],
  ['hardship', 'text'],
  ['living_alone', 'bool'],
  ['notes', 'text'],
  ['user_id', 'text'],
  ['generated', 'bool'],
  ['version', 'int'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const HOUSEHOLD_COLUMNS: readonly Column[] = [
  ['area_code', 'text'],
  ['id', 'text'],
  ['number', 'text'],
  ['address', 'text'],
  ['hukou', 'bool'],
  ['head_person_id', 'text'],
  ['generated', 'bool'],
  ['version', 'int'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const EVENT_COLUMNS: readonly Column[] = [
  ['area_code', 'text'],
  ['id', 'text'],
  ['person_id', 'text'],
  ['at', 'timestamptz'],
  ['user_id', 'text'],
  ['username', 'text'],
  ['action', 'text'],
  ['changes', 'text'],
];
const FLAG_COLUMNS: readonly Column[] = [
  ['area_code', 'text'],
  ['id', 'text'],
  ['person_id', 'text'],
  ['household_id', 'text'],
  ['kind', 'text'],
  ['status', 'text'],
  ['applies', 'bool'],
  ['reason', 'text'],
  ['facts', 'text'],
  ['previous_status', 'text'],
  ['previous_facts', 'text'],
  ['review_reason', 'text'],
  ['reviewed_by', 'text'],
  ['reviewed_at', 'timestamptz'],
  ['version', 'int'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

const TABLES = {
  persons: PERSON_COLUMNS,
  households: HOUSEHOLD_COLUMNS,
  person_events: EVENT_COLUMNS,
  left_behind_flags: FLAG_COLUMNS,
} as const;
export type BulkTable = keyof typeof TABLES;

/**
 * Inserts many rows: one cached prepared statement per row on SQLite, column arrays through
 * unnest() on PostgreSQL. Call it with the open transaction `trx` (on SQLite the raw handle is
 * the same connection, so its statements run inside that transaction).
 */
export async function bulkInsert(handle: DatabaseHandle, trx: Db, table: BulkTable, rows: readonly object[], chunkSize = 10_000): Promise<void> {
  if (rows.length === 0) return;
  const columns = TABLES[table];
  const names = columns.map((c) => c[0]);
  if (handle.dialect === 'sqlite') {
    const insert = handle.sqlite!.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
    for (const row of rows) {
      const r = row as Record<string, unknown>;
      insert.run(names.map((n) => {
        const v = r[n];
        return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
      }));
    }
    return;
  }
  for (let i = 0; i < rows.length; i += chunkSize) {
    const part = rows.slice(i, i + chunkSize) as Record<string, unknown>[];
    const arrays = sql.join(
      columns.map(([name, type]) => sql`${part.map((r) => (type === 'bool' ? Boolean(r[name]) : (r[name] ?? null)))}::${sql.raw(type)}[]`),
    );
    await sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))}) select * from unnest(${arrays})`.execute(trx);
  }
}

/** Runs `work` in one transaction: SQLite's own (synchronous bulk paths), else Kysely's. */
export async function inTransaction<T>(handle: DatabaseHandle, work: (trx: Db) => Promise<T>): Promise<T> {
  return handle.db.transaction().execute(work);
}

// ---- persons ----

function personsWithArea(db: Db) {
  return db.selectFrom('persons').leftJoin('areas', 'areas.code', 'persons.area_code').selectAll('persons').select('areas.name as area_name');
}

/** Persons of `scope` changed after `after` ([updated_at, id]) up to `until`, oldest change first: what an offline device pulls. */
export async function personsChangedAfter(db: Db, scope: string, after: [string, string] | undefined, until: string, limit: number): Promise<PersonRowWithArea[]> {
  let query = personsWithArea(db).where((eb) => withinArea(eb, 'persons.area_code', scope)).where('persons.updated_at', '<=', until);
  if (after) {
    const [at, id] = after;
    query = query.where((eb) => eb.or([eb('persons.updated_at', '>', at), eb.and([eb('persons.updated_at', '=', at), eb('persons.id', '>', id)])]));
  }
  return query.orderBy('persons.updated_at').orderBy('persons.id').limit(limit).execute();
}

export async function personIdsWithin(db: Db, scope: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('persons').select('id').where((eb) => withinArea(eb, 'area_code', scope)).where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.id);
}

export async function findPerson(db: Db, id: string): Promise<PersonRowWithArea | undefined> {
  return personsWithArea(db).where('persons.id', '=', id).executeTakeFirst();
}

export async function findPersonOfUser(db: Db, userId: string): Promise<PersonRowWithArea | undefined> {
  return personsWithArea(db).where('persons.user_id', '=', userId).executeTakeFirst();
}

export async function findPersonByIdNumberHash(db: Db, hash: string): Promise<{ area_code: string; id: string } | undefined> {
  return db.selectFrom('persons').select(['area_code', 'id']).where('id_number_hash', '=', hash).executeTakeFirst();
}

/** Which of these keyed hashes are already on record. */
export async function existingIdNumberHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db.selectFrom('persons').select('id_number_hash').where('id_number_hash', 'in', hashes.slice(i, i + 500)).execute();
    for (const r of rows) if (r.id_number_hash) found.add(r.id_number_hash);
  }
  return found;
}

export async function insertPerson(db: Db, row: NewPersonRow): Promise<void> {
  await db.insertInto('persons').values(row).execute();
}

/** Updates when the version still matches; returns false when it was stale. */
export async function updatePerson(db: Db, areaCode: string, id: string, version: number, changes: PersonUpdate): Promise<boolean> {
  const result = await db
    .updateTable('persons')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a person's record, history and flags to another community (a move between households). */
export async function movePerson(db: Db, fromArea: string, id: string, toArea: string): Promise<void> {
  // Devices that hold the old community's registry drop the person at their next pull.
  if (fromArea !== toArea) await recordTombstone(db, { kind: 'person', recordId: id, areaCode: fromArea, reason: 'outOfScope' });
  await db.updateTable('persons').set({ area_code: toArea }).where('area_code', '=', fromArea).where('id', '=', id).execute();
  await db.updateTable('person_events').set({ area_code: toArea }).where('area_code', '=', fromArea).where('person_id', '=', id).execute();
  await db.deleteFrom('left_behind_flags').where('area_code', '=', fromArea).where('person_id', '=', id).execute();
}

export async function deletePerson(db: Db, areaCode: string, id: string): Promise<void> {
  await recordTombstone(db, { kind: 'person', recordId: id, areaCode, reason: 'deleted' });
  await db.deleteFrom('left_behind_flags').where('area_code', '=', areaCode).where('person_id', '=', id).execute();
  await db.deleteFrom('persons').where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function membersOf(db: Db, areaCode: string, householdId: string): Promise<PersonRowWithArea[]> {
  return personsWithArea(db)
    .where('persons.area_code', '=', areaCode)
    .where('persons.household_id', '=', householdId)
    .orderBy('persons.birth_date')
    .orderBy('persons.id')
    .execute();
}

export interface PersonListFilter {
  scope: string;
  householdId?: string;
  sex?: string;
  /** Born on or before (at least this old). */
  bornOnOrBefore?: string;
  /** Born after (younger than). */
  bornAfter?: string;
  status?: string;
  migrantWorker?: boolean;
  hardship?: string;
  disabled?: boolean;
  flag?: string;
  livingAlone?: boolean;
  idNumberHash?: string;
  phoneHash?: string;
  initialsPrefix?: string;
  namePrefix?: string;
  after?: { areaCode: string; id: string };
  limit: number;
}

/** The half-open range of strings starting with `prefix`, compared code unit by code unit. */
function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

function filteredPersons(db: Db, f: PersonListFilter) {
  let query = db.selectFrom('persons').leftJoin('areas', 'areas.code', 'persons.area_code').where((eb) => withinArea(eb, 'persons.area_code', f.scope));
  if (f.householdId) query = query.where('persons.household_id', '=', f.householdId);
  if (f.sex) query = query.where('persons.sex', '=', f.sex);
  if (f.bornOnOrBefore) query = query.where('persons.birth_date', '<=', f.bornOnOrBefore);
  if (f.bornAfter) query = query.where('persons.birth_date', '>', f.bornAfter);
  if (f.status) query = query.where('persons.residence_status', '=', f.status);
  if (f.migrantWorker !== undefined) query = query.where('persons.migrant_worker', '=', f.migrantWorker);
  if (f.hardship) query = query.where('persons.hardship', '=', f.hardship);
  if (f.disabled !== undefined) query = query.where('persons.disability_grade', f.disabled ? 'is not' : 'is', null);
  if (f.livingAlone !== undefined) query = query.where('persons.living_alone', '=', f.livingAlone);
  if (f.flag) {
    const kind = f.flag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('left_behind_flags as f')
          .select('f.id')
          .whereRef('f.area_code', '=', 'persons.area_code')
          .whereRef('f.person_id', '=', 'persons.id')
          .where('f.kind', '=', kind)
          .where('f.applies', '=', true)
          .where('f.status', '<>', 'rejected'),
      ),
    );
  }
  if (f.idNumberHash) query = query.where('persons.id_number_hash', '=', f.idNumberHash);
  if (f.phoneHash) query = query.where('persons.phone_hash', '=', f.phoneHash);
  if (f.initialsPrefix) {
    const [low, high] = prefixRange(f.initialsPrefix);
    query = query.where('persons.name_initials', '>=', low).where('persons.name_initials', '<', high);
  }
  if (f.namePrefix) {
    const [low, high] = prefixRange(f.namePrefix);
    query = query.where('persons.name', '>=', low).where('persons.name', '<', high);
  }
  return query;
}

/** Searches match few rows, found through their own index; past this many the page is read in key order. */
const SEARCH_KEYS_MAX = 5000;

/** One page in (area_code, id) order, with the total matching. */
export async function listPersons(db: Db, f: PersonListFilter): Promise<{ rows: PersonRowWithArea[]; total: number }> {
  const query = filteredPersons(db, f);
  if (f.initialsPrefix || f.namePrefix || f.idNumberHash || f.phoneHash) {
    // Ordering by (area_code, id) would lead the planner to walk the whole scope in key order;
    // the matches are few, so they are found by the search's index and ordered here.
    const keys = await query.select(['persons.area_code', 'persons.id']).limit(SEARCH_KEYS_MAX + 1).execute();
    if (keys.length <= SEARCH_KEYS_MAX) {
      keys.sort((a, b) => (a.area_code < b.area_code ? -1 : a.area_code > b.area_code ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const after = f.after;
      const start = after ? keys.findIndex((k) => k.area_code > after.areaCode || (k.area_code === after.areaCode && k.id > after.id)) : 0;
      const page = start < 0 ? [] : keys.slice(start, start + f.limit);
      if (page.length === 0) return { rows: [], total: keys.length };
      const rows = await personsWithArea(db)
        .where('persons.area_code', 'in', [...new Set(page.map((k) => k.area_code))])
        .where('persons.id', 'in', page.map((k) => k.id))
        .orderBy('persons.area_code')
        .orderBy('persons.id')
        .execute();
      return { rows, total: keys.length };
    }
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll('persons').select('areas.name as area_name');
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) => eb.or([eb('persons.area_code', '>', areaCode), eb.and([eb('persons.area_code', '=', areaCode), eb('persons.id', '>', id)])]));
  }
  const rows = await page.orderBy('persons.area_code').orderBy('persons.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** Groups of likely duplicates: the same name and birth date in one county, within the scope. */
export async function duplicateGroups(db: Db, scope: string, offset: number, limit: number) {
  const county = sql<string>`substr(area_code, 1, 6)`;
  const base = db
    .selectFrom('persons')
    .select([county.as('county'), 'name', 'birth_date', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => withinArea(eb, 'area_code', scope))
    .groupBy([county, 'name', 'birth_date'])
    .having((eb) => eb.fn.countAll(), '>', 1);
  const { total } = await db
    .selectFrom(base.as('groups'))
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const groups = await base.orderBy(county).orderBy('name').orderBy('birth_date').limit(limit).offset(offset).execute();
  return { groups, total: Number(total) };
}

export async function personsNamed(db: Db, scope: string, name: string, birthDate: string): Promise<PersonRowWithArea[]> {
  return personsWithArea(db)
    .where((eb) => withinArea(eb, 'persons.area_code', scope))
    .where('persons.name', '=', name)
    .where('persons.birth_date', '=', birthDate)
    .orderBy('persons.created_at')
    .orderBy('persons.id')
    .execute();
}

// ---- history ----

export async function insertEvents(db: Db, rows: PersonEventsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('person_events').values(rows.slice(i, i + 500)).execute();
}

export async function listEvents(db: Db, areaCode: string, personId: string) {
  return db.selectFrom('person_events').selectAll().where('area_code', '=', areaCode).where('person_id', '=', personId).orderBy('at').orderBy('id').execute();
}

/** Gives one person's history to another (a merge keeps both histories under the kept record). */
export async function reassignEvents(db: Db, fromArea: string, fromId: string, toArea: string, toId: string): Promise<void> {
  await db.updateTable('person_events').set({ area_code: toArea, person_id: toId }).where('area_code', '=', fromArea).where('person_id', '=', fromId).execute();
}

// ---- households ----

/** Households with their community and head joined (each at most one row: counts stay true). */
function householdsJoined(db: Db) {
  return db
    .selectFrom('households')
    .leftJoin('areas', 'areas.code', 'households.area_code')
    .leftJoin('persons as head', (join) => join.onRef('head.area_code', '=', 'households.area_code').onRef('head.id', '=', 'households.head_person_id'));
}

/** The columns a household is answered with: its own, its community's and head's names, its member count. */
function withHouseholdColumns(query: ReturnType<typeof householdsJoined>) {
  return query
    .selectAll('households')
    .select(['areas.name as area_name', 'head.name as head_name'])
    .select((eb) =>
      eb
        .selectFrom('persons as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.area_code', '=', 'households.area_code')
        .whereRef('m.household_id', '=', 'households.id')
        .as('members'),
    );
}

function householdsWithArea(db: Db) {
  return withHouseholdColumns(householdsJoined(db));
}

export async function findHousehold(db: Db, id: string): Promise<HouseholdRowWithArea | undefined> {
  return householdsWithArea(db).where('households.id', '=', id).executeTakeFirst() as Promise<HouseholdRowWithArea | undefined>;
}

export async function findHouseholdByNumber(db: Db, areaCode: string, number: string) {
  return db.selectFrom('households').selectAll().where('area_code', '=', areaCode).where('number', '=', number).executeTakeFirst();
}

export async function householdsByIds(db: Db, ids: string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await db.selectFrom('households').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
  return out;
}

export async function insertHousehold(db: Db, row: NewHouseholdRow): Promise<void> {
  await db.insertInto('households').values(row).execute();
}

export async function updateHousehold(db: Db, areaCode: string, id: string, version: number, changes: HouseholdUpdate): Promise<boolean> {
  const result = await db
    .updateTable('households')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the head without touching the version (it follows the members' relations). */
export async function setHead(db: Db, areaCode: string, id: string, personId: string | null, now: string): Promise<void> {
  await db.updateTable('households').set({ head_person_id: personId, updated_at: now }).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function listHouseholds(
  db: Db,
  f: { scope: string; id?: string; q?: string; after?: { areaCode: string; id: string }; limit: number },
): Promise<{ rows: HouseholdRowWithArea[]; total: number }> {
  let query = householdsJoined(db).where((eb) => withinArea(eb, 'households.area_code', f.scope));
  if (f.id) query = query.where('households.id', '=', f.id);
  if (f.q) query = query.where((eb) => eb.or([eb('households.number', '=', f.q!), eb('households.address', 'like', sql<string>`${`%${f.q!.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`)]));
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = withHouseholdColumns(query);
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) => eb.or([eb('households.area_code', '>', areaCode), eb.and([eb('households.area_code', '=', areaCode), eb('households.id', '>', id)])]));
  }
  const rows = (await page.orderBy('households.area_code').orderBy('households.id').limit(f.limit).execute()) as HouseholdRowWithArea[];
  return { rows, total: Number(total) };
}

// ---- left-behind flags ----

/** Flags with their person joined (at most one: counts stay true). */
function flagsJoined(db: Db) {
  return db
    .selectFrom('left_behind_flags')
    .leftJoin('persons', (join) => join.onRef('persons.area_code', '=', 'left_behind_flags.area_code').onRef('persons.id', '=', 'left_behind_flags.person_id'));
}

function withFlagColumns(query: ReturnType<typeof flagsJoined>) {
  return query.selectAll('left_behind_flags').select(['persons.name as person_name', 'persons.sex', 'persons.birth_date']);
}

function flagsWithPerson(db: Db) {
  return withFlagColumns(flagsJoined(db));
}

export async function findFlag(db: Db, id: string): Promise<FlagRowWithPerson | undefined> {
  return flagsWithPerson(db).where('left_behind_flags.id', '=', id).executeTakeFirst();
}

export async function flagsOfPersons(db: Db, areaCode: string, personIds: string[]): Promise<LeftBehindFlagRow[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('left_behind_flags').selectAll().where('area_code', '=', areaCode).where('person_id', 'in', personIds).orderBy('kind').execute();
}

export async function flagsInArea(db: Db, scope: string): Promise<LeftBehindFlagRow[]> {
  return db.selectFrom('left_behind_flags').selectAll().where((eb) => withinArea(eb, 'area_code', scope)).execute();
}

export async function updateFlag(db: Db, areaCode: string, id: string, version: number, changes: Partial<NewLeftBehindFlagRow>): Promise<boolean> {
  const result = await db
    .updateTable('left_behind_flags')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteFlags(db: Db, keys: { area_code: string; id: string }[]): Promise<void> {
  for (const k of keys) await db.deleteFrom('left_behind_flags').where('area_code', '=', k.area_code).where('id', '=', k.id).execute();
}

export async function listFlags(
  db: Db,
  f: { scope: string; status?: string; kind?: string; after?: { areaCode: string; id: string }; limit: number },
): Promise<{ rows: FlagRowWithPerson[]; total: number }> {
  let query = flagsJoined(db).where((eb) => withinArea(eb, 'left_behind_flags.area_code', f.scope));
  if (f.status) query = query.where('left_behind_flags.status', '=', f.status);
  if (f.kind) query = query.where('left_behind_flags.kind', '=', f.kind);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = withFlagColumns(query);
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) =>
      eb.or([eb('left_behind_flags.area_code', '>', areaCode), eb.and([eb('left_behind_flags.area_code', '=', areaCode), eb('left_behind_flags.id', '>', id)])]),
    );
  }
  const rows = await page.orderBy('left_behind_flags.area_code').orderBy('left_behind_flags.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

// ---- whole areas: identification and population ----

/** Every person of an area, with the facts identification needs, household by household. */
export async function identificationFacts(db: Db, scope: string) {
  return db
    .selectFrom('persons')
    .select(['area_code', 'id', 'household_id', 'sex', 'birth_date', 'relation', 'residence_status', 'migrant_worker', 'away_since', 'disability_grade'])
    .where((eb) => withinArea(eb, 'area_code', scope))
    .where('household_id', 'is not', null)
    .orderBy('area_code')
    .orderBy('household_id')
    .execute();
}

/** Persons on record per community of the area: all of them, and those living there (not away). */
export async function registryCounts(db: Db, scope: string): Promise<{ area_code: string; total: number; living: number }[]> {
  const rows = await db
    .selectFrom('persons')
    .select([
      'area_code',
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`sum(case when residence_status = 'outflow' then 0 else 1 end)`.as('living'),
    ])
    .where((eb) => withinArea(eb, 'area_code', scope))
    .groupBy('area_code')
    .execute();
  return rows.map((r) => ({ area_code: r.area_code, total: Number(r.total), living: Number(r.living) }));
}

export type { PersonRow };
