/** Households: registering, reading (with their members), changing and listing them. */
import { newId as uuidv7 } from '../../db/ids.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { NewHouseholdRow } from '../../db/schema.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { REGISTRY_WRITERS } from '../../../contracts/residents.ts';
import { requireRole, requireScope, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { queryRecord } from './read-audit.ts';
import { blankToNull } from '../../../engine/residents/person-rules.ts';
import { findCommunity } from '../areas/areas.service.ts';
import * as repo from './residents.repository.ts';
import { today } from './left-behind.service.ts';
import { toHousehold, toPerson, type Household, type HouseholdChanges, type HouseholdDetail, type NewHousehold } from './residents.schema.ts';
import { requireRegistryAccess, ownPerson, encodeCursor, decodeCursor, type ResidentsDeps, type PageOf } from './registry-access.ts';

// ---- households ----

async function householdDetail(deps: ResidentsDeps, id: string): Promise<HouseholdDetail> {
  const row = await repo.findHousehold(deps.handle.db, id);
  if (!row) throw notFound('Household', id);
  const members = await repo.membersOf(deps.handle.db, row.area_code, row.id);
  const now = today();
  return { ...toHousehold(row), persons: members.map((m) => toPerson(m, deps.cipher, false, now)) };
}

export async function createHousehold(deps: ResidentsDeps, ctx: RequestContext, input: NewHousehold): Promise<HouseholdDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const code = normalizeAreaCode(input.areaCode);
  if (code) requireScope(actor, code);
  const c = await findCommunity(db, input.areaCode);
  if (c.problem) throw invalidField('areaCode', c.problem);
  const address = input.address.trim();
  if (!address) throw invalidField('address', 'must not be blank');
  const number = blankToNull(input.number);
  const taken = () => conflict(`Household number ${number} is already used in ${c.area!.code}`, { field: 'number' });
  if (number && (await repo.findHouseholdByNumber(db, c.area!.code, number))) throw taken();
  const id = uuidv7();
  const now = new Date().toISOString();
  const row: NewHouseholdRow = { area_code: c.area!.code, id, number, address, hukou: input.hukou ?? true, head_person_id: null, generated: false, version: 1, created_at: now, updated_at: now };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertHousehold(trx, row);
      await recordAudit(trx, ctx, { action: 'household.create', areaCode: row.area_code, targetType: 'household', targetId: id, details: { number } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  return householdDetail(deps, id);
}

export async function getHousehold(deps: ResidentsDeps, ctx: RequestContext, id: string): Promise<HouseholdDetail> {
  const actor = requireRegistryAccess(ctx);
  const row = await repo.findHousehold(deps.handle.db, id);
  if (!row) throw notFound('Household', id);
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.handle.db, actor);
    if (own.household_id !== row.id) throw forbidden('Residents see only their own household', { reason: 'ownHousehold' });
  } else requireScope(actor, row.area_code);
  const detail = await householdDetail(deps, id);
  await recordRead(deps.handle.db, ctx, { action: 'household.read', areaCode: row.area_code, targetType: 'household', targetId: id, ids: detail.persons.map((p) => p.id) });
  return detail;
}

export async function updateHousehold(deps: ResidentsDeps, ctx: RequestContext, id: string, input: HouseholdChanges): Promise<HouseholdDetail> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const db = deps.handle.db;
  const row = await repo.findHousehold(db, id);
  if (!row) throw notFound('Household', id);
  requireScope(actor, row.area_code);
  if (input.version !== row.version) {
    throw conflict(`Household ${id} has changed since you read it (version ${input.version}, now ${row.version}); reload and try again`, { currentVersion: row.version });
  }
  const changes: Record<string, unknown> = { updated_at: new Date().toISOString() };
  if (input.address !== undefined) {
    if (!input.address.trim()) throw invalidField('address', 'must not be blank');
    changes.address = input.address.trim();
  }
  if (input.number !== undefined) changes.number = blankToNull(input.number);
  if (input.hukou !== undefined) changes.hukou = input.hukou;
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.updateHousehold(trx, row.area_code, id, row.version, changes))) throw conflict(`Household ${id} changed while you were saving; reload and try again`);
      const { version: _v, ...fields } = input;
      await recordAudit(trx, ctx, { action: 'household.update', areaCode: row.area_code, targetType: 'household', targetId: id, details: { fields: Object.keys(fields) } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Household number ${String(changes.number)} is already used in ${row.area_code}`, { field: 'number' });
    throw e;
  }
  return householdDetail(deps, id);
}

export async function listHouseholds(deps: ResidentsDeps, ctx: RequestContext, q: { area?: string; q?: string; limit?: number; cursor?: string }): Promise<PageOf<Household>> {
  const actor = requireRegistryAccess(ctx);
  const limit = q.limit ?? 50;
  let scope: string;
  let only: string | undefined;
  if (actor.role === 'resident') {
    const own = await ownPerson(deps.handle.db, actor);
    if (!own.household_id) return { items: [], total: 0, nextCursor: null };
    scope = own.area_code;
    only = own.household_id;
  } else scope = scopedArea(actor, q.area);
  const { rows, total } = await repo.listHouseholds(deps.handle.db, { scope, id: only, q: q.q?.trim() || undefined, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit });
  // The list names each household's head: a read of personal data. The search (a number or part of an address) is kept masked.
  await recordRead(deps.handle.db, ctx, { action: 'household.read_list', areaCode: scope, targetType: 'household', ids: rows.map((r) => r.id), total, query: queryRecord(deps.cipher, { ...q }, { freeText: ['q'] }) });
  const last = rows.at(-1);
  return { items: rows.map(toHousehold), total, nextCursor: rows.length === limit && last ? encodeCursor(last.area_code, last.id) : null };
}
