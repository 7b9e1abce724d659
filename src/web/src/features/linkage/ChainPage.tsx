import { useEffect } from 'react';
import { Card, Progress, Space, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ChainStep } from '../../../../contracts/linkage-delivery-api.ts';
import { apiUrl } from '../../api/client.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { yuan } from './linkage-api.ts';
import { deliveryApi } from './delivery-api.ts';
import './linkage.css';

/** A step's status in the words of its stage (the API gives each stage's own status values). */
function statusOf(t: TFunction, s: ChainStep): string {
  const as = (key: string) => (t as unknown as (k: string, o?: object) => string)(key, { defaultValue: s.status });
  switch (s.stage) {
    case 'need':
      return as(`linkage.statuses.${s.status}`);
    case 'project':
      return as(`linkage.projectStatuses.${s.status}`);
    case 'call':
    case 'award':
      return as(`linkage.callStatuses.${s.status}`);
    case 'complaint':
      return as(`linkage.complaintStates.${s.status}`);
    case 'contract':
      return t('linkageDelivery.chain.signed');
    case 'activity':
      return as(`linkageDelivery.activityKinds.${s.status}`);
    case 'milestone':
      return as(`linkageDelivery.milestoneStatuses.${s.status}`);
    case 'evaluation':
      return as(`linkageDelivery.roundStatuses.${s.status}`);
  }
}

/** The figure a step carries (supports, attendance, amount, score), said in the reader's language. */
function detailOf(t: TFunction, s: ChainStep): string | null {
  if (s.detail === null) return null;
  const number = Number(/-?[0-9.]+/.exec(s.detail)?.[0] ?? NaN);
  if (s.stage === 'need' && Number.isFinite(number)) return t('linkageDelivery.chain.supports', { count: number });
  if (s.stage === 'activity' && Number.isFinite(number)) return t('linkageDelivery.chain.attendance', { count: number });
  if (s.stage === 'contract' && Number.isFinite(number)) return t('linkageDelivery.chain.amount', { amount: yuan(number) });
  if (s.stage === 'call') return (t as unknown as (k: string, o?: object) => string)(`linkage.calls.modes.${s.detail}`, { defaultValue: s.detail });
  if (s.stage === 'evaluation') {
    const [score, grade] = s.detail.split(' ');
    return t('linkageDelivery.evaluation.result', { score, grade: (t as unknown as (k: string, o?: object) => string)(`linkageDelivery.grades.${grade}`, { defaultValue: grade ?? '' }) });
  }
  return s.detail;
}

/** The chain of one project on one page: need(s) → project → call → award → complaints → contract → activities → milestones → verdict. */
export default function ChainPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const chain = useApi((signal) => deliveryApi.chain(id, signal), [id]);
  const c = chain.data;
  useEffect(() => {
    document.title = `${c?.title ?? t('linkageDelivery.chain.title')} · ${t('app.name')}`;
  }, [t, c?.title]);
  if (!c) return chain.error ? <ErrorAlert error={chain.error} onRetry={chain.reload} /> : <PageSpinner />;
  return (
    <div className="linkage-page" data-testid="chain-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkageDelivery.chain.title')}：{c.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('linkageDelivery.chain.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }} data-testid="chain-summary">
        <Progress percent={Math.round(c.progressPercent)} aria-label={t('linkageDelivery.delivery.progress')} />
        <div>{t('linkageDelivery.chain.reached', { persons: c.reached.persons, children: c.reached.leftBehindChildren })}</div>
        <div data-testid="chain-verdict" style={{ fontWeight: 600 }}>
          {c.finalScore !== null && c.grade ? t('linkageDelivery.chain.verdict', { score: c.finalScore, grade: t(`linkageDelivery.grades.${c.grade}`) }) : t('linkageDelivery.chain.noVerdict')}
        </div>
        <Space wrap>
          <Link to={`/linkage/delivery/${c.projectId}`}>{t('linkageDelivery.chain.delivery')}</Link>
          <a href={apiUrl('/open-contracting/releases', { ocid: c.ocid })}>
            {t('linkageDelivery.chain.openData')} {c.ocid}
          </a>
        </Space>
      </Card>
      <Timeline
        data-testid="chain-steps"
        items={c.steps.map((s) => ({
          key: `${s.stage}-${s.id}`,
          content: (
            <div data-testid="chain-step" data-stage={s.stage}>
              <Tag>{t(`linkageDelivery.chain.stages.${s.stage}`)}</Tag>
              <strong>{s.title}</strong> · {statusOf(t, s)}
              {detailOf(t, s) && <> · {detailOf(t, s)}</>}
              {s.at && <div className="linkage-muted">{s.at.slice(0, 10)}</div>}
            </div>
          ),
        }))}
      />
    </div>
  );
}
