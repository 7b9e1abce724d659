/**
 * Unified social credit codes (统一社会信用代码) per GB 32100-2015: 18 characters from a 31-character
 * set (the digits and the capitals without I, O, S, V, Z). Position 1 is the registration
 * authority (5 = civil affairs), 2 the kind of body under it, 3–8 the division code where it was
 * registered, 9–17 the organization code (GB 11714) and 18 a check character: the weighted sum of
 * the first 17 values (weights 3^i mod 31) is taken mod 31, and the check is 31 minus that
 * remainder, 31 written as 0. Pure functions, no I/O.
 */

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Registration authorities (position 1) and, for civil affairs, the kind of body (position 2). */
const AUTHORITIES: Record<string, string> = {
  '1': 'institutionalEstablishment',
  '5': 'civilAffairs',
  '9': 'industryAndCommerce',
  Y: 'other',
};
/** Under civil affairs (5): 1 社会团体, 2 民办非企业单位 / 社会服务机构, 3 基金会, 9 other. */
export const CIVIL_AFFAIRS_KINDS: Record<string, 'socialGroup' | 'socialServiceAgency' | 'foundation' | 'other'> = {
  '1': 'socialGroup',
  '2': 'socialServiceAgency',
  '3': 'foundation',
  '9': 'other',
};

function valueOf(char: string): number {
  return CREDIT_CODE_CHARSET.indexOf(char);
}

/** The check character of the first 17 characters (which must be in the code's character set). */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error('the check character is computed over 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueOf(first17[i]!);
    if (v < 0) throw new Error(`"${first17[i]}" is not a character of a credit code`);
    sum += v * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check]!;
}

/** Trims, drops inner spaces and upper-cases: the form codes are compared and stored in. */
export function normalizeCreditCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export interface CreditCodeFacts {
  creditCode: string;
  /** Position 1: who registered the body (civilAffairs for 5). */
  authority: string | null;
  /** Position 2 under civil affairs: socialGroup, socialServiceAgency, foundation or other. */
  civilAffairsKind: 'socialGroup' | 'socialServiceAgency' | 'foundation' | 'other' | null;
  /** Positions 3–8: the division where it was registered (000000 for national bodies). */
  divisionCode: string;
}

export type CreditCodeResult =
  | { ok: true; facts: CreditCodeFacts }
  | { ok: false; problem: string; reason: 'length' | 'character' | 'division' | 'check'; expected?: string };

/**
 * Checks a code (after `normalizeCreditCode`): its length, its characters, a numeric division
 * code in positions 3–8, and its check character. The problem sentence names what is wrong,
 * and for a wrong check character the one expected.
 */
export function parseCreditCode(text: string): CreditCodeResult {
  const code = normalizeCreditCode(text);
  if (code.length !== 18) return { ok: false, reason: 'length', problem: `must have 18 characters, has ${code.length}` };
  for (let i = 0; i < 18; i++) {
    if (valueOf(code[i]!) < 0) {
      return { ok: false, reason: 'character', problem: `character ${i + 1} "${code[i]}" is not used in credit codes (digits and capitals except I, O, S, V, Z)` };
    }
  }
  const divisionCode = code.slice(2, 8);
  if (!/^[0-9]{6}$/.test(divisionCode)) return { ok: false, reason: 'division', problem: `characters 3 to 8 "${divisionCode}" must be a 6-digit division code` };
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, reason: 'check', expected, problem: `check character "${code[17]}" is wrong: the first 17 characters give "${expected}"` };
  }
  const authority = AUTHORITIES[code[0]!] ?? null;
  return {
    ok: true,
    facts: {
      creditCode: code,
      authority,
      civilAffairsKind: code[0] === '5' ? (CIVIL_AFFAIRS_KINDS[code[1]!] ?? null) : null,
      divisionCode,
    },
  };
}

export function isValidCreditCode(text: string): boolean {
  return parseCreditCode(text).ok;
}

/** A valid code from its first 17 characters (tests and the demo seed). */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckCharacter(first17);
}
