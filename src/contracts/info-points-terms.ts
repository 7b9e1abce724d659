/**
 * The words and limits of information points, without TypeBox: the schemas of info-points.ts use
 * them, and the web imports them as values (the register's options and the status moves it offers).
 */
export const INFO_POINT_LIMITS = {
  nameMaxLength: 60,
  openingHoursMaxLength: 120,
  residentNameMaxLength: 40,
  noteMaxLength: 200,
  reasonMaxLength: 200,
  /** A service is recorded within a week of giving it (a log is kept daily, not rewritten later). */
  recordDaysBackMax: 7,
} as const;

/** What a point has to work with. */
export const INFO_POINT_EQUIPMENT = ['computer', 'printer', 'selfServiceTerminal', 'network'] as const;
export type InfoPointEquipment = (typeof INFO_POINT_EQUIPMENT)[number];

/** The four services the plan names: 便民服务, 电商, 培训, 公益. */
export const INFO_POINT_SERVICES = ['convenience', 'ecommerce', 'training', 'publicWelfare'] as const;
export type InfoPointService = (typeof INFO_POINT_SERVICES)[number];

export const INFO_POINT_STATUSES = ['preparing', 'operating', 'suspended', 'closed'] as const;
export type InfoPointStatus = (typeof INFO_POINT_STATUSES)[number];

/** Status changes a point may make; a closed point opens again only by an explicit reopen (→ preparing). */
export const INFO_POINT_TRANSITIONS: Readonly<Record<InfoPointStatus, readonly InfoPointStatus[]>> = {
  preparing: ['operating', 'closed'],
  operating: ['suspended', 'closed'],
  suspended: ['operating', 'closed'],
  closed: ['preparing'],
};

/**
 * One service given at a point, by the service it belongs to: payments (缴费) and agency (代办)
 * are 便民服务; selling produce online is 电商; training and public-welfare information as named.
 */
export const SERVICE_LOG_KINDS = ['payment', 'agency', 'ecommerce', 'training', 'publicWelfare'] as const;
export type ServiceLogKind = (typeof SERVICE_LOG_KINDS)[number];
export const SERVICE_OF_LOG_KIND: Readonly<Record<ServiceLogKind, InfoPointService>> = {
  payment: 'convenience',
  agency: 'convenience',
  ecommerce: 'ecommerce',
  training: 'training',
  publicWelfare: 'publicWelfare',
};

/** A community is urban or rural (its override, else its statistical kind). */
export const URBAN_RURAL = ['urban', 'rural'] as const;
