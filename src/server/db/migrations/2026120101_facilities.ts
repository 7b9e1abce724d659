import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const KINDS = ['comprehensive', 'elderlyDayCare', 'childrenHome', 'healthStation', 'cultureSports', 'serviceWindow', 'infoPoint', 'other'];
const STATUSES = ['planned', 'underConstruction', 'operating', 'closed'];
const MODES = ['new', 'coBuilt', 'renovated', 'expanded', 'repurposed'];
const SOURCES = ['collective', 'government', 'social'];

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  // A facility belongs to its community; area_code leads every key so the three tables
  // can be distributed by area and joined on it.
  await db.schema
    .createTable('facilities')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull().check(oneOf('kind', KINDS)))
    .addColumn('status', 'varchar(24)', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('status_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('construction_mode', 'varchar(16)', (c) => c.check(oneOf('construction_mode', MODES)))
    .addColumn('floor_area', double(db), (c) => c.notNull().check(sql`floor_area > 0`))
    .addColumn('activity_area', double(db), (c) => c.notNull().check(sql`activity_area > 0 and activity_area <= floor_area`))
    .addColumn('lon', double(db))
    .addColumn('lat', double(db))
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text')
    .addColumn('step_free_entrance', boolean(db), (c) => c.notNull())
    .addColumn('accessible_toilet', boolean(db), (c) => c.notNull())
    .addColumn('self_service_terminal', boolean(db), (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('facilities_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('facilities_id_idx').on('facilities').column('id').execute();
  await db.schema.createIndex('facilities_kind_status_idx').on('facilities').columns(['kind', 'status', 'area_code']).execute();

  // Every status change, with the date it happened (the first event is the creation).
  await db.schema
    .createTable('facility_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(24)', (c) => c.check(oneOf('from_status', STATUSES)))
    .addColumn('to_status', 'varchar(24)', (c) => c.notNull().check(oneOf('to_status', STATUSES)))
    .addColumn('reason', 'text')
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addPrimaryKeyConstraint('facility_events_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('facility_events_facility_fk', ['area_code', 'facility_id'], 'facilities', ['area_code', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('facility_events_facility_idx').on('facility_events').columns(['area_code', 'facility_id', 'date']).execute();

  // Funding by source and year: one amount (yuan) per facility, source and year.
  await db.schema
    .createTable('facility_funding')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull().check(oneOf('source', SOURCES)))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1949 and 2100`))
    .addColumn('amount', double(db), (c) => c.notNull().check(sql`amount >= 0`))
    .addPrimaryKeyConstraint('facility_funding_pk', ['area_code', 'facility_id', 'source', 'year'])
    .addForeignKeyConstraint('facility_funding_facility_fk', ['area_code', 'facility_id'], 'facilities', ['area_code', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['facility_funding', 'facility_events', 'facilities']) {
    await db.schema.dropTable(table).execute();
  }
}
