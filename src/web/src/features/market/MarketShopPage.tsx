import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ApiError } from '../../api/client.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { marketApi, ORDER_LIMIT_KEYS, yuan, type Order, type Round } from './market-api.ts';
import './market.css';

/** Why an order was refused, in the reader's words: a 409 names the limit it hit. */
function refusal(t: ReturnType<typeof useTranslation>['t'], error: unknown): string {
  if (error instanceof ApiError && error.code === 'conflict') {
    const details = error.details as { limit?: string; max?: number } | undefined;
    const limit = ORDER_LIMIT_KEYS.find((k) => k === details?.limit);
    if (limit) return (t as unknown as (key: string, options: object) => string)(`market.limits.${limit}`, { max: details?.max ?? '' });
  }
  return apiErrorMessage(t, error);
}

function RoundShop({ round, onOrdered }: { round: Round; onOrdered: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});
  const [pickup, setPickup] = useState(round.pickups[0]?.facilityId ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lines = round.offers.filter((o) => (quantities[o.id] ?? 0) > 0).map((o) => ({ offerId: o.id, quantity: quantities[o.id]! }));
  const total = round.offers.reduce((s, o) => s + (quantities[o.id] ?? 0) * o.priceCents, 0);

  async function submit() {
    setSaving(true);
    setError(null);
    try {
      await marketApi.order(round.id, { pickupFacilityId: pickup, lines });
      message.success(t('market.shop.ordered'));
      setQuantities({});
      onOrdered();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={<h3 className="market-section">{round.title}</h3>} data-testid="market-round">
      <p className="market-muted">
        {round.hubName} · {t('market.shop.closesAt', { at: format.dateTime(round.closesAt) })}
      </p>
      <ul className="market-list" aria-label={round.title}>
        {round.offers.map((o) => (
          <li key={o.id} data-testid="market-offer">
            {o.hasPhoto && <img className="market-photo" src={marketApi.offerPhotoUrl(o.id)} alt={t('market.produce.photoOf', { name: o.productName })} loading="lazy" data-testid="market-offer-photo" />}
            <strong>{o.productName}</strong>
            <span className="market-muted">
              {o.producerName} · ¥{yuan(o.priceCents)} / {o.unit}
            </span>
            <span>
              {t('market.shop.left', { count: o.remaining, unit: o.unit })}
              {o.perBuyerLimit ? ` · ${t('market.shop.perBuyer', { max: o.perBuyerLimit })}` : ''}
            </span>
            <InputNumber
              aria-label={t('market.shop.quantity', { product: o.productName })}
              min={0}
              max={o.remaining}
              precision={0}
              value={quantities[o.id] ?? 0}
              onChange={(v) => setQuantities((q) => ({ ...q, [o.id]: v }))}
              disabled={round.status !== 'open' || o.remaining === 0}
              size="large"
              style={{ width: '100%' }}
            />
          </li>
        ))}
      </ul>
      <label htmlFor={`market-pickup-${round.id}`}>{t('market.shop.pickup')}</label>
      <Select id={`market-pickup-${round.id}`} value={pickup} onChange={(v: string) => setPickup(v)} options={round.pickups.map((p) => ({ value: p.facilityId, label: p.name }))} style={{ width: '100%', marginBottom: 8 }} />
      {error ? (
        <div role="alert" className="market-error" data-testid="market-order-error">
          {refusal(t, error)}
        </div>
      ) : null}
      <Typography.Paragraph strong>{t('market.shop.total', { amount: yuan(total) })}</Typography.Paragraph>
      <Button type="primary" block size="large" loading={saving} disabled={lines.length === 0 || !pickup || round.status !== 'open'} onClick={() => void submit()} data-testid="market-order">
        {t('market.shop.submit')}
      </Button>
    </Card>
  );
}

function MyOrders({ orders, onChange }: { orders: Order[]; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  async function receive(o: Order) {
    try {
      await marketApi.receipt(o.id);
      message.success(t('market.shop.received'));
      onChange();
    } catch (failure) {
      message.error(apiErrorMessage(t, failure));
    }
  }
  if (orders.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.shop.noOrders')} />;
  return (
    <ul className="market-list" aria-label={t('market.shop.mine')}>
      {orders.map((o) => (
        <li key={o.id} data-testid="market-my-order">
          <span>
            <strong>{o.roundTitle}</strong> <ColorTag tone={o.status === 'cancelled' ? 'red' : o.status === 'received' ? 'green' : 'blue'}>{t(`market.orderStatuses.${o.status}`)}</ColorTag>{' '}
            <ColorTag tone="orange">{t(`market.statuses.${o.roundStatus}`)}</ColorTag>
          </span>
          <span className="market-muted">
            {o.lines.map((l) => `${l.productName} × ${l.allocated ?? l.quantity}${l.allocated !== null && l.allocated < l.quantity ? ` (${l.quantity})` : ''}`).join('，')} · {o.pickupName}
          </span>
          {o.allocatedUnits !== null && o.allocatedCents !== null && <span>{t('market.shop.allocated', { units: o.allocatedUnits, amount: yuan(o.allocatedCents) })}</span>}
          {o.status === 'placed' && (o.roundStatus === 'delivered' || o.roundStatus === 'settled') && (
            <Button type="primary" onClick={() => void receive(o)} data-testid="market-receipt">
              {t('market.shop.receipt')}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The shop page of the open rounds of one's community (a phone page at 360 px), and one's orders. */
export default function MarketShopPage() {
  const { t } = useTranslation();
  const rounds = useApi(async (signal) => {
    const list = await marketApi.rounds({ status: 'open' }, signal);
    return Promise.all(list.items.map((r) => marketApi.round(r.id, signal)));
  }, []);
  const mine = useApi((signal) => marketApi.mine(signal), []);
  const reload = () => {
    rounds.reload();
    mine.reload();
  };
  return (
    <div className="market-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('market.shop.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('market.shop.intro')}</Typography.Paragraph>
      <ErrorAlert error={rounds.error} onRetry={rounds.reload} />
      {rounds.loading && !rounds.data && <PageSpinner />}
      {rounds.data && rounds.data.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.shop.none')} />}
      {rounds.data?.map((r) => <RoundShop key={`${r.id}-${r.orderCount}`} round={r} onOrdered={reload} />)}
      <Card size="small" title={<h3 className="market-section">{t('market.shop.mine')}</h3>}>
        <ErrorAlert error={mine.error} onRetry={mine.reload} />
        {mine.data && <MyOrders orders={mine.data.items} onChange={reload} />}
      </Card>
    </div>
  );
}
