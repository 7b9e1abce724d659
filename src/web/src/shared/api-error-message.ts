import i18next, { type TFunction } from 'i18next';
import { ApiError, fieldProblems } from '../api/client.ts';

const KNOWN = [
  'network_error',
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'not_found',
  'csrf_token_invalid',
  'cross_origin',
] as const;

/**
 * The API speaks English with stable codes; people read their own language. This turns any
 * failure into a sentence in the user's language, naming the fields at fault where it can.
 */
export function apiErrorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown', { message: error instanceof Error ? error.message : String(error) });
  const details = error.details as Record<string, unknown> | undefined;
  switch (error.code) {
    case 'account_locked': {
      const seconds = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      return seconds ? t('errors.account_locked_minutes', { minutes: Math.ceil(seconds / 60) }) : t('errors.account_locked');
    }
    case 'rate_limited':
      return t('errors.rate_limited', { seconds: (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60 });
    case 'conflict':
      return (details as { field?: string } | undefined)?.field === 'username' ? t('errors.username_taken') : t('errors.conflict');
    case 'validation_failed':
    case 'bad_request': {
      const problems = fieldProblems(error);
      const fields = problems.length
        ? problems.map((p) => {
            const key = p.field.split('.')[0]!;
            const label = t(`fields.${key}` as 'fields.username', { defaultValue: key });
            return t('errors.fieldProblem', { field: label, problem: (t as unknown as (key: string) => string)(`problemCodes.${p.code}`) });
          })
        : [error.message];
      const list = new Intl.ListFormat(i18next.language, { type: 'conjunction' });
      return t('errors.validation_failed', { fields: list.format([...new Set(fields)]) });
    }
    case 'internal_error':
      return t('errors.internal_error', { requestId: error.requestId ?? '-' });
    default:
      if ((KNOWN as readonly string[]).includes(error.code)) return t(`errors.${error.code}` as 'errors.forbidden');
      if (error.status >= 500) return t('errors.internal_error', { requestId: error.requestId ?? '-' });
      return t('errors.unknown', { message: error.message });
  }
}
