// SpatialDropout2D: drops whole feature maps (Keras `layers.SpatialDropout2D`, a Dropout
// whose keep/drop decision is shared across height and width), with inverted scaling;
// identity at inference.

import { randomBernoulli } from '../../tensor/random.js';
import { mul } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import { reshape } from '../../ops/reshape.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs, LayerArgs } from '../layer.js';
import { Dropout } from './dropout.js';

export class SpatialDropout2D extends Dropout {
  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super(args);
    this.inputSpec = { ndim: 4 };
  }

  override call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return reshape(x, x.shape);
    // One decision per (sample, channel), broadcast over height and width.
    return tidy(() => {
      const keep = randomBernoulli([x.shape[0]!, 1, 1, x.shape[3]!], 1 - this.rate, this.seed);
      return mul(x, mulScalar(keep, 1 / (1 - this.rate)));
    });
  }
}
