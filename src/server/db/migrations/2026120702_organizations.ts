import { sql, type Kysely } from 'kysely';
import { double, isPostgres, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const MODES = ['registered', 'filed', 'guided'];
const REGISTERED_KINDS = ['socialGroup', 'socialServiceAgency', 'foundation'];
const NATURES = ['service', 'publicWelfare', 'mutualAid'];
const STATUSES = ['incubating', 'filed', 'registered', 'active', 'abnormal', 'suspended', 'deregistered'];
const GRADES = ['1A', '2A', '3A', '4A', '5A'];
const CREDIT_KINDS = ['award', 'sanction', 'evaluation'];
const APPEAL_STATES = ['pending', 'upheld', 'changed'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** The targets of 民发〔2017〕191号 for 2020, beside the 2016-2020 plan they served. */
const PLAN_ID = 'national-2016-2020';
const SOURCE =
  '民政部《关于大力培育发展社区社会组织的意见》（民发〔2017〕191号，2017年12月27日）：到2020年，城市社区平均拥有不少于10个社区社会组织，农村社区平均拥有不少于5个社区社会组织';

export async function up(db: Kysely<any>): Promise<void> {
  const bool = isPostgres(db) ? sql`boolean` : sql`integer`;
  // An organization belongs to the area that registered, filed or guides it (any level); the
  // communities it serves are listed apart. area_code leads every key, as for other place-bound rows.
  await db.schema
    .createTable('organizations')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'varchar(18)')
    .addColumn('management', 'varchar(16)', (c) => c.notNull().check(oneOf('management', MODES)))
    .addColumn('registered_kind', 'varchar(24)', (c) => c.check(oneOf('registered_kind', REGISTERED_KINDS)))
    .addColumn('nature', 'varchar(16)', (c) => c.notNull().check(oneOf('nature', NATURES)))
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('status_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('founded_on', 'varchar(10)')
    .addColumn('address', 'text')
    .addColumn('description', 'text')
    .addColumn('generated', bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('organizations_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('organizations_id_idx').on('organizations').column('id').unique().execute();
  // A credit code names one body: unique where present (both engines allow many nulls).
  await db.schema.createIndex('organizations_credit_code_idx').on('organizations').column('credit_code').unique().execute();
  await db.schema.createIndex('organizations_initials_idx').on('organizations').column('name_initials').execute();

  await db.schema
    .createTable('organization_communities')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('organization_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('organization_area_code', 'varchar(12)', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_communities_pk', ['area_code', 'organization_id'])
    .addForeignKeyConstraint('organization_communities_org_fk', ['organization_area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('organization_communities_org_idx').on('organization_communities').columns(['organization_id', 'area_code']).execute();

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('organization_id', 'varchar(36)', (c) => c.notNull());

  // Every status change (the first is the registration in the registry).
  await child('organization_events')
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)', (c) => c.check(oneOf('from_status', STATUSES)))
    .addColumn('to_status', 'varchar(16)', (c) => c.notNull().check(oneOf('to_status', STATUSES)))
    .addColumn('reason', 'text')
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('organization_events_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('organization_events_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('organization_events_org_idx').on('organization_events').columns(['organization_id', 'date']).execute();

  // One incubation per organization; milestones as JSON (few, edited together).
  await child('organization_incubations')
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('mentor', 'text')
    .addColumn('started_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('planned_graduation', 'varchar(10)')
    .addColumn('graduated_on', 'varchar(10)')
    .addColumn('milestones', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_incubations_pk', ['area_code', 'organization_id'])
    .addForeignKeyConstraint('organization_incubations_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await child('organization_ratings')
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('score', double(db), (c) => c.notNull().check(sql`score >= 0`))
    .addColumn('scale_max', double(db), (c) => c.notNull())
    .addColumn('grade', 'varchar(2)', (c) => c.notNull().check(oneOf('grade', GRADES)))
    .addColumn('assessor', 'text', (c) => c.notNull())
    .addColumn('rated_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('appeal_state', 'varchar(8)', (c) => c.check(oneOf('appeal_state', APPEAL_STATES)))
    .addColumn('appeal_reason', 'text')
    .addColumn('appeal_filed_on', 'varchar(10)')
    .addColumn('appeal_decided_on', 'varchar(10)')
    .addColumn('appeal_decision', 'text')
    .addColumn('original_score', double(db))
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('organization_ratings_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('organization_ratings_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('organization_ratings_org_idx').on('organization_ratings').columns(['organization_id', 'rated_on']).execute();

  // The score each grade needs, set by a jurisdiction (province, city or county) for everything under it.
  await db.schema
    .createTable('organization_rating_scales')
    .addColumn('area_code', 'varchar(12)', (c) => c.primaryKey().references('areas.code'))
    .addColumn('scale_max', double(db), (c) => c.notNull().check(sql`scale_max > 0`))
    .addColumn('min_1a', double(db), (c) => c.notNull())
    .addColumn('min_2a', double(db), (c) => c.notNull())
    .addColumn('min_3a', double(db), (c) => c.notNull())
    .addColumn('min_4a', double(db), (c) => c.notNull())
    .addColumn('min_5a', double(db), (c) => c.notNull())
    .addColumn('set_at', timestamp(db), (c) => c.notNull())
    .addColumn('set_by', 'varchar(36)')
    .addCheckConstraint('organization_rating_scales_order', sql`0 <= min_1a and min_1a < min_2a and min_2a < min_3a and min_3a < min_4a and min_4a < min_5a and min_5a <= scale_max`)
    .execute();

  await child('organization_annual_reports')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('volunteers', 'integer', (c) => c.notNull())
    .addColumn('activities', 'integer', (c) => c.notNull())
    .addColumn('beneficiaries', 'integer', (c) => c.notNull())
    .addColumn('income', double(db), (c) => c.notNull())
    .addColumn('expenditure', double(db), (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('submitted_at', timestamp(db), (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(64)')
    .addPrimaryKeyConstraint('organization_annual_reports_pk', ['area_code', 'organization_id', 'year'])
    .addForeignKeyConstraint('organization_annual_reports_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  // A member account belongs to one organization (the key is the user).
  await child('organization_members')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'text')
    .addColumn('added_at', timestamp(db), (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)')
    .addPrimaryKeyConstraint('organization_members_pk', ['user_id'])
    .addForeignKeyConstraint('organization_members_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('organization_members_org_idx').on('organization_members').columns(['organization_id']).execute();

  await child('organization_credit_records')
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull().check(oneOf('kind', CREDIT_KINDS)))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('source', 'text')
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('organization_credit_records_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('organization_credit_records_org_fk', ['area_code', 'organization_id'], 'organizations', ['area_code', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('organization_credit_records_org_idx').on('organization_credit_records').columns(['organization_id', 'date']).execute();

  // 民发〔2017〕191号's targets beside the 2016-2020 plan (its period), so plans show them.
  const template = await db.selectFrom('plans').select('id').where('id', '=', PLAN_ID).executeTakeFirst();
  if (template) {
    await db
      .insertInto('plan_indicators')
      .values(
        (['urban', 'rural'] as const).map((split) => ({
          plan_id: PLAN_ID,
          indicator: 'organizations_per_community',
          split,
          baseline_value: null,
          baseline_year: null,
          target_value: split === 'urban' ? 10 : 5,
          target_year: 2020,
          source: SOURCE,
        })),
      )
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('plan_indicators').where('plan_id', '=', PLAN_ID).where('indicator', '=', 'organizations_per_community').execute();
  for (const table of [
    'organization_credit_records',
    'organization_members',
    'organization_annual_reports',
    'organization_rating_scales',
    'organization_ratings',
    'organization_incubations',
    'organization_events',
    'organization_communities',
    'organizations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
