// concat, stack, split and unstack (ts/ops/concat.ts): gradcheck along every axis, gradient
// accumulation when a tensor appears twice, split sizes with -1, and errors.

import { describe, expect, it } from 'vitest';
import { grad, grads, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { concatRef, nd, reshapeRef, splitRef, stackRef, type NDArray } from '../helpers/reference.js';

describe('concat / stack / split gradients (gradcheck)', () => {
  it('concat along each axis, including negative axes, size-1 pieces and three inputs', () => {
    const cases: [number[][], number][] = [
      [[[2], [3]], 0], [[[2, 3], [1, 3]], 0], [[[2, 3], [2, 1], [2, 4]], 1], [[[2, 3], [2, 2]], -1],
      [[[2, 1, 3], [2, 2, 3]], 1], [[[2, 3, 1], [2, 3, 2], [2, 3, 1]], -1], [[[1, 4], [1, 4]], -2], [[[12, 10], [9, 10]], 0],
    ];
    cases.forEach(([shapes, axis], s) => {
      gradcheck({ name: `concat ${JSON.stringify(shapes)} axis ${axis}`, op: (...ts: Tensor[]) => k.concat(ts, axis),
        ref: (...xs: NDArray[]) => concatRef(xs, axis), inputs: shapes.map((sh, i) => rand(sh, { seed: s * 5 + i })), fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('stack at the front, the middle and the end', () => {
    for (const axis of [0, 1, 2, -1, -3]) {
      gradcheck({ name: `stack axis ${axis}`, op: (...ts: Tensor[]) => k.stack(ts, axis), ref: (...xs: NDArray[]) => stackRef(xs, axis),
        inputs: [rand([2, 3], { seed: 1 }), rand([2, 3], { seed: 2 }), rand([2, 3], { seed: 3 })], fwdRtol: 0, fwdAtol: 0 });
    }
  });

  it('split pieces and unstack slices each carry their gradient back', () => {
    const x = rand([4, 6], { seed: 7 });
    const picks: [string, (t: Tensor) => Tensor[], (v: NDArray) => NDArray[]][] = [
      ['split 3 along 1', (t) => k.split(t, 3, 1), (v) => splitRef(v, 3, 1)],
      ['split [1, -1, 2] along 0', (t) => k.split(t, [1, -1, 2], 0), (v) => splitRef(v, [1, -1, 2], 0)],
      ['unstack along 0', (t) => k.unstack(t), (v) => splitRef(v, 4, 0).map((p) => reshapeRef(p, [6]))],
      ['unstack along -1', (t) => k.unstack(t, -1), (v) => splitRef(v, 6, 1).map((p) => reshapeRef(p, [4]))],
    ];
    for (const [name, f, ref] of picks) {
      // Weight each piece differently and leave the last one unused (its gradient is zero).
      gradcheck({ name, op: (t) => {
        const parts = f(t);
        return k.concat(parts.slice(0, -1).map((p, i) => k.reshape(k.mulScalar(p, i + 1), [-1])), 0);
      }, ref: (v) => {
        const parts = ref(v);
        return concatRef(parts.slice(0, -1).map((p, i) => nd([p.data.length], (j) => p.data[j]! * (i + 1))), 0);
      }, inputs: [x] });
    }
  });

  it('a tensor concatenated with itself gets both gradients summed', () => {
    tidy(() => {
      const x = tensor([1, 2, 3]);
      const dy = tensor([1, 10, 100, 1000, 10000, 100000]);
      assertExact(grad((t) => k.concat([t, t]))(x, dy), [3], [1001, 10010, 100100], 'concat([x, x])');
      const [ga, gb] = grads((a, b) => k.stack([a, b, a], 1))([tensor([[1], [2]]), tensor([[3], [4]])]);
      assertExact(ga!, [2, 1], [2, 2], 'stack a twice');
      assertExact(gb!, [2, 1], [1, 1], 'stack b once');
    });
  });
});

describe('concat / split forward', () => {
  it('split∘concat is the identity, int32 included', () => {
    tidy(() => {
      const parts = [range(0, 6, 1, 'int32'), range(6, 8, 1, 'int32'), range(8, 9, 1, 'int32')];
      const c = k.concat(parts, 0);
      expect(c.dtype).toBe('int32');
      assertExact(c, [9], [0, 1, 2, 3, 4, 5, 6, 7, 8], 'concat int32');
      const back = k.split(c, [6, 2, 1]);
      back.forEach((p, i) => assertExact(p, parts[i]!.shape, parts[i]!.dataSync(), `part ${i}`));
      const x = rand([3, 4, 5], { seed: 2 });
      assertTensorClose(k.stack(k.unstack(tensorOf(x), 1), 1), x, { rtol: 0, atol: 0, label: 'stack∘unstack' });
    });
  });

  it('empty pieces are allowed', () => {
    tidy(() => {
      assertExact(k.concat([ones([2, 0]), ones([2, 2])], 1), [2, 2], [1, 1, 1, 1], 'concat with empty');
      expect(k.split(ones([3]), [0, 3]).map((p) => p.shape)).toEqual([[0], [3]]);
    });
  });

  it('errors name the op and what was received', () => {
    tidy(() => {
      expect(() => k.concat([ones([2, 3]), ones([3, 3])], 1)).toThrow(/concat: all inputs must match except along axis 1\. Received: shapes \[2,3\], \[3,3\]; dtypes float32, float32/);
      expect(() => k.concat([ones([2]), tensor([1], undefined, 'int32')])).toThrow(/Received: shapes \[2\], \[1\]; dtypes float32, int32/);
      expect(() => k.concat([ones([2, 3])], 2)).toThrow(/concat: axis must be an integer in \[-2, 2\)\. Received: axis=2 for a rank-2 tensor/);
      expect(() => k.concat([])).toThrow(/concat: expected a non-empty list of tensors\. Received: \[\]/);
      expect(() => k.stack([ones([2]), ones([3])])).toThrow(/concat: all inputs must match/);
      expect(() => k.split(ones([5]), 2)).toThrow(/split: axis 0 of length 5 does not divide into 2 equal parts\. Received: numOrSizes=2/);
      expect(() => k.split(ones([5]), [2, 2])).toThrow(/split: sizes must be non-negative and sum to 5\. Received: numOrSizes=\[2,2\]/);
    });
  });
});
