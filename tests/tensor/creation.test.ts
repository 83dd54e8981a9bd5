// Creating tensors (ts/tensor/creation.ts): nested arrays, typed arrays and scalars, dtype
// inference, explicit shapes, and the constant fills.

import { describe, expect, it } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import {
  eye, fill, linspace, ones, onesLike, range, scalar, tensor, zeros, zerosLike,
} from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';

describe('tensor()', () => {
  it('infers the shape of nested arrays, row-major', () => {
    tidy(() => {
      assertExact(tensor([[1, 2, 3], [4, 5, 6]]), [2, 3], [1, 2, 3, 4, 5, 6], '2-D');
      assertExact(tensor([[[1], [2]], [[3], [4]]]), [2, 2, 1], [1, 2, 3, 4], '3-D');
      assertExact(tensor([]), [0], [], 'empty');
      assertExact(tensor([[], []]), [2, 0], [], 'empty rows');
    });
  });

  it('scalars have shape []; a number with a size-1 shape is allowed', () => {
    tidy(() => {
      const s = tensor(2.5);
      expect(s.shape).toEqual([]);
      expect(s.rank).toBe(0);
      expect(s.size).toBe(1);
      assertExact(s, [], [2.5], 'scalar');
      assertExact(scalar(-3), [], [-3], 'scalar()');
      assertExact(tensor(4, [1, 1]), [1, 1], [4], 'number with shape');
      expect(scalar(3, 'int32').dtype).toBe('int32');
    });
  });

  it('typed arrays: Float32Array stays float32, Int32Array infers int32, and a flat array can take a shape', () => {
    tidy(() => {
      const f = tensor(new Float32Array([1.5, 2.5, 3.5, 4.5]), [2, 2]);
      expect(f.dtype).toBe('float32');
      assertExact(f, [2, 2], [1.5, 2.5, 3.5, 4.5], 'Float32Array');
      const i = tensor(new Int32Array([7, -8, 9]));
      expect(i.dtype).toBe('int32');
      assertExact(i, [3], [7, -8, 9], 'Int32Array');
      assertExact(tensor([1, 2, 3, 4, 5, 6], [3, 2]), [3, 2], [1, 2, 3, 4, 5, 6], 'flat array reshaped');
      // Rows may be typed arrays (the types only admit nested number arrays).
      assertExact(tensor([new Float32Array([1, 2]), new Float32Array([3, 4])] as unknown as number[][]), [2, 2], [1, 2, 3, 4], 'array of typed arrays');
    });
  });

  it('numbers default to float32 (rounded); int32 keeps integers exactly', () => {
    tidy(() => {
      const f = tensor([0.1, 1e-46, 16777217]);
      expect(f.dtype).toBe('float32');
      expect(Array.from(f.dataSync())).toEqual([Math.fround(0.1), 0, 16777216]);
      const i = tensor([-(2 ** 31), -1, 3, 2 ** 31 - 1], undefined, 'int32');
      expect(i.dtype).toBe('int32');
      assertExact(i, [4], [-(2 ** 31), -1, 3, 2 ** 31 - 1], 'int32 range ends');
      expect(tensor(new Float32Array([1, -2]), undefined, 'int32').dataSync()).toEqual(new Int32Array([1, -2]));
    });
  });

  // Issue 10 item 6: coercion used to truncate 1.7 → 1, NaN → 0 and wrap 2**31 silently.
  it('int32 rejects non-integers, NaN and out-of-range values with the value received', () => {
    for (const bad of [1.7, NaN, 2 ** 31, -(2 ** 31) - 1, Infinity]) {
      expect(() => tensor([1, bad], undefined, 'int32')).toThrow(
        new RegExp(`tensor: int32 values must be integers from -2147483648 to 2147483647. Received: ${bad}`));
    }
    expect(() => tensor(new Float32Array([1.5]), undefined, 'int32')).toThrow(/Received: 1.5/);
    expect(() => tensor([[1, 2], [3, 0.5]], undefined, 'int32')).toThrow(/Received: 0.5/);
    expect(() => fill([2], 2.5, 'int32')).toThrow(/fill: int32 values must be integers.*Received: 2.5/);
    expect(() => tensor(2 ** 31, [], 'int32')).toThrow(/Received: 2147483648/);
  });

  it('keeps NaN, ±Infinity and −0', () => {
    tidy(() => {
      const d = tensor([NaN, Infinity, -Infinity, -0]).dataSync();
      expect(Number.isNaN(d[0])).toBe(true);
      expect([d[1], d[2]]).toEqual([Infinity, -Infinity]);
      expect(Object.is(d[3], -0)).toBe(true);
    });
  });

  it('does not alias the source array', () => {
    tidy(() => {
      const src = new Float32Array([1, 2, 3]);
      const t = tensor(src);
      src[0] = 99;
      expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    });
  });
});

describe('constant fills', () => {
  it('zeros, ones, fill, zerosLike and onesLike in both dtypes', () => {
    tidy(() => {
      assertExact(zeros([2, 3]), [2, 3], new Array(6).fill(0), 'zeros');
      assertExact(ones([4]), [4], [1, 1, 1, 1], 'ones');
      assertExact(fill([2, 2], -2.5), [2, 2], [-2.5, -2.5, -2.5, -2.5], 'fill');
      const i = fill([3], 7, 'int32');
      expect(i.dtype).toBe('int32');
      assertExact(i, [3], [7, 7, 7], 'fill int32');
      const z = zerosLike(i);
      expect([z.dtype, z.shape]).toEqual(['int32', [3]]);
      assertExact(onesLike(tensor([[1, 2]])), [1, 2], [1, 1], 'onesLike');
      assertExact(zeros([]), [], [0], 'scalar zeros');
      expect(zeros([0, 5]).size).toBe(0);
    });
  });

  it('eye: square and rectangular identity matrices', () => {
    tidy(() => {
      assertExact(eye(3), [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1], 'eye(3)');
      assertExact(eye(2, 3), [2, 3], [1, 0, 0, 0, 1, 0], 'eye(2, 3)');
      assertExact(eye(3, 2, 'int32'), [3, 2], [1, 0, 0, 1, 0, 0], 'eye(3, 2) int32');
    });
  });

  it('range follows numpy arange (stop exclusive, negative and fractional steps)', () => {
    tidy(() => {
      assertExact(range(5), [5], [0, 1, 2, 3, 4], 'range(5)');
      assertExact(range(2, 8, 2), [3], [2, 4, 6], 'range(2, 8, 2)');
      assertExact(range(0, 1, 0.25), [4], [0, 0.25, 0.5, 0.75], 'fractional');
      assertExact(range(3, 0, -1), [3], [3, 2, 1], 'negative step');
      assertExact(range(3, 3), [0], [], 'empty');
      assertExact(range(5, 0), [0], [], 'stop below start');
      expect(range(0, 3, 1, 'int32').dtype).toBe('int32');
    });
  });

  it('linspace includes both ends', () => {
    tidy(() => {
      assertExact(linspace(0, 1, 5), [5], [0, 0.25, 0.5, 0.75, 1], 'linspace(0, 1, 5)');
      assertExact(linspace(-1, 1, 3), [3], [-1, 0, 1], 'linspace(-1, 1, 3)');
      assertExact(linspace(2, 5, 1), [1], [2], 'one point');
      assertExact(linspace(2, 5, 0), [0], [], 'no points');
      expect(() => linspace(0, 1, 2.5)).toThrow(/linspace: num must be a non-negative integer\. Received: num=2\.5/);
    });
  });
});
