import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { create as parseFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * Printable reports (the annual monitoring report) as PDF: A4 portrait, Simplified Chinese.
 * The text is set in Noto Sans SC from the npm package @expo-google-fonts/noto-sans-sc, so a
 * machine with only Node.js renders it; pdfkit embeds only the glyphs a document uses.
 * This file knows layout only: the report modules decide what the sections say.
 */

export interface ReportTable {
  /** `width` is a relative weight (default 1); `align: 'right'` is for numbers. */
  columns: { title: string; align?: 'left' | 'right'; width?: number }[];
  /** One string per column; a long cell wraps inside its column. */
  rows: string[][];
}

export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  table?: ReportTable;
  /** Small print under the section, e.g. a definition or the data source. */
  note?: string;
}

export interface ReportDocument {
  title: string;
  subtitle?: string;
  /** Label and value pairs under the title: 统计范围, 统计年度, 生成时间 … */
  meta?: [label: string, value: string][];
  sections: ReportSection[];
  /** Printed at the foot of every page, left of the page number "第 n 页 / 共 m 页". */
  footer?: string;
}

const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

interface ReportFonts {
  regular: Font;
  bold: Font;
}

let fontsLoading: Promise<ReportFonts> | null = null;

/**
 * The two font files are 10 MB each; parsing them costs more than laying out a report, so they
 * are read and parsed once per process and the parsed fonts are shared by every document
 * (pdfkit keeps each document's glyph subset apart).
 */
function loadFonts(): Promise<ReportFonts> {
  fontsLoading ??= (async () => {
    const require = createRequire(import.meta.url);
    const [regular, bold] = await Promise.all(
      [FONT_FILES.regular, FONT_FILES.bold].map(async (name) => {
        const font = parseFont(await readFile(require.resolve(name)));
        if (!('layout' in font)) throw new Error(`${name} is a font collection, not a font`);
        return font;
      }),
    );
    return { regular: regular!, bold: bold! };
  })().catch((error: unknown) => {
    fontsLoading = null;
    throw error;
  });
  return fontsLoading;
}

// pdfkit ≥ 0.20 takes an already parsed fontkit font; @types/pdfkit 0.17 does not know it yet.
function parsedFont(font: Font): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

const MM = 72 / 25.4;
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 20 * MM, right: 20 * MM };
const COLOR = {
  text: '#1f2328',
  muted: '#59636e',
  rule: '#9aa4ae',
  faintRule: '#d8dee4',
  headerFill: '#e6edf5',
  zebraFill: '#f5f7f9',
};
const SIZE = { title: 20, subtitle: 12, meta: 9.5, heading: 13.5, body: 10.5, table: 9.5, note: 8.5 };
const CELL_PADDING = { x: 5, y: 3.5 };
/** Rows laid out between two yields to the event loop. */
const ROWS_PER_SLICE = 40;

type Doc = PDFKit.PDFDocument;

/**
 * Render a report to PDF bytes. The fonts are read on the first call (a few tenths of a second)
 * and kept.
 *
 * A character Noto Sans SC lacks (rare ideographs outside the BMP such as 𠮷, emoji) does not
 * fail the render: it is drawn as the font's empty box and is missing from copied text.
 * Throws a RangeError when a table row has a different number of cells than the table has
 * columns.
 */
export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: MARGIN,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: report.title, Producer: 'Linli', Creator: 'Linli', CreationDate: new Date() },
  });
  doc.registerFont('regular', parsedFont(fonts.regular));
  doc.registerFont('bold', parsedFont(fonts.bold));

  const chunks: Uint8Array[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawTitle(doc, report);
  for (const section of report.sections) {
    await yieldToEventLoop();
    await drawSection(doc, section);
  }
  drawPageFooters(doc, report.footer);
  doc.end();
  return finished;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Room left on the page below the current position. */
function spaceLeft(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom - doc.y;
}

function drawTitle(doc: Doc, report: ReportDocument): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font('bold').fontSize(SIZE.title).fillColor(COLOR.text);
  doc.text(report.title, left, doc.page.margins.top, { width, align: 'center' });
  if (report.subtitle) {
    doc.moveDown(0.3).font('regular').fontSize(SIZE.subtitle).fillColor(COLOR.muted);
    doc.text(report.subtitle, left, doc.y, { width, align: 'center' });
  }
  doc.moveDown(0.8);
  if (report.meta?.length) {
    doc.fontSize(SIZE.meta);
    const labelWidth = Math.min(
      width / 3,
      Math.max(...report.meta.map(([label]) => doc.font('regular').widthOfString(`${label}：`))),
    );
    for (const [label, value] of report.meta) {
      const y = doc.y;
      doc.font('regular').fillColor(COLOR.muted).text(`${label}：`, left, y, { width: labelWidth });
      const labelBottom = doc.y;
      doc.fillColor(COLOR.text).text(value, left + labelWidth, y, { width: width - labelWidth });
      doc.y = Math.max(doc.y, labelBottom) + 1.5;
    }
    doc.moveDown(0.4);
  }
  rule(doc, doc.y, COLOR.rule, 0.8);
  doc.y += 10;
}

function rule(doc: Doc, y: number, color: string, lineWidth: number): void {
  doc
    .save()
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.width - doc.page.margins.right, y)
    .lineWidth(lineWidth)
    .strokeColor(color)
    .stroke()
    .restore();
}

async function drawSection(doc: Doc, section: ReportSection): Promise<void> {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  doc.font('bold').fontSize(SIZE.heading);
  const headingHeight = doc.heightOfString(section.heading, { width });
  // A heading is never left alone at the foot of a page: it keeps at least a few lines after it.
  doc.font('regular').fontSize(SIZE.body);
  const keepWithHeading = headingHeight + 14 + doc.currentLineHeight(true) * 3;
  if (spaceLeft(doc) < keepWithHeading) doc.addPage();
  else doc.y += 8;
  doc.font('bold').fontSize(SIZE.heading).fillColor(COLOR.text);
  doc.text(section.heading, left, doc.y, { width });
  doc.y += 5;

  for (const paragraph of section.paragraphs ?? []) {
    doc.font('regular').fontSize(SIZE.body).fillColor(COLOR.text);
    // Chinese paragraphs open with a two-character indent.
    doc.text(paragraph, left, doc.y, { width, lineGap: 3, indent: SIZE.body * 2 });
    doc.y += 4;
  }

  if (section.table) {
    if (section.paragraphs?.length) doc.y += 2;
    await drawTable(doc, section.table);
  }

  if (section.note) {
    doc.font('regular').fontSize(SIZE.note).fillColor(COLOR.muted);
    doc.y += 3;
    doc.text(section.note, left, doc.y, { width, lineGap: 1.5 });
  }
  doc.y += 6;
}

interface ColumnBox {
  x: number;
  width: number;
  align: 'left' | 'right';
}

function columnBoxes(doc: Doc, table: ReportTable): ColumnBox[] {
  const weights = table.columns.map((column) => (column.width && column.width > 0 ? column.width : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const width = contentWidth(doc);
  let x = doc.page.margins.left;
  return table.columns.map((column, i) => {
    const box = { x, width: (width * weights[i]!) / total, align: column.align ?? 'left' };
    x += box.width;
    return box;
  });
}

function rowHeight(doc: Doc, cells: string[], boxes: ColumnBox[]): number {
  let tallest = 0;
  cells.forEach((text, i) => {
    const textWidth = boxes[i]!.width - 2 * CELL_PADDING.x;
    tallest = Math.max(tallest, doc.heightOfString(text || ' ', { width: textWidth, lineGap: 1 }));
  });
  return tallest + 2 * CELL_PADDING.y;
}

function drawCells(doc: Doc, cells: string[], boxes: ColumnBox[], y: number, height: number): void {
  cells.forEach((text, i) => {
    const box = boxes[i]!;
    doc.text(text, box.x + CELL_PADDING.x, y + CELL_PADDING.y, {
      width: box.width - 2 * CELL_PADDING.x,
      // A single cell taller than a page is cut at the page foot, with an ellipsis.
      height: height - 2 * CELL_PADDING.y,
      ellipsis: true,
      align: box.align,
      lineGap: 1,
    });
  });
}

function drawHeaderRow(doc: Doc, table: ReportTable, boxes: ColumnBox[]): void {
  doc.font('bold').fontSize(SIZE.table);
  const titles = table.columns.map((column) => column.title);
  const height = rowHeight(doc, titles, boxes);
  const y = doc.y;
  const width = contentWidth(doc);
  doc.save().rect(doc.page.margins.left, y, width, height).fill(COLOR.headerFill).restore();
  rule(doc, y, COLOR.rule, 0.8);
  doc.fillColor(COLOR.text);
  drawCells(doc, titles, boxes, y, height);
  rule(doc, y + height, COLOR.rule, 0.6);
  doc.y = y + height;
}

async function drawTable(doc: Doc, table: ReportTable): Promise<void> {
  const columnCount = table.columns.length;
  table.rows.forEach((row, i) => {
    if (row.length !== columnCount) {
      throw new RangeError(`table row ${i + 1} has ${row.length} cells for ${columnCount} columns`);
    }
  });
  const boxes = columnBoxes(doc, table);
  const width = contentWidth(doc);
  const pageBottom = () => doc.page.height - doc.page.margins.bottom;
  const pageRoom = pageBottom() - doc.page.margins.top;

  doc.font('bold').fontSize(SIZE.table);
  const headerHeight = rowHeight(
    doc,
    table.columns.map((column) => column.title),
    boxes,
  );
  doc.font('regular').fontSize(SIZE.table);
  const firstRowHeight = table.rows.length ? rowHeight(doc, table.rows[0]!, boxes) : 20;
  if (spaceLeft(doc) < headerHeight + Math.min(firstRowHeight, pageRoom / 2)) doc.addPage();
  drawHeaderRow(doc, table, boxes);

  if (table.rows.length === 0) {
    doc.font('regular').fontSize(SIZE.table).fillColor(COLOR.muted);
    doc.text('（无数据）', doc.page.margins.left, doc.y + CELL_PADDING.y, { width, align: 'center' });
    doc.y += CELL_PADDING.y;
    rule(doc, doc.y, COLOR.rule, 0.8);
    return;
  }

  for (let i = 0; i < table.rows.length; i++) {
    if (i > 0 && i % ROWS_PER_SLICE === 0) await yieldToEventLoop();
    const cells = table.rows[i]!;
    doc.font('regular').fontSize(SIZE.table);
    let height = rowHeight(doc, cells, boxes);
    if (doc.y + height > pageBottom()) {
      rule(doc, doc.y, COLOR.rule, 0.8);
      doc.addPage();
      drawHeaderRow(doc, table, boxes);
      doc.font('regular').fontSize(SIZE.table);
      height = Math.min(height, pageBottom() - doc.y);
    }
    const y = doc.y;
    if (i % 2 === 1) {
      doc.save().rect(doc.page.margins.left, y, width, height).fill(COLOR.zebraFill).restore();
    }
    doc.fillColor(COLOR.text);
    drawCells(doc, cells, boxes, y, height);
    if (i < table.rows.length - 1) rule(doc, y + height, COLOR.faintRule, 0.4);
    doc.y = y + height;
  }
  rule(doc, doc.y, COLOR.rule, 0.8);
}

/** Footers are written last, once the page count is known. */
function drawPageFooters(doc: Doc, footer: string | undefined): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    const y = doc.page.height - bottomMargin / 2 - SIZE.note;
    const pageNumber = `第 ${i - start + 1} 页 / 共 ${count} 页`;
    doc.font('regular').fontSize(SIZE.note).fillColor(COLOR.muted);
    const numberWidth = doc.widthOfString(pageNumber);
    if (footer) {
      // One line at most: a long footer ends in an ellipsis before the page number.
      const height = doc.currentLineHeight(true);
      doc.text(footer, left, y, { width: width - numberWidth - 12, height, ellipsis: true });
    }
    doc.text(pageNumber, left + width - numberWidth, y, { width: numberWidth, lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}
