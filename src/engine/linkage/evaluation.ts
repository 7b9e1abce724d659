/**
 * Evaluation rounds of a delivered project (监督评估): a template of raters and their weights,
 * responses scored 0–100, and the final score and grade. Pure, no I/O.
 *
 * Participating residents rate on the 1–5 scale residents know from service requests, turned into
 * 0–100 as (rating − 1) × 25, the same conversion the `satisfaction` indicator uses; the
 * community committee, the funder and the independent evaluator score 0–100 directly.
 */

export const RATER_KINDS = ['residents', 'committee', 'funder', 'evaluator'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

export interface RaterWeight {
  kind: RaterKind;
  /** Whole percent; a template's weights sum to 100. */
  weight: number;
}

/** The template used when a round sets none. */
export const DEFAULT_EVALUATION_TEMPLATE: readonly RaterWeight[] = [
  { kind: 'residents', weight: 30 },
  { kind: 'committee', weight: 20 },
  { kind: 'funder', weight: 20 },
  { kind: 'evaluator', weight: 30 },
];

export type TemplateProblem = { code: 'duplicate_rater'; kind: RaterKind } | { code: 'invalid_weight'; kind: RaterKind } | { code: 'weights_sum'; sum: number } | { code: 'empty' };

/** What is wrong with a template: at least one rater, each kind once, whole weights 1..100 summing to 100. */
export function templateProblem(template: readonly RaterWeight[]): TemplateProblem | null {
  if (template.length === 0) return { code: 'empty' };
  const seen = new Set<RaterKind>();
  let sum = 0;
  for (const r of template) {
    if (seen.has(r.kind)) return { code: 'duplicate_rater', kind: r.kind };
    seen.add(r.kind);
    if (!(Number.isInteger(r.weight) && r.weight >= 1 && r.weight <= 100)) return { code: 'invalid_weight', kind: r.kind };
    sum += r.weight;
  }
  return sum === 100 ? null : { code: 'weights_sum', sum };
}

export const RESIDENT_RATING_MIN = 1;
export const RESIDENT_RATING_MAX = 5;
export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

/** A resident's 1–5 rating on the 0–100 scale. */
export function residentRatingScore(rating: number): number {
  return (rating - RESIDENT_RATING_MIN) * 25;
}

export function scoreInScale(score: number): boolean {
  return Number.isFinite(score) && score >= SCORE_MIN && score <= SCORE_MAX;
}

export function ratingInScale(rating: number): boolean {
  return Number.isInteger(rating) && rating >= RESIDENT_RATING_MIN && rating <= RESIDENT_RATING_MAX;
}

export interface EvaluationResponse {
  kind: RaterKind;
  /** 0–100 (a resident's rating already converted). */
  score: number;
}

export const EVALUATION_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below: the bands purchased-service evaluations commonly use. */
export const GRADE_MINIMUMS: Readonly<Record<Exclude<EvaluationGrade, 'fail'>, number>> = { excellent: 90, good: 80, pass: 60 };

export function gradeForScore(score: number): EvaluationGrade {
  if (score >= GRADE_MINIMUMS.excellent) return 'excellent';
  if (score >= GRADE_MINIMUMS.good) return 'good';
  if (score >= GRADE_MINIMUMS.pass) return 'pass';
  return 'fail';
}

export interface RaterResult {
  kind: RaterKind;
  weight: number;
  responses: number;
  /** Mean of the kind's responses, one decimal; null with none. */
  mean: number | null;
}

export interface RoundResult {
  raters: RaterResult[];
  /** Kinds in the template with no response yet: the round cannot close while any remain. */
  missing: RaterKind[];
  /** Weighted mean of the kinds' means, one decimal; null while a kind is missing. */
  finalScore: number | null;
  grade: EvaluationGrade | null;
}

const oneDecimal = (x: number): number => Math.round(x * 10) / 10;

/**
 * The round's result. Each kind counts by its weight whatever the number of its responses (forty
 * residents weigh what the template gives residents, not forty times the funder). Means are kept
 * unrounded until the final score, which is rounded once.
 */
export function roundResult(template: readonly RaterWeight[], responses: readonly EvaluationResponse[]): RoundResult {
  const sums = new Map<RaterKind, { n: number; total: number }>();
  for (const r of responses) {
    const s = sums.get(r.kind) ?? { n: 0, total: 0 };
    s.n += 1;
    s.total += r.score;
    sums.set(r.kind, s);
  }
  const raters: RaterResult[] = [];
  const missing: RaterKind[] = [];
  let weighted = 0;
  let weights = 0;
  for (const t of template) {
    const s = sums.get(t.kind);
    if (!s || s.n === 0) {
      missing.push(t.kind);
      raters.push({ kind: t.kind, weight: t.weight, responses: 0, mean: null });
      continue;
    }
    const mean = s.total / s.n;
    weighted += t.weight * mean;
    weights += t.weight;
    raters.push({ kind: t.kind, weight: t.weight, responses: s.n, mean: oneDecimal(mean) });
  }
  if (missing.length > 0 || weights === 0) return { raters, missing, finalScore: null, grade: null };
  const finalScore = oneDecimal(weighted / weights);
  return { raters, missing, finalScore, grade: gradeForScore(finalScore) };
}
