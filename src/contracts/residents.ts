/** Resident-registry vocabularies that server and web both speak (see the glossary). */
import { POLICY } from './policy.ts';

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** Relation to the household head (与户主关系). */
export const RELATIONS = ['head', 'spouse', 'child', 'childInLaw', 'grandchild', 'parent', 'grandparent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** local: lives where the record is; inflow: lives here without hukou here; outflow: hukou here, living elsewhere. */
export const RESIDENCE_STATUSES = ['local', 'inflow', 'outflow'] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

/** The seven categories of the disability certificate (残疾人证). */
export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];

export const HARDSHIP_KINDS = ['minimumLivingAllowance', 'extremePoverty', 'lowIncome'] as const;
export type HardshipKind = (typeof HARDSHIP_KINDS)[number];

export const LEFT_BEHIND_KINDS = ['leftBehindChild', 'leftBehindElderly', 'leftBehindWoman'] as const;
export type LeftBehindKind = (typeof LEFT_BEHIND_KINDS)[number];

export const LEFT_BEHIND_REASONS = [
  'bothParentsAway',
  'oneParentAwayOtherUnableToGuard',
  'onlyParentAway',
  'allChildrenAway',
  'husbandAwaySixMonths',
] as const;
export type LeftBehindReason = (typeof LEFT_BEHIND_REASONS)[number];

/** pending: awaiting a worker's review; confirmed / rejected: reviewed. */
export const FLAG_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** Roles that read the registry within their scope; residents read only themselves and their household (src/contracts/policy.ts). */
export const REGISTRY_READERS = POLICY['registry.review'].roles;
/** Roles that change the registry within their scope. */
export const REGISTRY_WRITERS = POLICY['registry.write'].roles;
/** Roles that may see full ID and phone numbers (audited) within their scope. */
export const PERSONAL_DATA_REVEALERS = POLICY['registry.reveal'].roles;

/** Limits both sides respect. */
export const RESIDENTS_LIMITS = {
  nameMaxLength: 40,
  addressMaxLength: 200,
  householdNumberMaxLength: 32,
  notesMaxLength: 1000,
  awayToMaxLength: 100,
  ethnicityMaxLength: 16,
  reasonMaxLength: 500,
  importRowsMax: 250_000,
  importBytesMax: 80 * 1024 * 1024,
  exportRowsMax: 100_000,
} as const;
