import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaStatistics } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { EChart } from './EChart.tsx';
import type { EChartsOption } from './echarts.ts';

const FIELDS = ['residentPopulation', 'registeredPopulation', 'households', 'aged60Plus', 'childrenUnder16'] as const;
const COLOURS = ['#1a5fb4', '#5b8bd0', '#7a5195', '#ad4e00', '#237804'];

export function PopulationChart({ name, statistics }: { name: string; statistics: AreaStatistics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { elderMode } = usePreferences();
  const labels = FIELDS.map((f) => t(`areas.${f}`));
  const labelsKey = labels.join('|');
  const option = useMemo<EChartsOption>(() => {
    const fontSize = elderMode ? 16 : 12;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format.number(Number(v)) },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize, color: '#262626', interval: 0 } },
      yAxis: { type: 'value', axisLabel: { fontSize, color: '#262626', formatter: (v: number) => format.number(v) } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: FIELDS.map((f, i) => ({ value: statistics[f], itemStyle: { color: COLOURS[i] } })),
          label: { show: true, position: 'top', fontSize, color: '#1f1f1f', formatter: (p: { value?: unknown }) => format.number(Number(p.value)) },
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the labels' text: the array is new on every render
  }, [statistics, labelsKey, elderMode, format]);
  const summary = FIELDS.map((f, i) => `${labels[i]} ${format.number(statistics[f])}`).join('，');
  return (
    <EChart
      option={option}
      className="chart-box"
      label={t('areas.chartDescription', { name, year: statistics.year, summary })}
      testId="population-chart"
    />
  );
}
