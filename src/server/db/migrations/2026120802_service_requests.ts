import { sql, type Kysely } from 'kysely';
import { boolean, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const STATUSES = ['submitted', 'accepted', 'notAccepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered', 'closed', 'transferred', 'withdrawn', 'duplicate'];
const CHANNELS = ['online', 'window', 'agent', 'phone'];
const LEVELS = ['village', 'township', 'county'];
const VISIBILITIES = ['public', 'internal'];

const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  // Requests grow with population: the applicant's community leads the key (docs/scaling.md).
  await db.schema
    .createTable('service_requests')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('number', 'varchar(32)', (c) => c.notNull())
    .addColumn('item_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('deciding_level', 'varchar(16)', (c) => c.notNull().check(oneOf('deciding_level', LEVELS)))
    .addColumn('unit_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull().check(oneOf('channel', CHANNELS)))
    .addColumn('status', 'varchar(32)', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('outcome', 'varchar(16)', (c) => c.check(sql`outcome is null or outcome in ('approved', 'denied')`))
    .addColumn('open', boolean(db), (c) => c.notNull())
    .addColumn('applicant_person_id', 'varchar(36)')
    .addColumn('applicant_user_id', 'varchar(36)')
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'varchar(36)')
    .addColumn('submitted_by_name', 'text')
    .addColumn('submitted_by_role', 'varchar(32)')
    .addColumn('mandate_id', 'varchar(36)')
    .addColumn('form_values', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'varchar(36)')
    .addColumn('assignee_name', 'text')
    .addColumn('acceptance_days', 'integer', (c) => c.notNull().check(sql`acceptance_days >= 0`))
    .addColumn('committed_days', 'integer', (c) => c.notNull().check(sql`committed_days >= 0`))
    .addColumn('submitted_at', timestamp(db), (c) => c.notNull())
    .addColumn('arrived_at', timestamp(db), (c) => c.notNull())
    .addColumn('accepted_at', timestamp(db))
    .addColumn('decided_at', timestamp(db))
    .addColumn('delivered_at', timestamp(db))
    .addColumn('closed_at', timestamp(db))
    .addColumn('pauses', 'text', (c) => c.notNull())
    .addColumn('due_at', timestamp(db))
    .addColumn('stage', 'integer', (c) => c.notNull().defaultTo(0).check(sql`stage between 0 and 3`))
    .addColumn('next_check_at', timestamp(db))
    .addColumn('decided_on_time', boolean(db))
    .addColumn('decision_reason', 'text')
    .addColumn('not_accepted_reason', 'text')
    .addColumn('duplicate_of', 'varchar(36)')
    .addColumn('rating_score', 'integer', (c) => c.check(sql`rating_score is null or rating_score between 1 and 5`))
    .addColumn('rating_comment', 'text')
    .addColumn('rating_by_agent', boolean(db))
    .addColumn('rated_at', timestamp(db))
    .addColumn('reopened_at', timestamp(db))
    .addColumn('calendar_fallback', boolean(db), (c) => c.notNull())
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('service_requests_pk', ['area_code', 'id'])
    .execute();
  // A unit's queue: its open requests, soonest due first.
  await db.schema.createIndex('service_requests_queue_idx').on('service_requests').columns(['unit_code', 'open', 'due_at', 'id']).execute();
  // The scheduler's sweep: what must be looked at by now.
  await db.schema.createIndex('service_requests_check_idx').on('service_requests').columns(['next_check_at']).execute();
  // Lists within a scope, newest first; an applicant's own.
  await db.schema.createIndex('service_requests_submitted_idx').on('service_requests').columns(['area_code', 'submitted_at']).execute();
  await db.schema.createIndex('service_requests_person_idx').on('service_requests').columns(['applicant_person_id']).execute();
  await db.schema.createIndex('service_requests_user_idx').on('service_requests').columns(['applicant_user_id']).execute();
  await db.schema.createIndex('service_requests_id_idx').on('service_requests').columns(['id']).execute();
  // The indicators: decided and rated requests of a period.
  await db.schema.createIndex('service_requests_decided_idx').on('service_requests').columns(['decided_at']).execute();
  await db.schema.createIndex('service_requests_rated_idx').on('service_requests').columns(['rated_at']).execute();

  await db.schema
    .createTable('service_request_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('from_status', 'varchar(32)')
    .addColumn('to_status', 'varchar(32)')
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'varchar(32)')
    .addColumn('note', 'text')
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull().check(oneOf('visibility', VISIBILITIES)))
    .addColumn('details', 'text')
    .addPrimaryKeyConstraint('service_request_events_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('service_request_events_request_fk', ['area_code', 'request_id'], 'service_requests', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('service_request_events_request_idx').on('service_request_events').columns(['area_code', 'request_id', 'at']).execute();

  await db.schema
    .createTable('service_request_attachments')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('material', 'varchar(64)')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_at', timestamp(db), (c) => c.notNull())
    .addColumn('uploaded_by_user_id', 'varchar(36)')
    .addColumn('uploaded_by_name', 'text')
    .addPrimaryKeyConstraint('service_request_attachments_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('service_request_attachments_request_fk', ['area_code', 'request_id'], 'service_requests', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('service_request_attachments_request_idx').on('service_request_attachments').columns(['area_code', 'request_id']).execute();

  await db.schema
    .createTable('service_request_keys')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('body_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('request_area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('service_request_keys_pk', ['user_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_request_keys').execute();
  await db.schema.dropTable('service_request_attachments').execute();
  await db.schema.dropTable('service_request_events').execute();
  await db.schema.dropTable('service_requests').execute();
}
