import { newId as uuidv7 } from '../../db/ids.ts';
import type { DatabaseHandle, Db } from '../../db/database.ts';
import type { LeftBehindFlagRow, NewLeftBehindFlagRow } from '../../db/schema.ts';
import { identifyLeftBehind, type HouseholdMember, type LeftBehindFinding } from '../../../engine/residents/left-behind.ts';
import type { FlagStatus, LeftBehindKind } from '../../../contracts/residents.ts';
import type { PersonRow } from './residents.repository.ts';
import * as repo from './residents.repository.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

/**
 * Keeping stored flags in step with the rules. A flag never reviewed simply follows the rules;
 * a reviewed one (confirmed or rejected) whose facts change goes back to pending, noting its
 * previous status and facts, so the worker sees what changed.
 */

export interface FlagChanges {
  insert: NewLeftBehindFlagRow[];
  update: { row: LeftBehindFlagRow; changes: Partial<NewLeftBehindFlagRow> }[];
  remove: LeftBehindFlagRow[];
}

const NOT_FOUND_FACTS = '{}';

export function reconcileFlags(
  existing: LeftBehindFlagRow[],
  findings: LeftBehindFinding[],
  household: { areaCode: string; id: string },
  personIds: readonly string[],
  now: string,
): FlagChanges {
  const out: FlagChanges = { insert: [], update: [], remove: [] };
  const key = (personId: string, kind: string) => `${personId}:${kind}`;
  const found = new Map(findings.map((f) => [key(f.personId, f.kind), f]));
  const members = new Set(personIds);
  const seen = new Set<string>();
  for (const e of existing) {
    if (!members.has(e.person_id)) continue;
    const k = key(e.person_id, e.kind);
    seen.add(k);
    const f = found.get(k);
    const reviewed = e.status !== 'pending';
    const previous = reviewed ? { previous_status: e.status, previous_facts: e.facts } : {};
    if (f) {
      const facts = JSON.stringify(f.facts);
      if (Boolean(e.applies) && e.facts === facts && e.reason === f.reason && e.household_id === household.id) continue;
      out.update.push({ row: e, changes: { status: 'pending', applies: true, reason: f.reason, facts, household_id: household.id, updated_at: now, ...previous } });
    } else {
      if (!e.applies) continue;
      if (e.status === 'pending' && e.previous_status === null) out.remove.push(e);
      else if (e.status === 'rejected') out.update.push({ row: e, changes: { applies: false, facts: NOT_FOUND_FACTS, updated_at: now } });
      else out.update.push({ row: e, changes: { status: 'pending', applies: false, facts: NOT_FOUND_FACTS, updated_at: now, ...previous } });
    }
  }
  for (const f of findings) {
    if (seen.has(key(f.personId, f.kind))) continue;
    out.insert.push({
      area_code: household.areaCode,
      id: uuidv7(),
      person_id: f.personId,
      household_id: household.id,
      kind: f.kind,
      status: 'pending',
      applies: true,
      reason: f.reason,
      facts: JSON.stringify(f.facts),
      previous_status: null,
      previous_facts: null,
      review_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  }
  return out;
}

type MemberRow = Pick<PersonRow, 'id' | 'sex' | 'birth_date' | 'relation' | 'residence_status' | 'migrant_worker' | 'away_since' | 'disability_grade'>;

export function toMember(r: MemberRow): HouseholdMember {
  return {
    id: r.id,
    sex: r.sex as HouseholdMember['sex'],
    birthDate: r.birth_date,
    relation: r.relation as HouseholdMember['relation'],
    residenceStatus: r.residence_status as HouseholdMember['residenceStatus'],
    migrantWorker: Boolean(r.migrant_worker),
    awaySince: r.away_since,
    disabilityGrade: r.disability_grade,
  };
}

async function apply(handle: DatabaseHandle, trx: Db, changes: FlagChanges): Promise<void> {
  await repo.bulkInsert(handle, trx, 'left_behind_flags', changes.insert);
  for (const u of changes.update) {
    if (!(await repo.updateFlag(trx, u.row.area_code, u.row.id, u.row.version, u.changes))) {
      throw new Error(`left-behind flag ${u.row.id} changed during recomputation`);
    }
  }
  await repo.deleteFlags(trx, changes.remove);
}

export const today = todayInChina;

/** Recomputes the flags of one household inside the caller's transaction; returns what changed. */
export async function recomputeHousehold(handle: DatabaseHandle, trx: Db, areaCode: string, householdId: string, asOf = today()): Promise<FlagChanges> {
  const members = await repo.membersOf(trx, areaCode, householdId);
  const findings = identifyLeftBehind(members.map(toMember), asOf);
  const existing = await repo.flagsOfPersons(trx, areaCode, members.map((m) => m.id));
  const changes = reconcileFlags(existing, findings, { areaCode, id: householdId }, members.map((m) => m.id), new Date().toISOString());
  await apply(handle, trx, changes);
  return changes;
}

export interface IdentificationSummary {
  persons: number;
  households: number;
  findings: Record<LeftBehindKind, number>;
  inserted: number;
  updated: number;
  removed: number;
  seconds: number;
}

/**
 * Runs identification over every household of an area (the whole county at once) and stores
 * the differences in one transaction, in which `andThen` (the caller's audit entry) runs too:
 * if it fails, no flag changes. No access check: callers check role and scope.
 */
export async function identifyArea(
  handle: DatabaseHandle,
  scope: string,
  asOf = today(),
  andThen?: (trx: Db, summary: IdentificationSummary) => Promise<void>,
): Promise<IdentificationSummary> {
  const started = performance.now();
  const { db } = handle;
  const rows = await repo.identificationFacts(db, scope);
  const existing = await repo.flagsInArea(db, scope);
  const flagsByPerson = new Map<string, LeftBehindFlagRow[]>();
  for (const f of existing) {
    const list = flagsByPerson.get(f.person_id) ?? [];
    list.push(f);
    flagsByPerson.set(f.person_id, list);
  }
  const all: FlagChanges = { insert: [], update: [], remove: [] };
  const findings: Record<LeftBehindKind, number> = { leftBehindChild: 0, leftBehindElderly: 0, leftBehindWoman: 0 };
  const now = new Date().toISOString();
  let households = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.household_id === rows[i]!.household_id && rows[j]!.area_code === rows[i]!.area_code) j++;
    const members = rows.slice(i, j);
    households++;
    const found = identifyLeftBehind(members.map(toMember), asOf);
    for (const f of found) findings[f.kind]++;
    const flags = members.flatMap((m) => flagsByPerson.get(m.id) ?? []);
    if (found.length || flags.length) {
      const c = reconcileFlags(flags, found, { areaCode: rows[i]!.area_code, id: rows[i]!.household_id! }, members.map((m) => m.id), now);
      all.insert.push(...c.insert);
      all.update.push(...c.update);
      all.remove.push(...c.remove);
    }
    i = j;
  }
  return db.transaction().execute(async (trx) => {
    await apply(handle, trx, all);
    const summary: IdentificationSummary = {
      persons: rows.length,
      households,
      findings,
      inserted: all.insert.length,
      updated: all.update.length,
      removed: all.remove.length,
      seconds: (performance.now() - started) / 1000,
    };
    await andThen?.(trx, summary);
    return summary;
  });
}

/** Flag statuses as a reviewer moves them. */
export function reviewedStatus(decision: 'confirm' | 'reject'): FlagStatus {
  return decision === 'confirm' ? 'confirmed' : 'rejected';
}
