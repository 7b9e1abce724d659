import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, type ButtonProps, Checkbox, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { may } from '../../../../contracts/policy.ts';
import { POST_KINDS, QUALIFICATION_LEVELS } from '../../../../contracts/workers.ts';
import type { Qualification, Worker, WorkerDetail } from '../../../../contracts/workers-api.ts';
import type { Page } from '../../api/types.ts';

/** What a small form in the drawer adds: its API path under the worker and its fields. */
type PartKind = 'post' | 'qualification' | 'registration' | 'training' | 'supervision' | 'create';

const STATUS_COLOR = { declared: 'orange', verified: 'green', rejected: 'red' } as const;

/** One worker: profile (numbers masked unless revealed), posts, qualifications with verification, registration, trainings, supervision. */
export function WorkerDrawer({ id, onClose, onChanged, onCreated }: { id: string | null; onClose: () => void; onChanged: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const { message } = App.useApp();
  const [reveal, setReveal] = useState(false);
  const [part, setPart] = useState<PartKind | null>(null);
  const [verifying, setVerifying] = useState<Qualification | null>(null);
  const creating = id === 'new';
  const canWrite = may(user.role, 'workers.write');
  const canVerify = may(user.role, 'workers.verify');
  const mayReveal = may(user.role, 'workers.reveal');
  const detail = useApi((signal) => (id && !creating ? api.get<WorkerDetail>(`/workers/${id}`, reveal ? { reveal: true } : undefined, signal) : Promise.resolve(undefined)), [id, reveal]);
  const w = id && !creating && detail.data?.id === id ? detail.data : undefined;

  const close = () => {
    setReveal(false);
    setPart(null);
    onClose();
  };
  const saved = () => {
    void message.success(t('workers.saved'));
    setPart(null);
    setVerifying(null);
    detail.reload();
    onChanged();
  };
  const none = t('workers.none');
  const section = (title: string, action: ReactNode, body: ReactNode, testId: string) => (
    <section data-testid={testId}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <h3 className="card-title" style={{ margin: 0 }}>
          {title}
        </h3>
        {action}
      </Space>
      {body}
    </section>
  );
  const add = (kind: PartKind, label: string) =>
    canWrite ? (
      <Button size="small" onClick={() => setPart(kind)} data-testid={`add-${kind}`}>
        {label}
      </Button>
    ) : null;

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      title={<span data-testid="drawer-title">{creating ? t('workers.create') : (w?.name ?? t('workers.detail'))}</span>}
      size={760}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
      data-testid="worker-drawer"
    >
      {creating && (
        <PartForm
          kind="create"
          workerId={null}
          onCancel={close}
          onSaved={(d) => {
            void message.success(t('workers.created', { name: d.name }));
            onCreated(d.id);
          }}
        />
      )}
      {!creating && (
        <>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {!w && detail.loading && <PageSpinner />}
          {w && (
            <Space direction="vertical" size={20} style={{ width: '100%' }} data-testid="worker-detail">
              <div>
                {w.socialWorker && <Tag color="blue">{t('workers.socialWorker')}</Tag>}
                {w.generated && <Tag color="orange">{t('workers.generated')}</Tag>}
                <Typography.Text type="secondary">{t('workers.version', { version: w.version })}</Typography.Text>
              </div>
              {mayReveal && (w.idNumber || w.phone) && (
                <Button onClick={() => setReveal(!reveal)} title={t('workers.revealHint')} data-testid="worker-reveal">
                  {reveal ? t('workers.hide') : t('workers.reveal')}
                </Button>
              )}
              <Descriptions
                size="small"
                bordered
                column={1}
                title={t('workers.profile')}
                items={[
                  { key: 'idNumber', label: t('workers.idNumber'), children: <span className="numeric" data-testid="worker-id-number">{w.idNumber ?? none}</span> },
                  { key: 'phone', label: t('workers.phone'), children: <span className="numeric">{w.phone ?? none}</span> },
                  { key: 'area', label: t('workers.registeredIn'), children: `${w.areaName ?? ''} ${w.areaCode}` },
                  { key: 'account', label: t('workers.linkedAccount'), children: w.userId ? t('workers.linked') : t('workers.notLinked') },
                ]}
              />
              {section(
                t('workers.posts'),
                add('post', t('workers.addPost')),
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  scroll={{ x: true }}
                  dataSource={w.posts}
                  locale={{ emptyText: none }}
                  columns={[
                    { key: 'kind', title: t('workers.postKind'), render: (_, p) => t(`workers.postKinds.${p.kind}`) },
                    { key: 'area', title: t('workers.postArea'), render: (_, p) => p.areaName ?? p.areaCode },
                    { key: 'title', title: t('workers.postTitle'), render: (_, p) => p.title ?? none },
                    { key: 'dates', title: t('workers.from'), render: (_, p) => `${format.date(p.from)} – ${p.to ? format.date(p.to) : ''}` },
                    { key: 'current', title: t('workers.status'), render: (_, p) => (p.current ? <Tag color="green">{t('workers.current')}</Tag> : <Tag>{t('workers.ended')}</Tag>) },
                  ]}
                />,
                'worker-posts',
              )}
              {section(
                t('workers.qualifications'),
                add('qualification', t('workers.declare')),
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  scroll={{ x: true }}
                  dataSource={w.qualifications}
                  locale={{ emptyText: none }}
                  columns={[
                    { key: 'level', title: t('workers.level'), render: (_, q) => t(`workers.levels.${q.level}`) },
                    { key: 'number', title: t('workers.certificateNumber'), render: (_, q) => <span className="numeric">{q.certificateNumber}</span> },
                    { key: 'year', title: t('workers.year'), dataIndex: 'year' },
                    {
                      key: 'status',
                      title: t('workers.status'),
                      render: (_, q) => (
                        <span data-testid="qualification-status">
                          <Tag color={STATUS_COLOR[q.status]}>{t(`workers.statuses.${q.status}`)}</Tag>
                          {q.decidedBy && <Typography.Text type="secondary">{q.decidedBy}</Typography.Text>}
                        </span>
                      ),
                    },
                    {
                      key: 'action',
                      title: '',
                      render: (_, q) =>
                        canVerify && q.status === 'declared' ? (
                          <Button size="small" type="primary" onClick={() => setVerifying(q)} data-testid="qualification-verify">
                            {t('workers.verify')}
                          </Button>
                        ) : (
                          q.evidence && <Typography.Text type="secondary">{q.evidence}</Typography.Text>
                        ),
                    },
                  ]}
                />,
                'worker-qualifications',
              )}
              {section(
                t('workers.registrations'),
                add('registration', t('workers.addRegistration')),
                w.registrations.length === 0 ? (
                  <Typography.Text type="secondary">{none}</Typography.Text>
                ) : (
                  <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                    {w.registrations.map((r) => (
                      <li key={r.id}>
                        {r.number ?? ''} {t('workers.validity')} {format.date(r.validFrom)} – {format.date(r.validTo)}；
                        {r.requiredHours === null ? t('workers.educationHoursNoLevel', { hours: r.educationHours }) : t('workers.educationHours', { hours: r.educationHours, required: r.requiredHours })}{' '}
                        {r.requirementMet !== null && <Tag color={r.requirementMet ? 'green' : 'orange'}>{r.requirementMet ? t('workers.requirementMet') : t('workers.requirementNotMet')}</Tag>}
                      </li>
                    ))}
                  </ul>
                ),
                'worker-registrations',
              )}
              {section(
                t('workers.trainings'),
                add('training', t('workers.addTraining')),
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  scroll={{ x: true }}
                  dataSource={w.trainings}
                  locale={{ emptyText: none }}
                  columns={[
                    { key: 'title', title: t('workers.trainingTitle'), dataIndex: 'title' },
                    { key: 'provider', title: t('workers.provider'), render: (_, x) => x.provider ?? none },
                    { key: 'date', title: t('workers.date'), render: (_, x) => format.date(x.date) },
                    { key: 'hours', title: t('workers.hours'), dataIndex: 'hours', align: 'right' },
                  ]}
                />,
                'worker-trainings',
              )}
              {section(
                t('workers.supervision'),
                add('supervision', t('workers.addSupervision')),
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'by', label: t('workers.supervisors'), children: w.supervisors.map((s) => s.supervisorName).join('、') || none },
                    { key: 'of', label: t('workers.supervisees'), children: w.supervisees.map((s) => s.superviseeName).join('、') || none },
                  ]}
                />,
                'worker-supervision',
              )}
            </Space>
          )}
          {w && part && <PartForm kind={part} workerId={w.id} onCancel={() => setPart(null)} onSaved={saved} />}
          {w && verifying && <VerifyDialog worker={w} qualification={verifying} onCancel={() => setVerifying(null)} onSaved={saved} />}
        </>
      )}
    </Drawer>
  );
}

/** The area picker as a form control (the form gives it its value and change handler). */
function FormAreaPicker({ value, onChange, scope, scopeName }: { value?: string; onChange?: (code: string | undefined) => void; scope: string; scopeName: string }) {
  return <AreaPicker scope={scope} scopeName={scopeName} value={value} onChange={(code) => onChange?.(code)} testId="worker-area" />;
}

/** A worker of the user's scope, found by name, pinyin initials or ID number as the register searches. */
function WorkerSelect({ value, onChange, exclude }: { value?: string; onChange?: (id: string) => void; exclude: string | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Worker[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<Page<Worker>>('/workers', { q, limit: 20 }, controller.signal).then(
        (page) => setFound(page.items.filter((w) => w.id !== exclude)),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, exclude]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(id: string) => onChange?.(id)}
      options={found.map((w) => ({ value: w.id, label: `${w.name}（${w.areaName ?? w.areaCode}）` }))}
      placeholder={t('workers.searchPlaceholder')}
      notFoundContent={text.trim() ? t('workers.none') : null}
      data-testid="supervisee-select"
    />
  );
}

/** Adds one part to a worker (or registers a new worker) in a small form; the server's 400s show beside the form. */
function PartForm({ kind, workerId, onCancel, onSaved }: { kind: PartKind; workerId: string | null; onCancel: () => void; onSaved: (saved: WorkerDetail) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const required = [{ required: true, message: t('workers.required') }];
  const date = (name: string, label: string, isRequired = true) => (
    <Form.Item name={name} label={label} rules={isRequired ? required : []}>
      <Input type="date" />
    </Form.Item>
  );
  const area = (name: string | string[], label: string) => (
    <Form.Item name={name} label={label} rules={required}>
      <FormAreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} />
    </Form.Item>
  );
  const postKind = (name: string | string[], isRequired = true) => (
    <Form.Item name={name} label={t('workers.postKind')} rules={isRequired ? required : []}>
      <Select allowClear options={POST_KINDS.map((k) => ({ value: k, label: t(`workers.postKinds.${k}`) }))} />
    </Form.Item>
  );
  const titles: Record<PartKind, string> = {
    create: t('workers.create'),
    post: t('workers.addPost'),
    qualification: t('workers.declare'),
    registration: t('workers.addRegistration'),
    training: t('workers.addTraining'),
    supervision: t('workers.addSupervision'),
  };
  const fields: Record<PartKind, ReactNode> = {
    create: (
      <>
        <Form.Item name="name" label={t('workers.name')} rules={required}>
          <Input maxLength={50} data-testid="worker-name" />
        </Form.Item>
        {area('areaCode', t('workers.registeredIn'))}
        <Form.Item name="idNumber" label={t('workers.idNumber')}>
          <Input maxLength={18} data-testid="worker-id-input" />
        </Form.Item>
        <Form.Item name="phone" label={t('workers.phone')}>
          <Input maxLength={20} />
        </Form.Item>
        <Typography.Text strong>{t('workers.firstPost')}</Typography.Text>
        {postKind(['post', 'kind'], false)}
        <Form.Item name={['post', 'title']} label={t('workers.postTitle')}>
          <Input maxLength={100} />
        </Form.Item>
        {date('postFrom', t('workers.from'), false)}
      </>
    ),
    post: (
      <>
        {area('areaCode', t('workers.postArea'))}
        {postKind('kind')}
        <Form.Item name="title" label={t('workers.postTitle')}>
          <Input maxLength={100} />
        </Form.Item>
        {date('from', t('workers.from'))}
        {date('to', t('workers.to'), false)}
      </>
    ),
    qualification: (
      <>
        <Form.Item name="level" label={t('workers.level')} rules={required}>
          <Select options={QUALIFICATION_LEVELS.map((l) => ({ value: l, label: t(`workers.levels.${l}`) }))} />
        </Form.Item>
        <Form.Item name="certificateNumber" label={t('workers.certificateNumber')} rules={required}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="year" label={t('workers.year')} rules={required}>
          <InputNumber min={2006} max={2100} />
        </Form.Item>
      </>
    ),
    registration: (
      <>
        <Form.Item name="number" label={t('workers.registrationNumber')}>
          <Input maxLength={40} />
        </Form.Item>
        {date('validFrom', t('workers.from'))}
        {date('validTo', t('workers.to'))}
      </>
    ),
    training: (
      <>
        <Form.Item name="title" label={t('workers.trainingTitle')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="provider" label={t('workers.provider')}>
          <Input maxLength={100} />
        </Form.Item>
        {date('date', t('workers.date'))}
        <Form.Item name="hours" label={t('workers.hours')} rules={required}>
          <InputNumber min={0.5} max={2000} step={0.5} />
        </Form.Item>
        <Form.Item name="continuingEducation" valuePropName="checked" initialValue={true}>
          <Checkbox>{t('workers.continuingEducation')}</Checkbox>
        </Form.Item>
      </>
    ),
    supervision: (
      <>
        <Form.Item name="superviseeId" label={t('workers.supervisees')} rules={required}>
          <WorkerSelect exclude={workerId} />
        </Form.Item>
        {date('from', t('workers.from'))}
        {date('to', t('workers.to'), false)}
      </>
    ),
  };

  const submit = async (values: Record<string, unknown>) => {
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '' && v !== null) body[k] = v;
    if (kind === 'create') {
      const post = body.post as { kind?: string; title?: string } | undefined;
      delete body.post;
      const from = body.postFrom as string | undefined;
      delete body.postFrom;
      if (post?.kind) body.post = { kind: post.kind, areaCode: body.areaCode, from, ...(post.title ? { title: post.title } : {}) };
    }
    setBusy(true);
    setProblem(null);
    try {
      const path = kind === 'create' ? '/workers' : `/workers/${workerId}/${{ post: 'posts', qualification: 'qualifications', registration: 'registrations', training: 'trainings', supervision: 'supervisions' }[kind]}`;
      onSaved(await api.post<WorkerDetail>(path, body));
    } catch (error) {
      setProblem(apiErrorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={titles[kind]} onCancel={onCancel} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'part-save' } as ButtonProps} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v as Record<string, unknown>)} data-testid={`form-${kind}`}>
        {fields[kind]}
        {problem && (
          <Typography.Text type="danger" role="alert" data-testid="part-problem">
            {problem}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

/** Verify or reject a declared qualification with the evidence checked. */
function VerifyDialog({ worker, qualification, onCancel, onSaved }: { worker: WorkerDetail; qualification: Qualification; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'verified' | 'rejected'>('verified');
  const [evidence, setEvidence] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`/workers/${worker.id}/qualifications/${qualification.id}/decision`, { decision, evidence: evidence.trim() });
      onSaved();
    } catch (error) {
      setProblem(apiErrorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('workers.verifyTitle')}
      onCancel={onCancel}
      onOk={() => void send()}
      okButtonProps={{ loading: busy, disabled: !evidence.trim(), 'data-testid': 'verify-save' } as ButtonProps}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }} data-testid="verify-dialog">
        <Typography.Text>
          {worker.name} · {t(`workers.levels.${qualification.level}`)} · {qualification.certificateNumber}（{qualification.year}）
        </Typography.Text>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as typeof decision)} aria-label={t('workers.decision')}>
          <Radio value="verified">{t('workers.verified')}</Radio>
          <Radio value="rejected">{t('workers.rejected')}</Radio>
        </Radio.Group>
        <label>
          <span className="filter-label">{t('workers.evidence')}</span>
          <Input.TextArea value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={500} rows={3} placeholder={t('workers.evidencePlaceholder')} data-testid="verify-evidence" />
        </label>
        {problem && (
          <Typography.Text type="danger" role="alert">
            {problem}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
