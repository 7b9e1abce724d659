// Recycling pickups as the web reads and writes them: the TypeBox schemas of
// src/contracts/recycling.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type { MyRecycling, NewPickup, Pickup, PickupPage, PickupStatus, RecyclingKind } from '../../../../contracts/recycling.ts';
import { api } from '../../api/client.ts';

export type { MyRecycling, Pickup, PickupStatus, RecyclingKind } from '../../../../contracts/recycling.ts';

export const KINDS = ['paper', 'plastic', 'metal', 'glass', 'electronics', 'textiles', 'other'] as const satisfies readonly RecyclingKind[];

/** Half-day windows in China time (UTC+8), as a resident picks them. */
export const SLOTS = { morning: [8, 12], afternoon: [14, 18] } as const;
export type Slot = keyof typeof SLOTS;

/** A day (YYYY-MM-DD) and a slot as the window's instants. */
export function windowOf(day: string, slot: Slot): { windowStart: string; windowEnd: string } {
  const [from, to] = SLOTS[slot];
  const at = (hour: number) => new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
  return { windowStart: at(from), windowEnd: at(to) };
}

export const recyclingApi = {
  mine: (signal?: AbortSignal) => api.get<MyRecycling>('/recycling/me', undefined, signal),
  request: (input: NewPickup) => api.post<Pickup>('/recycling/pickups', input),
  cancel: (id: string, version: number) => api.post<Pickup>(`/recycling/pickups/${encodeURIComponent(id)}/cancel`, { version }),
  list: (status: PickupStatus | undefined, signal?: AbortSignal) => api.get<PickupPage>('/recycling/pickups', { status, limit: 100 }, signal),
  accept: (id: string, version: number) => api.post<Pickup>(`/recycling/pickups/${encodeURIComponent(id)}/accept`, { version }),
  complete: (id: string, version: number, actualKg: number) => api.post<Pickup>(`/recycling/pickups/${encodeURIComponent(id)}/complete`, { version, actualKg }),
};
