/**
 * Max-heap of item ids keyed by a number (ties: lower id first), for lazy (CELF) greedy.
 * Each id in [0, capacity) may be in the heap at most once.
 */
export class MaxHeap {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  private above(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka > kb || (ka === kb && a < b);
  }

  push(id: number, key: number): void {
    this.keys[id] = key;
    let i = this.n++;
    const ids = this.ids;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(id, ids[parent])) break;
      ids[i] = ids[parent];
      i = parent;
    }
    ids[i] = id;
  }

  topId(): number {
    return this.ids[0];
  }

  topKey(): number {
    return this.keys[this.ids[0]];
  }

  pop(): number {
    const ids = this.ids;
    const top = ids[0];
    const last = ids[--this.n];
    let i = 0;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.above(ids[r], ids[l]) ? r : l;
      if (!this.above(ids[c], last)) break;
      ids[i] = ids[c];
      i = c;
    }
    if (n > 0) ids[i] = last;
    return top;
  }
}

/** Indices of the k smallest values (ties: lower index first), in no particular order. O(m) expected. */
export function smallestK(values: Float64Array, k: number, scratch?: Int32Array): Int32Array {
  const m = values.length;
  const idx = scratch && scratch.length >= m ? scratch : new Int32Array(m);
  for (let i = 0; i < m; i++) idx[i] = i;
  if (k >= m) return idx.subarray(0, m);
  const less = (a: number, b: number): boolean => values[a] < values[b] || (values[a] === values[b] && a < b);
  let lo = 0;
  let hi = m - 1;
  const target = k - 1;
  while (lo < hi) {
    // median of three pivot
    const mid = (lo + hi) >> 1;
    let a = idx[lo];
    let b = idx[mid];
    const c = idx[hi];
    if (less(b, a)) [a, b] = [b, a];
    if (less(c, b)) {
      b = c;
      if (less(b, a)) b = a;
    }
    const pivot = b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (less(idx[i], pivot)) i++;
      while (less(pivot, idx[j])) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return idx.subarray(0, k);
}
