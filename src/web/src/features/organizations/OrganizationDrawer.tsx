import { useState } from 'react';
import { App as AntApp, Button, Drawer, Space, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { usePhone } from '../../shared/use-media-query.ts';
import { useApi } from '../../shared/use-api.ts';
import { may } from '../../../../contracts/policy.ts';
import type { OrganizationDetail } from '../../../../contracts/organizations-api.ts';
import { RatingDialog, StatusDialog } from './dialogs.tsx';
import { OrganizationForm } from './OrganizationForm.tsx';
import { CreditPanel, HistoryPanel, IncubationPanel, MembersPanel, ProfilePanel, RatingsPanel, ReportsPanel } from './panels.tsx';

/** One organization: its profile and records in tabs, with the changes the user's role may make; `new` registers one. */
export function OrganizationDrawer({ id, onClose, onChanged, onCreated }: { id: string | null; onClose: () => void; onChanged: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const phone = usePhone();
  const { message } = AntApp.useApp();
  const [saved, setSaved] = useState<OrganizationDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const [ratingOpen, setRatingOpen] = useState(false);
  const creating = id === 'new';
  const detail = useApi((signal) => (id && !creating ? api.get<OrganizationDetail>(`/organizations/${id}`, undefined, signal) : Promise.resolve(null)), [id]);
  const o = saved?.id === id ? saved : (detail.data ?? null);
  const canWrite = may(user.role, 'organizations.write');
  const canRate = may(user.role, 'organizations.rate');
  const canKeep = may(user.role, 'organizations.keep');
  const apply = (next: OrganizationDetail, note = t('organizations.form.saved')) => {
    setSaved(next);
    onChanged();
    void message.success(note);
  };

  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        setEditing(false);
        setSaved(null);
        onClose();
      }}
      size={phone ? '100%' : 720}
      title={creating ? t('organizations.form.createTitle') : (o?.name ?? t('common.loading'))}
      destroyOnHidden
      data-testid="organization-drawer"
    >
      {creating ? (
        <OrganizationForm
          onSaved={(created) => {
            void message.success(t('organizations.form.created'));
            setSaved(created);
            onCreated(created.id);
          }}
          onCancel={onClose}
        />
      ) : (
        <>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {o && editing && (
            <OrganizationForm
              organization={o}
              onSaved={(next) => {
                setEditing(false);
                apply(next);
              }}
              onCancel={() => setEditing(false)}
            />
          )}
          {o && !editing && (
            <>
              <Space wrap style={{ marginBottom: 12 }}>
                {o.generated && <Tag>{t('organizations.generated')}</Tag>}
                {canKeep && (
                  <Button onClick={() => setEditing(true)} data-testid="organization-edit">
                    {t('organizations.form.editTitle')}
                  </Button>
                )}
                {canWrite && o.allowedStatuses.length > 0 && (
                  <Button onClick={() => setStatusOpen(true)} data-testid="organization-status-change">
                    {t('organizations.statusChange.button')}
                  </Button>
                )}
                {canRate && o.status !== 'deregistered' && (
                  <Button type="primary" onClick={() => setRatingOpen(true)} data-testid="organization-rate">
                    {t('organizations.rate.button')}
                  </Button>
                )}
              </Space>
              <Tabs
                items={[
                  { key: 'profile', label: t('organizations.tabs.profile'), children: <ProfilePanel o={o} /> },
                  { key: 'history', label: t('organizations.tabs.history'), children: <HistoryPanel o={o} /> },
                  { key: 'ratings', label: t('organizations.tabs.ratings'), children: <RatingsPanel o={o} canAppeal={canKeep} canDecide={canRate} onSaved={(n) => apply(n)} /> },
                  { key: 'incubation', label: t('organizations.tabs.incubation'), children: <IncubationPanel o={o} canEdit={canWrite} onSaved={(n) => apply(n, t('organizations.incubation.saved'))} /> },
                  { key: 'members', label: t('organizations.tabs.members'), children: <MembersPanel o={o} canEdit={canKeep} onSaved={(n) => apply(n)} /> },
                  { key: 'reports', label: t('organizations.tabs.reports'), children: <ReportsPanel o={o} canEdit={canKeep} onSaved={(n) => apply(n, t('organizations.reports.submitted'))} /> },
                  { key: 'credit', label: t('organizations.tabs.credit'), children: <CreditPanel o={o} canEdit={canWrite} onSaved={(n) => apply(n, t('organizations.credit.added'))} /> },
                ]}
              />
              {canWrite && (
                <StatusDialog
                  organization={o}
                  open={statusOpen}
                  onClose={() => setStatusOpen(false)}
                  onSaved={(n) => {
                    setStatusOpen(false);
                    apply(n, t('organizations.statusChange.done'));
                  }}
                />
              )}
              {canRate && (
                <RatingDialog
                  organization={o}
                  open={ratingOpen}
                  onClose={() => setRatingOpen(false)}
                  onSaved={(n) => {
                    setRatingOpen(false);
                    apply(n, t('organizations.rate.done', { grade: n.ratings[0]?.grade ?? '' }));
                  }}
                />
              )}
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
