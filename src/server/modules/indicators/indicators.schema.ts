import { Type } from 'typebox';
import { LANGUAGES } from '../../../contracts/language.ts';
import { INDICATOR_CODES, INDICATOR_UNITS, PERIOD_PATTERN, PLAN_LIMITS, SPLITS } from '../../../contracts/indicators.ts';

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

export const EqualizationSchema = Type.Object({
  urbanRural: Type.Object({ urban: Nullable(Type.Number()), rural: Nullable(Type.Number()), ratio: Nullable(Type.Number()), gap: Nullable(Type.Number()) }),
  children: Type.Object({
    count: Type.Integer(),
    mean: Nullable(Type.Number()),
    coefficientOfVariation: Nullable(Type.Number()),
    theil: Nullable(Type.Number()),
  }),
});

export const IndicatorValuesSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  period: Type.String(),
  split: SplitSchema,
  area: IndicatorValueSchema,
  children: Type.Array(IndicatorValueSchema),
  equalization: EqualizationSchema,
  computedAt: Type.String(),
});

const Year = Type.Integer({ minimum: PLAN_LIMITS.yearMin, maximum: PLAN_LIMITS.yearMax });
export const TargetSchema = Type.Object({ value: Type.Number(), year: Year }, { additionalProperties: false });

export const ProgressItemSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  split: SplitSchema,
  baseline: Nullable(TargetSchema),
  target: Nullable(TargetSchema),
  targetSetBy: Nullable(Type.String()),
  actual: Type.Object({
    value: Nullable(Type.Number()),
    numerator: Nullable(Type.Number()),
    denominator: Nullable(Type.Number()),
    period: Type.String(),
    status: Type.Union([Type.Literal('value'), Type.Literal('none'), Type.Literal('noData')]),
  }),
  gap: Nullable(Type.Number()),
  pacePerYear: Nullable(Type.Number()),
  expected: Nullable(Type.Number()),
  onTrack: Nullable(Type.Boolean()),
});

const BySplit = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Object({ all: schema, urban: schema, rural: schema });

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
  cards: Type.Array(
    Type.Object({
      indicator: IndicatorCodeSchema,
      values: BySplit(IndicatorValueSchema),
      progress: Type.Object({ all: Type.Optional(ProgressItemSchema), urban: Type.Optional(ProgressItemSchema), rural: Type.Optional(ProgressItemSchema) }),
      trend: Type.Array(Type.Object({ period: Type.String(), values: BySplit(Nullable(Type.Number())) })),
    }),
  ),
});

export const PlanIndicatorSchema = Type.Object({
  indicator: IndicatorCodeSchema,
  split: SplitSchema,
  baseline: Nullable(TargetSchema),
  target: Nullable(TargetSchema),
  source: Nullable(Type.String({ description: 'where the figures come from: document, table, row; null when the plan’s maker set them' })),
});

export const PlanSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startYear: Type.Integer(),
  endYear: Type.Integer(),
  area: Type.String(),
  template: Type.Boolean(),
  templateId: Nullable(Type.String({ description: 'the template the plan was started from' })),
  notes: Nullable(Type.String()),
  indicators: Type.Array(PlanIndicatorSchema),
  adoptions: Type.Array(Type.Object({ area: Type.String(), adoptedAt: Type.String() })),
  createdAt: Type.String(),
});

export const PlanProgressSchema = Type.Object({
  plan: Type.Object({ id: Type.String(), name: Type.String() }),
  area: Type.Object({ code: Type.String(), name: Type.String() }),
  period: Type.String(),
  items: Type.Array(ProgressItemSchema),
});

/** Indicator codes arrive as strings and are checked by the service, so an unknown one is named with its field. */
const IndicatorInput = Type.String({ maxLength: 64, description: `one of ${INDICATOR_CODES.join(', ')}` });
const ValueInput = Type.Number({ description: 'in the indicator’s unit (percent as 0–100)' });
const YearInput = Type.Integer({ description: `${PLAN_LIMITS.yearMin}–${PLAN_LIMITS.yearMax}` });

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

export const AdoptBody = Type.Object({ area: Type.Optional(AreaParam) }, { additionalProperties: false });

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
