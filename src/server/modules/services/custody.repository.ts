import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { CustodyStepsTable, ErrandsTable } from '../../db/tables/agency.ts';

export type ErrandRow = Selectable<ErrandsTable>;
export type CustodyStepRow = Selectable<CustodyStepsTable>;

export async function findErrand(db: Db, requestId: string): Promise<ErrandRow | undefined> {
  return db.selectFrom('errands').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function insertErrand(db: Db, row: Insertable<ErrandsTable>): Promise<void> {
  await db.insertInto('errands').values(row).execute();
}

/** Updates when the version still matches; false when it was stale. */
export async function updateErrand(db: Db, areaCode: string, requestId: string, version: number, changes: Updateable<ErrandsTable>): Promise<boolean> {
  const result = await db
    .updateTable('errands')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', areaCode)
    .where('request_id', '=', requestId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What the requests module's events tell about the request (its number and status); no version bump. */
export async function noteRequest(db: Db, areaCode: string, requestId: string, changes: { request_status?: string; request_number?: string | null }): Promise<void> {
  await db.updateTable('errands').set(changes).where('area_code', '=', areaCode).where('request_id', '=', requestId).execute();
}

export async function insertStep(db: Db, row: Insertable<CustodyStepsTable>): Promise<void> {
  await db.insertInto('custody_steps').values(row).execute();
}

export async function stepsOf(db: Db, areaCode: string, requestId: string): Promise<CustodyStepRow[]> {
  return db.selectFrom('custody_steps').selectAll().where('area_code', '=', areaCode).where('request_id', '=', requestId).orderBy('seq').execute();
}

export interface ErrandFilter {
  scope: string;
  agentUserId?: string;
  principalPersonId?: string;
  open?: boolean;
  standing?: 'onTime' | 'warning' | 'overdue';
  today: string;
  after?: { filedAt: string; requestId: string };
  limit: number;
}

function filtered(db: Db, f: Omit<ErrandFilter, 'after' | 'limit'>) {
  let q = db.selectFrom('errands').where((eb) => withinArea(eb, 'area_code', f.scope));
  if (f.agentUserId) q = q.where('agent_user_id', '=', f.agentUserId);
  if (f.principalPersonId) q = q.where('principal_person_id', '=', f.principalPersonId);
  if (f.open) q = q.where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '!=', 'returned')]));
  if (f.standing === 'overdue') q = q.where('due_by', '<', f.today);
  if (f.standing === 'warning') q = q.where('warn_from', '<=', f.today).where('due_by', '>=', f.today);
  if (f.standing === 'onTime') q = q.where((eb) => eb.or([eb('due_by', 'is', null), eb('warn_from', '>', f.today)]));
  return q;
}

/** A page of errands, newest filed first. */
export async function listErrands(db: Db, f: ErrandFilter): Promise<{ rows: ErrandRow[]; total: number }> {
  let q = filtered(db, f).selectAll();
  if (f.after) {
    const { filedAt, requestId } = f.after;
    q = q.where((eb) => eb.or([eb('filed_at', '<', filedAt), eb.and([eb('filed_at', '=', filedAt), eb('request_id', '<', requestId)])]));
  }
  const [rows, count] = await Promise.all([
    q.orderBy('filed_at', 'desc').orderBy('request_id', 'desc').limit(f.limit).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Errands whose agent leg has reached its warning day or passed its due day without the notice sent. */
export async function legsToNotify(db: Db, today: string, limit: number): Promise<ErrandRow[]> {
  return db
    .selectFrom('errands')
    .selectAll()
    .where('due_by', 'is not', null)
    .where((eb) => eb.or([eb.and([eb('warn_from', '<=', today), eb('warned', '=', false)]), eb.and([eb('due_by', '<', today), eb('overdue_notified', '=', false)])]))
    .orderBy('due_by')
    .limit(limit)
    .execute();
}

/** Marks a leg's notice sent; false when another process marked it first. */
export async function markLegNotice(db: Db, row: ErrandRow, notice: 'warned' | 'overdue_notified'): Promise<boolean> {
  const result = await db
    .updateTable('errands')
    .set({ [notice]: true })
    .where('area_code', '=', row.area_code)
    .where('request_id', '=', row.request_id)
    .where('due_by', '=', row.due_by)
    .where(notice, '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
