/**
 * Sharing a shortage: when a producer confirms fewer units than buyers ordered, each buyer gets
 * their share of what is there, in whole units. Pure: plain data in, plain data out.
 */

/** One buyer's claim on a product: `key` identifies it (an order line id), `requested` whole units. */
export interface Claim {
  readonly key: string;
  readonly requested: number;
}

export interface Allocation {
  readonly key: string;
  readonly requested: number;
  readonly allocated: number;
}

/**
 * Pro-rata allocation of `available` whole units over `claims` by the largest-remainder (Hamilton)
 * method: each claim first gets the floor of its exact share `requested × available / total`, then
 * the units left go one each to the claims with the largest remainders; ties go to the larger
 * request, then to the smaller key (an order line id is a UUIDv7: the earlier order wins).
 *
 * Guarantees (property-tested): never more than `available` in all, never more than a claim
 * requested, each claim within one unit of its exact share, everyone served in full when there is
 * enough, and the same answer whatever order the claims arrive in.
 * Shares are computed with integer arithmetic (BigInt when the products could pass 2^53).
 */
export function allocateProRata(claims: readonly Claim[], available: number): Allocation[] {
  if (!Number.isInteger(available) || available < 0) throw new RangeError('available must be a whole number ≥ 0');
  for (const c of claims) {
    if (!Number.isInteger(c.requested) || c.requested < 0) throw new RangeError(`claim ${c.key}: requested must be a whole number ≥ 0`);
  }
  const total = claims.reduce((sum, c) => sum + c.requested, 0);
  if (total <= available) return claims.map((c) => ({ key: c.key, requested: c.requested, allocated: c.requested }));
  if (total === 0) return claims.map((c) => ({ key: c.key, requested: 0, allocated: 0 }));
  const exact = Number.isSafeInteger(total * available) && claims.every((c) => Number.isSafeInteger(c.requested * available));
  const shares = claims.map((c, index) => {
    let floor: number;
    let remainder: number;
    if (exact) {
      const product = c.requested * available;
      floor = Math.floor(product / total);
      remainder = product - floor * total;
    } else {
      const product = BigInt(c.requested) * BigInt(available);
      floor = Number(product / BigInt(total));
      remainder = Number(product % BigInt(total));
    }
    return { index, key: c.key, requested: c.requested, floor, remainder };
  });
  let left = available - shares.reduce((sum, s) => sum + s.floor, 0);
  const order = shares
    .filter((s) => s.remainder > 0)
    .sort((a, b) => b.remainder - a.remainder || b.requested - a.requested || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const extra = new Set<number>();
  for (const s of order) {
    if (left === 0) break;
    extra.add(s.index);
    left--;
  }
  return shares.map((s) => ({ key: s.key, requested: s.requested, allocated: s.floor + (extra.has(s.index) ? 1 : 0) }));
}

/** Sum of allocated units. */
export function allocatedTotal(allocations: readonly Allocation[]): number {
  return allocations.reduce((sum, a) => sum + a.allocated, 0);
}
