/**
 * Tables of the care part "referrals and family" (one interface per table, collected into
 * `CareReferralsTables`, which the `Database` type in ../schema.ts extends): case plans, referrals
 * with their events, consents, the family links of parents working away, their contact in the
 * city, and the messages between a family and the case worker. Every row belongs to the community
 * of the person in care, which leads its key like every place-bound table.
 */
import type { ColumnType } from 'kysely';

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/** 个案计划: the goals and the services to provide of one case; one current plan per case, versioned. */
export interface CarePlansTable {
  area_code: string;
  id: string;
  case_id: string;
  /** JSON array of { text, done }. */
  goals: string;
  /** JSON array of text: the services to provide. */
  services: string;
  /** YYYY-MM-DD: when the plan is to be reviewed. */
  review_on: string | null;
  updated_by: string | null;
  updated_by_username: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** 转介: handing a need of the person in care to a service item, an organization or a facility. */
export interface CareReferralsTable {
  area_code: string;
  id: string;
  case_id: string;
  person_id: string;
  /** serviceItem | organization | facility */
  target_kind: string;
  /** The item code, organization id or facility id. */
  target_id: string;
  target_name: string;
  /** The area the target lies in (an organization's or facility's), for the receiver's scope. */
  target_area_code: string | null;
  need: string;
  /** inProgress | accepted | rejected | done | revoked */
  status: string;
  /** consent | emergencyOverride */
  basis: string;
  consent_id: string | null;
  override_reason: string | null;
  override_by: string | null;
  override_by_username: string | null;
  /** When the receiver is expected to answer. */
  respond_by: string;
  responded_at: string | null;
  response_note: string | null;
  /** The service request opened for a referral to a service item. */
  service_request_id: string | null;
  created_by: string | null;
  created_by_username: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A referral's timeline: who moved it, when, from → to, why. */
export interface CareReferralEventsTable {
  area_code: string;
  id: string;
  referral_id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** 知情同意: the person's (or a guardian's) consent to referrals or to sharing, given or withdrawn. */
export interface CareConsentsTable {
  area_code: string;
  id: string;
  person_id: string;
  /** referral | sharing */
  purpose: string;
  /** self | guardian */
  given_by: string;
  /** The guardian's name, or the person's. */
  given_by_name: string;
  /** The family link through which a parent gave it on the family page. */
  family_link_id: string | null;
  /** inPerson | signedForm | familyPage | phone */
  method: string;
  note: string | null;
  given_at: string;
  recorded_by: string | null;
  recorded_by_username: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_by_username: string | null;
  version: number;
}

/** A relative working away, linked to a person in care: a registry person marked away, or a resident account checked by a worker. */
export interface CareFamilyLinksTable {
  area_code: string;
  id: string;
  /** The person in care (a child, a parent). */
  person_id: string;
  /** The relative's resident account. */
  user_id: string;
  /** The relative's registry record, when they have one. */
  relative_person_id: string | null;
  /** parent | child | grandparent | sibling | other */
  relation: string;
  /** Whether the relative may consent on the person's behalf (a parent of a minor). */
  guardian: Bool;
  /** How the worker checked the relative's identity. */
  identity_check: string;
  linked_by: string | null;
  linked_by_username: string | null;
  linked_at: string;
  ended_at: string | null;
  version: number;
}

/** The relative's own contact in the city, kept current by them: keyed by their account. */
export interface CareFamilyContactsTable {
  user_id: string;
  area_code: string;
  city_address: string | null;
  /** AES-256-GCM ciphertext (field `phone`), never the number itself. */
  phone_cipher: string | null;
  phone_hash: string | null;
  updated_at: string;
  version: number;
}

/** Messages between a family and the case worker, and requests for a video call. */
export interface CareFamilyMessagesTable {
  area_code: string;
  id: string;
  /** The person in care the conversation is about. */
  person_id: string;
  family_user_id: string;
  /** fromFamily | toFamily */
  direction: string;
  /** message | videoCallRequest */
  kind: string;
  body: string;
  /** For a video call: the time the family proposes. */
  proposed_at: string | null;
  author_user_id: string | null;
  author_username: string | null;
  created_at: string;
  read_at: string | null;
}

/** The review day of a case plan as it was saved, and when (a plan is rewritten in place). */
export interface CarePlanRevisionsTable {
  area_code: string;
  id: string;
  case_id: string;
  review_on: string | null;
  saved_at: string;
}

export interface CareReferralsTables {
  care_plans: CarePlansTable;
  care_plan_revisions: CarePlanRevisionsTable;
  care_referrals: CareReferralsTable;
  care_referral_events: CareReferralEventsTable;
  care_consents: CareConsentsTable;
  care_family_links: CareFamilyLinksTable;
  care_family_contacts: CareFamilyContactsTable;
  care_family_messages: CareFamilyMessagesTable;
}
