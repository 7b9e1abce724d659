import type { Db } from '../../db/database.ts';
import { INDICATOR_BY_CODE, INDICATORS, SPLITS, type IndicatorDefinition, type IndicatorValue, type ProgressItem, type Split } from '../../../contracts/indicators.ts';
import { renderPdf, type ReportDocument } from '../../files/pdf-report.ts';
import { toXlsx, XLSX_MIME, type Cell, type FileOut } from '../../files/spreadsheet.ts';
import type { RequestContext } from '../../http/actor.ts';
import { childRows, dashboardView, equalizationRows, type DashboardQuery, type DashboardView } from './dashboard.ts';
import { hasGeneratedStatistics } from '../areas/areas.service.ts';
import { hasGeneratedFacilities } from '../facilities/facilities.service.ts';

/** Whether any figure or facility the area's values rest on was generated (demo data). */
async function hasGeneratedData(db: Db, area: string): Promise<boolean> {
  const [statistics, facilities] = await Promise.all([hasGeneratedStatistics(db, area), hasGeneratedFacilities(db, area)]);
  return statistics || facilities;
}

const SPLIT_LABEL: Record<Split, string> = { all: '全部', urban: '城市', rural: '农村' };
const SOURCE_LABEL: Record<IndicatorDefinition['source'], string> = {
  coverage: '设施与覆盖',
  accounts: '账号与工作记录',
  workforce: '社区工作者与社会工作者名册',
  organizations: '社区社会组织',
  care: '关爱服务（探访）',
  services: '服务事项办理',
  linkage: '三社联动评价',
};
const UNIT_LABEL: Record<IndicatorDefinition['unit'], string> = { percent: '%', squareMetres: '平方米/百户', perCommunity: '个/社区', score: '分' };

/** A value as a report prints it: the unit's precision, "暂无数据" for no data, "—" for none. */
export function formatValue(d: IndicatorDefinition, value: number | null, status: IndicatorValue['status'] = 'value'): string {
  if (status === 'noData') return '暂无数据';
  if (value === null) return '—';
  if (d.unit === 'percent') return `${value.toFixed(1)}%`;
  if (d.unit === 'squareMetres') return `${value.toFixed(1)} 平方米`;
  return value.toFixed(d.unit === 'perCommunity' ? 2 : 1);
}

const round = (v: number | null, digits = 4) => (v === null ? null : Number(v.toFixed(digits)));
const progressLabel = (p: ProgressItem | undefined) =>
  !p || p.onTrack === null ? '无法判断' : p.gap !== null && p.gap <= 1e-9 ? '已达标' : p.onTrack ? '进度正常' : '进度滞后';

function fileBase(view: DashboardView): string {
  return `linli-indicators-${view.dashboard.area.code}-${view.dashboard.period}`;
}

/** The dashboard as a workbook: indicators with targets, children by indicator, equalization, notes. */
export async function exportDashboard(db: Db, ctx: RequestContext, q: DashboardQuery): Promise<FileOut> {
  const view = await dashboardView(db, ctx, q);
  const { dashboard, snapshot } = view;
  const indicators: Cell[][] = [['指标', '单位', '城乡', '数值', '分子', '分母', '基线', '基线年份', '目标', '目标年份', '差距', '年均需提升', '进度']];
  for (const card of dashboard.cards) {
    const d = INDICATOR_BY_CODE.get(card.indicator)!;
    for (const split of SPLITS) {
      const v = card.values[split];
      const p = card.progress[split];
      indicators.push([
        d.name['zh-CN'],
        UNIT_LABEL[d.unit],
        SPLIT_LABEL[split],
        v.status === 'noData' ? '暂无数据' : round(v.value),
        v.numerator,
        v.denominator,
        p?.baseline?.value ?? null,
        p?.baseline?.year ?? null,
        p?.target?.value ?? null,
        p?.target?.year ?? null,
        round(p?.gap ?? null),
        round(p?.pacePerYear ?? null),
        p ? progressLabel(p) : null,
      ]);
    }
  }
  const available = INDICATORS.filter((d) => d.available);
  const children: Cell[][] = [['代码', '名称', ...available.flatMap((d) => SPLITS.map((s) => `${d.name['zh-CN']}（${SPLIT_LABEL[s]}）`))]];
  const bySplit = Object.fromEntries(SPLITS.map((s) => [s, childRows(view, s)])) as Record<Split, ReturnType<typeof childRows>>;
  bySplit.all.forEach((row, r) => {
    children.push([
      row.code,
      row.name,
      ...available.flatMap((d) => SPLITS.map((s) => round(bySplit[s][r]!.values[INDICATORS.indexOf(d)]!.value))),
    ]);
  });
  const equalization: Cell[][] = [['指标', '城市', '农村', '城乡比', '城乡差', '下级区域数', '平均值', '变异系数', '泰尔指数']];
  for (const { definition: d, equalization: e } of equalizationRows(view)) {
    if (!d.available) continue;
    equalization.push([d.name['zh-CN'], round(e.urbanRural.urban), round(e.urbanRural.rural), round(e.urbanRural.ratio), round(e.urbanRural.gap), e.children.count, round(e.children.mean), round(e.children.coefficientOfVariation), round(e.children.theil)]);
  }
  const generated = await hasGeneratedData(db, dashboard.area.code);
  const notes: Cell[][] = [
    ['项目', '内容'],
    ['区域', `${dashboard.area.name}（${dashboard.area.code}）`],
    ['监测期', dashboard.period],
    ['数据截至', snapshot.asOf],
    ['人口统计年度', snapshot.statisticsYear ?? '无'],
    ['规划', dashboard.plan?.name ?? '无'],
    ['计算时间', snapshot.computedAt],
    ...(generated ? [['说明', '本区域含演示用生成数据，不代表实际情况'] as Cell[]] : []),
    ...INDICATORS.filter((d) => !d.available).map((d) => [d.name['zh-CN'], `暂无数据：待${SOURCE_LABEL[d.source]}模块记录数据`] as Cell[]),
  ];
  return {
    body: await toXlsx([
      { name: '指标', rows: indicators },
      { name: '下级区域', rows: children },
      { name: '均等化', rows: equalization },
      { name: '说明', rows: notes },
    ]),
    contentType: XLSX_MIME,
    filename: `${fileBase(view)}.xlsx`,
  };
}

/** The annual monitoring report of a plan for an area, in Chinese, as a PDF. */
export async function planReport(db: Db, ctx: RequestContext, planId: string, q: { area?: string; year?: number }): Promise<FileOut> {
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
    title: `${dashboard.area.name}城乡社区服务体系建设监测报告`,
    subtitle: `${dashboard.period}年度 · ${dashboard.plan?.name ?? ''}`,
    meta: [
      ['区域', `${[...dashboard.area.path.map((p) => p.name), dashboard.area.name].join(' / ')}（${dashboard.area.code}）`],
      ['规划', dashboard.plan?.name ?? '无'],
      ['监测年度', dashboard.period],
      ['数据截至', snapshot.asOf],
      ['人口统计年度', snapshot.statisticsYear === null ? '无' : String(snapshot.statisticsYear)],
      ['生成时间', new Date().toISOString().slice(0, 16).replace('T', ' ')],
    ],
    sections: [
      {
        heading: '一、总体情况',
        paragraphs: [
          `本区域共有城乡社区 ${communities('all')} 个，其中城市社区 ${communities('urban')} 个、农村社区 ${communities('rural')} 个。` +
            `社区综合服务设施覆盖率：城市 ${formatValue(coverage, dashboard.cards[0]!.values.urban.value, dashboard.cards[0]!.values.urban.status)}，农村 ${formatValue(coverage, dashboard.cards[0]!.values.rural.value, dashboard.cards[0]!.values.rural.status)}。`,
          ...(generated ? ['注意：本区域含演示用生成数据（人口统计、设施等），本报告仅供演示，不代表实际情况。'] : []),
        ],
      },
      {
        heading: '二、规划指标进展',
        table: {
          columns: [
            { title: '指标', width: 2.6 },
            { title: '城乡', width: 0.8 },
            { title: '基线', width: 1.9, align: 'right' },
            { title: '目标', width: 1.9, align: 'right' },
            { title: '实际', width: 1.5, align: 'right' },
            { title: '差距', width: 1, align: 'right' },
            { title: '年均需提升', width: 1.3, align: 'right' },
            { title: '进度', width: 1.3 },
          ],
          rows: progress.map((p) => {
            const d = INDICATOR_BY_CODE.get(p.indicator)!;
            return [
              d.name['zh-CN'],
              SPLIT_LABEL[p.split],
              p.baseline ? `${formatValue(d, p.baseline.value)} (${p.baseline.year})` : '—',
              p.target ? `${formatValue(d, p.target.value)} (${p.target.year})` : '未设定',
              formatValue(d, p.actual.value, p.actual.status),
              p.gap === null ? '—' : p.gap <= 0 ? '已达标' : p.gap.toFixed(1),
              p.pacePerYear === null ? '—' : p.pacePerYear.toFixed(1),
              progressLabel(p),
            ];
          }),
        },
        note: '目标依次取本区域自设目标、上级区域自设目标、规划目标；规划未给出的目标显示“未设定”，由各地自行设定。',
      },
      {
        heading: '三、各项指标城乡对照',
        table: {
          columns: [
            { title: '指标', width: 3.2 },
            { title: '全部', width: 1.4, align: 'right' },
            { title: '城市', width: 1.4, align: 'right' },
            { title: '农村', width: 1.4, align: 'right' },
            { title: '城乡比', width: 1, align: 'right' },
            { title: '变异系数', width: 1.1, align: 'right' },
            { title: '泰尔指数', width: 1.1, align: 'right' },
          ],
          rows: equalizationRows(view).map(({ definition: d, equalization: e }) => {
            const card = dashboard.cards.find((c) => c.indicator === d.code)!;
            return [
              d.name['zh-CN'],
              ...SPLITS.map((s) => formatValue(d, card.values[s].value, card.values[s].status)),
              e.urbanRural.ratio === null ? '—' : e.urbanRural.ratio.toFixed(2),
              e.children.coefficientOfVariation === null ? '—' : e.children.coefficientOfVariation.toFixed(3),
              e.children.theil === null ? '—' : e.children.theil.toFixed(4),
            ];
          }),
        },
        note: '城乡比 = 城市值 / 农村值；变异系数与泰尔指数（按常住人口加权）衡量下级区域之间的差异，0 表示完全均等。',
      },
      {
        heading: '四、下级区域设施覆盖情况',
        table: {
          columns: [
            { title: '排名', width: 0.8, align: 'right' },
            { title: '区域', width: 3 },
            { title: '设施覆盖率', width: 1.4, align: 'right' },
            { title: '有设施社区 / 社区', width: 1.8, align: 'right' },
            { title: '服务半径人口覆盖率', width: 1.8, align: 'right' },
          ],
          rows: ranked.map((c, n) => {
            const v = c.values[coverageAt]!;
            const r = c.values[radiusAt]!;
            return [
              String(n + 1),
              c.name,
              formatValue(coverage, v.value, v.status),
              v.denominator ? `${v.numerator} / ${v.denominator}` : '—',
              formatValue(INDICATORS[radiusAt]!, r.value, r.status),
            ];
          }),
        },
      },
      {
        heading: '五、暂无数据的指标',
        paragraphs: INDICATORS.filter((d) => !d.available).map((d) => `${d.name['zh-CN']}：暂无数据，待${SOURCE_LABEL[d.source]}模块投入使用后自动计算。`),
      },
    ],
    footer: `邻里 · ${dashboard.area.name} ${dashboard.period} 年度监测报告`,
  };
  return { body: await renderPdf(doc), contentType: 'application/pdf', filename: `linli-report-${dashboard.area.code}-${dashboard.period}.pdf` };
}
