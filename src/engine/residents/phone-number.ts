/** Mainland phone numbers: how they are written, checked and shown masked. Pure, no I/O. */

/** Digits only; a mobile number is 11 digits starting with 1, a landline 10–12 starting with 0. */
export function normalizePhone(text: string): string {
  return text.replace(/[\s\-()（）+]/g, '').replace(/^86(?=1\d{10}$)/, '');
}

/**
 * Mainland numbers: a mobile is 1[3-9] and 9 more digits; a landline is a trunk 0, an area code
 * (010 and 02x with 8-digit local numbers, 0[3-9]xx with 7 or 8) and a local number, which never
 * starts with 0 or 1. So 00000000000 is neither.
 */
export function phoneProblem(normalized: string): string | null {
  if (/^1[3-9]\d{9}$/.test(normalized)) return null;
  if (/^0(10|2\d)[2-9]\d{7}$/.test(normalized) || /^0[3-9]\d{2}[2-9]\d{6,7}$/.test(normalized)) return null;
  return 'is not a mainland mobile (11 digits from 13…) or landline (0, an area code and a local number) number';
}

/** 138****5678 */
export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
