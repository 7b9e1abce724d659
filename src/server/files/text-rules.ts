/**
 * The rules every piece of text obeys, whichever way it comes in (a JSON body, a query string,
 * a CSV or XLSX import): well-formed Unicode and no NUL character. PostgreSQL cannot store NUL
 * in text and SQLite would keep it, and a lone surrogate cannot be written out as UTF-8, so both
 * are refused at the door, on both engines alike, naming where they were found.
 */

/** String.prototype.isWellFormed (Node 20+; the TypeScript lib we target does not list it yet). */
type WellFormedCheck = string & { isWellFormed(): boolean };

/** What is wrong with a piece of text, or null when it obeys the rules. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character';
  if (!(text as WellFormedCheck).isWellFormed()) return 'is not valid Unicode text (it holds a lone surrogate)';
  return null;
}

/**
 * The first string in a parsed value (an object, an array, a string) that breaks the rules:
 * its path (`a.b.0`, "" for the value itself) and the problem; null when every string obeys.
 * Keys are checked too. Buffers (uploaded files) are skipped: files are checked once parsed.
 */
export function textProblemIn(value: unknown): { path: string; problem: string } | null {
  // Iterative: the depth of a parsed body is the client's to choose.
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return { path, problem };
    } else if (item && typeof item === 'object' && !ArrayBuffer.isView(item)) {
      for (const [key, child] of Object.entries(item)) {
        const childPath = path ? `${path}.${key}` : key;
        const problem = textProblem(key);
        if (problem) return { path: childPath, problem: `has a field name that ${problem}` };
        pending.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Thrown when bytes are not text in any encoding we read. */
export class EncodingProblem extends Error {
  override name = 'EncodingProblem';
  constructor(
    message: string,
    /** The 1-based line holding the first byte that could not be read, when known. */
    readonly line: number | null,
  ) {
    super(message);
  }
}

/** Strict UTF-8: invalid bytes are an error, never silently replaced by U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}

/**
 * A spreadsheet's text: UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows
 * saves CSV. Bytes that are neither are an EncodingProblem naming the first line that is not,
 * never text with replacement characters stored in the register.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): string {
  try {
    return decodeUtf8(bytes);
  } catch {
    // not UTF-8: try GB18030
  }
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    const line = firstUnreadableLine(bytes);
    throw new EncodingProblem(`line ${line} is neither UTF-8 nor GB18030 text`, line);
  }
}

function firstUnreadableLine(bytes: Uint8Array): number {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const gb = new TextDecoder('gb18030', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const slice = bytes.subarray(start, end);
    let readable = true;
    try {
      utf8.decode(slice);
    } catch {
      try {
        gb.decode(slice);
      } catch {
        readable = false;
      }
    }
    if (!readable) return line;
    start = end + 1;
  }
  return 1;
}
