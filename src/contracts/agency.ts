/**
 * Full-process entrusted agency (全程委托代理): mandates (授权委托书), the custody steps of the
 * materials an agent carries, and the errands (代办件) an agent files under a mandate. The API
 * shapes the server's routes validate with and the web reads as `Static<>` types.
 *
 * Endpoints (under /api/v1; actions in src/contracts/policy.ts, block `services: agency`):
 *
 *   GET  /agency/principals?q=             registry persons in your scope an agent may act for, by name (Simplified, Traditional)
 *                                          or pinyin initials (every search audited)
 *   GET  /mandates                         mandates in your scope (an agent: their own; a resident: where they are the principal)
 *   POST /mandates                         record a mandate with its consent evidence (a signed form, or consent before a witness)
 *   GET  /mandates/{id}                    one mandate
 *   GET  /mandates/{id}/consent-form       the uploaded signed form itself (every read audited)
 *   POST /mandates/{id}/revoke             revoke it; new filings under it are refused from then on
 *   GET  /errands                          an agent's cases (requests filed under a mandate) with their custody stage and due dates
 *   GET  /errands/{requestId}              one case with its custody steps
 *   POST /errands/{requestId}/custody      record the next custody step (order enforced: 409 naming both steps)
 *   GET  /service-requests/{id}/receipt.pdf   受理回执 (kind=acceptance, any accepted request) or 代办回执 (kind=handBack,
 *                                          an errand returned to the resident) as a printable PDF, in `lang` or Accept-Language
 */
import { Type, type Static, type TSchema } from 'typebox';

// ---- vocabularies ----

/** What a mandate covers: listed catalog items, or one request. */
export const MANDATE_COVERAGES = ['items', 'request'] as const;
export type MandateCoverage = (typeof MANDATE_COVERAGES)[number];

/** How the principal's consent is evidenced: an uploaded signed form, or consent given before a witness. */
export const CONSENT_KINDS = ['signedForm', 'witnessed'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** A mandate's standing on a given day. */
export const MANDATE_STATUSES = ['active', 'notYetValid', 'expired', 'revoked'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

/** Why a filing under a mandate is refused (403 `mandate_required`, `details.reason`). */
export const MANDATE_REFUSALS = ['missing', 'revoked', 'expired', 'notYetValid', 'notCovering', 'agentOutOfScope'] as const;
export type MandateRefusal = (typeof MANDATE_REFUSALS)[number];

/** Custody of the materials, in this order: received from the resident → handed to the unit → result collected → returned to the resident. */
export const CUSTODY_STEPS = ['received', 'handedToUnit', 'resultCollected', 'returned'] as const;
export type CustodyStep = (typeof CUSTODY_STEPS)[number];

/** The agent's own legs, each with its own time limit in working days: from one step to the next one the agent owes. */
export const AGENT_LEGS = { handedToUnit: 'received', returned: 'resultCollected' } as const satisfies Partial<Record<CustodyStep, CustodyStep>>;

/** How the resident confirmed the return of the result and materials. */
export const CONFIRMATION_KINDS = ['signature', 'fingerprint', 'inPersonWithWitness'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];

/** How an agent's leg stands against its limit. */
export const LEG_STANDINGS = ['onTime', 'warning', 'overdue'] as const;
export type LegStanding = (typeof LEG_STANDINGS)[number];

export const RECEIPT_KINDS = ['acceptance', 'handBack'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** Types a signed consent form may have (sniffed from its bytes, not its name). */
export const CONSENT_FORM_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;

export const AGENCY_LIMITS = {
  /** A mandate lasts at most this many days (a new one is signed after). */
  validityDaysMax: 366,
  itemCodesMax: 50,
  /** The signed form, decoded; the request body carries it as base64 (4/3 larger). */
  consentFormBytesMax: 5 * 1024 * 1024,
  nameMaxLength: 100,
  noteMaxLength: 1000,
  reasonMaxLength: 500,
  custodyItemsMax: 50,
  custodyItemMaxLength: 200,
  /** Default working days for the agent's legs (config may change them). */
  handToUnitDaysDefault: 2,
  returnToResidentDaysDefault: 2,
  /** A leg warns from this share of its limit. */
  legWarningShare: 0.5,
} as const;

// ---- shared pieces ----

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 36 });
const Timestamp = Type.String({ description: 'ISO 8601' });
export const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const ItemCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });

// ---- mandates ----

export const ConsentFile = Type.Object({
  sha256: Type.String(),
  mediaType: Type.String({ description: 'sniffed from the content' }),
  size: Type.Integer(),
});

export const Mandate = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the principal’s community (12 digits)' }),
  principal: Type.Object({ personId: Type.String(), name: Type.String() }),
  agent: Type.Object({ userId: Type.String(), username: Type.String(), displayName: Type.String() }),
  coverage: Type.Enum(MANDATE_COVERAGES),
  itemCodes: Type.Array(Type.String(), { description: 'coverage items: the catalog items the agent may file' }),
  requestId: Nullable(Type.String({ description: 'coverage request: the one request it covers' })),
  validFrom: DateOnly,
  validUntil: DateOnly,
  consent: Type.Object({
    kind: Type.Enum(CONSENT_KINDS),
    file: Nullable(ConsentFile),
    witnessName: Nullable(Type.String()),
    witnessNote: Nullable(Type.String()),
  }),
  status: Type.Enum(MANDATE_STATUSES, { description: 'on today’s date (China Standard Time)' }),
  revokedAt: Nullable(Timestamp),
  revokedBy: Nullable(Type.String()),
  revocationReason: Nullable(Type.String()),
  createdAt: Timestamp,
  createdBy: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Mandate = Static<typeof Mandate>;

export const NewMandate = Type.Object(
  {
    principalPersonId: Id,
    agentUserId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'default: yourself (an agent)' })),
    coverage: Type.Enum(MANDATE_COVERAGES),
    itemCodes: Type.Optional(Type.Array(ItemCode, { maxItems: AGENCY_LIMITS.itemCodesMax, description: 'coverage items: at least one' })),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'coverage request: the request it covers' })),
    validFrom: DateOnly,
    validUntil: DateOnly,
    consentKind: Type.Enum(CONSENT_KINDS),
    consentFormBase64: Type.Optional(
      Type.String({
        minLength: 4,
        maxLength: Math.ceil(AGENCY_LIMITS.consentFormBytesMax / 3) * 4,
        pattern: '^[A-Za-z0-9+/]+={0,2}$',
        description: 'signedForm: the signed form (PDF, JPEG, PNG or WebP), base64',
      }),
    ),
    witnessName: Type.Optional(Type.String({ minLength: 1, maxLength: AGENCY_LIMITS.nameMaxLength, description: 'witnessed: who witnessed the consent' })),
    witnessNote: Type.Optional(Type.String({ maxLength: AGENCY_LIMITS.noteMaxLength })),
  },
  { additionalProperties: false },
);
export type NewMandate = Static<typeof NewMandate>;

export const RevokeMandate = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: AGENCY_LIMITS.reasonMaxLength }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the version you read; a stale one is a 409' })),
  },
  { additionalProperties: false },
);
export type RevokeMandate = Static<typeof RevokeMandate>;

export const MandateListQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  status: Type.Optional(Type.Enum(MANDATE_STATUSES)),
  principalPersonId: Type.Optional(Id),
  agentUserId: Type.Optional(Id),
};

export const Principal = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  sex: Type.String(),
  birthYear: Type.Integer(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
});
export type Principal = Static<typeof Principal>;

export const PrincipalQuery = {
  q: Type.String({ minLength: 1, maxLength: 40, description: 'a name or its beginning (Simplified or Traditional), or pinyin initials' }),
};

// ---- custody and errands ----

export const CustodyRecord = Type.Object({
  id: Type.String(),
  step: Type.Enum(CUSTODY_STEPS),
  at: Timestamp,
  by: Nullable(Type.String({ description: 'the user who recorded it' })),
  items: Type.Array(Type.String()),
  note: Nullable(Type.String()),
  confirmation: Nullable(Type.Enum(CONFIRMATION_KINDS, { description: 'returned: how the resident confirmed' })),
  confirmedBy: Nullable(Type.String({ description: 'returned: who confirmed (the resident, or for them)' })),
  dueBy: Nullable(DateOnly),
  late: Type.Boolean({ description: 'an agent’s leg recorded after its due date' }),
});
export type CustodyRecord = Static<typeof CustodyRecord>;

export const AgentLeg = Type.Object({
  step: Type.Enum(CUSTODY_STEPS, { description: 'the step the agent owes next' }),
  since: Timestamp,
  limitDays: Type.Integer({ description: 'working days' }),
  warnFrom: DateOnly,
  dueBy: DateOnly,
  standing: Type.Enum(LEG_STANDINGS),
});
export type AgentLeg = Static<typeof AgentLeg>;

export const Errand = Type.Object({
  requestId: Type.String(),
  areaCode: Type.String(),
  mandateId: Type.String(),
  agentUserId: Type.String(),
  principalPersonId: Type.String(),
  principalName: Type.String(),
  itemCode: Type.String(),
  requestNumber: Nullable(Type.String()),
  requestStatus: Nullable(Type.String({ description: 'the request’s latest status (src/contracts/service-requests.ts)' })),
  filedAt: Timestamp,
  lastStep: Nullable(Type.Enum(CUSTODY_STEPS)),
  nextStep: Nullable(Type.Enum(CUSTODY_STEPS)),
  /** The leg the agent owes now, with its clock; null while the unit holds the case or once returned. */
  leg: Nullable(AgentLeg),
});
export type Errand = Static<typeof Errand>;

export const ErrandDetail = Type.Object({
  ...Errand.properties,
  steps: Type.Array(CustodyRecord),
});
export type ErrandDetail = Static<typeof ErrandDetail>;

export const ErrandListQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  open: Type.Optional(Type.Boolean({ description: 'only cases not yet returned to the resident' })),
  standing: Type.Optional(Type.Enum(LEG_STANDINGS)),
};

export const NewCustodyStep = Type.Object(
  {
    step: Type.Enum(CUSTODY_STEPS),
    items: Type.Array(Type.String({ minLength: 1, maxLength: AGENCY_LIMITS.custodyItemMaxLength }), {
      minItems: 1,
      maxItems: AGENCY_LIMITS.custodyItemsMax,
      description: 'what changed hands (material names, the result document)',
    }),
    note: Type.Optional(Type.String({ maxLength: AGENCY_LIMITS.noteMaxLength })),
    confirmation: Type.Optional(Type.Enum(CONFIRMATION_KINDS, { description: 'returned: required' })),
    confirmedBy: Type.Optional(Type.String({ minLength: 1, maxLength: AGENCY_LIMITS.nameMaxLength, description: 'returned: required' })),
  },
  { additionalProperties: false },
);
export type NewCustodyStep = Static<typeof NewCustodyStep>;

export const ReceiptQuery = {
  kind: Type.Enum(RECEIPT_KINDS, { description: 'acceptance 受理回执 / handBack 代办回执' }),
  lang: Type.Optional(Type.Enum(['zh-CN', 'zh-TW', 'en'] as const)),
};
