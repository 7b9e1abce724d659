import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Numbers and dates in the user's language: 12,345 / 2025/3/1 14:05 / 2025年3月1日. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const integer = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'long' });
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 5 });
    return {
      language,
      number: (n: number) => integer.format(n),
      decimal: (n: number) => decimal.format(n),
      percent: (n: number) => percent.format(n),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      date: (iso: string) => date.format(new Date(iso)),
    };
  }, [language]);
}
