import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Empty, Form, Input, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { infoPointsApi, LOG_KINDS, SERVICE_OF_KIND, type ServiceLogKind } from './info-points-api.ts';
import './info-points.css';

const timeFormat = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });

/**
 * The operator's page of an information point (a phone at 360 px): the point, today's service
 * count, quick entries by kind of service (one tap picks the kind; a name and a note are optional),
 * and today's log, newest first. Agency requests filed through the services pages show here by
 * themselves.
 */
export default function InfoPointPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const points = useApi((signal) => infoPointsApi.mine(signal), []);
  // ?point= opens one of the operator's points (a link from elsewhere); otherwise the first operating one.
  const [params] = useSearchParams();
  const [pointId, setPointId] = useState<string | null>(params.get('point'));
  useEffect(() => {
    if (!pointId && points.data?.items[0]) setPointId((points.data.items.find((p) => p.status === 'operating') ?? points.data.items[0]).id);
  }, [points.data, pointId]);
  const point = useApi((signal) => (pointId ? infoPointsApi.point(pointId, signal) : Promise.resolve(undefined)), [pointId]);
  const log = useApi((signal) => (pointId ? infoPointsApi.log(pointId, signal) : Promise.resolve(undefined)), [pointId]);
  const [kind, setKind] = useState<ServiceLogKind | null>(null);
  const [residentName, setResidentName] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  if (points.loading && !points.data) return <PageSpinner />;
  if (points.error) return <ErrorAlert error={points.error} onRetry={points.reload} />;
  if (!points.data?.items.length) {
    return (
      <Card>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('infoPoints.none')} />
      </Card>
    );
  }
  const detail = point.data;
  const offered = detail ? LOG_KINDS.filter((k) => (detail.services as string[]).includes(SERVICE_OF_KIND[k])) : [];
  const operating = detail?.status === 'operating';

  async function save() {
    if (!pointId || !kind) return;
    setSaving(true);
    setSaveError(null);
    try {
      await infoPointsApi.record(pointId, { kind, ...(residentName.trim() ? { residentName: residentName.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      message.success(t('infoPoints.saved', { kind: t(`infoPoints.kinds.${kind}`) }));
      setKind(null);
      setResidentName('');
      setNote('');
      log.reload();
      point.reload();
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="info-point-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('infoPoints.title')}
      </Typography.Title>
      {points.data.items.length > 1 && (
        <Select
          id="info-point-select"
          aria-label={t('infoPoints.choose')}
          value={pointId ?? undefined}
          onChange={(id: string) => setPointId(id)}
          options={points.data.items.map((p) => ({ value: p.id, label: `${p.name} · ${p.areaName ?? p.areaCode}` }))}
        />
      )}
      <ErrorAlert error={point.error} onRetry={point.reload} />
      {detail && (
        <Card size="small" className="info-point-card">
          <div className="info-point-head">
            <strong>{detail.name}</strong>
            <ColorTag tone={operating ? 'green' : 'orange'} testId={`point-status-${detail.status}`}>
              {t(`infoPoints.statuses.${detail.status}`)}
            </ColorTag>
          </div>
          <div className="info-point-muted">
            {detail.areaName} · {detail.openingHours}
          </div>
          <div className="info-point-count" data-testid="served-today">
            {t('infoPoints.servedToday', { count: detail.servedToday })}
          </div>
        </Card>
      )}
      {detail && !operating && <ErrorAlertText text={t('infoPoints.notOperating')} />}
      {detail && operating && (
        <Card size="small" title={<h3 className="info-point-section">{t('infoPoints.record')}</h3>}>
          <Form layout="vertical" onFinish={() => void save()}>
            <Form.Item label={t('infoPoints.kind')} required>
              <Radio.Group
                aria-label={t('infoPoints.kind')}
                className="info-point-kinds"
                optionType="button"
                buttonStyle="solid"
                value={kind}
                onChange={(e) => setKind(e.target.value as ServiceLogKind)}
                options={offered.map((k) => ({ value: k, label: t(`infoPoints.kinds.${k}`) }))}
              />
            </Form.Item>
            <Form.Item label={t('infoPoints.residentName')} htmlFor="info-point-resident">
              <Input id="info-point-resident" value={residentName} maxLength={40} onChange={(e) => setResidentName(e.target.value)} autoComplete="off" />
            </Form.Item>
            <Form.Item label={t('infoPoints.note')} htmlFor="info-point-note">
              <Input id="info-point-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
            </Form.Item>
            {saveError ? <div role="alert" className="info-point-error">{apiErrorMessage(t, saveError)}</div> : null}
            <Button type="primary" htmlType="submit" block size="large" disabled={!kind} loading={saving}>
              {t('infoPoints.save')}
            </Button>
          </Form>
        </Card>
      )}
      <Card size="small" title={<h3 className="info-point-section">{t('infoPoints.todayLog')}</h3>}>
        <ErrorAlert error={log.error} onRetry={log.reload} />
        {log.data && log.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('infoPoints.emptyLog')} />}
        <ul className="info-point-log" aria-label={t('infoPoints.todayLog')}>
          {log.data?.items.map((e) => (
            <li key={e.id} data-testid="log-entry">
              <span className="info-point-time">{timeFormat.format(new Date(e.servedAt))}</span>
              <span>
                <strong>{t(`infoPoints.kinds.${e.kind}`)}</strong>
                {e.residentName ? ` · ${e.residentName}` : ''}
                {e.source === 'request' ? ` · ${t('infoPoints.fromRequest')}` : ''}
              </span>
              {e.note && <span className="info-point-muted">{e.note}</span>}
            </li>
          ))}
        </ul>
        {log.data && log.data.total > 0 && <div className="info-point-muted">{t('infoPoints.total', { count: log.data.total })}</div>}
      </Card>
    </div>
  );
}

function ErrorAlertText({ text }: { text: string }) {
  return (
    <div role="status" className="info-point-error">
      {text}
    </div>
  );
}
