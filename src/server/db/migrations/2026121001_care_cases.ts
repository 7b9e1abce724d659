import { sql, type Kysely } from 'kysely';
import { boolean, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const GROUPS = ['leftBehindChild', 'leftBehindWoman', 'leftBehindElderly', 'elderlyAlone', 'disabled', 'hardship', 'childInDifficulty'];
const CASE_STATUSES = ['open', 'closed'];
const RISK_LEVELS = ['low', 'medium', 'high'];
const TEAM_ROLES = ['socialWorker', 'agent', 'childrenDirector', 'childrenSupervisor', 'other'];
const CARER_KINDS = ['guardian', 'entrustedCarer'];
const APPROVAL_KINDS = ['riskChange', 'close'];
const APPROVAL_STATUSES = ['requested', 'approved', 'rejected'];
const VISIT_MODES = ['home', 'phone', 'video'];
const FREQUENCIES = ['week', 'fortnight', 'month', 'quarter', 'halfYear'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
/** A factor rating: 0 no concern, 1 some concern, 2 serious concern. */
const rating = (column: string) => sql.raw(`${column} between 0 and 2`);

/**
 * Care cases for the left-behind and the vulnerable: the case with its team, carers and the
 * household members away; risk assessments; approval requests; visit policies per area; visits;
 * case notes and the case timeline. Every table that grows with population puts area_code (the
 * community of the person in care) first in its key; visit policies are small, keyed by an area
 * code of any level (the longest prefix of a community's code wins).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_cases')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('household_id', 'varchar(36)')
    .addColumn('care_group', 'varchar(20)', (c) => c.notNull().check(oneOf('care_group', GROUPS)))
    /** The left-behind flag the case opened from (leftBehind* groups). */
    .addColumn('flag_id', 'varchar(36)')
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', CASE_STATUSES)))
    .addColumn('risk_level', 'varchar(8)', (c) => c.notNull().check(oneOf('risk_level', RISK_LEVELS)))
    .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('opened_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('closed_on', 'varchar(10)')
    .addColumn('close_reason', 'text')
    /** The day the person leaves the case's group by age (a child's 16th birthday), if any. */
    .addColumn('group_ends_on', 'varchar(10)')
    /** The day the daily re-check found the group no longer holds. */
    .addColumn('group_ended_on', 'varchar(10)')
    .addColumn('last_visit_on', 'varchar(10)')
    .addColumn('visit_due_on', 'varchar(10)')
    /** 0 scheduled, 1 due, 2 overdue (owner warned), 3 escalated to the supervisor. */
    .addColumn('visit_stage', 'integer', (c) => c.notNull().defaultTo(0).check(sql`visit_stage between 0 and 3`))
    .addColumn('next_assessment_on', 'varchar(10)')
    /** When the daily sweep next has something to do for this case: an index range per day. */
    .addColumn('next_check_on', 'varchar(10)')
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('care_cases_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_cases_id_idx').on('care_cases').column('id').unique().execute();
  await db.schema.createIndex('care_cases_person_idx').on('care_cases').columns(['area_code', 'person_id', 'status']).execute();
  await db.schema.createIndex('care_cases_due_idx').on('care_cases').columns(['area_code', 'status', 'visit_due_on']).execute();
  await db.schema.createIndex('care_cases_owner_idx').on('care_cases').columns(['owner_id', 'status', 'visit_due_on']).execute();
  await db.schema.createIndex('care_cases_check_idx').on('care_cases').columns(['next_check_on']).execute();

  await db.schema
    .createTable('care_case_team')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull().check(oneOf('role', TEAM_ROLES)))
    .addColumn('added_at', timestamp(db), (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)')
    .addPrimaryKeyConstraint('care_case_team_pk', ['area_code', 'case_id', 'user_id'])
    .addForeignKeyConstraint('care_case_team_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_case_team_user_idx').on('care_case_team').columns(['user_id', 'area_code', 'case_id']).execute();

  await db.schema
    .createTable('care_case_carers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', CARER_KINDS)))
    .addColumn('person_id', 'varchar(36)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'varchar(24)', (c) => c.notNull())
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('since', 'varchar(10)')
    .addColumn('until', 'varchar(10)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('care_case_carers_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_case_carers_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_case_carers_case_idx').on('care_case_carers').columns(['area_code', 'case_id']).execute();

  await db.schema
    .createTable('care_case_away_members')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'varchar(24)', (c) => c.notNull())
    .addColumn('work_place', 'text')
    .addColumn('employer', 'text')
    .addColumn('away_since', 'varchar(10)')
    /** The day the daily re-check (or a worker) recorded the member's return home. */
    .addColumn('returned_on', 'varchar(10)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('care_case_away_members_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_case_away_members_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_case_away_members_case_idx').on('care_case_away_members').columns(['area_code', 'case_id']).execute();
  await db.schema.createIndex('care_case_away_members_person_idx').on('care_case_away_members').columns(['person_id']).execute();

  await db.schema
    .createTable('care_case_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_case_events_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_case_events_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_case_events_case_idx').on('care_case_events').columns(['area_code', 'case_id', 'at']).execute();

  await db.schema
    .createTable('care_case_notes')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)')
    .addColumn('author_name', 'text')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('care_case_notes_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_case_notes_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_case_notes_case_idx').on('care_case_notes').columns(['area_code', 'case_id', 'created_at']).execute();

  await db.schema
    .createTable('care_assessments')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('assessed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('safety', 'integer', (c) => c.notNull().check(rating('safety')))
    .addColumn('health', 'integer', (c) => c.notNull().check(rating('health')))
    /** Null when schooling does not apply (adults). */
    .addColumn('schooling', 'integer', (c) => c.check(rating('schooling')))
    .addColumn('living_conditions', 'integer', (c) => c.notNull().check(rating('living_conditions')))
    .addColumn('mood', 'integer', (c) => c.notNull().check(rating('mood')))
    .addColumn('carer_capacity', 'integer', (c) => c.notNull().check(rating('carer_capacity')))
    /** The level the factors give (engine/care/risk.ts). */
    .addColumn('computed_level', 'varchar(8)', (c) => c.notNull().check(oneOf('computed_level', RISK_LEVELS)))
    /** The level the assessor proposes; a change from the case's level waits for an approval. */
    .addColumn('proposed_level', 'varchar(8)', (c) => c.notNull().check(oneOf('proposed_level', RISK_LEVELS)))
    .addColumn('next_due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('approval_id', 'varchar(36)')
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_by_name', 'text')
    .addPrimaryKeyConstraint('care_assessments_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_assessments_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_assessments_case_idx').on('care_assessments').columns(['area_code', 'case_id', 'assessed_on']).execute();

  await db.schema
    .createTable('care_approvals')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull().check(oneOf('kind', APPROVAL_KINDS)))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().check(oneOf('status', APPROVAL_STATUSES)))
    .addColumn('from_level', 'varchar(8)', (c) => c.check(oneOf('from_level', RISK_LEVELS)))
    .addColumn('to_level', 'varchar(8)', (c) => c.check(oneOf('to_level', RISK_LEVELS)))
    .addColumn('assessment_id', 'varchar(36)')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_at', timestamp(db), (c) => c.notNull())
    .addColumn('requested_by', 'varchar(36)')
    .addColumn('requested_by_name', 'text')
    .addColumn('decided_at', timestamp(db))
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_by_name', 'text')
    .addColumn('comment', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('care_approvals_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_approvals_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_approvals_id_idx').on('care_approvals').column('id').unique().execute();
  await db.schema.createIndex('care_approvals_case_idx').on('care_approvals').columns(['area_code', 'case_id', 'status']).execute();
  await db.schema.createIndex('care_approvals_status_idx').on('care_approvals').columns(['status', 'area_code']).execute();

  await db.schema
    .createTable('care_visit_policies')
    .addColumn('area_code', 'varchar(12)', (c) => c.primaryKey().references('areas.code'))
    .addColumn('high', 'varchar(10)', (c) => c.notNull().check(oneOf('high', FREQUENCIES)))
    .addColumn('medium', 'varchar(10)', (c) => c.notNull().check(oneOf('medium', FREQUENCIES)))
    .addColumn('low', 'varchar(10)', (c) => c.notNull().check(oneOf('low', FREQUENCIES)))
    /** Days after the due day when an overdue visit is escalated to the supervisor. */
    .addColumn('escalate_after_days', 'integer', (c) => c.notNull().check(sql`escalate_after_days between 0 and 90`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();

  await db.schema
    .createTable('care_visits')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('visited_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('mode', 'varchar(8)', (c) => c.notNull().check(oneOf('mode', VISIT_MODES)))
    /** JSON: { factor: { rating: 0..2, note } } for the factors looked at. */
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('actions', 'text')
    .addColumn('next_steps', 'text')
    /** JSON array of photo file references (SHA-256 of the content). */
    .addColumn('photos', 'text', (c) => c.notNull())
    /** The due day this visit answered (null when none was set), and whether it was on time. */
    .addColumn('due_on', 'varchar(10)')
    .addColumn('on_time', boolean(db), (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('recorded_at', timestamp(db), (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addColumn('recorded_by_name', 'text')
    .addPrimaryKeyConstraint('care_visits_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('care_visits_case_fk', ['area_code', 'case_id'], 'care_cases', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_visits_case_idx').on('care_visits').columns(['area_code', 'case_id', 'visited_on']).execute();
  await db.schema.createIndex('care_visits_date_idx').on('care_visits').columns(['area_code', 'visited_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'care_visits',
    'care_visit_policies',
    'care_approvals',
    'care_assessments',
    'care_case_notes',
    'care_case_events',
    'care_case_away_members',
    'care_case_carers',
    'care_case_team',
    'care_cases',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
