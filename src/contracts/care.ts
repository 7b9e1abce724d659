/**
 * Care cases for the left-behind and the vulnerable (关爱服务): the vocabularies and the API shapes
 * the routes validate with and the web reads as `Static<>` types (type-only imports).
 * Referrals, case plans and the family page live in care-referrals*.ts and family*.ts.
 */
import { Type, type Static, type TSchema } from 'typebox';

export const CARE_LIMITS = {
  summaryMaxLength: 500,
  reasonMaxLength: 500,
  commentMaxLength: 500,
  noteMaxLength: 2000,
  findingNoteMaxLength: 500,
  actionsMaxLength: 1000,
  nextStepsMaxLength: 1000,
  photosMax: 9,
  nameMaxLength: 40,
  relationMaxLength: 24,
  workPlaceMaxLength: 100,
  teamMax: 10,
  carersMax: 6,
  awayMembersMax: 10,
  /** A visit is recorded within this many days after it happened. */
  visitDaysBackMax: 92,
  /** Rows of one list page. */
  pageMax: 200,
} as const;

/** The groups a person in care belongs to: the three left-behind groups and the plan's other groups. */
export const CARE_GROUPS = ['leftBehindChild', 'leftBehindWoman', 'leftBehindElderly', 'elderlyAlone', 'disabled', 'hardship', 'childInDifficulty'] as const;
export type CareGroup = (typeof CARE_GROUPS)[number];
/** Groups whose cases open from a confirmed left-behind flag (residents module) — never by hand. */
export const LEFT_BEHIND_GROUPS = ['leftBehindChild', 'leftBehindWoman', 'leftBehindElderly'] as const;

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const TEAM_ROLES = ['socialWorker', 'agent', 'childrenDirector', 'childrenSupervisor', 'other'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const CARER_KINDS = ['guardian', 'entrustedCarer'] as const;
export type CarerKind = (typeof CARER_KINDS)[number];
export const APPROVAL_KINDS = ['riskChange', 'close'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const VISIT_MODES = ['home', 'phone', 'video'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];
export const VISIT_FREQUENCIES = ['week', 'fortnight', 'month', 'quarter', 'halfYear'] as const;
export type VisitFrequency = (typeof VISIT_FREQUENCIES)[number];
/** The six factors of a risk assessment, rated 0 (no concern), 1 (some concern), 2 (serious). */
export const RISK_FACTORS = ['safety', 'health', 'schooling', 'livingConditions', 'mood', 'carerCapacity'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];
/** Where a visit stands: scheduled, due (in the window before the due day), overdue, escalated. */
export const VISIT_STAGES = ['scheduled', 'due', 'overdue', 'escalated'] as const;
export type VisitStage = (typeof VISIT_STAGES)[number];
/** The default visit policy (configurable per area): high weekly, medium monthly, low quarterly. */
export const DEFAULT_VISIT_POLICY = { high: 'week', medium: 'month', low: 'quarter', escalateAfterDays: 7 } as const satisfies {
  high: VisitFrequency;
  medium: VisitFrequency;
  low: VisitFrequency;
  escalateAfterDays: number;
};

const Id = Type.String({ minLength: 1, maxLength: 36 });
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Rating = Type.Integer({ minimum: 0, maximum: 2, description: '0 no concern, 1 some concern, 2 serious concern' });

export const CaseIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const TeamMember = Type.Object({
  userId: Type.String(),
  displayName: Nullable(Type.String()),
  role: Type.Enum(TEAM_ROLES),
});
export type TeamMember = Static<typeof TeamMember>;

export const Carer = Type.Object({
  id: Type.String(),
  kind: Type.Enum(CARER_KINDS),
  personId: Nullable(Type.String()),
  name: Type.String(),
  relation: Type.String(),
  /** Masked (138****0000) unless the reader's role needs the full number. */
  phone: Nullable(Type.String()),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
});
export type Carer = Static<typeof Carer>;

export const AwayMember = Type.Object({
  id: Type.String(),
  personId: Nullable(Type.String()),
  name: Type.String(),
  relation: Type.String(),
  workPlace: Nullable(Type.String()),
  employer: Nullable(Type.String()),
  awaySince: Nullable(Type.String()),
  returnedOn: Nullable(Type.String()),
});
export type AwayMember = Static<typeof AwayMember>;

export const RiskFactors = Type.Object(
  {
    safety: Rating,
    health: Rating,
    /** Null when schooling does not apply (adults). */
    schooling: Nullable(Rating),
    livingConditions: Rating,
    mood: Rating,
    carerCapacity: Rating,
  },
  { additionalProperties: false },
);
export type RiskFactors = Static<typeof RiskFactors>;

export const Assessment = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  assessedOn: Type.String(),
  factors: RiskFactors,
  computedLevel: Type.Enum(RISK_LEVELS),
  proposedLevel: Type.Enum(RISK_LEVELS),
  nextDueOn: Type.String(),
  notes: Nullable(Type.String()),
  approvalId: Nullable(Type.String()),
  createdAt: Type.String(),
  createdByName: Nullable(Type.String()),
});
export type Assessment = Static<typeof Assessment>;

export const Approval = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  areaCode: Type.String(),
  kind: Type.Enum(APPROVAL_KINDS),
  status: Type.Enum(APPROVAL_STATUSES),
  fromLevel: Nullable(Type.Enum(RISK_LEVELS)),
  toLevel: Nullable(Type.Enum(RISK_LEVELS)),
  assessmentId: Nullable(Type.String()),
  reason: Type.String(),
  requestedAt: Type.String(),
  requestedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  version: Type.Integer(),
  /** The person in care's name, for a supervisor's queue. */
  personName: Nullable(Type.String()),
});
export type Approval = Static<typeof Approval>;

export const Finding = Type.Object(
  {
    rating: Rating,
    note: Type.Optional(Type.String({ maxLength: CARE_LIMITS.findingNoteMaxLength })),
  },
  { additionalProperties: false },
);
export type Finding = Static<typeof Finding>;
/** Findings per factor: only the factors looked at. */
export const Findings = Type.Object(
  {
    safety: Type.Optional(Finding),
    health: Type.Optional(Finding),
    schooling: Type.Optional(Finding),
    livingConditions: Type.Optional(Finding),
    mood: Type.Optional(Finding),
    carerCapacity: Type.Optional(Finding),
  },
  { additionalProperties: false },
);
export type Findings = Static<typeof Findings>;

export const Visit = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  visitedOn: Type.String(),
  mode: Type.Enum(VISIT_MODES),
  findings: Findings,
  actions: Nullable(Type.String()),
  nextSteps: Nullable(Type.String()),
  photos: Type.Array(Type.String()),
  dueOn: Nullable(Type.String()),
  onTime: Type.Boolean(),
  recordedAt: Type.String(),
  recordedByName: Nullable(Type.String()),
});
export type Visit = Static<typeof Visit>;

export const CaseNote = Type.Object({
  id: Type.String(),
  body: Type.String(),
  authorName: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type CaseNote = Static<typeof CaseNote>;

export const CaseEvent = Type.Object({
  id: Type.String(),
  at: Type.String(),
  username: Nullable(Type.String()),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type CaseEvent = Static<typeof CaseEvent>;

/** One row of a list (the worker's day, a caseload): no notes, no carers' phones. */
export const CaseSummary = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  personId: Type.String(),
  personName: Type.String(),
  /** Age in whole years today. */
  age: Nullable(Type.Integer()),
  group: Type.Enum(CARE_GROUPS),
  status: Type.Enum(CASE_STATUSES),
  riskLevel: Type.Enum(RISK_LEVELS),
  ownerId: Type.String(),
  ownerName: Nullable(Type.String()),
  lastVisitOn: Nullable(Type.String()),
  visitDueOn: Nullable(Type.String()),
  visitStage: Type.Enum(VISIT_STAGES),
  nextAssessmentOn: Nullable(Type.String()),
  /** An approval is waiting (risk change or closing). */
  pendingApproval: Type.Boolean(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
});
export type CaseSummary = Static<typeof CaseSummary>;

/** A case as the case page reads it. Notes are present only for the case team and supervisors. */
export const CareCase = Type.Object({
  ...CaseSummary.properties,
  householdId: Nullable(Type.String()),
  flagId: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  openedOn: Type.String(),
  closedOn: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
  groupEndsOn: Nullable(Type.String()),
  groupEndedOn: Nullable(Type.String()),
  version: Type.Integer(),
  team: Type.Array(TeamMember),
  carers: Type.Array(Carer),
  awayMembers: Type.Array(AwayMember),
  assessments: Type.Array(Assessment),
  visits: Type.Array(Visit),
  approvals: Type.Array(Approval),
  events: Type.Array(CaseEvent),
  /** Null when the reader may not read notes (outside the case team and supervisors). */
  notes: Nullable(Type.Array(CaseNote)),
  /** What the reader may do here, so the web shows only the buttons that work. */
  can: Type.Object({
    visit: Type.Boolean(),
    assess: Type.Boolean(),
    decide: Type.Boolean(),
    close: Type.Boolean(),
    readNotes: Type.Boolean(),
  }),
});
export type CareCase = Static<typeof CareCase>;

export const VisitPolicy = Type.Object({
  areaCode: Type.String({ description: 'the area the policy was set for (the longest prefix of the asked area)' }),
  high: Type.Enum(VISIT_FREQUENCIES),
  medium: Type.Enum(VISIT_FREQUENCIES),
  low: Type.Enum(VISIT_FREQUENCIES),
  escalateAfterDays: Type.Integer({ minimum: 0, maximum: 90 }),
  /** True when no policy was set at or above the area: the defaults apply. */
  isDefault: Type.Boolean(),
  version: Type.Integer(),
});
export type VisitPolicy = Static<typeof VisitPolicy>;

export { DateString as CareDate };

// ---- requests (inputs) and pages ----

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const LimitCursor = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CARE_LIMITS.pageMax, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const NewCarer = Type.Object(
  {
    kind: Type.Enum(CARER_KINDS),
    personId: Type.Optional(Id),
    name: Text(CARE_LIMITS.nameMaxLength),
    relation: Text(CARE_LIMITS.relationMaxLength),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  },
  { additionalProperties: false },
);
export type NewCarer = Static<typeof NewCarer>;

export const NewTeamMember = Type.Object({ userId: Id, role: Type.Enum(TEAM_ROLES) }, { additionalProperties: false });
export type NewTeamMember = Static<typeof NewTeamMember>;

/**
 * Open a case: from a confirmed left-behind flag (`flagId`; the group is the flag's kind), or for
 * a registry person in another group (`personId` + `group`). The owner is the caller unless named.
 * Household members away (外出) are copied from the registry with where they are.
 */
export const NewCase = Type.Object(
  {
    flagId: Type.Optional(Id),
    personId: Type.Optional(Id),
    group: Type.Optional(Type.Enum(CARE_GROUPS)),
    ownerId: Type.Optional(Id),
    riskLevel: Type.Optional(Type.Enum(RISK_LEVELS, { default: 'medium' })),
    summary: Type.Optional(Type.String({ maxLength: CARE_LIMITS.summaryMaxLength })),
    team: Type.Optional(Type.Array(NewTeamMember, { maxItems: CARE_LIMITS.teamMax })),
    carers: Type.Optional(Type.Array(NewCarer, { maxItems: CARE_LIMITS.carersMax })),
  },
  { additionalProperties: false },
);
export type NewCase = Static<typeof NewCase>;

/** Change a case: owner and summary. A riskLevel different from the case's is refused (409): it needs an approval. */
export const CaseUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    ownerId: Type.Optional(Id),
    summary: Type.Optional(Type.String({ maxLength: CARE_LIMITS.summaryMaxLength })),
    riskLevel: Type.Optional(Type.Enum(RISK_LEVELS)),
  },
  { additionalProperties: false },
);
export type CaseUpdate = Static<typeof CaseUpdate>;

/**
 * Replace a case's team (the collaborators beside the owner). Access that came from being on the
 * team (an agent's) ends with the membership.
 */
export const TeamUpdate = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    team: Type.Array(NewTeamMember, { maxItems: CARE_LIMITS.teamMax }),
  },
  { additionalProperties: false },
);
export type TeamUpdate = Static<typeof TeamUpdate>;

/**
 * Someone who can join a case's team: an active staff account (worker, social worker, agent,
 * official, admin) whose scope holds the case's community, the owner left out; the narrowest scopes first.
 */
export const TeamCandidate = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  username: Type.String(),
  role: Type.String(),
  scopeCode: Type.String(),
});
export type TeamCandidate = Static<typeof TeamCandidate>;
export const TeamCandidates = Type.Object({ items: Type.Array(TeamCandidate) });
export type TeamCandidates = Static<typeof TeamCandidates>;

/** A risk assessment. A proposed level other than the case's opens a risk-change approval (with `reason`). */
export const NewAssessment = Type.Object(
  {
    assessedOn: DateString,
    factors: RiskFactors,
    proposedLevel: Type.Optional(Type.Enum(RISK_LEVELS)),
    nextDueOn: Type.Optional(DateString),
    notes: Type.Optional(Type.String({ maxLength: CARE_LIMITS.noteMaxLength })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: CARE_LIMITS.reasonMaxLength })),
  },
  { additionalProperties: false },
);
export type NewAssessment = Static<typeof NewAssessment>;

export const AssessmentResult = Type.Object({ assessment: Assessment, approval: Nullable(Approval) });
export type AssessmentResult = Static<typeof AssessmentResult>;

/** Ask a supervisor: a risk change (toLevel) or closing the case. */
export const NewApproval = Type.Object(
  {
    kind: Type.Enum(APPROVAL_KINDS),
    toLevel: Type.Optional(Type.Enum(RISK_LEVELS)),
    reason: Text(CARE_LIMITS.reasonMaxLength),
  },
  { additionalProperties: false },
);
export type NewApproval = Static<typeof NewApproval>;

export const ApprovalDecision = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    comment: Type.Optional(Type.String({ maxLength: CARE_LIMITS.commentMaxLength })),
  },
  { additionalProperties: false },
);
export type ApprovalDecision = Static<typeof ApprovalDecision>;

export const ApprovalQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(APPROVAL_STATUSES, { default: 'requested' })),
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    ...LimitCursor,
  },
  { additionalProperties: false },
);
export type ApprovalQuery = Static<typeof ApprovalQuery>;
export const ApprovalPage = Type.Object({ items: Type.Array(Approval), total: Type.Integer({ minimum: 0 }), nextCursor: Nullable(Type.String()) });
export type ApprovalPage = Static<typeof ApprovalPage>;

export const NewVisit = Type.Object(
  {
    visitedOn: DateString,
    mode: Type.Enum(VISIT_MODES),
    findings: Findings,
    actions: Type.Optional(Type.String({ maxLength: CARE_LIMITS.actionsMaxLength })),
    nextSteps: Type.Optional(Type.String({ maxLength: CARE_LIMITS.nextStepsMaxLength })),
    photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of a stored photo' }), { maxItems: CARE_LIMITS.photosMax })),
  },
  { additionalProperties: false },
);
export type NewVisit = Static<typeof NewVisit>;

export const NewNote = Type.Object({ body: Text(CARE_LIMITS.noteMaxLength) }, { additionalProperties: false });
export type NewNote = Static<typeof NewNote>;

export const CaseListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    status: Type.Optional(Type.Enum(CASE_STATUSES)),
    group: Type.Optional(Type.Enum(CARE_GROUPS)),
    risk: Type.Optional(Type.Enum(RISK_LEVELS)),
    /** Only cases whose visit is at this stage or later (due: due, overdue and escalated). */
    stage: Type.Optional(Type.Enum(VISIT_STAGES)),
    /** `me`: cases I own or am on the team of. */
    mine: Type.Optional(Type.Boolean()),
    ...LimitCursor,
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;
export const CasePage = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer({ minimum: 0 }), nextCursor: Nullable(Type.String()) });
export type CasePage = Static<typeof CasePage>;

/** The worker's day: open cases in my villages whose visit is due, overdue or escalated, the most late first. */
export const DayQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CARE_LIMITS.pageMax, default: 100 })),
  },
  { additionalProperties: false },
);
export type DayQuery = Static<typeof DayQuery>;
export const WorkerDay = Type.Object({
  today: Type.String(),
  overdue: Type.Integer({ minimum: 0 }),
  due: Type.Integer({ minimum: 0 }),
  items: Type.Array(CaseSummary),
});
export type WorkerDay = Static<typeof WorkerDay>;

export const VisitPolicyInput = Type.Object(
  {
    high: Type.Enum(VISIT_FREQUENCIES),
    medium: Type.Enum(VISIT_FREQUENCIES),
    low: Type.Enum(VISIT_FREQUENCIES),
    escalateAfterDays: Type.Integer({ minimum: 0, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type VisitPolicyInput = Static<typeof VisitPolicyInput>;
export const VisitPolicyQuery = Type.Object({ area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })) }, { additionalProperties: false });
export const AreaParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,12}$' }) }, { additionalProperties: false });

export const SweepResult = Type.Object({
  today: Type.String(),
  checked: Type.Integer(),
  due: Type.Integer(),
  overdue: Type.Integer(),
  escalated: Type.Integer(),
  groupsEnded: Type.Integer(),
  returnsRecorded: Type.Integer(),
  flagsRechecked: Type.Integer(),
});
export type SweepResult = Static<typeof SweepResult>;

// ---- the figures beside left_behind_visited ----

export const FiguresQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    /** A year (2026) or a quarter (2026Q3), as the indicators; default the current year. */
    period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(Q[1-4])?$' })),
  },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

/** Counts on the period's as-of day (its last day, or today while it is open). */
export const CareFigureCounts = Type.Object({
  /** Cases open on the as-of day. */
  inCare: Type.Integer({ minimum: 0 }),
  /** Of those, cases whose planned visit is past its due day (the area's policy, the case's risk level). */
  overdue: Type.Integer({ minimum: 0 }),
  /** Of the overdue, those past the escalation days (the supervisors were told). */
  escalated: Type.Integer({ minimum: 0 }),
  /** Cases at high risk. */
  highRisk: Type.Integer({ minimum: 0 }),
  /** Of those, cases with no current case plan (none, or its review day has passed). */
  highRiskWithoutPlan: Type.Integer({ minimum: 0 }),
});
export type CareFigureCounts = Static<typeof CareFigureCounts>;

/** All, and urban and rural apart (a community of unknown kind counts in `all` only). */
export const CareFigureSplit = Type.Object({ all: CareFigureCounts, urban: CareFigureCounts, rural: CareFigureCounts });
export type CareFigureSplit = Static<typeof CareFigureSplit>;

export const CareFiguresOfArea = Type.Object({ code: Type.String(), name: Type.String(), figures: CareFigureSplit });
export type CareFiguresOfArea = Static<typeof CareFiguresOfArea>;

/** The companion figures of `left_behind_visited` for an area and each of its children. */
export const CareFigures = Type.Object({
  period: Type.String(),
  asOf: Type.String(),
  area: CareFiguresOfArea,
  children: Type.Array(CareFiguresOfArea),
});
export type CareFigures = Static<typeof CareFigures>;
