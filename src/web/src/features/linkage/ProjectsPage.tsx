import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Drawer, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { FUNDING_SOURCES, TARGET_KINDS, type FundingSource, type TargetKind } from '../../../../contracts/linkage.ts';
import { ORGANIZATION_STATUSES, RATING_GRADES } from '../../../../contracts/organizations.ts';
import type { ProjectSummary } from '../../../../contracts/linkage-api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { cents, linkageApi, yuan } from './linkage-api.ts';
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

  useEffect(() => {
    document.title = `${t('linkage.projects.title')} · ${t('app.name')}`;
  }, [t]);

  async function openCall(p: ProjectSummary) {
    try {
      const panel = await linkageApi.panelCandidates(p.areaCode);
      const day = 86_400_000;
      const call = await linkageApi.createCall(p.id, {
        mode: 'open',
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
      void message.success(t('linkage.calls.created'));
      navigate(`/linkage/calls/${call.id}`);
    } catch (failure) {
      void message.error(apiErrorMessage(t, failure));
    }
  }

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
                <Button size="small" onClick={() => void openCall(p)} data-testid="project-open-call">
                  {t('linkage.projects.openCall')}
                </Button>
              ),
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
    </div>
  );
}

function Designer({ area, onSaved }: { area: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DesignValues>();
  const needs = useApi((signal) => linkageApi.needs({}, signal), []);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const lines = Form.useWatch('lines', form) ?? [];
  const sum = lines.reduce((s, l) => s + (l?.amount ?? 0), 0);
  const pickable = (needs.data?.items ?? []).filter((n) => n.status !== 'notTakenUp' && n.status !== 'merged');

  async function submit() {
    const v = await form.validateFields();
    const picked = pickable.filter((n) => v.needIds.includes(n.id));
    const communities = [...new Set(picked.map((n) => n.areaCode))];
    setSaving(true);
    setFailure(null);
    try {
      await linkageApi.createProject({
        areaCode: communities.length === 1 ? communities[0]! : area,
        title: v.title,
        objectives: v.objectives,
        targetGroup: v.targetGroup,
        targetKind: v.targetKind ?? null,
        communities: communities.length ? communities : [area],
        needIds: v.needIds,
        fundingSource: v.fundingSource,
        budgetCents: cents(v.budget),
        budgetLines: v.lines.map((l) => ({ title: l.title, amountCents: cents(l.amount) })),
        indicators: v.indicators ?? [],
        requirements: { statuses: v.statuses as never, minimumGrade: (v.minimumGrade ?? null) as never, socialWorkers: v.socialWorkers },
        phases: v.phases ?? [],
      });
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
      initialValues={{ fundingSource: 'governmentPurchase', statuses: ['registered', 'active'], socialWorkers: 1, lines: [{ title: '', amount: 0 }], indicators: [], phases: [], needIds: [] }}
    >
      <Form.Item name="needIds" label={t('linkage.projects.pickNeeds')} rules={[{ required: true, type: 'array', min: 1 }]}>
        {pickable.length === 0 ? (
          <Typography.Text type="secondary">{t('linkage.projects.noNeeds')}</Typography.Text>
        ) : (
          <Checkbox.Group className="linkage-needs-pick" options={pickable.map((n) => ({ value: n.id, label: `${n.title}（${t('linkage.needs.supports', { count: n.supports, threshold: n.threshold })}）` }))} />
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
      <ErrorAlert error={failure} />
      <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="project-save">
        {t('linkage.projects.save')}
      </Button>
    </Form>
  );
}
