/**
 * The service catalog's API for the web: types are the contracts' `Static<>` types (imported as
 * types only, so TypeBox stays out of the bundle), values from the vocabulary file.
 */
import { api, request } from './client.ts';
import type {
  CalendarDayInput,
  CalendarYear,
  CatalogQuery,
  EffectiveCatalog,
  EffectiveServiceItem,
  LocalCalendarDay,
  Publication,
  PublicationList,
  ServiceItemList,
} from '../../../contracts/service-catalog.ts';

export type { CalendarYear, EffectiveCatalog, EffectiveServiceItem, LocalCalendarDay, Publication, ServiceItemList };
export type EffectiveServiceItemSummary = EffectiveCatalog['items'][number];
export type ServiceItemSummary = ServiceItemList['items'][number];
export {
  CALENDAR_DAY_KINDS,
  DECIDING_LEVELS,
  SERVICE_CATEGORIES,
  SERVICE_CHANNELS,
  type CalendarDayKind,
  type ServiceCategory,
  type ServiceChannel,
} from '../../../contracts/service-catalog-terms.ts';

const area = (code: string) => `/areas/${encodeURIComponent(code)}`;

export const serviceCatalogApi = {
  catalog: (code: string, query: CatalogQuery, signal?: AbortSignal) =>
    api.get<EffectiveCatalog>(`${area(code)}/service-catalog`, { category: query.category, q: query.q }, signal),
  item: (code: string, itemCode: string, signal?: AbortSignal) =>
    api.get<EffectiveServiceItem>(`${area(code)}/service-catalog/${encodeURIComponent(itemCode)}`, undefined, signal),
  masterItems: (signal?: AbortSignal) => api.get<ServiceItemList>('/service-items', undefined, signal),
  publications: (code: string, signal?: AbortSignal) => api.get<PublicationList>(`${area(code)}/service-publications`, undefined, signal),
  publish: (code: string, itemCode: string, committedDays: number | null) =>
    api.put<Publication>(`${area(code)}/service-publications/${encodeURIComponent(itemCode)}`, { committedDays }),
  withdraw: (code: string, itemCode: string) => request<void>('DELETE', `${area(code)}/service-publications/${encodeURIComponent(itemCode)}`),
  calendar: (code: string, year: number, signal?: AbortSignal) => api.get<CalendarYear>(`${area(code)}/calendar-days`, { year }, signal),
  addDay: (code: string, day: CalendarDayInput) => api.post<LocalCalendarDay>(`${area(code)}/calendar-days`, day),
  removeDay: (code: string, id: string) => request<void>('DELETE', `${area(code)}/calendar-days/${encodeURIComponent(id)}`),
};
