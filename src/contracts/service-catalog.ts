/**
 * Service catalog API shapes (公共服务事项目录, its publication by counties and townships, the local
 * working-day calendar, Open311 client keys). The server's routes validate with them; the web reads
 * them as `Static<>` types with `import type` (the vocabularies it needs as values are in
 * service-catalog-terms.ts).
 *
 * An item's form fields are the same shape Open311 GeoReport v2 calls a service definition's
 * attributes (text → string, number → number, date → datetime, single → singlevaluelist,
 * multi → multivaluelist).
 */
import { Type, type Static } from 'typebox';
import {
  CALENDAR_DAY_KINDS,
  CATALOG_CODE_PATTERN,
  DECIDING_LEVELS,
  FORM_FIELD_TYPES,
  MATERIAL_FORMS,
  PUBLISHING_LEVELS,
  SERVICE_CATALOG_LIMITS as L,
  SERVICE_CATEGORIES,
  SERVICE_CHANNELS,
} from './service-catalog-terms.ts';

export * from './service-catalog-terms.ts';

export const ServiceCategorySchema = Type.Enum(SERVICE_CATEGORIES);
export const DecidingLevelSchema = Type.Enum(DECIDING_LEVELS);
export const ServiceChannelSchema = Type.Enum(SERVICE_CHANNELS);
export const FormFieldTypeSchema = Type.Enum(FORM_FIELD_TYPES);
export const CalendarDayKindSchema = Type.Enum(CALENDAR_DAY_KINDS);

const Code = (description: string) => Type.String({ minLength: 1, maxLength: L.codeMaxLength, pattern: CATALOG_CODE_PATTERN, description });
const Label = Type.String({ minLength: 1, maxLength: L.labelMaxLength });
const OptionalLabel = Type.Union([Type.String({ minLength: 1, maxLength: L.labelMaxLength }), Type.Null()]);
const Days = (description: string) => Type.Integer({ minimum: 1, maximum: L.daysMax, description });
/** YYYY-MM-DD; the service checks it is a real date. */
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });

export const ServiceMaterial = Type.Object(
  {
    key: Code('stable within the item: a request’s materials checklist refers to it'),
    name: Type.String({ minLength: 1, maxLength: L.nameMaxLength }),
    form: Type.Enum(MATERIAL_FORMS, { description: 'original (原件) or copy (复印件)' }),
    count: Type.Integer({ minimum: 1, maximum: 20, description: 'copies or pieces' }),
    required: Type.Boolean({ description: 'false: only where it applies (情形材料)' }),
    agentMayCarry: Type.Boolean({ description: 'whether a village agent may carry it under a mandate (全程代办)' }),
  },
  { additionalProperties: false },
);
export type ServiceMaterial = Static<typeof ServiceMaterial>;

export const FormFieldOption = Type.Object(
  { key: Code('the value a request stores'), label: Label, labelZhTw: Type.Optional(OptionalLabel), labelEn: Type.Optional(OptionalLabel) },
  { additionalProperties: false },
);
export type FormFieldOption = Static<typeof FormFieldOption>;

export const FormField = Type.Object(
  {
    key: Code('the name a request’s form values use (Open311 attribute code)'),
    label: Label,
    labelZhTw: Type.Optional(OptionalLabel),
    labelEn: Type.Optional(OptionalLabel),
    description: Type.Optional(Type.Union([Type.String({ maxLength: L.descriptionMaxLength }), Type.Null()])),
    type: FormFieldTypeSchema,
    required: Type.Boolean(),
    order: Type.Integer({ minimum: 0, maximum: 1000, description: 'fields are shown by ascending order' }),
    options: Type.Optional(Type.Array(FormFieldOption, { maxItems: L.optionsMax, description: 'single and multi only, at least one' })),
  },
  { additionalProperties: false },
);
export type FormField = Static<typeof FormField>;

/** What an admin writes: a catalog item as the province's master catalog defines it. */
export const ServiceItemInput = Type.Object(
  {
    code: Code('the item code, also the Open311 service_code'),
    name: Type.String({ minLength: 1, maxLength: L.nameMaxLength }),
    nameZhTw: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: L.nameMaxLength }), Type.Null()])),
    nameEn: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: L.nameMaxLength }), Type.Null()])),
    category: ServiceCategorySchema,
    department: Type.String({ minLength: 1, maxLength: L.departmentMaxLength, description: 'the responsible department (民政办, 人社所 …)' }),
    decidingLevel: DecidingLevelSchema,
    legalBasis: Type.String({ maxLength: L.legalBasisMaxLength }),
    conditions: Type.String({ maxLength: L.conditionsMaxLength, description: 'who qualifies (受理条件)' }),
    materials: Type.Array(ServiceMaterial, { maxItems: L.materialsMax }),
    committedDays: Days('the committed limit (承诺时限), working days; at most the statutory one'),
    statutoryDays: Days('the statutory limit (法定时限), working days'),
    feeYuan: Type.Number({ minimum: 0, maximum: L.feeMax, description: '0: free of charge' }),
    feeNote: Type.Optional(Type.Union([Type.String({ maxLength: L.feeNoteMaxLength }), Type.Null()])),
    channels: Type.Array(ServiceChannelSchema, { minItems: 1, maxItems: SERVICE_CHANNELS.length, uniqueItems: true }),
    agencyAllowed: Type.Boolean({ description: 'whether full-process entrusted agency (全程委托代理) is allowed' }),
    fields: Type.Array(FormField, { maxItems: L.fieldsMax }),
  },
  { additionalProperties: false },
);
export type ServiceItemInput = Static<typeof ServiceItemInput>;

export const ServiceItemChanges = Type.Object(
  {
    ...Type.Omit(ServiceItemInput, ['code']).properties,
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one is refused with 409' }),
  },
  { additionalProperties: false, description: 'the whole item except its code, which never changes' },
);
export type ServiceItemChanges = Static<typeof ServiceItemChanges>;

export const ServiceItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameZhTw: Type.Union([Type.String(), Type.Null()]),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  category: ServiceCategorySchema,
  department: Type.String(),
  decidingLevel: DecidingLevelSchema,
  legalBasis: Type.String(),
  conditions: Type.String(),
  materials: Type.Array(ServiceMaterial),
  committedDays: Type.Integer({ description: 'working days' }),
  statutoryDays: Type.Integer({ description: 'working days' }),
  feeYuan: Type.Number(),
  feeNote: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(ServiceChannelSchema),
  agencyAllowed: Type.Boolean(),
  fields: Type.Array(FormField, { description: 'by ascending order' }),
  generated: Type.Boolean({ description: 'demo data where a figure (a limit, a fee) is invented' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ServiceItem = Static<typeof ServiceItem>;

export const ServiceItemSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameZhTw: Type.Union([Type.String(), Type.Null()]),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  category: ServiceCategorySchema,
  department: Type.String(),
  decidingLevel: DecidingLevelSchema,
  committedDays: Type.Integer(),
  statutoryDays: Type.Integer(),
  feeYuan: Type.Number(),
  channels: Type.Array(ServiceChannelSchema),
  agencyAllowed: Type.Boolean(),
  generated: Type.Boolean(),
});
export type ServiceItemSummary = Static<typeof ServiceItemSummary>;

/** Where an item applies and the limit that holds there. */
export const EffectivePublication = Type.Object({
  areaCode: Type.String({ description: 'the deepest area that published the item for the asked area' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  level: Type.Enum(PUBLISHING_LEVELS),
  baseCommittedDays: Type.Integer({ description: 'the item’s own committed limit before any shortening' }),
});

/** An item as a resident of an area sees it: `committedDays` is the limit that holds there. */
export const EffectiveServiceItem = Type.Object({
  ...ServiceItem.properties,
  publication: EffectivePublication,
});
export type EffectiveServiceItem = Static<typeof EffectiveServiceItem>;

export const EffectiveServiceItemSummary = Type.Object({
  ...ServiceItemSummary.properties,
  publication: EffectivePublication,
});
export type EffectiveServiceItemSummary = Static<typeof EffectiveServiceItemSummary>;

export const CatalogQuery = Type.Object(
  {
    category: Type.Optional(ServiceCategorySchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the name: Simplified, Traditional or pinyin initials' })),
  },
  { additionalProperties: false },
);
export type CatalogQuery = Static<typeof CatalogQuery>;

export const EffectiveCatalog = Type.Object({
  areaCode: Type.String(),
  items: Type.Array(EffectiveServiceItemSummary),
});
export type EffectiveCatalog = Static<typeof EffectiveCatalog>;

export const ServiceItemList = Type.Object({ items: Type.Array(ServiceItemSummary) });
export type ServiceItemList = Static<typeof ServiceItemList>;

export const PublicationInput = Type.Object(
  {
    committedDays: Type.Union([Days('a shorter committed limit for this area'), Type.Null()], {
      description: 'null: the limit of the level above (or the item’s own); longer than that is refused',
    }),
  },
  { additionalProperties: false },
);
export type PublicationInput = Static<typeof PublicationInput>;

export const Publication = Type.Object({
  itemCode: Type.String(),
  itemName: Type.String(),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  level: Type.Enum(PUBLISHING_LEVELS),
  committedDays: Type.Union([Type.Integer(), Type.Null()], { description: 'the shortened limit set here, if any' }),
  effectiveCommittedDays: Type.Integer({ description: 'what holds in this area (the shortest along the chain)' }),
  statutoryDays: Type.Integer(),
  publishedBy: Type.Union([Type.String(), Type.Null()], { description: 'username' }),
  updatedAt: Type.String(),
});
export type Publication = Static<typeof Publication>;

export const PublicationList = Type.Object({ items: Type.Array(Publication) });
export type PublicationList = Static<typeof PublicationList>;

export const ItemCodeParams = Type.Object({ itemCode: Type.String({ minLength: 1, maxLength: L.codeMaxLength }) });
export const AreaParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,12}$', description: 'division code (2/4/6/9/12 digits)' }) });
export const AreaItemParams = Type.Object({
  code: Type.String({ pattern: '^[0-9]{2,12}$' }),
  itemCode: Type.String({ minLength: 1, maxLength: L.codeMaxLength }),
});
export const AreaIdParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,12}$' }), id: Type.String({ minLength: 1, maxLength: 64 }) });

// ---- working-day calendar ----

export const CalendarDayInput = Type.Object(
  {
    date: DateText,
    kind: CalendarDayKindSchema,
    note: Type.String({ minLength: 1, maxLength: L.noteMaxLength, description: 'why (a local festival, a worked Saturday …)' }),
  },
  { additionalProperties: false },
);
export type CalendarDayInput = Static<typeof CalendarDayInput>;

export const LocalCalendarDay = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  date: Type.String(),
  kind: CalendarDayKindSchema,
  note: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type LocalCalendarDay = Static<typeof LocalCalendarDay>;

export const NationalCalendarDay = Type.Object({
  date: Type.String(),
  kind: CalendarDayKindSchema,
  name: Type.String({ description: 'the holiday it belongs to (春节 …)' }),
});

export const CalendarYearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'default: this year' })) },
  { additionalProperties: false },
);

export const CalendarYear = Type.Object({
  areaCode: Type.String(),
  year: Type.Integer(),
  known: Type.Boolean({ description: 'false: the national holidays of the year are not known; limits count Monday–Friday' }),
  national: Type.Array(NationalCalendarDay),
  local: Type.Array(LocalCalendarDay, { description: 'days added for this area and the areas above it' }),
});
export type CalendarYear = Static<typeof CalendarYear>;

// ---- Open311 client keys ----

export const Open311KeyInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: L.keyNameMaxLength, description: 'the client application' }),
    account: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'username of the account whose rights the client uses to read and file requests (its scope must lie in the area); left out: the catalog only',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Open311KeyInput = Static<typeof Open311KeyInput>;

export const Open311Key = Type.Object({
  id: Type.String(),
  name: Type.String(),
  areaCode: Type.String({ description: 'the jurisdiction the key reaches (its area and everything under it)' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  keyPrefix: Type.String({ description: 'the first characters, to tell keys apart' }),
  account: Type.Union([Type.String(), Type.Null()], { description: 'the account the client acts as for requests' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Open311Key = Static<typeof Open311Key>;

export const IssuedOpen311Key = Type.Object({
  ...Open311Key.properties,
  apiKey: Type.String({ description: 'shown once; only its hash is kept' }),
});
export type IssuedOpen311Key = Static<typeof IssuedOpen311Key>;

export const Open311KeyList = Type.Object({ items: Type.Array(Open311Key) });
