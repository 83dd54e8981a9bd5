// SpatialDropout2D: drops whole feature maps (Keras `layers.SpatialDropout2D`), with
// inverted scaling; identity at inference.

import { ValueError, fmt } from '../../errors.js';
import { randomBernoulli } from '../../tensor/random.js';
import { mul } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import { reshape } from '../../ops/reshape.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';

export class SpatialDropout2D extends Layer {
  readonly rate: number;
  readonly seed: number | undefined;

  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super(args);
    if (!(args?.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${fmt(args?.rate)}`);
    }
    this.rate = args.rate;
    this.seed = args.seed;
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return reshape(x, x.shape);
    // One keep/drop decision per (sample, channel), broadcast over height and width.
    return tidy(() => {
      const keep = randomBernoulli([x.shape[0]!, 1, 1, x.shape[3]!], 1 - this.rate, this.seed);
      return mul(x, mulScalar(keep, 1 / (1 - this.rate)));
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
