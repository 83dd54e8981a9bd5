// where(cond, a, b) (ts/ops/where.ts): gradcheck with three-way broadcasting, int32 and
// float conditions, no gradient to the condition, and dtype errors.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd, whereRef } from '../helpers/reference.js';

const CASES: [number[], number[], number[]][] = [
  [[2, 3], [2, 3], [2, 3]], [[2, 3], [], [2, 3]], [[3], [2, 3], []], [[2, 1], [1, 3], [2, 3]], [[], [4], [4]],
  [[1, 4], [3, 1], [1]], [[2, 1, 3], [4, 1], [3]], [[15, 14], [14], [15, 1]],
];

describe('where', () => {
  it('gradients to a and b (gradcheck) under three-way broadcasting', () => {
    CASES.forEach(([sc, sa, sb], s) => {
      const c = nd(sc, (i) => ((i * 5 + s) % 3 === 0 ? 1 : 0));
      gradcheck({ name: `where c${JSON.stringify(sc)} a${JSON.stringify(sa)} b${JSON.stringify(sb)}`,
        op: (a, b) => k.where(tensorOf(c), a, b), ref: (a, b) => whereRef(c, a, b),
        inputs: [rand(sa, { seed: s + 1 }), rand(sb, { seed: s + 40 })], fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('routes dy exactly and gives the condition no gradient', () => {
    tidy(() => {
      const c = tensor([1, 0, 1, 0]);
      const [gc, ga, gb] = grads((cc, a, b) => k.where(cc, a, b))([c, tensor([1, 2, 3, 4]), tensor(10)], tensor([1, 2, 3, 4]));
      assertExact(gc!, [4], [0, 0, 0, 0], 'd/dcond');
      assertExact(ga!, [4], [1, 0, 3, 0], 'd/da');
      assertExact(gb!, [], [6], 'd/db (broadcast scalar)');
    });
  });

  it('accepts int32 and nonzero-float conditions (any nonzero is true, NaN included)', () => {
    tidy(() => {
      assertExact(k.where(tensor([0, 3, -1], undefined, 'int32'), tensor([1, 2, 3]), tensor([9, 9, 9])), [3], [9, 2, 3], 'int32 cond');
      assertExact(k.where(tensor([0.5, 0, -0, NaN]), 1, 0), [4], [1, 0, 0, 1], 'float cond');
      assertExact(k.where([[1], [0]], [1, 2], [[5], [6]]), [2, 2], [1, 2, 6, 6], 'nested arrays');
    });
  });

  it('errors name the op and what was received', () => {
    tidy(() => {
      expect(() => k.where(ones([2]), tensor([1, 2], undefined, 'int32'), ones([2]))).toThrow(/where: a and b must be float32\. Received: a\.dtype=int32, b\.dtype=float32/);
      expect(() => k.where(ones([3]), ones([2]), ones([2]))).toThrow(/where: shapes cannot be broadcast together\. Received: a\.shape=\[3\], b\.shape=\[2\]/);
    });
  });
});
