import { sql, type Kysely } from 'kysely';
import { timestamp } from './column-types.ts';

/**
 * The review day of each case plan as saved, with when: a plan is rewritten in place, so without
 * this a past period's figures (a high-risk case without a current plan) could only read today's
 * review day. Existing plans get one revision at their creation with their current review day
 * (what was known).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_plan_revisions')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('review_on', 'varchar(10)')
    .addColumn('saved_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('care_plan_revisions_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_plan_revisions_case_idx').on('care_plan_revisions').columns(['case_id', 'saved_at']).execute();
  await sql`insert into care_plan_revisions (area_code, id, case_id, review_on, saved_at) select area_code, id, case_id, review_on, created_at from care_plans`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('care_plan_revisions').execute();
}
