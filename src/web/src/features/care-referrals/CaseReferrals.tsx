import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { may } from '../../../../contracts/policy.ts';
import { REFERRAL_TARGET_KINDS, type ConsentPurpose } from '../../../../contracts/care-referrals.ts';
import { ApiError } from '../../api/client.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ReferralCard } from './ReferralCard.tsx';
import { referralsApi, type Referral, type ReferralTargetKind } from './referrals-api.ts';

/**
 * The referrals section of a case page: the consents on record, the referrals with their timelines,
 * and the form to refer (a supervisor may refer without consent in an emergency, giving the reason).
 * The case page of the cases part renders it as `<CaseReferrals caseId areaCode />`.
 */
export function CaseReferrals({ caseId, areaCode }: { caseId: string; areaCode: string }) {
  const { t } = useTranslation();
  const list = useApi((signal) => referralsApi.ofCase(caseId, signal), [caseId]);
  const [shown, setShown] = useState<Referral[] | null>(null);
  const referrals = shown ?? list.data ?? [];
  const replace = (r: Referral) => setShown([r, ...referrals.filter((x) => x.id !== r.id)]);
  return (
    <section className="family-page" aria-labelledby="case-referrals-title" data-testid="case-referrals">
      <Typography.Title level={2} id="case-referrals-title" style={{ fontSize: '1.25em' }}>
        {t('careReferrals.title')}
      </Typography.Title>
      <Consents caseId={caseId} />
      <NewReferralForm caseId={caseId} areaCode={areaCode} onMade={replace} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <PageSpinner />}
      {list.data && referrals.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('careReferrals.none')} />}
      {referrals.map((r) => (
        <ReferralCard key={r.id} referral={r} onChanged={replace} />
      ))}
    </section>
  );
}

function Consents({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const consents = useApi((signal) => referralsApi.consents(caseId, signal), [caseId]);
  const [purpose, setPurpose] = useState<ConsentPurpose>('referral');
  const [givenBy, setGivenBy] = useState<'self' | 'guardian'>('guardian');
  const [name, setName] = useState('');
  const [method, setMethod] = useState<'inPerson' | 'signedForm' | 'phone'>('inPerson');
  const [error, setError] = useState<unknown>(null);
  const writer = may(user.role, 'careReferrals.write');
  const record = async () => {
    setError(null);
    try {
      await referralsApi.recordConsent(caseId, { purpose, givenBy, givenByName: name.trim(), method });
      setName('');
      consents.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await referralsApi.withdrawConsent(id);
      consents.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card size="small" title={t('careReferrals.consents')} data-testid="case-consents">
      <ErrorAlert error={consents.error} onRetry={consents.reload} />
      <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
        {(consents.data ?? []).map((c) => (
          <li key={c.id}>
            {t(`careReferrals.consentPurposes.${c.purpose}`)} · {t(`careReferrals.consentGivers.${c.givenBy}`)} {c.givenByName} · {t(`careReferrals.consentMethods.${c.method}`)} · <time dateTime={c.givenAt}>{format.date(c.givenAt)}</time>{' '}
            {c.active ? <ColorTag tone="green">{t('careReferrals.consentActive')}</ColorTag> : <Tag>{t('careReferrals.consentWithdrawn')}</Tag>}
            {c.active && writer && (
              <Button size="small" onClick={() => void withdraw(c.id)}>
                {t('careReferrals.withdraw')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {writer && (
        <div className="family-form" style={{ marginTop: 8 }}>
          <Select aria-label={t('careReferrals.consentPurpose')} value={purpose} onChange={setPurpose} options={(['referral', 'sharing'] as const).map((p) => ({ value: p, label: t(`careReferrals.consentPurposes.${p}`) }))} />
          <Select aria-label={t('careReferrals.consentGiver')} value={givenBy} onChange={setGivenBy} options={(['guardian', 'self'] as const).map((g) => ({ value: g, label: t(`careReferrals.consentGivers.${g}`) }))} />
          <Select aria-label={t('careReferrals.consentMethod')} value={method} onChange={setMethod} options={(['inPerson', 'signedForm', 'phone'] as const).map((m) => ({ value: m, label: t(`careReferrals.consentMethods.${m}`) }))} />
          <label>
            {t('careReferrals.givenByName')}
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="consent-name" />
          </label>
          <Button disabled={!name.trim()} onClick={() => void record()} data-testid="consent-record">
            {t('careReferrals.recordConsent')}
          </Button>
          <ErrorAlert error={error} />
        </div>
      )}
    </Card>
  );
}

function NewReferralForm({ caseId, areaCode, onMade }: { caseId: string; areaCode: string; onMade: (r: Referral) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [kind, setKind] = useState<ReferralTargetKind>('organization');
  const [target, setTarget] = useState<string | undefined>();
  const [need, setNeed] = useState('');
  const [days, setDays] = useState(5);
  const [openRequest, setOpenRequest] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = useApi(async (signal) => {
    if (kind === 'serviceItem') return (await referralsApi.items(areaCode, signal)).items.map((i) => ({ value: i.code, label: i.name }));
    const page = kind === 'organization' ? await referralsApi.organizations(areaCode, signal) : await referralsApi.facilities(areaCode, signal);
    return page.items.map((i) => ({ value: i.id, label: i.name }));
  }, [kind, areaCode]);
  if (!may(user.role, 'careReferrals.write')) return null;
  const supervisor = may(user.role, 'careReferrals.override');
  const submit = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const made = await referralsApi.create(caseId, {
        targetKind: kind,
        targetId: target,
        need: need.trim(),
        respondWithinDays: days,
        ...(openRequest && kind === 'serviceItem' ? { openServiceRequest: true } : {}),
        ...(emergency && supervisor ? { emergencyOverride: { reason: reason.trim() } } : {}),
      });
      onMade(made);
      setNeed('');
      setReason('');
      setEmergency(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const consentMissing = error instanceof ApiError && error.code === 'consent_required';
  return (
    <Card size="small" title={t('careReferrals.new')} data-testid="referral-form">
      <div className="family-form">
        <label>
          {t('careReferrals.targetKind')}
          <Select
            value={kind}
            onChange={(k) => {
              setKind(k);
              setTarget(undefined);
            }}
            options={REFERRAL_TARGET_KINDS.map((k) => ({ value: k, label: t(`careReferrals.targetKinds.${k}`) }))}
            data-testid="referral-kind"
          />
        </label>
        <label>
          {t('careReferrals.target')}
          <Select
            showSearch
            optionFilterProp="label"
            value={target}
            onChange={setTarget}
            placeholder={t('careReferrals.targetPlaceholder')}
            loading={options.loading}
            options={options.data ?? []}
            data-testid="referral-target"
          />
        </label>
        <label>
          {t('careReferrals.need')}
          <Input.TextArea value={need} onChange={(e) => setNeed(e.target.value)} maxLength={1000} autoSize={{ minRows: 2 }} data-testid="referral-need" />
        </label>
        <label>
          {t('careReferrals.respondWithinDays')}
          <InputNumber min={1} max={60} value={days} onChange={(v) => setDays(v ?? 5)} />
        </label>
        {kind === 'serviceItem' && (
          <Checkbox checked={openRequest} onChange={(e) => setOpenRequest(e.target.checked)}>
            {t('careReferrals.openServiceRequest')}
          </Checkbox>
        )}
        {supervisor && (
          <Checkbox checked={emergency} onChange={(e) => setEmergency(e.target.checked)} data-testid="referral-emergency">
            {t('careReferrals.emergency')}
          </Checkbox>
        )}
        {emergency && (
          <label>
            {t('careReferrals.emergencyReason')}
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} />
          </label>
        )}
        {consentMissing ? <Alert type="warning" showIcon message={t('careReferrals.consentRequired')} data-testid="referral-consent-required" /> : <ErrorAlert error={error} />}
        <Button type="primary" loading={busy} disabled={!target || !need.trim() || (emergency && reason.trim().length < 4)} onClick={() => void submit()} data-testid="referral-submit">
          {t('careReferrals.submit')}
        </Button>
      </div>
    </Card>
  );
}
