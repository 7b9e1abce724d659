import { lazy, useState } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { OnScreen } from '../indicators/OnScreen.tsx';
import { ApiError } from '../../api/client.ts';
import { cents, MARKET_LIMITS, marketApi, PRODUCER_KIND_KEYS, PRODUCT_PHOTO_MEDIA_TYPES, yuan, type OfferToConfirm, type Producer, type ProducerKind, type Product } from './market-api.ts';
import { Refusal, useWrite } from './market-write.tsx';
import './market.css';

const MarketMap = lazy(() => import('./MarketMap.tsx'));

function NewProducerForm({ village, onAdded }: { village: string | undefined; onAdded: (producer: Producer) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<ProducerKind>('farmer');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const write = useWrite();
  async function save() {
    let added: Producer | undefined;
    const ok = await write.tried(async () => {
      added = await marketApi.addProducer({ areaCode: village ?? '', kind, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
    });
    if (ok && added) {
      message.success(t('market.produce.producerAdded', { name: added.name }));
      setName('');
      setDescription('');
      onAdded(added);
    }
  }
  return (
    <Form layout="vertical" onFinish={() => void save()} data-testid="market-new-producer">
      <Form.Item label={t('market.fields.kind')} htmlFor="market-producer-kind">
        <Select id="market-producer-kind" value={kind} onChange={(v: ProducerKind) => setKind(v)} options={PRODUCER_KIND_KEYS.map((k) => ({ value: k, label: t(`market.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('market.fields.name')} htmlFor="market-producer-name">
        <Input id="market-producer-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('market.fields.description')} htmlFor="market-producer-description">
        <Input.TextArea id="market-producer-description" value={description} maxLength={500} rows={2} onChange={(e) => setDescription(e.target.value)} />
      </Form.Item>
      <Refusal error={write.error} testId="market-producer-error" />
      <Button type="primary" htmlType="submit" block size="large" loading={write.saving} disabled={!name.trim()}>
        {t('market.produce.addProducer')}
      </Button>
    </Form>
  );
}

/** Listing a product, or changing one (`product` given: its version goes with the change; a stale one is refused in words). */
function ProductForm({ producer, product, onSaved, onRefused }: { producer: Producer; product?: Product; onSaved: (saved: Product) => void; onRefused?: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const prefix = product ? `market-edit-${product.id}` : 'market-product';
  const [name, setName] = useState(product?.name ?? '');
  const [unit, setUnit] = useState(product?.unit ?? '');
  const [price, setPrice] = useState<number | null>(product ? product.priceCents / 100 : null);
  const [quantity, setQuantity] = useState<number | null>(product?.quantity ?? null);
  const [harvestFrom, setHarvestFrom] = useState(product?.harvestFrom ?? '');
  const [harvestTo, setHarvestTo] = useState(product?.harvestTo ?? '');
  const write = useWrite();
  async function save() {
    const fields = { name: name.trim(), unit: unit.trim(), priceCents: cents(price ?? 0), quantity: quantity ?? 0 };
    const saved = await write.run(() =>
      product
        ? marketApi.changeProduct(product.id, { version: product.version, ...fields, harvestFrom: harvestFrom || null, harvestTo: harvestTo || null })
        : marketApi.addProduct({ producerId: producer.id, ...fields, ...(harvestFrom ? { harvestFrom } : {}), ...(harvestTo ? { harvestTo } : {}) }),
    );
    if (!saved) {
      onRefused?.();
      return;
    }
    message.success(t(product ? 'market.produce.productChanged' : 'market.produce.productAdded', { name: saved.name }));
    if (!product) {
      setName('');
      setPrice(null);
      setQuantity(null);
      setHarvestFrom('');
      setHarvestTo('');
    }
    onSaved(saved);
  }
  const stale = write.error instanceof ApiError && write.error.status === 409;
  return (
    <Form layout="vertical" onFinish={() => void save()} data-testid={product ? 'market-edit-product' : 'market-new-product'}>
      <Form.Item label={t('market.fields.name')} htmlFor={`${prefix}-name`}>
        <Input id={`${prefix}-name`} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Form.Item>
      <div className="market-row">
        <Form.Item label={t('market.fields.unit')} htmlFor={`${prefix}-unit`}>
          <Input id={`${prefix}-unit`} value={unit} maxLength={10} onChange={(e) => setUnit(e.target.value)} autoComplete="off" placeholder="斤" />
        </Form.Item>
        <Form.Item label={t('market.produce.priceYuan')} htmlFor={`${prefix}-price`}>
          {/* Zero and negative prices reach the server, which names the field: one rule, in one place. */}
          <InputNumber id={`${prefix}-price`} value={price} precision={2} onChange={(v) => setPrice(v)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('market.fields.quantity')} htmlFor={`${prefix}-quantity`}>
          <InputNumber id={`${prefix}-quantity`} value={quantity} precision={0} onChange={(v) => setQuantity(v)} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="market-row">
        <Form.Item label={t('market.fields.harvestFrom')} htmlFor={`${prefix}-harvest-from`}>
          <Input id={`${prefix}-harvest-from`} type="date" value={harvestFrom} onChange={(e) => setHarvestFrom(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('market.fields.harvestTo')} htmlFor={`${prefix}-harvest-to`}>
          <Input id={`${prefix}-harvest-to`} type="date" value={harvestTo} onChange={(e) => setHarvestTo(e.target.value)} />
        </Form.Item>
      </div>
      {stale ? (
        // Someone changed the product meanwhile: the list above shows it as it is now; the form keeps what was typed.
        <div role="alert" className="market-error" data-testid="market-edit-stale">
          {t('market.produce.stale')}
        </div>
      ) : (
        <Refusal error={write.error} testId={product ? 'market-edit-error' : 'market-product-error'} />
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={write.saving} disabled={!name.trim() || !unit.trim()} data-testid={product ? 'market-save-product' : 'market-add-product'}>
        {product ? t('market.produce.saveProduct') : t('market.produce.addProduct')}
      </Button>
    </Form>
  );
}

/**
 * A product's photo: shown when there is one, and a file input for whoever lists the product.
 * A photo over the limit is shrunk in the browser first (a phone's camera easily takes more);
 * a file that is not a photo goes as it is, and the server's refusal says so.
 */
function ProductPhoto({ product, onSaved }: { product: Product; onSaved: (saved: Product) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const write = useWrite();
  const inputId = `market-photo-${product.id}`;
  async function upload(file: File | undefined) {
    if (!file) return;
    const saved = await write.run(async () => marketApi.uploadPhoto(product.id, await fitPhoto(file)));
    if (saved) {
      message.success(t('market.produce.photoSaved', { name: saved.name }));
      onSaved(saved);
    }
  }
  return (
    <div className="market-photo-row">
      {product.hasPhoto ? (
        <img className="market-photo" src={marketApi.productPhotoUrl(product)} alt={t('market.produce.photoOf', { name: product.name })} data-testid="market-product-photo" />
      ) : (
        <span className="market-muted">{t('market.produce.noPhoto')}</span>
      )}
      <label htmlFor={inputId} className="market-file-label">
        {product.hasPhoto ? t('market.produce.replacePhoto') : t('market.produce.addPhoto')}
        <input
          id={inputId}
          type="file"
          accept={PRODUCT_PHOTO_MEDIA_TYPES.join(',')}
          className="market-file-input"
          data-testid="market-photo-input"
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      <Refusal error={write.error} testId="market-photo-error" />
    </div>
  );
}

/** The photo as it goes to the server: as chosen when it fits (or is no photo at all), else a JPEG at most 1600 px wide. */
async function fitPhoto(file: File): Promise<Blob> {
  if (file.size <= MARKET_LIMITS.photoMaxBytes || !file.type.startsWith('image/')) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const shrunk = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return shrunk ?? file;
  } catch {
    return file; // the browser cannot read it: the server names the problem
  }
}

function Products({ producer }: { producer: Producer }) {
  const { t } = useTranslation();
  const products = useApi((signal) => marketApi.products({ producerId: producer.id }, signal), [producer.id]);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Card size="small" title={<h3 className="market-section">{t('market.produce.products', { name: producer.name })}</h3>} data-testid="market-products">
      <ErrorAlert error={products.error} onRetry={products.reload} />
      {products.data && products.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.produce.noProducts')} />}
      <ul className="market-list" aria-label={t('market.produce.products', { name: producer.name })}>
        {products.data?.items.map((p) => (
          <li key={p.id} data-testid="market-product">
            <strong>{p.name}</strong>
            <span>
              {t('market.produce.perUnit', { price: yuan(p.priceCents), unit: p.unit })} · {t('market.produce.available', { quantity: p.quantity, unit: p.unit })}
            </span>
            {(p.harvestFrom || p.harvestTo) && <span className="market-muted">{t('market.produce.harvest', { from: p.harvestFrom ?? '…', to: p.harvestTo ?? '…' })}</span>}
            <ProductPhoto product={p} onSaved={products.reload} />
            <Button onClick={() => setEditing(editing === p.id ? null : p.id)} aria-expanded={editing === p.id} aria-label={`${t('market.produce.edit')} ${p.name}`} data-testid="market-edit-toggle">
              {t('market.produce.edit')}
            </Button>
            {editing === p.id && (
              <ProductForm
                key={p.id}
                producer={producer}
                product={p}
                onSaved={() => {
                  setEditing(null);
                  products.reload();
                }}
                onRefused={products.reload}
              />
            )}
          </li>
        ))}
      </ul>
      <ProductForm producer={producer} onSaved={products.reload} />
    </Card>
  );
}

function ToConfirm({ area }: { area: string | undefined }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const offers = useApi((signal) => marketApi.offersToConfirm(area ? { area } : {}, signal), [area]);
  const [values, setValues] = useState<Record<string, number | null>>({});
  const write = useWrite();
  const waiting = offers.data?.items.filter((o) => o.roundStatus === 'closed' && o.confirmed === null) ?? [];
  async function confirm(offer: OfferToConfirm) {
    const confirmed = values[offer.id] ?? offer.ordered;
    if (await write.tried(() => marketApi.confirmOffer(offer.id, confirmed))) {
      message.success(t('market.produce.confirmedSaved', { product: offer.productName, confirmed }));
      offers.reload();
    }
  }
  return (
    <Card size="small" title={<h3 className="market-section">{t('market.produce.toConfirm')}</h3>}>
      <ErrorAlert error={offers.error} onRetry={offers.reload} />
      {offers.data && waiting.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.produce.noneToConfirm')} />}
      <ul className="market-list" aria-label={t('market.produce.toConfirm')}>
        {waiting.map((o) => (
          <li key={o.id} data-testid="market-offer-to-confirm">
            <strong>
              {o.productName} · {o.producerName}
            </strong>
            <span className="market-muted">
              {o.roundTitle} · {t('market.produce.ordered', { ordered: o.ordered, unit: o.unit })}
            </span>
            <div className="market-inline">
              <InputNumber
                aria-label={t('market.produce.confirmAs', { product: o.productName })}
                precision={0}
                value={values[o.id] ?? o.ordered}
                onChange={(v) => setValues((all) => ({ ...all, [o.id]: v }))}
                size="large"
              />
              <Button type="primary" size="large" loading={write.saving} onClick={() => void confirm(o)} data-testid="market-confirm-offer">
                {t('market.produce.confirm')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Refusal error={write.error} testId="market-confirm-error" />
    </Card>
  );
}

/**
 * The agent's page (a phone at 360 px): the producers of the villages of one's scope, a farmer
 * without a phone registered in a few taps, their products listed with price, quantity, unit and
 * harvest window, and, once a round has closed, what each producer can deliver. Refusals (a price
 * of zero, a village outside the scope) show under the form, naming the field.
 */
export default function MarketProducePage() {
  const { t } = useTranslation();
  const user = useUser();
  const [village, setVillage] = useState<string | undefined>(user.scope.length === 12 ? user.scope : undefined);
  const [producerId, setProducerId] = useState<string | null>(null);
  const producers = useApi((signal) => marketApi.producers(village ? { area: village } : {}, signal), [village]);
  const chosen = producers.data?.items.find((p) => p.id === producerId);
  return (
    <div className="market-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('market.produce.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('market.produce.intro')}</Typography.Paragraph>
      <label htmlFor="market-village">{t('market.produce.village')}</label>
      <AreaPicker id="market-village" scope={user.scope} scopeName={user.scopeName ?? undefined} value={village} onChange={setVillage} testId="market-village" width="100%" />
      <Card size="small" title={<h3 className="market-section">{t('market.produce.producers')}</h3>}>
        <ErrorAlert error={producers.error} onRetry={producers.reload} />
        {producers.loading && !producers.data && <PageSpinner />}
        {producers.data && producers.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.produce.noProducers')} />}
        <ul className="market-list" aria-label={t('market.produce.producers')}>
          {producers.data?.items.map((p) => (
            <li key={p.id} data-testid="market-producer">
              <span>
                <strong>{p.name}</strong> <ColorTag tone="green">{t(`market.kinds.${p.kind}`)}</ColorTag>
                {p.listedByAgent && <ColorTag tone="blue">{t('market.produce.listedByAgent')}</ColorTag>}
              </span>
              <span className="market-muted">{p.areaName ?? p.areaCode}</span>
              <Button onClick={() => setProducerId(p.id)} type={p.id === producerId ? 'primary' : 'default'} aria-pressed={p.id === producerId} aria-label={`${p.id === producerId ? t('market.produce.chosen') : t('market.produce.choose')} ${p.name}`}>
                {p.id === producerId ? t('market.produce.chosen') : t('market.produce.choose')}
              </Button>
            </li>
          ))}
        </ul>
      </Card>
      {chosen && <Products key={chosen.id} producer={chosen} />}
      <Card size="small" title={<h3 className="market-section">{t('market.produce.addProducer')}</h3>}>
        <NewProducerForm
          village={village}
          onAdded={(p) => {
            producers.reload();
            setProducerId(p.id);
          }}
        />
      </Card>
      <ToConfirm area={village} />
      <Card size="small" title={<h3 className="market-section">{t('market.map.title')}</h3>}>
        <OnScreen className="map-box" testId="market-map">
          <MarketMap area={village ?? user.scope} producersShown={producers.data} />
        </OnScreen>
      </Card>
    </div>
  );
}
