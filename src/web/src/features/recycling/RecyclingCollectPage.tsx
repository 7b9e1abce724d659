import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, InputNumber, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { recyclingApi, type Pickup } from './recycling-api.ts';
import { STATUS_TONE } from './RecyclingPage.tsx';
import './recycling.css';

/** The collector's list (an agent): pickups asked for in the township, take one, complete it with the weight. */
export default function RecyclingCollectPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<'requested' | 'accepted'>('requested');
  const list = useApi((signal) => recyclingApi.list(status, signal), [status]);
  const [weights, setWeights] = useState<Record<string, number | null>>({});

  async function act(p: Pickup, action: 'accept' | 'complete') {
    try {
      if (action === 'accept') await recyclingApi.accept(p.id, p.version);
      else await recyclingApi.complete(p.id, p.version, weights[p.id] ?? p.estimatedKg);
      message.success(t(action === 'accept' ? 'recycling.collect.accepted' : 'recycling.collect.completed'));
      list.reload();
    } catch (failure) {
      message.error(apiErrorMessage(t, failure));
      list.reload();
    }
  }

  return (
    <div className="recycling-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('recycling.collect.title')}
      </Typography.Title>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as 'requested' | 'accepted')}
        options={[
          { value: 'requested', label: t('recycling.statuses.requested') },
          { value: 'accepted', label: t('recycling.statuses.accepted') },
        ]}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <PageSpinner />}
      {list.data && list.data.items.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recycling.none')} />
        </Card>
      )}
      <ul className="recycling-list" aria-label={t('recycling.collect.title')}>
        {list.data?.items.map((p) => (
          <li key={p.id} className="recycling-card" data-testid="collect-pickup">
            <span>
              <strong>{t(`recycling.kinds.${p.kind}`)}</strong> · {t('recycling.about', { kg: p.estimatedKg })}{' '}
              <ColorTag tone={STATUS_TONE[p.status]}>{t(`recycling.statuses.${p.status}`)}</ColorTag>
            </span>
            <span>
              {p.areaName} · {p.address} · {p.residentName}
            </span>
            <span className="recycling-muted">
              {format.dateTime(p.windowStart)} – {format.dateTime(p.windowEnd)}
            </span>
            {p.status === 'requested' && (
              <Button type="primary" onClick={() => void act(p, 'accept')}>
                {t('recycling.collect.accept')}
              </Button>
            )}
            {p.status === 'accepted' && (
              <span className="recycling-complete">
                <InputNumber
                  aria-label={t('recycling.collect.actualKg')}
                  min={0.1}
                  max={2000}
                  step={0.5}
                  value={weights[p.id] ?? p.estimatedKg}
                  onChange={(v) => setWeights((w) => ({ ...w, [p.id]: v }))}
                  addonAfter="kg"
                />
                <Button type="primary" onClick={() => void act(p, 'complete')}>
                  {t('recycling.collect.complete')}
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
