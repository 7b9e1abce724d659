import { Breadcrumb, Card, Descriptions, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AreaDetail } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { PopulationChart } from './PopulationChart.tsx';
import { AreaMap } from './AreaMap.tsx';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { Term } from '../../shared/Term.tsx';

const STAT_FIELDS = ['residentPopulation', 'registeredPopulation', 'households', 'aged60Plus', 'childrenUnder16'] as const;

/** One area: where it is, what lies below it, its people, and a map. */
export function AreaDetailPanel({
  area,
  scope,
  year,
  onYear,
}: {
  area: AreaDetail;
  scope: string;
  year: number | undefined;
  onYear: (year: number) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const stats = area.statistics;
  const counts = area.childCounts;
  const kindTag = area.kind && (
    <ColorTag tone={KIND_TONE[area.kind]}>
      {t(`kind.${area.kind}`)}
      {area.kindSource === 'override' ? ` · ${t('kind.overridden')}` : ''}
    </ColorTag>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="area-detail">
      <Card>
        <Breadcrumb
          aria-label={t('areas.path')}
          items={[...area.path, { code: area.code, name: area.name, level: area.level }].map((p) => ({
            key: p.code,
            title:
              p.code === area.code || !p.code.startsWith(scope) ? (
                <span aria-current={p.code === area.code ? 'page' : undefined}>{p.name}</span>
              ) : (
                <Link to={`/areas/${p.code}`}>{p.name}</Link>
              ),
          }))}
        />
        <Typography.Title level={2} style={{ margin: '8px 0 12px' }} data-testid="area-name">
          {area.name} <Tag>{t(`levels.${area.levelName}`)}</Tag>
          {kindTag}
          {area.generated && <ColorTag tone="orange">{t('areas.generated')}</ColorTag>}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'code', label: t('areas.code'), children: <span className="code">{area.fullCode}</span> },
            { key: 'level', label: t('areas.level'), children: t(`levels.${area.levelName}`) },
            ...(area.level === 5 ? [{ key: 'kind', label: t('areas.kind'), children: area.kind ? t(`kind.${area.kind}`) : t('kind.unknown') }] : []),
            ...(area.lon !== null && area.lat !== null
              ? [{ key: 'centroid', label: t('areas.centroid'), children: `${format.decimal(area.lon)}, ${format.decimal(area.lat!)}` }]
              : []),
          ]}
        />
      </Card>

      {area.level < 5 && (
        <Card title={<h3 className="card-title">{t('areas.childCounts')}</h3>}>
          <div className="stat-grid" data-testid="child-counts">
            <Statistic title={t('areas.direct')} value={format.number(counts.direct)} />
            <Statistic title={t('areas.communities')} value={format.number(counts.communities.total)} />
            <Statistic title={t('areas.urban')} value={format.number(counts.communities.urban)} valueStyle={{ color: '#1a5fb4' }} />
            <Statistic title={t('areas.rural')} value={format.number(counts.communities.rural)} valueStyle={{ color: '#237804' }} />
          </div>
        </Card>
      )}

      <Card
        title={<h3 className="card-title">{t('areas.statistics')}</h3>}
        extra={
          area.statisticsYears.length > 1 ? (
            <Segmented<number>
              aria-label={t('areas.statisticsYear')}
              value={year ?? stats?.year}
              onChange={onYear}
              options={area.statisticsYears.map((y) => ({ value: y, label: String(y) }))}
            />
          ) : undefined
        }
      >
        {!stats ? (
          <Typography.Text>{t('areas.noStatistics')}</Typography.Text>
        ) : (
          <>
            <div className="stat-grid" data-testid="statistics">
              {STAT_FIELDS.map((f) => (
                <Statistic
                  key={f}
                  title={f === 'residentPopulation' ? <Term hint={t('areas.residentPopulationHint')} testId="statistics-population-term">{t(`areas.${f}`)}</Term> : t(`areas.${f}`)}
                  value={format.number(stats[f])}
                />
              ))}
            </div>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {stats.source === 'reported' ? t('areas.sourceReported') : t('areas.sourceRollup')}
              {stats.source === 'rollup' && ` · ${t('areas.reporting', { reporting: format.number(stats.communitiesReporting), total: format.number(stats.communitiesTotal) })}`}
              {stats.generated && ` · ${t('areas.generatedHint')}`}
            </Typography.Paragraph>
            <h4 className="chart-title">{t('areas.chartTitle', { year: stats.year })}</h4>
            <PopulationChart name={area.name} statistics={stats} />
            <details>
              <summary>{t('areas.table')}</summary>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                columns={[
                  { key: 'indicator', dataIndex: 'indicator', title: t('areas.indicator') },
                  { key: 'value', dataIndex: 'value', title: t('areas.value'), align: 'right' },
                ]}
                dataSource={STAT_FIELDS.map((f) => ({ key: f, indicator: t(`areas.${f}`), value: format.number(stats[f]) }))}
              />
            </details>
          </>
        )}
      </Card>

      <Card title={<h3 className="card-title">{t('areas.map')}</h3>}>
        <AreaMap area={area} scope={scope} />
      </Card>
    </Space>
  );
}
