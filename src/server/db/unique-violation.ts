/**
 * Whether a write failed because a unique index refused it: PostgreSQL's `unique_violation`
 * (SQLSTATE 23505) or better-sqlite3's extended result code. The one place that knows both.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
