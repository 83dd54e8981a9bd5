// toString/print (ts/tensor/format.ts): numpy-like nesting, float and int formatting, the
// verbose header, abbreviation of large tensors, and disposed tensors.

import { describe, expect, it, vi } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import { reshape } from '../../ts/ops/reshape.js';
import { range, scalar, tensor, zeros } from '../../ts/tensor/creation.js';

describe('toString', () => {
  it('renders small tensors in full, numpy style', () => {
    tidy(() => {
      expect(tensor([[1, 2], [3, 4]]).toString()).toBe('Tensor\n[[1., 2.],\n [3., 4.]]');
      expect(reshape(range(0, 8), [2, 2, 2]).toString()).toBe('Tensor\n[[[0., 1.],\n  [2., 3.]],\n [[4., 5.],\n  [6., 7.]]]');
      expect(scalar(3.5).toString()).toBe('Tensor\n3.5');
      expect(tensor([1, -2], undefined, 'int32').toString()).toBe('Tensor\n[1, -2]');
      expect(zeros([0]).toString()).toBe('Tensor\n[]');
    });
  });

  it('shows 4 significant digits without trailing zeros, and NaN/Infinity', () => {
    tidy(() => {
      expect(tensor([0.1, 1 / 3, -2.5, 12345.678, 2.0000001]).toString()).toBe('Tensor\n[0.1, 0.3333, -2.5, 1.235e+4, 2.]');
      expect(tensor([NaN, Infinity, -Infinity]).toString()).toBe('Tensor\n[NaN, Infinity, -Infinity]');
    });
  });

  it('the verbose form adds shape and dtype', () => {
    tidy(() => {
      expect(tensor([[1, 2]]).toString(true)).toBe('Tensor(shape=[1, 2], dtype=float32)\n[[1., 2.]]');
      expect(scalar(7, 'int32').toString(true)).toBe('Tensor(shape=[], dtype=int32)\n7');
    });
  });

  it('abbreviates tensors over 1000 elements to 3 items at each end of long axes', () => {
    tidy(() => {
      expect(range(0, 2000).toString()).toBe('Tensor\n[0., 1., 2., ..., 1997., 1998., 1999.]');
      const row = '[0., 0., 0., ..., 0., 0., 0.]';
      expect(zeros([40, 40]).toString()).toBe(`Tensor\n[${[row, row, row, '...', row, row, row].join(',\n ')}]`);
      // Exactly 1000 elements are still shown in full.
      expect(range(0, 1000).toString().split(', ').length).toBe(1000);
      // Short axes of a large tensor stay whole.
      expect(zeros([2, 600]).toString().split('\n').length).toBe(3);
    });
  });

  it('a disposed tensor prints its header only', () => {
    const t = tensor([1, 2]);
    t.dispose();
    expect(t.toString()).toBe('Tensor(shape=[2], dtype=float32) <disposed>');
  });

  it('print writes toString to console.log', () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      tidy(() => {
        tensor([1, 2]).print();
        tensor([1, 2]).print(true);
      });
      expect(spy.mock.calls).toEqual([['Tensor\n[1., 2.]'], ['Tensor(shape=[2], dtype=float32)\n[1., 2.]']]);
    } finally {
      spy.mockRestore();
    }
  });
});
