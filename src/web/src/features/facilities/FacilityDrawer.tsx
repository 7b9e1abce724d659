import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FUNDING_SOURCES, type FacilityDetail } from '../../api/facilities.ts';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { FacilityForm } from './FacilityForm.tsx';
import { StatusDialog } from './StatusDialog.tsx';
import { STATUS_TONE } from './style.ts';

/** One facility: its details, funding and status history; edit and status change for those who may write. */
export function FacilityDrawer({
  id,
  canWrite,
  onClose,
  onChanged,
  onCreated,
}: {
  /** A facility id, 'new' to register one, or null when closed. */
  id: string | null;
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
  onCreated: (saved: FacilityDetail) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const creating = id === 'new';
  const detail = useApi(
    (signal) => (id && !creating ? api.get<FacilityDetail>(`/facilities/${id}`, undefined, signal) : Promise.resolve(undefined)),
    [id],
  );
  const f = id && !creating && detail.data?.id === id ? detail.data : undefined;
  const title = creating ? t('facilities.create') : (f?.name ?? t('facilities.detail'));

  const close = () => {
    setEditing(false);
    onClose();
  };

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      title={<span data-testid="drawer-title">{title}</span>}
      size={720}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
      data-testid="facility-drawer"
    >
      {creating && (
        <FacilityForm
          facility={null}
          onCancel={close}
          onSaved={(saved) => {
            void message.success(t('facilities.created', { name: saved.name }));
            onCreated(saved);
          }}
        />
      )}
      {!creating && (
        <>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {!f && detail.loading && <PageSpinner />}
          {f && editing && (
            <FacilityForm
              facility={f}
              onCancel={() => setEditing(false)}
              onReload={detail.reload}
              onSaved={() => {
                void message.success(t('facilities.saved'));
                setEditing(false);
                detail.reload();
                onChanged();
              }}
            />
          )}
          {f && !editing && (
            <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="facility-detail">
              <div>
                <ColorTag tone={STATUS_TONE[f.status]} testId="facility-status">
                  {t(`facilityStatus.${f.status}`)}
                </ColorTag>
                <Tag>{t(`facilityKind.${f.kind}`)}</Tag>
                {f.generated && <ColorTag tone="orange">{t('facilities.generated')}</ColorTag>}
                <Typography.Text type="secondary">{t('facilities.version', { version: f.version })}</Typography.Text>
              </div>
              {canWrite && (
                <Space wrap>
                  <Button type="primary" onClick={() => setEditing(true)} data-testid="facility-edit">
                    {t('facilities.edit')}
                  </Button>
                  <Button onClick={() => setStatusOpen(true)} data-testid="facility-change-status">
                    {t('facilities.changeStatus')}
                  </Button>
                </Space>
              )}
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  { key: 'community', label: t('facilities.community'), children: `${f.areaName ?? ''} ${f.areaCode}` },
                  { key: 'statusDate', label: t('facilities.statusDate'), children: format.date(f.statusDate) },
                  { key: 'mode', label: t('facilities.constructionModeLabel'), children: f.constructionMode ? t(`constructionMode.${f.constructionMode}`) : t('common.none') },
                  { key: 'floor', label: t('facilities.floorArea'), children: t('facilities.squareMetres', { value: format.decimal(f.floorArea) }) },
                  { key: 'activity', label: t('facilities.activityArea'), children: t('facilities.squareMetres', { value: format.decimal(f.activityArea) }) },
                  {
                    key: 'location',
                    label: t('facilities.location'),
                    children: f.location ? `${format.decimal(f.location.lon)}, ${format.decimal(f.location.lat)}` : t('facilities.noLocation'),
                  },
                  { key: 'services', label: t('facilities.services'), children: f.services.length ? f.services.join('、') : t('common.none') },
                  { key: 'hours', label: t('facilities.openingHours'), children: f.openingHours ?? t('common.none') },
                  {
                    key: 'access',
                    label: t('facilities.accessibility'),
                    children: [
                      `${t('facilities.stepFreeEntrance')}：${f.accessibility.stepFreeEntrance ? t('common.yes') : t('common.no')}`,
                      `${t('facilities.accessibleToilet')}：${f.accessibility.accessibleToilet ? t('common.yes') : t('common.no')}`,
                      `${t('facilities.selfServiceTerminal')}：${f.selfServiceTerminal ? t('common.yes') : t('common.no')}`,
                    ].join('；'),
                  },
                ]}
              />
              <Card size="small" title={<h3 className="card-title">{t('facilities.funding')}</h3>}>
                {f.funding.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('facilities.noFunding')} />
                ) : (
                  <Table
                    size="small"
                    pagination={false}
                    rowKey={(r) => `${r.source}-${r.year}`}
                    dataSource={f.funding}
                    columns={[
                      { key: 'year', dataIndex: 'year', title: t('facilities.fundingYear') },
                      { key: 'source', dataIndex: 'source', title: t('fields.funding'), render: (s: (typeof FUNDING_SOURCES)[number]) => t(`fundingSource.${s}`) },
                      { key: 'amount', dataIndex: 'amount', title: t('facilities.fundingAmount'), align: 'right', render: (a: number) => format.number(a) },
                    ]}
                    summary={() => (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0} colSpan={3} align="right">
                          {t('facilities.fundingTotal', { amount: format.number(f.funding.reduce((s, x) => s + x.amount, 0)) })}
                        </Table.Summary.Cell>
                      </Table.Summary.Row>
                    )}
                  />
                )}
              </Card>
              <Card size="small" title={<h3 className="card-title">{t('facilities.history')}</h3>}>
                <Timeline
                  data-testid="facility-history"
                  items={[...f.events].reverse().map((e, i) => ({
                    key: `${e.at}-${i}`,
                    content: (
                      <div>
                        <strong>{format.date(e.date)}</strong>{' '}
                        {e.from
                          ? t('facilities.historyFrom', { from: t(`facilityStatus.${e.from}`), to: t(`facilityStatus.${e.to}`) })
                          : t('facilities.historyCreated', { to: t(`facilityStatus.${e.to}`) })}
                        {e.reason && <div>{e.reason}</div>}
                        <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
                          {t('facilities.historyBy', { user: e.username ?? t('audit.system'), at: format.dateTime(e.at) })}
                        </Typography.Text>
                      </div>
                    ),
                  }))}
                />
              </Card>
              <StatusDialog
                facility={f}
                open={statusOpen}
                onClose={() => setStatusOpen(false)}
                onStale={() => {
                  setStatusOpen(false);
                  detail.reload();
                }}
                onDone={(saved) => {
                  setStatusOpen(false);
                  void message.success(t('statusDialog.done', { status: t(`facilityStatus.${saved.status}`) }));
                  detail.reload();
                  onChanged();
                }}
              />
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
