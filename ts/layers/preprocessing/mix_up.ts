// MixUp (Keras `layers.MixUp`): in training, blends each image with another image of the
// batch (a random permutation) by a weight w ~ Beta(alpha, alpha): w·x + (1 − w)·x[perm];
// identity in inference. Called on a tensor it mixes images only, as Keras's layer on a
// plain tensor; `mixBatch({ images, labels })` mixes the labels with the same draw (Keras's
// dict input), for data pipelines.

import { cast } from '../../ops/cast.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { ValueError, fmt } from '../../errors.js';
import { layerArgs } from '../config.js';
import { RandomImageLayer, type RandomImageArgs } from './random_image.js';
import { onImages } from './image_ops.js';
import { betaSample, mixRows, permutation, uniformPool } from './mixing.js';

/** Options of {@link MixUp} (Keras `layers.MixUp` arguments, camelCase). */
export interface MixUpArgs extends RandomImageArgs {
  /** Beta distribution parameter (Keras default 0.2). */
  alpha?: number;
}

/** The random draw of one MixUp call. */
export interface MixUpParams {
  /** Weight of each image itself. */
  weights: number[];
  /** The image each one is mixed with. */
  order: number[];
}

/**
 * Blends each training image with another image of the batch, Keras `layers.MixUp` (Zhang et al. 2018):
 * `w·x + (1 − w)·x[perm]` with `w ~ Beta(alpha, alpha)`; identity in inference. Use {@link MixUp.mixBatch} to mix the labels too.
 * A non-positive alpha throws a `ValueError` (`Received: alpha=…`).
 */
export class MixUp extends RandomImageLayer<MixUpParams> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'alpha', 'seed'];

  /** Parameter of the Beta(alpha, alpha) distribution of the mixing weights (default 0.2). */
  readonly alpha: number;

  constructor(args: MixUpArgs = {}) {
    super(layerArgs(new.target, args));
    const a = args?.alpha ?? 0.2;
    if (!(typeof a === 'number' && a > 0 && Number.isFinite(a))) throw new ValueError(`Layer '${this.name}': alpha must be a positive number. Received: alpha=${fmt(a)}`);
    this.alpha = a;
  }

  randomParams(n: number): MixUpParams {
    // A generous pool of uniforms: the permutation, then the gamma draws (rejection sampling
    // rarely needs more than 3 per value).
    const next = uniformPool((k) => this.uniforms(k), 16 * n + 16);
    const order = permutation(n, next);
    const weights = Array.from({ length: n }, () => betaSample(this.alpha, next));
    return { weights, order };
  }

  transformImages(x: Tensor, p: MixUpParams): Tensor {
    return mixRows(this.name, x, p.weights, p.order);
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
      images: onImages(this.name, this.dataFormat, images, (x) => mixRows(this.name, x, p.weights, p.order)),
      labels: mixRows(this.name, labels.dtype === 'float32' ? labels : cast(labels, 'float32'), p.weights, p.order),
    }));
  }
}
