import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type {
  NewWorkerRow,
  WorkerPostRow,
  WorkerPostsTable,
  WorkerQualificationRow,
  WorkerQualificationsTable,
  WorkerRegistrationRow,
  WorkerRegistrationsTable,
  WorkerRow,
  WorkerSupervisionsTable,
  WorkerTrainingRow,
  NewWorkerTrainingRow,
  WorkerUpdate,
} from '../../db/tables/workers.ts';

export type WorkerRowWithArea = WorkerRow & { area_name: string | null };
export type PostRowWithArea = WorkerPostRow & { area_name: string | null };

function workersWithArea(db: Db) {
  return db.selectFrom('workers').leftJoin('areas', 'areas.code', 'workers.area_code').selectAll('workers').select('areas.name as area_name');
}

export async function findWorker(db: Db, id: string): Promise<WorkerRowWithArea | undefined> {
  return workersWithArea(db).where('workers.id', '=', id).executeTakeFirst();
}

export async function findWorkerOfUser(db: Db, userId: string): Promise<WorkerRowWithArea | undefined> {
  return workersWithArea(db).where('workers.user_id', '=', userId).executeTakeFirst();
}

export async function findWorkerByIdNumberHash(db: Db, hash: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('workers').select('id').where('id_number_hash', '=', hash).executeTakeFirst();
}

export async function insertWorkers(db: Db, rows: NewWorkerRow[], chunkSize = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('workers').values(rows.slice(i, i + chunkSize)).execute();
}

/** Updates when the version still matches; false when it was stale. */
export async function updateWorker(db: Db, id: string, version: number, changes: WorkerUpdate): Promise<boolean> {
  const result = await db
    .updateTable('workers')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Bumps the version of a worker whose parts changed (posts, qualifications …). */
export async function touchWorker(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('workers')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function userExists(db: Db, userId: string): Promise<{ id: string; scope_code: string } | undefined> {
  return db.selectFrom('users').select(['id', 'scope_code']).where('id', '=', userId).executeTakeFirst();
}

export async function userLinked(db: Db, userId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('workers').select('id').where('user_id', '=', userId).executeTakeFirst();
}

export async function userIdByUsername(db: Db, username: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id;
}

// ---- lists ----

export interface WorkerListFilter {
  scope: string;
  /** Pinyin initials prefix (lower case). */
  initials?: string;
  /** Part of the name, in Simplified characters. */
  nameContains?: string;
  idNumberHash?: string;
  postKind?: string;
  qualification?: string;
  urbanRural?: 'urban' | 'rural';
  /** Only workers with a qualification still declared (waiting for its verification). */
  pendingVerification?: boolean;
  /** Today: posts held on it, for the post-kind and urban/rural filters. */
  day: string;
  after?: { areaCode: string; id: string };
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

/**
 * The worker (by the column holding their id) holds a verified qualification of the level, or of
 * any level for `none`, negated: the qualification filter of the list and of the map.
 */
function holdsVerified(workerIdColumn: 'workers.id' | 'p.worker_id', level: string): RawBuilder<SqlBool> {
  const ofLevel = level === 'none' ? sql`` : sql` and q.level = ${level}`;
  const exists = sql<SqlBool>`exists (select 1 from worker_qualifications q where q.worker_id = ${sql.ref(workerIdColumn)} and q.status = 'verified'${ofLevel})`;
  return level === 'none' ? sql<SqlBool>`not ${exists}` : exists;
}

function filtered(db: Db, f: WorkerListFilter) {
  let query = db.selectFrom('workers').leftJoin('areas', 'areas.code', 'workers.area_code').where((eb) => withinArea(eb, 'workers.area_code', f.scope));
  if (f.initials) query = query.where('workers.name_initials', 'like', sql<string>`${`${escapeLike(f.initials)}%`} escape '\\'`);
  if (f.nameContains) query = query.where('workers.name_search', 'like', sql<string>`${`%${escapeLike(f.nameContains)}%`} escape '\\'`);
  if (f.idNumberHash) query = query.where('workers.id_number_hash', '=', f.idNumberHash);
  if (f.postKind || f.urbanRural) {
    const { postKind, urbanRural, day } = f;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('worker_posts as p')
          .leftJoin('areas as pa', 'pa.code', 'p.area_code')
          .select('p.id')
          .whereRef('p.worker_id', '=', 'workers.id')
          .where('p.from_date', '<=', day)
          .where((w) => w.or([w('p.to_date', 'is', null), w('p.to_date', '>=', day)]))
          .$if(postKind !== undefined, (q) => q.where('p.kind', '=', postKind!))
          .$if(urbanRural !== undefined, (q) => q.where(sql`coalesce(pa.kind_override, pa.kind)`, '=', urbanRural!)),
      ),
    );
  }
  if (f.qualification) {
    const level = f.qualification;
    query = query.where(holdsVerified('workers.id', level));
  }
  if (f.pendingVerification)
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('worker_qualifications as pq').select('pq.id').whereRef('pq.worker_id', '=', 'workers.id').where('pq.status', '=', 'declared')),
    );
  return query;
}

/** One page in (area_code, id) order, with the total matching. */
export async function listWorkers(db: Db, f: WorkerListFilter): Promise<{ rows: WorkerRowWithArea[]; total: number }> {
  const query = filtered(db, f);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll('workers').select('areas.name as area_name');
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) => eb.or([eb('workers.area_code', '>', areaCode), eb.and([eb('workers.area_code', '=', areaCode), eb('workers.id', '>', id)])]));
  }
  const rows = await page.orderBy('workers.area_code').orderBy('workers.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

// ---- the workforce map ----

/** The communities under the area (level 5), urban or rural when asked, in code order. */
export async function communitiesUnder(db: Db, scope: string, urbanRural: 'urban' | 'rural' | undefined, limit: number) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'lon', 'lat', sql<'urban' | 'rural' | null>`coalesce(kind_override, kind)`.as('urban_rural')])
    .where('level', '=', 5)
    .where((eb) => withinArea(eb, 'code', scope))
    .$if(urbanRural !== undefined, (q) => q.where(sql`coalesce(kind_override, kind)`, '=', urbanRural!))
    .orderBy('code')
    .limit(limit)
    .execute();
}

/** Per community under the area: how many workers hold a post there on the day (of a kind, with a verified level, when asked). */
export async function workersInPostByCommunity(db: Db, f: { scope: string; day: string; postKind?: string; qualification?: string }): Promise<Map<string, number>> {
  const { day, postKind, qualification } = f;
  const rows = await db
    .selectFrom('worker_posts as p')
    .select((eb) => ['p.area_code', eb.fn.count<number>('p.worker_id').distinct().as('workers')])
    .where((eb) => withinArea(eb, 'p.area_code', f.scope))
    .where(sql<number>`length(p.area_code)`, '=', 12)
    .where('p.from_date', '<=', day)
    .where((eb) => eb.or([eb('p.to_date', 'is', null), eb('p.to_date', '>=', day)]))
    .$if(postKind !== undefined, (q) => q.where('p.kind', '=', postKind!))
    .$if(qualification !== undefined, (q) => q.where(holdsVerified('p.worker_id', qualification!)))
    .groupBy('p.area_code')
    .execute();
  return new Map(rows.map((r) => [r.area_code, Number(r.workers)]));
}

// ---- parts of a worker ----

function byWorker<T extends { worker_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.worker_id) ?? [];
    list.push(r);
    out.set(r.worker_id, list);
  }
  return out;
}

async function chunked<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await read(ids.slice(i, i + 500))));
  return out;
}

export async function postsOf(db: Db, workerIds: readonly string[]): Promise<Map<string, PostRowWithArea[]>> {
  if (workerIds.length === 0) return new Map();
  const rows = await chunked(workerIds, (chunk) =>
    db
      .selectFrom('worker_posts')
      .leftJoin('areas', 'areas.code', 'worker_posts.area_code')
      .selectAll('worker_posts')
      .select('areas.name as area_name')
      .where('worker_posts.worker_id', 'in', chunk)
      .orderBy('worker_posts.from_date')
      .orderBy('worker_posts.id')
      .execute(),
  );
  return byWorker(rows);
}

export async function qualificationsOf(db: Db, workerIds: readonly string[]): Promise<Map<string, WorkerQualificationRow[]>> {
  if (workerIds.length === 0) return new Map();
  const rows = await chunked(workerIds, (chunk) =>
    db.selectFrom('worker_qualifications').selectAll().where('worker_id', 'in', chunk).orderBy('year').orderBy('id').execute(),
  );
  return byWorker(rows);
}

export async function registrationsOf(db: Db, workerId: string): Promise<WorkerRegistrationRow[]> {
  return db.selectFrom('worker_registrations').selectAll().where('worker_id', '=', workerId).orderBy('valid_from').orderBy('id').execute();
}

export async function trainingsOf(db: Db, workerId: string): Promise<WorkerTrainingRow[]> {
  return db.selectFrom('worker_trainings').selectAll().where('worker_id', '=', workerId).orderBy('date').orderBy('id').execute();
}

export async function supervisionsOf(db: Db, workerId: string) {
  return db
    .selectFrom('worker_supervisions as s')
    .innerJoin('workers as sr', 'sr.id', 's.supervisor_id')
    .innerJoin('workers as se', 'se.id', 's.supervisee_id')
    .selectAll('s')
    .select(['sr.name as supervisor_name', 'se.name as supervisee_name'])
    .where((eb) => eb.or([eb('s.supervisor_id', '=', workerId), eb('s.supervisee_id', '=', workerId)]))
    .orderBy('s.from_date')
    .orderBy('s.id')
    .execute();
}

export async function insertPosts(db: Db, rows: WorkerPostsTable[], chunkSize = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('worker_posts').values(rows.slice(i, i + chunkSize)).execute();
}

export async function findPost(db: Db, workerId: string, postId: string): Promise<WorkerPostRow | undefined> {
  return db.selectFrom('worker_posts').selectAll().where('worker_id', '=', workerId).where('id', '=', postId).executeTakeFirst();
}

export async function endPost(db: Db, postId: string, to: string): Promise<void> {
  await db.updateTable('worker_posts').set({ to_date: to }).where('id', '=', postId).execute();
}

export async function insertQualifications(db: Db, rows: WorkerQualificationsTable[], chunkSize = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('worker_qualifications').values(rows.slice(i, i + chunkSize)).execute();
}

export async function findQualification(db: Db, workerId: string, id: string): Promise<WorkerQualificationRow | undefined> {
  return db.selectFrom('worker_qualifications').selectAll().where('worker_id', '=', workerId).where('id', '=', id).executeTakeFirst();
}

/** Decides a declared qualification; false when it was decided meanwhile. */
export async function decideQualification(
  db: Db,
  id: string,
  decision: { status: string; evidence: string; decided_by_id: string; decided_by: string; decided_at: string },
): Promise<boolean> {
  const result = await db.updateTable('worker_qualifications').set(decision).where('id', '=', id).where('status', '=', 'declared').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertRegistrations(db: Db, rows: WorkerRegistrationsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('worker_registrations').values(rows).execute();
}

export async function insertTrainings(db: Db, rows: NewWorkerTrainingRow[], chunkSize = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await db.insertInto('worker_trainings').values(rows.slice(i, i + chunkSize)).execute();
}

export async function insertSupervisions(db: Db, rows: WorkerSupervisionsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('worker_supervisions').values(rows).execute();
}

export async function supervisionsBetween(db: Db, supervisorId: string, superviseeId: string) {
  return db.selectFrom('worker_supervisions').selectAll().where('supervisor_id', '=', supervisorId).where('supervisee_id', '=', superviseeId).execute();
}

// ---- settings ----

export async function educationRequirements(db: Db): Promise<{ level: string; hours: number }[]> {
  return db.selectFrom('worker_education_requirements').select(['level', 'hours']).execute();
}

export async function setEducationRequirement(db: Db, level: string, hours: number, now: string, by: string): Promise<void> {
  await db.updateTable('worker_education_requirements').set({ hours, updated_at: now, updated_by: by }).where('level', '=', level).execute();
}

// ---- indicators ----

/** Posts in communities held on the day, with their worker. */
export async function communityPostsHeldOn(db: Db, day: string) {
  return db
    .selectFrom('worker_posts')
    .select(['worker_id', 'area_code', 'kind', 'from_date', 'to_date'])
    .where('from_date', '<=', day)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', day)]))
    .where(sql<number>`length(area_code)`, '=', 12)
    .execute();
}

/** Verified qualifications decided before the given instant. */
export async function verifiedQualificationsBefore(db: Db, before: string) {
  return db
    .selectFrom('worker_qualifications')
    .select(['worker_id', 'level', 'status', 'decided_at'])
    .where('status', '=', 'verified')
    .where('decided_at', '<', before)
    .execute();
}

/** Whether any worker under the area is generated (demo data). */
export async function hasGenerated(db: Db, area: string): Promise<boolean> {
  const row = await db.selectFrom('workers').select('id').where('generated', '=', true).where((eb) => withinArea(eb, 'area_code', area)).limit(1).executeTakeFirst();
  return row !== undefined;
}
