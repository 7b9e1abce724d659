import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client.ts';
import { SPLITS, isIndicatorCode, type Dashboard, type IndicatorCode, type IndicatorDefinition, type IndicatorValues, type Plan, type Split } from '../../api/indicators.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { EqualizationPanel } from './EqualizationPanel.tsx';
import { useIndicatorFormat, yearOf } from './format.ts';
import { IndicatorCard } from './IndicatorCard.tsx';
import { OnScreen } from './OnScreen.tsx';
import { RankingTable } from './RankingTable.tsx';
import { may } from '../../../../contracts/policy.ts';
import { lazyPage } from '../../i18n/lazy-page.ts'; // -- market --
import { LazyCareFiguresPanel } from '../care/care-figures-lazy.ts'; // -- care --
import './indicators.css';

// Below the first screen, or behind a button: the map and the trend need ECharts, the drawer the
// form components; each loads when it is about to be seen (OnScreen) or opened.
const IndicatorMap = lazy(() => import('./IndicatorMap.tsx').then((m) => ({ default: m.IndicatorMap })));
const TrendChart = lazy(() => import('./TrendChart.tsx').then((m) => ({ default: m.TrendChart })));
const PlanTargetsDrawer = lazy(() => import('./PlanTargetsDrawer.tsx').then((m) => ({ default: m.PlanTargetsDrawer })));
// -- market --
const MarketDashboardCard = lazyPage(() => import('../market/MarketDashboardCard.tsx'));
// -- end market --

const DEFAULT_INDICATOR: IndicatorCode = 'facility_coverage';
/** Those who adopt plans and set targets (in their scope); evaluators and workers only read. */

/** Every indicator definition (the API pages them; there are a handful). */
async function allDefinitions(signal: AbortSignal): Promise<IndicatorDefinition[]> {
  const items: IndicatorDefinition[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<IndicatorDefinition> = await api.get<Page<IndicatorDefinition>>('/indicators', cursor ? { cursor } : undefined, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  return items;
}

/**
 * The officials' dashboard: every indicator of an area for a period, urban and rural side by
 * side against the plan's targets; for one chosen indicator the children on a map and in a
 * ranking (each opens the child), the trend over periods and how evenly it is spread. The area,
 * period, plan, indicator and split live in the URL, so a view can be shared and back works.
 */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useIndicatorFormat();
  const dates = useFormat();
  const [params, setParams] = useSearchParams();
  const area = params.get('area') ?? user.scope;
  const period = params.get('period') ?? undefined;
  const planParam = params.get('plan') ?? undefined;
  const indicatorParam = params.get('indicator') ?? '';
  const indicator: IndicatorCode = isIndicatorCode(indicatorParam) ? indicatorParam : DEFAULT_INDICATOR;
  const splitParam = params.get('split') ?? '';
  const split: Split = (SPLITS as readonly string[]).includes(splitParam) ? (splitParam as Split) : 'all';
  const [targetsOpen, setTargetsOpen] = useState(false);
  /** The drawer is loaded on the first opening, then kept (it closes with its animation). */
  const [targetsOpened, setTargetsOpened] = useState(false);
  const [plansVersion, setPlansVersion] = useState(0);

  useEffect(() => {
    document.title = `${t('indicators.title')} · ${t('app.name')}`;
  }, [t]);

  const definitions = useApi(allDefinitions, []);
  const dashboard = useApi((signal) => api.get<Dashboard>('/indicators/dashboard', { area, period, plan: planParam }, signal), [area, period, planParam]);
  const values = useApi((signal) => api.get<IndicatorValues>(`/indicators/${indicator}/values`, { area, period, split }, signal), [area, period, indicator, split]);
  const plans = useApi((signal) => api.get<{ items: Plan[] }>('/plans', undefined, signal), [plansVersion]);

  const byCode = useMemo(() => new Map((definitions.data ?? []).map((d) => [d.code, d] as const)), [definitions.data]);
  const d = dashboard.data;
  const definition = byCode.get(indicator);
  const card = d?.cards.find((c) => c.indicator === indicator);
  const shownPlan = d?.plan ? plans.data?.items.find((p) => p.id === d.plan!.id) : undefined;
  const canSetTargets = may(user.role, 'plans.write');

  const path = useMemo(() => {
    if (!d) return [];
    const steps = [...d.area.path];
    if (steps[steps.length - 1]?.code !== d.area.code) steps.push({ code: d.area.code, name: d.area.name });
    return steps;
  }, [d]);
  const pathNames = useMemo(() => new Map(path.map((p) => [p.code, p.name])), [path]);
  const inScope = (code: string) => code.startsWith(user.scope);
  const parent = path.length > 1 ? path[path.length - 2]! : null;

  const hrefWith = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    return `/indicators?${next}`;
  };
  /** A new area or period is a new view (back returns); the indicator and split only refine it. */
  const set = (change: Record<string, string | undefined>, push = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: !push });
  };
  const open = (code: string) => set({ area: code }, true);
  const show = (code: IndicatorCode) => {
    set({ indicator: code === DEFAULT_INDICATOR ? undefined : code });
    document.getElementById('indicator-detail')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const splitLabel = t(`indicators.split.${split}`);
  const indicatorName = definition ? format.name(definition) : indicator;
  const loading = (dashboard.loading && !d) || (definitions.loading && !definitions.data);

  return (
    <div className="indicators-page" aria-busy={dashboard.loading || values.loading}>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('indicators.title')}
      </Typography.Title>
      <ErrorAlert error={dashboard.error} onRetry={dashboard.reload} />
      <ErrorAlert error={definitions.error} onRetry={definitions.reload} />
      {loading && <PageSpinner />}
      {d && definitions.data && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <nav aria-label={t('indicators.path')}>
              <Breadcrumb
                data-testid="area-path"
                items={path.map((p, i) => ({
                  key: p.code,
                  title:
                    i === path.length - 1 ? (
                      <span aria-current="page" data-testid="dashboard-area">
                        {p.name}
                      </span>
                    ) : inScope(p.code) ? (
                      <Link to={hrefWith({ area: p.code })}>{p.name}</Link>
                    ) : (
                      <span>{p.name}</span>
                    ),
                }))}
              />
            </nav>
            <div className="filter-bar indicators-toolbar">
              <label>
                <span className="filter-label">{t('indicators.period')}</span>
                <Select
                  value={d.period}
                  onChange={(v) => set({ period: v }, true)}
                  options={d.periods.map((p) => ({ value: p, label: format.period(p) }))}
                  style={{ minWidth: 160 }}
                  popupMatchSelectWidth={false}
                  data-testid="period"
                />
              </label>
              <label className="indicators-plan">
                <span className="filter-label">{t('indicators.plan')}</span>
                <Select
                  value={d.plan?.id ?? ''}
                  onChange={(v) => set({ plan: v || undefined })}
                  options={
                    plans.data?.items.map((p) => ({ value: p.id, label: p.template ? t('indicators.withNote', { text: p.name, note: t('indicators.template') }) : p.name })) ??
                    (d.plan ? [{ value: d.plan.id, label: d.plan.name }] : [])
                  }
                  notFoundContent={t('indicators.noPlan')}
                  placeholder={t('indicators.noPlan')}
                  style={{ minWidth: 220, maxWidth: '100%' }}
                  popupMatchSelectWidth={false}
                  data-testid="plan"
                />
              </label>
              <Space wrap className="indicators-actions">
                {parent && inScope(parent.code) && (
                  <Button onClick={() => open(parent.code)} data-testid="drill-up">
                    {t('indicators.drillUp', { name: parent.name })}
                  </Button>
                )}
                <Button href={apiUrl('/indicators/export.xlsx', { area: d.area.code, period: d.period, plan: d.plan?.id, lang: format.language })} download data-testid="export-xlsx">
                  {t('indicators.exportXlsx')}
                </Button>
                {d.plan ? (
                  <Button href={apiUrl(`/plans/${d.plan.id}/report.pdf`, { area: d.area.code, year: yearOf(d.period), lang: format.language })} download data-testid="report-pdf">
                    {t('indicators.reportPdf', { year: yearOf(d.period) })}
                  </Button>
                ) : (
                  <Button disabled title={t('indicators.reportNeedsPlan')}>
                    {t('indicators.reportPdf', { year: yearOf(d.period) })}
                  </Button>
                )}
                {canSetTargets && shownPlan && (
                  <Button
                    type="primary"
                    onClick={() => {
                      setTargetsOpened(true);
                      setTargetsOpen(true);
                    }}
                    data-testid="open-targets"
                  >
                    {t('indicators.targets')}
                  </Button>
                )}
              </Space>
            </div>
            <Typography.Paragraph type="secondary" className="indicators-plan-line" data-testid="plan-line">
              {d.plan
                ? t('indicators.comparedWith', { plan: d.plan.name, period: format.period(d.period) })
                : t('indicators.noPlanLine', { period: format.period(d.period) })}
            </Typography.Paragraph>
          </Card>
          <ErrorAlert error={plans.error} onRetry={plans.reload} />

          <section aria-labelledby="indicator-cards">
            <h2 id="indicator-cards" className="section-title">
              {t('indicators.cards', { area: d.area.name })}
            </h2>
            <div className="indicator-cards" data-testid="indicator-cards">
              {d.cards.map((c) => {
                const def = byCode.get(c.indicator);
                return def ? <IndicatorCard key={c.indicator} card={c} definition={def} format={format} selected={c.indicator === indicator} onShow={() => show(c.indicator)} /> : null;
              })}
            </div>
          </section>

          <Card
            id="indicator-detail"
            title={<h2 className="card-title">{t('indicators.detail', { indicator: indicatorName, split: splitLabel })}</h2>}
            data-testid="indicator-detail"
          >
            <div className="filter-bar" style={{ marginBottom: 16 }}>
              <label>
                <span className="filter-label">{t('indicators.indicator')}</span>
                <Select
                  value={indicator}
                  onChange={(v) => set({ indicator: v === DEFAULT_INDICATOR ? undefined : v })}
                  options={definitions.data.map((def) => ({ value: def.code, label: def.available ? format.name(def) : t('indicators.withNote', { text: format.name(def), note: t('indicators.noData') }) }))}
                  style={{ minWidth: 260, maxWidth: '100%' }}
                  popupMatchSelectWidth={false}
                  data-testid="indicator"
                />
              </label>
              <label>
                <span className="filter-label">{t('indicators.splitLabel')}</span>
                <Select
                  value={split}
                  onChange={(v) => set({ split: v === 'all' ? undefined : v })}
                  options={SPLITS.map((s) => ({ value: s, label: t(`indicators.split.${s}`) }))}
                  style={{ minWidth: 140 }}
                  popupMatchSelectWidth={false}
                  data-testid="split"
                />
              </label>
            </div>
            <ErrorAlert error={values.error} onRetry={values.reload} />
            {definition && values.data && (
              <>
                {values.data.children.length === 0 ? (
                  <Typography.Paragraph type="secondary" data-testid="no-children">
                    {t('indicators.noChildren')}
                  </Typography.Paragraph>
                ) : (
                  <div className="indicator-detail-grid">
                    <section aria-labelledby="ranking-title">
                      <h3 id="ranking-title" className="chart-title">
                        {t('indicators.ranking')}
                      </h3>
                      <RankingTable
                        children={values.data.children}
                        definition={definition}
                        format={format}
                        caption={t('indicators.rankingCaption', { area: d.area.name, indicator: indicatorName, split: splitLabel, period: format.period(values.data.period) })}
                        linkTo={(code) => hrefWith({ area: code })}
                      />
                      <Typography.Paragraph type="secondary" className="indicator-fraction-note">
                        {t('indicators.fractionNote', { numerator: format.localized(definition.numerator), denominator: format.localized(definition.denominator) })}
                      </Typography.Paragraph>
                    </section>
                    <section aria-labelledby="map-title">
                      <h3 id="map-title" className="chart-title">
                        {t('indicators.map')}
                      </h3>
                      <OnScreen className="map-box" testId="indicator-map">
                        <IndicatorMap
                          values={values.data}
                          area={d.area}
                          definition={definition}
                          format={format}
                          label={t('indicators.mapLabel', { area: d.area.name, indicator: indicatorName, split: splitLabel })}
                          onOpen={open}
                        />
                      </OnScreen>
                    </section>
                  </div>
                )}
                {/* -- care -- */}
                {indicator === 'left_behind_visited' && (
                  <Suspense fallback={null}>
                    <LazyCareFiguresPanel area={d.area.code} period={values.data.period} split={split} />
                  </Suspense>
                )}
                {/* -- end care -- */}
                <section aria-labelledby="equalization-title">
                  <h3 id="equalization-title" className="chart-title">
                    {t('indicators.equalization')}
                  </h3>
                  <EqualizationPanel equalization={values.data.equalization} definition={definition} format={format} />
                </section>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('indicators.computedAt', { at: dates.dateTime(values.data.computedAt) })}
                </Typography.Paragraph>
              </>
            )}
          </Card>

          <Card title={<h2 className="card-title">{t('indicators.trend', { indicator: indicatorName })}</h2>}>
            {card && definition ? (
              <OnScreen className="chart-box" testId="trend-chart">
                <TrendChart card={card} definition={definition} format={format} />
              </OnScreen>
            ) : (
              <Typography.Text type="secondary">{t('indicators.trendEmpty')}</Typography.Text>
            )}
          </Card>

          {/* -- market -- */}
          {may(user.role, 'market.figures') && (
            <OnScreen className="market-dashboard-box" testId="market-dashboard">
              <MarketDashboardCard area={d.area.code} />
            </OnScreen>
          )}
          {/* -- end market -- */}

          {d.plan && shownPlan && canSetTargets && targetsOpened && (
            <Suspense fallback={null}>
              <PlanTargetsDrawer
                open={targetsOpen}
                onClose={() => setTargetsOpen(false)}
                plan={shownPlan}
                area={d.area}
                pathNames={pathNames}
                cards={d.cards}
                definitions={byCode}
                format={format}
                onChanged={() => {
                  setPlansVersion((n) => n + 1);
                  dashboard.reload();
                }}
                onPlanCreated={(id) => {
                  setPlansVersion((n) => n + 1);
                  set({ plan: id });
                }}
              />
            </Suspense>
          )}
        </Space>
      )}
    </div>
  );
}
