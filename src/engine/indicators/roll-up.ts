import { rollUpSumsInPlace, type AreaTree } from '../areas/hierarchy.ts';
import { RURAL, URBAN, type ShareArrays, type UrbanRuralShares } from '../coverage/roll-up.ts';

/**
 * Sums each community's numerator and denominator per class (urban, rural, all), then up the
 * tree: every area gets the sums over its communities. A community whose denominator is not a
 * number (no figures) counts in neither sum. Areas without communities get 0 / 0.
 * `leaf[c]` is community c's index in the tree; `kind[c]` URBAN, RURAL or anything else.
 */
export function rollUpRatio(tree: AreaTree, leaf: Int32Array, kind: Uint8Array, numerator: Float64Array, denominator: Float64Array): UrbanRuralShares {
  const n = tree.codes.length;
  if (kind.length !== leaf.length || numerator.length !== leaf.length || denominator.length !== leaf.length) {
    throw new RangeError(`leaf, kind, numerator and denominator must have one entry per community (${leaf.length})`);
  }
  const own = (): ShareArrays => ({ numerator: new Float64Array(n), denominator: new Float64Array(n) });
  const urban = own();
  const rural = own();
  const all = own();
  for (let c = 0; c < leaf.length; c++) {
    const d = denominator[c]!;
    if (Number.isNaN(d)) continue;
    const i = leaf[c]!;
    const v = numerator[c]!;
    const target = kind[c] === URBAN ? urban : kind[c] === RURAL ? rural : null;
    if (target) {
      target.numerator[i]! += v;
      target.denominator[i]! += d;
    }
    all.numerator[i]! += v;
    all.denominator[i]! += d;
  }
  // One pass up the tree for all six sums.
  rollUpSumsInPlace(tree, [urban.numerator, urban.denominator, rural.numerator, rural.denominator, all.numerator, all.denominator]);
  return { urban, rural, all };
}
