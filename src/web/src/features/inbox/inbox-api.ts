// The inbox as the web reads it: the schemas of src/contracts/notifications.ts as `Static<>` types.
import type { MarkedRead, Notification, UnreadCount } from '../../../../contracts/notifications.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type { Notification, NotificationKind } from '../../../../contracts/notifications.ts';

export const inboxApi = {
  list: (query: { unread?: boolean; limit?: number; cursor?: string | null }, signal?: AbortSignal) => api.get<Page<Notification>>('/inbox', query, signal),
  unreadCount: (signal?: AbortSignal) => api.get<UnreadCount>('/inbox/unread-count', undefined, signal),
  markRead: (id: string) => api.post<Notification>(`/inbox/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<MarkedRead>('/inbox/read-all'),
};

/** Tells the header's badge to count again (after a message was read). */
export const INBOX_CHANGED = 'linli:inbox-changed';
export function inboxChanged(): void {
  window.dispatchEvent(new Event(INBOX_CHANGED));
}
