/**
 * Care: case plans, referrals and consents (part "care: referrals and family"). The API shapes the
 * server's routes validate with and the web reads as `Static<>` types.
 *
 * Endpoints (under /api/v1; actions in src/contracts/policy.ts, block `care: referrals and family`):
 *
 *   GET  /care/cases/{id}/plan             the case plan: goals and services to provide (null before the first)
 *   PUT  /care/cases/{id}/plan             write it (optimistic: `version` of the plan read, 409 when stale)
 *   GET  /care/cases/{id}/referrals        the case's referrals with their timelines (every read audited)
 *   POST /care/cases/{id}/referrals        refer to a service item, an organization or a facility: needs the person's
 *                                          (or guardian's) consent to referrals, else 409 `consent_required` unless a
 *                                          supervisor records an emergency override with a reason
 *   GET  /care/referrals                   referrals in your scope (status, target kind, overdue answer)
 *   GET  /care/referrals/received          referrals received by your organization (an organization member)
 *   GET  /care/referrals/{id}              one referral (an organization member: one their organization received)
 *   POST /care/referrals/{id}/accept       the receiver accepts it (an organization member for their organization; staff
 *   POST /care/referrals/{id}/reject       for a facility or a service item) — 409 unless it is in progress
 *   POST /care/referrals/{id}/done         the case team: the service was delivered (409 unless accepted)
 *   POST /care/referrals/{id}/revoke       the case team withdraws it while open (409 once answered no or closed)
 *   GET  /care/cases/{id}/consents         the consents on record for the person in care
 *   POST /care/cases/{id}/consents         record a consent given in person, by signed form or by phone
 *   POST /care/consents/{id}/withdraw      withdraw it; referrals need a fresh one from then on
 */
import { Type, type Static } from 'typebox';
import { FormValues } from './service-requests.ts';

// ---- vocabularies ----

/** What a referral hands the need to. */
export const REFERRAL_TARGET_KINDS = ['serviceItem', 'organization', 'facility'] as const;
export type ReferralTargetKind = (typeof REFERRAL_TARGET_KINDS)[number];

/** in progress → accepted / rejected (by the receiver) → done (accepted, then delivered) / revoked (by the team, while open). */
export const REFERRAL_STATUSES = ['inProgress', 'accepted', 'rejected', 'done', 'revoked'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The statuses in which a referral is still open (closing a case with one is refused). */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['inProgress', 'accepted'];

export const REFERRAL_ACTIONS = ['accept', 'reject', 'done', 'revoke'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Which status each action needs and leads to. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus }>> = {
  accept: { from: ['inProgress'], to: 'accepted' },
  reject: { from: ['inProgress'], to: 'rejected' },
  done: { from: ['accepted'], to: 'done' },
  revoke: { from: ['inProgress', 'accepted'], to: 'revoked' },
};

/** On what a referral rests: the consent on record, or a supervisor's emergency override. */
export const REFERRAL_BASES = ['consent', 'emergencyOverride'] as const;
export type ReferralBasis = (typeof REFERRAL_BASES)[number];

/** What a consent allows: referrals to others, or sharing the care summary with the family. */
export const CONSENT_PURPOSES = ['referral', 'sharing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_GIVERS = ['self', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_METHODS = ['inPerson', 'signedForm', 'familyPage', 'phone'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CARE_REFERRAL_LIMITS = {
  needMaxLength: 1000,
  noteMaxLength: 1000,
  reasonMinLength: 4,
  reasonMaxLength: 500,
  nameMaxLength: 100,
  goalsMax: 20,
  goalMaxLength: 300,
  servicesMax: 20,
  serviceMaxLength: 200,
  /** Default working time for a receiver to answer, in days. */
  respondWithinDaysDefault: 5,
  respondWithinDaysMax: 60,
} as const;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });

// ---- case plan ----

export const CarePlanGoal = Type.Object({ text: Text(CARE_REFERRAL_LIMITS.goalMaxLength), done: Type.Boolean() }, { additionalProperties: false });

export const CarePlan = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  areaCode: Type.String(),
  goals: Type.Array(CarePlanGoal),
  services: Type.Array(Type.String()),
  reviewOn: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type CarePlan = Static<typeof CarePlan>;

export const CarePlanInput = Type.Object(
  {
    goals: Type.Array(CarePlanGoal, { maxItems: CARE_REFERRAL_LIMITS.goalsMax }),
    services: Type.Array(Text(CARE_REFERRAL_LIMITS.serviceMaxLength), { maxItems: CARE_REFERRAL_LIMITS.servicesMax }),
    reviewOn: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    /** The version of the plan you read; absent for the first plan. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CarePlanInput = Static<typeof CarePlanInput>;

// ---- referrals ----

export const ReferralEvent = Type.Object({
  at: Type.String(),
  username: Nullable(Type.String()),
  action: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  note: Nullable(Type.String()),
});

export const Referral = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  areaCode: Type.String(),
  personId: Type.String(),
  /** The person's name as the receiver may see it: whole for the case team, masked (张*) for a receiving organization. */
  personName: Type.String(),
  target: Type.Object({ kind: Type.Enum(REFERRAL_TARGET_KINDS), id: Type.String(), name: Type.String() }),
  need: Type.String(),
  status: Type.Enum(REFERRAL_STATUSES),
  basis: Type.Enum(REFERRAL_BASES),
  overrideReason: Nullable(Type.String()),
  overrideBy: Nullable(Type.String()),
  respondBy: Type.String(),
  /** Still in progress after its expected response time. */
  answerOverdue: Type.Boolean(),
  respondedAt: Nullable(Type.String()),
  responseNote: Nullable(Type.String()),
  serviceRequestId: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  version: Type.Integer(),
  /** What the reader may do with it now. */
  allowedActions: Type.Array(Type.Enum(REFERRAL_ACTIONS)),
  events: Type.Array(ReferralEvent),
});
export type Referral = Static<typeof Referral>;

export const NewReferral = Type.Object(
  {
    targetKind: Type.Enum(REFERRAL_TARGET_KINDS),
    /** The item code, organization id or facility id. */
    targetId: Type.String({ minLength: 1, maxLength: 64 }),
    need: Text(CARE_REFERRAL_LIMITS.needMaxLength),
    /** Days the receiver has to answer (default 5). */
    respondWithinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: CARE_REFERRAL_LIMITS.respondWithinDaysMax })),
    /** A supervisor's emergency override of missing consent: the reason is required. */
    emergencyOverride: Type.Optional(Type.Object({ reason: Text(CARE_REFERRAL_LIMITS.reasonMaxLength, CARE_REFERRAL_LIMITS.reasonMinLength) }, { additionalProperties: false })),
    /** For a service item: also file a service request for the person in the services module. */
    openServiceRequest: Type.Optional(Type.Boolean()),
    /** The item's form, for the request opened with it (the services module checks it: 400 naming the field). */
    formValues: Type.Optional(FormValues),
  },
  { additionalProperties: false },
);
export type NewReferral = Static<typeof NewReferral>;

export const ReferralTransition = Type.Object(
  {
    note: Type.Optional(Text(CARE_REFERRAL_LIMITS.noteMaxLength)),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ReferralTransition = Static<typeof ReferralTransition>;

export const ReferralListQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  status: Type.Optional(Type.Enum(REFERRAL_STATUSES)),
  targetKind: Type.Optional(Type.Enum(REFERRAL_TARGET_KINDS)),
  /** Only those still in progress past their expected response time. */
  overdue: Type.Optional(Type.Boolean()),
};

// ---- consents ----

export const Consent = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  purpose: Type.Enum(CONSENT_PURPOSES),
  givenBy: Type.Enum(CONSENT_GIVERS),
  givenByName: Type.String(),
  method: Type.Enum(CONSENT_METHODS),
  note: Nullable(Type.String()),
  givenAt: Type.String(),
  recordedBy: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  withdrawnBy: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type Consent = Static<typeof Consent>;

export const NewConsent = Type.Object(
  {
    purpose: Type.Enum(CONSENT_PURPOSES),
    givenBy: Type.Enum(CONSENT_GIVERS),
    givenByName: Text(CARE_REFERRAL_LIMITS.nameMaxLength),
    method: Type.Enum(CONSENT_METHODS.filter((m) => m !== 'familyPage') as ['inPerson', 'signedForm', 'phone']),
    note: Type.Optional(Text(CARE_REFERRAL_LIMITS.noteMaxLength)),
  },
  { additionalProperties: false },
);
export type NewConsent = Static<typeof NewConsent>;

export const WithdrawConsent = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export type WithdrawConsent = Static<typeof WithdrawConsent>;
