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

export const SyncCommand = Type.Union([PersonUpdateCommand, VolunteerHoursCommand, ServiceRequestCommand, CareVisitCommand]);
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
});
export type PulledPerson = Static<typeof PulledPerson>;

export const PullResult = Type.Object({
  changes: Type.Array(PulledPerson),
  checkpoint: Type.String({ description: 'give it to the next pull' }),
  more: Type.Boolean({ description: 'more changes wait: pull again at once' }),
  day: Type.Union([WorkerDay, Type.Null()], {
    description: 'the care visits due and overdue in your villages, as of this pull (a snapshot: it replaces the last one); null for roles that do not do care work',
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
