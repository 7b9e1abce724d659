import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';

/**
 * The half-open code range of an area and everything under it: ['340828', '340829').
 * Codes are digit strings, so the range is an index range scan on both engines.
 * Returns null as the upper bound when no code can follow (all nines).
 */
export function scopeRange(prefix: string): [string, string | null] {
  const digits = prefix.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== '9') {
      digits[i] = String(Number(digits[i]) + 1);
      return [prefix, digits.slice(0, i + 1).join('')];
    }
  }
  return [prefix, null];
}

/** `column` lies in the area `prefix` or under it. The one place scope filters are built. */
export function withinArea<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  prefix: string,
): Expression<SqlBool> {
  const [low, high] = scopeRange(prefix);
  // A column of any table, chosen at run time: Kysely cannot type the reference or its operands.
  /* eslint-disable @typescript-eslint/no-explicit-any -- a column named at run time has no static type */
  const ref = eb.ref(column as any);
  return high === null ? eb(ref, '>=', low as any) : eb.and([eb(ref, '>=', low as any), eb(ref, '<', high as any)]);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
