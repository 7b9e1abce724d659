/**
 * Vocabularies of the service catalog (公共服务事项目录) that server and web both speak; the web
 * imports these values, the TypeBox shapes are in service-catalog.ts.
 */

export const SERVICE_CATEGORIES = [
  'socialAssistance',
  'elderlyCare',
  'disability',
  'employmentSocialInsurance',
  'healthFamilyPlanning',
  'hukouResidence',
  'culture',
  'legalAid',
  'agriculture',
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** The level of the tree whose unit decides an item (a village committee, a township, a county department). */
export const DECIDING_LEVELS = ['village', 'township', 'county'] as const;
export type DecidingLevel = (typeof DECIDING_LEVELS)[number];

/** How a request may come in: online, at the service hall's window, through a village agent (代办), by phone. */
export const SERVICE_CHANNELS = ['online', 'window', 'agent', 'phone'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

export const MATERIAL_FORMS = ['original', 'copy'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

/** Typed form fields; Open311 calls them attributes (string, number, datetime, singlevaluelist, multivaluelist). */
export const FORM_FIELD_TYPES = ['text', 'number', 'date', 'single', 'multi'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Levels that publish items for their area: a county (6-digit code) or a township (9 digits). */
export const PUBLISHING_LEVELS = ['county', 'township'] as const;
export type PublishingLevel = (typeof PUBLISHING_LEVELS)[number];

/** Local calendar days an admin adds: a day off (local holiday) or a worked day. */
export const CALENDAR_DAY_KINDS = ['holiday', 'workingDay'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const SERVICE_CATALOG_LIMITS = {
  codeMaxLength: 64,
  nameMaxLength: 100,
  departmentMaxLength: 100,
  legalBasisMaxLength: 2000,
  conditionsMaxLength: 4000,
  materialsMax: 40,
  fieldsMax: 40,
  optionsMax: 50,
  labelMaxLength: 100,
  descriptionMaxLength: 500,
  /** Working days; no statutory limit of a village or township item is near it. */
  daysMax: 365,
  feeMax: 100_000,
  feeNoteMaxLength: 200,
  /** Longest text value of a `text` form field. */
  textValueMaxLength: 2000,
  noteMaxLength: 200,
  keyNameMaxLength: 100,
} as const;

/** Codes of items, fields, options and materials: letters, digits and `_ . -`, starting with a letter or digit. */
export const CATALOG_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
