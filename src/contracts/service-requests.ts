/**
 * Service requests (办件): the API shapes the server's routes validate with and the web reads as
 * `Static<>` types (type-only imports, so TypeBox stays out of the web bundle).
 *
 * Endpoints (all under /api/v1; actions in src/contracts/policy.ts, block `services: requests`):
 *
 *   POST /service-requests                          file a request (header Idempotency-Key: a retry returns the first answer;
 *                                                   the same key with another body is a 409 idempotency_key_reused)   serviceRequests.file
 *   GET  /service-requests                          requests in your scope (a resident: their own), filtered, newest first   serviceRequests.read
 *   GET  /service-requests/queue                    a unit's open requests, soonest due first (unit = the deciding unit's area code)   serviceRequests.handle
 *   GET  /service-requests/stats                    volume, on-time share, overdue by area, satisfaction over a period   serviceRequests.stats
 *   GET  /service-requests/{id}                     one request: form values, materials, attachments, clocks, timeline, rating   serviceRequests.read
 *   POST /service-requests/{id}/transitions         a handler's step: accept, notAccept, start, requestSupplement, decide,
 *                                                   deliver, close, transfer, markDuplicate (409 naming both statuses)   serviceRequests.handle
 *   POST /service-requests/{id}/assignment          assign to a worker of the unit (or unassign)   serviceRequests.handle
 *   GET  /service-requests/{id}/assignees           who it can be assigned to (handler roles, scope holds it)   serviceRequests.handle
 *   POST /service-requests/{id}/supplement          the applicant's side answers a 补正 (values, materials, note)   serviceRequests.file
 *   POST /service-requests/{id}/withdraw            the applicant's side withdraws an open request   serviceRequests.file
 *   POST /service-requests/{id}/rating              1–5 with a comment after closure (an agent's rating is marked)   serviceRequests.file
 *   POST /service-requests/{id}/reopen              a dissatisfied applicant (rating ≤ 2) reopens once within 7 days   serviceRequests.file
 *   POST /service-requests/{id}/attachments         upload one file as the raw body (?material=<code>&fileName=…); type sniffed
 *                                                   from content; size limit in config   serviceRequests.file
 *   GET  /service-requests/{id}/attachments/{attachmentId}   the file itself (every read audited)   serviceRequests.read
 *
 * Roles: `serviceRequests.file` — residents (their own requests), agents (under a mandate), window
 * workers; `serviceRequests.handle` — the deciding unit's staff; `serviceRequests.read` — staff in scope
 * and the applicant; `serviceRequests.stats` — officials and the indicator readers.
 */
import { Type, type Static, type TSchema } from 'typebox';

// ---- vocabularies ----

export const REQUEST_STATUSES = [
  'submitted',
  'accepted',
  'notAccepted',
  'inProgress',
  'awaitingSupplement',
  'decided',
  'delivered',
  'closed',
  'transferred',
  'withdrawn',
  'duplicate',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which the request is still someone's work (a queue shows these). */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'transferred', 'accepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered'];

/** What a handler does (POST /service-requests/{id}/transitions). */
export const HANDLER_ACTIONS = ['accept', 'notAccept', 'start', 'requestSupplement', 'decide', 'deliver', 'close', 'transfer', 'markDuplicate'] as const;
export type HandlerAction = (typeof HANDLER_ACTIONS)[number];

/** What the applicant's side does (each its own route). */
export const APPLICANT_ACTIONS = ['supplement', 'withdraw', 'reopen'] as const;
export type ApplicantAction = (typeof APPLICANT_ACTIONS)[number];

export type RequestAction = HandlerAction | ApplicantAction;

export const CHANNELS = ['online', 'window', 'agent', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DECISION_LEVELS = ['village', 'township', 'county'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

export const OUTCOMES = ['approved', 'denied'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EVENT_VISIBILITIES = ['public', 'internal'] as const;
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];

/** Timeline event kinds: the actions above, plus what the system and the scheduler write. */
export const EVENT_KINDS = [
  'submitted',
  ...HANDLER_ACTIONS,
  ...APPLICANT_ACTIONS,
  'assigned',
  'attachmentAdded',
  'rated',
  'warning',
  'overdue',
  'escalatedToHead',
  'escalatedToLevelAbove',
  'note',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const CLOCK_STATES = ['running', 'paused', 'stopped', 'notStarted'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** How a clock stands against its limit: within, past the warning share, past the limit. */
export const CLOCK_STANDINGS = ['onTime', 'warning', 'overdue'] as const;
export type ClockStanding = (typeof CLOCK_STANDINGS)[number];

export const REQUEST_LIMITS = {
  noteMaxLength: 2000,
  reasonMaxLength: 1000,
  commentMaxLength: 1000,
  fileNameMaxLength: 200,
  idempotencyKeyMaxLength: 200,
  /** Days after closure within which a dissatisfied applicant may reopen (once). */
  reopenDays: 7,
  /** A rating at or below this is dissatisfied (may reopen). */
  dissatisfiedAtMost: 2,
  /** Default share of a limit after which a clock warns (config may change it). */
  warningShareDefault: 0.8,
  materialsMax: 50,
  attachmentsPerRequestMax: 100,
} as const;

// ---- shared pieces ----

const Id = Type.String({ minLength: 1, maxLength: 36 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const RequestStatusSchema = Type.Enum(REQUEST_STATUSES);
export const ChannelSchema = Type.Enum(CHANNELS, { description: 'online / window (service hall) / agent (全程代办) / phone' });
export const OutcomeSchema = Type.Enum(OUTCOMES);
export const VisibilitySchema = Type.Enum(EVENT_VISIBILITIES, { description: 'public: the applicant sees it; internal: staff only' });
const Timestamp = Type.String({ description: 'ISO 8601 with offset' });
const Note = Type.String({ maxLength: REQUEST_LIMITS.noteMaxLength });

/**
 * A form value, checked against the item's field (text, number, date YYYY-MM-DD, single choice =
 * the option's value, multi choice = the options' values). A bad one is a 400 naming `formValues.<field>`.
 */
export const FormValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })]);
export const FormValues = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), FormValue, {
  description: 'by the item field’s code',
});
export type FormValues = Static<typeof FormValues>;

// ---- create ----

export const MaterialProvided = Type.Object(
  {
    material: Type.String({ minLength: 1, maxLength: 64, description: 'the material’s code in the item' }),
    received: Type.Boolean({ description: 'the original/copy was handed in (window or agent); online: false, attachments count instead' }),
  },
  { additionalProperties: false },
);

export const NewServiceRequest = Type.Object(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 64, description: 'the catalog item (unknown: 404)' }),
    applicantPersonId: Type.Optional(Id),
    communityCode: Type.Optional(
      Type.String({ pattern: '^[0-9]{12}$', description: 'where the applicant lives (常住); default: the applicant’s registry community' }),
    ),
    channel: Type.Optional(ChannelSchema),
    mandateId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'an agent files under this mandate (403 mandate_required without a valid one)' })),
    formValues: Type.Optional(FormValues),
    materials: Type.Optional(Type.Array(MaterialProvided, { maxItems: REQUEST_LIMITS.materialsMax })),
    note: Type.Optional(Note),
  },
  {
    additionalProperties: false,
    description:
      'A resident files for themselves (applicantPersonId may be left out: their linked registry person). Staff and agents name the applicant.',
  },
);
export type NewServiceRequest = Static<typeof NewServiceRequest>;

// ---- reading ----

export const Clock = Type.Object({
  state: Type.Enum(CLOCK_STATES),
  standing: Type.Enum(CLOCK_STANDINGS),
  limitDays: Type.Integer({ description: 'working days' }),
  usedDays: Type.Number({ description: 'working days elapsed on this clock (paused spans not counted)' }),
  startedAt: Nullable(Timestamp),
  stoppedAt: Nullable(Timestamp),
  warnAt: Nullable(Timestamp),
  dueAt: Nullable(Timestamp),
  pausedDays: Type.Integer({ description: 'working days spent paused (补正)' }),
});
export type Clock = Static<typeof Clock>;

export const Clocks = Type.Object({
  acceptance: Clock,
  processing: Clock,
  expectedAt: Nullable(Timestamp),
  calendarFallback: Type.Boolean({ description: 'a year the working-day calendar does not know was counted Monday–Friday' }),
});
export type Clocks = Static<typeof Clocks>;

export const MaterialLine = Type.Object({
  material: Type.String(),
  name: Type.String(),
  required: Type.Boolean(),
  received: Type.Boolean(),
  attachmentIds: Type.Array(Type.String()),
});
export type MaterialLine = Static<typeof MaterialLine>;

export const Attachment = Type.Object({
  id: Type.String(),
  material: Nullable(Type.String()),
  fileName: Type.String(),
  mediaType: Type.String({ description: 'sniffed from the content' }),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Timestamp,
  uploadedBy: Nullable(Type.String()),
});
export type Attachment = Static<typeof Attachment>;

export const RequestEvent = Type.Object({
  id: Type.String(),
  kind: Type.Enum(EVENT_KINDS),
  at: Timestamp,
  from: Nullable(RequestStatusSchema),
  to: Nullable(RequestStatusSchema),
  actor: Nullable(Type.String({ description: 'display name; null for the scheduler' })),
  actorRole: Nullable(Type.String()),
  note: Nullable(Type.String()),
  visibility: VisibilitySchema,
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type RequestEvent = Static<typeof RequestEvent>;

export const Rating = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Nullable(Type.String()),
  byAgent: Type.Boolean({ description: 'given by the agent for the applicant' }),
  at: Timestamp,
});
export type Rating = Static<typeof Rating>;

export const ServiceRequestSummary = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'human reference, e.g. SR-20261130-000123' }),
  itemCode: Type.String(),
  itemName: Type.String(),
  status: RequestStatusSchema,
  outcome: Nullable(OutcomeSchema),
  channel: ChannelSchema,
  communityCode: Type.String({ description: 'the applicant’s community (12 digits)' }),
  communityName: Nullable(Type.String()),
  unitCode: Type.String({ description: 'area code of the deciding unit (village 12, township 9, county 6 digits)' }),
  unitName: Nullable(Type.String()),
  applicantName: Type.String({ description: 'masked for roles that do not handle the request' }),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  submittedAt: Timestamp,
  dueAt: Nullable(Timestamp),
  standing: Type.Enum(CLOCK_STANDINGS),
  escalationLevel: Type.Integer({ minimum: 0, maximum: 2, description: '0 none, 1 unit head, 2 level above' }),
  escalatedToQueue: Type.Boolean({ description: 'in a unit queue: the request is another unit’s, escalated to this one (the level above); false elsewhere' }),
  generated: Type.Boolean(),
});
export type ServiceRequestSummary = Static<typeof ServiceRequestSummary>;

export const ServiceRequestDetail = Type.Object({
  ...ServiceRequestSummary.properties,
  applicantPersonId: Nullable(Type.String()),
  submittedBy: Nullable(Type.String({ description: 'who entered it when not the applicant (window worker, agent, phone operator)' })),
  submittedByRole: Nullable(Type.String()),
  mandateId: Nullable(Type.String()),
  formValues: FormValues,
  materials: Type.Array(MaterialLine),
  attachments: Type.Array(Attachment),
  decisionReason: Nullable(Type.String()),
  notAcceptedReason: Nullable(Type.String()),
  duplicateOf: Nullable(Type.String()),
  clocks: Clocks,
  events: Type.Array(RequestEvent, { description: 'the applicant’s side sees only public events' }),
  rating: Nullable(Rating),
  reopenedAt: Nullable(Timestamp),
  mayReopenUntil: Nullable(Timestamp),
  allowedActions: Type.Array(Type.String(), { description: 'what the caller may do now (handler and applicant actions)' }),
  version: Type.Integer(),
});
export type ServiceRequestDetail = Static<typeof ServiceRequestDetail>;

export const ServiceRequestListQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'the applicants’ communities under this area' })),
  status: Type.Optional(RequestStatusSchema),
  open: Type.Optional(Type.Boolean({ description: 'only open requests' })),
  itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  standing: Type.Optional(Type.Enum(CLOCK_STANDINGS)),
  applicantPersonId: Type.Optional(Id),
  channel: Type.Optional(ChannelSchema),
};

export const ServiceRequestQueueQuery = {
  unit: Type.Optional(Type.String({ pattern: '^[0-9]{6}$|^[0-9]{9}$|^[0-9]{12}$', description: 'the deciding unit; default: your scope' })),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'a user id, or "me", or "none"' })),
  standing: Type.Optional(Type.Enum(CLOCK_STANDINGS)),
};

// ---- writes ----

export const TransitionInput = Type.Object(
  {
    action: Type.Enum(HANDLER_ACTIONS),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the version you read; a stale one is a 409' })),
    note: Type.Optional(Note),
    visibility: Type.Optional(VisibilitySchema),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: REQUEST_LIMITS.reasonMaxLength, description: 'required for notAccept, decide denied, transfer, requestSupplement' })),
    outcome: Type.Optional(OutcomeSchema),
    toUnit: Type.Optional(Type.String({ pattern: '^[0-9]{6}$|^[0-9]{9}$|^[0-9]{12}$', description: 'transfer: the unit taking it over' })),
    duplicateOf: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
    materials: Type.Optional(Type.Array(MaterialProvided, { maxItems: REQUEST_LIMITS.materialsMax, description: 'accept: materials ticked as received' })),
  },
  { additionalProperties: false },
);
export type TransitionInput = Static<typeof TransitionInput>;

export const AssignmentInput = Type.Object(
  { assigneeId: Nullable(Type.String({ minLength: 1, maxLength: 36 })), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type AssignmentInput = Static<typeof AssignmentInput>;

/** Someone a request can be assigned to: an active user whose role may handle requests and whose scope holds the request. */
export const RequestAssignee = Type.Object({
  id: Type.String(),
  name: Type.String(),
  username: Type.String(),
  role: Type.String(),
  scopeCode: Type.String(),
});
export type RequestAssignee = Static<typeof RequestAssignee>;
export const RequestAssignees = Type.Object({ items: Type.Array(RequestAssignee) });
export type RequestAssignees = Static<typeof RequestAssignees>;

export const SupplementInput = Type.Object(
  {
    formValues: Type.Optional(FormValues),
    materials: Type.Optional(Type.Array(MaterialProvided, { maxItems: REQUEST_LIMITS.materialsMax })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type SupplementInput = Static<typeof SupplementInput>;

export const WithdrawInput = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type WithdrawInput = Static<typeof WithdrawInput>;

export const RatingInput = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 … 1 非常不满意' }),
    comment: Type.Optional(Type.String({ maxLength: REQUEST_LIMITS.commentMaxLength })),
  },
  { additionalProperties: false },
);
export type RatingInput = Static<typeof RatingInput>;

export const ReopenInput = Type.Object({ note: Type.String({ minLength: 1, maxLength: REQUEST_LIMITS.noteMaxLength }) }, { additionalProperties: false });
export type ReopenInput = Static<typeof ReopenInput>;

export const AttachmentUploadQuery = {
  material: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: REQUEST_LIMITS.fileNameMaxLength })),
};

/** Types an attachment may have (sniffed from its bytes). */
export const ATTACHMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;

// ---- stats ----

export const ServiceRequestStatsQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  from: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'first day (default: a year ago)' })),
  to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'last day (default: today)' })),
};

export const AreaRequestStats = Type.Object({
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  submitted: Type.Integer(),
  decided: Type.Integer(),
  decidedOnTime: Type.Integer(),
  onTimeShare: Nullable(Type.Number({ description: '0..1; null when nothing was decided' })),
  openOverdue: Type.Integer(),
  openWarning: Type.Integer(),
  ratings: Type.Integer(),
  satisfaction: Nullable(Type.Number({ description: 'mean rating on 0–100 ((score − 1) × 25)' })),
});
export type AreaRequestStats = Static<typeof AreaRequestStats>;

export const ServiceRequestStats = Type.Object({
  area: Type.String(),
  from: Type.String(),
  to: Type.String(),
  total: AreaRequestStats,
  byChild: Type.Array(AreaRequestStats, { description: 'one row per child area of `area`' }),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byChannel: Type.Record(Type.String(), Type.Integer()),
  byMonth: Type.Array(Type.Object({ month: Type.String(), submitted: Type.Integer(), decided: Type.Integer(), decidedOnTime: Type.Integer() })),
});
export type ServiceRequestStats = Static<typeof ServiceRequestStats>;
