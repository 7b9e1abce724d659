import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Modal, Switch, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { may } from '../../../../contracts/policy.ts';
import { agencyApi, type Errand, type LegStanding, type Mandate, type MandateStatus } from './agency-api.ts';
import { agencyErrorMessage } from './agency-errors.ts';
import { useItemNames } from './item-names.ts';
import { MandateDrawer } from './MandateDrawer.tsx';
import './agency.css';

const STANDING_TONE: Record<LegStanding, { tone: 'green' | 'orange' | 'red'; glyph: string }> = {
  onTime: { tone: 'green', glyph: '✓' },
  warning: { tone: 'orange', glyph: '⚠' },
  overdue: { tone: 'red', glyph: '⛔' },
};
const STATUS_TONE: Record<MandateStatus, 'green' | 'blue' | 'orange' | 'red'> = { active: 'green', notYetValid: 'blue', expired: 'orange', revoked: 'red' };

export function LegTag({ standing }: { standing: LegStanding }) {
  const { t } = useTranslation();
  const { tone, glyph } = STANDING_TONE[standing];
  return (
    <ColorTag tone={tone} testId={`leg-${standing}`}>
      {glyph} {t(`agency.standing.${standing}`)}
    </ColorTag>
  );
}

function CasesTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const names = useItemNames(user.scope);
  const [openOnly, setOpenOnly] = useState(true);
  const [cursor, setCursor] = useState<string | null>(null);
  const [shown, setShown] = useState<Errand[]>([]);
  const page = useApi((signal) => agencyApi.errands({ open: openOnly || undefined, limit: 30, cursor }, signal), [openOnly, cursor]);
  useEffect(() => {
    if (page.data) setShown((before) => (cursor ? [...before, ...page.data!.items] : page.data!.items));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- appends when a page arrives
  }, [page.data]);
  return (
    <div className="agency-page">
      <label>
        <Switch
          checked={openOnly}
          onChange={(on) => {
            setCursor(null);
            setOpenOnly(on);
          }}
        />{' '}
        {t('agency.cases.open')}
      </label>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.loading && shown.length === 0 && <PageSpinner />}
      {page.data && shown.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agency.cases.empty')} />
        </Card>
      )}
      <ul className="agency-list" aria-label={t('agency.tabs.cases')}>
        {shown.map((e) => (
          <li key={e.requestId}>
            <Link to={`/agency/errands/${e.requestId}`} className="agency-card" data-testid="errand-card">
              <span className="agency-card-title">
                {e.principalName} · {names.name(e.itemCode)}
              </span>
              <span className="agency-facts">
                {e.nextStep ? <strong>{t('agency.cases.next', { step: t(`agency.steps.${e.nextStep}`) })}</strong> : <span>{t('agency.cases.done')}</span>}
                {e.leg && <LegTag standing={e.leg.standing} />}
                {e.leg && <span className="agency-muted">{t('agency.cases.due', { date: e.leg.dueBy })}</span>}
              </span>
              <span className="agency-muted">
                {e.requestNumber} · {t('agency.cases.filedAt', { date: format.date(e.filedAt) })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {page.data?.nextCursor && (
        <Button block loading={page.loading} onClick={() => setCursor(page.data!.nextCursor)}>
          {t('agency.cases.more')}
        </Button>
      )}
    </div>
  );
}

function MandatesTab() {
  const { t } = useTranslation();
  const user = useUser();
  const names = useItemNames(user.scope);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<Mandate | null>(null);
  const [revoking, setRevoking] = useState<Mandate | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const list = useApi((signal) => agencyApi.mandates({ limit: 100 }, signal), []);
  const canAdd = may(user.role, 'agency.mandate');

  const revoke = async () => {
    if (!revoking || !reason.trim()) return;
    try {
      await agencyApi.revokeMandate(revoking.id, reason.trim(), revoking.version);
      setRevoking(null);
      setReason('');
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="agency-page">
      {canAdd && (
        <Button type="primary" className="agency-big-button" onClick={() => setAdding(true)} data-testid="mandate-add">
          {t('agency.mandates.add')}
        </Button>
      )}
      {saved && <Alert type="success" showIcon role="status" title={t('agency.mandates.saved')} data-testid="mandate-saved" />}
      {error !== null && <Alert type="error" showIcon role="alert" title={agencyErrorMessage(t, error)} />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <PageSpinner />}
      {list.data && list.data.items.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agency.mandates.empty')} />
        </Card>
      )}
      <ul className="agency-list" aria-label={t('agency.tabs.mandates')}>
        {list.data?.items.map((m) => (
          <li key={m.id} className="agency-card" data-testid="mandate-card">
            <span className="agency-card-title">
              {m.principal.name} <ColorTag tone={STATUS_TONE[m.status]}>{t(`agency.mandates.status.${m.status}`)}</ColorTag>
            </span>
            <span>{m.itemCodes.map((c) => names.name(c)).join('、')}</span>
            <span className="agency-muted">
              {t('agency.mandates.validity', { from: m.validFrom, until: m.validUntil })} · {t('agency.mandates.agent', { name: m.agent.displayName })}
            </span>
            <span className="agency-muted">
              {m.consent.kind === 'signedForm' ? (
                <a href={agencyApi.consentFormUrl(m.id)} target="_blank" rel="noreferrer">
                  {t('agency.mandates.viewForm')}
                </a>
              ) : (
                t('agency.mandates.witnessed', { name: m.consent.witnessName })
              )}
            </span>
            <div className="agency-actions">
              {m.status === 'active' && user.id === m.agent.userId && (
                <Link to={`/agency/file/${m.id}`} className="agency-link-button" data-testid="mandate-file">
                  {t('agency.mandates.file')}
                </Link>
              )}
              {(m.status === 'active' || m.status === 'notYetValid') && may(user.role, 'agency.revoke') && (
                <Button danger onClick={() => setRevoking(m)} data-testid="mandate-revoke">
                  {t('agency.mandates.revoke')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <MandateDrawer
        open={adding}
        scope={user.scope}
        onClose={() => setAdding(false)}
        onSaved={(m) => {
          setAdding(false);
          setSaved(m);
          list.reload();
        }}
      />
      <Modal open={revoking !== null} title={t('agency.mandates.revokeTitle')} onOk={() => void revoke()} onCancel={() => setRevoking(null)} okButtonProps={{ danger: true, disabled: !reason.trim() }} okText={t('agency.mandates.revoke')} cancelText={t('common.cancel')}>
        <Input.TextArea aria-label={t('agency.mandates.revokeReason')} placeholder={t('agency.mandates.revokeReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </div>
  );
}

/** 全程代办 workspace: an agent's cases with the step each waits for and its due date, and the mandates behind them. Phone first. */
export default function AgentWorkspacePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mandates' ? 'mandates' : 'cases';
  useEffect(() => {
    document.title = `${t('agency.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="agency-page" data-testid="agency-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('agency.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('agency.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'cases' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'cases', label: t('agency.tabs.cases'), children: <CasesTab /> },
          { key: 'mandates', label: t('agency.tabs.mandates'), children: <MandatesTab /> },
        ]}
      />
    </div>
  );
}
