import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Popconfirm, Segmented, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import {
  BELOW_MINIMUM_KEYS,
  cents,
  marketApi,
  MOVES_FROM,
  yuan,
  type Hub,
  type NewRound,
  type PickListView,
  type Round,
  type RoundMove,
  type RoundStatus,
} from './market-api.ts';
import { MarketHubsCard } from './MarketHubsCard.tsx';
import { Refusal, useWrite } from './market-write.tsx';
import './market.css';

const STATUS_TONE: Record<RoundStatus, Tone> = { open: 'blue', closed: 'orange', confirmed: 'blue', packed: 'blue', delivered: 'green', settled: 'green', cancelled: 'red' };

/** A local date and time input's value (yyyy-MM-ddTHH:mm) for an instant. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
/** The instant a local date and time input names, as ISO-8601 (empty stays empty: the server names it). */
const instantOf = (local: string) => (local ? new Date(local).toISOString() : '');

/** Opening a round: offers from the paired villages' products, pickup points of the hub's street or town, limits, a minimum total. */
function NewRoundForm({ hub, onOpened }: { hub: Hub; onOpened: (round: Round) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const products = useApi((signal) => marketApi.hubProducts(hub.id, signal), [hub.id]);
  // Pickup points: facilities of the hub's street or town, within one's scope.
  const facilityArea = user.scope.length > 9 ? user.scope : hub.areaCode.slice(0, 9);
  const facilities = useApi((signal) => marketApi.facilities(facilityArea, signal), [facilityArea]);
  const [title, setTitle] = useState('');
  const [opensAt, setOpensAt] = useState(() => localInput(Date.now()));
  const [closesAt, setClosesAt] = useState(() => localInput(Date.now() + 3 * 86_400_000));
  const [minimum, setMinimum] = useState<number | null>(null);
  const [belowMinimum, setBelowMinimum] = useState<(typeof BELOW_MINIMUM_KEYS)[number]>('cancel');
  const [extendHours, setExtendHours] = useState<number | null>(null);
  const [orderUnitLimit, setOrderUnitLimit] = useState<number | null>(null);
  const [buyerUnitLimit, setBuyerUnitLimit] = useState<number | null>(null);
  const [pickups, setPickups] = useState<string[]>([]);
  const [offers, setOffers] = useState<Record<string, { quantity: number | null; perBuyerLimit: number | null }>>({});
  const write = useWrite();
  const chosen = Object.entries(offers).filter(([, o]) => o.quantity !== null);

  async function open() {
    const body: NewRound = {
      hubId: hub.id,
      title: title.trim(),
      opensAt: instantOf(opensAt),
      closesAt: instantOf(closesAt),
      ...(minimum !== null ? { minimumTotalCents: cents(minimum), belowMinimum } : {}),
      ...(extendHours !== null ? { extendHours } : {}),
      ...(orderUnitLimit !== null ? { orderUnitLimit } : {}),
      ...(buyerUnitLimit !== null ? { buyerUnitLimit } : {}),
      pickupFacilityIds: pickups,
      offers: chosen.map(([productId, o]) => ({ productId, quantity: o.quantity ?? 0, ...(o.perBuyerLimit !== null ? { perBuyerLimit: o.perBuyerLimit } : {}) })),
    };
    const round = await write.run(() => marketApi.openRound(body));
    if (round) {
      message.success(t('market.rounds.opened', { title: round.title }));
      setTitle('');
      setOffers({});
      onOpened(round);
    }
  }

  return (
    <Form layout="vertical" onFinish={() => void open()} data-testid="market-new-round">
      <Form.Item label={t('market.fields.title')} htmlFor="market-round-title">
        <Input id="market-round-title" value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />
      </Form.Item>
      <div className="market-row">
        <Form.Item label={t('market.fields.opensAt')} htmlFor="market-round-opens">
          <Input id="market-round-opens" type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('market.fields.closesAt')} htmlFor="market-round-closes">
          <Input id="market-round-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
        </Form.Item>
      </div>
      <Form.Item label={t('market.fields.pickupFacilityIds')} htmlFor="market-round-pickups">
        <Select
          id="market-round-pickups"
          mode="multiple"
          value={pickups}
          onChange={(v: string[]) => setPickups(v)}
          loading={facilities.loading}
          options={facilities.data?.items.map((f) => ({ value: f.id, label: f.name }))}
          optionFilterProp="label"
          data-testid="market-round-pickups"
        />
      </Form.Item>
      <fieldset className="market-fieldset">
        <legend>{t('market.fields.offers')}</legend>
        <ErrorAlert error={products.error} onRetry={products.reload} />
        {products.data && products.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.rounds.noProducts')} />}
        <ul className="market-list">
          {products.data?.items.map((p) => {
            const offer = offers[p.id];
            return (
              <li key={p.id} data-testid="market-round-product">
                <Checkbox checked={offer !== undefined} onChange={(e) => setOffers((all) => {
                  const next = { ...all };
                  if (e.target.checked) next[p.id] = { quantity: p.quantity, perBuyerLimit: null };
                  else delete next[p.id];
                  return next;
                })}>
                  <strong>{p.name}</strong> · {p.producerName} · ¥{yuan(p.priceCents)} / {p.unit} · {t('market.produce.available', { quantity: p.quantity, unit: p.unit })}
                </Checkbox>
                {offer && (
                  <div className="market-row">
                    <label>
                      {t('market.rounds.offerQuantity', { product: p.name })}
                      <InputNumber precision={0} value={offer.quantity} onChange={(v) => setOffers((all) => ({ ...all, [p.id]: { ...offer, quantity: v } }))} style={{ width: '100%' }} />
                    </label>
                    <label>
                      {t('market.rounds.offerPerBuyer', { product: p.name })}
                      <InputNumber precision={0} value={offer.perBuyerLimit} onChange={(v) => setOffers((all) => ({ ...all, [p.id]: { ...offer, perBuyerLimit: v } }))} style={{ width: '100%' }} />
                    </label>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="market-row">
        <Form.Item label={t('market.rounds.minimumYuan')} htmlFor="market-round-minimum">
          <InputNumber id="market-round-minimum" precision={2} value={minimum} onChange={(v) => setMinimum(v)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('market.rounds.belowMinimum')} htmlFor="market-round-below">
          <Select id="market-round-below" value={belowMinimum} onChange={(v: (typeof BELOW_MINIMUM_KEYS)[number]) => setBelowMinimum(v)} options={BELOW_MINIMUM_KEYS.map((k) => ({ value: k, label: t(`market.rounds.below.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('market.fields.extendHours')} htmlFor="market-round-extend">
          <InputNumber id="market-round-extend" precision={0} value={extendHours} onChange={(v) => setExtendHours(v)} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="market-row">
        <Form.Item label={t('market.fields.orderUnitLimit')} htmlFor="market-round-order-limit">
          <InputNumber id="market-round-order-limit" precision={0} value={orderUnitLimit} onChange={(v) => setOrderUnitLimit(v)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('market.fields.buyerUnitLimit')} htmlFor="market-round-buyer-limit">
          <InputNumber id="market-round-buyer-limit" precision={0} value={buyerUnitLimit} onChange={(v) => setBuyerUnitLimit(v)} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Refusal error={write.error} testId="market-round-error" />
      <Button type="primary" htmlType="submit" block size="large" loading={write.saving} disabled={!title.trim()}>
        {t('market.rounds.open')}
      </Button>
    </Form>
  );
}

/** The terms still editable: title until packed; closing time and limits while open (the server refuses the rest with 409). */
function TermsForm({ round, onSaved }: { round: Round; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [title, setTitle] = useState(round.title);
  const [closesAt, setClosesAt] = useState(localInput(Date.parse(round.closesAt)));
  const [minimum, setMinimum] = useState<number | null>(round.minimumTotalCents === null ? null : round.minimumTotalCents / 100);
  const [orderUnitLimit, setOrderUnitLimit] = useState<number | null>(round.orderUnitLimit);
  const [buyerUnitLimit, setBuyerUnitLimit] = useState<number | null>(round.buyerUnitLimit);
  const write = useWrite();
  const open = round.status === 'open';
  async function save() {
    const saved = await write.run(() =>
      marketApi.changeRound(round.id, {
        version: round.version,
        ...(title.trim() !== round.title ? { title: title.trim() } : {}),
        ...(open
          ? {
              closesAt: instantOf(closesAt),
              minimumTotalCents: minimum === null ? null : cents(minimum),
              orderUnitLimit,
              buyerUnitLimit,
            }
          : {}),
      }),
    );
    if (saved) {
      message.success(t('market.rounds.saved'));
      onSaved();
    }
  }
  return (
    <Form layout="vertical" onFinish={() => void save()} data-testid="market-round-terms">
      <Form.Item label={t('market.fields.title')} htmlFor="market-terms-title">
        <Input id="market-terms-title" value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} />
      </Form.Item>
      <div className="market-row">
        <Form.Item label={t('market.fields.closesAt')} htmlFor="market-terms-closes">
          <Input id="market-terms-closes" type="datetime-local" value={closesAt} disabled={!open} onChange={(e) => setClosesAt(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('market.rounds.minimumYuan')} htmlFor="market-terms-minimum">
          <InputNumber id="market-terms-minimum" precision={2} value={minimum} disabled={!open} onChange={(v) => setMinimum(v)} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="market-row">
        <Form.Item label={t('market.fields.orderUnitLimit')} htmlFor="market-terms-order-limit">
          <InputNumber id="market-terms-order-limit" precision={0} value={orderUnitLimit} disabled={!open} onChange={(v) => setOrderUnitLimit(v)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('market.fields.buyerUnitLimit')} htmlFor="market-terms-buyer-limit">
          <InputNumber id="market-terms-buyer-limit" precision={0} value={buyerUnitLimit} disabled={!open} onChange={(v) => setBuyerUnitLimit(v)} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Refusal error={write.error} testId="market-terms-error" />
      <Button htmlType="submit" block loading={write.saving}>
        {t('market.rounds.saveTerms')}
      </Button>
    </Form>
  );
}

/** The pick list of a confirmed round on screen, per pickup point or per producer, with its printable files. */
function PickListPanel({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<PickListView>('pickup');
  const list = useApi((signal) => marketApi.pickList(round.id, by, signal), [round.id, by, round.status]);
  return (
    <Card size="small" title={<h3 className="market-section">{t('market.rounds.pickList')}</h3>} data-testid="market-pick-list">
      <Segmented
        aria-label={t('market.rounds.pickList')}
        value={by}
        onChange={(v) => setBy(v as PickListView)}
        options={[
          { value: 'pickup', label: t('market.rounds.byPickup') },
          { value: 'producer', label: t('market.rounds.byProducer') },
        ]}
      />
      <div className="market-actions" style={{ margin: '8px 0' }}>
        <a href={marketApi.pickListUrl(round.id, by, 'pdf', i18n.language)} target="_blank" rel="noreferrer" data-testid="market-pick-list-pdf">
          {t('market.rounds.printPdf')}
        </a>
        <a href={marketApi.pickListUrl(round.id, by, 'xlsx', i18n.language)} download data-testid="market-pick-list-xlsx">
          {t('market.rounds.downloadXlsx')}
        </a>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data?.groups.map((g) => (
        <section key={g.key} data-testid="market-pick-group">
          <h4 className="market-section">{t('market.rounds.groupTotal', { name: g.name, units: g.totalUnits })}</h4>
          <table className="market-table">
            <thead>
              <tr>
                <th scope="col">{by === 'pickup' ? t('market.rounds.buyer') : t('market.fields.pickupFacilityIds')}</th>
                <th scope="col">{t('market.rounds.product')}</th>
                <th scope="col">{t('market.fields.quantity')}</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r, i) => (
                <tr key={`${r.orderId ?? r.who}-${i}`}>
                  <td>{r.who}</td>
                  <td>{r.productName}</td>
                  <td>
                    {r.quantity} {r.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Card>
  );
}

function Settlements({ round }: { round: Round }) {
  const { t } = useTranslation();
  const list = useApi((signal) => marketApi.settlements(round.id, signal), [round.id]);
  const write = useWrite();
  async function paid(id: string) {
    if (await write.run(() => marketApi.paid(id, localInput(Date.now()).slice(0, 10)))) list.reload();
  }
  return (
    <Card size="small" title={<h3 className="market-section">{t('market.rounds.settlements')}</h3>}>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <ul className="market-list">
        {list.data?.items.map((s) => (
          <li key={s.id} data-testid="market-settlement">
            <span>
              <strong>{s.producerName}</strong> · {t('market.rounds.owed', { units: s.units, amount: yuan(s.amountCents) })}{' '}
              <ColorTag tone={s.status === 'paid' ? 'green' : 'orange'}>{t(`market.rounds.settlementStatuses.${s.status}`)}</ColorTag>
            </span>
            {s.status === 'paid' ? (
              <span className="market-muted">{t('market.rounds.paidOn', { day: s.paidAt ?? '' })}</span>
            ) : (
              <Button onClick={() => void paid(s.id)} loading={write.saving}>
                {t('market.rounds.markPaid')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Refusal error={write.error} testId="market-settlement-error" />
    </Card>
  );
}

function RoundDetail({ roundId, onChanged }: { roundId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const round = useApi((signal) => marketApi.round(roundId, signal), [roundId]);
  const orders = useApi((signal) => marketApi.roundOrders(roundId, signal), [roundId, round.data?.version]);
  const write = useWrite();
  if (round.loading && !round.data) return <PageSpinner />;
  if (round.error) return <ErrorAlert error={round.error} onRetry={round.reload} />;
  const r = round.data;
  if (!r) return null;
  async function move(to: RoundMove) {
    const moved = await write.run(() => marketApi.moveRound(roundId, to));
    if (moved) {
      message.success(t('market.rounds.moved', { status: t(`market.statuses.${moved.status}`) }));
      round.reload();
      onChanged();
    }
  }
  const waiting = r.offers.filter((o) => o.confirmed === null).length;
  return (
    <div className="market-page" data-testid="market-round-detail">
      <Card size="small" title={<h3 className="market-section">{r.title}</h3>}>
        <p>
          <ColorTag tone={STATUS_TONE[r.status]} testId={`market-round-status-${r.status}`}>
            {t(`market.statuses.${r.status}`)}
          </ColorTag>{' '}
          {r.extended && <ColorTag tone="orange">{t('market.rounds.extended')}</ColorTag>}
        </p>
        <p className="market-muted">
          {format.dateTime(r.opensAt)} – {format.dateTime(r.closesAt)} · {t('market.rounds.orderedTotal', { count: r.orderCount, amount: yuan(r.orderedCents) })}
          {r.minimumTotalCents !== null && ` · ${t('market.rounds.minimum', { amount: yuan(r.minimumTotalCents), then: t(`market.rounds.below.${r.belowMinimum}`) })}`}
        </p>
        <p className="market-muted">
          {t('market.fields.pickupFacilityIds')}: {r.pickups.map((p) => p.name).join('，')}
        </p>
        {r.status === 'closed' && waiting > 0 && <p role="status">{t('market.rounds.waitingProducers', { count: waiting })}</p>}
        <div className="market-actions">
          {MOVES_FROM[r.status].map((to) =>
            to === 'cancelled' ? (
              <Popconfirm key={to} title={t('market.rounds.cancelConfirm')} okText={t('market.rounds.moves.cancelled')} cancelText={t('market.rounds.keep')} onConfirm={() => void move(to)}>
                <Button danger loading={write.saving} data-testid="market-move-cancelled">
                  {t('market.rounds.moves.cancelled')}
                </Button>
              </Popconfirm>
            ) : (
              <Button key={to} type="primary" loading={write.saving} onClick={() => void move(to)} data-testid={`market-move-${to}`}>
                {t(`market.rounds.moves.${to}`)}
              </Button>
            ),
          )}
        </div>
        <Refusal error={write.error} testId="market-move-error" />
      </Card>
      <Card size="small" title={<h3 className="market-section">{t('market.fields.offers')}</h3>}>
        <table className="market-table">
          <thead>
            <tr>
              <th scope="col">{t('market.rounds.product')}</th>
              <th scope="col">{t('market.rounds.orderedOf')}</th>
              <th scope="col">{t('market.fields.confirmed')}</th>
            </tr>
          </thead>
          <tbody>
            {r.offers.map((o) => (
              <tr key={o.id} data-testid="market-round-offer">
                <td>
                  {o.productName} · {o.producerName} · ¥{yuan(o.priceCents)}/{o.unit}
                </td>
                <td>
                  {o.ordered} / {o.quantity}
                </td>
                <td>{o.confirmed === null ? t('market.rounds.notConfirmed') : o.confirmed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {(r.status === 'open' || r.status === 'closed' || r.status === 'confirmed') && (
        <Card size="small" title={<h3 className="market-section">{t('market.rounds.terms')}</h3>}>
          <TermsForm key={r.version} round={r} onSaved={round.reload} />
        </Card>
      )}
      <Card size="small" title={<h3 className="market-section">{t('market.rounds.orders', { count: orders.data?.items.length ?? 0 })}</h3>}>
        <ErrorAlert error={orders.error} onRetry={orders.reload} />
        <ul className="market-list">
          {orders.data?.items.slice(0, 50).map((o) => (
            <li key={o.id}>
              <span>
                <strong>{o.buyerName}</strong> · {o.pickupName} <ColorTag tone={o.status === 'cancelled' ? 'red' : o.status === 'received' ? 'green' : 'blue'}>{t(`market.orderStatuses.${o.status}`)}</ColorTag>
              </span>
              <span className="market-muted">{o.lines.map((l) => `${l.productName} × ${l.allocated ?? l.quantity}${l.allocated !== null && l.allocated < l.quantity ? ` (${l.quantity})` : ''}`).join('，')}</span>
            </li>
          ))}
        </ul>
      </Card>
      {(['confirmed', 'packed', 'delivered', 'settled'] as RoundStatus[]).includes(r.status) && <PickListPanel key={r.status} round={r} />}
      {r.status === 'settled' && <Settlements round={r} />}
      <Card size="small" title={<h3 className="market-section">{t('market.rounds.history')}</h3>}>
        <ul className="market-list">
          {r.events.map((e, i) => (
            <li key={i}>
              <span>
                {format.dateTime(e.at)} · {e.from ? `${t(`market.statuses.${e.from as RoundStatus}`)} → ` : ''}
                {t(`market.statuses.${e.to as RoundStatus}`)}
              </span>
              {e.note && <span className="market-muted">{e.note}</span>}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

/**
 * The hub's page: its rounds, a new round (offers from the paired villages, pickup points, limits,
 * a minimum total), and a chosen round's moves (close, pack, deliver, settle, cancel), terms, orders,
 * pick lists on screen and as PDF or XLSX in the reader's language, and settlements.
 */
export default function MarketRoundsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const hubs = useApi((signal) => marketApi.hubs({}, signal), []);
  const [hubId, setHubId] = useState<string | null>(null);
  useEffect(() => {
    if (!hubId && hubs.data?.items[0]) setHubId(hubs.data.items[0].id);
  }, [hubs.data, hubId]);
  const hub = hubs.data?.items.find((h) => h.id === hubId);
  const rounds = useApi((signal) => (hub ? marketApi.rounds({ area: hub.areaCode }, signal) : Promise.resolve(undefined)), [hub?.areaCode]);
  const [roundId, setRoundId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const mine = rounds.data?.items.filter((r) => r.hubId === hubId) ?? [];

  if (hubs.loading && !hubs.data) return <PageSpinner />;
  return (
    <div className="market-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('market.rounds.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('market.rounds.intro')}</Typography.Paragraph>
      <ErrorAlert error={hubs.error} onRetry={hubs.reload} />
      {hubs.data && hubs.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.rounds.noHubs')} />}
      {hubs.data && hubs.data.items.length > 1 && (
        <>
          <label htmlFor="market-hub">{t('market.fields.hubId')}</label>
          <Select id="market-hub" value={hubId ?? undefined} onChange={(v: string) => { setHubId(v); setRoundId(null); }} options={hubs.data.items.map((h) => ({ value: h.id, label: `${h.name} · ${h.areaName ?? h.areaCode}` }))} />
        </>
      )}
      {hub && (
        <Card size="small" title={<h3 className="market-section">{t('market.rounds.list', { hub: hub.name })}</h3>}>
          <ErrorAlert error={rounds.error} onRetry={rounds.reload} />
          {rounds.data && mine.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.rounds.none')} />}
          <ul className="market-list" aria-label={t('market.rounds.list', { hub: hub.name })}>
            {mine.map((r) => (
              <li key={r.id} data-testid="market-round-row">
                <span>
                  <strong>{r.title}</strong> <ColorTag tone={STATUS_TONE[r.status]}>{t(`market.statuses.${r.status}`)}</ColorTag>
                </span>
                <span className="market-muted">
                  {t('market.shop.closesAt', { at: format.dateTime(r.closesAt) })} · {t('market.rounds.orderedTotal', { count: r.orderCount, amount: yuan(r.orderedCents) })}
                </span>
                <Button onClick={() => setRoundId(r.id)} type={r.id === roundId ? 'primary' : 'default'} aria-pressed={r.id === roundId} aria-label={`${t('market.rounds.manage')} ${r.title}`}>
                  {t('market.rounds.manage')}
                </Button>
              </li>
            ))}
          </ul>
          <Button block onClick={() => setCreating((c) => !c)} aria-expanded={creating} style={{ marginTop: 8 }}>
            {t('market.rounds.new')}
          </Button>
        </Card>
      )}
      {hub && creating && (
        <Card size="small" title={<h3 className="market-section">{t('market.rounds.new')}</h3>}>
          <NewRoundForm
            hub={hub}
            onOpened={(round) => {
              setCreating(false);
              rounds.reload();
              setRoundId(round.id);
            }}
          />
        </Card>
      )}
      {roundId && <RoundDetail key={roundId} roundId={roundId} onChanged={rounds.reload} />}
      {hubs.data && (
        <Card size="small" title={<h3 className="market-section">{t('market.hubs.title')}</h3>} data-testid="market-hubs">
          <MarketHubsCard
            hubs={hubs.data.items}
            onHubAdded={(added) => {
              hubs.reload();
              if (!hubId) setHubId(added.id);
            }}
          />
        </Card>
      )}
    </div>
  );
}
