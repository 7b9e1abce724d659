/**
 * Community and social workers (社区工作者、社会工作者): the registry's vocabulary, which server and
 * web both import for its values (the API shapes are in workers-api.ts, so TypeBox stays out of the
 * web bundle). See docs/people.md for what each word means and how the indicators count.
 */

/**
 * Kinds of post: 社区工作者, 社会工作者 (a social-work post), 乡镇（街道）社会工作服务站 staff,
 * 儿童主任 (village), 儿童督导员 (township), other.
 */
export const POST_KINDS = ['communityWorker', 'socialWorker', 'stationStaff', 'childrenDirector', 'childrenSupervisor', 'other'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** 助理社会工作师 / 社会工作师 / 高级社会工作师. */
export const QUALIFICATION_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];

/** declared → verified (with evidence, by whom) or rejected (with the reason). */
export const QUALIFICATION_STATUSES = ['declared', 'verified', 'rejected'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

export const WORKER_LIMITS = {
  nameMaxLength: 50,
  titleMaxLength: 100,
  noteMaxLength: 500,
  certificateMaxLength: 40,
  hoursMax: 2000,
  /** Continuing-education hours a registration period may require, at most. */
  requirementMax: 1000,
  exportRowsMax: 20_000,
  importRowsMax: 5000,
  importBytesMax: 10 * 1024 * 1024,
} as const;

/**
 * Continuing-education hours per registration period, by qualification level, until an admin
 * sets others (PUT /workers/requirements): 72 hours for assistant and intermediate social workers
 * and 90 for senior ones, as 《社会工作者继续教育办法》 asks per registration period.
 */
export const DEFAULT_EDUCATION_HOURS: Readonly<Record<QualificationLevel, number>> = { assistant: 72, intermediate: 72, senior: 90 };

export interface WorkerFilter {
  area?: string;
  q?: string;
  postKind?: PostKind;
  qualification?: QualificationLevel | 'none';
  urbanRural?: 'urban' | 'rural';
  /** `pending`: a qualification declared and not yet decided (verified or rejected). */
  verification?: 'pending';
}
