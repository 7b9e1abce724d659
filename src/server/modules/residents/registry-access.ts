/**
 * What the registry's services share: their dependencies, who may read what (readers within their
 * scope; a resident only themselves and their household), the list cursors, and a person's history event.
 */
import { newId as uuidv7 } from '../../db/ids.ts';
import { decodeCursor as decodeKeyset, encodeCursor as encodeKeyset } from '../../db/cursor.ts';
import type { DatabaseHandle, Db } from '../../db/database.ts';
import type { PersonEventsTable } from '../../db/schema.ts';
import { PERSONAL_DATA_REVEALERS, REGISTRY_READERS } from '../../../contracts/residents.ts';
import { requirePermission, type Actor, type RequestContext } from '../../http/actor.ts';
import { invalidFields, forbidden, invalidField, type FieldProblem } from '../../http/errors.ts';
import { personalDataCipher, type PersonalDataCipher } from './personal-data.ts';
import * as repo from './residents.repository.ts';
import { type PersonRowWithArea } from './residents.schema.ts';

/** What the residents module works with: the database and the personal-data cipher. */
export interface ResidentsDeps {
  readonly handle: DatabaseHandle;
  readonly cipher: PersonalDataCipher;
}

export function residentsDeps(handle: DatabaseHandle, secretKey: Buffer): ResidentsDeps {
  return { handle, cipher: personalDataCipher(secretKey) };
}

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

// ---- access ----

export const isReader = (actor: Actor) => (REGISTRY_READERS as readonly string[]).includes(actor.role);
export const mayReveal = (actor: Actor) => (PERSONAL_DATA_REVEALERS as readonly string[]).includes(actor.role);

/** Readers of the registry, and residents (who see only themselves and their household). */
export function requireRegistryAccess(ctx: RequestContext): Actor {
  return requirePermission(ctx, 'registry.read');
}

/** The person record linked to a resident's account. */
export async function ownPerson(db: Db, actor: Actor): Promise<PersonRowWithArea> {
  const own = await repo.findPersonOfUser(db, actor.userId);
  if (!own) throw forbidden('No resident record is linked to your account', { reason: 'noPersonRecord' });
  return own;
}

/** Whether a resident may see this person: themselves or a member of their household. */
export async function residentMaySee(db: Db, actor: Actor, row: { id: string; area_code: string; household_id: string | null }): Promise<boolean> {
  const own = await ownPerson(db, actor);
  if (own.id === row.id) return true;
  return own.household_id !== null && own.household_id === row.household_id && own.area_code === row.area_code;
}


export const encodeCursor = (areaCode: string, id: string): string => encodeKeyset([areaCode, id]);

export function decodeCursor(cursor: string): { areaCode: string; id: string } {
  const [areaCode, id] = decodeKeyset(cursor, ['areaCode', 'text'])!;
  return { areaCode: areaCode!, id: id! };
}

export function throwFirst(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code, problems[0]!.params);
  throw invalidFields(problems);
}


export function personEvent(areaCode: string, personId: string, actor: { userId: string | null; username: string | null }, action: string, changes: unknown, at: string): PersonEventsTable {
  return { area_code: areaCode, id: uuidv7(), person_id: personId, at, user_id: actor.userId, username: actor.username, action, changes: JSON.stringify(changes) };
}
