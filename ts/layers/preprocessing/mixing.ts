// What MixUp, CutMix and RandomErasing share: Beta(α, α) draws and batch permutations from a
// layer's uniform stream, the w·x + (1 − w)·x[order] row mix (labels, MixUp's images), and the
// per-image box mask (Keras's `_generate_batch_mask`: x0 ≤ x < x1 and y0 ≤ y < y1, in float).

import { add, mul } from '../../ops/binary.js';
import { gather } from '../../ops/gather.js';
import { reshape } from '../../ops/reshape.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';

/** [x0, x1, y0, y1] in pixels (floats, as Keras draws them). */
export type Box = [number, number, number, number];

/**
 * A `next()` over the layer's uniforms, drawn `size` at a time (one stream call for the usual
 * case; refilled from the stream if a rejection sampler needs more).
 */
export function uniformPool(draw: (count: number) => Float32Array, size: number): () => number {
  let pool = draw(size), k = 0;
  return () => {
    if (k >= pool.length) {
      pool = draw(pool.length);
      k = 0;
    }
    return pool[k++]!;
  };
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
export function permutation(n: number, next: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(Math.floor(next() * (i + 1)), i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * log of a Gamma(a, 1) draw (Marsaglia–Tsang; a < 1 boosted by u^(1/a)). In logs because
 * CutMix's factor 0 means a ≈ 1e-6, where u^(1/a) underflows to 0 for both draws of a Beta.
 */
function logGamma(a: number, next: () => number): number {
  if (a < 1) return logGamma(a + 1, next) + Math.log(Math.max(next(), 1e-12)) / a;
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    // Box–Muller normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next());
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = Math.max(next(), 1e-12);
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return Math.log(d * v);
  }
}

/** A Beta(a, a) draw: g1 / (g1 + g2) for two Gamma(a) draws. */
export function betaSample(a: number, next: () => number): number {
  const l1 = logGamma(a, next), l2 = logGamma(a, next);
  return Math.fround(1 / (1 + Math.exp(l2 - l1)));
}

/** w·x + (1 − w)·x[order] along axis 0, one weight per row. */
export function mixRows(name: string, x: Tensor, weights: readonly number[], order: readonly number[]): Tensor {
  const n = x.shape[0]!;
  return tidy(() => {
    const bshape = [n, ...x.shape.slice(1).map(() => 1)];
    const w = fromData(name, Float32Array.from(weights), [n], 'float32');
    const v = fromData(name, Float32Array.from(weights, (q) => 1 - q), [n], 'float32');
    const other = gather(x, fromData(name, Int32Array.from(order), [n], 'int32'), 0);
    return add(mul(x, reshape(w, bshape)), mul(other, reshape(v, bshape)));
  });
}

/** 1 inside image b's box (where `apply[b]`, default all), 0 elsewhere: [n, h, w, c] channels-last. */
export function boxMask(name: string, shape: readonly number[], boxes: readonly Box[], apply?: readonly boolean[]): Tensor {
  const [n, h, w, c] = shape as [number, number, number, number];
  const mask = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++) {
    if (apply && !apply[b]) continue;
    const [x0, x1, y0, y1] = boxes[b]!;
    for (let y = 0; y < h; y++) {
      if (!(y >= y0 && y < y1)) continue;
      for (let xx = 0; xx < w; xx++) {
        if (xx >= x0 && xx < x1) mask.fill(1, ((b * h + y) * w + xx) * c, ((b * h + y) * w + xx + 1) * c);
      }
    }
  }
  return fromData(name, mask, [n, h, w, c], 'float32');
}
