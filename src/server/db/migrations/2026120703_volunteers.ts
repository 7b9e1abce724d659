import { sql, type Kysely } from 'kysely';
import { boolean, isPostgres, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const HOURS_STATES = ['claimed', 'verified', 'rejected'];
const ACCOUNT_KINDS = ['member', 'bank'];
const TRANSFER_KINDS = ['payment', 'volunteerHours'];
const POST_KINDS = ['offer', 'request'];
const POST_STATUSES = ['open', 'closed'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Volunteers and their service hours; the mutual-aid time bank: one per community, accounts,
 * immutable transfers and their movements (double entry), offers and requests. Every table is
 * place-bound: area_code (the community) leads its key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_simplified', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('person_id', 'varchar(36)')
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('availability', 'text')
    .addColumn('service_areas', 'text', (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addPrimaryKeyConstraint('volunteers_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('volunteers_id_idx').on('volunteers').column('id').unique().execute();
  await db.schema.createIndex('volunteers_user_idx').on('volunteers').columns(['area_code', 'user_id']).unique().execute();
  await db.schema.createIndex('volunteers_person_idx').on('volunteers').columns(['area_code', 'person_id']).unique().execute();
  await db.schema.createIndex('volunteers_initials_idx').on('volunteers').columns(['area_code', 'name_initials']).execute();

  await db.schema
    .createTable('volunteer_hours')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('service_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0 and minutes <= 1440`))
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull().check(oneOf('state', HOURS_STATES)))
    .addColumn('claimed_at', timestamp(db), (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(36)')
    .addColumn('decided_at', timestamp(db))
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_by_name', 'text')
    .addColumn('reason', 'text')
    .addColumn('transfer_id', 'varchar(36)')
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('volunteer_hours_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('volunteer_hours_volunteer_fk', ['area_code', 'volunteer_id'], 'volunteers', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('volunteer_hours_id_idx').on('volunteer_hours').column('id').unique().execute();
  await db.schema.createIndex('volunteer_hours_volunteer_idx').on('volunteer_hours').columns(['area_code', 'volunteer_id', 'service_date']).execute();
  await db.schema.createIndex('volunteer_hours_state_idx').on('volunteer_hours').columns(['area_code', 'state', 'id']).execute();

  await db.schema
    .createTable('time_banks')
    .addColumn('area_code', 'varchar(12)', (c) => c.primaryKey().references('areas.code'))
    .addColumn('active', boolean(db), (c) => c.notNull())
    .addColumn('min_balance', 'integer', (c) => c.notNull().check(sql`min_balance <= 0`))
    .addColumn('max_balance', 'integer', (c) => c.check(sql`max_balance > 0`))
    .addColumn('credit_volunteer_hours', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();

  await db.schema
    .createTable('time_bank_accounts')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('time_banks.area_code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(oneOf('kind', ACCOUNT_KINDS)))
    .addColumn('holder_key', 'varchar(48)', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('volunteer_id', 'varchar(36)')
    .addColumn('opened_at', timestamp(db), (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('time_bank_accounts_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('time_bank_accounts_id_idx').on('time_bank_accounts').column('id').unique().execute();
  await db.schema.createIndex('time_bank_accounts_holder_idx').on('time_bank_accounts').columns(['area_code', 'holder_key']).unique().execute();
  await db.schema.createIndex('time_bank_accounts_user_idx').on('time_bank_accounts').columns(['user_id', 'area_code']).execute();

  await db.schema
    .createTable('time_bank_transfers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('time_banks.area_code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', TRANSFER_KINDS)))
    .addColumn('memo', 'text')
    .addColumn('source_key', 'varchar(48)')
    .addColumn('post_id', 'varchar(36)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('time_bank_transfers_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('time_bank_transfers_source_idx').on('time_bank_transfers').columns(['area_code', 'source_key']).unique().execute();

  await db.schema
    .createTable('time_bank_movements')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence > 0`))
    .addColumn('transfer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes <> 0`))
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('time_bank_movements_pk', ['area_code', 'account_id', 'sequence'])
    .addForeignKeyConstraint('time_bank_movements_account_fk', ['area_code', 'account_id'], 'time_bank_accounts', ['area_code', 'id'])
    .addForeignKeyConstraint('time_bank_movements_transfer_fk', ['area_code', 'transfer_id'], 'time_bank_transfers', ['area_code', 'id'])
    // On SQLite the rows are stored in key order (WITHOUT ROWID): an account's history is one
    // contiguous range rather than a lookup per movement. PostgreSQL reads it through the key's index.
    .$call((b) => (isPostgres(db) ? b : b.modifyEnd(sql`without rowid`)))
    .execute();
  // Covering: a history's counterparties (the other movements of its transfers) read from the index alone.
  await db.schema
    .createIndex('time_bank_movements_transfer_idx')
    .on('time_bank_movements')
    .columns(['area_code', 'transfer_id', 'account_id', 'minutes', 'balance_after'])
    .execute();

  await db.schema
    .createTable('time_bank_posts')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(oneOf('kind', POST_KINDS)))
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('minutes', 'integer', (c) => c.check(sql`minutes > 0`))
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', POST_STATUSES)))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('closed_at', timestamp(db))
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('time_bank_posts_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('time_bank_posts_account_fk', ['area_code', 'account_id'], 'time_bank_accounts', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('time_bank_posts_id_idx').on('time_bank_posts').column('id').unique().execute();
  await db.schema.createIndex('time_bank_posts_open_idx').on('time_bank_posts').columns(['area_code', 'status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('time_bank_posts').execute();
  await db.schema.dropTable('time_bank_movements').execute();
  await db.schema.dropTable('time_bank_transfers').execute();
  await db.schema.dropTable('time_bank_accounts').execute();
  await db.schema.dropTable('time_banks').execute();
  await db.schema.dropTable('volunteer_hours').execute();
  await db.schema.dropTable('volunteers').execute();
}
