/**
 * The mutual-aid time bank's ledger rules (互助时间银行), pure: no I/O.
 *
 * Amounts are whole minutes (integers), never fractions of hours in floating point, so sums are
 * exact. A transfer is a list of movements, one per account it touches, that sum to zero: what
 * one account gives, others receive (double entry). One transfer may pay several members. A
 * balance is the sum of an account's movements; it is never stored apart from them or edited.
 * Every account a transfer touches must stay within its limits afterwards: a minimum (zero, or a
 * negative credit line such as −10 hours) and, where set, a maximum.
 */

export interface Movement {
  readonly account: string;
  /** Signed whole minutes: negative leaves the account, positive enters it. */
  readonly minutes: number;
}

export interface BalanceLimits {
  /** The lowest balance allowed, in minutes (0, or negative for a credit line). */
  readonly min: number;
  /** The highest balance allowed, in minutes; null: no ceiling. */
  readonly max: number | null;
}

/** The most minutes one movement may carry (about 11 years of hours): keeps every sum a safe integer. */
export const MOVEMENT_MINUTES_MAX = 100_000_000;
/** The most movements one transfer may hold (one payer and up to 49 payees, or the like). */
export const MOVEMENTS_PER_TRANSFER_MAX = 50;

export type TransferProblem =
  | { kind: 'tooFew' }
  | { kind: 'tooMany'; max: number }
  | { kind: 'notWholeMinutes'; account: string }
  | { kind: 'zero'; account: string }
  | { kind: 'tooLarge'; account: string; max: number }
  | { kind: 'accountTwice'; account: string }
  | { kind: 'unbalanced'; sum: number };

/**
 * What is wrong with a transfer's movements, or null when it is well formed: at least two
 * movements, each a non-zero whole number of minutes within bounds, each account once, summing
 * to zero.
 */
export function transferProblem(movements: readonly Movement[]): TransferProblem | null {
  if (movements.length < 2) return { kind: 'tooFew' };
  if (movements.length > MOVEMENTS_PER_TRANSFER_MAX) return { kind: 'tooMany', max: MOVEMENTS_PER_TRANSFER_MAX };
  const seen = new Set<string>();
  let sum = 0;
  for (const m of movements) {
    if (!Number.isSafeInteger(m.minutes)) return { kind: 'notWholeMinutes', account: m.account };
    if (m.minutes === 0) return { kind: 'zero', account: m.account };
    if (Math.abs(m.minutes) > MOVEMENT_MINUTES_MAX) return { kind: 'tooLarge', account: m.account, max: MOVEMENT_MINUTES_MAX };
    if (seen.has(m.account)) return { kind: 'accountTwice', account: m.account };
    seen.add(m.account);
    sum += m.minutes;
  }
  return sum === 0 ? null : { kind: 'unbalanced', sum };
}

/**
 * The movements of a payment: `from` pays each payee its minutes (payees may not include the
 * payer; one payee named twice is paid the sum). The payer's movement comes first.
 */
export function payment(from: string, payees: readonly { account: string; minutes: number }[]): Movement[] {
  const byAccount = new Map<string, number>();
  for (const p of payees) byAccount.set(p.account, (byAccount.get(p.account) ?? 0) + p.minutes);
  let total = 0;
  const credits: Movement[] = [];
  for (const [account, minutes] of byAccount) {
    credits.push({ account, minutes });
    total += minutes;
  }
  return [{ account: from, minutes: -total }, ...credits];
}

export interface LimitBreach {
  account: string;
  /** The balance before the transfer. */
  balance: number;
  /** The balance the transfer would leave. */
  after: number;
  /** Which limit it would cross, and that limit. */
  limit: 'min' | 'max';
  bound: number;
}

export interface Posting {
  account: string;
  minutes: number;
  /** The account's balance after this movement. */
  balanceAfter: number;
}

export type TransferOutcome = { ok: true; postings: Posting[] } | { ok: false; breaches: LimitBreach[] };

/**
 * Applies a well-formed transfer to the current balances of the accounts it touches (read under
 * the lock that serialises writers to them): every touched account must end within its limits.
 * An account whose balance is already outside a limit (limits tightened later) may still move
 * towards it, never further away. Nothing is changed: the caller writes the postings or nothing.
 */
export function applyTransfer(
  movements: readonly Movement[],
  balanceOf: (account: string) => number,
  limitsOf: (account: string) => BalanceLimits,
): TransferOutcome {
  const postings: Posting[] = [];
  const breaches: LimitBreach[] = [];
  for (const m of movements) {
    const balance = balanceOf(m.account);
    const after = balance + m.minutes;
    const { min, max } = limitsOf(m.account);
    if (m.minutes < 0 && after < min) breaches.push({ account: m.account, balance, after, limit: 'min', bound: min });
    else if (m.minutes > 0 && max !== null && after > max) breaches.push({ account: m.account, balance, after, limit: 'max', bound: max });
    postings.push({ account: m.account, minutes: m.minutes, balanceAfter: after });
  }
  return breaches.length ? { ok: false, breaches } : { ok: true, postings };
}

/** The balance of an account: the sum of its movements. */
export function balanceFrom(movements: readonly { minutes: number }[]): number {
  let sum = 0;
  for (const m of movements) sum += m.minutes;
  return sum;
}

/**
 * Whole minutes from hours written as a decimal ("1.5", "2", "0.25"): exact, no floating point.
 * Null when the text is not a non-negative decimal or does not come to whole minutes.
 */
export function minutesFromHours(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(4, '0');
  // hours × 10,000 as an integer, then × 60 / 10,000: whole minutes only if it divides.
  const tenThousandths = Number(match[1]) * 10_000 + Number(fraction);
  const scaled = tenThousandths * 60;
  return scaled % 10_000 === 0 ? scaled / 10_000 : null;
}

/** Minutes as hours and minutes, exact (never a rounded decimal): 90 → "1:30", −20 → "−0:20". */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `${sign}${hours}:${String(rest).padStart(2, '0')}`;
}
