import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, List, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { may } from '../../../../contracts/policy.ts';
import { useUser } from '../../app/session.tsx';
import { chinaDateOf, chinaToday } from '../../shared/china-day.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { RiskTag, StageTag } from './care-tags.tsx';
import { CARE_LIMITS, careApi, RISK_FACTORS, RISK_LEVELS, VISIT_MODES, VISIT_PHOTO_ACCEPT, type Approval, type CareCase, type RiskFactor, type RiskLevel } from './care-api.ts';
import { CaseTeamCard } from './CaseTeamCard.tsx';
import { VisitPhotos } from './VisitPhotos.tsx';
import './care-case.css';

type Ratings = Partial<Record<RiskFactor, 0 | 1 | 2>>;
const RATING_KEYS = ['none', 'some', 'serious'] as const;

function RatingInputs({ value, onChange, factors }: { value: Ratings; onChange: (v: Ratings) => void; factors: readonly RiskFactor[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {factors.map((f) => (
        <div key={f}>
          <div id={`care-factor-${f}`}>{t(`care.factors.${f}`)}</div>
          <Radio.Group aria-labelledby={`care-factor-${f}`} value={value[f]} onChange={(e) => onChange({ ...value, [f]: e.target.value as 0 | 1 | 2 })} optionType="button">
            {([0, 1, 2] as const).map((r) => (
              <Radio.Button key={r} value={r} data-testid={`care-rating-${f}-${r}`}>
                {t(`care.ratings.${RATING_KEYS[r]}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </div>
      ))}
    </Space>
  );
}

function VisitForm({ kase, onSaved }: { kase: CareCase; onSaved: () => void }) {
  const { t } = useTranslation();
  const [day, setDay] = useState<Dayjs>(dayjs(chinaToday()));
  const [mode, setMode] = useState<(typeof VISIT_MODES)[number]>('home');
  const [ratings, setRatings] = useState<Ratings>({});
  const [actions, setActions] = useState('');
  const [nextSteps, setNextSteps] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [photoError, setPhotoError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    setPhotoError(null);
    try {
      const findings = Object.fromEntries(Object.entries(ratings).map(([k, r]) => [k, { rating: r }]));
      const visit = await careApi.visit(kase.id, { visitedOn: day.format('YYYY-MM-DD'), mode, findings, actions: actions || undefined, nextSteps: nextSteps || undefined });
      setRatings({});
      setActions('');
      setNextSteps('');
      // The photos go once the visit exists; one refused does not undo the visit (it is added again from the timeline).
      for (const photo of photos) {
        try {
          await careApi.addVisitPhoto(kase.id, visit.id, photo);
        } catch (failure) {
          setPhotoError(failure);
        }
      }
      setPhotos([]);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('care.visitForm')} size="small" data-testid="care-visit-form">
      <Form layout="vertical" onFinish={save}>
        <Form.Item label={t('care.visitedOn')} htmlFor="care-visited-on">
          <DatePicker id="care-visited-on" value={day} onChange={(d) => d && setDay(d)} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('care.mode')}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} optionType="button">
            {VISIT_MODES.map((m) => (
              <Radio.Button key={m} value={m}>
                {t(`care.modes.${m}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('care.findings')}>
          <RatingInputs value={ratings} onChange={setRatings} factors={RISK_FACTORS} />
        </Form.Item>
        <Form.Item label={t('care.actions')} htmlFor="care-actions">
          <Input.TextArea id="care-actions" value={actions} onChange={(e) => setActions(e.target.value)} rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('care.nextSteps')} htmlFor="care-next-steps">
          <Input.TextArea id="care-next-steps" value={nextSteps} onChange={(e) => setNextSteps(e.target.value)} rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('care.photos.title')} extra={t('care.photos.hint', { max: CARE_LIMITS.photosMax })}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {photos.map((p, i) => (
              <Space key={`${p.name}-${i}`} wrap data-testid="care-visit-form-photo">
                <span className="care-file-name">{p.name}</span>
                <Button size="small" onClick={() => setPhotos(photos.filter((_, j) => j !== i))} aria-label={t('care.photos.removeWho', { name: p.name })}>
                  {t('care.photos.remove')}
                </Button>
              </Space>
            ))}
            {photos.length < CARE_LIMITS.photosMax && (
              <Button onClick={() => picker.current?.click()} data-testid="care-visit-form-photo-add">
                {t('care.photos.pick')}
              </Button>
            )}
            <input
              ref={picker}
              type="file"
              accept={VISIT_PHOTO_ACCEPT}
              multiple
              style={{ display: 'none' }}
              tabIndex={-1}
              aria-hidden
              data-testid="care-visit-form-photo-input"
              onChange={(e) => {
                setPhotos([...photos, ...Array.from(e.target.files ?? [])].slice(0, CARE_LIMITS.photosMax));
                e.target.value = '';
              }}
            />
          </Space>
        </Form.Item>
        {error !== null && <ErrorAlert error={error} />}
        {photoError !== null && (
          <>
            <Alert type="warning" showIcon title={t('care.photos.notSent')} />
            <ErrorAlert error={photoError} />
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} disabled={Object.keys(ratings).length === 0} data-testid="care-visit-save" block>
          {t('care.save')}
        </Button>
      </Form>
    </Card>
  );
}

function AssessForm({ kase, onSaved }: { kase: CareCase; onSaved: () => void }) {
  const { t } = useTranslation();
  const [ratings, setRatings] = useState<Ratings>({});
  const [level, setLevel] = useState<RiskLevel>(kase.riskLevel);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const adult = kase.group !== 'leftBehindChild' && kase.group !== 'childInDifficulty';
  const factors = RISK_FACTORS.filter((f) => !(adult && f === 'schooling'));
  const complete = factors.every((f) => ratings[f] !== undefined);
  const save = async () => {
    setError(null);
    try {
      const r = (f: RiskFactor) => ratings[f] ?? 0;
      await careApi.assess(kase.id, {
        assessedOn: chinaToday(),
        factors: { safety: r('safety'), health: r('health'), schooling: adult ? null : r('schooling'), livingConditions: r('livingConditions'), mood: r('mood'), carerCapacity: r('carerCapacity') },
        proposedLevel: level,
        reason: reason || undefined,
      });
      setRatings({});
      setReason('');
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('care.assessForm')} size="small" data-testid="care-assess-form">
      <RatingInputs value={ratings} onChange={setRatings} factors={factors} />
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t('care.proposedLevel')} htmlFor="care-proposed-level">
          <Select id="care-proposed-level" value={level} onChange={setLevel} options={RISK_LEVELS.map((l) => ({ value: l, label: t(`care.risks.${l}`) }))} data-testid="care-proposed-level" />
        </Form.Item>
        {level !== kase.riskLevel && (
          <Form.Item label={t('care.reason')} htmlFor="care-reason">
            <Input.TextArea id="care-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
      {error !== null && <ErrorAlert error={error} />}
      <Button type="primary" onClick={save} disabled={!complete || (level !== kase.riskLevel && !reason)} data-testid="care-assess-save" block>
        {t('care.assess')}
      </Button>
    </Card>
  );
}

function ApprovalItem({ a, canDecide, onDone }: { a: Approval; canDecide: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (d: 'approve' | 'reject') => {
    try {
      await careApi.decide(a.id, d, { version: a.version, comment: comment || undefined });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  const label = a.kind === 'riskChange' ? t('care.approvalKinds.riskChange', { from: t(`care.risks.${a.fromLevel ?? 'medium'}`), to: t(`care.risks.${a.toLevel ?? 'medium'}`) }) : t('care.approvalKinds.close');
  return (
    <List.Item data-testid="care-case-approval">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>{label}</span>
          <Tag>{t(`care.approvalStatus.${a.status}`)}</Tag>
        </Space>
        <Typography.Text type="secondary">{a.reason}</Typography.Text>
        {a.comment && <Typography.Text>{a.comment}</Typography.Text>}
        {canDecide && a.status === 'requested' && (
          <Space wrap>
            <Input aria-label={t('care.comment')} placeholder={t('care.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
            <Button type="primary" onClick={() => decide('approve')} data-testid="care-approve">
              {t('care.approve')}
            </Button>
            <Button danger onClick={() => decide('reject')}>
              {t('care.reject')}
            </Button>
          </Space>
        )}
        {error !== null && <ErrorAlert error={error} />}
      </Space>
    </List.Item>
  );
}

/** A care case as a timeline, with the visit form and the assessment; supervisors decide approvals here. */
export default function CareCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const kase = useApi((signal) => careApi.case(id, signal), [id]);
  useEffect(() => {
    document.title = `${t('care.caseTitle')} · ${t('app.name')}`;
  }, [t]);
  if (kase.error) return <ErrorAlert error={kase.error} />;
  if (!kase.data) return <PageSpinner />;
  const c = kase.data;
  const photoAdded = (visit: CareCase['visits'][number]) => kase.show({ ...c, visits: c.visits.map((v) => (v.id === visit.id ? visit : v)) });
  const timeline: { at: string; key: string; text: string; who: string | null; extra?: ReactNode }[] = [
    ...c.events.filter((e) => e.action !== 'visited').map((e) => ({ at: e.at, key: e.id, text: t(`care.events.${e.action}`, { defaultValue: e.action }), who: e.username })),
    ...c.visits.map((v) => ({
      at: `${v.visitedOn}T12:00:00.000Z`,
      key: `v${v.id}`,
      text: `${t('care.events.visited')} · ${t(`care.modes.${v.mode}`)}${v.actions ? ` · ${v.actions}` : ''}`,
      who: v.recordedByName,
      extra: <VisitPhotos caseId={c.id} visit={v} canAdd={c.can.visit && c.status === 'open'} onAdded={photoAdded} />,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <div data-testid="care-case-page" style={{ maxWidth: 720 }}>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {c.personName}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`care.groups.${c.group}`)}</Tag>
        <RiskTag level={c.riskLevel} testId="care-case-risk" />
        <StageTag stage={c.visitStage} />
        {c.visitDueOn && <span>{t('care.dueOn', { date: c.visitDueOn })}</span>}
      </Space>
      {c.awayMembers.length > 0 && (
        <Card size="small" title={t('care.awayMembers')} style={{ marginBottom: 12 }}>
          {c.awayMembers.map((m) => (
            <div key={m.id}>
              {m.name} {m.workPlace ? t('care.workPlace', { place: m.workPlace }) : ''}
            </div>
          ))}
        </Card>
      )}
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {c.approvals.length > 0 && (
          <Card size="small" title={t('care.approvals')}>
            <List dataSource={[...c.approvals].reverse()} renderItem={(a) => <ApprovalItem key={a.id} a={a} canDecide={c.can.decide} onDone={kase.reload} />} />
          </Card>
        )}
        <CaseTeamCard kase={c} canEdit={may(user.role, 'care.work')} onSaved={kase.show} onReload={kase.reload} />
        {c.can.visit && <VisitForm kase={c} onSaved={kase.reload} />}
        {c.can.assess && <AssessForm kase={c} onSaved={kase.reload} />}
        <Card size="small" title={t('care.timeline')}>
          <Timeline
            items={timeline.map((x) => ({
              key: x.key,
              children: (
                <>
                  <div>{`${chinaDateOf(x.at)} ${x.text}${x.who ? ` · ${x.who}` : ''}`}</div>
                  {x.extra}
                </>
              ),
            }))}
          />
          <Alert type="info" showIcon message={t('care.plansPlaceholder')} action={<Link to={`/care/cases/${c.id}/referrals`}>{t('care.referralsLink')}</Link>} />
        </Card>
        {c.notes && (
          <Card size="small" title={t('care.notes')}>
            {c.notes.length === 0 ? t('care.none') : c.notes.map((n) => <Typography.Paragraph key={n.id}>{n.body}</Typography.Paragraph>)}
          </Card>
        )}
      </Space>
    </div>
  );
}
