import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DatabaseHandle } from '../../db/database.ts';
import type { NewAreaRow } from '../../db/schema.ts';
import { communityKind } from '../../../engine/areas/urban-rural.ts';
import * as repo from './areas.repository.ts';
import { invalidateAreaStatistics } from './areas.service.ts';
import {
  DIVISION_FILES,
  DivisionsImportError,
  PROBLEMS_KEPT,
  readDivisionFile,
  type ImportProblem,
  type ParsedArea,
} from './divisions-files.ts';
import type { VillageReaderInput, VillageReaderMessage } from './divisions-reader.worker.ts';
import { nameSearchText, type NameSearchText } from './search-text.ts';

export { DivisionsImportError, readDivisionFiles, type ImportProblem } from './divisions-files.ts';

export interface ImportSummary {
  files: Record<string, number>;
  inserted: number;
  updated: number;
  unchanged: number;
  seconds: number;
}

export type ImportProgress = (phase: 'read' | 'write', done: number, total: number) => void;

/** A place to give an area while importing it (the demo seed's generated centroids). */
export interface AreaPlace {
  lon: number;
  lat: number;
  generated: boolean;
}

export interface ImportOptions {
  onProgress?: ImportProgress;
  places?: ReadonlyMap<string, AreaPlace>;
  /** Rows per write step (and per progress report). */
  rowsPerStep?: number;
  /**
   * Where villages.csv is read and checked: `thread` in a worker thread while this one reads
   * the names' pinyin and writes; `inline` reads it here first. `auto`: a thread for files over 8 MB.
   */
  villageReader?: 'auto' | 'thread' | 'inline';
}

/** One batch of communities: a column per field, as the reader hands them over. */
interface VillageBatch {
  codes: string[];
  parents: string[];
  names: string[];
  /** Pinyin initials and whole pinyin, when the reader read them. */
  initials?: string[];
  pinyin?: string[];
}

type VillageEvent = { batch: VillageBatch } | { done: number; problems: ImportProblem[] };

const THREAD_ABOVE_BYTES = 8 * 1024 * 1024;

/** villages.csv read here: the batches, then the count and the problems. */
async function* villagesInline(dir: string, streetCodes: ReadonlySet<string>, batchSize: number): AsyncGenerator<VillageEvent> {
  const areas: ParsedArea[] = [];
  const problems: ImportProblem[] = [];
  const count = readDivisionFile(
    dir,
    DIVISION_FILES[4],
    streetCodes,
    new Set(),
    (p) => {
      if (problems.length < PROBLEMS_KEPT) problems.push(p);
    },
    (a) => areas.push(a),
  );
  if (!problems.length) {
    for (let i = 0; i < areas.length; i += batchSize) {
      const part = areas.slice(i, i + batchSize);
      yield { batch: { codes: part.map((a) => a.code), parents: part.map((a) => a.parentCode!), names: part.map((a) => a.name) } };
    }
  }
  yield { done: count, problems };
}

/** villages.csv read by a worker thread, its batches arriving while this thread writes. */
async function* villagesInThread(dir: string, streetCodes: ReadonlySet<string>, batchSize: number, readPinyin: boolean): AsyncGenerator<VillageEvent> {
  const input: VillageReaderInput = { dir, streetCodes: [...streetCodes], batchSize, readPinyin };
  const worker = new Worker(new URL('./divisions-reader.worker.mjs', import.meta.url), { workerData: input, execArgv: [] });
  const queue: (VillageReaderMessage | Error)[] = [];
  let wake: (() => void) | null = null;
  const push = (m: VillageReaderMessage | Error) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', push);
  worker.on('exit', (code) => push(new Error(`the village reader stopped (exit code ${code}) before it was done`)));
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = queue.shift()!;
      if (m instanceof Error) throw m;
      if (m.type === 'failed') throw new Error(`reading villages.csv failed: ${m.message}`);
      if (m.type === 'done') {
        yield { done: m.count, problems: m.problems };
        return;
      }
      const [codes, parents, names] = m.columns.map((c) => c.split('\n'));
      const [initials, pinyin] = m.search ? m.search.map((c) => c.split('\n')) : [];
      yield { batch: { codes: codes!, parents: parents!, names: names!, initials, pinyin } };
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/** The row an area is written as; kind_override and urban_rural_code are left to the admin. */
function areaRow(code: string, parentCode: string | null, level: number, name: string, search: NameSearchText, place: AreaPlace | undefined): NewAreaRow {
  return {
    code,
    parent_code: parentCode,
    level,
    name,
    kind: level === 5 ? communityKind(name) : null,
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
 * Imports the national division codes: all or nothing, and idempotent (rows already as the
 * files say are left alone, so a second run writes nothing). Provinces to townships are read
 * first; communities (nearly all the rows) are read in batches — by a worker thread for a
 * large file — and written as they come, in one transaction that any problem rolls back.
 */
export async function importDivisions(handle: DatabaseHandle, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const { onProgress, places } = options;
  const started = performance.now();
  const batchSize = options.rowsPerStep ?? 10_000;
  const problems: ImportProblem[] = [];
  const problem = (p: ImportProblem) => {
    if (problems.length < PROBLEMS_KEPT) problems.push(p);
  };
  const files: Record<string, number> = {};
  const upper: ParsedArea[] = [];
  const seen = new Set<string>();
  for (const spec of DIVISION_FILES.slice(0, 4)) {
    files[spec.file] = readDivisionFile(dir, spec, spec.parentColumn ? seen : null, seen, problem, (a) => upper.push(a));
    onProgress?.('read', upper.length, upper.length);
  }
  const streetCodes = new Set(upper.filter((a) => a.level === 4).map((a) => a.code));

  const existing = new Map<string, string>();
  for (const r of await repo.loadAreaNames(handle)) existing.set(r.code, `${r.parentCode}|${r.name}`);
  let inserted = 0;
  let unchanged = 0;
  /** Whether a row must be written: new, or changed, or given a place. */
  const changed = (code: string, parentCode: string | null, name: string): boolean => {
    const before = existing.get(code);
    if (before === undefined) {
      inserted++;
      return true;
    }
    if (before === `${parentCode}|${name}` && !places?.has(code)) {
      unchanged++;
      return false;
    }
    return true;
  };

  const villageBytes = statSafe(join(dir, DIVISION_FILES[4].file));
  const mode = options.villageReader === undefined || options.villageReader === 'auto' ? (villageBytes > THREAD_ABOVE_BYTES ? 'thread' : 'inline') : options.villageReader;
  // Into a table holding few areas nearly every row is written: the reader thread shares the
  // pinyin, and a large file loads faster without the parent index (a first national import). A
  // re-run over a full table writes little, and neither pays.
  const mostlyNew = existing.size < 100_000;
  const bulk = mostlyNew && villageBytes > 5 * 1024 * 1024;
  const villages = mode === 'thread' ? villagesInThread(dir, streetCodes, batchSize, mostlyNew) : villagesInline(dir, streetCodes, batchSize);

  const memo = new Map<string, NameSearchText>();
  let written = 0;
  let expected = upper.length;
  try {
    await repo.writeAreas(handle, { withPlaces: places !== undefined, large: bulk, chunkSize: batchSize }, async (write) => {
      const report = async (rows: NewAreaRow[], read: number) => {
        if (problems.length) return;
        await write(rows);
        written += read;
        onProgress?.('write', written, expected);
      };
      if (!problems.length) {
        const rows = upper.filter((a) => changed(a.code, a.parentCode, a.name)).map((a) => areaRow(a.code, a.parentCode, a.level, a.name, nameSearchText(a.name, memo), places?.get(a.code)));
        for (let i = 0; i < rows.length; i += batchSize) await report(rows.slice(i, i + batchSize), Math.min(batchSize, rows.length - i));
        written = upper.length;
      }
      for await (const event of villages) {
        if ('done' in event) {
          files[DIVISION_FILES[4].file] = event.done;
          for (const p of event.problems) problem(p);
          break;
        }
        const b = event.batch;
        expected += b.codes.length;
        if (problems.length) continue;
        const rows: NewAreaRow[] = [];
        for (let i = 0; i < b.codes.length; i++) {
          const code = b.codes[i]!;
          if (!changed(code, b.parents[i]!, b.names[i]!)) continue;
          const name = b.names[i]!;
          // Village names repeat across the country (新村, 东风村 …): each one's pinyin is read once.
          const search = b.initials && b.pinyin ? { initials: b.initials[i]!, pinyin: b.pinyin[i]! } : nameSearchText(name, memo);
          rows.push(areaRow(code, b.parents[i]!, 5, name, search, places?.get(code)));
        }
        await report(rows, b.codes.length);
      }
      // Any problem, in any file, and nothing is kept.
      if (problems.length) throw new DivisionsImportError(problems);
    });
  } finally {
    await villages.return(undefined);
  }
  invalidateAreaStatistics(handle.db);
  const total = Object.values(files).reduce((s, n) => s + n, 0);
  return { files, inserted, updated: total - inserted - unchanged, unchanged, seconds: (performance.now() - started) / 1000 };
}

function statSafe(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
