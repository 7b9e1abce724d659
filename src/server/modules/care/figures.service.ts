import type { Db } from '../../db/database.ts';
import type { CareFigureCounts, CareFigures, CareFigureSplit, FiguresQuery } from '../../../contracts/care.ts';
import { nextDue, stageOn } from '../../../engine/care/schedule.ts';
import { dateInChina } from '../../../engine/calendar/working-days.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import { notFound } from '../../http/errors.ts';
import { periodParam } from '../indicators/indicators.service.ts';
import * as repo from './cases.repository.ts';
import { today } from './cases.service.ts';
import { policyResolver } from './visit-policy.service.ts';

/**
 * The figures the issue asks for beside `left_behind_visited`, per area, urban and rural apart:
 * overdue visits (and of those the escalated) and high-risk cases without a current plan. They are
 * counts on the period's as-of day (its last day, or today while it is open), not ratios, so they
 * are not indicators (an indicator holds one numerator and one denominator): this is the care
 * module's own read, for the dashboard's drill-down of the indicator.
 *
 * - in care: cases opened by the as-of day and not closed by it;
 * - overdue: the next visit (one period after the last visit up to that day, or after opening, by
 *   the area's policy at the risk level the case had on that day: its level before the first risk
 *   change approved after that day, repo.riskLevelsOn) was due before that day; escalated: more
 *   than the policy's escalation days before — the stages the daily sweep moves cases through;
 * - high risk without a current plan: a high-risk case with no case plan written by that day, or
 *   one whose review day (as last saved by then: care_plan_revisions) had passed.
 *
 * Scope as everywhere: the area must lie in the reader's scope (403), and so do its children.
 */

const LEVEL_LENGTHS = [2, 4, 6, 9, 12];

const zero = (): CareFigureCounts => ({ inCare: 0, overdue: 0, escalated: 0, highRisk: 0, highRiskWithoutPlan: 0 });
const emptySplit = (): CareFigureSplit => ({ all: zero(), urban: zero(), rural: zero() });

function add(into: CareFigureCounts, c: { overdue: boolean; escalated: boolean; high: boolean; withoutPlan: boolean }): void {
  into.inCare++;
  if (c.overdue) into.overdue++;
  if (c.escalated) into.escalated++;
  if (c.high) into.highRisk++;
  if (c.high && c.withoutPlan) into.highRiskWithoutPlan++;
}

export async function careFigures(db: Db, ctx: RequestContext, q: FiguresQuery): Promise<CareFigures> {
  const actor = requirePermission(ctx, 'care.figures');
  const scope = scopedArea(actor, q.area);
  const period = periodParam(q.period);
  const area = await repo.areaNamed(db, scope);
  if (!area) throw notFound('Area', scope);
  const now = today();
  const asOf = period.end < now ? period.end : now;
  const [cases, levelsThen, lastVisits, plans, reviewDaysThen, children, policies] = await Promise.all([
    repo.casesOpenOn(db, scope, asOf),
    repo.riskLevelsOn(db, scope, asOf),
    repo.lastVisitsOn(db, scope, asOf),
    repo.plansIn(db, scope),
    repo.planReviewDaysOn(db, scope, asOf),
    repo.childAreasOf(db, scope),
    repo.allPolicies(db),
  ]);
  const policyOf = policyResolver(policies);
  // A plan written by the as-of day, with the review day of its last save up to then (the plan's
  // own when no save was recorded: plans written outside savePlan, as the demo seed's).
  const reviewOn = (p: (typeof plans)[number]) => (reviewDaysThen.has(p.case_id) ? reviewDaysThen.get(p.case_id)! : p.review_on);
  const currentPlan = new Set(
    plans
      .filter((p) => dateInChina(p.created_at) <= asOf)
      .filter((p) => {
        const review = reviewOn(p);
        return review === null || review >= asOf;
      })
      .map((p) => p.case_id),
  );
  const childLength = LEVEL_LENGTHS.find((n) => n > scope.length);
  const total = emptySplit();
  const byChild = new Map(children.map((c) => [c.code, emptySplit()]));
  for (const c of cases) {
    const policy = policyOf(c.area_code);
    const level = (levelsThen.get(c.id) ?? c.risk_level) as 'low' | 'medium' | 'high';
    const frequency = policy[level];
    const stage = stageOn(nextDue(lastVisits.get(c.id) ?? null, c.opened_on, frequency), asOf, frequency, policy.escalateAfterDays);
    const facts = { overdue: stage >= 2, escalated: stage === 3, high: level === 'high', withoutPlan: !currentPlan.has(c.id) };
    const child = childLength === undefined ? undefined : byChild.get(c.area_code.slice(0, childLength));
    for (const split of [total, child]) {
      if (!split) continue;
      add(split.all, facts);
      if (c.kind === 'urban') add(split.urban, facts);
      else if (c.kind === 'rural') add(split.rural, facts);
    }
  }
  return {
    period: period.text,
    asOf,
    area: { code: area.code, name: area.name, figures: total },
    children: children.map((c) => ({ code: c.code, name: c.name, figures: byChild.get(c.code)! })),
  };
}
