// maxPool2d, avgPool2d, their 1-D forms and global pooling: gradcheck against float64
// windows (distinct inputs so no max ties straddle a probe), tie and padding conventions with
// exact values, 1 vs 2 threads, and the error messages.

import { describe, expect, it } from 'vitest';
import { grad, grads, tidy } from '../../../ts/autograd/gradients.js';
import * as k from '../../../ts/ops/index.js';
import { ones, tensor } from '../../../ts/tensor/creation.js';
import { onOneAndTwoThreads } from './threads.js';
import { assertExact } from '../../helpers/assert_close.js';
import { distinct, gradcheck, rand, tensorOf } from '../../helpers/gradcheck.js';
import { reduceRef, reshapeRef, type NDArray } from '../../helpers/reference.js';
import { poolRef } from './reference.js';

type P2 = [number, number];
const CASES: [string, number[], P2, P2, 'valid' | 'same'][] = [
  ['2×2 stride 2 valid', [2, 6, 6, 3], [2, 2], [2, 2], 'valid'],
  ["2×2 stride 2 'same', odd size", [2, 5, 5, 2], [2, 2], [2, 2], 'same'],
  ['3×3 stride 1 (overlapping)', [2, 5, 5, 2], [3, 3], [1, 1], 'valid'],
  ["3×3 stride 2 'same'", [1, 6, 7, 3], [3, 3], [2, 2], 'same'],
  ['2×3 window, stride [1, 2]', [2, 4, 7, 2], [2, 3], [1, 2], 'same'],
];

describe('pooling gradients (gradcheck)', () => {
  for (const kind of ['max', 'avg'] as const) {
    it.each(CASES)(`${kind} %s`, (label, shape, pool, strides, padding) => {
      const x = kind === 'max' ? distinct([shape], { seed: 3, lo: -20, hi: 20 })[0]! : rand(shape, { seed: 3 });
      gradcheck({
        name: `${kind}Pool2d ${label}`,
        op: (t) => (kind === 'max' ? k.maxPool2d : k.avgPool2d)(t!, pool, strides, padding),
        ref: (t) => poolRef(kind, t!, pool, strides, padding),
        inputs: [x],
      });
    });
  }

  const to2d = (x: NDArray) => reshapeRef(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]);
  const from2d = (y: NDArray) => reshapeRef(y, [y.shape[0]!, y.shape[2]!, y.shape[3]!]);
  it.each([['valid', 2, 2], ['same', 3, 2]] as const)('1-D pooling, %s, pool %i stride %i', (padding, pool, stride) => {
    const x = distinct([[2, 7, 3]], { seed: 4, lo: -5, hi: 5 })[0]!;
    gradcheck({ name: 'maxPool1d', op: (t) => k.maxPool1d(t!, pool, stride, padding), ref: (t) => from2d(poolRef('max', to2d(t!), [1, pool], [1, stride], padding)), inputs: [x] });
    gradcheck({ name: 'avgPool1d', op: (t) => k.avgPool1d(t!, pool, stride, padding), ref: (t) => from2d(poolRef('avg', to2d(t!), [1, pool], [1, stride], padding)), inputs: [x] });
  });

  it('global average and max pooling', () => {
    const x = distinct([[2, 3, 4, 3]], { seed: 5, lo: -5, hi: 5 })[0]!;
    gradcheck({ name: 'globalAvgPool', op: (t) => k.globalAvgPool(t!), ref: (t) => reduceRef('mean', t!, [1, 2]), inputs: [x] });
    gradcheck({ name: 'globalMaxPool keepDims', op: (t) => k.globalMaxPool(t!, true), ref: (t) => reduceRef('max', t!, [1, 2], true), inputs: [x] });
  });
});

describe('pooling conventions (exact values)', () => {
  it('max ties route the whole gradient to the first window tap', () => {
    tidy(() => {
      const x = tensor([1, 1, 1, 1], [1, 2, 2, 1]);
      assertExact(grad((t) => k.maxPool2d(t, 2))(x), [1, 2, 2, 1], [1, 0, 0, 0], 'dx');
    });
  });

  it("average 'same' divides by the cells inside the image", () => {
    tidy(() => {
      // 1×3 row [1, 2, 3], window 2, stride 2, 'same' → windows {1, 2} and {3}.
      const x = tensor([1, 2, 3], [1, 1, 3, 1]);
      assertExact(k.avgPool2d(x, [1, 2], [1, 2], 'same'), [1, 1, 2, 1], [1.5, 3], 'y');
      assertExact(grad((t) => k.avgPool2d(t, [1, 2], [1, 2], 'same'))(x), [1, 1, 3, 1], [0.5, 0.5, 1], 'dx');
    });
  });

  it('max pooling strides default to the pool size (Keras)', () => {
    tidy(() => {
      expect(k.maxPool2d(ones([1, 6, 6, 1]), 3).shape).toEqual([1, 2, 2, 1]);
    });
  });
});

describe('pooling on 1 and 2 threads agree bit for bit', () => {
  it('forward and gradients at the seed CNN pooling shape', async () => {
    const run = () => tidy(() => {
      const x = tensorOf(rand([16, 26, 26, 32], { seed: 6 }));
      const f = (t: typeof x) => k.add(k.sum(k.square(k.maxPool2d(t, 2))), k.sum(k.square(k.avgPool2d(t, 3, 2, 'same'))));
      return [Array.from(f(x).dataSync()), Array.from(grads(f)([x])[0]!.dataSync())];
    });
    const [one, two] = await onOneAndTwoThreads(run);
    expect(two).toEqual(one);
  });
});

describe('pooling errors', () => {
  it('name the op, what was expected and what was received', () => {
    tidy(() => {
      const x = ones([2, 5, 5, 3]);
      expect(() => k.maxPool2d(ones([5, 5, 3]), 2)).toThrow(/maxPool2d: expected a rank-4 input \[batch, height, width, channels\]\. Received: input\.shape=\[5,5,3\]/);
      expect(() => k.maxPool2d(x, 0)).toThrow(/maxPool2d: poolSize must be a positive integer or a pair of positive integers\. Received: poolSize=0/);
      expect(() => k.avgPool2d(x, 2, [2, 0])).toThrow(/avgPool2d: strides must be .*Received: strides=\[2,0\]/);
      expect(() => k.avgPool2d(x, 2, 2, 'causal' as 'same')).toThrow(/avgPool2d: padding must be 'valid' or 'same'\. Received: padding='causal'/);
      expect(() => k.maxPool2d(x, 6)).toThrow(/maxPool2d: the window \(6×6\) is larger than the padded input \(5×5\)\. Received: x\.shape=\[2,5,5,3\], poolSize=6, padding='valid'/);
      expect(() => k.maxPool1d(ones([2, 3, 3]), 4)).toThrow(/maxPool1d: the window \(4\) is longer than the input \(3\)/);
      expect(() => k.avgPool1d(ones([2, 3]), 2)).toThrow(/avgPool1d: expected a rank-3 input \[batch, steps, channels\]\. Received: input\.shape=\[2,3\]/);
      expect(() => k.globalAvgPool(ones([2, 3]))).toThrow(/globalAvgPool: expected a rank ≥ 3 input .*Received: x\.shape=\[2,3\]/);
    });
  });
});
