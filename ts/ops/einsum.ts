// einsum for two operands (`ab,bc->ac`), as EinsumDense and MultiHeadAttention use it:
// composed from transpose, reshape and one batched matmul, so it runs on the GEMM kernel and
// its gradient comes from those ops. Copies are avoided where the layout allows: an operand
// stored [batch, K, M] (or [batch, N, K]) is passed to the GEMM transposed instead of
// permuted, the operands are swapped when the output lists the second one's free indices
// first, and the index order inside each group follows the operands and the output.
//
// Each index is a batch index (in both operands and the output), a contracted one (in both,
// not in the output), or free (in one operand and the output). An index in one operand only
// and not in the output is summed out first.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';

interface Spec {
  a: string;
  b: string;
  out: string;
}

function parse(equation: string): Spec {
  const m = /^\s*([a-zA-Z]*)\s*,\s*([a-zA-Z]*)\s*->\s*([a-zA-Z]*)\s*$/.exec(equation);
  if (!m) throw new ValueError(`einsum: expected an equation of two operands such as 'ab,bc->ac'. Received: ${fmt(equation)}`);
  const [, a, b, out] = m as unknown as [string, string, string, string];
  for (const [name, s] of [['first operand', a], ['second operand', b], ['output', out]] as const) {
    if (new Set(s).size !== s.length) throw new ValueError(`einsum: repeated index in the ${name} (traces and diagonals are not supported). Received: ${fmt(equation)}`);
  }
  for (const c of out) {
    if (!a.includes(c) && !b.includes(c)) throw new ValueError(`einsum: output index '${c}' appears in neither operand. Received: ${fmt(equation)}`);
  }
  return { a, b, out };
}

/** Sums out the indices of `x` (labelled `s`) that appear neither in `other` nor in `out`. */
function reduceLonely(x: Tensor, s: string, other: string, out: string): [Tensor, string] {
  const axes = [...s].map((c, i) => (other.includes(c) || out.includes(c) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return [x, s];
  return [sum(x, axes), [...s].filter((_, i) => !axes.includes(i)).join('')];
}

function permuted(x: Tensor, from: string, to: string): Tensor {
  const perm = [...to].map((c) => from.indexOf(c));
  return perm.every((p, i) => p === i) ? x : transpose(x, perm);
}

export function einsum(equation: string, a: TensorLike, b: TensorLike): Tensor {
  const spec = parse(equation);
  let x = toTensor(a, 'einsum'), y = toTensor(b, 'einsum');
  if (x.rank !== spec.a.length || y.rank !== spec.b.length) {
    throw new ValueError(`einsum '${equation}': operand ranks do not match the equation. Received: shapes ${fmt(x.shape)} and ${fmt(y.shape)}`);
  }
  const size = new Map<string, number>();
  const note = (s: string, shape: readonly number[]) => [...s].forEach((c, i) => {
    const d = shape[i]!, prev = size.get(c);
    if (prev !== undefined && prev !== d) {
      throw new ValueError(`einsum '${equation}': index '${c}' has sizes ${prev} and ${d}. Received: shapes ${fmt(x.shape)} and ${fmt(y.shape)}`);
    }
    size.set(c, d);
  });
  note(spec.a, x.shape);
  note(spec.b, y.shape);
  const x0 = x, y0 = y;
  const temps: Tensor[] = [];
  const t = (v: Tensor) => {
    if (v !== x0 && v !== y0) temps.push(v);
    return v;
  };
  let sa: string, sb: string;
  [x, sa] = reduceLonely(x, spec.a, spec.b, spec.out);
  [y, sb] = reduceLonely(y, spec.b, spec.a, spec.out);
  t(x);
  t(y);
  const batch = [...spec.out].filter((c) => sa.includes(c) && sb.includes(c)).join('');
  const contracted = [...sa].filter((c) => sb.includes(c) && !spec.out.includes(c)).join('');
  const freeA = [...spec.out].filter((c) => sa.includes(c) && !sb.includes(c)).join('');
  const freeB = [...spec.out].filter((c) => sb.includes(c) && !sa.includes(c)).join('');
  // out = batch·freeB·freeA is (y·x) with y first: no permutation of the product.
  const swap = freeA.length > 0 && freeB.length > 0 && spec.out.indexOf(freeB[0]!) < spec.out.indexOf(freeA[0]!);
  const [l, sl, fl, r, sr, fr] = swap ? [y, sb, freeB, x, sa, freeA] : [x, sa, freeA, y, sb, freeB];
  const n = (s: string) => [...s].reduce((p, c) => p * size.get(c)!, 1);
  const B = n(batch), M = n(fl), K = n(contracted), N = n(fr);
  const [lt, la] = gemmOperand(l, sl, batch, fl, contracted, B, M, K, t);
  const [rt, ra] = gemmOperand(r, sr, batch, fr, contracted, B, N, K, t);
  // lt is [B, M, K] or (transposed) [B, K, M]; rt is [B, N, K] or [B, K, N].
  const prod = t(matmul(la, ra, lt, !rt));
  const mid = batch + fl + fr;
  const rr = t(reshape(prod, [...mid].map((c) => size.get(c)!)));
  const out = permuted(rr, mid, spec.out);
  // Intermediates are freed at once (the gradient tape keeps its own handles).
  for (const v of new Set(temps)) if (v !== out) v.dispose();
  return out;
}

/**
 * `x` (labelled `s`) as a [B, rows, K] GEMM operand (rank 2 without batch indices): returns
 * [transposed, tensor], where transposed means the tensor is [B, K, rows] (the GEMM reads it
 * transposed). Only a layout that is neither is permuted (copied).
 */
function gemmOperand(x: Tensor, s: string, batch: string, free: string, contracted: string, B: number, rows: number, K: number,
  t: (v: Tensor) => Tensor): [boolean, Tensor] {
  const shape = (a: number, b: number) => (batch ? [B, a, b] : [a, b]);
  if (s === batch + contracted + free && free && contracted) return [true, t(reshape(x, shape(K, rows)))];
  return [false, t(reshape(t(permuted(x, s, batch + free + contracted)), shape(rows, K)))];
}
