/** The delivery half's API calls (delivery, attendance, milestones, spending, evaluation, chain, public notice), typed by src/contracts. */
import type { TFunction } from 'i18next';
import { api, apiUrl, ApiError } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import type {
  Activity,
  ActivityPage,
  Chain,
  Delivery,
  EvaluationQueue,
  EvaluationResponseInput,
  EvaluationRound,
  ExpenditureInput,
  Milestone,
  MilestoneChange,
  MilestoneEdit,
  NewActivity,
  NewMilestone,
  ProjectClose,
  RoundParticipants,
  Result,
  Spending,
} from '../../../../contracts/linkage-delivery-api.ts';
import type { PublicNotice } from '../../../../contracts/open-contracting.ts';
import type { Person } from '../../../../contracts/residents-api.ts';
import type { EvidenceKind } from '../../../../contracts/linkage-delivery.ts';

interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** A refusal in the reader's words: a 409 naming a rule of the delivery half says which; anything else as the shared helper says it. */
export function refusalMessage(t: TFunction, failure: unknown): string {
  const rule = failure instanceof ApiError && failure.status === 409 ? ((failure.details as { rule?: string; reason?: string } | undefined)?.rule ?? (failure.details as { reason?: string } | undefined)?.reason) : undefined;
  const known = rule ? (t as unknown as (key: string, o?: object) => string)(`linkageDelivery.delivery.rules.${rule}`, { defaultValue: '' }) : '';
  return known ? t('linkageDelivery.delivery.notDone', { rule: known }) : apiErrorMessage(t, failure);
}

/** A name as the linkage pages show people, masked like the server masks attendees (src/engine/identity/name-mask.ts): 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskedName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export const deliveryApi = {
  delivery: (id: string, signal?: AbortSignal) => api.get<Delivery>(`/linkage/projects/${id}/delivery`, undefined, signal),
  chain: (id: string, signal?: AbortSignal) => api.get<Chain>(`/linkage/projects/${id}/chain`, undefined, signal),
  activities: (id: string, signal?: AbortSignal) => api.get<ActivityPage>(`/linkage/projects/${id}/activities`, { limit: 200 }, signal),
  activity: (id: string, signal?: AbortSignal) => api.get<Activity>(`/linkage/activities/${id}`, undefined, signal),
  createActivity: (projectId: string, body: NewActivity) => api.post<Activity>(`/linkage/projects/${projectId}/activities`, body),
  attend: (id: string, personIds: string[]) => api.post<Activity>(`/linkage/activities/${id}/attendance`, { personIds }),
  unattend: (id: string, personId: string) => api.post<Activity>(`/linkage/activities/${id}/attendance/remove`, { personId }),
  volunteer: (id: string, volunteerId: string, minutes: number) => api.post<Activity>(`/linkage/activities/${id}/volunteers`, { volunteerId, minutes }),
  addMilestone: (projectId: string, body: NewMilestone) => api.post<Milestone>(`/linkage/projects/${projectId}/milestones`, body),
  moveMilestone: (id: string, body: MilestoneChange) => api.post<Milestone>(`/linkage/milestones/${id}/status`, body),
  editMilestone: (id: string, body: MilestoneEdit) => api.put<Milestone>(`/linkage/milestones/${id}`, body),
  addEvidence: (id: string, file: File, kind: EvidenceKind, title: string) =>
    api.upload<Milestone>(`/linkage/milestones/${id}/evidence`, file, file.type || 'application/octet-stream', { kind, title }),
  evidenceUrl: (id: string, evidenceId: string) => apiUrl(`/linkage/milestones/${id}/evidence/${evidenceId}`),
  setResult: (projectId: string, indicatorId: string, achieved: number, weight?: number) =>
    api.put<Result>(`/linkage/projects/${projectId}/results/${indicatorId}`, { achieved, ...(weight ? { weight } : {}) }),
  spend: (projectId: string, body: ExpenditureInput) => api.post<Spending>(`/linkage/projects/${projectId}/expenditures`, body),
  openRound: (projectId: string, title: string, final: boolean) => api.post<EvaluationRound>(`/linkage/projects/${projectId}/evaluation-rounds`, { title, final }),
  closeProject: (projectId: string, body: ProjectClose) => api.post<Delivery>(`/linkage/projects/${projectId}/close`, body),
  round: (id: string, signal?: AbortSignal) => api.get<EvaluationRound>(`/linkage/evaluation-rounds/${id}`, undefined, signal),
  respond: (id: string, body: EvaluationResponseInput) => api.post<EvaluationRound>(`/linkage/evaluation-rounds/${id}/responses`, body),
  roundParticipants: (id: string, signal?: AbortSignal) => api.get<RoundParticipants>(`/linkage/evaluation-rounds/${id}/participants`, undefined, signal),
  closeRound: (id: string, version: number) => api.post<EvaluationRound>(`/linkage/evaluation-rounds/${id}/close`, { version }),
  evaluationQueue: (signal?: AbortSignal) => api.get<EvaluationQueue>('/linkage/evaluation-rounds/queue', undefined, signal),
  publicNotice: (community: string, signal?: AbortSignal) => api.get<PublicNotice>(`/public-notices/${community}`, undefined, signal),
  /** Residents of one of the project's communities whose name (or initials, or full ID number) matches. */
  searchPersons: (community: string, q: string, signal?: AbortSignal) => api.get<PageOf<Person>>('/persons', { area: community, q, limit: 20 }, signal),
  volunteers: (area: string, q: string, signal?: AbortSignal) => api.get<PageOf<{ id: string; name: string; areaCode: string }>>('/volunteers', { area, q, limit: 20 }, signal),
  facilities: (area: string, signal?: AbortSignal) => api.get<PageOf<{ id: string; name: string; areaCode: string }>>('/facilities', { area, limit: 200 }, signal),
};
