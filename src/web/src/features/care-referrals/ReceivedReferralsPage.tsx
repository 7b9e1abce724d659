import { useEffect, useState } from 'react';
import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ReferralCard } from './ReferralCard.tsx';
import { referralsApi, type Referral } from './referrals-api.ts';
import '../care-family/care-family.css';

/** /care/referrals/received — what an organization (or a unit) was referred, to accept or reject. */
export default function ReceivedReferralsPage() {
  const { t } = useTranslation();
  const page = useApi((signal) => referralsApi.received({}, signal), []);
  const [changed, setChanged] = useState<Record<string, Referral>>({});
  useEffect(() => {
    document.title = `${t('careReferrals.received')} · ${t('app.name')}`;
  }, [t]);
  const items = (page.data?.items ?? []).map((r) => changed[r.id] ?? r);
  return (
    <div className="family-page" data-testid="received-referrals-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('careReferrals.received')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('careReferrals.receivedIntro')}
      </Typography.Paragraph>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.loading && !page.data && <PageSpinner />}
      {page.data && items.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('careReferrals.none')} />
        </Card>
      )}
      {items.map((r) => (
        <ReferralCard key={r.id} referral={r} onChanged={(next) => setChanged((before) => ({ ...before, [next.id]: next }))} />
      ))}
    </div>
  );
}
