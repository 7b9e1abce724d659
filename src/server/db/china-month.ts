import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db } from './database.ts';

/**
 * The month in China (UTC+8, `YYYY-MM`) of a timestamp column, for grouping by month in SQL:
 * timestamptz on PostgreSQL, ISO-8601 text on SQLite (the two engines' timestamp columns, see
 * migrations/column-types.ts). China keeps no daylight saving, so a fixed offset is exact.
 */
export function chinaMonth(db: Db, column: string): RawBuilder<string> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char(${sql.ref(column)} at time zone 'Asia/Shanghai', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', ${sql.ref(column)}, '+8 hours')`;
}
