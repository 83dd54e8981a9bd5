// Flatten: (batch, …) → (batch, prod(…)) (Keras `layers.Flatten`). With channels_first
// the input is moved to channels-last first, so the flattened order (and the next Dense's
// weights) match a channels_last model, as in Keras.

import { flatten } from '../../ops/reshape.js';
import { transpose } from '../../ops/transpose.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { dataFormatOf, perm2Last, type DataFormat, type DataFormatOption } from '../data_format.js';

/**
 * Flattens every axis but the batch axis: `(batch, …)` → `(batch, product of …)` (Keras `layers.Flatten`).
 *
 * With `dataFormat: 'channels_first'` the input is moved to channels-last first, so the order of the flattened features matches a channels_last model, as in Keras.
 */
export class Flatten extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['data_format'];

  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { dataFormat?: DataFormatOption } = {}) {
    super(layerArgs(new.target, args));
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (this.dataFormat === 'channels_last' || x.rank <= 2) return flatten(x);
    return tidy(() => flatten(transpose(x, perm2Last(x.rank))));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const rest = s.slice(1);
    return [s[0] ?? null, rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * (d as number), 1)];
  }
}
