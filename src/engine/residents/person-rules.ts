import type { ProblemCode } from '../../contracts/problems.ts';
import { idNumberDisagreements, isCalendarDate, maskIdNumber, normalizeIdNumber, parseIdNumber } from '../identity/id-number.ts';
import type { MemberRelation, MemberResidenceStatus, MemberSex } from './left-behind.ts';
import { maskPhone, normalizePhone, phoneProblem } from './phone-number.ts';

/**
 * What a person's record says, checked as a whole: the rules that need no database. The server's
 * residents module stores, encrypts and audits; these functions only read values and say what is
 * wrong with them. The vocabularies are the contracts' (src/contracts/residents.ts), spelled here
 * because the engine depends on nothing of ours.
 */

type Sex = MemberSex;
type Relation = MemberRelation;
type ResidenceStatus = MemberResidenceStatus;
type DisabilityCategory = 'visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'mental' | 'multiple';
type HardshipKind = 'minimumLivingAllowance' | 'extremePoverty' | 'lowIncome';

/** A field and what is wrong with it (the server's FieldProblem has the same shape). */
export interface RuleProblem {
  field: string;
  problem: string;
  /** The stable code where the sentence carries a value a client needs (src/contracts/problems.ts), and that value. */
  code?: ProblemCode;
  params?: Record<string, string | number>;
}

export interface PersonValues {
  name: string;
  sex: Sex;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  ethnicity: string | null;
  relation: Relation;
  hukouAreaCode: string | null;
  residenceStatus: ResidenceStatus;
  residencePermitNumber: string | null;
  awayTo: string | null;
  awaySince: string | null;
  migrantWorker: boolean;
  accompanyingFamily: boolean;
  disability: { category: DisabilityCategory; grade: number } | null;
  hardship: HardshipKind | null;
  livingAlone: boolean;
  notes: string | null;
}

/** What a request may set: any of the values (absent: unchanged, or the default for a new person). */
export type PersonInput = Partial<PersonValues>;

export const blankToNull = (text: string | null | undefined) => {
  const t = text?.trim();
  return t ? t : null;
};

/**
 * The record's values after applying `input` to `base` (null for a new person), and what is
 * wrong with them. Sex and birth date come from the ID number when not given.
 */
export function resolvePerson(input: PersonInput, base: PersonValues | null, asOf: string): { values: PersonValues | null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const pick = <K extends keyof PersonValues>(key: K, given: PersonValues[K] | undefined, fallback: PersonValues[K]): PersonValues[K] =>
    given !== undefined ? given : base ? base[key] : fallback;

  const idNumber = input.idNumber !== undefined ? (blankToNull(input.idNumber) ? normalizeIdNumber(input.idNumber!) : null) : (base?.idNumber ?? null);
  let idFacts: ReturnType<typeof parseIdNumber> | null = null;
  if (idNumber) {
    idFacts = parseIdNumber(idNumber, asOf);
    if (!idFacts.ok) {
      problems.push(
        idFacts.expected
          ? { field: 'idNumber', problem: idFacts.problem, code: 'wrong_check_character', params: { expected: idFacts.expected } }
          : { field: 'idNumber', problem: idFacts.problem },
      );
    }
  }
  const fromId = idFacts?.ok ? idFacts.facts : null;
  const sex = input.sex ?? base?.sex ?? fromId?.sex;
  const birthDate = input.birthDate ?? base?.birthDate ?? fromId?.birthDate;
  const name = input.name !== undefined ? input.name.trim() : (base?.name ?? '');
  if (!name) problems.push({ field: 'name', problem: 'must not be blank' });
  if (!sex) problems.push({ field: 'sex', problem: 'is required (or give the ID number)' });
  if (!birthDate) problems.push({ field: 'birthDate', problem: 'is required (or give the ID number)' });
  else if (!isCalendarDate(birthDate)) problems.push({ field: 'birthDate', problem: 'is not a calendar date' });
  else if (birthDate > asOf) problems.push({ field: 'birthDate', problem: 'is in the future' });
  else if (birthDate < '1880-01-01') problems.push({ field: 'birthDate', problem: 'is too early' });
  if (fromId) {
    const disagree = idNumberDisagreements(fromId, { birthDate, sex });
    if (disagree.length) problems.push({ field: 'idNumber', problem: `does not match the record: it ${disagree.join(' and ')}` });
  }
  let phone = input.phone !== undefined ? blankToNull(input.phone) : (base?.phone ?? null);
  if (phone && input.phone !== undefined) {
    phone = normalizePhone(phone);
    const p = phoneProblem(phone);
    if (p) problems.push({ field: 'phone', problem: p });
  }
  const residenceStatus = pick('residenceStatus', input.residenceStatus, 'local');
  const residencePermitNumber = input.residencePermitNumber !== undefined ? blankToNull(input.residencePermitNumber) : (base?.residencePermitNumber ?? null);
  const awayTo = input.awayTo !== undefined ? blankToNull(input.awayTo) : (base?.awayTo ?? null);
  const awaySince = input.awaySince !== undefined ? (input.awaySince ?? null) : (base?.awaySince ?? null);
  if (residencePermitNumber && residenceStatus !== 'inflow') problems.push({ field: 'residencePermitNumber', problem: 'is for inflow residents only' });
  if (residencePermitNumber && !/^[0-9A-Za-z-]{4,32}$/.test(residencePermitNumber)) problems.push({ field: 'residencePermitNumber', problem: 'is not a permit number' });
  if (residenceStatus === 'outflow' && !awayTo) problems.push({ field: 'awayTo', problem: 'is required for someone away (outflow): say where' });
  if (residenceStatus !== 'outflow' && (awayTo || awaySince)) problems.push({ field: awayTo ? 'awayTo' : 'awaySince', problem: 'is for people away (outflow) only' });
  if (awaySince) {
    if (!isCalendarDate(awaySince)) problems.push({ field: 'awaySince', problem: 'is not a calendar date' });
    else if (awaySince > asOf) problems.push({ field: 'awaySince', problem: 'is in the future' });
    else if (birthDate && awaySince < birthDate) problems.push({ field: 'awaySince', problem: 'is before the birth date' });
  }
  const hukouAreaCode = input.hukouAreaCode !== undefined ? (input.hukouAreaCode ?? null) : (base?.hukouAreaCode ?? null);
  if (hukouAreaCode && !/^([0-9]{6}|[0-9]{9}|[0-9]{12})$/.test(hukouAreaCode)) problems.push({ field: 'hukouAreaCode', problem: 'is not a 6-, 9- or 12-digit division code' });
  const disability = input.disability !== undefined ? input.disability : (base?.disability ?? null);
  if (disability && !(Number.isInteger(disability.grade) && disability.grade >= 1 && disability.grade <= 4)) {
    problems.push({ field: 'disability.grade', problem: 'must be 1, 2, 3 or 4' });
  }
  if (problems.length) return { values: null, problems };
  return {
    values: {
      name,
      sex: sex!,
      birthDate: birthDate!,
      idNumber,
      phone,
      ethnicity: input.ethnicity !== undefined ? blankToNull(input.ethnicity) : (base?.ethnicity ?? null),
      relation: pick('relation', input.relation, 'other'),
      hukouAreaCode,
      residenceStatus,
      residencePermitNumber,
      awayTo,
      awaySince,
      migrantWorker: pick('migrantWorker', input.migrantWorker, false),
      accompanyingFamily: pick('accompanyingFamily', input.accompanyingFamily, false),
      disability,
      hardship: input.hardship !== undefined ? (input.hardship ?? null) : (base?.hardship ?? null),
      livingAlone: pick('livingAlone', input.livingAlone, false),
      notes: input.notes !== undefined ? blankToNull(input.notes) : (base?.notes ?? null),
    },
    problems,
  };
}

/** A residence-permit number: masked like an ID number (it usually is one). */
export function maskPermit(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

const MASKS: Partial<Record<keyof PersonValues, (v: string) => string>> = { idNumber: maskIdNumber, phone: maskPhone, residencePermitNumber: maskPermit };

/** What changed between two versions of a record, personal numbers masked: { field: { from, to } }. */
export function differences(before: PersonValues | null, after: PersonValues): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof PersonValues)[]) {
    const a = before ? before[key] : null;
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const mask = MASKS[key];
    out[key] = mask ? { from: typeof a === 'string' ? mask(a) : a, to: typeof b === 'string' ? mask(b) : b } : { from: a, to: b };
  }
  return out;
}

