// 'area' resizing (Keras `Resizing(interpolation='area')` on the TensorFlow backend,
// tf.image.resize's AREA / ResizeArea): each output pixel is the mean of the input region it
// covers, [o·s, (o+1)·s) with s = in/out along each axis, partial pixels weighted by their
// overlap. Keras's JAX backend has no 'area'. Separable, so it is two matrix products with
// per-axis weight matrices built here (gradients come with the matmuls).

import { matmul } from '../../ops/matmul.js';
import { reshape } from '../../ops/reshape.js';
import { transpose } from '../../ops/transpose.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';

/** [inp, out] weights: column o holds each input cell's share of output cell o. */
export function areaWeights(inp: number, out: number): Float32Array {
  const w = new Float32Array(inp * out);
  const s = Math.fround(inp / out);
  for (let o = 0; o < out; o++) {
    const a = Math.fround(o * s), b = Math.fround((o + 1) * s);
    for (let i = Math.floor(a); i < Math.ceil(b); i++) {
      const share = Math.min(b, i + 1) - Math.max(a, i);
      const row = Math.min(Math.max(i, 0), inp - 1);
      w[row * out + o] += share / s;
    }
  }
  return w;
}

/** Resizes [n, h, w, c] images to [n, th, tw, c] by area averaging. */
export function resizeArea(x: Tensor, th: number, tw: number): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return tidy(() => {
    const wx = fromData('Resizing', areaWeights(w, tw), [w, tw], 'float32');
    const wy = fromData('Resizing', areaWeights(h, th), [h, th], 'float32');
    // [n, h, w, c] → rows of w → [n, c, h, tw] → rows of h → [n, c, tw, th] → [n, th, tw, c].
    const rowsW = reshape(transpose(x, [0, 3, 1, 2]), [n * c * h, w]);
    const alongW = reshape(matmul(rowsW, wx), [n * c, h, tw]);
    const rowsH = reshape(transpose(alongW, [0, 2, 1]), [n * c * tw, h]);
    const alongH = reshape(matmul(rowsH, wy), [n, c, tw, th]);
    return transpose(alongH, [0, 3, 2, 1]);
  });
}
