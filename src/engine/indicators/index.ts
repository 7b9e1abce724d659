export { parsePeriod, periodsBetween, quarterPeriod, timeOf, timeOfDate, yearPeriod, type Period, type PeriodKind } from './period.ts';
export { coefficientOfVariation, spread, theilIndex, urbanRuralGap, type Spread, type UrbanRuralGap } from './equalization.ts';
export {
  checkPlanIndicator,
  expectedAt,
  progressOf,
  type PlanIndicatorField,
  type PlanIndicatorProblem,
  type Progress,
  type ProgressInput,
} from './progress.ts';
export { rollUpRatio } from './roll-up.ts';
