import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import type { OrganizationDetail } from '../../../../contracts/organizations-api.ts';
import { OrganizationForm } from './OrganizationForm.tsx';
import { HistoryPanel, IncubationPanel, MembersPanel, ProfilePanel, RatingsPanel, ReportsPanel } from './panels.tsx';

/** The organization member's own organization: its profile, members and annual reports, kept by the member. */
export default function MyOrganizationPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [saved, setSaved] = useState<OrganizationDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const mine = useApi((signal) => api.get<OrganizationDetail>('/organizations/mine', undefined, signal), []);

  useEffect(() => {
    document.title = `${t('organizations.mineTitle')} · ${t('app.name')}`;
  }, [t]);

  const o = saved ?? mine.data ?? null;
  const apply = (next: OrganizationDetail, note = t('organizations.form.saved')) => {
    setSaved(next);
    void message.success(note);
  };
  const notLinked = mine.error instanceof ApiError && mine.error.status === 404;

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {o ? o.name : t('organizations.mineTitle')}
      </Typography.Title>
      {notLinked ? <Alert type="info" showIcon title={t('organizations.mine.notLinked')} data-testid="organization-not-linked" /> : <ErrorAlert error={mine.error} onRetry={mine.reload} />}
      {mine.loading && !o && <PageSpinner />}
      {o && (
        <Card data-testid="my-organization">
          <Typography.Paragraph type="secondary">{t('organizations.mine.intro')}</Typography.Paragraph>
          <Tabs
            items={[
              {
                key: 'profile',
                label: t('organizations.tabs.profile'),
                children: editing ? (
                  <OrganizationForm
                    organization={o}
                    onSaved={(next) => {
                      setEditing(false);
                      apply(next);
                    }}
                    onCancel={() => setEditing(false)}
                  />
                ) : (
                  <>
                    <ProfilePanel o={o} />
                    <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)} data-testid="organization-edit">
                      {t('organizations.form.editTitle')}
                    </Button>
                  </>
                ),
              },
              { key: 'members', label: t('organizations.tabs.members'), children: <MembersPanel o={o} canEdit onSaved={(n) => apply(n)} /> },
              { key: 'reports', label: t('organizations.tabs.reports'), children: <ReportsPanel o={o} canEdit onSaved={(n) => apply(n, t('organizations.reports.submitted'))} /> },
              { key: 'ratings', label: t('organizations.tabs.ratings'), children: <RatingsPanel o={o} canAppeal canDecide={false} onSaved={(n) => apply(n)} /> },
              { key: 'history', label: t('organizations.tabs.history'), children: <HistoryPanel o={o} /> },
              { key: 'incubation', label: t('organizations.tabs.incubation'), children: <IncubationPanel o={o} canEdit={false} onSaved={(n) => apply(n)} /> },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
