import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { parseCsv } from '../../src/server/files/spreadsheet.ts';
import { renderPdf, type ReportDocument } from '../../src/server/files/pdf-report.ts';

// A small reader for the PDFs pdfkit writes (no object streams, direct /Length): enough to find
// the pages, the embedded fonts and their ToUnicode maps, and to read back each page's text.

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendobj', start);
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream\n');
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dictionary: body, stream: null });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dictionary)![1]);
    const from = start + streamAt + 'stream\n'.length;
    let stream = pdf.subarray(from, from + length);
    if (dictionary.includes('/FlateDecode')) stream = inflateSync(stream);
    objects.set(Number(match[1]), { dictionary, stream });
  }
  return objects;
}

function ref(dictionary: string, key: string): number | null {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  return match ? Number(match[1]) : null;
}

/** CID → text, from a ToUnicode CMap as pdfkit writes it: bfrange lines with arrays. */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, start, entries] of cmap.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
    let cid = parseInt(start!, 16);
    for (const [, hex] of entries!.matchAll(/<([0-9a-f ]+)>/gi)) {
      const units = hex!.split(' ').map((unit) => parseInt(unit, 16));
      map.set(cid++, String.fromCharCode(...units));
    }
  }
  return map;
}

interface ReadPdf {
  objects: Map<number, PdfObject>;
  pages: PdfObject[];
  /** The text of each page, in drawing order, one string per text object. */
  pageTexts: string[][];
  toUnicodeMaps: string[];
}

function readPdf(pdf: Buffer): ReadPdf {
  const objects = readObjects(pdf);
  const all = [...objects.values()];
  const pageIds = [...objects].filter(([, o]) => /\/Type \/Page\b(?!s)/.test(o.dictionary)).map(([id]) => id);
  // The page tree lists the pages in order.
  const tree = all.find((o) => /\/Type \/Pages\b/.test(o.dictionary))!;
  const order = [...tree.dictionary.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const pages = order.filter((id) => pageIds.includes(id)).map((id) => objects.get(id)!);
  const toUnicodeMaps: string[] = [];
  const pageTexts = pages.map((page) => {
    const resourcesId = ref(page.dictionary, 'Resources');
    const resources = resourcesId ? objects.get(resourcesId)!.dictionary : page.dictionary;
    const fonts = new Map<string, Map<number, string>>();
    for (const [, name, id] of resources.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const cmapId = ref(objects.get(Number(id))!.dictionary, 'ToUnicode');
      if (cmapId === null) continue;
      const cmap = objects.get(cmapId)!.stream!.toString('latin1');
      toUnicodeMaps.push(cmap);
      fonts.set(name!, parseToUnicode(cmap));
    }
    const content = objects.get(ref(page.dictionary, 'Contents')!)!.stream!.toString('latin1');
    const texts: string[] = [];
    let font: Map<number, string> | undefined;
    for (const [, fontName, array] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (fontName) font = fonts.get(fontName);
      else {
        const hex = [...array!.matchAll(/<([0-9a-f]*)>/gi)].map((m) => m[1]).join('');
        let text = '';
        for (let i = 0; i < hex.length; i += 4) text += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '?';
        texts.push(text);
      }
    }
    return texts;
  });
  return { objects, pages, pageTexts, toUnicodeMaps: [...new Set(toUnicodeMaps)] };
}

/** A literal string object such as the document title, decoded from UTF-16BE. */
function pdfString(literal: string): string {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i]!;
    if (ch !== '\\') {
      bytes.push(ch.charCodeAt(0));
      continue;
    }
    const next = literal[++i]!;
    const octal = /^[0-7]{1,3}/.exec(literal.slice(i))?.[0];
    if (octal) {
      bytes.push(parseInt(octal, 8));
      i += octal.length - 1;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  const buffer = Buffer.from(bytes);
  const utf16 = buffer[0] === 0xfe && buffer[1] === 0xff;
  return utf16 ? buffer.subarray(2).swap16().toString('utf16le') : buffer.toString('latin1');
}

function infoEntry(read: ReadPdf, key: string): string | null {
  const info = [...read.objects.values()].find((o) => o.dictionary.includes('/Producer'));
  const id = info && ref(info.dictionary, key);
  if (!id) return null;
  const literal = /^\(([\s\S]*)\)$/.exec(read.objects.get(id)!.dictionary.trim());
  return literal ? pdfString(literal[1]!) : null;
}

function utf16Hex(ch: string): string {
  return [...Buffer.from(ch, 'utf16le').swap16()].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function cmapsContain(read: ReadPdf, ch: string): boolean {
  const hex = utf16Hex(ch);
  const pattern = new RegExp(`<${hex.match(/.{4}/g)!.join(' ')}>`, 'i');
  return read.toUnicodeMaps.some((cmap) => pattern.test(cmap));
}

const villagesCsv = new URL('../../data/anqing/villages.csv', import.meta.url);
const villages = parseCsv(readFileSync(villagesCsv, 'utf8'))
  .slice(1)
  .filter((row) => row.length > 1)
  .map(([code, name]) => ({ code: code!, name: name! }));

const TITLE = '安庆市 2026 年度城乡社区综合服务设施监测报告';
const COLUMNS = ['村（社区）', '区划代码', '常住人口', '覆盖率', '说明'];

function annualReport(rowCount: number): ReportDocument {
  return {
    title: TITLE,
    subtitle: '安徽省安庆市 · 统计年度 2026',
    meta: [
      ['统计范围', '安庆市'],
      ['数据截至', '2026-11-30'],
    ],
    sections: [
      {
        heading: '一、总体情况',
        paragraphs: ['全市社区综合服务设施覆盖率 82.0%，农村社区（含嘎查）覆盖率 74.6%。Coverage 82.0%.'],
      },
      {
        heading: '二、分村（社区）明细',
        table: {
          columns: [
            { title: COLUMNS[0]!, width: 2 },
            { title: COLUMNS[1]!, width: 1.5 },
            { title: COLUMNS[2]!, align: 'right' },
            { title: COLUMNS[3]!, align: 'right' },
            { title: COLUMNS[4]!, width: 3 },
          ],
          rows: villages.slice(0, rowCount).map((village, i) => [
            village.name,
            village.code,
            String(800 + i * 37),
            `${(60 + ((i * 7) % 40)).toFixed(1)}%`,
            i % 9 === 0 ? '综合服务设施面积不足，需在下一年度内完成改扩建并配齐养老、托育、文体活动等功能用房' : '达标',
          ]),
        },
        note: '注：覆盖率 = 有综合服务设施的社区数 ÷ 社区总数。',
      },
    ],
    footer: '安庆市民政局 · 由 Linli 生成',
  };
}

test('a 60-row annual report is a small, multi-page PDF whose Chinese text can be read back', async () => {
  const pdf = await renderPdf(annualReport(60));
  const read = readPdf(pdf);

  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(pdf.toString('latin1').trimEnd().slice(-5), '%%EOF');
  const pageCount = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  assert.ok(pageCount >= 2, `60 rows fit on ${pageCount} page(s)`);
  assert.equal(read.pages.length, pageCount);
  for (const page of read.pages) assert.match(page.dictionary, /\/MediaBox \[0 0 595\.28 841\.89\]/);

  // The font is embedded as a subset: a few tens of kB of glyphs, not the 10 MB font.
  const fullFont = statSync(
    createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  ).size;
  const descriptors = [...read.objects.values()].filter((o) => o.dictionary.includes('/Type /FontDescriptor'));
  assert.ok(descriptors.length >= 1);
  for (const descriptor of descriptors) {
    assert.match(descriptor.dictionary, /\/FontName \/[A-Z]{6}\+NotoSansSC-/, 'a subset font name has a tag');
    const fontFileId = ref(descriptor.dictionary, 'FontFile2') ?? ref(descriptor.dictionary, 'FontFile3');
    assert.ok(fontFileId !== null, 'the font is embedded');
    const embedded = read.objects.get(fontFileId)!.stream!.length;
    assert.ok(embedded < 1_000_000 && embedded < fullFont / 20, `embedded font ${embedded} bytes`);
  }
  assert.ok(pdf.length < 1_000_000, `PDF is ${pdf.length} bytes`);

  // Every character of the title and of an area name on the second page maps back to Unicode.
  const sampleArea = villages[55]!.name;
  for (const ch of new Set([...TITLE.replaceAll(' ', ''), ...sampleArea])) {
    assert.ok(cmapsContain(read, ch), `ToUnicode has ${ch} (${utf16Hex(ch)})`);
  }

  const pages = read.pageTexts;
  assert.ok(pages[0]!.includes(TITLE));
  assert.ok(pages.some((texts) => texts.includes(sampleArea)), `${sampleArea} is in the text`);
  // The header row is drawn again on every page the table runs onto.
  const tablePages = pages.filter((texts) => texts.some((t) => villages.slice(0, 60).some((v) => v.code === t)));
  assert.ok(tablePages.length >= 2);
  for (const texts of tablePages) for (const title of COLUMNS) assert.ok(texts.includes(title), `header ${title}`);
  // The footer and "第 n 页 / 共 m 页" on every page.
  pages.forEach((texts, i) => {
    assert.ok(texts.includes(`第 ${i + 1} 页 / 共 ${pages.length} 页`), `page number on page ${i + 1}`);
    assert.ok(texts.includes('安庆市民政局 · 由 Linli 生成'));
  });
  // The wrapped cell text is all there, in order, over its lines.
  assert.ok(pages[0]!.join('').includes('综合服务设施面积不足，需在下一年度内完成改扩建并配齐养老、托育、文体活动等功能用房'));

  assert.equal(infoEntry(read, 'Title'), TITLE);
  assert.equal(infoEntry(read, 'Producer'), 'Linli');
  assert.match(infoEntry(read, 'CreationDate') ?? '', /^D:\d{14}Z$/);
  assert.match(pdf.toString('latin1'), /\/Lang \(zh-CN\)/);
});

test('every character of the demo city’s division names has a glyph in the report font', async () => {
  const names = ['provinces', 'cities', 'areas', 'streets', 'villages'].flatMap((file) =>
    parseCsv(readFileSync(new URL(`../../data/anqing/${file}.csv`, import.meta.url), 'utf8'))
      .slice(1)
      .map((row) => row[1] ?? ''),
  );
  const characters = [...new Set(names.join(''))].filter((ch) => ch.codePointAt(0)! > 0x7f);
  assert.ok(characters.length > 500);
  const extra = '臺灣嘎查龍鳳體';
  const pdf = await renderPdf({ title: '字表', sections: [{ heading: '字', paragraphs: [characters.join('') + extra] }] });
  const read = readPdf(pdf);
  const missing = [...characters, ...extra].filter((ch) => !cmapsContain(read, ch));
  assert.deepEqual(missing, []);
});

test('a report with no sections is one page with its title and page number', async () => {
  const pdf = await renderPdf({ title: '空报告', sections: [] });
  const read = readPdf(pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(read.pages.length, 1);
  assert.deepEqual(read.pageTexts[0], ['空报告', '第 1 页 / 共 1 页']);
});

test('a table without rows says so under its header', async () => {
  const read = readPdf(
    await renderPdf({
      title: '报告',
      sections: [{ heading: '空表', table: { columns: [{ title: '项目' }, { title: '数值', align: 'right' }], rows: [] } }],
    }),
  );
  assert.deepEqual(read.pageTexts[0]!.slice(1, 5), ['空表', '项目', '数值', '（无数据）']);
});

test('a character the font lacks is drawn as an empty box and the rest of the text survives', async () => {
  // 𠮷 (U+20BB7) is outside Noto Sans SC; the font's .notdef glyph stands in, mapped to U+0000.
  const read = readPdf(await renderPdf({ title: '缺字', sections: [{ heading: '说明', paragraphs: ['吉𠮷家'] }] }));
  assert.ok(!cmapsContain(read, '𠮷'));
  assert.ok(read.pageTexts[0]!.includes('吉\u0000家'), JSON.stringify(read.pageTexts[0]));
});

test('a row with the wrong number of cells is refused', async () => {
  await assert.rejects(
    renderPdf({
      title: '报告',
      sections: [{ heading: '表', table: { columns: [{ title: 'a' }, { title: 'b' }], rows: [['1']] } }],
    }),
    RangeError,
  );
});
