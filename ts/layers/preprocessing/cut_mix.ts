// CutMix (Keras `layers.CutMix`): in training, pastes into each image a box cut from another
// image of the batch (a random permutation). Per call α ~ U(factor) + 1e-6; per image
// w ~ Beta(α, α), the box has sides √(1 − w)·(height, width) at a uniform position, and the
// labels mix as (1 − box area / image area)·y + (box area / image area)·y[perm]. Identity in
// inference and on a single (rank-3) image, as Keras. Called on a tensor it pastes images
// only (Keras's layer on a plain tensor); `mixBatch({ images, labels })` mixes the labels
// with the same draw (Keras's dict input), for data pipelines.

import { cast } from '../../ops/cast.js';
import { gather } from '../../ops/gather.js';
import { where } from '../../ops/where.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { ValueError, fmt } from '../../errors.js';
import { layerArgs } from '../config.js';
import type { CallArgs } from '../layer.js';
import { RandomImageLayer, baseFactor, scaled, type RandomImageArgs } from './random_image.js';
import { onImages } from './image_ops.js';
import { betaSample, boxMask, mixRows, permutation, uniformPool, type Box } from './mixing.js';

const f = Math.fround;

/** Options of {@link CutMix} (Keras `layers.CutMix` arguments, camelCase). */
export interface CutMixArgs extends RandomImageArgs {
  /** Range of the Beta parameter α in [0, 1] (Keras default 1: α ~ U(0, 1)). */
  factor?: number | [number, number];
}

/** The random draw of one CutMix call. */
export interface CutMixParams {
  /** The image each one takes its box from. */
  order: number[];
  /** Per image: the pasted box [x0, x1, y0, y1]; pixels with x0 ≤ x < x1 and y0 ≤ y < y1. */
  boxes: Box[];
}

/** Keras `layers.CutMix`: pastes a random box of another image of the batch into each training image. */
export class CutMix extends RandomImageLayer<CutMixParams> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'factor', 'seed'];

  /** The range α is drawn from, [lower, upper] in [0, 1]. */
  readonly factor: [number, number];

  constructor(args: CutMixArgs = {}) {
    super(layerArgs(new.target, args));
    this.factor = baseFactor(this.name, args?.factor ?? 1, [0, 1]);
  }

  /** Pastes the boxes in training on a batch; a single (rank-3) image or inference passes through as float32, as Keras. */
  override call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    // Keras draws no transformation for one unbatched image: it passes through (as float32).
    const x = inputs as Tensor;
    return x.rank === 3 ? this.inference(x) : super.call(inputs, args);
  }

  randomParams(n: number, h: number, w: number): CutMixParams {
    // α, then per image the Beta draw and the box's two positions, then the permutation.
    const next = uniformPool((k) => this.uniforms(k), 24 * n + 16);
    const alpha = f(scaled(next(), this.factor[0], this.factor[1]) + 1e-6);
    const bounds = (len: number, ratio: number): [number, number] => {
      const crop = f(ratio * len);
      const start = f(next() * f(len - crop));
      return [start, f(start + crop)];
    };
    const boxes: Box[] = [];
    for (let b = 0; b < n; b++) {
      const ratio = f(Math.sqrt(f(1 - betaSample(alpha, next))));
      const [x0, x1] = bounds(w, ratio);
      const [y0, y1] = bounds(h, ratio);
      boxes.push([x0, x1, y0, y1]);
    }
    return { order: permutation(n, next), boxes };
  }

  transformImages(x: Tensor, p: CutMixParams): Tensor {
    const n = x.shape[0]!;
    return tidy(() => where(boxMask(this.name, x.shape, p.boxes), gather(x, fromData(this.name, Int32Array.from(p.order), [n], 'int32'), 0), x));
  }

  /** Each image's own share of its label: 1 − box area / image area (Keras's mix_weight). */
  static labelWeights(p: CutMixParams, h: number, w: number): number[] {
    return p.boxes.map(([x0, x1, y0, y1]) => f(1 - f(f(f(x1 - x0) * f(y1 - y0)) / f(w * h))));
  }

  /**
   * Pastes boxes into a batch and mixes its labels with one draw (Keras's `{ images, labels }`
   * input), in training only (`training` defaults to true here: this is for data pipelines).
   */
  mixBatch(batch: { images: Tensor; labels: Tensor }, opts: { training?: boolean } = {}): { images: Tensor; labels: Tensor } {
    const { images, labels } = batch;
    if (opts.training === false || images.rank !== 4) return { images: this.call(images, { training: false }), labels };
    const n = images.shape[0]!;
    if (labels.shape[0] !== n) throw new ValueError(`Layer '${this.name}': labels must have one row per image. Received: images.shape=${fmt(images.shape)}, labels.shape=${fmt(labels.shape)}`);
    const [h, w] = this.dataFormat === 'channels_first' ? images.shape.slice(2, 4) : images.shape.slice(1, 3);
    const p = this.randomParams(n, h!, w!);
    return tidy(() => ({
      images: onImages(this.name, this.dataFormat, images, (x) => this.transformImages(x, p)),
      labels: mixRows(this.name, labels.dtype === 'float32' ? labels : cast(labels, 'float32'), CutMix.labelWeights(p, h!, w!), p.order),
    }));
  }
}
