import { useState } from 'react';
import { Button, Card, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { referralsApi, type Referral, type ReferralAction } from './referrals-api.ts';

const STATUS_TONES: Record<Referral['status'], Tone | null> = { inProgress: 'blue', accepted: 'green', rejected: 'red', done: null, revoked: null };

/** One referral with its timeline and the moves the reader may make. */
export function ReferralCard({ referral, onChanged }: { referral: Referral; onChanged: (r: Referral) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<ReferralAction | null>(null);
  const move = async (action: ReferralAction) => {
    setError(null);
    setBusy(action);
    try {
      onChanged(await referralsApi.move(referral.id, action, { ...(note.trim() ? { note: note.trim() } : {}), version: referral.version }));
      setNote('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small" data-testid="referral" data-status={referral.status}>
      <div>
        <strong>{referral.target.name}</strong> <Tag>{t(`careReferrals.targetKinds.${referral.target.kind}`)}</Tag>
        {STATUS_TONES[referral.status] ? (
          <ColorTag tone={STATUS_TONES[referral.status]!} testId="referral-status">
            {t(`careReferrals.statuses.${referral.status}`)}
          </ColorTag>
        ) : (
          <Tag data-testid="referral-status">{t(`careReferrals.statuses.${referral.status}`)}</Tag>
        )}
        {referral.answerOverdue && <ColorTag tone="red">{t('careReferrals.overdue')}</ColorTag>}
      </div>
      <Typography.Paragraph style={{ margin: '4px 0' }}>{referral.need}</Typography.Paragraph>
      <div className="family-message-meta">
        {t('careReferrals.person', { name: referral.personName })} · {t('careReferrals.respondBy', { date: format.dateTime(referral.respondBy) })}
      </div>
      {referral.basis === 'emergencyOverride' && <Typography.Text type="warning">{t('careReferrals.basisOverride', { reason: referral.overrideReason ?? '' })}</Typography.Text>}
      {referral.serviceRequestId && <div>{t('careReferrals.requestOpened')}</div>}
      <ol style={{ margin: '4px 0', paddingInlineStart: '1.5em' }}>
        {referral.events.map((e) => (
          <li key={`${e.at}-${e.to}`}>
            <time dateTime={e.at}>{format.dateTime(e.at)}</time> {t(`careReferrals.statuses.${e.to}`, { defaultValue: e.to })} {e.username ?? ''} {e.note ?? ''}
          </li>
        ))}
      </ol>
      {referral.allowedActions.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('careReferrals.note')} aria-label={t('careReferrals.note')} maxLength={1000} style={{ flex: '1 1 180px' }} />
          {referral.allowedActions.map((action) => (
            <Button key={action} loading={busy === action} danger={action === 'reject' || action === 'revoke'} type={action === 'accept' || action === 'done' ? 'primary' : 'default'} onClick={() => void move(action)} data-testid={`referral-${action}`}>
              {t(`careReferrals.actions.${action}`)}
            </Button>
          ))}
        </div>
      )}
      <ErrorAlert error={error} />
    </Card>
  );
}
