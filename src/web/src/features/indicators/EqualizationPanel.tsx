import { useTranslation } from 'react-i18next';
import type { Equalization, IndicatorDefinition } from '../../api/indicators.ts';
import type { IndicatorFormat } from './format.ts';

/**
 * How evenly the indicator reaches people: urban against rural (ratio and gap) and the spread of
 * the children's values (coefficient of variation, Theil index), each with a line saying how to read it.
 */
export function EqualizationPanel({ equalization, definition, format }: { equalization: Equalization; definition: IndicatorDefinition; format: IndicatorFormat }) {
  const { t } = useTranslation();
  const { urbanRural, children } = equalization;
  const dash = t('indicators.notApplicable');
  const figures = [
    {
      key: 'ratio',
      label: t('indicators.ratio'),
      value: urbanRural.ratio === null ? dash : format.index(urbanRural.ratio),
      hint: t('indicators.ratioHint'),
    },
    {
      key: 'gap',
      label: t('indicators.urbanRuralGap'),
      value: urbanRural.gap === null ? dash : format.difference(definition, urbanRural.gap),
      hint: t('indicators.urbanRuralGapHint', {
        urban: urbanRural.urban === null ? dash : format.value(definition, urbanRural.urban),
        rural: urbanRural.rural === null ? dash : format.value(definition, urbanRural.rural),
      }),
    },
    {
      key: 'cv',
      label: t('indicators.cv'),
      value: children.coefficientOfVariation === null ? dash : format.index(children.coefficientOfVariation),
      hint: t('indicators.cvHint', { count: children.count, mean: children.mean === null ? dash : format.value(definition, children.mean) }),
    },
    {
      key: 'theil',
      label: t('indicators.theil'),
      value: children.theil === null ? dash : format.index(children.theil),
      hint: t('indicators.theilHint'),
    },
  ];
  return (
    <dl className="equalization" data-testid="equalization">
      {figures.map((f) => (
        <div key={f.key} className="equalization-item" data-testid={`equalization-${f.key}`}>
          <dt>{f.label}</dt>
          <dd className="equalization-value">{f.value}</dd>
          <dd className="equalization-hint">{f.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
