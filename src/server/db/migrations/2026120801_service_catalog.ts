import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const CATEGORIES = [
  'socialAssistance',
  'elderlyCare',
  'disability',
  'employmentSocialInsurance',
  'healthFamilyPlanning',
  'hukouResidence',
  'culture',
  'legalAid',
  'agriculture',
  'other',
];
const DECIDING_LEVELS = ['village', 'township', 'county'];
const DAY_KINDS = ['holiday', 'workingDay'];

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  // The master catalog: materials, channels and form fields are JSON text (read and written whole
  // with the item; Open311 serves the fields as a service definition).
  await db.schema
    .createTable('service_items')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_zh_tw', 'text')
    .addColumn('name_en', 'text')
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull().check(oneOf('category', CATEGORIES)))
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('deciding_level', 'varchar(16)', (c) => c.notNull().check(oneOf('deciding_level', DECIDING_LEVELS)))
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('committed_days', 'integer', (c) => c.notNull().check(sql`committed_days >= 1`))
    .addColumn('statutory_days', 'integer', (c) => c.notNull().check(sql`statutory_days >= committed_days`))
    .addColumn('fee_yuan', double(db), (c) => c.notNull().check(sql`fee_yuan >= 0`))
    .addColumn('fee_note', 'text')
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('agency_allowed', boolean(db), (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_items_category_idx').on('service_items').columns(['category', 'code']).execute();

  // A county or township publishes an item for its area; committed_days, when set, shortens the limit there.
  await db.schema
    .createTable('service_publications')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('item_code', 'varchar(64)', (c) => c.notNull().references('service_items.code'))
    .addColumn('committed_days', 'integer', (c) => c.check(sql`committed_days >= 1`))
    .addColumn('published_by', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('service_publications_pk', ['area_code', 'item_code'])
    .execute();
  await db.schema.createIndex('service_publications_item_idx').on('service_publications').columns(['item_code', 'area_code']).execute();

  // Local days laid over the national calendar, for an area and everything under it.
  await db.schema
    .createTable('service_calendar_days')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', DAY_KINDS)))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addUniqueConstraint('service_calendar_days_area_date_key', ['area_code', 'date'])
    .execute();

  // Open311 GeoReport v2 client keys: only a SHA-256 of the key is kept.
  await db.schema
    .createTable('open311_keys')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
    // The account whose rights the client uses to read and file requests (none: the catalog only).
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_by', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('revoked_at', timestamp(db))
    .execute();
  await db.schema.createIndex('open311_keys_area_idx').on('open311_keys').columns(['area_code', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['open311_keys', 'service_calendar_days', 'service_publications', 'service_items']) {
    await db.schema.dropTable(table).execute();
  }
}
