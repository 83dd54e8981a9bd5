// gather and oneHot (ts/ops/gather.ts): gradcheck along each axis with indices of any rank,
// scatter-add of repeated indices, int32 data, out-of-range errors, and oneHot values.

import { describe, expect, it } from 'vitest';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { gatherRef, nd, oneHotRef } from '../helpers/reference.js';

const CASES: [number[], number[], number[], number][] = [
  // [x shape, indices shape, index values, axis]
  [[5, 3], [3], [2, 0, 4], 0],
  [[5, 3], [4], [1, 1, 3, 1], 0], // repeated: scatter-add
  [[4, 5], [2, 2], [4, 0, 0, 2], 1],
  [[2, 3, 4], [5], [3, 3, 0, 1, 3], -1],
  [[2, 3, 4], [], [2], 1],
  [[3, 1, 2], [2, 3], [0, 2, 2, 1, 0, 0], 0],
  [[50, 8], [30], Array.from({ length: 30 }, (_, i) => (i * 7) % 50), 0],
];

describe('gather gradients (gradcheck, including repeated indices)', () => {
  CASES.forEach(([xs, is, iv, axis], s) => {
    it(`x${JSON.stringify(xs)} indices${JSON.stringify(is)} axis ${axis}`, () => {
      const idx = nd(is, iv);
      gradcheck({ name: `gather ${JSON.stringify(xs)} axis ${axis}`, op: (x) => k.gather(x, tensorOf(idx, 'int32'), axis),
        ref: (x) => gatherRef(x, idx, axis), inputs: [rand(xs, { seed: s + 1 })], fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('repeated indices scatter-add exactly', () => {
    tidy(() => {
      const table = k.reshape(range(0, 8), [4, 2]);
      const g = grad((t) => k.gather(t, [1, 1, 3, 1, 0]))(table, tensor([[1, 2], [10, 20], [100, 200], [1000, 2000], [5, 6]]));
      assertExact(g, [4, 2], [5, 6, 1011, 2022, 0, 0, 100, 200], 'scatter-add');
    });
  });

  it('scatter-add is exact for many repeats of few rows, on every thread count', () => {
    const before = getThreadCount();
    try {
      for (const threads of backendInfo().threads ? [1, 2] : [1]) {
        setThreadCount(threads);
        for (const [n, rows, inner] of [[200_000, 3, 1], [50_000, 7, 16], [4000, 2, 300]] as const) {
          const idx = Int32Array.from({ length: n }, (_, i) => (i * 31) % rows);
          const g = tidy(() => grad((t) => k.gather(t, tensor(idx, [n], 'int32')))(ones([rows, inner])).dataSync());
          const counts = new Array<number>(rows).fill(0);
          idx.forEach((v) => counts[v]!++);
          const want = Array.from({ length: rows * inner }, (_, q) => counts[Math.floor(q / inner)]!);
          const bad = Array.from(g).findIndex((v, i) => v !== want[i]);
          expect(bad, `${threads} threads, n=${n}: element ${bad} is ${g[bad]}, expected ${want[bad]}`).toBe(-1);
        }
      }
    } finally {
      setThreadCount(before);
    }
  });
});

describe('gather forward', () => {
  it('matches the reference for float32 and int32 data; indices may be nested arrays', () => {
    tidy(() => {
      const x = rand([3, 4, 5], { seed: 2 });
      const idx = nd([2, 3], [4, 0, 1, 1, 3, 2]);
      assertTensorClose(k.gather(tensorOf(x), tensorOf(idx, 'int32'), 2), gatherRef(x, idx, 2), { rtol: 0, atol: 0, label: 'axis 2' });
      const i = k.gather(tensor([[1, 2], [3, 4], [5, 6]], undefined, 'int32'), [[2, 0]]);
      expect(i.dtype).toBe('int32');
      assertExact(i, [1, 2, 2], [5, 6, 1, 2], 'int32 table');
      expect(k.gather(ones([4, 2]), tensor([], undefined, 'int32')).shape).toEqual([0, 2]);
    });
  });

  it('out-of-range and negative indices are errors that name the index', () => {
    tidy(() => {
      const x = ones([5, 3]);
      expect(() => k.gather(x, [0, 7, 1])).toThrow('gather: indices must be in [0, 5) for axis 0 of shape [5,3]. Received: indices[1]=7');
      expect(() => k.gather(x, [0, -1])).toThrow(/gather: indices must be in \[0, 5\).*Received: indices\[1\]=-1/);
      expect(() => k.gather(x, [0, 3], 1)).toThrow(/gather: indices must be in \[0, 3\) for axis 1 of shape \[5,3\]\. Received: indices\[1\]=3/);
      expect(() => k.gather(x, tensor([0, 1]))).toThrow(/gather: indices must be int32\. Received: dtype=float32/);
      expect(() => k.gather(x, [0], 2)).toThrow(/gather: axis must be an integer in \[-2, 2\)\. Received: axis=2/);
    });
  });
});

describe('oneHot', () => {
  it('matches the reference; out-of-range indices give rows of offValue', () => {
    tidy(() => {
      const idx = nd([2, 3], [0, 2, 1, 3, -1, 2]);
      assertTensorClose(k.oneHot(tensorOf(idx, 'int32'), 3), oneHotRef(idx, 3), { rtol: 0, atol: 0, label: 'oneHot' });
      assertExact(k.oneHot([1, 0], 2, 5, -1), [2, 2], [-1, 5, 5, -1], 'on/off values');
      expect(() => k.oneHot([1], 0)).toThrow(/oneHot: depth must be a positive integer\. Received: depth=0/);
      expect(() => k.oneHot(tensor([1]), 2)).toThrow(/oneHot: indices must be int32\. Received: dtype=float32/);
    });
  });
});
