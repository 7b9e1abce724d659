import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardCard, IndicatorDefinition, IndicatorValue, ProgressItem, Split } from '../../api/indicators.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { SPLIT_COLOURS, type IndicatorFormat } from './format.ts';
import { Sparkline } from './Sparkline.tsx';

/** How far an area is along a plan's target: reached, on track, behind; nothing when it cannot be told. */
export function ProgressTag({ item }: { item: ProgressItem | undefined }) {
  const { t } = useTranslation();
  if (!item || item.actual.status !== 'value' || !item.target) return null;
  if (item.gap !== null && item.gap <= 0)
    return (
      <ColorTag tone="green" testId="progress-tag">
        {t('indicators.reached')}
      </ColorTag>
    );
  if (item.onTrack === true)
    return (
      <ColorTag tone="blue" testId="progress-tag">
        {t('indicators.onTrack')}
      </ColorTag>
    );
  if (item.onTrack === false)
    return (
      <ColorTag tone="red" testId="progress-tag">
        {t('indicators.behind')}
      </ColorTag>
    );
  return null;
}

/** A value as people should read it: a number with its unit, "no such communities", or "no data" (never 0). */
export function ValueText({ definition, value, format }: { definition: IndicatorDefinition; value: Pick<IndicatorValue, 'status' | 'value'>; format: IndicatorFormat }) {
  const { t } = useTranslation();
  if (value.status === 'noData' || (value.status === 'value' && value.value === null)) return <span className="value-missing">{t('indicators.noData')}</span>;
  if (value.status === 'none') return <span className="value-missing">{t('indicators.none')}</span>;
  return <span>{format.value(definition, value.value!)}</span>;
}

function TargetLines({ definition, item, format }: { definition: IndicatorDefinition; item: ProgressItem | undefined; format: IndicatorFormat }) {
  const { t } = useTranslation();
  if (!item?.target) return <div className="card-target">{t('indicators.noTarget')}</div>;
  return (
    <>
      <div className="card-target" data-testid="card-target">
        {t('indicators.target', { value: format.value(definition, item.target.value), year: item.target.year })}
      </div>
      {item.gap !== null && item.gap > 0 && (
        <div className="card-gap" data-testid="card-gap">
          {t('indicators.gap', { gap: format.difference(definition, item.gap) })}
        </div>
      )}
    </>
  );
}

function SplitFigure({
  split,
  definition,
  card,
  format,
}: {
  split: Exclude<Split, 'all'>;
  definition: IndicatorDefinition;
  card: DashboardCard;
  format: IndicatorFormat;
}) {
  const { t } = useTranslation();
  const value = card.values[split];
  const item = card.progress[split];
  const trend = card.trend.map((p) => p.values[split]);
  const spoken = card.trend
    .filter((p) => p.values[split] !== null)
    .map((p) => `${format.period(p.period)} ${format.value(definition, p.values[split]!)}`)
    .join(t('indicators.listSeparator'));
  return (
    <div className="card-split" data-testid="card-split" data-split={split}>
      <div className="card-split-label">{t(`indicators.split.${split}`)}</div>
      <div className="card-split-value" data-testid="card-value" data-split={split}>
        <ValueText definition={definition} value={value} format={format} />
      </div>
      <TargetLines definition={definition} item={item} format={format} />
      <ProgressTag item={item} />
      <Sparkline values={trend} colour={SPLIT_COLOURS[split]} label={t('indicators.sparkLabel', { split: t(`indicators.split.${split}`), values: spoken })} />
    </div>
  );
}

/**
 * One indicator of the area: the whole area's value first, then urban and rural side by side, each
 * with its target, gap, progress and trend. An indicator whose module does not exist yet says so.
 */
export function IndicatorCard({
  card,
  definition,
  format,
  selected,
  onShow,
}: {
  card: DashboardCard;
  definition: IndicatorDefinition;
  format: IndicatorFormat;
  selected: boolean;
  onShow: () => void;
}) {
  const { t } = useTranslation();
  const name = format.name(definition);
  const noData = !definition.available || (['all', 'urban', 'rural'] as const).every((s) => card.values[s].status === 'noData');
  const all = card.values.all;
  return (
    <Card
      className={`indicator-card${selected ? ' indicator-card-selected' : ''}`}
      size="small"
      data-testid="indicator-card"
      data-code={card.indicator}
      title={<h3 className="card-title indicator-name">{name}</h3>}
    >
      {noData ? (
        <div className="card-no-data">
          <div className="card-main-value value-missing" data-testid="card-value" data-split="all">
            {t('indicators.noData')}
          </div>
          <Typography.Text type="secondary" data-testid="waits-for">
            {t('indicators.waitsFor', { module: t(`indicators.source.${definition.source}`) })}
          </Typography.Text>
        </div>
      ) : (
        <>
          <div className="card-main">
            <div>
              <div className="card-split-label">{t('indicators.split.all')}</div>
              <div className="card-main-value" data-testid="card-value" data-split="all">
                <ValueText definition={definition} value={all} format={format} />
              </div>
            </div>
            <div className="card-main-progress">
              <TargetLines definition={definition} item={card.progress.all} format={format} />
              <ProgressTag item={card.progress.all} />
            </div>
          </div>
          <div className="card-splits">
            <SplitFigure split="urban" definition={definition} card={card} format={format} />
            <SplitFigure split="rural" definition={definition} card={card} format={format} />
          </div>
          {all.status === 'value' && all.numerator !== null && all.denominator !== null && (
            <div className="card-fraction">
              {format.localized(definition.numerator)} {format.number(all.numerator)} ÷ {format.localized(definition.denominator)} {format.number(all.denominator)}
            </div>
          )}
        </>
      )}
      <Button type="link" className="card-show" onClick={onShow} aria-pressed={selected} aria-label={t('indicators.showNamed', { name })} data-testid="card-show">
        {t('indicators.show')}
      </Button>
    </Card>
  );
}
