import { parentPort } from 'node:worker_threads';
import { readTableRows, TableProblem, type TableFormat } from './table-reading.ts';

/**
 * Reads uploaded spreadsheets off the server's event loop, one at a time, and posts each one's
 * rows in batches, so that the main thread takes them in small pieces between other requests.
 * The thread stays up between files (starting one costs about a second); the main thread stops
 * it when a file takes too long and starts a new one for the next file.
 */
export interface TableReaderJob {
  body: Uint8Array;
  format: TableFormat;
  batchRows: number;
  /** Rows below the header beyond which the file is refused here, before any row is sent. */
  maxDataRows?: number;
}

export type TableReaderMessage =
  | { type: 'rows'; rows: string[][] }
  | { type: 'done'; rowCount: number }
  | { type: 'problem'; message: string }
  | { type: 'failed'; message: string };

const port = parentPort!;
const send = (message: TableReaderMessage) => port.postMessage(message);

port.on('message', async ({ body, format, batchRows, maxDataRows }: TableReaderJob) => {
  try {
    const rows = await readTableRows(Buffer.from(body.buffer, body.byteOffset, body.byteLength), format);
    if (maxDataRows !== undefined) {
      const dataRows = rows.slice(1).filter((r) => r.some((cell) => cell !== '')).length;
      if (dataRows > maxDataRows) throw new TableProblem(`has ${dataRows} rows; import at most ${maxDataRows} at a time`);
    }
    for (let i = 0; i < rows.length; i += batchRows) send({ type: 'rows', rows: rows.slice(i, i + batchRows) });
    send({ type: 'done', rowCount: rows.length });
  } catch (e) {
    if (e instanceof TableProblem) send({ type: 'problem', message: e.message });
    else send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
