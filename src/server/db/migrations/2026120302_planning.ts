import { sql, type Kysely } from 'kysely';
import { timestamp } from './column-types.ts';

// Frozen copy of the vocabulary as it stood when this migration was written.
const MODELS = ['mclp', 'lscp', 'pmedian'];

export async function up(db: Kysely<any>): Promise<void> {
  // A siting scenario belongs to the area it was computed for; area_code leads the key like
  // every place-bound table. Parameters and result are JSON text, read whole.
  await db.schema
    .createTable('planning_scenarios')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'varchar(16)', (c) => c.notNull().check(sql.raw(`model in (${MODELS.map((m) => `'${m}'`).join(', ')})`)))
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_by_username', 'varchar(64)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('adopted_at', timestamp(db))
    .addColumn('adopted_by_username', 'varchar(64)')
    // JSON array of the facility ids adoption created.
    .addColumn('adopted_facility_ids', 'text')
    .addPrimaryKeyConstraint('planning_scenarios_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('planning_scenarios_id_idx').on('planning_scenarios').column('id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('planning_scenarios').execute();
}
