import { Worker } from 'node:worker_threads';
import writeXlsxFile from 'write-excel-file/node';
import type { TableFormat } from './table-reading.ts';
import type { TableReaderJob, TableReaderMessage } from './table-reader.worker.ts';
import type { ProblemCode } from '../../contracts/problems.ts';

/**
 * Spreadsheets as operators fill them in: CSV (UTF-8 or GB18030, as Excel on Chinese Windows
 * saves it) and XLSX, read into rows of text and written back. The register modules (facilities,
 * residents) map columns and values; this file knows only files.
 */

export type FileFormat = TableFormat;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';

export interface RowProblem {
  /** The spreadsheet row (the header is row 1). */
  row: number;
  /** The API field, e.g. floorArea. */
  field: string;
  /** The column header as the file has it, when the problem is in one column. */
  column: string | null;
  problem: string;
  /** A stable code (src/contracts/problems.ts) and the values the sentence carries, where the module gives them. */
  code?: ProblemCode;
  params?: Record<string, string | number>;
}

export class FileProblem extends Error {
  override name = 'FileProblem';
}


export { parseCsv } from './csv.ts';
export { cellText } from './table-reading.ts';

/** How long reading one uploaded file may take before it is refused (the worker is stopped). */
export const FILE_READ_SECONDS_MAX = 60;
/** The heap a file's reader may use: an XLSX at its unpacked limit fits, a bomb that slipped through does not. */
const READER_HEAP_MB = 1024;
/** Rows per message from the reader: small enough that taking one never stalls other requests. */
const ROWS_PER_MESSAGE = 2000;

let reader: Worker | null = null;
let readerQueue: Promise<unknown> = Promise.resolve();

function readerThread(): Worker {
  if (!reader) {
    const worker = new Worker(new URL('./table-reader.worker.mjs', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB },
    });
    // An idle reader never keeps the process alive.
    worker.unref();
    worker.on('exit', () => {
      if (reader === worker) reader = null;
    });
    reader = worker;
  }
  return reader;
}

/**
 * The file's cells as text, header first. Reading happens in a worker thread with a time and a
 * memory limit, so a hostile or huge file never blocks other requests; every problem with the
 * file (its encoding, a zip bomb, an overlong cell, a NUL or lone surrogate, the time limit) is
 * a FileProblem that says where. With `maxDataRows`, a file with more rows below its header is
 * refused in the reader, before a row reaches this thread. Files are read one at a time.
 */
export function readTable(body: Buffer, format: FileFormat, options: { timeLimitMs?: number; maxDataRows?: number } = {}): Promise<string[][]> {
  const next = readerQueue.then(() => readInThread(body, format, options.timeLimitMs ?? FILE_READ_SECONDS_MAX * 1000, options.maxDataRows));
  readerQueue = next.catch(() => undefined);
  return next;
}

function readInThread(body: Buffer, format: FileFormat, timeLimitMs: number, maxDataRows: number | undefined): Promise<string[][]> {
  const worker = readerThread();
  return new Promise<string[][]>((resolve, reject) => {
    const rows: string[][] = [];
    let settled = false;
    const finish = (error: Error | null, stop = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      worker.unref();
      if (stop) {
        if (reader === worker) reader = null;
        void worker.terminate();
      }
      if (error) reject(error);
      else resolve(rows);
    };
    const onMessage = (message: TableReaderMessage) => {
      if (message.type === 'rows') for (const row of message.rows) rows.push(row);
      else if (message.type === 'done') finish(null);
      else if (message.type === 'problem') finish(new FileProblem(message.message));
      else finish(new Error(`the file reader failed: ${message.message}`));
    };
    const onError = (e: Error & { code?: string }) =>
      finish(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new FileProblem('reading the file needs more memory than an import may use; split it into smaller files')
          : e,
        true,
      );
    const onExit = (code: number) => finish(new Error(`the file reader stopped (exit code ${code}) before it was done`), true);
    const timer = setTimeout(
      () => finish(new FileProblem(`reading the file took longer than ${Math.round(timeLimitMs / 1000)} s, the limit; split it into smaller files`), true),
      timeLimitMs,
    );
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    // Kept alive while a file is being read, so that a CLI import waits for its rows.
    worker.ref();
    const job: TableReaderJob = { body, format, batchRows: ROWS_PER_MESSAGE, ...(maxDataRows === undefined ? {} : { maxDataRows }) };
    worker.postMessage(job);
  });
}

export const normalise = (text: string) => text.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').toLowerCase();

export const YES = new Set(['是', '有', 'y', 'yes', 'true', '1']);
export const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '']);

export function enumValue<T extends string>(text: string, values: readonly T[], labels: Record<T, string>, aliases: Record<string, T> = {}): T | undefined {
  if ((values as readonly string[]).includes(text)) return text as T;
  for (const v of values) if (labels[v] === text) return v;
  return aliases[text];
}

/**
 * Where each known column sits in the header row. Headers match a column's Chinese header or
 * its API field name, ignoring spaces, case and full-width brackets; export-only columns are
 * skipped, so an exported file imports again. Unknown, repeated or missing required columns
 * are a FileProblem naming them.
 */
export function columnPositions<K extends string>(
  header: string[] | undefined,
  columns: readonly { key: K; header: string; required?: boolean }[],
  exportOnly: readonly string[],
): Map<K, number> {
  if (!header || header.every((h) => h === '')) throw new FileProblem('the file is empty: the first row must hold the column headers');
  const byHeader = new Map<string, { key: K; header: string; required?: boolean }>();
  for (const c of columns) {
    byHeader.set(normalise(c.header), c);
    byHeader.set(normalise(c.key), c);
  }
  const ignored = new Set(exportOnly.map(normalise));
  const at = new Map<K, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    if (h === '') return;
    const column = byHeader.get(normalise(h));
    if (column) {
      if (at.has(column.key)) throw new FileProblem(`column "${h}" appears twice`);
      at.set(column.key, i);
    } else if (!ignored.has(normalise(h))) unknown.push(h);
  });
  if (unknown.length) throw new FileProblem(`unknown column(s): ${unknown.join(', ')}; the template lists the columns`);
  const missing = columns.filter((c) => c.required && !at.has(c.key)).map((c) => c.header);
  if (missing.length) throw new FileProblem(`missing column(s): ${missing.join(', ')}`);
  return at;
}

export type Cell = string | number | null;

/** Text a spreadsheet would run as a formula is prefixed with ' (CSV/formula injection). */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : safeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Cell[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(sheets: { name: string; rows: Cell[][] }[]): Promise<Buffer> {
  return writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name,
      data: s.rows.map((r, i) =>
        r.map((c) => (c === null ? null : typeof c === 'number' ? { value: c, type: Number } : { value: safeText(c), type: String, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })),
      ),
    })),
  ).toBuffer();
}

export interface FileOut {
  body: Buffer;
  contentType: string;
  filename: string;
}

/**
 * An import template: the header row as CSV, or as XLSX with a second sheet saying what each
 * column takes and whether it is required.
 */
export async function templateFile(
  columns: readonly { header: string; required?: boolean; note: string }[],
  sheetName: string,
  baseName: string,
  format: FileFormat,
): Promise<FileOut> {
  const header = columns.map((c) => c.header);
  if (format === 'csv') return { body: toCsv([header]), contentType: CSV_MIME, filename: `${baseName}.csv` };
  const notes: Cell[][] = [['列', '是否必填', '填写说明'], ...columns.map((c) => [c.header, c.required ? '必填' : '选填', c.note])];
  return {
    body: await toXlsx([
      { name: sheetName, rows: [header] },
      { name: '填写说明', rows: notes },
    ]),
    contentType: XLSX_MIME,
    filename: `${baseName}.xlsx`,
  };
}
