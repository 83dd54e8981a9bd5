// transpose / permute (ts/ops/transpose.ts): gradcheck for every permutation of rank 3, the
// default reversal, negative entries, rank 4 and 5, identity permutations, and errors.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { transposeRef } from '../helpers/reference.js';

const PERMS3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

describe('transpose gradients (gradcheck)', () => {
  it('every permutation of a rank-3 tensor', () => {
    for (const perm of PERMS3) {
      gradcheck({ name: `transpose [2,3,4] ${perm}`, op: (x) => k.transpose(x, perm), ref: (x) => transposeRef(x, perm),
        inputs: [rand([2, 3, 4], { seed: 1 })], fwdRtol: 0, fwdAtol: 0 });
    }
  });

  it('default reversal, negative entries, size-1 axes, ranks 1, 2, 4, 5 and a large matrix', () => {
    const cases: [number[], number[] | undefined][] = [
      [[5], undefined], [[3, 4], undefined], [[2, 3, 4], undefined], [[2, 3, 4], [-1, 0, -2]], [[1, 3, 1], [2, 1, 0]],
      [[2, 1, 3, 2], [3, 1, 0, 2]], [[2, 2, 1, 3, 2], [4, 0, 3, 1, 2]], [[13, 17], [1, 0]],
    ];
    for (const [shape, perm] of cases) {
      gradcheck({ name: `transpose ${JSON.stringify(shape)} ${perm}`, op: (x) => k.transpose(x, perm), ref: (x) => transposeRef(x, perm),
        inputs: [rand(shape, { seed: shape.length })], fwdRtol: 0, fwdAtol: 0 });
    }
  });

  it('permute is transpose; a chain of transposes routes every gradient element back exactly', () => {
    tidy(() => {
      expect(k.permute).toBe(k.transpose);
      const chain = (t: Tensor) => k.transpose(k.transpose(t, [2, 0, 1]), [1, 0, 2]);
      const x = k.reshape(range(0, 24), [2, 3, 4]);
      // Seeding with chain(x) itself: the chain is a permutation, so the gradient is x.
      assertExact(grad(chain)(x, chain(x)), [2, 3, 4], Array.from({ length: 24 }, (_, i) => i), 'd/dx ⟨chain(x), chain(x₀)⟩');
    });
  });
});

describe('transpose forward', () => {
  it('moves data (int32 too) and returns a copy for the identity permutation', () => {
    tidy(() => {
      assertExact(k.transpose(tensor([[1, 2, 3], [4, 5, 6]])), [3, 2], [1, 4, 2, 5, 3, 6], '2-D');
      const i = k.transpose(tensor([[1, 2], [3, 4]], undefined, 'int32'));
      expect(i.dtype).toBe('int32');
      assertExact(i, [2, 2], [1, 3, 2, 4], 'int32');
      const x = rand([3, 5, 7, 2], { seed: 4 });
      assertTensorClose(k.transpose(tensorOf(x), [1, 3, 0, 2]), transposeRef(x, [1, 3, 0, 2]), { rtol: 0, atol: 0, label: 'rank 4' });
      const id = k.transpose(tensorOf(x), [0, 1, 2, 3]);
      assertTensorClose(id, x, { rtol: 0, atol: 0, label: 'identity' });
    });
  });

  it('rank 8 and a large odd-sized matrix', () => {
    tidy(() => {
      const x = rand([2, 3, 1, 2, 2, 1, 3, 2], { seed: 3 });
      const p = [7, 0, 6, 1, 5, 2, 4, 3];
      assertTensorClose(k.transpose(tensorOf(x), p), transposeRef(x, p), { rtol: 0, atol: 0, label: 'rank 8' });
      const z = rand([1030, 517], { seed: 7 });
      assertTensorClose(k.transpose(tensorOf(z)), transposeRef(z), { rtol: 0, atol: 0, label: '1030×517' });
    });
  });

  it('errors name the op, the expected permutation and what was received', () => {
    tidy(() => {
      const x = ones([2, 3]);
      expect(() => k.transpose(x, [0, 0])).toThrow(/transpose: perm must be a permutation of 0\.\.1\. Received: perm=\[0,0\] for shape=\[2,3\]/);
      expect(() => k.transpose(x, [0, 1, 2])).toThrow(/Received: perm=\[0,1,2\]/);
      expect(() => k.transpose(x, [0, 2])).toThrow(/Received: perm=\[0,2\]/);
    });
  });
});
