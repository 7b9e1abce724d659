// Care cases as the web reads them: the schemas of src/contracts/care.ts as `Static<>` types.
import type { Approval, ApprovalPage, AssessmentResult, CareCase, CasePage, NewAssessment, NewVisit, TeamCandidates, TeamUpdate, Visit, VisitPolicy, VisitPolicyInput, WorkerDay } from '../../../../contracts/care.ts';
import { VISIT_PHOTO_MEDIA_TYPES } from '../../../../contracts/care-visit-photos.ts';
import { api, apiUrl } from '../../api/client.ts';

export type { Approval, CareCase, CaseSummary, NewTeamMember, TeamCandidate, TeamRole, Visit, VisitFrequency, VisitPolicy, WorkerDay, RiskFactor, RiskLevel } from '../../../../contracts/care.ts';
export { CARE_LIMITS, RISK_FACTORS, TEAM_ROLES, VISIT_FREQUENCIES, VISIT_MODES, RISK_LEVELS } from '../../../../contracts/care.ts';

/** What the file picker offers for a visit photo (the server judges the bytes, whatever the name says). */
export const VISIT_PHOTO_ACCEPT = VISIT_PHOTO_MEDIA_TYPES.join(',');

export const careApi = {
  day: (query: { mine?: boolean }, signal?: AbortSignal) => api.get<WorkerDay>('/care/day', query, signal),
  cases: (query: { mine?: boolean; stage?: string; status?: string; limit?: number }, signal?: AbortSignal) => api.get<CasePage>('/care/cases', query, signal),
  approvals: (signal?: AbortSignal) => api.get<ApprovalPage>('/care/approvals', { status: 'requested' }, signal),
  case: (id: string, signal?: AbortSignal) => api.get<CareCase>(`/care/cases/${encodeURIComponent(id)}`, undefined, signal),
  visit: (id: string, body: NewVisit) => api.post<Visit>(`/care/cases/${encodeURIComponent(id)}/visits`, body),
  assess: (id: string, body: NewAssessment) => api.post<AssessmentResult>(`/care/cases/${encodeURIComponent(id)}/assessments`, body),
  policy: (area: string, signal?: AbortSignal) => api.get<VisitPolicy>('/care/visit-policy', { area }, signal),
  setPolicy: (area: string, body: VisitPolicyInput) => api.put<VisitPolicy>(`/care/visit-policy/${encodeURIComponent(area)}`, body),
  teamCandidates: (id: string, signal?: AbortSignal) => api.get<TeamCandidates>(`/care/cases/${encodeURIComponent(id)}/team-candidates`, undefined, signal),
  setTeam: (id: string, body: TeamUpdate) => api.put<CareCase>(`/care/cases/${encodeURIComponent(id)}/team`, body),
  /** A photo sent whole as the body after its visit is recorded; the server links it once. */
  addVisitPhoto: (id: string, visitId: string, file: File) =>
    api.upload<Visit>(`/care/cases/${encodeURIComponent(id)}/visits/${encodeURIComponent(visitId)}/photos`, file, file.type || 'application/octet-stream'),
  /** Where an <img> reads a visit's photo (with the session cookie; every read is audited). */
  visitPhotoUrl: (id: string, visitId: string, sha256: string) => apiUrl(`/care/cases/${encodeURIComponent(id)}/visits/${encodeURIComponent(visitId)}/photos/${sha256}`),
  decide: (id: string, decision: 'approve' | 'reject', body: { version: number; comment?: string }) => api.post<Approval>(`/care/approvals/${encodeURIComponent(id)}/${decision}`, body),
};
