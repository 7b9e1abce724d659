import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardCard, IndicatorDefinition, Split } from '../../api/indicators.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { EChart } from '../areas/EChart.tsx';
// Registers the line series with the shared ECharts before the chart is drawn.
import './echarts-line.ts';
import type { EChartsOption } from './echarts-line.ts';
import { SPLIT_COLOURS, SPLIT_ORDER, type IndicatorFormat } from './format.ts';

const DASH: Record<Split, 'solid' | 'dashed' | 'dotted'> = { all: 'solid', urban: 'dashed', rural: 'dotted' };
const SYMBOL: Record<Split, string> = { all: 'circle', urban: 'rect', rural: 'triangle' };

/** One indicator over the periods: the whole area, urban and rural communities, told apart by colour, dash and marker. */
export function TrendChart({ card, definition, format }: { card: DashboardCard; definition: IndicatorDefinition; format: IndicatorFormat }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const points = card.trend;
  const hasValues = points.some((p) => SPLIT_ORDER.some((s) => p.values[s] !== null));

  const option = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      legend: { top: 0, textStyle: { fontSize: elderMode ? 16 : 12, color: '#1f1f1f' } },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? format.value(definition, v) : t('indicators.noData')),
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => format.period(p.period)),
        axisLabel: { fontSize: elderMode ? 15 : 12, color: '#1f1f1f' },
      },
      yAxis: {
        type: 'value',
        min: definition.unit === 'percent' ? 0 : undefined,
        max: definition.unit === 'percent' ? 100 : undefined,
        axisLabel: { fontSize: elderMode ? 15 : 12, color: '#1f1f1f', formatter: (v: number) => format.number(v) },
      },
      series: SPLIT_ORDER.map((split) => ({
        type: 'line',
        name: t(`indicators.split.${split}`),
        data: points.map((p) => p.values[split]),
        connectNulls: false,
        symbol: SYMBOL[split],
        symbolSize: elderMode ? 10 : 7,
        lineStyle: { color: SPLIT_COLOURS[split], type: DASH[split], width: split === 'all' ? 3 : 2 },
        itemStyle: { color: SPLIT_COLOURS[split] },
      })),
    }),
    [points, definition, format, elderMode, t],
  );

  if (!hasValues)
    return (
      <Typography.Text type="secondary" data-testid="trend-empty">
        {t('indicators.trendEmpty')}
      </Typography.Text>
    );

  const summary = SPLIT_ORDER.map(
    (split) =>
      t('indicators.pair', {
        label: t(`indicators.split.${split}`),
        value: points
          .map((p) => `${format.period(p.period)} ${p.values[split] === null ? t('indicators.noData') : format.value(definition, p.values[split]!)}`)
          .join(t('indicators.listSeparator')),
      }),
  ).join(t('indicators.groupSeparator'));
  return <EChart option={option} className="chart-box" label={t('indicators.trendLabel', { indicator: format.name(definition), summary })} testId="trend-chart" />;
}
