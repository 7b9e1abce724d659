import { useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { REGISTERED_KINDS, type RatingGrade } from '../../../../contracts/organizations.ts';
import type { OrganizationDetail } from '../../../../contracts/organizations-api.ts';

type Save = (saved: OrganizationDetail) => void;

/** Grade a score earns on the effective scale (the server decides; this only shows it as the score is typed). */
function gradeOf(score: number | null | undefined, scale: OrganizationDetail['ratingScale']): RatingGrade | null {
  if (score === null || score === undefined || score < 0 || score > scale.max) return null;
  let grade: RatingGrade | null = null;
  for (const g of ['1A', '2A', '3A', '4A', '5A'] as const) if (score >= scale.minimums[g]) grade = g;
  return grade;
}

function useSubmit<T>(send: (values: T) => Promise<OrganizationDetail>, onSaved: Save) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await send(values));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit, reset: () => setError(null) };
}

function ErrorLine({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  return error ? <Alert type="error" showIcon role="alert" title={apiErrorMessage(t, error)} style={{ marginTop: 8 }} data-testid={testId} /> : null;
}

export function StatusDialog({ organization, open, onClose, onSaved }: { organization: OrganizationDetail; open: boolean; onClose: () => void; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ status: string; date: Dayjs; reason?: string; creditCode?: string; registeredKind?: string }>();
  const to = Form.useWatch('status', form);
  const { busy, error, submit } = useSubmit(
    (v: { status: string; date: Dayjs; reason?: string; creditCode?: string; registeredKind?: string }) =>
      api.post<OrganizationDetail>(`/organizations/${organization.id}/status`, {
        status: v.status,
        date: v.date.format('YYYY-MM-DD'),
        version: organization.version,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        ...(v.status === 'registered' && v.creditCode ? { creditCode: v.creditCode.trim() } : {}),
        ...(v.status === 'registered' && v.registeredKind ? { registeredKind: v.registeredKind } : {}),
      }),
    onSaved,
  );
  return (
    <Modal open={open} title={t('organizations.statusChange.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ date: dayjs() }} data-testid="status-form">
        <Form.Item name="status" label={t('organizations.statusChange.to')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Select options={organization.allowedStatuses.map((s) => ({ value: s, label: t(`organizations.statuses.${s}`) }))} data-testid="status-select" />
        </Form.Item>
        {to === 'registered' && (
          <>
            <Form.Item name="creditCode" label={t('organizations.creditCode')} initialValue={organization.creditCode ?? undefined} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="registeredKind" label={t('organizations.registeredKind')} initialValue={organization.registeredKind ?? undefined} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <Select options={REGISTERED_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="date" label={t('organizations.statusChange.date')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
        <Form.Item name="reason" label={t('organizations.statusChange.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorLine error={error} testId="status-error" />
    </Modal>
  );
}

export function RatingDialog({ organization, open, onClose, onSaved }: { organization: OrganizationDetail; open: boolean; onClose: () => void; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ score: number; assessor: string; ratedOn: Dayjs; notes?: string }>();
  const score = Form.useWatch('score', form);
  const scale = organization.ratingScale;
  const grade = gradeOf(score, scale);
  const { busy, error, submit } = useSubmit(
    (v: { score: number; assessor: string; ratedOn: Dayjs; notes?: string }) =>
      api.post<OrganizationDetail>(`/organizations/${organization.id}/ratings`, { score: v.score, assessor: v.assessor, ratedOn: v.ratedOn.format('YYYY-MM-DD'), notes: v.notes?.trim() || null }),
    onSaved,
  );
  const m = scale.minimums;
  return (
    <Modal open={open} title={t('organizations.rate.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary" data-testid="rating-scale">
        {t('organizations.rate.scale', { max: scale.max, a1: m['1A'], a2: m['2A'], a3: m['3A'], a4: m['4A'], a5: m['5A'] })}
        {scale.setAt === null ? t('organizations.rate.scaleDefault') : ''} {t('organizations.rate.validFiveYears')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ ratedOn: dayjs() }} data-testid="rating-form">
        <Form.Item
          name="score"
          label={t('organizations.rate.score')}
          rules={[{ required: true, message: t('problemCodes.required') }]}
          extra={score !== null && score !== undefined ? (grade ? t('organizations.rate.gradeWillBe', { grade }) : t('organizations.rate.noGrade')) : undefined}
        >
          <InputNumber min={0} style={{ width: 160 }} data-testid="rating-score" />
        </Form.Item>
        <Form.Item name="assessor" label={t('organizations.rate.assessor')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Input maxLength={100} data-testid="rating-assessor" />
        </Form.Item>
        <Form.Item name="ratedOn" label={t('organizations.rate.ratedOn')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
        <Form.Item name="notes" label={t('organizations.rate.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorLine error={error} testId="rating-error" />
    </Modal>
  );
}

export function AppealDialog({ organization, ratingId, onClose, onSaved }: { organization: OrganizationDetail; ratingId: string | null; onClose: () => void; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, submit } = useSubmit((v: { reason: string }) => api.post<OrganizationDetail>(`/organizations/${organization.id}/appeals`, { ratingId, reason: v.reason }), onSaved);
  return (
    <Modal open={ratingId !== null} title={t('organizations.rate.appeal')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('organizations.rate.appealReason')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorLine error={error} testId="appeal-error" />
    </Modal>
  );
}

export function DecideDialog({ organization, ratingId, onClose, onSaved }: { organization: OrganizationDetail; ratingId: string | null; onClose: () => void; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'changed'; score?: number; decision: string }>();
  const outcome = Form.useWatch('outcome', form);
  const { busy, error, submit } = useSubmit(
    (v: { outcome: 'upheld' | 'changed'; score?: number; decision: string }) =>
      api.post<OrganizationDetail>(`/organizations/${organization.id}/appeals/decision`, { ratingId, outcome: v.outcome, decision: v.decision, ...(v.outcome === 'changed' ? { score: v.score } : {}) }),
    onSaved,
  );
  return (
    <Modal open={ratingId !== null} title={t('organizations.rate.decide')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'upheld' }}>
        <Form.Item name="outcome">
          <Radio.Group
            options={[
              { value: 'upheld', label: t('organizations.rate.uphold') },
              { value: 'changed', label: t('organizations.rate.change') },
            ]}
          />
        </Form.Item>
        {outcome === 'changed' && (
          <Form.Item name="score" label={t('organizations.rate.newScore')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <InputNumber min={0} />
          </Form.Item>
        )}
        <Form.Item name="decision" label={t('organizations.rate.decision')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorLine error={error} testId="decide-error" />
    </Modal>
  );
}
