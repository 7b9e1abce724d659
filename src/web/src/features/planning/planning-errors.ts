import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
import type { Problem } from '../../../../contracts/problems.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';

const FIELDS = [
  'area',
  'model',
  'kind',
  'radiusKm',
  'urbanRadiusKm',
  'ruralRadiusKm',
  'p',
  'budget',
  'costs',
  'candidates',
  'weights',
  'name',
  'timeLimitSeconds',
  'floorArea',
  'activityArea',
  'ids',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * The planning API's failures in the user's language: fields named as the form names them, with
 * a hint for the mistakes people make (too many sites, an area too large); an adopted scenario is
 * said to be adopted. Everything else as every page says it.
 */
export function planningErrorMessage(t: TFunction, error: unknown, action?: 'adopt' | 'delete' | 'run'): string {
  if (!(error instanceof ApiError)) return apiErrorMessage(t, error);
  if (error.status === 409 && action === 'adopt') return t('planning.errors.adoptedAlready');
  if (error.status === 404 && action !== 'run') return t('planning.errors.scenarioGone');
  if (error.status === 403) return t('planning.errors.forbidden');
  if (error.code === 'validation_failed' || error.code === 'bad_request') {
    const problems = fieldProblems(error);
    const fields = [...new Set(problems.map((p) => p.field.split(/[.[/]/)[0]!.replace(/^body/, '') || p.field))];
    const known = fields.filter((f): f is Field => (FIELDS as readonly string[]).includes(f));
    if (known.length === 0) return apiErrorMessage(t, error);
    const list = new Intl.ListFormat(i18next.language, { type: 'conjunction' }).format(known.map((f) => t(`planning.fields.${f}`)));
    const hints = known.map((f) => hintFor(t, f, problems.find((p) => p.field.startsWith(f)))).filter(Boolean);
    return [t('planning.errors.invalid', { fields: list }), ...hints].join(' ');
  }
  return apiErrorMessage(t, error);
}

/** A hint for the field's problem, by its stable code (and parameters), never its English sentence. */
function hintFor(t: TFunction, field: Field, problem: Problem | undefined): string {
  const code = problem?.code;
  // More sites than candidates: the server names how many there are.
  if (field === 'p' && code === 'out_of_range' && problem?.params?.max !== undefined) return t('planning.errors.tooManySites');
  if (code === 'too_large') return t('planning.errors.areaTooLarge');
  if (code === 'no_demand') return t('planning.errors.noDemand');
  if (code === 'no_candidates') return t('planning.errors.noCandidates');
  if (field === 'activityArea') return t('planning.errors.activityArea');
  if (field.endsWith('adiusKm')) return t('planning.errors.radius');
  return '';
}
