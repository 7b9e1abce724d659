// Information points as the web reads and writes them: the TypeBox schemas of
// src/contracts/info-points.ts as `Static<>` types (type-only imports: no TypeBox in the bundle);
// the words and limits as values from info-points-terms.ts, which has no TypeBox.
import type {
  InfoPointChanges,
  InfoPointDetail,
  InfoPointListQuery,
  InfoPointOperators,
  InfoPointPage,
  InfoPointStatusChange,
  NewInfoPoint,
  NewServiceLogEntry,
  ServiceLog,
  ServiceLogEntry,
} from '../../../../contracts/info-points.ts';
import type { Facility } from '../../api/facilities.ts';
import type { Page } from '../../api/types.ts';
import { api } from '../../api/client.ts';

export type {
  InfoPoint,
  InfoPointChanges,
  InfoPointDetail,
  InfoPointEquipment,
  InfoPointListQuery,
  InfoPointOperator,
  InfoPointService,
  InfoPointStatus,
  NewInfoPoint,
  ServiceLog,
  ServiceLogEntry,
  ServiceLogKind,
} from '../../../../contracts/info-points.ts';
export {
  INFO_POINT_EQUIPMENT,
  INFO_POINT_LIMITS,
  INFO_POINT_SERVICES,
  INFO_POINT_STATUSES,
  INFO_POINT_TRANSITIONS,
  URBAN_RURAL,
  /** The kinds a service can be logged as, and the service each belongs to. */
  SERVICE_LOG_KINDS as LOG_KINDS,
  SERVICE_OF_LOG_KIND as SERVICE_OF_KIND,
} from '../../../../contracts/info-points-terms.ts';


const path = (id: string) => `/info-points/${encodeURIComponent(id)}`;

export const infoPointsApi = {
  mine: (signal?: AbortSignal) => api.get<InfoPointPage>('/info-points', { mine: true, limit: 50 }, signal),
  point: (id: string, signal?: AbortSignal) => api.get<InfoPointDetail>(path(id), undefined, signal),
  log: (id: string, signal?: AbortSignal) => api.get<ServiceLog>(`${path(id)}/services`, undefined, signal),
  record: (id: string, input: NewServiceLogEntry) => api.post<ServiceLogEntry>(`${path(id)}/services`, input),
  // -- the register --
  list: (query: Omit<InfoPointListQuery, 'mine'>, signal?: AbortSignal) => api.get<InfoPointPage>('/info-points', query, signal),
  create: (input: NewInfoPoint) => api.post<InfoPointDetail>('/info-points', input),
  update: (id: string, input: InfoPointChanges) => api.patch<InfoPointDetail>(path(id), input),
  changeStatus: (id: string, input: InfoPointStatusChange) => api.post<InfoPointDetail>(`${path(id)}/status`, input),
  /** Who may run a point of the community: agents whose scope holds it. */
  operators: (community: string, signal?: AbortSignal) => api.get<InfoPointOperators>('/info-points/operators', { area: community }, signal),
  /** The information point facilities of the community, one of which may house the point. */
  facilities: (community: string, signal?: AbortSignal) => api.get<Page<Facility>>('/facilities', { area: community, kind: 'infoPoint', limit: 100 }, signal),
};
