import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const NEED_CATEGORIES = ['elderly', 'children', 'disabled', 'youth', 'women', 'hardship', 'health', 'culture', 'environment', 'safety', 'livelihood', 'other'];
const NEED_CHANNELS = ['portal', 'worker'];
const NEED_EVIDENCE = ['meeting', 'survey', 'visit', 'other'];
const NEED_STATUSES = ['open', 'underConsideration', 'takenUp', 'notTakenUp', 'merged'];
const ANSWER_DECISIONS = ['underConsideration', 'takenUp', 'notTakenUp'];
const SUPPORT_CHANNELS = ['portal', 'inPerson'];
const FUNDING_SOURCES = ['governmentPurchase', 'welfareLottery', 'charity', 'villageCollective'];
const PROJECT_STATUSES = ['draft', 'designed', 'calling', 'awarded', 'contracted', 'delivering', 'closed', 'cancelled'];
const INDICATOR_KINDS = ['output', 'outcome'];
const CALL_MODES = ['open', 'invitation'];
const CALL_STATUSES = ['draft', 'open', 'evaluation', 'notice', 'awarded', 'contracted', 'cancelled'];
const BID_STATUSES = ['submitted', 'withdrawn', 'awarded', 'notAwarded'];
const DECLARATIONS = ['pending', 'noConflict', 'conflict'];
const COMPLAINT_STATES = ['submitted', 'answered', 'escalated', 'resolved', 'rejected', 'withdrawn'];
const SUBJECTS = ['need', 'project', 'call', 'bid', 'complaint', 'contract'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * The procurement half of the tri-party linkage (三社联动): needs and their supports, answers and
 * merges; projects designed from needs; competitive calls with enquiries, bids, a panel, weighted
 * criteria, sealed scores, complaints, award and contract. Every row is place-bound: area_code
 * leads its key. Money is kept in cents (integers) so budget lines sum exactly.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bool = boolean(db);
  const at = timestamp(db);

  // ---- needs ----
  await db.schema
    .createTable('linkage_needs')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('category', 'varchar(16)', (c) => c.notNull().check(oneOf('category', NEED_CATEGORIES)))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('photo', 'text')
    .addColumn('channel', 'varchar(8)', (c) => c.notNull().check(oneOf('channel', NEED_CHANNELS)))
    .addColumn('evidence_kind', 'varchar(8)', (c) => c.check(oneOf('evidence_kind', NEED_EVIDENCE)))
    .addColumn('evidence', 'text')
    .addColumn('status', 'varchar(20)', (c) => c.notNull().check(oneOf('status', NEED_STATUSES)))
    .addColumn('merged_into_id', 'varchar(36)')
    .addColumn('supports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('raised_by_user_id', 'varchar(36)')
    .addColumn('raised_by_person_id', 'varchar(36)')
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', at, (c) => c.notNull())
    .addColumn('updated_at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_needs_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_needs_id_idx').on('linkage_needs').column('id').unique().execute();
  await db.schema.createIndex('linkage_needs_status_idx').on('linkage_needs').columns(['area_code', 'status', 'created_at']).execute();

  // One support per person per need, whatever the channel: supporter_key is the registry person
  // when known (a resident's account linked to their person, or a person a worker identified), else
  // the account; the unique index is what forbids counting one neighbour twice.
  await db.schema
    .createTable('linkage_need_supports')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('need_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('supporter_key', 'varchar(48)', (c) => c.notNull())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull().check(oneOf('channel', SUPPORT_CHANNELS)))
    .addColumn('user_id', 'varchar(36)')
    .addColumn('person_id', 'varchar(36)')
    .addColumn('person_area_code', 'varchar(12)')
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_need_supports_pk', ['area_code', 'need_id', 'supporter_key'])
    .addForeignKeyConstraint('linkage_need_supports_need_fk', ['area_code', 'need_id'], 'linkage_needs', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('linkage_need_follows')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('need_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_need_follows_pk', ['area_code', 'need_id', 'user_id'])
    .addForeignKeyConstraint('linkage_need_follows_need_fk', ['area_code', 'need_id'], 'linkage_needs', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('linkage_need_follows_user_idx').on('linkage_need_follows').column('user_id').execute();

  // The community's answer: the internal text is kept apart from what is published (and when).
  await db.schema
    .createTable('linkage_need_answers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('need_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('decision', 'varchar(20)', (c) => c.notNull().check(oneOf('decision', ANSWER_DECISIONS)))
    .addColumn('reason', 'text')
    .addColumn('internal_note', 'text')
    .addColumn('public_text', 'text')
    .addColumn('published_at', at)
    .addColumn('published_by', 'varchar(64)')
    .addColumn('at', at, (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('linkage_need_answers_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('linkage_need_answers_need_fk', ['area_code', 'need_id'], 'linkage_needs', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('linkage_need_answers_need_idx').on('linkage_need_answers').columns(['need_id', 'at']).execute();

  await db.schema
    .createTable('linkage_need_merges')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('from_need_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('into_need_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('supports_moved', 'integer', (c) => c.notNull())
    .addColumn('at', at, (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('linkage_need_merges_pk', ['area_code', 'id'])
    .execute();

  // Supports a need needs before the community must answer it, per community.
  await db.schema
    .createTable('linkage_support_thresholds')
    .addColumn('area_code', 'varchar(12)', (c) => c.primaryKey().references('areas.code'))
    .addColumn('threshold', 'integer', (c) => c.notNull().check(sql`threshold >= 1`))
    .addColumn('set_at', at, (c) => c.notNull())
    .addColumn('set_by', 'varchar(36)')
    .execute();

  // ---- projects ----
  await db.schema
    .createTable('linkage_projects')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('objectives', 'text', (c) => c.notNull())
    .addColumn('target_group', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'varchar(24)')
    .addColumn('target_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('funding_source', 'varchar(20)', (c) => c.notNull().check(oneOf('funding_source', FUNDING_SOURCES)))
    .addColumn('budget_cents', 'bigint', (c) => c.notNull().check(sql`budget_cents >= 0`))
    .addColumn('required_statuses', 'text', (c) => c.notNull())
    .addColumn('required_grade', 'varchar(2)')
    .addColumn('required_social_workers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', PROJECT_STATUSES)))
    .addColumn('starts_on', 'varchar(10)')
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('generated', bool, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', at, (c) => c.notNull())
    .addColumn('updated_at', at, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_projects_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_projects_id_idx').on('linkage_projects').column('id').unique().execute();
  await db.schema.createIndex('linkage_projects_status_idx').on('linkage_projects').columns(['area_code', 'status']).execute();

  const projectChild = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(36)', (c) => c.notNull());
  const toProject = (name: string) => (b: ReturnType<typeof projectChild>) =>
    b.addForeignKeyConstraint(`${name}_project_fk`, ['area_code', 'project_id'], 'linkage_projects', ['area_code', 'id'], (fk) => fk.onDelete('cascade'));

  // The needs a project answers: links, never copies.
  await toProject('linkage_project_needs')(
    projectChild('linkage_project_needs')
      .addColumn('need_area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('need_id', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_project_needs_pk', ['area_code', 'project_id', 'need_id']),
  ).execute();
  await db.schema.createIndex('linkage_project_needs_need_idx').on('linkage_project_needs').column('need_id').execute();

  // The communities a project serves (its target group lives there; attendance is checked against them).
  await toProject('linkage_project_communities')(
    projectChild('linkage_project_communities')
      .addColumn('community_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
      .addPrimaryKeyConstraint('linkage_project_communities_pk', ['area_code', 'project_id', 'community_code']),
  ).execute();
  await db.schema.createIndex('linkage_project_communities_code_idx').on('linkage_project_communities').column('community_code').execute();

  await toProject('linkage_budget_lines')(
    projectChild('linkage_budget_lines')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
      .addPrimaryKeyConstraint('linkage_budget_lines_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_budget_lines_project_idx').on('linkage_budget_lines').columns(['project_id', 'position']).execute();

  await toProject('linkage_indicators')(
    projectChild('linkage_indicators')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(oneOf('kind', INDICATOR_KINDS)))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'varchar(16)', (c) => c.notNull())
      .addColumn('target', double(db), (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_indicators_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_indicators_project_idx').on('linkage_indicators').columns(['project_id', 'position']).execute();

  await toProject('linkage_phases')(
    projectChild('linkage_phases')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_phases_pk', ['area_code', 'id'])
      .addCheckConstraint('linkage_phases_order', sql`starts_on <= ends_on`),
  ).execute();
  await db.schema.createIndex('linkage_phases_project_idx').on('linkage_phases').columns(['project_id', 'position']).execute();

  // ---- calls ----
  await toProject('linkage_calls')(
    projectChild('linkage_calls')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('mode', 'varchar(12)', (c) => c.notNull().check(oneOf('mode', CALL_MODES)))
      .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', CALL_STATUSES)))
      .addColumn('questions_until', at, (c) => c.notNull())
      .addColumn('submission_deadline', at, (c) => c.notNull())
      .addColumn('evaluation_until', at, (c) => c.notNull())
      .addColumn('notice_until', at, (c) => c.notNull())
      .addColumn('contract_by', at, (c) => c.notNull())
      .addColumn('score_max', double(db), (c) => c.notNull().check(sql`score_max > 0`))
      .addColumn('drop_extremes', bool, (c) => c.notNull())
      .addColumn('awarded_bid_id', 'varchar(36)')
      .addColumn('opened_at', at)
      .addColumn('evaluation_closed_at', at)
      .addColumn('awarded_at', at)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', at, (c) => c.notNull())
      .addColumn('updated_at', at, (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_calls_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_calls_id_idx').on('linkage_calls').column('id').unique().execute();
  await db.schema.createIndex('linkage_calls_project_idx').on('linkage_calls').column('project_id').execute();
  await db.schema.createIndex('linkage_calls_status_idx').on('linkage_calls').columns(['area_code', 'status']).execute();

  const callChild = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('call_id', 'varchar(36)', (c) => c.notNull());
  const toCall = (name: string) => (b: ReturnType<typeof callChild>) =>
    b.addForeignKeyConstraint(`${name}_call_fk`, ['area_code', 'call_id'], 'linkage_calls', ['area_code', 'id'], (fk) => fk.onDelete('cascade'));

  await toCall('linkage_call_invitations')(
    callChild('linkage_call_invitations')
      .addColumn('organization_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_area_code', 'varchar(12)', (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_call_invitations_pk', ['area_code', 'call_id', 'organization_id']),
  ).execute();

  // Questions asked during the questions period, answered publicly (the asker is never published).
  await toCall('linkage_enquiries')(
    callChild('linkage_enquiries')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('asked_by_user_id', 'varchar(36)')
      .addColumn('asked_at', at, (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('answered_by', 'varchar(64)')
      .addColumn('answered_at', at)
      .addPrimaryKeyConstraint('linkage_enquiries_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_enquiries_call_idx').on('linkage_enquiries').columns(['call_id', 'asked_at']).execute();

  await toCall('linkage_bids')(
    callChild('linkage_bids')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('proposal_title', 'text', (c) => c.notNull())
      .addColumn('proposal', 'text', (c) => c.notNull())
      .addColumn('budget_cents', 'bigint', (c) => c.notNull().check(sql`budget_cents >= 0`))
      .addColumn('volunteers_planned', 'integer', (c) => c.notNull().check(sql`volunteers_planned >= 0`))
      .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', BID_STATUSES)))
      .addColumn('eligibility', 'text', (c) => c.notNull())
      .addColumn('score', double(db))
      .addColumn('rank', 'integer')
      .addColumn('submitted_by', 'varchar(36)')
      .addColumn('submitted_at', at, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addPrimaryKeyConstraint('linkage_bids_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_bids_id_idx').on('linkage_bids').column('id').unique().execute();
  await db.schema.createIndex('linkage_bids_call_org_idx').on('linkage_bids').columns(['call_id', 'organization_id']).unique().execute();
  await db.schema.createIndex('linkage_bids_org_idx').on('linkage_bids').column('organization_id').execute();

  // The bid's team: social workers of the workers registry.
  await db.schema
    .createTable('linkage_bid_team')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('bid_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('worker_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('certified', bool, (c) => c.notNull())
    .addPrimaryKeyConstraint('linkage_bid_team_pk', ['area_code', 'bid_id', 'worker_id'])
    .addForeignKeyConstraint('linkage_bid_team_bid_fk', ['area_code', 'bid_id'], 'linkage_bids', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await toCall('linkage_panel_members')(
    callChild('linkage_panel_members')
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('declaration', 'varchar(12)', (c) => c.notNull().check(oneOf('declaration', DECLARATIONS)))
      .addColumn('conflict_note', 'text')
      .addColumn('declared_at', at)
      .addColumn('added_at', at, (c) => c.notNull())
      .addColumn('added_by', 'varchar(36)')
      .addPrimaryKeyConstraint('linkage_panel_members_pk', ['area_code', 'call_id', 'user_id']),
  ).execute();
  await db.schema.createIndex('linkage_panel_members_user_idx').on('linkage_panel_members').column('user_id').execute();

  await toCall('linkage_criteria')(
    callChild('linkage_criteria')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('weight', double(db), (c) => c.notNull().check(sql`weight > 0`))
      .addPrimaryKeyConstraint('linkage_criteria_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_criteria_call_idx').on('linkage_criteria').columns(['call_id', 'position']).execute();

  // Sealed until the evaluation closes: only the evaluator who wrote a score reads it before then.
  await toCall('linkage_scores')(
    callChild('linkage_scores')
      .addColumn('bid_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('criterion_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('score', double(db), (c) => c.notNull().check(sql`score >= 0`))
      .addColumn('comment', 'text')
      .addColumn('at', at, (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_scores_pk', ['area_code', 'bid_id', 'criterion_id', 'user_id']),
  ).execute();
  await db.schema.createIndex('linkage_scores_call_idx').on('linkage_scores').columns(['call_id', 'user_id']).execute();

  await toCall('linkage_complaints')(
    callChild('linkage_complaints')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_id', 'varchar(36)')
      .addColumn('user_id', 'varchar(36)')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('state', 'varchar(12)', (c) => c.notNull().check(oneOf('state', COMPLAINT_STATES)))
      .addColumn('answer', 'text')
      .addColumn('answered_at', at)
      .addColumn('decision', 'text')
      .addColumn('decided_at', at)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', at, (c) => c.notNull())
      .addColumn('updated_at', at, (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_complaints_pk', ['area_code', 'id']),
  ).execute();
  await db.schema.createIndex('linkage_complaints_id_idx').on('linkage_complaints').column('id').unique().execute();
  await db.schema.createIndex('linkage_complaints_call_idx').on('linkage_complaints').columns(['call_id', 'state']).execute();

  await toCall('linkage_contracts')(
    callChild('linkage_contracts')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('bid_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('organization_area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
      .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', at, (c) => c.notNull())
      .addPrimaryKeyConstraint('linkage_contracts_pk', ['area_code', 'id'])
      .addCheckConstraint('linkage_contracts_dates', sql`starts_on <= ends_on`),
  ).execute();
  await db.schema.createIndex('linkage_contracts_id_idx').on('linkage_contracts').column('id').unique().execute();
  await db.schema.createIndex('linkage_contracts_call_idx').on('linkage_contracts').column('call_id').unique().execute();
  await db.schema.createIndex('linkage_contracts_project_idx').on('linkage_contracts').column('project_id').execute();
  await db.schema.createIndex('linkage_contracts_org_idx').on('linkage_contracts').column('organization_id').execute();

  await db.schema
    .createTable('linkage_payment_milestones')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('paid_on', 'varchar(10)')
    .addPrimaryKeyConstraint('linkage_payment_milestones_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('linkage_payment_milestones_contract_fk', ['area_code', 'contract_id'], 'linkage_contracts', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('linkage_payment_milestones_contract_idx').on('linkage_payment_milestones').columns(['contract_id', 'position']).execute();

  // Every state change of a need, project, call, bid, complaint or contract: the chain's timeline.
  await db.schema
    .createTable('linkage_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject', 'varchar(12)', (c) => c.notNull().check(oneOf('subject', SUBJECTS)))
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(20)')
    .addColumn('to_state', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', at, (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('linkage_events_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('linkage_events_subject_idx').on('linkage_events').columns(['subject_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'linkage_events',
    'linkage_payment_milestones',
    'linkage_contracts',
    'linkage_complaints',
    'linkage_scores',
    'linkage_criteria',
    'linkage_panel_members',
    'linkage_bid_team',
    'linkage_bids',
    'linkage_enquiries',
    'linkage_call_invitations',
    'linkage_calls',
    'linkage_phases',
    'linkage_indicators',
    'linkage_budget_lines',
    'linkage_project_communities',
    'linkage_project_needs',
    'linkage_projects',
    'linkage_support_thresholds',
    'linkage_need_merges',
    'linkage_need_answers',
    'linkage_need_follows',
    'linkage_need_supports',
    'linkage_needs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
