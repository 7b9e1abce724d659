import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';

/**
 * Spreadsheets as operators fill them in: CSV (UTF-8 or GB18030, as Excel on Chinese Windows
 * saves it) and XLSX, read into rows of text and written back. The register modules (facilities,
 * residents) map columns and values; this file knows only files.
 */

export type FileFormat = 'csv' | 'xlsx';
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
}

export class FileProblem extends Error {
  override name = 'FileProblem';
}


/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new FileProblem('the CSV has a quoted field that never closes');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** UTF-8 (with or without BOM); files saved by Excel on Chinese Windows are GB18030, read as such. */
export function decodeText(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value).trim();
}

/** The file's cells as text, header first. */
export async function readTable(body: Buffer, format: FileFormat): Promise<string[][]> {
  if (format === 'csv') return parseCsv(decodeText(body)).map((r) => r.map((c) => c.trim()));
  try {
    const rows = await readSheet(body);
    return rows.map((r) => r.map(cellText));
  } catch (e) {
    throw new FileProblem(`the body is not a readable XLSX workbook (${e instanceof Error ? e.message : String(e)})`);
  }
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
