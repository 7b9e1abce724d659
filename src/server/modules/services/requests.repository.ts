/**
 * The only SQL of service requests: requests, their events, attachments and idempotency keys.
 * Area names come from the areas reference table, joined by code.
 */
import { sql, type Selectable, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import { locksRows } from '../../db/row-locks.ts';
import { chinaMonth } from '../../db/china-month.ts';
import type {
  ServiceRequestAttachmentsTable,
  ServiceRequestEventsTable,
  ServiceRequestKeysTable,
  ServiceRequestsTable,
} from '../../db/tables/service-requests.ts';

export type RequestRow = Selectable<ServiceRequestsTable>;
export type NewRequestRow = Insertable<ServiceRequestsTable>;
export type RequestUpdate = Updateable<ServiceRequestsTable>;
export type EventRow = Selectable<ServiceRequestEventsTable>;
export type AttachmentRow = Selectable<ServiceRequestAttachmentsTable>;
export type KeyRow = Selectable<ServiceRequestKeysTable>;
export type RequestRowWithNames = RequestRow & { community_name: string | null; unit_name: string | null };

function withNames(db: Db) {
  return db
    .selectFrom('service_requests as r')
    .leftJoin('areas as c', 'c.code', 'r.area_code')
    .leftJoin('areas as u', 'u.code', 'r.unit_code')
    .selectAll('r')
    .select(['c.name as community_name', 'u.name as unit_name']);
}

export async function insertRequests(db: Db, rows: NewRequestRow[]): Promise<void> {
  if (rows.length) await db.insertInto('service_requests').values(rows).execute();
}

export async function insertEvents(db: Db, rows: Insertable<ServiceRequestEventsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('service_request_events').values(rows).execute();
}

export async function findRequest(db: Db, id: string): Promise<RequestRowWithNames | undefined> {
  return withNames(db).where('r.id', '=', id).executeTakeFirst();
}

/** The request's row, locked for the rest of the transaction on PostgreSQL (SQLite has one writer). */
export async function lockRequest(db: Db, areaCode: string, id: string): Promise<RequestRow | undefined> {
  const query = db.selectFrom('service_requests').selectAll().where('area_code', '=', areaCode).where('id', '=', id);
  return locksRows(db) ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

/** Writes `changes` when the row is still at `version`; false when another write got there first. */
export async function updateRequest(db: Db, areaCode: string, id: string, version: number, changes: RequestUpdate): Promise<boolean> {
  const result = await db
    .updateTable('service_requests')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function eventsOf(db: Db, areaCode: string, requestId: string, publicOnly: boolean): Promise<EventRow[]> {
  let query = db.selectFrom('service_request_events').selectAll().where('area_code', '=', areaCode).where('request_id', '=', requestId);
  if (publicOnly) query = query.where('visibility', '=', 'public');
  return query.orderBy('at').orderBy('id').execute();
}

export async function attachmentsOf(db: Db, areaCode: string, requestId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('service_request_attachments').selectAll().where('area_code', '=', areaCode).where('request_id', '=', requestId).orderBy('uploaded_at').orderBy('id').execute();
}

export async function countAttachments(db: Db, areaCode: string, requestId: string): Promise<number> {
  const row = await db
    .selectFrom('service_request_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_code', '=', areaCode)
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAttachment(db: Db, areaCode: string, requestId: string, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('service_request_attachments').selectAll().where('area_code', '=', areaCode).where('request_id', '=', requestId).where('id', '=', id).executeTakeFirst();
}

export async function insertAttachment(db: Db, row: Insertable<ServiceRequestAttachmentsTable>): Promise<void> {
  await db.insertInto('service_request_attachments').values(row).execute();
}

export async function findKey(db: Db, userId: string, key: string): Promise<KeyRow | undefined> {
  return db.selectFrom('service_request_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

export async function insertKey(db: Db, row: Insertable<ServiceRequestKeysTable>): Promise<void> {
  await db.insertInto('service_request_keys').values(row).execute();
}

// ---- lists ----

export interface RequestFilter {
  /** Applicants' communities under this prefix. */
  scope: string;
  status?: string;
  open?: boolean;
  itemCode?: string;
  channel?: string;
  applicantPersonId?: string;
  /** A resident's own: requests where they are the applicant (by account or by registry person). */
  own?: { userId: string; personId: string | null };
  submittedBy?: string;
  /** Submitted within [from, to], both ISO instants, both ends included. */
  submitted?: { from: string; to: string };
  /** Open requests whose running clock stands so at `now`. */
  standing?: { kind: 'onTime' | 'warning' | 'overdue'; now: string };
}

function filtered(db: Db, f: RequestFilter) {
  let query = withNames(db).where((eb) => withinArea(eb, 'r.area_code', f.scope));
  if (f.status) query = query.where('r.status', '=', f.status);
  if (f.open !== undefined) query = query.where('r.open', '=', f.open);
  if (f.itemCode) query = query.where('r.item_code', '=', f.itemCode);
  if (f.channel) query = query.where('r.channel', '=', f.channel);
  if (f.applicantPersonId) query = query.where('r.applicant_person_id', '=', f.applicantPersonId);
  if (f.submittedBy) query = query.where('r.submitted_by_user_id', '=', f.submittedBy);
  if (f.submitted) query = query.where('r.submitted_at', '>=', f.submitted.from).where('r.submitted_at', '<=', f.submitted.to);
  if (f.own) {
    const own = f.own;
    query = query.where((eb) => eb.or([eb('r.applicant_user_id', '=', own.userId), ...(own.personId ? [eb('r.applicant_person_id', '=', own.personId)] : [])]));
  }
  if (f.standing) query = standingFilter(query, f.standing.kind);
  return query;
}

type RequestQuery = ReturnType<typeof withNames>;

/** Stages 0/1/2+ are the sweep's view of an open request's clock: on time, warned, overdue. */
function standingFilter(query: RequestQuery, kind: 'onTime' | 'warning' | 'overdue'): RequestQuery {
  const open = query.where('r.open', '=', true);
  return kind === 'onTime' ? open.where('r.stage', '=', 0) : kind === 'warning' ? open.where('r.stage', '=', 1) : open.where('r.stage', '>=', 2);
}

export async function listRequests(db: Db, f: RequestFilter, page: { limit: number; after?: [string, string] }): Promise<{ rows: RequestRowWithNames[]; total: number }> {
  let query = filtered(db, f);
  const total = await filtered(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (page.after) {
    const [at, id] = page.after;
    query = query.where((eb) => eb.or([eb('r.submitted_at', '<', at), eb.and([eb('r.submitted_at', '=', at), eb('r.id', '<', id)])]));
  }
  const rows = await query.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).execute();
  return { rows, total: Number(total.n) };
}

export interface QueueFilter {
  unit: string;
  assignee?: string | null;
  stage?: 'onTime' | 'warning' | 'overdue';
}

/**
 * The units whose escalated requests (stage 3, "level above") come to `unit`'s queue: the units
 * directly below it (`unitAbove` in requests-scheduler.ts), as a LIKE pattern of their exact length.
 */
function belowPattern(unit: string): string | null {
  const child = unit.length === 4 ? 6 : unit.length === 6 ? 9 : unit.length === 9 ? 12 : null;
  return child === null ? null : unit + '_'.repeat(child - unit.length);
}

function queueQuery(db: Db, f: QueueFilter) {
  const below = belowPattern(f.unit);
  let query = withNames(db)
    .where((eb) => (below === null ? eb('r.unit_code', '=', f.unit) : eb.or([eb('r.unit_code', '=', f.unit), eb.and([eb('r.unit_code', 'like', below), eb('r.stage', '>=', 3)])])))
    .where('r.open', '=', true);
  if (f.assignee === null) query = query.where('r.assignee_user_id', 'is', null);
  else if (f.assignee !== undefined) query = query.where('r.assignee_user_id', '=', f.assignee);
  if (f.stage) query = standingFilter(query, f.stage);
  return query;
}

/** How many open requests the unit holds: on the queue index alone, without the joins the page needs for names. */
async function queueCount(db: Db, f: QueueFilter): Promise<{ n: number }> {
  const below = belowPattern(f.unit);
  let query = db
    .selectFrom('service_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => (below === null ? eb('unit_code', '=', f.unit) : eb.or([eb('unit_code', '=', f.unit), eb.and([eb('unit_code', 'like', below), eb('stage', '>=', 3)])])))
    .where('open', '=', true);
  if (f.assignee === null) query = query.where('assignee_user_id', 'is', null);
  else if (f.assignee !== undefined) query = query.where('assignee_user_id', '=', f.assignee);
  if (f.stage === 'onTime') query = query.where('stage', '=', 0);
  else if (f.stage === 'warning') query = query.where('stage', '=', 1);
  else if (f.stage === 'overdue') query = query.where('stage', '>=', 2);
  return query.executeTakeFirstOrThrow();
}

/** A unit's open requests and those escalated to it from the units below, soonest due first (the queue index: unit, open, due, id). */
export async function queue(db: Db, f: QueueFilter, page: { limit: number; after?: [string, string] }): Promise<{ rows: RequestRowWithNames[]; total: number }> {
  let query = queueQuery(db, f);
  if (page.after) {
    const [due, id] = page.after;
    query = query.where((eb) => eb.or([eb('r.due_at', '>', due), eb.and([eb('r.due_at', '=', due), eb('r.id', '>', id)])]));
  }
  const [rows, total] = await Promise.all([
    query.orderBy('r.due_at').orderBy('r.id').limit(page.limit).execute(),
    queueCount(db, f),
  ]);
  return { rows, total: Number(total.n) };
}

// ---- the scheduler's sweep ----

/**
 * Up to `limit` requests whose next check is due by `now`. On PostgreSQL the rows are locked and
 * rows another sweep holds are skipped (FOR UPDATE SKIP LOCKED), so concurrent sweeps share the
 * work instead of repeating it.
 */
export async function dueForCheck(db: Db, now: string, limit: number): Promise<RequestRow[]> {
  const query = db.selectFrom('service_requests').selectAll().where('next_check_at', '<=', now).orderBy('next_check_at').limit(limit);
  return locksRows(db) ? query.forUpdate().skipLocked().execute() : query.execute();
}

/** Moves a request to `stage` when it still stands at `fromStage` (a compare-and-set: a second sweep changes nothing). */
export async function advanceStage(db: Db, row: RequestRow, stage: number, nextCheckAt: string | null, now: string): Promise<boolean> {
  const result = await db
    .updateTable('service_requests')
    .set({ stage, next_check_at: nextCheckAt, updated_at: now })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('stage', '=', row.stage)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- indicators and statistics ----

/** Per community: requests decided in [from, to) and those decided within their committed limit. */
export async function decidedByCommunity(db: Db, from: string, to: string): Promise<{ area_code: string; decided: number; on_time: number }[]> {
  const rows = await db
    .selectFrom('service_requests')
    .select(['area_code'])
    .select((eb) => [
      eb.fn.countAll<number>().as('decided'),
      eb.fn.sum<number>(eb.case().when('decided_on_time', '=', true).then(1).else(0).end()).as('on_time'),
    ])
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .groupBy('area_code')
    .execute();
  return rows.map((r) => ({ area_code: r.area_code, decided: Number(r.decided), on_time: Number(r.on_time) }));
}

/** Per community: requests submitted in [from, to) (platform coverage: requests filed from a community). */
export async function submittedByCommunity(db: Db, from: string, to: string): Promise<{ area_code: string; submitted: number }[]> {
  const rows = await db
    .selectFrom('service_requests')
    .select(['area_code'])
    .select((eb) => eb.fn.countAll<number>().as('submitted'))
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy('area_code')
    .execute();
  return rows.map((r) => ({ area_code: r.area_code, submitted: Number(r.submitted) }));
}

/** Per community: ratings given in [from, to), and the sum of their points on 0–100 ((score − 1) × 25). */
export async function ratingsByCommunity(db: Db, from: string, to: string): Promise<{ area_code: string; ratings: number; points: number }[]> {
  const rows = await db
    .selectFrom('service_requests')
    .select(['area_code'])
    .select((eb) => [eb.fn.countAll<number>().as('ratings'), eb.fn.sum<number>(sql<number>`(rating_score - 1) * 25`).as('points')])
    .where('rated_at', '>=', from)
    .where('rated_at', '<', to)
    .where('rating_score', 'is not', null)
    .groupBy('area_code')
    .execute();
  return rows.map((r) => ({ area_code: r.area_code, ratings: Number(r.ratings), points: Number(r.points) }));
}

export interface GroupedCounts {
  key: string;
  submitted: number;
  decided: number;
  on_time: number;
  open_overdue: number;
  open_warning: number;
  ratings: number;
  points: number;
}

/**
 * Counts over the requests of `scope` submitted in [from, to) (decisions and ratings of the same
 * window), grouped by the first `prefixLength` digits of the community code.
 */
export async function countsByPrefix(db: Db, scope: string, prefixLength: number, from: string, to: string): Promise<GroupedCounts[]> {
  const key = sql<string>`substr(area_code, 1, ${sql.lit(prefixLength)})`;
  const inWindow = (column: string) => sql<number>`case when ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to} then 1 else 0 end`;
  const rows = await db
    .selectFrom('service_requests')
    .select(key.as('key'))
    .select((eb) => [
      eb.fn.sum<number>(inWindow('submitted_at')).as('submitted'),
      eb.fn.sum<number>(inWindow('decided_at')).as('decided'),
      eb.fn.sum<number>(sql<number>`case when decided_at >= ${from} and decided_at < ${to} and decided_on_time = ${sql.lit(true)} then 1 else 0 end`).as('on_time'),
      eb.fn.sum<number>(sql<number>`case when ${sql.ref('open')} = ${sql.lit(true)} and stage >= 2 then 1 else 0 end`).as('open_overdue'),
      eb.fn.sum<number>(sql<number>`case when ${sql.ref('open')} = ${sql.lit(true)} and stage = 1 then 1 else 0 end`).as('open_warning'),
      eb.fn.sum<number>(inWindow('rated_at')).as('ratings'),
      eb.fn.sum<number>(sql<number>`case when rated_at >= ${from} and rated_at < ${to} then (rating_score - 1) * 25 else 0 end`).as('points'),
    ])
    .where((eb) => withinArea(eb, 'area_code', scope))
    .where((eb) =>
      eb.or([
        eb.and([eb('submitted_at', '>=', from), eb('submitted_at', '<', to)]),
        eb.and([eb('decided_at', '>=', from), eb('decided_at', '<', to)]),
        eb.and([eb('rated_at', '>=', from), eb('rated_at', '<', to)]),
        eb('open', '=', true),
      ]),
    )
    .groupBy(key)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    submitted: Number(r.submitted ?? 0),
    decided: Number(r.decided ?? 0),
    on_time: Number(r.on_time ?? 0),
    open_overdue: Number(r.open_overdue ?? 0),
    open_warning: Number(r.open_warning ?? 0),
    ratings: Number(r.ratings ?? 0),
    points: Number(r.points ?? 0),
  }));
}

export async function countsByColumn(db: Db, scope: string, column: 'status' | 'channel', from: string, to: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('service_requests')
    .select([column])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => withinArea(eb, 'area_code', scope))
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy(column)
    .execute();
  return Object.fromEntries(rows.map((r) => [r[column], Number(r.n)]));
}

/** Submitted, decided and decided on time per month (months in China), in [from, to). */
export async function monthly(db: Db, scope: string, from: string, to: string): Promise<{ month: string; submitted: number; decided: number; decided_on_time: number }[]> {
  const [submitted, decided] = await Promise.all([
    db
      .selectFrom('service_requests')
      .select(chinaMonth(db, 'submitted_at').as('month'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => withinArea(eb, 'area_code', scope))
      .where('submitted_at', '>=', from)
      .where('submitted_at', '<', to)
      .groupBy(chinaMonth(db, 'submitted_at'))
      .execute(),
    db
      .selectFrom('service_requests')
      .select(chinaMonth(db, 'decided_at').as('month'))
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('decided_on_time', '=', true).then(1).else(0).end()).as('on_time')])
      .where((eb) => withinArea(eb, 'area_code', scope))
      .where('decided_at', '>=', from)
      .where('decided_at', '<', to)
      .groupBy(chinaMonth(db, 'decided_at'))
      .execute(),
  ]);
  const months = new Map<string, { month: string; submitted: number; decided: number; decided_on_time: number }>();
  const entry = (month: string) => months.get(month) ?? (months.set(month, { month, submitted: 0, decided: 0, decided_on_time: 0 }), months.get(month)!);
  for (const r of submitted) entry(r.month).submitted = Number(r.n);
  for (const r of decided) {
    const e = entry(r.month);
    e.decided = Number(r.n);
    e.decided_on_time = Number(r.on_time ?? 0);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

export async function areaNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** For the assignment: the user's role, scope and name (no password or session data). */
/** Active users with one of `roles` whose scope is one of `scopes`, by name. */
export async function assignableUsers(db: Db, scopes: string[], roles: readonly string[]): Promise<{ id: string; username: string; display_name: string; role: string; scope_code: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'scope_code'])
    .where('scope_code', 'in', scopes)
    .where('role', 'in', [...roles])
    .where('locked', '=', false)
    .orderBy('scope_code', 'desc')
    .orderBy('username')
    .limit(500)
    .execute();
}

export async function findUser(db: Db, id: string): Promise<{ id: string; username: string; display_name: string; role: string; scope_code: string; locked: boolean | number } | undefined> {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'scope_code', 'locked']).where('id', '=', id).executeTakeFirst();
}
