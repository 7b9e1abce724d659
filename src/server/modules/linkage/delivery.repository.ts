/**
 * SQL of the linkage's delivery half: activities, attendance, volunteers, milestones, evidence,
 * results, spending, evaluation rounds and responses, and the read models over the whole chain
 * (the project, call, bids, complaints and contract the procurement half keeps, the organizations
 * and areas they name) that the chain page, the OCDS face and the public notice read. The only
 * file of the delivery half that writes SQL.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type {
  LinkageActivitiesTable,
  LinkageAttendanceTable,
  LinkageActivityVolunteersTable,
  LinkageEvaluationResponsesTable,
  LinkageEvaluationRoundsTable,
  LinkageExpendituresTable,
  LinkageMilestoneEvidenceTable,
  LinkageMilestonesTable,
} from '../../db/tables/linkage-delivery.ts';
import type { Insertable } from 'kysely';

// ---- the project, as delivery needs it ----

export async function findProject(db: Db, id: string) {
  return db
    .selectFrom('linkage_projects as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.area_code', 'p.id', 'p.title', 'p.status', 'p.budget_cents', 'p.funding_source', 'p.objectives', 'p.summary', 'p.created_at', 'p.updated_at', 'a.name as area_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof findProject>>>;

export async function projectCommunities(db: Db, areaCode: string, projectId: string): Promise<string[]> {
  const rows = await db.selectFrom('linkage_project_communities').select('community_code').where('area_code', '=', areaCode).where('project_id', '=', projectId).execute();
  return rows.map((r) => r.community_code);
}

export async function budgetLines(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_budget_lines').select(['id', 'title', 'amount_cents', 'position']).where('area_code', '=', areaCode).where('project_id', '=', projectId).orderBy('position').execute();
}

export async function indicators(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_indicators').select(['id', 'kind', 'name', 'unit', 'target', 'position']).where('area_code', '=', areaCode).where('project_id', '=', projectId).orderBy('position').execute();
}

/** The project's indicators with what each has reached (one read for the delivery's results). */
export async function indicatorResults(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_indicators as i')
    .leftJoin('linkage_results as r', (j) => j.onRef('r.area_code', '=', 'i.area_code').onRef('r.project_id', '=', 'i.project_id').onRef('r.indicator_id', '=', 'i.id'))
    .select(['i.id', 'i.kind', 'i.name', 'i.unit', 'i.target', 'i.position', 'r.achieved', 'r.weight'])
    .where('i.area_code', '=', areaCode)
    .where('i.project_id', '=', projectId)
    .orderBy('i.position')
    .execute();
}

/** The project's budget lines with what has been spent on each (one read for the delivery's spending). */
export async function lineSpending(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_budget_lines as l')
    .leftJoin('linkage_expenditures as e', (j) => j.onRef('e.area_code', '=', 'l.area_code').onRef('e.project_id', '=', 'l.project_id').onRef('e.budget_line_id', '=', 'l.id'))
    .select((eb) => ['l.id', 'l.title', 'l.amount_cents', 'l.position', eb.fn.coalesce(eb.fn.sum<number>('e.amount_cents'), sql<number>`0`).as('spent_cents')])
    .where('l.area_code', '=', areaCode)
    .where('l.project_id', '=', projectId)
    .groupBy(['l.id', 'l.title', 'l.amount_cents', 'l.position'])
    .orderBy('l.position')
    .execute();
}

/** The project's contract with the organization carrying it, when there is one. */
export async function contractOf(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_contracts as c')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'c.organization_area_code').onRef('o.id', '=', 'c.organization_id'))
    .select(['c.id', 'c.call_id', 'c.bid_id', 'c.organization_id', 'c.organization_area_code', 'c.amount_cents', 'c.signed_on', 'c.starts_on', 'c.ends_on', 'o.name as organization_name', 'o.credit_code'])
    .where('c.area_code', '=', areaCode)
    .where('c.project_id', '=', projectId)
    .executeTakeFirst();
}

// ---- the project's life (contracted → delivering → closed) ----

/** Compare-and-set of the project's status: false when it is no longer `from`. */
export async function moveProjectStatus(db: Db, areaCode: string, projectId: string, from: string, to: string): Promise<boolean> {
  const r = await db
    .updateTable('linkage_projects')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: new Date().toISOString() }))
    .where('area_code', '=', areaCode)
    .where('id', '=', projectId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Complaints still open (submitted, answered, escalated) on any call of the project. */
export async function openComplaintsOfProject(db: Db, areaCode: string, projectId: string, states: readonly string[]) {
  return db
    .selectFrom('linkage_complaints as k')
    .innerJoin('linkage_calls as c', (j) => j.onRef('c.area_code', '=', 'k.area_code').onRef('c.id', '=', 'k.call_id'))
    .select(['k.id', 'k.subject', 'k.state'])
    .where('c.area_code', '=', areaCode)
    .where('c.project_id', '=', projectId)
    .where('k.state', 'in', states)
    .execute();
}

/** Waives a milestone on the way to closing: cancelled, with the reason as its note. */
export async function waiveMilestone(db: Db, areaCode: string, id: string, reason: string, at: string): Promise<void> {
  await db
    .updateTable('linkage_milestones')
    .set((eb) => ({ status: 'cancelled', met_on: null, note: reason, updated_at: at, version: eb('version', '+', 1) }))
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .execute();
}

// ---- activities ----

export async function insertActivity(db: Db, row: Insertable<LinkageActivitiesTable>): Promise<void> {
  await db.insertInto('linkage_activities').values(row).execute();
}

export async function findActivity(db: Db, id: string) {
  return db.selectFrom('linkage_activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listActivities(db: Db, areaCode: string, projectId: string, options: { before?: { heldOn: string; id: string }; limit: number }) {
  let q = db.selectFrom('linkage_activities').selectAll().where('area_code', '=', areaCode).where('project_id', '=', projectId);
  if (options.before) {
    const b = options.before;
    q = q.where((eb) => eb.or([eb('held_on', '<', b.heldOn), eb.and([eb('held_on', '=', b.heldOn), eb('id', '<', b.id)])]));
  }
  return q.orderBy('held_on', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function countActivities(db: Db, areaCode: string, projectId: string): Promise<{ activities: number; minutes: number }> {
  const row = await db
    .selectFrom('linkage_activities')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('volunteer_minutes'), sql<number>`0`).as('minutes')])
    .where('area_code', '=', areaCode)
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return { activities: Number(row.n), minutes: Number(row.minutes) };
}

export async function attendees(db: Db, areaCode: string, activityId: string) {
  return db
    .selectFrom('linkage_attendance as t')
    .innerJoin('persons as p', (j) => j.onRef('p.area_code', '=', 't.person_area_code').onRef('p.id', '=', 't.person_id'))
    .select(['t.person_id', 't.person_area_code', 't.left_behind_child', 'p.name'])
    .where('t.area_code', '=', areaCode)
    .where('t.activity_id', '=', activityId)
    .orderBy('t.recorded_at')
    .orderBy('t.person_id')
    .execute();
}

export async function attendingIds(db: Db, areaCode: string, activityId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('linkage_attendance').select('person_id').where('area_code', '=', areaCode).where('activity_id', '=', activityId).execute();
  return new Set(rows.map((r) => r.person_id));
}

export async function insertAttendance(db: Db, rows: Insertable<LinkageAttendanceTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('linkage_attendance').values(rows).execute();
}

export async function deleteAttendance(db: Db, areaCode: string, activityId: string, personId: string): Promise<number> {
  const r = await db.deleteFrom('linkage_attendance').where('area_code', '=', areaCode).where('activity_id', '=', activityId).where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Recounts an activity's attendance columns from its rows and moves its version on, compare-and-set. */
export async function recountActivity(db: Db, areaCode: string, activityId: string, at: string): Promise<void> {
  const counts = await db
    .selectFrom('linkage_attendance')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('left_behind_child', '=', sql<boolean>`true`).then(1).else(0).end()).as('children')])
    .where('area_code', '=', areaCode)
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  const minutes = await db
    .selectFrom('linkage_activity_volunteers')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('minutes'), sql<number>`0`).as('m'))
    .where('area_code', '=', areaCode)
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('linkage_activities')
    .set((eb) => ({ attendance: Number(counts.n), left_behind_children: Number(counts.children ?? 0), volunteer_minutes: Number(minutes.m), updated_at: at, version: eb('version', '+', 1) }))
    .where('area_code', '=', areaCode)
    .where('id', '=', activityId)
    .execute();
}

export async function activityVolunteers(db: Db, areaCode: string, activityId: string) {
  return db
    .selectFrom('linkage_activity_volunteers as v')
    .leftJoin('volunteers as r', (j) => j.onRef('r.area_code', '=', 'v.volunteer_area_code').onRef('r.id', '=', 'v.volunteer_id'))
    .select(['v.volunteer_id', 'v.minutes', 'v.hours_id', 'r.name'])
    .where('v.area_code', '=', areaCode)
    .where('v.activity_id', '=', activityId)
    .orderBy('v.recorded_at')
    .execute();
}

export async function insertActivityVolunteer(db: Db, row: Insertable<LinkageActivityVolunteersTable>): Promise<void> {
  await db.insertInto('linkage_activity_volunteers').values(row).execute();
}

/** Distinct residents a project reached, and of them the confirmed left-behind children. */
export async function reached(db: Db, areaCode: string, projectId: string): Promise<{ persons: number; leftBehindChildren: number }> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('linkage_attendance')
        .select(['person_id', (e) => e.fn.max(e.case().when('left_behind_child', '=', sql<boolean>`true`).then(1).else(0).end()).as('child')])
        .where('area_code', '=', areaCode)
        .where('project_id', '=', projectId)
        .groupBy('person_id')
        .as('x'),
    )
    .select((eb) => [eb.fn.countAll<number>().as('persons'), eb.fn.coalesce(eb.fn.sum<number>('x.child'), sql<number>`0`).as('children')])
    .executeTakeFirstOrThrow();
  return { persons: Number(row.persons), leftBehindChildren: Number(row.children) };
}

/**
 * The delivery's counts in one round trip: activities, volunteers' minutes, distinct residents
 * reached and of them the confirmed left-behind children (as `countActivities` and `reached`).
 */
export async function deliveryCounts(db: Db, areaCode: string, projectId: string): Promise<{ activities: number; minutes: number; persons: number; leftBehindChildren: number }> {
  const { rows } = await sql<{ activities: number; minutes: number; persons: number; children: number }>`
    select
      (select count(*) from linkage_activities where area_code = ${areaCode} and project_id = ${projectId}) as activities,
      (select coalesce(sum(volunteer_minutes), 0) from linkage_activities where area_code = ${areaCode} and project_id = ${projectId}) as minutes,
      (select count(distinct person_id) from linkage_attendance where area_code = ${areaCode} and project_id = ${projectId}) as persons,
      (select count(distinct person_id) from linkage_attendance where area_code = ${areaCode} and project_id = ${projectId} and left_behind_child = ${sql<boolean>`true`}) as children`.execute(db);
  const row = rows[0]!;
  return { activities: Number(row.activities), minutes: Number(row.minutes), persons: Number(row.persons), leftBehindChildren: Number(row.children) };
}

/** The project's distinct participants (attendance of any of its activities) with their names, by name. */
export async function participantsOf(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_attendance as t')
    .innerJoin('persons as p', (j) => j.onRef('p.area_code', '=', 't.person_area_code').onRef('p.id', '=', 't.person_id'))
    .select(['t.person_id', 'p.name'])
    .distinct()
    .where('t.area_code', '=', areaCode)
    .where('t.project_id', '=', projectId)
    .orderBy('p.name')
    .orderBy('t.person_id')
    .execute();
}

export async function attended(db: Db, areaCode: string, projectId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('linkage_attendance').select('person_id').where('area_code', '=', areaCode).where('project_id', '=', projectId).where('person_id', '=', personId).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ---- milestones ----

export async function milestones(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_milestones').selectAll().where('area_code', '=', areaCode).where('project_id', '=', projectId).orderBy('position').execute();
}

export async function findMilestone(db: Db, id: string) {
  return db.selectFrom('linkage_milestones').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMilestone(db: Db, row: Insertable<LinkageMilestonesTable>): Promise<void> {
  await db.insertInto('linkage_milestones').values(row).execute();
}

/** A milestone's title, due day and weight; compare-and-set on the version and on a status still open to change. */
export async function editMilestone(db: Db, areaCode: string, id: string, version: number, set: { title: string; due_on: string; weight: number; updated_at: string }): Promise<boolean> {
  const r = await db
    .updateTable('linkage_milestones')
    .set({ ...set, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', ['scheduled', 'notMet'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Compare-and-set on the version: false when someone changed it first. */
export async function updateMilestone(db: Db, areaCode: string, id: string, version: number, set: { status: string; met_on: string | null; note: string | null; updated_at: string }): Promise<boolean> {
  const r = await db
    .updateTable('linkage_milestones')
    .set({ ...set, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function evidenceOf(db: Db, areaCode: string, milestoneIds: string[]) {
  if (milestoneIds.length === 0) return [];
  return db.selectFrom('linkage_milestone_evidence').selectAll().where('area_code', '=', areaCode).where('milestone_id', 'in', milestoneIds).orderBy('added_at').execute();
}

export async function findEvidence(db: Db, areaCode: string, milestoneId: string, id: string) {
  return db.selectFrom('linkage_milestone_evidence').selectAll().where('area_code', '=', areaCode).where('milestone_id', '=', milestoneId).where('id', '=', id).executeTakeFirst();
}

export async function insertEvidence(db: Db, row: Insertable<LinkageMilestoneEvidenceTable>): Promise<void> {
  await db.insertInto('linkage_milestone_evidence').values(row).execute();
}

// ---- results and spending ----

export async function results(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_results').selectAll().where('area_code', '=', areaCode).where('project_id', '=', projectId).execute();
}

export async function upsertResult(db: Db, row: { area_code: string; project_id: string; indicator_id: string; weight: number; achieved: number; updated_at: string; updated_by: string | null }): Promise<void> {
  await db
    .insertInto('linkage_results')
    .values(row)
    .onConflict((oc) => oc.columns(['area_code', 'project_id', 'indicator_id']).doUpdateSet({ weight: row.weight, achieved: row.achieved, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

export async function expenditures(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_expenditures').selectAll().where('area_code', '=', areaCode).where('project_id', '=', projectId).orderBy('spent_on').execute();
}

export async function insertExpenditure(db: Db, row: Insertable<LinkageExpendituresTable>): Promise<void> {
  await db.insertInto('linkage_expenditures').values(row).execute();
}

// ---- evaluation rounds ----

export async function rounds(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_evaluation_rounds').selectAll().where('area_code', '=', areaCode).where('project_id', '=', projectId).orderBy('opened_at').execute();
}

export async function findRound(db: Db, id: string) {
  return db.selectFrom('linkage_evaluation_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRound(db: Db, row: Insertable<LinkageEvaluationRoundsTable>): Promise<void> {
  await db.insertInto('linkage_evaluation_rounds').values(row).execute();
}

export async function closeRound(db: Db, areaCode: string, id: string, version: number, set: { final_score: number; grade: string; closed_at: string; credit_recorded: boolean }): Promise<boolean> {
  const r = await db
    .updateTable('linkage_evaluation_rounds')
    .set({ ...set, status: 'closed', version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markCreditRecorded(db: Db, areaCode: string, id: string): Promise<void> {
  await db.updateTable('linkage_evaluation_rounds').set({ credit_recorded: true }).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function responses(db: Db, areaCode: string, roundIds: string[]) {
  if (roundIds.length === 0) return [];
  return db.selectFrom('linkage_evaluation_responses').select(['round_id', 'rater_kind', 'score', 'respondent_key', 'user_id']).where('area_code', '=', areaCode).where('round_id', 'in', roundIds).execute();
}

export async function insertResponse(db: Db, row: Insertable<LinkageEvaluationResponsesTable>): Promise<void> {
  await db.insertInto('linkage_evaluation_responses').values(row).execute();
}

/** Open rounds in an area, with their projects (the evaluation queue). */
export async function openRoundsIn(db: Db, scope: string) {
  return db
    .selectFrom('linkage_evaluation_rounds as r')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'r.area_code').onRef('p.id', '=', 'r.project_id'))
    .select(['r.area_code', 'r.id', 'r.title', 'r.project_id', 'r.template', 'r.opened_at', 'p.title as project_title'])
    .where('r.status', '=', 'open')
    .where((eb) => withinArea(eb, 'r.area_code', scope))
    .orderBy('r.opened_at')
    .limit(200)
    .execute();
}

/** Open rounds of the projects a person attended. */
export async function openRoundsAttendedBy(db: Db, personId: string) {
  return db
    .selectFrom('linkage_evaluation_rounds as r')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'r.area_code').onRef('p.id', '=', 'r.project_id'))
    .select(['r.area_code', 'r.id', 'r.title', 'r.project_id', 'r.template', 'r.opened_at', 'p.title as project_title'])
    .where('r.status', '=', 'open')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('linkage_attendance as t')
          .select('t.person_id')
          .whereRef('t.area_code', '=', 'r.area_code')
          .whereRef('t.project_id', '=', 'r.project_id')
          .where('t.person_id', '=', personId),
      ),
    )
    .orderBy('r.opened_at')
    .limit(200)
    .execute();
}

export async function respondentKeysIn(db: Db, roundIds: { areaCode: string; id: string }[], keys: string[]): Promise<Set<string>> {
  if (roundIds.length === 0 || keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('linkage_evaluation_responses')
    .select(['round_id', 'respondent_key'])
    .where('round_id', 'in', roundIds.map((r) => r.id))
    .where('respondent_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => `${r.round_id}|${r.respondent_key}`));
}

/** Residents' responses per community in a window: the linkage's share of the satisfaction indicator. */
export async function residentScoresByCommunity(db: Db, from: string, to: string) {
  return db
    .selectFrom('linkage_evaluation_responses')
    .select((eb) => ['person_area_code', eb.fn.countAll<number>().as('ratings'), eb.fn.sum<number>('score').as('points')])
    .where('rater_kind', '=', 'residents')
    .where('person_area_code', 'is not', null)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('person_area_code')
    .execute();
}

// ---- the chain and the public faces ----

export async function projectNeeds(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_project_needs as l')
    .innerJoin('linkage_needs as n', (j) => j.onRef('n.area_code', '=', 'l.need_area_code').onRef('n.id', '=', 'l.need_id'))
    .select(['n.id', 'n.title', 'n.status', 'n.supports', 'n.created_at'])
    .where('l.area_code', '=', areaCode)
    .where('l.project_id', '=', projectId)
    .orderBy('n.created_at')
    .execute();
}

export async function callsOf(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_calls as c')
    .leftJoin('linkage_bids as b', (j) => j.onRef('b.area_code', '=', 'c.area_code').onRef('b.id', '=', 'c.awarded_bid_id'))
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select([
      'c.id',
      'c.mode',
      'c.status',
      'c.opened_at',
      'c.created_at',
      'c.questions_until',
      'c.submission_deadline',
      'c.evaluation_until',
      'c.notice_until',
      'c.awarded_at',
      'c.awarded_bid_id',
      'b.budget_cents as awarded_cents',
      'b.organization_id as awarded_organization_id',
      'o.name as awarded_organization',
      'o.credit_code as awarded_credit_code',
    ])
    .where('c.area_code', '=', areaCode)
    .where('c.project_id', '=', projectId)
    .orderBy('c.created_at')
    .execute();
}

export async function bidders(db: Db, areaCode: string, callIds: string[]) {
  if (callIds.length === 0) return [];
  return db
    .selectFrom('linkage_bids as b')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select(['b.call_id', 'b.organization_id', 'b.status', 'o.name', 'o.credit_code'])
    .where('b.area_code', '=', areaCode)
    .where('b.call_id', 'in', callIds)
    .where('b.status', '!=', 'withdrawn')
    .execute();
}

export async function complaintsOf(db: Db, areaCode: string, callIds: string[]) {
  if (callIds.length === 0) return [];
  return db
    .selectFrom('linkage_complaints')
    .select(['id', 'call_id', 'subject', 'state', 'answer', 'created_at', 'updated_at'])
    .where('area_code', '=', areaCode)
    .where('call_id', 'in', callIds)
    .orderBy('created_at')
    .execute();
}

/** Complaints on every call of a project (read beside the calls, not after them). */
export async function complaintsOfProject(db: Db, areaCode: string, projectId: string) {
  return db
    .selectFrom('linkage_complaints as k')
    .innerJoin('linkage_calls as c', (j) => j.onRef('c.area_code', '=', 'k.area_code').onRef('c.id', '=', 'k.call_id'))
    .select(['k.id', 'k.call_id', 'k.subject', 'k.state', 'k.answer', 'k.created_at', 'k.updated_at'])
    .where('c.area_code', '=', areaCode)
    .where('c.project_id', '=', projectId)
    .orderBy('k.created_at')
    .execute();
}

export async function paymentMilestones(db: Db, areaCode: string, contractId: string) {
  return db.selectFrom('linkage_payment_milestones').selectAll().where('area_code', '=', areaCode).where('contract_id', '=', contractId).orderBy('position').execute();
}

/** Projects of an area that reached at least the design (a county's OCDS package). */
export async function projectIdsIn(db: Db, scope: string, limit: number) {
  return db
    .selectFrom('linkage_projects')
    .select(['area_code', 'id'])
    .where((eb) => withinArea(eb, 'area_code', scope))
    .where('status', 'not in', ['draft', 'cancelled'])
    .orderBy('area_code')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function areaName(db: Db, code: string): Promise<string | null> {
  const row = await db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst();
  return row?.name ?? null;
}

/** Projects that include a community (designed by it, or by its township for several villages). */
export async function projectsServing(db: Db, community: string) {
  return db
    .selectFrom('linkage_projects as p')
    .select(['p.area_code', 'p.id', 'p.title', 'p.budget_cents'])
    .where((eb) =>
      eb.or([
        eb('p.area_code', '=', community),
        eb.exists(eb.selectFrom('linkage_project_communities as pc').select('pc.project_id').whereRef('pc.area_code', '=', 'p.area_code').whereRef('pc.project_id', '=', 'p.id').where('pc.community_code', '=', community)),
      ]),
    )
    .where('p.status', 'not in', ['draft', 'cancelled'])
    .orderBy('p.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function closedRoundsOf(db: Db, projects: { area_code: string; id: string }[]) {
  if (projects.length === 0) return [];
  return db
    .selectFrom('linkage_evaluation_rounds')
    .select(['area_code', 'id', 'project_id', 'title', 'final_score', 'grade', 'closed_at'])
    .where('status', '=', 'closed')
    .where('project_id', 'in', projects.map((p) => p.id))
    .orderBy('closed_at', 'desc')
    .execute();
}

// ---- bulk reads for the OCDS face: one query per table over an area (or one project) ----

type Filter = { scope: string; projectId?: string };

export async function ocdsProjects(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_projects as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.area_code', 'p.id', 'p.title', 'p.summary', 'p.objectives', 'p.status', 'p.budget_cents', 'p.funding_source', 'p.created_at', 'p.updated_at', 'a.name as area_name'])
    .where((eb) => withinArea(eb, 'p.area_code', f.scope))
    .where('p.status', 'not in', ['draft', 'cancelled']);
  if (f.projectId) q = q.where('p.id', '=', f.projectId);
  return q.orderBy('p.area_code').orderBy('p.id').execute();
}

export async function ocdsBudgetLines(db: Db, f: Filter) {
  let q = db.selectFrom('linkage_budget_lines').select(['project_id', 'id', 'title', 'amount_cents', 'position']).where((eb) => withinArea(eb, 'area_code', f.scope));
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  return q.orderBy('position').execute();
}

export async function ocdsCalls(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_calls as c')
    .leftJoin('linkage_bids as b', (j) => j.onRef('b.area_code', '=', 'c.area_code').onRef('b.id', '=', 'c.awarded_bid_id'))
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select([
      'c.project_id',
      'c.id',
      'c.mode',
      'c.status',
      'c.created_at',
      'c.opened_at',
      'c.questions_until',
      'c.submission_deadline',
      'c.evaluation_until',
      'c.notice_until',
      'c.awarded_at',
      'c.awarded_bid_id',
      'b.budget_cents as awarded_cents',
      'b.organization_id as awarded_organization_id',
      'b.organization_area_code as awarded_organization_area_code',
      'o.name as awarded_organization',
      'o.credit_code as awarded_credit_code',
    ])
    .where((eb) => withinArea(eb, 'c.area_code', f.scope))
    .where('c.status', '!=', 'draft');
  if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
  return q.orderBy('c.created_at').execute();
}

export async function ocdsBidders(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_bids as b')
    .innerJoin('linkage_calls as c', (j) => j.onRef('c.area_code', '=', 'b.area_code').onRef('c.id', '=', 'b.call_id'))
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select(['b.call_id', 'b.organization_id', 'b.organization_area_code', 'o.name', 'o.credit_code'])
    .where((eb) => withinArea(eb, 'b.area_code', f.scope))
    .where('b.status', '!=', 'withdrawn');
  if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
  return q.execute();
}

export async function ocdsContracts(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_contracts as c')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'c.organization_area_code').onRef('o.id', '=', 'c.organization_id'))
    .select(['c.project_id', 'c.id', 'c.call_id', 'c.bid_id', 'c.organization_id', 'c.organization_area_code', 'c.amount_cents', 'c.signed_on', 'c.starts_on', 'c.ends_on', 'c.created_at', 'o.name as organization_name', 'o.credit_code'])
    .where((eb) => withinArea(eb, 'c.area_code', f.scope));
  if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
  return q.execute();
}

export async function ocdsPayments(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_payment_milestones as m')
    .innerJoin('linkage_contracts as c', (j) => j.onRef('c.area_code', '=', 'm.area_code').onRef('c.id', '=', 'm.contract_id'))
    .select(['c.project_id', 'm.contract_id', 'm.id', 'm.title', 'm.amount_cents', 'm.paid_on', 'm.position'])
    .where((eb) => withinArea(eb, 'm.area_code', f.scope))
    .where('m.paid_on', 'is not', null);
  if (f.projectId) q = q.where('c.project_id', '=', f.projectId);
  return q.orderBy('m.position').execute();
}

export async function ocdsMilestones(db: Db, f: Filter) {
  let q = db.selectFrom('linkage_milestones').select(['project_id', 'id', 'title', 'due_on', 'met_on', 'status', 'updated_at', 'position']).where((eb) => withinArea(eb, 'area_code', f.scope)).where('status', '!=', 'cancelled');
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  return q.orderBy('position').execute();
}

export async function ocdsEvidence(db: Db, f: Filter) {
  let q = db
    .selectFrom('linkage_milestone_evidence as e')
    .innerJoin('linkage_milestones as m', (j) => j.onRef('m.area_code', '=', 'e.area_code').onRef('m.id', '=', 'e.milestone_id'))
    .select(['e.milestone_id', 'e.id', 'e.title', 'e.media_type'])
    .where((eb) => withinArea(eb, 'e.area_code', f.scope));
  if (f.projectId) q = q.where('m.project_id', '=', f.projectId);
  return q.execute();
}

// ---- the public notice (公示) of a community ----

export async function noticeCalls(db: Db, community: string) {
  return db
    .selectFrom('linkage_calls as c')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'c.area_code').onRef('p.id', '=', 'c.project_id'))
    .leftJoin('linkage_bids as b', (j) => j.onRef('b.area_code', '=', 'c.area_code').onRef('b.id', '=', 'c.awarded_bid_id'))
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select(['c.id', 'c.project_id', 'p.title', 'p.budget_cents', 'c.mode', 'c.status', 'c.submission_deadline', 'c.notice_until', 'c.awarded_at', 'b.budget_cents as awarded_cents', 'o.name as organization'])
    .where((eb) =>
      eb.or([
        eb('p.area_code', '=', community),
        eb.exists(eb.selectFrom('linkage_project_communities as pc').select('pc.project_id').whereRef('pc.area_code', '=', 'p.area_code').whereRef('pc.project_id', '=', 'p.id').where('pc.community_code', '=', community)),
      ]),
    )
    .where('c.status', '!=', 'draft')
    .orderBy('c.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function noticeComplaints(db: Db, calls: { id: string }[]) {
  if (calls.length === 0) return [];
  return db
    .selectFrom('linkage_complaints as k')
    .innerJoin('linkage_calls as c', (j) => j.onRef('c.area_code', '=', 'k.area_code').onRef('c.id', '=', 'k.call_id'))
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'c.area_code').onRef('p.id', '=', 'c.project_id'))
    .select(['k.id', 'k.subject', 'k.state', 'k.answer', 'k.created_at', 'p.title'])
    .where('k.call_id', 'in', calls.map((c) => c.id))
    .orderBy('k.created_at', 'desc')
    .execute();
}
