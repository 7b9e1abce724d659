/**
 * SQL of competitive calls (竞争承接): calls with their criteria, invitations and panel; enquiries;
 * bids and their teams; sealed scores; complaints; the contract and its payment milestones; and the
 * registry read models a call consults (organizations, organization members, workers'
 * qualifications, evaluator accounts). The only file of calls that writes SQL.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import * as organizations from '../people/organizations.repository.ts';
import * as workers from '../people/workers.repository.ts';
import type {
  LinkageBidsTable,
  LinkageBidTeamTable,
  LinkageCallsTable,
  LinkageComplaintsTable,
  LinkageContractsTable,
  LinkageCriteriaTable,
  LinkageEnquiriesTable,
  LinkagePaymentMilestonesTable,
  LinkageScoresTable,
} from '../../db/tables/linkage-procurement.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

export async function findCall(db: Db, id: string) {
  return db
    .selectFrom('linkage_calls as c')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'c.area_code').onRef('p.id', '=', 'c.project_id'))
    .selectAll('c')
    .select(['p.title as project_title', 'p.budget_cents', 'p.required_statuses', 'p.required_grade', 'p.required_social_workers', 'p.status as project_status', 'p.version as project_version'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type CallRow = NonNullable<Awaited<ReturnType<typeof findCall>>>;

export async function activeCallOf(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_calls').select(['id', 'status']).where('area_code', '=', areaCode).where('project_id', '=', projectId).where('status', '!=', 'cancelled').executeTakeFirst();
}

export async function criteriaOf(db: Db, areaCode: string, callId: string) {
  return db.selectFrom('linkage_criteria').selectAll().where('area_code', '=', areaCode).where('call_id', '=', callId).orderBy('position').execute();
}

export async function invitationsOf(db: Db, areaCode: string, callId: string) {
  return db
    .selectFrom('linkage_call_invitations as i')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'i.organization_area_code').onRef('o.id', '=', 'i.organization_id'))
    .select(['i.organization_id', 'o.name'])
    .where('i.area_code', '=', areaCode)
    .where('i.call_id', '=', callId)
    .execute();
}

export async function panelOf(db: Db, areaCode: string, callId: string) {
  return db
    .selectFrom('linkage_panel_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.declaration', 'm.declared_at', 'm.conflict_note', 'u.display_name'])
    .where('m.area_code', '=', areaCode)
    .where('m.call_id', '=', callId)
    .orderBy('m.added_at')
    .execute();
}

export async function panelMember(db: Db, areaCode: string, callId: string, userId: string) {
  return db.selectFrom('linkage_panel_members').selectAll().where('area_code', '=', areaCode).where('call_id', '=', callId).where('user_id', '=', userId).executeTakeFirst();
}

export async function declare(db: Db, areaCode: string, callId: string, userId: string, declaration: string, note: string | null): Promise<void> {
  await db
    .updateTable('linkage_panel_members')
    .set({ declaration, conflict_note: note, declared_at: new Date().toISOString() })
    .where('area_code', '=', areaCode)
    .where('call_id', '=', callId)
    .where('user_id', '=', userId)
    .execute();
}

export async function enquiriesOf(db: Db, areaCode: string, callId: string) {
  return db.selectFrom('linkage_enquiries').selectAll().where('area_code', '=', areaCode).where('call_id', '=', callId).orderBy('asked_at').execute();
}

export async function insertEnquiry(db: Db, row: Insertable<LinkageEnquiriesTable>): Promise<void> {
  await db.insertInto('linkage_enquiries').values(row).execute();
}

export async function answerEnquiry(db: Db, areaCode: string, callId: string, id: string, answer: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('linkage_enquiries')
    .set({ answer, answered_by: by, answered_at: new Date().toISOString() })
    .where('area_code', '=', areaCode)
    .where('call_id', '=', callId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const bidColumns = [
  'b.area_code',
  'b.call_id',
  'b.id',
  'b.organization_id',
  'b.organization_area_code',
  'b.proposal_title',
  'b.budget_cents',
  'b.volunteers_planned',
  'b.status',
  'b.score',
  'b.rank',
  'b.submitted_at',
  'b.eligibility',
] as const;

export async function bidsOf(db: Db, areaCode: string, callId: string) {
  return db
    .selectFrom('linkage_bids as b')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .select([...bidColumns, 'o.name as organization_name'])
    .select((eb) => [
      eb.selectFrom('linkage_bid_team as t').select((e) => e.fn.countAll<number>().as('n')).whereRef('t.area_code', '=', 'b.area_code').whereRef('t.bid_id', '=', 'b.id').as('team_size'),
      eb
        .selectFrom('linkage_bid_team as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.area_code', '=', 'b.area_code')
        .whereRef('t.bid_id', '=', 'b.id')
        .where('t.certified', '=', true)
        .as('certified_count'),
    ])
    .where('b.area_code', '=', areaCode)
    .where('b.call_id', '=', callId)
    .orderBy('b.submitted_at')
    .execute();
}
export type BidRow = Awaited<ReturnType<typeof bidsOf>>[number];

export async function findBid(db: Db, id: string) {
  return db
    .selectFrom('linkage_bids as b')
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'b.organization_area_code').onRef('o.id', '=', 'b.organization_id'))
    .selectAll('b')
    .select('o.name as organization_name')
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export async function teamOf(db: Db, areaCode: string, bidIds: readonly string[]) {
  if (bidIds.length === 0) return [];
  return db
    .selectFrom('linkage_bid_team as t')
    .leftJoin('workers as w', 'w.id', 't.worker_id')
    .select(['t.bid_id', 't.worker_id', 't.role', 't.certified', 'w.name'])
    .where('t.area_code', '=', areaCode)
    .where('t.bid_id', 'in', bidIds)
    .orderBy('w.name')
    .execute();
}

export async function insertBid(db: Db, bid: Insertable<LinkageBidsTable>, team: Insertable<LinkageBidTeamTable>[]): Promise<void> {
  await db.insertInto('linkage_bids').values(bid).execute();
  if (team.length) await db.insertInto('linkage_bid_team').values(team).execute();
}

export async function bidOfOrganization(db: Db, callId: string, organizationId: string) {
  return db.selectFrom('linkage_bids').select(['id', 'status']).where('call_id', '=', callId).where('organization_id', '=', organizationId).executeTakeFirst();
}

export async function setBidResult(db: Db, areaCode: string, id: string, changes: { score?: number | null; rank?: number | null; status?: string }): Promise<void> {
  await db.updateTable('linkage_bids').set(changes).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function scoresOf(db: Db, areaCode: string, callId: string) {
  return db.selectFrom('linkage_scores').selectAll().where('area_code', '=', areaCode).where('call_id', '=', callId).execute();
}

export async function replaceScores(db: Db, areaCode: string, bidId: string, userId: string, rows: LinkageScoresTable[]): Promise<void> {
  await db.deleteFrom('linkage_scores').where('area_code', '=', areaCode).where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
  await db.insertInto('linkage_scores').values(rows).execute();
}

export async function insertCall(
  db: Db,
  call: Insertable<LinkageCallsTable>,
  criteria: LinkageCriteriaTable[],
  panel: string[],
  invited: { id: string; area_code: string }[],
  by: string,
): Promise<void> {
  await db.insertInto('linkage_calls').values(call).execute();
  await db.insertInto('linkage_criteria').values(criteria).execute();
  const at = new Date().toISOString();
  await db
    .insertInto('linkage_panel_members')
    .values(panel.map((u) => ({ area_code: call.area_code, call_id: call.id, user_id: u, declaration: 'pending', conflict_note: null, declared_at: null, added_at: at, added_by: by })))
    .execute();
  if (invited.length) {
    await db
      .insertInto('linkage_call_invitations')
      .values(invited.map((o) => ({ area_code: call.area_code, call_id: call.id, organization_id: o.id, organization_area_code: o.area_code })))
      .execute();
  }
}

export async function updateCall(db: Db, id: string, version: number, changes: Partial<Insertable<LinkageCallsTable>>): Promise<boolean> {
  const r = await db
    .updateTable('linkage_calls')
    .set({ ...changes, version: version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setProjectStatus(db: Db, areaCode: string, projectId: string, status: string): Promise<void> {
  await db
    .updateTable('linkage_projects')
    .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: new Date().toISOString() }))
    .where('area_code', '=', areaCode)
    .where('id', '=', projectId)
    .execute();
}

export async function listCalls(
  db: Db,
  f: { scope: string; status?: string; withoutDrafts?: boolean; panelUser?: string; organizationId?: string | null; invitedOnly?: { organizationId: string | null }; limit: number; offset: number },
) {
  let q = db
    .selectFrom('linkage_calls as c')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'c.area_code').onRef('p.id', '=', 'c.project_id'))
    .where((eb) => withinArea(eb, 'c.area_code', f.scope));
  if (f.status) q = q.where('c.status', '=', f.status);
  // Filtered here, not after paging, so that the total and the pages count only what is shown.
  if (f.withoutDrafts) q = q.where('c.status', '<>', 'draft');
  if (f.invitedOnly) {
    // An organization's member: open calls, and calls by invitation that invite their organization.
    const invitee = f.invitedOnly.organizationId ?? '';
    q = q.where((eb) =>
      eb.or([
        eb('c.mode', '=', 'open'),
        eb.exists(eb.selectFrom('linkage_call_invitations as i').select('i.call_id').whereRef('i.area_code', '=', 'c.area_code').whereRef('i.call_id', '=', 'c.id').where('i.organization_id', '=', invitee)),
      ]),
    );
  }
  if (f.panelUser) {
    const user = f.panelUser;
    q = q.where((eb) => eb.exists(eb.selectFrom('linkage_panel_members as m').select('m.user_id').whereRef('m.area_code', '=', 'c.area_code').whereRef('m.call_id', '=', 'c.id').where('m.user_id', '=', user)));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const org = f.organizationId ?? '';
  const rows = await q
    .leftJoin('areas as a', 'a.code', 'c.area_code')
    .select([
      'c.id',
      'c.area_code',
      'a.name as area_name',
      'c.project_id',
      'p.title as project_title',
      'c.mode',
      'c.status',
      'c.submission_deadline',
      'c.evaluation_until',
      'p.budget_cents',
    ])
    .select((eb) => [
      eb.selectFrom('linkage_bids as b').select((e) => e.fn.countAll<number>().as('n')).whereRef('b.area_code', '=', 'c.area_code').whereRef('b.call_id', '=', 'c.id').as('bid_count'),
      eb.selectFrom('linkage_bids as b').select('b.id').whereRef('b.area_code', '=', 'c.area_code').whereRef('b.call_id', '=', 'c.id').where('b.organization_id', '=', org).as('my_bid_id'),
    ])
    .orderBy('c.submission_deadline', 'desc')
    .orderBy('c.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}

export async function complaintsOf(db: Db, areaCode: string, callId: string) {
  return db
    .selectFrom('linkage_complaints as k')
    .leftJoin('organizations as o', 'o.id', 'k.organization_id')
    .selectAll('k')
    .select('o.name as organization_name')
    .where('k.area_code', '=', areaCode)
    .where('k.call_id', '=', callId)
    .orderBy('k.created_at')
    .execute();
}

export async function findComplaint(db: Db, id: string) {
  return db
    .selectFrom('linkage_complaints as k')
    .leftJoin('organizations as o', 'o.id', 'k.organization_id')
    .selectAll('k')
    .select('o.name as organization_name')
    .where('k.id', '=', id)
    .executeTakeFirst();
}
export type ComplaintRow = NonNullable<Awaited<ReturnType<typeof findComplaint>>>;

export async function insertComplaint(db: Db, row: Insertable<LinkageComplaintsTable>): Promise<void> {
  await db.insertInto('linkage_complaints').values(row).execute();
}

export async function updateComplaint(db: Db, id: string, version: number, changes: Partial<Insertable<LinkageComplaintsTable>>): Promise<boolean> {
  const r = await db
    .updateTable('linkage_complaints')
    .set({ ...changes, version: version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function openComplaints(db: Db, areaCode: string, callId: string, states: readonly string[]): Promise<number> {
  const r = await db
    .selectFrom('linkage_complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_code', '=', areaCode)
    .where('call_id', '=', callId)
    .where('state', 'in', states)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertContract(db: Db, row: LinkageContractsTable, milestones: LinkagePaymentMilestonesTable[]): Promise<void> {
  await db.insertInto('linkage_contracts').values(row).execute();
  await db.insertInto('linkage_payment_milestones').values(milestones).execute();
}

export async function findContract(db: Db, id: string) {
  return db
    .selectFrom('linkage_contracts as k')
    .innerJoin('linkage_projects as p', (j) => j.onRef('p.area_code', '=', 'k.area_code').onRef('p.id', '=', 'k.project_id'))
    .leftJoin('organizations as o', (j) => j.onRef('o.area_code', '=', 'k.organization_area_code').onRef('o.id', '=', 'k.organization_id'))
    .selectAll('k')
    .select(['p.title as project_title', 'o.name as organization_name'])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export async function contractOfCall(db: Db, areaCode: string, callId: string) {
  return db.selectFrom('linkage_contracts').select('id').where('area_code', '=', areaCode).where('call_id', '=', callId).executeTakeFirst();
}

export async function milestonesOf(db: Db, areaCode: string, contractId: string) {
  return db.selectFrom('linkage_payment_milestones').selectAll().where('area_code', '=', areaCode).where('contract_id', '=', contractId).orderBy('position').execute();
}

// ---- registry read models: through the people module's repositories ----

/** Organizations by id (those that exist), with their status and current rating grade. */
export async function organizationsByIds(db: Db, ids: readonly string[]) {
  const rows = (await Promise.all([...new Set(ids)].map((id) => organizations.findOrganization(db, id)))).filter((o) => o !== undefined);
  const ratings = await organizations.currentRatings(
    db,
    rows.map((o) => o.id),
    todayInChina(),
  );
  return rows.map((o) => ({ area_code: o.area_code, area_name: o.area_name ?? null, id: o.id, name: o.name, status: o.status, grade: ratings.get(o.id)?.grade ?? null }));
}

/** Whether an organization serves a community under an area (a call's county). */
export const organizationServesWithin = (db: Db, organizationId: string, prefix: string) => organizations.servesWithin(db, organizationId, prefix);

/** Organizations registered in, or serving a community under, an area (a call's county), with status and current grade, by name. */
export async function organizationsIn(db: Db, prefix: string, limit: number) {
  const day = todayInChina();
  const { rows } = await organizations.listOrganizations(db, { scope: prefix, day, limit });
  const ratings = await organizations.currentRatings(
    db,
    rows.map((o) => o.id),
    day,
  );
  return rows.map((o) => ({ area_code: o.area_code, area_name: o.area_name ?? null, id: o.id, name: o.name, status: o.status, grade: ratings.get(o.id)?.grade ?? null }));
}

/** The organization a member account belongs to. */
export async function organizationOfUser(db: Db, userId: string) {
  const membership = await organizations.membershipOf(db, userId);
  if (!membership) return undefined;
  const o = await organizations.findOrganization(db, membership.organization_id);
  return o ? { id: o.id, area_code: o.area_code, name: o.name } : undefined;
}

const holdsVerified = (rows: readonly { status: string }[] | undefined) => (rows ?? []).some((q) => q.status === 'verified');

/** Workers by id (those that exist), with whether each holds a verified social-work qualification. */
export async function workersWithQualification(db: Db, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const [rows, qualifications] = await Promise.all([Promise.all(unique.map((id) => workers.findWorker(db, id))), workers.qualificationsOf(db, unique)]);
  return rows.filter((w) => w !== undefined).map((w) => ({ id: w.id, area_code: w.area_code, name: w.name, certified: holdsVerified(qualifications.get(w.id)) }));
}

/** Workers registered in an area (the county of a call), with whether each is certified, by name. */
export async function workersIn(db: Db, prefix: string, limit: number) {
  const { rows } = await workers.listWorkers(db, { scope: prefix, day: todayInChina(), limit });
  const qualifications = await workers.qualificationsOf(db, rows.map((w) => w.id));
  return rows.map((w) => ({ id: w.id, name: w.name, certified: holdsVerified(qualifications.get(w.id)) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Active evaluator accounts. */
export async function evaluators(db: Db) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'scope_code', 'role', 'locked']).where('role', '=', 'evaluator').orderBy('username').execute();
}

export async function usersByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'scope_code', 'role', 'locked']).where('id', 'in', ids).execute();
}

const RECORD_TABLES = {
  needs: 'linkage_needs',
  projects: 'linkage_projects',
  calls: 'linkage_calls',
  bids: 'linkage_bids',
  complaints: 'linkage_complaints',
  contracts: 'linkage_contracts',
} as const;
export type RecordKind = keyof typeof RECORD_TABLES;

/** The area of a record of the procurement half, by id (route checks before validation). */
export async function areaOfRecord(db: Db, kind: RecordKind, id: string): Promise<string | undefined> {
  const row = await db.selectFrom(RECORD_TABLES[kind]).select('area_code').where('id', '=', id).executeTakeFirst();
  return row?.area_code;
}
