import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const ACTIVITY_KINDS = ['group', 'class', 'visit', 'event', 'training', 'meeting', 'other'];
const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'cancelled'];
const EVIDENCE_KINDS = ['photo', 'document'];
const ROUND_STATUSES = ['open', 'closed'];
const RATER_KINDS = ['residents', 'committee', 'funder', 'evaluator'];
const GRADES = ['excellent', 'good', 'pass', 'fail'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * The delivery half of the tri-party linkage (三社联动): activities with attendance person by
 * person and volunteers' hours, milestones with evidence, results against the project's indicators,
 * spending against its budget lines, and evaluation rounds with their responses. Every row belongs
 * to its project's area: area_code leads each key. Money in cents.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bool = boolean(db);
  const at = timestamp(db);

  await db.schema
    .createTable('linkage_activities')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', ACTIVITY_KINDS)))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('facility_area_code', 'varchar(12)')
    .addColumn('facility_id', 'varchar(36)')
    .addColumn('community_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('attendance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('left_behind_children', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volunteer_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', at, (c) => c.notNull())
    .addColumn('updated_at', at, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('linkage_activities_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_activities_id_idx').on('linkage_activities').column('id').unique().execute();
  await db.schema.createIndex('linkage_activities_project_idx').on('linkage_activities').columns(['area_code', 'project_id', 'held_on']).execute();

  await db.schema
    .createTable('linkage_attendance')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('activity_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('left_behind_child', bool, (c) => c.notNull())
    .addColumn('recorded_at', at, (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addPrimaryKeyConstraint('linkage_attendance_pk', ['area_code', 'activity_id', 'person_id'])
    .execute();
  // Who a project reached: distinct persons per project, and whether one attended (evaluations).
  await db.schema.createIndex('linkage_attendance_project_idx').on('linkage_attendance').columns(['area_code', 'project_id', 'person_id']).execute();

  await db.schema
    .createTable('linkage_activity_volunteers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('activity_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('volunteer_area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0`))
    .addColumn('hours_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('recorded_at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_activity_volunteers_pk', ['area_code', 'activity_id', 'volunteer_id'])
    .execute();

  await db.schema
    .createTable('linkage_milestones')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', MILESTONE_STATUSES)))
    .addColumn('met_on', 'varchar(10)')
    .addColumn('note', 'text')
    .addColumn('created_at', at, (c) => c.notNull())
    .addColumn('updated_at', at, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('linkage_milestones_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_milestones_id_idx').on('linkage_milestones').column('id').unique().execute();
  await db.schema.createIndex('linkage_milestones_project_idx').on('linkage_milestones').columns(['area_code', 'project_id', 'position']).execute();

  await db.schema
    .createTable('linkage_milestone_evidence')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('milestone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(oneOf('kind', EVIDENCE_KINDS)))
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('added_at', at, (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)')
    .addPrimaryKeyConstraint('linkage_milestone_evidence_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_milestone_evidence_idx').on('linkage_milestone_evidence').columns(['area_code', 'milestone_id']).execute();

  await db.schema
    .createTable('linkage_results')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('indicator_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
    .addColumn('achieved', double(db), (c) => c.notNull().check(sql`achieved >= 0`))
    .addColumn('updated_at', at, (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .addPrimaryKeyConstraint('linkage_results_pk', ['area_code', 'project_id', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('linkage_expenditures')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('budget_line_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('spent_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_at', at, (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addPrimaryKeyConstraint('linkage_expenditures_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_expenditures_project_idx').on('linkage_expenditures').columns(['area_code', 'project_id', 'spent_on']).execute();

  await db.schema
    .createTable('linkage_evaluation_rounds')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', ROUND_STATUSES)))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('final_score', double(db))
    .addColumn('grade', 'varchar(12)', (c) => c.check(oneOf('grade', GRADES)))
    .addColumn('credit_recorded', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('opened_at', at, (c) => c.notNull())
    .addColumn('opened_by', 'varchar(36)')
    .addColumn('closed_at', at)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('linkage_evaluation_rounds_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_evaluation_rounds_id_idx').on('linkage_evaluation_rounds').column('id').unique().execute();
  await db.schema.createIndex('linkage_evaluation_rounds_project_idx').on('linkage_evaluation_rounds').columns(['area_code', 'project_id']).execute();

  await db.schema
    .createTable('linkage_evaluation_responses')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('rater_kind', 'varchar(12)', (c) => c.notNull().check(oneOf('rater_kind', RATER_KINDS)))
    .addColumn('respondent_key', 'varchar(48)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)')
    .addColumn('person_area_code', 'varchar(12)')
    .addColumn('user_id', 'varchar(36)')
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('score', double(db), (c) => c.notNull().check(sql`score >= 0 and score <= 100`))
    .addColumn('comment', 'text')
    .addColumn('at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_evaluation_responses_pk', ['area_code', 'id'])
    .execute();
  // One response per participant (or per rater account) per round, whatever the channel.
  await db.schema.createIndex('linkage_evaluation_responses_once_idx').on('linkage_evaluation_responses').columns(['area_code', 'round_id', 'respondent_key']).unique().execute();
  // The satisfaction indicator reads residents' responses by their community and time.
  await db.schema.createIndex('linkage_evaluation_responses_community_idx').on('linkage_evaluation_responses').columns(['person_area_code', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'linkage_evaluation_responses',
    'linkage_evaluation_rounds',
    'linkage_expenditures',
    'linkage_results',
    'linkage_milestone_evidence',
    'linkage_milestones',
    'linkage_activity_volunteers',
    'linkage_attendance',
    'linkage_activities',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
