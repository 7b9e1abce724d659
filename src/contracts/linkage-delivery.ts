/**
 * Vocabulary of the tri-party linkage, delivery half (执行实施, 监督评估): activities, milestones,
 * evidence, evaluation rounds. Values the web imports; API shapes are in linkage-delivery-api.ts.
 * The migration 2026120911_linkage_delivery froze copies of these lists; the rater kinds and grades
 * match the engine's (src/engine/linkage/evaluation.ts, progress.ts; a unit test holds them equal).
 */

/** Who rates a delivered project: participating residents, the community committee, the funder, an independent evaluator. */
export const RATER_KINDS = ['residents', 'committee', 'funder', 'evaluator'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

/** 优秀 ≥ 90 / 良好 ≥ 80 / 合格 ≥ 60 / 不合格. */
export const EVALUATION_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** The template a round takes when it names none (weights in percent). */
export const DEFAULT_EVALUATION_TEMPLATE: readonly { kind: RaterKind; weight: number }[] = [
  { kind: 'residents', weight: 30 },
  { kind: 'committee', weight: 20 },
  { kind: 'funder', weight: 20 },
  { kind: 'evaluator', weight: 30 },
];

/** Roles that record a participating resident's paper evaluation form on their behalf (naming the person). */
export const PAPER_FORM_RECORDERS = ['admin', 'communityWorker', 'socialWorker'] as const;

export const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** 小组活动 / 课堂 / 入户探访 / 社区活动 / 培训 / 会议 / 其他. */
export const ACTIVITY_KINDS = ['group', 'class', 'visit', 'event', 'training', 'meeting', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const EVIDENCE_KINDS = ['photo', 'document'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Project statuses in which delivery is recorded: once contracted, until closed. */
export const DELIVERY_PROJECT_STATUSES = ['contracted', 'delivering'] as const;

export const DELIVERY_LIMITS = {
  titleMaxLength: 100,
  textMaxLength: 2000,
  attendeesPerRequestMax: 200,
  milestonesMax: 30,
  volunteerMinutesMax: 24 * 60,
  moneyMaxCents: 1e12,
} as const;
