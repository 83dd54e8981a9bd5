// Reductions (ts/ops/reduce.ts) over single, adjacent, non-adjacent, negative and all axes,
// with and without keepDims: gradcheck of sum/mean/max/min/prod/variance/logSumExp, exact
// tie sharing for max/min, argmax/argmin, empty axes, and thread-count independence.

import { describe, expect, it } from 'vitest';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, scalar, tensor, zeros } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { distinct, gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { argReduceRef, nd, reduceRef, type NDArray, type ReduceRefName } from '../helpers/reference.js';

type Axis = number | number[] | undefined;
type Reduce = (x: Tensor, axis?: Axis, keepDims?: boolean) => Tensor;

/** [shape, axis, keepDims]: single, negative, adjacent, non-adjacent, all, size-1 axes, scalar, large. */
const AXES: [number[], Axis, boolean][] = [
  [[2, 3, 4], undefined, false], [[2, 3, 4], undefined, true], [[2, 3, 4], 0, false], [[2, 3, 4], 1, true],
  [[2, 3, 4], 2, false], [[2, 3, 4], -1, true], [[2, 3, 4], -2, false], [[2, 3, 4], [0, 1], false],
  [[2, 3, 4], [1, 2], true], [[2, 3, 4], [0, 2], false], [[2, 3, 4], [-1, -3], true], [[2, 3, 4], [0, 1, 2], false],
  [[1, 5, 1], 1, false], [[1, 5, 1], [0, 2], true], [[3, 1, 4], 1, true], [[], undefined, false], [[7], 0, false],
  [[2, 2, 3, 2], [1, 3], false], [[8, 40], 1, false], [[8, 40], 0, true],
];

interface Case {
  name: ReduceRefName;
  op: Reduce;
  gen: (shape: number[], seed: number) => NDArray;
}

const CASES: Case[] = [
  { name: 'sum', op: k.sum, gen: (s, seed) => rand(s, { seed }) },
  { name: 'mean', op: k.mean, gen: (s, seed) => rand(s, { seed }) },
  { name: 'max', op: k.max, gen: (s, seed) => distinct([s], { seed, lo: -20, hi: 20, gap: 0.04 })[0]! },
  { name: 'min', op: k.min, gen: (s, seed) => distinct([s], { seed, lo: -20, hi: 20, gap: 0.04 })[0]! },
  { name: 'prod', op: k.prod, gen: (s, seed) => rand(s, { seed, lo: 0, hi: 0.6, absMin: 0.7 }) },
  { name: 'variance', op: k.variance, gen: (s, seed) => rand(s, { seed }) },
  { name: 'logSumExp', op: k.logSumExp, gen: (s, seed) => rand(s, { seed, lo: -3, hi: 3 }) },
];

describe('reduction gradients (gradcheck) over every kind of axis list', () => {
  for (const c of CASES) {
    it(c.name, () => {
      AXES.forEach(([shape, axis, keepDims], s) => {
        gradcheck({
          name: `${c.name} shape=${JSON.stringify(shape)} axis=${JSON.stringify(axis)} keepDims=${keepDims}`,
          op: (x) => c.op(x, axis, keepDims),
          ref: (x) => reduceRef(c.name, x, axis, keepDims),
          inputs: [c.gen(shape, 5 + s)],
          fwdRtol: 2e-5, fwdAtol: 2e-5,
        });
      });
    });
  }
});

describe('reductions: exact values and conventions', () => {
  it('max and min share the gradient of ties equally', () => {
    tidy(() => {
      assertExact(grad((x) => k.max(x))(tensor([1, 3, 3, -1])), [4], [0, 0.5, 0.5, 0], "max'");
      assertExact(grad((x) => k.min(x, 1))(tensor([[2, 2, 2], [0, 5, 0]])), [2, 3], [1 / 3, 1 / 3, 1 / 3, 0.5, 0, 0.5].map(Math.fround), "min'");
    });
  });

  it('a reduction over no axis, or of a scalar, is the identity with gradient 1 (not 2)', () => {
    tidy(() => {
      for (const [name, f] of [['sum', k.sum], ['mean', k.mean], ['max', k.max], ['min', k.min], ['prod', k.prod]] as [string, Reduce][]) {
        assertExact(f(scalar(3)), [], [3], `${name}(scalar)`);
        assertExact(grad((x) => f(x))(scalar(3)), [], [1], `${name}'(scalar)`);
        assertExact(grad((x) => f(x, []))(tensor([1, 2])), [2], [1, 1], `${name}'(x, axis=[])`);
      }
    });
  });

  it('output shapes: all axes → scalar, keepDims keeps size-1 axes', () => {
    tidy(() => {
      const x = ones([2, 3, 4]);
      expect(k.sum(x).shape).toEqual([]);
      expect(k.sum(x, undefined, true).shape).toEqual([1, 1, 1]);
      expect(k.mean(x, [0, 2]).shape).toEqual([3]);
      expect(k.max(x, [0, 2], true).shape).toEqual([1, 3, 1]);
      expect(k.variance(x, -1).shape).toEqual([2, 3]);
    });
  });

  it('empty reductions follow numpy: sum 0, prod 1, mean NaN; max/min refuse an empty axis', () => {
    tidy(() => {
      const e = zeros([0]);
      assertExact(k.sum(e), [], [0], 'sum([])');
      assertExact(k.prod(e), [], [1], 'prod([])');
      assertExact(k.mean(e), [], [NaN], 'mean([])');
      assertExact(k.sum(zeros([2, 0]), 1), [2], [0, 0], 'sum over an empty axis');
      expect(() => k.max(e)).toThrow(/max: cannot reduce over an empty axis\. Received: shape=\[0\]/);
      expect(() => k.argmin(zeros([3, 0]))).toThrow(/argmin: cannot reduce over an empty axis\. Received: shape=\[3,0\], axis=-1/);
    });
  });

  it('sum of 100003 ones is exact; mean and variance of a long array match float64', () => {
    tidy(() => {
      assertExact(k.sum(ones([100003])), [], [100003], 'sum(ones)');
      const x = rand([300, 347], { seed: 3, lo: 1, hi: 3 });
      assertTensorClose(k.mean(tensorOf(x)), reduceRef('mean', x), { rtol: 1e-6, label: 'mean' });
      assertTensorClose(k.variance(tensorOf(x)), reduceRef('variance', x), { rtol: 1e-5, label: 'variance' });
      assertTensorClose(k.sum(tensorOf(x), 0), reduceRef('sum', x, 0), { rtol: 1e-6, label: 'sum axis 0' });
      assertTensorClose(k.logSumExp(tensorOf(x), 1), reduceRef('logSumExp', x, 1), { rtol: 1e-6, label: 'logSumExp' });
    });
  });

  it('logSumExp is stable for large inputs and gives -inf for all -inf', () => {
    tidy(() => {
      assertTensorClose(k.logSumExp(tensor([1000, 1000])), nd([], [1000 + Math.log(2)]), { rtol: 1e-6, label: 'lse(1000, 1000)' });
      assertExact(k.logSumExp(tensor([-Infinity, -Infinity])), [], [-Infinity], 'lse(-inf, -inf)');
    });
  });

  it('results do not depend on the thread count', () => {
    const before = getThreadCount();
    try {
      const x = rand([64, 4099], { seed: 9 });
      const run = () => tidy(() => [k.sum(tensorOf(x), 1), k.sum(tensorOf(x)), k.max(tensorOf(x), 0), k.variance(tensorOf(x), 1)].map((t) => Array.from(t.dataSync())));
      setThreadCount(1);
      const one = run();
      // The single-threaded (simd) builds cannot take 2 threads; there both runs use one.
      if (backendInfo().threads) setThreadCount(2);
      expect(run()).toEqual(one);
    } finally {
      setThreadCount(before);
    }
  });

  it('errors name the op, the valid axis range and the axis received', () => {
    tidy(() => {
      const x = ones([2, 3, 4]);
      expect(() => k.sum(x, 3)).toThrow(/sum: axis must be an integer in \[-3, 3\)\. Received: axis=3 for a rank-3 tensor/);
      expect(() => k.mean(x, -4)).toThrow(/mean: axis must be an integer in \[-3, 3\)\. Received: axis=-4/);
      expect(() => k.max(x, [0, -3])).toThrow(/max: repeated axis\. Received: axis=\[0,-3\]/);
      expect(() => k.sum(tensor([1], undefined, 'int32'))).toThrow(/sum: expected a float32 tensor\. Received: dtype=int32/);
    });
  });
});

describe('argmax / argmin', () => {
  it('match numpy over every axis, as int32, with the first index on ties', () => {
    tidy(() => {
      const x = nd([3, 4, 5], (i) => ((i * 37) % 11) - 5); // many ties
      for (const name of ['argmax', 'argmin'] as const) {
        for (const axis of [0, 1, 2, -1, -3]) {
          const y = k[name](tensorOf(x), axis);
          expect(y.dtype).toBe('int32');
          assertExact(y, argReduceRef(name, x, axis).shape, argReduceRef(name, x, axis).data, `${name} axis ${axis}`);
        }
      }
      assertExact(k.argmax(tensor([[1, 5, 5], [7, 7, 0]])), [2], [1, 0], 'argmax ties');
    });
  });

  it('accept int32 input and record no gradient', () => {
    tidy(() => {
      assertExact(k.argmin(tensor([4, -2, 9, -2], undefined, 'int32')), [], [1], 'argmin(int32)');
      expect(() => k.argmax(tensor([1, 2]), 1)).toThrow(/argmax: axis must be an integer in \[-1, 1\)\. Received: axis=1/);
    });
  });
});
