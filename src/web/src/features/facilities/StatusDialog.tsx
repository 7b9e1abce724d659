import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { FACILITY_LIMITS, STATUS_TRANSITIONS, isReopen, type FacilityDetail, type FacilityStatus } from '../../api/facilities.ts';
import { useFormat } from '../../i18n/format.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { fieldErrors } from './problems.ts';

interface Values {
  status?: FacilityStatus;
  date?: Dayjs;
  reason?: string;
}

/** Move a facility to its next status: the date it happened and why (a reopen must say why). */
export function StatusDialog({
  facility,
  open,
  onClose,
  onDone,
  onStale,
}: {
  facility: FacilityDetail;
  open: boolean;
  onClose: () => void;
  onDone: (saved: FacilityDetail) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const next = STATUS_TRANSITIONS[facility.status];
  const to = Form.useWatch('status', form);
  const reopen = to !== undefined && isReopen(facility.status, to);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ status: next[0], date: dayjs() });
    setProblem(null);
    setStale(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, facility.id, facility.version]);

  const submit = async (v: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const saved = await api.post<FacilityDetail>(`/facilities/${facility.id}/status`, {
        status: v.status,
        date: v.date!.format('YYYY-MM-DD'),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        ...(isReopen(facility.status, v.status!) ? { reopen: true } : {}),
        version: facility.version,
      });
      onDone(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      else {
        const fields = fieldErrors(t, error, ['status', 'date', 'reason']);
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
      title={t('statusDialog.title', { name: facility.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, disabled: next.length === 0 }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('statusDialog.current', { status: t(`facilityStatus.${facility.status}`), date: format.date(facility.statusDate) })}
      </Typography.Paragraph>
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('errors.conflict')}
          action={<Button size="small" onClick={onStale}>{t('facilities.reloadLatest')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} style={{ marginBottom: 12 }} />}
      {next.length === 0 ? (
        <Typography.Text>{t('statusDialog.noTransition')}</Typography.Text>
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="status-form">
          <Form.Item name="status" label={t('statusDialog.to')} rules={[{ required: true }]}>
            <Select options={next.map((s) => ({ value: s, label: t(`facilityStatus.${s}`) }))} />
          </Form.Item>
          <Form.Item name="date" label={t('statusDialog.date')} rules={[{ required: true, message: t('facilities.required', { field: t('statusDialog.date') }) }]}>
            <DatePicker
              disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(facility.statusDate), 'day')}
              style={{ width: 200 }}
            />
          </Form.Item>
          {reopen && <Alert type="info" showIcon title={t('statusDialog.reopenNote')} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="reason"
            label={t('statusDialog.reason')}
            rules={reopen ? [{ required: true, whitespace: true, message: t('statusDialog.reasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={FACILITY_LIMITS.reasonMaxLength} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
