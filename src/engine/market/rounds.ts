/**
 * The life of a sales round (销售轮次): which moves are allowed, and what a round that missed its
 * minimum total does when it closes. Pure.
 */
export const ROUND_STATUSES = ['open', 'closed', 'confirmed', 'packed', 'delivered', 'settled', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

const NEXT: Record<RoundStatus, readonly RoundStatus[]> = {
  open: ['closed', 'cancelled'],
  closed: ['confirmed', 'cancelled'],
  confirmed: ['packed', 'cancelled'],
  packed: ['delivered'],
  delivered: ['settled'],
  settled: [],
  cancelled: [],
};

export function canMove(from: RoundStatus, to: RoundStatus): boolean {
  return NEXT[from].includes(to);
}

/** A round's terms may still be edited (times, limits, offers, pickup points) only before packing. */
export function editable(status: RoundStatus): boolean {
  return status === 'open' || status === 'closed' || status === 'confirmed';
}

export type BelowMinimum = 'cancel' | 'extend';

export interface ClosingOutcome {
  readonly status: 'closed' | 'cancelled' | 'open';
  /** The new closing time when the round is extended. */
  readonly closesAt?: string;
}

/**
 * What a round does at its closing time: closes when it reached its minimum total (or has none);
 * otherwise cancels, or stays open `extendHours` longer — once: a round already extended cancels.
 */
export function closingOutcome(input: {
  totalCents: number;
  minimumTotalCents: number | null;
  belowMinimum: BelowMinimum;
  extendHours: number;
  extended: boolean;
  closesAt: string;
}): ClosingOutcome {
  if (input.minimumTotalCents === null || input.totalCents >= input.minimumTotalCents) return { status: 'closed' };
  if (input.belowMinimum === 'extend' && !input.extended && input.extendHours > 0) {
    return { status: 'open', closesAt: new Date(Date.parse(input.closesAt) + input.extendHours * 3_600_000).toISOString() };
  }
  return { status: 'cancelled' };
}
