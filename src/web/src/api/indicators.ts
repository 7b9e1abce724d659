// Indicator, plan and dashboard response shapes, as the web reads them: the TypeBox schemas in
// src/contracts/indicators-api.ts that the server validates with, as `Static<>` types (type-only
// imports: no TypeBox in the bundle). The vocabulary and the built-in definitions are in indicators.ts.
export type { IndicatorCode, IndicatorDefinition, IndicatorUnit, Localized, Split } from '../../../contracts/indicators.ts';
export type {
  Dashboard,
  DashboardCard,
  Equalization,
  IndicatorValue,
  IndicatorValues,
  NewPlanRequest,
  Plan,
  PlanIndicator,
  PlanProgress,
  ProgressItem,
  Target,
  TargetsRequest,
} from '../../../contracts/indicators-api.ts';
export { INDICATOR_CODES, PERIOD_PATTERN, PLAN_LIMITS, SPLITS, isIndicatorCode } from '../../../contracts/indicators.ts';
