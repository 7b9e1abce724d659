import { sql, type Kysely } from 'kysely';
import { boolean, double, timestamp } from './column-types.ts';

export async function up(db: Kysely<any>): Promise<void> {
  // The division tree: a reference table keyed by the statistical code (2/4/6/9/12 digits).
  await db.schema
    .createTable('areas')
    .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('parent_code', 'varchar(12)', (c) => c.references('areas.code'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.check(sql`kind in ('urban', 'rural')`))
    .addColumn('kind_override', 'varchar(8)', (c) => c.check(sql`kind_override in ('urban', 'rural')`))
    .addColumn('urban_rural_code', 'varchar(3)')
    .addColumn('lon', double(db))
    .addColumn('lat', double(db))
    .addColumn('search_initials', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_pinyin', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('areas_parent_idx').on('areas').columns(['parent_code', 'code']).execute();

  // Yearly statistics per area (communities carry the source figures; totals are rolled up).
  await db.schema
    .createTable('area_statistics')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('resident_population', 'integer', (c) => c.notNull().check(sql`resident_population >= 0`))
    .addColumn('registered_population', 'integer', (c) => c.notNull().check(sql`registered_population >= 0`))
    .addColumn('households', 'integer', (c) => c.notNull().check(sql`households >= 0`))
    .addColumn('aged_60_plus', 'integer', (c) => c.notNull().check(sql`aged_60_plus >= 0`))
    .addColumn('children_under_16', 'integer', (c) => c.notNull().check(sql`children_under_16 >= 0`))
    .addColumn('generated', boolean(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('area_statistics_pk', ['area_code', 'year'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('scope_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('locked', boolean(db), (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', timestamp(db))
    .addColumn('last_login_at', timestamp(db))
    .addColumn('demo', boolean(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_scope_idx').on('users').columns(['scope_code', 'username']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('expires_at', timestamp(db), (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // Grows with activity: area_code leads the key so it can be distributed by area.
  await db.schema
    .createTable('audit_log')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('username', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'text')
    .addColumn('address', 'text')
    .addColumn('details', 'text')
    .addPrimaryKeyConstraint('audit_log_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_user_idx').on('audit_log').columns(['user_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'sessions', 'users', 'area_statistics', 'areas']) {
    await db.schema.dropTable(table).execute();
  }
}
