import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi } from '../../api/requests.ts';
import { useApi } from '../../shared/use-api.ts';
import { itemNameIn } from '../requests/labels.tsx';

/** The catalog's item names in the reader's language, for an area (an agent's scope); the code where a name is unknown. */
export function useItemNames(area: string | null) {
  const { i18n } = useTranslation();
  const catalog = useApi((signal) => (area ? catalogApi.catalog(area, signal) : Promise.resolve(null)), [area]);
  return useMemo(() => {
    const names = new Map((catalog.data?.items ?? []).map((item) => [item.code, itemNameIn(i18n.language, item)]));
    return { name: (code: string) => names.get(code) ?? code, items: catalog.data?.items ?? [] };
  }, [catalog.data, i18n.language]);
}
