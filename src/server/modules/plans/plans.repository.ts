import type { Db } from '../../db/database.ts';
import type { Insertable, Selectable } from 'kysely';
import type { PlanAdoptionsTable, PlanIndicatorsTable, PlansTable, PlanTargetsTable } from '../../db/schema.ts';
import type { IndicatorCode, Split } from '../../../contracts/indicators.ts';
import type { PlanIndicator } from '../../../contracts/indicators-api.ts';

/** The national templates the migrations ship, oldest first. */
export const NATIONAL_TEMPLATE_ID = 'national-2016-2020';
export const NATIONAL_14TH_TEMPLATE_ID = 'national-2021-2025';

export interface PlanRecord {
  id: string;
  area: string | null;
  name: string;
  startYear: number;
  endYear: number;
  template: boolean;
  templateId: string | null;
  notes: string | null;
  createdAt: string;
  indicators: PlanIndicator[];
  adoptions: { area: string; adoptedAt: string }[];
}

export interface AreaTarget {
  area: string;
  indicator: IndicatorCode;
  split: Split;
  value: number;
  year: number;
}

async function assemble(db: Db, plans: Selectable<PlansTable>[]): Promise<PlanRecord[]> {
  if (!plans.length) return [];
  const ids = plans.map((p) => p.id);
  const [indicators, adoptions] = await Promise.all([
    db.selectFrom('plan_indicators').selectAll().where('plan_id', 'in', ids).execute(),
    db.selectFrom('plan_adoptions').selectAll().where('plan_id', 'in', ids).orderBy('area_code').execute(),
  ]);
  return plans.map((p) => ({
    id: p.id,
    area: p.area_code,
    name: p.name,
    startYear: p.start_year,
    endYear: p.end_year,
    template: Boolean(p.template),
    templateId: p.template_id,
    notes: p.notes,
    createdAt: p.created_at,
    indicators: indicators
      .filter((i) => i.plan_id === p.id)
      .map((i) => ({
        indicator: i.indicator as IndicatorCode,
        split: i.split as Split,
        baseline: i.baseline_value === null || i.baseline_year === null ? null : { value: i.baseline_value, year: i.baseline_year },
        target: i.target_value === null || i.target_year === null ? null : { value: i.target_value, year: i.target_year },
        source: i.source,
      })),
    adoptions: adoptions.filter((a) => a.plan_id === p.id).map((a) => ({ area: a.area_code, adoptedAt: a.adopted_at })),
  }));
}

export async function listPlans(db: Db): Promise<PlanRecord[]> {
  const rows = await db.selectFrom('plans').selectAll().orderBy('template', 'desc').orderBy('created_at').orderBy('id').execute();
  return assemble(db, rows);
}

/** The plans an area made itself whose years overlap [startYear, endYear]. */
export async function overlappingPlans(db: Db, area: string, startYear: number, endYear: number): Promise<{ id: string; name: string; startYear: number; endYear: number }[]> {
  const rows = await db
    .selectFrom('plans')
    .select(['id', 'name', 'start_year', 'end_year'])
    .where('area_code', '=', area)
    .where('start_year', '<=', endYear)
    .where('end_year', '>=', startYear)
    .orderBy('start_year')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, startYear: r.start_year, endYear: r.end_year }));
}

export async function findPlan(db: Db, id: string): Promise<PlanRecord | undefined> {
  const rows = await db.selectFrom('plans').selectAll().where('id', '=', id).execute();
  return (await assemble(db, rows))[0];
}

export async function insertPlan(db: Db, row: Insertable<PlansTable>): Promise<void> {
  await db.insertInto('plans').values(row).execute();
}

export async function insertPlanIndicators(db: Db, rows: Insertable<PlanIndicatorsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('plan_indicators').values(rows).execute();
}

export async function insertAdoption(db: Db, row: Insertable<PlanAdoptionsTable>): Promise<void> {
  await db.insertInto('plan_adoptions').values(row).execute();
}

export async function replaceTargets(db: Db, area: string, planId: string, rows: Insertable<PlanTargetsTable>[]): Promise<void> {
  await db.deleteFrom('plan_targets').where('area_code', '=', area).where('plan_id', '=', planId).execute();
  if (rows.length) await db.insertInto('plan_targets').values(rows).execute();
}

/** The targets the areas of a chain (an area and its ancestors) set for a plan. */
export async function targetsAlong(db: Db, planId: string, chain: string[]): Promise<AreaTarget[]> {
  const rows = await db.selectFrom('plan_targets').selectAll().where('plan_id', '=', planId).where('area_code', 'in', chain).execute();
  return rows.map((r) => ({ area: r.area_code, indicator: r.indicator as IndicatorCode, split: r.split as Split, value: r.target_value, year: r.target_year }));
}

/** The plans the areas of a chain adopted, latest adoption first. */
export async function adoptionsAlong(db: Db, chain: string[]): Promise<{ area: string; planId: string }[]> {
  const rows = await db.selectFrom('plan_adoptions').select(['area_code', 'plan_id']).where('area_code', 'in', chain).orderBy('adopted_at', 'desc').execute();
  return rows.map((r) => ({ area: r.area_code, planId: r.plan_id }));
}
