import { sql, type Kysely } from 'kysely';
import { timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const COMMAND_STATES = ['applying', 'done'];
const CONFLICT_STATUSES = ['open', 'resolved'];
const RESOLUTIONS = ['device', 'server'];
const TOMBSTONE_REASONS = ['deleted', 'outOfScope'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Offline clients: their devices, the commands they pushed (each applied once: the user and the
 * idempotency key are unique together), the conflicts per-field merges found, and tombstones (a
 * record deleted, or moved out of an area) that pulls hand to the devices.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_devices')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('last_contact_at', timestamp(db))
    .addColumn('revoked_at', timestamp(db))
    .execute();
  await db.schema.createIndex('sync_devices_user_idx').on('sync_devices').columns(['user_id']).execute();

  await db.schema
    .createTable('sync_commands')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('state', 'varchar(8)', (c) => c.notNull().check(oneOf('state', COMMAND_STATES)))
    .addColumn('result', 'text')
    .addColumn('device_created_at', timestamp(db), (c) => c.notNull())
    .addColumn('received_at', timestamp(db), (c) => c.notNull())
    .addColumn('done_at', timestamp(db))
    .addPrimaryKeyConstraint('sync_commands_pk', ['user_id', 'idempotency_key'])
    .execute();

  await db.schema
    .createTable('sync_conflicts')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('record_kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('field', 'varchar(60)', (c) => c.notNull())
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('server', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('command_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', CONFLICT_STATUSES)))
    .addColumn('resolution', 'varchar(8)', (c) => c.check(oneOf('resolution', RESOLUTIONS)))
    .addColumn('resolved_by', 'varchar(36)')
    .addColumn('resolved_at', timestamp(db))
    .addPrimaryKeyConstraint('sync_conflicts_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('sync_conflicts_status_idx').on('sync_conflicts').columns(['status', 'area_code', 'id']).execute();
  await db.schema.createIndex('sync_conflicts_record_idx').on('sync_conflicts').columns(['record_id', 'field']).execute();

  await db.schema
    .createTable('sync_tombstones')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('record_kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reason', 'varchar(12)', (c) => c.notNull().check(oneOf('reason', TOMBSTONE_REASONS)))
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_tombstones_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('sync_tombstones_at_idx').on('sync_tombstones').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_tombstones').execute();
  await db.schema.dropTable('sync_conflicts').execute();
  await db.schema.dropTable('sync_commands').execute();
  await db.schema.dropTable('sync_devices').execute();
}
