import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Drawer, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { FUNDING_SOURCES, TARGET_KINDS, type CallMode, type FundingSource, type TargetKind } from '../../../../contracts/linkage.ts';
import { ORGANIZATION_STATUSES, RATING_GRADES } from '../../../../contracts/organizations.ts';
import type { Project, ProjectSummary } from '../../../../contracts/linkage-api.ts';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { cents, linkageApi, linkageRefusal, refusedRule, yuan } from './linkage-api.ts';
import './linkage.css';

interface DesignValues {
  title: string;
  objectives: string;
  targetGroup: string;
  targetKind?: TargetKind;
  needIds: string[];
  fundingSource: FundingSource;
  budget: number;
  lines: { title: string; amount: number }[];
  indicators: { kind: 'output' | 'outcome'; name: string; unit: string; target: number }[];
  statuses: string[];
  minimumGrade?: string;
  socialWorkers: number;
  phases: { title: string; startsOn: string; endsOn: string }[];
}

/** The community's projects and its project designer: pick needs, set targets, budget lines and requirements; then start a call. */
export default function ProjectsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const projects = useApi((signal) => linkageApi.projects(signal), []);
  const [designing, setDesigning] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [calling, setCalling] = useState<ProjectSummary | null>(null);

  useEffect(() => {
    document.title = `${t('linkage.projects.title')} · ${t('app.name')}`;
  }, [t]);

  /** A design may change until its call opens (the server says so too, with its reason). */
  const editable = (p: ProjectSummary) => p.status === 'draft' || p.status === 'designed' || (p.status === 'calling' && p.callStatus === 'draft');

  return (
    <div className="linkage-page" data-testid="projects-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkage.projects.title')}
      </Typography.Title>
      <Button type="primary" onClick={() => setDesigning(true)} data-testid="project-design" style={{ marginBottom: 12 }}>
        {t('linkage.projects.design')}
      </Button>
      <ErrorAlert error={projects.error} onRetry={projects.reload} />
      <Table<ProjectSummary>
        rowKey="id"
        size="small"
        loading={projects.loading}
        dataSource={projects.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('linkage.projects.empty')} /> }}
        columns={[
          { title: t('linkage.projects.name'), dataIndex: 'title' },
          { title: t('linkage.projects.status'), render: (_, p) => <Tag>{t(`linkage.projectStatuses.${p.status}`)}</Tag> },
          { title: t('linkage.projects.budget'), render: (_, p) => yuan(p.budgetCents) },
          {
            title: t('linkageDelivery.delivery.chain'),
            render: (_, p) => (
              <Space wrap>
                <Link to={`/linkage/projects/${p.id}/chain`} data-testid="project-chain">
                  {t('linkageDelivery.delivery.chain')}
                </Link>
                {['contracted', 'delivering', 'closed'].includes(p.status) && <Link to={`/linkage/delivery/${p.id}`}>{t('linkageDelivery.delivery.open')}</Link>}
              </Space>
            ),
          },
          {
            title: t('linkage.calls.title'),
            render: (_, p) =>
              p.callId ? (
                <Link to={`/linkage/calls/${p.callId}`}>{t(`linkage.callStatuses.${p.callStatus ?? 'draft'}`)}</Link>
              ) : (
                <Button size="small" onClick={() => setCalling(p)} data-testid="project-open-call">
                  {t('linkage.projects.openCall')}
                </Button>
              ),
          },
          {
            title: t('linkage.projects.edit'),
            render: (_, p) =>
              editable(p) ? (
                <Button size="small" onClick={() => setEditing(p.id)} data-testid="project-edit" aria-label={`${t('linkage.projects.edit')} ${p.title}`}>
                  {t('linkage.projects.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Drawer open={designing} onClose={() => setDesigning(false)} title={t('linkage.projects.design')} size="large" destroyOnHidden>
        <Designer
          area={user.scope}
          onSaved={() => {
            setDesigning(false);
            void message.success(t('linkage.projects.created'));
            projects.reload();
          }}
        />
      </Drawer>
      <Drawer open={editing !== null} onClose={() => setEditing(null)} title={t('linkage.projects.editTitle')} size="large" destroyOnHidden>
        {editing && (
          <ProjectEditor
            id={editing}
            area={user.scope}
            onSaved={() => {
              setEditing(null);
              void message.success(t('linkage.projects.updated'));
              projects.reload();
            }}
          />
        )}
      </Drawer>
      {calling && (
        <CallDialog
          project={calling}
          onClose={() => setCalling(null)}
          onCreated={(callId) => {
            void message.success(t('linkage.calls.created'));
            navigate(`/linkage/calls/${callId}`);
          }}
        />
      )}
    </div>
  );
}

/**
 * Starts a call of a project: open to every eligible organization, or by invitation of named ones
 * picked from the registry (only those in the project's county meeting its bidder requirements are
 * offered; the server checks again).
 */
function CallDialog({ project, onClose, onCreated }: { project: ProjectSummary; onClose: () => void; onCreated: (callId: string) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<CallMode>('open');
  const [invited, setInvited] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const candidates = useApi((signal) => linkageApi.invitationCandidates(project.id, signal), [project.id]);

  async function start() {
    setSaving(true);
    setFailure(null);
    try {
      const panel = await linkageApi.panelCandidates(project.areaCode);
      const day = 86_400_000;
      const call = await linkageApi.createCall(project.id, {
        mode,
        ...(mode === 'invitation' ? { invitedOrganizationIds: invited } : {}),
        questionsUntil: new Date(Date.now() + 5 * day).toISOString(),
        submissionDeadline: new Date(Date.now() + 10 * day).toISOString(),
        evaluationUntil: new Date(Date.now() + 17 * day).toISOString(),
        noticeUntil: new Date(Date.now() + 24 * day).toISOString(),
        contractBy: new Date(Date.now() + 40 * day).toISOString(),
        scoreMax: 10,
        dropExtremes: panel.length >= 3,
        criteria: [
          { name: '服务方案', weight: 50 },
          { name: '团队能力', weight: 30 },
          { name: '预算合理性', weight: 20 },
        ],
        panelUserIds: panel.slice(0, 5).map((u) => u.id),
      });
      onCreated(call.id);
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={`${t('linkage.calls.openTitle')} · ${project.title}`}
      onCancel={onClose}
      onOk={() => void start()}
      okText={t('linkage.calls.start')}
      confirmLoading={saving}
      okButtonProps={{ disabled: mode === 'invitation' && invited.length === 0, 'data-testid': 'call-start' } as never}
    >
      <Form layout="vertical">
        <Form.Item label={t('linkage.calls.mode')}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as CallMode)} data-testid="call-mode">
            <Radio value="open">{t('linkage.calls.modes.open')}</Radio>
            <Radio value="invitation">{t('linkage.calls.modes.invitation')}</Radio>
          </Radio.Group>
        </Form.Item>
        {mode === 'invitation' && (
          <Form.Item label={t('linkage.calls.invitees')} extra={t('linkage.calls.inviteesHelp')} htmlFor="call-invitees">
            <Select
              id="call-invitees"
              mode="multiple"
              value={invited}
              onChange={setInvited}
              loading={candidates.loading}
              optionFilterProp="label"
              notFoundContent={t('linkage.calls.noCandidates')}
              data-testid="call-invitees"
              options={(candidates.data ?? []).map((o) => ({
                value: o.id,
                label: [o.name, o.areaName, t(`organizations.statuses.${o.status}`), o.grade].filter(Boolean).join(' · '),
              }))}
            />
          </Form.Item>
        )}
      </Form>
      <ErrorAlert error={candidates.error} onRetry={candidates.reload} />
      {failure !== null && <Alert type="error" showIcon role="alert" title={linkageRefusal(t, failure)} data-testid="call-start-error" />}
    </Modal>
  );
}

/** Loads the project and edits its design; a stale version is told plainly, with the latest one a click away. */
function ProjectEditor({ id, area, onSaved }: { id: string; area: string; onSaved: () => void }) {
  const project = useApi((signal) => linkageApi.project(id, signal), [id]);
  if (!project.data) return project.error ? <ErrorAlert error={project.error} onRetry={project.reload} /> : <PageSpinner />;
  return <Designer key={project.data.version} area={area} project={project.data} onReload={project.reload} onSaved={onSaved} />;
}

function valuesOf(p: Project): DesignValues {
  return {
    title: p.title,
    objectives: p.objectives,
    targetGroup: p.targetGroup,
    targetKind: p.targetKind ?? undefined,
    needIds: p.needs.map((n) => n.id),
    fundingSource: p.fundingSource,
    budget: p.budgetCents / 100,
    lines: p.budgetLines.map((l) => ({ title: l.title, amount: l.amountCents / 100 })),
    indicators: p.indicators.map((i) => ({ kind: i.kind, name: i.name, unit: i.unit, target: i.target })),
    statuses: p.requirements.statuses,
    minimumGrade: p.requirements.minimumGrade ?? undefined,
    socialWorkers: p.requirements.socialWorkers,
    phases: p.phases.map((x) => ({ title: x.title, startsOn: x.startsOn, endsOn: x.endsOn })),
  };
}

function Designer({ area, project, onReload, onSaved }: { area: string; project?: Project; onReload?: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DesignValues>();
  const needs = useApi((signal) => linkageApi.needs({}, signal), []);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const lines = Form.useWatch('lines', form) ?? [];
  const sum = lines.reduce((s, l) => s + (l?.amount ?? 0), 0);
  const listed = (needs.data?.items ?? []).filter((n) => n.status !== 'notTakenUp' && n.status !== 'merged');
  // An edited project's own needs stay pickable whatever the list holds.
  const pickable: { id: string; areaCode: string; title: string; supports: number; threshold: number | null }[] = [
    ...listed,
    ...(project?.needs ?? []).filter((n) => !listed.some((x) => x.id === n.id)).map((n) => ({ ...n, threshold: null })),
  ];

  async function submit() {
    const v = await form.validateFields();
    const picked = pickable.filter((n) => v.needIds.includes(n.id));
    const communities = [...new Set(picked.map((n) => n.areaCode))];
    setSaving(true);
    setFailure(null);
    try {
      const design = {
        areaCode: project?.areaCode ?? (communities.length === 1 ? communities[0]! : area),
        ...(project?.summary ? { summary: project.summary } : {}),
        title: v.title,
        objectives: v.objectives,
        targetGroup: v.targetGroup,
        targetKind: v.targetKind ?? null,
        communities: communities.length ? communities : [project?.areaCode ?? area],
        needIds: v.needIds,
        fundingSource: v.fundingSource,
        budgetCents: cents(v.budget),
        budgetLines: v.lines.map((l) => ({ title: l.title, amountCents: cents(l.amount) })),
        indicators: v.indicators ?? [],
        requirements: { statuses: v.statuses as never, minimumGrade: (v.minimumGrade ?? null) as never, socialWorkers: v.socialWorkers },
        phases: v.phases ?? [],
      };
      if (project) await linkageApi.updateProject(project.id, { ...design, version: project.version });
      else await linkageApi.createProject(design);
      form.resetFields();
      onSaved();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={
        project
          ? valuesOf(project)
          : { fundingSource: 'governmentPurchase', statuses: ['registered', 'active'], socialWorkers: 1, lines: [{ title: '', amount: 0 }], indicators: [], phases: [], needIds: [] }
      }
    >
      {project && <Alert type="info" showIcon title={t('linkage.projects.editable')} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="needIds"
        label={t('linkage.projects.pickNeeds')}
        // A validator rather than `required`: the item would put aria-required on the checkbox group's div, which ARIA does not allow.
        rules={[{ validator: (_, value: string[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('linkage.projects.pickNeeds')))) }]}
      >
        {pickable.length === 0 ? (
          <Typography.Text type="secondary">{t('linkage.projects.noNeeds')}</Typography.Text>
        ) : (
          <Checkbox.Group className="linkage-needs-pick" options={pickable.map((n) => ({ value: n.id, label: n.threshold === null ? n.title : `${n.title}（${t('linkage.needs.supports', { count: n.supports, threshold: n.threshold })}）` }))} />
        )}
      </Form.Item>
      <Form.Item name="title" label={t('linkage.projects.name')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="project-title" />
      </Form.Item>
      <Form.Item name="objectives" label={t('linkage.projects.objectives')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} data-testid="project-objectives" />
      </Form.Item>
      <Form.Item name="targetGroup" label={t('linkage.projects.targetGroup')} rules={[{ required: true }]}>
        <Input data-testid="project-target-group" />
      </Form.Item>
      <Form.Item name="targetKind" label={t('linkage.projects.targetKind')}>
        <Select allowClear options={TARGET_KINDS.map((k) => ({ value: k, label: t(`linkage.targetKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="fundingSource" label={t('linkage.projects.funding')} rules={[{ required: true }]}>
        <Select options={FUNDING_SOURCES.map((f) => ({ value: f, label: t(`linkage.funding.${f}`) }))} />
      </Form.Item>
      <Form.Item name="budget" label={t('linkage.projects.budget')} rules={[{ required: true }]}>
        <InputNumber min={0} step={1000} style={{ width: '100%' }} data-testid="project-budget" />
      </Form.Item>
      <Card size="small" title={t('linkage.projects.budgetLines')} extra={t('linkage.projects.linesSum', { sum })} style={{ marginBottom: 12 }}>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                    <Input placeholder={t('linkage.projects.lineTitle')} aria-label={t('linkage.projects.lineTitle')} data-testid="project-line-title" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}>
                    <InputNumber min={0} placeholder={t('linkage.projects.amount')} aria-label={t('linkage.projects.amount')} data-testid="project-line-amount" />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add({ title: '', amount: 0 })} data-testid="project-add-line">
                {t('linkage.projects.addLine')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('linkage.projects.indicators')} style={{ marginBottom: 12 }}>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'kind']} initialValue="output">
                    <Select aria-label={t('linkage.projects.indicators')} style={{ width: 90 }} options={[{ value: 'output', label: t('linkage.projects.output') }, { value: 'outcome', label: t('linkage.projects.outcome') }]} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={t('linkage.projects.indicatorName')} aria-label={t('linkage.projects.indicatorName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} rules={[{ required: true }]}>
                    <Input placeholder={t('linkage.projects.unit')} aria-label={t('linkage.projects.unit')} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} rules={[{ required: true }]}>
                    <InputNumber min={0} placeholder={t('linkage.projects.target')} aria-label={t('linkage.projects.target')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add()}>{t('linkage.projects.addIndicator')}</Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('linkage.projects.requirements')} style={{ marginBottom: 12 }}>
        <Form.Item name="statuses" label={t('linkage.projects.statuses')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={ORGANIZATION_STATUSES.map((s) => ({ value: s, label: t(`organizations.statuses.${s}`) }))} />
        </Form.Item>
        <Form.Item name="minimumGrade" label={t('linkage.projects.minimumGrade')}>
          <Select allowClear options={RATING_GRADES.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
        <Form.Item name="socialWorkers" label={t('linkage.projects.socialWorkers')}>
          <InputNumber min={0} max={100} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('linkage.projects.phases')} style={{ marginBottom: 12 }}>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                    <Input placeholder={t('linkage.projects.phase')} aria-label={t('linkage.projects.phase')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'startsOn']} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
                    <Input type="date" aria-label={t('linkage.projects.startsOn')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'endsOn']} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
                    <Input type="date" aria-label={t('linkage.projects.endsOn')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add()}>{t('linkage.projects.addPhase')}</Button>
            </>
          )}
        </Form.List>
      </Card>
      {failure !== null &&
        (refusedRule(failure) ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="project-refusal"
            title={linkageRefusal(t, failure)}
            action={
              refusedRule(failure) === 'version' && onReload ? (
                <Button size="small" onClick={onReload} data-testid="project-reload">
                  {t('linkage.projects.reloadLatest')}
                </Button>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
          />
        ) : (
          <ErrorAlert error={failure} />
        ))}
      <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="project-save">
        {t('linkage.projects.save')}
      </Button>
    </Form>
  );
}
