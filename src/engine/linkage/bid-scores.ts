/**
 * The result of a call's evaluation: each evaluator's weighted total of a bid (0–100: each
 * criterion's score over the scale's maximum times its weight in percent), optionally without
 * the bid's highest and lowest total (when three or more evaluators scored it), averaged; bids
 * ranked by that average, ties by earlier submission. Pure, no I/O.
 */

export interface Criterion {
  id: string;
  weight: number;
}

export interface Score {
  bidId: string;
  criterionId: string;
  evaluator: string;
  score: number;
}

export interface BidResult {
  bidId: string;
  score: number;
  rank: number;
  /** The evaluators' totals that counted, after dropping the extremes. */
  counted: number[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function bidResults(bids: readonly { id: string; submittedAt: string }[], criteria: readonly Criterion[], scores: readonly Score[], scoreMax: number, dropExtremes: boolean): BidResult[] {
  const weight = new Map(criteria.map((c) => [c.id, c.weight]));
  const totals = new Map<string, Map<string, number>>();
  for (const s of scores) {
    const w = weight.get(s.criterionId);
    if (w === undefined) continue;
    const byEvaluator = totals.get(s.bidId) ?? new Map<string, number>();
    byEvaluator.set(s.evaluator, (byEvaluator.get(s.evaluator) ?? 0) + (s.score / scoreMax) * w);
    totals.set(s.bidId, byEvaluator);
  }
  const results = bids.map((b) => {
    let values = [...(totals.get(b.id)?.values() ?? [])].sort((x, y) => x - y);
    if (dropExtremes && values.length >= 3) values = values.slice(1, -1);
    const mean = values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
    return { bidId: b.id, submittedAt: b.submittedAt, score: round2(mean), counted: values.map(round2) };
  });
  results.sort((a, b) => b.score - a.score || a.submittedAt.localeCompare(b.submittedAt));
  return results.map((r, i) => ({ bidId: r.bidId, score: r.score, rank: i + 1, counted: r.counted }));
}
