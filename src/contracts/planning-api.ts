/**
 * Planning API shapes (siting and its scenarios): the server's routes validate with them, the web
 * reads them as `Static<>` types (type-only imports, so TypeBox stays out of the web bundle; the
 * vocabulary and limits are in planning.ts).
 */
import { Type, type Static } from 'typebox';
import { RADIUS_KM_MAX } from './facilities.ts';
import { FacilityKindSchema, FacilityStatusSchema } from './facilities-api.ts';
import { Share, UrbanRural } from './coverage.ts';
import { PLANNING_LIMITS, SITING_MODELS } from './planning.ts';

export const SitingModelSchema = Type.Enum(SITING_MODELS, {
  description: 'mclp: most people within reach of p new sites; lscp: fewest new sites reaching everyone reachable; pmedian: least total distance',
});

const Radius = (description: string) => Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: RADIUS_KM_MAX, description }));
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: 'a community (12 digits)' });
/** Amounts keyed by community code; the service checks the codes and the values, naming the field. */
const ByCommunity = (description: string) => Type.Optional(Type.Record(Type.String({ maxLength: 12 }), Type.Number(), { description }));

export const SitingRequest = Type.Object(
  {
    area: Type.String({ pattern: '^[0-9]{2,12}$', description: 'the area to site in (in your scope): its communities are the demand' }),
    model: SitingModelSchema,
    kind: Type.Optional(FacilityKindSchema),
    radiusKm: Radius('one service radius for every community (km); default: urban 1, rural 3 as coverage uses'),
    urbanRadiusKm: Radius('service radius of urban communities (km, default 1)'),
    ruralRadiusKm: Radius('service radius of rural communities (km, default 3)'),
    p: Type.Optional(Type.Integer({ minimum: 1, description: 'new sites to open (mclp: required unless budget is given; pmedian: required)' })),
    budget: Type.Optional(Type.Number({ minimum: 0, maximum: PLANNING_LIMITS.amountMax, description: 'mclp only: total cost the new sites may take' })),
    costs: ByCommunity('mclp with a budget: the cost of opening at each candidate community; every candidate needs one (default 1 each)'),
    candidates: Type.Optional(
      Type.Union(
        [
          Type.Literal('communitiesWithout'),
          Type.Array(CommunityCode, { minItems: 1, maxItems: PLANNING_LIMITS.listMax }),
        ],
        { description: 'communitiesWithout (default): the area’s communities without an operating facility of the kind; or a list of community codes in the area' },
      ),
    ),
    weights: ByCommunity('demand weight instead of the resident population for the communities listed (e.g. people aged 60+); ≥ 0'),
    countPlanned: Type.Optional(
      Type.Boolean({
        description:
          'true (default): facilities of the kind that are planned or under construction count as open, like operating ones, and their communities are no candidates; false: only operating ones count',
      }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: PLANNING_LIMITS.nameMaxLength })),
    timeLimitSeconds: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: PLANNING_LIMITS.timeLimitSecondsMax,
        description: `the solver stops by then (default ${PLANNING_LIMITS.timeLimitSecondsDefault}); sooner when it proves the answer optimal`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type SitingRequest = Static<typeof SitingRequest>;

/** Shares of resident population within reach (numerator) of the resident population (denominator), as coverage reports them. */
export { Share, UrbanRural };
export const RadiusKm = Type.Object({ urban: Type.Number(), rural: Type.Number() });
export type RadiusKm = Static<typeof RadiusKm>;
const CommunityKind = Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Null()]);

export const ScenarioParameters = Type.Object({
  area: Type.String(),
  model: SitingModelSchema,
  kind: FacilityKindSchema,
  radiusKm: RadiusKm,
  p: Type.Union([Type.Integer(), Type.Null()]),
  budget: Type.Union([Type.Number(), Type.Null()]),
  costs: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
  candidates: Type.Union([Type.Literal('communitiesWithout'), Type.Array(Type.String())]),
  weights: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
  countPlanned: Type.Optional(Type.Boolean({ description: 'missing in scenarios saved before planned facilities counted: they did not' })),
  timeLimitSeconds: Type.Number(),
  seed: Type.Integer(),
  year: Type.Union([Type.Integer(), Type.Null()], { description: 'the population statistics used (the latest)' }),
});
export type ScenarioParameters = Static<typeof ScenarioParameters>;

export const ProposedSite = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: CommunityKind,
  lon: Type.Number(),
  lat: Type.Number(),
  residentPopulation: Type.Number({ description: 'of the community itself' }),
  newlyCoveredPopulation: Type.Number({
    description: 'people the existing facilities did not reach and this site does; a community two new sites reach counts for the nearer one',
  }),
  cost: Type.Union([Type.Number(), Type.Null()]),
});
export type ProposedSite = Static<typeof ProposedSite>;

export const ScenarioResult = Type.Object({
  demand: Type.Object({
    communities: Type.Integer({ description: 'communities of the area with a centroid: the demand points' }),
    population: Type.Number(),
    weight: Type.Number({ description: 'total demand weight (the population unless weights were given)' }),
  }),
  candidates: Type.Integer({ description: 'candidate communities the new sites were chosen from' }),
  existingFacilities: Type.Integer({ description: 'operating facilities of the kind that reach a community of the area: counted as open' }),
  plannedFacilities: Type.Optional(
    Type.Integer({ description: 'planned or under-construction facilities of the kind that reach a community of the area, counted as open (0 when countPlanned is false)' }),
  ),
  sites: Type.Array(ProposedSite),
  newlyCoveredDemand: Type.Number({ description: 'demand weight the new sites bring within reach' }),
  newlyCoveredPopulation: Type.Number({ description: 'after.all.numerator − before.all.numerator' }),
  coverage: Type.Object({ before: UrbanRural, after: UrbanRural }, { description: 'share of resident population within the service radius' }),
  objective: Type.Number({ description: 'mclp: demand within reach after; lscp: new sites; pmedian: Σ demand × km to the nearest facility' }),
  bound: Type.Number({ description: 'proven: no answer can beat it (upper for mclp, lower for lscp and pmedian)' }),
  gap: Type.Number({ description: '|bound − objective| / max(|objective|, |bound|); 0 = proven optimal' }),
  optimal: Type.Boolean(),
  timedOut: Type.Boolean(),
  seconds: Type.Number(),
  cost: Type.Union([Type.Number(), Type.Null()], { description: 'mclp with a budget: total cost of the new sites' }),
  meanDistanceKm: Type.Union([Type.Number(), Type.Null()], { description: 'pmedian: objective / demand weight' }),
  uncoverable: Type.Union([Type.Object({ communities: Type.Integer(), population: Type.Number() }), Type.Null()], {
    description: 'lscp: communities no candidate and no existing facility reaches',
  }),
});
export type ScenarioResult = Static<typeof ScenarioResult>;

const Person = Type.Object({ userId: Type.Union([Type.String(), Type.Null()]), username: Type.Union([Type.String(), Type.Null()]) });
const Adoption = Type.Union([
  Type.Object({
    at: Type.String(),
    username: Type.Union([Type.String(), Type.Null()]),
    facilityIds: Type.Array(Type.String(), { description: 'the planned facilities this adoption created, in site order' }),
    existing: Type.Array(
      Type.Object({ code: Type.String(), facilityId: Type.String(), status: FacilityStatusSchema }),
      {
        description:
          'sites where a facility of the kind was already planned, under construction or operating (another adoption, or registered by hand): none was created there',
      },
    ),
  }),
  Type.Null(),
]);

export const Scenario = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  model: SitingModelSchema,
  kind: FacilityKindSchema,
  parameters: ScenarioParameters,
  result: ScenarioResult,
  createdAt: Type.String(),
  createdBy: Person,
  adoption: Adoption,
});
export type Scenario = Static<typeof Scenario>;

export const ScenarioSummary = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  model: SitingModelSchema,
  kind: FacilityKindSchema,
  radiusKm: RadiusKm,
  sites: Type.Integer({ description: 'new sites proposed' }),
  newlyCoveredPopulation: Type.Number(),
  coverageAfter: Share,
  gap: Type.Number(),
  createdAt: Type.String(),
  createdBy: Person,
  adopted: Type.Boolean(),
});
export type ScenarioSummary = Static<typeof ScenarioSummary>;

export const ScenarioComparison = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      areaCode: Type.String(),
      areaName: Type.Union([Type.String(), Type.Null()]),
      model: SitingModelSchema,
      kind: FacilityKindSchema,
      p: Type.Integer({ description: 'new sites proposed' }),
      radiusKm: RadiusKm,
      before: UrbanRural,
      after: UrbanRural,
      newlyCoveredPopulation: Type.Number(),
      objective: Type.Number(),
      gap: Type.Number(),
      sites: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), newlyCoveredPopulation: Type.Number() })),
      adopted: Type.Boolean(),
    }),
  ),
});
export type ScenarioComparison = Static<typeof ScenarioComparison>;
export type ComparedScenario = ScenarioComparison['items'][number];

export const AdoptRequest = Type.Object(
  {
    floorArea: Type.Number({ exclusiveMinimum: 0, description: 'planned floor area of each new facility, m²' }),
    activityArea: Type.Number({ exclusiveMinimum: 0, description: 'planned floor area open to residents’ activities, m²' }),
  },
  { additionalProperties: false },
);
export type AdoptRequest = Static<typeof AdoptRequest>;
