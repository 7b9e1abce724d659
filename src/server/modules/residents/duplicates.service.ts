/** Likely duplicates (same name and birth date in one county) and merging two records of one person. */
import { decodeOffsetCursor, encodeOffsetCursor } from '../../db/cursor.ts';
import type { PersonUpdate } from '../../db/schema.ts';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../../../contracts/residents.ts';
import { requireRole, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { queryRecord } from './read-audit.ts';
import { differences, type PersonValues } from '../../../engine/residents/person-rules.ts';
import * as repo from './residents.repository.ts';
import { recomputeHousehold, today } from './left-behind.service.ts';
import { columnsOf, toPerson, type Person, type PersonDetail, valuesOf } from './residents.schema.ts';
import { personEvent, type ResidentsDeps, type PageOf } from './registry-access.ts';
import { personDetail, loadWritable } from './persons.service.ts';

// ---- duplicates and merging ----

export interface DuplicateGroup {
  county: string;
  name: string;
  birthDate: string;
  persons: Person[];
}

export async function listDuplicates(deps: ResidentsDeps, ctx: RequestContext, q: { area?: string; limit?: number; cursor?: string }): Promise<PageOf<DuplicateGroup>> {
  const actor = requireRole(ctx, REGISTRY_READERS);
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const db = deps.handle.db;
  const { groups, total } = await repo.duplicateGroups(db, scope, offset, limit);
  const now = today();
  const items: DuplicateGroup[] = [];
  for (const g of groups) {
    const persons = (await repo.personsNamed(db, scope, g.name, g.birth_date)).filter((p) => p.area_code.startsWith(g.county));
    items.push({ county: g.county, name: g.name, birthDate: g.birth_date, persons: persons.map((p) => toPerson(p, deps.cipher, false, now)) });
  }
  await recordRead(db, ctx, { action: 'person.read_duplicates', areaCode: scope, targetType: 'person', ids: items.flatMap((g) => g.persons.map((p) => p.id)), total, query: queryRecord(deps.cipher, { ...q }) });
  return { items, total, nextCursor: offset + groups.length < total ? encodeOffsetCursor(offset + groups.length) : null };
}

const FILLABLE: (keyof PersonValues)[] = ['idNumber', 'phone', 'ethnicity', 'hukouAreaCode', 'residencePermitNumber', 'disability', 'hardship', 'notes'];

/**
 * Merges two records of one person: `keep` stays, filling its empty fields from `remove`, and
 * takes `remove`'s history (both histories are kept, with a merge event); `remove` is deleted.
 * Two different ID numbers mean two people: 409.
 */
export async function mergePersons(deps: ResidentsDeps, ctx: RequestContext, input: { keep: string; remove: string }): Promise<PersonDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  if (input.keep === input.remove) throw invalidField('remove', 'is the same person as keep');
  const db = deps.handle.db;
  const keep = await loadWritable(deps, actor, input.keep);
  const remove = await loadWritable(deps, actor, input.remove);
  const a = valuesOf(keep, deps.cipher);
  const b = valuesOf(remove, deps.cipher);
  if (a.idNumber && b.idNumber && a.idNumber !== b.idNumber) throw conflict('The two records have different ID numbers: they are two people', { field: 'remove' });
  const merged: PersonValues = { ...a };
  const filled: string[] = [];
  for (const key of FILLABLE) {
    if (merged[key] === null && b[key] !== null) {
      (merged as unknown as Record<string, unknown>)[key] = b[key];
      filled.push(key);
    }
  }
  const now = new Date().toISOString();
  const update: PersonUpdate = { ...columnsOf(merged, deps.cipher), updated_at: now };
  if (!filled.includes('idNumber')) {
    delete update.id_number_cipher;
    delete update.id_number_hash;
  }
  if (!filled.includes('phone')) {
    delete update.phone_cipher;
    delete update.phone_hash;
  }
  if (!filled.includes('residencePermitNumber')) delete update.residence_permit_cipher;
  if (!keep.user_id && remove.user_id) update.user_id = remove.user_id;
  await db.transaction().execute(async (trx) => {
    // The removed record goes first: it frees its ID-number hash and user link for the kept one.
    await repo.reassignEvents(trx, remove.area_code, remove.id, keep.area_code, keep.id);
    await repo.deletePerson(trx, remove.area_code, remove.id);
    if (remove.household_id) {
      const h = await repo.findHousehold(trx, remove.household_id);
      if (h?.head_person_id === remove.id) await repo.setHead(trx, remove.area_code, remove.household_id, keep.household_id === remove.household_id && keep.relation === 'head' ? keep.id : null, now);
    }
    if (!(await repo.updatePerson(trx, keep.area_code, keep.id, keep.version, update))) throw conflict(`Person ${keep.id} changed while merging; reload and try again`);
    await repo.insertEvents(trx, [
      personEvent(keep.area_code, keep.id, actor, 'merge', {
        removed: { id: remove.id, name: remove.name, birthDate: remove.birth_date, areaCode: remove.area_code, householdId: remove.household_id },
        filled: Object.fromEntries(Object.entries(differences(a, merged))),
      }, now),
    ]);
    for (const h of new Set([keep.household_id && `${keep.area_code}:${keep.household_id}`, remove.household_id && `${remove.area_code}:${remove.household_id}`])) {
      if (!h) continue;
      const [area, hid] = h.split(':') as [string, string];
      await recomputeHousehold(deps.handle, trx, area, hid);
    }
    await recordAudit(trx, ctx, { action: 'person.merge', areaCode: keep.area_code, targetType: 'person', targetId: keep.id, details: { removed: remove.id, filled } });
  });
  return personDetail(deps, (await repo.findPerson(db, keep.id))!, false);
}
