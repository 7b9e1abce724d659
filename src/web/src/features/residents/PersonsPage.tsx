import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Card, Dropdown, Input, InputNumber, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client.ts';
import {
  LEFT_BEHIND_KINDS,
  RESIDENCE_STATUSES,
  SEXES,
  type Person,
  type PersonFilter,
} from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useSessionState } from '../../shared/form-draft.ts';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { useApi } from '../../shared/use-api.ts';
import { AreaPicker } from '../facilities/AreaPicker.tsx';
import { ImportWizard } from '../facilities/ImportWizard.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';
import { may } from '../../../../contracts/policy.ts';
import { StatusTag } from './labels.tsx';

// The charts (and ECharts with them) load only when the population tab is opened.
const PopulationPanel = lazy(() => import('./PopulationPanel.tsx'));

const PAGE_SIZE = 20;

/** The resident registry of the user's scope: search, filters, a paged list with masked numbers, a person's drawer, import, export, population. */
export default function PersonsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'registry.write');
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const tab = params.get('tab') === 'population' ? 'population' : 'list';
  const [filter, setFilter] = useSessionState<PersonFilter>('persons.filter', {});
  const [q, setQ] = useState(filter.q ?? '');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [importOpen, setImportOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filter);

  useEffect(() => {
    document.title = `${t('residents.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi(
    (signal) => api.get<Page<Person>>('/persons', { ...filter, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal),
    [key, page, tick],
  );

  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (change: Partial<PersonFilter>) => {
    const next = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof PersonFilter)[]) if (next[k] === undefined || next[k] === '' || next[k] === null) delete next[k];
    setFilter(next);
    setCursors([null]);
    setPage(1);
  };
  const refresh = () => {
    setCursors([null]);
    setPage(1);
    setTick((n) => n + 1);
  };
  const setParam = (name: string, value: string | null, push = false) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: !push });
  };
  const open = (id: string | null) => setParam('open', id, Boolean(id));

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const listView = (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{t('residents.filters')}</h2>
        <div className="filter-bar" data-testid="person-filters">
          <label>
            <span className="filter-label">{t('residents.search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('residents.searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: 300 }}
              maxLength={40}
              data-testid="person-search"
            />
          </label>
          <label>
            <span className="filter-label">{t('residents.sex')}</span>
            <Select
              value={filter.sex ?? ''}
              onChange={(v) => update({ sex: (v || undefined) as PersonFilter['sex'] })}
              options={[{ value: '', label: t('residents.all') }, ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))]}
              style={{ minWidth: 90 }}
              popupMatchSelectWidth={false}
              data-testid="sex-filter"
            />
          </label>
          <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <legend className="filter-label">{t('residents.ageRange')}</legend>
            <InputNumber
              aria-label={t('residents.ageMin')}
              placeholder={t('residents.ageMin')}
              min={0}
              max={150}
              value={filter.ageMin ?? null}
              onChange={(v) => update({ ageMin: v ?? undefined })}
              style={{ width: 90 }}
              data-testid="age-min"
            />
            <span aria-hidden="true"> – </span>
            <InputNumber
              aria-label={t('residents.ageMax')}
              placeholder={t('residents.ageMax')}
              min={0}
              max={150}
              value={filter.ageMax ?? null}
              onChange={(v) => update({ ageMax: v ?? undefined })}
              style={{ width: 90 }}
              data-testid="age-max"
            />
          </fieldset>
          <label>
            <span className="filter-label">{t('residents.residenceStatus')}</span>
            <Select
              value={filter.status ?? ''}
              onChange={(v) => update({ status: (v || undefined) as PersonFilter['status'] })}
              options={[{ value: '', label: t('residents.all') }, ...RESIDENCE_STATUSES.map((s) => ({ value: s, label: t(`residenceStatus.${s}`) }))]}
              style={{ minWidth: 110 }}
              popupMatchSelectWidth={false}
              data-testid="status-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('residents.flag')}</span>
            <Select
              value={filter.flag ?? ''}
              onChange={(v) => update({ flag: (v || undefined) as PersonFilter['flag'] })}
              options={[
                { value: '', label: t('residents.all') },
                ...LEFT_BEHIND_KINDS.map((k) => ({ value: k, label: t(`leftBehindKind.${k}`) })),
                { value: 'livingAlone', label: t('residents.livingAlone') },
              ]}
              style={{ minWidth: 140 }}
              popupMatchSelectWidth={false}
              data-testid="flag-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('residents.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => update({ area })} />
          </label>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          {canWrite && (
            <Button type="primary" onClick={() => open('new')} data-testid="person-create">
              {t('residents.create')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={() => setImportOpen(true)} data-testid="person-import">
              {t('residents.import')}
            </Button>
          )}
          <Dropdown
            menu={{
              items: (['csv', 'xlsx'] as const).map((f) => ({
                key: f,
                label: (
                  <a href={apiUrl('/persons/export', { ...filter, format: f })} download data-testid={`export-${f}`}>
                    {f === 'csv' ? t('residents.exportCsv') : t('residents.exportXlsx')}
                  </a>
                ),
              })),
            }}
          >
            <Button title={t('residents.exportHint')} data-testid="person-export">
              {t('residents.export')} ▾
            </Button>
          </Dropdown>
        </Space>
      </Card>

      <Card title={<h2 className="card-title">{t('residents.list')}</h2>} extra={<span data-testid="person-total">{t('residents.total', { count: total })}</span>}>
        <Typography.Paragraph type="secondary">{t('residents.maskedHint')}</Typography.Paragraph>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <RegisterTable<Person>
          rows={list.data?.items ?? []}
          rowKey={(p) => p.id}
          loading={list.loading}
          label={t('residents.list')}
          testId="person-table"
          columns={[
            {
              key: 'name',
              title: t('residents.name'),
              phone: 'title',
              nowrap: true,
              render: (p) => (
                <a
                  href={`/persons?open=${p.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    open(p.id);
                  }}
                  data-testid="person-link"
                >
                  {p.name}
                </a>
              ),
            },
            { key: 'sex', title: t('residents.sex'), nowrap: true, render: (p) => t(`sex.${p.sex}`) },
            { key: 'age', title: t('residents.age'), align: 'right', nowrap: true, render: (p) => p.age },
            { key: 'idNumber', title: t('residents.idNumber'), nowrap: true, render: (p) => <span className="numeric">{p.idNumber ?? t('common.none')}</span> },
            { key: 'phone', title: t('residents.phone'), nowrap: true, phone: 'hidden', render: (p) => <span className="numeric">{p.phone ?? t('common.none')}</span> },
            { key: 'relation', title: t('residents.relation'), nowrap: true, render: (p) => t(`relation.${p.relation}`) },
            { key: 'status', title: t('residents.residenceStatus'), render: (p) => <StatusTag status={p.residenceStatus} /> },
            { key: 'community', title: t('residents.community'), nowrap: true, phone: 'hidden', render: (p) => p.areaName ?? p.areaCode },
            { key: 'generated', title: '', render: (p) => (p.generated ? <Tag>{t('residents.generated')}</Tag> : null) },
          ]}
        />
        <nav className="pager" aria-label={t('residents.list')}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
            {t('common.previous')}
          </Button>
          <span aria-live="polite">{t('residents.pageOf', { page, pages })}</span>
          <Button disabled={!list.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)} data-testid="page-next">
            {t('common.next')}
          </Button>
        </nav>
      </Card>
    </>
  );

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('residents.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k === 'population' ? 'population' : null)}
        items={[
          { key: 'list', label: <span data-testid="tab-list">{t('residents.tabList')}</span>, children: listView },
          {
            key: 'population',
            label: <span data-testid="tab-population">{t('residents.tabPopulation')}</span>,
            children: (
              <Suspense fallback={<PageSpinner />}>
                <PopulationPanel />
              </Suspense>
            ),
          },
        ]}
      />
      <PersonDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => open(null)}
        onChanged={() => setTick((n) => n + 1)}
        onOpen={open}
        onCreated={(saved) => {
          refresh();
          open(saved.id);
        }}
      />
      {canWrite && <ImportWizard subject="persons" open={importOpen} onClose={() => setImportOpen(false)} onImported={refresh} />}
    </div>
  );
}
