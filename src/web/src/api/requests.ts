// Service requests (办件) as the web reads and writes them: the TypeBox schemas of
// src/contracts/service-requests.ts and service-catalog.ts as `Static<>` types (type-only imports:
// no TypeBox in the bundle), and the calls the request pages make.
import type { Static, TSchema } from 'typebox';
import type {
  AssignmentInput,
  NewServiceRequest,
  RatingInput,
  ReopenInput,
  RequestAssignees,
  ServiceRequestDetail,
  ServiceRequestListQuery,
  ServiceRequestQueueQuery,
  ServiceRequestStats,
  ServiceRequestStatsQuery,
  ServiceRequestSummary,
  SupplementInput,
  TransitionInput,
  WithdrawInput,
} from '../../../contracts/service-requests.ts';
import type { EffectiveCatalog, EffectiveServiceItem } from '../../../contracts/service-catalog.ts';
import { api, apiUrl, request } from './client.ts';
import type { Page } from './types.ts';

export type {
  Attachment,
  Clock,
  Clocks,
  FormValues,
  MaterialLine,
  NewServiceRequest,
  Rating,
  RequestAssignee,
  RequestEvent,
  ServiceRequestDetail,
  ServiceRequestStats,
  ServiceRequestSummary,
  SupplementInput,
  TransitionInput,
  AreaRequestStats,
} from '../../../contracts/service-requests.ts';
export type { EffectiveServiceItem, FormField, ServiceMaterial } from '../../../contracts/service-catalog.ts';
export type {
  Channel,
  ClockStanding,
  EventKind,
  HandlerAction,
  Outcome,
  RequestStatus,
} from '../../../contracts/service-requests.ts';

// The vocabularies are plain arrays in the contract file; written here as values would pull
// TypeBox into the bundle, so the few the pages iterate over are listed by type and checked.
import type { HandlerAction, RequestStatus, ClockStanding } from '../../../contracts/service-requests.ts';

export const HANDLER_ACTIONS = ['accept', 'notAccept', 'start', 'requestSupplement', 'decide', 'deliver', 'close', 'transfer', 'markDuplicate'] as const satisfies readonly HandlerAction[];
export const STANDINGS = ['onTime', 'warning', 'overdue'] as const satisfies readonly ClockStanding[];
export const REQUEST_STATUSES = [
  'submitted',
  'accepted',
  'notAccepted',
  'inProgress',
  'awaitingSupplement',
  'decided',
  'delivered',
  'closed',
  'transferred',
  'withdrawn',
  'duplicate',
] as const satisfies readonly RequestStatus[];
/** Days after closure within which a dissatisfied applicant may reopen; a rating at or below `dissatisfiedAtMost` is dissatisfied. */
export const RATING_RULES = { reopenDays: 7, dissatisfiedAtMost: 2 } as const;

type QueryOf<T extends Record<string, TSchema>> = { [K in keyof T]?: Static<T[K]> };
export type RequestListQuery = QueryOf<typeof ServiceRequestListQuery>;
export type QueueQuery = QueryOf<typeof ServiceRequestQueueQuery>;
export type StatsQuery = QueryOf<typeof ServiceRequestStatsQuery>;

/** A fresh idempotency key (RFC 4122 v4 from the browser's crypto). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const base = '/service-requests';

export const requestsApi = {
  /** Files a request; `idempotencyKey` makes a retried submission return the first answer. */
  file: (input: NewServiceRequest, idempotencyKey: string) =>
    request<ServiceRequestDetail>('POST', base, { body: input, headers: { 'idempotency-key': idempotencyKey } }),
  list: (query: RequestListQuery & { limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    api.get<Page<ServiceRequestSummary>>(base, query, signal),
  queue: (query: QueueQuery & { limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    api.get<Page<ServiceRequestSummary>>(`${base}/queue`, query, signal),
  stats: (query: StatsQuery, signal?: AbortSignal) => api.get<ServiceRequestStats>(`${base}/stats`, query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}`, undefined, signal),
  transition: (id: string, input: TransitionInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/transitions`, input),
  assign: (id: string, input: AssignmentInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/assignment`, input),
  assignees: (id: string, signal?: AbortSignal) => api.get<RequestAssignees>(`${base}/${encodeURIComponent(id)}/assignees`, undefined, signal),
  supplement: (id: string, input: SupplementInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/supplement`, input),
  withdraw: (id: string, input: WithdrawInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/withdraw`, input),
  rate: (id: string, input: RatingInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/rating`, input),
  reopen: (id: string, input: ReopenInput) => api.post<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/reopen`, input),
  /** One photo or PDF of a material, sent as it is; the server sniffs its type and answers the request as it now stands. */
  upload: (id: string, file: File, material: string | null) =>
    api.upload<ServiceRequestDetail>(`${base}/${encodeURIComponent(id)}/attachments`, file, file.type || 'application/octet-stream', {
      material,
      fileName: file.name.slice(0, 200) || undefined,
    }),
  attachmentUrl: (id: string, attachmentId: string) => apiUrl(`${base}/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`),
  /** 受理回执 (served by the agency part: GET /service-requests/{id}/receipt.pdf). */
  receiptUrl: (id: string, language: string) => apiUrl(`${base}/${encodeURIComponent(id)}/receipt.pdf`, { kind: 'acceptance', lang: language }),
};

export const catalogApi = {
  /** The catalog of an area as its residents see it. */
  catalog: (area: string, signal?: AbortSignal) => api.get<EffectiveCatalog>(`/areas/${area}/service-catalog`, undefined, signal),
  /** One item as it holds in a community (its limit there, its fields and materials). */
  item: (area: string, itemCode: string, signal?: AbortSignal) =>
    api.get<EffectiveServiceItem>(`/areas/${area}/service-catalog/${encodeURIComponent(itemCode)}`, undefined, signal),
};
