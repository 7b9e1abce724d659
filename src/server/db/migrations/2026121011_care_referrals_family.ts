import { sql, type Kysely } from 'kysely';
import { boolean, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const TARGET_KINDS = ['serviceItem', 'organization', 'facility'];
const REFERRAL_STATUSES = ['inProgress', 'accepted', 'rejected', 'done', 'revoked'];
const BASES = ['consent', 'emergencyOverride'];
const PURPOSES = ['referral', 'sharing'];
const GIVERS = ['self', 'guardian'];
const METHODS = ['inPerson', 'signedForm', 'familyPage', 'phone'];
const RELATIONS = ['parent', 'child', 'grandparent', 'sibling', 'other'];
const DIRECTIONS = ['fromFamily', 'toFamily'];
const MESSAGE_KINDS = ['message', 'videoCallRequest'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Care, referrals and family: case plans, referrals and their events, consents, family links of
 * relatives working away, their city contact and their messages with the case worker. Rows belong
 * to the community of the person in care (area_code leads every key), except a relative's contact,
 * which is theirs and read by their account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_plans')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('review_on', 'varchar(10)')
    .addColumn('updated_by', 'varchar(36)')
    .addColumn('updated_by_username', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_plans_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_plans_case_uq').on('care_plans').columns(['case_id']).unique().execute();

  await db.schema
    .createTable('care_referrals')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('target_kind', 'varchar(16)', (c) => c.notNull().check(oneOf('target_kind', TARGET_KINDS)))
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('target_area_code', 'varchar(12)')
    .addColumn('need', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', REFERRAL_STATUSES)))
    .addColumn('basis', 'varchar(20)', (c) => c.notNull().check(oneOf('basis', BASES)))
    .addColumn('consent_id', 'varchar(36)')
    .addColumn('override_reason', 'text')
    .addColumn('override_by', 'varchar(36)')
    .addColumn('override_by_username', 'varchar(64)')
    .addColumn('respond_by', timestamp(db), (c) => c.notNull())
    .addColumn('responded_at', timestamp(db))
    .addColumn('response_note', 'text')
    .addColumn('service_request_id', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_by_username', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_referrals_pk', ['area_code', 'id'])
    .addCheckConstraint(
      'care_referrals_basis_ck',
      sql`(basis = 'consent' and consent_id is not null) or (basis = 'emergencyOverride' and override_reason is not null and override_by is not null)`,
    )
    .execute();
  await db.schema.createIndex('care_referrals_id_idx').on('care_referrals').columns(['id']).execute();
  await db.schema.createIndex('care_referrals_case_idx').on('care_referrals').columns(['case_id', 'status']).execute();
  await db.schema.createIndex('care_referrals_target_idx').on('care_referrals').columns(['target_kind', 'target_id', 'status']).execute();

  await db.schema
    .createTable('care_referral_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('referral_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(12)')
    .addColumn('to_status', 'varchar(12)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('care_referral_events_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_referral_events_referral_idx').on('care_referral_events').columns(['referral_id', 'at']).execute();

  await db.schema
    .createTable('care_consents')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(12)', (c) => c.notNull().check(oneOf('purpose', PURPOSES)))
    .addColumn('given_by', 'varchar(12)', (c) => c.notNull().check(oneOf('given_by', GIVERS)))
    .addColumn('given_by_name', 'text', (c) => c.notNull())
    .addColumn('family_link_id', 'varchar(36)')
    .addColumn('method', 'varchar(12)', (c) => c.notNull().check(oneOf('method', METHODS)))
    .addColumn('note', 'text')
    .addColumn('given_at', timestamp(db), (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addColumn('recorded_by_username', 'varchar(64)')
    .addColumn('withdrawn_at', timestamp(db))
    .addColumn('withdrawn_by', 'varchar(36)')
    .addColumn('withdrawn_by_username', 'varchar(64)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_consents_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_consents_person_idx').on('care_consents').columns(['person_id', 'purpose']).execute();

  await db.schema
    .createTable('care_family_links')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('relative_person_id', 'varchar(36)')
    .addColumn('relation', 'varchar(12)', (c) => c.notNull().check(oneOf('relation', RELATIONS)))
    .addColumn('guardian', boolean(db), (c) => c.notNull())
    .addColumn('identity_check', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'varchar(36)')
    .addColumn('linked_by_username', 'varchar(64)')
    .addColumn('linked_at', timestamp(db), (c) => c.notNull())
    .addColumn('ended_at', timestamp(db))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_family_links_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_family_links_user_idx').on('care_family_links').columns(['user_id']).execute();
  await db.schema.createIndex('care_family_links_person_idx').on('care_family_links').columns(['person_id']).execute();

  await db.schema
    .createTable('care_family_contacts')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('city_address', 'text')
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_hash', 'varchar(64)')
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('care_family_messages')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('family_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('direction', 'varchar(12)', (c) => c.notNull().check(oneOf('direction', DIRECTIONS)))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().check(oneOf('kind', MESSAGE_KINDS)))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('proposed_at', timestamp(db))
    .addColumn('author_user_id', 'varchar(36)')
    .addColumn('author_username', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('read_at', timestamp(db))
    .addPrimaryKeyConstraint('care_family_messages_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('care_family_messages_thread_idx').on('care_family_messages').columns(['person_id', 'family_user_id', 'created_at']).execute();
  await db.schema.createIndex('care_family_messages_unread_idx').on('care_family_messages').columns(['area_code', 'direction', 'read_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['care_family_messages', 'care_family_contacts', 'care_family_links', 'care_consents', 'care_referral_events', 'care_referrals', 'care_plans']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
