import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { NewVolunteerHoursRow, NewVolunteerRow, VolunteerHoursRow, VolunteerRow } from '../../db/tables/volunteers.ts';

export type VolunteerRowWithArea = VolunteerRow & { area_name: string | null };
export type HoursRowWithName = VolunteerHoursRow & { volunteer_name: string };

function volunteersWithArea(db: Db) {
  return db.selectFrom('volunteers').leftJoin('areas', 'areas.code', 'volunteers.area_code').selectAll('volunteers').select('areas.name as area_name');
}

export async function insertVolunteer(db: Db, row: NewVolunteerRow): Promise<void> {
  await db.insertInto('volunteers').values(row).execute();
}

export async function insertVolunteers(db: Db, rows: NewVolunteerRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('volunteers').values(rows.slice(i, i + 200)).execute();
}

export async function findVolunteer(db: Db, id: string): Promise<VolunteerRowWithArea | undefined> {
  return volunteersWithArea(db).where('volunteers.id', '=', id).executeTakeFirst();
}

export async function findVolunteerByUser(db: Db, userId: string): Promise<VolunteerRowWithArea | undefined> {
  return volunteersWithArea(db).where('volunteers.user_id', '=', userId).orderBy('volunteers.created_at').executeTakeFirst();
}

/** Staff's edit of a volunteer: the fields given, with who and when. */
export async function updateVolunteer(
  db: Db,
  areaCode: string,
  id: string,
  changes: { skills?: string; availability?: string | null; service_areas?: string; status?: string; updated_at: string; updated_by: string },
): Promise<void> {
  await db.updateTable('volunteers').set(changes).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

export async function findVolunteerByPerson(db: Db, areaCode: string, personId: string): Promise<VolunteerRow | undefined> {
  return db.selectFrom('volunteers').selectAll().where('area_code', '=', areaCode).where('person_id', '=', personId).executeTakeFirst();
}

export interface VolunteerListFilter {
  scope: string;
  /** Pinyin initials typed in Latin letters, or a name in Simplified characters. */
  search?: { kind: 'letters'; letters: string } | { kind: 'name'; text: string };
  skill?: string;
  status?: string;
  /** Only volunteers with hours claimed and awaiting verification. */
  pending?: boolean;
  after?: { areaCode: string; id: string };
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
const like = (pattern: string) => sql<string>`${pattern} escape '\\'`;

export async function listVolunteers(db: Db, f: VolunteerListFilter): Promise<{ rows: VolunteerRowWithArea[]; total: number }> {
  let query = db.selectFrom('volunteers').leftJoin('areas', 'areas.code', 'volunteers.area_code').where((eb) => withinArea(eb, 'volunteers.area_code', f.scope));
  if (f.search?.kind === 'letters') query = query.where('volunteers.name_initials', 'like', like(`${escapeLike(f.search.letters)}%`));
  if (f.search?.kind === 'name') query = query.where('volunteers.name_simplified', 'like', like(`%${escapeLike(f.search.text)}%`));
  // Skills are a JSON array of words: the quoted word matches exactly one entry.
  if (f.skill) query = query.where('volunteers.skills', 'like', like(`%${escapeLike(JSON.stringify(f.skill))}%`));
  if (f.status) query = query.where('volunteers.status', '=', f.status);
  if (f.pending) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('volunteer_hours as p')
          .select('p.id')
          .whereRef('p.area_code', '=', 'volunteers.area_code')
          .whereRef('p.volunteer_id', '=', 'volunteers.id')
          .where('p.state', '=', 'claimed'),
      ),
    );
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll('volunteers').select('areas.name as area_name');
  if (f.after) {
    const { areaCode, id } = f.after;
    page = page.where((eb) => eb.or([eb('volunteers.area_code', '>', areaCode), eb.and([eb('volunteers.area_code', '=', areaCode), eb('volunteers.id', '>', id)])]));
  }
  const rows = await page.orderBy('volunteers.area_code').orderBy('volunteers.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** Verified and still-claimed minutes of each volunteer listed. */
export async function minutesOf(db: Db, keys: { areaCode: string; id: string }[]): Promise<Map<string, { verified: number; claimed: number }>> {
  const out = new Map<string, { verified: number; claimed: number }>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('volunteer_hours')
    .select(['volunteer_id', 'state', (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('area_code', 'in', [...new Set(keys.map((k) => k.areaCode))])
    .where('volunteer_id', 'in', keys.map((k) => k.id))
    .where('state', 'in', ['verified', 'claimed'])
    .groupBy(['volunteer_id', 'state'])
    .execute();
  for (const r of rows) {
    const entry = out.get(r.volunteer_id) ?? { verified: 0, claimed: 0 };
    if (r.state === 'verified') entry.verified = Number(r.minutes);
    else entry.claimed = Number(r.minutes);
    out.set(r.volunteer_id, entry);
  }
  return out;
}

export async function insertHours(db: Db, rows: NewVolunteerHoursRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('volunteer_hours').values(rows.slice(i, i + 200)).execute();
}

function hoursWithName(db: Db) {
  return db
    .selectFrom('volunteer_hours as h')
    .innerJoin('volunteers as v', (j) => j.onRef('v.area_code', '=', 'h.area_code').onRef('v.id', '=', 'h.volunteer_id'))
    .selectAll('h')
    .select('v.name as volunteer_name');
}

export async function findHours(db: Db, id: string): Promise<HoursRowWithName | undefined> {
  return hoursWithName(db).where('h.id', '=', id).executeTakeFirst();
}

export interface HoursListFilter {
  scope: string;
  volunteerId?: string;
  state?: string;
  /** Newest first: the id of the last row given out. */
  before?: string;
  limit: number;
}

export async function listHours(db: Db, f: HoursListFilter): Promise<{ rows: HoursRowWithName[]; total: number }> {
  let query = db
    .selectFrom('volunteer_hours as h')
    .innerJoin('volunteers as v', (j) => j.onRef('v.area_code', '=', 'h.area_code').onRef('v.id', '=', 'h.volunteer_id'))
    .where((eb) => withinArea(eb, 'h.area_code', f.scope));
  if (f.volunteerId) query = query.where('h.volunteer_id', '=', f.volunteerId);
  if (f.state) query = query.where('h.state', '=', f.state);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let page = query.selectAll('h').select('v.name as volunteer_name');
  if (f.before) page = page.where('h.id', '<', f.before);
  const rows = await page.orderBy('h.id', 'desc').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

/** Every verified record of a volunteer, by service date: what a certificate lists. */
export async function verifiedHours(db: Db, areaCode: string, volunteerId: string): Promise<VolunteerHoursRow[]> {
  return db
    .selectFrom('volunteer_hours')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('volunteer_id', '=', volunteerId)
    .where('state', '=', 'verified')
    .orderBy('service_date')
    .orderBy('id')
    .execute();
}

/** Moves claimed hours to their decision; false when they were no longer claimed (decided meanwhile). */
export async function decideHours(
  db: Db,
  areaCode: string,
  id: string,
  decision: { state: string; decided_at: string; decided_by: string; decided_by_name: string; reason: string | null },
): Promise<boolean> {
  const result = await db.updateTable('volunteer_hours').set(decision).where('area_code', '=', areaCode).where('id', '=', id).where('state', '=', 'claimed').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Verified hours of a community not yet credited to a time bank, oldest first, with their volunteers. */
export async function uncreditedVerifiedHours(db: Db, areaCode: string) {
  return db
    .selectFrom('volunteer_hours as h')
    .innerJoin('volunteers as v', (j) => j.onRef('v.area_code', '=', 'h.area_code').onRef('v.id', '=', 'h.volunteer_id'))
    .select(['h.id', 'h.area_code', 'h.minutes', 'h.activity', 'v.id as volunteer_id', 'v.name', 'v.user_id'])
    .where('h.area_code', '=', areaCode)
    .where('h.state', '=', 'verified')
    .where('h.transfer_id', 'is', null)
    .orderBy('h.id')
    .execute();
}

/** A time bank member's verified hours not yet credited (held back by the ceiling), oldest first: by their account's holder. */
export async function uncreditedVerifiedHoursOf(db: Db, areaCode: string, holder: { userId: string | null; volunteerId: string | null }) {
  if (!holder.userId && !holder.volunteerId) return [];
  return db
    .selectFrom('volunteer_hours as h')
    .innerJoin('volunteers as v', (j) => j.onRef('v.area_code', '=', 'h.area_code').onRef('v.id', '=', 'h.volunteer_id'))
    .select(['h.id', 'h.area_code', 'h.minutes', 'h.activity', 'v.id as volunteer_id', 'v.name', 'v.user_id'])
    .where('h.area_code', '=', areaCode)
    .where((eb) => (holder.userId ? eb('v.user_id', '=', holder.userId) : eb('v.id', '=', holder.volunteerId!)))
    .where('h.state', '=', 'verified')
    .where('h.transfer_id', 'is', null)
    .orderBy('h.id')
    .execute();
}

export async function setHoursTransfer(db: Db, areaCode: string, id: string, transferId: string): Promise<void> {
  await db.updateTable('volunteer_hours').set({ transfer_id: transferId }).where('area_code', '=', areaCode).where('id', '=', id).execute();
}

/** Volunteers registered, per community (for an indicator or a summary). */
export async function countVolunteers(db: Db, scope: string): Promise<number> {
  const row = await db.selectFrom('volunteers').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => withinArea(eb, 'area_code', scope)).executeTakeFirstOrThrow();
  return Number(row.n);
}
