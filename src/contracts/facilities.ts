/** Facility vocabularies that server and web both speak (see the glossary). */

export const FACILITY_KINDS = [
  'comprehensive',
  'elderlyDayCare',
  'childrenHome',
  'healthStation',
  'cultureSports',
  'serviceWindow',
  'infoPoint',
  'other',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_STATUSES = ['planned', 'underConstruction', 'operating', 'closed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const CONSTRUCTION_MODES = ['new', 'coBuilt', 'renovated', 'expanded', 'repurposed'] as const;
export type ConstructionMode = (typeof CONSTRUCTION_MODES)[number];

export const FUNDING_SOURCES = ['collective', 'government', 'social'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/**
 * The status changes a facility may make. A plan may be abandoned (→ closed) and premises
 * that are repurposed or renovated may open without a construction phase; a closed facility
 * opens again only through an explicit reopen.
 */
export const STATUS_TRANSITIONS: Readonly<Record<FacilityStatus, readonly FacilityStatus[]>> = {
  planned: ['underConstruction', 'operating', 'closed'],
  underConstruction: ['operating', 'closed'],
  operating: ['closed'],
  closed: ['operating'],
};

/** The only transition that needs `reopen: true`. */
export function isReopen(from: FacilityStatus, to: FacilityStatus): boolean {
  return from === 'closed' && to === 'operating';
}

/** Limits both sides respect. */
export const FACILITY_LIMITS = {
  nameMaxLength: 100,
  servicesMax: 50,
  serviceMaxLength: 50,
  openingHoursMaxLength: 200,
  reasonMaxLength: 500,
  fundingEntriesMax: 50,
  /** m²: larger than any community facility, small enough to catch a unit typed wrong. */
  floorAreaMax: 100_000,
  /** yuan */
  fundingAmountMax: 1e10,
  importRowsMax: 5000,
  importBytesMax: 10 * 1024 * 1024,
  exportRowsMax: 100_000,
} as const;

/** Service radius defaults (km): the 15-minute walk in towns, a longer reach in the countryside. */
export const DEFAULT_RADIUS_KM = { urban: 1, rural: 3 } as const;
export const RADIUS_KM_MAX = 50;
