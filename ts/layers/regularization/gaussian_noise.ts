// GaussianNoise: adds N(0, stddev²) noise during training; identity at inference
// (Keras `layers.GaussianNoise`, a regularizer against overfitting on small data).

import { add } from '../../ops/binary.js';
import { randomNormal } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NoiseLayer, type NoiseLayerArgs } from './noise_layer.js';
import { checkUnitInterval } from './seed_stream.js';

export interface GaussianNoiseArgs extends NoiseLayerArgs {
  stddev: number;
}

export class GaussianNoise extends NoiseLayer {
  static readonly configKeys: readonly string[] = ['stddev', 'seed'];

  readonly stddev: number;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    this.stddev = checkUnitInterval('stddev', args?.stddev);
  }

  protected get active(): boolean {
    return this.stddev !== 0;
  }

  protected addNoise(x: Tensor, seed: number | undefined): Tensor {
    return add(x, randomNormal(x.shape, 0, this.stddev, seed));
  }
}
