import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorDefinition, Localized, Split } from '../../api/indicators.ts';
import { LANGUAGES, type Language } from '../../i18n/index.ts';

/** The order urban and rural sit side by side, "all" last (it is their sum). */
export const SPLIT_ORDER: readonly Split[] = ['urban', 'rural', 'all'];

/** Line and sparkline colours per split, each ≥ 4.5:1 on white; the trend chart also tells them apart by dash. */
export const SPLIT_COLOURS: Record<Split, string> = { all: '#0b3f86', urban: '#a84300', rural: '#237804' };

/**
 * An indicator's values in the user's language and its unit: 85.3% / 42.5 m² per 100 households /
 * 1.2 per community / 88 points; a gap in percentage points; a period as 2025 or 2025 Q3.
 */
export function useIndicatorFormat() {
  const { t, i18n } = useTranslation();
  const language: Language = (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'zh-CN';
  return useMemo(() => {
    const oneDecimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    const threeDecimals = new Intl.NumberFormat(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const localized = (text: Localized) => text[language] ?? text['zh-CN'];
    return {
      language,
      localized,
      name: (definition: IndicatorDefinition) => localized(definition.name),
      /** A value with its unit. */
      value: (definition: IndicatorDefinition, value: number): string =>
        definition.unit === 'percent' ? percent.format(value / 100) : t(`indicators.unit.${definition.unit}`, { value: oneDecimal.format(value) }),
      /** A bare number (no unit), for a chart axis or a table cell beside a unit in the header. */
      number: (value: number) => oneDecimal.format(value),
      /** A difference between two values: percentage points for a percentage. */
      difference: (definition: IndicatorDefinition, value: number): string => t(`indicators.gapUnit.${definition.unit}`, { value: oneDecimal.format(value) }),
      /** Ratios and indices (CV, Theil) to three decimals. */
      index: (value: number) => threeDecimals.format(value),
      period: (period: string): string => {
        const m = /^(\d{4})(?:Q([1-4]))?$/.exec(period);
        if (!m) return period;
        return m[2] ? t('indicators.quarter', { year: m[1]!, quarter: m[2] }) : t('indicators.year', { year: m[1]! });
      },
    };
  }, [language, t]);
}

export type IndicatorFormat = ReturnType<typeof useIndicatorFormat>;

/** The year a period belongs to (the annual report's year). */
export function yearOf(period: string): number {
  return Number(period.slice(0, 4));
}
