import { useEffect, useState } from 'react';
import { Alert, Button, Card, Radio, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { requestsApi, STANDINGS, type ClockStanding, type ServiceRequestSummary } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useSessionState } from '../../shared/form-draft.ts';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { useApi } from '../../shared/use-api.ts';
import { StandingTag, StatusTag } from './labels.tsx';
import { requestErrorMessage } from './request-errors.ts';
import './requests.css';

const PAGE_SIZE = 50;

interface QueueFilter {
  /** `unit`: the deciding unit's queue; `area`: the open requests of the people of an area (a village window's own). */
  view?: 'unit' | 'area';
  unit?: string;
  assignee?: 'me' | 'none';
  standing?: ClockStanding;
}

/** A unit's open requests, soonest due first, with their time-limit standing (glyph and word, not colour alone). */
export default function QueuePage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const [filter, setFilter] = useSessionState<QueueFilter>('requests.queue', {});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [tick, setTick] = useState(0);
  const [assignError, setAssignError] = useState<unknown>(null);
  const key = JSON.stringify(filter);
  const byArea = filter.view === 'area';
  const list = useApi(
    (signal) =>
      byArea
        ? requestsApi.list({ area: filter.unit, open: true, standing: filter.standing, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal)
        : requestsApi.queue({ unit: filter.unit, assignee: filter.assignee, standing: filter.standing, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal),
    [key, page, tick],
  );

  useEffect(() => {
    document.title = `${t('requests.queue.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (change: Partial<QueueFilter>) => {
    const next = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof QueueFilter)[]) if (!next[k]) delete next[k];
    setFilter(next);
    setCursors([null]);
    setPage(1);
  };
  const assignMe = async (row: ServiceRequestSummary) => {
    setAssignError(null);
    try {
      await requestsApi.assign(row.id, { assigneeId: user.id });
      setTick((n) => n + 1);
    } catch (failure) {
      setAssignError(failure);
    }
  };

  const total = list.data?.total ?? 0;
  return (
    <div className="request-page" data-testid="queue-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('requests.queue.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('requests.queue.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="filter-bar">
          <div data-testid="queue-view">
            <span className="filter-label" id="queue-view-label">
              {t('requests.queue.view')}
            </span>
            <Radio.Group
              aria-labelledby="queue-view-label"
              optionType="button"
              value={filter.view ?? 'unit'}
              onChange={(e) => update({ view: e.target.value === 'area' ? 'area' : undefined, assignee: undefined })}
              options={[
                { value: 'unit', label: t('requests.queue.viewUnit') },
                { value: 'area', label: t('requests.queue.viewArea') },
              ]}
            />
          </div>
          <label>
            <span className="filter-label">{byArea ? t('requests.queue.area') : t('requests.queue.unit')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.unit} onChange={(unit) => update({ unit })} testId="queue-unit" />
          </label>
          {!byArea && (
            <label>
              <span className="filter-label">{t('requests.queue.assignee')}</span>
              <Select
                value={filter.assignee ?? ''}
                onChange={(v) => update({ assignee: (v || undefined) as QueueFilter['assignee'] })}
                options={[
                  { value: '', label: t('requests.queue.assigneeAll') },
                  { value: 'me', label: t('requests.queue.assigneeMe') },
                  { value: 'none', label: t('requests.queue.assigneeNone') },
                ]}
                style={{ minWidth: 140 }}
                popupMatchSelectWidth={false}
                data-testid="queue-assignee"
              />
            </label>
          )}
          <label>
            <span className="filter-label">{t('requests.queue.standing')}</span>
            <Select
              value={filter.standing ?? ''}
              onChange={(v) => update({ standing: (v || undefined) as ClockStanding | undefined })}
              options={[{ value: '', label: t('requests.queue.standingAll') }, ...STANDINGS.map((s) => ({ value: s, label: t(`requests.standing.${s}`) }))]}
              style={{ minWidth: 130 }}
              popupMatchSelectWidth={false}
              data-testid="queue-standing"
            />
          </label>
        </div>
      </Card>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {assignError != null && <Alert type="error" showIcon role="alert" title={requestErrorMessage(t, assignError)} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph data-testid="queue-total">{t('requests.queue.total', { count: total })}</Typography.Paragraph>
      <RegisterTable<ServiceRequestSummary>
        rows={list.data?.items ?? []}
        rowKey={(r) => r.id}
        loading={list.loading}
        label={t('requests.queue.title')}
        testId="queue-table"
        emptyText={t('requests.queue.empty')}
        rowClassName={(r) => `request-row-${r.standing}`}
        columns={[
          {
            key: 'item',
            title: t('requests.queue.item'),
            phone: 'title',
            render: (r) => (
              <>
                <Link to={`/requests/${r.id}`} data-testid="queue-link">
                  {r.itemName}
                </Link>
                {r.escalatedToQueue && (
                  <>
                    {' '}
                    <Tag color="red" data-testid="queue-escalated">
                      ⇡ {t('requests.queue.escalated', { unit: r.unitName ?? r.unitCode })}
                    </Tag>
                  </>
                )}
              </>
            ),
          },
          {
            key: 'due',
            title: t('requests.queue.due'),
            nowrap: true,
            render: (r) => (
              <span>
                <StandingTag standing={r.standing} /> {r.dueAt ? format.dateTime(r.dueAt) : t('requests.queue.dueNone')}
              </span>
            ),
          },
          { key: 'status', title: t('requests.queue.status'), render: (r) => <StatusTag status={r.status} /> },
          { key: 'applicant', title: t('requests.queue.applicant'), nowrap: true, render: (r) => `${r.applicantName} · ${r.communityName ?? r.communityCode}` },
          { key: 'assignee', title: t('requests.queue.assignee'), nowrap: true, render: (r) => r.assigneeName ?? t('requests.detail.unassigned') },
          { key: 'number', title: t('requests.detail.number'), phone: 'hidden', nowrap: true, render: (r) => <span className="code">{r.number}</span> },
        ]}
        actions={{
          title: t('requests.queue.open'),
          render: (r) => (
            <>
              <Link to={`/requests/${r.id}`} className="request-link-button" data-testid="queue-open">
                {t('requests.queue.open')}
              </Link>
              {r.assigneeId !== user.id && (
                <Button size="small" onClick={() => assignMe(r)} data-testid="queue-assign-me">
                  {t('requests.handle.assignMe')}
                </Button>
              )}
            </>
          ),
        }}
      />
      {total > PAGE_SIZE && (
        <div style={{ marginTop: 12, display: 'flex', gap: 8, alignItems: 'center' }}>
          <Button disabled={page === 1} onClick={() => setPage(page - 1)}>
            {t('common.previous')}
          </Button>
          <span>{t('common.page', { page })}</span>
          <Button disabled={!list.data?.nextCursor} onClick={() => setPage(page + 1)}>
            {t('common.next')}
          </Button>
        </div>
      )}
    </div>
  );
}
