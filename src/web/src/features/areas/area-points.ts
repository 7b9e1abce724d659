import { api, ApiError } from '../../api/client.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { loadCountyBoundaries } from './boundaries.ts';

/** Every child of an area, following the API's pages (500 a page). */
export async function allChildren(code: string, signal?: AbortSignal): Promise<AreaSummary[]> {
  const items: AreaSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<AreaSummary> = await api.get<Page<AreaSummary>>(`/areas/${code}/children`, { limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const MAX_REQUESTS = 250;

/**
 * The places to draw on an area's map: its communities when it is a county or below,
 * its townships when it is a city or province (communities there would be thousands).
 * Walks down level by level through /children, a few requests at a time.
 */
export async function mapPoints(
  area: { code: string; level: number; parentCode: string | null },
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
): Promise<AreaSummary[]> {
  if (area.level === 5) {
    if (!area.parentCode) return [];
    try {
      return await allChildren(area.parentCode, signal);
    } catch (error) {
      // A community's own staff may not read its township: their map is their community alone.
      if (error instanceof ApiError && error.status === 403) return [await api.get<AreaSummary>(`/areas/${area.code}`, undefined, signal)];
      throw error;
    }
  }
  const targetLevel = area.level >= 3 ? 5 : 4;
  let frontier = [area.code];
  let level = area.level;
  let requests = 0;
  let found: AreaSummary[] = [];
  while (level < targetLevel && frontier.length) {
    const next: AreaSummary[] = [];
    const queue = frontier.slice(0, MAX_REQUESTS - requests);
    let done = 0;
    const total = queue.length;
    onProgress(0, total);
    const worker = async () => {
      while (queue.length) {
        const code = queue.shift()!;
        next.push(...(await allChildren(code, signal)));
        onProgress(++done, total);
      }
    };
    await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
    requests += done;
    level += 1;
    found = next;
    frontier = next.map((a) => a.code).sort();
  }
  return found;
}

/**
 * Where to draw the counties that have no boundary of their own (a development zone carved out of
 * a district): a circle at the centre of its townships, so that no child of the city is left out.
 */
export async function looseCounties(codes: readonly string[], signal: AbortSignal): Promise<{ code: string; lon: number; lat: number }[]> {
  const all = await loadCountyBoundaries();
  const withBoundary = new Set(all.features.map((f) => f.properties.code));
  const missing = codes.filter((code) => !withBoundary.has(code.slice(0, 6)));
  const placed = await Promise.all(
    missing.map(async (code) => {
      const places = (await allChildren(code, signal)).filter((p) => p.lon !== null && p.lat !== null);
      if (places.length === 0) return null;
      const mean = (pick: (p: (typeof places)[number]) => number) => places.reduce((sum, p) => sum + pick(p), 0) / places.length;
      return { code, lon: mean((p) => p.lon!), lat: mean((p) => p.lat!) };
    }),
  );
  return placed.filter((p) => p !== null);
}
