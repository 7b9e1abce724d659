/**
 * API shapes of community social organizations: the server's routes validate with them, the web
 * reads them as `Static<>` types (type-only imports; the vocabularies are in organizations.ts).
 */
import { Type, type Static } from 'typebox';
import {
  APPEAL_STATES,
  CREDIT_RECORD_KINDS,
  MANAGEMENT_MODES,
  ORGANIZATION_LIMITS as L,
  ORGANIZATION_NATURES,
  ORGANIZATION_STATUSES,
  RATING_GRADES,
  REGISTERED_KINDS,
  SERVICE_FIELDS,
} from './organizations.ts';

const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number = L.textMaxLength) => Type.String({ maxLength: max });
const ShortText = Type.String({ minLength: 1, maxLength: L.shortTextMaxLength });
const Count = Type.Integer({ minimum: 0, maximum: L.countMax });
const Money = Type.Number({ minimum: 0, maximum: L.moneyMax, description: 'yuan' });
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit community code' });

export const ManagementModeSchema = Type.Enum(MANAGEMENT_MODES, { description: 'registered with civil affairs / filed with the township / guided by the village committee' });
export const RegisteredKindSchema = Type.Enum(REGISTERED_KINDS, { description: '社会团体 / 社会服务机构 / 基金会' });
export const NatureSchema = Type.Enum(ORGANIZATION_NATURES, { description: '服务性 / 公益性 / 互助性' });
export const OrganizationStatusSchema = Type.Enum(ORGANIZATION_STATUSES);
export const ServiceFieldSchema = Type.Enum(SERVICE_FIELDS);
export const RatingGradeSchema = Type.Enum(RATING_GRADES);
export const CreditRecordKindSchema = Type.Enum(CREDIT_RECORD_KINDS);

const Fields = Type.Array(ServiceFieldSchema, { maxItems: L.fieldsMax });
const Communities = Type.Array(CommunityCode, { minItems: 1, maxItems: L.communitiesMax, description: 'the communities it serves (in your scope)' });
const CreditCode = Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码 (GB 32100): 18 characters, check character verified' });

export const CommunityRef = Type.Object({ code: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });

export const RatingSummary = Type.Object({ grade: RatingGradeSchema, score: Type.Number(), validUntil: Type.String() });

export const Organization = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the area that registered, filed or guides it' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  management: ManagementModeSchema,
  registeredKind: Type.Union([RegisteredKindSchema, Type.Null()]),
  nature: NatureSchema,
  fields: Type.Array(ServiceFieldSchema),
  communities: Type.Array(CommunityRef),
  status: OrganizationStatusSchema,
  statusDate: Type.String(),
  foundedOn: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  rating: Type.Union([RatingSummary, Type.Null()], { description: 'the current valid rating, if any' }),
  generated: Type.Boolean({ description: 'demo data made by the seed' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Organization = Static<typeof Organization>;

export const OrganizationEvent = Type.Object({
  id: Type.String(),
  date: Type.String(),
  from: Type.Union([OrganizationStatusSchema, Type.Null()]),
  to: OrganizationStatusSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
});

export const Milestone = Type.Object(
  { title: ShortText, dueOn: Nullable(DateString), doneOn: Nullable(DateString) },
  { additionalProperties: false },
);

export const Incubation = Type.Object(
  {
    base: Type.String({ minLength: 1, maxLength: L.shortTextMaxLength, description: 'the incubation base (孵化基地)' }),
    mentor: Nullable(Type.String({ maxLength: L.shortTextMaxLength })),
    startedOn: DateString,
    plannedGraduation: Nullable(DateString),
    graduatedOn: Nullable(DateString),
    milestones: Type.Array(Milestone, { maxItems: L.milestonesMax }),
    notes: Nullable(Text()),
  },
  { additionalProperties: false },
);
export type Incubation = Static<typeof Incubation>;

export const Rating = Type.Object({
  id: Type.String(),
  score: Type.Number(),
  scaleMax: Type.Number(),
  grade: RatingGradeSchema,
  assessor: Type.String(),
  ratedOn: Type.String(),
  validUntil: Type.String(),
  valid: Type.Boolean({ description: 'not past valid-until and not replaced by a later rating' }),
  notes: Type.Union([Type.String(), Type.Null()]),
  appeal: Type.Union([
    Type.Object({
      state: Type.Enum(APPEAL_STATES),
      reason: Type.String(),
      filedOn: Type.String(),
      decidedOn: Type.Union([Type.String(), Type.Null()]),
      decision: Type.Union([Type.String(), Type.Null()]),
      originalScore: Type.Union([Type.Number(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  username: Type.Union([Type.String(), Type.Null()]),
});
export type Rating = Static<typeof Rating>;

export const OrganizationMember = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  position: Type.Union([Type.String(), Type.Null()]),
  addedAt: Type.String(),
});

export const AnnualReportInput = Type.Object(
  {
    year: Type.Integer({ minimum: 1990, maximum: 2100 }),
    members: Count,
    volunteers: Count,
    activities: Count,
    beneficiaries: Count,
    income: Money,
    expenditure: Money,
    summary: Text(),
  },
  { additionalProperties: false },
);
export const AnnualReport = Type.Object({
  ...AnnualReportInput.properties,
  submittedAt: Type.String(),
  submittedBy: Type.Union([Type.String(), Type.Null()]),
});

export const CreditRecordInput = Type.Object(
  {
    kind: CreditRecordKindSchema,
    date: DateString,
    title: Type.String({ minLength: 1, maxLength: L.shortTextMaxLength }),
    detail: Type.Optional(Nullable(Text())),
    source: Type.Optional(Nullable(Type.String({ maxLength: L.shortTextMaxLength, description: 'the issuing body or project' }))),
  },
  { additionalProperties: false },
);
export const CreditRecord = Type.Object({
  id: Type.String(),
  kind: CreditRecordKindSchema,
  date: Type.String(),
  title: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
});

export const RatingScale = Type.Object(
  {
    max: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    minimums: Type.Object(
      { '1A': Type.Number({ minimum: 0 }), '2A': Type.Number({ minimum: 0 }), '3A': Type.Number({ minimum: 0 }), '4A': Type.Number({ minimum: 0 }), '5A': Type.Number({ minimum: 0 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RatingScale = Static<typeof RatingScale>;
export const EffectiveRatingScale = Type.Object({
  ...RatingScale.properties,
  setAt: Type.Union([Type.String(), Type.Null()], { description: 'the area whose scale applies; null: the default (no jurisdiction above has set one)' }),
});
export type EffectiveRatingScale = Static<typeof EffectiveRatingScale>;

export const OrganizationDetail = Type.Object({
  ...Organization.properties,
  events: Type.Array(OrganizationEvent),
  allowedStatuses: Type.Array(OrganizationStatusSchema, { description: 'where the status may move next' }),
  incubation: Type.Union([Incubation, Type.Null()]),
  ratings: Type.Array(Rating),
  ratingScale: EffectiveRatingScale,
  members: Type.Array(OrganizationMember),
  annualReports: Type.Array(AnnualReport),
  creditRecords: Type.Array(CreditRecord),
});
export type OrganizationDetail = Static<typeof OrganizationDetail>;

export const NewOrganization = Type.Object(
  {
    areaCode: Type.String({ pattern: '^[0-9]{2,12}$', description: 'the area that registers, files or guides it' }),
    name: Type.String({ minLength: 1, maxLength: L.nameMaxLength }),
    creditCode: Type.Optional(Nullable(CreditCode)),
    management: ManagementModeSchema,
    registeredKind: Type.Optional(Nullable(RegisteredKindSchema)),
    nature: NatureSchema,
    fields: Type.Optional(Fields),
    communities: Communities,
    status: Type.Optional(OrganizationStatusSchema),
    statusDate: Type.Optional(DateString),
    foundedOn: Type.Optional(Nullable(DateString)),
    address: Type.Optional(Nullable(Type.String({ maxLength: L.shortTextMaxLength }))),
    description: Type.Optional(Nullable(Text())),
  },
  { additionalProperties: false },
);
export type NewOrganization = Static<typeof NewOrganization>;

export const OrganizationChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one answers 409' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: L.nameMaxLength })),
    creditCode: Type.Optional(Nullable(CreditCode)),
    registeredKind: Type.Optional(Nullable(RegisteredKindSchema)),
    nature: Type.Optional(NatureSchema),
    fields: Type.Optional(Fields),
    communities: Type.Optional(Communities),
    foundedOn: Type.Optional(Nullable(DateString)),
    address: Type.Optional(Nullable(Type.String({ maxLength: L.shortTextMaxLength }))),
    description: Type.Optional(Nullable(Text())),
  },
  { additionalProperties: false },
);
export type OrganizationChanges = Static<typeof OrganizationChanges>;

export const OrganizationStatusChange = Type.Object(
  {
    status: OrganizationStatusSchema,
    date: DateString,
    reason: Type.Optional(Type.String({ maxLength: L.textMaxLength })),
    creditCode: Type.Optional(CreditCode),
    registeredKind: Type.Optional(RegisteredKindSchema),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type OrganizationStatusChange = Static<typeof OrganizationStatusChange>;

export const NewRating = Type.Object(
  {
    score: Type.Number({ description: 'on the jurisdiction’s scale (0 … max); the grade follows from its thresholds' }),
    grade: Type.Optional(RatingGradeSchema),
    assessor: Type.String({ minLength: 1, maxLength: L.shortTextMaxLength }),
    ratedOn: DateString,
    notes: Type.Optional(Nullable(Text())),
  },
  { additionalProperties: false },
);
export type NewRating = Static<typeof NewRating>;

export const NewAppeal = Type.Object(
  { ratingId: Type.String({ minLength: 1, maxLength: 36 }), reason: Type.String({ minLength: 1, maxLength: L.textMaxLength }) },
  { additionalProperties: false },
);
export const AppealDecision = Type.Object(
  {
    ratingId: Type.String({ minLength: 1, maxLength: 36 }),
    outcome: Type.Union([Type.Literal('upheld'), Type.Literal('changed')]),
    score: Type.Optional(Type.Number({ description: 'the new score when the outcome is changed' })),
    decision: Type.String({ minLength: 1, maxLength: L.textMaxLength }),
  },
  { additionalProperties: false },
);

export const NewMember = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: 'a user with the organizationMember role, in your scope, not in another organization' }),
    position: Type.Optional(Nullable(Type.String({ maxLength: L.shortTextMaxLength }))),
  },
  { additionalProperties: false },
);
export const RemovedMember = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });

export const OrganizationFilterQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'organizations registered in or serving this area (within your scope)' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'name: Simplified or Traditional characters, or pinyin initials' })),
  status: Type.Optional(OrganizationStatusSchema),
  management: Type.Optional(ManagementModeSchema),
  nature: Type.Optional(NatureSchema),
  field: Type.Optional(ServiceFieldSchema),
  grade: Type.Optional(RatingGradeSchema),
};
export const OrganizationImportReport = Type.Object({
  mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  rejected: Type.Integer(),
  problems: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), column: Type.Union([Type.String(), Type.Null()]), problem: Type.String() })),
  ids: Type.Array(Type.String()),
});
export type OrganizationImportReport = Static<typeof OrganizationImportReport>;
