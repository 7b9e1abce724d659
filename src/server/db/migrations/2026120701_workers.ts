import { sql, type Kysely } from 'kysely';
import { boolean, double, isPostgres, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const POST_KINDS = ['communityWorker', 'socialWorker', 'stationStaff', 'childrenDirector', 'childrenSupervisor', 'other'];
const LEVELS = ['assistant', 'intermediate', 'senior'];
const STATUSES = ['declared', 'verified', 'rejected'];
const DEFAULT_HOURS: [string, number][] = [
  ['assistant', 72],
  ['intermediate', 72],
  ['senior', 90],
];
const INDICATORS_BEFORE = [
  'facility_coverage',
  'floor_area_per_100_households',
  'radius_population_coverage',
  'platform_coverage',
  'social_worker_presence',
  'organizations_per_community',
  'left_behind_visited',
  'requests_on_time',
  'satisfaction',
  'community_workers_per_10000_urban',
  'social_work_certificate_share',
];
const ADDED_INDICATOR = 'social_workers_per_10000';
const SPLITS = ['all', 'urban', 'rural'];

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

async function rebuildOnSqlite(db: Kysely<any>, table: string, columns: string[], create: (name: string) => Promise<void>): Promise<void> {
  await create(`${table}_next`);
  const list = columns.join(', ');
  await sql`insert into ${sql.table(`${table}_next`)} (${sql.raw(list)}) select ${sql.raw(list)} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await sql`alter table ${sql.table(`${table}_next`)} rename to ${sql.table(table)}`.execute(db);
}

/** The plan tables' CHECK on indicator codes, with or without social workers per 10,000. */
async function setVocabulary(db: Kysely<any>, indicators: string[]): Promise<void> {
  if (isPostgres(db)) {
    for (const table of ['plan_indicators', 'plan_targets']) {
      await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_indicator_check`)}`.execute(db);
      await sql`alter table ${sql.table(table)} add constraint ${sql.raw(`${table}_indicator_check`)} check (${oneOf('indicator', indicators)})`.execute(db);
    }
    return;
  }
  const indicatorColumns = ['plan_id', 'indicator', 'split', 'baseline_value', 'baseline_year', 'target_value', 'target_year', 'source'];
  await rebuildOnSqlite(db, 'plan_indicators', indicatorColumns, async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
      .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', indicators)))
      .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
      .addColumn('baseline_value', double(db))
      .addColumn('baseline_year', 'integer')
      .addColumn('target_value', double(db))
      .addColumn('target_year', 'integer')
      .addColumn('source', 'text')
      .addPrimaryKeyConstraint(`${name}_pk`, ['plan_id', 'indicator', 'split'])
      .execute();
  });
  await rebuildOnSqlite(db, 'plan_targets', ['area_code', 'plan_id', 'indicator', 'split', 'target_value', 'target_year', 'set_at', 'set_by'], async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('plan_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', indicators)))
      .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
      .addColumn('target_value', double(db), (c) => c.notNull())
      .addColumn('target_year', 'integer', (c) => c.notNull())
      .addColumn('set_at', 'text', (c) => c.notNull())
      .addColumn('set_by', 'varchar(36)')
      .addPrimaryKeyConstraint(`${name}_pk`, ['area_code', 'plan_id', 'indicator', 'split'])
      .addForeignKeyConstraint(`${name}_adoption_fk`, ['area_code', 'plan_id'], 'plan_adoptions', ['area_code', 'plan_id'], (c) => c.onDelete('cascade'))
      .execute();
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  // A worker is registered under a community or township (their scope); the registry is small
  // (a few people per community), so it is a reference-sized table keyed by id.
  await db.schema
    .createTable('workers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_search', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('id_number_cipher', 'text')
    .addColumn('id_number_hash', 'varchar(64)')
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workers_area_idx').on('workers').columns(['area_code', 'id']).execute();
  await db.schema.createIndex('workers_initials_idx').on('workers').column('name_initials').execute();
  await db.schema.createIndex('workers_id_number_idx').on('workers').column('id_number_hash').unique().where(sql.ref('id_number_hash'), 'is not', null).execute();
  await db.schema.createIndex('workers_user_idx').on('workers').column('user_id').unique().where(sql.ref('user_id'), 'is not', null).execute();

  // Posts held, with their community or township and dates (to_date null: still held).
  await db.schema
    .createTable('worker_posts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('worker_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('kind', 'varchar(24)', (c) => c.notNull().check(oneOf('kind', POST_KINDS)))
    .addColumn('title', 'text')
    .addColumn('from_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_date', 'varchar(10)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addCheckConstraint('worker_posts_dates_check', sql`to_date is null or to_date >= from_date`)
    .execute();
  await db.schema.createIndex('worker_posts_worker_idx').on('worker_posts').column('worker_id').execute();
  await db.schema.createIndex('worker_posts_area_idx').on('worker_posts').columns(['area_code', 'from_date']).execute();

  await db.schema
    .createTable('worker_qualifications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('worker_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('level', 'varchar(16)', (c) => c.notNull().check(oneOf('level', LEVELS)))
    .addColumn('certificate_number', 'varchar(40)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('evidence', 'text')
    .addColumn('decided_by_id', 'varchar(36)')
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_at', timestamp(db))
    .addColumn('declared_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('worker_qualifications_worker_idx').on('worker_qualifications').column('worker_id').execute();
  await db.schema.createIndex('worker_qualifications_certificate_idx').on('worker_qualifications').columns(['level', 'certificate_number']).unique().execute();

  await db.schema
    .createTable('worker_registrations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('worker_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('number', 'varchar(40)')
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addCheckConstraint('worker_registrations_dates_check', sql`valid_to >= valid_from`)
    .execute();
  await db.schema.createIndex('worker_registrations_worker_idx').on('worker_registrations').column('worker_id').execute();

  await db.schema
    .createTable('worker_trainings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('worker_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('hours', double(db), (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('continuing_education', boolean(db), (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('worker_trainings_worker_idx').on('worker_trainings').columns(['worker_id', 'date']).execute();

  await db.schema
    .createTable('worker_supervisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('supervisor_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('supervisee_id', 'varchar(36)', (c) => c.notNull().references('workers.id').onDelete('cascade'))
    .addColumn('from_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_date', 'varchar(10)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addCheckConstraint('worker_supervisions_self_check', sql`supervisor_id <> supervisee_id`)
    .execute();
  await db.schema.createIndex('worker_supervisions_pair_idx').on('worker_supervisions').columns(['supervisor_id', 'supervisee_id', 'from_date']).unique().execute();
  await db.schema.createIndex('worker_supervisions_supervisee_idx').on('worker_supervisions').column('supervisee_id').execute();

  await db.schema
    .createTable('worker_education_requirements')
    .addColumn('level', 'varchar(16)', (c) => c.primaryKey().check(oneOf('level', LEVELS)))
    .addColumn('hours', double(db), (c) => c.notNull().check(sql`hours >= 0`))
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)')
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('worker_education_requirements')
    .values(DEFAULT_HOURS.map(([level, hours]) => ({ level, hours, updated_at: now, updated_by: null })))
    .execute();

  // Social workers per 10,000 residents joins the indicators a plan may set targets for.
  await setVocabulary(db, [...INDICATORS_BEFORE, ADDED_INDICATOR]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('plan_targets').where('indicator', '=', ADDED_INDICATOR).execute();
  await db.deleteFrom('plan_indicators').where('indicator', '=', ADDED_INDICATOR).execute();
  await setVocabulary(db, INDICATORS_BEFORE);
  for (const table of ['worker_education_requirements', 'worker_supervisions', 'worker_trainings', 'worker_registrations', 'worker_qualifications', 'worker_posts', 'workers']) {
    await db.schema.dropTable(table).execute();
  }
}
