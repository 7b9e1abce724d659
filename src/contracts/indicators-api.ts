/**
 * Indicator, plan and dashboard API shapes: the server's routes validate with them, the web reads
 * them as `Static<>` types (type-only imports, so TypeBox stays out of the web bundle). The
 * vocabulary (codes, units, splits, limits, the built-in definitions) is in indicators.ts.
 */
import { Type, type Static } from 'typebox';
import { LANGUAGES } from './language.ts';
import { INDICATOR_CODES, INDICATOR_UNITS, PERIOD_PATTERN, PLAN_LIMITS, SPLITS } from './indicators.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const SplitSchema = Type.Enum(SPLITS);
export const IndicatorCodeSchema = Type.Enum(INDICATOR_CODES);
export const PeriodParam = Type.String({ pattern: PERIOD_PATTERN, description: 'a year (2025) or a quarter (2025Q3); default the current year' });
export const AreaParam = Type.String({ pattern: '^[0-9]{2,12}$', description: 'division code; default your scope' });
export const LanguageParam = Type.Enum(LANGUAGES, { description: 'the language of the file; default from Accept-Language, else zh-CN' });

const Localized = Type.Object({ 'zh-CN': Type.String(), 'zh-TW': Type.String(), en: Type.String() });

export const IndicatorDefinitionSchema = Type.Object({
  code: IndicatorCodeSchema,
  name: Localized,
  unit: Type.Enum(INDICATOR_UNITS),
  scale: Type.Number(),
  numerator: Localized,
  denominator: Localized,
  higherIsBetter: Type.Boolean(),
  range: Type.Object({ min: Type.Number(), max: Nullable(Type.Number()) }),
  source: Type.String(),
  available: Type.Boolean(),
});

/**
 * One area's value. `value`, `numerator` and `denominator` are null when the indicator has no
 * data (status "noData"); with status "none" the area has no communities of the split (numerator
 * and denominator 0, value null). `population`: the split's resident population, the weight of
 * the Theil index.
 */
export const IndicatorValueSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  status: Type.Union([Type.Literal('value'), Type.Literal('none'), Type.Literal('noData')]),
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  population: Nullable(Type.Number()),
});
export type IndicatorValue = Static<typeof IndicatorValueSchema>;

/**
 * The area's urban and rural values side by side (ratio = urban / rural, gap = urban − rural), and
 * the spread of the children's values (those with a value): CV unweighted, Theil weighted by population.
 */
export const EqualizationSchema = Type.Object({
  urbanRural: Type.Object({ urban: Nullable(Type.Number()), rural: Nullable(Type.Number()), ratio: Nullable(Type.Number()), gap: Nullable(Type.Number()) }),
  children: Type.Object({
    count: Type.Integer(),
    mean: Nullable(Type.Number()),
    coefficientOfVariation: Nullable(Type.Number()),
    theil: Nullable(Type.Number()),
  }),
});
export type Equalization = Static<typeof EqualizationSchema>;

export const IndicatorValuesSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  period: Type.String(),
  split: SplitSchema,
  area: IndicatorValueSchema,
  children: Type.Array(IndicatorValueSchema),
  equalization: EqualizationSchema,
  computedAt: Type.String({ description: 'when the snapshot these values come from was computed (ISO 8601)' }),
});
export type IndicatorValues = Static<typeof IndicatorValuesSchema>;

const Year = Type.Integer({ minimum: PLAN_LIMITS.yearMin, maximum: PLAN_LIMITS.yearMax });
export const TargetSchema = Type.Object({ value: Type.Number(), year: Year }, { additionalProperties: false });
export type Target = Static<typeof TargetSchema>;

/**
 * An indicator of a plan in an area: the baseline, the target that applies (the area's own, else its
 * nearest adopting ancestor's, else the plan's), the actual value and how far it is from the target.
 */
export const ProgressItemSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  split: SplitSchema,
  baseline: Nullable(TargetSchema),
  target: Nullable(TargetSchema),
  targetSetBy: Nullable(Type.String({ description: 'where the applying target was set: an area code, or null for the plan’s own' })),
  actual: Type.Object({
    value: Nullable(Type.Number()),
    numerator: Nullable(Type.Number()),
    denominator: Nullable(Type.Number()),
    period: Type.String(),
    status: Type.Union([Type.Literal('value'), Type.Literal('none'), Type.Literal('noData')]),
  }),
  gap: Nullable(Type.Number({ description: 'target − actual for a higher-is-better indicator (actual − target otherwise); null without both' })),
  pacePerYear: Nullable(Type.Number({ description: 'the change per year still needed to reach the target by its year' })),
  expected: Nullable(Type.Number({ description: 'where the straight line from baseline to target stands in the actual’s year' })),
  onTrack: Nullable(Type.Boolean({ description: 'null when it cannot be told (no data, no target)' })),
});
export type ProgressItem = Static<typeof ProgressItemSchema>;

const BySplit = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Object({ all: schema, urban: schema, rural: schema });

/** One indicator on the dashboard: urban, rural and all, with the plan's targets and a trend. */
export const DashboardCardSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  values: BySplit(IndicatorValueSchema),
  progress: Type.Object({ all: Type.Optional(ProgressItemSchema), urban: Type.Optional(ProgressItemSchema), rural: Type.Optional(ProgressItemSchema) }),
  trend: Type.Array(Type.Object({ period: Type.String(), values: BySplit(Nullable(Type.Number())) })),
});
export type DashboardCard = Static<typeof DashboardCardSchema>;

export const DashboardSchema = Type.Object({
  area: Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.Integer(),
    path: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  }),
  period: Type.String(),
  periods: Type.Array(Type.String()),
  plan: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  cards: Type.Array(DashboardCardSchema),
});
export type Dashboard = Static<typeof DashboardSchema>;

export const PlanIndicatorSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  split: SplitSchema,
  baseline: Nullable(TargetSchema),
  target: Nullable(TargetSchema),
  source: Nullable(Type.String({ description: 'where the figures come from: document, table, row; null when the plan’s maker set them' })),
});
export type PlanIndicator = Static<typeof PlanIndicatorSchema>;

export const PlanSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startYear: Type.Integer({ description: 'first year the plan covers' }),
  endYear: Type.Integer({ description: 'last year the plan covers' }),
  area: Type.String({ description: 'where the plan was made: its owner’s area ("" for a national template)' }),
  template: Type.Boolean(),
  templateId: Nullable(Type.String({ description: 'the template the plan was started from' })),
  notes: Nullable(Type.String()),
  indicators: Type.Array(PlanIndicatorSchema),
  adoptions: Type.Array(Type.Object({ area: Type.String(), adoptedAt: Type.String() }), { description: 'areas that have adopted it, within the reader’s scope' }),
  createdAt: Type.String(),
});
export type Plan = Static<typeof PlanSchema>;

export const PlanProgressSchema = Type.Object({
  plan: Type.Object({ id: Type.String(), name: Type.String() }),
  area: Type.Object({ code: Type.String(), name: Type.String() }),
  period: Type.String(),
  items: Type.Array(ProgressItemSchema),
});
export type PlanProgress = Static<typeof PlanProgressSchema>;

/** Indicator codes arrive as strings and are checked by the service, so an unknown one is named with its field. */
const IndicatorInput = Type.String({ maxLength: 64, description: `one of ${INDICATOR_CODES.join(', ')}` });
const ValueInput = Type.Number({ description: 'in the indicator’s unit (percent as 0–100)' });
const YearInput = Type.Integer({ description: `${PLAN_LIMITS.yearMin}–${PLAN_LIMITS.yearMax}` });

/** What POST /plans takes. */
export const NewPlanBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: PLAN_LIMITS.nameMaxLength }),
    startYear: Type.Integer({ minimum: PLAN_LIMITS.yearMin, maximum: PLAN_LIMITS.yearMax }),
    endYear: Type.Integer({ minimum: PLAN_LIMITS.yearMin, maximum: PLAN_LIMITS.yearMax }),
    area: Type.Optional(AreaParam),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    template: Type.Optional(
      Type.String({ maxLength: 64, description: 'a template to start from (GET /plans/templates): its indicators, baselines, targets and sources, overridden by `indicators`' }),
    ),
    indicators: Type.Optional(Type.Array(
      Type.Object(
        {
          indicator: IndicatorInput,
          split: SplitSchema,
          baseline: Type.Optional(Nullable(Type.Object({ value: ValueInput, year: YearInput }, { additionalProperties: false }))),
          target: Type.Optional(Nullable(Type.Object({ value: ValueInput, year: YearInput }, { additionalProperties: false }))),
        },
        { additionalProperties: false },
      ),
      { maxItems: PLAN_LIMITS.indicatorsMax },
    )),
  },
  { additionalProperties: false },
);
export type NewPlanRequest = Static<typeof NewPlanBody>;

export const AdoptBody = Type.Object({ area: Type.Optional(AreaParam) }, { additionalProperties: false });

/** What PUT /plans/{id}/targets takes: the area's own targets, one per indicator and split. */
export const TargetsBody = Type.Object(
  {
    area: Type.Optional(AreaParam),
    targets: Type.Array(
      Type.Object({ indicator: IndicatorInput, split: SplitSchema, value: ValueInput, year: YearInput }, { additionalProperties: false }),
      { maxItems: PLAN_LIMITS.indicatorsMax },
    ),
  },
  { additionalProperties: false },
);
export type TargetsRequest = Static<typeof TargetsBody>;
