import { useMemo, useState } from 'react';
import { Card, Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { RESIDENCE_STATUSES, SEXES, type Person, type Population, type PopulationFigure, type ResidenceStatus, type Sex } from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { Term } from '../../shared/Term.tsx';
import { EChart } from '../areas/EChart.tsx';
import type { EChartsOption } from '../areas/echarts.ts';
import { AreaPicker } from '../facilities/AreaPicker.tsx';

/** Ten-year age groups; the last is open-ended. */
const GROUPS: [number, number | undefined][] = [[0, 9], [10, 19], [20, 29], [30, 39], [40, 49], [50, 59], [60, 69], [70, 79], [80, undefined]];
const SEX_COLOURS: Record<Sex, string> = { male: '#1a5fb4', female: '#a8071a' };
const STATUS_COLOURS: Record<ResidenceStatus, string> = { local: '#237804', inflow: '#1a5fb4', outflow: '#ad4e00' };

const count = (query: Record<string, string | number | undefined>, signal: AbortSignal) =>
  api.get<Page<Person>>('/persons', { ...query, limit: 1 }, signal).then((p) => p.total);

/** The registry of an area in figures: a population pyramid, the residence-status breakdown, the resident population of its parts. */
export default function PopulationPanel() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const { elderMode } = usePreferences();
  const [area, setArea] = useState<string | undefined>(undefined);
  const code = area ?? user.scope;

  const figures = useApi(async (signal) => {
    const pyramid = await Promise.all(
      SEXES.map((sex) => Promise.all(GROUPS.map(([ageMin, ageMax]) => count({ area: code, sex, ageMin, ageMax }, signal)))),
    );
    const statuses = await Promise.all(RESIDENCE_STATUSES.map((status) => count({ area: code, status }, signal)));
    return { pyramid: { male: pyramid[0]!, female: pyramid[1]! }, statuses };
  }, [code]);
  const population = useApi((signal) => api.get<Population>('/residents/population', { area: code }, signal), [code]);

  const groupLabels = GROUPS.map(([a, b]) => (b === undefined ? t('population.agePlus', { age: a }) : t('population.ageRange', { from: a, to: b })));
  const fontSize = elderMode ? 16 : 12;
  const groupLabelsKey = groupLabels.join('|');
  const pyramidOption = useMemo<EChartsOption | null>(() => {
    if (!figures.data) return null;
    const { male, female } = figures.data.pyramid;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize, color: '#262626' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format.number(Math.abs(Number(v))) },
      xAxis: { type: 'value', axisLabel: { fontSize, color: '#262626', formatter: (v: number) => format.number(Math.abs(v)) } },
      yAxis: { type: 'category', data: groupLabels, axisTick: { show: false }, axisLabel: { fontSize, color: '#262626' } },
      series: [
        { name: t('sex.male'), type: 'bar', stack: 'all', data: male.map((v) => -v), itemStyle: { color: SEX_COLOURS.male } },
        { name: t('sex.female'), type: 'bar', stack: 'all', data: female, itemStyle: { color: SEX_COLOURS.female } },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the labels' text: the array is new on every render
  }, [figures.data, groupLabelsKey, fontSize, format, t]);
  const statusOption = useMemo<EChartsOption | null>(() => {
    if (!figures.data) return null;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => format.number(Number(v)) },
      xAxis: { type: 'category', data: RESIDENCE_STATUSES.map((s) => t(`residenceStatus.${s}`)), axisLabel: { fontSize, color: '#262626' } },
      yAxis: { type: 'value', axisLabel: { fontSize, color: '#262626', formatter: (v: number) => format.number(v) } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 56,
          data: figures.data.statuses.map((v, i) => ({ value: v, itemStyle: { color: STATUS_COLOURS[RESIDENCE_STATUSES[i]!] } })),
          label: { show: true, position: 'top', fontSize, color: '#1f1f1f', formatter: (p: { value?: unknown }) => format.number(Number(p.value)) },
        },
      ],
    };
  }, [figures.data, fontSize, format, t]);

  const pyramidSummary = figures.data
    ? groupLabels.map((g, i) => t('population.groupSummary', { group: g, male: format.number(figures.data!.pyramid.male[i]!), female: format.number(figures.data!.pyramid.female[i]!) })).join('；')
    : '';
  const statusSummary = figures.data ? RESIDENCE_STATUSES.map((s, i) => `${t(`residenceStatus.${s}`)} ${format.number(figures.data!.statuses[i]!)}`).join('，') : '';
  /** What the figure is: persons on the registry, or the statistics' resident population (they count differently). */
  const figureTerm = (f: PopulationFigure, testId?: string) =>
    f.source ? (
      <Term hint={t(`population.${f.source}FigureHint`)} testId={testId}>
        {t(`population.${f.source}Figure`)}
      </Term>
    ) : (
      t('population.noData')
    );
  const value = (f: PopulationFigure) => (f.residentPopulation === null ? t('population.noData') : format.number(f.residentPopulation));

  return (
    <div data-testid="population-panel">
      <Card size="small" style={{ marginBottom: 16 }}>
        <label className="filter-bar">
          <span className="filter-label">{t('residents.area')}</span>
          <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={area} onChange={setArea} />
        </label>
      </Card>
      <ErrorAlert error={figures.error} onRetry={figures.reload} />
      <div className="facilities-grid">
        <Card title={<h2 className="card-title">{t('population.pyramid')}</h2>}>
          {!pyramidOption && figures.loading && <PageSpinner />}
          {pyramidOption && <EChart option={pyramidOption} className="chart-box" label={t('population.pyramidDescription', { summary: pyramidSummary })} testId="population-pyramid" />}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('population.pyramidHint')}
          </Typography.Paragraph>
        </Card>
        <Card title={<h2 className="card-title">{t('population.statuses')}</h2>}>
          {!statusOption && figures.loading && <PageSpinner />}
          {statusOption && <EChart option={statusOption} className="chart-box" label={t('population.statusDescription', { summary: statusSummary })} testId="population-statuses" />}
          {figures.data && (
            <Typography.Paragraph data-testid="population-status-text" style={{ marginTop: 8 }}>
              {statusSummary}
            </Typography.Paragraph>
          )}
        </Card>
      </div>
      <Card title={<h2 className="card-title">{t('population.resident')}</h2>} style={{ marginTop: 16 }}>
        <ErrorAlert error={population.error} onRetry={population.reload} />
        {population.data && (
          <>
            <Typography.Paragraph type="secondary">{t('population.figuresHint')}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={1}
              data-testid="population-figure"
              items={[
                {
                  key: 'area',
                  label: (
                    <span>
                      {population.data.area.name} · {figureTerm(population.data.area, 'population-figure-term')}
                    </span>
                  ),
                  children: value(population.data.area),
                },
              ]}
            />
            {population.data.children.length > 0 && (
              <Table<PopulationFigure>
                size="small"
                rowKey="code"
                pagination={population.data.children.length > 20 ? { pageSize: 20 } : false}
                dataSource={population.data.children}
                columns={[
                  { key: 'name', title: t('population.part'), className: 'register-nowrap', render: (_, f) => f.name },
                  { key: 'pop', title: t('population.figure'), align: 'right', render: (_, f) => value(f) },
                  { key: 'source', title: t('population.source'), render: (_, f) => figureTerm(f) },
                ]}
              />
            )}
          </>
        )}
      </Card>
    </div>
  );
}
