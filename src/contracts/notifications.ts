/**
 * Notifications: the in-app inbox of every user (applicants, agents, handlers) and the kinds of
 * message the platform sends. A message carries its kind and parameters, never a sentence: the
 * web words it in the reader's language (features/inbox/i18n), and each outbound channel (SMS,
 * WeChat …) words it for its medium.
 *
 * Endpoints (under /api/v1; action `inbox.read`, block `services: agency` of src/contracts/policy.ts):
 *
 *   GET  /inbox                 your messages, newest first (unread only with `unread=true`)
 *   GET  /inbox/unread-count    how many are unread (the header's badge)
 *   POST /inbox/{id}/read       mark one read
 *   POST /inbox/read-all        mark every one read
 */
import { Type, type Static } from 'typebox';

export const NOTIFICATION_KINDS = [
  /** A request moved to another status (params.from, params.to, params.action). */
  'requestStatusChanged',
  /** The unit asked for missing or corrected materials (补正). */
  'supplementRequested',
  /** A request's clock passed its warning share. */
  'requestWarning',
  /** A request's clock passed its limit. */
  'requestOverdue',
  /** A request was escalated (to the unit head or the level above). */
  'requestEscalated',
  /** A request was assigned to you. */
  'requestAssigned',
  /** An agent's own leg (hand the materials to the unit, return the result) nears its due date. */
  'agentLegWarning',
  /** An agent's own leg is past its due date. */
  'agentLegOverdue',
  /** The agent recorded a custody step of your errand. */
  'custodyStepRecorded',
  // -- market: sales --
  /** A producer confirmed less than was ordered: your order got its pro-rata share (params.itemName the round, params.note the product and units). */
  'marketShortage',
  /** A sales round you ordered in was cancelled (params.itemName the round). */
  'marketRoundCancelled',
  /** A sales round you ordered in was delivered to its pickup points: collect and confirm receipt. */
  'marketRoundDelivered',
  // -- end market: sales --
  // -- care: cases --
  /** A care visit of a case you own is past its due day (params.principalName: the person in care, params.dueAt). */
  'careVisitOverdue',
  /** A care visit is overdue past the escalation days (no longer sent: the supervisors get careVisitSummary). */
  'careVisitEscalated',
  /** The daily sweep's summary to a supervisor: visits of their area that became overdue (params.from) and were escalated (params.to) on params.dueAt; params.itemName the area. */
  'careVisitSummary',
  /** A case asks for your approval (a risk change or closing; params.action is the kind). */
  'careApprovalRequested',
  /** Your approval request was decided (params.to: approved or rejected). */
  'careApprovalDecided',
  /** An organization (or a unit) answered a referral of a case you work on (params.to: accepted or rejected, params.note). */
  'careReferralAnswered',
  /** The family of a person in your care wrote (params.action: message or videoCallRequest). */
  'careFamilyMessage',
  // -- end care: cases --
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a message says, for the reader's language to word; every value optional and plain. */
export const NotificationParams = Type.Object({
  requestNumber: Type.Optional(Type.String()),
  itemName: Type.Optional(Type.String()),
  itemCode: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  dueAt: Type.Optional(Type.String()),
  step: Type.Optional(Type.String()),
  principalName: Type.Optional(Type.String()),
  level: Type.Optional(Type.Integer()),
});
export type NotificationParams = Static<typeof NotificationParams>;

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  areaCode: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  params: NotificationParams,
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const InboxQuery = {
  unread: Type.Optional(Type.Boolean({ description: 'only unread messages' })),
};

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
export type UnreadCount = Static<typeof UnreadCount>;

export const MarkedRead = Type.Object({ marked: Type.Integer({ minimum: 0 }) });
export type MarkedRead = Static<typeof MarkedRead>;
