import type { Db } from '../../db/database.ts';
import { INDICATORS, SPLITS, type IndicatorDefinition, type Split } from '../../../contracts/indicators.ts';
import type { Dashboard, DashboardCard, ProgressItem } from '../../../contracts/indicators-api.ts';
import { yearPeriod } from '../../../engine/indicators/index.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import { notFound } from '../../http/errors.ts';
import { planFor, planParam, progressItems, type PlanRecord } from '../plans/plans.service.ts';
import {
  availablePeriods,
  childrenOf,
  equalizationAt,
  periodParam,
  snapshotOf,
  valueAt,
  type Snapshot,
} from '../indicators/indicators.service.ts';

export interface DashboardQuery {
  area?: string;
  period?: string;
  plan?: string;
}

/** Everything the dashboard shows for one area and period, resolved once (for the page, the export and the report). */
export interface DashboardView {
  dashboard: Dashboard;
  snapshot: Snapshot;
  at: number;
  plan: PlanRecord | undefined;
}

function pathOf(s: Snapshot, i: number): { code: string; name: string }[] {
  const path: { code: string; name: string }[] = [];
  for (let p = s.tree.parent[i]!; p >= 0; p = s.tree.parent[p]!) path.unshift({ code: s.tree.codes[p]!, name: s.names[p]! });
  return path;
}

function valuesOf(s: Snapshot, d: IndicatorDefinition, i: number) {
  return Object.fromEntries(SPLITS.map((split) => [split, valueAt(s, d, split, i)])) as DashboardCard['values'];
}

export async function dashboardView(db: Db, ctx: RequestContext, q: DashboardQuery): Promise<DashboardView> {
  const actor = requirePermission(ctx, 'indicators.read');
  const area = scopedArea(actor, q.area);
  const period = periodParam(q.period);
  const plan = q.plan !== undefined ? await planParam(db, actor, q.plan) : await planFor(db, area);
  const snapshot = await snapshotOf(db, period);
  const at = snapshot.tree.index.get(area);
  if (at === undefined) throw notFound('Area', area);
  const periods = await availablePeriods(db);
  // The trend: every year up to the period's, oldest first.
  const years = periods.filter((p) => p.kind === 'year' && p.year <= period.year).reverse();
  const trendSnapshots = await Promise.all(years.map((y) => (y.text === period.text ? snapshot : snapshotOf(db, yearPeriod(y.year)))));
  const progress = plan ? await progressItems(db, plan, area, snapshot) : [];
  const cards: DashboardCard[] = INDICATORS.map((d) => ({
    indicator: d.code,
    values: valuesOf(snapshot, d, at),
    progress: Object.fromEntries(progress.filter((p) => p.indicator === d.code).map((p) => [p.split, p])) as Partial<Record<Split, ProgressItem>>,
    trend: trendSnapshots.map((s) => {
      const i = s.tree.index.get(area);
      return {
        period: s.period.text,
        values: Object.fromEntries(SPLITS.map((split) => [split, i === undefined ? null : valueAt(s, d, split, i).value])) as Record<Split, number | null>,
      };
    }),
  }));
  return {
    dashboard: {
      area: { code: area, name: snapshot.names[at]!, level: snapshot.tree.level[at]!, path: pathOf(snapshot, at) },
      period: period.text,
      periods: periods.map((p) => p.text),
      plan: plan ? { id: plan.id, name: plan.name } : null,
      cards,
    },
    snapshot,
    at,
    plan,
  };
}

export async function getDashboard(db: Db, ctx: RequestContext, q: DashboardQuery): Promise<Dashboard> {
  return (await dashboardView(db, ctx, q)).dashboard;
}

/** The children of the dashboard's area with every indicator's value, for rankings and exports. */
export function childRows(view: DashboardView, split: Split) {
  const { snapshot, at } = view;
  return childrenOf(snapshot.tree, at).map((j) => ({
    code: snapshot.tree.codes[j]!,
    name: snapshot.names[j]!,
    values: INDICATORS.map((d) => valueAt(snapshot, d, split, j)),
  }));
}

/** Equalization of every indicator in the dashboard's area (spread across its children, all communities). */
export function equalizationRows(view: DashboardView) {
  const { snapshot, at } = view;
  const children = childrenOf(snapshot.tree, at);
  return INDICATORS.map((d) => ({
    definition: d,
    equalization: equalizationAt(
      snapshot,
      d,
      at,
      children.map((j) => valueAt(snapshot, d, 'all', j)),
    ),
  }));
}
