import i18next, { type TFunction } from 'i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';

const say = (t: TFunction, key: string, values?: Record<string, unknown>) => (t as unknown as (k: string, v?: Record<string, unknown>) => string)(key, values);

/**
 * A failure of a request page in the user's language, by the API's stable codes: a refused step
 * names the status it was refused in and the step, a field problem names the field by the label
 * the person saw (`fieldLabel`: a form field's label, a material's name), never the English sentence.
 */
export function requestErrorMessage(t: TFunction, error: unknown, fieldLabel?: (field: string) => string | undefined): string {
  if (!(error instanceof ApiError)) return apiErrorMessage(t, error);
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (error.status === 400) {
    const problems = fieldProblems(error);
    if (problems.length > 0) {
      const file = problems.find((p) => p.field === 'file');
      if (file?.code === 'out_of_range') return say(t, 'requests.errors.tooLarge');
      if (file?.code === 'not_allowed') return say(t, 'requests.errors.unsupported');
      const parts = problems.map((p) => {
        const label = fieldLabel?.(p.field) ?? say(t, `fields.${p.field.split('.')[0]}`, { defaultValue: p.field.split('.').pop() });
        return say(t, 'requests.errors.fieldProblem', { field: label, problem: say(t, `problemCodes.${p.code}`) });
      });
      const list = new Intl.ListFormat(i18next.language, { type: 'conjunction' });
      return t('errors.validation_failed', { fields: list.format([...new Set(parts)]) });
    }
  }
  if (error.code === 'mandate_required' || (error.status === 403 && details.reason && error.code !== 'forbidden')) return say(t, 'requests.errors.mandate');
  if (error.code === 'idempotency_key_reused') return say(t, 'requests.errors.idempotency');
  if (error.code === 'already_rated') return say(t, 'requests.errors.alreadyRated');
  if (error.code === 'reopen_refused') return say(t, 'requests.errors.reopenRefused');
  if (error.status === 413 || error.code === 'payload_too_large' || error.code === 'file_too_large') return say(t, 'requests.errors.tooLarge');
  if (error.status === 415 || error.code === 'unsupported_media_type') return say(t, 'requests.errors.unsupported');
  if (error.status === 409) {
    const from = typeof details.from === 'string' ? details.from : typeof details.status === 'string' ? details.status : null;
    const action = typeof details.action === 'string' ? details.action : null;
    if (from && action)
      return say(t, 'requests.errors.transition', {
        from: say(t, `requests.status.${from}`, { defaultValue: from }),
        action: say(t, `requests.action.${action}`, { defaultValue: say(t, `requests.event.${action}`, { defaultValue: action }) }),
      });
    if ('version' in details || 'currentVersion' in details || error.code === 'stale_version') return say(t, 'requests.errors.stale');
  }
  return apiErrorMessage(t, error);
}
