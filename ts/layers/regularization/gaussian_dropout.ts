// GaussianDropout: multiplies by N(1, rate/(1 − rate)) noise during training (the
// multiplicative noise with Dropout's mean and variance); identity at inference
// (Keras `layers.GaussianDropout`).

import { mul } from '../../ops/binary.js';
import { randomNormal } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NoiseLayer, type NoiseLayerArgs } from './noise_layer.js';
import { checkUnitInterval } from './seed_stream.js';

export interface GaussianDropoutArgs extends NoiseLayerArgs {
  rate: number;
}

export class GaussianDropout extends NoiseLayer {
  static readonly configKeys: readonly string[] = ['rate', 'seed'];

  readonly rate: number;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    this.rate = checkUnitInterval('rate', args?.rate);
  }

  protected get active(): boolean {
    return this.rate !== 0;
  }

  protected addNoise(x: Tensor, seed: number | undefined): Tensor {
    return mul(x, randomNormal(x.shape, 1, Math.sqrt(this.rate / (1 - this.rate)), seed));
  }
}
