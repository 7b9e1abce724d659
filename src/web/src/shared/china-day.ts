/**
 * Today in China, YYYY-MM-DD: the platform's day, the one the server checks dates against (a visit,
 * an activity, hours or a spending "in the future" are refused by it). China has kept UTC+8 without
 * daylight saving since 1991. `offsetDays` moves it (1 = tomorrow).
 */
export function chinaToday(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The day in China, YYYY-MM-DD, of an instant (an ISO timestamp from the API, which is UTC). */
export function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
