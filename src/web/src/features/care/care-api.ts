// Care cases as the web reads them: the schemas of src/contracts/care.ts as `Static<>` types.
import type { Approval, ApprovalPage, AssessmentResult, CareCase, CasePage, NewAssessment, NewVisit, Visit, VisitPolicy, VisitPolicyInput, WorkerDay } from '../../../../contracts/care.ts';
import { api } from '../../api/client.ts';

export type { Approval, CareCase, CaseSummary, Visit, VisitFrequency, VisitPolicy, WorkerDay, RiskFactor, RiskLevel } from '../../../../contracts/care.ts';
export { RISK_FACTORS, VISIT_FREQUENCIES, VISIT_MODES, RISK_LEVELS } from '../../../../contracts/care.ts';

export const careApi = {
  day: (query: { mine?: boolean }, signal?: AbortSignal) => api.get<WorkerDay>('/care/day', query, signal),
  cases: (query: { mine?: boolean; stage?: string; status?: string; limit?: number }, signal?: AbortSignal) => api.get<CasePage>('/care/cases', query, signal),
  approvals: (signal?: AbortSignal) => api.get<ApprovalPage>('/care/approvals', { status: 'requested' }, signal),
  case: (id: string, signal?: AbortSignal) => api.get<CareCase>(`/care/cases/${encodeURIComponent(id)}`, undefined, signal),
  visit: (id: string, body: NewVisit) => api.post<Visit>(`/care/cases/${encodeURIComponent(id)}/visits`, body),
  assess: (id: string, body: NewAssessment) => api.post<AssessmentResult>(`/care/cases/${encodeURIComponent(id)}/assessments`, body),
  policy: (area: string, signal?: AbortSignal) => api.get<VisitPolicy>('/care/visit-policy', { area }, signal),
  setPolicy: (area: string, body: VisitPolicyInput) => api.put<VisitPolicy>(`/care/visit-policy/${encodeURIComponent(area)}`, body),
  decide: (id: string, decision: 'approve' | 'reject', body: { version: number; comment?: string }) => api.post<Approval>(`/care/approvals/${encodeURIComponent(id)}/${decision}`, body),
};
