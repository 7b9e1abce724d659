import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { CsvProblem, parseCsv } from '../../src/server/files/csv.ts';
import { FileProblem, readTable, safeText, toCsv, toXlsx, type Cell } from '../../src/server/files/spreadsheet.ts';
import { decodeSpreadsheetText, EncodingProblem, textProblem, textProblemIn } from '../../src/server/files/text-rules.ts';
import { checkWorkbookArchive, WorkbookProblem } from '../../src/server/files/xlsx-guard.ts';
import { workbook, zipBomb } from '../support/xlsx-files.ts';

/**
 * The files module on its own: one CSV parser, export → import round trips that keep every
 * awkward cell, the formula-injection guard, GB18030, and the limits on hostile files.
 */

/** Cells an operator really types: quotes, commas, line breaks, Chinese, and text that looks like a formula. */
const AWKWARD: Cell[][] = [
  ['名称', '说明', '数量'],
  ['城东"新"社区', '一楼, 二楼', 3],
  ['多行\n地址\r\n第三行', '他说 ""好""', -5],
  ['=HYPERLINK("http://x","点我")', '+86 138', 0],
  ['-1+2', '@SUM(A1:A2)', 1.5],
  ['\t=cmd|" /C calc"!A0', '\r=1+1', 12],
  ['普通文字', '', null],
];

/** What the awkward rows must read back as: text neutralised with a leading ', numbers as written. */
const expectedBack = (rows: Cell[][]) =>
  rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : safeText(cell).trim())));

describe('one CSV parser', () => {
  test('quoted fields keep commas, doubled quotes and line breaks; line endings may mix', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x,1","he said ""hi"""\n"multi\nline",z\r\n'), [
      ['a', 'b'],
      ['x,1', 'he said "hi"'],
      ['multi\nline', 'z'],
    ]);
  });

  test('the siting points file no longer splits on a comma inside quotes', () => {
    // The old hand-written reader of `linli solve --points` split this row into four fields.
    assert.deepEqual(parseCsv('x,y,weight\n"116.5","30.2","1,000"\n')[1], ['116.5', '30.2', '1,000']);
  });

  test('a quoted field that never closes is a problem naming its line', () => {
    assert.throws(
      () => parseCsv('a,b\n1,2\n3,"open\n4,5\n'),
      (e: unknown) => e instanceof CsvProblem && /never closes/.test(e.message) && e.line !== null,
    );
  });
});

describe('export → import round trips', () => {
  test('CSV: every awkward cell comes back, formulas neutralised', async () => {
    const csv = toCsv(AWKWARD);
    const text = csv.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a BOM, so Excel reads UTF-8');
    const back = await readTable(csv, 'csv');
    assert.deepEqual(back, expectedBack(AWKWARD));
  });

  test('CSV export: no cell starts with = + - @ tab or CR; numbers are left alone', () => {
    const text = toCsv(AWKWARD).toString('utf8').replace(/^\uFEFF/, '');
    const cells = parseCsv(text).flat();
    const numbers = new Set(AWKWARD.flat().filter((c) => typeof c === 'number').map(String));
    for (const cell of cells) if (!numbers.has(cell)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} would run as a formula`);
    assert.ok(cells.includes('-5'), 'a negative number stays a number');
    assert.ok(cells.includes("'=HYPERLINK(\"http://x\",\"点我\")"));
    assert.ok(cells.includes("'\t=cmd|\" /C calc\"!A0"));
  });

  test('XLSX: every awkward cell comes back, formulas neutralised', async () => {
    const file = await toXlsx([{ name: 'Sheet1', rows: AWKWARD }]);
    const raw = await readSheet(file);
    for (const cell of raw.flat()) if (typeof cell === 'string') assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
    const back = await readTable(file, 'xlsx');
    // read-excel-file drops trailing empty cells of the last row; compare what both have.
    assert.deepEqual(back.map((r) => r.slice(0, 2)), expectedBack(AWKWARD).map((r) => r.slice(0, 2)));
  });

  test('a GB18030 file (Excel on Chinese Windows) reads as the same text, four-byte characters included', async () => {
    // "户编号,姓名,住址 / H1,张三,"茶园组5号,东 ""大"" 屋" / H2,𠀀奶奶," encoded as GB18030.
    const gb18030 = Buffer.from([
      187, 167, 177, 224, 186, 197, 44, 208, 213, 195, 251, 44, 215, 161, 214, 183, 13, 10, 72, 49, 44, 213, 197, 200, 253, 44, 34, 178, 232, 212, 176, 215,
      233, 53, 186, 197, 44, 182, 171, 32, 34, 34, 180, 243, 34, 34, 32, 206, 221, 34, 13, 10, 72, 50, 44, 149, 50, 130, 54, 196, 204, 196, 204, 44, 13, 10,
    ]);
    assert.deepEqual(await readTable(gb18030, 'csv'), [
      ['户编号', '姓名', '住址'],
      ['H1', '张三', '茶园组5号,东 "大" 屋'],
      ['H2', '𠀀奶奶', ''],
    ]);
  });

  test('UTF-8 wins over GB18030 when a file is valid as both; bytes that are neither name the line', () => {
    assert.equal(decodeSpreadsheetText(Buffer.from('\uFEFF社区', 'utf8')), '社区');
    assert.throws(
      () => decodeSpreadsheetText(Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0x80, 0xff, 0x0a])])),
      (e: unknown) => e instanceof EncodingProblem && e.line === 2,
    );
  });
});

describe('the text rules', () => {
  test('NUL and lone surrogates are refused; paired surrogates and Chinese pass', () => {
    assert.equal(textProblem('岳西县𠀀'), null);
    assert.match(textProblem('a\u0000b')!, /NUL/);
    assert.match(textProblem('\ud800x')!, /lone surrogate/);
    assert.match(textProblem('x\udc00')!, /lone surrogate/);
    assert.deepEqual(textProblemIn({ a: [{ b: 'ok' }, { c: 'bad\u0000' }] }), { path: 'a.1.c', problem: 'must not contain the NUL character' });
    assert.equal(textProblemIn(Buffer.from([0, 0, 0])), null, 'an uploaded file is checked once parsed, not byte by byte');
  });
});

describe('hostile files', () => {
  test('a zip bomb is refused from its directory, before unpacking', async () => {
    await assert.rejects(checkWorkbookArchive(zipBomb(20)), (e: unknown) => e instanceof WorkbookProblem && /zip bomb/.test(e.message));
  });

  test('a part that lies about its size is stopped while unpacking', async () => {
    await assert.rejects(checkWorkbookArchive(zipBomb(20, true)), (e: unknown) => e instanceof WorkbookProblem && /lies about its size/.test(e.message));
  });

  test('the unpacked total is capped even when every part packs plausibly', async () => {
    const limits = { unpackedBytesMax: 4096, compressionRatioMax: 200, ratioCheckedFromBytes: 1024 * 1024, entriesMax: 100 };
    const file = workbook([['x'.repeat(5000)]]);
    await assert.rejects(checkWorkbookArchive(file, limits), (e: unknown) => e instanceof WorkbookProblem && /unpacks to more than/.test(e.message));
    await checkWorkbookArchive(workbook([['small']]), limits);
  });

  test('reading stops at the time limit with a problem saying so, and the next file reads normally', async () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 200_000; i++) rows.push(`${i},"第${i}行, 带逗号","x"`);
    const big = Buffer.from(rows.join('\n'));
    await assert.rejects(readTable(big, 'csv', { timeLimitMs: 1 }), (e: unknown) => e instanceof FileProblem && /took longer than/.test(e.message));
    assert.deepEqual(await readTable(Buffer.from('a,b\n1,2\n'), 'csv'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('a cell longer than Excel allows names its row and column', async () => {
    await assert.rejects(
      readTable(Buffer.from(`名称,说明\nok,${'x'.repeat(33_000)}\n`), 'csv'),
      (e: unknown) => e instanceof FileProblem && /row 2, column 2 \(说明\): a cell holds 33000 characters/.test(e.message),
    );
  });
});
