/**
 * Volunteers, their service hours, and the community time bank (互助时间银行): the API shapes
 * the routes validate with and the web reads as `Static<>` types (type-only imports).
 * Hours and balances are whole minutes (integers): no fractions of hours travel as floats.
 */
import { Type, type Static } from 'typebox';
import { LANGUAGES } from './language.ts';
import { PROBLEM_CODES } from './problems.ts';

export const VOLUNTEER_LIMITS = {
  nameMaxLength: 40,
  skillsMax: 12,
  skillMaxLength: 20,
  availabilityMaxLength: 200,
  serviceAreasMax: 10,
  activityMaxLength: 200,
  /** One service record covers one day at most. */
  recordMinutesMax: 1440,
  /** Hours are claimed within a year of serving. */
  claimDaysBackMax: 366,
  reasonMaxLength: 200,
  memoMaxLength: 200,
  postTitleMaxLength: 60,
  postDescriptionMaxLength: 500,
  /** Payees of one payment. */
  payeesMax: 20,
  /** One payment moves at most 100 hours to one payee. */
  paymentMinutesMax: 6000,
  /** A time bank's credit line and ceiling, in minutes (1,000 hours). */
  balanceLimitMax: 60_000,
  /** An imported volunteer spreadsheet: rows and bytes. */
  importRowsMax: 5000,
  importBytesMax: 5 * 1024 * 1024,
} as const;

/** A volunteer's status, kept by staff: active, paused (for a while), withdrawn (left). */
export const VOLUNTEER_STATUSES = ['active', 'paused', 'withdrawn'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

export const HOURS_STATES = ['claimed', 'verified', 'rejected'] as const;
export type HoursState = (typeof HOURS_STATES)[number];
export const POST_KINDS = ['offer', 'request'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const TRANSFER_KINDS = ['payment', 'volunteerHours'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

const Id = Type.String({ minLength: 1, maxLength: 36 });
const Minutes = Type.Integer({ description: 'whole minutes' });
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: 'the 12-digit code of a community' });
const Skill = Type.String({ minLength: 1, maxLength: VOLUNTEER_LIMITS.skillMaxLength });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,12}$', description: 'a community code (12 digits)' }) }, { additionalProperties: false });
export const CertificateQuery = Type.Object({ lang: Type.Optional(Type.Enum(LANGUAGES)) }, { additionalProperties: false });

// ---- volunteers ----

export const Volunteer = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the community the volunteer is registered in' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  /** Whether a user account is this volunteer (a resident who registered themselves). */
  hasAccount: Type.Boolean(),
  personId: Type.Union([Type.String(), Type.Null()]),
  skills: Type.Array(Type.String()),
  availability: Type.Union([Type.String(), Type.Null()]),
  serviceAreas: Type.Array(Type.String()),
  status: Type.Enum(VOLUNTEER_STATUSES),
  verifiedMinutes: Minutes,
  claimedMinutes: Type.Integer({ description: 'minutes claimed and not yet decided' }),
  generated: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Volunteer = Static<typeof Volunteer>;

export const NewVolunteer = Type.Object(
  {
    areaCode: Type.Optional(CommunityCode),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: VOLUNTEER_LIMITS.nameMaxLength })),
    personId: Type.Optional(Id),
    /** Staff registering themselves (a resident always registers themselves). */
    self: Type.Optional(Type.Boolean()),
    skills: Type.Optional(Type.Array(Skill, { maxItems: VOLUNTEER_LIMITS.skillsMax })),
    availability: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.availabilityMaxLength })),
    serviceAreas: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,12}$' }), { maxItems: VOLUNTEER_LIMITS.serviceAreasMax })),
  },
  { additionalProperties: false },
);
export type NewVolunteer = Static<typeof NewVolunteer>;

/** Staff edit a volunteer: only the fields sent change (an empty availability clears it). */
export const VolunteerUpdate = Type.Object(
  {
    skills: Type.Optional(Type.Array(Skill, { maxItems: VOLUNTEER_LIMITS.skillsMax })),
    availability: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.availabilityMaxLength })),
    serviceAreas: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,12}$' }), { minItems: 1, maxItems: VOLUNTEER_LIMITS.serviceAreasMax })),
    status: Type.Optional(Type.Enum(VOLUNTEER_STATUSES)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type VolunteerUpdate = Static<typeof VolunteerUpdate>;

/** One problem of one row of an imported volunteer spreadsheet. */
export const VolunteerImportProblem = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row; the header is row 1' }),
  field: Type.String({ description: 'the API field (areaCode, name, skills, serviceAreas, status)' }),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.Enum(PROBLEM_CODES, { description: 'stable code of the problem (src/contracts/problems.ts); clients translate it, never the sentence' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'value (the cell), code (an area), max (a limit), row (the row it repeats)' })),
  problem: Type.String({ description: 'in English, for people reading the raw API' }),
});
export type VolunteerImportProblem = Static<typeof VolunteerImportProblem>;

/**
 * What an import of volunteers did, or with mode=check would do (nothing is written then). All or
 * nothing: a file with a bad row answers 400 import_rejected with this report in error.details.
 */
export const VolunteerImportReport = Type.Object({
  mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('check')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  rejected: Type.Integer(),
  problems: Type.Array(VolunteerImportProblem),
  ids: Type.Array(Type.String()),
});
export type VolunteerImportReport = Static<typeof VolunteerImportReport>;

export const VolunteerFilterQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    q: Type.Optional(Type.String({ maxLength: 40, description: 'name, in Simplified or Traditional characters, or pinyin initials' })),
    skill: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.skillMaxLength })),
    status: Type.Optional(Type.Enum(VOLUNTEER_STATUSES)),
    pending: Type.Optional(Type.Boolean({ description: 'true: only volunteers with hours claimed and awaiting verification' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type VolunteerFilterQuery = Static<typeof VolunteerFilterQuery>;

export const VolunteerHours = Type.Object({
  id: Type.String(),
  volunteerId: Type.String(),
  volunteerName: Type.String(),
  areaCode: Type.String(),
  serviceDate: Type.String(),
  minutes: Minutes,
  activity: Type.String(),
  state: Type.Enum(HOURS_STATES, { description: 'claimed → verified (counted) or rejected; only verified hours count' }),
  claimedAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** Whether the hours were credited to the volunteer's time bank account. */
  credited: Type.Boolean(),
});
export type VolunteerHours = Static<typeof VolunteerHours>;

export const NewHours = Type.Object(
  {
    serviceDate: DateString,
    minutes: Type.Integer({ minimum: 1, maximum: VOLUNTEER_LIMITS.recordMinutesMax, description: 'whole minutes served that day' }),
    activity: Type.String({ minLength: 1, maxLength: VOLUNTEER_LIMITS.activityMaxLength }),
  },
  { additionalProperties: false },
);
export type NewHours = Static<typeof NewHours>;

export const HoursDecision = Type.Object(
  {
    decision: Type.Enum(['verified', 'rejected'] as const),
    reason: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.reasonMaxLength })),
  },
  { additionalProperties: false },
);
export type HoursDecision = Static<typeof HoursDecision>;

export const HoursFilterQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    state: Type.Optional(Type.Enum(HOURS_STATES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type HoursFilterQuery = Static<typeof HoursFilterQuery>;

// ---- the time bank ----

export const TimeBank = Type.Object({
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean({ description: 'whether the community runs a time bank' }),
  minBalance: Type.Integer({ description: 'the lowest balance a member account may reach, minutes (≤ 0: a credit line)' }),
  maxBalance: Type.Union([Type.Integer(), Type.Null()], { description: 'the highest balance, minutes; null: none' }),
  creditVolunteerHours: Type.Boolean({ description: 'verified volunteer hours are credited to the volunteer’s account' }),
  members: Type.Integer({ minimum: 0 }),
  version: Type.Integer({ description: '0 while the community has never set its time bank' }),
});
export type TimeBank = Static<typeof TimeBank>;

export const TimeBankSettings = Type.Object(
  {
    active: Type.Boolean(),
    minBalance: Type.Integer({ minimum: -VOLUNTEER_LIMITS.balanceLimitMax, maximum: 0 }),
    maxBalance: Type.Union([Type.Integer({ minimum: 1, maximum: VOLUNTEER_LIMITS.balanceLimitMax }), Type.Null()]),
    creditVolunteerHours: Type.Boolean(),
    version: Type.Integer({ minimum: 0, description: 'the version you read (0 for a community without one yet)' }),
  },
  { additionalProperties: false },
);
export type TimeBankSettings = Static<typeof TimeBankSettings>;

export const Account = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  kind: Type.Enum(['member', 'bank'] as const),
  holderName: Type.String(),
  volunteerId: Type.Union([Type.String(), Type.Null()]),
  balance: Type.Integer({ description: 'minutes: the sum of the account’s movements' }),
  minBalance: Type.Integer(),
  maxBalance: Type.Union([Type.Integer(), Type.Null()]),
  openedAt: Type.String(),
});
export type Account = Static<typeof Account>;

/** A member as other members see them: a name to pay, no balance. */
export const Member = Type.Object({ id: Type.String(), holderName: Type.String() });
export type Member = Static<typeof Member>;

export const NewAccount = Type.Object({ volunteerId: Id }, { additionalProperties: false });

export const HistoryEntry = Type.Object({
  transferId: Type.String(),
  sequence: Type.Integer(),
  kind: Type.Enum(TRANSFER_KINDS),
  minutes: Type.Integer({ description: 'signed: negative left the account' }),
  balanceAfter: Type.Integer(),
  at: Type.String(),
  memo: Type.Union([Type.String(), Type.Null()]),
  /** The other accounts of the transfer. */
  counterparties: Type.Array(Type.Object({ accountId: Type.String(), holderName: Type.String(), minutes: Type.Integer() })),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const HistoryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

const Payees = Type.Array(
  Type.Object({ account: Id, minutes: Type.Integer({ minimum: 1, maximum: VOLUNTEER_LIMITS.paymentMinutesMax }) }, { additionalProperties: false }),
  { minItems: 1, maxItems: VOLUNTEER_LIMITS.payeesMax },
);

/** A member pays one or several members from their own account. */
export const NewPayment = Type.Object(
  {
    payees: Payees,
    memo: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.memoMaxLength })),
    postId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type NewPayment = Static<typeof NewPayment>;

/** Staff record a payment on a member's behalf (an elder without a phone). */
export const NewTransfer = Type.Object(
  {
    from: Id,
    payees: Payees,
    memo: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.memoMaxLength })),
    postId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type NewTransfer = Static<typeof NewTransfer>;

export const Transfer = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  kind: Type.Enum(TRANSFER_KINDS),
  memo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  movements: Type.Array(Type.Object({ accountId: Type.String(), holderName: Type.String(), minutes: Type.Integer(), balanceAfter: Type.Integer() })),
});
export type Transfer = Static<typeof Transfer>;

export const Post = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  kind: Type.Enum(POST_KINDS, { description: 'offer: I can help with …; request: I need …' }),
  accountId: Type.String(),
  holderName: Type.String(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Enum(['open', 'closed'] as const),
  mine: Type.Boolean(),
  createdAt: Type.String(),
});
export type Post = Static<typeof Post>;

export const NewPost = Type.Object(
  {
    kind: Type.Enum(POST_KINDS),
    title: Type.String({ minLength: 1, maxLength: VOLUNTEER_LIMITS.postTitleMaxLength }),
    description: Type.Optional(Type.String({ maxLength: VOLUNTEER_LIMITS.postDescriptionMaxLength })),
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: VOLUNTEER_LIMITS.paymentMinutesMax })),
  },
  { additionalProperties: false },
);
export type NewPost = Static<typeof NewPost>;

export const PostFilterQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    kind: Type.Optional(Type.Enum(POST_KINDS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PostFilterQuery = Static<typeof PostFilterQuery>;

export const MembersQuery = Type.Object(
  { area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type MembersQuery = Static<typeof MembersQuery>;

/** What a volunteer sees of themselves: profile, recent hours, and their time bank account. */
export const MyVolunteering = Type.Object({
  volunteer: Type.Union([Volunteer, Type.Null()]),
  hours: Type.Array(VolunteerHours),
  timeBank: Type.Union([TimeBank, Type.Null()]),
  account: Type.Union([Account, Type.Null()]),
});
export type MyVolunteering = Static<typeof MyVolunteering>;

const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const VolunteerPage = pageOf(Volunteer);
export type VolunteerPage = Static<typeof VolunteerPage>;
export const HoursPage = pageOf(VolunteerHours);
export type HoursPage = Static<typeof HoursPage>;
export const PostPage = pageOf(Post);
export type PostPage = Static<typeof PostPage>;
export const MemberPage = pageOf(Member);
export type MemberPage = Static<typeof MemberPage>;
export const HistoryPage = Type.Object({ items: Type.Array(HistoryEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type HistoryPage = Static<typeof HistoryPage>;

/** One's own time bank account, with its community's bank (null: not a member of one). */
export const MyTimeBank = Type.Object({
  timeBank: Type.Union([TimeBank, Type.Null()]),
  account: Type.Union([Account, Type.Null()]),
});
export type MyTimeBank = Static<typeof MyTimeBank>;
