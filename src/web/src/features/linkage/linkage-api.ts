/** The procurement half's API calls, typed by the shapes in src/contracts/linkage-api.ts. */
import type { Static } from 'typebox';
import type { TFunction } from 'i18next';
import { api, ApiError, request } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import type {
  Bid,
  BidInput,
  Call,
  CallInput,
  CallSummary,
  Complaint,
  Contract,
  ContractInput,
  EvaluationQueueItem,
  InvitationCandidate,
  Need,
  NeedDetail,
  NewNeed,
  NewNeedAnswer,
  Project,
  ProjectInput,
  ProjectSummary,
  ProjectUpdate,
  ScoreInput,
  ScoringSheet,
} from '../../../../contracts/linkage-api.ts';

interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export const yuan = (cents: number) => (cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const cents = (yuanValue: number | null | undefined) => Math.round((yuanValue ?? 0) * 100);

/** The rule a 409 of the procurement half names (`details.rule`), if any. */
export function refusedRule(failure: unknown): string | undefined {
  return failure instanceof ApiError && failure.status === 409 ? (failure.details as { rule?: string } | undefined)?.rule : undefined;
}

/** A refusal in the reader's words: a 409 naming a known rule says which; anything else as the shared helper says it. */
export function linkageRefusal(t: TFunction, failure: unknown): string {
  const rule = refusedRule(failure);
  const known = rule ? (t as unknown as (key: string, o?: object) => string)(`linkage.rules.${rule}`, { defaultValue: '' }) : '';
  return known || apiErrorMessage(t, failure);
}

export const linkageApi = {
  needs: (query: { followed?: boolean; status?: string }, signal?: AbortSignal) => api.get<PageOf<Need>>('/linkage/needs', { ...query, limit: 200 }, signal),
  need: (id: string, signal?: AbortSignal) => api.get<NeedDetail>(`/linkage/needs/${id}`, undefined, signal),
  raise: (body: NewNeed) => api.post<NeedDetail>('/linkage/needs', body),
  support: (id: string, personId?: string) => api.post<NeedDetail>(`/linkage/needs/${id}/supports`, personId ? { personId } : {}),
  follow: (id: string, on: boolean) => (on ? api.post<NeedDetail>(`/linkage/needs/${id}/follow`) : request<NeedDetail>('DELETE', `/linkage/needs/${id}/follow`)),
  answer: (id: string, body: Static<typeof NewNeedAnswer>) => api.post<NeedDetail>(`/linkage/needs/${id}/answers`, body),
  projects: (signal?: AbortSignal) => api.get<PageOf<ProjectSummary>>('/linkage/projects', { limit: 200 }, signal),
  project: (id: string, signal?: AbortSignal) => api.get<Project>(`/linkage/projects/${id}`, undefined, signal),
  createProject: (body: ProjectInput) => api.post<Project>('/linkage/projects', body),
  updateProject: (id: string, body: ProjectUpdate) => api.put<Project>(`/linkage/projects/${id}`, body),
  invitationCandidates: (projectId: string, signal?: AbortSignal) => api.get<InvitationCandidate[]>(`/linkage/projects/${projectId}/invitation-candidates`, undefined, signal),
  targetCount: (kind: string, communities: string[]) => api.get<{ count: number }>('/linkage/target-count', { kind, communities: communities.join(',') }),
  panelCandidates: (area: string) => api.get<{ id: string; name: string; username: string }[]>('/linkage/panel-candidates', { area }),
  createCall: (projectId: string, body: CallInput) => api.post<Call>(`/linkage/projects/${projectId}/calls`, body),
  calls: (signal?: AbortSignal) => api.get<PageOf<CallSummary>>('/linkage/calls', { limit: 200 }, signal),
  call: (id: string, signal?: AbortSignal) => api.get<Call>(`/linkage/calls/${id}`, undefined, signal),
  transition: (id: string, to: string, version: number) => api.post<Call>(`/linkage/calls/${id}/transitions`, { to, version }),
  ask: (id: string, question: string) => api.post<Call>(`/linkage/calls/${id}/enquiries`, { question }),
  answerEnquiry: (id: string, enquiryId: string, answer: string) => api.post<Call>(`/linkage/calls/${id}/enquiries/${enquiryId}/answer`, { answer }),
  bid: (id: string, body: BidInput) => api.post<Bid>(`/linkage/calls/${id}/bids`, body),
  award: (id: string, bidId: string, version: number) => api.post<Call>(`/linkage/calls/${id}/award`, { bidId, version }),
  contract: (id: string, body: ContractInput) => api.post<Contract>(`/linkage/calls/${id}/contract`, body),
  complain: (id: string, subject: string, body: string) => api.post<Complaint>(`/linkage/calls/${id}/complaints`, { subject, body }),
  handleComplaint: (id: string, to: string, text: string, version: number) => api.post<Complaint>(`/linkage/complaints/${id}/transitions`, { to, text, version }),
  complainant: (id: string, move: 'escalate' | 'withdraw', version: number) => api.post<Complaint>(`/linkage/complaints/${id}/${move}`, { version }),
  queue: (signal?: AbortSignal) => api.get<EvaluationQueueItem[]>('/linkage/scoring-queue', undefined, signal),
  sheet: (id: string, signal?: AbortSignal) => api.get<ScoringSheet>(`/linkage/calls/${id}/scoring`, undefined, signal),
  declare: (id: string, noConflict: boolean, note?: string) => api.post<ScoringSheet>(`/linkage/calls/${id}/declaration`, { noConflict, ...(note ? { note } : {}) }),
  score: (id: string, bidId: string, body: ScoreInput) => api.put<ScoringSheet>(`/linkage/calls/${id}/bids/${bidId}/scores`, body),
  teamCandidates: (id: string, signal?: AbortSignal) => api.get<{ id: string; name: string; certified: boolean }[]>(`/linkage/calls/${id}/team-candidates`, undefined, signal),
};
