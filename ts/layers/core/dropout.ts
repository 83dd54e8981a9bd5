// Dropout: zeroes a fraction `rate` of inputs during training, scaling the rest by
// 1/(1 − rate); identity at inference (Keras `layers.Dropout`).

import { ValueError, fmt } from '../../errors.js';
import { dropout } from '../../ops/dropout.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';

export class Dropout extends Layer {
  readonly rate: number;
  readonly seed: number | undefined;

  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super(args);
    if (!(args?.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${fmt(args?.rate)}`);
    }
    this.rate = args.rate;
    this.seed = args.seed;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return reshape(x, x.shape);
    return dropout(x, this.rate);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
