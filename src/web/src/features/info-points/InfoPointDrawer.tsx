import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { FacilityDetail } from '../../api/facilities.ts';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { InfoPointForm } from './InfoPointForm.tsx';
import { InfoPointStatusDialog } from './InfoPointStatusDialog.tsx';
import { infoPointsApi, type InfoPointDetail } from './info-points-api.ts';
import { STATUS_TONE } from './status-tone.ts';

/** One point: what it is and offers, what it served, its status history; edit and status change for those who may write. */
export function InfoPointDrawer({
  id,
  canWrite,
  onClose,
  onChanged,
  onCreated,
}: {
  /** A point's id, 'new' to register one, or null when closed. */
  id: string | null;
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
  onCreated: (saved: InfoPointDetail) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const creating = id === 'new';
  const detail = useApi((signal) => (id && !creating ? infoPointsApi.point(id, signal) : Promise.resolve(undefined)), [id]);
  const p = id && !creating && detail.data?.id === id ? detail.data : undefined;
  const facility = useApi((signal) => (p?.facilityId ? api.get<FacilityDetail>(`/facilities/${encodeURIComponent(p.facilityId)}`, undefined, signal) : Promise.resolve(undefined)), [p?.facilityId]);
  const title = creating ? t('infoPoints.register.create') : (p?.name ?? t('infoPoints.register.detail'));
  const times = (count: number) => t('infoPoints.register.times', { count });

  const close = () => {
    setEditing(false);
    onClose();
  };

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      title={<span data-testid="drawer-title">{title}</span>}
      size={640}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
      data-testid="info-point-drawer"
    >
      {creating && canWrite && (
        <InfoPointForm
          point={null}
          onCancel={close}
          onSaved={(saved) => {
            void message.success(t('infoPoints.register.created', { name: saved.name }));
            onCreated(saved);
          }}
        />
      )}
      {!creating && (
        <>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {!p && detail.loading && <PageSpinner />}
          {p && editing && (
            <InfoPointForm
              key={p.version}
              point={p}
              onCancel={() => setEditing(false)}
              onReload={detail.reload}
              onSaved={(saved) => {
                void message.success(t('infoPoints.register.saved'));
                setEditing(false);
                detail.show(saved);
                onChanged();
              }}
            />
          )}
          {p && !editing && (
            <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="info-point-detail">
              <Space wrap size={[8, 4]}>
                <ColorTag tone={STATUS_TONE[p.status]} testId="info-point-status">
                  {t(`infoPoints.statuses.${p.status}`)}
                </ColorTag>
                {p.urbanRural && <ColorTag tone={KIND_TONE[p.urbanRural]}>{t(`infoPoints.urbanRural.${p.urbanRural}`)}</ColorTag>}
                <Typography.Text type="secondary" data-testid="info-point-version">
                  {t('infoPoints.register.version', { version: p.version })}
                </Typography.Text>
              </Space>
              {canWrite && (
                <Space wrap>
                  <Button type="primary" onClick={() => setEditing(true)} data-testid="info-point-edit">
                    {t('infoPoints.register.edit')}
                  </Button>
                  <Button onClick={() => setStatusOpen(true)} data-testid="info-point-change-status">
                    {t('infoPoints.register.changeStatus')}
                  </Button>
                </Space>
              )}
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  { key: 'community', label: t('infoPoints.register.community'), children: p.areaName ?? p.areaCode },
                  { key: 'operator', label: t('infoPoints.register.operator'), children: <span data-testid="info-point-operator-name">{p.operatorName ?? p.operatorUserId}</span> },
                  { key: 'hours', label: t('infoPoints.register.openingHours'), children: <span data-testid="info-point-hours">{p.openingHours}</span> },
                  { key: 'services', label: t('infoPoints.register.services'), children: p.services.map((s) => t(`infoPoints.services.${s}`)).join('、') },
                  { key: 'equipment', label: t('infoPoints.register.equipment'), children: p.equipment.length ? p.equipment.map((e) => t(`infoPoints.equipment.${e}`)).join('、') : t('common.none') },
                  ...(p.facilityId ? [{ key: 'facility', label: t('infoPoints.register.facility'), children: facility.data?.name ?? p.facilityId }] : []),
                  { key: 'today', label: t('infoPoints.register.servedToday'), children: times(p.servedToday) },
                  { key: 'month', label: t('infoPoints.register.servedThisMonth'), children: times(p.servedThisMonth) },
                  { key: 'days30', label: t('infoPoints.register.servedLast30Days'), children: times(p.servedLast30Days) },
                ]}
              />
              <Card size="small" title={<h3 className="card-title">{t('infoPoints.register.history')}</h3>}>
                <Timeline
                  data-testid="info-point-history"
                  items={[...p.events].reverse().map((e, i) => ({
                    key: `${e.at}-${i}`,
                    content: (
                      <div>
                        {e.from
                          ? t('infoPoints.register.historyFrom', { from: t(`infoPoints.statuses.${e.from as 'operating'}`), to: t(`infoPoints.statuses.${e.to as 'operating'}`) })
                          : t('infoPoints.register.historyCreated', { to: t(`infoPoints.statuses.${e.to as 'operating'}`) })}
                        {e.reason && <div>{e.reason}</div>}
                        <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
                          {t('infoPoints.register.historyBy', { user: e.byName ?? t('infoPoints.register.system'), at: format.dateTime(e.at) })}
                        </Typography.Text>
                      </div>
                    ),
                  }))}
                />
              </Card>
              {canWrite && (
                <InfoPointStatusDialog
                  point={p}
                  open={statusOpen}
                  onClose={() => setStatusOpen(false)}
                  onStale={() => {
                    setStatusOpen(false);
                    detail.reload();
                  }}
                  onDone={(saved) => {
                    setStatusOpen(false);
                    void message.success(t('infoPoints.register.statusDone', { status: t(`infoPoints.statuses.${saved.status}`) }));
                    detail.show(saved);
                    onChanged();
                  }}
                />
              )}
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
