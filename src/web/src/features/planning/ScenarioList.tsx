import { useEffect, useState, type Key, type ReactNode } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, request } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { planningErrorMessage } from './planning-errors.ts';
import { shareText } from './ScenarioResultView.tsx';
import type { ComparedScenario, Scenario, ScenarioSummary, Share } from './planning-types.ts';

const COMPARE_MAX = 10;

interface AdoptForm {
  floorArea: number;
  activityArea: number;
}

/** The saved scenarios of the area: show one, compare several, delete, adopt. */
export function ScenarioList({
  area,
  areaName,
  version,
  shownId,
  onShow,
  onChanged,
}: {
  area: string;
  areaName: string;
  version: number;
  shownId: string | null;
  onShow: (id: string) => void;
  onChanged: (scenario: Scenario | null, removedId?: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<Key[]>([]);
  const [comparison, setComparison] = useState<ComparedScenario[] | null>(null);
  const [comparing, setComparing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [adopting, setAdopting] = useState<ScenarioSummary | null>(null);
  const [adoptError, setAdoptError] = useState<string | null>(null);
  const [adoptBusy, setAdoptBusy] = useState(false);
  const [adopted, setAdopted] = useState<Scenario | null>(null);
  const [adoptForm] = Form.useForm<AdoptForm>();
  const [tick, setTick] = useState(0);

  const list = useApi(
    (signal) => api.get<Page<ScenarioSummary>>('/planning/scenarios', { area, limit: 100 }, signal),
    [area, version, tick],
  );
  const items = list.data?.items ?? [];

  useEffect(() => {
    setSelected([]);
    setComparison(null);
    setAdopted(null);
  }, [area]);

  const compare = async () => {
    setComparing(true);
    setActionError(null);
    try {
      // In the order of the list (newest first), as the table shows them.
      const ids = items.map((s) => s.id).filter((id) => selected.includes(id));
      const answer = await api.get<{ items: ComparedScenario[] }>('/planning/scenarios/compare', { ids: ids.join(',') });
      setComparison(answer.items);
    } catch (failure) {
      setActionError(planningErrorMessage(t, failure));
    } finally {
      setComparing(false);
    }
  };

  const remove = async (s: ScenarioSummary) => {
    setActionError(null);
    try {
      await request<void>('DELETE', `/planning/scenarios/${s.id}`);
      message.success(t('planning.deleted', { name: s.name }));
      setSelected((current) => current.filter((k) => k !== s.id));
      setComparison((current) => current?.filter((c) => c.id !== s.id) ?? null);
      onChanged(null, s.id);
      setTick((n) => n + 1);
    } catch (failure) {
      setActionError(planningErrorMessage(t, failure, 'delete'));
    }
  };

  const adopt = async (values: AdoptForm) => {
    if (!adopting || adoptBusy) return;
    setAdoptBusy(true);
    setAdoptError(null);
    try {
      const done = await api.post<Scenario>(`/planning/scenarios/${adopting.id}/adopt`, values);
      setAdopted(done);
      setAdopting(null);
      setComparison((current) => current?.map((c) => (c.id === done.id ? { ...c, adopted: true } : c)) ?? null);
      onChanged(done);
      setTick((n) => n + 1);
    } catch (failure) {
      setAdoptError(planningErrorMessage(t, failure, 'adopt'));
    } finally {
      setAdoptBusy(false);
    }
  };

  return (
    <Card
      size="small"
      className="planning-scenarios"
      title={<h2 className="card-title">{t('planning.scenariosTitle', { name: areaName })}</h2>}
      extra={
        <Space wrap>
          <Typography.Text type="secondary" data-testid="scenario-total">
            {list.data ? t('planning.scenariosTotal', { count: list.data.total, total: format.number(list.data.total) }) : ''}
          </Typography.Text>
          <Button
            type="primary"
            onClick={() => void compare()}
            disabled={selected.length < 2 || selected.length > COMPARE_MAX}
            loading={comparing}
            data-testid="compare"
          >
            {t('planning.compare', { count: selected.length })}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {actionError && <Alert type="error" showIcon role="alert" title={actionError} style={{ marginBottom: 12 }} data-testid="scenario-error" />}
      {adopted && adopted.adoption && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="adopt-result"
          style={{ marginBottom: 12 }}
          closable={{ 'aria-label': t('common.close') }}
          onClose={() => setAdopted(null)}
          title={t('planning.adoptDone', { count: adopted.adoption.facilityIds.length, sites: format.number(adopted.adoption.facilityIds.length), name: adopted.name })}
          description={
            <span>
              {adopted.result.sites
                .filter((s) => !adopted.adoption?.existing?.some((e) => e.code === s.code))
                .map((s) => s.name)
                .join('、')}
              {adopted.adoption.existing?.length ? (
                <span data-testid="adopt-existing">
                  {' · '}
                  {t('planning.adoptExisting', {
                    count: adopted.adoption.existing.length,
                    names: adopted.result.sites
                      .filter((s) => adopted.adoption?.existing?.some((e) => e.code === s.code))
                      .map((s) => s.name)
                      .join('、'),
                  })}
                </span>
              ) : null}
              {' · '}
              <Link to={`/facilities?area=${adopted.areaCode}&kind=${adopted.kind}&status=planned`} className="planning-link" data-testid="facilities-link">
                {t('planning.toFacilities')}
              </Link>
            </span>
          }
        />
      )}
      <Typography.Paragraph type="secondary" className="planning-field-hint">
        {t('planning.scenariosHint', { max: COMPARE_MAX })}
      </Typography.Paragraph>
      <Table<ScenarioSummary>
        size="small"
        rowKey="id"
        loading={list.loading && !list.data}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="scenarios"
        locale={{ emptyText: t('planning.noScenarios') }}
        rowClassName={(s) => (s.id === shownId ? 'planning-row-shown' : '')}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys),
          getCheckboxProps: (s) => ({ 'aria-label': t('planning.selectScenario', { name: s.name }) }),
          columnTitle: <span className="visually-hidden">{t('planning.select')}</span>,
        }}
        columns={[
          {
            title: t('planning.scenarioName'),
            dataIndex: 'name',
            key: 'name',
            render: (name: string, s) => (
              <Space size={4} wrap>
                <span>{name}</span>
                {s.adopted && <ColorTag tone="green">{t('planning.adopted')}</ColorTag>}
                {s.id === shownId && <ColorTag tone="blue">{t('planning.shown')}</ColorTag>}
              </Space>
            ),
          },
          { title: t('planning.sitesShort'), dataIndex: 'sites', key: 'sites', align: 'right' },
          { title: t('planning.radiusShort'), key: 'radius', render: (_v, s) => t('planning.radiusPair', { urban: format.decimal(s.radiusKm.urban), rural: format.decimal(s.radiusKm.rural) }) },
          { title: t('planning.newlyCovered'), dataIndex: 'newlyCoveredPopulation', key: 'newly', align: 'right', render: (n: number) => format.number(n) },
          { title: t('planning.coverageAfterShort'), dataIndex: 'coverageAfter', key: 'after', align: 'right', render: (s: Share) => shareText(format, s) },
          { title: t('planning.createdAt'), dataIndex: 'createdAt', key: 'at', render: (at: string) => format.dateTime(at) },
          {
            title: t('planning.actions'),
            key: 'actions',
            // Kept in view at the table's right edge, whole (the shared register's actions column).
            fixed: 'right',
            className: 'register-actions-cell',
            render: (_v, s) => (
              <Space size={4} className="register-actions">
                <Button size="small" onClick={() => onShow(s.id)} disabled={s.id === shownId} aria-label={t('planning.showNamed', { name: s.name })}>
                  {t('planning.show')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setAdoptError(null);
                    adoptForm.setFieldsValue({ floorArea: 400, activityArea: 300 });
                    setAdopting(s);
                  }}
                  aria-label={t('planning.adoptNamed', { name: s.name })}
                  data-testid="adopt"
                >
                  {t('planning.adopt')}
                </Button>
                <Popconfirm
                  title={t('planning.deleteConfirm', { name: s.name })}
                  description={s.adopted ? t('planning.deleteAdoptedNote') : undefined}
                  okText={t('planning.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(s)}
                >
                  <Button size="small" danger aria-label={t('planning.deleteNamed', { name: s.name })} data-testid="delete">
                    {t('planning.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />

      {comparison && <ComparisonTable items={comparison} onClose={() => setComparison(null)} />}

      <Modal
        open={adopting !== null}
        title={t('planning.adoptTitle', { name: adopting?.name ?? '' })}
        okText={t('planning.adoptConfirm')}
        cancelText={t('common.cancel')}
        confirmLoading={adoptBusy}
        onOk={() => adoptForm.submit()}
        onCancel={() => setAdopting(null)}
        forceRender
      >
        <Typography.Paragraph>{t('planning.adoptExplain', { count: adopting?.sites ?? 0, sites: format.number(adopting?.sites ?? 0) })}</Typography.Paragraph>
        {adoptError && (
          <Alert type="error" showIcon role="alert" title={adoptError} style={{ marginBottom: 12 }} data-testid="adopt-error" />
        )}
        <Form<AdoptForm> form={adoptForm} layout="vertical" onFinish={(v) => void adopt(v)} data-testid="adopt-form" requiredMark={false}>
          <Form.Item
            name="floorArea"
            label={t('planning.floorArea')}
            extra={t('planning.floorAreaHint')}
            rules={[{ required: true, message: t('planning.floorAreaRequired') }]}
          >
            <InputNumber min={1} max={100000} suffix="m²" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="activityArea"
            label={t('planning.activityArea')}
            extra={t('planning.activityAreaHint')}
            dependencies={['floorArea']}
            rules={[
              { required: true, message: t('planning.activityAreaRequired') },
              ({ getFieldValue }) => ({
                validator: (_r, v: number | undefined) =>
                  v === undefined || v === null || !(getFieldValue('floorArea') < v) ? Promise.resolve() : Promise.reject(new Error(t('planning.errors.activityArea'))),
              }),
            ]}
          >
            <InputNumber min={1} max={100000} suffix="m²" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function ComparisonTable({ items, onClose }: { items: ComparedScenario[]; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const change = (before: Share, after: Share) => (
    <span>
      {shareText(format, before)} → <strong>{shareText(format, after)}</strong>
    </span>
  );
  const rows: { key: string; label: string; cell: (c: ComparedScenario) => ReactNode }[] = [
    { key: 'model', label: t('planning.model'), cell: (c) => t(`planning.models.${c.model}`) },
    { key: 'kind', label: t('planning.kind'), cell: (c) => t(`planning.kinds.${c.kind}`) },
    { key: 'p', label: t('planning.sitesShort'), cell: (c) => format.number(c.p) },
    { key: 'radius', label: t('planning.radiusShort'), cell: (c) => t('planning.radiusPair', { urban: format.decimal(c.radiusKm.urban), rural: format.decimal(c.radiusKm.rural) }) },
    { key: 'urban', label: t('planning.coverageUrban'), cell: (c) => change(c.before.urban, c.after.urban) },
    { key: 'rural', label: t('planning.coverageRural'), cell: (c) => change(c.before.rural, c.after.rural) },
    { key: 'all', label: t('planning.coverageAll'), cell: (c) => change(c.before.all, c.after.all) },
    { key: 'newly', label: t('planning.newlyCovered'), cell: (c) => format.number(c.newlyCoveredPopulation) },
    { key: 'gap', label: t('planning.gapShort'), cell: (c) => format.percent(c.gap) },
    { key: 'sites', label: t('planning.sitesTitle'), cell: (c) => c.sites.map((s) => s.name).join('、') || t('common.none') },
    { key: 'adopted', label: t('planning.adopted'), cell: (c) => (c.adopted ? t('common.yes') : t('common.no')) },
  ];
  return (
    <section className="planning-compare" aria-labelledby="planning-compare-title" data-testid="comparison">
      <div className="planning-compare-head">
        <h3 id="planning-compare-title" className="card-title">
          {t('planning.compareTitle', { count: items.length })}
        </h3>
        <Button size="small" onClick={onClose}>
          {t('common.close')}
        </Button>
      </div>
      <div className="planning-compare-scroll" tabIndex={0} role="region" aria-labelledby="planning-compare-title">
        <table className="planning-compare-table">
          <thead>
            <tr>
              <th scope="col">{t('planning.indicator')}</th>
              {items.map((c) => (
                <th scope="col" key={c.id}>
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {items.map((c) => (
                  <td key={c.id}>{row.cell(c)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
