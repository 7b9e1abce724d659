import { REFERRAL_TRANSITIONS, type CarePlan, type Consent, type ConsentGiver, type ConsentMethod, type ConsentPurpose, type Referral, type ReferralAction, type ReferralBasis, type ReferralStatus, type ReferralTargetKind } from '../../../contracts/care-referrals.ts';
import type { ConsentRow, PlanRow, ReferralEventRow, ReferralRow } from './referrals.repository.ts';

/** Row ↔ API shape of case plans, referrals and consents. */

export function toPlan(row: PlanRow): CarePlan {
  return {
    id: row.id,
    caseId: row.case_id,
    areaCode: row.area_code,
    goals: JSON.parse(row.goals) as CarePlan['goals'],
    services: JSON.parse(row.services) as string[],
    reviewOn: row.review_on,
    updatedBy: row.updated_by_username,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function statusAfter(action: ReferralAction): ReferralStatus {
  return REFERRAL_TRANSITIONS[action].to;
}

export function mayMove(status: string, action: ReferralAction): boolean {
  return (REFERRAL_TRANSITIONS[action].from as readonly string[]).includes(status);
}

export function toReferral(row: ReferralRow, events: ReferralEventRow[], options: { personName: string; allowedActions: ReferralAction[]; now: string }): Referral {
  return {
    id: row.id,
    caseId: row.case_id,
    areaCode: row.area_code,
    personId: row.person_id,
    personName: options.personName,
    target: { kind: row.target_kind as ReferralTargetKind, id: row.target_id, name: row.target_name },
    need: row.need,
    status: row.status as ReferralStatus,
    basis: row.basis as ReferralBasis,
    overrideReason: row.override_reason,
    overrideBy: row.override_by_username,
    respondBy: row.respond_by,
    answerOverdue: row.status === 'inProgress' && row.respond_by < options.now,
    respondedAt: row.responded_at,
    responseNote: row.response_note,
    serviceRequestId: row.service_request_id,
    createdBy: row.created_by_username,
    createdAt: row.created_at,
    version: row.version,
    allowedActions: options.allowedActions.filter((a) => mayMove(row.status, a)),
    events: events.map((e) => ({ at: e.at, username: e.username, action: e.action, from: e.from_status, to: e.to_status, note: e.note })),
  };
}

export function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    personId: row.person_id,
    purpose: row.purpose as ConsentPurpose,
    givenBy: row.given_by as ConsentGiver,
    givenByName: row.given_by_name,
    method: row.method as ConsentMethod,
    note: row.note,
    givenAt: row.given_at,
    recordedBy: row.recorded_by_username,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by_username,
    active: row.withdrawn_at === null,
    version: row.version,
  };
}
