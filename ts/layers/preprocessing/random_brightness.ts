// RandomBrightness (Keras `layers.RandomBrightness`): in training, adds to each image a
// delta drawn from [lower, upper] × (valueRange[1] − valueRange[0]), then clips to
// `valueRange`; identity in inference.

import { add } from '../../ops/binary.js';
import { clipByValue } from '../../ops/unary.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { layerArgs } from '../config.js';
import { RandomImageLayer, baseFactor, scaled, valueRangeOption, type RandomImageArgs } from './random_image.js';

/** Options of {@link RandomBrightness} (Keras `layers.RandomBrightness` arguments, camelCase). */
export interface RandomBrightnessArgs extends RandomImageArgs {
  /** In [−1, 1]: a number f means [−|f|, |f|]; a pair [lower, upper]. */
  factor: number | [number, number];
  /** Default [0, 255] (sorted). */
  valueRange?: [number, number];
}

/**
 * Randomly changes the brightness of training images, Keras `layers.RandomBrightness`: adds to each image a delta drawn from
 * `factor` × (valueRange[1] − valueRange[0]), then clips to `valueRange`; identity in inference.
 * A factor outside [−1, 1] throws a `ValueError` (`Received: factor=…`).
 */
export class RandomBrightness extends RandomImageLayer<number[]> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'factor', 'value_range', 'seed'];

  /** The delta range [lower, upper] as fractions of the value range. */
  readonly factor: [number, number];
  /** The images' value range [min, max] (default [0, 255]); outputs are clipped to it. */
  readonly valueRange: [number, number];

  constructor(args: RandomBrightnessArgs) {
    super(layerArgs(new.target, args));
    this.factor = baseFactor(this.name, args?.factor, [-1, 1]);
    const [a, b] = valueRangeOption(this.name, args.valueRange ?? [0, 255]);
    this.valueRange = a <= b ? [a, b] : [b, a];
  }

  /** The additive delta of each image. */
  randomParams(n: number): number[] {
    const u = this.uniforms(n);
    const [lo, hi] = this.factor;
    const span = this.valueRange[1] - this.valueRange[0];
    return Array.from({ length: n }, (_, b) => Math.fround((lo === hi ? lo : scaled(u[b]!, lo, hi)) * span));
  }

  transformImages(x: Tensor, deltas: number[]): Tensor {
    const n = x.shape[0]!;
    return tidy(() => clipByValue(add(x, fromData(this.name, Float32Array.from(deltas), [n, 1, 1, 1], 'float32')), this.valueRange[0], this.valueRange[1]));
  }
}
