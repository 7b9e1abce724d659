/**
 * The languages the platform speaks, and how a request says which one it wants: the web sends
 * its chosen language as Accept-Language on API calls and as `lang` on download links (a plain
 * link cannot set a header).
 */
export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** One language tag as ours: Traditional Chinese by script or region, other Chinese Simplified, any English. */
function languageOfTag(tag: string): Language | null {
  const t = tag.trim().toLowerCase();
  if (t === 'zh' || t.startsWith('zh-')) {
    return /^zh-(hant|tw|hk|mo)\b/.test(t) ? 'zh-TW' : 'zh-CN';
  }
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/**
 * The language of a request: an explicit choice (`lang`) wins, else the first language of the
 * Accept-Language header (by quality) we speak, else Simplified Chinese.
 */
export function requestLanguage(explicit: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(explicit)) return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, order) => {
        const [tag = '', ...params] = part.split(';');
        const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
        return { tag, q: q ? Number(q[1]) : 1, order };
      })
      .filter((r) => r.q > 0)
      .sort((a, b) => b.q - a.q || a.order - b.order);
    for (const r of ranked) {
      const language = languageOfTag(r.tag);
      if (language) return language;
    }
  }
  return 'zh-CN';
}
