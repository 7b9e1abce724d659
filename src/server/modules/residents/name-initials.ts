import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/**
 * Pinyin initials of a person's name, lower case, read as a name (单 as shan, 曾 as zeng):
 * 张三丰 → "zsf". Letters and digits in the name are kept as they are.
 */
export function nameInitials(name: string): string {
  let initials = cache.get(name);
  if (initials !== undefined) return initials;
  initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join('');
  if (cache.size < 200_000) cache.set(name, initials);
  return initials;
}
