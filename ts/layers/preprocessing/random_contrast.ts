// RandomContrast (Keras `layers.RandomContrast`): in training, scales each image's
// deviation from its per-channel mean by a factor drawn from [1 − lower, 1 + upper], then
// clips to `valueRange`; identity in inference. Elementwise ops on the whole batch.

import { add, mul, sub } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import { clipByValue } from '../../ops/unary.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { layerArgs } from '../config.js';
import { RandomImageLayer, baseFactor, scaled, valueRangeOption, type RandomImageArgs } from './random_image.js';

/** Options of {@link RandomContrast} (Keras `layers.RandomContrast` arguments, camelCase). */
export interface RandomContrastArgs extends RandomImageArgs {
  /** In [0, 1]: a number f means contrast factors in [1, 1 + f] (Keras 3's bounds); a pair [lower, upper] means [1 − lower, 1 + upper]. */
  factor: number | [number, number];
  /** Default [0, 255]. */
  valueRange?: [number, number];
}

/**
 * Randomly changes the contrast of training images, Keras `layers.RandomContrast`: scales each image's deviation from its
 * per-channel mean by a factor drawn from [1 − lower, 1 + upper], then clips to `valueRange`; identity in inference.
 * A factor outside [0, 1] throws a `ValueError` (`Received: factor=…`).
 */
export class RandomContrast extends RandomImageLayer<number[]> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'factor', 'value_range', 'seed'];

  /** `[lower, upper]`: contrast factors are drawn from [1 − lower, 1 + upper]. */
  readonly factor: [number, number];
  /** The images' value range [min, max] (default [0, 255]); outputs are clipped to it. */
  readonly valueRange: [number, number];

  constructor(args: RandomContrastArgs) {
    super(layerArgs(new.target, args));
    this.factor = baseFactor(this.name, args?.factor, [0, 1]);
    this.valueRange = valueRangeOption(this.name, args.valueRange ?? [0, 255]);
  }

  randomParams(n: number): number[] {
    const u = this.uniforms(n);
    const [lo, hi] = [1 - this.factor[0], 1 + this.factor[1]];
    return Array.from({ length: n }, (_, b) => (lo === hi ? lo : scaled(u[b]!, lo, hi)));
  }

  transformImages(x: Tensor, factors: number[]): Tensor {
    const n = x.shape[0]!;
    return tidy(() => {
      const m = mean(x, [1, 2], true);
      const k = fromData(this.name, Float32Array.from(factors), [n, 1, 1, 1], 'float32');
      const y = add(mul(sub(x, m), k), m);
      return clipByValue(y, this.valueRange[0], this.valueRange[1]);
    });
  }
}
