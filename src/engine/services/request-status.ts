/**
 * The life of a service request (办件) as a state machine: which action moves it from which status
 * to which, and whose side takes it (the deciding unit's handler, or the applicant's side: the
 * applicant, their agent, or the window worker who filed for them). Pure: the service checks roles
 * and scope, then asks here whether the step is allowed and where it leads.
 *
 *   submitted ─accept→ accepted ─start→ inProgress ⇄ awaitingSupplement (requestSupplement / supplement)
 *       │ notAccept → notAccepted                     inProgress ─decide→ decided ─deliver→ delivered ─close→ closed
 *       │ transfer → transferred (the new unit accepts, or transfers again)            closed ─reopen→ inProgress (once)
 *   withdraw (applicant) from any open status before the decision; markDuplicate before the work starts.
 */
import type { RequestAction, RequestStatus } from '../../contracts/service-requests.ts';

export type Side = 'handler' | 'applicant';

interface Step {
  readonly from: readonly RequestStatus[];
  readonly to: RequestStatus;
  readonly side: Side;
}

const BEFORE_WORK: readonly RequestStatus[] = ['submitted', 'transferred'];

export const STEPS: Readonly<Record<RequestAction, Step>> = {
  accept: { from: BEFORE_WORK, to: 'accepted', side: 'handler' },
  notAccept: { from: BEFORE_WORK, to: 'notAccepted', side: 'handler' },
  start: { from: ['accepted'], to: 'inProgress', side: 'handler' },
  requestSupplement: { from: ['accepted', 'inProgress'], to: 'awaitingSupplement', side: 'handler' },
  decide: { from: ['inProgress'], to: 'decided', side: 'handler' },
  deliver: { from: ['decided'], to: 'delivered', side: 'handler' },
  close: { from: ['delivered'], to: 'closed', side: 'handler' },
  transfer: { from: ['submitted', 'transferred', 'accepted', 'inProgress'], to: 'transferred', side: 'handler' },
  markDuplicate: { from: ['submitted', 'transferred', 'accepted'], to: 'duplicate', side: 'handler' },
  supplement: { from: ['awaitingSupplement'], to: 'inProgress', side: 'applicant' },
  withdraw: { from: ['submitted', 'transferred', 'accepted', 'inProgress', 'awaitingSupplement'], to: 'withdrawn', side: 'applicant' },
  reopen: { from: ['closed'], to: 'inProgress', side: 'applicant' },
};

export const ACTIONS = Object.keys(STEPS) as RequestAction[];

/** Statuses after which nothing more happens (closed may still be rated and, once, reopened). */
export const FINAL_STATUSES: readonly RequestStatus[] = ['notAccepted', 'closed', 'withdrawn', 'duplicate'];

export type TransitionVerdict =
  | { readonly allowed: true; readonly to: RequestStatus; readonly side: Side }
  | { readonly allowed: false; readonly reason: 'status'; readonly from: RequestStatus; readonly action: RequestAction; readonly allowedFrom: readonly RequestStatus[] };

/** Whether `action` may be taken on a request in `status`, and the status it leads to. */
export function transition(status: RequestStatus, action: RequestAction): TransitionVerdict {
  const step = STEPS[action];
  if (!step.from.includes(status)) return { allowed: false, reason: 'status', from: status, action, allowedFrom: step.from };
  return { allowed: true, to: step.to, side: step.side };
}

/** The actions a side may take now. */
export function actionsFrom(status: RequestStatus, side: Side): RequestAction[] {
  return ACTIONS.filter((a) => STEPS[a].side === side && STEPS[a].from.includes(status));
}

export function sideOf(action: RequestAction): Side {
  return STEPS[action].side;
}

/** Whether a request in `status` counts as someone's open work. */
export function isOpen(status: RequestStatus): boolean {
  return !FINAL_STATUSES.includes(status);
}

/** Whether the request has been decided (counted by the on-time indicator once). */
export function isDecided(status: RequestStatus): boolean {
  return status === 'decided' || status === 'delivered' || status === 'closed';
}

/** A rating may be given once, after closure. */
export function mayRate(status: RequestStatus, alreadyRated: boolean): boolean {
  return status === 'closed' && !alreadyRated;
}

export type ReopenRefusal = 'status' | 'notRated' | 'satisfied' | 'tooLate' | 'alreadyReopened';

/**
 * Whether a closed request may be reopened: rated dissatisfied (score ≤ `dissatisfiedAtMost`),
 * within `windowDays` calendar days of closure, and never reopened before.
 */
export function reopenRefusal(input: {
  status: RequestStatus;
  ratingScore: number | null;
  closedAt: string | null;
  reopenedBefore: boolean;
  now: string;
  windowDays: number;
  dissatisfiedAtMost: number;
}): ReopenRefusal | null {
  if (input.status !== 'closed' || input.closedAt === null) return 'status';
  if (input.reopenedBefore) return 'alreadyReopened';
  if (input.ratingScore === null) return 'notRated';
  if (input.ratingScore > input.dissatisfiedAtMost) return 'satisfied';
  if (Date.parse(input.now) > Date.parse(input.closedAt) + input.windowDays * 86_400_000) return 'tooLate';
  return null;
}

/** The rating on the 0–100 scale the satisfaction indicator averages: 1 → 0, 5 → 100. */
export function ratingPoints(score: number): number {
  return (score - 1) * 25;
}
