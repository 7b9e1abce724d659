import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { may } from '../../../../contracts/policy.ts';
import { agencyApi, CONFIRMATION_KINDS, CUSTODY_STEPS, type ConfirmationKind, type CustodyStep, type ErrandDetail } from './agency-api.ts';
import { agencyErrorMessage } from './agency-errors.ts';
import { LegTag } from './AgentWorkspacePage.tsx';
import { useItemNames } from './item-names.ts';
import './agency.css';

interface StepValues {
  items: string;
  note?: string;
  confirmation?: ConfirmationKind;
  confirmedBy?: string;
}

/** Request statuses in which there is a result to collect. */
const RESULT_READY = ['decided', 'delivered', 'closed'];
const ACCEPTED = ['accepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered', 'closed'];

/**
 * One errand: the custody of the papers step by step, the next step as one large button (a phone
 * in a villager's yard), what changed hands, and the resident's confirmation of the return; the
 * receipts to print.
 */
export default function ErrandPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const names = useItemNames(user.scope);
  const loaded = useApi((signal) => agencyApi.errand(id, signal), [id]);
  const [errand, setErrand] = useState<ErrandDetail | null>(null);
  const [recording, setRecording] = useState<CustodyStep | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<StepValues>();
  useEffect(() => {
    if (loaded.data) setErrand(loaded.data);
  }, [loaded.data]);
  useEffect(() => {
    document.title = `${t('agency.errand.title', { number: errand?.requestNumber ?? '' })} · ${t('app.name')}`;
  }, [t, errand?.requestNumber]);

  if (!errand) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <PageSpinner />;

  const next = errand.nextStep;
  const mayRecord = may(user.role, 'agency.custody') && errand.agentUserId === user.id;
  const waiting = next === 'resultCollected' && !RESULT_READY.includes(errand.requestStatus ?? '');

  const save = async (values: StepValues) => {
    if (!recording) return;
    setBusy(true);
    setError(null);
    try {
      const items = values.items
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const updated = await agencyApi.recordStep(errand.requestId, {
        step: recording,
        items,
        note: values.note?.trim() || undefined,
        ...(recording === 'returned' ? { confirmation: values.confirmation, confirmedBy: values.confirmedBy?.trim() } : {}),
      });
      setErrand(updated);
      setRecording(null);
      form.resetFields();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="agency-page" data-testid="errand-page">
      <Link to="/agency">← {t('agency.errand.back')}</Link>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.4em' }}>
        {t('agency.errand.title', { number: errand.requestNumber ?? '' })}
      </Typography.Title>
      <Card size="small">
        <div className="agency-facts">
          <strong>{t('agency.errand.principal', { name: errand.principalName })}</strong>
          <span>{t('agency.errand.item', { item: names.name(errand.itemCode) })}</span>
        </div>
        <div className="agency-facts">
          {errand.requestStatus && <span className="agency-muted">{t('agency.errand.requestStatus', { status: t(`requests.status.${errand.requestStatus}`, { defaultValue: errand.requestStatus }) })}</span>}
          {errand.leg && <LegTag standing={errand.leg.standing} />}
          {errand.leg && <span className="agency-muted">{t('agency.cases.due', { date: errand.leg.dueBy })}</span>}
        </div>
      </Card>

      <Typography.Title level={2} style={{ fontSize: '1.15em', margin: 0 }}>
        {t('agency.errand.steps')}
      </Typography.Title>
      <ol className="agency-steps" data-testid="custody-steps">
        {CUSTODY_STEPS.map((step) => {
          const done = errand.steps.find((s) => s.step === step);
          return (
            <li key={step} className={`agency-step${done ? '' : ' pending'}`} data-testid={`custody-${step}`} data-done={done ? 'yes' : 'no'}>
              <strong>
                {done ? '✓ ' : ''}
                {t(`agency.steps.${step}`)}
                {done?.late ? ` · ${t('agency.errand.late')}` : ''}
              </strong>
              {done && (
                <>
                  <span className="agency-muted">
                    {format.dateTime(done.at)} · {t('agency.errand.by', { name: done.by ?? '' })}
                  </span>
                  <span>{done.items.join('、')}</span>
                  {done.note && <span className="agency-muted">{done.note}</span>}
                  {done.confirmation && (
                    <span className="agency-muted">
                      {t(`agency.confirmations.${done.confirmation}`)} · {done.confirmedBy}
                    </span>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>

      {error !== null && <Alert type="error" showIcon role="alert" title={agencyErrorMessage(t, error)} data-testid="custody-error" />}
      {next === null && <Alert type="success" showIcon role="status" title={t('agency.errand.complete')} />}
      {waiting && <Alert type="info" showIcon title={t('agency.errand.waitDecision')} />}

      {mayRecord && next && !recording && (
        <Button type="primary" className="agency-big-button" disabled={waiting} onClick={() => setRecording(next)} data-testid="custody-next">
          {t('agency.errand.record', { step: t(`agency.steps.${next}`) })}
        </Button>
      )}
      {recording && (
        <Card size="small" title={<h2 className="card-title">{t('agency.errand.record', { step: t(`agency.steps.${recording}`) })}</h2>}>
          <Form<StepValues> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="custody-form">
            <Form.Item name="items" label={t('agency.errand.items')} extra={t(`agency.stepHints.${recording}`)} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
              <Input.TextArea rows={3} data-testid="custody-items" />
            </Form.Item>
            <Form.Item name="note" label={t('agency.errand.note')}>
              <Input maxLength={1000} />
            </Form.Item>
            {recording === 'returned' && (
              <>
                <Form.Item name="confirmation" label={t('agency.errand.confirmation')} rules={[{ required: true, message: t('problemCodes.required') }]}>
                  <Radio.Group className="request-choices" options={CONFIRMATION_KINDS.map((k) => ({ value: k, label: t(`agency.confirmations.${k}`) }))} data-testid="custody-confirmation" />
                </Form.Item>
                <Form.Item name="confirmedBy" label={t('agency.errand.confirmedBy')} initialValue={errand.principalName} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
                  <Input maxLength={100} data-testid="custody-confirmed-by" />
                </Form.Item>
              </>
            )}
            <div className="agency-actions">
              <Button type="primary" htmlType="submit" loading={busy} className="agency-big-button" data-testid="custody-save">
                {t('agency.errand.save')}
              </Button>
              <Button className="agency-big-button" onClick={() => setRecording(null)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Form>
        </Card>
      )}

      <div className="agency-actions">
        {ACCEPTED.includes(errand.requestStatus ?? '') && (
          <a className="agency-link-button" href={agencyApi.receiptUrl(errand.requestId, 'acceptance', i18n.language)} target="_blank" rel="noreferrer" data-testid="receipt-acceptance">
            {t('agency.errand.acceptanceReceipt')}
          </a>
        )}
        {errand.lastStep === 'returned' && (
          <a className="agency-link-button" href={agencyApi.receiptUrl(errand.requestId, 'handBack', i18n.language)} target="_blank" rel="noreferrer" data-testid="receipt-hand-back">
            {t('agency.errand.handBackReceipt')}
          </a>
        )}
        <Link className="agency-link-button" to={`/requests/${errand.requestId}`}>
          {t('agency.errand.openRequest')}
        </Link>
      </div>
    </div>
  );
}
