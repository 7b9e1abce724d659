import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { CareFamilyContactsTable, CareFamilyLinksTable, CareFamilyMessagesTable } from '../../db/tables/care-referrals.ts';

export type LinkRow = Selectable<CareFamilyLinksTable>;
export type LinkRowWithUser = LinkRow & { username: string; display_name: string };
export type ContactRow = Selectable<CareFamilyContactsTable>;
export type MessageRow = Selectable<CareFamilyMessagesTable>;

/**
 * The only SQL of the family page. Besides its own tables it reads, by key and read-only, a user's
 * role and names, a registry person's name, community and account, the case's visits and the
 * owner's worker phone (cipher), which the family summary needs.
 */

function linksWithUser(db: Db) {
  return db.selectFrom('care_family_links').innerJoin('users', 'users.id', 'care_family_links.user_id').selectAll('care_family_links').select(['users.username', 'users.display_name']);
}

export async function findLink(db: Db, id: string): Promise<LinkRowWithUser | undefined> {
  return linksWithUser(db).where('care_family_links.id', '=', id).executeTakeFirst();
}

export async function linksOfPerson(db: Db, areaCode: string, personId: string): Promise<LinkRowWithUser[]> {
  return linksWithUser(db)
    .where('care_family_links.area_code', '=', areaCode)
    .where('care_family_links.person_id', '=', personId)
    .orderBy('care_family_links.linked_at')
    .orderBy('care_family_links.id')
    .execute();
}

/** The active links of a relative's account. */
export async function linksOfUser(db: Db, userId: string): Promise<LinkRowWithUser[]> {
  return linksWithUser(db).where('care_family_links.user_id', '=', userId).where('care_family_links.ended_at', 'is', null).orderBy('care_family_links.linked_at').execute();
}

export async function activeLink(db: Db, personId: string, userId: string): Promise<LinkRow | undefined> {
  return db.selectFrom('care_family_links').selectAll().where('person_id', '=', personId).where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();
}

export async function insertLink(db: Db, row: Insertable<CareFamilyLinksTable>): Promise<void> {
  await db.insertInto('care_family_links').values(row).execute();
}

export async function endLink(db: Db, row: LinkRow, at: string): Promise<boolean> {
  const result = await db
    .updateTable('care_family_links')
    .set({ ended_at: at, version: row.version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- reference facts ----

export async function findUserByName(db: Db, username: string): Promise<{ id: string; role: string; display_name: string } | undefined> {
  return db.selectFrom('users').select(['id', 'role', 'display_name']).where('username', '=', username).executeTakeFirst();
}

export async function findUser(db: Db, id: string): Promise<{ id: string; role: string; display_name: string; scope_code: string } | undefined> {
  return db.selectFrom('users').select(['id', 'role', 'display_name', 'scope_code']).where('id', '=', id).executeTakeFirst();
}

export async function findPerson(db: Db, id: string): Promise<{ id: string; area_code: string; name: string; user_id: string | null; away_to: string | null } | undefined> {
  return db.selectFrom('persons').select(['id', 'area_code', 'name', 'user_id', 'away_to']).where('id', '=', id).executeTakeFirst();
}

export async function personOfUser(db: Db, userId: string): Promise<{ id: string; area_code: string; name: string } | undefined> {
  return db.selectFrom('persons').select(['id', 'area_code', 'name']).where('user_id', '=', userId).executeTakeFirst();
}

export async function areaNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function lastVisitMode(db: Db, areaCode: string, caseId: string): Promise<string | null> {
  const row = await db.selectFrom('care_visits').select('mode').where('area_code', '=', areaCode).where('case_id', '=', caseId).orderBy('visited_on', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row?.mode ?? null;
}

/** The case owner's name and, when they have a worker profile, its phone cipher. */
export async function workerContact(db: Db, userId: string): Promise<{ display_name: string; phone_cipher: string | null } | undefined> {
  const user = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const worker = await db.selectFrom('workers').select('phone_cipher').where('user_id', '=', userId).executeTakeFirst();
  return { display_name: user.display_name, phone_cipher: worker?.phone_cipher ?? null };
}

// ---- contact ----

export async function findContact(db: Db, userId: string): Promise<ContactRow | undefined> {
  return db.selectFrom('care_family_contacts').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function contactsOf(db: Db, userIds: string[]): Promise<Map<string, ContactRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('care_family_contacts').selectAll().where('user_id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}

export async function insertContact(db: Db, row: Insertable<CareFamilyContactsTable>): Promise<void> {
  await db.insertInto('care_family_contacts').values(row).execute();
}

export async function updateContact(db: Db, userId: string, version: number, changes: Omit<Insertable<CareFamilyContactsTable>, 'user_id' | 'version'>): Promise<boolean> {
  const result = await db
    .updateTable('care_family_contacts')
    .set({ ...changes, version: version + 1 })
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- messages ----

export async function insertMessage(db: Db, row: Insertable<CareFamilyMessagesTable>): Promise<void> {
  await db.insertInto('care_family_messages').values(row).execute();
}

export async function thread(db: Db, areaCode: string, personId: string, familyUserId: string, limit: number): Promise<MessageRow[]> {
  const rows = await db
    .selectFrom('care_family_messages')
    .selectAll()
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('family_user_id', '=', familyUserId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Marks read the messages of a thread written by the other side. */
export async function markRead(db: Db, areaCode: string, personId: string, familyUserId: string, direction: string, at: string): Promise<void> {
  await db
    .updateTable('care_family_messages')
    .set({ read_at: at })
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('family_user_id', '=', familyUserId)
    .where('direction', '=', direction)
    .where('read_at', 'is', null)
    .execute();
}

export async function unreadCounts(db: Db, pairs: { areaCode: string; personId: string; familyUserId: string }[], direction: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const p of pairs) {
    const row = await db
      .selectFrom('care_family_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('area_code', '=', p.areaCode)
      .where('person_id', '=', p.personId)
      .where('family_user_id', '=', p.familyUserId)
      .where('direction', '=', direction)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    out.set(`${p.personId}|${p.familyUserId}`, Number(row.n));
  }
  return out;
}

export interface ConversationRow {
  area_code: string;
  person_id: string;
  family_user_id: string;
  last_at: string;
  unread: number;
}

/** Conversations in a scope: one row per (person, family), the newest first, with the unread count from the family. */
export async function conversations(db: Db, scope: string, limit: number): Promise<ConversationRow[]> {
  const rows = await db
    .selectFrom('care_family_messages')
    .select((eb) => [
      'area_code',
      'person_id',
      'family_user_id',
      eb.fn.max('created_at').as('last_at'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('direction', '=', 'fromFamily'), eb('read_at', 'is', null)])).then(1).else(0).end()).as('unread'),
    ])
    .where((eb) => withinArea(eb, 'care_family_messages.area_code', scope))
    .groupBy(['area_code', 'person_id', 'family_user_id'])
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ area_code: r.area_code, person_id: r.person_id, family_user_id: r.family_user_id, last_at: String(r.last_at), unread: Number(r.unread) }));
}

export async function lastKind(db: Db, areaCode: string, personId: string, familyUserId: string): Promise<string> {
  const row = await db
    .selectFrom('care_family_messages')
    .select('kind')
    .where('area_code', '=', areaCode)
    .where('person_id', '=', personId)
    .where('family_user_id', '=', familyUserId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.kind ?? 'message';
}
