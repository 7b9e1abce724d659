import { sql, type Kysely } from 'kysely';
import { double, isPostgres } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const BEFORE = [
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
const ADDED = ['community_workers_per_10000_urban', 'social_work_certificate_share'];
const AFTER = [...BEFORE, ...ADDED];
const SPLITS = ['all', 'urban', 'rural'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const TEMPLATE_ID = 'national-2021-2025';

const DOCUMENT = '《“十四五”城乡社区服务体系建设规划》（国务院办公厅，国办发〔2021〕56号，2021年12月27日）';
const row = (name: string, figures: string, checkedBy: string) => `${DOCUMENT}“主要指标”表，“${name}”行：${figures}。核对：${checkedBy}`;
const BRIEFING = '国务院新闻办政策例行吹风会（2022年2月9日，民政部、国家发展改革委）';

/**
 * The figures of the plan's table of main indicators that could be confirmed, each with its source.
 * Targets that could not be confirmed are left empty and said so in the notes; none is invented.
 */
const TEMPLATE_INDICATORS: [indicator: string, split: string, baseline: [number, number] | null, target: [number, number] | null, source: string][] = [
  [
    'facility_coverage',
    'urban',
    [100, 2020],
    [100, 2025],
    row('城市社区综合服务设施覆盖率', '2020年100%，2025年100%', `${BRIEFING}：城市社区综合服务设施已实现全覆盖（民政部）；到2025年实现城乡社区综合服务设施全覆盖（国家发展改革委，据新京报报道）`),
  ],
  [
    'facility_coverage',
    'rural',
    [65.7, 2020],
    [80, 2025],
    row('农村社区综合服务设施覆盖率', '2020年65.7%，2025年80%', `${BRIEFING}：农村社区综合服务设施覆盖率达到65.7%（民政部）；到2025年达到80%以上（国家发展改革委，据新京报报道）`),
  ],
  [
    'floor_area_per_100_households',
    'all',
    null,
    [30, 2025],
    row('每百户居民拥有社区综合服务设施面积', '2025年不低于30平方米（2020年无全国数值）', '规划印发时的新闻通稿（英文转载）：每百户居民拥有社区综合服务设施面积达到30平方米以上；民政部、住房和城乡建设部完整社区建设试点通知同为不低于30平方米'),
  ],
  [
    'community_workers_per_10000_urban',
    'urban',
    null,
    null,
    `${DOCUMENT}“主要指标”表，“每万城镇常住人口拥有社区工作者人数”行。全国目标值未能核实（湖北省、甘肃省的省级规划均为18人），未填，由各地设定`,
  ],
  [
    'social_work_certificate_share',
    'all',
    null,
    null,
    `不在${DOCUMENT}“主要指标”表的7项之中；部分省级规划设有此项（如湖北省：城市社区工作者持证比例50%以上）。未填目标，由各地设定`,
  ],
];

const NOTES =
  '国务院办公厅2021年12月印发（国办发〔2021〕56号）。规划“主要指标”表共7项；本模板收录平台能计算或将能计算的项目，每项的出处见其“来源”。' +
  '已核实：城市社区综合服务设施覆盖率2020年100%、2025年100%；农村社区综合服务设施覆盖率2020年65.7%、2025年80%；每百户居民拥有社区综合服务设施面积2025年不低于30平方米。' +
  '未核实、未填目标：每万城镇常住人口拥有社区工作者人数的全国目标（湖北、甘肃省级规划为18人）。社区工作者持社会工作者职业资格证书的比例不在全国7项之中，未填目标。' +
  '这两项待社区工作者名册模块上线后计算，此前显示“暂无数据”。' +
  '表中另有新建社区商业和综合服务设施面积占比、居民活动区域面积占比、城市社区政务通用自助服务覆盖率3项，平台暂无相应数据，未收录。规划未给出的目标由各地自行设定。';

/**
 * Rebuilds a plan table with a new indicator vocabulary: SQLite cannot change a CHECK in place.
 * `create` makes the table under the given name; rows are copied column by column.
 */
async function rebuildOnSqlite(db: Kysely<any>, table: string, columns: string[], create: (name: string) => Promise<void>): Promise<void> {
  await create(`${table}_next`);
  const list = columns.join(', ');
  await sql`insert into ${sql.table(`${table}_next`)} (${sql.raw(list)}) select ${sql.raw(list)} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await sql`alter table ${sql.table(`${table}_next`)} rename to ${sql.table(table)}`.execute(db);
}

async function setVocabulary(db: Kysely<any>, indicators: string[], withSource: boolean): Promise<void> {
  if (isPostgres(db)) {
    for (const table of ['plan_indicators', 'plan_targets']) {
      await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_indicator_check`)}`.execute(db);
      await sql`alter table ${sql.table(table)} add constraint ${sql.raw(`${table}_indicator_check`)} check (${oneOf('indicator', indicators)})`.execute(db);
    }
    if (withSource) await db.schema.alterTable('plan_indicators').addColumn('source', 'text').execute();
    else await db.schema.alterTable('plan_indicators').dropColumn('source').execute();
    return;
  }
  const indicatorColumns = ['plan_id', 'indicator', 'split', 'baseline_value', 'baseline_year', 'target_value', 'target_year'];
  await rebuildOnSqlite(db, 'plan_indicators', indicatorColumns, async (name) => {
    let t = db.schema
      .createTable(name)
      .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
      .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', indicators)))
      .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
      .addColumn('baseline_value', double(db))
      .addColumn('baseline_year', 'integer')
      .addColumn('target_value', double(db))
      .addColumn('target_year', 'integer');
    if (withSource) t = t.addColumn('source', 'text');
    await t.addPrimaryKeyConstraint(`${name}_pk`, ['plan_id', 'indicator', 'split']).execute();
  });
  await rebuildOnSqlite(db, 'plan_targets', ['area_code', 'plan_id', 'indicator', 'split', 'target_value', 'target_year', 'set_at', 'set_by'], async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('plan_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('indicator', 'varchar(48)', (c) => c.notNull().check(oneOf('indicator', indicators)))
      .addColumn('split', 'varchar(8)', (c) => c.notNull().check(oneOf('split', SPLITS)))
      .addColumn('target_value', double(db), (c) => c.notNull())
      .addColumn('target_year', 'integer', (c) => c.notNull())
      .addColumn('set_at', 'text', (c) => c.notNull())
      .addColumn('set_by', 'varchar(36)')
      .addPrimaryKeyConstraint(`${name}_pk`, ['area_code', 'plan_id', 'indicator', 'split'])
      .addForeignKeyConstraint(`${name}_adoption_fk`, ['area_code', 'plan_id'], 'plan_adoptions', ['area_code', 'plan_id'], (c) => c.onDelete('cascade'))
      .execute();
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  // Two workforce indicators join the vocabulary; plan rows say where their figures come from;
  // a plan remembers the template it was started from.
  await setVocabulary(db, AFTER, true);
  // The 2016-2020 template's figures get their sources too (as its notes already told them).
  const earlier = '《城乡社区服务体系建设规划（2016-2020年）》（民政部等部门印发）';
  await db
    .updateTable('plan_indicators')
    .set({ source: `${earlier}，发展现状：截至2016年9月的覆盖率` })
    .where('plan_id', '=', 'national-2016-2020')
    .where('indicator', '=', 'facility_coverage')
    .execute();
  await db
    .updateTable('plan_indicators')
    .set({ source: `${earlier}，发展目标：到2020年农村社区综合服务信息平台覆盖率达到30%` })
    .where('plan_id', '=', 'national-2016-2020')
    .where('indicator', '=', 'platform_coverage')
    .execute();
  await db
    .updateTable('plan_indicators')
    .set({ source: `${earlier}，发展目标：到2020年每个城乡社区至少有1名社会工作者` })
    .where('plan_id', '=', 'national-2016-2020')
    .where('indicator', '=', 'social_worker_presence')
    .execute();
  await db.schema.alterTable('plans').addColumn('template_id', 'varchar(36)').execute();
  await db.schema.createIndex('plans_template_idx').on('plans').column('template_id').execute();

  await db
    .insertInto('plans')
    .values({
      id: TEMPLATE_ID,
      area_code: null,
      name: '“十四五”城乡社区服务体系建设规划（2021-2025年）',
      start_year: 2021,
      end_year: 2025,
      template: isPostgres(db) ? true : 1,
      template_id: null,
      notes: NOTES,
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  await db
    .insertInto('plan_indicators')
    .values(
      TEMPLATE_INDICATORS.map(([indicator, split, baseline, target, source]) => ({
        plan_id: TEMPLATE_ID,
        indicator,
        split,
        baseline_value: baseline?.[0] ?? null,
        baseline_year: baseline?.[1] ?? null,
        target_value: target?.[0] ?? null,
        target_year: target?.[1] ?? null,
        source,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Rows in the new vocabulary cannot stay under the old CHECK.
  await db.deleteFrom('plan_targets').where('indicator', 'in', ADDED).execute();
  await db.deleteFrom('plan_indicators').where('indicator', 'in', ADDED).execute();
  await db.deleteFrom('plan_targets').where('plan_id', '=', TEMPLATE_ID).execute();
  await db.deleteFrom('plan_adoptions').where('plan_id', '=', TEMPLATE_ID).execute();
  await db.deleteFrom('plan_indicators').where('plan_id', '=', TEMPLATE_ID).execute();
  await db.deleteFrom('plans').where('id', '=', TEMPLATE_ID).execute();
  await db.schema.dropIndex('plans_template_idx').execute();
  await db.schema.alterTable('plans').dropColumn('template_id').execute();
  await setVocabulary(db, BEFORE, false);
}
