// Reading tensors back: data()/dataSync() give copies as typed arrays, array()/arraySync()
// give nested arrays in the tensor's shape.

import { describe, expect, it } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import { reshape } from '../../ts/ops/reshape.js';
import { range, scalar, tensor, zeros } from '../../ts/tensor/creation.js';

describe('reading data', () => {
  it('dataSync returns a copy of the right typed array', () => {
    tidy(() => {
      const t = tensor([[1, 2], [3, 4]]);
      const d = t.dataSync();
      expect(d).toBeInstanceOf(Float32Array);
      expect(Array.from(d)).toEqual([1, 2, 3, 4]);
      d[0] = 100;
      expect(t.dataSync()[0]).toBe(1);
      const i = tensor([1, 2], undefined, 'int32').dataSync();
      expect(i).toBeInstanceOf(Int32Array);
      expect(Array.from(i)).toEqual([1, 2]);
    });
  });

  it('data() resolves to the same values', async () => {
    const t = tensor([5, 6, 7]);
    expect(Array.from(await t.data())).toEqual([5, 6, 7]);
    expect(await t.array()).toEqual([5, 6, 7]);
    t.dispose();
  });

  it('arraySync nests by shape; scalars give a number, empty axes give empty arrays', () => {
    tidy(() => {
      expect(reshape(range(0, 6), [2, 3]).arraySync()).toEqual([[0, 1, 2], [3, 4, 5]]);
      expect(reshape(range(0, 8), [2, 2, 2]).arraySync()).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
      expect(scalar(3).arraySync()).toBe(3);
      expect(tensor([[7]]).arraySync()).toEqual([[7]]);
      expect(zeros([2, 0]).arraySync()).toEqual([[], []]);
      expect(zeros([0, 2]).arraySync()).toEqual([]);
      expect(tensor([1, 2], undefined, 'int32').arraySync()).toEqual([1, 2]);
    });
  });

  it('a round trip through arraySync rebuilds the same tensor', () => {
    tidy(() => {
      const t = tensor([[[0.5, -1], [2, 3]], [[4, 5], [6, -7.25]]]);
      const u = tensor(t.arraySync() as number[][][]);
      expect(u.shape).toEqual(t.shape);
      expect(Array.from(u.dataSync())).toEqual(Array.from(t.dataSync()));
    });
  });
});
