import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { fieldErrors } from '../facilities/problems.ts';
import { INFO_POINT_LIMITS, INFO_POINT_TRANSITIONS, infoPointsApi, type InfoPointDetail, type InfoPointStatus } from './info-points-api.ts';

interface Values {
  status?: InfoPointStatus;
  reason?: string;
}

/** Suspending and closing a point must say why (the server refuses them without a reason). */
const needsReason = (to: InfoPointStatus | undefined) => to === 'suspended' || to === 'closed';

/** Move a point to one of the statuses its status allows, with the reason (kept in its history). */
export function InfoPointStatusDialog({
  point,
  open,
  onClose,
  onDone,
  onStale,
}: {
  point: InfoPointDetail;
  open: boolean;
  onClose: () => void;
  onDone: (saved: InfoPointDetail) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const next = INFO_POINT_TRANSITIONS[point.status];
  const to = Form.useWatch('status', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ status: next[0] });
    setProblem(null);
    setStale(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, point.id, point.version]);

  const submit = async (v: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      onDone(await infoPointsApi.changeStatus(point.id, { version: point.version, status: v.status!, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      else {
        const fields = fieldErrors(t, error, ['status', 'reason']);
        if (fields) form.setFields(fields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
        setProblem(apiErrorMessage(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('infoPoints.register.statusTitle', { name: point.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('infoPoints.register.confirm')}
      cancelText={t('infoPoints.register.cancel')}
      okButtonProps={{ loading: saving, disabled: next.length === 0, 'data-testid': 'info-point-status-ok' }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('infoPoints.register.current', { status: t(`infoPoints.statuses.${point.status}`) })}</Typography.Paragraph>
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('errors.conflict')}
          description={t('infoPoints.register.stale')}
          action={<Button size="small" onClick={onStale}>{t('infoPoints.register.reloadLatest')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={t('infoPoints.register.problem')} description={problem} style={{ marginBottom: 12 }} />}
      {next.length === 0 ? (
        <Typography.Text>{t('infoPoints.register.noTransition')}</Typography.Text>
      ) : (
        <Form<Values> form={form} name="info-point-status" layout="vertical" onFinish={(v) => void submit(v)} data-testid="info-point-status-form">
          <Form.Item name="status" label={t('infoPoints.register.statusTo')} rules={[{ required: true }]}>
            <Select options={next.map((s) => ({ value: s, label: t(`infoPoints.statuses.${s}`) }))} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('infoPoints.register.reason')}
            rules={needsReason(to) ? [{ required: true, whitespace: true, message: t('infoPoints.register.reasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={INFO_POINT_LIMITS.reasonMaxLength} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
