import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Applies every pending migration; throws (and the command exits non-zero) if one fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

/**
 * One migration up, or the last applied one down: the migrations test walks every migration's
 * `up` and `down` with these (test/integration/migrations.test.ts).
 */
export async function migrateUp(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateUp());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Takes every migration down and up again: an empty database at the latest schema. */
export async function resetDatabase(db: Db): Promise<void> {
  check(await migrator(db).migrateTo(NO_MIGRATIONS));
  await migrateToLatest(db);
}
