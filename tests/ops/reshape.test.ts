// reshape, flatten, expandDims and squeeze (ts/ops/reshape.ts): gradcheck, -1 inference,
// shared storage (no copy), and errors that give both shapes.

import { describe, expect, it } from 'vitest';
import { memory, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact } from '../helpers/assert_close.js';
import { gradcheck, rand } from '../helpers/gradcheck.js';
import { reshapeRef, type NDArray } from '../helpers/reference.js';

/** Each op with its reference: a reshape to the shape the op should produce. */
const CASES: [string, number[], (x: Tensor) => Tensor, number[]][] = [
  ['reshape [2,3] → [3,2]', [2, 3], (x) => k.reshape(x, [3, 2]), [3, 2]],
  ['reshape [6] → [-1, 2]', [6], (x) => k.reshape(x, [-1, 2]), [3, 2]],
  ['reshape [2,3,4] → [4,-1]', [2, 3, 4], (x) => k.reshape(x, [4, -1]), [4, 6]],
  ['reshape scalar → [1,1]', [], (x) => k.reshape(x, [1, 1]), [1, 1]],
  ['reshape [1] → []', [1], (x) => k.reshape(x, []), []],
  ['reshape [15,16] → [240]', [15, 16], (x) => k.reshape(x, [240]), [240]],
  ['flatten [2,3,4]', [2, 3, 4], k.flatten, [2, 12]],
  ['flatten [5]', [5], k.flatten, [5, 1]],
  ['expandDims axis 0', [2, 3], (x) => k.expandDims(x), [1, 2, 3]],
  ['expandDims axis 2 (= rank)', [2, 3], (x) => k.expandDims(x, 2), [2, 3, 1]],
  ['expandDims axis -1', [2, 3], (x) => k.expandDims(x, -1), [2, 3, 1]],
  ['squeeze all', [1, 3, 1, 2], (x) => k.squeeze(x), [3, 2]],
  ['squeeze axis 2', [1, 3, 1, 2], (x) => k.squeeze(x, 2), [1, 3, 2]],
  ['squeeze axes [0, -2]', [1, 3, 1, 2], (x) => k.squeeze(x, [0, -2]), [3, 2]],
];

describe('reshape-family gradients (gradcheck)', () => {
  for (const [name, shape, op, out] of CASES) {
    it(name, () => {
      gradcheck({ name, op, ref: (x: NDArray) => reshapeRef(x, out), inputs: [rand(shape, { seed: shape.length + 1 })], fwdRtol: 0, fwdAtol: 0 });
    });
  }
});

describe('reshape behaviour', () => {
  it('keeps row-major order and shares storage: no new buffer is allocated', () => {
    tidy(() => {
      const x = k.reshape(range(0, 6), [2, 3]);
      const before = memory().numBuffers;
      const y = k.reshape(x, [3, 2]);
      expect(memory().numBuffers).toBe(before);
      assertExact(y, [3, 2], [0, 1, 2, 3, 4, 5], 'reshape');
      expect(y.arraySync()).toEqual([[0, 1], [2, 3], [4, 5]]);
      x.dispose();
      assertExact(y, [3, 2], [0, 1, 2, 3, 4, 5], 'still readable after the source is disposed');
    });
  });

  it('reshapes int32 and empty tensors', () => {
    tidy(() => {
      const i = k.reshape(tensor([1, 2, 3, 4], undefined, 'int32'), [2, -1]);
      expect(i.dtype).toBe('int32');
      assertExact(i, [2, 2], [1, 2, 3, 4], 'int32');
      expect(k.reshape(ones([0, 3]), [3, 0]).shape).toEqual([3, 0]);
    });
  });

  it('errors give the shape, its size and the target', () => {
    tidy(() => {
      const x = ones([2, 3]);
      expect(() => k.reshape(x, [4])).toThrow('reshape: cannot reshape a tensor of shape [2,3] (size 6) into [4]. Received: shape=[4]');
      expect(() => k.reshape(x, [-1, -1])).toThrow(/reshape: cannot reshape a tensor of shape \[2,3\] \(size 6\) into \[-1,-1\]/);
      expect(() => k.reshape(x, [4, -1])).toThrow(/Received: shape=\[4,-1\]/);
      expect(() => k.reshape(x, [2.5, 2])).toThrow(/Received: shape=\[2\.5,2\]/);
      expect(() => k.squeeze(x, 0)).toThrow(/squeeze: axis 0 has size 2, not 1\. Received: shape=\[2,3\], axis=0/);
      expect(() => k.expandDims(x, 4)).toThrow(/expandDims: axis must be an integer in \[-3, 3\)\. Received: axis=4/);
      expect(() => k.flatten(tensor(1))).toThrow(/flatten: expected a tensor of rank ≥ 1\. Received: rank 0/);
    });
  });
});
