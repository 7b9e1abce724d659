// Care referrals, case plans and consents: the schemas of src/contracts/care-referrals.ts as `Static<>` types.
import type { CarePlan, CarePlanInput, Consent, NewConsent, NewReferral, Referral, ReferralAction, ReferralTransition } from '../../../../contracts/care-referrals.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type { CarePlan, Consent, Referral, ReferralAction, ReferralTargetKind } from '../../../../contracts/care-referrals.ts';

const id = (value: string) => encodeURIComponent(value);

export const referralsApi = {
  ofCase: (caseId: string, signal?: AbortSignal) => api.get<Referral[]>(`/care/cases/${id(caseId)}/referrals`, undefined, signal),
  create: (caseId: string, input: NewReferral) => api.post<Referral>(`/care/cases/${id(caseId)}/referrals`, input),
  received: (query: { status?: string; cursor?: string | null }, signal?: AbortSignal) => api.get<Page<Referral>>('/care/referrals/received', query, signal),
  move: (referralId: string, action: ReferralAction, input: ReferralTransition) => api.post<Referral>(`/care/referrals/${id(referralId)}/${action}`, input),
  consents: (caseId: string, signal?: AbortSignal) => api.get<Consent[]>(`/care/cases/${id(caseId)}/consents`, undefined, signal),
  recordConsent: (caseId: string, input: NewConsent) => api.post<Consent>(`/care/cases/${id(caseId)}/consents`, input),
  withdrawConsent: (consentId: string) => api.post<Consent>(`/care/consents/${id(consentId)}/withdraw`, {}),
  plan: (caseId: string, signal?: AbortSignal) => api.get<CarePlan | null>(`/care/cases/${id(caseId)}/plan`, undefined, signal),
  savePlan: (caseId: string, input: CarePlanInput) => api.put<CarePlan>(`/care/cases/${id(caseId)}/plan`, input),
  /** Receivers to choose from, near the case's community. */
  organizations: (area: string, signal?: AbortSignal) => api.get<Page<{ id: string; name: string }>>('/organizations', { area, limit: 200 }, signal),
  facilities: (area: string, signal?: AbortSignal) => api.get<Page<{ id: string; name: string }>>('/facilities', { area, limit: 200 }, signal),
  items: (area: string, signal?: AbortSignal) => api.get<{ items: { code: string; name: string }[] }>(`/areas/${id(area)}/service-catalog`, undefined, signal),
};
