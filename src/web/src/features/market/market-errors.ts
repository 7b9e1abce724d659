import i18next, { type TFunction } from 'i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { MARKET_LIMITS, ORDER_LIMIT_KEYS } from './market-api.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A refused market write in the reader's words: a 400 names each field at fault with the market's
 * own labels (`offers.0.quantity` reads as 上架产品 · 可供数量), a 403 says the village or hub is
 * outside one's scope, a 409 names the limit or the round's state. Anything else as the app says it.
 */
export function marketErrorMessage(t: TFunction, error: unknown): string {
  const tx = t as unknown as Translate;
  if (!(error instanceof ApiError)) return apiErrorMessage(t, error);
  if (error.status === 403) return tx('market.errors.forbidden');
  if (error.status === 413) return tx('market.errors.photoTooLarge', { max: MARKET_LIMITS.photoMaxBytes / 1024 / 1024 });
  const problems = fieldProblems(error);
  if (error.status === 400 && problems.length > 0) {
    const label = (field: string) =>
      field
        .split('.')
        .filter((part) => !/^[0-9]+$/.test(part))
        .map((part) => tx(`market.fields.${part}`, { defaultValue: part }))
        .join(' · ');
    const fields = problems.map((p) => `${label(p.field)}${tx('market.errors.separator')}${tx(`problemCodes.${p.code}`, p.params ?? {})}`);
    return tx('market.errors.badInput', { fields: new Intl.ListFormat(i18next.language, { type: 'conjunction' }).format([...new Set(fields)]) });
  }
  if (error.status === 409) {
    const details = error.details as { limit?: string; max?: number; status?: string; version?: number } | undefined;
    const limit = ORDER_LIMIT_KEYS.find((k) => k === details?.limit);
    if (limit) return tx(`market.limits.${limit}`, { max: details?.max ?? '' });
    if (details && 'version' in details) return tx('market.errors.stale');
    if (details?.status) return tx('market.errors.state', { status: tx(`market.statuses.${details.status}`, { defaultValue: details.status }) });
    return tx('market.errors.conflict', { message: error.message });
  }
  return apiErrorMessage(t, error);
}
