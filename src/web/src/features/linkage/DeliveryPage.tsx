import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Drawer, Empty, Form, Input, InputNumber, List, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { may } from '../../../../contracts/policy.ts';
import { ACTIVITY_KINDS, type ActivityKind } from '../../../../contracts/linkage-delivery.ts';
import type { Delivery, Milestone } from '../../../../contracts/linkage-delivery-api.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { cents, linkageApi, yuan } from './linkage-api.ts';
import { deliveryApi, refusalMessage } from './delivery-api.ts';
import './linkage.css';
import { chinaToday } from '../../shared/china-day.ts';

const DELIVERED = ['contracted', 'delivering', 'closed'];
const today = () => chinaToday();

/** Delivery tracking (执行实施): the contracted projects, and one project's activities, milestones, results, spending and evaluation rounds. */
export default function DeliveryPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('linkageDelivery.delivery.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="linkage-page" data-testid="delivery-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkageDelivery.delivery.title')}
      </Typography.Title>
      {id ? <ProjectDelivery id={id} /> : <Projects />}
    </div>
  );
}

function Projects() {
  const { t } = useTranslation();
  const projects = useApi((signal) => linkageApi.projects(signal), []);
  const delivered = (projects.data?.items ?? []).filter((p) => DELIVERED.includes(p.status));
  if (projects.loading && !projects.data) return <PageSpinner />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('linkageDelivery.delivery.intro')}</Typography.Paragraph>
      <ErrorAlert error={projects.error} onRetry={projects.reload} />
      {delivered.length === 0 && <Empty description={t('linkageDelivery.delivery.empty')} />}
      <List
        data-testid="delivery-projects"
        dataSource={delivered}
        renderItem={(p) => (
          <List.Item>
            <Space wrap>
              <Link to={`/linkage/delivery/${p.id}`}>{p.title}</Link>
              <Tag>{t(`linkage.projectStatuses.${p.status}`)}</Tag>
              <Link to={`/linkage/projects/${p.id}/chain`}>{t('linkageDelivery.delivery.chain')}</Link>
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}

function ProjectDelivery({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const manage = may(user.role, 'linkageEvaluations.manage');
  const delivery = useApi((signal) => deliveryApi.delivery(id, signal), [id]);
  const activities = useApi((signal) => deliveryApi.activities(id, signal), [id]);
  const project = useApi((signal) => linkageApi.project(id, signal), [id]);
  const [recording, setRecording] = useState(false);
  const [closing, setClosing] = useState(false);
  const [final, setFinal] = useState(false);
  const d = delivery.data;
  // The server says whether the caller records this project (an organization member: only its own contract's).
  const write = Boolean(d?.mayRecord);

  async function act(run: () => Promise<unknown>, done?: string) {
    try {
      await run();
      if (done) void message.success(done);
      delivery.reload();
      activities.reload();
      return true;
    } catch (failure) {
      void message.error(refusalMessage(t, failure));
      return false;
    }
  }

  if (!d) return delivery.error ? <ErrorAlert error={delivery.error} onRetry={delivery.reload} /> : <PageSpinner />;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: '1.3em' }}>
        {d.title} <Tag data-testid="delivery-status">{t(`linkage.projectStatuses.${d.status as "contracted"}`)}</Tag>
      </Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <Link to={`/linkage/projects/${id}/chain`} data-testid="delivery-chain-link">
          {t('linkageDelivery.delivery.chain')}
        </Link>
        {d.communities.map((c) => (
          <Link key={c} to={`/notice/${c}`}>
            {t('linkageDelivery.delivery.notice')} {c}
          </Link>
        ))}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="delivery-summary">
        {d.organization && (
          <div>
            {t('linkageDelivery.delivery.organization')}：{d.organization.name}
          </div>
        )}
        <Progress percent={Math.round(d.progressPercent)} aria-label={t('linkageDelivery.delivery.progress')} data-testid="delivery-progress" />
        <div>{t('linkageDelivery.delivery.reached', { persons: d.reached.persons, children: d.reached.leftBehindChildren })}</div>
        <div>
          {t('linkageDelivery.delivery.activitiesCount', { count: d.activities })} · {t('linkageDelivery.delivery.volunteerHours', { hours: Math.round(d.volunteerMinutes / 6) / 10 })}
        </div>
        {!write && <Typography.Text type="secondary">{t('linkageDelivery.delivery.readOnly')}</Typography.Text>}
      </Card>

      <Typography.Title level={3} style={{ fontSize: '1.15em' }}>
        {t('linkageDelivery.delivery.activities')}
      </Typography.Title>
      {write && (
        <Button type="primary" onClick={() => setRecording(true)} style={{ marginBottom: 8 }} data-testid="activity-new">
          {t('linkageDelivery.delivery.newActivity')}
        </Button>
      )}
      <List
        data-testid="delivery-activities"
        dataSource={activities.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('linkageDelivery.chain.none')} /> }}
        renderItem={(a) => (
          <List.Item data-testid="delivery-activity">
            <Space wrap>
              <span>{a.heldOn}</span>
              <Tag>{t(`linkageDelivery.activityKinds.${a.kind}`)}</Tag>
              <strong>{a.title}</strong>
              <span>{a.place}</span>
              <span data-testid="activity-attendance">{t('linkageDelivery.delivery.attendanceCount', { count: a.attendance, children: a.leftBehindChildren })}</span>
              <Link to={`/linkage/activities/${a.id}`} data-testid="activity-open">
                {write && may(user.role, 'registry.read') ? t('linkageDelivery.delivery.takeAttendance') : t('linkageDelivery.delivery.open')}
              </Link>
            </Space>
          </List.Item>
        )}
      />
      <Drawer open={recording} onClose={() => setRecording(false)} title={t('linkageDelivery.delivery.newActivity')} destroyOnHidden>
        <ActivityForm delivery={d} onSave={async (body) => (await act(() => deliveryApi.createActivity(id, body), t('linkageDelivery.delivery.saved'))) && setRecording(false)} />
      </Drawer>

      <Milestones delivery={d} write={write} act={act} />

      {d.results.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: '1.15em' }}>
            {t('linkageDelivery.delivery.results')}
          </Typography.Title>
          {d.results.map((r) => (
            <ResultRow key={r.indicatorId} result={r} write={write} onSave={(achieved) => act(() => deliveryApi.setResult(id, r.indicatorId, achieved, r.weight), t('linkageDelivery.delivery.saved'))} />
          ))}
        </>
      )}

      <Spending delivery={d} write={write} act={act} lines={project.data?.budgetLines ?? []} />

      <Typography.Title level={3} style={{ fontSize: '1.15em' }}>
        {t('linkageDelivery.delivery.evaluation')}
      </Typography.Title>
      <List
        data-testid="delivery-rounds"
        dataSource={d.rounds}
        locale={{ emptyText: <Empty description={t('linkageDelivery.chain.noVerdict')} /> }}
        renderItem={(r) => (
          <List.Item>
            <Space wrap>
              <Link to={`/linkage/evaluations/${r.id}`}>{r.title}</Link>
              <ColorTag tone={r.status === 'open' ? 'blue' : 'green'}>{t(`linkageDelivery.roundStatuses.${r.status}`)}</ColorTag>
              {r.finalScore !== null && r.grade && <strong>{t('linkageDelivery.evaluation.result', { score: r.finalScore, grade: t(`linkageDelivery.grades.${r.grade}`) })}</strong>}
            </Space>
          </List.Item>
        )}
      />
      {manage && d.status !== 'closed' && !d.rounds.some((r) => r.status === 'open') && (
        <Space wrap>
          <Checkbox checked={final} onChange={(e) => setFinal(e.target.checked)} data-testid="round-final">
            {t('linkageDelivery.delivery.final')}
          </Checkbox>
          <Button onClick={() => void act(() => deliveryApi.openRound(id, t('linkageDelivery.delivery.roundDefault'), final), t('linkageDelivery.delivery.saved'))} data-testid="round-open">
            {t('linkageDelivery.delivery.openRound')}
          </Button>
          <Button danger onClick={() => setClosing(true)} data-testid="project-close">
            {t('linkageDelivery.delivery.closeProject')}
          </Button>
        </Space>
      )}
      {closing && (
        <CloseDialog
          delivery={d}
          onClose={() => setClosing(false)}
          onSubmit={async (body) => (await act(() => deliveryApi.closeProject(id, body), t('linkageDelivery.delivery.closed'))) && setClosing(false)}
        />
      )}
    </>
  );
}

function CloseDialog({ delivery, onClose, onSubmit }: { delivery: Delivery; onClose: () => void; onSubmit: (body: { reason: string; waive: { milestoneId: string; reason: string }[] }) => Promise<unknown> }) {
  const { t } = useTranslation();
  const open = delivery.milestones.filter((m) => m.status === 'scheduled' || m.status === 'notMet');
  const [reason, setReason] = useState('');
  const [waive, setWaive] = useState<Record<string, string>>({});
  return (
    <Modal
      open
      title={t('linkageDelivery.delivery.closeProject')}
      onCancel={onClose}
      okButtonProps={{ disabled: !reason.trim(), danger: true }}
      onOk={() => void onSubmit({ reason: reason.trim(), waive: Object.entries(waive).filter(([, r]) => r.trim()).map(([milestoneId, r]) => ({ milestoneId, reason: r.trim() })) })}
    >
      <label htmlFor="close-reason">{t('linkageDelivery.delivery.closeReason')}</label>
      <Input.TextArea id="close-reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {open.length > 0 && (
        <>
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('linkageDelivery.delivery.waive')}</Typography.Paragraph>
          {open.map((m) => (
            <div key={m.id} className="linkage-row" style={{ marginBottom: 6 }}>
              <span style={{ flex: '1 1 8em' }}>{m.title}</span>
              <Input value={waive[m.id] ?? ''} onChange={(e) => setWaive((w) => ({ ...w, [m.id]: e.target.value }))} aria-label={`${m.title} ${t('linkageDelivery.delivery.waiveReason')}`} placeholder={t('linkageDelivery.delivery.waiveReason')} style={{ flex: '2 1 12em' }} />
            </div>
          ))}
        </>
      )}
    </Modal>
  );
}

interface ActivityValues {
  heldOn: string;
  kind: ActivityKind;
  title: string;
  facilityId?: string;
  place?: string;
  communityCode: string;
}

function ActivityForm({ delivery, onSave }: { delivery: Delivery; onSave: (body: Parameters<typeof deliveryApi.createActivity>[1]) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActivityValues>();
  const community = Form.useWatch('communityCode', form) ?? delivery.communities[0];
  const facilities = useApi((signal) => (community ? deliveryApi.facilities(community, signal) : Promise.resolve(null)), [community]);
  const facilityId = Form.useWatch('facilityId', form);
  const [saving, setSaving] = useState(false);
  const submit = async (v: ActivityValues) => {
    const facility = facilities.data?.items.find((f) => f.id === v.facilityId);
    setSaving(true);
    await onSave({ heldOn: v.heldOn, kind: v.kind, title: v.title, communityCode: v.communityCode, facilityId: facility?.id ?? null, place: facility?.name ?? v.place ?? '' });
    setSaving(false);
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ heldOn: today(), kind: 'group', communityCode: delivery.communities[0] }} onFinish={(v) => void submit(v)}>
      <Form.Item name="heldOn" label={t('linkageDelivery.delivery.heldOn')} rules={[{ required: true }]}>
        <Input type="date" max={today()} data-testid="activity-date" />
      </Form.Item>
      <Form.Item name="kind" label={t('linkageDelivery.delivery.kind')} rules={[{ required: true }]}>
        <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`linkageDelivery.activityKinds.${k}`) }))} data-testid="activity-kind" />
      </Form.Item>
      <Form.Item name="title" label={t('linkageDelivery.delivery.activityTitle')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="activity-title" />
      </Form.Item>
      {delivery.communities.length > 1 && (
        <Form.Item name="communityCode" label={t('linkageDelivery.delivery.community')} rules={[{ required: true }]}>
          <Select options={delivery.communities.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
      )}
      {delivery.communities.length <= 1 && (
        <Form.Item name="communityCode" hidden>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="facilityId" label={t('linkageDelivery.delivery.facility')}>
        <Select allowClear loading={facilities.loading} options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} placeholder={t('linkageDelivery.delivery.otherPlace')} data-testid="activity-facility" />
      </Form.Item>
      {!facilityId && (
        <Form.Item name="place" label={t('linkageDelivery.delivery.place')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="activity-place" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving} data-testid="activity-save">
        {t('linkageDelivery.delivery.save')}
      </Button>
    </Form>
  );
}

type Act = (run: () => Promise<unknown>, done?: string) => Promise<boolean>;

function Milestones({ delivery, write, act }: { delivery: Delivery; write: boolean; act: Act }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState(today());
  const [weight, setWeight] = useState<number | null>(1);
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: '1.15em' }}>
        {t('linkageDelivery.delivery.milestones')}
      </Typography.Title>
      <div className="linkage-cards">
        {delivery.milestones.map((m) => (
          <MilestoneCard key={m.id} milestone={m} write={write} act={act} />
        ))}
      </div>
      {write && (
        <div className="linkage-row" style={{ marginTop: 8 }}>
          <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('linkageDelivery.delivery.milestoneTitle')} aria-label={t('linkageDelivery.delivery.milestoneTitle')} style={{ flex: '1 1 12em' }} data-testid="milestone-title" />
          <Input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} aria-label={t('linkageDelivery.delivery.dueOn')} style={{ width: '11em' }} />
          <InputNumber min={1} max={100} value={weight} onChange={setWeight} aria-label={t('linkageDelivery.delivery.weight')} style={{ width: '6em' }} />
          <Button
            disabled={!title.trim()}
            onClick={() => void act(() => deliveryApi.addMilestone(delivery.projectId, { title: title.trim(), dueOn, weight: weight ?? 1 }), t('linkageDelivery.delivery.saved')).then((ok) => ok && setTitle(''))}
            data-testid="milestone-add"
          >
            {t('linkageDelivery.delivery.newMilestone')}
          </Button>
        </div>
      )}
    </>
  );
}

function MilestoneCard({ milestone: m, write, act }: { milestone: Milestone; write: boolean; act: Act }) {
  const { t } = useTranslation();
  const [evidenceTitle, setEvidenceTitle] = useState('');
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const open = m.status === 'scheduled' || m.status === 'notMet';
  const upload = (file: File | undefined) => {
    if (!file) return;
    const kind = file.type.startsWith('image/') ? 'photo' : 'document';
    void act(() => deliveryApi.addEvidence(m.id, file, kind, evidenceTitle.trim() || file.name.slice(0, 100)), t('linkageDelivery.delivery.saved'));
  };
  return (
    <Card size="small" title={m.title} data-testid="milestone">
      <Space wrap>
        <ColorTag tone={m.status === 'met' ? 'green' : m.status === 'scheduled' ? 'blue' : 'orange'} testId="milestone-status">
          {t(`linkageDelivery.milestoneStatuses.${m.status}`)}
        </ColorTag>
        <span>
          {t('linkageDelivery.delivery.dueOn')} {m.dueOn}
        </span>
        <span>
          {t('linkageDelivery.delivery.weight')} {m.weight}
        </span>
        {m.metOn && <span>{t('linkageDelivery.delivery.metOn', { date: m.metOn })}</span>}
      </Space>
      <div style={{ marginTop: 6 }}>
        {t('linkageDelivery.delivery.evidence')}：
        {m.evidence.map((e) => (
          <a key={e.id} href={deliveryApi.evidenceUrl(m.id, e.id)} target="_blank" rel="noreferrer" style={{ marginRight: 8 }}>
            {e.title}
          </a>
        ))}
      </div>
      {write && m.status === 'scheduled' && (
        <div className="linkage-row" style={{ marginTop: 6 }}>
          <Input value={evidenceTitle} onChange={(e) => setEvidenceTitle(e.target.value)} placeholder={t('linkageDelivery.delivery.evidenceTitle')} aria-label={t('linkageDelivery.delivery.evidenceTitle')} style={{ flex: '1 1 10em' }} />
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
            {t('linkageDelivery.delivery.addEvidence')}
            <input type="file" accept="image/jpeg,image/png,image/webp,application/pdf" hidden onChange={(e) => upload(e.target.files?.[0])} data-testid="milestone-evidence" />
          </label>
          <Button type="primary" disabled={m.evidence.length === 0} onClick={() => void act(() => deliveryApi.moveMilestone(m.id, { status: 'met', metOn: today(), version: m.version }), t('linkageDelivery.delivery.saved'))} data-testid="milestone-met">
            {t('linkageDelivery.delivery.markMet')}
          </Button>
        </div>
      )}
      {write && open && (
        <Space wrap style={{ marginTop: 6 }}>
          <Button size="small" onClick={() => setEditing(true)} data-testid="milestone-edit">
            {t('linkageDelivery.delivery.editMilestone')}
          </Button>
          <Button size="small" danger onClick={() => setCancelling(true)} data-testid="milestone-cancel">
            {t('linkageDelivery.delivery.cancelMilestone')}
          </Button>
        </Space>
      )}
      {m.status === 'cancelled' && m.note && (
        <div style={{ marginTop: 6 }}>
          {t('linkageDelivery.delivery.cancelReason')}：{m.note}
        </div>
      )}
      {editing && (
        <MilestoneEditDialog
          milestone={m}
          onClose={() => setEditing(false)}
          onSubmit={async (body) => (await act(() => deliveryApi.editMilestone(m.id, { ...body, version: m.version }), t('linkageDelivery.delivery.saved'))) && setEditing(false)}
        />
      )}
      {cancelling && (
        <CancelMilestoneDialog
          milestone={m}
          onClose={() => setCancelling(false)}
          onSubmit={async (reason) => (await act(() => deliveryApi.moveMilestone(m.id, { status: 'cancelled', note: reason, version: m.version }), t('linkageDelivery.delivery.saved'))) && setCancelling(false)}
        />
      )}
    </Card>
  );
}

/** A scheduled or unmet milestone's title, due day and weight; the server refuses a stale version (409, said as such). */
function MilestoneEditDialog({ milestone: m, onClose, onSubmit }: { milestone: Milestone; onClose: () => void; onSubmit: (body: { title: string; dueOn: string; weight: number }) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(m.title);
  const [dueOn, setDueOn] = useState(m.dueOn);
  const [weight, setWeight] = useState<number | null>(m.weight);
  return (
    <Modal
      open
      title={t('linkageDelivery.delivery.editMilestone')}
      onCancel={onClose}
      okButtonProps={{ disabled: !title.trim() || !dueOn || !weight, 'data-testid': 'milestone-edit-save' } as never}
      onOk={() => void onSubmit({ title: title.trim(), dueOn, weight: weight ?? 1 })}
    >
      <div className="linkage-row" style={{ flexDirection: 'column', alignItems: 'stretch' }}>
        <label htmlFor="milestone-edit-title">{t('linkageDelivery.delivery.milestoneTitle')}</label>
        <Input id="milestone-edit-title" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} data-testid="milestone-edit-title" />
        <label htmlFor="milestone-edit-due">{t('linkageDelivery.delivery.dueOn')}</label>
        <Input id="milestone-edit-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
        <label htmlFor="milestone-edit-weight">{t('linkageDelivery.delivery.weight')}</label>
        <InputNumber id="milestone-edit-weight" min={1} max={100} value={weight} onChange={setWeight} />
      </div>
    </Modal>
  );
}

/** Cancelling waives the milestone: the reason is kept as its note (and counts as a waiver when the project closes). */
function CancelMilestoneDialog({ milestone: m, onClose, onSubmit }: { milestone: Milestone; onClose: () => void; onSubmit: (reason: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal open title={`${t('linkageDelivery.delivery.cancelMilestone')}：${m.title}`} onCancel={onClose} okButtonProps={{ disabled: !reason.trim(), danger: true }} onOk={() => void onSubmit(reason.trim())}>
      <label htmlFor="milestone-cancel-reason">{t('linkageDelivery.delivery.cancelReason')}</label>
      <Input.TextArea id="milestone-cancel-reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}

function ResultRow({ result: r, write, onSave }: { result: Delivery['results'][number]; write: boolean; onSave: (achieved: number) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | null>(r.achieved);
  return (
    <div className="linkage-row" style={{ marginBottom: 6 }} data-testid="delivery-result">
      <span style={{ flex: '1 1 10em' }}>
        {r.name}（{t('linkageDelivery.delivery.target', { target: r.target, unit: r.unit })}）
      </span>
      <Progress percent={Math.round(r.percent)} size="small" style={{ width: '8em' }} aria-label={r.name} />
      {write && (
        <>
          <InputNumber min={0} value={value} onChange={setValue} aria-label={`${r.name} ${t('linkageDelivery.delivery.achieved')}`} />
          <Button onClick={() => void onSave(value ?? 0)}>{t('linkageDelivery.delivery.save')}</Button>
        </>
      )}
    </div>
  );
}

function Spending({ delivery, write, act, lines }: { delivery: Delivery; write: boolean; act: Act; lines: { id: string; title: string }[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ budgetLineId: string; amount: number; spentOn: string; description: string }>();
  const s = delivery.spending;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: '1.15em' }}>
        {t('linkageDelivery.delivery.spending')}
      </Typography.Title>
      <Table
        rowKey="budgetLineId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={s.lines}
        data-testid="delivery-spending"
        columns={[
          { title: t('linkageDelivery.delivery.line'), dataIndex: 'title' },
          { title: t('linkageDelivery.delivery.budget'), render: (_, l) => yuan(l.budgetCents) },
          { title: t('linkageDelivery.delivery.spent'), render: (_, l) => yuan(l.spentCents) },
          { title: t('linkageDelivery.delivery.remaining'), render: (_, l) => yuan(l.remainingCents) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('linkageDelivery.delivery.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1}>{yuan(s.budgetCents)}</Table.Summary.Cell>
            <Table.Summary.Cell index={2}>{yuan(s.spentCents)}</Table.Summary.Cell>
            <Table.Summary.Cell index={3}>{yuan(s.remainingCents)}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {write && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8, rowGap: 8 }}
          initialValues={{ spentOn: today() }}
          onFinish={(v) =>
            void act(() => deliveryApi.spend(delivery.projectId, { budgetLineId: v.budgetLineId, amountCents: cents(v.amount), spentOn: v.spentOn, description: v.description }), t('linkageDelivery.delivery.saved')).then(
              (ok) => ok && form.resetFields(),
            )
          }
        >
          <Form.Item name="budgetLineId" rules={[{ required: true }]}>
            <Select aria-label={t('linkageDelivery.delivery.line')} placeholder={t('linkageDelivery.delivery.line')} style={{ minWidth: '9em' }} options={lines.map((l) => ({ value: l.id, label: l.title }))} />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true }]}>
            <InputNumber min={0.01} aria-label={t('linkageDelivery.delivery.amount')} placeholder={t('linkageDelivery.delivery.amount')} />
          </Form.Item>
          <Form.Item name="spentOn" rules={[{ required: true }]}>
            <Input type="date" aria-label={t('linkageDelivery.delivery.spentOn')} />
          </Form.Item>
          <Form.Item name="description" rules={[{ required: true, max: 100 }]}>
            <Input aria-label={t('linkageDelivery.delivery.description')} placeholder={t('linkageDelivery.delivery.description')} />
          </Form.Item>
          <Button htmlType="submit">{t('linkageDelivery.delivery.addExpenditure')}</Button>
        </Form>
      )}
    </>
  );
}
