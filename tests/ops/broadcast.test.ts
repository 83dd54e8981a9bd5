// broadcastTo (ts/ops/broadcast.ts): gradcheck (the gradient sums over broadcast axes), the
// identity case, int32, and the error for incompatible targets.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, scalar, tensor } from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';
import { gradcheck, rand } from '../helpers/gradcheck.js';
import { broadcastToRef } from '../helpers/reference.js';

const CASES: [number[], number[]][] = [
  [[3], [2, 3]], [[], [2, 2]], [[1], [5]], [[3, 1], [2, 3, 4]], [[1, 1], [1, 1]], [[2, 1, 3], [2, 4, 3]], [[2, 3], [2, 3]],
  [[1, 4], [60, 4]],
];

describe('broadcastTo', () => {
  it('gradients (gradcheck) over leading, size-1 and identity axes', () => {
    CASES.forEach(([from, to], s) => {
      gradcheck({ name: `broadcastTo ${JSON.stringify(from)} → ${JSON.stringify(to)}`, op: (x) => k.broadcastTo(x, to),
        ref: (x) => broadcastToRef(x, to), inputs: [rand(from, { seed: s + 1 })], fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('exact values and summed gradients', () => {
    tidy(() => {
      assertExact(k.broadcastTo(tensor([[1], [2]]), [2, 3]), [2, 3], [1, 1, 1, 2, 2, 2], 'column');
      assertExact(k.broadcastTo(scalar(7), [2]), [2], [7, 7], 'scalar');
      const i = k.broadcastTo(tensor([1, 2], undefined, 'int32'), [2, 2]);
      expect(i.dtype).toBe('int32');
      assertExact(i, [2, 2], [1, 2, 1, 2], 'int32');
      assertExact(grad((x) => k.broadcastTo(x, [2, 3, 2]))(tensor([[1], [2], [3]]), k.reshape(range(0, 12), [2, 3, 2])),
        [3, 1], [0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11], 'summed gradient');
      expect(k.broadcastTo(ones([0, 1]), [0, 3]).shape).toEqual([0, 3]);
    });
  });

  it('errors name the op and the shapes', () => {
    tidy(() => {
      expect(() => k.broadcastTo(ones([2]), [3])).toThrow(/broadcastTo: shapes cannot be broadcast together\. Received: a\.shape=\[2\], b\.shape=\[3\]/);
      expect(() => k.broadcastTo(ones([2, 3]), [3])).toThrow(/broadcastTo: cannot broadcast shape \[2,3\] to \[3\]\. Received: shape=\[3\]/);
      expect(() => k.broadcastTo(ones([3]), [1, 1])).toThrow(/broadcastTo: .*\[3\].*\[1,1\]/);
    });
  });
});
