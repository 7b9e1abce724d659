import { parentPort, workerData } from 'node:worker_threads';
import { DIVISION_FILES, readDivisionFile, type ImportProblem, type ParsedArea } from './divisions-files.ts';
import { nameSearchText, type NameSearchText } from './search-text.ts';

/**
 * Reads and checks villages.csv and posts the communities in batches while the main thread
 * writes them: the two halves of a national import overlap. Reading names' pinyin is shared:
 * this thread reads it for every other batch (`search` columns), the main thread for the rest,
 * which keeps both threads about equally busy. A batch travels as one string per column,
 * joined by line breaks (no name may hold one).
 */
export interface VillageReaderInput {
  dir: string;
  streetCodes: string[];
  batchSize: number;
  /** Whether to read pinyin for every other batch (a bulk load, where nearly every row is written). */
  readPinyin: boolean;
}

export type VillageReaderMessage =
  | { type: 'batch'; columns: [codes: string, parents: string, names: string]; search: [initials: string, pinyin: string] | null }
  | { type: 'done'; count: number; problems: ImportProblem[] }
  | { type: 'failed'; message: string };

const { dir, streetCodes, batchSize, readPinyin } = workerData as VillageReaderInput;
const port = parentPort!;
const villages = DIVISION_FILES[4];
const problems: ImportProblem[] = [];
let batch: ParsedArea[] = [];
let posted = 0;
const memo = new Map<string, NameSearchText>();

function post(): void {
  const search = readPinyin && posted++ % 2 === 0 ? batch.map((a) => nameSearchText(a.name, memo)) : null;
  const message: VillageReaderMessage = {
    type: 'batch',
    search: search ? [search.map((s) => s.initials).join('\n'), search.map((s) => s.pinyin).join('\n')] : null,
    columns: [
      batch.map((a) => a.code).join('\n'),
      batch.map((a) => a.parentCode).join('\n'),
      batch.map((a) => a.name).join('\n'),
    ],
  };
  port.postMessage(message);
  batch = [];
}

try {
  const count = readDivisionFile(
    dir,
    villages,
    new Set(streetCodes),
    new Set(),
    (p) => {
      if (problems.length < 50) problems.push(p);
    },
    (area) => {
      // Once a problem is found nothing will be written: only keep checking.
      if (problems.length) return;
      batch.push(area);
      if (batch.length >= batchSize) post();
    },
  );
  if (batch.length && !problems.length) post();
  port.postMessage({ type: 'done', count, problems } satisfies VillageReaderMessage);
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies VillageReaderMessage);
}
