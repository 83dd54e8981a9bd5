// upSampling2d / resizeImages: gradcheck of nearest and half-pixel bilinear against the
// jax.image.resize formulation, exact values at the edges, 1 vs 2 threads, and errors.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import * as k from '../../../ts/ops/index.js';
import { ones, tensor } from '../../../ts/tensor/creation.js';
import { onOneAndTwoThreads } from './threads.js';
import { assertClose } from '../../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../../helpers/gradcheck.js';
import { resizeRef } from './reference.js';

describe('upsampling gradients (gradcheck)', () => {
  const cases: [string, number[], [number, number]][] = [['2×2', [2, 3, 3, 2], [2, 2]], ['2×3', [2, 3, 4, 3], [2, 3]], ['3×1', [1, 4, 2, 5], [3, 1]]];
  for (const mode of ['nearest', 'bilinear'] as const) {
    it.each(cases)(`${mode} %s`, (_l, shape, size) => {
      gradcheck({
        name: `upSampling2d ${mode}`,
        op: (x) => k.upSampling2d(x!, size, mode),
        ref: (x) => resizeRef(x!, x!.shape[1]! * size[0], x!.shape[2]! * size[1], mode),
        inputs: [rand(shape, { seed: 1 })], fwdAtol: 1e-6,
      });
    });
  }
  it('bilinear resize to a non-integer size', () => {
    gradcheck({ name: 'resizeImages 3×5 → 7×4', op: (x) => k.resizeImages(x!, [7, 4], 'bilinear'), ref: (x) => resizeRef(x!, 7, 4, 'bilinear'), inputs: [rand([2, 3, 5, 2], { seed: 2 })] });
  });
});

describe('upsampling values', () => {
  it('bilinear uses half-pixel centres and clamps at the edges', () => {
    tidy(() => {
      // [0, 4] upsampled ×2: sources −0.25, 0.25, 0.75, 1.25 → 0, 1, 3, 4.
      const y = k.upSampling2d(tensor([0, 4], [1, 1, 2, 1]), [1, 2], 'bilinear');
      assertClose(y.dataSync(), [0, 1, 3, 4], { label: 'bilinear' });
      const n = k.upSampling2d(tensor([0, 4], [1, 1, 2, 1]), [1, 2], 'nearest');
      assertClose(n.dataSync(), [0, 0, 4, 4], { label: 'nearest' });
    });
  });
});

describe('upsampling on 1 and 2 threads agree bit for bit', () => {
  it('nearest and bilinear, forward and gradient', async () => {
    const run = () => tidy(() => {
      const x = tensorOf(rand([8, 14, 14, 16], { seed: 3 }));
      const f = (t: typeof x) => k.add(k.sum(k.square(k.upSampling2d(t, 2, 'bilinear'))), k.sum(k.square(k.upSampling2d(t, [2, 3], 'nearest'))));
      return [Array.from(f(x).dataSync()), Array.from(grads(f)([x])[0]!.dataSync())];
    });
    const [one, two] = await onOneAndTwoThreads(run);
    expect(two).toEqual(one);
  });
});

describe('upsampling errors', () => {
  it('name the op and what was received', () => {
    tidy(() => {
      expect(() => k.upSampling2d(ones([3, 3, 2]))).toThrow(/upSampling2d: expected a rank-4 input \[batch, height, width, channels\]\. Received: input\.shape=\[3,3,2\]/);
      expect(() => k.upSampling2d(ones([1, 3, 3, 2]), 0)).toThrow(/upSampling2d: size must be a positive integer or a pair of positive integers\. Received: size=0/);
      expect(() => k.upSampling2d(ones([1, 3, 3, 2]), 2, 'bicubic' as 'nearest')).toThrow(/resizeImages: interpolation must be 'nearest' or 'bilinear'\. Received: interpolation='bicubic'/);
    });
  });
});
