import { useEffect, useState } from 'react';
import { Alert, Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { catalogApi, requestsApi, type Clock, type ServiceRequestDetail } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { isAction, may } from '../../../../contracts/policy.ts';
import { ApplicantPanel } from './ApplicantPanel.tsx';
import { HandlerPanel } from './HandlerPanel.tsx';
import { formValueText, labelIn, StandingTag, StatusTag } from './labels.tsx';
import { Timeline } from './Timeline.tsx';
import './requests.css';

const APPLICANT_ACTIONS = ['supplement', 'withdraw', 'reopen', 'rate'];
/** Statuses from which an acceptance receipt exists. */
const ACCEPTED = ['accepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered', 'closed'];
/** The receipts are served by the agency part; the button shows only where its action exists. */
const RECEIPT_ACTION = 'receipts.read';

function ClockLine({ label, clock }: { label: string; clock: Clock }) {
  const { t } = useTranslation();
  const format = useFormat();
  const used = Math.round(clock.usedDays * 10) / 10;
  return (
    <div className="request-clock" data-testid="request-clock">
      <dt>{label}</dt>
      <dd>
        {clock.state === 'notStarted' ? (
          t('requests.detail.clockNotStarted')
        ) : (
          <>
            <StandingTag standing={clock.standing} /> {t('requests.detail.clockUsed', { used, limit: clock.limitDays })}
            {clock.dueAt && clock.state !== 'stopped' && <> · {t('requests.detail.due', { date: format.dateTime(clock.dueAt) })}</>}
            {clock.state === 'paused' && <div className="request-muted">{t('requests.detail.clockPaused', { days: clock.pausedDays })}</div>}
            {clock.state === 'stopped' && <span className="request-muted"> · {t('requests.detail.clockStopped')}</span>}
          </>
        )}
      </dd>
    </div>
  );
}

/** One request: where it stands, its clocks and expected date, what was filled and handed in, its timeline, and what the caller may do next. */
export default function RequestDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const format = useFormat();
  const location = useLocation();
  const navigate = useNavigate();
  const loaded = useApi((signal) => requestsApi.get(id, signal), [id]);
  const [request, setRequest] = useState<ServiceRequestDetail | undefined>();
  const filed = (location.state as { filed?: string } | null)?.filed;
  const [notice, setNotice] = useState<string | null>(filed ? t('requests.apply.submitted', { number: filed }) : null);
  useEffect(() => {
    if (loaded.data) setRequest(loaded.data);
  }, [loaded.data]);
  // The notice of a filing is said once: a reload or a way back later does not say it again.
  useEffect(() => {
    if (filed) navigate(location.pathname, { replace: true, state: null });
  }, [filed, navigate, location.pathname]);
  const shown = request?.id === id ? request : loaded.data;
  const item = useApi(
    (signal) => (shown ? catalogApi.item(shown.communityCode, shown.itemCode, signal).catch(() => undefined) : Promise.resolve(undefined)),
    [shown?.communityCode, shown?.itemCode],
  );

  useEffect(() => {
    document.title = `${shown?.itemName ?? t('requests.title')} · ${t('app.name')}`;
  }, [t, shown?.itemName]);

  const changed = (next: ServiceRequestDetail, done: string) => {
    setRequest(next);
    setNotice(done);
  };

  if (!shown)
    return (
      <div className="portal">
        <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
        {loaded.loading && <PageSpinner />}
      </div>
    );

  const handler = may(user.role, 'serviceRequests.handle') && shown.allowedActions.some((a) => !APPLICANT_ACTIONS.includes(a));
  const staff = user.role !== 'resident';
  const applicantSide =
    user.role === 'resident' || user.role === 'agent' || shown.allowedActions.some((a) => APPLICANT_ACTIONS.includes(a));
  const receipt = isAction(RECEIPT_ACTION) && may(user.role, RECEIPT_ACTION) && ACCEPTED.includes(shown.status);
  const fields = item.data?.fields ?? [];
  const open = !['notAccepted', 'closed', 'withdrawn', 'duplicate'].includes(shown.status);

  return (
    <div className={staff ? 'request-page' : 'portal'} data-testid="request-detail">
      <div>
        <Button type="link" onClick={() => navigate(-1)} style={{ paddingLeft: 0 }}>
          ← {t('requests.detail.back')}
        </Button>
      </div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.4em', marginBottom: 4 }} data-testid="request-title">
        {shown.itemName}
      </Typography.Title>
      <div className="request-facts">
        <StatusTag status={shown.status} />
        {shown.outcome && <span data-testid="request-outcome">{t(`requests.outcome.${shown.outcome}`)}</span>}
        {open && <StandingTag standing={shown.standing} />}
        <span className="request-muted">
          {t('requests.detail.number')} <span className="code" data-testid="request-number">{shown.number}</span>
        </span>
        {shown.generated && <span className="request-muted">{t('requests.detail.generated')}</span>}
      </div>
      {notice && <Alert type="success" showIcon title={notice} closable onClose={() => setNotice(null)} role="status" data-testid="request-notice" />}
      {shown.escalationLevel > 0 && open && (
        <Alert type="warning" showIcon title={t(shown.escalationLevel === 1 ? 'requests.detail.escalation.head' : 'requests.detail.escalation.levelAbove')} />
      )}

      <Card size="small">
        <dl className="request-summary">
          <div>
            <dt>{t('requests.detail.expected')}</dt>
            <dd data-testid="request-expected">{shown.clocks.expectedAt ? format.date(shown.clocks.expectedAt) : t('requests.detail.expectedNone')}</dd>
          </div>
          {staff && <ClockLine label={t('requests.detail.acceptanceClock')} clock={shown.clocks.acceptance} />}
          {staff && <ClockLine label={t('requests.detail.processingClock')} clock={shown.clocks.processing} />}
          {!staff && shown.clocks.processing.state === 'paused' && (
            <div>
              <dt>{t('requests.detail.processingClock')}</dt>
              <dd>{t('requests.detail.clockPaused', { days: shown.clocks.processing.pausedDays })}</dd>
            </div>
          )}
          <div>
            <dt>{t('requests.detail.applicant')}</dt>
            <dd>{shown.applicantName}</dd>
          </div>
          <div>
            <dt>{t('requests.detail.community')}</dt>
            <dd>{shown.communityName ?? shown.communityCode}</dd>
          </div>
          <div>
            <dt>{t('requests.detail.unit')}</dt>
            <dd>{shown.unitName ?? shown.unitCode}</dd>
          </div>
          <div>
            <dt>{t('requests.detail.channel')}</dt>
            <dd>{t(`requests.channel.${shown.channel}`)}</dd>
          </div>
          {shown.submittedBy && (
            <div>
              <dt>{t('requests.detail.submittedBy')}</dt>
              <dd>{shown.submittedBy}</dd>
            </div>
          )}
          <div>
            <dt>{t('requests.detail.submittedAt')}</dt>
            <dd>{format.dateTime(shown.submittedAt)}</dd>
          </div>
          {staff && (
            <div>
              <dt>{t('requests.detail.assignee')}</dt>
              <dd data-testid="request-assignee">{shown.assigneeName ?? t('requests.detail.unassigned')}</dd>
            </div>
          )}
          {shown.notAcceptedReason && (
            <div>
              <dt>{t('requests.detail.notAcceptedReason')}</dt>
              <dd>{shown.notAcceptedReason}</dd>
            </div>
          )}
          {shown.decisionReason && (
            <div>
              <dt>{t('requests.detail.decision')}</dt>
              <dd>{shown.decisionReason}</dd>
            </div>
          )}
        </dl>
        {shown.clocks.calendarFallback && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="calendar-fallback">
            <span aria-hidden="true">ⓘ </span>
            {t('requests.detail.calendarFallback')}
          </Typography.Paragraph>
        )}
        {receipt && (
          <Button className="request-receipt" href={requestsApi.receiptUrl(shown.id, i18n.language)} target="_blank" rel="noreferrer" data-testid="request-receipt">
            <span aria-hidden="true">🖨 </span>
            {t('requests.detail.receipt')}
          </Button>
        )}
      </Card>

      {handler && (
        <Card size="small">
          <HandlerPanel request={shown} onChanged={changed} />
        </Card>
      )}
      {applicantSide && <ApplicantPanel request={shown} item={item.data} onChanged={changed} />}

      {Object.keys(shown.formValues).length > 0 && (
        <Card size="small" title={<h2 className="card-title">{t('requests.detail.formValues')}</h2>}>
          <dl className="request-summary" data-testid="request-values">
            {Object.entries(shown.formValues).map(([key, value]) => {
              const field = fields.find((f) => f.key === key);
              return (
                <div key={key}>
                  <dt>{field ? labelIn(i18n.language, field) : key}</dt>
                  <dd>{formValueText(i18n.language, field, value, t)}</dd>
                </div>
              );
            })}
          </dl>
        </Card>
      )}

      {shown.materials.length > 0 && (
        <Card size="small" title={<h2 className="card-title">{t('requests.detail.materials')}</h2>}>
          <ul className="plain-list request-materials" data-testid="request-material-lines">
            {shown.materials.map((m) => (
              <li key={m.material} className="request-material">
                <div className="request-material-name">
                  <span>{m.name}</span>
                  {staff && <span>{m.received ? `✓ ${t('requests.detail.received')}` : `○ ${t('requests.detail.notReceived')}`}</span>}
                </div>
                {m.attachmentIds.length > 0 && (
                  <div className="request-attachments">
                    {m.attachmentIds.map((attachmentId, index) => (
                      <a key={attachmentId} href={requestsApi.attachmentUrl(shown.id, attachmentId)} target="_blank" rel="noreferrer" data-testid="attachment-link">
                        {t('requests.detail.attachment', { n: index + 1 })}
                      </a>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card size="small" title={<h2 className="card-title">{t('requests.detail.timeline')}</h2>}>
        <Timeline events={shown.events} />
      </Card>
      {!staff && (
        <Typography.Paragraph style={{ textAlign: 'center' }}>
          <Link to="/requests">{t('requests.mine.title')}</Link>
        </Typography.Paragraph>
      )}
    </div>
  );
}
