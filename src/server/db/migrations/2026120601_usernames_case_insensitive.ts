import { sql, type Kysely } from 'kysely';

/**
 * Usernames are unique whatever their case: `Demo-Admin` and `demo-admin` are one account. A unique
 * index on lower(username) says so on both engines (SQLite and PostgreSQL both index expressions);
 * logins look the name up the same way. Usernames are ASCII (the API's pattern), where both
 * engines' lower() agree.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const clashes = await db
    .selectFrom('users')
    .select(sql<string>`lower(username)`.as('name'))
    .groupBy(sql`lower(username)`)
    .having(sql`count(*)`, '>', 1)
    .execute();
  if (clashes.length) {
    throw new Error(
      `usernames that differ only in case must be renamed before this migration: ${clashes.map((c) => c.name).join(', ')}`,
    );
  }
  await db.schema.createIndex('users_username_lower_key').on('users').unique().expression(sql`lower(username)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_username_lower_key').execute();
}
