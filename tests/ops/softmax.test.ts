// softmax and logSoftmax (ts/ops/softmax.ts) over any axis: gradcheck (first, middle and
// last axes, size-1 axes, large rows), normalisation, stability at ±1e4, NaN rows and errors.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { assertClose, assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd, reduceRef, softmaxRef } from '../helpers/reference.js';

const CASES: [number[], number][] = [
  [[5], 0], [[3, 4], -1], [[3, 4], 0], [[2, 3, 4], 1], [[2, 3, 4], -3], [[2, 1, 3], 1], [[4, 1], -1], [[1, 6], 0],
  [[3, 70], 1], [[70, 3], 0],
];

describe('softmax / logSoftmax gradients (gradcheck)', () => {
  for (const log of [false, true]) {
    const name = log ? 'logSoftmax' : 'softmax';
    it(name, () => {
      CASES.forEach(([shape, axis], s) => {
        gradcheck({
          name: `${name} ${JSON.stringify(shape)} axis ${axis}`,
          op: (x) => (log ? k.logSoftmax(x, axis) : k.softmax(x, axis)),
          ref: (x) => softmaxRef(x, axis, log),
          inputs: [rand(shape, { seed: 3 + s, lo: -4, hi: 4 })],
          fwdAtol: 2e-6,
        });
      });
    });
  }
});

describe('softmax forward', () => {
  it('rows sum to 1 and logSoftmax = log(softmax) on long rows', () => {
    tidy(() => {
      const x = rand([7, 1029], { seed: 2, lo: -10, hi: 10 });
      const s = k.softmax(tensorOf(x));
      assertClose(k.sum(s, -1).dataSync(), new Array(7).fill(1), { rtol: 1e-5, label: 'row sums' });
      assertTensorClose(s, softmaxRef(x), { rtol: 1e-5, atol: 1e-9, label: 'softmax' });
      assertTensorClose(k.logSoftmax(tensorOf(x)), softmaxRef(x, -1, true), { rtol: 1e-5, atol: 1e-5, label: 'logSoftmax' });
    });
  });

  it('is stable at ±1e4: no overflow, exact one-hot limits', () => {
    tidy(() => {
      assertExact(k.softmax(tensor([1e4, 0, -1e4])), [3], [1, 0, 0], 'softmax');
      assertExact(k.softmax(tensor([1e4, 1e4])), [2], [0.5, 0.5], 'softmax ties');
      assertTensorClose(k.logSoftmax(tensor([1e4, 0])), nd([2], [0, -1e4]), { rtol: 1e-6, label: 'logSoftmax' });
      const g = grad((x) => k.softmax(x))(tensor([1e4, 0, -1e4]), tensor([1, 2, 3]));
      assertExact(g, [3], [0, 0, 0], "softmax' at saturation");
    });
  });

  it('is invariant to shifting a row; a NaN makes its whole row NaN and leaves other rows alone', () => {
    tidy(() => {
      const x = rand([2, 5], { seed: 4 });
      const shifted = nd([2, 5], (i) => x.data[i]! + (i < 5 ? 50 : -50));
      assertTensorClose(k.softmax(tensorOf(shifted)), softmaxRef(x), { rtol: 1e-4, atol: 1e-6, label: 'shifted' });
      const y = k.softmax(tensor([[1, NaN, 2], [1, 2, 3]])).dataSync();
      expect(Array.from(y.slice(0, 3)).every(Number.isNaN)).toBe(true);
      assertClose(y.slice(3), softmaxRef(nd([3], [1, 2, 3])).data, { rtol: 1e-6, label: 'clean row' });
    });
  });

  it('logSoftmax rows logsumexp to 0', () => {
    tidy(() => {
      const x = rand([4, 9], { seed: 8, lo: -20, hi: 20 });
      const ls = k.logSoftmax(tensorOf(x), 1);
      assertClose(k.logSumExp(ls, 1).dataSync(), reduceRef('logSumExp', softmaxRef(x, 1, true), 1).data, { atol: 1e-5, label: 'lse' });
    });
  });

  it('errors name the op, the axis range and what was received', () => {
    tidy(() => {
      expect(() => k.softmax(tensor([[1, 2]]), 2)).toThrow(/softmax: axis must be an integer in \[-2, 2\)\. Received: axis=2 for a rank-2 tensor/);
      expect(() => k.logSoftmax(tensor(1))).toThrow(/logSoftmax: expected a tensor of rank ≥ 1\. Received: rank 0/);
      expect(() => k.softmax(tensor([1, 2], undefined, 'int32'))).toThrow(/softmax: expected a float32 tensor\. Received: dtype=int32/);
    });
  });
});
