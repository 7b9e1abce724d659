import { useMemo, useState } from 'react';
import { Button, Card, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useUser } from '../../app/session.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { FilterSelect, RegisterTitle, useOpenParam, useRegisterList } from '../../shared/Register.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { may } from '../../../../contracts/policy.ts';
import { InfoPointDrawer } from './InfoPointDrawer.tsx';
import { INFO_POINT_SERVICES, INFO_POINT_STATUSES, URBAN_RURAL, type InfoPoint, type InfoPointListQuery } from './info-points-api.ts';
import { STATUS_TONE } from './status-tone.ts';
import './info-points.css';

type Filter = Pick<InfoPointListQuery, 'q' | 'area' | 'status' | 'service' | 'urbanRural'>;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => (list.includes(value as T) ? (value as T) : undefined);

/** The filters a URL asks for; values the API would refuse are left out rather than sent. */
function filterOf(params: URLSearchParams): Filter {
  const filter: Filter = {
    q: params.get('q')?.trim().slice(0, 50) || undefined,
    area: /^[0-9]{2,12}$/.test(params.get('area') ?? '') ? params.get('area')! : undefined,
    status: oneOf(INFO_POINT_STATUSES, params.get('status')),
    service: oneOf(INFO_POINT_SERVICES, params.get('service')),
    urbanRural: oneOf(URBAN_RURAL, params.get('urbanRural')),
  };
  for (const k of Object.keys(filter) as (keyof Filter)[]) if (filter[k] === undefined) delete filter[k];
  return filter;
}

/**
 * The register of village information points (益农信息社) for township and county staff: the
 * points of their area with community, operator, status, services offered and services recorded
 * this month, filtered by name, area, status, service and urban or rural; registering a point, its
 * changes and status moves in a drawer, for those the policy lets write.
 */
export default function InfoPointsRegisterPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'infoPoints.write');
  const [params, setParams] = useSearchParams();
  const [openId, open] = useOpenParam();
  const filter = useMemo(() => filterOf(params), [params]);
  const register = useRegisterList<InfoPoint>('/info-points', filter);
  const [q, setQ] = useState(filter.q ?? '');
  const { list, page, pages, total, hasNext, setPage } = register;

  const update = (change: Partial<Filter>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };
  const text = (key: 'list' | 'filters') => t(`infoPoints.register.${key}`);

  return (
    <div className="info-points-register">
      <RegisterTitle title={t('infoPoints.register.title')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{text('filters')}</h2>
        <div className="filter-bar" data-testid="info-point-filters">
          <label>
            <span className="filter-label">{t('infoPoints.register.search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('infoPoints.register.searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: 240, maxWidth: '100%' }}
              maxLength={50}
              data-testid="info-point-search"
            />
          </label>
          <FilterSelect
            label={t('infoPoints.register.status')}
            value={filter.status}
            onChange={(status) => update({ status })}
            options={INFO_POINT_STATUSES.map((s) => ({ value: s, label: t(`infoPoints.statuses.${s}`) }))}
            allLabel={t('infoPoints.register.allStatuses')}
            testId="info-point-status-filter"
          />
          <FilterSelect
            label={t('infoPoints.register.service')}
            value={filter.service}
            onChange={(service) => update({ service })}
            options={INFO_POINT_SERVICES.map((s) => ({ value: s, label: t(`infoPoints.services.${s}`) }))}
            allLabel={t('infoPoints.register.allServices')}
            testId="info-point-service-filter"
          />
          <FilterSelect
            label={t('infoPoints.register.urbanRural')}
            value={filter.urbanRural}
            onChange={(urbanRural) => update({ urbanRural })}
            options={URBAN_RURAL.map((k) => ({ value: k, label: t(`infoPoints.urbanRural.${k}`) }))}
            allLabel={t('infoPoints.register.allUrbanRural')}
            testId="info-point-urban-filter"
          />
          <label>
            <span className="filter-label">{t('infoPoints.register.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => update({ area })} />
          </label>
        </div>
        {canWrite && (
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" onClick={() => open('new')} data-testid="info-point-create">
              {t('infoPoints.register.create')}
            </Button>
          </Space>
        )}
      </Card>

      <Card title={<h2 className="card-title">{text('list')}</h2>} extra={<span data-testid="info-point-total">{t('infoPoints.register.total', { count: total })}</span>}>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <RegisterTable<InfoPoint>
          rows={list.data?.items ?? []}
          rowKey={(r) => r.id}
          loading={list.loading}
          label={text('list')}
          testId="info-point-table"
          emptyText={t('infoPoints.register.empty')}
          columns={[
            {
              key: 'name',
              title: t('infoPoints.register.name'),
              phone: 'title',
              nowrap: true,
              render: (r) => (
                <a
                  href={`/info-points?open=${r.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    open(r.id);
                  }}
                  data-testid="info-point-link"
                >
                  {r.name}
                </a>
              ),
            },
            { key: 'community', title: t('infoPoints.register.community'), render: (r) => r.areaName ?? r.areaCode },
            { key: 'operator', title: t('infoPoints.register.operator'), render: (r) => r.operatorName ?? '—' },
            {
              key: 'status',
              title: t('infoPoints.register.status'),
              render: (r) => <ColorTag tone={STATUS_TONE[r.status]}>{t(`infoPoints.statuses.${r.status}`)}</ColorTag>,
            },
            { key: 'services', title: t('infoPoints.register.services'), render: (r) => r.services.map((s) => t(`infoPoints.services.${s}`)).join('、') },
            {
              key: 'month',
              title: t('infoPoints.register.servedThisMonth'),
              align: 'right',
              nowrap: true,
              render: (r) => <span data-testid="info-point-month">{t('infoPoints.register.times', { count: r.servedThisMonth })}</span>,
            },
            {
              key: 'urbanRural',
              title: '',
              render: (r) => (r.urbanRural ? <ColorTag tone={KIND_TONE[r.urbanRural]}>{t(`infoPoints.urbanRural.${r.urbanRural}`)}</ColorTag> : null),
            },
          ]}
        />
        <nav className="pager" aria-label={text('list')}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
            {t('infoPoints.register.previous')}
          </Button>
          <span aria-live="polite">{t('infoPoints.register.pageOf', { page, pages })}</span>
          <Button disabled={!hasNext} onClick={() => setPage(page + 1)} data-testid="page-next">
            {t('infoPoints.register.next')}
          </Button>
        </nav>
      </Card>

      <InfoPointDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => open(null)}
        onChanged={register.reload}
        onCreated={(saved) => {
          register.refresh();
          open(saved.id);
        }}
      />
    </div>
  );
}
