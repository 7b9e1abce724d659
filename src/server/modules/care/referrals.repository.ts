import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { CareConsentsTable, CarePlansTable, CareReferralEventsTable, CareReferralsTable } from '../../db/tables/care-referrals.ts';

export type PlanRow = Selectable<CarePlansTable>;
export type ReferralRow = Selectable<CareReferralsTable>;
export type ReferralEventRow = Selectable<CareReferralEventsTable>;
export type ConsentRow = Selectable<CareConsentsTable>;

/**
 * The only SQL of case plans, referrals and consents. It also reads, by key and read-only, the
 * facts of other parts a referral must name: the case (care: cases), the person's name (residents),
 * the target's name and area (services catalog, organizations, facilities) and an organization
 * member's organization (people), as mandates.repository.ts does for its principal.
 */

// ---- the case and reference facts ----

export interface CaseFacts {
  area_code: string;
  id: string;
  person_id: string;
  status: string;
  owner_id: string;
  last_visit_on: string | null;
  visit_due_on: string | null;
  person_name: string;
  birth_date: string;
}

export async function findCase(db: Db, id: string): Promise<CaseFacts | undefined> {
  return db
    .selectFrom('care_cases')
    .innerJoin('persons', (j) => j.onRef('persons.area_code', '=', 'care_cases.area_code').onRef('persons.id', '=', 'care_cases.person_id'))
    .select([
      'care_cases.area_code',
      'care_cases.id',
      'care_cases.person_id',
      'care_cases.status',
      'care_cases.owner_id',
      'care_cases.last_visit_on',
      'care_cases.visit_due_on',
      'persons.name as person_name',
      'persons.birth_date',
    ])
    .where('care_cases.id', '=', id)
    .executeTakeFirst();
}

/** The open case of a person, if any (newest first). */
export async function openCaseOfPerson(db: Db, areaCode: string, personId: string): Promise<CaseFacts | undefined> {
  const row = await db
    .selectFrom('care_cases')
    .select('id')
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .orderBy('opened_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? findCase(db, row.id) : undefined;
}

export async function organizationOfMember(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('organization_members').select('organization_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.organization_id ?? null;
}

export async function findOrganization(db: Db, id: string): Promise<{ id: string; name: string; area_code: string; status: string } | undefined> {
  return db.selectFrom('organizations').select(['id', 'name', 'area_code', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function findFacility(db: Db, id: string): Promise<{ id: string; name: string; area_code: string; status: string } | undefined> {
  return db.selectFrom('facilities').select(['id', 'name', 'area_code', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function usersById(db: Db, ids: string[]): Promise<Map<string, { username: string; display_name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

// ---- plans ----

export async function findPlan(db: Db, caseId: string): Promise<PlanRow | undefined> {
  return db.selectFrom('care_plans').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertPlan(db: Db, row: Insertable<CarePlansTable>): Promise<void> {
  await db.insertInto('care_plans').values(row).execute();
}

/** Records the review day a plan was saved with (the figures read a past day's plan from these). */
export async function insertPlanRevision(db: Db, row: { area_code: string; case_id: string; review_on: string | null; saved_at: string }): Promise<void> {
  await db.insertInto('care_plan_revisions').values({ ...row, id: newId() }).execute();
}

export async function updatePlan(db: Db, areaCode: string, id: string, version: number, changes: Updateable<CarePlansTable>): Promise<boolean> {
  const result = await db
    .updateTable('care_plans')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- referrals ----

export async function findReferral(db: Db, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('care_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReferral(db: Db, row: Insertable<CareReferralsTable>): Promise<void> {
  await db.insertInto('care_referrals').values(row).execute();
}

export async function updateReferral(db: Db, areaCode: string, id: string, version: number, changes: Updateable<CareReferralsTable>): Promise<boolean> {
  const result = await db
    .updateTable('care_referrals')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReferralEvent(db: Db, row: Insertable<CareReferralEventsTable>): Promise<void> {
  await db.insertInto('care_referral_events').values(row).execute();
}

export async function eventsOf(db: Db, referralIds: string[]): Promise<Map<string, ReferralEventRow[]>> {
  const map = new Map<string, ReferralEventRow[]>();
  if (referralIds.length === 0) return map;
  const rows = await db.selectFrom('care_referral_events').selectAll().where('referral_id', 'in', referralIds).orderBy('at').orderBy('id').execute();
  for (const row of rows) map.set(row.referral_id, [...(map.get(row.referral_id) ?? []), row]);
  return map;
}

export async function referralsOfCase(db: Db, areaCode: string, caseId: string): Promise<ReferralRow[]> {
  return db
    .selectFrom('care_referrals')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface ReferralFilter {
  scope?: string;
  target?: { kind: string; id: string };
  status?: string;
  targetKind?: string;
  /** Still in progress with respond_by before this instant. */
  overdueAt?: string;
  after?: { createdAt: string; id: string };
  /** Only referrals of cases this user owns or is on the team of. */
  memberId?: string;
  limit: number;
}

export async function listReferrals(db: Db, f: ReferralFilter): Promise<{ rows: ReferralRow[]; total: number }> {
  let q = db.selectFrom('care_referrals');
  if (f.scope !== undefined) {
    const scope = f.scope;
    q = q.where((eb) => withinArea(eb, 'care_referrals.area_code', scope));
  }
  if (f.target) q = q.where('target_kind', '=', f.target.kind).where('target_id', '=', f.target.id);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.targetKind) q = q.where('target_kind', '=', f.targetKind);
  if (f.overdueAt) q = q.where('status', '=', 'inProgress').where('respond_by', '<', f.overdueAt);
  if (f.memberId !== undefined) {
    const member = f.memberId;
    q = q.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('care_cases').select('care_cases.id').whereRef('care_cases.area_code', '=', 'care_referrals.area_code').whereRef('care_cases.id', '=', 'care_referrals.case_id').where('care_cases.owner_id', '=', member)),
        eb.exists(
          eb.selectFrom('care_case_team').select('care_case_team.user_id').whereRef('care_case_team.area_code', '=', 'care_referrals.area_code').whereRef('care_case_team.case_id', '=', 'care_referrals.case_id').where('care_case_team.user_id', '=', member),
        ),
      ]),
    );
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let page = q.selectAll();
  if (f.after) {
    const after = f.after;
    page = page.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
  }
  const rows = await page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return { rows, total };
}

/** Open referrals of a case (in progress or accepted): closing it is refused while there are any. */
export async function openReferralsOfCase(db: Db, caseId: string): Promise<ReferralRow[]> {
  return db.selectFrom('care_referrals').selectAll().where('case_id', '=', caseId).where('status', 'in', ['inProgress', 'accepted']).orderBy('created_at').execute();
}

export async function personNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('persons').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---- consents ----

export async function consentsOf(db: Db, areaCode: string, personId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('care_consents')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .orderBy('given_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The consent in force for a purpose: the newest not withdrawn. */
export async function activeConsent(db: Db, areaCode: string, personId: string, purpose: string): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('care_consents')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null)
    .orderBy('given_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function findConsent(db: Db, id: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('care_consents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertConsent(db: Db, row: Insertable<CareConsentsTable>): Promise<void> {
  await db.insertInto('care_consents').values(row).execute();
}

export async function withdrawConsent(db: Db, row: ConsentRow, by: { userId: string; username: string }, at: string): Promise<boolean> {
  const result = await db
    .updateTable('care_consents')
    .set({ withdrawn_at: at, withdrawn_by: by.userId, withdrawn_by_username: by.username, version: row.version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
