/**
 * The division tree as compact arrays: areas sorted by code, each with the index of its
 * parent (-1 for a root). Roll-ups walk it once from the leaves up.
 */
export interface AreaTree {
  readonly codes: readonly string[];
  readonly parent: Int32Array;
  readonly level: Uint8Array;
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Builds the tree from codes (any order) and their parents' codes. Parents must be in
 * the list; a code whose parent is missing is an error, since its figures would be lost.
 */
export function buildAreaTree(areas: readonly { code: string; parentCode: string | null; level: number }[]): AreaTree {
  const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const index = new Map<string, number>();
  sorted.forEach((a, i) => index.set(a.code, i));
  const parent = new Int32Array(sorted.length);
  const level = new Uint8Array(sorted.length);
  sorted.forEach((a, i) => {
    level[i] = a.level;
    if (a.parentCode === null) {
      parent[i] = -1;
      return;
    }
    const p = index.get(a.parentCode);
    if (p === undefined) throw new Error(`area ${a.code} names parent ${a.parentCode}, which is not in the tree`);
    parent[i] = p;
  });
  return { codes: sorted.map((a) => a.code), parent, level, index };
}

/**
 * Sums leaf values up the tree: every area's total is its own value plus its descendants'.
 * Values are indexed like tree.codes; NaN marks "no data" and is not added (an area whose
 * subtree has no data at all stays NaN, so no data never reads as 0).
 */
export function rollUpSum(tree: AreaTree, values: Float64Array): Float64Array {
  const n = tree.codes.length;
  if (values.length !== n) throw new Error(`expected ${n} values, got ${values.length}`);
  const totals = Float64Array.from(values);
  // Children sort after their parents (a parent's code is a prefix), so one reverse pass suffices.
  for (let i = n - 1; i >= 0; i--) {
    const p = tree.parent[i]!;
    const v = totals[i]!;
    if (p < 0 || Number.isNaN(v)) continue;
    totals[p] = Number.isNaN(totals[p]!) ? v : totals[p]! + v;
  }
  return totals;
}

/**
 * Adds every area's value to its parent's, for several arrays in one pass from the leaves up,
 * in place: afterwards each holds its subtree's total. For arrays without "no data" (NaN), as
 * shares' numerators and denominators are; rollUpSum is the one that keeps NaN apart.
 */
export function rollUpSumsInPlace(tree: AreaTree, arrays: readonly Float64Array[]): void {
  const n = tree.codes.length;
  for (const a of arrays) if (a.length !== n) throw new Error(`expected ${n} values, got ${a.length}`);
  const parent = tree.parent;
  const k = arrays.length;
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i]!;
    if (p < 0) continue;
    for (let j = 0; j < k; j++) {
      const a = arrays[j]!;
      a[p]! += a[i]!;
    }
  }
}
