// Information points as the web reads and writes them: the TypeBox schemas of
// src/contracts/info-points.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type { InfoPointDetail, InfoPointPage, NewServiceLogEntry, ServiceLog, ServiceLogEntry, ServiceLogKind } from '../../../../contracts/info-points.ts';
import { api } from '../../api/client.ts';

export type { InfoPoint, InfoPointDetail, ServiceLog, ServiceLogEntry, ServiceLogKind } from '../../../../contracts/info-points.ts';

/** The kinds a service can be logged as (SERVICE_LOG_KINDS), with the service each belongs to (SERVICE_OF_LOG_KIND). */
export const LOG_KINDS = ['payment', 'agency', 'ecommerce', 'training', 'publicWelfare'] as const satisfies readonly ServiceLogKind[];
export const SERVICE_OF_KIND: Record<ServiceLogKind, string> = { payment: 'convenience', agency: 'convenience', ecommerce: 'ecommerce', training: 'training', publicWelfare: 'publicWelfare' };

export const infoPointsApi = {
  mine: (signal?: AbortSignal) => api.get<InfoPointPage>('/info-points', { mine: true, limit: 50 }, signal),
  point: (id: string, signal?: AbortSignal) => api.get<InfoPointDetail>(`/info-points/${encodeURIComponent(id)}`, undefined, signal),
  log: (id: string, signal?: AbortSignal) => api.get<ServiceLog>(`/info-points/${encodeURIComponent(id)}/services`, undefined, signal),
  record: (id: string, input: NewServiceLogEntry) => api.post<ServiceLogEntry>(`/info-points/${encodeURIComponent(id)}/services`, input),
};
