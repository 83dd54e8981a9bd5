// MixUp (Keras `layers.MixUp`): in training, blends each image with another image of the
// batch (a random permutation) by a weight w ~ Beta(alpha, alpha): w·x + (1 − w)·x[perm];
// identity in inference. Called on a tensor it mixes images only, as Keras's layer on a
// plain tensor; `mixBatch({ images, labels })` mixes the labels with the same draw (Keras's
// dict input), for data pipelines.

import { add, mul } from '../../ops/binary.js';
import { gather } from '../../ops/gather.js';
import { reshape } from '../../ops/reshape.js';
import { cast } from '../../ops/cast.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { ValueError, fmt } from '../../errors.js';
import { layerArgs } from '../config.js';
import { RandomImageLayer, type RandomImageArgs } from './random_image.js';
import { onImages } from './image_ops.js';

export interface MixUpArgs extends RandomImageArgs {
  /** Beta distribution parameter (Keras default 0.2). */
  alpha?: number;
}

export interface MixUpParams {
  /** Weight of each image itself. */
  weights: number[];
  /** The image each one is mixed with. */
  order: number[];
}

/** Gamma(a, 1) from uniforms (Marsaglia–Tsang; a < 1 boosted by u^(1/a)). */
function gamma(a: number, next: () => number): number {
  if (a < 1) return gamma(a + 1, next) * Math.pow(Math.max(next(), 1e-12), 1 / a);
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    // Box–Muller normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next());
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = Math.max(next(), 1e-12);
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

export class MixUp extends RandomImageLayer<MixUpParams> {
  static readonly configKeys: readonly string[] = ['data_format', 'alpha', 'seed'];

  readonly alpha: number;

  constructor(args: MixUpArgs = {}) {
    super(layerArgs(new.target, args));
    const a = args?.alpha ?? 0.2;
    if (!(typeof a === 'number' && a > 0 && Number.isFinite(a))) throw new ValueError(`Layer '${this.name}': alpha must be a positive number. Received: alpha=${fmt(a)}`);
    this.alpha = a;
  }

  randomParams(n: number): MixUpParams {
    // A generous pool of uniforms: the permutation, then the gamma draws (rejection sampling
    // rarely needs more than 3 per value); refilled from the stream if exhausted.
    let pool = this.uniforms(16 * n + 16), k = 0;
    const next = () => {
      if (k >= pool.length) {
        pool = this.uniforms(pool.length);
        k = 0;
      }
      return pool[k++]!;
    };
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.min(Math.floor(next() * (i + 1)), i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const weights = Array.from({ length: n }, () => {
      const g1 = gamma(this.alpha, next), g2 = gamma(this.alpha, next);
      return g1 + g2 > 0 ? g1 / (g1 + g2) : 0.5;
    });
    return { weights, order };
  }

  transformImages(x: Tensor, p: MixUpParams): Tensor {
    return mixRows(this.name, x, p);
  }

  /**
   * Mixes a batch and its labels with one draw (Keras's `{ images, labels }` input), in
   * training only (`training` defaults to true here: this is for data pipelines).
   */
  mixBatch(batch: { images: Tensor; labels: Tensor }, opts: { training?: boolean } = {}): { images: Tensor; labels: Tensor } {
    const { images, labels } = batch;
    if (opts.training === false) return { images: this.inference(images), labels };
    const n = images.rank === 4 ? images.shape[0]! : 1;
    if (labels.shape[0] !== n) throw new ValueError(`Layer '${this.name}': labels must have one row per image. Received: images.shape=${fmt(images.shape)}, labels.shape=${fmt(labels.shape)}`);
    const p = this.randomParams(n);
    return tidy(() => ({
      images: onImages(this.name, this.dataFormat, images, (x) => mixRows(this.name, x, p)),
      labels: mixRows(this.name, labels.dtype === 'float32' ? labels : cast(labels, 'float32'), p),
    }));
  }
}

/** w·x + (1 − w)·x[order] along axis 0. */
function mixRows(name: string, x: Tensor, p: MixUpParams): Tensor {
  const n = x.shape[0]!;
  return tidy(() => {
    const bshape = [n, ...x.shape.slice(1).map(() => 1)];
    const w = fromData(name, Float32Array.from(p.weights), [n], 'float32');
    const v = fromData(name, Float32Array.from(p.weights, (q) => 1 - q), [n], 'float32');
    const other = gather(x, fromData(name, Int32Array.from(p.order), [n], 'int32'), 0);
    return add(mul(x, reshape(w, bshape)), mul(other, reshape(v, bshape)));
  });
}
