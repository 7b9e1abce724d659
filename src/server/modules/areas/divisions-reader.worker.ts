import { parentPort, workerData } from 'node:worker_threads';
import { DIVISION_FILES, readDivisionFile, type ImportProblem, type ParsedArea } from './divisions-files.ts';

/**
 * Reads and checks villages.csv and posts the communities in batches while the main thread
 * reads their pinyin and writes them: the two halves of a national import overlap. A batch
 * travels as one string per column, joined by line breaks (no name may hold one).
 */
export interface VillageReaderInput {
  dir: string;
  streetCodes: string[];
  batchSize: number;
}

export type VillageReaderMessage =
  | { type: 'batch'; columns: [codes: string, parents: string, names: string] }
  | { type: 'done'; count: number; problems: ImportProblem[] }
  | { type: 'failed'; message: string };

const { dir, streetCodes, batchSize } = workerData as VillageReaderInput;
const port = parentPort!;
const villages = DIVISION_FILES[4];
const problems: ImportProblem[] = [];
let batch: ParsedArea[] = [];

function post(): void {
  const message: VillageReaderMessage = {
    type: 'batch',
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
