import { useEffect } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { CaseReferrals } from './CaseReferrals.tsx';
import { CasePlanCard } from './CasePlanCard.tsx';
import type { CareCase } from '../../../../contracts/care.ts';
import { api } from '../../api/client.ts';
import { referralsApi } from './referrals-api.ts';
import '../care-family/care-family.css';

/** /care/cases/:id/referrals — the case plan and the referrals of one case, on a page of their own. */
export default function CaseReferralsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const plan = useApi((signal) => referralsApi.plan(id, signal), [id]);
  // The case (cases part) says its person and community, which the receivers' lists need.
  const kase = useApi((signal) => api.get<Pick<CareCase, 'areaCode' | 'personName'>>(`/care/cases/${encodeURIComponent(id)}`, undefined, signal), [id]);
  useEffect(() => {
    document.title = `${t('careReferrals.caseTitle')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="family-page" data-testid="case-referrals-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('careReferrals.caseTitle')}
      </Typography.Title>
      <Link to={`/care/cases/${encodeURIComponent(id)}`}>{t('careReferrals.backToCase')}</Link>
      {kase.data && <Typography.Paragraph>{kase.data.personName}</Typography.Paragraph>}
      <ErrorAlert error={plan.error ?? kase.error} onRetry={plan.reload} />
      {(plan.loading || kase.loading) && !plan.data && <PageSpinner />}
      {!plan.loading && !plan.error && <CasePlanCard key={plan.data?.version ?? 0} caseId={id} plan={plan.data ?? null} onSaved={plan.reload} />}
      {kase.data && <CaseReferrals caseId={id} areaCode={kase.data.areaCode} />}
    </div>
  );
}
