import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, fieldProblems } from '../../api/client.ts';
import { PLAN_LIMITS, type Plan } from '../../api/indicators.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';

interface Values {
  template?: string;
  name?: string;
  startYear?: number | null;
  endYear?: number | null;
}

const FIELDS = ['template', 'name', 'startYear', 'endYear'] as const;
type Field = (typeof FIELDS)[number];

/** "body.endYear", "/endYear" or "endYear": the form field a 400 names, if it is one of ours. */
function fieldOf(name: string): Field | null {
  const last = name.split(/[./[\]]+/).filter(Boolean).pop() ?? '';
  return (FIELDS as readonly string[]).includes(last) ? (last as Field) : null;
}

/**
 * Starts the area's own plan for a period from a national template (its indicators, baselines,
 * targets and their sources; targets outside the period move to its last year) and adopts it, so
 * the area's targets can then be set and passed down. One plan per area and year: the server
 * refuses an overlapping one (409).
 */
export function NewLocalPlan({ area, onCreated }: { area: { code: string; name: string }; onCreated: (planId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const templates = useApi((signal) => api.get<{ items: Plan[] }>('/plans/templates', undefined, signal), []);
  const thisYear = new Date().getFullYear();

  useEffect(() => {
    const first = templates.data?.items[0];
    if (!first || form.getFieldValue('template')) return;
    form.setFieldsValue({ template: first.id });
  }, [templates.data, form]);

  const defaultName = (start?: number | null, end?: number | null) => t('newPlan.defaultName', { area: area.name, start: start ?? '', end: end ?? '' });

  const submit = async (values: Values) => {
    setProblem(null);
    setSaving(true);
    try {
      const plan = await api.post<Plan>('/plans', {
        name: values.name?.trim() || defaultName(values.startYear, values.endYear),
        area: area.code,
        startYear: values.startYear,
        endYear: values.endYear,
        template: values.template,
      });
      await api.post(`/plans/${plan.id}/adoptions`, { area: area.code });
      message.success(t('newPlan.created', { plan: plan.name, area: area.name }));
      form.resetFields(['name']);
      onCreated(plan.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setProblem(t('newPlan.overlap', { area: area.name }));
      else if (error instanceof ApiError && error.status === 403) setProblem(t('planTargets.forbidden'));
      else setProblem(apiErrorMessage(t, error));
      const named = fieldProblems(error)
        .map((p) => ({ field: fieldOf(p.field), problem: p }))
        .filter((p): p is { field: Field; problem: (typeof p)['problem'] } => p.field !== null);
      if (named.length) {
        form.setFields(
          named.map(({ field }) => ({
            name: field,
            errors: [field === 'endYear' ? t('newPlan.endYearProblem', { max: PLAN_LIMITS.periodMaxYears }) : field === 'template' ? t('newPlan.templateProblem') : t('newPlan.fieldProblem')],
          })),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="new-plan-title" className="targets-adoption" data-testid="new-plan">
      <h3 id="new-plan-title" className="card-title">
        {t('newPlan.title', { area: area.name })}
      </h3>
      <Typography.Paragraph type="secondary">{t('newPlan.explain', { max: PLAN_LIMITS.periodMaxYears })}</Typography.Paragraph>
      {templates.error ? <Alert type="error" showIcon title={apiErrorMessage(t, templates.error)} /> : null}
      {problem && (
        <div className="form-error" role="alert" data-testid="new-plan-error">
          {problem}
        </div>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ startYear: thisYear, endYear: thisYear + 4 }}
        onFinish={(v) => void submit(v)}
        data-testid="new-plan-form"
      >
        <Form.Item name="template" label={t('newPlan.template')} rules={[{ required: true, message: t('newPlan.templateProblem') }]}>
          <Select
            loading={templates.loading}
            options={(templates.data?.items ?? []).map((p) => ({ value: p.id, label: t('indicators.withNote', { text: p.name, note: t('indicators.planYears', { start: p.startYear, end: p.endYear }) }) }))}
            popupMatchSelectWidth={false}
            aria-label={t('newPlan.template')}
            data-testid="plan-template"
          />
        </Form.Item>
        <div className="target-inputs">
          <Form.Item name="startYear" label={t('newPlan.startYear')} rules={[{ required: true, message: t('newPlan.fieldProblem') }]}>
            <InputNumber style={{ width: '100%' }} precision={0} min={PLAN_LIMITS.yearMin} max={PLAN_LIMITS.yearMax} aria-label={t('newPlan.startYear')} data-testid="plan-start-year" />
          </Form.Item>
          <Form.Item name="endYear" label={t('newPlan.endYear')} rules={[{ required: true, message: t('newPlan.fieldProblem') }]}>
            <InputNumber style={{ width: '100%' }} precision={0} min={PLAN_LIMITS.yearMin} max={PLAN_LIMITS.yearMax} aria-label={t('newPlan.endYear')} data-testid="plan-end-year" />
          </Form.Item>
        </div>
        <Form.Item noStyle shouldUpdate>
          {() => (
            <Form.Item name="name" label={t('newPlan.name')} extra={t('newPlan.nameDefault', { name: defaultName(form.getFieldValue('startYear'), form.getFieldValue('endYear')) })}>
              <Input maxLength={PLAN_LIMITS.nameMaxLength} placeholder={defaultName(form.getFieldValue('startYear'), form.getFieldValue('endYear'))} data-testid="plan-name" />
            </Form.Item>
          )}
        </Form.Item>
        <Button htmlType="submit" loading={saving} data-testid="create-plan">
          {t('newPlan.create', { area: area.name })}
        </Button>
      </Form>
    </section>
  );
}
