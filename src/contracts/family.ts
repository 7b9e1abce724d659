/**
 * The family in the city (part "care: referrals and family"): a relative working away — a registry
 * person marked away (外出), or any resident account a worker linked after checking identity —
 * signs in as a resident and sees the care summary of their children or parents as far as the
 * consent to sharing allows, writes to the case worker, keeps their city address and phone current,
 * asks for a video call, and gives or withdraws consent. Every read by anyone is audited.
 *
 * Endpoints (under /api/v1; actions in src/contracts/policy.ts, block `care: referrals and family`):
 *
 *   GET  /family                                the family page: my contact, and each linked relative in care
 *   PUT  /family/contact                        my city address and phone (stored encrypted, shown masked)
 *   GET  /family/links/{id}/messages            my conversation with the worker about this relative
 *   POST /family/links/{id}/messages            write to the worker (kind message, or videoCallRequest with a time)
 *   POST /family/links/{id}/consents            give or withdraw consent (referral, sharing) as a guardian
 *   GET  /care/cases/{id}/family                the worker's view: the family links of the case's person, with contacts masked
 *   POST /care/cases/{id}/family                link a relative's resident account after checking identity
 *   POST /care/family-links/{id}/end            end a link (the relative no longer sees the page)
 *   GET  /care/cases/{id}/messages?familyUserId= a conversation with one family (marks their messages read)
 *   POST /care/cases/{id}/messages              write to a family
 *   GET  /care/family-messages                  conversations with families in my scope, unread first
 */
import { Type, type Static } from 'typebox';
import { CONSENT_PURPOSES } from './care-referrals.ts';

export const FAMILY_RELATIONS = ['parent', 'child', 'grandparent', 'sibling', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

export const FAMILY_MESSAGE_DIRECTIONS = ['fromFamily', 'toFamily'] as const;
export type FamilyMessageDirection = (typeof FAMILY_MESSAGE_DIRECTIONS)[number];

export const FAMILY_MESSAGE_KINDS = ['message', 'videoCallRequest'] as const;
export type FamilyMessageKind = (typeof FAMILY_MESSAGE_KINDS)[number];

export const FAMILY_LIMITS = {
  messageMaxLength: 1000,
  addressMaxLength: 200,
  identityCheckMaxLength: 300,
  messagesPage: 100,
} as const;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const FamilyMessage = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  familyUserId: Type.String(),
  direction: Type.Enum(FAMILY_MESSAGE_DIRECTIONS),
  kind: Type.Enum(FAMILY_MESSAGE_KINDS),
  body: Type.String(),
  proposedAt: Nullable(Type.String()),
  author: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});
export type FamilyMessage = Static<typeof FamilyMessage>;

export const NewFamilyMessage = Type.Object(
  {
    kind: Type.Optional(Type.Enum(FAMILY_MESSAGE_KINDS)),
    body: Type.String({ minLength: 1, maxLength: FAMILY_LIMITS.messageMaxLength }),
    /** For a video call request: when (ISO date-time, in the future). */
    proposedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type NewFamilyMessage = Static<typeof NewFamilyMessage>;

export const WorkerMessage = Type.Object(
  {
    familyUserId: Type.String({ minLength: 1, maxLength: 36 }),
    body: Type.String({ minLength: 1, maxLength: FAMILY_LIMITS.messageMaxLength }),
  },
  { additionalProperties: false },
);
export type WorkerMessage = Static<typeof WorkerMessage>;

export const FamilyContact = Type.Object({
  cityAddress: Nullable(Type.String()),
  /** Masked (138****5678): the full number is never sent back. */
  phoneMasked: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  version: Type.Integer({ minimum: 0 }),
});
export type FamilyContact = Static<typeof FamilyContact>;

export const FamilyContactInput = Type.Object(
  {
    cityAddress: Type.Union([Type.String({ minLength: 1, maxLength: FAMILY_LIMITS.addressMaxLength }), Type.Null()]),
    /** A mainland mobile or fixed-line number; null clears it; absent keeps it. */
    phone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 30 }), Type.Null()])),
    /** The version you read (0 before the first save). */
    version: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type FamilyContactInput = Static<typeof FamilyContactInput>;

/** What the family sees of the care: never the notes, the assessments or the risk factors. */
export const FamilyCareSummary = Type.Object({
  caseStatus: Type.String(),
  lastVisitOn: Nullable(Type.String()),
  lastVisitMode: Nullable(Type.String()),
  nextVisitDue: Nullable(Type.String()),
  worker: Type.Object({ name: Type.String(), phoneMasked: Nullable(Type.String()) }),
  openReferrals: Type.Integer({ minimum: 0 }),
});
export type FamilyCareSummary = Static<typeof FamilyCareSummary>;

export const FamilyRelative = Type.Object({
  linkId: Type.String(),
  personId: Type.String(),
  /** Given name shown as the family knows it. */
  name: Type.String(),
  relation: Type.Enum(FAMILY_RELATIONS),
  guardian: Type.Boolean(),
  areaName: Type.String(),
  consents: Type.Object({ referral: Type.Boolean(), sharing: Type.Boolean() }),
  /** Null when there is no open case, or sharing is not consented (`sharingConsented` false). */
  summary: Type.Union([FamilyCareSummary, Type.Null()]),
  sharingConsented: Type.Boolean(),
  unreadMessages: Type.Integer({ minimum: 0 }),
});
export type FamilyRelative = Static<typeof FamilyRelative>;

export const FamilyPage = Type.Object({
  contact: FamilyContact,
  relatives: Type.Array(FamilyRelative),
});
export type FamilyPage = Static<typeof FamilyPage>;

export const FamilyConsentChange = Type.Object(
  {
    purpose: Type.Enum(CONSENT_PURPOSES),
    given: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type FamilyConsentChange = Static<typeof FamilyConsentChange>;

// ---- the worker's side ----

export const FamilyLink = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  relativePersonId: Nullable(Type.String()),
  relation: Type.Enum(FAMILY_RELATIONS),
  guardian: Type.Boolean(),
  identityCheck: Type.String(),
  linkedBy: Nullable(Type.String()),
  linkedAt: Type.String(),
  endedAt: Nullable(Type.String()),
  contact: FamilyContact,
  unreadMessages: Type.Integer({ minimum: 0 }),
  version: Type.Integer(),
});
export type FamilyLink = Static<typeof FamilyLink>;

export const NewFamilyLink = Type.Object(
  {
    /** The relative's resident account (username); or leave it out and name their registry record. */
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** A registry person marked away whose record is linked to a resident account. */
    relativePersonId: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
    relation: Type.Enum(FAMILY_RELATIONS),
    guardian: Type.Boolean(),
    /** How you checked who they are (ID card seen by video, called the number on record …). */
    identityCheck: Type.String({ minLength: 2, maxLength: FAMILY_LIMITS.identityCheckMaxLength }),
  },
  { additionalProperties: false },
);
export type NewFamilyLink = Static<typeof NewFamilyLink>;

export const FamilyConversation = Type.Object({
  areaCode: Type.String(),
  caseId: Nullable(Type.String()),
  personId: Type.String(),
  personName: Type.String(),
  familyUserId: Type.String(),
  familyName: Type.String(),
  lastMessageAt: Type.String(),
  lastKind: Type.Enum(FAMILY_MESSAGE_KINDS),
  unread: Type.Integer({ minimum: 0 }),
});
export type FamilyConversation = Static<typeof FamilyConversation>;
