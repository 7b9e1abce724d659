import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { useUser } from '../../app/session.tsx';
import { may } from '../../../../contracts/policy.ts';
import { NEED_CATEGORIES, NEED_DECISIONS, NEED_EVIDENCE_KINDS, type NeedCategory, type NeedDecision, type NeedEvidenceKind } from '../../../../contracts/linkage.ts';
import type { Need } from '../../../../contracts/linkage-api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { linkageApi } from './linkage-api.ts';
import './linkage.css';

const TONE: Record<Need['status'], Tone | null> = { open: 'blue', underConsideration: 'orange', takenUp: 'green', notTakenUp: null, merged: null };

/** The needs board (居民需求): raise a need, support and follow neighbours' needs; staff answer them. Works at 360 px. */
export default function NeedsBoardPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const staff = may(user.role, 'needs.answer');
  const worker = user.role !== 'resident';
  const [followed, setFollowed] = useState(false);
  const needs = useApi((signal) => linkageApi.needs(followed ? { followed: true } : {}, signal), [followed]);
  const [raising, setRaising] = useState(false);
  const [answering, setAnswering] = useState<Need | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('linkage.needs.title')} · ${t('app.name')}`;
  }, [t]);

  async function act(run: () => Promise<unknown>, note?: string) {
    try {
      await run();
      if (note) void message.success(note);
      needs.reload();
    } catch (failure) {
      void message.error(apiErrorMessage(t, failure));
    }
  }

  return (
    <div className="linkage-page" data-testid="needs-board">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkage.needs.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('linkage.needs.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {may(user.role, 'needs.raise') && (
          <Button type="primary" size="large" onClick={() => setRaising(true)} data-testid="need-raise">
            {t('linkage.needs.raise')}
          </Button>
        )}
        <Radio.Group
          optionType="button"
          value={followed ? 'followed' : 'all'}
          onChange={(e) => setFollowed(e.target.value === 'followed')}
          options={[
            { value: 'all', label: t('linkage.needs.all') },
            { value: 'followed', label: t('linkage.needs.followed') },
          ]}
        />
      </Space>
      <ErrorAlert error={needs.error} onRetry={needs.reload} />
      {needs.loading && !needs.data && <PageSpinner />}
      {needs.data && needs.data.items.length === 0 && <Empty description={t('linkage.needs.empty')} />}
      <div className="linkage-cards">
        {needs.data?.items.map((n) => (
          <Card key={n.id} size="small" className="linkage-need" data-testid="need-card" data-need-id={n.id}>
            <Space size={4} wrap>
              {TONE[n.status] ? <ColorTag tone={TONE[n.status]!}>{t(`linkage.statuses.${n.status}`)}</ColorTag> : <Tag>{t(`linkage.statuses.${n.status}`)}</Tag>}
              <Tag>{t(`linkage.categories.${n.category}`)}</Tag>
              {n.channel === 'worker' && <Tag>{t('linkage.needs.byWorker')}</Tag>}
            </Space>
            <h2 className="linkage-need-title">{n.title}</h2>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{n.description}</Typography.Paragraph>
            {n.photo && <img src={n.photo} alt={n.title} className="linkage-need-photo" />}
            <div className="linkage-need-supports" data-testid="need-supports">
              {t('linkage.needs.supports', { count: n.supports, threshold: n.threshold })}
            </div>
            {n.publicAnswer && (
              <div className="linkage-answer">
                <strong>{t('linkage.needs.publicAnswer')}：</strong>
                {n.publicAnswer.text}
              </div>
            )}
            <Space wrap style={{ marginTop: 8 }}>
              {user.role === 'resident' && (
                <Button disabled={n.supportedByMe || n.status === 'merged'} onClick={() => void act(() => linkageApi.support(n.id))} data-testid="need-support">
                  {n.supportedByMe ? t('linkage.needs.supported') : t('linkage.needs.support')}
                </Button>
              )}
              <Button onClick={() => void act(() => linkageApi.follow(n.id, !n.followedByMe))} data-testid="need-follow">
                {n.followedByMe ? t('linkage.needs.unfollow') : t('linkage.needs.follow')}
              </Button>
              {staff && (
                <Button onClick={() => setAnswering(n)} data-testid="need-answer">
                  {t('linkage.needs.answer')}
                </Button>
              )}
            </Space>
          </Card>
        ))}
      </div>
      <RaiseDialog
        open={raising}
        worker={worker}
        onClose={() => setRaising(false)}
        onSaved={() => {
          setRaising(false);
          void message.success(t('linkage.needs.raised'));
          needs.reload();
        }}
        onError={setError}
      />
      <AnswerDialog
        need={answering}
        onClose={() => setAnswering(null)}
        onSaved={() => {
          setAnswering(null);
          void message.success(t('linkage.needs.saved'));
          needs.reload();
        }}
      />
      <ErrorAlert error={error} />
    </div>
  );
}

function RaiseDialog({ open, worker, onClose, onSaved, onError }: { open: boolean; worker: boolean; onClose: () => void; onSaved: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ category: NeedCategory; title: string; description: string; evidenceKind?: NeedEvidenceKind; evidence?: string }>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    setFailure(null);
    try {
      await linkageApi.raise({ category: v.category, title: v.title, description: v.description, ...(worker ? { evidenceKind: v.evidenceKind, evidence: v.evidence } : {}) });
      form.resetFields();
      onSaved();
    } catch (e) {
      setFailure(e);
      onError(null);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={t('linkage.needs.raise')} onCancel={onClose} onOk={() => void submit()} okText={t('linkage.needs.submit')} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'need-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ category: 'children' }}>
        <Form.Item name="category" label={t('linkage.needs.category')} rules={[{ required: true }]}>
          <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`linkage.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('linkage.needs.titleField')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="need-title" />
        </Form.Item>
        <Form.Item name="description" label={t('linkage.needs.description')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={4} data-testid="need-description" />
        </Form.Item>
        {worker && (
          <>
            <Form.Item name="evidenceKind" label={t('linkage.needs.evidenceKind')} rules={[{ required: true }]}>
              <Select options={NEED_EVIDENCE_KINDS.map((c) => ({ value: c, label: t(`linkage.evidenceKinds.${c}`) }))} />
            </Form.Item>
            <Form.Item name="evidence" label={t('linkage.needs.evidence')} rules={[{ required: true, max: 4000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </Form>
      <ErrorAlert error={failure} />
    </Modal>
  );
}

function AnswerDialog({ need, onClose, onSaved }: { need: Need | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: NeedDecision; reason?: string; internalNote?: string; publicText?: string; publish?: boolean }>();
  const [failure, setFailure] = useState<unknown>(null);
  async function submit() {
    if (!need) return;
    const v = await form.validateFields();
    setFailure(null);
    try {
      await linkageApi.answer(need.id, { decision: v.decision, reason: v.reason || undefined, internalNote: v.internalNote || undefined, publicText: v.publicText || undefined, publish: Boolean(v.publish) });
      form.resetFields();
      onSaved();
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Modal open={need !== null} title={`${t('linkage.needs.answer')} · ${need?.title ?? ''}`} onCancel={onClose} onOk={() => void submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ decision: 'underConsideration', publish: true }}>
        <Form.Item name="decision" label={t('linkage.needs.decision')} rules={[{ required: true }]}>
          <Radio.Group options={NEED_DECISIONS.map((d) => ({ value: d, label: t(`linkage.statuses.${d}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('linkage.needs.reason')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="internalNote" label={t('linkage.needs.internalNote')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="publicText" label={t('linkage.needs.publicText')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="publish" valuePropName="checked">
          <Checkbox>{t('linkage.needs.publish')}</Checkbox>
        </Form.Item>
      </Form>
      <ErrorAlert error={failure} />
    </Modal>
  );
}
