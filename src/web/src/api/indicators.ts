// Indicator, plan and dashboard response shapes: the server's TypeBox schemas mirror
// src/contracts/indicators.ts, so the web reads them from there.
import type { IndicatorCode, Split } from '../../../contracts/indicators.ts';

export type {
  Dashboard,
  DashboardCard,
  Equalization,
  IndicatorCode,
  IndicatorDefinition,
  IndicatorUnit,
  IndicatorValue,
  IndicatorValues,
  Localized,
  Plan,
  PlanIndicator,
  PlanProgress,
  ProgressItem,
  Split,
  Target,
} from '../../../contracts/indicators.ts';
export { INDICATOR_CODES, PERIOD_PATTERN, PLAN_LIMITS, SPLITS, isIndicatorCode } from '../../../contracts/indicators.ts';

/** What PUT /plans/{id}/targets takes: the area's own targets, one per indicator and split. */
export interface TargetsRequest {
  area: string;
  targets: { indicator: IndicatorCode; split: Split; value: number; year: number }[];
}
