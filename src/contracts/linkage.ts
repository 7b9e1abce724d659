/**
 * Vocabulary of the tri-party linkage (三社联动), procurement half: needs and supports, projects,
 * calls, bids, scores, complaints, contracts. Values the web imports; API shapes are in linkage-api.ts.
 * The migration 2026120901_linkage_procurement froze copies of these lists.
 */

export const NEED_CATEGORIES = ['elderly', 'children', 'disabled', 'youth', 'women', 'hardship', 'health', 'culture', 'environment', 'safety', 'livelihood', 'other'] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** `portal`: raised by a resident; `worker`: recorded by a worker on residents' behalf, with evidence. */
export const NEED_CHANNELS = ['portal', 'worker'] as const;
export type NeedChannel = (typeof NEED_CHANNELS)[number];

/** Where a worker heard a need: a residents' meeting, a door-to-door survey, a visit. */
export const NEED_EVIDENCE_KINDS = ['meeting', 'survey', 'visit', 'other'] as const;
export type NeedEvidenceKind = (typeof NEED_EVIDENCE_KINDS)[number];

export const NEED_STATUSES = ['open', 'underConsideration', 'takenUp', 'notTakenUp', 'merged'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** The community's answer to a need; `notTakenUp` needs a reason. */
export const NEED_DECISIONS = ['underConsideration', 'takenUp', 'notTakenUp'] as const;
export type NeedDecision = (typeof NEED_DECISIONS)[number];

export const SUPPORT_CHANNELS = ['portal', 'inPerson'] as const;
export type SupportChannel = (typeof SUPPORT_CHANNELS)[number];

/** 政府购买服务 / 福彩公益金 / 慈善 / 村集体. */
export const FUNDING_SOURCES = ['governmentPurchase', 'welfareLottery', 'charity', 'villageCollective'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** A project's life: designed by the community, put to a call, awarded, contracted, delivered, closed. */
export const PROJECT_STATUSES = ['draft', 'designed', 'calling', 'awarded', 'contracted', 'delivering', 'closed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const INDICATOR_KINDS = ['output', 'outcome'] as const;
export type ProjectIndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Registry categories a target group's count can come from. */
export const TARGET_KINDS = ['leftBehindChild', 'leftBehindElderly', 'leftBehindWoman', 'elderly', 'disabled', 'hardship', 'residents'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const CALL_MODES = ['open', 'invitation'] as const;
export type CallMode = (typeof CALL_MODES)[number];

/**
 * A call: `draft` → `open` (enquiries until questions_until, bids until the submission deadline) →
 * `evaluation` (panel scores, sealed) → `notice` (result published, complaint window) → `awarded` →
 * `contracted`; `cancelled` from any state before the contract.
 */
export const CALL_STATUSES = ['draft', 'open', 'evaluation', 'notice', 'awarded', 'contracted', 'cancelled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const BID_STATUSES = ['submitted', 'withdrawn', 'awarded', 'notAwarded'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const DECLARATIONS = ['pending', 'noConflict', 'conflict'] as const;
export type Declaration = (typeof DECLARATIONS)[number];

/** submitted → answered → escalated → resolved / rejected; withdrawn by the complainant before a decision. */
export const COMPLAINT_STATES = ['submitted', 'answered', 'escalated', 'resolved', 'rejected', 'withdrawn'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
/** States in which a complaint still blocks the award and the contract. */
export const OPEN_COMPLAINT_STATES: readonly ComplaintState[] = ['submitted', 'answered', 'escalated'];

/** Rules a bid can break; each 409 names one. */
export const BID_RULES = ['deadline', 'notOpen', 'notInvited', 'organizationStatus', 'organizationRating', 'socialWorkers', 'duplicate'] as const;
export type BidRule = (typeof BID_RULES)[number];

export const LINKAGE_LIMITS = {
  titleMaxLength: 100,
  textMaxLength: 4000,
  documentMaxLength: 50_000,
  photoMaxLength: 400_000,
  needsPerProjectMax: 50,
  communitiesPerProjectMax: 50,
  budgetLinesMax: 50,
  indicatorsMax: 30,
  phasesMax: 20,
  criteriaMax: 20,
  teamMax: 50,
  panelMax: 15,
  milestonesMax: 20,
  moneyMaxCents: 1e12,
} as const;
