// einsum (two operands) against a float64 loop reference, forward and numeric gradients, for
// the equations EinsumDense and MultiHeadAttention use (and summed-out indices), plus errors.

import { describe, expect, it } from 'vitest';
import { einsum } from '../../ts/ops/einsum.js';
import { ValueError } from '../../ts/errors.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd, type NDArray } from '../helpers/reference.js';

/** Direct loop over every index assignment. */
function einsumRef(eq: string, a: NDArray, b: NDArray): NDArray {
  const [ins, out] = eq.split('->') as [string, string];
  const [sa, sb] = ins.split(',') as [string, string];
  const size = new Map<string, number>();
  [...sa].forEach((c, i) => size.set(c, a.shape[i]!));
  [...sb].forEach((c, i) => size.set(c, b.shape[i]!));
  const all = [...new Set([...sa, ...sb])];
  const outShape = [...out].map((c) => size.get(c)!);
  const y = nd(outShape, () => 0);
  const idx = new Map<string, number>();
  const flat = (s: string, shape: readonly number[]) => [...s].reduce((p, c, i) => p * shape[i]! + idx.get(c)!, 0);
  const rec = (k: number) => {
    if (k === all.length) {
      y.data[flat(out, outShape)] += a.data[flat(sa, a.shape)]! * b.data[flat(sb, b.shape)]!;
      return;
    }
    for (let v = 0; v < size.get(all[k]!)!; v++) {
      idx.set(all[k]!, v);
      rec(k + 1);
    }
  };
  rec(0);
  return y;
}

const cases: [string, number[], number[]][] = [
  ['ab,bc->ac', [3, 4], [4, 5]],
  ['abc,cde->abde', [2, 3, 4], [4, 2, 3]],
  ['abcd,cde->abe', [2, 3, 2, 3], [2, 3, 4]],
  ['aecd,abcd->acbe', [2, 5, 2, 3], [2, 4, 2, 3]],
  ['acbe,aecd->abcd', [2, 2, 4, 5], [2, 5, 2, 3]],
  ['afgde,abcde->adbcfg', [2, 2, 3, 2, 2], [2, 2, 3, 2, 2]],
  ['abc,cd->abd', [2, 3, 4], [4, 3]],
  ['abc,cd->ad', [2, 3, 4], [4, 3]],
  ['ab,cd->abcd', [2, 3], [2, 2]],
  // Layouts the GEMM reads transposed, and outputs that swap the operands (no copies).
  ['ba,bc->ac', [4, 3], [4, 5]],
  ['ab,cb->ac', [3, 4], [5, 4]],
  ['ab,bc->ca', [3, 4], [4, 5]],
  ['xba,xcb->xac', [2, 4, 3], [2, 5, 4]],
  ['xba,xbc->xca', [2, 4, 3], [2, 4, 5]],
];

describe('einsum', () => {
  it.each(cases)('%s: forward and gradients against the reference', (eq, sa, sb) => {
    gradcheck({ name: `einsum ${eq}`, op: (a, b) => einsum(eq, a!, b!), ref: (a, b) => einsumRef(eq, a!, b!),
      inputs: [rand(sa, { seed: 3 }), rand(sb, { seed: 5 })], fwdRtol: 1e-5, fwdAtol: 1e-5 });
  });

  it('bad equations and mismatched sizes are ValueErrors', () => {
    const a = tensorOf(rand([2, 3])), b = tensorOf(rand([4, 5]));
    expect(() => einsum('ab,bc->ac', a, b)).toThrow(ValueError);
    expect(() => einsum('ab,bc->ac', a, b)).toThrow(/index 'b' has sizes 3 and 4/);
    expect(() => einsum('ab->b', a, b)).toThrow(/two operands/);
    expect(() => einsum('aa,bc->ac', a, b)).toThrow(/repeated index/);
    expect(() => einsum('ab,cd->az', a, b)).toThrow(/output index 'z'/);
    expect(() => einsum('abc,cd->ad', a, b)).toThrow(/ranks do not match/);
  });
});
