/**
 * The offline clients' sync protocol (issue #18): a device registers, pushes a batch of commands
 * from its outbox and pulls what changed in its user's scope since a checkpoint. Server and web
 * both speak these shapes. docs/sync.md explains the protocol.
 */
import { Type, type Static } from 'typebox';
import { NewHours } from './volunteers.ts';
import { NewServiceRequest } from './service-requests.ts';
import { Person } from './residents-api.ts';
import { NewVisit, WorkerDay } from './care.ts';
import { NewNeed, NewSupport } from './linkage-api.ts';
import { AttendanceInput } from './linkage-delivery-api.ts';
import { CUSTODY_STEPS, MANDATE_COVERAGES, NewCustodyStep } from './agency.ts';
import { FormField, ServiceMaterial } from './service-catalog.ts';

export const SYNC_LIMITS = {
  /** Commands per push. */
  pushMax: 200,
  /** Changes per pull page. */
  pullMax: 1000,
  deviceNameMaxLength: 60,
  idempotencyKeyMaxLength: 80,
} as const;

/**
 * The person fields a field worker may change offline (visits find people moved away or back,
 * living alone, in hardship). Personal numbers (ID, phone) are never edited offline: the device
 * holds them masked.
 */
export const SYNC_PERSON_FIELDS = ['residenceStatus', 'awayTo', 'awaySince', 'migrantWorker', 'accompanyingFamily', 'livingAlone', 'disability', 'hardship', 'notes'] as const;
export type SyncPersonField = (typeof SYNC_PERSON_FIELDS)[number];

const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Json = Type.Unknown({ description: 'a JSON value' });
const FieldEdit = Type.Object({ base: Json, value: Json }, { additionalProperties: false, description: 'the value the device started from, and the value it set' });

const commandBase = {
  id: Type.String({ ...Uuid, description: 'UUIDv7 made on the device' }),
  idempotencyKey: Type.String({ minLength: 8, maxLength: SYNC_LIMITS.idempotencyKeyMaxLength, description: 'unique per user: a replay answers the first result' }),
  deviceId: Uuid,
  userId: Uuid,
  createdAt: Type.String({ format: 'date-time', description: 'when the device recorded it' }),
};

export const PersonUpdateCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('person.update'),
    recordId: Type.String({ minLength: 1, maxLength: 36, description: 'the person' }),
    baseVersion: Type.Integer({ minimum: 1, description: 'the version the device started from' }),
    fields: Type.Record(Type.String({ pattern: `^(${SYNC_PERSON_FIELDS.join('|')})$` }), FieldEdit, {
      additionalProperties: false,
      minProperties: 1,
      description: `per field (${SYNC_PERSON_FIELDS.join(', ')}): base and new value`,
    }),
  },
  { additionalProperties: false },
);

export const VolunteerHoursCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('volunteerHours.record'),
    volunteerId: Type.String({ minLength: 1, maxLength: 36 }),
    hours: NewHours,
  },
  { additionalProperties: false, description: 'append-only: never conflicts' },
);

export const ServiceRequestCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('serviceRequest.file'),
    request: NewServiceRequest,
  },
  { additionalProperties: false, description: 'filing on someone’s behalf (window or agent); append-only' },
);

export const CareVisitCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('careVisit.record'),
    caseId: Type.String({ minLength: 1, maxLength: 36 }),
    visit: NewVisit,
  },
  { additionalProperties: false, description: 'a visit recorded in the field; append-only' },
);

const CommandRef = Type.String({
  minLength: 8,
  maxLength: SYNC_LIMITS.idempotencyKeyMaxLength,
  description: 'the idempotencyKey of an earlier command of yours that made the record (filed offline, so its id was not known yet)',
});

export const NeedRaiseCommand = Type.Object(
  { ...commandBase, kind: Type.Literal('need.raise'), need: NewNeed },
  { additionalProperties: false, description: 'a need recorded in the field on residents’ behalf; append-only (the community answers it later)' },
);

export const NeedSupportCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('need.support'),
    needId: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
    needRef: Type.Optional(CommandRef),
    support: NewSupport,
  },
  { additionalProperties: false, description: 'an in-person supporter of a need (needId, or needRef for a need raised offline); append-only' },
);

export const AttendanceCommand = Type.Object(
  { ...commandBase, kind: Type.Literal('attendance.record'), activityId: Type.String({ minLength: 1, maxLength: 36 }), attendance: AttendanceInput },
  { additionalProperties: false, description: 'who attended an activity; append-only (a person already recorded stays recorded once)' },
);

export const CustodyStepCommand = Type.Object(
  {
    ...commandBase,
    kind: Type.Literal('custodyStep.record'),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
    requestRef: Type.Optional(CommandRef),
    step: NewCustodyStep,
  },
  { additionalProperties: false, description: 'a custody step of an agent’s errand (requestId, or requestRef for a request filed offline); append-only' },
);

export const SyncCommand = Type.Union([PersonUpdateCommand, VolunteerHoursCommand, ServiceRequestCommand, CareVisitCommand, NeedRaiseCommand, NeedSupportCommand, AttendanceCommand, CustodyStepCommand]);
export type SyncCommand = Static<typeof SyncCommand>;
export type SyncCommandKind = SyncCommand['kind'];

export const PushBody = Type.Object(
  {
    deviceId: Uuid,
    commands: Type.Array(SyncCommand, { minItems: 1, maxItems: SYNC_LIMITS.pushMax }),
  },
  { additionalProperties: false },
);
export type PushBody = Static<typeof PushBody>;

export const SyncConflict = Type.Object({
  id: Type.String(),
  recordKind: Type.String(),
  recordId: Type.String(),
  areaCode: Type.String(),
  field: Type.String(),
  base: Json,
  device: Json,
  server: Json,
  userId: Type.String(),
  username: Type.String(),
  deviceId: Type.String(),
  commandId: Type.String(),
  createdAt: Type.String(),
  status: Type.Enum(['open', 'resolved'] as const),
  resolution: Type.Union([Type.Enum(['device', 'server'] as const), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
});
export type SyncConflict = Static<typeof SyncConflict>;

/**
 * What an applied command of each kind still waits for on the server's side: someone's decision
 * (a request), a verification (hours claimed), an answer (a need). The device shows these as
 * "asked, waiting for the server" from the moment they are queued; the rest are facts recorded.
 */
export const AWAITING_KINDS = ['decision', 'verification', 'answer'] as const;
export type Awaiting = (typeof AWAITING_KINDS)[number];
export const COMMAND_AWAITS: Partial<Record<SyncCommandKind, Awaiting>> = {
  'serviceRequest.file': 'decision',
  'volunteerHours.record': 'verification',
  'need.raise': 'answer',
};

export const COMMAND_STATUSES = ['applied', 'conflict', 'refused', 'inProgress', 'interrupted'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const CommandResult = Type.Object({
  id: Type.String({ description: 'the command' }),
  status: Type.Enum(COMMAND_STATUSES, {
    description:
      'applied (all of it, or the fields that did not conflict); conflict (some fields are conflicts, the rest applied); refused (nothing written: error says why); inProgress (the same command is being applied by another push: ask again); interrupted (the server stopped while applying it: check the record)',
  }),
  replayed: Type.Boolean({ description: 'this answer is the stored result of an earlier push' }),
  recordKind: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'the record’s version after the command, where it has one' }),
  conflicts: Type.Array(SyncConflict),
  error: Type.Union([Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String() }), Type.Null()]),
  awaiting: Type.Union([Type.Enum(AWAITING_KINDS), Type.Null()], { description: 'applied, and now asked: what the record waits for on the server’s side (someone’s decision, verification, answer)' }),
});
export type CommandResult = Static<typeof CommandResult>;

export const PushResult = Type.Object({ results: Type.Array(CommandResult) });
export type PushResult = Static<typeof PushResult>;

export const PullQuery = Type.Object(
  {
    deviceId: Uuid,
    checkpoint: Type.Optional(Type.String({ maxLength: 400, description: 'the checkpoint of the last pull; none: from the start' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SYNC_LIMITS.pullMax, default: 500 })),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

export const PulledPerson = Type.Object({
  kind: Type.Literal('person'),
  id: Type.String(),
  /** The person, masked as the registry list shows them; null with `removed`. */
  data: Type.Union([Person, Type.Null()]),
  removed: Type.Union([Type.Enum(['deleted', 'outOfScope'] as const), Type.Null()], { description: 'a tombstone: drop the record from the device' }),
  initials: Type.Union([Type.String(), Type.Null()], { description: 'the pinyin initials of the name (张三丰 → zsf), for finding the person offline as the registry finds them online; null with `removed`' }),
});
export type PulledPerson = Static<typeof PulledPerson>;

/**
 * What the field pages need to choose from offline, as of this pull (a snapshot like the day
 * list): the volunteers whose hours the user records, the needs open for support, the activities
 * of projects being delivered, the catalog items with their materials and form fields (filing on
 * someone's behalf), and for an agent their mandates in effect and open errands (filing under a
 * mandate, custody steps). Each list is empty for a role that may not use it.
 */
export const FieldReference = Type.Object({
  volunteers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), areaCode: Type.String() })),
  needs: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), category: Type.String(), status: Type.String(), supports: Type.Integer(), areaCode: Type.String() })),
  activities: Type.Array(Type.Object({ id: Type.String(), projectId: Type.String(), projectTitle: Type.String(), title: Type.String(), heldOn: Type.String(), place: Type.String() })),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameZhTw: Type.Union([Type.String(), Type.Null()]),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      agencyAllowed: Type.Boolean(),
      materials: Type.Array(ServiceMaterial),
      fields: Type.Array(FormField),
    }),
  ),
  mandates: Type.Array(
    Type.Object({
      id: Type.String(),
      areaCode: Type.String(),
      principal: Type.Object({ personId: Type.String(), name: Type.String() }),
      coverage: Type.Enum(MANDATE_COVERAGES),
      itemCodes: Type.Array(Type.String()),
      requestId: Type.Union([Type.String(), Type.Null()]),
      validUntil: Type.String(),
    }),
    { description: 'an agent’s own mandates in effect (as GET /mandates shows them to the agent, without the consent evidence): what the agent may file offline' },
  ),
  errands: Type.Array(
    Type.Object({
      requestId: Type.String(),
      mandateId: Type.String(),
      principalName: Type.String(),
      itemCode: Type.String(),
      requestNumber: Type.Union([Type.String(), Type.Null()]),
      lastStep: Type.Union([Type.Enum(CUSTODY_STEPS), Type.Null()]),
      nextStep: Type.Union([Type.Enum(CUSTODY_STEPS), Type.Null()]),
    }),
    { description: 'an agent’s own errands not yet returned to the resident (as GET /errands?open=true shows them): their custody steps are recorded offline' },
  ),
});
export type FieldReference = Static<typeof FieldReference>;

export const PullResult = Type.Object({
  changes: Type.Array(PulledPerson),
  checkpoint: Type.String({ description: 'give it to the next pull' }),
  more: Type.Boolean({ description: 'more changes wait: pull again at once' }),
  reference: Type.Union([FieldReference, Type.Null()], { description: 'on the last page of a pull (more: false), null on the others' }),
  day: Type.Union([WorkerDay, Type.Null()], {
    description:
      'the care visits due and overdue in your villages, as of this pull (a snapshot: it replaces the last one), on the last page of a pull (more: false); null on the other pages and for roles that do not do care work',
  }),
});
export type PullResult = Static<typeof PullResult>;

export const NewDevice = Type.Object({ name: Type.String({ minLength: 1, maxLength: SYNC_LIMITS.deviceNameMaxLength }) }, { additionalProperties: false });
export type NewDevice = Static<typeof NewDevice>;

export const Device = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastContactAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Device = Static<typeof Device>;

export const ConflictResolution = Type.Object({ keep: Type.Enum(['device', 'server'] as const) }, { additionalProperties: false });
export type ConflictResolution = Static<typeof ConflictResolution>;

export const ConflictQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['open', 'resolved'] as const)),
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ConflictQuery = Static<typeof ConflictQuery>;
