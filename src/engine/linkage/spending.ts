/**
 * Spending against a project's budget lines. Amounts are integers in fen (分), so sums are
 * exact. Pure, no I/O.
 */

export interface BudgetLine {
  code: string;
  amount: number;
}

export interface Expenditure {
  budgetLine: string;
  amount: number;
}

export interface LineSpending {
  code: string;
  budget: number;
  spent: number;
  remaining: number;
  /** Spent ÷ budget in percent, one decimal; null for a line budgeted at 0. */
  percent: number | null;
  overspent: boolean;
}

export interface SpendingSummary {
  lines: LineSpending[];
  budget: number;
  spent: number;
  remaining: number;
  percent: number | null;
}

function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/**
 * Spending per line and in total. An expenditure on a line the budget does not hold is refused
 * by the caller with {@link expenditureProblem}; here it is ignored, so a summary never invents
 * a line.
 */
export function spendingSummary(lines: readonly BudgetLine[], expenditures: readonly Expenditure[]): SpendingSummary {
  const spentBy = new Map<string, number>();
  for (const e of expenditures) spentBy.set(e.budgetLine, (spentBy.get(e.budgetLine) ?? 0) + e.amount);
  let budget = 0;
  let spent = 0;
  const out = lines.map((l) => {
    const s = spentBy.get(l.code) ?? 0;
    budget += l.amount;
    spent += s;
    return { code: l.code, budget: l.amount, spent: s, remaining: l.amount - s, percent: percentOf(s, l.amount), overspent: s > l.amount };
  });
  return { lines: out, budget, spent, remaining: budget - spent, percent: percentOf(spent, budget) };
}

export type ExpenditureProblem = { code: 'unknown_budget_line'; budgetLine: string } | { code: 'invalid_amount' } | { code: 'over_budget_line'; budgetLine: string; remaining: number };

/**
 * Why one more expenditure cannot be recorded: its amount must be a positive whole number of fen,
 * its line one of the project's, and it may not take the line past its budget.
 */
export function expenditureProblem(lines: readonly BudgetLine[], recorded: readonly Expenditure[], next: Expenditure): ExpenditureProblem | null {
  if (!(Number.isSafeInteger(next.amount) && next.amount > 0)) return { code: 'invalid_amount' };
  const line = lines.find((l) => l.code === next.budgetLine);
  if (!line) return { code: 'unknown_budget_line', budgetLine: next.budgetLine };
  const spent = recorded.filter((e) => e.budgetLine === line.code).reduce((sum, e) => sum + e.amount, 0);
  if (spent + next.amount > line.amount) return { code: 'over_budget_line', budgetLine: line.code, remaining: line.amount - spent };
  return null;
}
