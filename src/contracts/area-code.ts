/** Code lengths by level: 1 province, 2 city, 3 county, 4 township, 5 community. */
export const AREA_CODE_LENGTHS = [2, 4, 6, 9, 12] as const;
export const AREA_LEVELS = ['province', 'city', 'county', 'township', 'community'] as const;
export type AreaLevelName = (typeof AREA_LEVELS)[number];

/** Level (1–5) of a canonical (short) code, or null when the length is not a level's. */
export function levelOfCode(code: string): number | null {
  const index = (AREA_CODE_LENGTHS as readonly number[]).indexOf(code.length);
  return index < 0 ? null : index + 1;
}

/**
 * Turns what a user may type into the canonical short code: "340828" stays, and the
 * 12-digit zero-padded form "340828000000" becomes "340828". Returns null when the
 * text is not a division code at all.
 */
export function normalizeAreaCode(input: string): string | null {
  const text = input.trim();
  if (!/^\d+$/.test(text)) return null;
  if (text.length === 12) {
    for (const length of AREA_CODE_LENGTHS) {
      if (/^0*$/.test(text.slice(length))) return text.slice(0, length);
    }
  }
  return levelOfCode(text) === null ? null : text;
}

/** The canonical code of a level's parent: "340828100" → "340828". */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === null || level === 1) return null;
  return code.slice(0, AREA_CODE_LENGTHS[level - 2]);
}

/** The 12-digit zero-padded form, as the statistics bureau prints it. */
export function fullAreaCode(code: string): string {
  return code.padEnd(12, '0');
}

/** Whether `code` is `scope` or lies under it. */
export function isWithinScope(code: string, scope: string): boolean {
  return code.startsWith(scope);
}
