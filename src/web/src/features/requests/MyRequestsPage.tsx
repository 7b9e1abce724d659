import { useEffect, useState } from 'react';
import { Button, Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { requestsApi, type ServiceRequestSummary } from '../../api/requests.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { StandingTag, StatusTag } from './labels.tsx';
import './requests.css';

const PAGE_SIZE = 20;
const OPEN = ['submitted', 'transferred', 'accepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered'];

/** 我的申请: a resident's requests, newest first, each with where it stands and what it waits for. Phone first. */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [cursor, setCursor] = useState<string | null>(null);
  const [shown, setShown] = useState<ServiceRequestSummary[]>([]);
  const page = useApi((signal) => requestsApi.list({ limit: PAGE_SIZE, cursor }, signal), [cursor]);

  useEffect(() => {
    document.title = `${t('requests.mine.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    if (page.data) setShown((before) => (cursor ? [...before, ...page.data!.items.filter((i) => !before.some((b) => b.id === i.id))] : page.data!.items));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- appends when a page arrives
  }, [page.data]);

  return (
    <div className="portal" data-testid="my-requests">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('requests.mine.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('requests.mine.intro')} {page.data && <span data-testid="my-requests-total">{t('requests.mine.total', { count: page.data.total })}</span>}
      </Typography.Paragraph>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.loading && shown.length === 0 && <PageSpinner />}
      {page.data && shown.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requests.mine.empty')}>
            <Link to="/catalog">{t('requests.mine.browse')}</Link>
          </Empty>
        </Card>
      )}
      <ul className="plain-list request-cards" aria-label={t('requests.mine.title')}>
        {shown.map((r) => (
          <li key={r.id}>
            <Link to={`/requests/${r.id}`} className="request-card" data-testid="my-request">
              <span className="request-card-title">{r.itemName}</span>
              <span className="request-facts">
                <StatusTag status={r.status} />
                {r.status === 'awaitingSupplement' && <strong className="request-attention-text">⚠ {t('requests.mine.needsSupplement')}</strong>}
                {OPEN.includes(r.status) && r.standing !== 'onTime' && <StandingTag standing={r.standing} />}
              </span>
              <span className="request-muted">
                {t('requests.mine.submittedAt', { date: format.date(r.submittedAt) })}
                {OPEN.includes(r.status) && r.dueAt && <> · {t('requests.mine.expected', { date: format.date(r.dueAt) })}</>}
              </span>
              <span className="request-muted code">{r.number}</span>
            </Link>
          </li>
        ))}
      </ul>
      {page.data?.nextCursor && (
        <Button block loading={page.loading} onClick={() => setCursor(page.data!.nextCursor)}>
          {t('requests.mine.more')}
        </Button>
      )}
    </div>
  );
}
