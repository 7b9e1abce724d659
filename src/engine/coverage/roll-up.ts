import { rollUpSum, type AreaTree } from '../areas/hierarchy.ts';
import { CoverageInputError } from './errors.ts';

/** A community's class: urban and rural communities are counted apart; `all` holds both (and any unknown). */
export const URBAN = 1;
export const RURAL = 0;
export const UNKNOWN_KIND = 2;

/** Numerators and denominators per area, indexed like tree.codes. */
export interface ShareArrays {
  readonly numerator: Float64Array;
  readonly denominator: Float64Array;
}

export interface UrbanRuralShares {
  readonly urban: ShareArrays;
  readonly rural: ShareArrays;
  readonly all: ShareArrays;
}

/** One share as the API reports it: null when nothing is counted (0 / 0). */
export interface Share {
  numerator: number;
  denominator: number;
  share: number | null;
}

export function shareAt(arrays: ShareArrays, i: number): Share {
  const numerator = arrays.numerator[i]!;
  const denominator = arrays.denominator[i]!;
  return { numerator, denominator, share: denominator > 0 ? numerator / denominator : null };
}

/** Checks that every community names an area of the tree. */
export function checkLeaves(tree: AreaTree, leaf: Int32Array, name: string): void {
  for (let i = 0; i < leaf.length; i++) {
    const l = leaf[i]!;
    if (!(l >= 0 && l < tree.codes.length)) throw new CoverageInputError(`${name}[${i}]`, `is not an area of the tree (${l})`);
  }
}

/**
 * Sums weight (and weight where hit) per community class, then up the tree: every area gets
 * numerator = Σ weight of its hit communities and denominator = Σ weight of all of them,
 * urban and rural apart and together. Areas with no communities get 0 / 0.
 */
export function rollUpShares(
  tree: AreaTree,
  leaf: Int32Array,
  kind: Uint8Array,
  weight: Float64Array,
  hit: Uint8Array,
): UrbanRuralShares {
  const n = tree.codes.length;
  const own = () => ({ numerator: new Float64Array(n), denominator: new Float64Array(n) });
  const urban = own();
  const rural = own();
  const all = own();
  for (let c = 0; c < leaf.length; c++) {
    const i = leaf[c]!;
    const w = weight[c]!;
    const h = hit[c] ? w : 0;
    const target = kind[c] === URBAN ? urban : kind[c] === RURAL ? rural : null;
    if (target) {
      target.numerator[i]! += h;
      target.denominator[i]! += w;
    }
    all.numerator[i]! += h;
    all.denominator[i]! += w;
  }
  const up = (s: ShareArrays): ShareArrays => ({ numerator: rollUpSum(tree, s.numerator), denominator: rollUpSum(tree, s.denominator) });
  return { urban: up(urban), rural: up(rural), all: up(all) };
}
