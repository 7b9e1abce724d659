/**
 * Facility API shapes: the server's routes validate with them, the web reads them as `Static<>` types
 * (type-only imports, so TypeBox stays out of the web bundle; the vocabularies are in facilities.ts).
 */
import { Type, type Static } from 'typebox';
import {
  CONSTRUCTION_MODES,
  FACILITY_KINDS,
  FACILITY_LIMITS,
  FACILITY_STATUSES,
  FUNDING_SOURCES,
  type FacilityKind,
  type FacilityStatus,
} from './facilities.ts';

export const FacilityKindSchema = Type.Enum(FACILITY_KINDS, { description: 'comprehensive = 社区综合服务设施 (the kind coverage counts)' });
export const FacilityStatusSchema = Type.Enum(FACILITY_STATUSES);
export const ConstructionModeSchema = Type.Enum(CONSTRUCTION_MODES, { description: '新建 / 配建 / 改建 / 扩建 / 整合利用' });
export const FundingSourceSchema = Type.Enum(FUNDING_SOURCES, { description: '村级集体经济 / 政府投入 / 社会资金' });

/** YYYY-MM-DD; the service checks it is a real date. */
export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });

const Area = Type.Number({ exclusiveMinimum: 0, maximum: FACILITY_LIMITS.floorAreaMax, description: 'm²' });

export const Location = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false, description: 'degrees; must lie inside the county boundary where one is known' },
);

export const Funding = Type.Object(
  {
    source: FundingSourceSchema,
    year: Type.Integer({ minimum: 1949, maximum: 2100 }),
    amount: Type.Number({ minimum: 0, maximum: FACILITY_LIMITS.fundingAmountMax, description: 'yuan' }),
  },
  { additionalProperties: false },
);
export type Funding = Static<typeof Funding>;

export const Accessibility = Type.Object(
  { stepFreeEntrance: Type.Boolean(), accessibleToilet: Type.Boolean() },
  { additionalProperties: false },
);

const Services = Type.Array(Type.String({ minLength: 1, maxLength: FACILITY_LIMITS.serviceMaxLength }), {
  maxItems: FACILITY_LIMITS.servicesMax,
});
const FundingList = Type.Array(Funding, { maxItems: FACILITY_LIMITS.fundingEntriesMax });
const Name = Type.String({ minLength: 1, maxLength: FACILITY_LIMITS.nameMaxLength });
const OpeningHours = Type.String({ maxLength: FACILITY_LIMITS.openingHoursMaxLength });

export const Facility = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the 12-digit code of its community' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  kind: FacilityKindSchema,
  status: FacilityStatusSchema,
  statusDate: Type.String({ description: 'when the current status began' }),
  constructionMode: Type.Union([ConstructionModeSchema, Type.Null()]),
  floorArea: Type.Number(),
  activityArea: Type.Number({ description: 'floor area open to residents’ activities, m²' }),
  location: Type.Union([Location, Type.Null()]),
  funding: Type.Array(Funding),
  services: Type.Array(Type.String()),
  openingHours: Type.Union([Type.String(), Type.Null()]),
  accessibility: Accessibility,
  selfServiceTerminal: Type.Boolean(),
  generated: Type.Boolean({ description: 'generated demo data' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Facility = Static<typeof Facility>;

export const FacilityEvent = Type.Object({
  date: Type.String(),
  from: Type.Union([FacilityStatusSchema, Type.Null()]),
  to: FacilityStatusSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
});
export type FacilityEvent = Static<typeof FacilityEvent>;

export const FacilityWarning = Type.Object({
  field: Type.String(),
  code: Type.Literal('farFromCommunity'),
  message: Type.String(),
  distanceKm: Type.Number({ description: 'from the centroid of the facility’s community' }),
  limitKm: Type.Number({ description: 'the community’s default service radius: urban 1, rural 3' }),
});
export type FacilityWarning = Static<typeof FacilityWarning>;

export const FacilityDetail = Type.Object({
  ...Facility.properties,
  events: Type.Array(FacilityEvent),
  warnings: Type.Optional(
    Type.Array(FacilityWarning, {
      description: 'on create and update only: what was saved but looks wrong (a location far from the community’s centre)',
    }),
  ),
});
export type FacilityDetail = Static<typeof FacilityDetail>;

export const NewFacility = Type.Object(
  {
    areaCode: Type.String({ pattern: '^[0-9]{12}$', description: 'the community (level 5)' }),
    name: Name,
    kind: FacilityKindSchema,
    status: Type.Optional(FacilityStatusSchema),
    statusDate: Type.Optional(DateString),
    constructionMode: Type.Optional(Type.Union([ConstructionModeSchema, Type.Null()])),
    floorArea: Area,
    activityArea: Area,
    location: Type.Optional(Type.Union([Location, Type.Null()])),
    funding: Type.Optional(FundingList),
    services: Type.Optional(Services),
    openingHours: Type.Optional(Type.Union([OpeningHours, Type.Null()])),
    accessibility: Type.Optional(Type.Partial(Accessibility)),
    selfServiceTerminal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewFacility = Static<typeof NewFacility>;

export const FacilityChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one is refused with 409' }),
    name: Type.Optional(Name),
    kind: Type.Optional(FacilityKindSchema),
    constructionMode: Type.Optional(Type.Union([ConstructionModeSchema, Type.Null()])),
    floorArea: Type.Optional(Area),
    activityArea: Type.Optional(Area),
    location: Type.Optional(Type.Union([Location, Type.Null()])),
    funding: Type.Optional(FundingList),
    services: Type.Optional(Services),
    openingHours: Type.Optional(Type.Union([OpeningHours, Type.Null()])),
    accessibility: Type.Optional(Type.Partial(Accessibility)),
    selfServiceTerminal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'status changes go through POST /facilities/{id}/status; the community does not change' },
);
export type FacilityChanges = Static<typeof FacilityChanges>;

export const StatusChange = Type.Object(
  {
    status: FacilityStatusSchema,
    date: DateString,
    reason: Type.Optional(Type.String({ maxLength: FACILITY_LIMITS.reasonMaxLength })),
    reopen: Type.Optional(Type.Boolean({ description: 'required to take a closed facility back to operating' })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type StatusChange = Static<typeof StatusChange>;

export const FacilityFilterQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'an area: the facilities of its communities' })),
  kind: Type.Optional(FacilityKindSchema),
  status: Type.Optional(FacilityStatusSchema),
  urbanRural: Type.Optional(Type.Union([Type.Literal('urban'), Type.Literal('rural')])),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name' })),
};

export interface FacilityFilter {
  area?: string;
  kind?: FacilityKind;
  status?: FacilityStatus;
  urbanRural?: 'urban' | 'rural';
  q?: string;
}
