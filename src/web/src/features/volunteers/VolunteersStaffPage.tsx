import { lazy, useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { may } from '../../../../contracts/policy.ts';
import { VOLUNTEER_STATUSES, type VolunteerStatus } from '../../../../contracts/volunteers.ts';
import { apiUrl } from '../../api/client.ts';
import { ImportWizard } from '../facilities/ImportWizard.tsx';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { FilterSelect } from '../../shared/Register.tsx';
import { useApi } from '../../shared/use-api.ts';
import { StateTag } from './StateTag.tsx';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { hoursText, timeBankApi, volunteersApi, type TimeBank, type Volunteer, type VolunteerHours } from './api.ts';
import { OnScreen } from '../indicators/OnScreen.tsx';
import './volunteers.css';

const VolunteerMap = lazy(() => import('./VolunteerMap.tsx'));

/** 志愿者管理: hours awaiting verification, the registry (search, filters incl. hours pending verification, edit, XLSX import and export, certificates), and a community's time bank settings. Usable at 360 px. */
export default function VolunteersStaffPage() {
  const { t } = useTranslation();
  const user = useUser();
  useEffect(() => {
    document.title = `${t('volunteers.staff.title')} · ${t('app.name')}`;
  }, [t]);
  const items = [
    ...(may(user.role, 'volunteers.verify') ? [{ key: 'awaiting', label: t('volunteers.staff.tabs.awaiting'), children: <AwaitingPanel /> }] : []),
    { key: 'registry', label: t('volunteers.staff.tabs.registry'), children: <RegistryPanel /> },
    ...(may(user.role, 'timeBank.manage') ? [{ key: 'bank', label: t('volunteers.staff.tabs.bank'), children: <BankSettingsPanel /> }] : []),
  ];
  return (
    <div data-testid="volunteers-staff">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('volunteers.staff.title')}
      </Typography.Title>
      <Tabs items={items} />
    </div>
  );
}

function AwaitingPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const [cursor, setCursor] = useState<string | null>(null);
  const page = useApi((signal) => volunteersApi.hours({ state: 'claimed', limit: 50, cursor }, signal), [cursor]);
  const [decided, setDecided] = useState<Record<string, VolunteerHours>>({});
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (id: string, decision: 'verified' | 'rejected') => {
    setError(null);
    try {
      const result = await volunteersApi.decide(id, decision === 'rejected' ? { decision, reason } : { decision });
      setDecided((before) => ({ ...before, [id]: result }));
      setRejecting(null);
      setReason('');
      void message.success(t(decision === 'verified' ? 'volunteers.staff.verified' : 'volunteers.staff.rejected'));
    } catch (failure) {
      setError(failure);
    }
  };
  const items = page.data?.items ?? [];
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('volunteers.staff.awaitingIntro')}</Typography.Paragraph>
      <ErrorAlert error={error ?? page.error} onRetry={page.reload} />
      {page.data && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.staff.noneAwaiting')} />}
      <ul className="volunteer-list" data-testid="awaiting-hours">
        {items.map((h) => {
          const done = decided[h.id];
          return (
            <li key={h.id} data-testid="awaiting-row">
              <div className="volunteer-row">
                <strong>{h.volunteerName}</strong>
                <span>{hoursText(h.minutes)}</span>
              </div>
              <div className="volunteer-row volunteer-muted">
                <span>{h.activity}</span>
                <span>{format.date(`${h.serviceDate}T00:00:00`)}</span>
              </div>
              {done ? (
                <StateTag state={done.state} />
              ) : rejecting === h.id ? (
                <Space.Compact style={{ width: '100%' }}>
                  <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('volunteers.staff.rejectReason')} aria-label={t('volunteers.staff.rejectReason')} />
                  <Button danger disabled={!reason.trim()} onClick={() => decide(h.id, 'rejected')}>
                    {t('volunteers.staff.reject')}
                  </Button>
                </Space.Compact>
              ) : (
                <Space wrap>
                  <Button type="primary" onClick={() => decide(h.id, 'verified')} data-testid="verify-hours">
                    {t('volunteers.staff.verify')}
                  </Button>
                  <Button onClick={() => setRejecting(h.id)}>{t('volunteers.staff.reject')}</Button>
                </Space>
              )}
            </li>
          );
        })}
      </ul>
      {page.data?.nextCursor && <Button block onClick={() => setCursor(page.data!.nextCursor)}>{t('volunteers.bank.more')}</Button>}
    </Card>
  );
}

const STATUS_TONES: Record<VolunteerStatus, Tone | null> = { active: 'green', paused: 'orange', withdrawn: null };

/** A volunteer's status, in tones that keep their contrast (ColorTag). */
function StatusTag({ status }: { status: VolunteerStatus }) {
  const { t } = useTranslation();
  const tone = STATUS_TONES[status];
  return tone ? <ColorTag tone={tone}>{t(`volunteers.staff.statuses.${status}`)}</ColorTag> : <Tag>{t(`volunteers.staff.statuses.${status}`)}</Tag>;
}

function RegistryPanel() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const canWrite = may(user.role, 'volunteers.write');
  const [area, setArea] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [skill, setSkill] = useState('');
  const [status, setStatus] = useState<VolunteerStatus | undefined>();
  const [pending, setPending] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [importOpen, setImportOpen] = useState(false);
  const [editing, setEditing] = useState<Volunteer | null>(null);
  const filter = { area, q: q.trim() || undefined, skill: skill.trim() || undefined, status, pending: pending || undefined };
  const page = useApi((signal) => volunteersApi.list({ ...filter, limit: 50, cursor }, signal), [area, q, skill, status, pending, cursor, tick]);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ name: string; areaCode: string; skills?: string }>();
  const refresh = () => {
    setCursor(null);
    setTick((n) => n + 1);
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <label>
          <span className="filter-label">{t('volunteers.staff.area')}</span>
          <AreaPicker scope={user.scope} scopeName={user.scopeName ?? undefined} value={area} onChange={(code) => { setArea(code); setCursor(null); }} width={240} />
        </label>
        <Input.Search allowClear placeholder={t('volunteers.staff.search')} aria-label={t('volunteers.staff.search')} onSearch={(value) => { setQ(value); setCursor(null); }} style={{ width: 200 }} data-testid="volunteer-search" />
        <Input.Search allowClear placeholder={t('volunteers.staff.skill')} aria-label={t('volunteers.staff.skill')} onSearch={(value) => { setSkill(value); setCursor(null); }} style={{ width: 160 }} />
        <FilterSelect<VolunteerStatus>
          label={t('volunteers.staff.status')}
          value={status}
          onChange={(value) => { setStatus(value); setCursor(null); }}
          options={VOLUNTEER_STATUSES.map((s) => ({ value: s, label: t(`volunteers.staff.statuses.${s}`) }))}
          allLabel={t('volunteers.staff.allStatuses')}
          testId="volunteer-status-filter"
        />
        <Checkbox checked={pending} onChange={(e) => { setPending(e.target.checked); setCursor(null); }} data-testid="volunteer-pending-filter">
          {t('volunteers.staff.pendingOnly')}
        </Checkbox>
      </Space>
      <Space wrap>
        <Button href={apiUrl('/volunteers/export', { ...filter, format: 'xlsx' })} download data-testid="volunteer-export">
          {t('volunteers.staff.export')}
        </Button>
        {canWrite && (
          <Button onClick={() => setImportOpen(true)} data-testid="volunteer-import">
            {t('volunteers.staff.import')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.data && <Typography.Text type="secondary" data-testid="volunteer-total">{t('volunteers.staff.total', { count: page.data.total })}</Typography.Text>}
      <Table<Volunteer>
        rowKey="id"
        size="small"
        loading={page.loading}
        dataSource={page.data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="volunteer-table"
        columns={[
          { title: t('volunteers.staff.columns.name'), dataIndex: 'name' },
          { title: t('volunteers.staff.columns.community'), render: (_, v) => v.areaName ?? v.areaCode },
          { title: t('volunteers.staff.columns.skills'), render: (_, v) => v.skills.join('、') },
          { title: t('volunteers.staff.columns.status'), render: (_, v) => <StatusTag status={v.status} /> },
          { title: t('volunteers.staff.columns.verified'), align: 'right', render: (_, v) => hoursText(v.verifiedMinutes) },
          { title: t('volunteers.staff.columns.pending'), align: 'right', render: (_, v) => hoursText(v.claimedMinutes) },
          {
            title: t('volunteers.staff.columns.actions'),
            render: (_, v) => (
              <Space size={4} wrap>
                {canWrite && (
                  <Button size="small" onClick={() => setEditing(v)} data-testid="volunteer-edit" aria-label={`${t('volunteers.staff.edit')} ${v.name}`}>
                    {t('volunteers.staff.edit')}
                  </Button>
                )}
                <a href={volunteersApi.certificateUrl(v.id, i18n.language)} download>
                  {t('volunteers.staff.certificate')}
                </a>
              </Space>
            ),
          },
        ]}
      />
      {page.data?.nextCursor && <Button block onClick={() => setCursor(page.data!.nextCursor)}>{t('volunteers.bank.more')}</Button>}
      <Card title={<h2 className="card-title">{t('volunteers.map.title')}</h2>} size="small">
        <OnScreen className="map-box" testId="volunteer-map">
          <VolunteerMap filter={filter} scope={user.scope} />
        </OnScreen>
      </Card>
      {canWrite && <ImportWizard subject="volunteers" open={importOpen} onClose={() => setImportOpen(false)} onImported={refresh} />}
      {editing && (
        <EditVolunteer
          volunteer={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('volunteers.staff.saved'));
            setTick((n) => n + 1);
          }}
        />
      )}
      {canWrite && (
        <Card title={t('volunteers.staff.registerTitle')} size="small">
          <ErrorAlert error={error} />
          <Form
            form={form}
            layout="vertical"
            initialValues={{ areaCode: user.scope.length === 12 ? user.scope : '' }}
            onFinish={async (values) => {
              setError(null);
              try {
                await volunteersApi.register({ name: values.name, areaCode: values.areaCode, skills: splitWords(values.skills) });
                void message.success(t('volunteers.staff.registered'));
                form.resetFields(['name', 'skills']);
                setTick((n) => n + 1);
              } catch (failure) {
                setError(failure);
              }
            }}
          >
            <Form.Item name="name" label={t('volunteers.staff.name')} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="areaCode" label={t('volunteers.staff.community')} rules={[{ required: true, pattern: /^[0-9]{12}$/, message: t('problemCodes.invalid_format') }]}>
              <Input inputMode="numeric" maxLength={12} />
            </Form.Item>
            <Form.Item name="skills" label={t('volunteers.staff.skill')}>
              <Input maxLength={200} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('volunteers.staff.registerSubmit')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

const splitWords = (text: string | undefined) => (text ?? '').split(/[,，、;；\s]+/).map((w) => w.trim()).filter(Boolean);

/** Staff edit a volunteer: skills, availability, the areas served, status. */
function EditVolunteer({ volunteer, onClose, onSaved }: { volunteer: Volunteer; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ skills: string; availability: string; serviceAreas: string; status: VolunteerStatus }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('volunteers.staff.editTitle', { name: volunteer.name })}
      onCancel={onClose}
      okText={t('volunteers.staff.save')}
      cancelText={t('volunteers.staff.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <div data-testid="volunteer-edit-dialog">
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ skills: volunteer.skills.join('、'), availability: volunteer.availability ?? '', serviceAreas: volunteer.serviceAreas.join('、'), status: volunteer.status }}
          onFinish={async (values) => {
            setError(null);
            setBusy(true);
            try {
              await volunteersApi.update(volunteer.id, { skills: splitWords(values.skills), availability: values.availability ?? '', serviceAreas: splitWords(values.serviceAreas), status: values.status });
              onSaved();
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="skills" label={t('volunteers.staff.skillsField')}>
            <Input maxLength={250} />
          </Form.Item>
          <Form.Item name="availability" label={t('volunteers.staff.availability')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="serviceAreas" label={t('volunteers.staff.serviceAreas')} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
            <Input inputMode="numeric" />
          </Form.Item>
          <Form.Item name="status" label={t('volunteers.staff.status')}>
            <Select options={VOLUNTEER_STATUSES.map((s) => ({ value: s, label: t(`volunteers.staff.statuses.${s}`) }))} data-testid="volunteer-edit-status" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

function BankSettingsPanel() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [code, setCode] = useState(user.scope.length === 12 ? user.scope : '');
  const [bank, setBank] = useState<TimeBank | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ active: boolean; minHours: number; maxHours: number | null; creditVolunteerHours: boolean }>();
  const load = async (value: string) => {
    setError(null);
    try {
      const found = await timeBankApi.bank(value);
      setBank(found);
      form.setFieldsValue({ active: found.active, minHours: found.minBalance / 60, maxHours: found.maxBalance === null ? null : found.maxBalance / 60, creditVolunteerHours: found.creditVolunteerHours });
    } catch (failure) {
      setBank(null);
      setError(failure);
    }
  };
  useEffect(() => {
    if (code.length === 12) void load(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the first load only
  }, []);
  return (
    <Card>
      <Space.Compact style={{ width: '100%', maxWidth: 360, marginBottom: 12 }}>
        <Input value={code} onChange={(e) => setCode(e.target.value.trim())} inputMode="numeric" maxLength={12} placeholder={t('volunteers.staff.bankCommunity')} aria-label={t('volunteers.staff.bankCommunity')} />
        <Button onClick={() => load(code)}>{t('volunteers.staff.bankLoad')}</Button>
      </Space.Compact>
      <ErrorAlert error={error} />
      {bank && (
        <Form
          form={form}
          layout="vertical"
          onFinish={async (values) => {
            setError(null);
            try {
              const saved = await timeBankApi.setBank(bank.areaCode, {
                active: values.active,
                minBalance: Math.round((values.minHours ?? 0) * 60),
                maxBalance: values.maxHours === null || values.maxHours === undefined ? null : Math.round(values.maxHours * 60),
                creditVolunteerHours: values.creditVolunteerHours,
                version: bank.version,
              });
              setBank(saved);
              void message.success(t('volunteers.staff.bankSaved'));
            } catch (failure) {
              setError(failure);
            }
          }}
        >
          <Typography.Paragraph>
            {bank.areaName ?? bank.areaCode} · {t('volunteers.staff.bankMembers', { count: bank.members })}
          </Typography.Paragraph>
          <Form.Item name="active" valuePropName="checked">
            <Checkbox>{t('volunteers.staff.bankActive')}</Checkbox>
          </Form.Item>
          <Form.Item name="minHours" label={t('volunteers.staff.bankMin')}>
            <InputNumber min={-1000} max={0} step={1} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="maxHours" label={t('volunteers.staff.bankMax')}>
            <InputNumber min={1} max={1000} step={1} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="creditVolunteerHours" valuePropName="checked">
            <Checkbox>{t('volunteers.staff.bankCredit')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('volunteers.staff.bankSave')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
