/**
 * API shapes of the tri-party linkage, delivery half: activities and attendance, volunteers'
 * hours, milestones and evidence, results, spending, evaluation rounds, the chain of one project.
 * The server's routes validate with them, the web reads them as `Static<>` types. Money in cents.
 * Attendees appear by masked name only (张*), never with ID or phone numbers.
 */
import { Type, type Static } from 'typebox';
import {
  ACTIVITY_KINDS,
  DELIVERY_LIMITS as L,
  EVALUATION_GRADES,
  EVIDENCE_KINDS,
  MILESTONE_STATUSES,
  RATER_KINDS,
  ROUND_STATUSES,
} from './linkage-delivery.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Timestamp = Type.String({ description: 'ISO-8601 instant' });
const Title = Type.String({ minLength: 1, maxLength: L.titleMaxLength });
const Text = Type.String({ maxLength: L.textMaxLength });
const Id = Type.String({ minLength: 1, maxLength: 36 });
const Version = Type.Integer({ minimum: 1 });

export const ActivityKindSchema = Type.Enum(ACTIVITY_KINDS, { description: '小组活动 / 课堂 / 入户探访 / 社区活动 / 培训 / 会议 / 其他' });
export const MilestoneStatusSchema = Type.Enum(MILESTONE_STATUSES);
export const EvidenceKindSchema = Type.Enum(EVIDENCE_KINDS);
export const RaterKindSchema = Type.Enum(RATER_KINDS, { description: 'participating residents / community committee / funder / independent evaluator' });
export const GradeSchema = Type.Enum(EVALUATION_GRADES, { description: '优秀 ≥ 90 / 良好 ≥ 80 / 合格 ≥ 60 / 不合格' });
export const RoundStatusSchema = Type.Enum(ROUND_STATUSES);

export const ProjectIdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const EvidenceParams = Type.Object({ id: Id, evidenceId: Id }, { additionalProperties: false });
export const ResultParams = Type.Object({ id: Id, indicatorId: Id }, { additionalProperties: false });

// ---- activities ----

export const NewActivity = Type.Object(
  {
    heldOn: DateString,
    kind: ActivityKindSchema,
    title: Title,
    place: Type.String({ minLength: 1, maxLength: L.titleMaxLength, description: 'where, as people say it' }),
    facilityId: Type.Optional(Nullable(Id)),
    communityCode: Type.String({ pattern: '^[0-9]{12}$', description: 'one of the project communities' }),
    notes: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false },
);
export type NewActivity = Static<typeof NewActivity>;

export const ActivitySummary = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  heldOn: Type.String(),
  kind: ActivityKindSchema,
  title: Type.String(),
  place: Type.String(),
  facilityId: Nullable(Type.String()),
  communityCode: Type.String(),
  attendance: Type.Integer(),
  leftBehindChildren: Type.Integer({ description: 'attendees who were confirmed left-behind children when recorded' }),
  volunteerMinutes: Type.Integer(),
  version: Type.Integer(),
});
export type ActivitySummary = Static<typeof ActivitySummary>;

export const Attendee = Type.Object({
  personId: Type.String(),
  name: Type.String({ description: 'masked: family name and *' }),
  areaCode: Type.String(),
  leftBehindChild: Type.Boolean(),
});
export type Attendee = Static<typeof Attendee>;

export const ActivityVolunteer = Type.Object({ volunteerId: Type.String(), name: Type.String({ description: 'masked' }), minutes: Type.Integer(), hoursId: Type.String() });

export const Activity = Type.Object({
  ...ActivitySummary.properties,
  notes: Nullable(Type.String()),
  attendees: Type.Array(Attendee),
  volunteers: Type.Array(ActivityVolunteer),
  createdAt: Timestamp,
});
export type Activity = Static<typeof Activity>;

export const ActivityPage = Type.Object({ items: Type.Array(ActivitySummary), total: Type.Integer(), nextCursor: Nullable(Type.String()) });
export type ActivityPage = Static<typeof ActivityPage>;
export const ActivityListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const AttendanceInput = Type.Object(
  { personIds: Type.Array(Id, { minItems: 1, maxItems: L.attendeesPerRequestMax, description: 'registry persons who attended; already recorded ones are kept once' }) },
  { additionalProperties: false },
);
export type AttendanceInput = Static<typeof AttendanceInput>;
export const AttendanceRemoval = Type.Object({ personId: Id }, { additionalProperties: false });

export const VolunteerInput = Type.Object(
  { volunteerId: Id, minutes: Type.Integer({ minimum: 1, maximum: L.volunteerMinutesMax, description: 'whole minutes served at the activity' }) },
  { additionalProperties: false },
);
export type VolunteerInput = Static<typeof VolunteerInput>;

// ---- milestones ----

export const NewMilestone = Type.Object({ title: Title, dueOn: DateString, weight: Type.Integer({ minimum: 1, maximum: 100, description: 'its weight in the progress roll-up' }) }, { additionalProperties: false });
export type NewMilestone = Static<typeof NewMilestone>;

export const MilestoneChange = Type.Object(
  { status: MilestoneStatusSchema, metOn: Type.Optional(DateString), note: Type.Optional(Nullable(Text)), version: Version },
  { additionalProperties: false },
);
export type MilestoneChange = Static<typeof MilestoneChange>;

/** A scheduled (or not met) milestone's title, due day and weight, compare-and-set on its version. */
export const MilestoneEdit = Type.Object({ title: Title, dueOn: DateString, weight: Type.Integer({ minimum: 1, maximum: 100, description: 'its weight in the progress roll-up' }), version: Version }, { additionalProperties: false });
export type MilestoneEdit = Static<typeof MilestoneEdit>;

export const Evidence = Type.Object({ id: Type.String(), kind: EvidenceKindSchema, title: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), addedAt: Timestamp });
export const EvidenceUploadQuery = Type.Object({ kind: EvidenceKindSchema, title: Title }, { additionalProperties: false });

export const Milestone = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  weight: Type.Integer(),
  dueOn: Type.String(),
  status: MilestoneStatusSchema,
  metOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  evidence: Type.Array(Evidence),
  version: Type.Integer(),
});
export type Milestone = Static<typeof Milestone>;

// ---- results and spending ----

export const ResultInput = Type.Object(
  { achieved: Type.Number({ minimum: 0, maximum: 1e9 }), weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })) },
  { additionalProperties: false },
);
export type ResultInput = Static<typeof ResultInput>;

export const Result = Type.Object({
  indicatorId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  target: Type.Number(),
  achieved: Type.Number(),
  weight: Type.Integer(),
  percent: Type.Number({ description: 'share of the target reached, capped at 100' }),
});
export type Result = Static<typeof Result>;

export const ExpenditureInput = Type.Object(
  {
    budgetLineId: Id,
    amountCents: Type.Integer({ minimum: 1, maximum: L.moneyMaxCents }),
    spentOn: DateString,
    description: Type.String({ minLength: 1, maxLength: L.titleMaxLength }),
  },
  { additionalProperties: false },
);
export type ExpenditureInput = Static<typeof ExpenditureInput>;

export const SpendingLine = Type.Object({
  budgetLineId: Type.String(),
  title: Type.String(),
  budgetCents: Type.Integer(),
  spentCents: Type.Integer(),
  remainingCents: Type.Integer(),
  percent: Nullable(Type.Number()),
  overspent: Type.Boolean(),
});
export const Spending = Type.Object({
  lines: Type.Array(SpendingLine),
  budgetCents: Type.Integer(),
  spentCents: Type.Integer(),
  remainingCents: Type.Integer(),
  percent: Nullable(Type.Number()),
});
export type Spending = Static<typeof Spending>;

// ---- evaluation rounds ----

export const RaterWeightSchema = Type.Object({ kind: RaterKindSchema, weight: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false });

export const NewEvaluationRound = Type.Object(
  {
    title: Title,
    template: Type.Optional(Type.Array(RaterWeightSchema, { minItems: 1, maxItems: RATER_KINDS.length, description: 'raters and weights (sum 100); the default when omitted' })),
    final: Type.Optional(Type.Boolean({ description: "the project's final round: closing it closes the project (under the rules of POST /linkage/projects/{id}/close)" })),
  },
  { additionalProperties: false },
);
export type NewEvaluationRound = Static<typeof NewEvaluationRound>;

export const EvaluationResponseInput = Type.Object(
  {
    raterKind: RaterKindSchema,
    rating: Type.Optional(Type.Integer({ description: 'residents: 1–5' })),
    score: Type.Optional(Type.Number({ description: 'committee, funder, evaluator: 0–100' })),
    personId: Type.Optional(Id),
    comment: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false, description: 'a resident answers for themselves; a worker may record a participant’s paper form naming personId' },
);
export type EvaluationResponseInput = Static<typeof EvaluationResponseInput>;

export const RoundClose = Type.Object({ version: Version }, { additionalProperties: false });

export const EvaluationRound = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  projectTitle: Type.String(),
  areaCode: Type.String(),
  title: Type.String(),
  status: RoundStatusSchema,
  template: Type.Array(Type.Object({ kind: RaterKindSchema, weight: Type.Integer() })),
  raters: Type.Array(Type.Object({ kind: RaterKindSchema, weight: Type.Integer(), responses: Type.Integer(), mean: Nullable(Type.Number()) })),
  missing: Type.Array(RaterKindSchema),
  participants: Type.Integer({ description: 'distinct residents who attended the project: who may answer as residents' }),
  finalScore: Nullable(Type.Number()),
  grade: Nullable(GradeSchema),
  creditRecorded: Type.Boolean(),
  respondedAs: Type.Array(RaterKindSchema, { description: 'the kinds the caller has answered as in this round' }),
  final: Type.Boolean({ description: "the project's final round: closing it closed the project" }),
  openedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  version: Type.Integer(),
});
export type EvaluationRound = Static<typeof EvaluationRound>;

export const EvaluationQueueEntry = Type.Object({
  roundId: Type.String(),
  roundTitle: Type.String(),
  projectId: Type.String(),
  projectTitle: Type.String(),
  areaCode: Type.String(),
  raterKind: RaterKindSchema,
  openedAt: Timestamp,
});
export const EvaluationQueue = Type.Object({ items: Type.Array(EvaluationQueueEntry) });
export type EvaluationQueue = Static<typeof EvaluationQueue>;

/** The project's participants as a worker recording paper forms sees them: masked name, and whether they have answered the round. */
export const RoundParticipant = Type.Object({ personId: Type.String(), name: Type.String({ description: 'masked (张*)' }), answered: Type.Boolean() });
export const RoundParticipants = Type.Object({ items: Type.Array(RoundParticipant) });
export type RoundParticipants = Static<typeof RoundParticipants>;

// ---- a project's delivery, and its chain ----

/** Starting delivery by hand (recording the first activity starts it too). */
export const ProjectStart = Type.Object({ note: Type.Optional(Nullable(Text)) }, { additionalProperties: false });
export type ProjectStart = Static<typeof ProjectStart>;

/**
 * Closing a project by hand: a reason, and milestones to waive on the way (each with its reason).
 * Refused (409 naming the rule) while a complaint is open, a milestone is neither met nor waived
 * with a reason, or an evaluation round is open.
 */
export const ProjectClose = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: L.textMaxLength }),
    waive: Type.Optional(Type.Array(Type.Object({ milestoneId: Id, reason: Type.String({ minLength: 1, maxLength: L.textMaxLength }) }, { additionalProperties: false }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type ProjectClose = Static<typeof ProjectClose>;

export const Delivery = Type.Object({
  projectId: Type.String(),
  areaCode: Type.String(),
  title: Type.String(),
  status: Type.String(),
  organization: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  communities: Type.Array(Type.String()),
  progressPercent: Type.Number(),
  reached: Type.Object({
    persons: Type.Integer({ description: 'distinct residents who attended at least one activity' }),
    leftBehindChildren: Type.Integer({ description: 'of whom confirmed left-behind children when recorded' }),
  }),
  activities: Type.Integer(),
  volunteerMinutes: Type.Integer(),
  milestones: Type.Array(Milestone),
  results: Type.Array(Result),
  spending: Spending,
  rounds: Type.Array(EvaluationRound),
  mayRecord: Type.Boolean({ description: 'whether the caller may record this project’s delivery (an organization member: only when their organization holds the contract)' }),
});
export type Delivery = Static<typeof Delivery>;

export const ChainStep = Type.Object({
  stage: Type.Enum(['need', 'project', 'call', 'award', 'complaint', 'contract', 'activity', 'milestone', 'evaluation'] as const),
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  at: Nullable(Type.String()),
  detail: Nullable(Type.String()),
});
export type ChainStep = Static<typeof ChainStep>;

/** One project from the needs it answers to the residents' verdict, in the order things happened. */
export const Chain = Type.Object({
  projectId: Type.String(),
  title: Type.String(),
  areaCode: Type.String(),
  ocid: Type.String(),
  steps: Type.Array(ChainStep),
  progressPercent: Type.Number(),
  reached: Delivery.properties.reached,
  finalScore: Nullable(Type.Number()),
  grade: Nullable(GradeSchema),
});
export type Chain = Static<typeof Chain>;
