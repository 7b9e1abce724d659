/**
 * API shapes of the tri-party linkage, procurement half (needs, projects, calls, bids, scores,
 * complaints, contracts): the server's routes validate with them, the web reads them as `Static<>`
 * types. Money is in cents (integers), so budget lines sum exactly.
 */
import { Type, type Static } from 'typebox';
import {
  BID_STATUSES,
  CALL_MODES,
  CALL_STATUSES,
  COMPLAINT_STATES,
  DECLARATIONS,
  FUNDING_SOURCES,
  INDICATOR_KINDS,
  LINKAGE_LIMITS as L,
  NEED_CATEGORIES,
  NEED_CHANNELS,
  NEED_DECISIONS,
  NEED_EVIDENCE_KINDS,
  NEED_STATUSES,
  PROJECT_STATUSES,
  SUPPORT_CHANNELS,
  TARGET_KINDS,
} from './linkage.ts';
import { ORGANIZATION_STATUSES, RATING_GRADES } from './organizations.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Timestamp = Type.String({ description: 'ISO-8601 instant' });
const Title = Type.String({ minLength: 1, maxLength: L.titleMaxLength });
const Text = Type.String({ maxLength: L.textMaxLength });
const RequiredText = Type.String({ minLength: 1, maxLength: L.textMaxLength });
const Cents = Type.Integer({ minimum: 0, maximum: L.moneyMaxCents, description: 'amount in cents (分)' });
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit community code' });
const AreaCode = Type.String({ pattern: '^[0-9]{2,12}$' });
const Id = Type.String({ minLength: 1, maxLength: 36 });

export const NeedCategorySchema = Type.Enum(NEED_CATEGORIES);
export const NeedStatusSchema = Type.Enum(NEED_STATUSES);
export const NeedDecisionSchema = Type.Enum(NEED_DECISIONS);
export const FundingSourceSchema = Type.Enum(FUNDING_SOURCES, { description: '政府购买服务 / 福彩公益金 / 慈善 / 村集体' });
export const ProjectStatusSchema = Type.Enum(PROJECT_STATUSES);
export const CallModeSchema = Type.Enum(CALL_MODES);
export const CallStatusSchema = Type.Enum(CALL_STATUSES);
export const BidStatusSchema = Type.Enum(BID_STATUSES);
export const ComplaintStateSchema = Type.Enum(COMPLAINT_STATES);
const Ref = Type.Object({ id: Type.String(), name: Type.String() });
const AreaRef = Type.Object({ code: Type.String(), name: Nullable(Type.String()) });

// ---- needs ----

export const Need = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  category: NeedCategorySchema,
  title: Type.String(),
  description: Type.String(),
  photo: Nullable(Type.String()),
  channel: Type.Enum(NEED_CHANNELS),
  evidenceKind: Nullable(Type.Enum(NEED_EVIDENCE_KINDS)),
  evidence: Nullable(Type.String({ description: 'staff only; null for residents' })),
  status: NeedStatusSchema,
  mergedIntoId: Nullable(Type.String()),
  supports: Type.Integer({ minimum: 0 }),
  threshold: Type.Integer({ minimum: 1, description: "the community's support threshold" }),
  supportedByMe: Type.Boolean(),
  followedByMe: Type.Boolean(),
  mine: Type.Boolean({ description: 'raised by the reader' }),
  publicAnswer: Nullable(Type.Object({ decision: NeedDecisionSchema, text: Type.String(), publishedAt: Timestamp })),
  projectIds: Type.Array(Type.String()),
  createdAt: Timestamp,
  version: Type.Integer(),
});
export type Need = Static<typeof Need>;

export const NeedAnswer = Type.Object({
  id: Type.String(),
  decision: NeedDecisionSchema,
  reason: Nullable(Type.String()),
  internalNote: Nullable(Type.String()),
  publicText: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
  at: Timestamp,
  username: Nullable(Type.String()),
});
export const NeedSupport = Type.Object({
  channel: Type.Enum(SUPPORT_CHANNELS),
  name: Type.String({ description: 'masked (张*)' }),
  at: Timestamp,
});
export const NeedDetail = Type.Intersect([
  Need,
  Type.Object({
    answers: Type.Array(NeedAnswer, { description: 'staff only: internal answers; residents see publicAnswer' }),
    supportList: Type.Array(NeedSupport, { description: 'staff only' }),
  }),
]);
export type NeedDetail = Static<typeof NeedDetail>;

export const NewNeed = Type.Object(
  {
    areaCode: Type.Optional(CommunityCode),
    category: NeedCategorySchema,
    title: Title,
    description: RequiredText,
    photo: Type.Optional(Type.String({ maxLength: L.photoMaxLength, description: 'data URL of a small image' })),
    evidenceKind: Type.Optional(Type.Enum(NEED_EVIDENCE_KINDS)),
    evidence: Type.Optional(Text),
    onBehalfOfPersonId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type NewNeed = Static<typeof NewNeed>;

export const NewSupport = Type.Object(
  { personId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'worker: the in-person supporter, identified in the registry' })) },
  { additionalProperties: false },
);
export const NewNeedAnswer = Type.Object(
  {
    decision: NeedDecisionSchema,
    reason: Type.Optional(Text),
    internalNote: Type.Optional(Text),
    publicText: Type.Optional(Text),
    publish: Type.Optional(Type.Boolean({ description: 'publish the public text now' })),
  },
  { additionalProperties: false },
);
export const NeedMerge = Type.Object({ intoId: Id }, { additionalProperties: false });
export const SupportThreshold = Type.Object({ threshold: Type.Integer({ minimum: 1, maximum: 10_000 }) }, { additionalProperties: false });

// ---- projects ----

export const BudgetLine = Type.Object({ title: Title, amountCents: Cents });
export const ProjectIndicator = Type.Object({ kind: Type.Enum(INDICATOR_KINDS), name: Title, unit: Type.String({ minLength: 1, maxLength: 16 }), target: Type.Number({ minimum: 0 }) });
export const ProjectPhase = Type.Object({ title: Title, startsOn: DateString, endsOn: DateString });
export const BidderRequirements = Type.Object({
  statuses: Type.Array(Type.Enum(ORGANIZATION_STATUSES), { minItems: 1, uniqueItems: true }),
  minimumGrade: Nullable(Type.Enum(RATING_GRADES)),
  socialWorkers: Type.Integer({ minimum: 0, maximum: 100, description: 'at least N certified (verified) social workers on the team' }),
});

export const ProjectInput = Type.Object(
  {
    areaCode: AreaCode,
    title: Title,
    summary: Type.Optional(Text),
    objectives: RequiredText,
    targetGroup: RequiredText,
    targetKind: Type.Optional(Nullable(Type.Enum(TARGET_KINDS))),
    communities: Type.Array(CommunityCode, { minItems: 1, maxItems: L.communitiesPerProjectMax, uniqueItems: true }),
    needIds: Type.Array(Id, { minItems: 1, maxItems: L.needsPerProjectMax, uniqueItems: true }),
    fundingSource: FundingSourceSchema,
    budgetCents: Cents,
    budgetLines: Type.Array(BudgetLine, { minItems: 1, maxItems: L.budgetLinesMax }),
    indicators: Type.Array(ProjectIndicator, { maxItems: L.indicatorsMax }),
    requirements: BidderRequirements,
    phases: Type.Array(ProjectPhase, { maxItems: L.phasesMax }),
  },
  { additionalProperties: false },
);
export type ProjectInput = Static<typeof ProjectInput>;

/** A draft's design replaced whole, with the version it was read at (a stale version is a 409). */
export const ProjectUpdate = Type.Object({ ...ProjectInput.properties, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ProjectUpdate = Static<typeof ProjectUpdate>;

/** A project as every reader sees it: its needs by link, its design, its call and contract. */
export const Project = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  title: Type.String(),
  summary: Nullable(Type.String()),
  objectives: Type.String(),
  targetGroup: Type.String(),
  targetKind: Nullable(Type.Enum(TARGET_KINDS)),
  targetCount: Type.Integer({ minimum: 0, description: 'counted from the registry in the communities at design time' }),
  communities: Type.Array(AreaRef),
  needs: Type.Array(Type.Object({ id: Type.String(), areaCode: Type.String(), title: Type.String(), supports: Type.Integer(), status: NeedStatusSchema })),
  fundingSource: FundingSourceSchema,
  budgetCents: Type.Integer(),
  budgetLines: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), amountCents: Type.Integer() })),
  indicators: Type.Array(Type.Object({ id: Type.String(), kind: Type.Enum(INDICATOR_KINDS), name: Type.String(), unit: Type.String(), target: Type.Number() })),
  requirements: BidderRequirements,
  phases: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), startsOn: Type.String(), endsOn: Type.String() })),
  status: ProjectStatusSchema,
  callId: Nullable(Type.String()),
  contractId: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Project = Static<typeof Project>;

export const ProjectSummary = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  title: Type.String(),
  status: ProjectStatusSchema,
  fundingSource: FundingSourceSchema,
  budgetCents: Type.Integer(),
  needCount: Type.Integer(),
  callId: Nullable(Type.String()),
  callStatus: Nullable(CallStatusSchema),
  updatedAt: Timestamp,
});
export type ProjectSummary = Static<typeof ProjectSummary>;

// ---- contracts ----

export const PaymentMilestone = Type.Object({ title: Title, dueOn: DateString, amountCents: Type.Integer({ minimum: 1, maximum: L.moneyMaxCents }) });

export const ContractInput = Type.Object(
  {
    amountCents: Type.Integer({ minimum: 1, maximum: L.moneyMaxCents }),
    signedOn: DateString,
    startsOn: DateString,
    endsOn: DateString,
    milestones: Type.Array(PaymentMilestone, { minItems: 1, maxItems: L.milestonesMax }),
  },
  { additionalProperties: false },
);
export type ContractInput = Static<typeof ContractInput>;

/** The contract of an awarded call: who carries the project, for how much, paid when. */
export const Contract = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  projectId: Type.String(),
  projectTitle: Type.String(),
  callId: Type.String(),
  bidId: Type.String(),
  organization: Ref,
  amountCents: Type.Integer(),
  signedOn: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  milestones: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), dueOn: Type.String(), amountCents: Type.Integer(), paidOn: Nullable(Type.String()) })),
  team: Type.Array(Type.Object({ workerId: Type.String(), name: Type.String(), certified: Type.Boolean() })),
  createdAt: Timestamp,
});
export type Contract = Static<typeof Contract>;

// ---- calls ----

export const CriterionInput = Type.Object({ name: Title, weight: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'percent; the weights sum to 100' }) });

export const CallInput = Type.Object(
  {
    mode: CallModeSchema,
    invitedOrganizationIds: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true })),
    questionsUntil: Timestamp,
    submissionDeadline: Timestamp,
    evaluationUntil: Timestamp,
    noticeUntil: Timestamp,
    contractBy: Timestamp,
    scoreMax: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    dropExtremes: Type.Boolean({ description: "drop each bid's highest and lowest score (per criterion) when three or more evaluators scored" }),
    criteria: Type.Array(CriterionInput, { minItems: 1, maxItems: L.criteriaMax }),
    panelUserIds: Type.Array(Id, { minItems: 1, maxItems: L.panelMax, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CallInput = Static<typeof CallInput>;

export const Enquiry = Type.Object({ id: Type.String(), question: Type.String(), askedAt: Timestamp, answer: Nullable(Type.String()), answeredAt: Nullable(Timestamp) });
export const Complaint = Type.Object({
  id: Type.String(),
  callId: Type.String(),
  organization: Nullable(Ref),
  subject: Type.String(),
  body: Type.String(),
  state: ComplaintStateSchema,
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
  decision: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  mine: Type.Boolean(),
  createdAt: Timestamp,
  version: Type.Integer(),
});
export type Complaint = Static<typeof Complaint>;

export const PanelMember = Type.Object({ userId: Type.String(), name: Type.String(), declaration: Type.Enum(DECLARATIONS), declaredAt: Nullable(Timestamp), scored: Type.Integer({ description: 'bids fully scored' }) });

export const BidSummary = Type.Object({
  id: Type.String(),
  organization: Ref,
  proposalTitle: Type.String(),
  budgetCents: Type.Integer(),
  volunteersPlanned: Type.Integer(),
  teamSize: Type.Integer(),
  certifiedSocialWorkers: Type.Integer(),
  status: BidStatusSchema,
  score: Nullable(Type.Number({ description: 'null until the evaluation closes' })),
  rank: Nullable(Type.Integer()),
  submittedAt: Timestamp,
});
export type BidSummary = Static<typeof BidSummary>;

export const Call = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  projectId: Type.String(),
  projectTitle: Type.String(),
  mode: CallModeSchema,
  status: CallStatusSchema,
  questionsUntil: Timestamp,
  submissionDeadline: Timestamp,
  evaluationUntil: Timestamp,
  noticeUntil: Timestamp,
  contractBy: Timestamp,
  scoreMax: Type.Number(),
  dropExtremes: Type.Boolean(),
  criteria: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), weight: Type.Number() })),
  invited: Type.Array(Ref),
  invitedMe: Nullable(Type.Boolean({ description: "an organization member reading a call by invitation: whether their organization is invited; null otherwise" })),
  panel: Type.Array(PanelMember, { description: 'staff and panel members only; empty for others' }),
  enquiries: Type.Array(Enquiry),
  bids: Type.Array(BidSummary, { description: 'staff see all; an organization member sees their own until the notice' }),
  complaints: Type.Array(Complaint),
  awardedBidId: Nullable(Type.String()),
  contractId: Nullable(Type.String()),
  budgetCents: Type.Integer(),
  requirements: BidderRequirements,
  myBidId: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Call = Static<typeof Call>;

export const CallSummary = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  projectId: Type.String(),
  projectTitle: Type.String(),
  mode: CallModeSchema,
  status: CallStatusSchema,
  submissionDeadline: Timestamp,
  budgetCents: Type.Integer(),
  bidCount: Type.Integer(),
  myBidId: Nullable(Type.String()),
});
export type CallSummary = Static<typeof CallSummary>;

/** An organization of the registry that meets a project's bidder requirements today: one a call by invitation may invite. */
export const InvitationCandidate = Type.Object({
  id: Type.String(),
  name: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  status: Type.Enum(ORGANIZATION_STATUSES),
  grade: Nullable(Type.Enum(RATING_GRADES)),
});
export type InvitationCandidate = Static<typeof InvitationCandidate>;

export const CallTransition = Type.Object(
  { to: Type.Enum(['open', 'evaluation', 'notice', 'cancelled'] as const), version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Text) },
  { additionalProperties: false },
);

export const EnquiryInput = Type.Object({ question: RequiredText }, { additionalProperties: false });
export const EnquiryAnswer = Type.Object({ answer: RequiredText }, { additionalProperties: false });

export const BidInput = Type.Object(
  {
    proposalTitle: Title,
    proposal: Type.String({ minLength: 1, maxLength: L.documentMaxLength, description: 'the proposal document (text)' }),
    budgetCents: Cents,
    volunteersPlanned: Type.Integer({ minimum: 0, maximum: 100_000 }),
    team: Type.Array(Type.Object({ workerId: Id, role: Type.Optional(Type.String({ maxLength: 100 })) }), { maxItems: L.teamMax }),
  },
  { additionalProperties: false },
);
export type BidInput = Static<typeof BidInput>;

export const Bid = Type.Intersect([
  BidSummary,
  Type.Object({
    callId: Type.String(),
    proposal: Type.String(),
    team: Type.Array(Type.Object({ workerId: Type.String(), name: Type.String(), role: Nullable(Type.String()), certified: Type.Boolean() })),
    eligibility: Type.Object({ status: Type.String(), grade: Nullable(Type.String()), certifiedSocialWorkers: Type.Integer() }),
  }),
]);
export type Bid = Static<typeof Bid>;

export const Declaration = Type.Object(
  { noConflict: Type.Boolean(), note: Type.Optional(Text) },
  { additionalProperties: false },
);
export const ScoreInput = Type.Object(
  {
    scores: Type.Array(Type.Object({ criterionId: Id, score: Type.Number(), comment: Type.Optional(Type.String({ maxLength: 1000 })) }), { minItems: 1, maxItems: L.criteriaMax }),
  },
  { additionalProperties: false },
);
export type ScoreInput = Static<typeof ScoreInput>;

/** What one evaluator sees of a call: the bids to score and their own scores (others' stay sealed). */
export const ScoringSheet = Type.Object({
  callId: Type.String(),
  projectTitle: Type.String(),
  status: CallStatusSchema,
  scoreMax: Type.Number(),
  declaration: Type.Enum(DECLARATIONS),
  criteria: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), weight: Type.Number() })),
  bids: Type.Array(
    Type.Object({
      id: Type.String(),
      organization: Ref,
      proposalTitle: Type.String(),
      proposal: Type.String(),
      budgetCents: Type.Integer(),
      volunteersPlanned: Type.Integer(),
      team: Type.Array(Type.Object({ name: Type.String(), certified: Type.Boolean() })),
      conflicted: Type.Boolean({ description: 'the evaluator is a member of this organization: cannot score it' }),
      myScores: Type.Array(Type.Object({ criterionId: Type.String(), score: Type.Number(), comment: Nullable(Type.String()) })),
    }),
  ),
});
export type ScoringSheet = Static<typeof ScoringSheet>;

export const EvaluationQueueItem = Type.Object({
  callId: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  projectTitle: Type.String(),
  status: CallStatusSchema,
  evaluationUntil: Timestamp,
  declaration: Type.Enum(DECLARATIONS),
  bids: Type.Integer(),
  scoredBids: Type.Integer(),
});
export type EvaluationQueueItem = Static<typeof EvaluationQueueItem>;

export const AwardInput = Type.Object({ bidId: Id, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ComplaintInput = Type.Object({ subject: Title, body: RequiredText }, { additionalProperties: false });
export const ComplaintTransition = Type.Object(
  { to: Type.Enum(['answered', 'escalated', 'resolved', 'rejected', 'withdrawn'] as const), text: Type.Optional(Text), version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
