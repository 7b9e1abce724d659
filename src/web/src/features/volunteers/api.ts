// Volunteers and the time bank as the web reads and writes them: the TypeBox schemas of
// src/contracts/volunteers.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type {
  HistoryPage,
  HoursDecision,
  HoursPage,
  MemberPage,
  MyTimeBank,
  MyVolunteering,
  NewHours,
  NewPayment,
  NewPost,
  NewVolunteer,
  Post,
  PostPage,
  TimeBank,
  TimeBankSettings,
  Transfer,
  Volunteer,
  VolunteerHours,
  VolunteerPage,
  VolunteerUpdate,
} from '../../../../contracts/volunteers.ts';
import { api, apiUrl } from '../../api/client.ts';

export type { HistoryEntry, HoursState, Member, Post, TimeBank, Volunteer, VolunteerHours } from '../../../../contracts/volunteers.ts';

export const volunteersApi = {
  mine: (signal?: AbortSignal) => api.get<MyVolunteering>('/volunteers/me', undefined, signal),
  registerSelf: (body: NewVolunteer) => api.post<Volunteer>('/volunteers/me', body),
  claim: (body: NewHours) => api.post<VolunteerHours>('/volunteers/me/hours', body),
  myCertificateUrl: (lang: string) => apiUrl('/volunteers/me/certificate.pdf', { lang }),
  list: (query: { area?: string; q?: string; skill?: string; status?: string; pending?: boolean; limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    api.get<VolunteerPage>('/volunteers', query, signal),
  update: (id: string, body: VolunteerUpdate) => api.patch<Volunteer>(`/volunteers/${encodeURIComponent(id)}`, body),
  register: (body: NewVolunteer) => api.post<Volunteer>('/volunteers', body),
  certificateUrl: (id: string, lang: string) => apiUrl(`/volunteers/${encodeURIComponent(id)}/certificate.pdf`, { lang }),
  hours: (query: { area?: string; state?: string; limit?: number; cursor?: string | null }, signal?: AbortSignal) => api.get<HoursPage>('/volunteer-hours', query, signal),
  decide: (id: string, body: HoursDecision) => api.post<VolunteerHours>(`/volunteer-hours/${encodeURIComponent(id)}/decision`, body),
};

export const timeBankApi = {
  bank: (code: string, signal?: AbortSignal) => api.get<TimeBank>(`/time-banks/${code}`, undefined, signal),
  setBank: (code: string, body: TimeBankSettings) => api.put<TimeBank>(`/time-banks/${code}`, body),
  mine: (signal?: AbortSignal) => api.get<MyTimeBank>('/time-bank/me', undefined, signal),
  join: () => api.post<MyTimeBank>('/time-bank/me'),
  history: (cursor: string | null, signal?: AbortSignal) => api.get<HistoryPage>('/time-bank/me/history', { limit: 20, cursor }, signal),
  pay: (body: NewPayment) => api.post<Transfer>('/time-bank/me/payments', body),
  members: (area: string, signal?: AbortSignal) => api.get<MemberPage>('/time-bank/members', { area, limit: 500 }, signal),
  posts: (area: string, signal?: AbortSignal) => api.get<PostPage>('/time-bank/posts', { area, limit: 50 }, signal),
  post: (body: NewPost) => api.post<Post>('/time-bank/me/posts', body),
  close: (id: string) => api.post<Post>(`/time-bank/posts/${encodeURIComponent(id)}/close`),
};

/** Minutes as hours and minutes, exact: 90 → "1:30" (the ledger counts whole minutes). */
export function hoursText(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}
