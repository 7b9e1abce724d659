import { readSheet } from 'read-excel-file/node';
import { CsvProblem, parseCsv } from './csv.ts';
import { decodeSpreadsheetText, EncodingProblem, textProblem } from './text-rules.ts';
import { checkWorkbookArchive, WorkbookProblem } from './xlsx-guard.ts';

/**
 * Reading an uploaded spreadsheet into rows of text, with every check a file gets before its
 * rows reach a register: the encoding, the zip of an XLSX, the size and the text rules of each
 * cell. Runs in a worker thread (table-reader.worker.ts), never on the server's event loop.
 */
export type TableFormat = 'csv' | 'xlsx';

/** Excel's own limit on the characters of one cell; no register field comes near it. */
export const CELL_CHARS_MAX = 32_767;

/** A file that cannot be imported, with a message for the person who sent it. */
export class TableProblem extends Error {
  override name = 'TableProblem';
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value).trim();
}

const columnName = (header: string[] | undefined, index: number) => {
  const name = header?.[index];
  return name ? `column ${index + 1} (${name})` : `column ${index + 1}`;
};

/** Refuses a cell that is too long or breaks the text rules, naming its row and column. */
export function checkCells(rows: string[][]): void {
  const header = rows[0];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      if (cell.length > CELL_CHARS_MAX) {
        throw new TableProblem(`row ${r + 1}, ${columnName(header, c)}: a cell holds ${cell.length} characters; at most ${CELL_CHARS_MAX}`);
      }
      const problem = textProblem(cell);
      if (problem) throw new TableProblem(`row ${r + 1}, ${columnName(header, c)}: the cell ${problem}`);
    }
  }
}

/** The file's cells as trimmed text, header first, checked. Throws TableProblem. */
export async function readTableRows(body: Buffer, format: TableFormat): Promise<string[][]> {
  let rows: string[][];
  if (format === 'csv') {
    try {
      rows = parseCsv(decodeSpreadsheetText(body)).map((r) => r.map((c) => c.trim()));
    } catch (e) {
      if (e instanceof CsvProblem || e instanceof EncodingProblem) throw new TableProblem(e.message);
      throw e;
    }
  } else {
    try {
      await checkWorkbookArchive(body);
    } catch (e) {
      if (e instanceof WorkbookProblem) throw new TableProblem(e.message);
      throw e;
    }
    try {
      rows = (await readSheet(body)).map((r) => r.map(cellText));
    } catch (e) {
      throw new TableProblem(`the body is not a readable XLSX workbook (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  checkCells(rows);
  return rows;
}
