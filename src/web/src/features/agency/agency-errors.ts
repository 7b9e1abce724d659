import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';

/** An agency failure in the user's language: a missing mandate and a step out of order say what to do. */
export function agencyErrorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'mandate_required') return t('agency.errors.mandate_required');
  if (error instanceof ApiError && error.status === 409 && error.code === 'conflict') return `${t('agency.errors.conflict')} (${error.message})`;
  return apiErrorMessage(t, error);
}
