// matmul (ts/ops/matmul.ts): gradcheck of 2-D products in all four transpose combinations,
// equal batches, and a batch against a matrix on either side (with transposes: these take
// the flattened-GEMM and summed-batch gradient paths), integer-exact gradients, and errors.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { matmulRef, nd, transposeRef } from '../helpers/reference.js';

/** Shapes of a and b before transposition: a is [..., m, k], b is [..., k, n]. */
const SHAPES: [string, number[], number[]][] = [
  ['2-D', [3, 4], [4, 5]],
  ['vector-like (m = 1, n = 1)', [1, 6], [6, 1]],
  ['batched, equal batches', [2, 3, 4], [2, 4, 5]],
  ['batch × matrix', [2, 3, 4], [4, 5]],
  ['matrix × batch', [3, 4], [2, 4, 5]],
  ['rank-4 batch × matrix', [2, 2, 3, 4], [4, 2]],
  ['matrix × rank-4 batch', [3, 2], [2, 3, 2, 5]],
  ['batch of 1 × matrix', [1, 3, 4], [4, 5]],
];

/** Swaps the last two axes of a shape (the stored layout of a transposed operand). */
const swap = (s: number[]) => [...s.slice(0, -2), s.at(-1)!, s.at(-2)!];
const swapRef = (x: ReturnType<typeof nd>) => transposeRef(x, [...x.shape.slice(0, -2).map((_, i) => i), x.shape.length - 1, x.shape.length - 2]);

describe('matmul gradients (gradcheck)', () => {
  for (const [label, sa, sb] of SHAPES) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${label}, transposeA=${ta}, transposeB=${tb}`, () => {
        const a = rand(ta ? swap(sa) : sa, { seed: sa.length * 10 + 1 });
        const b = rand(tb ? swap(sb) : sb, { seed: sb.length * 10 + 2 });
        // The reference transposes explicitly, so it is independent of matmulRef's flags.
        gradcheck({
          name: `matmul ${label} ta=${ta} tb=${tb}`,
          op: (x, y) => k.matmul(x, y, ta, tb),
          ref: (x, y) => matmulRef(ta ? swapRef(x) : x, tb ? swapRef(y) : y),
          inputs: [a, b], fwdAtol: 1e-5,
        });
      });
    }
  }

  it('a large product in the random-direction regime', () => {
    gradcheck({ name: 'matmul [16,24]·[24,20]', op: (x, y) => k.matmul(x, y), ref: (x, y) => matmulRef(x, y),
      inputs: [rand([16, 24], { seed: 1 }), rand([24, 20], { seed: 2 })], fwdAtol: 1e-5 });
  });

  it('integer inputs give exactly representable gradients (burn style)', () => {
    tidy(() => {
      const a = k.reshape(range(0, 6), [2, 3]), b = k.reshape(range(0, 12), [3, 4]);
      const [da, db] = grads((x, y) => k.matmul(x, y))([a, b]);
      // dA = 1·Bᵀ: row sums of b; dB = Aᵀ·1: column sums of a repeated.
      assertExact(da!, [2, 3], [6, 22, 38, 6, 22, 38], 'dA');
      assertExact(db!, [3, 4], [3, 3, 3, 3, 5, 5, 5, 5, 7, 7, 7, 7], 'dB');
    });
  });
});

describe('matmul forward', () => {
  it('matches float64 on shapes around the 4×8 tile and a deep k', () => {
    tidy(() => {
      for (const [m, kk, n] of [[1, 1, 1], [5, 3, 9], [33, 65, 17], [4, 200, 8]]) {
        const a = rand([m!, kk!], { seed: m }), b = rand([kk!, n!], { seed: n });
        assertTensorClose(k.matmul(tensorOf(a), tensorOf(b)), matmulRef(a, b), { rtol: 1e-5, atol: 1e-5, label: `${m}x${kk}x${n}` });
      }
    });
  });

  it('empty inner dimension gives zeros; empty rows give an empty result', () => {
    tidy(() => {
      assertExact(k.matmul(ones([2, 0]), ones([0, 3])), [2, 3], [0, 0, 0, 0, 0, 0], 'k = 0');
      expect(k.matmul(ones([0, 4]), ones([4, 3])).shape).toEqual([0, 3]);
    });
  });

  it('errors give the exact shapes received', () => {
    tidy(() => {
      expect(() => k.matmul(ones([2, 3]), ones([4, 5]))).toThrow('matmul: inner dimensions must match. Received: a.shape=[2,3], b.shape=[4,5]');
      expect(() => k.matmul(ones([2, 3]), ones([2, 5]), false, true)).toThrow(/matmul: inner dimensions must match\. Received: a\.shape=\[2,3\], b\.shape=\[2,5\] \(transposeA=false, transposeB=true\)/);
      expect(() => k.matmul(ones([2, 3, 4]), ones([3, 4, 5]))).toThrow(/matmul: batch dimensions must be equal, or one operand must be a matrix\. Received: a\.shape=\[2,3,4\], b\.shape=\[3,4,5\]/);
      expect(() => k.matmul(ones([3]), ones([3, 2]))).toThrow(/matmul: both operands must have rank ≥ 2\. Received: a\.shape=\[3\], b\.shape=\[3,2\]/);
      expect(() => k.matmul(tensor([[1]], undefined, 'int32'), ones([1, 1]))).toThrow(/matmul: operands must be float32\. Received: a\.dtype=int32, b\.dtype=float32/);
    });
  });
});
