import type { Db } from '../../db/database.ts';
import { visitedAsPlanned, type Frequency } from '../../../engine/care/schedule.ts';
import type { CommunityCounts, SourceWindow } from '../indicators/indicator-sources.ts';
import * as repo from './cases.repository.ts';
import { policyResolver } from './visit-policy.service.ts';

/**
 * `left_behind_visited` per community: persons in care (cases open at some time in the period)
 * visited as their plan asks over the period — no day of it overdue by the area's visit policy
 * at the risk level the case had on the period's as-of day (its level before the first risk change
 * approved after that day: a past period is not measured at a level raised since; within the
 * period the as-of day's level holds throughout) (engine/care/schedule.ts `visitedAsPlanned`)
 * ÷ persons in care.
 */
export async function visitedAsPlannedCounts(db: Db, window: SourceWindow): Promise<{ numerator: CommunityCounts; denominator: CommunityCounts }> {
  const cases = await repo.casesOpenIn(db, '', window.from, window.asOf);
  const visits = await repo.visitDaysIn(db, '', window.asOf);
  const levelsThen = await repo.riskLevelsOn(db, '', window.asOf);
  const policyOf = policyResolver(await repo.allPolicies(db));
  const numerator = new Map<string, number>();
  const denominator = new Map<string, number>();
  for (const c of cases) {
    denominator.set(c.area_code, (denominator.get(c.area_code) ?? 0) + 1);
    const frequency = policyOf(c.area_code)[(levelsThen.get(c.id) ?? c.risk_level) as 'low' | 'medium' | 'high'] as Frequency;
    const ok = visitedAsPlanned({ openedOn: c.opened_on, visits: visits.get(c.id) ?? [], frequency, from: window.from, to: window.asOf, today: window.asOf, closedOn: c.closed_on });
    if (ok) numerator.set(c.area_code, (numerator.get(c.area_code) ?? 0) + 1);
  }
  return { numerator, denominator };
}
