import { Alert, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api/client.ts';
import type { AreaDetail } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { PlanningMap } from './PlanningMap.tsx';
import type { ProposedSite, Scenario, Share } from './planning-types.ts';

type Format = ReturnType<typeof useFormat>;

export function shareText(format: Format, s: Share): string {
  return s.share === null ? '—' : format.percent(s.share);
}

/** What the gap means, in plain words, for the model that was asked. */
export function gapExplanation(t: TFunction, format: Format, scenario: Scenario): string {
  const r = scenario.result;
  if (r.optimal || r.gap === 0) return t(`planning.gap.optimal.${scenario.model}`);
  const parts = [t('planning.gap.notProven', { gap: format.percent(r.gap) })];
  if (scenario.model === 'mclp') parts.push(t('planning.gap.mclp', { people: format.number(Math.max(0, Math.round(r.bound - r.objective))) }));
  if (scenario.model === 'lscp') parts.push(t('planning.gap.lscp', { sites: format.number(Math.max(0, r.objective - Math.ceil(r.bound - 1e-9))) }));
  if (scenario.model === 'pmedian') parts.push(t('planning.gap.pmedian', { gap: format.percent(r.gap) }));
  if (r.timedOut) parts.push(t('planning.gap.timedOut'));
  return parts.join(' ');
}

function Change({ label, before, after, testId }: { label: string; before: Share; after: Share; testId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const gained = after.numerator - before.numerator;
  return (
    <div className="planning-figure" data-testid={testId}>
      <div className="planning-figure-label">{label}</div>
      <div className="planning-figure-value">
        <span>{shareText(format, before)}</span>
        <span className="planning-arrow" aria-label={t('planning.to')}>
          →
        </span>
        <strong>{shareText(format, after)}</strong>
      </div>
      <div className="planning-figure-note">
        {t('planning.peopleOf', { covered: format.number(after.numerator), total: format.number(after.denominator) })}
        {gained > 0 && <span className="planning-gain">{t('planning.gain', { count: gained, people: format.number(gained) })}</span>}
      </div>
    </div>
  );
}

/** One scenario: the figures, the gap in plain words, the map and the chosen communities. */
export function ScenarioResultView({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation();
  const format = useFormat();
  const area = useApi((signal) => api.get<AreaDetail>(`/areas/${scenario.areaCode}`, undefined, signal), [scenario.areaCode]);
  const r = scenario.result;
  const { before, after } = r.coverage;
  const p = scenario.parameters;

  return (
    <div className="planning-result-body" data-testid="scenario-result">
      <Card
        size="small"
        title={<h2 className="card-title">{t('planning.resultTitle', { name: scenario.name })}</h2>}
        extra={scenario.adoption ? <ColorTag tone="green">{t('planning.adopted')}</ColorTag> : null}
      >
        <Typography.Paragraph type="secondary" className="planning-params">
          {t('planning.params', {
            model: t(`planning.models.${scenario.model}`),
            kind: t(`planning.kinds.${scenario.kind}`),
            urban: format.decimal(p.radiusKm.urban),
            rural: format.decimal(p.radiusKm.rural),
            year: p.year ?? '—',
            candidates: format.number(r.candidates),
            existing: format.number(r.existingFacilities),
          })}
          {r.plannedFacilities ? <span data-testid="planned-counted">{t('planning.paramsPlanned', { planned: format.number(r.plannedFacilities) })}</span> : null}
        </Typography.Paragraph>
        <div className="planning-figures" data-testid="figures">
          <div className="planning-figure planning-figure-main" data-testid="newly-covered">
            <div className="planning-figure-label">{t('planning.newlyCovered')}</div>
            <div className="planning-figure-value">
              <strong>{format.number(r.newlyCoveredPopulation)}</strong>
              <span className="planning-unit">{t('planning.peopleUnit')}</span>
            </div>
            <div className="planning-figure-note">{t('planning.sitesCount', { count: r.sites.length, sites: format.number(r.sites.length) })}</div>
          </div>
          <Change label={t('planning.coverageUrban')} before={before.urban} after={after.urban} testId="coverage-urban" />
          <Change label={t('planning.coverageRural')} before={before.rural} after={after.rural} testId="coverage-rural" />
          <Change label={t('planning.coverageAll')} before={before.all} after={after.all} testId="coverage-all" />
        </div>
        {r.cost !== null && (
          <Typography.Paragraph>{t('planning.costUsed', { cost: format.number(r.cost), budget: format.number(p.budget ?? 0) })}</Typography.Paragraph>
        )}
        {r.meanDistanceKm !== null && <Typography.Paragraph>{t('planning.meanDistance', { km: format.decimal(Math.round(r.meanDistanceKm * 100) / 100) })}</Typography.Paragraph>}
        {r.uncoverable && r.uncoverable.communities > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('planning.uncoverable', { count: r.uncoverable.communities, communities: format.number(r.uncoverable.communities), people: format.number(r.uncoverable.population) })}
            style={{ marginBottom: 12 }}
          />
        )}
        <Alert
          type={r.optimal ? 'success' : 'info'}
          showIcon
          data-testid="gap"
          title={t('planning.gap.title', { gap: format.percent(r.gap) })}
          description={
            <>
              <div>{gapExplanation(t, format, scenario)}</div>
              <div className="planning-gap-general">{t('planning.gap.general')}</div>
            </>
          }
        />
      </Card>

      <Card size="small" title={<h2 className="card-title">{t('planning.mapTitle')}</h2>}>
        <ErrorAlert error={area.error} onRetry={area.reload} />
        {area.data && area.data.code === scenario.areaCode && <PlanningMap area={area.data} scenario={scenario} />}
      </Card>

      <Card size="small" title={<h2 className="card-title">{t('planning.sitesTitle')}</h2>}>
        <Table<ProposedSite>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={r.sites}
          data-testid="sites-table"
          locale={{ emptyText: t('planning.noSites') }}
          columns={[
            { title: '#', key: 'n', width: 48, render: (_v, _s, i) => i + 1 },
            { title: t('planning.siteName'), dataIndex: 'name', key: 'name' },
            { title: t('planning.siteCode'), dataIndex: 'code', key: 'code', render: (code: string) => <span className="code">{code}</span> },
            {
              title: t('planning.siteKind'),
              dataIndex: 'kind',
              key: 'kind',
              render: (kind: ProposedSite['kind']) => (kind ? <ColorTag tone={KIND_TONE[kind]}>{t(`kind.${kind}`)}</ColorTag> : t('kind.unknown')),
            },
            { title: t('planning.sitePopulation'), dataIndex: 'residentPopulation', key: 'pop', align: 'right', render: (n: number) => format.number(n) },
            {
              title: t('planning.siteNewlyCovered'),
              dataIndex: 'newlyCoveredPopulation',
              key: 'newly',
              align: 'right',
              render: (n: number) => <strong>{format.number(n)}</strong>,
            },
            ...(r.cost !== null ? [{ title: t('planning.siteCost'), dataIndex: 'cost', key: 'cost', align: 'right' as const, render: (n: number | null) => (n === null ? '—' : format.number(n)) }] : []),
          ]}
        />
      </Card>
    </div>
  );
}
