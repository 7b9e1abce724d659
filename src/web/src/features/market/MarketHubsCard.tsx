import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { HUB_KIND_KEYS, marketApi, type Hub } from './market-api.ts';
import { Refusal, useWrite } from './market-write.tsx';

/** A community of one's scope: the user's own when it is one, else chosen down the tree. */
function useCommunity(): [string | undefined, (code: string | undefined) => void] {
  const user = useUser();
  return useState<string | undefined>(user.scope.length === 12 ? user.scope : undefined);
}

function NewHubForm({ onAdded }: { onAdded: (hub: Hub) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [area, setArea] = useCommunity();
  const [kind, setKind] = useState<(typeof HUB_KIND_KEYS)[number]>('buyersGroup');
  const [name, setName] = useState('');
  const write = useWrite();
  async function save() {
    const hub = await write.run(() => marketApi.addHub({ areaCode: area ?? '', kind, name: name.trim() }));
    if (hub) {
      message.success(t('market.hubs.hubAdded', { name: hub.name }));
      setName('');
      onAdded(hub);
    }
  }
  return (
    <Form layout="vertical" onFinish={() => void save()} data-testid="market-new-hub">
      <Form.Item label={t('market.hubs.community')} htmlFor="market-hub-area">
        <AreaPicker id="market-hub-area" scope={user.scope} scopeName={user.scopeName ?? undefined} value={area} onChange={setArea} clearable={false} testId="market-hub-area" width="100%" />
      </Form.Item>
      <Form.Item label={t('market.fields.kind')} htmlFor="market-hub-kind">
        <Select id="market-hub-kind" value={kind} onChange={(v: (typeof HUB_KIND_KEYS)[number]) => setKind(v)} options={HUB_KIND_KEYS.map((k) => ({ value: k, label: t(`market.hubs.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('market.fields.name')} htmlFor="market-hub-name">
        <Input id="market-hub-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Form.Item>
      <Refusal error={write.error} testId="market-hub-error" />
      <Button type="primary" htmlType="submit" block size="large" loading={write.saving} disabled={!name.trim()} data-testid="market-add-hub">
        {t('market.hubs.addHub')}
      </Button>
    </Form>
  );
}

function NewPairingForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [urban, setUrban] = useCommunity();
  const [village, setVillage] = useState('');
  const write = useWrite();
  async function save() {
    const pairing = await write.run(() => marketApi.addPairing({ urbanAreaCode: urban ?? '', ruralAreaCode: village.trim() }));
    if (pairing) {
      message.success(t('market.hubs.paired', { urban: pairing.urbanAreaName ?? pairing.urbanAreaCode, village: pairing.ruralAreaName ?? pairing.ruralAreaCode }));
      setVillage('');
      onAdded();
    }
  }
  return (
    <Form layout="vertical" onFinish={() => void save()} data-testid="market-new-pairing">
      <Form.Item label={t('market.fields.urbanAreaCode')} htmlFor="market-pairing-urban">
        <AreaPicker id="market-pairing-urban" scope={user.scope} scopeName={user.scopeName ?? undefined} value={urban} onChange={setUrban} clearable={false} testId="market-pairing-urban" width="100%" />
      </Form.Item>
      {/* The village usually lies outside one's scope (another county): it is named by its code, and the server checks it is a community. */}
      <Form.Item label={t('market.fields.ruralAreaCode')} htmlFor="market-pairing-village" extra={t('market.hubs.villageHint')}>
        <Input id="market-pairing-village" value={village} inputMode="numeric" maxLength={12} onChange={(e) => setVillage(e.target.value.replace(/\D/g, ''))} autoComplete="off" />
      </Form.Item>
      <Refusal error={write.error} testId="market-pairing-error" />
      <Button type="primary" htmlType="submit" block size="large" loading={write.saving} disabled={village.length !== 12} data-testid="market-add-pairing">
        {t('market.hubs.addPairing')}
      </Button>
    </Form>
  );
}

/**
 * Hubs and pairings for those who run them (community workers, admins): the hubs of one's scope and
 * a new one; the urban–rural pairings (结对) touching one's scope and a new one.
 */
export function MarketHubsCard({ hubs, onHubAdded }: { hubs: Hub[]; onHubAdded: (hub: Hub) => void }) {
  const { t } = useTranslation();
  const pairings = useApi((signal) => marketApi.pairings({}, signal), []);
  return (
    <>
      <h4 className="market-section">{t('market.hubs.hubs')}</h4>
      <ul className="market-list" aria-label={t('market.hubs.hubs')}>
        {hubs.map((h) => (
          <li key={h.id} data-testid="market-hub">
            <span>
              <strong>{h.name}</strong> <ColorTag tone="blue">{t(`market.hubs.kinds.${h.kind}`)}</ColorTag>
            </span>
            <span className="market-muted">{h.areaName ?? h.areaCode}</span>
          </li>
        ))}
      </ul>
      <NewHubForm onAdded={onHubAdded} />
      <h4 className="market-section" style={{ marginTop: 16 }}>
        {t('market.hubs.pairings')}
      </h4>
      <ErrorAlert error={pairings.error} onRetry={pairings.reload} />
      {pairings.data && pairings.data.items.length === 0 && <p className="market-muted">{t('market.hubs.noPairings')}</p>}
      <ul className="market-list" aria-label={t('market.hubs.pairings')}>
        {pairings.data?.items.map((p) => (
          <li key={`${p.urbanAreaCode}:${p.ruralAreaCode}`} data-testid="market-pairing">
            <span>
              {p.urbanAreaName ?? p.urbanAreaCode} ⇄ {p.ruralAreaName ?? p.ruralAreaCode}
            </span>
            <span className="market-muted">{p.ruralAreaCode}</span>
          </li>
        ))}
      </ul>
      <NewPairingForm onAdded={pairings.reload} />
    </>
  );
}
