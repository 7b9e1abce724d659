import { EARTH_RADIUS_KM, sphericalDistance, toSpherical } from './distance.ts';
import type { Metric, Point } from './types.ts';

/**
 * Sparse coverage relation "candidate j is within the radius of demand i", stored both ways (CSR):
 * candidate j covers `candDemand[candStart[j] .. candStart[j+1])`,
 * demand i is reached by `demCand[demStart[i] .. demStart[i+1])`.
 */
export interface Coverage {
  n: number;
  m: number;
  candStart: Int32Array;
  candDemand: Int32Array;
  demStart: Int32Array;
  demCand: Int32Array;
}

class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Builds the candidate-major lists from the demand-major ones. */
function finish(n: number, m: number, demStart: Int32Array, demCand: Int32Array): Coverage {
  const candStart = new Int32Array(m + 1);
  for (let k = 0; k < demCand.length; k++) candStart[demCand[k] + 1]++;
  for (let j = 0; j < m; j++) candStart[j + 1] += candStart[j];
  const fill = candStart.slice(0, m);
  const candDemand = new Int32Array(demCand.length);
  for (let i = 0; i < n; i++) {
    for (let k = demStart[i]; k < demStart[i + 1]; k++) candDemand[fill[demCand[k]]++] = i;
  }
  return { n, m, candStart, candDemand, demStart, demCand };
}

/** Coverage from an explicit demand × candidate matrix: covered when d ≤ radius. */
export function coverageFromMatrix(d: Float64Array, n: number, m: number, radius: number): Coverage {
  const demStart = new Int32Array(n + 1);
  const buf = new IntBuffer();
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) if (d[row + j] <= radius) buf.push(j);
    demStart[i + 1] = buf.length;
  }
  return finish(n, m, demStart, buf.data.slice(0, buf.length));
}

/**
 * Uniform grid over candidate coordinates (2-D planar or 3-D unit-sphere vectors) whose cells are
 * at least `reach` wide, so every candidate within `reach` of a query lies in the 3^dim neighbouring cells.
 */
class GridIndex {
  private readonly dim: number;
  private readonly min: Float64Array;
  private readonly size: Int32Array;
  private readonly cell: number;
  private readonly buckets = new Map<number, number>();
  private readonly bucketStart: Int32Array;
  readonly members: Int32Array;

  constructor(coords: Float64Array[], reach: number) {
    this.dim = coords.length;
    const count = coords[0].length;
    this.min = new Float64Array(this.dim);
    this.size = new Int32Array(this.dim);
    let maxSpan = 0;
    const maxCells = this.dim === 2 ? 1 << 20 : 1 << 16;
    for (let a = 0; a < this.dim; a++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of coords[a]) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.min[a] = lo;
      maxSpan = Math.max(maxSpan, hi - lo);
    }
    this.cell = Math.max(reach * (1 + 1e-9), maxSpan / maxCells, 1e-300);
    for (let a = 0; a < this.dim; a++) {
      let hi = -Infinity;
      for (const v of coords[a]) if (v > hi) hi = v;
      this.size[a] = Math.floor((hi - this.min[a]) / this.cell) + 1;
    }
    const keys = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      let k = 0;
      for (let a = 0; a < this.dim; a++) k = k * this.size[a] + Math.floor((coords[a][c] - this.min[a]) / this.cell);
      keys[c] = k;
    }
    const order = Array.from({ length: count }, (_, c) => c).sort((a, b) => keys[a] - keys[b] || a - b);
    this.members = Int32Array.from(order);
    const starts: number[] = [];
    for (let r = 0; r < count; r++) {
      const k = keys[order[r]];
      if (r === 0 || k !== keys[order[r - 1]]) {
        this.buckets.set(k, starts.length);
        starts.push(r);
      }
    }
    starts.push(count);
    this.bucketStart = Int32Array.from(starts);
  }

  /**
   * Ranges into `members` of the non-empty buckets neighbouring a query point, written to `out`
   * as start/end pairs; returns the number of pairs.
   */
  near(q0: number, q1: number, q2: number, out: Int32Array): number {
    const cell = this.cell;
    const size = this.size;
    const min = this.min;
    const b0 = Math.floor((q0 - min[0]) / cell);
    const b1 = Math.floor((q1 - min[1]) / cell);
    const b2 = this.dim === 3 ? Math.floor((q2 - min[2]) / cell) : 0;
    const lo2 = this.dim === 3 ? -1 : 0;
    const hi2 = this.dim === 3 ? 1 : 0;
    let count = 0;
    for (let o0 = -1; o0 <= 1; o0++) {
      const c0 = b0 + o0;
      if (c0 < 0 || c0 >= size[0]) continue;
      for (let o1 = -1; o1 <= 1; o1++) {
        const c1 = b1 + o1;
        if (c1 < 0 || c1 >= size[1]) continue;
        for (let o2 = lo2; o2 <= hi2; o2++) {
          let key: number;
          if (this.dim === 3) {
            const c2 = b2 + o2;
            if (c2 < 0 || c2 >= size[2]) continue;
            key = (c0 * size[1] + c1) * size[2] + c2;
          } else key = c0 * size[1] + c1;
          const b = this.buckets.get(key);
          if (b === undefined) continue;
          out[count++] = this.bucketStart[b];
          out[count++] = this.bucketStart[b + 1];
        }
      }
    }
    return count;
  }
}

/** Coverage from coordinates through a grid spatial index: no dense matrix is built. */
export function coverageFromPoints(
  demand: ArrayLike<Point>,
  candidates: ArrayLike<Point>,
  metric: Metric,
  radius: number,
): Coverage {
  const n = demand.length;
  const m = candidates.length;
  const demStart = new Int32Array(n + 1);
  const buf = new IntBuffer();
  const ranges = new Int32Array(54);
  if (metric === 'planar') {
    const cx = new Float64Array(m);
    const cy = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      cx[j] = candidates[j].x;
      cy[j] = candidates[j].y;
    }
    const grid = new GridIndex([cx, cy], radius);
    const members = grid.members;
    const r2 = radius * radius;
    const found: number[] = [];
    for (let i = 0; i < n; i++) {
      const { x, y } = demand[i];
      found.length = 0;
      const pairs = grid.near(x, y, 0, ranges);
      for (let t = 0; t < pairs; t += 2) {
        for (let r = ranges[t]; r < ranges[t + 1]; r++) {
          const j = members[r];
          const dx = cx[j] - x;
          const dy = cy[j] - y;
          // squared test first, exact hypot only near the boundary
          const q = dx * dx + dy * dy;
          if (q <= r2 * (1 + 1e-12) && Math.hypot(dx, dy) <= radius) found.push(j);
        }
      }
      found.sort((a, b) => a - b);
      for (const j of found) buf.push(j);
      demStart[i + 1] = buf.length;
    }
  } else {
    const a = toSpherical(demand);
    const b = toSpherical(candidates);
    const ux = new Float64Array(m);
    const uy = new Float64Array(m);
    const uz = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      ux[j] = b.cosLat[j] * Math.cos(b.lon[j]);
      uy[j] = b.cosLat[j] * Math.sin(b.lon[j]);
      uz[j] = Math.sin(b.lat[j]);
    }
    const angle = radius / EARTH_RADIUS_KM;
    const chord = angle >= Math.PI ? 2.000001 : 2 * Math.sin(angle / 2) * (1 + 1e-9) + 1e-12;
    const grid = new GridIndex([ux, uy, uz], chord);
    const members = grid.members;
    const found: number[] = [];
    const c2 = chord * chord * (1 + 1e-6);
    for (let i = 0; i < n; i++) {
      found.length = 0;
      const qx = a.cosLat[i] * Math.cos(a.lon[i]);
      const qy = a.cosLat[i] * Math.sin(a.lon[i]);
      const qz = Math.sin(a.lat[i]);
      const pairs = grid.near(qx, qy, qz, ranges);
      for (let t = 0; t < pairs; t += 2) {
        for (let r = ranges[t]; r < ranges[t + 1]; r++) {
          const j = members[r];
          // cheap chord pre-filter, exact haversine for the survivors
          const dx = ux[j] - qx;
          const dy = uy[j] - qy;
          const dz = uz[j] - qz;
          if (dx * dx + dy * dy + dz * dz <= c2 && sphericalDistance(a, i, b, j) <= radius) found.push(j);
        }
      }
      found.sort((x, y) => x - y);
      for (const j of found) buf.push(j);
      demStart[i + 1] = buf.length;
    }
  }
  return finish(n, m, demStart, buf.data.slice(0, buf.length));
}
