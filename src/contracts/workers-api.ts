/**
 * Worker registry API shapes: the server's routes validate with them, the web reads them as
 * `Static<>` types (type-only imports); the vocabularies are in workers.ts.
 */
import { Type, type Static } from 'typebox';
import { POST_KINDS, QUALIFICATION_LEVELS, QUALIFICATION_STATUSES, WORKER_LIMITS } from './workers.ts';
import { PROBLEM_CODES } from './problems.ts';

const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const AreaCode = Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$', description: 'a community (12 digits) or a township (9 digits)' });
const Name = Type.String({ minLength: 1, maxLength: WORKER_LIMITS.nameMaxLength });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PostKindSchema = Type.Enum(POST_KINDS, { description: 'communityWorker 社区工作者 · socialWorker 社会工作者 · stationStaff 乡镇（街道）社工站 · childrenDirector 儿童主任 · childrenSupervisor 儿童督导员 · other' });
export const QualificationLevelSchema = Type.Enum(QUALIFICATION_LEVELS, { description: 'assistant 助理社会工作师 · intermediate 社会工作师 · senior 高级社会工作师' });
export const QualificationStatusSchema = Type.Enum(QUALIFICATION_STATUSES);

export const WorkerPost = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  kind: PostKindSchema,
  title: Nullable(Type.String()),
  from: Type.String(),
  to: Nullable(Type.String()),
  /** Whether the post is held today. */
  current: Type.Boolean(),
});
export type WorkerPost = Static<typeof WorkerPost>;

export const Qualification = Type.Object({
  id: Type.String(),
  level: QualificationLevelSchema,
  certificateNumber: Type.String(),
  year: Type.Integer(),
  status: QualificationStatusSchema,
  evidence: Nullable(Type.String({ description: 'what the verifier checked (verified), or why it was rejected' })),
  decidedBy: Nullable(Type.String({ description: 'username of who verified or rejected it' })),
  decidedAt: Nullable(Type.String()),
  declaredAt: Type.String(),
});
export type Qualification = Static<typeof Qualification>;

export const Registration = Type.Object({
  id: Type.String(),
  number: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  /** The qualification level the requirement is read for: the highest verified one, else declared. */
  level: Nullable(QualificationLevelSchema),
  /** Continuing-education hours of trainings inside the period. */
  educationHours: Type.Number(),
  requiredHours: Nullable(Type.Number()),
  /** Whether the hours meet the requirement (null without a qualification level). */
  requirementMet: Nullable(Type.Boolean()),
  current: Type.Boolean(),
});
export type Registration = Static<typeof Registration>;

export const Training = Type.Object({
  id: Type.String(),
  title: Type.String(),
  provider: Nullable(Type.String()),
  date: Type.String(),
  hours: Type.Number(),
  continuingEducation: Type.Boolean(),
});
export type Training = Static<typeof Training>;

export const Supervision = Type.Object({
  id: Type.String(),
  supervisorId: Type.String(),
  supervisorName: Type.String(),
  superviseeId: Type.String(),
  superviseeName: Type.String(),
  from: Type.String(),
  to: Nullable(Type.String()),
});
export type Supervision = Static<typeof Supervision>;

export const Worker = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the community or township the worker is registered under (their scope)' }),
  areaName: Nullable(Type.String()),
  name: Type.String(),
  /** Masked (110***********1234) unless revealed. */
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  /** Kinds of the posts held today. */
  currentPosts: Type.Array(PostKindSchema),
  /** The highest verified qualification, if any. */
  qualification: Nullable(QualificationLevelSchema),
  /** In a post today and holding a verified qualification or a social-work post (see docs/people.md). */
  socialWorker: Type.Boolean(),
  generated: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Worker = Static<typeof Worker>;

export const WorkerDetail = Type.Object({
  ...Worker.properties,
  revealed: Type.Boolean({ description: 'whether idNumber and phone are the full numbers (audited)' }),
  posts: Type.Array(WorkerPost),
  qualifications: Type.Array(Qualification),
  registrations: Type.Array(Registration),
  trainings: Type.Array(Training),
  /** Supervision links where this worker supervises, or is supervised. */
  supervisors: Type.Array(Supervision),
  supervisees: Type.Array(Supervision),
});
export type WorkerDetail = Static<typeof WorkerDetail>;

export const NewWorker = Type.Object(
  {
    areaCode: AreaCode,
    name: Name,
    idNumber: Type.Optional(Nullable(Type.String({ maxLength: 20, description: '18 characters, GB 11643 check character' }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    userId: Type.Optional(Nullable(Type.String({ maxLength: 36, description: 'the worker’s own account, if any' }))),
    /** A first post, for the common case of registering someone with their post. */
    post: Type.Optional(
      Type.Object(
        { areaCode: AreaCode, kind: PostKindSchema, title: Type.Optional(Type.String({ maxLength: WORKER_LIMITS.titleMaxLength })), from: DateString },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type NewWorker = Static<typeof NewWorker>;

export const WorkerChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one is refused with 409' }),
    name: Type.Optional(Name),
    idNumber: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    userId: Type.Optional(Nullable(Type.String({ maxLength: 36 }))),
  },
  { additionalProperties: false },
);
export type WorkerChanges = Static<typeof WorkerChanges>;

export const NewPost = Type.Object(
  {
    areaCode: AreaCode,
    kind: PostKindSchema,
    title: Type.Optional(Type.String({ maxLength: WORKER_LIMITS.titleMaxLength })),
    from: DateString,
    to: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type NewPost = Static<typeof NewPost>;

export const PostEnd = Type.Object({ to: DateString }, { additionalProperties: false, description: 'the last day the post is held' });
export type PostEnd = Static<typeof PostEnd>;

export const NewQualification = Type.Object(
  {
    level: QualificationLevelSchema,
    certificateNumber: Type.String({ minLength: 1, maxLength: WORKER_LIMITS.certificateMaxLength }),
    year: Type.Integer({ minimum: 2006, maximum: 2100, description: 'the year of the examination or award (the national examination began in 2008)' }),
  },
  { additionalProperties: false },
);
export type NewQualification = Static<typeof NewQualification>;

export const QualificationDecision = Type.Object(
  {
    decision: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
    evidence: Type.String({ minLength: 1, maxLength: WORKER_LIMITS.noteMaxLength, description: 'what was checked (a certificate query result, the original seen), or why it is rejected' }),
  },
  { additionalProperties: false },
);
export type QualificationDecision = Static<typeof QualificationDecision>;

export const NewRegistration = Type.Object(
  {
    number: Type.Optional(Nullable(Type.String({ maxLength: WORKER_LIMITS.certificateMaxLength }))),
    validFrom: DateString,
    validTo: DateString,
  },
  { additionalProperties: false },
);
export type NewRegistration = Static<typeof NewRegistration>;

export const NewTraining = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: WORKER_LIMITS.titleMaxLength }),
    provider: Type.Optional(Nullable(Type.String({ maxLength: WORKER_LIMITS.titleMaxLength }))),
    date: DateString,
    hours: Type.Number({ exclusiveMinimum: 0, maximum: WORKER_LIMITS.hoursMax }),
    continuingEducation: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type NewTraining = Static<typeof NewTraining>;

export const NewSupervision = Type.Object(
  {
    superviseeId: Type.String({ minLength: 1, maxLength: 36 }),
    from: DateString,
    to: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false, description: 'the worker of the path supervises (督导) the supervisee' },
);
export type NewSupervision = Static<typeof NewSupervision>;

export const EducationRequirements = Type.Object(
  {
    assistant: Type.Number({ minimum: 0, maximum: WORKER_LIMITS.requirementMax }),
    intermediate: Type.Number({ minimum: 0, maximum: WORKER_LIMITS.requirementMax }),
    senior: Type.Number({ minimum: 0, maximum: WORKER_LIMITS.requirementMax }),
  },
  { additionalProperties: false, description: 'continuing-education hours required per registration period, by qualification level' },
);
export type EducationRequirements = Static<typeof EducationRequirements>;

export const WorkerFilterQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'workers registered in this area or under it' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name (Simplified or Traditional), pinyin initials, or a full ID number' })),
  postKind: Type.Optional(PostKindSchema),
  qualification: Type.Optional(Type.Union([QualificationLevelSchema, Type.Literal('none')], { description: 'a verified qualification level, or none' })),
  urbanRural: Type.Optional(Type.Union([Type.Literal('urban'), Type.Literal('rural')])),
  verification: Type.Optional(Type.Literal('pending', { description: 'pending: workers with a qualification declared and not yet verified or rejected (the verifier’s queue)' })),
};

/** A community on the workforce map: who is in post there today. */
export const WorkforceMapCommunity = Type.Object({
  code: Type.String(),
  name: Type.String(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  urbanRural: Nullable(Type.Union([Type.Literal('urban'), Type.Literal('rural')])),
  workers: Type.Integer({ description: 'workers in a post in this community today who match the post-kind and qualification filters' }),
  socialWorker: Type.Boolean({ description: 'at least one social worker in post here today, as social_worker_presence counts (docs/people.md)' }),
});
export type WorkforceMapCommunity = Static<typeof WorkforceMapCommunity>;
export const WorkforceMap = Type.Object({
  communities: Type.Array(WorkforceMapCommunity),
  /** More communities than a map holds matched: the first ones by code are given. */
  truncated: Type.Boolean(),
});
export type WorkforceMap = Static<typeof WorkforceMap>;

/** One problem of one row of an imported worker spreadsheet. */
export const WorkerImportProblem = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row; the header is row 1' }),
  field: Type.String({ description: 'the API field (areaCode, post.kind, qualification.year, …)' }),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.Enum(PROBLEM_CODES, { description: 'stable code of the problem (src/contracts/problems.ts); clients translate it, never the sentence' }),
  params: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'the values the sentence carries: value (the cell as given, never an ID number), code (an area), max/min (a limit), expected (a check character), row (the row it repeats)',
    }),
  ),
  problem: Type.String({ description: 'in English, for people reading the raw API' }),
});
export type WorkerImportProblem = Static<typeof WorkerImportProblem>;
/** What an import of workers did (or, all or nothing, would have done). */
export const WorkerImportReport = Type.Object({
  mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  rejected: Type.Integer(),
  problems: Type.Array(WorkerImportProblem),
  ids: Type.Array(Type.String()),
});
export type WorkerImportReport = Static<typeof WorkerImportReport>;
