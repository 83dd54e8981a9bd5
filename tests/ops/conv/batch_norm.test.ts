// batchNormTraining / batchNormInference / channelNormalize: gradcheck against the float64
// formulas (through y and through the mean and variance outputs), Keras's biased variance,
// a large channel offset, 1 vs 2 threads, and the error messages.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import * as k from '../../../ts/ops/index.js';
import { ones, tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { onOneAndTwoThreads } from './threads.js';
import { assertClose, assertTensorClose } from '../../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../../helpers/gradcheck.js';
import { nd, type NDArray } from '../../helpers/reference.js';
import { batchNormInferenceRef, batchNormRef } from './reference.js';

/** y + mean·variance (broadcast): one output through which all three outputs get gradients. */
function combined(y: NDArray, mean: NDArray, variance: NDArray): NDArray {
  const c = mean.data.length;
  return nd(y.shape, (i) => y.data[i]! + mean.data[i % c]! * variance.data[i % c]!);
}

describe('batchNormTraining gradients (gradcheck)', () => {
  const shapes: [string, number[]][] = [['rank 2 [5, 3]', [5, 3]], ['NHWC [2, 3, 3, 2]', [2, 3, 3, 2]], ['larger [4, 5, 5, 6] (random directions)', [4, 5, 5, 6]]];
  it.each(shapes)('through y, with gamma and beta: %s', (_l, shape) => {
    const c = shape.at(-1)!;
    gradcheck({
      name: 'batchNormTraining y',
      op: (x, g, b) => k.batchNormTraining(x!, g!, b!, 1e-3).y,
      ref: (x, g, b) => batchNormRef(x!, g!, b!, 1e-3).y,
      inputs: [rand(shape, { seed: 1, lo: -1, hi: 3 }), rand([c], { seed: 2 }), rand([c], { seed: 3 })], fwdAtol: 2e-5, fwdRtol: 1e-4,
    });
  });

  it.each(shapes)('through y, mean and variance together: %s', (_l, shape) => {
    const c = shape.at(-1)!;
    gradcheck({
      name: 'batchNormTraining y + mean·variance',
      op: (x, g) => {
        const r = k.batchNormTraining(x!, g!, null);
        return k.add(r.y, k.mul(r.mean, r.variance));
      },
      ref: (x, g) => {
        const r = batchNormRef(x!, g!, null, 1e-3);
        return combined(r.y, r.mean, r.variance);
      },
      inputs: [rand(shape, { seed: 4 }), rand([c], { seed: 5 })], fwdAtol: 2e-5, fwdRtol: 1e-4,
    });
  });

  it('without gamma and beta (Keras center=False, scale=False)', () => {
    gradcheck({
      name: 'batchNormTraining no affine',
      op: (x) => k.batchNormTraining(x!, null, null).y,
      ref: (x) => batchNormRef(x!, null, null, 1e-3).y,
      inputs: [rand([3, 2, 2, 4], { seed: 6 })], fwdAtol: 2e-5, fwdRtol: 1e-4,
    });
  });
});

describe('batchNormInference gradients (gradcheck)', () => {
  it('to x, mean, variance, gamma and beta', () => {
    gradcheck({
      name: 'batchNormInference',
      op: (x, m, v, g, b) => k.batchNormInference(x!, m!, v!, g!, b!, 1e-3),
      ref: (x, m, v, g, b) => batchNormInferenceRef(x!, m!, v!, g!, b!, 1e-3),
      inputs: [rand([2, 3, 3, 4], { seed: 7 }), rand([4], { seed: 8 }), rand([4], { seed: 9, lo: 0.2, hi: 2 }), rand([4], { seed: 10 }), rand([4], { seed: 11 })],
      fwdAtol: 1e-5,
    });
  });
});

describe('channelNormalize gradients (gradcheck)', () => {
  it('to x, center, scale and shift, rank 3', () => {
    gradcheck({
      name: 'channelNormalize',
      op: (x, c, s, b) => k.channelNormalize(x!, c!, s!, b!),
      ref: (x, c, s, b) => nd(x!.shape, (i) => {
        const ch = i % 3;
        return (x!.data[i]! - c!.data[ch]!) * s!.data[ch]! + b!.data[ch]!;
      }),
      inputs: [rand([2, 4, 3], { seed: 16 }), rand([3], { seed: 17 }), rand([3], { seed: 18 }), rand([3], { seed: 19 })],
    });
  });
});

describe('batch norm semantics', () => {
  it('uses the biased variance and returns the batch moments', () => {
    tidy(() => {
      const { y, mean, variance } = k.batchNormTraining(tensor([1, 2, 3, 4], [4, 1]), null, null, 0);
      assertClose(mean.dataSync(), [2.5], { label: 'mean' });
      assertClose(variance.dataSync(), [1.25], { label: 'variance (biased: /n)' });
      assertClose(y.dataSync(), [-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25)), { rtol: 1e-6, label: 'y' });
    });
  });

  it('keeps precision with a large channel offset', () => {
    tidy(() => {
      const x = rand([64, 5], { seed: 12 });
      x.data.forEach((v, i) => (x.data[i] = Math.fround(v + 1000)));
      const r = k.batchNormTraining(tensorOf(x), null, null);
      const want = batchNormRef(x, null, null, 1e-3);
      assertTensorClose(r.variance, want.variance, { rtol: 1e-4, atol: 1e-7, label: 'variance' });
      assertTensorClose(r.y, want.y, { rtol: 1e-3, atol: 2e-3, label: 'y' });
    });
  });
});

describe('batch norm on 1 and 2 threads agree bit for bit', () => {
  it('forward and gradients at [32, 13, 13, 64]', async () => {
    const run = () => tidy(() => {
      const x = tensorOf(rand([32, 13, 13, 64], { seed: 13 })), g = tensorOf(rand([64], { seed: 14 })), b = tensorOf(rand([64], { seed: 15 }));
      const f = (a: Tensor, gg: Tensor, bb: Tensor) => {
        const r = k.batchNormTraining(a, gg, bb);
        return k.add(k.sum(k.square(r.y)), k.sum(k.mul(r.mean, r.variance)));
      };
      return [Array.from(f(x, g, b).dataSync()), ...grads(f)([x, g, b]).map((t) => Array.from(t.dataSync()))];
    });
    const [one, two] = await onOneAndTwoThreads(run);
    expect(two).toEqual(one);
  });
});

describe('batch norm errors', () => {
  it('name the op and the shapes', () => {
    tidy(() => {
      const x = ones([2, 3, 3, 4]);
      expect(() => k.batchNormTraining(x, ones([3]), null)).toThrow(/batchNormTraining: gamma must have shape \[4\] \(the input's channels\)\. Received: gamma\.shape=\[3\], x\.shape=\[2,3,3,4\]/);
      expect(() => k.batchNormTraining(x, null, ones([4, 1]))).toThrow(/batchNormTraining: beta must have shape \[4\].*Received: beta\.shape=\[4,1\]/);
      expect(() => k.batchNormTraining(x, null, null, -1)).toThrow(/batchNormTraining: epsilon must be ≥ 0\. Received: epsilon=-1/);
      expect(() => k.batchNormInference(x, ones([4]), ones([2]), null, null)).toThrow(/batchNormInference: variance must have shape \[4\]/);
    });
  });
});
