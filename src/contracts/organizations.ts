/**
 * Vocabulary of community social organizations (社区社会组织), shared by server and web (values the
 * web imports; the API shapes are in organizations-api.ts). The status transitions and rating
 * rules live in src/engine/people/organization-rules.ts; the lists here must match it (a unit
 * test checks).
 */

/** How an organization is managed: registered with civil affairs, filed with the township, or guided by the village/residents' committee. */
export const MANAGEMENT_MODES = ['registered', 'filed', 'guided'] as const;
export type ManagementMode = (typeof MANAGEMENT_MODES)[number];

/** Kinds of body registered with civil affairs: 社会团体 / 社会服务机构 / 基金会. */
export const REGISTERED_KINDS = ['socialGroup', 'socialServiceAgency', 'foundation'] as const;
export type RegisteredKind = (typeof REGISTERED_KINDS)[number];

/** The plan's three words: 服务性 / 公益性 / 互助性. */
export const ORGANIZATION_NATURES = ['service', 'publicWelfare', 'mutualAid'] as const;
export type OrganizationNature = (typeof ORGANIZATION_NATURES)[number];

export const ORGANIZATION_STATUSES = ['incubating', 'filed', 'registered', 'active', 'abnormal', 'suspended', 'deregistered'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** Fields of service an organization names (free text is refused: these are what the registry filters on). */
export const SERVICE_FIELDS = [
  'elderly',
  'children',
  'disabled',
  'youth',
  'women',
  'hardship',
  'volunteering',
  'culture',
  'sports',
  'education',
  'health',
  'environment',
  'safety',
  'mediation',
  'charity',
  'livelihood',
  'other',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

export const RATING_GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export type RatingGrade = (typeof RATING_GRADES)[number];

/** awards, sanctions, evaluations of projects it ran. */
export const CREDIT_RECORD_KINDS = ['award', 'sanction', 'evaluation'] as const;
export type CreditRecordKind = (typeof CREDIT_RECORD_KINDS)[number];

export const APPEAL_STATES = ['pending', 'upheld', 'changed'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

export const ORGANIZATION_LIMITS = {
  nameMaxLength: 100,
  textMaxLength: 2000,
  shortTextMaxLength: 100,
  communitiesMax: 200,
  fieldsMax: SERVICE_FIELDS.length,
  milestonesMax: 30,
  importRowsMax: 5000,
  importBytesMax: 10 * 1024 * 1024,
  exportRowsMax: 20_000,
  moneyMax: 1e10,
  countMax: 10_000_000,
} as const;

/** Targets of 民发〔2017〕191号《关于大力培育发展社区社会组织的意见》 for 2020: organizations per community. */
export const ORGANIZATIONS_PER_COMMUNITY_TARGETS = { urban: 10, rural: 5, year: 2020 } as const;
