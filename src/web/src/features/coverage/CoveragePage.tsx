import { useEffect, useState } from 'react';
import { Breadcrumb, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { DEFAULT_RADIUS_KM, FACILITY_KINDS, type AreaCoverage, type CoverageReport, type FacilityKind, type Share, type UncoveredCommunity } from '../../api/facilities.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { CoverageMap } from './CoverageMap.tsx';

const RADII = [0.5, 1, 2, 3, 5, 10] as const;
const UNCOVERED_PAGE = 20;

/** Facility coverage of an area and its children, on a table and a map, and the communities left out. */
export default function CoveragePage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const area = params.get('area') ?? user.scope;
  const kind = (params.get('kind') ?? 'comprehensive') as FacilityKind;
  const radius = params.get('radiusKm') ? Number(params.get('radiusKm')) : undefined;
  const query = { area, kind, radiusKm: radius };
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const key = JSON.stringify(query);

  useEffect(() => {
    document.title = `${t('coverage.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    setCursors([null]);
    setPage(1);
  }, [key]);

  const report = useApi((signal) => api.get<CoverageReport>('/coverage', query, signal), [key]);
  const uncovered = useApi(
    (signal) => api.get<Page<UncoveredCommunity>>('/coverage/uncovered', { ...query, limit: UNCOVERED_PAGE, cursor: cursors[page - 1] }, signal),
    [key, page],
  );
  useEffect(() => {
    const next = uncovered.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [uncovered.data, page, cursors]);

  const set = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  const kindLabel = t(`facilityKind.${kind}`);
  const r = report.data;
  const share = (s: Share) =>
    s.share === null ? (
      <span aria-label={t('coverage.notApplicable')}>{t('coverage.notApplicable')}</span>
    ) : (
      <span title={`${format.number(s.numerator)} / ${format.number(s.denominator)}`}>{format.percent(s.share)}</span>
    );
  const rows = r ? [{ ...r.area, whole: true }, ...r.children.map((c) => ({ ...c, whole: false }))] : [];

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('coverage.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="filter-bar">
          <label>
            <span className="filter-label">{t('coverage.kind')}</span>
            <Select
              value={kind}
              onChange={(v) => set({ kind: v === 'comprehensive' ? undefined : v })}
              options={FACILITY_KINDS.map((k) => ({ value: k, label: t(`facilityKind.${k}`) }))}
              style={{ minWidth: 180 }}
              popupMatchSelectWidth={false}
              data-testid="coverage-kind"
            />
          </label>
          <label>
            <span className="filter-label">{t('coverage.radius')}</span>
            <Select
              value={radius === undefined ? '' : String(radius)}
              onChange={(v) => set({ radiusKm: v || undefined })}
              options={[
                { value: '', label: t('coverage.radiusDefault', { urban: DEFAULT_RADIUS_KM.urban, rural: DEFAULT_RADIUS_KM.rural }) },
                ...RADII.map((km) => ({ value: String(km), label: t('coverage.radiusKm', { km: format.decimal(km) }) })),
              ]}
              style={{ minWidth: 200 }}
              popupMatchSelectWidth={false}
              data-testid="coverage-radius"
            />
          </label>
        </div>
        {area !== user.scope && (
          <Breadcrumb
            style={{ marginTop: 12 }}
            items={[
              { key: 'scope', title: <Link to={`/coverage?${new URLSearchParams({ ...Object.fromEntries(params), area: user.scope })}`}>{user.scopeName ?? user.scope}</Link> },
              { key: 'here', title: <span aria-current="page">{r?.area.name ?? area}</span> },
            ]}
          />
        )}
      </Card>
      <ErrorAlert error={report.error} onRetry={report.reload} />
      {report.loading && !r && <PageSpinner />}
      {r && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={<h2 className="card-title">{t('coverage.table')}</h2>}>
            <Table<AreaCoverage & { whole: boolean }>
              size="small"
              bordered
              rowKey={(row) => (row.whole ? `whole-${row.code}` : row.code)}
              dataSource={rows}
              pagination={false}
              scroll={{ x: true }}
              loading={report.loading}
              data-testid="coverage-table"
              caption={
                <span className="visually-hidden">
                  {t('coverage.tableCaption', { name: r.area.name, kind: kindLabel, year: r.year ?? '—' })}
                </span>
              }
              rowClassName={(row) => (row.whole ? 'coverage-whole' : '')}
              columns={[
                {
                  key: 'area',
                  title: t('coverage.area'),
                  fixed: 'left',
                  render: (_, row) =>
                    row.whole ? (
                      <strong>
                        {row.name}
                        {t('coverage.whole')}
                      </strong>
                    ) : row.level < 5 ? (
                      <Link to={`/coverage?${new URLSearchParams({ ...Object.fromEntries(params), area: row.code })}`}>{row.name}</Link>
                    ) : (
                      row.name
                    ),
                },
                {
                  key: 'facility',
                  title: t('coverage.facilityCoverage'),
                  children: (['urban', 'rural', 'all'] as const).map((k) => ({
                    key: `f-${k}`,
                    title: t(`coverage.${k}`),
                    align: 'right' as const,
                    render: (_: unknown, row: AreaCoverage) => share(row.facilityCoverage.communities[k]),
                  })),
                },
                {
                  key: 'radius',
                  title: t('coverage.radiusCoverage'),
                  children: (['urban', 'rural', 'all'] as const).map((k) => ({
                    key: `r-${k}`,
                    title: t(`coverage.${k}`),
                    align: 'right' as const,
                    render: (_: unknown, row: AreaCoverage) => share(row.radiusCoverage.population[k]),
                  })),
                },
                { key: 'facilities', title: t('coverage.facilities'), align: 'right', render: (_, row) => format.number(row.facilities) },
                {
                  key: 'per100',
                  title: t('coverage.floorAreaPer100'),
                  align: 'right',
                  render: (_, row) => (row.floorAreaPer100Households === null ? t('coverage.notApplicable') : format.decimal(Math.round(row.floorAreaPer100Households * 10) / 10)),
                },
              ]}
            />
            {r.area.communitiesWithoutLocation > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('coverage.withoutLocation', { count: r.area.communitiesWithoutLocation })}
              </Typography.Paragraph>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('coverage.demoNote')}
            </Typography.Paragraph>
          </Card>
          <Card title={<h2 className="card-title">{t('coverage.map')}</h2>}>
            <CoverageMap report={r} query={{ kind, radiusKm: radius }} kindLabel={kindLabel} />
          </Card>
          <Card
            title={<h2 className="card-title">{t('coverage.uncovered')}</h2>}
            extra={uncovered.data && <span data-testid="uncovered-total">{t('coverage.uncoveredTotal', { count: uncovered.data.total })}</span>}
          >
            <Typography.Paragraph type="secondary">{t('coverage.uncoveredHint', { kind: kindLabel })}</Typography.Paragraph>
            <ErrorAlert error={uncovered.error} onRetry={uncovered.reload} />
            <Table<UncoveredCommunity>
              size="small"
              rowKey="code"
              loading={uncovered.loading}
              dataSource={uncovered.data?.items ?? []}
              pagination={false}
              scroll={{ x: true }}
              data-testid="uncovered-table"
              columns={[
                {
                  key: 'name',
                  title: t('facilities.community'),
                  render: (_, c) => (
                    <span>
                      {c.name} {c.kind && <ColorTag tone={KIND_TONE[c.kind]}>{t(`kind.${c.kind}`)}</ColorTag>}
                    </span>
                  ),
                },
                { key: 'township', title: t('coverage.township'), render: (_, c) => c.township.name },
                { key: 'population', title: t('coverage.population'), align: 'right', render: (_, c) => format.number(c.residentPopulation) },
                { key: 'radius', title: t('coverage.radius'), align: 'right', render: (_, c) => t('coverage.km', { km: format.decimal(c.radiusKm) }) },
                {
                  key: 'nearest',
                  title: t('coverage.nearest'),
                  align: 'right',
                  render: (_, c) => (c.nearestFacilityKm === null ? t('coverage.nearestNone') : t('coverage.km', { km: format.decimal(Math.round(c.nearestFacilityKm * 10) / 10) })),
                },
              ]}
            />
            <nav className="pager" aria-label={t('coverage.uncovered')}>
              <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('facilities.previousPage')}
              </Button>
              <span aria-live="polite">
                {t('facilities.pageOf', { page, pages: Math.max(1, Math.ceil((uncovered.data?.total ?? 0) / UNCOVERED_PAGE)) })}
              </span>
              <Button disabled={!uncovered.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)}>
                {t('facilities.nextPage')}
              </Button>
            </nav>
          </Card>
        </Space>
      )}
    </div>
  );
}
