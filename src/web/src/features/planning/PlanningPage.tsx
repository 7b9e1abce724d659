import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, InputNumber, Radio, Select, Slider, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaDetail, AreaSummary, Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { FACILITY_KINDS, DEFAULT_RADIUS_KM, RADIUS_KM_MAX } from '../../../../contracts/facilities.ts';
import { SITING_MODELS } from '../../../../contracts/planning.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useFormDraft, useSessionState } from '../../shared/form-draft.ts';
import { useApi } from '../../shared/use-api.ts';
import { mapPoints } from '../areas/area-points.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ScenarioResultView } from './ScenarioResultView.tsx';
import { ScenarioList } from './ScenarioList.tsx';
import { planningErrorMessage } from './planning-errors.ts';
import type { FacilityKind, FacilityPoint, Scenario, SitingModel, SitingRequest } from './planning-types.ts';
import './planning.css';

interface SitingForm {
  model: SitingModel;
  kind: FacilityKind;
  urbanRadiusKm: number;
  ruralRadiusKm: number;
  limit: 'p' | 'budget';
  p: number;
  budget?: number;
  urbanCost?: number;
  ruralCost?: number;
}

const INITIAL: SitingForm = {
  model: 'mclp',
  kind: 'comprehensive',
  urbanRadiusKm: DEFAULT_RADIUS_KM.urban,
  ruralRadiusKm: DEFAULT_RADIUS_KM.rural,
  limit: 'p',
  p: 3,
  budget: 300,
  urbanCost: 80,
  ruralCost: 50,
};
const P_SLIDER_MAX = 20;

/** Candidates for a budget: the area's located communities with no operating facility of the kind. */
async function budgetCandidates(area: AreaDetail, kind: FacilityKind, urbanCost: number, ruralCost: number) {
  const signal = new AbortController().signal;
  const points = await mapPoints(area, () => undefined, signal);
  const hosting = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<FacilityPoint> = await api.get<Page<FacilityPoint>>('/facilities', { area: area.code, kind, status: 'operating', limit: 500, cursor });
    for (const f of page.items) hosting.add(f.areaCode);
    cursor = page.nextCursor;
  } while (cursor);
  const candidates = points.filter((p: AreaSummary) => p.level === 5 && p.lon !== null && p.lat !== null && !hosting.has(p.code));
  return {
    candidates: candidates.map((c) => c.code),
    costs: Object.fromEntries(candidates.map((c) => [c.code, c.kind === 'urban' ? urbanCost : ruralCost])),
  };
}

export default function PlanningPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const [form] = Form.useForm<SitingForm>();
  const draft = useFormDraft<SitingForm>('planning.siting', form);
  const [areaCode, setAreaCode] = useSessionState<string>('planning.area', user.scope);
  const [scenarioId, setScenarioId] = useSessionState<string | null>('planning.scenario', null);
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [scenarioError, setScenarioError] = useState<unknown>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [solving, setSolving] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [listVersion, setListVersion] = useState(0);
  const running = useRef(false);
  const model = Form.useWatch('model', form) ?? INITIAL.model;
  const limit = Form.useWatch('limit', form) ?? INITIAL.limit;

  // An area outside the scope (a draft left by another account) falls back to the scope.
  const area = areaCode.startsWith(user.scope) ? areaCode : user.scope;
  const detail = useApi((signal) => api.get<AreaDetail>(`/areas/${area}`, undefined, signal), [area]);

  useEffect(() => {
    document.title = `${t('planning.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    draft.restore();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The scenario shown survives a reload (its id is kept); load it when it is not in memory.
  useEffect(() => {
    if (!scenarioId || scenario?.id === scenarioId) return;
    const controller = new AbortController();
    setScenarioError(null);
    api.get<Scenario>(`/planning/scenarios/${scenarioId}`, undefined, controller.signal).then(
      (found) => {
        if (!controller.signal.aborted) setScenario(found);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setScenarioId(null);
        setScenarioError(failure);
      },
    );
    return () => controller.abort();
  }, [scenarioId, scenario?.id, setScenarioId]);

  useEffect(() => {
    if (!solving) return;
    const started = Date.now();
    const timer = window.setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [solving]);

  const run = useCallback(
    async (values: SitingForm) => {
      // One solve at a time: a second click (or Enter) while one runs does nothing.
      if (running.current || !detail.data) return;
      running.current = true;
      setSolving(true);
      setElapsed(0);
      setRunError(null);
      try {
        const modelName = t(`planning.models.${values.model}`);
        const body: SitingRequest = {
          area,
          model: values.model,
          kind: values.kind,
          urbanRadiusKm: values.urbanRadiusKm,
          ruralRadiusKm: values.ruralRadiusKm,
        };
        let size = '';
        if (values.model === 'pmedian' || (values.model === 'mclp' && values.limit === 'p')) {
          body.p = values.p;
          size = t('planning.nameSites', { count: values.p });
        } else if (values.model === 'mclp') {
          Object.assign(body, { budget: values.budget }, await budgetCandidates(detail.data, values.kind, values.urbanCost!, values.ruralCost!));
          size = t('planning.nameBudget', { budget: format.number(values.budget!) });
        }
        body.name = [detail.data.name, modelName, size, t('planning.nameRadius', { urban: values.urbanRadiusKm, rural: values.ruralRadiusKm })]
          .filter(Boolean)
          .join(' · ')
          .slice(0, 100);
        const created = await api.post<Scenario>('/planning/siting', body);
        setScenario(created);
        setScenarioId(created.id);
        setListVersion((v) => v + 1);
      } catch (failure) {
        setRunError(failure);
      } finally {
        running.current = false;
        setSolving(false);
      }
    },
    [area, detail.data, format, setScenarioId, t],
  );

  const onScenarioChanged = useCallback(
    (changed: Scenario | null, removedId?: string) => {
      if (changed && changed.id === scenario?.id) setScenario(changed);
      if (removedId && removedId === scenarioId) {
        setScenario(null);
        setScenarioId(null);
      }
    },
    [scenario?.id, scenarioId, setScenarioId],
  );

  const shown = scenario && scenario.id === scenarioId ? scenario : null;

  return (
    <div className="planning-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('planning.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="planning-intro">
        {t('planning.intro')}
      </Typography.Paragraph>

      <div className="planning-grid">
        <Card title={<h2 className="card-title">{t('planning.formTitle')}</h2>} size="small" className="planning-form-card">
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          <Form<SitingForm>
            form={form}
            layout="vertical"
            initialValues={INITIAL}
            onValuesChange={draft.save}
            onFinish={(values) => void run(values)}
            disabled={solving}
            data-testid="siting-form"
            requiredMark={false}
          >
            <Form.Item label={t('planning.area')} htmlFor="planning-area" extra={t('planning.areaHint', { scope: user.scopeName ?? user.scope })}>
              <AreaPicker id="planning-area" testId="area-picker" scope={user.scope} value={area} maxLevel={4} clearable={false} width="100%" onChange={(code) => code && setAreaCode(code)} />
            </Form.Item>
            <Form.Item name="model" label={t('planning.model')}>
              <Radio.Group className="planning-models" data-testid="model">
                {SITING_MODELS.map((m) => (
                  <Radio key={m} value={m}>
                    <span className="planning-model-name">{t(`planning.models.${m}`)}</span>
                    <span className="planning-model-hint">{t(`planning.modelHints.${m}`)}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="kind" label={t('planning.kind')}>
              <Select
                aria-label={t('planning.kind')}
                options={FACILITY_KINDS.map((k) => ({ value: k, label: t(`planning.kinds.${k}`) }))}
                data-testid="kind"
              />
            </Form.Item>
            <div className="planning-radius">
              <Form.Item
                name="urbanRadiusKm"
                label={t('planning.urbanRadius')}
                rules={[{ required: true, message: t('planning.radiusRequired') }]}
              >
                <InputNumber min={0.1} max={RADIUS_KM_MAX} step={0.5} suffix="km" style={{ width: '100%' }} data-testid="urban-radius" />
              </Form.Item>
              <Form.Item
                name="ruralRadiusKm"
                label={t('planning.ruralRadius')}
                rules={[{ required: true, message: t('planning.radiusRequired') }]}
              >
                <InputNumber min={0.1} max={RADIUS_KM_MAX} step={0.5} suffix="km" style={{ width: '100%' }} data-testid="rural-radius" />
              </Form.Item>
            </div>
            <Typography.Paragraph type="secondary" className="planning-field-hint">
              {t('planning.radiusHint')}
            </Typography.Paragraph>
            {model === 'mclp' && (
              <Form.Item name="limit" label={t('planning.limit')}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="limit">
                  <Radio.Button value="p">{t('planning.limitP')}</Radio.Button>
                  <Radio.Button value="budget" disabled={(detail.data?.level ?? 0) < 3}>
                    {t('planning.limitBudget')}
                  </Radio.Button>
                </Radio.Group>
              </Form.Item>
            )}
            {(model === 'pmedian' || (model === 'mclp' && limit === 'p')) && (
              <Form.Item label={t('planning.p')} required>
                <div className="planning-p">
                  <Form.Item name="p" noStyle>
                    <Slider min={1} max={P_SLIDER_MAX} ariaLabelForHandle={t('planning.p')} data-testid="p-slider" />
                  </Form.Item>
                  <Form.Item name="p" noStyle rules={[{ required: true, message: t('planning.pRequired') }]}>
                    <InputNumber min={1} max={500} precision={0} aria-label={t('planning.pExact')} data-testid="p" />
                  </Form.Item>
                </div>
              </Form.Item>
            )}
            {model === 'mclp' && limit === 'budget' && (
              <>
                <Form.Item name="budget" label={t('planning.budget')} rules={[{ required: true, message: t('planning.budgetRequired') }]}>
                  <InputNumber min={0} max={1e9} suffix={t('planning.tenThousandYuan')} style={{ width: '100%' }} />
                </Form.Item>
                <div className="planning-radius">
                  <Form.Item name="urbanCost" label={t('planning.urbanCost')} rules={[{ required: true, message: t('planning.budgetRequired') }]}>
                    <InputNumber min={0} max={1e9} suffix={t('planning.tenThousandYuan')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="ruralCost" label={t('planning.ruralCost')} rules={[{ required: true, message: t('planning.budgetRequired') }]}>
                    <InputNumber min={0} max={1e9} suffix={t('planning.tenThousandYuan')} style={{ width: '100%' }} />
                  </Form.Item>
                </div>
                <Typography.Paragraph type="secondary" className="planning-field-hint">
                  {t('planning.budgetHint')}
                </Typography.Paragraph>
              </>
            )}
            {model === 'lscp' && (
              <Typography.Paragraph type="secondary" className="planning-field-hint">
                {t('planning.lscpHint')}
              </Typography.Paragraph>
            )}
            <div className="planning-run">
              {/* The submit stays enabled for the form's `disabled` while solving: loading blocks clicks. */}
              <Button type="primary" htmlType="submit" loading={solving} disabled={!detail.data} data-testid="run" size="large">
                {solving ? t('planning.solving') : t('planning.run')}
              </Button>
              <span role="status" aria-live="polite" data-testid="solve-status" className="planning-status">
                {solving ? t('planning.solvingFor', { seconds: elapsed }) : ''}
              </span>
            </div>
          </Form>
          {runError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('planning.runFailed')}
              description={planningErrorMessage(t, runError, 'run')}
              data-testid="run-error"
              style={{ marginTop: 16 }}
            />
          ) : null}
        </Card>

        <div className="planning-result" aria-busy={solving}>
          <ErrorAlert error={scenarioError} />
          {solving && (
            <Card size="small" className="planning-solving">
              <Spin size="large" />
              <div>
                <strong>{t('planning.solving')}</strong>
                <div>{t('planning.solvingHint')}</div>
              </div>
            </Card>
          )}
          {!shown && !solving && !scenarioId && (
            <Card size="small">
              <Typography.Paragraph style={{ margin: 0 }}>{t('planning.empty')}</Typography.Paragraph>
            </Card>
          )}
          {scenarioId && !shown && !scenarioError && <PageSpinner />}
          {shown && <ScenarioResultView scenario={shown} />}
        </div>
      </div>

      <ScenarioList
        area={area}
        areaName={detail.data?.name ?? area}
        version={listVersion}
        shownId={shown?.id ?? null}
        onShow={setScenarioId}
        onChanged={onScenarioChanged}
      />
    </div>
  );
}
