import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import { locksRows } from '../../db/row-locks.ts';
import { endOfChinaDay } from '../../../engine/services/request-clocks.ts';
import type {
  CareApprovalsTable,
  CareAssessmentsTable,
  CareCaseAwayMembersTable,
  CareCaseCarersTable,
  CareCaseEventsTable,
  CareCaseNotesTable,
  CareCasesTable,
  CareCaseTeamTable,
  CareVisitPoliciesTable,
  CareVisitsTable,
} from '../../db/tables/care-cases.ts';

/** The SQL of care cases: the only file of the cases part that reads or writes their tables. */

export type CaseRow = Selectable<CareCasesTable>;
export type TeamRow = Selectable<CareCaseTeamTable>;
export type CarerRow = Selectable<CareCaseCarersTable>;
export type AwayRow = Selectable<CareCaseAwayMembersTable>;
export type EventRow = Selectable<CareCaseEventsTable>;
export type NoteRow = Selectable<CareCaseNotesTable>;
export type AssessmentRow = Selectable<CareAssessmentsTable>;
export type ApprovalRow = Selectable<CareApprovalsTable>;
export type PolicyRow = Selectable<CareVisitPoliciesTable>;
export type VisitRow = Selectable<CareVisitsTable>;

/** A case with what a list shows beside it: the person, the area, the owner's name. */
export interface CaseListRow extends CaseRow {
  person_name: string;
  birth_date: string | null;
  area_name: string | null;
  owner_name: string | null;
  lon: number | null;
  lat: number | null;
  pending_approvals: number;
}

function listSelect(db: Db) {
  return db
    .selectFrom('care_cases')
    .innerJoin('persons', (j) => j.onRef('persons.area_code', '=', 'care_cases.area_code').onRef('persons.id', '=', 'care_cases.person_id'))
    .leftJoin('areas', 'areas.code', 'care_cases.area_code')
    .leftJoin('users', 'users.id', 'care_cases.owner_id')
    .selectAll('care_cases')
    .select([
      'persons.name as person_name',
      'persons.birth_date as birth_date',
      'areas.name as area_name',
      'areas.lon as lon',
      'areas.lat as lat',
      'users.display_name as owner_name',
      (eb) =>
        eb
          .selectFrom('care_approvals')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('care_approvals.area_code', '=', 'care_cases.area_code')
          .whereRef('care_approvals.case_id', '=', 'care_cases.id')
          .where('care_approvals.status', '=', 'requested')
          .as('pending_approvals'),
    ]);
}

export async function caseById(db: Db, id: string): Promise<CaseListRow | undefined> {
  return (await listSelect(db).where('care_cases.id', '=', id).executeTakeFirst()) as CaseListRow | undefined;
}

/** The case row alone, locked for the transaction's write on PostgreSQL. */
export async function lockCase(db: Db, areaCode: string, id: string): Promise<CaseRow | undefined> {
  let q = db.selectFrom('care_cases').selectAll().where('area_code', '=', areaCode).where('id', '=', id);
  if (locksRows(db)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function openCaseOfPerson(db: Db, areaCode: string, personId: string, group: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom('care_cases')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .where('care_group', '=', group)
    .executeTakeFirst();
}

export interface CaseFilter {
  scope: string;
  status?: string;
  group?: string;
  risk?: string;
  minStage?: number;
  /** Cases this user owns or is on the team of. */
  memberId?: string;
  offset: number;
  limit: number;
}

/** Cases the user owns or is on the team of (an agent's reach; "mine" lists): in any query over care_cases. */
function ownerOrOnTeam(userId: string) {
  return sql<SqlBool>`(care_cases.owner_id = ${userId} or exists (select 1 from care_case_team t where t.area_code = care_cases.area_code and t.case_id = care_cases.id and t.user_id = ${userId}))`;
}

function filtered(db: Db, f: Omit<CaseFilter, 'offset' | 'limit'>) {
  let q = listSelect(db).where((eb) => withinArea(eb, 'care_cases.area_code', f.scope));
  if (f.status) q = q.where('care_cases.status', '=', f.status);
  if (f.group) q = q.where('care_cases.care_group', '=', f.group);
  if (f.risk) q = q.where('care_cases.risk_level', '=', f.risk);
  if (f.minStage !== undefined) q = q.where('care_cases.visit_stage', '>=', f.minStage);
  if (f.memberId) {
    const member = f.memberId;
    q = q.where(ownerOrOnTeam(member));
  }
  return q;
}

export async function listCases(db: Db, f: CaseFilter): Promise<{ rows: CaseListRow[]; total: number }> {
  const rows = (await filtered(db, f)
    .orderBy('care_cases.visit_stage', 'desc')
    .orderBy('care_cases.visit_due_on')
    .orderBy('care_cases.area_code')
    .orderBy('care_cases.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute()) as CaseListRow[];
  const count = await db
    .selectFrom('care_cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => withinArea(eb, 'care_cases.area_code', f.scope))
    .$if(f.status !== undefined, (q) => q.where('care_cases.status', '=', f.status!))
    .$if(f.group !== undefined, (q) => q.where('care_cases.care_group', '=', f.group!))
    .$if(f.risk !== undefined, (q) => q.where('care_cases.risk_level', '=', f.risk!))
    .$if(f.minStage !== undefined, (q) => q.where('care_cases.visit_stage', '>=', f.minStage!))
    .$if(f.memberId !== undefined, (q) =>
      q.where(ownerOrOnTeam(f.memberId!)),
    )
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/**
 * The worker's day: open cases in the scope whose visit is due or late (stage ≥ 1), the most late
 * first. Reads the (area_code, status, visit_due_on) index: one range per scope, and stops at `limit`.
 */
export async function dayList(db: Db, scope: string, limit: number, memberId?: string): Promise<CaseListRow[]> {
  return (await filtered(db, { scope, status: 'open', minStage: 1, memberId })
    .orderBy('care_cases.visit_due_on')
    .orderBy('care_cases.area_code')
    .orderBy('care_cases.id')
    .limit(limit)
    .execute()) as CaseListRow[];
}

export async function dayCounts(db: Db, scope: string, memberId?: string): Promise<{ due: number; overdue: number }> {
  const rows = await db
    .selectFrom('care_cases')
    .select(['visit_stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => withinArea(eb, 'care_cases.area_code', scope))
    .where('status', '=', 'open')
    .where('visit_stage', '>=', 1)
    .$if(memberId !== undefined, (q) =>
      q.where(ownerOrOnTeam(memberId!)),
    )
    .groupBy('visit_stage')
    .execute();
  let due = 0;
  let overdue = 0;
  for (const r of rows) {
    if (Number(r.visit_stage) === 1) due += Number(r.n);
    else overdue += Number(r.n);
  }
  return { due, overdue };
}

export async function insertCase(db: Db, row: Insertable<CareCasesTable>): Promise<void> {
  await db.insertInto('care_cases').values(row).execute();
}

/** Compare-and-set on version: false when someone else changed the case first. */
export async function updateCase(db: Db, row: { area_code: string; id: string; version: number }, changes: Partial<Insertable<CareCasesTable>>): Promise<boolean> {
  const result = await db
    .updateTable('care_cases')
    .set({ ...changes, version: row.version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function teamOf(db: Db, areaCode: string, caseId: string): Promise<(TeamRow & { display_name: string | null })[]> {
  return db
    .selectFrom('care_case_team')
    .leftJoin('users', 'users.id', 'care_case_team.user_id')
    .selectAll('care_case_team')
    .select('users.display_name')
    .where('care_case_team.area_code', '=', areaCode)
    .where('care_case_team.case_id', '=', caseId)
    .orderBy('care_case_team.added_at')
    .execute();
}

export async function insertTeam(db: Db, rows: Insertable<CareCaseTeamTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('care_case_team').values(rows).execute();
}

/** The case's team becomes `rows` (in the caller's transaction). */
export async function replaceTeam(db: Db, areaCode: string, caseId: string, rows: Insertable<CareCaseTeamTable>[]): Promise<void> {
  await db.deleteFrom('care_case_team').where('area_code', '=', areaCode).where('case_id', '=', caseId).execute();
  await insertTeam(db, rows);
}

/** Whether the user owns the case or is on its team. */
export async function isOnTeam(db: Db, areaCode: string, caseId: string, ownerId: string, userId: string): Promise<boolean> {
  if (ownerId === userId) return true;
  const row = await db.selectFrom('care_case_team').select('user_id').where('area_code', '=', areaCode).where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function carersOf(db: Db, areaCode: string, caseId: string): Promise<CarerRow[]> {
  return db.selectFrom('care_case_carers').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}
export async function insertCarers(db: Db, rows: Insertable<CareCaseCarersTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('care_case_carers').values(rows).execute();
}

export async function awayOf(db: Db, areaCode: string, caseId: string): Promise<AwayRow[]> {
  return db.selectFrom('care_case_away_members').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}
export async function insertAway(db: Db, rows: Insertable<CareCaseAwayMembersTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('care_case_away_members').values(rows).execute();
}

export async function eventsOf(db: Db, areaCode: string, caseId: string): Promise<EventRow[]> {
  return db.selectFrom('care_case_events').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}
export async function insertEvents(db: Db, rows: Insertable<CareCaseEventsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('care_case_events').values(rows).execute();
}

export async function notesOf(db: Db, areaCode: string, caseId: string): Promise<NoteRow[]> {
  return db.selectFrom('care_case_notes').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}
export async function insertNote(db: Db, row: Insertable<CareCaseNotesTable>): Promise<void> {
  await db.insertInto('care_case_notes').values(row).execute();
}

export async function assessmentsOf(db: Db, areaCode: string, caseId: string): Promise<AssessmentRow[]> {
  return db.selectFrom('care_assessments').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('assessed_on').orderBy('id').execute();
}
export async function insertAssessment(db: Db, row: Insertable<CareAssessmentsTable>): Promise<void> {
  await db.insertInto('care_assessments').values(row).execute();
}

export async function visitsOf(db: Db, areaCode: string, caseId: string): Promise<VisitRow[]> {
  return db.selectFrom('care_visits').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('visited_on').orderBy('id').execute();
}
export async function insertVisit(db: Db, row: Insertable<CareVisitsTable>): Promise<void> {
  await db.insertInto('care_visits').values(row).execute();
}

// ---- approvals ----

export type ApprovalListRow = ApprovalRow & { person_name: string | null };

function approvalSelect(db: Db) {
  return db
    .selectFrom('care_approvals')
    .innerJoin('care_cases', (j) => j.onRef('care_cases.area_code', '=', 'care_approvals.area_code').onRef('care_cases.id', '=', 'care_approvals.case_id'))
    .leftJoin('persons', (j) => j.onRef('persons.area_code', '=', 'care_cases.area_code').onRef('persons.id', '=', 'care_cases.person_id'))
    .selectAll('care_approvals')
    .select('persons.name as person_name');
}

export async function approvalsOf(db: Db, areaCode: string, caseId: string): Promise<ApprovalListRow[]> {
  return approvalSelect(db).where('care_approvals.area_code', '=', areaCode).where('care_approvals.case_id', '=', caseId).orderBy('care_approvals.requested_at').orderBy('care_approvals.id').execute();
}

export async function approvalById(db: Db, id: string): Promise<ApprovalListRow | undefined> {
  return approvalSelect(db).where('care_approvals.id', '=', id).executeTakeFirst();
}

export async function pendingApproval(db: Db, areaCode: string, caseId: string): Promise<ApprovalRow | undefined> {
  return db.selectFrom('care_approvals').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).where('status', '=', 'requested').executeTakeFirst();
}

/** Approvals in the scope; with `memberId`, only those of cases this user owns or is on the team of. */
export async function listApprovals(db: Db, scope: string, status: string, offset: number, limit: number, memberId?: string): Promise<{ rows: ApprovalListRow[]; total: number }> {
  const filtered = approvalSelect(db)
    .where((eb) => withinArea(eb, 'care_approvals.area_code', scope))
    .where('care_approvals.status', '=', status)
    .$if(memberId !== undefined, (q) =>
      q.where(ownerOrOnTeam(memberId!)),
    );
  const rows = await filtered.orderBy('care_approvals.requested_at').orderBy('care_approvals.id').limit(limit).offset(offset).execute();
  const count = await filtered.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function insertApproval(db: Db, row: Insertable<CareApprovalsTable>): Promise<void> {
  await db.insertInto('care_approvals').values(row).execute();
}

export async function decideApproval(db: Db, row: { area_code: string; id: string; version: number }, changes: Partial<Insertable<CareApprovalsTable>>): Promise<boolean> {
  const result = await db
    .updateTable('care_approvals')
    .set({ ...changes, version: row.version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- visit policies ----

/** The policies set for the area or any area above it, the most specific first. */
export async function policiesFor(db: Db, areaCode: string): Promise<PolicyRow[]> {
  const prefixes = [2, 4, 6, 9, 12].filter((n) => n <= areaCode.length).map((n) => areaCode.slice(0, n));
  return db.selectFrom('care_visit_policies').selectAll().where('area_code', 'in', prefixes).execute().then((rows) => rows.sort((a, b) => b.area_code.length - a.area_code.length));
}

export async function allPolicies(db: Db): Promise<PolicyRow[]> {
  return db.selectFrom('care_visit_policies').selectAll().execute();
}

export async function upsertPolicy(db: Db, row: Insertable<CareVisitPoliciesTable>): Promise<void> {
  await db
    .insertInto('care_visit_policies')
    .values(row)
    .onConflict((oc) =>
      oc.column('area_code').doUpdateSet({
        high: row.high,
        medium: row.medium,
        low: row.low,
        escalate_after_days: row.escalate_after_days,
        version: sql`care_visit_policies.version + 1`,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

// ---- people the cases rest on (residents registry, accounts) ----

export async function personOf(db: Db, areaCode: string, id: string) {
  return db
    .selectFrom('persons')
    .select(['area_code', 'id', 'name', 'birth_date', 'household_id', 'residence_status'])
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function personById(db: Db, id: string) {
  return db.selectFrom('persons').select(['area_code', 'id', 'name', 'birth_date', 'household_id', 'residence_status']).where('id', '=', id).executeTakeFirst();
}

/** Household members away (外出), to copy onto a new case with where they are. */
export async function awayMembersOfHousehold(db: Db, areaCode: string, householdId: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'relation', 'away_to', 'away_since'])
    .where('area_code', '=', areaCode)
    .where('household_id', '=', householdId)
    .where('residence_status', '=', 'outflow')
    .orderBy('birth_date')
    .execute();
}

export async function flagById(db: Db, id: string) {
  return db.selectFrom('left_behind_flags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function userById(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'scope_code', 'locked']).where('id', '=', id).executeTakeFirst();
}

/**
 * Active accounts of `roles` whose scope is one of `scopes` (the case's community and the areas
 * above it), the owner left out: who may join a case's team. The narrowest scopes first.
 */
export async function teamCandidates(db: Db, scopes: string[], roles: readonly string[], ownerId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'scope_code'])
    .where('scope_code', 'in', scopes)
    .where('role', 'in', [...roles])
    .where('locked', '=', false as never)
    .where('id', '!=', ownerId)
    .orderBy('scope_code', 'desc')
    .orderBy('username')
    .limit(500)
    .execute();
}

/**
 * The supervisors of a community: unlocked officials and social workers whose scope is the
 * community's township or an area above it (never the community alone).
 */
export async function supervisorsOf(db: Db, areaCode: string): Promise<{ id: string }[]> {
  const prefixes = [2, 4, 6, 9].filter((n) => n < areaCode.length).map((n) => areaCode.slice(0, n));
  return db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['official', 'socialWorker'])
    .where('scope_code', 'in', prefixes)
    .where('locked', '=', false as never)
    .execute();
}

/** Unlocked officials and social workers whose scope is one of `scopes` (areas above a community). */
export async function supervisorsWithScopes(db: Db, scopes: string[]): Promise<{ id: string; scope_code: string }[]> {
  const out: { id: string; scope_code: string }[] = [];
  for (let i = 0; i < scopes.length; i += 500) {
    const chunk = scopes.slice(i, i + 500).filter((s) => s.length < 12);
    if (chunk.length === 0) continue;
    out.push(...(await db.selectFrom('users').select(['id', 'scope_code']).where('role', 'in', ['official', 'socialWorker']).where('scope_code', 'in', chunk).where('locked', '=', false as never).orderBy('id').execute()));
  }
  return out;
}

export async function areaNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const r of await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes.slice(i, i + 500)).execute()) out.set(r.code, r.name);
  }
  return out;
}

// ---- the sweep ----

export async function casesToCheck(db: Db, today: string, limit: number): Promise<CaseRow[]> {
  let q = db.selectFrom('care_cases').selectAll().where('next_check_on', '<=', today).orderBy('next_check_on').limit(limit);
  if (locksRows(db)) q = q.forUpdate().skipLocked();
  return q.execute();
}

/** A case's new schedule, to be written if its version is still the one read. */
export interface ScheduleChange {
  area_code: string;
  id: string;
  version: number;
  visit_due_on: string | null;
  visit_stage: number;
  next_check_on: string | null;
}

/** Rows per UPDATE … FROM (VALUES …): 7 parameters each, far under both engines' limits. */
const SCHEDULE_ROWS = 500;

/**
 * Writes many cases' schedules in one statement per SCHEDULE_ROWS (UPDATE … FROM VALUES, which
 * SQLite ≥ 3.33 and PostgreSQL both read; a VALUES list's columns are column1… on both). Each row
 * is a compare-and-set on its version, like updateCase; answers the ids written. The ids are
 * named again in an IN list: without it SQLite scans the whole table and probes the VALUES list
 * (its planner puts the target table outside the join), with it it walks care_cases_id_idx.
 */
export async function updateSchedules(db: Db, changes: ScheduleChange[], now: string): Promise<Set<string>> {
  const written = new Set<string>();
  for (let i = 0; i < changes.length; i += SCHEDULE_ROWS) {
    const chunk = changes.slice(i, i + SCHEDULE_ROWS);
    const rows = chunk.map((c) => sql`(cast(${c.area_code} as varchar(12)), cast(${c.id} as varchar(36)), cast(${c.version} as integer), cast(${c.visit_due_on} as varchar(10)), cast(${c.visit_stage} as integer), cast(${c.next_check_on} as varchar(10)))`);
    const result = await sql<{ id: string }>`
      update care_cases
      set visit_due_on = v.column4, visit_stage = v.column5, next_check_on = v.column6, updated_at = ${now}, version = care_cases.version + 1
      from (values ${sql.join(rows)}) as v
      where care_cases.area_code = v.column1 and care_cases.id = v.column2 and care_cases.version = v.column3
        and care_cases.id in (${sql.join(chunk.map((c) => c.id))})
      returning id`.execute(db);
    for (const r of result.rows) written.add(r.id);
  }
  return written;
}

export async function birthDatesOf(db: Db, keys: { area_code: string; person_id: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await db
      .selectFrom('persons')
      .select(['id', 'birth_date'])
      .where('id', 'in', chunk.map((k) => k.person_id))
      .execute();
    for (const r of rows) out.set(r.id, r.birth_date);
  }
  return out;
}

/** Open left-behind cases whose flag no longer applies (rules found it gone) or was rejected. */
export async function casesWithEndedFlags(db: Db, limit: number): Promise<CaseRow[]> {
  return db
    .selectFrom('care_cases')
    .innerJoin('left_behind_flags', (j) => j.onRef('left_behind_flags.area_code', '=', 'care_cases.area_code').onRef('left_behind_flags.id', '=', 'care_cases.flag_id'))
    .selectAll('care_cases')
    .where('care_cases.status', '=', 'open')
    .where('care_cases.group_ended_on', 'is', null)
    .where((eb) => eb.or([eb('left_behind_flags.applies', '=', false as never), eb('left_behind_flags.status', '=', 'rejected')]))
    .limit(limit)
    .execute();
}

/** Household members away on open cases whom the registry now shows home again. */
export async function returnedAwayMembers(db: Db, limit: number): Promise<(AwayRow & { case_status: string })[]> {
  return db
    .selectFrom('care_case_away_members')
    .innerJoin('persons', 'persons.id', 'care_case_away_members.person_id')
    .innerJoin('care_cases', (j) => j.onRef('care_cases.area_code', '=', 'care_case_away_members.area_code').onRef('care_cases.id', '=', 'care_case_away_members.case_id'))
    .selectAll('care_case_away_members')
    .select('care_cases.status as case_status')
    .where('care_case_away_members.returned_on', 'is', null)
    .where('care_cases.status', '=', 'open')
    .where('persons.residence_status', '<>', 'outflow')
    .limit(limit)
    .execute();
}

export async function markReturned(db: Db, row: { area_code: string; id: string }, today: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('care_case_away_members')
    .set({ returned_on: today, updated_at: now })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('returned_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Households with a left-behind-child flag still applying to someone born on or before `bornBy` (16 by today). */
export async function householdsWithAgedOutChildFlags(db: Db, bornBy: string, limit: number): Promise<{ area_code: string; household_id: string }[]> {
  return db
    .selectFrom('left_behind_flags')
    .innerJoin('persons', (j) => j.onRef('persons.area_code', '=', 'left_behind_flags.area_code').onRef('persons.id', '=', 'left_behind_flags.person_id'))
    .select(['left_behind_flags.area_code', 'left_behind_flags.household_id'])
    .distinct()
    .where('left_behind_flags.kind', '=', 'leftBehindChild')
    .where('left_behind_flags.applies', '=', true as never)
    .where('persons.birth_date', '<=', bornBy)
    .limit(limit)
    .execute();
}

// ---- the indicator ----

export interface IndicatorCaseRow {
  area_code: string;
  id: string;
  risk_level: string;
  opened_on: string;
  closed_on: string | null;
  status: string;
  visit_stage: number;
}

/** Cases open at some time in [from, to] in the area. */
export async function casesOpenIn(db: Db, scope: string, from: string, to: string): Promise<IndicatorCaseRow[]> {
  return db
    .selectFrom('care_cases')
    .select(['area_code', 'id', 'risk_level', 'opened_on', 'closed_on', 'status', 'visit_stage'])
    .where((eb) => withinArea(eb, 'care_cases.area_code', scope))
    .where('opened_on', '<=', to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', from)]))
    .execute();
}

/** Visit days of the cases in the area up to `to`, by case. */
export async function visitDaysIn(db: Db, scope: string, to: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('care_visits')
    .select(['case_id', 'visited_on'])
    .where((eb) => withinArea(eb, 'care_visits.area_code', scope))
    .where('visited_on', '<=', to)
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push(r.visited_on);
    out.set(r.case_id, list);
  }
  return out;
}

/**
 * The risk level each case of the area had on `asOf`, for the cases whose level an approved risk
 * change moved after that day: the `from_level` of the first such change (an approval applies from
 * the China day it was decided). Cases not in the map had their current level. One query.
 */
export async function riskLevelsOn(db: Db, scope: string, asOf: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('care_approvals')
    .select(['case_id', 'from_level', 'decided_at'])
    .where((eb) => withinArea(eb, 'care_approvals.area_code', scope))
    .where('kind', '=', 'riskChange')
    .where('status', '=', 'approved')
    .where('decided_at', '>=', endOfChinaDay(asOf))
    .execute();
  const first = new Map<string, { at: number; level: string }>();
  for (const r of rows) {
    const at = new Date(r.decided_at as string).getTime();
    const seen = first.get(r.case_id);
    if (r.from_level && (!seen || at < seen.at)) first.set(r.case_id, { at, level: r.from_level });
  }
  return new Map([...first].map(([id, v]) => [id, v.level]));
}

// ---- the figures beside the indicator ----

export interface FigureCaseRow {
  area_code: string;
  id: string;
  risk_level: string;
  opened_on: string;
  /** The community's urban/rural kind (its override first), null when unknown. */
  kind: string | null;
}

/** Cases open on `asOf` (opened by then, not closed by then) in the area, with their community's kind. */
export async function casesOpenOn(db: Db, scope: string, asOf: string): Promise<FigureCaseRow[]> {
  return db
    .selectFrom('care_cases')
    .leftJoin('areas', 'areas.code', 'care_cases.area_code')
    .select(['care_cases.area_code', 'care_cases.id', 'care_cases.risk_level', 'care_cases.opened_on', sql<string | null>`coalesce(areas.kind_override, areas.kind)`.as('kind')])
    .where((eb) => withinArea(eb, 'care_cases.area_code', scope))
    .where('care_cases.opened_on', '<=', asOf)
    .where((eb) => eb.or([eb('care_cases.closed_on', 'is', null), eb('care_cases.closed_on', '>', asOf)]))
    .execute();
}

/** The latest visit day up to `asOf` of each case in the area that has one. */
export async function lastVisitsOn(db: Db, scope: string, asOf: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('care_visits')
    .select(['case_id', (eb) => eb.fn.max('visited_on').as('last')])
    .where((eb) => withinArea(eb, 'care_visits.area_code', scope))
    .where('visited_on', '<=', asOf)
    .groupBy('case_id')
    .execute();
  return new Map(rows.map((r) => [r.case_id, String(r.last)]));
}

/** The case plans of the area: when each was written and is to be reviewed. */
export async function plansIn(db: Db, scope: string): Promise<{ case_id: string; review_on: string | null; created_at: string | Date }[]> {
  return db
    .selectFrom('care_plans')
    .select(['case_id', 'review_on', 'created_at'])
    .where((eb) => withinArea(eb, 'care_plans.area_code', scope))
    .execute();
}

/**
 * The review day each plan of the area had on `asOf`: that of its last save on a China day up to
 * then (care_plan_revisions). A plan with no save recorded by then is not in the map. One query.
 */
export async function planReviewDaysOn(db: Db, scope: string, asOf: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('care_plan_revisions')
    .select(['case_id', 'review_on', 'saved_at'])
    .where((eb) => withinArea(eb, 'care_plan_revisions.area_code', scope))
    .where('saved_at', '<', endOfChinaDay(asOf))
    .execute();
  const last = new Map<string, { at: number; review: string | null }>();
  for (const r of rows) {
    const at = new Date(r.saved_at as string).getTime();
    const seen = last.get(r.case_id);
    if (!seen || at >= seen.at) last.set(r.case_id, { at, review: r.review_on });
  }
  return new Map([...last].map(([id, v]) => [id, v.review]));
}

export async function areaNamed(db: Db, code: string): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('areas').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function childAreasOf(db: Db, code: string): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('areas').select(['code', 'name']).where('parent_code', '=', code).orderBy('code').execute();
}
