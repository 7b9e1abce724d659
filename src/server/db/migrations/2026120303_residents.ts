import { sql, type Kysely } from 'kysely';
import { boolean, isPostgres, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const SEXES = ['male', 'female'];
const RELATIONS = ['head', 'spouse', 'child', 'childInLaw', 'grandchild', 'parent', 'grandparent', 'sibling', 'other'];
const STATUSES = ['local', 'inflow', 'outflow'];
const DISABILITIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'];
const HARDSHIP = ['minimumLivingAllowance', 'extremePoverty', 'lowIncome'];
const KINDS = ['leftBehindChild', 'leftBehindElderly', 'leftBehindWoman'];
const FLAG_STATUSES = ['pending', 'confirmed', 'rejected'];

/** Names compare code point by code point on both engines, so a prefix is an index range. */
const binaryText = (db: Kysely<any>) => (isPostgres(db) ? sql`text collate "C"` : sql`text`);

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  // Households and persons grow with population: area_code (the community they live in)
  // leads every key so the tables can be distributed by area and joined on it.
  await db.schema
    .createTable('households')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('number', 'varchar(32)')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hukou', boolean(db), (c) => c.notNull())
    .addColumn('head_person_id', 'varchar(36)')
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('households_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('households_id_idx').on('households').column('id').execute();
  await db.schema.createIndex('households_number_idx').on('households').columns(['area_code', 'number']).unique().execute();

  // ID, phone and residence-permit numbers are stored only encrypted (AES-256-GCM); ID and
  // phone numbers are found through keyed hashes (HMAC-SHA256), never through their text.
  await db.schema
    .createTable('persons')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('household_id', 'varchar(36)')
    .addColumn('name', binaryText(db), (c) => c.notNull())
    .addColumn('name_initials', binaryText(db), (c) => c.notNull())
    .addColumn('sex', 'varchar(6)', (c) => c.notNull().check(oneOf('sex', SEXES)))
    .addColumn('birth_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('id_number_cipher', 'text')
    .addColumn('id_number_hash', 'varchar(64)')
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('ethnicity', 'varchar(16)')
    .addColumn('relation', 'varchar(12)', (c) => c.notNull().check(oneOf('relation', RELATIONS)))
    .addColumn('hukou_area_code', 'varchar(12)')
    .addColumn('residence_status', 'varchar(8)', (c) => c.notNull().check(oneOf('residence_status', STATUSES)))
    .addColumn('residence_permit_cipher', 'text')
    .addColumn('away_to', 'text')
    .addColumn('away_since', 'varchar(10)')
    .addColumn('migrant_worker', boolean(db), (c) => c.notNull())
    .addColumn('accompanying_family', boolean(db), (c) => c.notNull())
    .addColumn('disability_category', 'varchar(16)', (c) => c.check(oneOf('disability_category', DISABILITIES)))
    .addColumn('disability_grade', 'integer', (c) => c.check(sql`disability_grade between 1 and 4`))
    .addColumn('hardship', 'varchar(24)', (c) => c.check(oneOf('hardship', HARDSHIP)))
    .addColumn('living_alone', boolean(db), (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('persons_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('persons_id_idx').on('persons').column('id').execute();
  await db.schema.createIndex('persons_household_idx').on('persons').columns(['area_code', 'household_id']).execute();
  // One person per ID number: a second record with the same number is refused.
  await db.schema.createIndex('persons_id_number_hash_idx').on('persons').column('id_number_hash').unique().execute();
  await db.schema.createIndex('persons_phone_hash_idx').on('persons').column('phone_hash').execute();
  await db.schema.createIndex('persons_user_idx').on('persons').column('user_id').unique().execute();
  await db.schema.createIndex('persons_initials_idx').on('persons').columns(['name_initials', 'area_code']).execute();
  await db.schema.createIndex('persons_name_idx').on('persons').columns(['name', 'birth_date', 'area_code']).execute();

  // Every change to a person: who, when, and what changed (personal numbers only masked).
  await db.schema
    .createTable('person_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addColumn('action', 'varchar(24)', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_events_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('person_events_person_idx').on('person_events').columns(['area_code', 'person_id', 'at']).execute();

  // Left-behind flags found by the rules, awaiting or after a worker's review.
  await db.schema
    .createTable('left_behind_flags')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('household_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().check(oneOf('kind', KINDS)))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().check(oneOf('status', FLAG_STATUSES)))
    .addColumn('applies', boolean(db), (c) => c.notNull())
    .addColumn('reason', 'varchar(40)')
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'varchar(10)', (c) => c.check(oneOf('previous_status', FLAG_STATUSES)))
    .addColumn('previous_facts', 'text')
    .addColumn('review_reason', 'text')
    .addColumn('reviewed_by', 'varchar(64)')
    .addColumn('reviewed_at', timestamp(db))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('left_behind_flags_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('left_behind_flags_person_idx').on('left_behind_flags').columns(['area_code', 'person_id', 'kind']).unique().execute();
  await db.schema.createIndex('left_behind_flags_status_idx').on('left_behind_flags').columns(['status', 'area_code']).execute();
  await db.schema.createIndex('left_behind_flags_id_idx').on('left_behind_flags').column('id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['left_behind_flags', 'person_events', 'persons', 'households']) {
    await db.schema.dropTable(table).execute();
  }
}
