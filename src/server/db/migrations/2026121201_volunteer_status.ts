import { sql, type Kysely } from 'kysely';
import { timestamp } from './column-types.ts';

// Frozen copy of the vocabulary as it stood when this migration was written.
const VOLUNTEER_STATUSES = ['active', 'paused', 'withdrawn'];

/**
 * A volunteer's status (active, paused, withdrawn), kept by staff, and when and by whom the
 * volunteer was last edited. Existing volunteers are active.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('volunteers')
    .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('active').check(sql.raw(`status in (${VOLUNTEER_STATUSES.map((v) => `'${v}'`).join(', ')})`)))
    .execute();
  await db.schema.alterTable('volunteers').addColumn('updated_at', timestamp(db)).execute();
  await db.schema.alterTable('volunteers').addColumn('updated_by', 'varchar(36)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('volunteers').dropColumn('updated_by').execute();
  await db.schema.alterTable('volunteers').dropColumn('updated_at').execute();
  await db.schema.alterTable('volunteers').dropColumn('status').execute();
}
