import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { HANDLER_ACTIONS, requestsApi, type HandlerAction, type RequestAssignee, type ServiceRequestDetail, type TransitionInput } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { requestErrorMessage } from './request-errors.ts';

/** Steps whose reason the server requires (a refusal, a 补正, a transfer). */
const NEEDS_REASON: readonly HandlerAction[] = ['notAccept', 'requestSupplement', 'transfer'];
/** Steps that end or refuse something: shown as danger buttons. */
const DANGER: readonly HandlerAction[] = ['notAccept', 'markDuplicate'];

interface StepValues {
  note?: string;
  reason?: string;
  outcome?: 'approved' | 'denied';
  toUnit?: string;
  duplicateOf?: string;
  internal?: boolean;
}

/**
 * A handler's steps on one request: the buttons are the actions the server says the caller may
 * take now (`allowedActions`, from the status machine and the policy), each asking for what its
 * step needs; assignment to oneself or, through a picker, to anyone the server offers
 * (`GET /service-requests/{id}/assignees`); the acceptance receipt once accepted.
 */
export function HandlerPanel({
  request,
  onChanged,
}: {
  request: ServiceRequestDetail;
  onChanged: (next: ServiceRequestDetail, done: string) => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const actions = HANDLER_ACTIONS.filter((a) => request.allowedActions.includes(a));
  const [open, setOpen] = useState<HandlerAction | null>(null);
  // The dialog keeps its title while it closes (a dialog without a name fails axe mid-animation).
  const [titled, setTitled] = useState<HandlerAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [received, setReceived] = useState<Record<string, boolean>>({});
  const [form] = Form.useForm<StepValues>();
  const say = t as unknown as (key: string, values?: Record<string, unknown>) => string;

  const start = (action: HandlerAction) => {
    form.resetFields();
    setError(null);
    setReceived(Object.fromEntries(request.materials.map((m) => [m.material, m.received])));
    setOpen(action);
    setTitled(action);
  };

  const send = async (values: StepValues) => {
    if (!open) return;
    const input: TransitionInput = { action: open, version: request.version };
    if (values.note?.trim()) input.note = values.note.trim();
    if (values.reason?.trim()) input.reason = values.reason.trim();
    if (open === 'decide') input.outcome = values.outcome ?? 'approved';
    if (open === 'transfer' && values.toUnit) input.toUnit = values.toUnit.trim();
    if (open === 'markDuplicate' && values.duplicateOf) input.duplicateOf = values.duplicateOf.trim();
    if (open === 'accept') input.materials = request.materials.map((m) => ({ material: m.material, received: received[m.material] ?? false }));
    if (values.internal) input.visibility = 'internal';
    setBusy(true);
    setError(null);
    try {
      const next = await requestsApi.transition(request.id, input);
      setOpen(null);
      onChanged(next, t('requests.handle.done', { action: say(`requests.action.${open}`) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const assign = async (assigneeId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const next = await requestsApi.assign(request.id, { assigneeId });
      onChanged(next, t('requests.handle.assigned'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  // The people the request can go to, asked for when the picker first opens.
  const [assignees, setAssignees] = useState<RequestAssignee[] | null>(null);
  const [loadingAssignees, setLoadingAssignees] = useState(false);
  const loadAssignees = async (opened: boolean) => {
    if (!opened || assignees !== null || loadingAssignees) return;
    setLoadingAssignees(true);
    try {
      setAssignees((await requestsApi.assignees(request.id)).items);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoadingAssignees(false);
    }
  };

  const outcome = Form.useWatch('outcome', form);
  const reasonRequired = open !== null && (NEEDS_REASON.includes(open) || (open === 'decide' && outcome === 'denied'));
  const labelOf = (field: string) => (field === 'reason' ? t('requests.handle.reason') : field === 'toUnit' ? t('requests.handle.toUnit') : field.startsWith('materials') ? t('requests.detail.materials') : undefined);
  const isOpen = !['notAccepted', 'closed', 'withdrawn', 'duplicate'].includes(request.status);

  return (
    <section aria-labelledby="handle-title" data-testid="handler-panel">
      <h2 id="handle-title" className="card-title">
        {t('requests.handle.title')}
      </h2>
      {error != null && !open && <Alert type="error" showIcon role="alert" title={requestErrorMessage(t, error, labelOf)} style={{ marginBottom: 8 }} />}
      {actions.length === 0 && <Typography.Paragraph type="secondary">{t('requests.handle.none')}</Typography.Paragraph>}
      <Space wrap>
        {actions.map((action) => (
          <Button
            key={action}
            type={action === actions[0] ? 'primary' : 'default'}
            danger={DANGER.includes(action)}
            onClick={() => start(action)}
            data-testid={`action-${action}`}
          >
            {t(`requests.action.${action}`)}
          </Button>
        ))}
        {isOpen && request.assigneeId !== user.id && (
          <Button onClick={() => assign(user.id)} disabled={busy} data-testid="assign-me">
            {t('requests.handle.assignMe')}
          </Button>
        )}
        {isOpen && (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={null}
            placeholder={t('requests.handle.assignTo')}
            aria-label={t('requests.handle.assignTo')}
            onOpenChange={(opened) => void loadAssignees(opened)}
            loading={loadingAssignees}
            disabled={busy}
            notFoundContent={loadingAssignees ? t('requests.handle.assigneesLoading') : t('requests.handle.assigneesNone')}
            options={(assignees ?? []).filter((u) => u.id !== request.assigneeId).map((u) => ({ value: u.id, label: `${u.name} (${u.username} · ${u.scopeCode})` }))}
            onChange={(id: string | null) => id && void assign(id)}
            style={{ minWidth: 200, maxWidth: '100%' }}
            data-testid="assign-to"
          />
        )}
        {isOpen && request.assigneeId && (
          <Button onClick={() => assign(null)} disabled={busy} data-testid="unassign">
            {t('requests.handle.unassign')}
          </Button>
        )}
      </Space>
      <Modal
        open={open !== null}
        title={titled ? t(`requests.action.${titled}`) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        okText={t('requests.handle.send')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ danger: open !== null && DANGER.includes(open), 'data-testid': 'action-send' }}
        destroyOnHidden
        data-testid="action-dialog"
      >
        <Form<StepValues> form={form} layout="vertical" onFinish={send} initialValues={{ outcome: 'approved' }} data-testid="action-form">
          {open === 'accept' && request.materials.length > 0 && (
            <fieldset className="request-fieldset">
              <legend>{t('requests.handle.materialsReceived')}</legend>
              {request.materials.map((m) => (
                <div key={m.material} data-testid={`accept-material-${m.material}`}>
                  <Checkbox checked={received[m.material] ?? false} onChange={(e) => setReceived({ ...received, [m.material]: e.target.checked })}>
                    {m.name}
                    {m.required && <span className="request-muted"> · {t('requests.apply.required')}</span>}
                    {m.attachmentIds.length > 0 && <span className="request-muted"> · {t('requests.detail.attachments', { count: m.attachmentIds.length })}</span>}
                  </Checkbox>
                </div>
              ))}
            </fieldset>
          )}
          {open === 'decide' && (
            <Form.Item name="outcome" label={t('requests.handle.outcome')}>
              <Radio.Group
                options={[
                  { value: 'approved', label: t('requests.outcome.approved') },
                  { value: 'denied', label: t('requests.outcome.denied') },
                ]}
              />
            </Form.Item>
          )}
          {open === 'transfer' && (
            <Form.Item
              name="toUnit"
              label={t('requests.handle.toUnit')}
              extra={t('requests.handle.toUnitHint')}
              htmlFor="transfer-unit"
              rules={[{ required: true, pattern: /^([0-9]{6}|[0-9]{9}|[0-9]{12})$/, message: t('problemCodes.invalid_format') }]}
            >
              <Input id="transfer-unit" inputMode="numeric" maxLength={12} />
            </Form.Item>
          )}
          {open === 'markDuplicate' && (
            <Form.Item name="duplicateOf" label={t('requests.handle.duplicateOf')} htmlFor="duplicate-of" rules={[{ required: true, message: t('problemCodes.required') }]}>
              <Input id="duplicate-of" maxLength={36} />
            </Form.Item>
          )}
          {open !== null && (NEEDS_REASON.includes(open) || open === 'decide') && (
            <Form.Item
              name="reason"
              label={t('requests.handle.reason')}
              htmlFor="action-reason"
              rules={reasonRequired ? [{ required: true, whitespace: true, message: t('requests.handle.reasonRequired') }] : []}
            >
              <Input.TextArea id="action-reason" rows={3} maxLength={1000} data-testid="action-reason" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('requests.handle.note')} htmlFor="action-note">
            <Input.TextArea id="action-note" rows={2} maxLength={2000} data-testid="action-note" />
          </Form.Item>
          {open !== 'requestSupplement' && open !== 'notAccept' && (
            <Form.Item name="internal" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{t('requests.handle.internalOnly')}</Checkbox>
            </Form.Item>
          )}
          {error != null && <Alert type="error" showIcon role="alert" title={requestErrorMessage(t, error, labelOf)} style={{ marginTop: 12 }} data-testid="action-error" />}
        </Form>
      </Modal>
    </section>
  );
}
