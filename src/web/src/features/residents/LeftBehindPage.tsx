import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api/client.ts';
import { LEFT_BEHIND_KINDS, RESIDENTS_LIMITS, type FlagStatus, type LeftBehindFlag, type LeftBehindKind } from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { useSessionState } from '../../shared/form-draft.ts';
import { useApi } from '../../shared/use-api.ts';
import { factsText } from './labels.tsx';
import { may } from '../../../../contracts/policy.ts';

const PAGE_SIZE = 20;
const STATUS_TONE = { pending: 'orange', confirmed: 'red', rejected: 'green' } as const;

/** The left-behind review queue: findings awaiting a worker's review, with the facts; confirm or reject with a reason. */
export default function LeftBehindPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const { message } = App.useApp();
  const canReview = may(user.role, 'leftBehind.decide');
  const [filter, setFilter] = useSessionState<{ status: FlagStatus; kind?: LeftBehindKind }>('leftBehind.filter', { status: 'pending' });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [tick, setTick] = useState(0);
  const [review, setReview] = useState<{ flag: LeftBehindFlag; decision: 'confirm' | 'reject' } | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('leftBehind.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi(
    (signal) => api.get<Page<LeftBehindFlag>>('/left-behind', { ...filter, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal),
    [JSON.stringify(filter), page, tick],
  );
  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (next: typeof filter) => {
    setFilter(next);
    setCursors([null]);
    setPage(1);
  };
  const startReview = (flag: LeftBehindFlag, decision: 'confirm' | 'reject') => {
    setReview({ flag, decision });
    setReason('');
    setProblem(null);
  };
  const send = async () => {
    if (!review) return;
    if (review.decision === 'reject' && !reason.trim()) {
      setProblem(t('leftBehind.reasonRequired'));
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await api.post<LeftBehindFlag>(`/left-behind/${review.flag.id}/${review.decision}`, { version: review.flag.version, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      void message.success(t(review.decision === 'confirm' ? 'leftBehind.confirmed' : 'leftBehind.rejected', { name: review.flag.personName ?? '' }));
      setReview(null);
      setCursors([null]);
      setPage(1);
      setTick((n) => n + 1);
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 409 ? t('leftBehind.stale') : apiErrorMessage(t, error));
      if (error instanceof ApiError && error.status === 409) setTick((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('leftBehind.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="left-behind-intro">
        {canReview ? t('leftBehind.intro') : t('leftBehind.introReader')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{t('residents.filters')}</h2>
        <div className="filter-bar">
          <label>
            <span className="filter-label">{t('leftBehind.status')}</span>
            <Select
              value={filter.status}
              onChange={(v: FlagStatus) => update({ ...filter, status: v })}
              options={(['pending', 'confirmed', 'rejected'] as const).map((s) => ({ value: s, label: t(`flagStatus.${s}`) }))}
              style={{ minWidth: 120 }}
              popupMatchSelectWidth={false}
              data-testid="flag-status-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('leftBehind.kind')}</span>
            <Select
              value={filter.kind ?? ''}
              onChange={(v) => update({ status: filter.status, ...(v ? { kind: v as LeftBehindKind } : {}) })}
              options={[{ value: '', label: t('residents.all') }, ...LEFT_BEHIND_KINDS.map((k) => ({ value: k, label: t(`leftBehindKind.${k}`) }))]}
              style={{ minWidth: 140 }}
              popupMatchSelectWidth={false}
              data-testid="flag-kind-filter"
            />
          </label>
        </div>
      </Card>
      <Card title={<h2 className="card-title">{t('leftBehind.queue')}</h2>} extra={<span data-testid="flag-total">{t('residents.total', { count: total })}</span>}>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <RegisterTable<LeftBehindFlag>
          rows={list.data?.items ?? []}
          rowKey={(f) => f.id}
          loading={list.loading}
          label={t('leftBehind.queue')}
          testId="flag-table"
          columns={[
            {
              key: 'person',
              title: t('residents.name'),
              phone: 'title',
              nowrap: true,
              render: (f) => (
                <Link to={`/persons?open=${f.personId}`} data-testid="flag-person">
                  {f.personName ?? f.personId}
                </Link>
              ),
            },
            { key: 'kind', title: t('leftBehind.kind'), nowrap: true, render: (f) => t(`leftBehindKind.${f.kind}`) },
            {
              key: 'facts',
              title: t('leftBehind.facts'),
              render: (f) => (
                <div style={{ maxWidth: 420 }}>
                  {f.reason && <div>{t(`leftBehindReason.${f.reason}`)}</div>}
                  <Typography.Text type="secondary">{factsText(t, f.facts, format.date)}</Typography.Text>
                  {!f.applies && <div>{t('leftBehind.noLongerApplies')}</div>}
                  {f.previousStatus && (
                    <div>
                      {t('leftBehind.changedSince', { status: t(`flagStatus.${f.previousStatus}`) })}
                      {f.previousFacts ? `${t('leftBehind.colon')}${factsText(t, f.previousFacts, format.date)}` : ''}
                    </div>
                  )}
                </div>
              ),
            },
            {
              key: 'status',
              title: t('leftBehind.status'),
              render: (f) => (
                <div>
                  <ColorTag tone={STATUS_TONE[f.status]}>{t(`flagStatus.${f.status}`)}</ColorTag>
                  {f.reviewReason && <div>{f.reviewReason}</div>}
                  {f.reviewedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
                      {t('residents.historyBy', { user: f.reviewedBy ?? '', at: format.dateTime(f.reviewedAt) })}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
          ]}
          actions={
            canReview
              ? {
                  title: t('leftBehind.actions'),
                  render: (f) => (
                    <>
                      {f.status !== 'confirmed' && (
                        <Button size="small" type="primary" onClick={() => startReview(f, 'confirm')} data-testid="flag-confirm">
                          {t('leftBehind.confirm')}
                        </Button>
                      )}
                      {f.status !== 'rejected' && (
                        <Button size="small" onClick={() => startReview(f, 'reject')} data-testid="flag-reject">
                          {t('leftBehind.reject')}
                        </Button>
                      )}
                    </>
                  ),
                }
              : undefined
          }
        />
        <nav className="pager" aria-label={t('leftBehind.queue')}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('common.previous')}
          </Button>
          <span aria-live="polite">{t('residents.pageOf', { page, pages })}</span>
          <Button disabled={!list.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)}>
            {t('common.next')}
          </Button>
        </nav>
      </Card>
      <Modal
        open={review !== null}
        title={review ? t(review.decision === 'confirm' ? 'leftBehind.confirmTitle' : 'leftBehind.rejectTitle', { name: review.flag.personName ?? '', kind: t(`leftBehindKind.${review.flag.kind}`) }) : ''}
        onCancel={() => setReview(null)}
        onOk={() => void send()}
        okText={review?.decision === 'reject' ? t('leftBehind.reject') : t('leftBehind.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'review-send' } as Record<string, string>}
        destroyOnHidden
      >
        <div data-testid="review-dialog">
          {review && (
            <Typography.Paragraph>
              {review.flag.reason ? `${t(`leftBehindReason.${review.flag.reason}`)}${t('leftBehind.sentenceSeparator')}` : ''}
              {factsText(t, review.flag.facts, format.date)}
            </Typography.Paragraph>
          )}
          <label htmlFor="review-reason" className="filter-label">
            {review?.decision === 'reject' ? t('leftBehind.reasonRequiredLabel') : t('leftBehind.reasonOptional')}
          </label>
          <Input.TextArea id="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={RESIDENTS_LIMITS.reasonMaxLength} rows={3} data-testid="review-reason" />
          {problem && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} style={{ marginTop: 12 }} />}
        </div>
      </Modal>
    </div>
  );
}
