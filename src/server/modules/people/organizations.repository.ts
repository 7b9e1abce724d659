import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type {
  NewOrganizationRow,
  OrganizationAnnualReportsTable,
  OrganizationCommunitiesTable,
  OrganizationCreditRecordsTable,
  OrganizationEventsTable,
  OrganizationIncubationsTable,
  OrganizationMembersTable,
  OrganizationRatingScalesTable,
  OrganizationRatingsTable,
  OrganizationUpdate,
} from '../../db/tables/organizations.ts';

/** Organizations with the name of the area that registered, filed or guides them (the shared areas table, read only). */
function withArea(db: Db) {
  return db.selectFrom('organizations').leftJoin('areas', 'areas.code', 'organizations.area_code').selectAll('organizations').select('areas.name as area_name');
}

export type OrganizationRowWithArea = Awaited<ReturnType<typeof findOrganization>> & object;

export async function findOrganization(db: Db, id: string) {
  return withArea(db).where('organizations.id', '=', id).executeTakeFirst();
}

export async function findByCreditCode(db: Db, creditCode: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'area_code']).where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function insertOrganization(db: Db, row: NewOrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function insertOrganizations(db: Db, rows: NewOrganizationRow[], chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('organizations').values(rows.slice(i, i + chunk)).execute();
}

/** Updates when the version still matches; false when it was stale. */
export async function updateOrganization(db: Db, areaCode: string, id: string, version: number, changes: OrganizationUpdate): Promise<boolean> {
  const result = await db
    .updateTable('organizations')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function insertChunked<T extends keyof import('../../db/schema.ts').Database>(db: Db, table: T, rows: readonly object[], chunk = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rows are typed by each caller below
    await db.insertInto(table).values(rows.slice(i, i + chunk) as any).execute();
  }
}

export const insertCommunities = (db: Db, rows: OrganizationCommunitiesTable[]) => insertChunked(db, 'organization_communities', rows);
export const insertEvents = (db: Db, rows: OrganizationEventsTable[]) => insertChunked(db, 'organization_events', rows);
export const insertRatings = (db: Db, rows: OrganizationRatingsTable[]) => insertChunked(db, 'organization_ratings', rows);
export const insertCreditRecords = (db: Db, rows: OrganizationCreditRecordsTable[]) => insertChunked(db, 'organization_credit_records', rows);

export async function replaceCommunities(db: Db, organizationId: string, rows: OrganizationCommunitiesTable[]): Promise<void> {
  await db.deleteFrom('organization_communities').where('organization_id', '=', organizationId).execute();
  await insertCommunities(db, rows);
}

/** The communities each organization serves, with their names. */
export async function communitiesOf(db: Db, ids: readonly string[]): Promise<Map<string, { code: string; name: string | null }[]>> {
  const byId = new Map<string, { code: string; name: string | null }[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('organization_communities')
      .leftJoin('areas', 'areas.code', 'organization_communities.area_code')
      .select(['organization_communities.organization_id', 'organization_communities.area_code', 'areas.name'])
      .where('organization_communities.organization_id', 'in', ids.slice(i, i + 500))
      .orderBy('organization_communities.area_code')
      .execute();
    for (const r of rows) {
      const list = byId.get(r.organization_id) ?? [];
      list.push({ code: r.area_code, name: r.name });
      byId.set(r.organization_id, list);
    }
  }
  return byId;
}

/** Whether the organization serves a community under `scope`. */
export async function servesWithin(db: Db, organizationId: string, scope: string): Promise<boolean> {
  const row = await db
    .selectFrom('organization_communities')
    .select('area_code')
    .where('organization_id', '=', organizationId)
    .where((eb) => withinArea(eb, 'area_code', scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** The latest valid rating of each organization (valid on `day`). */
export async function currentRatings(db: Db, ids: readonly string[], day: string): Promise<Map<string, OrganizationRatingsTable>> {
  const byId = new Map<string, OrganizationRatingsTable>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('organization_ratings')
      .selectAll()
      .where('organization_id', 'in', ids.slice(i, i + 500))
      .orderBy('rated_on')
      .orderBy('at')
      .execute();
    for (const r of rows) byId.set(r.organization_id, r);
  }
  for (const [id, r] of byId) if (r.valid_until < day) byId.delete(id);
  return byId;
}

export async function listEvents(db: Db, areaCode: string, id: string) {
  return db.selectFrom('organization_events').selectAll().where('area_code', '=', areaCode).where('organization_id', '=', id).orderBy('date').orderBy('at').orderBy('id').execute();
}

export async function listRatings(db: Db, areaCode: string, id: string) {
  return db.selectFrom('organization_ratings').selectAll().where('area_code', '=', areaCode).where('organization_id', '=', id).orderBy('rated_on', 'desc').orderBy('at', 'desc').execute();
}

export async function findRating(db: Db, areaCode: string, organizationId: string, ratingId: string) {
  return db
    .selectFrom('organization_ratings')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('organization_id', '=', organizationId)
    .where('id', '=', ratingId)
    .executeTakeFirst();
}

export async function updateRating(db: Db, areaCode: string, id: string, changes: Partial<OrganizationRatingsTable>): Promise<void> {
  await db.updateTable('organization_ratings').set(changes).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function findIncubation(db: Db, areaCode: string, id: string) {
  return db.selectFrom('organization_incubations').selectAll().where('area_code', '=', areaCode).where('organization_id', '=', id).executeTakeFirst();
}

export async function saveIncubation(db: Db, row: OrganizationIncubationsTable): Promise<void> {
  await db.deleteFrom('organization_incubations').where('area_code', '=', row.area_code).where('organization_id', '=', row.organization_id).execute();
  await db.insertInto('organization_incubations').values(row).execute();
}

export const insertIncubations = (db: Db, rows: OrganizationIncubationsTable[]) => insertChunked(db, 'organization_incubations', rows);

export async function listAnnualReports(db: Db, areaCode: string, id: string) {
  return db.selectFrom('organization_annual_reports').selectAll().where('area_code', '=', areaCode).where('organization_id', '=', id).orderBy('year', 'desc').execute();
}

export async function saveAnnualReport(db: Db, row: OrganizationAnnualReportsTable): Promise<boolean> {
  const deleted = await db
    .deleteFrom('organization_annual_reports')
    .where('area_code', '=', row.area_code)
    .where('organization_id', '=', row.organization_id)
    .where('year', '=', row.year)
    .executeTakeFirst();
  await db.insertInto('organization_annual_reports').values(row).execute();
  return Number(deleted.numDeletedRows) > 0;
}

export async function listCreditRecords(db: Db, areaCode: string, id: string) {
  return db.selectFrom('organization_credit_records').selectAll().where('area_code', '=', areaCode).where('organization_id', '=', id).orderBy('date', 'desc').orderBy('at', 'desc').execute();
}

/**
 * The members with their account names. The users table is the accounts module's; this reads
 * two columns of it for display and never writes it.
 */
export async function listMembers(db: Db, id: string) {
  return db
    .selectFrom('organization_members')
    .innerJoin('users', 'users.id', 'organization_members.user_id')
    .select(['organization_members.user_id', 'organization_members.position', 'organization_members.added_at', 'users.username', 'users.display_name'])
    .where('organization_members.organization_id', '=', id)
    .orderBy('organization_members.added_at')
    .execute();
}

/** A user account by name, for linking a member (read only, as above). */
export async function findUserByName(db: Db, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'role', 'scope_code']).where('username', '=', username).executeTakeFirst();
}

export async function membershipOf(db: Db, userId: string) {
  return db.selectFrom('organization_members').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertMember(db: Db, row: OrganizationMembersTable): Promise<void> {
  await db.insertInto('organization_members').values(row).execute();
}

export async function deleteMember(db: Db, organizationId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('organization_members').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The rating scales set on any of the codes (the jurisdictions above an area). */
export async function scalesOn(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('organization_rating_scales').selectAll().where('area_code', 'in', [...codes]).execute();
}

export async function saveScale(db: Db, row: OrganizationRatingScalesTable): Promise<void> {
  await db.deleteFrom('organization_rating_scales').where('area_code', '=', row.area_code).execute();
  await db.insertInto('organization_rating_scales').values(row).execute();
}

// ---- lists ----

export interface ListFilter {
  /** Registered in, or serving a community under, this area. */
  scope: string;
  /** Only this organization (a member reads their own). */
  onlyId?: string | null;
  status?: string;
  management?: string;
  nature?: string;
  field?: string;
  grade?: string;
  /** Today, for current ratings. */
  day: string;
  search?: { kind: 'letters'; letters: string } | { kind: 'name'; text: string };
  after?: { name: string; id: string };
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
const like = (pattern: string) => sql<string>`${pattern} escape '\\'`;

function filtered(db: Db, f: ListFilter) {
  let query = db.selectFrom('organizations').where((eb) =>
    eb.or([
      withinArea(eb, 'organizations.area_code', f.scope),
      eb.exists(
        eb
          .selectFrom('organization_communities as oc')
          .select('oc.area_code')
          .whereRef('oc.organization_id', '=', 'organizations.id')
          .where((e) => withinArea(e, 'oc.area_code', f.scope)),
      ),
    ]),
  );
  if (f.onlyId !== undefined) query = query.where('organizations.id', '=', f.onlyId ?? '');
  if (f.status) query = query.where('organizations.status', '=', f.status);
  if (f.management) query = query.where('organizations.management', '=', f.management);
  if (f.nature) query = query.where('organizations.nature', '=', f.nature);
  // fields is a JSON array of plain words: a quoted word matches exactly one entry.
  if (f.field) query = query.where('organizations.fields', 'like', like(`%${escapeLike(JSON.stringify(f.field))}%`));
  if (f.grade) {
    const grade = f.grade;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('organization_ratings as r')
          .select('r.id')
          .whereRef('r.organization_id', '=', 'organizations.id')
          .where('r.grade', '=', grade)
          .where('r.valid_until', '>=', f.day)
          .where((e) =>
            e.not(
              e.exists(
                e
                  .selectFrom('organization_ratings as later')
                  .select('later.id')
                  .whereRef('later.organization_id', '=', 'r.organization_id')
                  .where((l) => l.or([l('later.rated_on', '>', l.ref('r.rated_on')), l.and([l('later.rated_on', '=', l.ref('r.rated_on')), l('later.at', '>', l.ref('r.at'))])])),
              ),
            ),
          ),
      ),
    );
  }
  if (f.search?.kind === 'letters') {
    const letters = escapeLike(f.search.letters);
    query = query.where((eb) => eb.or([eb('organizations.name_initials', 'like', like(`${letters}%`)), eb('organizations.name_pinyin', 'like', like(`%${letters}%`))]));
  } else if (f.search?.kind === 'name') {
    query = query.where('organizations.name', 'like', like(`%${escapeLike(f.search.text)}%`));
  }
  return query;
}

/** One page in (name, id) order, with the total matching. */
export async function listOrganizations(db: Db, f: ListFilter) {
  const query = filtered(db, f);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.leftJoin('areas', 'areas.code', 'organizations.area_code').selectAll('organizations').select('areas.name as area_name');
  if (f.after) {
    const { name, id } = f.after;
    page = page.where((eb) => eb.or([eb('organizations.name', '>', name), eb.and([eb('organizations.name', '=', name), eb('organizations.id', '>', id)])]));
  }
  const rows = await page.orderBy('organizations.name').orderBy('organizations.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

// ---- the indicator ----

/** Every status change up to a day (exclusive), oldest first: what the status was on any day before it. */
export async function statusHistoryBefore(db: Db, day: string) {
  return db.selectFrom('organization_events').select(['organization_id', 'date', 'to_status']).where('date', '<', day).orderBy('organization_id').orderBy('date').orderBy('at').orderBy('id').execute();
}

export async function allServedCommunities(db: Db) {
  return db.selectFrom('organization_communities').select(['organization_id', 'area_code']).execute();
}
