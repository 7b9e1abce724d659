/**
 * Resident-registry API shapes (households, persons, left-behind flags, imports, population): the
 * server's routes validate with them, the web reads them as `Static<>` types (type-only imports,
 * so TypeBox stays out of the web bundle; the vocabularies and limits are in residents.ts).
 */
import { Type, type Static } from 'typebox';
import {
  DISABILITY_CATEGORIES,
  FLAG_STATUSES,
  HARDSHIP_KINDS,
  LEFT_BEHIND_KINDS,
  LEFT_BEHIND_REASONS,
  RELATIONS,
  RESIDENCE_STATUSES,
  RESIDENTS_LIMITS,
  SEXES,
} from './residents.ts';
import { PROBLEM_CODES } from './problems.ts';

export const SexSchema = Type.Enum(SEXES);
export const RelationSchema = Type.Enum(RELATIONS, { description: 'relation to the household head (与户主关系)' });
export const ResidenceStatusSchema = Type.Enum(RESIDENCE_STATUSES, {
  description: 'local 本地; inflow 流入 (lives here, hukou elsewhere); outflow 流出 (hukou here, living elsewhere)',
});
export const DisabilityCategorySchema = Type.Enum(DISABILITY_CATEGORIES);
export const HardshipSchema = Type.Enum(HARDSHIP_KINDS, { description: '低保 / 特困 / 低收入' });
export const LeftBehindKindSchema = Type.Enum(LEFT_BEHIND_KINDS);
export const FlagStatusSchema = Type.Enum(FLAG_STATUSES);

export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Disability = Type.Object(
  { category: DisabilityCategorySchema, grade: Type.Integer({ minimum: 1, maximum: 4, description: '1 most severe … 4' }) },
  { additionalProperties: false },
);

export const FlagSummary = Type.Object({
  id: Type.String(),
  kind: LeftBehindKindSchema,
  status: FlagStatusSchema,
  applies: Type.Boolean(),
  reason: Nullable(Type.String()),
});
export type FlagSummary = Static<typeof FlagSummary>;

export const Person = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the community the person lives in (their record belongs to)' }),
  areaName: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  name: Type.String(),
  sex: SexSchema,
  birthDate: Type.String(),
  age: Type.Integer(),
  idNumber: Nullable(Type.String({ description: 'masked (3408**********123X) unless revealed' })),
  phone: Nullable(Type.String({ description: 'masked (138****5678) unless revealed' })),
  residencePermitNumber: Nullable(Type.String({ description: 'masked unless revealed' })),
  personalDataRevealed: Type.Boolean({ description: 'true when the numbers above are shown in full (the read is audited)' }),
  ethnicity: Nullable(Type.String()),
  relation: RelationSchema,
  hukouAreaCode: Nullable(Type.String()),
  residenceStatus: ResidenceStatusSchema,
  awayTo: Nullable(Type.String()),
  awaySince: Nullable(Type.String()),
  migrantWorker: Type.Boolean(),
  accompanyingFamily: Type.Boolean(),
  disability: Nullable(Disability),
  hardship: Nullable(HardshipSchema),
  livingAlone: Type.Boolean(),
  notes: Nullable(Type.String()),
  generated: Type.Boolean({ description: 'generated demo data' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Person = Static<typeof Person>;

export const PersonDetail = Type.Object({
  ...Person.properties,
  hukouAreaPath: Nullable(
    Type.Array(Type.String(), { description: 'the hukou area named from the province down (安徽省, 安庆市, 岳西县); null without a hukou code or for a code that names no area' }),
  ),
  leftBehind: Type.Array(FlagSummary),
});
export type PersonDetail = Static<typeof PersonDetail>;

const Name = Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.nameMaxLength });
const IdNumberInput = Type.String({ minLength: 1, maxLength: 32, description: 'GB 11643: 18 characters with its check character' });
const PhoneInput = Type.String({ minLength: 1, maxLength: 32 });
const AreaCode12 = Type.String({ pattern: '^[0-9]{12}$' });
const HukouCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$', description: '6-, 9- or 12-digit division code of the hukou' });

const personFields = {
  name: Name,
  sex: Type.Optional(SexSchema),
  birthDate: Type.Optional(DateString),
  idNumber: Type.Optional(Nullable(IdNumberInput)),
  phone: Type.Optional(Nullable(PhoneInput)),
  ethnicity: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.ethnicityMaxLength }))),
  relation: RelationSchema,
  hukouAreaCode: Type.Optional(Nullable(HukouCode)),
  residenceStatus: Type.Optional(ResidenceStatusSchema),
  residencePermitNumber: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32 }))),
  awayTo: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.awayToMaxLength }))),
  awaySince: Type.Optional(Nullable(DateString)),
  migrantWorker: Type.Optional(Type.Boolean()),
  accompanyingFamily: Type.Optional(Type.Boolean()),
  disability: Type.Optional(Nullable(Disability)),
  hardship: Type.Optional(Nullable(HardshipSchema)),
  livingAlone: Type.Optional(Type.Boolean()),
  notes: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.notesMaxLength }))),
};

export const NewPerson = Type.Object(
  {
    householdId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'the household; its community is the person’s' })),
    areaCode: Type.Optional(AreaCode12),
    ...personFields,
  },
  { additionalProperties: false, description: 'sex and birth date may be left out when the ID number gives them' },
);
export type NewPerson = Static<typeof NewPerson>;

export const PersonChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one is refused with 409' }),
    householdId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'moving to another household moves the person to its community' })),
    ...personFields,
    name: Type.Optional(Name),
    relation: Type.Optional(RelationSchema),
  },
  { additionalProperties: false },
);
export type PersonChanges = Static<typeof PersonChanges>;

export const Household = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  number: Nullable(Type.String({ description: '户编号' })),
  address: Type.String(),
  hukou: Type.Boolean({ description: 'a hukou household (户籍户)' }),
  headPersonId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Integer(),
  generated: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Household = Static<typeof Household>;

export const HouseholdDetail = Type.Object({ ...Household.properties, persons: Type.Array(Person) });
export type HouseholdDetail = Static<typeof HouseholdDetail>;

export const NewHousehold = Type.Object(
  {
    areaCode: AreaCode12,
    number: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.householdNumberMaxLength }))),
    address: Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.addressMaxLength }),
    hukou: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewHousehold = Static<typeof NewHousehold>;

export const HouseholdChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    number: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.householdNumberMaxLength }))),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.addressMaxLength })),
    hukou: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'the head changes through the members’ relation' },
);
export type HouseholdChanges = Static<typeof HouseholdChanges>;

export const PersonEvent = Type.Object({
  id: Type.String(),
  at: Type.String(),
  username: Nullable(Type.String()),
  action: Type.String({ description: 'create, update, merge, import, leftBehind.confirm …' }),
  changes: Type.Record(Type.String(), Type.Unknown(), { description: '{ field: { from, to } }; personal numbers masked' }),
});
export type PersonEvent = Static<typeof PersonEvent>;

export const LeftBehindFlag = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  personId: Type.String(),
  householdId: Type.String(),
  personName: Nullable(Type.String()),
  sex: Nullable(SexSchema),
  birthDate: Nullable(Type.String()),
  kind: LeftBehindKindSchema,
  status: FlagStatusSchema,
  applies: Type.Boolean({ description: 'whether the rules find it now; false: the facts no longer show it' }),
  reason: Nullable(Type.Enum(LEFT_BEHIND_REASONS)),
  facts: Type.Unknown(),
  previousStatus: Nullable(FlagStatusSchema),
  previousFacts: Type.Unknown({ description: 'the facts at the last review, when they have changed since' }),
  reviewReason: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type LeftBehindFlag = Static<typeof LeftBehindFlag>;

export const Review = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.reasonMaxLength })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type Review = Static<typeof Review>;

export const PersonFilterQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'an area: the persons living in its communities' })),
  householdId: Type.Optional(Type.String({ maxLength: 36 })),
  sex: Type.Optional(SexSchema),
  ageMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  ageMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  status: Type.Optional(ResidenceStatusSchema),
  migrantWorker: Type.Optional(Type.Boolean()),
  hardship: Type.Optional(HardshipSchema),
  disabled: Type.Optional(Type.Boolean()),
  flag: Type.Optional(Type.Union([LeftBehindKindSchema, Type.Literal('livingAlone')], { description: 'a left-behind flag (pending or confirmed), or livingAlone' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a name (its beginning), pinyin initials (zsf), a full ID number or phone number' })),
};
/** The person list's filters (GET /persons, /persons/export), as a whole. */
export const PersonFilter = Type.Object(PersonFilterQuery);
export type PersonFilter = Static<typeof PersonFilter>;

/** One problem of one row of an imported spreadsheet. */
export const RowProblem = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row; the header is row 1' }),
  field: Type.String(),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.Enum(PROBLEM_CODES, { description: 'stable code of the problem (src/contracts/problems.ts); clients translate it, never the sentence' }),
  params: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'the values the sentence carries: value (the cell as given), code (a community), expected (a check character), row (the row it repeats)',
    }),
  ),
  problem: Type.String({ description: 'in English, for people reading the raw API' }),
});
export type RowProblem = Static<typeof RowProblem>;
/** What an import of persons did (or, all or nothing, would have done). */
export const ImportReport = Type.Object({
  mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  rejected: Type.Integer(),
  households: Type.Integer({ description: 'new households created' }),
  problems: Type.Array(RowProblem),
  ids: Type.Array(Type.String()),
});
export type ImportReport = Static<typeof ImportReport>;
export const DuplicateGroup = Type.Object({
  county: Type.String(),
  name: Type.String(),
  birthDate: Type.String(),
  persons: Type.Array(Person),
});
export type DuplicateGroup = Static<typeof DuplicateGroup>;
export const PopulationFigure = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  residentPopulation: Type.Union([Type.Integer(), Type.Null()]),
  source: Type.Union([Type.Literal('registry'), Type.Literal('statistics'), Type.Literal('mixed'), Type.Null()], {
    description: 'registry: persons on record living there; statistics: the area statistics; mixed: a total over communities of both kinds',
  }),
  communitiesFromRegistry: Type.Integer(),
  communitiesFromStatistics: Type.Integer(),
  communitiesWithoutData: Type.Integer(),
});
export type PopulationFigure = Static<typeof PopulationFigure>;
export const Population = Type.Object({
  year: Type.Union([Type.Integer(), Type.Null()], { description: 'the statistics year used where the registry is missing' }),
  area: PopulationFigure,
  children: Type.Array(PopulationFigure),
});
export type Population = Static<typeof Population>;
export const IdentificationSummary = Type.Object({
  persons: Type.Integer(),
  households: Type.Integer(),
  findings: Type.Record(Type.String(), Type.Integer()),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  removed: Type.Integer(),
  seconds: Type.Number(),
});
export type IdentificationSummary = Static<typeof IdentificationSummary>;
