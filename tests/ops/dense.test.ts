// The fused dense op (ts/ops/dense.ts): act(x·W + b) in one GEMM, with its gradients for x,
// W and b (gradcheck), linear and ReLU epilogues, batched inputs, no bias, and errors.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../ts/autograd/gradients.js';
import { dense } from '../../ts/ops/dense.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { denseRef, type NDArray } from '../helpers/reference.js';

const CASES: [number[], number, boolean, boolean][] = [
  // [x shape, units, bias, relu]
  [[4, 3], 5, true, false], [[4, 3], 5, true, true], [[4, 3], 2, false, false], [[4, 3], 2, false, true],
  [[2, 3, 4], 3, true, true], [[1, 6], 1, true, false], [[7], 4, true, true], [[16, 20], 12, true, true],
];

describe('dense gradients (gradcheck)', () => {
  CASES.forEach(([xs, units, bias, relu], s) => {
    it(`x${JSON.stringify(xs)} → ${units} units, bias=${bias}, ${relu ? 'relu' : 'linear'}`, () => {
      const inDim = xs.at(-1)!;
      const x = rand(xs, { seed: 3 * s + 1 }), w = rand([inDim, units], { seed: 3 * s + 2, lo: -1, hi: 1 });
      const b = rand([units], { seed: 3 * s + 3, lo: -0.5, hi: 0.5 });
      const act = relu ? 'relu' : 'linear';
      // ReLU kinks sit where a pre-activation is 0; gradcheck's smoothness guard rejects any probe that straddles one.
      gradcheck({
        name: `dense ${JSON.stringify(xs)}`,
        op: bias ? (xx: Tensor, ww: Tensor, bb: Tensor) => dense(xx, ww, bb, act) : (xx: Tensor, ww: Tensor) => dense(xx, ww, null, act),
        ref: bias ? (xx: NDArray, ww: NDArray, bb: NDArray) => denseRef(xx, ww, bb, relu) : (xx: NDArray, ww: NDArray) => denseRef(xx, ww, null, relu),
        inputs: bias ? [x, w, b] : [x, w], fwdAtol: 1e-5,
      });
    });
  });

  it('matches matmul + add (+ relu) and their gradients', () => {
    tidy(() => {
      const x = tensorOf(rand([5, 4], { seed: 1 })), w = tensorOf(rand([4, 3], { seed: 2 })), b = tensorOf(rand([3], { seed: 3 }));
      const fused = grads((a, c, d) => dense(a, c, d, 'relu'))([x, w, b]);
      const plain = grads((a, c, d) => k.relu(k.add(k.matmul(a, c), d)))([x, w, b]);
      fused.forEach((g, i) => assertTensorClose(g, { shape: plain[i]!.shape.slice(), data: Float64Array.from(plain[i]!.dataSync()) }, { rtol: 1e-5, atol: 1e-6, label: `grad ${i}` }));
    });
  });
});

describe('dense forward and errors', () => {
  it('exact values for integer inputs', () => {
    tidy(() => {
      const y = dense(tensor([[1, 2], [3, -4]]), tensor([[1, 0, -1], [2, 1, 0]]), tensor([0.5, -10, 0]), 'relu');
      assertExact(y, [2, 3], [5.5, 0, 0, 0, 0, 0], 'relu(x·W + b)');
      assertExact(dense(tensor([[1, 2]]), tensor([[3], [4]])), [1, 1], [11], 'no bias');
    });
  });

  it('names the op and the shapes when the input does not match the kernel', () => {
    tidy(() => {
      expect(() => dense(ones([2, 3]), ones([4, 5]))).toThrow("dense: the last axis of the input must match the kernel's 4 rows. Received: x.shape=[2,3], kernel.shape=[4,5]");
      expect(() => dense(tensor([[1, 2]], undefined, 'int32'), ones([2, 2]))).toThrow(/dense: expected a float32 input\. Received: dtype=int32/);
    });
  });
});
