import { sql, type Kysely } from 'kysely';
import { boolean, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const COVERAGES = ['items', 'request'];
const CONSENT_KINDS = ['signedForm', 'witnessed'];
const CUSTODY_STEPS = ['received', 'handedToUnit', 'resultCollected', 'returned'];
const CONFIRMATION_KINDS = ['signature', 'fingerprint', 'inPersonWithWitness'];
const OUTBOX_STATUSES = ['pending', 'sent', 'failed'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Full-process agency (mandates, errands, custody steps) and notifications (inbox, outbox).
 * Mandates, errands and custody steps belong to the principal's community, which leads their keys
 * like every place-bound table; the inbox is read per user, so the user leads its key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mandates')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('principal_person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('agent_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('coverage', 'varchar(8)', (c) => c.notNull().check(oneOf('coverage', COVERAGES)))
    .addColumn('item_codes', 'text', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)')
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull().check(sql`valid_until >= valid_from`))
    .addColumn('consent_kind', 'varchar(12)', (c) => c.notNull().check(oneOf('consent_kind', CONSENT_KINDS)))
    .addColumn('consent_sha256', 'varchar(64)')
    .addColumn('consent_media_type', 'varchar(40)')
    .addColumn('consent_size', 'integer')
    .addColumn('witness_name', 'text')
    .addColumn('witness_note', 'text')
    .addColumn('revoked_at', timestamp(db))
    .addColumn('revoked_by', 'varchar(36)')
    .addColumn('revoked_by_username', 'varchar(64)')
    .addColumn('revocation_reason', 'text')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_by_username', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mandates_pk', ['area_code', 'id'])
    .addCheckConstraint('mandates_consent_ck', sql`(consent_kind = 'signedForm' and consent_sha256 is not null) or (consent_kind = 'witnessed' and witness_name is not null)`)
    .execute();
  await db.schema.createIndex('mandates_agent_idx').on('mandates').columns(['agent_user_id', 'principal_person_id']).execute();
  await db.schema.createIndex('mandates_principal_idx').on('mandates').columns(['principal_person_id']).execute();
  await db.schema.createIndex('mandates_id_idx').on('mandates').columns(['id']).execute();

  await db.schema
    .createTable('errands')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('mandate_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('agent_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('principal_person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('item_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('request_number', 'varchar(40)')
    .addColumn('request_status', 'varchar(24)')
    .addColumn('filed_at', timestamp(db), (c) => c.notNull())
    .addColumn('last_step', 'varchar(16)', (c) => c.check(oneOf('last_step', CUSTODY_STEPS)))
    .addColumn('last_step_at', timestamp(db))
    .addColumn('due_by', 'varchar(10)')
    .addColumn('warn_from', 'varchar(10)')
    .addColumn('warned', boolean(db), (c) => c.notNull())
    .addColumn('overdue_notified', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('errands_pk', ['area_code', 'request_id'])
    .execute();
  await db.schema.createIndex('errands_request_idx').on('errands').columns(['request_id']).execute();
  await db.schema.createIndex('errands_agent_idx').on('errands').columns(['agent_user_id', 'filed_at']).execute();
  await db.schema.createIndex('errands_due_idx').on('errands').columns(['due_by']).execute();

  await db.schema
    .createTable('custody_steps')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('step', 'varchar(16)', (c) => c.notNull().check(oneOf('step', CUSTODY_STEPS)))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq between 1 and 4`))
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('confirmation', 'varchar(24)', (c) => c.check(oneOf('confirmation', CONFIRMATION_KINDS)))
    .addColumn('confirmed_by', 'text')
    .addColumn('due_by', 'varchar(10)')
    .addColumn('late', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('custody_steps_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('custody_steps_errand_fk', ['area_code', 'request_id'], 'errands', ['area_code', 'request_id'], (c) => c.onDelete('cascade'))
    .addUniqueConstraint('custody_steps_order_uq', ['area_code', 'request_id', 'seq'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('read_at', timestamp(db))
    .addPrimaryKeyConstraint('notifications_pk', ['user_id', 'id'])
    .execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(36)')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', OUTBOX_STATUSES)))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', timestamp(db))
    .execute();
  await db.schema.createIndex('notification_outbox_pending_idx').on('notification_outbox').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_outbox').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('custody_steps').execute();
  await db.schema.dropTable('errands').execute();
  await db.schema.dropTable('mandates').execute();
}
