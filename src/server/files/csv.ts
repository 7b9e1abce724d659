import { CsvError, parse } from 'csv-parse/sync';

/**
 * The one CSV reader of the platform (imports, division files, siting points): RFC 4180 through
 * csv-parse, so quoted fields may hold commas, doubled quotes and line breaks. Rows may differ in
 * length; the callers check columns. Text in, text out: decoding bytes is `decodeSpreadsheetText`'s job (text-rules.ts).
 */
export class CsvProblem extends Error {
  override name = 'CsvProblem';
  constructor(
    message: string,
    /** The line of the file where the problem was found (1-based), when known. */
    readonly line: number | null,
  ) {
    super(message);
  }
}

/** Files edited by hand mix line endings; csv-parse would otherwise keep the first one it sees. */
const LINE_ENDINGS = ['\r\n', '\n', '\r'];

/**
 * The records of a CSV text, every field as it was written (no trimming); a blank line is a
 * record of one empty field. Files edited by hand may mix line endings; a machine-written file
 * (`mixedLineEndings: false`) keeps the first one, which parses several times faster.
 * Throws CsvProblem.
 */
export function parseCsv(text: string, options: { mixedLineEndings?: boolean } = {}): string[][] {
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // A stray quote inside an unquoted field (常见于手工编辑的文件) stays text rather than failing.
      relax_quotes: true,
      ...(options.mixedLineEndings === false ? {} : { record_delimiter: LINE_ENDINGS }),
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? null;
      const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field never closes' : e.message;
      throw new CsvProblem(`the CSV is malformed${line ? ` at line ${line}` : ''}: ${what}`, line);
    }
    throw e;
  }
}

/** The line breaks inside a record's fields: a record holding some spans more than one line. */
export function lineBreaksIn(record: readonly string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
}
