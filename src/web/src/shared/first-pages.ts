import type { Page } from '../api/types.ts';

/**
 * The items of a paged list, following its cursor until `max` items are in (a map draws at most
 * that many), with the list's whole total so the page can say when it drew fewer.
 */
export async function firstPages<T>(load: (cursor: string | null) => Promise<Page<T>>, max: number): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let total: number;
  do {
    const page: Page<T> = await load(cursor);
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return { items, total };
}
