import { useEffect } from 'react';
import { Card, Empty, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { linkageApi, yuan } from './linkage-api.ts';
import './linkage.css';

/** Competitive calls in one's scope: the community manages them, organizations bid, evaluators find their panels. */
export default function CallsPage() {
  const { t } = useTranslation();
  const calls = useApi((signal) => linkageApi.calls(signal), []);
  useEffect(() => {
    document.title = `${t('linkage.calls.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="linkage-page" data-testid="calls-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkage.calls.title')}
      </Typography.Title>
      <ErrorAlert error={calls.error} onRetry={calls.reload} />
      {calls.loading && !calls.data && <PageSpinner />}
      {calls.data && calls.data.items.length === 0 && <Empty description={t('linkage.calls.empty')} />}
      <div className="linkage-cards">
        {calls.data?.items.map((c) => (
          <Card key={c.id} size="small" data-testid="call-card">
            {c.status === 'open' || c.status === 'evaluation' ? <ColorTag tone={c.status === 'open' ? 'blue' : 'orange'}>{t(`linkage.callStatuses.${c.status}`)}</ColorTag> : <Tag>{t(`linkage.callStatuses.${c.status}`)}</Tag>}
            {c.mode === 'invitation' && <Tag>{t('linkage.calls.modes.invitation')}</Tag>}
            {c.myBidId && <ColorTag tone="green">{t('linkage.calls.myBid')}</ColorTag>}
            <h2 className="linkage-need-title">
              <Link to={`/linkage/calls/${c.id}`}>{c.projectTitle}</Link>
            </h2>
            <div>
              {c.areaName} · {t('linkage.calls.budget')} {yuan(c.budgetCents)} · {t('linkage.calls.bidCount', { count: c.bidCount })}
            </div>
            <div>
              {t('linkage.calls.deadline')}：{new Date(c.submissionDeadline).toLocaleString()}
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
