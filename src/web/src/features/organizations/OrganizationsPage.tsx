import { useEffect, useState } from 'react';
import { Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useSessionState } from '../../shared/form-draft.ts';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { useApi } from '../../shared/use-api.ts';
import { may } from '../../../../contracts/policy.ts';
import { MANAGEMENT_MODES, ORGANIZATION_NATURES, ORGANIZATION_STATUSES, RATING_GRADES, SERVICE_FIELDS } from '../../../../contracts/organizations.ts';
import type { Organization } from '../../../../contracts/organizations-api.ts';
import { OrganizationDrawer } from './OrganizationDrawer.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { GradeTag, StatusTag } from './parts.tsx';

const PAGE_SIZE = 20;

interface Filter {
  q?: string;
  status?: string;
  management?: string;
  nature?: string;
  field?: string;
  grade?: string;
  area?: string;
}

/** The registry of community social organizations in the user's scope: search, filters, a register, an organization's drawer, import and export. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'organizations.write');
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const [filter, setFilter] = useSessionState<Filter>('organizations.filter', {});
  const [q, setQ] = useState(filter.q ?? '');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [importOpen, setImportOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filter);

  useEffect(() => {
    document.title = `${t('organizations.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi((signal) => api.get<Page<Organization>>('/organizations', { ...filter, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal), [key, page, tick]);

  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (change: Partial<Filter>) => {
    const next = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof Filter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    setFilter(next);
    setCursors([null]);
    setPage(1);
  };
  const refresh = () => {
    setCursors([null]);
    setPage(1);
    setTick((n) => n + 1);
  };
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next, { replace: !id });
  };

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const all = { value: '', label: t('organizations.all') };
  const select = (name: keyof Filter, values: readonly string[], label: (v: string) => string, testId: string, width = 130) => (
    <label>
      <span className="filter-label">{t(`organizations.${name === 'field' ? 'field' : name}` as 'organizations.status')}</span>
      <Select
        value={filter[name] ?? ''}
        onChange={(v: string) => update({ [name]: v || undefined })}
        options={[all, ...values.map((v) => ({ value: v, label: label(v) }))]}
        style={{ minWidth: width }}
        popupMatchSelectWidth={false}
        data-testid={testId}
      />
    </label>
  );

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('organizations.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{t('organizations.filters')}</h2>
        <div className="filter-bar" data-testid="organization-filters">
          <label>
            <span className="filter-label">{t('organizations.search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('organizations.searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: 300, maxWidth: '100%' }}
              maxLength={50}
              data-testid="organization-search"
            />
          </label>
          {select('status', ORGANIZATION_STATUSES, (v) => t(`organizations.statuses.${v}` as 'organizations.statuses.active'), 'status-filter')}
          {select('management', MANAGEMENT_MODES, (v) => t(`organizations.managements.${v}` as 'organizations.managements.filed'), 'management-filter', 150)}
          {select('nature', ORGANIZATION_NATURES, (v) => t(`organizations.natures.${v}` as 'organizations.natures.service'), 'nature-filter')}
          {select('field', SERVICE_FIELDS, (v) => t(`organizations.serviceFields.${v}` as 'organizations.serviceFields.elderly'), 'field-filter')}
          {select('grade', RATING_GRADES, (v) => v, 'grade-filter', 100)}
          <label>
            <span className="filter-label">{t('organizations.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => update({ area })} />
          </label>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          {canWrite && (
            <Button type="primary" onClick={() => open('new')} data-testid="organization-create">
              {t('organizations.create')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={() => setImportOpen(true)} data-testid="organization-import">
              {t('organizations.import')}
            </Button>
          )}
          <Button href={apiUrl('/organizations/export', { ...filter, format: 'xlsx' })} download title={t('organizations.exportHint')} data-testid="organization-export">
            {t('organizations.export')}
          </Button>
        </Space>
      </Card>

      <Card title={<h2 className="card-title">{t('organizations.list')}</h2>} extra={<span data-testid="organization-total">{t('organizations.total', { count: total })}</span>}>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <RegisterTable<Organization>
          rows={list.data?.items ?? []}
          rowKey={(o) => o.id}
          loading={list.loading}
          label={t('organizations.list')}
          testId="organization-table"
          columns={[
            {
              key: 'name',
              title: t('organizations.name'),
              phone: 'title',
              nowrap: true,
              render: (o) => (
                <a
                  href={`/organizations?open=${o.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    open(o.id);
                  }}
                  data-testid="organization-link"
                >
                  {o.name}
                </a>
              ),
            },
            { key: 'status', title: t('organizations.status'), nowrap: true, render: (o) => <StatusTag status={o.status} /> },
            { key: 'management', title: t('organizations.management'), nowrap: true, render: (o) => t(`organizations.managements.${o.management}`) },
            { key: 'nature', title: t('organizations.nature'), nowrap: true, phone: 'hidden', render: (o) => t(`organizations.natures.${o.nature}`) },
            {
              key: 'communities',
              title: t('organizations.communities'),
              render: (o) =>
                o.communities.length > 2
                  ? `${o.communities.slice(0, 2).map((c) => c.name ?? c.code).join('、')} …（${o.communities.length}）`
                  : o.communities.map((c) => c.name ?? c.code).join('、'),
            },
            { key: 'rating', title: t('organizations.rating'), nowrap: true, render: (o) => (o.rating ? <GradeTag grade={o.rating.grade} /> : t('organizations.none')) },
            { key: 'area', title: t('organizations.registeredIn'), nowrap: true, phone: 'hidden', render: (o) => o.areaName ?? o.areaCode },
            { key: 'tags', title: '', render: (o) => (o.generated ? <Tag>{t('organizations.generated')}</Tag> : null) },
          ]}
        />
        <nav className="pager" aria-label={t('organizations.list')}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
            {t('common.previous')}
          </Button>
          <span aria-live="polite">{t('organizations.pageOf', { page, pages })}</span>
          <Button disabled={!list.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)} data-testid="page-next">
            {t('common.next')}
          </Button>
        </nav>
      </Card>
      <OrganizationDrawer
        id={openId}
        onClose={() => open(null)}
        onChanged={() => setTick((n) => n + 1)}
        onCreated={(id) => {
          refresh();
          open(id);
        }}
      />
      {canWrite && <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={refresh} />}
    </div>
  );
}
