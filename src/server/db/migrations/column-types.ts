// Column types that differ between the two engines. Frozen with the migrations that use them.
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** timestamptz on PostgreSQL; ISO-8601 text on SQLite (sorts the same). */
export function timestamp(db: Kysely<any>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`timestamptz` : sql`text`;
}

export function boolean(db: Kysely<any>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`boolean` : sql`integer`;
}

export function double(db: Kysely<any>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`double precision` : sql`real`;
}
