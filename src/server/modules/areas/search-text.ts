import * as OpenCC from 'opencc-js';
import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * Committee suffixes shared by hundreds of thousands of names: their pinyin is computed once.
 * Longest first, so the first that ends a name is the longest that does.
 */
const SUFFIXES = ['社区居民委员会', '社区居委会', '居民委员会', '村民委员会', '社区委员会', '居委会', '村委会', '牧委会', '嘎查', '社区'];

function suffixOf(name: string): string {
  for (const s of SUFFIXES) if (name.endsWith(s)) return s;
  return '';
}

export interface NameSearchText {
  /** First letters of each syllable, lower case: 岳西县 → "yxx". */
  initials: string;
  /** Whole pinyin without tones or spaces: 岳西县 → "yuexixian". */
  pinyin: string;
}

const cache = new Map<string, NameSearchText>();

/** Each character's only reading, or null when it has several (长: cháng / zhǎng). */
const onlyReading = new Map<string, string | null>();

function readingOf(char: string): string | null {
  let reading = onlyReading.get(char);
  if (reading === undefined) {
    const readings = new Set((polyphonic(char, { toneType: 'none', type: 'array' })[0] as string[] | undefined) ?? []);
    reading = readings.size === 1 ? [...readings][0]!.toLowerCase().replace(/[^a-z0-9]/g, '') : null;
    if (reading === '') reading = null;
    onlyReading.set(char, reading);
  }
  return reading;
}

function compute(text: string): NameSearchText {
  if (!text) return { initials: '', pinyin: '' };
  // Two names in three have no character with more than one reading: spell those
  // character by character. The rest go through word segmentation, which reads 重庆 right.
  const simple: string[] = [];
  for (const char of text) {
    const reading = readingOf(char);
    if (reading === null) {
      simple.length = 0;
      break;
    }
    simple.push(reading);
  }
  if (simple.length) return { initials: simple.map((s) => s[0]).join(''), pinyin: simple.join('') };
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { initials: clean.map((s) => s[0]).join(''), pinyin: clean.join('') };
}

/**
 * Pinyin forms of a place name for search, with words read in context (重庆 → chongqing).
 * The committee suffix is read separately and cached, which keeps a national import fast.
 */
export function nameSearchText(name: string, memo: Map<string, NameSearchText> = cache): NameSearchText {
  const suffix = suffixOf(name);
  const base = suffix ? name.slice(0, name.length - suffix.length) : name;
  let head = memo.get(base);
  if (!head) {
    head = compute(base);
    if (memo !== cache || cache.size < 50_000) memo.set(base, head);
  }
  let tail = cache.get(suffix);
  if (!tail) {
    tail = compute(suffix);
    cache.set(suffix, tail);
  }
  return { initials: head.initials + tail.initials, pinyin: head.pinyin + tail.pinyin };
}

const toSimplifiedFromTaiwan = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toSimplifiedFromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** What a user typed, in the form names are stored in: Simplified characters. */
export function toSimplified(text: string): string {
  return toSimplifiedFromHongKong(toSimplifiedFromTaiwan(text));
}

export type SearchMode = { kind: 'letters'; letters: string } | { kind: 'name'; text: string };

/** Latin letters search pinyin (initials or whole syllables); anything else searches names. */
export function searchModeOf(query: string): SearchMode {
  const q = query.trim();
  if (/^[A-Za-z]+$/.test(q)) return { kind: 'letters', letters: q.toLowerCase() };
  return { kind: 'name', text: toSimplified(q) };
}
