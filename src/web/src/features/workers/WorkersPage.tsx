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
import { ImportWizard } from '../facilities/ImportWizard.tsx';
import { may } from '../../../../contracts/policy.ts';
import { POST_KINDS, QUALIFICATION_LEVELS, type WorkerFilter } from '../../../../contracts/workers.ts';
import type { Worker } from '../../../../contracts/workers-api.ts';
import { WorkerDrawer } from './WorkerDrawer.tsx';

const PAGE_SIZE = 20;

/** The registry of community and social workers in the user's scope: search, filters, a register, a worker's drawer, import and export. */
export default function WorkersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'workers.write');
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const [filter, setFilter] = useSessionState<WorkerFilter>('workers.filter', {});
  const [q, setQ] = useState(filter.q ?? '');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [importOpen, setImportOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filter);

  useEffect(() => {
    document.title = `${t('workers.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi((signal) => api.get<Page<Worker>>('/workers', { ...filter, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal), [key, page, tick]);

  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (change: Partial<WorkerFilter>) => {
    const next = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof WorkerFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
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
  const all = { value: '', label: t('workers.all') };

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('workers.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{t('workers.filters')}</h2>
        <div className="filter-bar" data-testid="worker-filters">
          <label>
            <span className="filter-label">{t('workers.search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('workers.searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: 300, maxWidth: '100%' }}
              maxLength={40}
              data-testid="worker-search"
            />
          </label>
          <label>
            <span className="filter-label">{t('workers.postKind')}</span>
            <Select
              value={filter.postKind ?? ''}
              onChange={(v) => update({ postKind: (v || undefined) as WorkerFilter['postKind'] })}
              options={[all, ...POST_KINDS.map((k) => ({ value: k, label: t(`workers.postKinds.${k}`) }))]}
              style={{ minWidth: 140 }}
              popupMatchSelectWidth={false}
              data-testid="post-kind-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('workers.qualification')}</span>
            <Select
              value={filter.qualification ?? ''}
              onChange={(v) => update({ qualification: (v || undefined) as WorkerFilter['qualification'] })}
              options={[all, ...QUALIFICATION_LEVELS.map((l) => ({ value: l, label: t(`workers.levels.${l}`) })), { value: 'none', label: t('workers.noQualification') }]}
              style={{ minWidth: 140 }}
              popupMatchSelectWidth={false}
              data-testid="qualification-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('workers.urbanRural')}</span>
            <Select
              value={filter.urbanRural ?? ''}
              onChange={(v) => update({ urbanRural: (v || undefined) as WorkerFilter['urbanRural'] })}
              options={[all, { value: 'urban', label: t('workers.urban') }, { value: 'rural', label: t('workers.rural') }]}
              style={{ minWidth: 110 }}
              popupMatchSelectWidth={false}
              data-testid="urban-rural-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('workers.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => update({ area })} />
          </label>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          {canWrite && (
            <Button type="primary" onClick={() => open('new')} data-testid="worker-create">
              {t('workers.create')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={() => setImportOpen(true)} data-testid="worker-import">
              {t('workers.import')}
            </Button>
          )}
          <Button href={apiUrl('/workers/export', { ...filter, format: 'xlsx' })} download title={t('workers.exportHint')} data-testid="worker-export">
            {t('workers.export')}
          </Button>
        </Space>
      </Card>

      <Card title={<h2 className="card-title">{t('workers.list')}</h2>} extra={<span data-testid="worker-total">{t('workers.total', { count: total })}</span>}>
        <Typography.Paragraph type="secondary">{t('workers.maskedHint')}</Typography.Paragraph>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <RegisterTable<Worker>
          rows={list.data?.items ?? []}
          rowKey={(w) => w.id}
          loading={list.loading}
          label={t('workers.list')}
          testId="worker-table"
          columns={[
            {
              key: 'name',
              title: t('workers.name'),
              phone: 'title',
              nowrap: true,
              render: (w) => (
                <a
                  href={`/workers?open=${w.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    open(w.id);
                  }}
                  data-testid="worker-link"
                >
                  {w.name}
                </a>
              ),
            },
            { key: 'posts', title: t('workers.currentPosts'), render: (w) => w.currentPosts.map((k) => t(`workers.postKinds.${k}`)).join('、') || t('workers.none') },
            { key: 'qualification', title: t('workers.qualification'), nowrap: true, render: (w) => (w.qualification ? t(`workers.levels.${w.qualification}`) : t('workers.none')) },
            { key: 'area', title: t('workers.registeredIn'), nowrap: true, render: (w) => w.areaName ?? w.areaCode },
            { key: 'idNumber', title: t('workers.idNumber'), nowrap: true, phone: 'hidden', render: (w) => <span className="numeric">{w.idNumber ?? t('common.none')}</span> },
            { key: 'phone', title: t('workers.phone'), nowrap: true, phone: 'hidden', render: (w) => <span className="numeric">{w.phone ?? t('common.none')}</span> },
            {
              key: 'tags',
              title: '',
              render: (w) => (
                <>
                  {w.socialWorker && <Tag color="blue">{t('workers.socialWorker')}</Tag>}
                  {w.generated && <Tag>{t('workers.generated')}</Tag>}
                </>
              ),
            },
          ]}
        />
        <nav className="pager" aria-label={t('workers.list')}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
            {t('common.previous')}
          </Button>
          <span aria-live="polite">{t('workers.pageOf', { page, pages })}</span>
          <Button disabled={!list.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)} data-testid="page-next">
            {t('common.next')}
          </Button>
        </nav>
      </Card>
      <WorkerDrawer
        id={openId}
        onClose={() => open(null)}
        onChanged={() => setTick((n) => n + 1)}
        onCreated={(id) => {
          refresh();
          open(id);
        }}
      />
      {canWrite && <ImportWizard subject="workers" open={importOpen} onClose={() => setImportOpen(false)} onImported={refresh} />}
    </div>
  );
}
