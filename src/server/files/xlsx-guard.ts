import yauzl from 'yauzl';

/**
 * An XLSX file is a zip archive of XML parts, and a zip can unpack to a thousand times its size
 * (a 100 kB "zip bomb" holding one 100 MB cell). Before any XLSX is parsed, its zip directory is
 * read and every XML part is unpacked once into nothing, counting: a part that declares, or turns
 * out to hold, more than the limits allow stops the reading at once. Parsing then works on a file
 * whose unpacked size is known to be bounded.
 */
export interface XlsxLimits {
  unpackedBytesMax: number;
  compressionRatioMax: number;
  ratioCheckedFromBytes: number;
  entriesMax: number;
}

export const XLSX_LIMITS: Readonly<XlsxLimits> = {
  /** Unpacked XML of a whole workbook; larger registers are imported as CSV (no unpacking). */
  unpackedBytesMax: 128 * 1024 * 1024,
  /** Unpacked ÷ packed size of one part. Spreadsheet XML packs 5–50×, deflate's ceiling is ~1032×. */
  compressionRatioMax: 200,
  /** Parts smaller than this are never refused for their ratio (tiny parts pack oddly). */
  ratioCheckedFromBytes: 1024 * 1024,
  /** Parts in one workbook: a real one has a few dozen. */
  entriesMax: 10_000,
};

export class WorkbookProblem extends Error {
  override name = 'WorkbookProblem';
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Checks a workbook's zip before it is parsed: the directory, the declared and the real unpacked
 * sizes of its XML parts, and that each part is UTF-8 as XML in a workbook must be. Throws
 * WorkbookProblem saying what is wrong.
 */
export async function checkWorkbookArchive(body: Buffer, limits: Readonly<XlsxLimits> = XLSX_LIMITS): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(body, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw new WorkbookProblem(`the body is not a readable XLSX workbook (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    let declared = 0;
    let unpacked = 0;
    let entries = 0;
    for await (const entry of entriesOf(zip)) {
      if (++entries > limits.entriesMax) throw new WorkbookProblem(`the workbook holds more than ${limits.entriesMax} parts`);
      const name = entry.fileName;
      if (!/\.(xml|rels)$/i.test(name)) continue;
      declared += entry.uncompressedSize;
      if (declared > limits.unpackedBytesMax) {
        throw new WorkbookProblem(
          `the workbook unpacks to more than ${megabytes(limits.unpackedBytesMax)} (part ${name} alone declares ${megabytes(entry.uncompressedSize)}); import a register this large as CSV`,
        );
      }
      if (entry.uncompressedSize >= limits.ratioCheckedFromBytes && entry.uncompressedSize > limits.compressionRatioMax * Math.max(entry.compressedSize, 1)) {
        throw new WorkbookProblem(
          `part ${name} of the workbook unpacks ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} times its packed size (${megabytes(entry.uncompressedSize)}); no spreadsheet packs that tightly, so it is refused as a zip bomb`,
        );
      }
      unpacked += await drainChecked(zip, entry, limits.unpackedBytesMax - unpacked, limits);
    }
  } finally {
    zip.close();
  }
}

async function* entriesOf(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => {
        zip.off('end', onEnd).off('error', onError);
        resolve(entry);
      };
      const onEnd = () => {
        zip.off('entry', onEntry).off('error', onError);
        resolve(null);
      };
      const onError = (e: Error) => {
        zip.off('entry', onEntry).off('end', onEnd);
        reject(new WorkbookProblem(`the workbook's zip directory is damaged (${e.message})`));
      };
      zip.once('entry', onEntry).once('end', onEnd).once('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

/** Unpacks one part into nothing, counting its bytes and checking they are UTF-8. */
async function drainChecked(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number, limits: Readonly<XlsxLimits>): Promise<number> {
  let stream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (e) {
    throw new WorkbookProblem(`part ${entry.fileName} of the workbook cannot be unpacked (${e instanceof Error ? e.message : String(e)})`);
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > budget) throw new WorkbookProblem(`the workbook unpacks to more than ${megabytes(limits.unpackedBytesMax)}; import a register this large as CSV`);
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        throw new WorkbookProblem(`part ${entry.fileName} of the workbook is not valid UTF-8`);
      }
    }
    utf8.decode();
  } catch (e) {
    stream.destroy();
    if (e instanceof WorkbookProblem) throw e;
    // yauzl's size check: the part holds more (or less) than its directory entry declares.
    throw new WorkbookProblem(`part ${entry.fileName} of the workbook is damaged or lies about its size (${e instanceof Error ? e.message : String(e)})`);
  }
  return bytes;
}
