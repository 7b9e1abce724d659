import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const STATUSES = ['preparing', 'operating', 'suspended', 'closed'];
const LOG_KINDS = ['payment', 'agency', 'ecommerce', 'training', 'publicWelfare'];
const LOG_SOURCES = ['manual', 'request'];
const RECYCLING_KINDS = ['paper', 'plastic', 'metal', 'glass', 'electronics', 'textiles', 'other'];
const PICKUP_STATUSES = ['requested', 'accepted', 'completed', 'cancelled'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Village information points (益农信息社), their status history and service log; recycling
 * pickups. Every table is place-bound: area_code (the community) leads its key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('info_points')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(36)')
    .addColumn('operator_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('equipment', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('info_points_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('info_points_id_idx').on('info_points').column('id').unique().execute();
  await db.schema.createIndex('info_points_operator_idx').on('info_points').columns(['operator_user_id', 'status']).execute();

  await db.schema
    .createTable('info_point_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('info_point_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('by_user_id', 'varchar(36)')
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('info_point_events_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('info_point_events_point_fk', ['area_code', 'info_point_id'], 'info_points', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('info_point_events_point_idx').on('info_point_events').columns(['area_code', 'info_point_id', 'at']).execute();

  await db.schema
    .createTable('info_point_services')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('info_point_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', LOG_KINDS)))
    .addColumn('resident_name', 'text')
    .addColumn('served_at', timestamp(db), (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'varchar(8)', (c) => c.notNull().check(oneOf('source', LOG_SOURCES)))
    .addColumn('request_id', 'varchar(36)')
    .addColumn('recorded_by', 'varchar(36)')
    .addColumn('recorded_at', timestamp(db), (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('info_point_services_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('info_point_services_point_fk', ['area_code', 'info_point_id'], 'info_points', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('info_point_services_point_idx').on('info_point_services').columns(['area_code', 'info_point_id', 'served_at']).execute();
  await db.schema.createIndex('info_point_services_served_idx').on('info_point_services').columns(['served_at', 'area_code']).execute();
  await db.schema.createIndex('info_point_services_request_idx').on('info_point_services').columns(['area_code', 'request_id']).unique().execute();

  await db.schema
    .createTable('recycling_pickups')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resident_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(oneOf('kind', RECYCLING_KINDS)))
    .addColumn('estimated_kg', double(db), (c) => c.notNull().check(sql`estimated_kg > 0`))
    .addColumn('actual_kg', double(db), (c) => c.check(sql`actual_kg is null or actual_kg > 0`))
    .addColumn('window_start', timestamp(db), (c) => c.notNull())
    .addColumn('window_end', timestamp(db), (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(oneOf('status', PICKUP_STATUSES)))
    .addColumn('collector_user_id', 'varchar(36)')
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points >= 0`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('requested_at', timestamp(db), (c) => c.notNull())
    .addColumn('accepted_at', timestamp(db))
    .addColumn('completed_at', timestamp(db))
    .addPrimaryKeyConstraint('recycling_pickups_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('recycling_pickups_id_idx').on('recycling_pickups').column('id').unique().execute();
  await db.schema.createIndex('recycling_pickups_resident_idx').on('recycling_pickups').columns(['resident_user_id', 'requested_at']).execute();
  await db.schema.createIndex('recycling_pickups_status_idx').on('recycling_pickups').columns(['area_code', 'status', 'window_start']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recycling_pickups').execute();
  await db.schema.dropTable('info_point_services').execute();
  await db.schema.dropTable('info_point_events').execute();
  await db.schema.dropTable('info_points').execute();
}
