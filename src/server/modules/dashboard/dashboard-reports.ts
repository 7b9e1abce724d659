import type { Db } from '../../db/database.ts';
import { INDICATOR_BY_CODE, INDICATORS, SPLITS, type IndicatorDefinition, type Split } from '../../../contracts/indicators.ts';
import type { IndicatorValue, ProgressItem } from '../../../contracts/indicators-api.ts';
import { renderPdf, type ReportDocument } from '../../files/pdf-report.ts';
import { toXlsx, XLSX_MIME, type Cell, type FileOut } from '../../files/spreadsheet.ts';
import type { RequestContext } from '../../http/actor.ts';
import { childRows, dashboardView, equalizationRows, type DashboardQuery, type DashboardView } from './dashboard.service.ts';
import { hasGeneratedStatistics } from '../areas/areas.service.ts';
import { hasGeneratedFacilities } from '../facilities/facilities.service.ts';
import type { Language } from '../../../contracts/language.ts';
import { REPORT_TEXT, type ReportText } from './report-text.ts';
import { minuteInChina } from '../../../engine/calendar/working-days.ts';

/** Whether any figure or facility the area's values rest on was generated (demo data). */
async function hasGeneratedData(db: Db, area: string): Promise<boolean> {
  const [statistics, facilities] = await Promise.all([hasGeneratedStatistics(db, area), hasGeneratedFacilities(db, area)]);
  return statistics || facilities;
}

/** A value as a report prints it: the unit's precision, "no data" for no data, "—" for none. */
export function formatValue(text: ReportText, d: IndicatorDefinition, value: number | null, status: IndicatorValue['status'] = 'value'): string {
  if (status === 'noData') return text.noData;
  if (value === null) return text.none;
  if (d.unit === 'percent') return `${value.toFixed(1)}%`;
  if (d.unit === 'squareMetres') return text.squareMetres(value.toFixed(1));
  return value.toFixed(d.unit === 'perCommunity' ? 2 : 1);
}

const round = (v: number | null, digits = 4) => (v === null ? null : Number(v.toFixed(digits)));
const progressLabel = (text: ReportText, p: ProgressItem | undefined) =>
  !p || p.onTrack === null ? text.progress.unknown : p.gap !== null && p.gap <= 1e-9 ? text.progress.reached : p.onTrack ? text.progress.onTrack : text.progress.behind;

function fileBase(view: DashboardView): string {
  return `linli-indicators-${view.dashboard.area.code}-${view.dashboard.period}`;
}

/** The dashboard as a workbook in the reader's language: indicators with targets, children by indicator, equalization, notes. */
export async function exportDashboard(db: Db, ctx: RequestContext, q: DashboardQuery, language: Language): Promise<FileOut> {
  const text = REPORT_TEXT[language];
  const name = (d: IndicatorDefinition) => d.name[language];
  const view = await dashboardView(db, ctx, q);
  const { dashboard, snapshot } = view;
  const indicators: Cell[][] = [text.indicatorColumns];
  for (const card of dashboard.cards) {
    const d = INDICATOR_BY_CODE.get(card.indicator)!;
    for (const split of SPLITS) {
      const v = card.values[split];
      const p = card.progress[split];
      indicators.push([
        name(d),
        text.unit[d.unit],
        text.split[split],
        v.status === 'noData' ? text.noData : round(v.value),
        v.numerator,
        v.denominator,
        p?.baseline?.value ?? null,
        p?.baseline?.year ?? null,
        p?.target?.value ?? null,
        p?.target?.year ?? null,
        round(p?.gap ?? null),
        round(p?.pacePerYear ?? null),
        p ? progressLabel(text, p) : null,
      ]);
    }
  }
  const available = INDICATORS.filter((d) => d.available);
  const children: Cell[][] = [[text.childColumns.code, text.childColumns.name, ...available.flatMap((d) => SPLITS.map((s) => text.childColumns.bySplit(name(d), text.split[s])))]];
  const bySplit = Object.fromEntries(SPLITS.map((s) => [s, childRows(view, s)])) as Record<Split, ReturnType<typeof childRows>>;
  bySplit.all.forEach((row, r) => {
    children.push([
      row.code,
      row.name,
      ...available.flatMap((d) => SPLITS.map((s) => round(bySplit[s][r]!.values[INDICATORS.indexOf(d)]!.value))),
    ]);
  });
  const equalization: Cell[][] = [text.equalizationColumns];
  for (const { definition: d, equalization: e } of equalizationRows(view)) {
    if (!d.available) continue;
    equalization.push([name(d), round(e.urbanRural.urban), round(e.urbanRural.rural), round(e.urbanRural.ratio), round(e.urbanRural.gap), e.children.count, round(e.children.mean), round(e.children.coefficientOfVariation), round(e.children.theil)]);
  }
  const generated = await hasGeneratedData(db, dashboard.area.code);
  const notes: Cell[][] = [
    text.notes.header,
    [text.notes.area, language === 'en' ? `${dashboard.area.name} (${dashboard.area.code})` : `${dashboard.area.name}（${dashboard.area.code}）`],
    [text.notes.period, dashboard.period],
    [text.notes.asOf, snapshot.asOf],
    [text.notes.statisticsYear, snapshot.statisticsYear ?? text.none],
    [text.notes.plan, dashboard.plan?.name ?? text.none],
    [text.notes.computedAt, snapshot.computedAt],
    ...(generated ? [[text.notes.remark, text.notes.generated] as Cell[]] : []),
    ...INDICATORS.filter((d) => !d.available).map((d) => [name(d), text.notes.waitsFor(text.source[d.source])] as Cell[]),
  ];
  return {
    body: await toXlsx([
      { name: text.sheets.indicators, rows: indicators },
      { name: text.sheets.children, rows: children },
      { name: text.sheets.equalization, rows: equalization },
      { name: text.sheets.notes, rows: notes },
    ]),
    contentType: XLSX_MIME,
    filename: `${fileBase(view)}.xlsx`,
  };
}

/** The annual monitoring report of a plan for an area, in the reader's language, as a PDF. */
export async function planReport(db: Db, ctx: RequestContext, planId: string, q: { area?: string; year?: number }, language: Language): Promise<FileOut> {
  const text = REPORT_TEXT[language];
  const r = text.report;
  const name = (d: IndicatorDefinition) => d.name[language];
  const format = (d: IndicatorDefinition, value: number | null, status?: IndicatorValue['status']) => formatValue(text, d, value, status);
  const view = await dashboardView(db, ctx, { area: q.area, plan: planId, ...(q.year !== undefined ? { period: String(q.year) } : {}) });
  const { dashboard, snapshot, at } = view;
  const generated = await hasGeneratedData(db, dashboard.area.code);
  const coverage = INDICATOR_BY_CODE.get('facility_coverage')!;
  const communities = (split: Split) => snapshot.shares.facility_coverage?.[split].denominator[at] ?? 0;
  const progress = dashboard.cards.flatMap((c) => SPLITS.map((s) => c.progress[s]).filter((p): p is ProgressItem => p !== undefined));
  const children = childRows(view, 'all');
  const coverageAt = INDICATORS.indexOf(coverage);
  const radiusAt = INDICATORS.findIndex((d) => d.code === 'radius_population_coverage');
  const ranked = [...children].sort((a, b) => (b.values[coverageAt]!.value ?? -1) - (a.values[coverageAt]!.value ?? -1));
  const doc: ReportDocument = {
    title: r.title(dashboard.area.name),
    subtitle: r.subtitle(dashboard.period, dashboard.plan?.name ?? ''),
    meta: [
      [r.meta.area, `${[...dashboard.area.path.map((p) => p.name), dashboard.area.name].join(' / ')}${language === 'en' ? ` (${dashboard.area.code})` : `（${dashboard.area.code}）`}`],
      [r.meta.plan, dashboard.plan?.name ?? text.none],
      [r.meta.year, dashboard.period],
      [r.meta.asOf, snapshot.asOf],
      [r.meta.statisticsYear, snapshot.statisticsYear === null ? text.none : String(snapshot.statisticsYear)],
      [r.meta.generatedAt, minuteInChina(Date.now())],
    ],
    sections: [
      {
        heading: r.headings[0],
        paragraphs: [
          r.overview(
            communities('all'),
            communities('urban'),
            communities('rural'),
            format(coverage, dashboard.cards[0]!.values.urban.value, dashboard.cards[0]!.values.urban.status),
            format(coverage, dashboard.cards[0]!.values.rural.value, dashboard.cards[0]!.values.rural.status),
          ),
          ...(generated ? [r.generated] : []),
        ],
      },
      {
        heading: r.headings[1],
        table: {
          columns: [
            { title: r.progressColumns[0], width: 2.6 },
            { title: r.progressColumns[1], width: 0.8 },
            { title: r.progressColumns[2], width: 1.9, align: 'right' },
            { title: r.progressColumns[3], width: 1.9, align: 'right' },
            { title: r.progressColumns[4], width: 1.5, align: 'right' },
            { title: r.progressColumns[5], width: 1, align: 'right' },
            { title: r.progressColumns[6], width: 1.3, align: 'right' },
            { title: r.progressColumns[7], width: 1.3 },
          ],
          rows: progress.map((p) => {
            const d = INDICATOR_BY_CODE.get(p.indicator)!;
            return [
              name(d),
              text.split[p.split],
              p.baseline ? `${format(d, p.baseline.value)} (${p.baseline.year})` : text.none,
              p.target ? `${format(d, p.target.value)} (${p.target.year})` : r.notSet,
              format(d, p.actual.value, p.actual.status),
              p.gap === null ? text.none : p.gap <= 0 ? text.progress.reached : p.gap.toFixed(1),
              p.pacePerYear === null ? text.none : p.pacePerYear.toFixed(1),
              progressLabel(text, p),
            ];
          }),
        },
        note: r.progressNote,
      },
      {
        heading: r.headings[2],
        table: {
          columns: [
            { title: r.equalizationColumns[0], width: 3.2 },
            { title: r.equalizationColumns[1], width: 1.4, align: 'right' },
            { title: r.equalizationColumns[2], width: 1.4, align: 'right' },
            { title: r.equalizationColumns[3], width: 1.4, align: 'right' },
            { title: r.equalizationColumns[4], width: 1, align: 'right' },
            { title: r.equalizationColumns[5], width: 1.1, align: 'right' },
            { title: r.equalizationColumns[6], width: 1.1, align: 'right' },
          ],
          rows: equalizationRows(view).map(({ definition: d, equalization: e }) => {
            const card = dashboard.cards.find((c) => c.indicator === d.code)!;
            return [
              name(d),
              ...SPLITS.map((s) => format(d, card.values[s].value, card.values[s].status)),
              e.urbanRural.ratio === null ? text.none : e.urbanRural.ratio.toFixed(2),
              e.children.coefficientOfVariation === null ? text.none : e.children.coefficientOfVariation.toFixed(3),
              e.children.theil === null ? text.none : e.children.theil.toFixed(4),
            ];
          }),
        },
        note: r.equalizationNote,
      },
      {
        heading: r.headings[3],
        table: {
          columns: [
            { title: r.rankingColumns[0], width: 0.8, align: 'right' },
            { title: r.rankingColumns[1], width: 3 },
            { title: r.rankingColumns[2], width: 1.4, align: 'right' },
            { title: r.rankingColumns[3], width: 1.8, align: 'right' },
            { title: r.rankingColumns[4], width: 1.8, align: 'right' },
          ],
          rows: ranked.map((c, n) => {
            const v = c.values[coverageAt]!;
            const r = c.values[radiusAt]!;
            return [
              String(n + 1),
              c.name,
              format(coverage, v.value, v.status),
              v.denominator ? `${v.numerator} / ${v.denominator}` : text.none,
              format(INDICATORS[radiusAt]!, r.value, r.status),
            ];
          }),
        },
      },
      {
        heading: r.headings[4],
        paragraphs: INDICATORS.filter((d) => !d.available).map((d) => r.noDataLine(name(d), text.source[d.source])),
      },
    ],
    footer: r.footer(dashboard.area.name, dashboard.period),
  };
  return { body: await renderPdf(doc), contentType: 'application/pdf', filename: `linli-report-${dashboard.area.code}-${dashboard.period}.pdf` };
}
