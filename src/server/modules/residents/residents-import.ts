import { newId as uuidv7 } from '../../db/ids.ts';
import type { NewHouseholdRow, NewLeftBehindFlagRow, NewPersonRow, PersonEventsTable } from '../../db/schema.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { problemCodeOf, type ProblemCode } from '../../../contracts/problems.ts';
import { REGISTRY_WRITERS, RESIDENTS_LIMITS } from '../../../contracts/residents.ts';
import { identifyLeftBehind, type HouseholdMember } from '../../../engine/residents/left-behind.ts';
import { requireRole, type RequestContext } from '../../http/actor.ts';
import { AppError, invalidField } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import type { AreaSummary } from '../areas/areas.schema.ts';
import * as repo from './residents.repository.ts';
import { reconcileFlags, recomputeHousehold, today } from './left-behind.service.ts';
import { columnOf, FileProblem, readTable, rowsToPersons, type CodedRowProblem, type FileFormat } from './residents-files.ts';
import { columnsOf, differences, resolvePerson, type PersonValues, type ResidentsDeps } from './residents.service.ts';

export interface ImportReport {
  mode: 'allOrNothing' | 'goodRowsOnly';
  /** Data rows in the file (blank rows are skipped). */
  rows: number;
  created: number;
  rejected: number;
  /** New households created (persons may also join existing ones by household number). */
  households: number;
  /** Row by row, what is wrong; the header is row 1. */
  problems: CodedRowProblem[];
  /** The new persons' ids, in file order. */
  ids: string[];
}

interface PlannedHousehold {
  areaCode: string;
  id: string;
  existing: boolean;
  hasHead: boolean;
  row?: NewHouseholdRow;
  members: { row: number; values: PersonValues; id: string }[];
}

function member(id: string, v: PersonValues): HouseholdMember {
  return {
    id,
    sex: v.sex,
    birthDate: v.birthDate,
    relation: v.relation,
    residenceStatus: v.residenceStatus,
    migrantWorker: v.migrantWorker,
    awaySince: v.awaySince,
    disabilityGrade: v.disability?.grade ?? null,
  };
}

/** Flags for households whose members are all new: found in memory, written in bulk. */
function newHouseholdFlags(households: { areaCode: string; id: string; members: { id: string; values: PersonValues }[] }[], asOf: string, now: string): NewLeftBehindFlagRow[] {
  const flags: NewLeftBehindFlagRow[] = [];
  for (const h of households) {
    const findings = identifyLeftBehind(h.members.map((m) => member(m.id, m.values)), asOf);
    if (findings.length) flags.push(...reconcileFlags([], findings, { areaCode: h.areaCode, id: h.id }, h.members.map((m) => m.id), now).insert);
  }
  return flags;
}

/** Who may import persons; checked by the route before the file is read (and again below). */
export function authorizePersonImport(ctx: RequestContext): void {
  requireRole(ctx, REGISTRY_WRITERS);
}

/**
 * Imports persons from a CSV or XLSX file, grouped into households by the household-number
 * column (a number already used in the community adds to that household). Every row is
 * checked before anything is written; by default one bad row rejects the file (400 with the
 * report), with goodRowsOnly the good rows are written and the bad ones reported. Either way
 * the writes are one transaction, and left-behind flags are found for every household touched.
 */
export async function importPersons(deps: ResidentsDeps, ctx: RequestContext, file: { body: Buffer; format: FileFormat; mode: ImportReport['mode'] }): Promise<ImportReport> {
  const actor = requireRole(ctx, REGISTRY_WRITERS);
  const { db } = deps.handle;
  let parsed: ReturnType<typeof rowsToPersons>;
  try {
    parsed = rowsToPersons(await readTable(file.body, file.format, { maxDataRows: RESIDENTS_LIMITS.importRowsMax }));
  } catch (e) {
    if (e instanceof FileProblem) throw invalidField('file', e.message);
    throw e;
  }
  if (parsed.dataRows === 0) throw invalidField('file', 'has no rows below the header');
  if (parsed.dataRows > RESIDENTS_LIMITS.importRowsMax) throw invalidField('file', `has ${parsed.dataRows} rows; import at most ${RESIDENTS_LIMITS.importRowsMax} at a time`);
  const problems: CodedRowProblem[] = [...parsed.problems];
  const problem = (row: number, field: string, text: string, code?: ProblemCode, params?: Record<string, string | number>) =>
    problems.push({ row, field, column: columnOf(field), problem: text, code: code ?? problemCodeOf(text), ...(params ? { params } : {}) });
  const asOf = today();

  // Households by number, in file order; each takes its community and address from its rows.
  const groups = new Map<string, typeof parsed.rows>();
  for (const r of parsed.rows) {
    const list = groups.get(r.householdNumber) ?? [];
    list.push(r);
    groups.set(r.householdNumber, list);
  }
  const areas = new Map<string, AreaSummary | null>();
  const planned: PlannedHousehold[] = [];
  const hashes = new Map<string, number>();
  const now = new Date().toISOString();
  for (const [number, rows] of groups) {
    const codes = [...new Set(rows.map((r) => r.areaCode).filter(Boolean))];
    if (codes.length === 0) {
      for (const r of rows) problem(r.row, 'areaCode', 'is required (on every row of the household)', 'required');
      continue;
    }
    if (codes.length > 1) {
      for (const r of rows) problem(r.row, 'areaCode', `household ${number} lists several communities (${codes.join(', ')})`, 'inconsistent');
      continue;
    }
    const code = normalizeAreaCode(codes[0]!)!;
    if (!code.startsWith(actor.scope)) {
      for (const r of rows) problem(r.row, 'areaCode', `community ${code} is outside your scope ${actor.scope}`, 'not_in_scope', { code });
      continue;
    }
    let area = areas.get(code);
    if (area === undefined) {
      area = (await findArea(db, code)) ?? null;
      areas.set(code, area);
    }
    if (!area || area.level !== 5) {
      for (const r of rows) problem(r.row, 'areaCode', area ? `${code} is not a community (level 5)` : `community ${code} does not exist`, area ? 'not_allowed' : 'unknown_reference', { code });
      continue;
    }
    const existing = await repo.findHouseholdByNumber(db, code, number);
    const address = rows.find((r) => r.address)?.address ?? '';
    if (!existing && !address) {
      for (const r of rows) problem(r.row, 'address', `household ${number} is new: give its address`, 'required');
      continue;
    }
    if (address.length > RESIDENTS_LIMITS.addressMaxLength) problem(rows[0]!.row, 'address', 'is too long', 'too_long');
    const household: PlannedHousehold = existing
      ? { areaCode: code, id: existing.id, existing: true, hasHead: existing.head_person_id !== null, members: [] }
      : {
          areaCode: code,
          id: uuidv7(),
          existing: false,
          hasHead: false,
          row: { area_code: code, id: '', number, address, hukou: rows.find((r) => r.address)?.hukou ?? rows[0]!.hukou, head_person_id: null, generated: false, version: 1, created_at: now, updated_at: now },
          members: [],
        };
    if (household.row) household.row.id = household.id;
    for (const r of rows) {
      const { values, problems: found } = resolvePerson(r.input, null, asOf);
      if (found.length) {
        for (const p of found) problem(r.row, p.field, p.problem, p.code, p.params);
        continue;
      }
      const v = values!;
      if (v.relation === 'head') {
        if (household.hasHead) {
          problem(r.row, 'relation', `household ${number} already has a head`, 'inconsistent');
          continue;
        }
        household.hasHead = true;
      }
      if (v.idNumber) {
        const hash = deps.cipher.lookupHash('idNumber', v.idNumber);
        const first = hashes.get(hash);
        if (first !== undefined) {
          problem(r.row, 'idNumber', `is the same as on row ${first}`, 'duplicate', { row: first });
          continue;
        }
        hashes.set(hash, r.row);
      }
      household.members.push({ row: r.row, values: v, id: uuidv7() });
    }
    planned.push(household);
  }
  const onRecord = await repo.existingIdNumberHashes(db, [...hashes.keys()]);
  if (onRecord.size) {
    for (const hash of onRecord) problem(hashes.get(hash)!, 'idNumber', 'a person with this ID number is already on record', 'duplicate');
    const bad = new Set([...onRecord].map((h) => hashes.get(h)!));
    for (const h of planned) h.members = h.members.filter((m) => !bad.has(m.row));
  }
  problems.sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  const report: ImportReport = { mode: file.mode, rows: parsed.dataRows, created: 0, rejected, households: 0, problems, ids: [] };
  if (problems.length && file.mode === 'allOrNothing') {
    throw new AppError(400, 'import_rejected', `${rejected} of ${parsed.dataRows} rows have problems; nothing was imported (fix them, or import with mode=goodRowsOnly)`, report);
  }
  const households = planned.filter((h) => h.members.length > 0);
  if (households.length === 0) return report;

  const personRows: NewPersonRow[] = [];
  const events: PersonEventsTable[] = [];
  const newHouseholds: NewHouseholdRow[] = [];
  const byRow: { row: number; id: string }[] = [];
  for (const h of households) {
    if (h.row) newHouseholds.push(h.row);
    for (const m of h.members) {
      personRows.push({ area_code: h.areaCode, id: m.id, household_id: h.id, ...columnsOf(m.values, deps.cipher), user_id: null, generated: false, version: 1, created_at: now, updated_at: now });
      events.push({ area_code: h.areaCode, id: uuidv7(), person_id: m.id, at: now, user_id: actor.userId, username: actor.username, action: 'import', changes: JSON.stringify(differences(null, m.values)) });
      if (m.values.relation === 'head' && h.row) h.row.head_person_id = m.id;
      byRow.push({ row: m.row, id: m.id });
    }
  }
  const flags = newHouseholdFlags(households.filter((h) => !h.existing), asOf, now);
  await db.transaction().execute(async (trx) => {
    await repo.bulkInsert(deps.handle, trx, 'households', newHouseholds);
    await repo.bulkInsert(deps.handle, trx, 'persons', personRows);
    await repo.bulkInsert(deps.handle, trx, 'person_events', events);
    await repo.bulkInsert(deps.handle, trx, 'left_behind_flags', flags);
    for (const h of households.filter((x) => x.existing)) {
      const head = h.members.find((m) => m.values.relation === 'head');
      if (head) await repo.setHead(trx, h.areaCode, h.id, head.id, now);
      await recomputeHousehold(deps.handle, trx, h.areaCode, h.id, asOf);
    }
    await recordAudit(trx, ctx, {
      action: 'person.import',
      targetType: 'person',
      details: { format: file.format, mode: file.mode, rows: parsed.dataRows, created: personRows.length, households: newHouseholds.length, rejected },
    });
  });
  report.created = personRows.length;
  report.households = newHouseholds.length;
  report.ids = byRow.sort((a, b) => a.row - b.row).map((r) => r.id);
  return report;
}

// ---- the generated registry (demo seed, benchmarks): no access check, marked generated ----

export interface GeneratedHousehold {
  areaCode: string;
  number: string;
  address: string;
  hukou: boolean;
  members: (PersonValues & { userId?: string | null })[];
}

/**
 * Writes a generated registry in one transaction through the bulk path, with the left-behind
 * flags its households give. The values are the generator's, trusted as valid.
 */
export async function saveGeneratedRegistry(deps: ResidentsDeps, households: GeneratedHousehold[], options: { asOf?: string } = {}): Promise<{ households: number; persons: number; flags: number }> {
  const now = new Date().toISOString();
  const asOf = options.asOf ?? today();
  const householdRows: NewHouseholdRow[] = [];
  const personRows: NewPersonRow[] = [];
  const planned: { areaCode: string; id: string; members: { id: string; values: PersonValues }[] }[] = [];
  for (const h of households) {
    const id = uuidv7();
    const members = h.members.map((values) => ({ id: uuidv7(), values }));
    const head = members.find((m) => m.values.relation === 'head');
    householdRows.push({ area_code: h.areaCode, id, number: h.number, address: h.address, hukou: h.hukou, head_person_id: head?.id ?? null, generated: true, version: 1, created_at: now, updated_at: now });
    for (const m of members) {
      personRows.push({ area_code: h.areaCode, id: m.id, household_id: id, ...columnsOf(m.values, deps.cipher), user_id: (m.values as { userId?: string | null }).userId ?? null, generated: true, version: 1, created_at: now, updated_at: now });
    }
    planned.push({ areaCode: h.areaCode, id, members });
  }
  const flags = newHouseholdFlags(planned, asOf, now);
  await deps.handle.db.transaction().execute(async (trx) => {
    await repo.bulkInsert(deps.handle, trx, 'households', householdRows);
    await repo.bulkInsert(deps.handle, trx, 'persons', personRows);
    await repo.bulkInsert(deps.handle, trx, 'left_behind_flags', flags);
  });
  return { households: householdRows.length, persons: personRows.length, flags: flags.length };
}

/** Communities of an area that already have persons on record (a generator leaves them alone). */
export async function communitiesWithRegistry(deps: ResidentsDeps, area: string): Promise<Set<string>> {
  return new Set((await repo.registryCounts(deps.handle.db, area)).map((c) => c.area_code));
}
