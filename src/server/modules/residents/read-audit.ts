import { maskIdNumber, normalizeIdNumber } from '../../../engine/identity/id-number.ts';
import { maskPhone, normalizePhone, type PersonalDataCipher } from './personal-data.ts';

/**
 * What the audit log keeps of a search: which field was searched, and the text masked; a search by
 * ID or phone number also keeps the keyed hash, the same one stored with the person, so an auditor
 * can ask "who looked this person up" without the log ever holding the number.
 */
export type SearchField = 'idNumber' | 'phone' | 'initials' | 'name';

/** How a search text is read: by its shape (a full ID number, a phone number, pinyin initials, a name). */
export function searchOf(text: string | undefined): { field: SearchField; value: string } | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  const compact = trimmed.replace(/\s+/g, '');
  if (/^[0-9]{17}[0-9Xx]$/.test(compact)) return { field: 'idNumber', value: normalizeIdNumber(compact) };
  if (/^[0-9+\-()（） ]{7,}$/.test(trimmed)) return { field: 'phone', value: normalizePhone(trimmed) };
  if (/^[A-Za-z]+$/.test(compact)) return { field: 'initials', value: compact.toLowerCase() };
  return { field: 'name', value: compact };
}

/** The first character, then one star per other character: 张** for 张三丰. */
export function maskText(text: string): string {
  const chars = [...text];
  return chars.length <= 1 ? '*'.repeat(chars.length) : chars[0] + '*'.repeat(chars.length - 1);
}

export interface SearchRecord {
  field: SearchField;
  masked: string;
  hash?: string;
}

export function searchRecord(cipher: PersonalDataCipher, text: string | undefined): SearchRecord | null {
  const search = searchOf(text);
  if (!search) return null;
  switch (search.field) {
    case 'idNumber':
      return { field: 'idNumber', masked: maskIdNumber(search.value), hash: cipher.lookupHash('idNumber', search.value) };
    case 'phone':
      return { field: 'phone', masked: maskPhone(search.value), hash: cipher.lookupHash('phone', search.value) };
    default:
      return { field: search.field, masked: maskText(search.value) };
  }
}

/**
 * A list's query as the audit log keeps it: its filters as given (sexes, ages, statuses say nothing
 * of one person), its search text replaced by a SearchRecord, free text (an address) masked.
 */
export function queryRecord(
  cipher: PersonalDataCipher,
  query: Record<string, unknown>,
  options: { freeText?: readonly string[] } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || key === 'cursor') continue;
    if (key === 'q' && typeof value === 'string') {
      if (options.freeText?.includes('q')) out.q = maskText(value.trim());
      else out.search = searchRecord(cipher, value);
    } else out[key] = value;
  }
  return out;
}
