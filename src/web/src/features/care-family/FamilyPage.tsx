import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { familyApi, type FamilyContact, type FamilyMessage, type FamilyRelative } from './family-api.ts';
import './care-family.css';

/** 家人关爱: a relative working away follows the care of their child or parent (phone first, 360 px). */
export default function FamilyPage() {
  const { t } = useTranslation();
  const page = useApi((signal) => familyApi.page(signal), []);
  useEffect(() => {
    document.title = `${t('careFamily.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="family-page" data-testid="family-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('careFamily.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('careFamily.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.loading && !page.data && <PageSpinner />}
      {page.data && page.data.relatives.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('careFamily.noRelatives')} />
        </Card>
      )}
      {page.data?.relatives.map((r) => <RelativeCard key={r.linkId} relative={r} onChanged={page.reload} />)}
      {page.data && page.data.relatives.length > 0 && <ContactCard contact={page.data.contact} onSaved={page.reload} />}
    </div>
  );
}

function RelativeCard({ relative, onChanged }: { relative: FamilyRelative; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const s = relative.summary;
  const change = async (purpose: 'referral' | 'sharing', given: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await familyApi.consent(relative.linkId, { purpose, given });
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      data-testid="family-relative"
      title={
        <span>
          {relative.name} <Tag>{t(`careFamily.relations.${relative.relation}`)}</Tag>
          {relative.unreadMessages > 0 && <ColorTag tone="red">{t('careFamily.unread', { count: relative.unreadMessages })}</ColorTag>}
        </span>
      }
    >
      <Typography.Title level={2} style={{ fontSize: '1.15em' }}>
        {t('careFamily.summary')}
      </Typography.Title>
      {s ? (
        <dl className="family-facts" data-testid="family-summary">
          <dt>{t('careFamily.lastVisit')}</dt>
          <dd>{s.lastVisitOn ? `${format.date(s.lastVisitOn)}${s.lastVisitMode ? `（${t(`careFamily.visitModes.${s.lastVisitMode}`, { defaultValue: s.lastVisitMode })}）` : ''}` : t('careFamily.none')}</dd>
          <dt>{t('careFamily.nextVisit')}</dt>
          <dd>{s.nextVisitDue ? format.date(s.nextVisitDue) : t('careFamily.none')}</dd>
          <dt>{t('careFamily.worker')}</dt>
          <dd>
            {s.worker.name}
            {s.worker.phoneMasked ? ` ${s.worker.phoneMasked}` : ''}
          </dd>
          <dt>{relative.areaName}</dt>
          <dd>{t('careFamily.openReferrals', { count: s.openReferrals })}</dd>
        </dl>
      ) : (
        <Typography.Paragraph type="secondary" data-testid="family-no-summary">
          {t('careFamily.noSummary')}
        </Typography.Paragraph>
      )}
      <Typography.Title level={2} style={{ fontSize: '1.15em' }}>
        {t('careFamily.consents')}
      </Typography.Title>
      {!relative.guardian && <Typography.Paragraph type="secondary">{t('careFamily.onlyGuardian')}</Typography.Paragraph>}
      <label className="family-consent">
        <Switch checked={relative.consents.sharing} disabled={!relative.guardian || busy} onChange={(on) => void change('sharing', on)} data-testid="family-consent-sharing" />
        {t('careFamily.consentSharing')}
      </label>
      <label className="family-consent">
        <Switch checked={relative.consents.referral} disabled={!relative.guardian || busy} onChange={(on) => void change('referral', on)} data-testid="family-consent-referral" />
        {t('careFamily.consentReferral')}
      </label>
      <ErrorAlert error={error} />
      <Thread linkId={relative.linkId} />
    </Card>
  );
}

function Thread({ linkId }: { linkId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const thread = useApi((signal) => familyApi.messages(linkId, signal), [linkId]);
  const [body, setBody] = useState('');
  const [callAt, setCallAt] = useState('');
  const [callNote, setCallNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (kind: 'message' | 'videoCallRequest') => {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'message') await familyApi.write(linkId, { body });
      else await familyApi.write(linkId, { kind, body: callNote || t('careFamily.videoCall'), proposedAt: new Date(callAt).toISOString() });
      setBody('');
      setCallNote('');
      setCallAt('');
      thread.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`family-thread-${linkId}`}>
      <Typography.Title level={2} style={{ fontSize: '1.15em' }} id={`family-thread-${linkId}`}>
        {t('careFamily.messages')}
      </Typography.Title>
      <ErrorAlert error={thread.error} onRetry={thread.reload} />
      <ul className="family-thread" data-testid="family-thread">
        {(thread.data ?? []).map((m: FamilyMessage) => (
          <li key={m.id} className={`family-message${m.direction === 'fromFamily' ? ' mine' : ''}`} data-testid="family-message">
            {m.kind === 'videoCallRequest' && m.proposedAt && <strong>{t('careFamily.videoCallRequest', { time: format.dateTime(m.proposedAt) })} </strong>}
            {m.body}
            <span className="family-message-meta">
              {m.direction === 'fromFamily' ? t('careFamily.fromMe') : t('careFamily.fromWorker')} · <time dateTime={m.createdAt}>{format.dateTime(m.createdAt)}</time>
            </span>
          </li>
        ))}
      </ul>
      <div className="family-form">
        <label>
          {t('careFamily.writeMessage')}
          <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} maxLength={1000} autoSize={{ minRows: 2 }} data-testid="family-message-body" />
        </label>
        <Button type="primary" disabled={!body.trim()} loading={busy} onClick={() => void send('message')} data-testid="family-send">
          {t('careFamily.send')}
        </Button>
        <details>
          <summary>{t('careFamily.videoCall')}</summary>
          <div className="family-form">
            <label>
              {t('careFamily.proposedAt')}
              <input type="datetime-local" value={callAt} onChange={(e) => setCallAt(e.target.value)} className="ant-input" data-testid="family-call-at" />
            </label>
            <label>
              {t('careFamily.writeMessage')}
              <Input value={callNote} onChange={(e) => setCallNote(e.target.value)} maxLength={200} />
            </label>
            <Button disabled={!callAt} loading={busy} onClick={() => void send('videoCallRequest')} data-testid="family-call">
              {t('careFamily.requestCall')}
            </Button>
          </div>
        </details>
      </div>
      <ErrorAlert error={error} />
    </section>
  );
}

function ContactCard({ contact, onSaved }: { contact: FamilyContact; onSaved: () => void }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState(contact.cityAddress ?? '');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await familyApi.saveContact({ cityAddress: address.trim() || null, ...(phone.trim() ? { phone: phone.trim() } : {}), version: contact.version });
      setPhone('');
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('careFamily.contact')} data-testid="family-contact">
      <div className="family-form">
        <label>
          {t('careFamily.cityAddress')}
          <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} autoComplete="street-address" />
        </label>
        <label>
          {t('careFamily.phone')}
          <Input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" placeholder={contact.phoneMasked ?? ''} aria-describedby="family-phone-hint" />
        </label>
        <Typography.Text type="secondary" id="family-phone-hint">
          {contact.phoneMasked ? t('careFamily.phoneSaved', { phone: contact.phoneMasked }) : ''} {t('careFamily.phoneHint')}
        </Typography.Text>
        <Button onClick={() => void save()}>{t('careFamily.saveContact')}</Button>
        {saved && <Alert type="success" showIcon message={t('careFamily.saved')} />}
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
