import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
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
    const hints = known.map((f) => hintFor(t, f, problems.find((p) => p.field.startsWith(f))?.problem ?? '')).filter(Boolean);
    return [t('planning.errors.invalid', { fields: list }), ...hints].join(' ');
  }
  return apiErrorMessage(t, error);
}

function hintFor(t: TFunction, field: Field, problem: string): string {
  if (field === 'p' && /candidate/.test(problem)) return t('planning.errors.tooManySites');
  if (field === 'area' && /too large|million/.test(problem)) return t('planning.errors.areaTooLarge');
  if (field === 'area' && /no demand|no community|no people|location/.test(problem)) return t('planning.errors.noDemand');
  if (field === 'candidates' && /already has/.test(problem)) return t('planning.errors.noCandidates');
  if (field === 'activityArea') return t('planning.errors.activityArea');
  if (field.endsWith('adiusKm')) return t('planning.errors.radius');
  return '';
}
