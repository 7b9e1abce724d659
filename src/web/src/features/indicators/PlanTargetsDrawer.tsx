import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Form, InputNumber, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, api, fieldProblems } from '../../api/client.ts';
import type { DashboardCard, IndicatorCode, IndicatorDefinition, Plan, Split, Target, TargetsRequest } from '../../api/indicators.ts';
import { PLAN_LIMITS } from '../../api/indicators.ts';
import { useFormat } from '../../i18n/format.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { useFormDraft } from '../../shared/form-draft.ts';
import { problemCodeText } from '../facilities/problems.ts';
import type { Problem } from '../../../../contracts/problems.ts';
import type { IndicatorFormat } from './format.ts';
import { NewLocalPlan } from './NewLocalPlan.tsx';

interface RowValues {
  value?: number | null;
  year?: number | null;
}
interface Values {
  rows: Record<string, RowValues>;
}

interface Row {
  key: string;
  indicator: IndicatorCode;
  split: Split;
  definition: IndicatorDefinition;
  baseline: Target | null;
  planTarget: Target | null;
  /** Where the plan's figures come from (document, table, row); null when the plan's maker set them. */
  source: string | null;
  /** The target that applies now and who set it (an area code; null: the plan itself). */
  current: { target: Target; setBy: string | null } | null;
}

const rowKey = (indicator: string, split: string) => `${indicator}.${split}`;

/** "0–100", "at least 0": the values a target may take, from the indicator's definition. */
export function rangeText(t: TFunction, definition: IndicatorDefinition, format: IndicatorFormat): string {
  const { min, max } = definition.range;
  return max === null ? t('planTargets.rangeOpen', { min: format.number(min) }) : t('planTargets.range', { min: format.number(min), max: format.number(max) });
}

/**
 * Where a 400's problem belongs: "targets.2.value", "/targets/2/value" or "body.targets[2].year"
 * name the third target sent and its field.
 */
function targetField(field: string): { index: number; name: 'value' | 'year' | null } | null {
  const parts = field.split(/[./[\]]+/).filter((p) => p && p !== 'body');
  const at = parts.indexOf('targets');
  if (at < 0 || !/^\d+$/.test(parts[at + 1] ?? '')) return null;
  const name = parts[at + 2];
  return { index: Number(parts[at + 1]), name: name === 'value' || name === 'year' ? name : null };
}

/**
 * A new local plan for the shown area from a template and a period; the shown plan for the shown area: adopt it, and set the area's own targets (a value and a year
 * per indicator and split). Targets left empty follow the nearest ancestor's or the plan's. The
 * server checks every target; its objections are shown next to the field they concern.
 */
export function PlanTargetsDrawer({
  open,
  onClose,
  plan,
  area,
  pathNames,
  cards,
  definitions,
  format,
  onChanged,
  onPlanCreated,
}: {
  open: boolean;
  onClose: () => void;
  plan: Plan;
  area: { code: string; name: string };
  pathNames: Map<string, string>;
  cards: DashboardCard[];
  definitions: ReadonlyMap<string, IndicatorDefinition>;
  format: IndicatorFormat;
  onChanged: () => void;
  /** A local plan was started from a template (and adopted): show it. */
  onPlanCreated: (planId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormat();
  const [form] = Form.useForm<Values>();
  const draft = useFormDraft<Values>(`indicators.targets.${plan.id}.${area.code}`, form);
  const [saving, setSaving] = useState(false);
  const [adopting, setAdopting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [adoptProblem, setAdoptProblem] = useState<string | null>(null);

  const rows = useMemo<Row[]>(() => {
    const byIndicator = new Map(cards.map((c) => [c.indicator, c]));
    return plan.indicators
      .filter((i) => definitions.has(i.indicator))
      .map((i) => {
        const progress = byIndicator.get(i.indicator)?.progress[i.split];
        return {
          key: rowKey(i.indicator, i.split),
          indicator: i.indicator,
          split: i.split,
          definition: definitions.get(i.indicator)!,
          baseline: i.baseline,
          planTarget: i.target,
          source: i.source,
          current: progress?.target ? { target: progress.target, setBy: progress.targetSetBy } : null,
        };
      });
  }, [plan, cards, definitions]);

  const adoption = plan.adoptions.find((a) => a.area === area.code);
  const ancestorAdoption = plan.adoptions.filter((a) => a.area !== area.code && area.code.startsWith(a.area)).sort((a, b) => b.area.length - a.area.length)[0];

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setAdoptProblem(null);
    form.resetFields();
    const initial: Values = { rows: {} };
    for (const row of rows) {
      const own = row.current?.setBy === area.code ? row.current.target : null;
      initial.rows[row.key] = { value: own?.value ?? null, year: own?.year ?? row.planTarget?.year ?? plan.endYear };
    }
    form.setFieldsValue(initial);
    draft.restore();
    // Filled in when the drawer opens, not again when the dashboard reloads behind it (an
    // adoption reloads it): what the person is typing stays.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, plan.id, area.code]);

  const adopt = async () => {
    setAdopting(true);
    setAdoptProblem(null);
    try {
      await api.post(`/plans/${plan.id}/adoptions`, { area: area.code });
      message.success(t('planTargets.adoptedDone', { area: area.name }));
      onChanged();
    } catch (error) {
      setAdoptProblem(error instanceof ApiError && error.status === 409 ? t('planTargets.adoptedAlready') : error instanceof ApiError && error.status === 403 ? t('planTargets.forbidden') : apiErrorMessage(t, error));
    } finally {
      setAdopting(false);
    }
  };

  const submit = async (values: Values) => {
    setProblem(null);
    const sent: Row[] = [];
    const targets: TargetsRequest['targets'] = [];
    const missingYear: string[] = [];
    for (const row of rows) {
      const v = values.rows?.[row.key];
      if (v?.value === null || v?.value === undefined) continue;
      if (v.year === null || v.year === undefined) {
        missingYear.push(row.key);
        continue;
      }
      sent.push(row);
      targets.push({ indicator: row.indicator, split: row.split, value: v.value, year: v.year });
    }
    if (missingYear.length) {
      form.setFields(missingYear.map((key) => ({ name: ['rows', key, 'year'], errors: [t('planTargets.yearRequired')] })));
      return;
    }
    setSaving(true);
    try {
      await api.put(`/plans/${plan.id}/targets`, { area: area.code, targets } satisfies TargetsRequest);
      draft.clear();
      message.success(t('planTargets.saved'));
      onChanged();
    } catch (error) {
      setProblem(targetsErrorMessage(error));
      if (fieldProblems(error).length) {
        const byField = new Map<string, string[]>();
        for (const d of fieldProblems(error)) {
          const at = targetField(d.field);
          const row = at && sent[at.index];
          if (!at || !row) continue;
          const name = at.name ?? 'value';
          const key = `${row.key}\u0000${name}`;
          byField.set(key, [...(byField.get(key) ?? []), targetProblem(row, name, targets[at.index]!, d)]);
        }
        form.setFields(
          [...byField].map(([key, errors]) => {
            const [row, name] = key.split('\u0000') as [string, 'value' | 'year'];
            return { name: ['rows', row, name], errors: [...new Set(errors)] };
          }),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  function targetsErrorMessage(error: unknown): string {
    if (error instanceof ApiError && error.status === 403) return t('planTargets.forbidden');
    if (error instanceof ApiError && error.status === 409) return t('planTargets.adoptFirst', { area: area.name });
    if (error instanceof ApiError && error.status === 400) {
      if (fieldProblems(error).some((d) => targetField(d.field))) return t('planTargets.invalid');
    }
    return apiErrorMessage(t, error);
  }

  /** The server's objection to one target, in the user's language. */
  function targetProblem(row: Row, name: 'value' | 'year', sent: { value: number; year: number }, problem: Problem): string {
    if (name === 'value') {
      const { min, max } = row.definition.range;
      if (sent.value < min || (max !== null && sent.value > max)) return t('planTargets.valueOutOfRange', { range: rangeText(t, row.definition, format) });
    } else if (sent.year < PLAN_LIMITS.yearMin || sent.year > PLAN_LIMITS.yearMax) {
      return t('planTargets.yearOutOfRange', { min: PLAN_LIMITS.yearMin, max: PLAN_LIMITS.yearMax });
    } else if (row.baseline && sent.year < row.baseline.year) {
      return t('planTargets.yearBeforeBaseline', { year: row.baseline.year });
    }
    // Otherwise the server's stable code (and its parameters), never its English sentence.
    return problemCodeText(t, problem.code, problem.params);
  }

  const targetText = (target: Target | null, definition: IndicatorDefinition) =>
    target ? t('indicators.target', { value: format.value(definition, target.value), year: target.year }) : t('indicators.noTarget');
  const setByText = (setBy: string | null) =>
    setBy === null ? t('planTargets.setByPlan') : setBy === area.code ? t('planTargets.setByOwn') : t('planTargets.setBy', { area: pathNames.get(setBy) ?? setBy });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('planTargets.title', { area: area.name })}
      size={640}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
      data-testid="targets-drawer"
      footer={
        <Space wrap>
          <Button type="primary" loading={saving} disabled={!adoption} onClick={() => form.submit()} data-testid="save-targets">
            {t('planTargets.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      <NewLocalPlan area={area} onCreated={onPlanCreated} />

      <section aria-labelledby="plan-adoption" className="targets-adoption">
        <h3 id="plan-adoption" className="card-title">
          {plan.name} {plan.template && <ColorTag tone="blue">{t('indicators.template')}</ColorTag>}
        </h3>
        <Typography.Paragraph type="secondary">{t('indicators.planYears', { start: plan.startYear, end: plan.endYear })}</Typography.Paragraph>
        {adoption ? (
          <Alert type="success" showIcon title={t('planTargets.adopted', { area: area.name, date: formatDate.date(adoption.adoptedAt) })} data-testid="adopted" />
        ) : (
          <div className="targets-adopt">
            <Typography.Paragraph>
              {ancestorAdoption
                ? t('planTargets.ancestorAdopted', { area: pathNames.get(ancestorAdoption.area) ?? ancestorAdoption.area })
                : t('planTargets.notAdopted', { area: area.name })}
            </Typography.Paragraph>
            <Button onClick={() => void adopt()} loading={adopting} data-testid="adopt-plan">
              {t('planTargets.adopt', { area: area.name })}
            </Button>
          </div>
        )}
        {adoptProblem && <Alert type="error" showIcon role="alert" title={adoptProblem} style={{ marginTop: 12 }} data-testid="adopt-error" />}
      </section>

      <h3 className="card-title targets-heading">{t('planTargets.own')}</h3>
      <Typography.Paragraph type="secondary">{adoption ? t('planTargets.explain') : t('planTargets.adoptFirst', { area: area.name })}</Typography.Paragraph>
      {draft.restored && <Alert type="info" showIcon title={t('users.draftRestored')} style={{ marginBottom: 12 }} />}
      {problem && <div className="form-error" role="alert" data-testid="targets-error">{problem}</div>}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} onValuesChange={draft.save} requiredMark={false} data-testid="targets-form">
        {rows.map((row) => {
          const name = `${format.name(row.definition)} · ${t(`indicators.split.${row.split}`)}`;
          return (
            <fieldset key={row.key} className="form-fieldset target-row" data-testid="target-row" data-indicator={row.indicator} data-split={row.split}>
              <legend>{name}</legend>
              <div className="target-facts">
                <span>
                  {t('indicators.pair', {
                    label: t('planTargets.baseline'),
                    value: row.baseline ? t('indicators.withNote', { text: format.value(row.definition, row.baseline.value), note: row.baseline.year }) : t('indicators.notApplicable'),
                  })}
                </span>
                <span data-testid="current-target">
                  {t('indicators.pair', {
                    label: t('planTargets.current'),
                    value: row.current ? `${targetText(row.current.target, row.definition)} · ${setByText(row.current.setBy)}` : t('indicators.noTarget'),
                  })}
                </span>
                {row.source && (
                  <span data-testid="target-source">{t('indicators.pair', { label: t('planTargets.source'), value: row.source })}</span>
                )}
              </div>
              <div className="target-inputs">
                <Form.Item name={['rows', row.key, 'value']} label={t('planTargets.value')} extra={rangeText(t, row.definition, format)}>
                  <InputNumber style={{ width: '100%' }} step={row.definition.unit === 'perCommunity' ? 0.1 : 1} aria-label={`${name} ${t('planTargets.value')}`} data-testid="target-value" />
                </Form.Item>
                <Form.Item name={['rows', row.key, 'year']} label={t('planTargets.year')}>
                  <InputNumber style={{ width: '100%' }} precision={0} aria-label={`${name} ${t('planTargets.year')}`} data-testid="target-year" />
                </Form.Item>
              </div>
            </fieldset>
          );
        })}
      </Form>
    </Drawer>
  );
}
