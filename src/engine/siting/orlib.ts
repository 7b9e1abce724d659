/**
 * OR-Library p-median instances (Beasley 1985): first line `n edges p`, then one edge per line
 * `i j cost` (vertices 1-based). c(i,i) = 0, every listed edge sets c(i,j) = c(j,i) = cost — when an
 * edge is listed twice the LATER line wins — then Floyd–Warshall gives all shortest-path distances.
 * Every vertex is both a client (weight 1) and a candidate.
 */
import { SitingInputError } from './errors.ts';

export interface OrlibInstance {
  /** Number of vertices. */
  n: number;
  /** Number of edge lines declared on the first line. */
  edges: number;
  p: number;
  /** n × n shortest-path distances, row-major. */
  distances: Float64Array;
}

export function parseOrlib(text: string): OrlibInstance {
  if (typeof text !== 'string') throw new SitingInputError('text', 'OR-Library instance must be a string');
  const lines = text.split(/\r?\n/);
  let li = 0;
  const nextFields = (): string[] | undefined => {
    while (li < lines.length) {
      const t = lines[li++].trim();
      if (t !== '') return t.split(/\s+/);
    }
    return undefined;
  };
  const head = nextFields();
  if (!head || head.length < 3) throw new SitingInputError('text', 'first line must be "n_vertices n_edges p"');
  const [n, edges, p] = head.slice(0, 3).map(Number);
  if (!Number.isInteger(n) || n < 1) throw new SitingInputError('text', `bad vertex count "${head[0]}" on the first line`);
  if (!Number.isInteger(edges) || edges < 0) throw new SitingInputError('text', `bad edge count "${head[1]}" on the first line`);
  if (!Number.isInteger(p) || p < 1 || p > n) throw new SitingInputError('text', `bad p "${head[2]}" on the first line (1 ≤ p ≤ ${n})`);
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  let read = 0;
  for (let f = nextFields(); f; f = nextFields()) {
    if (f.length < 3) throw new SitingInputError('text', `line ${li}: expected "i j cost", got "${f.join(' ')}"`);
    const i = Number(f[0]);
    const j = Number(f[1]);
    const c = Number(f[2]);
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 1 || j < 1 || i > n || j > n) {
      throw new SitingInputError('text', `line ${li}: vertex numbers must be integers in 1..${n}`);
    }
    if (!Number.isFinite(c) || c < 0) throw new SitingInputError('text', `line ${li}: cost must be a finite number ≥ 0`);
    if (i !== j) {
      // later lines overwrite earlier ones (the OR-Library convention)
      d[(i - 1) * n + (j - 1)] = c;
      d[(j - 1) * n + (i - 1)] = c;
    }
    read++;
  }
  if (read < edges) throw new SitingInputError('text', `declares ${edges} edges but only ${read} edge lines were found`);
  floydWarshall(d, n);
  return { n, edges, p, distances: d };
}

/** In-place all-pairs shortest paths on an n × n row-major matrix (Infinity = no edge). */
export function floydWarshall(d: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i < n; i++) {
      const dik = d[i * n + k];
      if (dik === Infinity) continue;
      const ri = i * n;
      for (let j = 0; j < n; j++) {
        const v = dik + d[rk + j];
        if (v < d[ri + j]) d[ri + j] = v;
      }
    }
  }
}
