// SpatialDropout2D: drops whole feature maps (Keras `layers.SpatialDropout2D`, a Dropout
// whose keep/drop decision is shared across height and width), with inverted scaling;
// identity at inference.

import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs, LayerArgs } from '../layer.js';
import { Dropout } from './dropout.js';
import { dataFormatOf, type DataFormat, type DataFormatOption } from '../data_format.js';

/**
 * Dropout of whole feature maps (Keras `layers.SpatialDropout2D`): one keep/drop decision per sample and channel, shared over height and width, with `1 / (1 - rate)` scaling; identity at inference.
 *
 * Input: 4-D, `(batch, rows, cols, channels)` (or channels first). Options: `rate`, `seed`, `dataFormat`.
 * @example layers.spatialDropout2d({ rate: 0.2 })
 */
export class SpatialDropout2D extends Dropout {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static override readonly configKeys = ['rate', 'seed', 'data_format'];

  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { rate: number; seed?: number | null; dataFormat?: DataFormatOption }) {
    super(args);
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }

  override call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return reshape(x, x.shape);
    // One decision per (sample, channel), broadcast over height and width.
    const [n, a, , c] = x.shape as [number, number, number, number];
    return this.masked(x, this.dataFormat === 'channels_last' ? [n, 1, 1, c] : [n, a, 1, 1]);
  }

  // Keras's SpatialDropout get_config has no `trainable` and writes dtype as a plain string.
  override getConfig(): Record<string, unknown> {
    return { rate: this.rate, seed: this.seed, name: this.name, dtype: this.dtype, data_format: this.dataFormat };
  }
}
