/**
 * Village information service points (益农信息社, 信息化服务网点) and their service log: the API
 * shapes the routes validate with and the web reads as `Static<>` types (type-only imports).
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Page } from './common.ts';
import { INFO_POINT_EQUIPMENT, INFO_POINT_LIMITS, INFO_POINT_SERVICES, INFO_POINT_STATUSES, SERVICE_LOG_KINDS, URBAN_RURAL } from './info-points-terms.ts';

export {
  INFO_POINT_EQUIPMENT,
  INFO_POINT_LIMITS,
  INFO_POINT_SERVICES,
  INFO_POINT_STATUSES,
  INFO_POINT_TRANSITIONS,
  SERVICE_LOG_KINDS,
  SERVICE_OF_LOG_KIND,
  URBAN_RURAL,
  type InfoPointEquipment,
  type InfoPointService,
  type InfoPointStatus,
  type ServiceLogKind,
} from './info-points-terms.ts';

/** Where a log entry came from: typed by the operator, or an agency request filed through the services module. */
export const SERVICE_LOG_SOURCES = ['manual', 'request'] as const;
export type ServiceLogSource = (typeof SERVICE_LOG_SOURCES)[number];

const Id = Type.String({ minLength: 1, maxLength: 36 });
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: 'the 12-digit code of a community' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const InfoPointIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const InfoPoint = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the community the point serves' }),
  areaName: Nullable(Type.String()),
  name: Type.String(),
  facilityId: Nullable(Type.String({ description: 'the facility (kind infoPoint) the point is housed in, if registered' })),
  operatorUserId: Type.String(),
  operatorName: Nullable(Type.String()),
  openingHours: Type.String(),
  equipment: Type.Array(Type.Enum(INFO_POINT_EQUIPMENT)),
  services: Type.Array(Type.Enum(INFO_POINT_SERVICES)),
  status: Type.Enum(INFO_POINT_STATUSES),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  urbanRural: Nullable(Type.Enum(URBAN_RURAL, { description: 'whether the community is urban or rural (its override, else its statistical kind)' })),
  servedThisMonth: Type.Integer({ minimum: 0, description: 'services recorded at the point this month (China time)' }),
});
export type InfoPoint = Static<typeof InfoPoint>;

export const InfoPointEvent = Type.Object({
  at: Type.String(),
  byName: Nullable(Type.String()),
  from: Nullable(Type.String()),
  to: Type.String(),
  reason: Nullable(Type.String()),
});
export type InfoPointEvent = Static<typeof InfoPointEvent>;

export const InfoPointDetail = Type.Object({
  ...InfoPoint.properties,
  events: Type.Array(InfoPointEvent),
  /** Services recorded today (China time) and in the last 30 days. */
  servedToday: Type.Integer({ minimum: 0 }),
  servedLast30Days: Type.Integer({ minimum: 0 }),
});
export type InfoPointDetail = Static<typeof InfoPointDetail>;

const Equipment = Type.Array(Type.Enum(INFO_POINT_EQUIPMENT), { maxItems: INFO_POINT_EQUIPMENT.length, uniqueItems: true });
const Services = Type.Array(Type.Enum(INFO_POINT_SERVICES), { minItems: 1, maxItems: INFO_POINT_SERVICES.length, uniqueItems: true });

export const NewInfoPoint = Type.Object(
  {
    areaCode: CommunityCode,
    name: Type.String({ minLength: 1, maxLength: INFO_POINT_LIMITS.nameMaxLength }),
    facilityId: Type.Optional(Id),
    operatorUserId: Id,
    openingHours: Type.String({ minLength: 1, maxLength: INFO_POINT_LIMITS.openingHoursMaxLength }),
    equipment: Equipment,
    services: Services,
    /** Opens at once (default) or starts as preparing. */
    status: Type.Optional(Type.Enum(['preparing', 'operating'] as const)),
  },
  { additionalProperties: false },
);
export type NewInfoPoint = Static<typeof NewInfoPoint>;

export const InfoPointChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version read; a stale one is 409' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: INFO_POINT_LIMITS.nameMaxLength })),
    operatorUserId: Type.Optional(Id),
    openingHours: Type.Optional(Type.String({ minLength: 1, maxLength: INFO_POINT_LIMITS.openingHoursMaxLength })),
    equipment: Type.Optional(Equipment),
    services: Type.Optional(Services),
  },
  { additionalProperties: false },
);
export type InfoPointChanges = Static<typeof InfoPointChanges>;

export const InfoPointStatusChange = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    status: Type.Enum(INFO_POINT_STATUSES),
    reason: Type.Optional(Type.String({ maxLength: INFO_POINT_LIMITS.reasonMaxLength })),
  },
  { additionalProperties: false },
);
export type InfoPointStatusChange = Static<typeof InfoPointStatusChange>;

export const InfoPointListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    status: Type.Optional(Type.Enum(INFO_POINT_STATUSES)),
    /** Part of the point's name. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    /** Points that offer this service. */
    service: Type.Optional(Type.Enum(INFO_POINT_SERVICES)),
    /** Points of urban or of rural communities. */
    urbanRural: Type.Optional(Type.Enum(URBAN_RURAL)),
    /** Only the points the caller operates. */
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type InfoPointListQuery = Static<typeof InfoPointListQuery>;
export const InfoPointPage = Page(InfoPoint);
export type InfoPointPage = Static<typeof InfoPointPage>;

/** Who may run a point of a community: agents, not locked, whose scope holds it. */
export const InfoPointOperatorQuery = Type.Object({ area: CommunityCode }, { additionalProperties: false });
export type InfoPointOperatorQuery = Static<typeof InfoPointOperatorQuery>;

export const InfoPointOperator = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopeCode: Type.String({ description: 'the area the agent serves (the community or one above it)' }),
  scopeName: Nullable(Type.String()),
  /** Points the agent already runs (any status but closed). */
  pointsRun: Type.Integer({ minimum: 0 }),
});
export type InfoPointOperator = Static<typeof InfoPointOperator>;
export const InfoPointOperators = Type.Object({ items: Type.Array(InfoPointOperator) });
export type InfoPointOperators = Static<typeof InfoPointOperators>;

// ---- the service log ----

export const ServiceLogEntry = Type.Object({
  id: Type.String(),
  infoPointId: Type.String(),
  areaCode: Type.String(),
  kind: Type.Enum(SERVICE_LOG_KINDS),
  residentName: Nullable(Type.String({ description: 'the resident served, if any (masked for readers above the village)' })),
  servedAt: Type.String(),
  note: Nullable(Type.String()),
  source: Type.Enum(SERVICE_LOG_SOURCES),
  requestId: Nullable(Type.String({ description: 'the service request an agency entry came from' })),
  recordedByName: Nullable(Type.String()),
  recordedAt: Type.String(),
});
export type ServiceLogEntry = Static<typeof ServiceLogEntry>;

export const NewServiceLogEntry = Type.Object(
  {
    kind: Type.Enum(SERVICE_LOG_KINDS),
    residentName: Type.Optional(Type.String({ minLength: 1, maxLength: INFO_POINT_LIMITS.residentNameMaxLength })),
    /** When the service was given (default: now); not in the future, at most a week back. */
    servedAt: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Type.String({ maxLength: INFO_POINT_LIMITS.noteMaxLength })),
  },
  { additionalProperties: false },
);
export type NewServiceLogEntry = Static<typeof NewServiceLogEntry>;

export const ServiceLogQuery = Type.Object(
  {
    /** First day (YYYY-MM-DD, China time); default today. */
    from: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
    /** Last day, inclusive; default `from`. */
    to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type ServiceLogQuery = Static<typeof ServiceLogQuery>;

export const ServiceLog = Type.Object({
  items: Type.Array(ServiceLogEntry),
  total: Type.Integer({ minimum: 0 }),
  byKind: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});
export type ServiceLog = Static<typeof ServiceLog>;
