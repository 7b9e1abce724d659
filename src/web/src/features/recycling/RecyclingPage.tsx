import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { KINDS, recyclingApi, windowOf, type Pickup, type RecyclingKind, type Slot } from './recycling-api.ts';
import './recycling.css';
import { chinaToday } from '../../shared/china-day.ts';

export const STATUS_TONE: Record<Pickup['status'], 'blue' | 'orange' | 'green' | 'red'> = { requested: 'blue', accepted: 'orange', completed: 'green', cancelled: 'red' };

/** The resident's recycling page (portal): ask for a pickup, see one's pickups and points. */
export default function RecyclingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const mine = useApi((signal) => recyclingApi.mine(signal), []);
  const [kind, setKind] = useState<RecyclingKind>('paper');
  const [kg, setKg] = useState<number | null>(5);
  const [day, setDay] = useState(chinaToday(1));
  const [slot, setSlot] = useState<Slot>('morning');
  const [address, setAddress] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const days = [1, 2, 3, 4, 5, 6, 7].map((n) => chinaToday(n));

  async function submit() {
    setSaving(true);
    setError(null);
    try {
      await recyclingApi.request({ kind, estimatedKg: kg ?? 0, address: address.trim(), ...windowOf(day, slot) });
      message.success(t('recycling.requested'));
      setAddress('');
      mine.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function cancel(p: Pickup) {
    try {
      await recyclingApi.cancel(p.id, p.version);
      mine.reload();
    } catch (failure) {
      message.error(apiErrorMessage(t, failure));
    }
  }

  return (
    <div className="recycling-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('recycling.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('recycling.intro')}</Typography.Paragraph>
      {mine.data && (
        <Card size="small">
          <span className="recycling-points" data-testid="recycling-points">
            {t('recycling.points', { points: format.number(mine.data.points) })}
          </span>
        </Card>
      )}
      <Card size="small" title={<h3 className="recycling-section">{t('recycling.ask')}</h3>}>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label={t('recycling.kind')} htmlFor="recycling-kind">
            <Select id="recycling-kind" value={kind} onChange={(v: RecyclingKind) => setKind(v)} options={KINDS.map((k) => ({ value: k, label: t(`recycling.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item label={t('recycling.estimatedKg')} htmlFor="recycling-kg">
            <InputNumber id="recycling-kg" min={0.1} max={2000} step={0.5} value={kg} onChange={(v) => setKg(v)} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('recycling.day')} htmlFor="recycling-day">
            <Select id="recycling-day" value={day} onChange={(v: string) => setDay(v)} options={days.map((d) => ({ value: d, label: format.date(`${d}T04:00:00Z`) }))} />
          </Form.Item>
          <Form.Item label={t('recycling.slot')}>
            <Radio.Group value={slot} onChange={(e) => setSlot(e.target.value as Slot)} optionType="button" options={(['morning', 'afternoon'] as const).map((s) => ({ value: s, label: t(`recycling.slots.${s}`) }))} />
          </Form.Item>
          <Form.Item label={t('recycling.address')} htmlFor="recycling-address" required>
            <Input id="recycling-address" value={address} maxLength={120} onChange={(e) => setAddress(e.target.value)} />
          </Form.Item>
          {error ? <div role="alert" className="recycling-error">{apiErrorMessage(t, error)}</div> : null}
          <Button type="primary" htmlType="submit" block size="large" loading={saving} disabled={!address.trim() || !kg}>
            {t('recycling.submit')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={<h3 className="recycling-section">{t('recycling.mine')}</h3>}>
        <ErrorAlert error={mine.error} onRetry={mine.reload} />
        {mine.loading && !mine.data && <PageSpinner />}
        {mine.data && mine.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recycling.none')} />}
        <ul className="recycling-list" aria-label={t('recycling.mine')}>
          {mine.data?.items.map((p) => (
            <li key={p.id} data-testid="pickup">
              <span>
                <strong>{t(`recycling.kinds.${p.kind}`)}</strong> · {p.actualKg ?? p.estimatedKg} kg{' '}
                <ColorTag tone={STATUS_TONE[p.status]}>{t(`recycling.statuses.${p.status}`)}</ColorTag>
              </span>
              <span className="recycling-muted">{format.dateTime(p.windowStart)}</span>
              {p.status === 'completed' && <span>{t('recycling.earned', { points: p.points })}</span>}
              {(p.status === 'requested' || p.status === 'accepted') && (
                <Button size="small" onClick={() => void cancel(p)}>
                  {t('recycling.cancel')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
