// GaussianDropout: multiplies by N(1, rate/(1 − rate)) noise during training (the
// multiplicative noise with Dropout's mean and variance); identity at inference
// (Keras `layers.GaussianDropout`).

import { mul } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NoiseLayer, type NoiseLayerArgs } from './noise_layer.js';
import { checkUnitInterval } from './seed_stream.js';

/** Options of {@link GaussianDropout} (Keras `layers.GaussianDropout`). */
export interface GaussianDropoutArgs extends NoiseLayerArgs {
  /** Drop probability of the equivalent Dropout, in [0, 1] (else a ValueError); the noise has standard deviation `sqrt(rate / (1 - rate))`. */
  rate: number;
}

/**
 * Multiplies its input by Gaussian noise of mean 1 and standard deviation `sqrt(rate / (1 - rate))` during training (Dropout's mean and variance without zeros); identity at inference (Keras `layers.GaussianDropout`).
 * @example layers.gaussianDropout({ rate: 0.2 })
 */
export class GaussianDropout extends NoiseLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['rate', 'seed'];

  /** Drop probability of the equivalent Dropout. */
  readonly rate: number;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    this.rate = checkUnitInterval('rate', args?.rate);
  }

  protected get active(): boolean {
    return this.rate !== 0;
  }

  protected addNoise(x: Tensor): Tensor {
    return mul(x, this.draw('normal', x.shape, 1, Math.sqrt(this.rate / (1 - this.rate))));
  }
}
