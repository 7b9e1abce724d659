/**
 * Citizen identity numbers (公民身份号码) per GB 11643-1999: 6 digits of the address code where
 * the number was issued, 8 of the birth date (YYYYMMDD), a 3-digit sequence whose last digit is
 * odd for men and even for women, and a check character computed with ISO 7064 MOD 11-2.
 * Pure functions: no I/O, no clock unless one is passed.
 */

export type IdSex = 'male' | 'female';

/** Weights of the first 17 digits: 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARACTERS = '10X98765432';

export interface IdNumberFacts {
  /** The number in canonical form: 18 characters, a final x upper-cased. */
  idNumber: string;
  /** The 6-digit address code of issue. */
  areaCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: IdSex;
}

/** A failure says what is wrong; a wrong check character also names the `expected` one. */
export type IdNumberResult = { ok: true; facts: IdNumberFacts } | { ok: false; problem: string; expected?: string };

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('the check character is computed over 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Trims and upper-cases: what a user typed, in the form numbers are compared and hashed in. */
export function normalizeIdNumber(text: string): string {
  return text.trim().toUpperCase();
}

/** Whether YYYY-MM-DD is a real calendar date. */
export function isCalendarDate(date: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * Checks an identity number and reads its facts. `today` (YYYY-MM-DD) bounds the birth date;
 * without it only the calendar is checked. The earliest birth year accepted is 1880.
 */
export function parseIdNumber(text: string, today?: string): IdNumberResult {
  const value = normalizeIdNumber(text);
  if (value.length !== 18) return { ok: false, problem: `must have 18 characters, has ${value.length}` };
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return { ok: false, problem: 'must be 17 digits followed by a digit or X' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return { ok: false, problem: `holds the birth date ${birthDate}, which is not a calendar date` };
  if (birthDate < '1880-01-01') return { ok: false, problem: `holds the birth date ${birthDate}, which is too early` };
  if (today !== undefined && birthDate > today) return { ok: false, problem: `holds the birth date ${birthDate}, which is in the future` };
  const expected = checkCharacter(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, problem: `has the wrong check character (the last one should be ${expected})`, expected };
  const sex: IdSex = (value.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, facts: { idNumber: value, areaCode: value.slice(0, 6), birthDate, sex } };
}

export function isValidIdNumber(text: string, today?: string): boolean {
  return parseIdNumber(text, today).ok;
}

/**
 * What disagrees between an identity number's facts and a record's birth date and sex:
 * an empty list when they agree.
 */
export function idNumberDisagreements(facts: IdNumberFacts, record: { birthDate?: string | null; sex?: IdSex | null }): string[] {
  const problems: string[] = [];
  if (record.birthDate && record.birthDate !== facts.birthDate) {
    problems.push(`says the birth date is ${facts.birthDate}, the record says ${record.birthDate}`);
  }
  if (record.sex && record.sex !== facts.sex) problems.push(`says the sex is ${facts.sex}, the record says ${record.sex}`);
  return problems;
}

/**
 * Builds a valid number from its parts (test data, generated registries). `sequence` is 0–999;
 * its last digit is forced odd for men and even for women.
 */
export function makeIdNumber(areaCode: string, birthDate: string, sex: IdSex, sequence: number): string {
  if (!/^[0-9]{6}$/.test(areaCode)) throw new Error(`area code ${areaCode} is not 6 digits`);
  if (!isCalendarDate(birthDate)) throw new Error(`${birthDate} is not a calendar date`);
  let seq = Math.abs(Math.trunc(sequence)) % 1000;
  if ((seq % 2 === 1) !== (sex === 'male')) seq = seq % 2 === 1 ? seq - 1 : seq + 1;
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** 3408**********123X: the province and city of issue and the last four characters. */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}
