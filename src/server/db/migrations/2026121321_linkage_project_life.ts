import type { Kysely } from 'kysely';
import { boolean } from './column-types.ts';

/**
 * The linkage project's whole life (contracted → delivering → closed): an evaluation round may be
 * the project's final one; closing it closes the project under the same rules as closing it
 * explicitly. Existing rounds are not final.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('linkage_evaluation_rounds').addColumn('final', boolean(db), (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('linkage_evaluation_rounds').dropColumn('final').execute();
}
