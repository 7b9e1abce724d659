import { sql, type Kysely } from 'kysely';
import { boolean, double, isPostgres, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const INDICATORS = [
  'facility_coverage',
  'floor_area_per_100_households',
  'radius_population_coverage',
  'platform_coverage',
  'social_worker_presence',
  'organizations_per_community',
  'left_behind_visited',
  'requests_on_time',
  'satisfaction',
];
const SPLITS = ['all', 'urban', 'rural'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** 城乡社区服务体系建设规划（2016-2020年）: only the figures the plan publishes. */
export const NATIONAL_TEMPLATE_ID = 'national-2016-2020';
const TEMPLATE_INDICATORS: [indicator: string, split: string, baseline: [number, number] | null, target: [number, number] | null][] = [
  ['facility_coverage', 'urban', [82, 2016], null],
  ['facility_coverage', 'rural', [12.3, 2016], null],
  ['platform_coverage', 'rural', null, [30, 2020]],
  ['social_worker_presence', 'urban', null, [100, 2020]],
  ['social_worker_presence', 'rural', null, [100, 2020]],
];

export async function up(db: Kysely<any>): Promise<void> {
  // A plan is made by an area (null: the national template every area may adopt). Plans are
  // few and read everywhere: on Citus a reference table. Adoptions and targets belong to the
  // adopting area, which leads their keys like every place-bound table.
  await db.schema
    .createTable('plans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('area_code', 'varchar(12)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_year', 'integer', (c) => c.notNull())
    .addColumn('end_year', 'integer', (c) => c.notNull().check(sql`end_year >= start_year`))
    .addColumn('template', boolean(db), (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plans_area_idx').on('plans').column('area_code').execute();

  await db.schema
    .createTable('plan_indicators')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', INDICATORS)))
    .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
    .addColumn('baseline_value', double(db))
    .addColumn('baseline_year', 'integer')
    .addColumn('target_value', double(db))
    .addColumn('target_year', 'integer')
    .addPrimaryKeyConstraint('plan_indicators_pk', ['plan_id', 'indicator', 'split'])
    .execute();

  await db.schema
    .createTable('plan_adoptions')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id'))
    .addColumn('adopted_at', timestamp(db), (c) => c.notNull())
    .addColumn('adopted_by', 'varchar(36)')
    .addPrimaryKeyConstraint('plan_adoptions_pk', ['area_code', 'plan_id'])
    .execute();
  await db.schema.createIndex('plan_adoptions_plan_idx').on('plan_adoptions').columns(['plan_id', 'area_code']).execute();

  await db.schema
    .createTable('plan_targets')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', INDICATORS)))
    .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
    .addColumn('target_value', double(db), (c) => c.notNull())
    .addColumn('target_year', 'integer', (c) => c.notNull())
    .addColumn('set_at', timestamp(db), (c) => c.notNull())
    .addColumn('set_by', 'varchar(36)')
    .addPrimaryKeyConstraint('plan_targets_pk', ['area_code', 'plan_id', 'indicator', 'split'])
    .addForeignKeyConstraint('plan_targets_adoption_fk', ['area_code', 'plan_id'], 'plan_adoptions', ['area_code', 'plan_id'], (c) => c.onDelete('cascade'))
    .execute();

  await db
    .insertInto('plans')
    .values({
      id: NATIONAL_TEMPLATE_ID,
      area_code: null,
      name: '城乡社区服务体系建设规划（2016-2020年）',
      start_year: 2016,
      end_year: 2020,
      template: isPostgres(db) ? true : 1,
      notes:
        '民政部等部门印发。截至2016年9月，全国城市社区综合服务设施8.1万个，覆盖率82%；农村社区综合服务设施覆盖率12.3%。到2020年，农村社区综合服务信息平台覆盖率达到30%，每个城乡社区至少有1名社会工作者。规划未给出的目标由各地自行设定。',
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  await db
    .insertInto('plan_indicators')
    .values(
      TEMPLATE_INDICATORS.map(([indicator, split, baseline, target]) => ({
        plan_id: NATIONAL_TEMPLATE_ID,
        indicator,
        split,
        baseline_value: baseline?.[0] ?? null,
        baseline_year: baseline?.[1] ?? null,
        target_value: target?.[0] ?? null,
        target_year: target?.[1] ?? null,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_targets').execute();
  await db.schema.dropTable('plan_adoptions').execute();
  await db.schema.dropTable('plan_indicators').execute();
  await db.schema.dropTable('plans').execute();
}
