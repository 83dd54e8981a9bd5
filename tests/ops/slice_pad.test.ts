// slice and pad (ts/ops/slice.ts): gradcheck (the gradient of one is the other), size -1,
// empty slices, constant values, int32, and range errors.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, tensor } from '../../ts/tensor/creation.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { padRef, sliceRef } from '../helpers/reference.js';

const SLICES: [number[], number[], number[] | undefined][] = [
  [[5], [1], [3]], [[5], [0], [5]], [[5], [2], undefined], [[4, 5], [1, 2], [2, -1]], [[4, 5], [0, 0], [4, 1]],
  [[2, 3, 4], [1, 0, 1], [1, 3, 2]], [[2, 3, 4], [0, 2, 0], [-1, 1, -1]], [[3, 1, 4], [1, 0, 2], [2, 1, 2]], [[20, 15], [3, 4], [12, 10]],
];
const PADS: [number[], [number, number][], number][] = [
  [[3], [[1, 2]], 0], [[2, 3], [[0, 1], [2, 0]], 0], [[2, 3], [[1, 1], [1, 1]], -1.5], [[2, 1, 2], [[0, 0], [3, 0], [0, 2]], 7],
  [[], [], 0], [[12, 18], [[2, 1], [0, 3]], 0.25],
];

describe('slice / pad gradients (gradcheck)', () => {
  it('slice', () => {
    SLICES.forEach(([shape, begin, size], s) => {
      gradcheck({ name: `slice ${JSON.stringify(shape)} begin=${begin} size=${size}`, op: (x) => k.slice(x, begin, size),
        ref: (x) => sliceRef(x, begin, size), inputs: [rand(shape, { seed: s + 1 })], fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('pad', () => {
    PADS.forEach(([shape, p, v], s) => {
      gradcheck({ name: `pad ${JSON.stringify(shape)} ${JSON.stringify(p)} value=${v}`, op: (x) => k.pad(x, p, v),
        ref: (x) => padRef(x, p, v), inputs: [rand(shape, { seed: s + 1 })], fwdRtol: 0, fwdAtol: 0 });
    });
  });

  it('exact gradients: slice puts dy back in place, pad crops it', () => {
    tidy(() => {
      const x = k.reshape(range(0, 12), [3, 4]);
      assertExact(grad((t) => k.slice(t, [1, 1], [2, 2]))(x), [3, 4], [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0], 'slice');
      const dy = k.reshape(range(0, 30), [5, 6]);
      assertExact(grad((t) => k.pad(t, [[1, 1], [2, 0]]))(x, dy), [3, 4], [8, 9, 10, 11, 14, 15, 16, 17, 20, 21, 22, 23], 'pad');
    });
  });
});

describe('slice / pad forward', () => {
  it('int32 slices and pads keep their dtype and values', () => {
    tidy(() => {
      const i = tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32');
      const s = k.slice(i, [0, 1], [2, 2]);
      expect(s.dtype).toBe('int32');
      assertExact(s, [2, 2], [2, 3, 5, 6], 'int32 slice');
      assertExact(k.pad(i, [[0, 0], [1, 0]], 9), [2, 4], [9, 1, 2, 3, 9, 4, 5, 6], 'int32 pad');
    });
  });

  it('empty slices and zero padding', () => {
    tidy(() => {
      expect(k.slice(ones([3, 4]), [1, 4], [2, 0]).shape).toEqual([2, 0]);
      const x = rand([2, 3], { seed: 1 });
      assertTensorClose(k.pad(tensorOf(x), [[0, 0], [0, 0]]), x, { rtol: 0, atol: 0, label: 'no padding' });
    });
  });

  it('errors name the op and give begin, size and shape', () => {
    tidy(() => {
      const x = ones([3, 4]);
      expect(() => k.slice(x, [1, 1], [3, 1])).toThrow(/slice: axis 0 is out of range\. Received: begin=\[1,1\], size=\[3,1\] for shape=\[3,4\]/);
      expect(() => k.slice(x, [1])).toThrow(/slice: begin must have one entry per axis \(2\)\. Received: begin=\[1\]/);
      expect(() => k.slice(x, [-1, 0])).toThrow(/slice: axis 0 is out of range/);
      expect(() => k.slice(x, [0, 0], [1, 1, 1])).toThrow(/slice: size must have one entry per axis \(2\)/);
      expect(() => k.pad(x, [[1, 1]])).toThrow(/pad: paddings must be 2 pairs of non-negative integers\. Received: paddings=\[\[1,1\]\]/);
      expect(() => k.pad(x, [[1, 1], [0, -1]])).toThrow(/Received: paddings=\[\[1,1\],\[0,-1\]\]/);
    });
  });
});
