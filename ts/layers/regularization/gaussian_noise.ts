// GaussianNoise: adds N(0, stddev²) noise during training; identity at inference
// (Keras `layers.GaussianNoise`, a regularizer against overfitting on small data).

import { add } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NoiseLayer, type NoiseLayerArgs } from './noise_layer.js';
import { checkUnitInterval } from './seed_stream.js';

/** Options of {@link GaussianNoise} (Keras `layers.GaussianNoise`). */
export interface GaussianNoiseArgs extends NoiseLayerArgs {
  /** Standard deviation of the noise, in [0, 1] (else a ValueError). */
  stddev: number;
}

/**
 * Adds zero-mean Gaussian noise of standard deviation `stddev` during training; identity at inference (Keras `layers.GaussianNoise`). A regularizer against overfitting, and a form of data augmentation for real-valued inputs.
 * @example layers.gaussianNoise({ stddev: 0.1, seed: 1 })
 */
export class GaussianNoise extends NoiseLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['stddev', 'seed'];

  /** Standard deviation of the noise. */
  readonly stddev: number;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    this.stddev = checkUnitInterval('stddev', args?.stddev);
  }

  protected get active(): boolean {
    return this.stddev !== 0;
  }

  protected addNoise(x: Tensor): Tensor {
    return add(x, this.draw('normal', x.shape, 0, this.stddev));
  }
}
