// The fused last-axis layer normalization (ts/ops/layer_norm.ts, kx_layer_norm_*): forward
// against float64, gradcheck of x, gamma and beta (with and without the parameters, ragged
// row lengths), agreement with the composite form on other axes, and its errors.

import { describe, expect, it } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import { layerNormLastAxis } from '../../ts/ops/layer_norm.js';
import { LayerNormalization } from '../../ts/layers/normalization/layer_normalization.js';
import { tensor } from '../../ts/tensor/creation.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd, type NDArray } from '../helpers/reference.js';

const EPS = 1e-3;

function lnRef(x: NDArray, g?: NDArray, b?: NDArray): NDArray {
  const c = x.shape[x.shape.length - 1]!;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / c; r++) {
    const row = x.data.subarray(r * c, (r + 1) * c);
    const m = row.reduce((a, v) => a + v, 0) / c;
    const v = row.reduce((a, u) => a + (u - m) ** 2, 0) / c;
    for (let j = 0; j < c; j++) out[r * c + j] = ((row[j]! - m) / Math.sqrt(v + EPS)) * (g ? g.data[j]! : 1) + (b ? b.data[j]! : 0);
  }
  return nd(x.shape, out);
}

describe('layerNormLastAxis', () => {
  for (const shape of [[3, 5], [2, 3, 4], [4, 9], [1, 1, 6]]) {
    const c = shape[shape.length - 1]!;
    it(`gradcheck x, gamma, beta ${JSON.stringify(shape)}`, () => {
      gradcheck({
        name: `layerNorm ${JSON.stringify(shape)}`,
        op: (x, g, b) => layerNormLastAxis(x, g!, b!, EPS),
        ref: (x, g, b) => lnRef(x, g, b),
        inputs: [rand(shape, { seed: c }), rand([c], { seed: c + 1, lo: 0.5, hi: 1.5 }), rand([c], { seed: c + 2 })],
      });
    });
    it(`gradcheck x without parameters ${JSON.stringify(shape)}`, () => {
      gradcheck({ name: `layerNorm bare ${JSON.stringify(shape)}`, op: (x) => layerNormLastAxis(x, null, null, EPS), ref: (x) => lnRef(x), inputs: [rand(shape, { seed: 5 + c })] });
    });
  }

  it('the layer takes the fused path on the last axis and matches the composite one on [-2, -1] with one step', () => {
    tidy(() => {
      const x = tensorOf(rand([2, 1, 7], { seed: 9 }));
      const a = new LayerNormalization({ axis: -1 });
      const b = new LayerNormalization({ axis: [1, 2] });
      const ya = a.apply(x) as ReturnType<typeof tensor>;
      const yb = b.apply(x) as ReturnType<typeof tensor>;
      const da = ya.dataSync(), db = yb.dataSync();
      for (let i = 0; i < da.length; i++) expect(Math.abs(da[i]! - db[i]!)).toBeLessThan(1e-5);
    });
  });

  it('rejects a gamma of the wrong size with the op name', () => {
    tidy(() => {
      expect(() => layerNormLastAxis(tensor(new Float32Array(6), [2, 3]), tensor(new Float32Array(2), [2]), null, EPS))
        .toThrow(/layerNormalization: gamma must be float32 with 3 elements.*Received: gamma.shape=\[2\]/);
    });
  });
});
